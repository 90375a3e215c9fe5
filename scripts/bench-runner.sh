#!/usr/bin/env bash
# Benchmarks of `lesson run`: warm overhead, cold compile per snippet (against swiftc by
# hand), timestamp fidelity and peak memory under a 100 MB flood. Prints numbers; asserts
# nothing. Usage: scripts/bench-runner.sh [LESSON]   (default 04)
set -euo pipefail
cd "$(dirname "$0")/.."
lesson_arg="${1:-04}"
swift build -c release --product lesson 2>&1 | tail -n 1
bin="$(swift build -c release --show-bin-path)/lesson"
state="$(mktemp -d)"
trap 'rm -rf "$state"' EXIT
export LESSON_STATE_DIR="$state" NO_COLOR=1

echo "== cold compile of lesson $lesson_arg (empty cache, --jobs $(nproc))"
"$bin" run "$lesson_arg" --json > "$state/cold.json" || true
python3 - "$state/cold.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
snips = [s for l in doc["lessons"] for s in l["snippets"] if s.get("compile")]
runs = sum(s["run"]["elapsed"] for l in doc["lessons"] for s in l["snippets"] if s.get("run"))
compile_wall = doc["seconds"] - runs
print(f"snippets compiled: {len(snips)}; swiftc time summed: {sum(s['compile']['seconds'] for s in snips):.2f}s")
print(f"wall time {doc['seconds']:.2f}s, of which snippets ran {runs:.2f}s")
print(f"cold compile, amortised: {compile_wall / max(1, len(snips)):.3f}s per snippet")
PY

echo "== by hand: swiftc then run, snippet by snippet"
python3 - "$lesson_arg" <<'PY'
import glob, os, re, subprocess, sys, tempfile, time
arg = sys.argv[1]
path = arg if arg.endswith(".md") else sorted(glob.glob(f"Lessons/{arg}-*.md"))[0]
text = open(path).read()
blocks = re.findall(r"^```swift([^\n]*)\n(.*?)^```\s*$", text, re.S | re.M)
preludes, total, count = [], 0.0, 0
with tempfile.TemporaryDirectory() as d:
    for info, code in blocks:
        words = info.split()
        if "prelude" in words: preludes.append(code); continue
        if "skip" in words or "compile-fail" in words: continue
        files = [os.path.join(d, "main.swift")]
        open(files[0], "w").write(code)
        for i, p in enumerate(preludes):
            files.append(os.path.join(d, f"p{i}.swift")); open(files[-1], "w").write(p)
        start = time.monotonic()
        subprocess.run(["swiftc", "-swift-version", "6", "-o", os.path.join(d, "main")] + files, check=True)
        total += time.monotonic() - start; count += 1
        if "compile" not in words: subprocess.run([os.path.join(d, "main")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(f"swiftc by hand: {count} snippets, {total:.2f}s compiling, {total / max(1, count):.3f}s per snippet")
PY

echo "== warm re-run overhead (5 runs)"
for i in 1 2 3 4 5; do
  "$bin" run "$lesson_arg" --json > "$state/warm.json" || true
  python3 - "$state/warm.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
runs = sum(s["run"]["elapsed"] for l in doc["lessons"] for s in l["snippets"] if s.get("run"))
cached = all(s["compile"]["cached"] for l in doc["lessons"] for s in l["snippets"] if s.get("compile"))
print(f"wall {doc['seconds']*1000:.1f} ms, snippets {runs*1000:.1f} ms, overhead {(doc['seconds']-runs)*1000:.1f} ms, all cached: {cached}")
PY
done

echo "== timestamp fidelity (50 lines, 100 ms apart)"
"$bin" run scripts/bench/fidelity.md --json > "$state/fid.json" || true
python3 - "$state/fid.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
lines = [l for l in doc["lessons"][0]["snippets"][0]["run"]["lines"] if l["text"].startswith("tick")]
# Line 0 pays for the first print's set-up after reading its own clock; measure from line 1.
lines = lines[1:]
t0, own0 = lines[0]["t"], float(lines[0]["text"].split()[2])
errs = sorted(abs((l["t"] - t0) - (float(l["text"].split()[2]) - own0)) * 1000 for l in lines)
p = lambda q: errs[min(len(errs) - 1, int(q * len(errs)))]
print(f"lines {len(errs)}: |runner - snippet| p50 {p(0.5):.3f} ms, p99 {p(0.99):.3f} ms, max {errs[-1]:.3f} ms")
PY

echo "== peak memory of lesson while a snippet floods 100 MB"
"$bin" run scripts/bench/flood.md > /dev/null 2>&1 || true   # compile first: swiftc's memory is not ours
/usr/bin/time -f "lesson max RSS %M KiB, wall %e s" "$bin" run scripts/bench/flood.md > /dev/null 2> "$state/time.txt" || true
tail -n 1 "$state/time.txt"

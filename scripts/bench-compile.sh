#!/usr/bin/env bash
# Cold compile per snippet: `lesson run` with an empty cache (one compile at a time, so
# every number is one snippet's own), against bare `swiftc` on the same files, with and
# without -wmo, in the same run. Prints numbers; asserts nothing.
# Usage: scripts/bench-compile.sh [LESSON] [BINARY]   (default 04, the release build)
set -euo pipefail
cd "$(dirname "$0")/.."
lesson_arg="${1:-04}"
if [ -n "${2:-}" ]; then
    bin="$2"
else
    swift build -c release --product lesson 2>&1 | tail -n 1
    bin="$(swift build -c release --show-bin-path)/lesson"
fi
state="$(mktemp -d)"
trap 'rm -rf "$state"' EXIT
export LESSON_STATE_DIR="$state" NO_COLOR=1
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
python3 - "$bin" "$lesson_arg" <<'PY'
import glob, json, os, re, resource, statistics, subprocess, sys, tempfile, time
def cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
arg = sys.argv[2]
before = cpu()
out = subprocess.run([sys.argv[1], "run", arg, "--jobs", "1", "--json"], capture_output=True, text=True).stdout
lesson_cpu = cpu() - before
doc = json.loads(out)
compiled = [s for l in doc["lessons"] for s in l["snippets"] if s.get("compile") and not s["compile"]["cached"]]
lesson_times = [s["compile"]["seconds"] for s in compiled]
path = arg if arg.endswith(".md") else sorted(glob.glob(f"Lessons/{arg}-*.md"))[0]
text = open(path).read()
blocks = re.findall(r"^```swift([^\n]*)\n(.*?)^```\s*$", text, re.S | re.M)
def bare(extra):
    preludes, times, cpus = [], [], []
    with tempfile.TemporaryDirectory() as d:
        for info, code in blocks:
            words = info.split()
            if "prelude" in words: preludes.append(code); continue
            if "skip" in words or "compile-fail" in words: continue
            files = [os.path.join(d, "main.swift")]
            open(files[0], "w").write(code)
            for i, p in enumerate(preludes):
                files.append(os.path.join(d, f"p{i}.swift")); open(files[-1], "w").write(p)
            start, started_cpu = time.monotonic(), cpu()
            subprocess.run(["swiftc", "-swift-version", "6"] + extra + ["-o", os.path.join(d, "main")] + files,
                           check=True, stderr=subprocess.DEVNULL)
            times.append(time.monotonic() - start)
            cpus.append(cpu() - started_cpu)
    return times, sum(cpus)
def show(name, times, cpu_total):
    print(f"{name:34} {len(times)} snippets, wall median {statistics.median(times):.3f}s "
          f"(min {min(times):.3f}s, max {max(times):.3f}s); CPU {cpu_total / len(times):.3f}s per snippet")
# The lesson's CPU includes its own and its snippets' (which mostly sleep).
show("lesson run (cold, --jobs 1)", lesson_times, lesson_cpu)
show("bare swiftc -swift-version 6", *bare([]))
show("bare swiftc -swift-version 6 -wmo", *bare(["-wmo"]))
PY

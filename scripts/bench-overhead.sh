#!/usr/bin/env bash
# Warm per-snippet overhead of `lesson run` on a 200-snippet lesson, with more and more
# idle processes on the machine (0, 500 and 2,000 extra `sleep`s): the runner's cost per
# snippet must follow its own processes, not the machine's. Prints numbers; asserts nothing.
# Usage: scripts/bench-overhead.sh [LESSON-BINARY]   (default: a fresh release build)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -ge 1 ]]; then
  bin="$1"
else
  swift build -c release --product lesson 2>&1 | tail -n 1
  bin="$(swift build -c release --show-bin-path)/lesson"
fi
state="$(mktemp -d)"
sleepers=()
cleanup() {
  if [[ ${#sleepers[@]} -gt 0 ]]; then kill "${sleepers[@]}" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  rm -rf "$state"
}
trap cleanup EXIT
export LESSON_STATE_DIR="$state/state" NO_COLOR=1

lesson="$state/overhead.md"
{
  echo "# Overhead"
  echo
  for i in $(seq 1 200); do
    printf '```swift id=s%03d\nprint("snippet")\n```\n\n' "$i"
  done
} > "$lesson"

# Compile once (the 200 snippets share one program); every measured run is warm.
"$bin" run "$lesson" --json > "$state/cold.json" || true

measure() {
  local processes
  processes=$(ls /proc | grep -c '^[0-9]')
  for run in 1 2 3; do
    "$bin" run "$lesson" --json > "$state/warm.json" || true
    python3 - "$state/warm.json" "$processes" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
snippets = [s for l in doc["lessons"] for s in l["snippets"] if s.get("run")]
runs = sum(s["run"]["elapsed"] for s in snippets)
cached = all(s["compile"]["cached"] for l in doc["lessons"] for s in l["snippets"] if s.get("compile"))
over = (doc["seconds"] - runs) / max(1, len(snippets)) * 1000
print(f"{sys.argv[2]:>5} processes: {len(snippets)} snippets, wall {doc['seconds']:.2f} s, "
      f"snippets ran {runs:.2f} s, overhead {over:.2f} ms per snippet, all cached: {cached}")
PY
  done
}

start_sleepers() {
  for _ in $(seq 1 "$1"); do
    sleep 3600 &
    sleepers+=($!)
  done
  sleep 1
}

echo "== warm overhead per snippet (wall time minus the snippets' own run time, over 200)"
measure
start_sleepers 500
measure
start_sleepers 1500
measure

#!/usr/bin/env bash
# What CI spends running the workshop's lessons: `lesson run --all` (cold cache, as on a clean
# clone), then `swift test --filter WorkshopLessonsTests` as it ran before CI's single run (it
# runs every lesson again) and as `.ci/run` runs it now (it checks the runs just recorded,
# LESSON_RECORDED_RUNS). Prints seconds and the load average; asserts nothing beyond each step
# passing. Usage: scripts/bench-ci-lessons.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests 2>&1 | tail -n 1
state="$(mktemp -d)"
trap 'rm -rf "$state"' EXIT

# Seconds `"$@"` took; stops the script when the step fails.
timed() {
    local start end
    start=$(date +%s.%N)
    "$@" >"$state/step.log" 2>&1 || { cat "$state/step.log"; exit 1; }
    end=$(date +%s.%N)
    python3 -c "print(f'{$end - $start:.1f}')"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "lesson run --all (cold):                        $(LESSON_STATE_DIR="$state" timed .build/debug/lesson run --all) s"
echo "WorkshopLessonsTests, running every lesson:     $(timed swift test --skip-build --filter WorkshopLessonsTests) s"
echo "WorkshopLessonsTests, reading the recorded runs: $(LESSON_RECORDED_RUNS="$state" timed swift test --skip-build --filter WorkshopLessonsTests) s"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

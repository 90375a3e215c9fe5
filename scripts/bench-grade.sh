#!/usr/bin/env bash
# Benchmarks of `lesson grade`: cold (empty build cache: judge, answer and parse), a new
# answer with the judge already built, warm (everything cached), and every solution graded
# REPEAT times in a row beside a busy core. Prints numbers; asserts nothing.
# Usage: scripts/bench-grade.sh [QUIZ] [REPEAT]   (defaults: 04 and 20)
set -euo pipefail
cd "$(dirname "$0")/.."
quiz="${1:-04}"
repeat="${2:-20}"
swift build -c release --product lesson 2>&1 | tail -n 1
bin="$(swift build -c release --show-bin-path)/lesson"
state="$(mktemp -d)"
busy=""
trap 'rm -rf "$state"; [ -n "$busy" ] && kill "$busy" 2>/dev/null || true' EXIT
export LESSON_STATE_DIR="$state" NO_COLOR=1
dir="$(ls -d Quizzes/"$quiz"-*)"
answer="$state/Answer.swift"
cp "$dir/Solution.swift" "$answer"

seconds() { # prints the wall time of one grade in seconds
    local start end
    start=$(date +%s.%N)
    "$bin" grade "$quiz" "$1" > /dev/null || true
    end=$(date +%s.%N)
    python3 -c "print(f'{$end - $start:.2f}')"
}

echo "== quiz $quiz, cold (empty build cache: judge, answer and parse compiled)"
echo "cold: $(seconds "$answer") s"
echo "== a new answer, judge already built"
for run in 1 2 3; do
    printf '\n// edit %s\n' "$run" >> "$answer"
    echo "new answer $run: $(seconds "$answer") s"
done
echo "== warm (the same answer again; everything cached)"
times=()
for run in 1 2 3 4 5; do times+=("$(seconds "$answer")"); done
echo "warm: ${times[*]} s"

echo "== every solution $repeat times in a row, beside a busy core"
yes > /dev/null &
busy=$!
for solution in Quizzes/*/Solution.swift; do
    number="$(basename "$(dirname "$solution")" | cut -c1-2)"
    "$bin" grade "$number" "$solution" > /dev/null || true
    passed=0
    failures=""
    start=$(date +%s.%N)
    for run in $(seq "$repeat"); do
        if output="$("$bin" grade "$number" "$solution" --json)"; then
            passed=$((passed + 1))
        else
            failures="$failures $(echo "$output" | python3 -c 'import json,sys; d=json.load(sys.stdin); print([t["message"].split("Seed: ")[-1][:12] for t in d["tests"] if t["status"]!="pass"])')"
        fi
    done
    end=$(date +%s.%N)
    echo "quiz $number: $passed/$repeat passed, $(python3 -c "print(f'{($end - $start) / $repeat:.2f}')") s per grade$failures"
done

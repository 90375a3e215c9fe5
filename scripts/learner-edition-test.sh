#!/bin/sh
# Builds the learner edition from scratch and uses it as a learner would: `swift build` in it
# (no Tests/, so no test targets), `lesson run --all`, `lesson quiz 01`, `lesson grade 01`.
# Proves what the Swift test cannot afford on every run: the edition builds on its own.
# Usage: scripts/learner-edition-test.sh [SCRATCH]   (default: a new temporary folder)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
scratch=${1:-$(mktemp -d)}
edition="$scratch/edition"
cd "$root"
swift build --product lesson >/dev/null
"$(swift build --show-bin-path)/lesson" export --learner "$edition" | tail -1
if find "$edition" -name Solution.swift | grep -q .; then
    echo "FAIL: a Solution.swift is in the learner edition" >&2
    exit 1
fi
cd "$edition"
swift build --product lesson 2>&1 | tail -1
lesson="$(swift build --show-bin-path)/lesson"
"$lesson" run --all | tail -1
"$lesson" quiz 01 >/dev/null
status=0
"$lesson" grade 01 >/dev/null || status=$?
[ "$status" = 1 ] || { echo "FAIL: the starter of quiz 01 should fail (exit 1), got $status" >&2; exit 1; }
cp "$root/Quizzes/01-run-many/Solution.swift" .lesson/answers/01-run-many/Answer.swift
"$lesson" grade 01 | tail -2
echo "ok: the learner edition in $edition builds, runs every lesson and grades"

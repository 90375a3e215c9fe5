#!/usr/bin/env bash
# A release `lesson` copied alone into an empty directory writes a workshop there with
# `lesson init` and runs it: every lesson passes (including a snippet that imports
# LessonSupport, whose sources travel inside the binary), the sample solution grades as
# passing and the starter as failing, and the site renders. Nothing of this checkout is used.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release --product lesson 2>&1 | tail -n 5
binary="$(swift build -c release --show-bin-path)/lesson"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cp "$binary" "$scratch/lesson"
cd "$scratch"
unset LESSON_STATE_DIR LESSON_WORKSHOP

./lesson init workshop
cd workshop
../lesson run --all
grep -q 'import LessonSupport' Lessons/*.md
../lesson grade 01 Quizzes/01-add-together/Solution.swift
../lesson quiz 01 > /dev/null
if ../lesson grade 01 > starter-grade.txt; then
    echo "lone binary: the sample quiz's starter passed its checks" >&2
    exit 1
fi
../lesson site --no-run | head -n 1
test -f site/index.html
# From a subdirectory, the workshop is found by walking up; from elsewhere, by --workshop.
(cd Quizzes && ../../lesson list > /dev/null)
(cd "$scratch" && ./lesson --workshop workshop run 01 > /dev/null)
echo "lone binary: ok"

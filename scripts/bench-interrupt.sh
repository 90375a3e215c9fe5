#!/bin/sh
# Interrupts `lesson run 04`, `lesson grade 04 Quizzes/04-*/Solution.swift` and `lesson site`
# at TRIES moments (default 200) spread over their first 200 ms each, and prints how each try
# ended: exit 130 (or SIGINT before `main`), lost (not ended 10 s later), processes left,
# unfinished cache entries, half-written pages. Exits 1 when any try was not clean.
#
#     scripts/bench-interrupt.sh [TRIES] [--binary PATH]
set -u
cd "$(dirname "$0")/.."
tries=${1:-200}
[ $# -gt 0 ] && shift
status=0
for command in run grade site; do
    python3 scripts/interrupt-bench.py --command "$command" --lesson 04 --tries "$tries" "$@" || status=1
done
exit $status

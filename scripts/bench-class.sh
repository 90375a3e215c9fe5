#!/usr/bin/env bash
# Grades a class of 30 learners × 6 quizzes (180 answers, all distinct: reference solutions,
# starters and the quiz tests' fixture answers, each made unique by a comment naming its
# learner) with a cold judge and build cache, and prints the wall time and gradings per minute.
# Then grades the same class as 2 shards, one after the other, merges them, and checks that
# the merge has the unsharded gradebook's verdicts row by row (seeds differ by design).
# With VERIFY=1 it also grades every answer alone with `lesson grade NN FILE --json` and checks
# that each check's verdict equals the gradebook's.
#
#   scripts/bench-class.sh [LEARNERS]      (default 30)
#   LESSON_BIN=path/to/lesson JOBS=N VERIFY=1 scripts/bench-class.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
learners=${1:-30}
if [ -z "${LESSON_BIN:-}" ]; then
    swift build -c release --product lesson >&2
    LESSON_BIN="$(swift build -c release --show-bin-path)/lesson"
fi
work=$(mktemp -d /tmp/lesson-bench-class.XXXXXX)
trap 'rm -rf "$work"' EXIT
roster="$work/roster"
python3 - "$root" "$roster" "$learners" <<'PY'
import os, sys
root, roster, learners = sys.argv[1], sys.argv[2], int(sys.argv[3])
quizzes = sorted(d for d in os.listdir(os.path.join(root, "Quizzes")) if d[:2].isdigit())
for quiz in quizzes:
    number = quiz[:2]
    fixtures = os.path.join(root, "Tests/LessonRunnerTests/Fixtures/Quizzes", number)
    pool = [os.path.join(root, "Quizzes", quiz, name) for name in ("Solution.swift", "Starter.swift")]
    pool += sorted(os.path.join(fixtures, f) for f in os.listdir(fixtures)) if os.path.isdir(fixtures) else []
    for index in range(learners):
        learner = f"learner-{index + 1:02d}"
        # Half the room has the reference solution, the rest a starter or a fixture answer.
        source = pool[0] if index % 2 == 0 else pool[1 + (index // 2) % (len(pool) - 1)]
        os.makedirs(os.path.join(roster, learner), exist_ok=True)
        text = open(source).read()
        open(os.path.join(roster, learner, f"{number}.swift"), "w").write(text + f"\n// {learner}\n")
PY
answers=$(find "$roster" -name '*.swift' | wc -l)
export LESSON_STATE_DIR="$work/state"   # a cold judge and build cache
jobs=${JOBS:-$(nproc)}
echo "bench-class: $learners learners, $answers answers, --jobs $jobs, $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
# CPU seconds of the class grading and every process it waited for (compilers, judges, answers).
TIMEFORMAT="%U %S"
{ time "$LESSON_BIN" class grade "$roster" --out "$work/whole" --jobs "$jobs" 2>"$work/whole.log" | tail -4 >"$work/summary"; } 2>"$work/cpu"
end=$(date +%s.%N)
cat "$work/summary"
python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); n=int(sys.argv[3]); u, k = map(float, open(sys.argv[4]).read().split()[-2:]); print(f'cold: {n} gradings in {s:.1f} s wall = {n/s*60:.0f} gradings per minute; CPU {u:.0f} s user + {k:.0f} s sys = {(u+k)/n:.2f} s per grading')" "$start" "$end" "$answers" "$work/cpu"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
for shard in 1 2; do
    "$LESSON_BIN" class grade "$roster" --out "$work/shard-$shard" --shard "$shard/2" --jobs "$jobs" 2>/dev/null | tail -1
done
"$LESSON_BIN" class merge "$work/shard-1" "$work/shard-2" --out "$work/merged" | tail -1
python3 - "$work/whole/gradebook.json" "$work/merged/gradebook.json" <<'PY'
import json, sys
whole, merged = (json.load(open(p)) for p in sys.argv[1:3])
def verdict(row):
    return (row["learner"], row["quiz"], row["status"], row["passed"], row["total"], row["answer"], row["answerHash"],
            row["quizVersion"], [(c["name"], c["status"]) for c in row["checks"]])
a, b = [verdict(r) for r in whole["rows"]], [verdict(r) for r in merged["rows"]]
differ = [(x, y) for x, y in zip(a, b) if x != y]
same_figures = all(whole[k] == merged[k] for k in ("quizzes", "learners", "quizRates", "checkRates", "mostFailed"))
print(f"2 shards merged vs unsharded: {len(a)} rows, {len(differ)} differ; figures equal: {same_figures}")
for x, y in differ[:10]:
    print("  unsharded", x[:5], "\n  merged   ", y[:5])
sys.exit(0 if not differ and len(a) == len(b) and same_figures else 1)
PY
if [ "${VERIFY:-0}" = 1 ]; then
    python3 - "$LESSON_BIN" "$roster" "$work/whole/gradebook.json" <<'PY'
import json, subprocess, sys
binary, roster, path = sys.argv[1:4]
book = json.load(open(path))
differ = 0
for row in book["rows"]:
    if not row["answer"]:
        continue
    run = subprocess.run([binary, "grade", row["quiz"][:2], f"{roster}/{row['answer']}", "--json"],
                         capture_output=True, text=True)
    alone = json.loads(run.stdout)
    mine = [(c["name"], c["status"]) for c in row["checks"]]
    theirs = [(t["name"], t["status"]) for t in alone["tests"]]
    if mine != theirs:
        differ += 1
        print("differs:", row["learner"], row["quiz"], mine, theirs)
print(f"graded alone: {len(book['rows'])} answers, {differ} with another verdict")
sys.exit(1 if differ else 0)
PY
fi

#!/usr/bin/env bash
# A room under load: `lesson serve --class` with simulated learners (default 30, for 5 min),
# each pressing Run about every 30 s on a snippet of lesson 01 (half of the runs on edited code:
# most edits only add a comment, so they compile afresh and must still pass; one edit in four
# breaks the code on purpose, so it must fail) and grading quiz 01 about every 2 min (the
# reference solution must pass, the starter must fail). Prints the wrong verdicts (must be 0),
# the p50/p95 time from Run to the first output line, the server's peak RSS (VmHWM), and the
# processes left behind after the server is stopped with Ctrl-C (must be 0).
#
#   scripts/bench-class-serve.sh [LEARNERS] [SECONDS]     (default 30 300)
#   LESSON_BIN=path/to/lesson RUN_EVERY=30 GRADE_EVERY=120 scripts/bench-class-serve.sh 30 120
#
# Needs root (the class confines every run). State and build cache go to a temporary
# LESSON_STATE_DIR: the first runs compile cold, as in a room's first minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
learners=${1:-30}
seconds=${2:-300}
if [ -z "${LESSON_BIN:-}" ]; then
    swift build --product lesson >&2
    LESSON_BIN="$(swift build --show-bin-path)/lesson"
fi
work=$(mktemp -d /tmp/lesson-bench-class-serve.XXXXXX)
serve_pid=""
cleanup() {
    [ -n "$serve_pid" ] && kill -INT "$serve_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
for i in $(seq 1 "$learners"); do printf 'learner-%02d\n' "$i"; done >"$work/roster"
export LESSON_STATE_DIR="$work/state"
"$LESSON_BIN" serve --class "$work/roster" --port 0 >"$work/urls" 2>"$work/serve.log" &
serve_pid=$!
for _ in $(seq 1 600); do grep -q "on port" "$work/serve.log" 2>/dev/null && break; sleep 0.1; done
grep -q "on port" "$work/serve.log" || { cat "$work/serve.log" >&2; exit 1; }
port=$(sed -n 's/.* on port \([0-9]*\);.*/\1/p' "$work/serve.log")
echo "bench-class-serve: $learners learners for $seconds s on port $port, $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
quiz=$(basename "$(ls -d Quizzes/01-*)")
lesson=$(basename "$(ls Lessons/01-*.md)" .md)
python3 - "$work/urls" "$port" "$seconds" "$lesson" "$quiz" "Quizzes/$quiz" "$serve_pid" \
    "${RUN_EVERY:-30}" "${GRADE_EVERY:-120}" <<'PY'
import http.client, json, random, sys, threading, time
urls, port, seconds, lesson, quiz, quiz_dir, pid = sys.argv[1:8]
run_every, grade_every = float(sys.argv[8]), float(sys.argv[9])
port, seconds, pid = int(port), float(seconds), int(pid)
people = [line.split(" ", 1) for line in open(urls).read().splitlines()]
learners = [(name, url.split("token=")[1]) for name, url in people if name != "instructor"]
solution = open(f"{quiz_dir}/Solution.swift").read()
starter = open(f"{quiz_dir}/Starter.swift").read()
snippets = {
    "one-after-another": 'for drink in ["espresso", "latte", "mocha"] {\n    let cup = try await brew(drink)\n    print(cup)\n}\nprint("all served")\n',
    "async-let": 'async let espresso = brew("espresso")\nasync let latte = brew("latte")\nasync let mocha = brew("mocha")\n\nfor cup in try await [espresso, latte, mocha] {\n    print(cup)\n}\nprint("all served")\n',
}
lock = threading.Lock()
first_lines, runs, wrong, grades, refused = [], [], [], [], []
peak = [0]
stop_at = time.monotonic() + seconds

def post(token, path, body):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    connection.request("POST", path, body=json.dumps(body), headers={
        "Host": f"127.0.0.1:{port}", "Origin": f"http://127.0.0.1:{port}",
        "Content-Type": "application/json", "Authorization": f"token {token}"})
    return connection, connection.getresponse()

def put(token, path, body):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("PUT", path, body=json.dumps(body), headers={
        "Host": f"127.0.0.1:{port}", "Origin": f"http://127.0.0.1:{port}",
        "Content-Type": "application/json", "Authorization": f"token {token}"})
    response = connection.getresponse(); response.read(); connection.close()
    return response.status

def events(response):
    for raw in response:
        yield json.loads(raw)

def run(name, token, count):
    snippet = random.choice(list(snippets))
    kind = "unedited"
    code = None
    if count % 2 == 1:
        kind = "broken" if random.random() < 0.25 else "edited"
        code = snippets[snippet] + (f"// {name} edit {count}\n" if kind == "edited" else 'let broken: Int = "not a number"\n')
    started = time.monotonic()
    connection, response = post(token, f"/api/lessons/{lesson}/snippets/{snippet}/run", {} if code is None else {"code": code})
    first, status, why = None, None, ""
    if response.status != 200:
        with lock: refused.append((name, response.status, response.read()[:200]))
        connection.close(); return
    for event in events(response):
        if event["type"] == "line" and first is None: first = time.monotonic() - started
        if event["type"] == "done":
            status = event.get("status")
            why = "; ".join(c["message"][:120] for c in event.get("checks", []) if not c.get("pass"))
    connection.close()
    with lock:
        runs.append((kind, status, time.monotonic() - started))
        if first is not None and kind != "broken": first_lines.append(first)
        if (kind == "broken") == (status == "pass"):
            wrong.append((name, snippet, kind, status, why))

def grade(name, token, count):
    good = count % 2 == 0
    put(token, f"/api/quizzes/{quiz}/answer", {"code": solution if good else starter})
    connection, response = post(token, f"/api/quizzes/{quiz}/grade", {})
    status = None
    for event in events(response):
        if event["type"] == "done": status = event.get("status")
    connection.close()
    with lock:
        grades.append((good, status))
        if (status == "pass") != good: wrong.append((name, quiz, "solution" if good else "starter", status))

def learner(name, token):
    time.sleep(random.uniform(0, run_every))
    next_grade = time.monotonic() + random.uniform(0, grade_every)
    count = 0
    while time.monotonic() < stop_at:
        began = time.monotonic()
        try:
            if began >= next_grade:
                grade(name, token, count); next_grade = began + grade_every
            else:
                run(name, token, count)
        except Exception as error:
            with lock: refused.append((name, "exception", str(error)[:200]))
        count += 1
        time.sleep(max(0.0, run_every * random.uniform(0.8, 1.2) - (time.monotonic() - began)))

import os
seen_children = set()
def descendants():
    parents = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit(): continue
        try:
            fields = open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()
            parents[int(entry)] = (int(fields[1]), fields[19])
        except (OSError, IndexError): continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, (parent, _) in parents.items() if parent in frontier}
        found |= {(child, parents[child][1]) for child in frontier}
    return found

def sample():
    while time.monotonic() < stop_at + 600:
        try:
            for line in open(f"/proc/{pid}/status"):
                if line.startswith("VmHWM:"): peak[0] = max(peak[0], int(line.split()[1]))
        except OSError: return
        seen_children.update(descendants())
        time.sleep(0.5)

threads = [threading.Thread(target=learner, args=pair) for pair in learners]
threading.Thread(target=sample, daemon=True).start()
started = time.monotonic()
for thread in threads: thread.start()
for thread in threads: thread.join()
elapsed = time.monotonic() - started
def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else float("nan")
kinds = {k: sum(1 for r in runs if r[0] == k) for k in ("unedited", "edited", "broken")}
print(f"runs: {len(runs)} ({kinds['unedited']} unedited, {kinds['edited']} edited, {kinds['broken']} broken on purpose); "
      f"gradings: {len(grades)}; refused or failed requests: {len(refused)}; wall {elapsed:.0f} s")
print(f"Run to first line: p50 {pct(first_lines, 50):.2f} s, p95 {pct(first_lines, 95):.2f} s, max {max(first_lines or [0]):.2f} s")
done = len(runs) + len(grades)
print(f"throughput: {done} runs and gradings in {elapsed:.0f} s = {done / elapsed:.2f}/s, "
      f"room for about {int(done / elapsed * 30)} learners pressing Run every 30 s "
      f"(the server's capacity only when runs waited in the queue, as the p95 above shows)")
print(f"wrong verdicts: {len(wrong)}")
for item in wrong[:10]: print(f"  wrong: {item}")
for item in refused[:5]: print(f"  refused: {item}")
print(f"server peak RSS: {peak[0] / 1024:.0f} MB")
print(f"processes the server started (seen by sampling every 0.5 s): {len(seen_children)}")
with open(sys.argv[1] + ".children", "w") as out:
    for child, start in sorted(seen_children): out.write(f"{child} {start}\n")
PY
kill -INT "$serve_pid"
for _ in $(seq 1 300); do kill -0 "$serve_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$serve_pid" 2>/dev/null && echo "the server did not stop within 30 s" && exit 1
serve_pid=""
sleep 1
# Every process seen under the server that still runs (same pid, same start time) was left behind.
left=$(python3 - "$work/urls.children" <<'PY'
import sys
left = 0
for line in open(sys.argv[1]):
    child, start = line.split()
    try:
        fields = open(f"/proc/{child}/stat").read().rsplit(")", 1)[1].split()
        if fields[19] == start: left += 1
    except OSError: pass
print(left)
PY
)
echo "processes left after Ctrl-C: $left"

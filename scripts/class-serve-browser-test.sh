#!/usr/bin/env bash
# The instructor's view of `lesson serve --class` in headless Chromium (over the DevTools
# protocol, like scripts/serve-browser-test.sh): the instructor's URL opens /class, whose
# script lists both learners and the room's pass rates and whose export link answers with the
# gradebook CSV; then a learner's URL opens a lesson page whose editors load, while /api/class
# answers that learner 404. Fails on any console error, uncaught exception or refused script
# (the page policy allows the instructor page's one script by its hash).
#
#   scripts/class-serve-browser-test.sh              build `lesson`, then test
#   LESSON_BIN=path/to/lesson scripts/class-serve-browser-test.sh
#
# Needs root (the class confines every run). Exit status: 0 passed, 1 a problem, 3 no browser.
set -euo pipefail
cd "$(dirname "$0")/.."
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome) \
    || { echo "class-serve-browser-test: no Chromium (scripts/browser-test.sh installs one)" >&2; exit 3; }
if [ -z "${LESSON_BIN:-}" ]; then
    swift build --product lesson >&2
    LESSON_BIN="$(swift build --show-bin-path)/lesson"
fi
work=$(mktemp -d /tmp/lesson-class-serve-browser.XXXXXX)
printf 'ann\nbob\n' >"$work/roster"
LESSON_STATE_DIR="$work/state" NO_COLOR=1 "$LESSON_BIN" serve --class "$work/roster" --port 0 \
    >"$work/urls" 2>"$work/serve.log" &
server=$!
cleanup() { kill -INT "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 1 600); do grep -q "on port" "$work/serve.log" 2>/dev/null && break; sleep 0.1; done
grep -q "on port" "$work/serve.log" || { cat "$work/serve.log" >&2; exit 1; }
lesson=$(basename "$(ls Lessons/01-*.md)" .md)

PYTHONPATH=scripts timeout 300 python3 -u - "$browser" "$work/urls" "$lesson" <<'PY'
import json, sys, time
import devtools
from devtools import send, wait_for, evaluate, events
browser, urls, lesson = sys.argv[1:4]
people = dict(line.split(" ", 1) for line in open(urls).read().splitlines())
devtools.start(browser, "lesson-class-serve-chromium-")
session = devtools.session
failures = []

def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message)
    if not condition:
        failures.append(message)

def load(url):
    send("Page.navigate", {"url": url}, session=session)
    wait_for("Page.loadEventFired")
    time.sleep(0.3)

def wait_until(expression, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = evaluate(expression)
        if value:
            return value
        time.sleep(0.05)
    return None

def problems():
    found = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.exceptionThrown":
            found.append("exception: " + json.dumps(params.get("exceptionDetails", {}))[:300])
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            found.append("console: " + json.dumps(params.get("args"))[:300])
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            text = params["entry"].get("text", "")
            # A learner's 404 on /api/class below is expected.
            if "/api/class" not in params["entry"].get("url", "") and "404" not in text:
                found.append("log: " + text[:300])
    return found

load(people["instructor"])
# The exchange page moves on to /class by itself.
check(wait_until("location.pathname === '/class' && !location.search") is not None, "the instructor's URL lands on /class without its token")
rows = wait_until("document.querySelectorAll('table.room-learners tbody tr').length")
names = evaluate("Array.from(document.querySelectorAll('table.room-learners tbody th.name')).map(function (n) { return n.textContent; })")
check(rows == 2 and names == ["ann", "bob"], "the room lists both learners (%s)" % names)
check(evaluate("document.querySelector('.rates') !== null && document.querySelector('.rates').textContent.indexOf('of 2 pass') >= 0"), "the room's pass rate per quiz is shown")
csv = wait_until("""(function () { if (!window.__csv) { window.__csv = 'pending';
    fetch(document.querySelector('.exports a').href).then(function (r) { return r.text(); }).then(function (t) { window.__csv = t; }); }
    return window.__csv !== 'pending' && window.__csv; })()""")
check(bool(csv) and csv.startswith("learner,quiz,status") and "ann," in csv, "the export link answers with the gradebook CSV")

load(people["ann"].replace("/?token=", "/" + lesson + ".html?token="))
editors = wait_until("document.querySelectorAll('.live-editor').length")
check(bool(editors), "a learner's lesson page gets its editors (%s)" % editors)
status = wait_until("""(function () { if (!window.__st) { window.__st = 'pending';
    fetch('/api/class').then(function (r) { window.__st = r.status; }); }
    return window.__st !== 'pending' && window.__st; })()""")
check(status == 404, "the room answers a learner 404 (%s)" % status)
found = problems()
for problem in found:
    print("     " + problem)
check(not found, "no console error, exception or refused script")
devtools.close()
sys.exit(1 if failures else 0)
PY
echo "class-serve-browser-test: the instructor's view and a learner's page in Chromium: every check passed"

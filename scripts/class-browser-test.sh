#!/usr/bin/env bash
# The instructor's page (`lesson site --class DIR`) in headless Chromium, from file://: no
# console error, failed load or network request; linked from no other page and absent from
# the search index; no wider than the window at 1200 px, on a phone (390 px) and printed
# (718 px); every text at WCAG AA contrast (4.5:1) in light and dark, with the browser test's
# own contrast check (read from scripts/browser-test.sh); printed without navigation and with
# the matrix and every bar shown; and every check's link lands on a section that exists.
#
#   scripts/class-browser-test.sh            build `lesson`, grade a small class, render, test
#   LESSON_BIN=path/to/lesson scripts/class-browser-test.sh
#   CLASS_DIR=gradebook scripts/class-browser-test.sh   use an existing gradebook folder
#   BROWSER_TEST_OUT=dir                     where screenshots go (default /tmp/lesson-class-browser-test)
# Exit status: 0 clean, 1 a problem, 3 no browser.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=${BROWSER_TEST_OUT:-/tmp/lesson-class-browser-test}
mkdir -p "$out"
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome) \
    || { echo "class-browser-test: no Chromium (scripts/browser-test.sh installs it)" >&2; exit 3; }
if [ -z "${LESSON_BIN:-}" ]; then
    swift build --product lesson >&2
    LESSON_BIN="$(swift build --show-bin-path)/lesson"
fi
state=$(mktemp -d /tmp/lesson-class-browser.XXXXXX)
trap 'rm -rf "$state"' EXIT
export LESSON_STATE_DIR="$state"
if [ -z "${CLASS_DIR:-}" ]; then
    # A small class: reference solutions, untouched starters, one answer that does not compile.
    roster="$state/roster"
    for learner in ada grace linus "Zoë Q" margaret; do mkdir -p "$roster/$learner"; done
    cp Quizzes/01-run-many/Solution.swift "$roster/ada/01.swift"
    cp Quizzes/01-run-many/Starter.swift "$roster/grace/01.swift"
    cp Quizzes/02-first-answer/Starter.swift "$roster/grace/02.swift"
    cp Quizzes/02-first-answer/Solution.swift "$roster/linus/02.swift"
    cp Quizzes/05-predict-the-order/Starter.swift "$roster/Zoë Q/05.swift"
    echo 'func broken( {' >"$roster/margaret/03.swift"
    "$LESSON_BIN" class grade "$roster" --out "$state/gradebook" >&2
    CLASS_DIR="$state/gradebook"
fi
site="$out/site"
rm -rf "$site"
if [ -d .lesson/runs ]; then cp -R .lesson/runs "$state/runs"; fi
"$LESSON_BIN" site --out "$site" --no-run --class "$CLASS_DIR" >&2

PYTHONPATH=scripts timeout 300 python3 - "$browser" "$site" "$out" "$root/scripts/browser-test.sh" <<'PY'
import json, os, re, sys, time
import devtools
from devtools import send, wait_for, evaluate, events

browser, site, out, main_test = sys.argv[1:5]
# The browser test's own contrast check, so both judge text the same way.
CONTRAST_JS = re.search(r'CONTRAST_JS = r"""(.*?)"""', open(main_test).read(), re.S).group(1)
devtools.start(browser, "lesson-class-chromium-")
session = devtools.session
failures = []
def check(condition, message):
    if not condition:
        failures.append(message)
def metrics(width, height, mobile=False):
    send("Emulation.setDeviceMetricsOverride",
         {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}, session=session)
def scheme(value, media=""):
    send("Emulation.setEmulatedMedia",
         {"media": media, "features": [{"name": "prefers-color-scheme", "value": value}]}, session=session)
def load(url):
    events.clear()
    send("Page.navigate", {"url": url}, session=session)
    wait_for("Page.loadEventFired")
    time.sleep(0.15)
    send("Runtime.evaluate", {"expression": "1"}, session=session)
def problems():
    found = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.exceptionThrown":
            found.append("exception: " + json.dumps(params)[:300])
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert", "warning"):
            found.append("console." + params["type"])
        elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
            found.append("log: " + params["entry"].get("text", ""))
        elif method == "Network.requestWillBeSent" and not params["request"]["url"].startswith(("file://", "data:", "about:")):
            found.append("network request: " + params["request"]["url"])
        elif method == "Network.loadingFailed":
            found.append("failed to load: " + params.get("errorText", ""))
    return found

page = "file://" + os.path.join(site, "class.html")
check(os.path.exists(os.path.join(site, "class.html")), "no class.html")
for name in os.listdir(site):
    if name != "class.html" and name.endswith((".html", ".js")):
        check("class.html" not in open(os.path.join(site, name)).read(), f"{name} links or indexes class.html")
metrics(1200, 1600)
scheme("light")
load(page)
for problem in problems():
    failures.append(f"class.html: {problem}")
state = evaluate("""({
  rows: document.querySelectorAll('.class-matrix tbody tr').length,
  meters: document.querySelectorAll('meter').length,
  links: [...document.querySelectorAll('.class-checks a, .most-failed a')].map(a => a.getAttribute('href')),
  search: !document.querySelector('.search').hidden
})""")
check(state["rows"] > 0 and state["meters"] > 0, f"class.html: no matrix or no bars ({state})")
check(state["search"], "class.html: the site's script did not run")
print(f"ok class.html loads: {state['rows']} learners, {state['meters']} bars, {len(state['links'])} section links")
for label, width, height, mobile, media in (("desktop", 1200, 1600, False, ""), ("phone", 390, 844, True, ""),
                                           ("print", 718, 1000, False, "print")):
    metrics(width, height, mobile)
    scheme("light", media)
    load(page)
    result = evaluate("""(() => {
      const shown = el => el && getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0;
      return {width: document.documentElement.scrollWidth,
              nav: shown(document.querySelector('nav.sidebar')) || shown(document.querySelector('header.top')),
              matrix: shown(document.querySelector('.class-matrix')),
              meters: [...document.querySelectorAll('meter')].filter(shown).length,
              all: document.querySelectorAll('meter').length};
    })()""")
    check(result["width"] <= width + 1, f"{label}: class.html is {result['width']}px wide at {width}px")
    check(result["matrix"] and result["meters"] == result["all"], f"{label}: matrix or bars hidden ({result})")
    if media == "print":
        check(not result["nav"], "print: navigation shown")
    print(f"ok {label} ({width}px): {result['width']}px wide, {result['meters']} bars shown")
    shot = send("Page.captureScreenshot", {"format": "png"}, session=session)
    import base64
    open(os.path.join(out, f"class-{label}.png"), "wb").write(base64.b64decode(shot["data"]))
metrics(1200, 1600)
for value in ("light", "dark"):
    scheme(value)
    load(page)
    result = evaluate(CONTRAST_JS)
    for failure in result["failures"]:
        failures.append(f"contrast ({value}) class.html: {failure}")
    print(f"ok contrast {value}: {result['count']} text runs, lowest {result['worst']['ratio']:.2f}:1")
scheme("light")
for href in sorted(set(state["links"])):
    target, _, anchor = href.partition("#")
    path = os.path.join(site, target)
    check(os.path.exists(path), f"class.html links {href}: no such page")
    if os.path.exists(path) and anchor:
        load("file://" + path)
        check(evaluate(f"!!document.getElementById({json.dumps(anchor)})"), f"class.html links {href}: no such section")
print(f"ok {len(set(state['links']))} section links land on their sections")
devtools.close()
if failures:
    print("\n".join("FAIL " + f for f in failures))
    sys.exit(1)
print("ok: the instructor's page passes")
PY

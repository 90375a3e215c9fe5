#!/usr/bin/env bash
# Loads every page of the generated site in headless Chromium from file:// and fails on any
# console error, uncaught exception, failed load or network request. Also checks that the page
# script works (search, copy buttons, ← → and / keys), that pages read with scripts off, and
# takes screenshots of a lesson page (light, dark, phone).
#
#   scripts/browser-test.sh                 build `lesson`, render the site, test it
#   LESSON_BIN=path/to/lesson scripts/browser-test.sh   use an already built `lesson`
#   SCRATCH_PATH=.build-x scripts/browser-test.sh       build with that scratch path (default .build)
#   SITE_DIR=site scripts/browser-test.sh   test an existing site instead of rendering one
#   BROWSER_TEST_OUT=dir                    where screenshots go (default /tmp/lesson-browser-test)
#   SHOT_PAGE=07                            which lesson the screenshots show (default 01)
#
# Installs Debian's `chromium` when no Chromium is found (needs root; runs apt-get update only
# when the first install attempt fails). Exit status: 0 all pages clean, 1 a problem, 3 no
# browser.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=${BROWSER_TEST_OUT:-/tmp/lesson-browser-test}
mkdir -p "$out"

find_chromium() {
    for name in chromium chromium-browser google-chrome; do
        if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return 0; fi
    done
    return 1
}

if ! browser=$(find_chromium); then
    echo "browser-test: installing chromium from the distribution's packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    sudo_cmd=""
    if [ "$(id -u)" != 0 ]; then sudo_cmd="sudo -n"; fi
    $sudo_cmd apt-get install -y -q --no-install-recommends chromium >/dev/null 2>&1 \
        || { $sudo_cmd apt-get update -q >/dev/null && $sudo_cmd apt-get install -y -q --no-install-recommends chromium >/dev/null; } \
        || { echo "browser-test: could not install chromium" >&2; exit 3; }
    browser=$(find_chromium) || { echo "browser-test: chromium not found after install" >&2; exit 3; }
fi

if [ -n "${SITE_DIR:-}" ]; then
    site=$(cd "$SITE_DIR" && pwd)
else
    if [ -z "${LESSON_BIN:-}" ]; then
        swift build --scratch-path "${SCRATCH_PATH:-.build}" --product lesson >&2
        LESSON_BIN="$(swift build --scratch-path "${SCRATCH_PATH:-.build}" --show-bin-path)/lesson"
    fi
    site="$out/site"
    rm -rf "$site"
    # Renders from the recorded runs; lessons never run show as "not run yet".
    "$LESSON_BIN" site --out "$site" --no-run >&2
fi

exec timeout 110 python3 - "$browser" "$site" "$out" <<'EOF'
"""Drives Chromium over the DevTools protocol on a pipe (fds 3 and 4); no network port."""
import base64, fcntl, glob, json, os, subprocess, sys, tempfile, time

browser, site, out = sys.argv[1], sys.argv[2], sys.argv[3]
to_child_r, to_child_w = os.pipe()
from_child_r, from_child_w = os.pipe()
high_r = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 10)
high_w = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 10)

def wire():
    os.dup2(high_r, 3)
    os.dup2(high_w, 4)

profile = tempfile.mkdtemp(prefix="lesson-chromium-")
proc = subprocess.Popen(
    [browser, "--headless", "--disable-gpu", "--no-sandbox", "--remote-debugging-pipe",
     "--no-first-run", "--no-default-browser-check", "--disable-extensions",
     "--disable-background-networking", "--disable-component-update", "--disable-sync",
     "--user-data-dir=" + profile, "--window-size=1200,1600", "about:blank"],
    pass_fds=(3, 4), preexec_fn=wire, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
os.close(to_child_r); os.close(from_child_w); os.close(high_r); os.close(high_w)
writer = os.fdopen(to_child_w, "wb", buffering=0)
reader = os.fdopen(from_child_r, "rb", buffering=0)
buffer = b""
next_id = 0
events = []

def read_message(deadline):
    global buffer
    while b"\0" not in buffer:
        if time.time() > deadline:
            raise TimeoutError("no message from the browser")
        chunk = reader.read(65536)
        if not chunk:
            raise RuntimeError("the browser closed the pipe")
        buffer += chunk
    message, buffer = buffer.split(b"\0", 1)
    return json.loads(message)

def send(method, params=None, session=None, timeout=20):
    global next_id
    next_id += 1
    message = {"id": next_id, "method": method, "params": params or {}}
    if session:
        message["sessionId"] = session
    writer.write(json.dumps(message).encode() + b"\0")
    deadline = time.time() + timeout
    while True:
        reply = read_message(deadline)
        if reply.get("id") == next_id:
            if "error" in reply:
                raise RuntimeError(f"{method}: {reply['error']}")
            return reply.get("result", {})
        events.append(reply)

def wait_for(method, timeout=20):
    deadline = time.time() + timeout
    for index, event in enumerate(events):
        if event.get("method") == method:
            del events[index]
            return event
    while True:
        event = read_message(deadline)
        if event.get("method") == method:
            return event
        events.append(event)

target = send("Target.createTarget", {"url": "about:blank"})["targetId"]
session = send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
for domain in ("Page", "Runtime", "Log", "Network"):
    send(domain + ".enable", session=session)

def metrics(width, height, mobile=False):
    send("Emulation.setDeviceMetricsOverride",
         {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}, session=session)

def evaluate(expression):
    result = send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=session)
    if "exceptionDetails" in result:
        raise RuntimeError(f"evaluating {expression!r}: {result['exceptionDetails']}")
    return result["result"].get("value")

def load(url):
    events.clear()
    send("Page.navigate", {"url": url}, session=session)
    wait_for("Page.loadEventFired")
    time.sleep(0.15)
    send("Runtime.evaluate", {"expression": "1"}, session=session)  # drain pending events

def problems_since_load():
    found = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.exceptionThrown":
            found.append("exception: " + json.dumps(params.get("exceptionDetails", {}).get("exception", {}).get("description") or params)[:300])
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert", "warning"):
            found.append("console." + params["type"] + ": " + " ".join(str(a.get("value", a.get("description"))) for a in params.get("args", [])))
        elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
            found.append("log: " + params["entry"].get("text", "") + " " + params["entry"].get("url", ""))
        elif method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            if not url.startswith(("file://", "data:", "about:")):
                found.append("network request: " + url)
        elif method == "Network.loadingFailed":
            found.append("failed to load: " + params.get("errorText", "") + " " + str(params.get("type")))
    return found

failures = []
def check(condition, message):
    if not condition:
        failures.append(message)

pages = sorted(glob.glob(os.path.join(site, "*.html")))
check(len(pages) > 1, f"no pages in {site}")
metrics(1200, 1600)
for page in pages:
    name = os.path.basename(page)
    load("file://" + page)
    for problem in problems_since_load():
        failures.append(f"{name}: {problem}")
    state = evaluate("""({
        search: !document.querySelector('.search').hidden,
        wraps: document.querySelectorAll('.code-wrap').length,
        copies: document.querySelectorAll('.code-wrap > button.copy').length,
        index: (window.LESSON_SEARCH || []).length,
        title: document.title,
        width: document.documentElement.scrollWidth
    })""")
    check(state["search"], f"{name}: the search box did not appear (script not run?)")
    check(state["wraps"] == state["copies"], f"{name}: {state['wraps']} code blocks but {state['copies']} copy buttons")
    check(state["index"] > 0, f"{name}: the search index did not load")
    check(state["width"] <= 1200, f"{name}: the page is {state['width']}px wide at 1200px")
    print(f"ok {name}: {state['wraps']} code blocks, title {state['title']!r}")

lessons = [p for p in pages if os.path.basename(p)[:1].isdigit()]
if lessons:
    first = lessons[0]
    load("file://" + first)
    evaluate("document.getElementById('search').value = 'async let';"
             "document.getElementById('search').dispatchEvent(new Event('input'))")
    hits = evaluate("document.querySelectorAll('#search-results a').length")
    check(hits and hits > 0, "searching 'async let' found nothing")
    evaluate("document.getElementById('search').blur(); document.getElementById('search').value = '';"
             "document.getElementById('search').dispatchEvent(new Event('input'))")
    send("Input.dispatchKeyEvent", {"type": "rawKeyDown", "key": "/", "code": "Slash", "windowsVirtualKeyCode": 191}, session=session)
    check(evaluate("document.activeElement && document.activeElement.id") == "search", "'/' did not focus the search box")
    evaluate("document.activeElement.blur()")
    expected_next = evaluate("document.querySelector('a[rel=next]') && document.querySelector('a[rel=next]').href")
    events.clear()
    send("Input.dispatchKeyEvent", {"type": "rawKeyDown", "key": "ArrowRight", "code": "ArrowRight", "windowsVirtualKeyCode": 39}, session=session)
    if expected_next:
        wait_for("Page.loadEventFired")
        check(evaluate("location.href") == expected_next, "→ did not open the next page")
        send("Input.dispatchKeyEvent", {"type": "rawKeyDown", "key": "ArrowLeft", "code": "ArrowLeft", "windowsVirtualKeyCode": 37}, session=session)
        wait_for("Page.loadEventFired")
        check(evaluate("location.href") == "file://" + first, "← did not go back")
    print(f"ok search, '/', → and ← on {os.path.basename(first)}")

    shots = [("lesson.png", 1200, 1600, False, "light"), ("lesson-dark.png", 1200, 1600, False, "dark"),
             ("lesson-phone.png", 390, 844, True, "light")]
    wanted = os.environ.get("SHOT_PAGE", "01-")
    shot_page = next((p for p in lessons if os.path.basename(p).startswith(wanted)), first)
    for file, width, height, mobile, scheme in shots:
        metrics(width, height, mobile)
        send("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]}, session=session)
        load("file://" + shot_page)
        data = send("Page.captureScreenshot", {"format": "png"}, session=session)["data"]
        with open(os.path.join(out, file), "wb") as handle:
            handle.write(base64.b64decode(data))
        print("screenshot " + os.path.join(out, file))
    send("Emulation.setEmulatedMedia", {"features": []}, session=session)
    metrics(1200, 1600)
    load("file://" + shot_page)
    box = evaluate("""(() => {
        const runs = [...document.querySelectorAll('section.snippet')].filter(s => s.querySelector('svg'));
        if (runs.length === 0) { return null; }
        const a = runs[0].getBoundingClientRect(), b = runs[Math.min(1, runs.length - 1)].getBoundingClientRect();
        return {x: a.left, y: a.top + scrollY, width: a.width, height: b.bottom - a.top};
    })()""")
    if box:
        box["scale"] = 1
        data = send("Page.captureScreenshot", {"format": "png", "clip": box, "captureBeyondViewport": True},
                    session=session)["data"]
        with open(os.path.join(out, "snippets.png"), "wb") as handle:
            handle.write(base64.b64decode(data))
        print("screenshot " + os.path.join(out, "snippets.png"))

    send("Emulation.setScriptExecutionDisabled", {"value": True}, session=session)
    load("file://" + shot_page)
    for problem in problems_since_load():
        failures.append(f"scripts off: {problem}")
    plain = evaluate("({text: document.querySelector('main').innerText.length,"
                     " search: document.querySelector('.search').hidden,"
                     " copies: document.querySelectorAll('button.copy').length})")
    check(plain["text"] > 500 and plain["search"] and plain["copies"] == 0,
          f"scripts off: the page does not read cleanly ({plain})")
    print("ok scripts off")

try:
    send("Browser.close", timeout=5)
except Exception:
    pass
try:
    proc.wait(timeout=10)
except subprocess.TimeoutExpired:
    proc.kill()
for problem in failures:
    print("FAIL " + problem)
print(f"browser test: {len(pages)} pages loaded, {len(failures)} problems")
sys.exit(1 if failures else 0)
EOF

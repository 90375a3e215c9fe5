#!/usr/bin/env bash
# Drives `lesson serve` in headless Chromium over the DevTools protocol (on a pipe, like
# scripts/browser-test.sh): opens the tokened URL (and checks the token leaves the address bar),
# edits a snippet's sleep, runs it and watches the lines arrive with their stamps while it runs,
# sees the timing check fail and every part of the page agree with it (the snippet's badge, the
# lesson's counts and sidebar dot at desktop and 390 px; the recording folded under its label,
# labelled while the run went on and already after the edit); holds the live timeline against the static page's timeline of that
# snippet (recorded by `lesson run 01` first): same drawings, labels, bands, key and table, each
# late line marked outside its window, grown as lines arrived, legible and uncut at desktop and
# 390 px widths; resets, runs again and sees it pass with the static timeline's marks; breaks it
# and sees the compile error on its editor line (and the file's line beside it); runs an exercise's
# starter and sees "not yet solved" (class live-unsolved, neither green nor red); touches the
# lesson file and sees the page reload; then, after two hints revealed with `lesson quiz 04 --hint`, sees the quiz page show both and
# offer the third, grades quiz 04's starter (each failed check with its hint, lesson link and the
# seed's replay command; no list bullet beside ✓/✗, nothing wider than a 390 px phone), grades its
# reference solution and shows the third hint. Then the attacks of issue 18: a second server started with
# --open hands the browser only a private redirect file (the token is on no command line), and the
# cookie it sets is not the token; a lesson whose markdown holds a <script>, an onerror= handler
# and a javascript: link that call the run API runs none of them (the page policy refuses each, and
# the page still works); in that workshop, a snippet that `lesson run 02` recorded as failed is
# fixed and run, and nothing on its page still claims a failure; seven tabs of one lesson all load (no page holds a connection open).
# Fails on any console error (a refused Content-Security-Policy shows up there), uncaught exception
# or request to another host, except the refusals the hostile lesson is expected to cause.
#
#   scripts/serve-browser-test.sh                    build `lesson`, then test
#   LESSON_BIN=path/to/lesson scripts/serve-browser-test.sh
#   BROWSER_TEST_OUT=dir                             where screenshots and timings go
#
# The learner's state (edits, answers, cache) goes to a temporary LESSON_STATE_DIR, so the
# workshop's own .lesson/ is not touched. Exit status: 0 passed, 1 a problem, 3 no browser.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${BROWSER_TEST_OUT:-/tmp/lesson-serve-browser-test}
mkdir -p "$out"
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome) \
    || { echo "serve-browser-test: no Chromium (scripts/browser-test.sh installs one)" >&2; exit 3; }
if [ -z "${LESSON_BIN:-}" ]; then
    swift build --product lesson >&2
    LESSON_BIN="$(swift build --show-bin-path)/lesson"
fi
state=$(mktemp -d /tmp/lesson-serve-state.XXXXXX)
token=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
port=${SERVE_PORT:-$((20000 + RANDOM % 20000))}
LESSON_STATE_DIR="$state" LESSON_SERVE_TOKEN="$token" NO_COLOR=1 \
    "$LESSON_BIN" serve --port "$port" >"$out/serve.log" 2>&1 &
server=$!
cleanup() { kill -INT "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$state"; }
trap cleanup EXIT
for _ in $(seq 1 100); do grep -q "token=" "$out/serve.log" 2>/dev/null && break; sleep 0.1; done
grep -q "http://127.0.0.1:$port/?token=$token" "$out/serve.log" || { cat "$out/serve.log" >&2; exit 1; }

PYTHONPATH=scripts timeout 300 python3 -u - "$browser" "$port" "$token" "$out" "$(pwd)" "$LESSON_BIN" "$state" <<'PY'
import base64, faulthandler, json, os, random, shutil, stat, subprocess, sys, tempfile, time, urllib.request
import devtools
from devtools import send, wait_for, evaluate, events
faulthandler.dump_traceback_later(280, exit=True)  # say where it hangs, if it ever does

browser, port, token, out, root, lesson_bin, state_dir = sys.argv[1:8]
lesson_bin = os.path.abspath(lesson_bin)
base = f"http://127.0.0.1:{port}"
allowed = [base + "/", "data:", "about:"]
devtools.start(browser, "lesson-serve-chromium-")
session = devtools.session

def load(url):
    send("Page.navigate", {"url": url}, session=session)
    wait_for("Page.loadEventFired")
    time.sleep(0.2)

def wait_until(expression, timeout=120, step=0.02):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = evaluate(expression)
        if value:
            return value
        time.sleep(step)
    for problem in problems():
        print("     seen: " + problem)
    print("     page: " + json.dumps(evaluate("""({url: location.href, editors: document.querySelectorAll('.live-editor').length,
        resources: performance.getEntriesByType('resource').map(function (e) { return e.name + ' ' + e.responseStatus; })})""")))
    raise TimeoutError("waited in vain for " + expression)

failures = []
def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message)
    if not condition:
        failures.append(message)

def problems():
    found = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.exceptionThrown":
            found.append("exception: " + json.dumps(params.get("exceptionDetails", {}))[:300])
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert", "warning"):
            found.append("console." + params["type"] + ": " + json.dumps(params.get("args"))[:300])
        elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
            found.append("log: " + params["entry"].get("text", "")[:300])
        elif method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            if not url.startswith(tuple(allowed)):
                found.append("request to another host: " + url)
    return found

def screenshot(name, selector=None):
    if selector:
        evaluate(f"document.querySelector({json.dumps(selector)}).scrollIntoView()")
        time.sleep(0.2)
    data = send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": False}, session=session)["data"]
    with open(os.path.join(out, name), "wb") as f:
        f.write(base64.b64decode(data))

def metrics(width, height, mobile=False):
    send("Emulation.setDeviceMetricsOverride",
         {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}, session=session)

# The structure of a timeline figure (the static page's or the live run's): per drawing the
# row labels, bands, marks and `late` words; the key; the table's verdicts; and, for the
# drawing shown at this width, its smallest text in px and any text that leaves it.
FIGURE_JS = r"""(function (figure) {
  if (!figure) { return null; }
  var own = function (t) { return [].slice.call(t.childNodes).filter(function (n) { return n.nodeType === 3; })
    .map(function (n) { return n.textContent; }).join(''); };
  var all = function (root, css) { return [].slice.call(root.querySelectorAll(css)); };
  var out = {key: all(figure, 'figcaption .key-item').map(function (k) { return k.textContent.trim(); }), drawings: {},
    table: all(figure, '.timeline-table tbody tr:not(.end) td:last-child').map(function (td) { return td.textContent.split(' by ')[0]; })};
  all(figure, 'svg.timeline').forEach(function (svg) {
    var name = svg.classList.contains('timeline-narrow') ? 'narrow' : 'wide';
    out.drawings[name] = {labels: all(svg, '.row-label').map(own), ends: all(svg, '.end-label').length,
      bands: all(svg, '.band').length, missing: all(svg, '.band-missing').length, elapsed: all(svg, '.band-elapsed').length,
      marks: all(svg, '.mark').map(function (m) { return m.getAttribute('class'); }),
      words: all(svg, 'text.verdict').map(function (t) { return t.textContent; }), endOff: all(svg, '.end-mark.off').length};
    if (svg.getClientRects().length === 0) { return; }
    var frame = svg.getBoundingClientRect(), scale = frame.width / svg.viewBox.baseVal.width;
    out.shown = name; out.smallest = 99; out.outside = [];
    all(svg, 'text').forEach(function (t) {
      out.smallest = Math.min(out.smallest, parseFloat(getComputedStyle(t).fontSize) * scale);
      var b = t.getBoundingClientRect();
      if (b.left < frame.left - 1 || b.right > frame.right + 1 || b.top < frame.top - 1 || b.bottom > frame.bottom + 1) {
        out.outside.push(own(t));
      }
    });
    out.right = frame.right;
  });
  return out;
})(document.querySelector(%s))"""

def figure(selector):
    return evaluate(FIGURE_JS % json.dumps(selector))

def static_figure(section):
    """The recorded timeline, in the part of the section that `lesson run`'s recording wrote."""
    return figure(f"{section} > .recorded-run > figure.timeline-figure")

def live_figure(section):
    return figure(f"{section} .live-output figure.timeline-figure")

def same_drawings(live, static):
    """What the live figure must share with the static one for the same snippet."""
    shape = lambda d: (d["labels"], d["ends"], d["bands"], d["missing"], d["elapsed"], len(d["marks"]))
    return live["key"] == static["key"] and sorted(live["drawings"]) == sorted(static["drawings"]) and all(
        shape(live["drawings"][n]) == shape(static["drawings"][n]) for n in live["drawings"])

def legible(fig, label, width):
    """The drawing shown at this width: the wide one on a desktop, the narrow one on a phone,
    no text below 10 px, none cut off at its edges, and the drawing inside the window."""
    wanted = "narrow" if width < 500 else "wide"
    check(fig is not None and fig.get("shown") == wanted, f"{label}: the {wanted} drawing is shown at {width}px ({fig and fig.get('shown')})")
    if fig and fig.get("shown"):
        check(fig["smallest"] >= 10, f"{label}: timeline text at {width}px is {fig['smallest']:.1f}px or more")
        check(not fig["outside"], f"{label}: no timeline text is cut off at {width}px {fig['outside']}")
        check(fig["right"] <= width + 1, f"{label}: the drawing fits the {width}px window ({fig['right']:.0f})")

# Everything a snippet's section says of its verdict, shown at this width: each visible element
# outside the live run's own panel (and outside the label of the recorded part, which says it is
# the recording) whose class or words claim the verdicts given; the snippet's badge; the recorded
# part's label and whether it is folded; and what the page says of the lesson (its badge with the
# recorded counts, the sidebar's dot, the sentence under the recording's).
CLAIMS_JS = r"""(function (selector, classes, words) {
  var s = document.querySelector(selector), pattern = new RegExp(words, 'i');
  // What a reader sees: not the inside of a folded <details>, nothing hidden or transparent.
  var shown = function (e) { return e.checkVisibility({contentVisibilityAuto: true, opacityProperty: true, visibilityProperty: true}); };
  var own = function (e) { return [].slice.call(e.childNodes).filter(function (n) { return n.nodeType === 3; })
    .map(function (n) { return n.textContent; }).join('').trim(); };
  var claims = [];
  [s].concat([].slice.call(s.querySelectorAll('*'))).forEach(function (e) {
    if (e.closest('.live-output') || e.closest('summary.recorded-label') || !shown(e)) { return; }
    var names = (e.getAttribute('class') || '').split(/\s+/), text = own(e);
    if (names.some(function (c) { return classes.indexOf(c) >= 0; }) || (text && pattern.test(text))) {
      claims.push(e.tagName.toLowerCase() + '.' + names.join('.') + ' "' + text.slice(0, 50) + '"');
    }
  });
  var badge = s.querySelector('.snippet-head .badge:not([hidden])'), label = s.querySelector('summary.recorded-label');
  var kicker = document.querySelector('article.lesson .kicker .badge:not(.stale)');
  var dot = document.querySelector('.sidebar a[aria-current=page] .dot'), tally = document.querySelector('.live-tally');
  return {claims: claims, badge: badge && [badge.className, badge.textContent], label: label ? label.textContent : '',
    folded: !!label && !label.parentNode.open, classes: s.className, kicker: [kicker.className, kicker.textContent],
    counts: ['passed', 'failed', 'errors', 'skipped', 'unsolved'].map(function (k) { return parseInt(kicker.getAttribute('data-' + k), 10); }),
    dot: dot && dot.className, tally: tally && !tally.hidden ? tally.textContent : '',
    status: (s.querySelector('.live-status') || {}).textContent || ''};
})(%s, %s, %s)"""
CLAIMS_PASS = (["pass", "ok", "status-pass", "live-pass"], r"✓|on time|\bpass(ed|es)?\b")
CLAIMS_FAILURE = (["fail", "error", "off", "late", "missing", "open", "unsolved", "status-fail", "status-error",
                   "status-unsolved", "live-fail", "live-unsolved"], r"✗|○|\bfail(ed|s|ure)?\b|not yet|not judged|\blate\b|missing")

def claims(selector, kind):
    return evaluate(CLAIMS_JS % (json.dumps(selector), json.dumps(kind[0]), json.dumps(kind[1])))

def progress(c):
    """The lesson's counts in `Summary.progress`'s words, as the page's badge must say them."""
    parts = [f"{c['passed']} passed"]
    parts += [f"{c[k]} {w}" for k, w in (("failed", "failed"), ("errors", "errors"), ("skipped", "skipped")) if c[k]]
    if c["unsolved"]:
        parts.append(f"{c['unsolved']} exercise{'' if c['unsolved'] == 1 else 's'} not yet solved")
    total = sum(c.values())
    return f"{total} snippet{'' if total == 1 else 's'}: " + ", ".join(parts)

def recounted(look, moved_from, moved_to):
    counts = dict(zip(["passed", "failed", "errors", "skipped", "unsolved"], look["counts"]))
    counts[moved_from] -= 1
    counts[moved_to] += 1
    return progress(counts)

def agrees_after_run(selector, label, verdict, word, contrary, moved, name):
    """After a live run with verdict `verdict`, at desktop and phone width: the section's badge
    says it, nothing else in the section claims the contrary, the recording is folded under its
    label, and the lesson's badge, dot and sentence count the live verdict."""
    for size, width, mobile in (("desktop", 1200, False), ("phone", 390, True)):
        metrics(width, 1600 if width > 500 else 844, mobile)
        time.sleep(0.3)
        look = claims(selector, contrary)
        print(f"     {label} ({size}): " + json.dumps({k: look[k] for k in ("badge", "label", "kicker", "dot", "tally", "status")}))
        check(not look["claims"], f"{label} ({size}): nothing in the section still claims the recorded verdict: {look['claims']}")
        check(look["badge"] == [f"badge {verdict}", word], f"{label} ({size}): the badge says the live verdict: {look['badge']}")
        check(look["status"].startswith(word if verdict != "unsolved" else "not yet solved"),
              f"{label} ({size}): the run panel says the same: {look['status'][:80]}")
        check(look["folded"] and look["label"].startswith("Recorded by lesson run at ") and "before this" in look["label"],
              f"{label} ({size}): the recording is folded under its label: {look['label']!r}")
        expected = recounted(look, *moved)
        kind = "fail" if (" failed" in expected or " errors" in expected) else "pass"
        check(look["kicker"] == [f"badge {kind}", expected], f"{label} ({size}): the lesson's badge counts it: {look['kicker']} (expected {expected})")
        check(look["dot"] == f"dot {kind}", f"{label} ({size}): the sidebar's dot agrees: {look['dot']}")
        check(f"{name} {word}" in look["tally"], f"{label} ({size}): the sentence under the recording's names it: {look['tally']!r}")
        screenshot(f"serve-{label.replace(' ', '-')}-{size}.png", selector)
    metrics(1200, 1600)
    time.sleep(0.3)

snippet = "#snippet-emails-while-brewing"
lesson = "01-waiting-without-blocking.html"
# Record lesson 01's run, as a learner's `lesson run 01` does: the page then shows the static
# timeline of a real run, to hold the live one against.
subprocess.run([lesson_bin, "run", "01"], cwd=root, env=dict(os.environ, LESSON_STATE_DIR=state_dir),
               stdout=subprocess.DEVNULL, check=True)
load(f"{base}/{lesson}?token={token}")
check(evaluate("location.pathname + location.search") == "/" + lesson, "the token left the address bar after the exchange")
check(evaluate("document.cookie") == "", "the session cookie is HttpOnly (not visible to scripts)")
wait_until(f"!!document.querySelector('{snippet} textarea.live-input')", timeout=20)
time.sleep(0.5)
editor_count = evaluate("document.querySelectorAll('textarea.live-input').length")
check(evaluate("document.querySelectorAll('section.snippet.live').length") >= 3, "every runnable snippet got an editor")
original = evaluate(f"document.querySelector('{snippet} textarea').value")
at_load = claims(snippet, CLAIMS_FAILURE)
check(at_load["badge"] == ["badge pass", "pass"] and not at_load["claims"] and not at_load["folded"]
      and at_load["label"].startswith("Recorded by lesson run at ") and "before" not in at_load["label"],
      f"before any edit the section says the recording's pass, labelled as the recording: {at_load['badge']} {at_load['label']!r}")
check(at_load["tally"] == "" and at_load["kicker"][1] == progress(dict(zip(["passed", "failed", "errors", "skipped", "unsolved"], at_load["counts"]))),
      f"the lesson's badge says the recorded counts in the terminal's words: {at_load['kicker']}")
# An edit of a snippet drawn in a comparison: the comparison says it was drawn from the recording;
# undoing the edit brings the recording's word back everywhere.
def type_into(selector, script):
    evaluate(f"""(function () {{ var t = document.querySelector('{selector} textarea'); {script}
        t.dispatchEvent(new Event('input')); }})()""")
type_into("#snippet-async-let", "t.value += ' ';")
compared = evaluate("(document.querySelector('.comparison .live-comparison-note') || {}).textContent || ''")
check(compared.startswith("Drawn from the runs recorded by lesson run at ") and "async-let edited, not run" in compared,
      f"a comparison drawn from the recording says that a snippet of it was edited since: {compared!r}")
type_into("#snippet-async-let", "t.value = t.value.slice(0, -1);")
undone = claims("#snippet-async-let", CLAIMS_FAILURE)
check(undone["badge"] == ["badge pass", "pass"] and undone["kicker"] == at_load["kicker"] and undone["tally"] == ""
      and not evaluate("document.querySelector('.comparison .live-comparison-note')"),
      f"undoing the edit shows the recording's verdict again: {undone['badge']} {undone['kicker']}")
time.sleep(0.5)  # the undo is saved, so no edit is left behind
running_views = set()
check("milliseconds(200)" in original, "the editor holds the lesson's code")

def run_and_watch(label):
    evaluate(f"document.querySelector('{snippet} .live-run').click()")
    seen, started, drawn = [], time.time(), set()
    while True:
        rows = evaluate(f"""Array.from(document.querySelectorAll('{snippet} .live-line')).map(function (li) {{
            return [li.getAttribute('data-t'), li.textContent]; }})""")
        for row in rows[len(seen):]:
            seen.append((time.time() - started, float(row[0]), row[1]))
        if evaluate(f"document.querySelector('{snippet} .live-run').disabled"):
            # While it runs: how many marks the live timeline shows, against the lines so far.
            drawn.add((evaluate(f"document.querySelectorAll('{snippet} .live-output svg.timeline-wide .mark').length"), len(rows)))
            view = claims(snippet, CLAIMS_PASS)
            # Kept only if, after the view was read, the run was still going: no verdict's
            # checks drawn yet and the button still disabled (it is enabled, and the badge
            # set to the verdict, in one step when the run ends). A view read after that step
            # is of the verdict, not of the running page.
            if evaluate(f"document.querySelector('{snippet} .live-run').disabled && "
                        f"document.querySelectorAll('{snippet} .live-check').length === 0"):
                running_views.add((tuple(view["badge"]), view["label"], view["folded"], tuple(view["claims"])))
        if evaluate(f"!document.querySelector('{snippet} .live-run').disabled && document.querySelectorAll('{snippet} .live-check').length > 0"):
            break
        if time.time() - started > 180:
            raise TimeoutError(label + ": the run never ended")
        time.sleep(0.02)
    rows = evaluate(f"""Array.from(document.querySelectorAll('{snippet} .live-line')).map(function (li) {{
        return [li.getAttribute('data-t'), li.textContent]; }})""")
    for row in rows[len(seen):]:
        seen.append((time.time() - started, float(row[0]), row[1]))
    checks = evaluate(f"""Array.from(document.querySelectorAll('{snippet} .live-check')).map(function (li) {{
        return [li.className, li.getAttribute('data-kind'), li.textContent]; }})""")
    marks = evaluate(f"document.querySelectorAll('{snippet} .live-output svg.timeline-wide .mark').length")
    for at, t, text in seen:
        print(f"     {label}: seen after {at:6.3f}s  {text}")
    growing = sorted(m for m, lines in drawn if 0 < m < len(seen))
    check(bool(growing), f"{label}: the live timeline grew as lines arrived (marks seen while running: {sorted(drawn)})")
    return seen, checks, marks

# Edit the sleep: 200 ms between emails becomes 400 ms.
evaluate(f"""(function () {{ var t = document.querySelector('{snippet} textarea');
    t.value = t.value.replace('milliseconds(200)', 'milliseconds(400)');
    t.dispatchEvent(new Event('input')); }})()""")
time.sleep(0.5)
check(evaluate(f"!document.querySelector('{snippet} .live-edited').hidden"), "the snippet is marked as edited")
edited_look = claims(snippet, CLAIMS_PASS)
check(edited_look["badge"] == ["badge none", "edited, not run"] and not edited_look["claims"],
      f"an edit, not run yet: the badge says so and nothing claims the recorded pass: {edited_look['badge']} {edited_look['claims']}")
check(edited_look["folded"] and edited_look["label"].startswith("Recorded by lesson run at ") and "before this edit" in edited_look["label"],
      f"the recording is folded under a label that says it is about the code before this edit: {edited_look['label']!r}")
check("1 edited, not run" in edited_look["kicker"][1] and "emails-while-brewing edited, not run" in edited_look["tally"],
      f"the lesson's badge and sentence count the edit: {edited_look['kicker']} / {edited_look['tally']!r}")
seen, checks, marks = run_and_watch("edited")
print("     while running: " + json.dumps(sorted(running_views)))
check(running_views and all(badge == ("badge none", "running…") and label.startswith("Recorded by lesson run at ")
      and "before this edit" in label and not found for badge, label, folded, found in running_views),
      f"while the run went on, the badge said running and the recording was labelled as the recording")
check(len(seen) == 4, f"four lines arrived ({len(seen)})")
check(all(text.startswith("[") and "s] " in text for _, _, text in seen), "every line shows its stamp")
if len(seen) == 4:
    check(seen[3][0] - seen[0][0] >= 0.6, f"lines arrived as printed: first after {seen[0][0]:.2f}s, last after {seen[3][0]:.2f}s")
    check(abs(seen[0][1] - 0.4) < 0.15, f"the first email is stamped near 0.4 s ({seen[0][1]:.3f})")
check(marks == len(seen), f"the timeline has a mark per line ({marks})")
failing = [c for c in checks if "fail" in c[0].split()]
check(any(kind == "timing" for _, kind, _ in failing), "the timing check failed: " + "; ".join(c[2] for c in failing)[:200])
# The live timeline is the static page's design: same drawings, labels, bands and key as the
# static timeline of this snippet, and each late line marked outside its window, in words too.
live, static = live_figure(snippet), static_figure(snippet)
check(static is not None and live is not None, "the page shows the static timeline and the live one")
if static and live:
    print("     static: " + json.dumps(static["drawings"]["wide"]))
    print("     live:   " + json.dumps(live["drawings"]["wide"]))
    check(same_drawings(live, static), "the late run's timeline has the static one's drawings, labels, bands and key")
    check("outside its window" in live["key"], f"the key explains the outside-its-window mark: {live['key']}")
    for name, drawing in live["drawings"].items():
        late = [m for m in drawing["marks"] if "late" in m.split()]
        check(len(late) >= 3 and drawing["words"].count("late") == len(late) + drawing["endOff"],
              f"{name}: each late line (and a late end) is marked outside its window and says 'late' ({len(late)} marks, "
              f"{drawing['endOff']} late end, words {drawing['words']})")
    check(live["table"].count("late") >= 3, f"the live table names the late lines: {live['table']}")
    legible(live, "the late run", 1200)
    metrics(390, 844, True)
    time.sleep(0.3)
    legible(live_figure(snippet), "the late run on a phone", 390)
    # The recording is folded under its label after the live run; opened, its timeline reads too.
    evaluate(f"document.querySelector('{snippet} .recorded-run').open = true")
    legible(static_figure(snippet), "the static timeline on a phone", 390)
    evaluate(f"document.querySelector('{snippet} .recorded-run').open = false")
    page_width = evaluate("document.documentElement.scrollWidth")
    check(page_width <= 391, f"the page with the live run fits a 390px phone ({page_width}px)")
    screenshot("serve-edited-run-phone.png", snippet + " .live-timeline-wrap")
    metrics(1200, 1600)
    time.sleep(0.3)
screenshot("serve-edited-run.png", snippet)
# The failing live run of a snippet whose recording passed: every part of the page says fail.
agrees_after_run(snippet, "failed live run", "fail", "fail", CLAIMS_PASS, ("passed", "failed"), "emails-while-brewing")

# Reload: the edit is kept.
load(f"{base}/{lesson}")
wait_until(f"!!document.querySelector('{snippet} textarea.live-input')", timeout=20)
check("milliseconds(400)" in evaluate(f"document.querySelector('{snippet} textarea').value"), "a reload keeps the edit")
evaluate(f"document.querySelector('{snippet} .live-reset').click()")
wait_until(f"document.querySelector('{snippet} textarea').value.indexOf('milliseconds(200)') >= 0", timeout=10)
check(evaluate(f"document.querySelector('{snippet} .live-edited').hidden"), "reset clears the edited mark")
seen, checks, marks = run_and_watch("reset")
check(len(checks) > 0 and all("pass" in c[0].split() for c in checks), "after reset every check passes: " + "; ".join(c[2] for c in checks)[:300])
live, static = live_figure(snippet), static_figure(snippet)
if static and live:
    check(same_drawings(live, static), "the passing run's timeline has the static one's drawings, labels, bands, marks and key")
    check(live["table"] == static["table"], f"the live table's verdicts are the static one's: {live['table']} / {static['table']}")
    check(all(sorted(live["drawings"][n]["marks"]) == sorted(static["drawings"][n]["marks"]) for n in live["drawings"]),
          "the live marks are classed as the recorded run's (on time)")
    check(not any(d["words"] for d in live["drawings"].values()), "no line of the passing run is marked late")
else:
    check(False, "the page shows the static timeline and the live one after the passing run")
with open(os.path.join(out, "page-stamps.json"), "w") as f:
    json.dump([t for _, t, _ in seen], f)
screenshot("serve-reset-run.png", snippet)
after_reset = claims(snippet, CLAIMS_FAILURE)
check(after_reset["badge"] == ["badge pass", "pass"] and not after_reset["claims"] and "before this run" in after_reset["label"],
      f"the passing run of the lesson's code: the badge says pass, nothing claims failure: {after_reset['badge']} {after_reset['claims']}")
check(after_reset["kicker"] == at_load["kicker"] and after_reset["dot"] == at_load["dot"],
      f"the lesson's badge and dot are the recording's again: {after_reset['kicker']} / {at_load['kicker']}")

# A compile error lands on the editor's line.
evaluate(f"""(function () {{ var t = document.querySelector('{snippet} textarea');
    t.value = t.value.replace('print("sent email', 'let wrong: Int = "x"\\nprint("sent email');
    t.dispatchEvent(new Event('input')); }})()""")
evaluate(f"document.querySelector('{snippet} .live-run').click()")
wait_until(f"!document.querySelector('{snippet} .live-run').disabled && document.querySelectorAll('{snippet} .live-diagnostic').length > 0", timeout=120)
diagnostic = evaluate(f"document.querySelector('{snippet} .live-diagnostic').textContent")
check(diagnostic.startswith("line 5:"), f"the compile error points at editor line 5: {diagnostic[:120]}")
check(f"({lesson.replace('.html', '.md')}:" in diagnostic.split(": error")[0],
      f"the file's line is named as the file's, beside the editor's: {diagnostic[:120]}")
check(evaluate(f"document.querySelectorAll('{snippet} .live-marker').length") >= 1, "the error is marked in the editor")
evaluate(f"document.querySelector('{snippet} .live-reset').click()")
wait_until(f"document.querySelector('{snippet} .live-edited').hidden", timeout=10)

# An exercise's starter reads as not yet solved: neither a pass nor a failure, in words.
exercise = "#snippet-both-at-once"
evaluate(f"document.querySelector('{exercise} .live-run').click()")
wait_until(f"!document.querySelector('{exercise} .live-run').disabled && document.querySelectorAll('{exercise} .live-check').length > 0", timeout=120)
look = evaluate(f"""(function () {{ var s = document.querySelector('{exercise}');
    var open = [].slice.call(s.querySelectorAll('.live-check.open'));
    return {{classes: s.className, status: s.querySelector('.live-status').textContent,
      border: getComputedStyle(s).borderLeftColor, borderStyle: getComputedStyle(s).borderLeftStyle,
      open: open.map(function (li) {{ return [li.textContent, getComputedStyle(li).color]; }}),
      failed: s.querySelectorAll('.live-check.fail').length}}; }})()""")
colors = evaluate("""(function () { var probe = document.createElement('span'); document.body.appendChild(probe);
    var read = function (v) { probe.style.color = 'var(' + v + ')'; return getComputedStyle(probe).color; };
    var out = {pass: read('--pass'), fail: read('--fail')}; probe.remove(); return out; })()""")
print("     unsolved: " + json.dumps(look))
check("live-unsolved" in look["classes"].split() and "live-fail" not in look["classes"].split()
      and "live-pass" not in look["classes"].split(), f"the unsolved exercise is classed live-unsolved: {look['classes']}")
check(look["status"].startswith("not yet solved"), f"the page says it in words: {look['status']}")
check(look["border"] not in colors.values() and look["borderStyle"] == "dashed",
      f"its border is neither green nor red ({look['border']}, {look['borderStyle']}; pass {colors['pass']}, fail {colors['fail']})")
check(len(look["open"]) > 0 and look["failed"] == 0 and all(text.startswith("○ not yet ") and color not in colors.values()
      for text, color in look["open"]), f"its unmet checks say 'not yet', in neither green nor red: {look['open']}")
solved = claims(exercise, CLAIMS_PASS)
check(solved["badge"] == ["badge unsolved", "not yet solved"], f"the exercise's badge says not yet solved: {solved['badge']}")
exercise_live, exercise_static = live_figure(exercise), static_figure(exercise)
check(exercise_live is not None and exercise_static is not None and same_drawings(exercise_live, exercise_static),
      "the exercise's live timeline has the static one's drawings, labels, bands and key")
screenshot("serve-unsolved.png", exercise)

# A lesson file that changes on disk reloads the page showing it.
evaluate("window.stillTheSamePage = true")
time.sleep(0.5)
os.utime(os.path.join(root, "Lessons", lesson.replace(".html", ".md")))
wait_until("window.stillTheSamePage === undefined && !!document.querySelector('section.snippet')", timeout=15)
check(True, "the page reloaded when its lesson file changed")

# Quiz 04 with its reference solution. Two hints were revealed in the terminal
# (`lesson quiz 04 --hint`, twice): the page shows both and offers the third.
solution = open(os.path.join(root, "Quizzes/04-lazy-connection/Solution.swift")).read()
subprocess.run([lesson_bin, "quiz", "04", "--hint"], cwd=root, env=dict(os.environ, LESSON_STATE_DIR=state_dir),
               stdout=subprocess.DEVNULL, check=True)
subprocess.run([lesson_bin, "quiz", "04", "--hint"], cwd=root, env=dict(os.environ, LESSON_STATE_DIR=state_dir),
               stdout=subprocess.DEVNULL, check=True)
load(f"{base}/quiz-04-lazy-connection.html")
wait_until("!!document.querySelector('article.quiz textarea.live-input')", timeout=20)
wait_until("document.querySelectorAll('.live-hints li').length === 2", timeout=10)
offer = evaluate("document.querySelector('.live-hint').textContent")
check(offer.startswith("Show a hint (3 of"), f"after two hints in the terminal the page offers the third: {offer}")

# The starter fails: the page says what `lesson grade` says for each failed check (its message,
# hint and lesson section, linked), and the seed with the command that replays it.
def graded():
    return wait_until("""(function () { var s = document.querySelector('article.quiz .live-status').textContent;
        return document.querySelector('.live-grade').disabled ? '' : (/checks? pass\\.$/.test(s) || s.indexOf('error') === 0 ? s : ''); })()""", timeout=240)
evaluate("document.querySelector('.live-grade').click()")
status = graded()
failed = evaluate("""Array.from(document.querySelectorAll('article.quiz li.live-check.fail')).map(function (li) {
    var a = li.querySelector('.live-read a');
    return {hint: !!li.querySelector('.live-hint-text'), link: a ? a.getAttribute('href') : '',
            message: (li.querySelector('.live-message') || {}).textContent || ''}; })""")
seed = evaluate("(document.querySelector('article.quiz .live-seed') || {}).textContent || ''")
check(" of " in status and not status.startswith("All"), f"the starter fails: {status}")
check(len(failed) > 0 and all(f["hint"] and f["message"] for f in failed), f"each failed check has its message and hint ({len(failed)})")
check(all(f["link"].endswith(".html") or ".html#" in f["link"] for f in failed), f"each links its lesson section: {[f['link'] for f in failed]}")
drawn = seed.split("seed ")[1].split(";")[0] if "seed " in seed else "?"
check(f"'lesson grade 04 --seed {drawn}' replays them" in seed, f"the seed and its replay command: {seed}")
screenshot("serve-quiz-failed.png", "article.quiz .live-controls")
# The grade on a phone: nothing wider than the window, no list bullet beside the ✓ and ✗.
def grade_view(width):
    return evaluate("""(function (width) {
      var wide = [];
      document.querySelectorAll('article.quiz .live-checks *, article.quiz .live-diagnostics *, article.quiz .live-controls *, article.quiz .live-hints *').forEach(function (e) {
        var r = e.getBoundingClientRect();
        if (r.width > 0 && (r.right > width + 1 || r.left < -1)) { wide.push(e.tagName + '.' + e.className + ' ' + Math.round(r.right)); }
      });
      return {page: document.documentElement.scrollWidth, wide: wide.slice(0, 5),
        bullets: [].slice.call(document.querySelectorAll('article.quiz li.live-check')).map(function (li) { return getComputedStyle(li).listStyleType; })};
    })(%d)""" % width)
for label, width, mobile in (("desktop", 1200, False), ("phone", 390, True)):
    metrics(width, 1600 if width > 500 else 844, mobile)
    time.sleep(0.3)
    view = grade_view(width)
    check(view["page"] <= width + 1 and not view["wide"], f"{label}: the grade fits {width}px (page {view['page']}px; {view['wide']})")
    check(view["bullets"] and all(b == "none" for b in view["bullets"]), f"{label}: grade rows have no list bullet ({set(view['bullets'])})")
    if mobile:
        screenshot("serve-quiz-failed-phone.png", "article.quiz .live-checks")
metrics(1200, 1600)
evaluate(f"""(function () {{ var t = document.querySelector('article.quiz textarea');
    t.value = {json.dumps(solution)}; t.dispatchEvent(new Event('input')); }})()""")
evaluate("document.querySelector('.live-grade').click()")
status = graded()
verdicts = evaluate("Array.from(document.querySelectorAll('article.quiz .live-check')).map(function (li) { return li.className + ' ' + li.textContent; })")
check(status.startswith("All "), f"quiz 04 graded with the solution: {status}")
check(evaluate("!document.querySelector('article.quiz .live-edited').hidden"), "the answer is marked as edited")
check(len(verdicts) > 0 and all(" pass " in " " + v + " " for v in verdicts), f"each check's verdict is shown ({len(verdicts)})")
evaluate("document.querySelector('.live-hint').click()")
wait_until("document.querySelectorAll('.live-hints li').length === 3", timeout=10)
check(True, "one hint shown at a time")
revealed = open(os.path.join(state_dir, "answers/04-lazy-connection/hints-revealed")).read().strip()
check(revealed == "3", f"the page's hint is the terminal's progress too: hints-revealed holds {revealed}")
screenshot("serve-quiz.png", "article.quiz .live-controls")

# Seven tabs of one lesson: the seventh loads and gets its editors (no tab holds a connection).
tabs = []
for _ in range(7):
    target = send("Target.createTarget", {"url": f"{base}/{lesson}"})["targetId"]
    tabs.append(send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"])
def in_tab(tab, expression):
    return send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=tab)["result"].get("value")
deadline = time.time() + 30
while time.time() < deadline and in_tab(tabs[-1], "document.querySelectorAll('textarea.live-input').length") < editor_count:
    time.sleep(0.1)
editors = in_tab(tabs[-1], "document.querySelectorAll('textarea.live-input').length")
check(editors == editor_count, f"the seventh tab of one lesson loaded with all {editor_count} editors ({editors})")
time.sleep(2.5)  # two polls of every tab
check(in_tab(tabs[-1], "document.readyState") == "complete", "the seventh tab stays loaded while all seven poll")
for tab in tabs:
    try:
        send("Target.closeTarget", {"targetId": send("Target.getTargetInfo", {}, session=tab)["targetInfo"]["targetId"]})
    except Exception:
        pass

# The hostile workshop, served by a second server started with --open.
hostile = tempfile.mkdtemp(prefix="lesson-serve-hostile-")
os.makedirs(os.path.join(hostile, "Lessons"))
os.makedirs(os.path.join(hostile, "Quizzes"))
marker = os.path.join(hostile, "pwned-marker")
attack_run = json.dumps({"code": 'import Foundation\nFileManager.default.createFile(atPath: "' + marker + '", contents: nil)\n'})
with open(os.path.join(hostile, "Lessons", "01-hostile.md"), "w") as f:
    f.write("# Hostile\n\nA lesson whose markdown calls the run API.\n\n"
        "<script>window.pwned = 'script'; fetch('/api/lessons/01-hostile/snippets/target', {method: 'PUT', "
        "headers: {'Content-Type': 'application/json'}, body: JSON.stringify({code: 'print(1)'})}); "
        "fetch('/api/lessons/01-hostile/snippets/target/run', {method: 'POST', headers: {'Content-Type': 'application/json'}, "
        "body: " + json.dumps(attack_run) + "});</script>\n\n"
        "<img src=\"data:,\" onerror=\"window.pwned = 'handler'; fetch('/api/lessons/01-hostile/snippets/target/run', "
        "{method: 'POST', headers: {'Content-Type': 'application/json'}, body: '{}'})\">\n\n"
        "<a id=\"jslink\" href=\"javascript:window.pwned='link'\">a link</a>\n\n"
        "```swift id=target\nprint(\"hello\")\n```\n\n```output\nhello\n```\n")
recorder = os.path.join(hostile, "browser.sh")
opened = os.path.join(hostile, "browser-arguments")
with open(recorder, "w") as f:
    f.write("#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + opened + "'\n")
os.chmod(recorder, 0o755)
port2 = random.randint(20000, 40000)
while str(port2) == port:
    port2 = random.randint(20000, 40000)
base2 = f"http://127.0.0.1:{port2}"
env = dict(os.environ, LESSON_SERVE_TOKEN=token[::-1], BROWSER=recorder, NO_COLOR="1")
env.pop("LESSON_STATE_DIR", None)
# And a lesson whose recorded run failed, as `lesson run 02` records it: the page's run of the
# fixed code must then leave nothing on the page that claims the failure.
with open(os.path.join(hostile, "Lessons", "02-recorded-failure.md"), "w") as f:
    f.write("# Recorded failure\n\nA snippet that prints the wrong word.\n\n"
        "```swift id=greeting\nprint(\"hello\")\n```\n\n```output\ngoodbye\n```\n")
recording = subprocess.run([lesson_bin, "run", "02"], cwd=hostile, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
check(recording.returncode != 0 and "failed" in recording.stdout, f"lesson run 02 recorded a failure: {recording.stdout.strip()[-120:]}")
second = subprocess.Popen([lesson_bin, "serve", "--port", str(port2), "--open"], cwd=hostile, env=env,
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    for _ in range(100):
        if os.path.exists(opened) and open(opened).read():
            break
        time.sleep(0.1)
    argument = open(opened).read().strip()
    check(argument.startswith("file://") and token[::-1] not in argument,
        f"--open gave the browser a file, not the token: {argument}")
    redirect = argument[len("file://"):]
    mode = stat.S_IMODE(os.lstat(redirect).st_mode)
    check(mode == 0o600, f"the redirect file is readable by the user only ({oct(mode)})")
    allowed += [base2 + "/", "file://"]
    first_hostile_event = len(events)
    send("Page.addScriptToEvaluateOnNewDocument", {"source": """window.violations = [];
        document.addEventListener('securitypolicyviolation', function (e) {
          window.violations.push(e.effectiveDirective + ' ' + (e.sample || '').slice(0, 40)); });"""}, session=session)
    load(argument)
    wait_until(f"location.href === '{base2}/'", timeout=20)
    check(True, "the redirect file opened the workshop and the token left the address bar")
    cookies = send("Network.getCookies", {"urls": [base2 + "/"]}, session=session)["cookies"]
    ours = [c for c in cookies if c["name"] == f"lesson-serve-{port2}"]
    check(len(ours) == 1 and ours[0]["value"] != token[::-1] and token[::-1] not in ours[0]["value"],
        "the session cookie holds a secret that is not the token")
    check(len(ours) == 1 and ours[0]["httpOnly"] and ours[0]["sameSite"] == "Strict", "the cookie is HttpOnly and SameSite=Strict")
    load(f"{base2}/01-hostile.html")
    wait_until("!!document.querySelector('#snippet-target textarea.live-input')", timeout=20)
    check(True, "the hostile lesson's page still works: its snippet got an editor")
    time.sleep(1)
    before_click = len(evaluate("window.violations"))
    evaluate("document.getElementById('jslink').click()")
    time.sleep(1)
    check(evaluate("window.pwned === undefined"), f"no script of the lesson ran (window.pwned = {evaluate('String(window.pwned)')})")
    violations = evaluate("window.violations")
    print("     refused: " + json.dumps(violations))
    check(any(v.startswith("script-src-elem") for v in violations), "the policy refused the lesson's <script>")
    check(any(v.startswith("script-src-attr") for v in violations), "the policy refused the lesson's onerror= handler")
    check(len(violations) == before_click + 1 and violations[-1].startswith("script-src"),
        "the policy refused the javascript: link")
    request = urllib.request.Request(f"{base2}/api/lessons/01-hostile/snippets/target",
        headers={"Authorization": "token " + token[::-1]})
    state = json.load(urllib.request.urlopen(request))
    check(not state["edited"], "the lesson's script stored no edit")
    check(not os.path.exists(marker), "the lesson's script ran nothing (no marker file)")
    expected = [e for e in events[first_hostile_event:] if e.get("method") == "Log.entryAdded"
        and "Content Security Policy" in e["params"]["entry"].get("text", "")]
    check(len(expected) >= 2, f"the refusals were logged ({len(expected)})")
    events[:] = [e for e in events if e not in expected]

    # The recorded failure, fixed and run on the page: every part of it says pass.
    failing = "#snippet-greeting"
    load(f"{base2}/02-recorded-failure.html")
    wait_until(f"!!document.querySelector('{failing} textarea.live-input')", timeout=20)
    recorded_fail = claims(failing, CLAIMS_PASS)
    check(recorded_fail["badge"] == ["badge fail", "fail"] and recorded_fail["kicker"][0] == "badge fail",
          f"the page shows the recorded failure first: {recorded_fail['badge']} {recorded_fail['kicker']}")
    evaluate(f"""(function () {{ var t = document.querySelector('{failing} textarea');
        t.value = t.value.replace('hello', 'goodbye'); t.dispatchEvent(new Event('input')); }})()""")
    evaluate(f"document.querySelector('{failing} .live-run').click()")
    wait_until(f"!document.querySelector('{failing} .live-run').disabled && document.querySelectorAll('{failing} .live-check').length > 0", timeout=120)
    agrees_after_run(failing, "passing live run", "pass", "pass", CLAIMS_FAILURE, ("failed", "passed"), "greeting")
finally:
    second.send_signal(2)
    try:
        second.wait(timeout=10)
    except subprocess.TimeoutExpired:
        second.kill()
    shutil.rmtree(hostile, ignore_errors=True)

for problem in problems():
    failures.append(problem)
    print("FAIL " + problem)
devtools.close()
if failures:
    print(f"serve-browser-test: {len(failures)} problem(s)")
    sys.exit(1)
print("serve-browser-test: all passed; screenshots in " + out)
PY

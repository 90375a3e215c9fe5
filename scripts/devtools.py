"""Chromium driven over the DevTools protocol on a pipe (its fds 3 and 4); no network port.

Shared by scripts/browser-test.sh and scripts/serve-browser-test.sh, which put this folder
on PYTHONPATH and use it as:

    import devtools
    devtools.start(browser_path, "lesson-chromium-")
    from devtools import send, wait_for, evaluate, events
    session = devtools.session

Events that arrive while waiting for a reply are kept in `events`, in order.
"""
import fcntl, json, os, select, subprocess, tempfile, time

proc = None
session = None
events = []
_writer = None
_reader = None
_buffer = b""
_next_id = 0


def start(browser, profile_prefix, window="1200,1600"):
    """Starts a headless Chromium, opens one page and enables the domains the tests read."""
    global proc, session, _writer, _reader
    to_child_r, to_child_w = os.pipe()
    from_child_r, from_child_w = os.pipe()
    high_r = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 10)
    high_w = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 10)

    def wire():
        os.dup2(high_r, 3)
        os.dup2(high_w, 4)

    profile = tempfile.mkdtemp(prefix=profile_prefix)
    proc = subprocess.Popen(
        [browser, "--headless", "--disable-gpu", "--no-sandbox", "--remote-debugging-pipe",
         "--no-first-run", "--no-default-browser-check", "--disable-extensions",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--user-data-dir=" + profile, "--window-size=" + window, "about:blank"],
        pass_fds=(3, 4), preexec_fn=wire, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(to_child_r); os.close(from_child_w); os.close(high_r); os.close(high_w)
    _writer = os.fdopen(to_child_w, "wb", buffering=0)
    _reader = os.fdopen(from_child_r, "rb", buffering=0)
    target = send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime", "Log", "Network"):
        send(domain + ".enable", session=session)


def _read_message(deadline):
    global _buffer
    while b"\0" not in _buffer:
        remaining = deadline - time.time()
        if remaining <= 0 or not select.select([_reader], [], [], remaining)[0]:
            raise TimeoutError("no message from the browser")
        chunk = _reader.read(65536)
        if not chunk:
            raise RuntimeError("the browser closed the pipe")
        _buffer += chunk
    message, _buffer = _buffer.split(b"\0", 1)
    return json.loads(message)


def send(method, params=None, session=None, timeout=30):
    """Sends one command and returns its result; raises on a protocol error or timeout."""
    global _next_id
    _next_id += 1
    message = {"id": _next_id, "method": method, "params": params or {}}
    if session:
        message["sessionId"] = session
    _writer.write(json.dumps(message).encode() + b"\0")
    deadline = time.time() + timeout
    while True:
        reply = _read_message(deadline)
        if reply.get("id") == _next_id:
            if "error" in reply:
                raise RuntimeError(f"{method}: {reply['error']}")
            return reply.get("result", {})
        events.append(reply)


def wait_for(method, timeout=30):
    """Returns the first event named `method`, kept or still to come."""
    deadline = time.time() + timeout
    for index, event in enumerate(events):
        if event.get("method") == method:
            del events[index]
            return event
    while True:
        event = _read_message(deadline)
        if event.get("method") == method:
            return event
        events.append(event)


def evaluate(expression):
    """The value of a JavaScript expression in the page; raises if it throws."""
    result = send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=session)
    if "exceptionDetails" in result:
        raise RuntimeError(f"evaluating {expression!r}: {result['exceptionDetails']}")
    return result["result"].get("value")


def close():
    """Closes the browser, killing it if it does not go."""
    try:
        send("Browser.close", timeout=5)
    except Exception:
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()

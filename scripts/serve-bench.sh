#!/usr/bin/env bash
# Numbers for `lesson serve` (BENCHMARKS.md):
#  1. Run request to first streamed line, cache warm, minus the snippet's own time (the first
#     line's stamp): what the server adds between "Run" and the page seeing output.
#  2. Stamps streamed by `lesson serve` against `lesson run --json`'s for the same snippet,
#     run for run (line k of serve run i against line k of lesson-run run i): p50/p99/max |Δt|.
#     Both sides include run-to-run scheduling jitter (printed too: lesson run against its
#     own next run); serve adds no stamping of its own.
#  3. Server memory (VmRSS) at start, with 10 pages open and idle (each page loaded with its
#     script's API calls and a poll of /api/changes, which answers at once), and after the runs.
#
#   scripts/serve-bench.sh                 builds `lesson` in release mode first
#   LESSON_BIN=path/to/lesson RUNS=30 SNIPPET=01:emails-while-brewing scripts/serve-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${LESSON_BIN:-}" ]; then
    swift build -c release --product lesson >&2
    LESSON_BIN="$(swift build -c release --show-bin-path)/lesson"
fi
runs=${RUNS:-30}
snippet=${SNIPPET:-01:emails-while-brewing}
state=$(mktemp -d /tmp/lesson-serve-bench.XXXXXX)
token=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
port=$((20000 + RANDOM % 20000))
LESSON_STATE_DIR="$state" LESSON_SERVE_TOKEN="$token" NO_COLOR=1 "$LESSON_BIN" serve --port "$port" >"$state/serve.log" 2>&1 &
server=$!
trap 'kill -INT $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$state"' EXIT
for _ in $(seq 1 100); do grep -q "token=" "$state/serve.log" 2>/dev/null && break; sleep 0.1; done
LESSON_STATE_DIR="$state" python3 -u - "$LESSON_BIN" "$port" "$token" "$server" "$runs" "$snippet" <<'PY'
import json, os, socket, subprocess, sys, time

binary, port, token, server, runs, snippet = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
number, sid = snippet.split(":")
lesson = next(f[:-3] for f in sorted(os.listdir("Lessons")) if f.startswith(number + "-"))

def rss():
    for line in open(f"/proc/{server}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])

def request(method, path, body=None, keep=False):
    s = socket.create_connection(("127.0.0.1", port))
    payload = json.dumps(body).encode() if body is not None else b""
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: token {token}\r\n"
    if method != "GET":
        head += f"Origin: http://127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
    head += f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n"
    s.sendall(head.encode() + payload)
    if keep:
        return s
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    return data

def run_once():
    started = time.perf_counter()
    s = request("POST", f"/api/lessons/{lesson}/snippets/{sid}/run", {}, keep=True)
    f = s.makefile("rb")
    while f.readline() not in (b"\r\n", b""):
        pass
    first, lines, done = None, [], None
    for raw in f:
        event = json.loads(raw)
        if event["type"] == "line":
            if first is None:
                first = time.perf_counter() - started - event["t"]
            lines.append(event["t"])
        elif event["type"] == "done":
            done = event
    s.close()
    return first, lines, done

def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]

print(f"server memory at start: {rss() / 1024:.1f} MiB")
run_once()  # compile once: every measured run is warm
overheads, serve_stamps = [], []
for _ in range(runs):
    first, lines, done = run_once()
    overheads.append(first * 1000)
    serve_stamps.append(lines)
print(f"run request -> first streamed line, minus the line's own stamp, {runs} warm runs: "
      f"p50 {pct(overheads, 50):.1f} ms, p90 {pct(overheads, 90):.1f} ms, max {max(overheads):.1f} ms")

cli_stamps = []
env = dict(os.environ, NO_COLOR="1")
for _ in range(runs):
    out = subprocess.run([binary, "run", number, "--snippet", sid, "--json"], capture_output=True, env=env, text=True)
    doc = json.loads(out.stdout)
    snippet_report = doc["lessons"][0]["snippets"][0]
    cli_stamps.append([l["t"] for l in snippet_report["run"]["lines"]])
deltas = []
for a, b in zip(serve_stamps, cli_stamps):
    for x, y in zip(a, b):
        deltas.append(abs(x - y) * 1000)
print(f"stamps, lesson serve vs lesson run --json, {len(deltas)} line pairs: "
      f"p50 {pct(deltas, 50):.2f} ms, p99 {pct(deltas, 99):.2f} ms, max {max(deltas):.2f} ms")
base = [abs(x - y) * 1000 for a, b in zip(cli_stamps, cli_stamps[1:]) for x, y in zip(a, b)]
print(f"baseline, lesson run against its own next run, {len(base)} line pairs: "
      f"p50 {pct(base, 50):.2f} ms, p99 {pct(base, 99):.2f} ms, max {max(base):.2f} ms")
med = lambda rows, k: sorted(r[k] for r in rows if len(r) > k)[len(rows) // 2]
width = max(len(r) for r in serve_stamps)
print("median stamp per line (serve / run): " + ", ".join(
    f"{med(serve_stamps, k):.4f}/{med(cli_stamps, k):.4f}" for k in range(width)))

print(f"server memory after the runs: {rss() / 1024:.1f} MiB")
pages = [f for f in sorted(os.listdir("Lessons")) if f.endswith(".md")][:10]
open_streams = []
for name in pages:
    page = name[:-3]
    request("GET", f"/{page}.html")
    request("GET", "/serve.css")
    request("GET", "/style.css")
    for line in open("Lessons/" + name):
        if line.startswith("```swift") and "id=" in line:
            ident = line.split("id=")[1].split()[0]
            request("GET", f"/api/lessons/{page}/snippets/{ident}")
    open_streams.append(request("GET", "/api/changes", keep=True))
for quiz in sorted(os.listdir("Quizzes"))[: max(0, 10 - len(open_streams))]:
    request("GET", f"/quiz-{quiz}.html")
    request("GET", "/serve.css")
    request("GET", f"/api/quizzes/{quiz}")
    open_streams.append(request("GET", "/api/changes", keep=True))
time.sleep(3)
print(f"server memory with {len(open_streams)} pages open and idle: {rss() / 1024:.1f} MiB")
for s in open_streams:
    s.close()
PY

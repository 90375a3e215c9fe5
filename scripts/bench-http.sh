#!/usr/bin/env bash
# Measures the demo server: /health throughput and p99 latency while the event loop is idle,
# while 5 /async-nonblocking requests are in flight, and during a burst of /async-offloaded.
#
# Usage: scripts/bench-http.sh            (builds `lesson` in release mode first)
#        LESSON_BIN=path/to/lesson scripts/bench-http.sh
# Env:   DURATION (seconds per measurement, default 5), SCRATCH (build dir, default .build)
set -euo pipefail
cd "$(dirname "$0")/.."

duration="${DURATION:-5}"

if ! command -v wrk >/dev/null 2>&1; then
    echo "installing wrk..." >&2
    sudo_cmd=""
    if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
    if ! $sudo_cmd apt-get install -y -qq wrk >/dev/null 2>&1; then
        $sudo_cmd apt-get update -qq >/dev/null
        $sudo_cmd apt-get install -y -qq wrk >/dev/null
    fi
fi

if [ -z "${LESSON_BIN:-}" ]; then
    scratch="${SCRATCH:-.build}"
    swift build -c release --product lesson --scratch-path "$scratch" >&2
    LESSON_BIN="$scratch/release/lesson"
fi

work="$(mktemp -d)"
server_pid=""
background=()
cleanup() {
    for pid in "${background[@]}"; do kill "$pid" 2>/dev/null || true; done
    if [ -n "$server_pid" ]; then kill -INT "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# Port 0: the server picks a free loopback port and prints it in its banner.
"$LESSON_BIN" demo server --port 0 --delay 1 >"$work/server.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 1 100); do
    port="$(sed -n 's|.*on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$work/server.log" | head -1)"
    [ -n "$port" ] && break
    sleep 0.05
done
if [ -z "$port" ]; then echo "server did not start:" >&2; cat "$work/server.log" >&2; exit 1; fi
base="http://127.0.0.1:$port"

# Runs wrk against /health; prints "REQ_PER_SEC P99".
measure_health() {
    wrk -t1 -c10 -d"${duration}s" --latency "$base/health" >"$work/wrk.txt"
    local rps p99
    rps="$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk.txt")"
    p99="$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")"
    echo "$rps $p99"
}

# Keeps `count` requests to `path` in flight until killed.
keep_in_flight() {
    local path="$1" count="$2"
    for _ in $(seq 1 "$count"); do
        (while true; do curl -s -o /dev/null "$base$path" || sleep 0.1; done) &
        background+=($!)
    done
}

stop_background() {
    for pid in "${background[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait "${background[@]}" 2>/dev/null || true
    background=()
}

read -r idle_rps idle_p99 <<<"$(measure_health)"

keep_in_flight /async-nonblocking 5
sleep 0.5
read -r busy_rps busy_p99 <<<"$(measure_health)"
stop_background

# A burst: 50 connections hammering /async-offloaded (each holds a pool thread for 1 s).
wrk -t1 -c50 -d"$((duration + 2))s" --timeout 10s "$base/async-offloaded" >"$work/burst.txt" 2>&1 &
burst_pid=$!
sleep 1
read -r burst_rps burst_p99 <<<"$(measure_health)"
wait "$burst_pid" || true
burst_done="$(awk '/requests in/ {print $1}' "$work/burst.txt")"

echo "lesson demo server, /health, wrk -t1 -c10 -d${duration}s, $(nproc) cores"
printf '%-44s %10s req/s  p99 %s\n' "idle loop" "$idle_rps" "$idle_p99"
printf '%-44s %10s req/s  p99 %s\n' "5 in-flight /async-nonblocking" "$busy_rps" "$busy_p99"
printf '%-44s %10s req/s  p99 %s  (target < 10ms)\n' \
    "burst of /async-offloaded (50 conns, ${burst_done:-?} done)" "$burst_rps" "$burst_p99"

#!/usr/bin/env bash
# `lesson serve --class` behind nginx over HTTPS, as docs/nginx-class.conf sets it up: installs
# nginx when missing (apt-get), makes a self-signed certificate for class.test with openssl,
# starts `lesson serve --class` on loopback with --public-url https://class.test:PORT and nginx
# in front of it (docs/nginx-class.conf with only the name, port and certificate changed), then
# uses curl through the proxy: a learner's token exchanged for a cookie, a page, a run whose
# lines arrive one by one while it runs (nginx does not buffer the stream), the instructor's
# view (refused to the learner), and a forged Host and a forged Origin refused.
#
#   scripts/nginx-test.sh                      build `lesson`, then test
#   LESSON_BIN=path/to/lesson scripts/nginx-test.sh
#
# Exit status: 0 passed, 1 a check failed, 3 nginx or openssl missing and not installable.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
if ! command -v nginx >/dev/null 2>&1; then
    echo "nginx-test: installing nginx" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null) \
        || (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null) \
        || { echo "nginx-test: cannot install nginx" >&2; exit 3; }
fi
command -v openssl >/dev/null || { echo "nginx-test: no openssl" >&2; exit 3; }
if [ -z "${LESSON_BIN:-}" ]; then
    swift build --product lesson >&2
    LESSON_BIN="$(swift build --show-bin-path)/lesson"
fi
work=$(mktemp -d /tmp/lesson-nginx-test.XXXXXX)
serve_pid=""
nginx_pid=""
cleanup() {
    [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
    [ -n "$serve_pid" ] && kill -INT "$serve_pid" 2>/dev/null || true
    [ -n "$serve_pid" ] && wait "$serve_pid" 2>/dev/null || true
    [ -n "$nginx_pid" ] && wait "$nginx_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
failures=0
check() {  # check NAME CONDITION-EXIT-STATUS
    if [ "$2" -eq 0 ]; then echo "ok   $1"; else echo "FAIL $1"; failures=$((failures + 1)); fi
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=class.test" \
    -addext "subjectAltName=DNS:class.test" -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
tls_port=$(free_port)
public="https://class.test:$tls_port"
printf 'ann\nbob\n' >"$work/roster"

export LESSON_STATE_DIR="$work/state"
"$LESSON_BIN" serve --class "$work/roster" --port 0 --public-url "$public" >"$work/urls" 2>"$work/serve.log" &
serve_pid=$!
for _ in $(seq 1 600); do [ -s "$work/urls" ] && grep -q '^bob ' "$work/urls" && break; sleep 0.1; done
grep -q '^bob ' "$work/urls" || { cat "$work/serve.log" >&2; echo "nginx-test: lesson serve did not start" >&2; exit 1; }
serve_port=$(sed -n 's/.* on port \([0-9]*\);.*/\1/p' "$work/serve.log")
token() { sed -n "s/^$1 .*token=//p" "$work/urls"; }
ann=$(token ann)
instructor=$(token instructor)
check "every printed URL is the public one" "$(grep -vc "^[a-z]* $public/" "$work/urls" || true)"

# docs/nginx-class.conf, with the test's name, port, certificate and upstream.
sed -e "s#class.example.org#class.test#g" \
    -e "s#listen 443 ssl http2;#listen 127.0.0.1:$tls_port ssl http2;#" \
    -e "s#listen 80;#listen 127.0.0.1:$(free_port);#" \
    -e "s#/etc/letsencrypt/live/class.test/fullchain.pem#$work/cert.pem#" \
    -e "s#/etc/letsencrypt/live/class.test/privkey.pem#$work/key.pem#" \
    -e "s#http://127.0.0.1:8714#http://127.0.0.1:$serve_port#" docs/nginx-class.conf >"$work/site.conf"
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log;
events {}
http {
    access_log $work/access.log;
    client_body_temp_path $work/body;
    proxy_temp_path $work/proxy;
    fastcgi_temp_path $work/fastcgi;
    uwsgi_temp_path $work/uwsgi;
    scgi_temp_path $work/scgi;
    include $work/site.conf;
}
CONF
nginx -t -c "$work/nginx.conf" -p "$work" 2>"$work/nginx-t.log" || { cat "$work/nginx-t.log" >&2; exit 1; }
nginx -c "$work/nginx.conf" -p "$work" -g 'daemon off;' 2>>"$work/error.log" &
nginx_pid=$!
curl_tls() { curl -sS --max-time 600 --resolve "class.test:$tls_port:127.0.0.1" --cacert "$work/cert.pem" "$@"; }
for _ in $(seq 1 100); do curl_tls -o /dev/null "$public/" 2>/dev/null && break; sleep 0.1; done

# The learner's token, exchanged for a cookie through the proxy.
status=$(curl_tls -c "$work/ann.jar" -o /dev/null -w '%{http_code}' "$public/?token=$ann")
check "token exchange through nginx (HTTP $status)" "$([ "$status" = 200 ] && grep -q "lesson-serve-$serve_port" "$work/ann.jar"; echo $?)"
# A page, with the cookie alone.
status=$(curl_tls -b "$work/ann.jar" -o "$work/index.html" -w '%{http_code}' "$public/")
check "a page through nginx (HTTP $status)" "$([ "$status" = 200 ] && grep -q '<html' "$work/index.html"; echo $?)"
# A run: its lines stream through nginx as they are printed (0.5 s apart), then its checks
# (cold: the snippet compiles first).
lesson=$(basename "$(ls Lessons/01-*.md)" .md)
curl_tls -N -b "$work/ann.jar" -X POST -H "Origin: $public" -H 'Content-Type: application/json' -d '{}' \
    "$public/api/lessons/$lesson/snippets/one-after-another/run" \
    | python3 -c '
import json, sys, time
start = time.monotonic(); seen = []
for line in sys.stdin:
    event = json.loads(line); seen.append((time.monotonic() - start, event))
lines = [(at, e) for at, e in seen if e["type"] == "line"]
done = [(at, e) for at, e in seen if e["type"] == "done"]
assert lines and done, seen
spread = lines[-1][0] - lines[0][0]
status = done[0][1].get("status")
print("     %d lines arrived over %.2f s before done (%s)" % (len(lines), spread, status))
# Lines printed 0.5 s apart arrive at least that far apart unless something buffered them; the
# verdict itself belongs to the runner (a loaded machine may make it late): any end will do.
sys.exit(0 if spread >= 0.4 and status in ("pass", "fail") else 1)
' && streamed=0 || streamed=1
check "a run streams its lines through nginx, then its verdict" "$streamed"
# The instructor's view: the instructor's alone.
curl_tls -c "$work/teacher.jar" -o /dev/null "$public/class?token=$instructor"
status=$(curl_tls -b "$work/teacher.jar" -o "$work/room.json" -w '%{http_code}' "$public/api/class")
check "the instructor's view through nginx (HTTP $status)" "$([ "$status" = 200 ] && grep -q '"name":"ann"' "$work/room.json"; echo $?)"
status=$(curl_tls -b "$work/ann.jar" -o /dev/null -w '%{http_code}' "$public/api/class")
check "a learner's cookie does not open it (HTTP $status)" "$([ "$status" = 404 ]; echo $?)"
# A forged Host (what DNS rebinding sends) and a forged Origin: refused.
status=$(curl_tls -b "$work/ann.jar" -H 'Host: evil.example' -o /dev/null -w '%{http_code}' "$public/")
check "a forged Host is refused (HTTP $status)" "$([ "$status" = 403 ]; echo $?)"
status=$(curl_tls -b "$work/ann.jar" -X PUT -H 'Origin: https://evil.example' -H 'Content-Type: application/json' \
    -d '{"code":"x"}' -o /dev/null -w '%{http_code}' "$public/api/lessons/$lesson/snippets/one-after-another")
check "a forged Origin is refused (HTTP $status)" "$([ "$status" = 403 ]; echo $?)"
# The loopback port itself, with the public name but plain http: refused (Origin is https).
status=$(curl -sS -b "$work/ann.jar" -X PUT -H "Host: class.test:$tls_port" -H "Origin: http://class.test:$tls_port" \
    -H 'Content-Type: application/json' -d '{"code":"x"}' -o /dev/null -w '%{http_code}' \
    "http://127.0.0.1:$serve_port/api/lessons/$lesson/snippets/one-after-another")
check "an http Origin for the https name is refused (HTTP $status)" "$([ "$status" = 403 ]; echo $?)"

if [ "$failures" -ne 0 ]; then
    echo "nginx-test: $failures check(s) failed; nginx's log:" >&2
    tail -20 "$work/error.log" >&2
    exit 1
fi
echo "nginx-test: lesson serve --class behind nginx over https: every check passed"

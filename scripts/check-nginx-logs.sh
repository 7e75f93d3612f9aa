#!/usr/bin/env bash
# Runs nginx with the shipped hh-agent.conf (ports and log paths moved into a temp dir) in
# front of a stand-in for hh-callback, all on 127.0.0.1, and checks what users rely on:
# only the callback and login paths are proxied, X-Forwarded-Proto is https, the rate limit
# answers 429, and neither the access nor the error log ever holds the code or the state.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
nginx_pid="" upstream_pid=""
cleanup() {
  if [ -n "$nginx_pid" ]; then kill "$nginx_pid" 2>/dev/null || true; fi
  if [ -n "$upstream_pid" ]; then kill "$upstream_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
nginx_port=$(free_port)
upstream_port=$(free_port)
mkdir -p "$work/tmp" "$work/logs"

sed -e "s|listen 8080;|listen 127.0.0.1:$nginx_port;|" \
    -e "s|http://127.0.0.1:8000|http://127.0.0.1:$upstream_port|" \
    -e "s|/var/log/nginx/|$work/logs/|g" \
    "$root/nginx/hh-agent.conf" > "$work/hh-agent.conf"
sed -e "s|error_log stderr;|error_log $work/logs/main.error.log;|" "$root/nginx/test-main.conf" > "$work/main.conf"

# The stand-in for hh-callback records the headers it receives.
python3 - "$upstream_port" "$work/upstream.txt" <<'PY' &
import http.server, sys
port, record = int(sys.argv[1]), sys.argv[2]
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        with open(record, "a") as out:
            out.write(f"{self.path}\n{self.headers}\n")
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()
PY
upstream_pid=$!

nginx -p "$work" -c "$work/main.conf" -g 'daemon off;' &
nginx_pid=$!

status() { python3 - "$1" <<'PY'
import sys, urllib.request, urllib.error
try:
    print(urllib.request.urlopen(sys.argv[1], timeout=5).status)
except urllib.error.HTTPError as err:
    print(err.code)
except Exception:
    print("000")
PY
}
base="http://127.0.0.1:$nginx_port"
for _ in $(seq 1 50); do
  [ "$(status "$base/other")" = 404 ] && break
  sleep 0.1
done
fail() { echo "check-nginx-logs: $*" >&2; exit 1; }

secret_query='code=SECRETCODE123&state=SECRETSTATE456'
[ "$(status "$base/hh/callback?$secret_query")" = 200 ] || fail "the callback is not proxied"
[ "$(status "$base/hh/login?state=SECRETSTATE456")" = 200 ] || fail "the login path is not proxied"
grep -qi '^X-Forwarded-Proto: https' "$work/upstream.txt" || fail "X-Forwarded-Proto: https is not sent"
grep -qi '^X-Real-IP: 127.0.0.1' "$work/upstream.txt" || fail "X-Real-IP is not sent"
for path in /other /hh/callback/extra /hh /healthz /hh/callbacks "/hh/Callback?$secret_query"; do
  [ "$(status "$base$path")" = 404 ] || fail "$path is not 404"
done
if grep -q '/other\|/healthz' "$work/upstream.txt"; then fail "a path outside the callback reached hh-callback"; fi

kill "$upstream_pid"; wait "$upstream_pid" 2>/dev/null || true; upstream_pid=""
[ "$(status "$base/hh/callback?$secret_query")" = 502 ] || fail "a dead hh-callback does not give 502"

limited=0
for _ in $(seq 1 40); do
  [ "$(status "$base/hh/callback?$secret_query")" = 429 ] && limited=$((limited + 1))
done
[ "$limited" -gt 0 ] || fail "the rate limit never answered 429"

kill "$nginx_pid"; wait "$nginx_pid" 2>/dev/null || true; nginx_pid=""
grep -q '"GET /hh/callback HTTP/1.1" 200' "$work/logs/hh-agent.access.log" || fail "the access log lacks the callback path"
grep -q '"GET /hh/callback HTTP/1.1" 429' "$work/logs/hh-agent.access.log" || fail "the access log lacks the 429s"
grep -q '"GET /hh/callback HTTP/1.1" 502' "$work/logs/hh-agent.access.log" || fail "the access log lacks the 502"
if grep -rq 'SECRETCODE123\|SECRETSTATE456' "$work/logs"; then
  grep -r 'SECRETCODE123\|SECRETSTATE456' "$work/logs" >&2
  fail "a code or state reached an nginx log"
fi
echo "check-nginx-logs: ok ($limited requests rate-limited; logs hold paths, never queries)"

#!/usr/bin/env bash
# Footprint of the token lifecycle binaries: idle RSS of hh-callback, wall time and peak
# RSS of a no-op hh-refresh run (token not due), and stripped release binary sizes.
# Usage: scripts/bench-footprint.sh [RUNS]   (default 200 hh-refresh runs)
# Only loopback is used; nothing talks to hh.ru.
set -euo pipefail

runs=${1:-200}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bin="${CARGO_TARGET_DIR:-$root/target}/release"
cargo build --release --locked --quiet --bin hh-callback --bin hh-refresh --bin hh

work=$(mktemp -d)
callback_pid=""
cleanup() {
  if [ -n "$callback_pid" ]; then kill "$callback_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -m 700 "$work/hh-token"
cat > "$work/config.toml" <<TOML
[hh]
client_id = "BENCH"
redirect_uri = "http://127.0.0.1:$port/hh/callback"
user_agent = "hh-agent-bench/1.0 (bench@example.org)"
oauth_base_url = "http://127.0.0.1:9"
api_base_url = "http://127.0.0.1:9"

[token]
path = "$work/hh-token/token.json"

[callback]
listen = "127.0.0.1:$port"
TOML
# A pair that expires in a week: hh-refresh has nothing to do.
python3 - "$work/hh-token/token.json" <<'PY'
import json, os, sys, datetime
now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
later = now + datetime.timedelta(days=7)
fmt = lambda t: t.isoformat().replace("+00:00", "Z")
path = sys.argv[1]
fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
os.write(fd, json.dumps({"access_token": "A" * 64, "refresh_token": "R" * 64, "token_type": "bearer",
    "expires_in": 604800, "obtained_at": fmt(now), "expires_at": fmt(later)}).encode())
os.close(fd)
PY

export HH_CLIENT_SECRET=bench-client-secret
export HH_STATE_KEY=bench-state-key-0123456789abcdefghijklmnopqrstuvwxyz
export RUST_LOG=warn

# hh-callback: start, wait until it answers, let it settle, read VmRSS.
"$bin/hh-callback" --config "$work/config.toml" 2>"$work/callback.log" &
callback_pid=$!
for _ in $(seq 1 100); do
  if python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$port/healthz', timeout=1)" 2>/dev/null; then break; fi
  sleep 0.05
done
python3 -c "import urllib.request; [urllib.request.urlopen('http://127.0.0.1:$port/healthz').read() for _ in range(20)]"
sleep 1
idle_rss_kib=$(awk '/^VmRSS:/ {print $2}' "/proc/$callback_pid/status")
kill "$callback_pid"
wait "$callback_pid" 2>/dev/null || true
callback_pid=""

# hh-refresh no-op: wall time per run and peak RSS over all runs.
python3 - "$runs" "$work/config.toml" "$bin/hh-refresh" <<'PY' > "$work/refresh.txt"
import statistics, subprocess, sys, time
runs, config, refresh = int(sys.argv[1]), sys.argv[2], sys.argv[3]
cmd = [refresh, "--config", config]
subprocess.run(cmd, check=True)  # warm the page cache
times = []
for _ in range(runs):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
    times.append((time.perf_counter() - start) * 1000)
times.sort()
print(f"{statistics.median(times):.2f} {times[int(len(times) * 0.95) - 1]:.2f}")
PY
read -r median p95 < "$work/refresh.txt"
# Peak RSS needs a small parent: a forked Python would count its own pages (GNU time's %M).
if [ ! -x /usr/bin/time ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get install -y -qq time >/dev/null 2>&1 || true
fi
if [ -x /usr/bin/time ]; then
  peak_kib=$(/usr/bin/time -f %M "$bin/hh-refresh" --config "$work/config.toml" 2>&1 >/dev/null | tail -n 1)
  floor_kib=$(/usr/bin/time -f %M true 2>&1 | tail -n 1)
else
  peak_kib=0 floor_kib=0
fi

size() { stat -c %s "$bin/$1"; }
printf 'hh-callback idle RSS:          %6.2f MiB (target < 4 MiB)\n' "$(awk -v k="$idle_rss_kib" 'BEGIN{print k/1024}')"
printf 'hh-refresh no-op wall time:    %6s ms median, %s ms p95 over %s runs (target < 5 ms)\n' "$median" "$p95" "$runs"
printf 'hh-refresh no-op peak RSS:     %6.2f MiB (measurement floor, /bin/true: %.2f MiB)\n' \
  "$(awk -v k="$peak_kib" 'BEGIN{print k/1024}')" "$(awk -v k="$floor_kib" 'BEGIN{print k/1024}')"
for name in hh-callback hh-refresh hh; do
  printf 'binary %-12s           %6.2f MiB stripped\n' "$name" "$(awk -v b="$(size "$name")" 'BEGIN{print b/1048576}')"
done

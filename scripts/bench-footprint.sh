#!/usr/bin/env bash
# Footprint of the token lifecycle binaries, each next to /bin/true measured in the same
# run: idle RSS of hh-callback over three starts, wall time and peak RSS of a no-op
# hh-refresh run (token not due), and stripped release binary sizes.
#
# Usage: scripts/bench-footprint.sh [RUNS]   (default 300 hh-refresh runs)
#   BIN_DIR=path  benchmark binaries already built there instead of building release.
# Needs: python3; hyperfine (Debian package `hyperfine`) for the wall times, else a slower
# python3 loop whose own start-up cost shrinks the ratio; GNU time (Debian package `time`)
# for peak RSS. It installs nothing. Only loopback is used; nothing talks to hh.ru.
set -euo pipefail

runs=${1:-300}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ -n "${BIN_DIR:-}" ]; then
  bin=$BIN_DIR
else
  bin="${CARGO_TARGET_DIR:-$root/target}/release"
  cargo build --release --locked --quiet --bin hh-callback --bin hh-refresh --bin hh
fi
true_bin=$(command -v true)
case "$true_bin" in /*) ;; *) true_bin=/bin/true ;; esac

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
unset JOURNAL_STREAM

# hh-callback: start, wait until it answers, serve a few requests, settle, read VmRSS.
idle_rss() {
  "$bin/hh-callback" --config "$work/config.toml" 2>>"$work/callback.log" &
  callback_pid=$!
  for _ in $(seq 1 100); do
    if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/healthz', timeout=1)" 2>/dev/null; then break; fi
    sleep 0.05
  done
  python3 -c "import urllib.request; [urllib.request.urlopen('http://127.0.0.1:$port/healthz').read() for _ in range(20)]"
  sleep 1
  awk '/^VmRSS:/ {print $2}' "/proc/$callback_pid/status"
  kill "$callback_pid"
  wait "$callback_pid" 2>/dev/null || true
  callback_pid=""
}
callback_kib=$(for _ in 1 2 3; do idle_rss; done | sort -n | tr '\n' ' ')

# Wall time of a no-op hh-refresh and of /bin/true in one run; with hyperfine also an
# empty Rust program (when rustc is there), the floor any Rust binary starts from.
refresh_cmd="$bin/hh-refresh --config $work/config.toml"
"$bin/hh-refresh" --config "$work/config.toml"  # warm the page cache; fails loudly if broken
floor_ms=""
if command -v hyperfine >/dev/null; then
  timer=hyperfine
  floor=()
  if command -v rustc >/dev/null && echo 'fn main() {}' > "$work/empty.rs" \
    && rustc -C opt-level=s -C panic=abort -o "$work/empty" "$work/empty.rs" 2>/dev/null; then
    floor=("$work/empty")
  fi
  hyperfine -N --style none --warmup 30 --runs "$runs" --export-json "$work/wall.json" \
    "$true_bin" "$refresh_cmd" "${floor[@]}" >/dev/null
  python3 - "$work/wall.json" > "$work/wall.txt" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
print(" ".join(f"{r['median'] * 1000:.3f}" for r in results))
PY
else
  timer="python3 loop (install hyperfine for exact figures)"
  python3 - "$runs" "$true_bin" "$bin/hh-refresh" "$work/config.toml" > "$work/wall.txt" <<'PY'
import statistics, subprocess, sys, time
runs, true_bin, refresh, config = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
times = {true_bin: [], refresh: []}
for _ in range(runs):
    for cmd in ([true_bin], [refresh, "--config", config]):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
        times[cmd[0]].append((time.perf_counter() - start) * 1000)
print(f"{statistics.median(times[true_bin]):.3f} {statistics.median(times[refresh]):.3f}")
PY
fi
read -r true_ms refresh_ms floor_ms < "$work/wall.txt"

# Peak RSS needs a small parent: a forked Python would count its own pages.
if [ -x /usr/bin/time ]; then
  peak_kib=$(/usr/bin/time -f %M "$bin/hh-refresh" --config "$work/config.toml" 2>&1 >/dev/null | tail -n 1)
  true_kib=$(/usr/bin/time -f %M "$true_bin" 2>&1 | tail -n 1)
else
  echo "GNU time is missing (Debian package \`time\`): peak RSS not measured" >&2
  peak_kib=0 true_kib=1
fi

mib() { awk -v k="$1" 'BEGIN{printf "%.2f", k/1024}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }
# Three numbers, sorted: split on purpose.
read -r -a starts <<<"$callback_kib"
set -- "${starts[@]}"
printf '/bin/true:                     %6.3f ms median wall, %s MiB peak RSS\n' "$true_ms" "$(mib "$true_kib")"
printf 'hh-callback idle RSS:          %s / %s / %s MiB over three starts = %s× /bin/true (target < 4 MiB)\n' \
  "$(mib "$1")" "$(mib "$2")" "$(mib "$3")" "$(ratio "$3" "$true_kib")"
printf 'hh-refresh no-op wall time:    %6.3f ms median over %s runs = %s× /bin/true (target <= 2×; %s)\n' \
  "$refresh_ms" "$runs" "$(ratio "$refresh_ms" "$true_ms")" "$timer"
if [ -n "$floor_ms" ]; then
  printf 'empty Rust program:            %6.3f ms median = %s× /bin/true (the floor for any Rust binary)\n' \
    "$floor_ms" "$(ratio "$floor_ms" "$true_ms")"
fi
printf 'hh-refresh no-op peak RSS:     %s MiB = %s× /bin/true\n' "$(mib "$peak_kib")" "$(ratio "$peak_kib" "$true_kib")"
for name in hh-callback hh-refresh hh; do
  printf 'binary %-12s           %6.2f MiB stripped\n' "$name" "$(awk -v b="$(stat -c %s "$bin/$name")" 'BEGIN{print b/1048576}')"
done

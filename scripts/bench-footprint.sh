#!/usr/bin/env bash
# Footprint of the token lifecycle binaries, each next to /bin/true measured in the same
# run: RSS of hh-callback over three starts (idle: listening, no request yet; then after
# 20 requests), wall time and peak RSS of a no-op hh-refresh run (token not due), the same
# for an empty Rust program (the floor), and stripped release binary sizes.
#
# Usage: scripts/bench-footprint.sh [RUNS]   (default 300 hh-refresh runs, in 15 rounds)
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

# hh-callback: start, wait until its socket is listening (read from /proc/net/tcp, so no
# connection is made), settle, read VmRSS: idle. Then serve 20 /healthz, settle, read it
# again. Prints "idle served" in KiB.
listening() {
  python3 - "$port" <<'PY'
import sys
port = f"{int(sys.argv[1]):04X}"
with open("/proc/net/tcp") as table:
    rows = [line.split() for line in table.readlines()[1:]]
sys.exit(0 if any(row[1] == f"0100007F:{port}" and row[3] == "0A" for row in rows) else 1)
PY
}
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
callback_rss() {
  "$bin/hh-callback" --config "$work/config.toml" 2>>"$work/callback.log" &
  callback_pid=$!
  for _ in $(seq 1 200); do
    if listening; then break; fi
    sleep 0.02
  done
  listening || { echo "hh-callback did not listen; see $work/callback.log" >&2; exit 1; }
  sleep 1
  idle=$(rss_kib "$callback_pid")
  python3 -c "import urllib.request; [urllib.request.urlopen('http://127.0.0.1:$port/healthz').read() for _ in range(20)]"
  sleep 1
  echo "$idle $(rss_kib "$callback_pid")"
  kill "$callback_pid"
  wait "$callback_pid" 2>/dev/null || true
  callback_pid=""
}
load_before=$(cut -d ' ' -f 1-3 /proc/loadavg)
for _ in 1 2 3; do callback_rss; done > "$work/callback-rss.txt"
idle_kib=$(cut -d ' ' -f 1 "$work/callback-rss.txt" | sort -n | tr '\n' ' ')
served_kib=$(cut -d ' ' -f 2 "$work/callback-rss.txt" | sort -n | tr '\n' ' ')

# Wall time of a no-op hh-refresh, of /bin/true and (with hyperfine and rustc) of an
# empty Rust program built as the release profile builds ours: the floor any Rust binary
# starts from (the loader, libc and libgcc_s, Rust's runtime set-up). The three are timed
# in alternating rounds and each ratio is taken within a round, so load that comes and
# goes (a build beside the benchmark) moves both sides of a ratio alike.
refresh_cmd="$bin/hh-refresh --config $work/config.toml"
"$bin/hh-refresh" --config "$work/config.toml"  # warm the page cache; fails loudly if broken
rounds=15
if command -v hyperfine >/dev/null; then
  timer="hyperfine, $rounds alternating rounds"
  floor=()
  profile=(-C opt-level=s -C lto -C codegen-units=1 -C panic=abort -C strip=symbols)
  # The same link as our binaries: packed relocations where build.rs chose them.
  if command -v readelf >/dev/null && readelf -d "$bin/hh-refresh" | grep -q '(RELR)'; then
    profile+=(-C "link-arg=-Wl,-z,pack-relative-relocs")
  fi
  if command -v rustc >/dev/null && echo 'fn main() {}' > "$work/empty.rs" \
    && rustc --edition 2021 "${profile[@]}" -o "$work/empty" "$work/empty.rs" 2>/dev/null; then
    floor=("$work/empty")
  fi
  per_round=$(( (runs + rounds - 1) / rounds ))
  for round in $(seq 1 "$rounds"); do
    hyperfine -N --style none --warmup 5 --runs "$per_round" \
      --export-json "$work/wall-$round.json" "$true_bin" "$refresh_cmd" "${floor[@]}" >/dev/null
  done
  python3 - "$work"/wall-*.json > "$work/wall.txt" <<'PY'
import json, statistics, sys
rounds = [[r["median"] * 1000 for r in json.load(open(path))["results"]] for path in sys.argv[1:]]
columns = list(zip(*rounds))
medians = [statistics.median(column) for column in columns]
ratios = [[row[i] / row[0] for row in rounds] for i in range(1, len(columns))]
print(" ".join(f"{m:.3f}" for m in medians))
for ratio in ratios:
    print(f"{statistics.median(ratio):.2f} {min(ratio):.2f} {max(ratio):.2f}")
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
a, b = statistics.median(times[true_bin]), statistics.median(times[refresh])
print(f"{a:.3f} {b:.3f}")
print(f"{b / a:.2f} {b / a:.2f} {b / a:.2f}")
PY
fi
{
  read -r true_ms refresh_ms floor_ms
  read -r refresh_ratio refresh_low refresh_high
  read -r floor_ratio floor_low floor_high || true
} < "$work/wall.txt"

# Peak RSS needs a small parent: a forked Python would count its own pages.
if [ -x /usr/bin/time ]; then
  peak_kib=$(/usr/bin/time -f %M "$bin/hh-refresh" --config "$work/config.toml" 2>&1 >/dev/null | tail -n 1)
  true_kib=$(/usr/bin/time -f %M "$true_bin" 2>&1 | tail -n 1)
  if [ -n "${floor_ms:-}" ]; then
    floor_kib=$(/usr/bin/time -f %M "$work/empty" 2>&1 | tail -n 1)
  fi
else
  echo "GNU time is missing (Debian package \`time\`): peak RSS not measured" >&2
  peak_kib=0 true_kib=1
fi

load_after=$(cut -d ' ' -f 1-3 /proc/loadavg)

mib() { awk -v k="$1" 'BEGIN{printf "%.2f", k/1024}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }
# Three numbers each, sorted: split on purpose.
read -r -a idle <<<"$idle_kib"
read -r -a served <<<"$served_kib"
printf 'load average:                  %s before, %s after (1, 5, 15 min; %s cores)\n' \
  "$load_before" "$load_after" "$(nproc)"
printf '/bin/true:                     %6.3f ms median wall, %s MiB peak RSS\n' "$true_ms" "$(mib "$true_kib")"
printf 'hh-callback idle RSS:          %s / %s / %s MiB over three starts = %s× /bin/true (listening, no request yet; target < 4 MiB)\n' \
  "$(mib "${idle[0]}")" "$(mib "${idle[1]}")" "$(mib "${idle[2]}")" "$(ratio "${idle[2]}" "$true_kib")"
printf 'hh-callback after 20 /healthz: %s / %s / %s MiB\n' \
  "$(mib "${served[0]}")" "$(mib "${served[1]}")" "$(mib "${served[2]}")"
printf 'hh-refresh no-op wall time:    %6.3f ms median = %s× /bin/true (%s–%s× over the rounds; target <= 2×; %s runs, %s)\n' \
  "$refresh_ms" "$refresh_ratio" "$refresh_low" "$refresh_high" "$runs" "$timer"
if [ -n "${floor_ms:-}" ]; then
  printf 'empty Rust program:            %6.3f ms median = %s× /bin/true (%s–%s×; the floor for any Rust binary, same profile)\n' \
    "$floor_ms" "$floor_ratio" "$floor_low" "$floor_high"
  if [ -n "${floor_kib:-}" ]; then
    printf 'empty Rust program peak RSS:   %s MiB = %s× /bin/true\n' "$(mib "$floor_kib")" "$(ratio "$floor_kib" "$true_kib")"
  fi
fi
printf 'hh-refresh no-op peak RSS:     %s MiB = %s× /bin/true\n' "$(mib "$peak_kib")" "$(ratio "$peak_kib" "$true_kib")"
for name in hh-callback hh-refresh hh; do
  printf 'binary %-12s           %6.2f MiB stripped\n' "$name" "$(awk -v b="$(stat -c %s "$bin/$name")" 'BEGIN{print b/1048576}')"
done
# What the loader maps and relocates at each start: every shared library costs time and
# resident pages (libm alone was about 0.3 MiB in hh-callback).
if command -v readelf >/dev/null; then
  for name in hh-callback hh-refresh; do
    libs=$(readelf -d "$bin/$name" | awk '/(NEEDED)/ {gsub(/[][]/, "", $5); printf "%s%s", sep, $5; sep = " "}')
    relocs="unpacked relocations"
    if readelf -d "$bin/$name" | grep -q '(RELR)'; then relocs="packed relocations (DT_RELR)"; fi
    printf 'binary %-12s           links %s; %s\n' "$name" "$libs" "$relocs"
  done
fi

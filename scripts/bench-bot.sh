#!/usr/bin/env bash
# Memory of hh-bot: RSS when idle (target < 16 MiB) and after its first scheduler tick (the
# day's digest when due), then peak RSS and wall time of a
# /recommend run for the sandbox's first applicant (every vacancy its plan finds), and of a
# /search run over 2,000 vacancy details ([bot] recommend_details = 2000): a pasted resume
# without a city, applicant methods off (link-only), `/search опыт` (2,501 matches, hh.ru
# lists the first 2,000).
# hh.ru is `hh sandbox`, Telegram is its emulator (`--telegram-listen`); only loopback is
# used. The run ends when the bot sends or edits a message starting with "Проверено "
# (/recommend's final progress message). Request pacing is off ([hh] request_interval_ms =
# 0): the time is the bot's own work; against hh.ru the default 250 ms between requests
# adds about 8 minutes for 2,000 details.
# Usage: scripts/bench-bot.sh [RUN_TIMEOUT_SECONDS]   (default 120)
# Exit codes: 0 measured, 1 setup failed, 2 idle measured but the run did not finish in time.
set -euo pipefail

run_timeout=${1:-120}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bin="${CARGO_TARGET_DIR:-$root/target}/release"
cargo build --release --locked --quiet --bin hh-bot --bin hh

work=$(mktemp -d)
sandbox_pid="" bot_pid=""
cleanup() {
  for pid in "$bot_pid" "$sandbox_pid"; do
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
hh_port=$(free_port)
tg_port=$(free_port)
hh_url="http://127.0.0.1:$hh_port"
tg_url="http://127.0.0.1:$tg_port/"
chat=4242

"$bin/hh" sandbox --listen "127.0.0.1:$hh_port" --telegram-listen "127.0.0.1:$tg_port" \
  >"$work/sandbox.log" 2>&1 &
sandbox_pid=$!

# A user token pair for the sandbox's first applicant, written as hh-callback would.
mkdir -m 700 "$work/hh-token" "$work/state"
python3 - "$hh_url" "$tg_url" "$work/hh-token/token.json" <<'PY'
import datetime, json, os, sys, time, urllib.request
hh, tg, path = sys.argv[1:4]
deadline = time.time() + 30
while True:
    try:
        urllib.request.urlopen(hh + "/_sandbox/clock", timeout=1).read()
        urllib.request.urlopen(tg + "_telegram/records", timeout=1).read()
        break
    except OSError:
        if time.time() > deadline:
            sys.exit("bench-bot: hh sandbox did not start within 30 s")
        time.sleep(0.1)
request = urllib.request.Request(hh + "/_sandbox/tokens?person=0", method="POST")
pair = json.load(urllib.request.urlopen(request, timeout=10))
now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
fmt = lambda t: t.isoformat().replace("+00:00", "Z")
ttl = 1209600
fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
os.write(fd, json.dumps({"access_token": pair["access_token"], "refresh_token": pair["refresh_token"],
    "token_type": "bearer", "expires_in": ttl, "obtained_at": fmt(now),
    "expires_at": fmt(now + datetime.timedelta(seconds=ttl))}).encode())
os.close(fd)
PY

client_id=$(awk '/client_id:/ {print $2; exit}' "$work/sandbox.log")
client_secret=$(awk '/client_secret:/ {print $2; exit}' "$work/sandbox.log")
write_config() {
  cat > "$work/config.toml" <<TOML
[hh]
client_id = "$client_id"
redirect_uri = "http://127.0.0.1:8000/callback"
user_agent = "hh-agent-bench/1.0 (bench@example.org)"
oauth_base_url = "$hh_url"
api_base_url = "$hh_url"
$1

[token]
path = "$work/hh-token/token.json"

[bot]
allowed_chats = [$chat]
telegram_api_url = "$tg_url"
state_dir = "$work/state"
$2
TOML
}

export BOT_TOKEN=123456:bench-bot-token
export HH_CLIENT_SECRET=$client_secret
export HH_STATE_KEY=bench-state-key-0123456789abcdefghijklmnopqrstuvwxyz
export RUST_LOG=warn
unset CREDENTIALS_DIRECTORY NOTIFY_SOCKET WATCHDOG_USEC

start_bot() {
  "$bin/hh-bot" --config "$work/config.toml" 2>"$work/bot.log" &
  bot_pid=$!
  sleep 0.5
  if ! kill -0 "$bot_pid" 2>/dev/null; then
    wait "$bot_pid" 2>/dev/null || true
    bot_pid=""
    return 1
  fi
}
# The scheduler's tick runs at second 0 of every minute (and its first tick may bring the
# day's digest): start early in a minute so "idle" is measured before it, and measure the
# tick's aftermath separately below.
while [ "$((10#$(date +%S)))" -lt 2 ] || [ "$((10#$(date +%S)))" -gt 35 ]; do sleep 0.5; done
# An older hh-bot may not know these keys yet: each is dropped (with a note) if refused.
hh_extra="request_interval_ms = 0"
bot_extra="recommend_details = 2000"
for _ in 1 2 3; do
  write_config "$hh_extra" "$bot_extra"
  if start_bot; then break; fi
  if [ -n "$hh_extra" ] && grep -q 'request_interval_ms' "$work/bot.log"; then
    echo "note: this hh-bot has no [hh] request_interval_ms; requests are paced by its default" >&2
    hh_extra=""
  elif [ -n "$bot_extra" ] && grep -q 'recommend_details' "$work/bot.log"; then
    echo "note: this hh-bot has no [bot] recommend_details yet; running with its default" >&2
    bot_extra=""
  else
    echo "bench-bot: hh-bot did not start:" >&2
    cat "$work/bot.log" >&2
    exit 1
  fi
done
[ -n "$bot_pid" ] || { echo "bench-bot: hh-bot did not start:" >&2; cat "$work/bot.log" >&2; exit 1; }

# Idle, the run, and the report: polls the emulator's records and /proc/PID/status. Its
# exit code is the script's.
python3 - "$bot_pid" "$tg_url" "$hh_url" "$chat" "$run_timeout" <<'PY'
import json, statistics, sys, time, urllib.request
pid, tg, hh, chat, run_timeout = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])

def status(field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise SystemExit(f"bench-bot: no {field} for hh-bot")

def get(url):
    return json.load(urllib.request.urlopen(url, timeout=10))

def mib(kib):
    return f"{kib / 1024:6.2f} MiB"

# Idle: polling Telegram with nothing to do.
deadline = time.time() + 30
while get(tg + "_telegram/records")["methods"].count("getupdates") < 3:
    if time.time() > deadline:
        raise SystemExit("bench-bot: hh-bot never polled Telegram within 30 s")
    time.sleep(0.1)
time.sleep(2)
samples = []
for _ in range(9):
    samples.append(status("VmRSS"))
    time.sleep(0.3)
idle = statistics.median(samples)
print(f"hh-bot idle RSS:      {mib(idle)} median of {len(samples)} samples (target < 16 MiB)")
# Where it is: anonymous memory (heap, stacks) against mapped files (the binary's pages
# touched so far, libraries), from /proc/PID/smaps_rollup.
rollup = {}
with open(f"/proc/{pid}/smaps_rollup") as f:
    for line in f:
        parts = line.split()
        if len(parts) == 3 and parts[2] == "kB":
            rollup[parts[0].rstrip(":")] = int(parts[1])
anon = rollup.get("Anonymous", 0)
print(f"  of which anonymous: {mib(anon)}; file-backed: {mib(rollup.get('Rss', 0) - anon)}; "
      f"threads: {status('Threads')}")
sys.stdout.flush()

# The first scheduler tick (second 0): the day's digest when one is due, searching up to
# [bot] recommend_details vacancies (2,000 here); then idle again.
now = time.time()
time.sleep(60 - now % 60 + 8)
after_tick = statistics.median([status("VmRSS") for _ in range(5) if not time.sleep(0.3)])
print(f"hh-bot idle RSS after the first scheduler tick (the day's digest, up to [bot] recommend_details vacancies): {mib(after_tick)}")
sys.stdout.flush()

def push(text):
    body = json.dumps({"chat_id": chat, "text": text}).encode()
    request = urllib.request.Request(tg + "_telegram/messages", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=10).read()

def details_fetched():
    return sum(1 for r in get(hh + "/_sandbox/requests")
               if r["method"] == "GET" and r["path"].startswith("/vacancies/") and r["path"].count("/") == 2)

def run(label, command):
    """Sends `command`, waits for the «Проверено …» message; returns (seconds, details, peak)."""
    before = len(get(tg + "_telegram/sent"))
    details_before = details_fetched()
    started = time.time()
    push(command)
    peak_rss, final, sent = 0, None, []
    while time.time() - started < run_timeout:
        peak_rss = max(peak_rss, status("VmRSS"))
        sent = get(tg + "_telegram/sent")[before:]
        final = next((s for s in sent if s["chat_id"] == chat and s["text"].startswith("Проверено ")), None)
        if final:
            break
        time.sleep(0.2)
    elapsed = time.time() - started
    if not final:
        print(f"bench-bot: no message starting with «Проверено » within {run_timeout:.0f} s after {command}",
              file=sys.stderr)
        if sent:
            print(f"its last message: {sent[-1]['text'].splitlines()[0][:100]}", file=sys.stderr)
        raise SystemExit(2)
    details = details_fetched() - details_before
    print(f"hh-bot {label}: {elapsed:6.2f} s, {details} vacancy details fetched")
    print(f"  highest sampled RSS: {mib(peak_rss)}; VmHWM so far {mib(status('VmHWM'))}")
    print(f"  final message:       {final['text'].splitlines()[0][:100]}")
    # Let the cards go out before the next command.
    time.sleep(2)

run("/recommend         ", "/recommend")
urllib.request.urlopen(urllib.request.Request(hh + "/_sandbox/applicant-access?enabled=false",
                                              method="POST"), timeout=10).read()
push("/reset Backend-разработчик\nНавыки: Rust, Go, PostgreSQL, Docker, Kubernetes, Linux")
time.sleep(1)
run("/search (2,000)    ", "/search опыт")
errors = get(tg + "_telegram/records")["errors"]
print(f"hh-bot peak RSS:      {mib(status('VmHWM'))} (VmHWM over both runs)")
print(f"Telegram limit violations: {len(errors)}" + "".join(f"\n  {e['method']}: {e['description']}" for e in errors))
PY

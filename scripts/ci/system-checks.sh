#!/usr/bin/env bash
# The checks on what users install besides the binaries: a real install (twice, to prove
# it is idempotent), the systemd units (verify must print nothing; offline security
# exposure at most 2.0 per service), and the nginx config (nginx -t and a live log check).
# Expects root and a release build in target/release.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

echo "== install.sh (twice: the second run must change nothing)"
bash scripts/install.sh --bin-dir target/release
key_before=$(sha256sum /etc/hh-agent/credentials/hh-state-key)
config_before=$(sha256sum /etc/hh-agent/config.toml)
bash scripts/install.sh --bin-dir target/release >/dev/null
[ "$key_before" = "$(sha256sum /etc/hh-agent/credentials/hh-state-key)" ] || { echo "install.sh replaced the state key" >&2; exit 1; }
[ "$config_before" = "$(sha256sum /etc/hh-agent/config.toml)" ] || { echo "install.sh replaced the config" >&2; exit 1; }
[ "$(stat -c %a /etc/hh-agent/credentials)" = 700 ] || { echo "credentials directory is not 0700" >&2; exit 1; }
[ -x /usr/local/bin/hh-bot ] || { echo "install.sh did not install hh-bot" >&2; exit 1; }
cmp -s systemd/hh-bot.service /etc/systemd/system/hh-bot.service || { echo "install.sh did not install hh-bot.service" >&2; exit 1; }

echo "== install.sh enables hh-bot only with a bot token and [bot] allowed_chats"
bot_token=/etc/hh-agent/credentials/telegram-bot-token
if [ -e "$bot_token" ]; then
  echo "skipped: $bot_token exists on this machine"
else
  config_backup=$(mktemp)
  cp -p /etc/hh-agent/config.toml "$config_backup"
  restore_bot_check() { cp -p "$config_backup" /etc/hh-agent/config.toml; rm -f "$bot_token" "$config_backup"; }
  trap restore_bot_check EXIT
  bot_line() { bash scripts/install.sh --dry-run --bin-dir target/release | grep '^hh-bot'; }
  [[ $(bot_line) == "hh-bot is not enabled"* ]] || { echo "install.sh would enable hh-bot without a bot token" >&2; exit 1; }
  (umask 077 && echo "123:check" > "$bot_token")
  [[ $(bot_line) == "hh-bot is not enabled"* ]] || { echo "install.sh would enable hh-bot without allowed_chats" >&2; exit 1; }
  printf '\n[bot]\nallowed_chats = [\n  123456789,\n]\n' >> /etc/hh-agent/config.toml
  [[ $(bot_line) == "hh-bot: bot token and bot.allowed_chats found" ]] || { echo "install.sh does not see a configured hh-bot" >&2; exit 1; }
  restore_bot_check
  trap - EXIT
  echo "ok"
fi

echo "== systemd-analyze verify (any output is a failure)"
output=$(systemd-analyze verify systemd/hh-callback.service systemd/hh-refresh.service systemd/hh-refresh.timer systemd/hh-bot.service 2>&1) || true
if [ -n "$output" ]; then
  echo "$output" >&2
  exit 1
fi
echo "clean"

echo "== systemd-analyze security --offline=yes (exposure <= 2.0)"
for unit in hh-callback.service hh-refresh.service hh-bot.service; do
  line=$(systemd-analyze security --offline=yes "systemd/$unit" 2>&1 | grep 'Overall exposure level')
  echo "$line"
  score=$(echo "$line" | grep -oE '[0-9]+\.[0-9]+' | head -n 1)
  awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }' || { echo "$unit: exposure $score > 2.0" >&2; exit 1; }
done

echo "== nginx -t"
prefix=$(mktemp -d)
mkdir -p "$prefix/tmp"
nginx -t -p "$prefix" -c "$root/nginx/test-main.conf"
rm -rf "$prefix"

echo "== nginx live check"
bash scripts/check-nginx-logs.sh

echo "== shellcheck"
shellcheck scripts/*.sh scripts/ci/*.sh .ci/run

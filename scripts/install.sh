#!/usr/bin/env bash
# Installs hh-agent on a Debian-like home server: binaries, the hh-agent system user, the
# config (never overwritten), the credentials directory with a generated state key, the
# systemd units, and the nginx site if nginx is present. hh-bot is enabled only once its
# bot token credential exists and [bot] allowed_chats is set. Safe to run again.
#
# Usage: scripts/install.sh [--dry-run] [--bin-dir DIR] [--force]
#   --dry-run   print every action instead of doing it
#   --bin-dir   where the built binaries are (default: target/release)
#   --force     replace an nginx site that differs from the shipped one
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin_dir="$root/target/release"
dry_run=0 force=0
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry_run=1 ;;
    --bin-dir) bin_dir=$2; shift ;;
    --force) force=1 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

user=hh-agent
etc=/etc/hh-agent
credentials=$etc/credentials
units=/etc/systemd/system

run() {
  if [ "$dry_run" = 1 ]; then
    printf 'would run:'; printf ' %q' "$@"; printf '\n'
  else
    "$@"
  fi
}
say() { printf '%s\n' "$*"; }

if [ "$dry_run" = 0 ] && [ "$(id -u)" != 0 ]; then
  echo "install.sh: run as root (or with --dry-run to see what it would do)" >&2
  exit 1
fi

for bin in hh-callback hh-refresh hh-bot hh; do
  if [ ! -x "$bin_dir/$bin" ]; then
    echo "install.sh: $bin_dir/$bin not found: build first with 'cargo build --release --locked'" >&2
    exit 1
  fi
  run install -m 0755 "$bin_dir/$bin" "/usr/local/bin/$bin"
done

if id "$user" >/dev/null 2>&1; then
  say "user $user exists"
else
  run useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$user"
fi

run install -d -m 0755 "$etc"
if [ -e "$etc/config.toml" ]; then
  say "$etc/config.toml exists, left as it is"
else
  run install -m 0640 -o root -g "$user" "$root/config.example.toml" "$etc/config.toml"
  say "edit $etc/config.toml: hh.client_id, hh.redirect_uri, hh.user_agent"
fi

run install -d -m 0700 -o root -g root "$credentials"
if [ -e "$credentials/hh-state-key" ]; then
  say "$credentials/hh-state-key exists, left as it is"
elif [ "$dry_run" = 1 ]; then
  say "would write a random $credentials/hh-state-key (mode 0600)"
else
  (umask 077 && head -c 32 /dev/urandom | base64 > "$credentials/hh-state-key")
fi
if [ ! -s "$credentials/hh-client-secret" ]; then
  say "put your app's Client Secret from dev.hh.ru into $credentials/hh-client-secret (mode 0600)"
fi

# hh-bot can run once it has a bot token and at least one allowed chat id (otherwise it
# exits with code 3 at once): a non-empty credential, and an uncommented
# `allowed_chats = [<number>…` inside the config's [bot] table (the first number may be on
# the next line).
bot_ready() {
  [ -s "$credentials/telegram-bot-token" ] && [ -r "$etc/config.toml" ] || return 1
  awk '
    open && /^[[:space:]]*-?[0-9]/ { found = 1 }
    { open = 0 }
    /^[[:space:]]*\[/ { in_bot = ($0 ~ /^[[:space:]]*\[bot\][[:space:]]*(#.*)?$/) }
    in_bot && /^[[:space:]]*allowed_chats[[:space:]]*=[[:space:]]*\[[[:space:]]*-?[0-9]/ { found = 1 }
    in_bot && /^[[:space:]]*allowed_chats[[:space:]]*=[[:space:]]*\[[[:space:]]*(#.*)?$/ { open = 1 }
    END { exit !found }
  ' "$etc/config.toml"
}
if bot_ready; then
  say "hh-bot: bot token and bot.allowed_chats found"
else
  say "hh-bot is not enabled: put the token from @BotFather into $credentials/telegram-bot-token (mode 0600) and your chat id into [bot] allowed_chats in $etc/config.toml, then run install.sh again"
fi

for unit in hh-callback.service hh-refresh.service hh-refresh.timer hh-bot.service; do
  run install -m 0644 "$root/systemd/$unit" "$units/$unit"
done

if [ -d /etc/nginx/conf.d ]; then
  site=/etc/nginx/conf.d/hh-agent.conf
  if [ -e "$site" ] && ! cmp -s "$site" "$root/nginx/hh-agent.conf" && [ "$force" = 0 ]; then
    say "$site differs from nginx/hh-agent.conf: left as it is (use --force to replace)"
  else
    run install -m 0644 "$root/nginx/hh-agent.conf" "$site"
    if command -v nginx >/dev/null 2>&1; then run nginx -t; fi
  fi
else
  say "nginx not found: install it and copy nginx/hh-agent.conf to /etc/nginx/conf.d/"
fi

if [ -d /run/systemd/system ]; then
  run systemctl daemon-reload
  run systemctl enable --now hh-refresh.timer
  run systemctl enable hh-callback.service
  if [ -s "$credentials/hh-client-secret" ]; then
    run systemctl restart hh-callback.service
  else
    say "hh-callback is enabled; start it once the client secret is in place: systemctl start hh-callback"
  fi
  if bot_ready; then
    run systemctl enable hh-bot.service
    run systemctl restart hh-bot.service
  fi
  if [ -d /etc/nginx/conf.d ]; then run systemctl reload nginx || true; fi
else
  say "systemd is not running here: units installed, enable them on the real host"
fi
say "done: see infra/keendns.md for KeenDNS and dev.hh.ru, and 'hh status' for the token"

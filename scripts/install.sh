#!/usr/bin/env bash
# Installs hh-agent from a source build on a Debian-like home server (the .deb built from
# packaging/ installs the same pieces under /usr): the binaries in /usr/local/bin, the
# hh-agent user and its directories (packaging/hh-agent.sysusers and .tmpfiles, applied
# with systemd-sysusers and systemd-tmpfiles), the config (never overwritten), a generated
# state key, the docs in /usr/local/share/doc/hh-agent, the systemd units, and the nginx
# site if nginx is present. hh-bot is enabled only once its bot token credential exists and
# [bot] allowed_chats is set. Safe to run again.
#
# Usage: scripts/install.sh [--dry-run] [--bin-dir DIR] [--force] [--no-systemd]
#        scripts/install.sh --uninstall [--purge] [--dry-run] [--no-systemd]
#   --dry-run     say what would be done ("would ...") and change nothing
#   --bin-dir     where the built binaries are (default: target/release)
#   --force       replace a unit or nginx site edited since install.sh installed it; the
#                 edited file is kept beside it as FILE.bak-DATE
#   --no-systemd  install the files and enable nothing (without it, a host where systemd
#                 is not running is an error: nothing would run there)
#   --uninstall   remove what install.sh installed; the config and credentials in
#                 /etc/hh-agent, the token in /var/lib/hh-token, the ledger in
#                 /var/lib/hh-bot and the hh-agent user stay
#   --purge       with --uninstall: remove those too
# Exit codes: 0 done, 1 failed, 2 bad usage, 3 installed but nothing enabled because
# systemd is not running here.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin_dir="$root/target/release"
dry_run=0 force=0 no_systemd=0 uninstall=0 purge=0
usage_error() { echo "install.sh: $*; see --help" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry_run=1 ;;
    --bin-dir)
      if [ $# -lt 2 ] || [ -z "$2" ] || [[ $2 == -* ]]; then
        usage_error "--bin-dir needs a directory, e.g. --bin-dir target/release"
      fi
      bin_dir=$2; shift ;;
    --bin-dir=?*) bin_dir=${1#--bin-dir=} ;;
    --bin-dir=) usage_error "--bin-dir needs a directory, e.g. --bin-dir target/release" ;;
    --force) force=1 ;;
    --no-systemd) no_systemd=1 ;;
    --uninstall) uninstall=1 ;;
    --purge) purge=1 ;;
    -h|--help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) usage_error "unknown option $1" ;;
  esac
  shift
done
if [ "$purge" = 1 ] && [ "$uninstall" = 0 ]; then usage_error "--purge goes with --uninstall"; fi

user=hh-agent
etc=/etc/hh-agent
credentials=$etc/credentials
state_dirs=(/var/lib/hh-token /var/lib/hh-bot)
bin=/usr/local/bin
doc=/usr/local/share/doc/hh-agent
# What install.sh installed into /etc, with checksums: a file that no longer matches was
# edited by someone, and is never replaced or removed without a backup.
manifest=/usr/local/share/hh-agent/installed.sha256
units_dir=/etc/systemd/system
units=(hh-callback.service hh-refresh.service hh-refresh.timer hh-bot.service)
binaries=(hh-callback hh-refresh hh-bot hh)
sysusers=/etc/sysusers.d/hh-agent.conf
tmpfiles=/etc/tmpfiles.d/hh-agent.conf
site=/etc/nginx/conf.d/hh-agent.conf
stamp=$(date +%Y%m%d-%H%M%S)

# act DESCRIPTION COMMAND...: runs COMMAND and prints "+ DESCRIPTION", or in a dry run
# prints "would DESCRIPTION" only. run COMMAND... describes COMMAND itself.
act() {
  local description=$1; shift
  if [ "$dry_run" = 1 ]; then
    printf 'would %s\n' "$description"
  else
    printf '+ %s\n' "$description"
    "$@"
  fi
}
run() { act "run: $(printf '%q ' "$@" | sed 's/ $//')" "$@"; }
say() { printf '%s\n' "$*"; }
# tense REAL DRY: the wording for a real run, or for a dry run.
tense() { if [ "$dry_run" = 1 ]; then printf '%s' "$2"; else printf '%s' "$1"; fi; }
systemd_running() { [ -d /run/systemd/system ]; }

if [ "$dry_run" = 0 ] && [ "$(id -u)" != 0 ]; then
  echo "install.sh: run as root (or with --dry-run to see what it would do)" >&2
  exit 1
fi
if dpkg-query -W -f='${Status}' hh-agent 2>/dev/null | grep -q ' installed$'; then
  echo "install.sh: the hh-agent Debian package is installed here: manage it with apt (its files and units would clash with these); to switch to a source install, remove the package first" >&2
  exit 1
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

installed_sum() { [ -r "$manifest" ] && awk -v path="$1" '$2 == path { print $1 }' "$manifest"; }
edited() { [ -e "$1" ] && [ "$(sha256sum < "$1" | cut -d' ' -f1)" != "$(installed_sum "$1")" ]; }
record() {
  local sum; sum=$(sha256sum < "$1" | cut -d' ' -f1)
  mkdir -p "$(dirname "$manifest")"
  { [ -r "$manifest" ] && awk -v path="$1" '$2 != path' "$manifest"; printf '%s  %s\n' "$sum" "$1"; } > "$manifest.new"
  mv "$manifest.new" "$manifest"
}
forget() {
  [ -r "$manifest" ] || return 0
  awk -v path="$1" '$2 != path' "$manifest" > "$manifest.new"
  mv "$manifest.new" "$manifest"
}

# place SOURCE DEST [SHOWN]: installs a file an admin may edit (mode 0644) and sets
# placed=1 when DEST changes; SHOWN names SOURCE in the output. The same content is left
# alone; an edited one is kept, or with --force moved aside as DEST.bak-DATE.
placed=0
place() {
  local source=$1 dest=$2 shown=${3:-$1}
  placed=0
  if [ -e "$dest" ] && cmp -s "$source" "$dest"; then
    [ "$dry_run" = 1 ] || [ "$(installed_sum "$dest")" ] || record "$dest"
    return 0
  fi
  if edited "$dest"; then
    if [ "$force" = 0 ]; then
      say "$dest was edited (it is not the file install.sh put there): left as it is; --force replaces it and keeps this one as $dest.bak-DATE"
      return 0
    fi
    run cp -p "$dest" "$dest.bak-$stamp"
  fi
  act "install $shown as $dest (mode 0644)" install -D -m 0644 "$source" "$dest"
  placed=1
  [ "$dry_run" = 1 ] || record "$dest"
}

# drop DEST: removes a file placed above; an edited one is kept as DEST.bak-DATE.
drop() {
  local dest=$1
  [ -e "$dest" ] || [ -L "$dest" ] || return 0
  if edited "$dest"; then
    run mv "$dest" "$dest.bak-$stamp"
  else
    run rm -f "$dest"
  fi
  [ "$dry_run" = 1 ] || forget "$dest"
}

# The units as installed here: the repository's name the .deb's paths.
stage_units() {
  local unit
  for unit in "${units[@]}"; do
    sed -e '1i # Installed from source by scripts/install.sh: binaries in /usr/local/bin, docs in /usr/local/share/doc/hh-agent.' \
        -e 's|=/usr/bin/hh|=/usr/local/bin/hh|' \
        -e 's|file:///usr/share/doc/hh-agent/|file:///usr/local/share/doc/hh-agent/|' \
        "$root/systemd/$unit" > "$stage/$unit"
  done
}

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

# shellcheck disable=SC2317 # called through act
remove_account() {
  if getent passwd "$user" >/dev/null; then userdel "$user"; fi
  # userdel removes a private group of the same name only where USERGROUPS_ENAB is set.
  if getent group "$user" >/dev/null; then groupdel "$user"; fi
}
# shellcheck disable=SC2317 # called through act
write_state_key() { (umask 077 && head -c 32 /dev/urandom | base64 > "$1.new") && mv "$1.new" "$1"; }

install_all() {
  local name unit
  for name in "${binaries[@]}"; do
    if [ ! -x "$bin_dir/$name" ]; then
      echo "install.sh: $bin_dir/$name not found: build first with 'cargo build --release --locked'" >&2
      exit 1
    fi
  done
  for name in "${binaries[@]}"; do
    cmp -s "$bin_dir/$name" "$bin/$name" || run install -m 0755 "$bin_dir/$name" "$bin/$name"
  done

  place "$root/packaging/hh-agent.sysusers" "$sysusers"
  place "$root/packaging/hh-agent.tmpfiles" "$tmpfiles"
  run systemd-sysusers "$sysusers"
  run systemd-tmpfiles --create "$tmpfiles"

  if [ -e "$etc/config.toml" ]; then
    say "$etc/config.toml exists, left as it is"
  else
    run install -m 0640 -o root -g "$user" "$root/config.example.toml" "$etc/config.toml"
    say "edit $etc/config.toml: hh.client_id, hh.redirect_uri, hh.user_agent"
  fi
  if [ -e "$credentials/hh-state-key" ]; then
    say "$credentials/hh-state-key exists, left as it is"
  else
    act "write a random $credentials/hh-state-key (mode 0600)" write_state_key "$credentials/hh-state-key"
  fi
  if [ ! -s "$credentials/hh-client-secret" ]; then
    say "put your app's Client Secret from dev.hh.ru into $credentials/hh-client-secret (mode 0600)"
  fi

  for name in README.md infra/keendns.md infra/troubleshooting.md config.example.toml; do
    cmp -s "$root/$name" "$doc/${name##*/}" || run install -D -m 0644 "$root/$name" "$doc/${name##*/}"
  done

  stage_units
  for unit in "${units[@]}"; do
    place "$stage/$unit" "$units_dir/$unit" "$root/systemd/$unit (with /usr/local paths)"
  done

  local site_placed=0
  if [ -d /etc/nginx/conf.d ]; then
    place "$root/nginx/hh-agent.conf" "$site"
    site_placed=$placed
    if [ "$site_placed" = 1 ] && command -v nginx >/dev/null 2>&1; then run nginx -t; fi
  else
    say "nginx not found: install it and run install.sh again (or copy nginx/hh-agent.conf to /etc/nginx/conf.d/)"
  fi

  if bot_ready; then
    say "hh-bot: bot token and bot.allowed_chats found"
  else
    say "hh-bot is not enabled: put the token from @BotFather into $credentials/telegram-bot-token (mode 0600) and your chat id into [bot] allowed_chats in $etc/config.toml, then run install.sh again"
  fi

  if [ "$no_systemd" = 1 ]; then
    say "--no-systemd: the units $(tense "are installed" "would be installed"), nothing $(tense was "would be") enabled or started"
  elif systemd_running; then
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
    if [ "$site_placed" = 1 ]; then run systemctl reload-or-restart nginx.service || true; fi
  else
    say "systemd is not running here: the files $(tense "are installed" "would be installed"), but nothing $(tense was "would be") enabled or started, so nothing will run. Run install.sh on a host booted with systemd, or pass --no-systemd if installing without it is what you want."
    status=3
  fi
}

uninstall_all() {
  local name unit enabled=()
  for unit in hh-refresh.timer hh-callback.service hh-bot.service; do
    if [ -e "$units_dir/$unit" ]; then enabled+=("$unit"); fi
  done
  if [ "$no_systemd" = 0 ] && systemd_running; then
    if [ "${#enabled[@]}" -gt 0 ]; then run systemctl disable --now "${enabled[@]}"; fi
    if [ -e "$units_dir/hh-refresh.service" ]; then run systemctl stop hh-refresh.service; fi
  elif [ "$no_systemd" = 0 ]; then
    say "systemd is not running here: nothing to stop"
    # Works offline: removes the links `systemctl enable` made.
    if [ "${#enabled[@]}" -gt 0 ]; then run systemctl disable "${enabled[@]}"; fi
  fi
  for unit in "${units[@]}"; do drop "$units_dir/$unit"; done
  if [ -e "$site" ]; then
    drop "$site"
    if [ "$no_systemd" = 0 ] && systemd_running; then run systemctl reload-or-restart nginx.service || true; fi
  fi
  for name in "${binaries[@]}"; do
    if [ -e "$bin/$name" ]; then run rm -f "$bin/$name"; fi
  done
  if [ -d "$doc" ]; then run rm -rf "$doc"; fi
  drop "$sysusers"
  drop "$tmpfiles"
  if [ -d "$(dirname "$manifest")" ]; then run rm -rf "$(dirname "$manifest")"; fi
  if [ "$no_systemd" = 0 ] && systemd_running; then run systemctl daemon-reload; fi

  if [ "$purge" = 1 ]; then
    for name in "${state_dirs[@]}" "$etc"; do
      if [ -e "$name" ]; then run rm -rf "$name"; fi
    done
    if getent passwd "$user" >/dev/null || getent group "$user" >/dev/null; then
      act "remove the user and group $user (userdel, groupdel)" remove_account
    fi
  else
    say "kept: $etc (the config and credentials), /var/lib/hh-token (the hh.ru token), /var/lib/hh-bot (the ledger) and the user $user; --uninstall --purge removes them"
  fi
}

status=0
if [ "$uninstall" = 1 ]; then uninstall_all; else install_all; fi
if [ "$dry_run" = 1 ]; then
  say "dry run: nothing was changed"
elif [ "$uninstall" = 1 ]; then
  say "done: hh-agent is uninstalled"
elif [ "$status" = 0 ]; then
  say "done: see infra/keendns.md for KeenDNS and dev.hh.ru, and 'hh status' for the token"
fi
exit "$status"

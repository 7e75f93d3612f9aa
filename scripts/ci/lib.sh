#!/usr/bin/env bash
# Checks shared by install-checks.sh (scripts/install.sh) and deb-checks.sh (the .deb): what
# an installed hh-agent must look like on disk, whichever way it was installed. Sourced, not
# run. Every check prints what is wrong and exits 1.

fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_stat PATH MODE OWNER:GROUP
expect_stat() {
  [ -e "$1" ] || fail "$1 is missing"
  local actual
  actual=$(stat -c '%a %U:%G' "$1")
  [ "$actual" = "$2 $3" ] || fail "$1 is $actual, expected $2 $3"
}

expect_absent() {
  local path
  for path in "$@"; do
    if [ -e "$path" ] || [ -L "$path" ]; then fail "$path is still there"; fi
  done
}

# The user and the directories packaging/hh-agent.sysusers and .tmpfiles describe, the
# config, and a state key like the one install.sh and postinst write.
expect_accounts_and_directories() {
  local entry
  entry=$(getent passwd hh-agent) || fail "no user hh-agent"
  IFS=: read -r _ _ uid gid _ home shell <<<"$entry"
  [ "$uid" -lt 1000 ] || fail "hh-agent is not a system user (uid $uid)"
  [ "$home" = /nonexistent ] || fail "hh-agent has home $home"
  [ "$shell" = /usr/sbin/nologin ] || fail "hh-agent has shell $shell"
  [ "$(getent group hh-agent | cut -d: -f3)" = "$gid" ] || fail "hh-agent's primary group is not hh-agent"
  expect_stat /var/lib/hh-token 700 hh-agent:hh-agent
  expect_stat /var/lib/hh-bot 700 hh-agent:hh-agent
  expect_stat /etc/hh-agent 755 root:root
  expect_stat /etc/hh-agent/config.toml 640 root:hh-agent
  expect_stat /etc/hh-agent/credentials 700 root:root
  expect_stat /etc/hh-agent/credentials/hh-state-key 600 root:root
  # 32 random bytes in base64, as hh-callback requires at least 32 characters.
  [ "$(base64 -d /etc/hh-agent/credentials/hh-state-key | wc -c)" = 32 ] || fail "the state key is not 32 random bytes in base64"
}

# expect_units DIR BIN_DIR DOC_DIR: the four units in DIR run the binaries in BIN_DIR, every
# Documentation= file exists, `systemd-analyze verify` prints nothing and every service's
# offline exposure is at most 2.0.
expect_units() {
  local dir=$1 bin_dir=$2 doc_dir=$3 unit path output line score
  for unit in hh-callback.service hh-refresh.service hh-refresh.timer hh-bot.service; do
    expect_stat "$dir/$unit" 644 root:root
    while IFS= read -r path; do
      [ -f "$path" ] || fail "$dir/$unit: Documentation= names $path, which does not exist"
      [ "${path%/*}" = "$doc_dir" ] || fail "$dir/$unit: Documentation= points outside $doc_dir: $path"
    done < <(sed -n 's|^Documentation=file://||p' "$dir/$unit")
    while IFS= read -r path; do
      [ "$path" = "$bin_dir/${path##*/}" ] || fail "$dir/$unit: ExecStart=$path is not in $bin_dir"
      [ -x "$path" ] || fail "$dir/$unit: ExecStart=$path is not installed"
    done < <(sed -n 's|^ExecStart=||p' "$dir/$unit")
  done
  output=$(cd "$dir" && systemd-analyze verify hh-callback.service hh-refresh.service hh-refresh.timer hh-bot.service 2>&1) || true
  [ -z "$output" ] || fail "systemd-analyze verify on $dir: $output"
  for unit in hh-callback.service hh-refresh.service hh-bot.service; do
    line=$(systemd-analyze security --offline=yes "$dir/$unit" 2>&1 | grep 'Overall exposure level')
    echo "  $dir/$unit: $line"
    score=$(echo "$line" | grep -oE '[0-9]+\.[0-9]+' | head -n 1)
    awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }' || fail "$unit: exposure $score > 2.0"
  done
}

# expect_unchanged SNAPSHOT WHAT: the machine is as SNAPSHOT (taken by snapshot) recorded.
expect_unchanged() {
  local now
  now=$(snapshot)
  if [ "$now" != "$1" ]; then
    diff <(printf '%s\n' "$1" | sed '/^$/d') <(printf '%s\n' "$now" | sed '/^$/d') >&2 || true
    fail "$2 (< before, > now)"
  fi
}

# snapshot: every path either install path touches, with type, mode, owner and content
# hash, plus the user; two equal snapshots mean nothing changed.
snapshot() {
  local path
  for path in /usr/local/bin /usr/bin /etc/hh-agent /var/lib/hh-token /var/lib/hh-bot \
    /etc/systemd/system /lib/systemd/system /usr/local/share/doc /usr/share/doc/hh-agent \
    /usr/local/share/hh-agent /etc/nginx /etc/sysusers.d /etc/tmpfiles.d \
    /usr/lib/sysusers.d /usr/lib/tmpfiles.d /var/lib/systemd; do
    [ -e "$path" ] || continue
    find "$path" -path '*hh*' -printf '%p %y %m %u:%g %l\n' 2>/dev/null | sort
    find "$path" -path '*hh*' -type f -exec sha256sum {} + 2>/dev/null | sort
  done
  getent passwd hh-agent || true
  getent group hh-agent || true
}

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

echo "== systemd-analyze verify (any output is a failure)"
output=$(systemd-analyze verify systemd/hh-callback.service systemd/hh-refresh.service systemd/hh-refresh.timer 2>&1) || true
if [ -n "$output" ]; then
  echo "$output" >&2
  exit 1
fi
echo "clean"

echo "== systemd-analyze security --offline=yes (exposure <= 2.0)"
for unit in hh-callback.service hh-refresh.service; do
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

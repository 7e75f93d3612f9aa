#!/usr/bin/env bash
# The checks on what users install besides the binaries: scripts/install.sh for real
# (install-checks.sh: every option, the files it leaves, the installed units through
# `systemd-analyze verify` (no output) and `security --offline=yes` (exposure at most 2.0
# per service), uninstall and purge), the nginx config (nginx -t and a live log check), and
# a lint of every script and maintainer script with shellcheck. The .deb has its own deb-checks.sh.
# Expects root and a release build in target/release.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

bash scripts/ci/install-checks.sh

echo "== nginx -t"
prefix=$(mktemp -d)
mkdir -p "$prefix/tmp"
nginx -t -p "$prefix" -c "$root/nginx/test-main.conf"
rm -rf "$prefix"

echo "== nginx live check"
bash scripts/check-nginx-logs.sh

echo "== shellcheck"
shellcheck -x scripts/*.sh scripts/ci/*.sh .ci/run
shellcheck --shell=sh packaging/debian/preinst packaging/debian/postinst packaging/debian/prerm packaging/debian/postrm
echo "clean"

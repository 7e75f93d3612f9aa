#!/usr/bin/env bash
# The .deb, built by cargo-deb from the release build already in target/release (cargo-deb
# is installed from crates.io when missing), then on this machine as root: its contents and
# conffiles; dpkg -i and what it leaves on disk (the units checked by systemd-analyze, the
# nginx snippet by nginx -t); the maintainer scripts' decisions with a running systemd
# (simulated in a private mount namespace); reinstalling over an edited config; dpkg -r
# (config and state kept); dpkg --purge (the machine as it was); install.sh refusing the
# package's host and the package refusing install.sh's. Expects root and a machine without
# hh-agent; it leaves none behind.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# shellcheck source=scripts/ci/lib.sh
. scripts/ci/lib.sh

expect_text() { [[ $1 == *"$2"* ]] || fail "expected '$2' in: $1"; }
package_status() { dpkg-query -W -f='${Status}' hh-agent 2>/dev/null || true; }
# dpkg keeps "unknown ok not-installed" for a package it once knew.
package_known() { case "$(package_status)" in "" | *" not-installed") return 1 ;; esac; }
kept_files=(/etc/hh-agent/config.toml /etc/hh-agent/credentials/hh-state-key
  /etc/hh-agent/credentials/hh-client-secret /var/lib/hh-token/token.json /var/lib/hh-bot/ledger.sqlite3)

[ "$(id -u)" = 0 ] || fail "run as root"
if package_known || [ -e /etc/hh-agent ] || getent passwd hh-agent >/dev/null; then
  fail "hh-agent is installed here and these checks install and purge it: remove it first (dpkg --purge hh-agent, or scripts/install.sh --uninstall --purge)"
fi
clean=$(snapshot)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== the docs name the toolchain the workspace needs"
rust_version=$(sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml)
for doc in README.md infra/keendns.md; do
  grep -q "rust-version.*$rust_version\|$rust_version.*rust-version" "$doc" || fail "$doc does not name rust-version $rust_version"
  grep -q "build-essential" "$doc" || fail "$doc does not name build-essential"
  grep -q "pkg-config" "$doc" || fail "$doc does not name pkg-config"
done
echo "ok: $rust_version"

echo "== cargo deb (from the release build in target/release)"
for name in hh hh-bot hh-callback hh-refresh; do
  [ -x "target/release/$name" ] || fail "target/release/$name is missing: run cargo build --release --locked first"
done
if ! cargo deb --version >/dev/null 2>&1; then
  echo "installing cargo-deb from crates.io"
  cargo install cargo-deb --locked --quiet
fi
cargo deb --version
cargo deb -p hh-agent --no-build --output "$work/" >/dev/null
debs=("$work"/hh-agent_*.deb)
deb=${debs[0]}
[ -f "$deb" ] || fail "cargo deb wrote no package"
dpkg-deb --field "$deb" Package Version Architecture Depends Recommends

echo "== the package's files, modes and conffiles"
dpkg-deb --contents "$deb" | awk '$1 !~ /^d/ { print $1, $2, $6 }' | sort -k3 > "$work/contents"
cat "$work/contents"
sort -k3 > "$work/expected" <<'EOF'
-rwxr-xr-x 0/0 ./usr/bin/hh
-rwxr-xr-x 0/0 ./usr/bin/hh-bot
-rwxr-xr-x 0/0 ./usr/bin/hh-callback
-rwxr-xr-x 0/0 ./usr/bin/hh-refresh
-rw-r--r-- 0/0 ./lib/systemd/system/hh-bot.service
-rw-r--r-- 0/0 ./lib/systemd/system/hh-callback.service
-rw-r--r-- 0/0 ./lib/systemd/system/hh-refresh.service
-rw-r--r-- 0/0 ./lib/systemd/system/hh-refresh.timer
-rw-r--r-- 0/0 ./usr/lib/sysusers.d/hh-agent.conf
-rw-r--r-- 0/0 ./usr/lib/tmpfiles.d/hh-agent.conf
-rw-r----- 0/0 ./etc/hh-agent/config.toml
-rw-r--r-- 0/0 ./etc/nginx/snippets/hh-agent.conf
-rw-r--r-- 0/0 ./usr/share/doc/hh-agent/README.md
-rw-r--r-- 0/0 ./usr/share/doc/hh-agent/copyright
-rw-r--r-- 0/0 ./usr/share/doc/hh-agent/examples/config.example.toml
-rw-r--r-- 0/0 ./usr/share/doc/hh-agent/keendns.md
-rw-r--r-- 0/0 ./usr/share/doc/hh-agent/troubleshooting.md
EOF
diff "$work/expected" "$work/contents" || fail "the package holds other files than these (< expected, > found)"
[ "$(dpkg-deb --info "$deb" conffiles)" = "$(printf '/etc/hh-agent/config.toml\n/etc/nginx/snippets/hh-agent.conf')" ] \
  || fail "the conffiles are not the config and the nginx snippet"
dpkg-deb --extract "$deb" "$work/tree"
for name in hh hh-bot hh-callback hh-refresh; do
  cmp -s "target/release/$name" "$work/tree/usr/bin/$name" || fail "usr/bin/$name is not the release build's"
done
cmp -s systemd/hh-bot.service "$work/tree/lib/systemd/system/hh-bot.service" || fail "the package's hh-bot.service is not systemd/hh-bot.service"
echo "ok"

echo "== dpkg -i without a running systemd"
out=$(dpkg -i "$deb" 2>&1) || fail "dpkg -i failed: $out"
expect_text "$out" "hh-agent: next steps (the config, the hh.ru client secret, nginx, the bot) are in /usr/share/doc/hh-agent/keendns.md"
[ "$(package_status)" = "install ok installed" ] || fail "the package is $(package_status)"
for name in hh hh-bot hh-callback hh-refresh; do expect_stat "/usr/bin/$name" 755 root:root; done
/usr/bin/hh --help >/dev/null || fail "/usr/bin/hh --help fails"
expect_accounts_and_directories
cmp -s config.example.toml /etc/hh-agent/config.toml || fail "the config is not config.example.toml"
expect_stat /usr/lib/sysusers.d/hh-agent.conf 644 root:root
expect_stat /usr/lib/tmpfiles.d/hh-agent.conf 644 root:root
expect_stat /etc/nginx/snippets/hh-agent.conf 644 root:root
expect_units /lib/systemd/system /usr/bin /usr/share/doc/hh-agent
for link in timers.target.wants/hh-refresh.timer multi-user.target.wants/hh-callback.service; do
  [ "$(readlink -f "/etc/systemd/system/$link")" = "$(readlink -f "/lib/systemd/system/${link#*/}")" ] || fail "${link#*/} is not enabled"
done
expect_absent /etc/systemd/system/multi-user.target.wants/hh-bot.service
if [ -d /etc/nginx/conf.d ] && command -v nginx >/dev/null 2>&1; then
  # Enabling the site as keendns.md says.
  ln -s ../snippets/hh-agent.conf /etc/nginx/conf.d/hh-agent.conf
  nginx -t 2>/dev/null || fail "nginx -t fails with the snippet enabled as documented"
fi
echo "ok"

echo "== the README's quick start up to 'hh doctor': hh.ru and Telegram are hh sandbox, no login (no systemd here)"
# What the README's quick start does by hand: the config's [hh] values, the client secret,
# hh-callback running as hh-agent (systemd would pass it the credentials), then hh doctor.
# hh.ru answers as it does for most apps now (--access closed): no login is needed. The
# sandbox is the release build's (a packager's .deb may be built without it).
target/release/hh sandbox --listen 127.0.0.1:0 --redirect-uri http://localhost:18000/hh/callback \
  --telegram-listen 127.0.0.1:0 --access closed >"$work/sandbox.out" 2>"$work/sandbox.err" &
sandbox_pid=$!
trap 'kill "$sandbox_pid" "${callback_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -q "Эмулятор Telegram Bot API" "$work/sandbox.out" && break; sleep 0.1; done
hh_url=$(sed -n 's/^Песочница hh.ru работает: \(http[^ ]*\)$/\1/p' "$work/sandbox.out")
telegram_url=$(sed -n 's/^Эмулятор Telegram Bot API: \(http[^ ]*\) .*/\1/p' "$work/sandbox.out")
client_id=$(sed -n 's/^  client_id: *\([^ ]*\)$/\1/p' "$work/sandbox.out")
client_secret=$(sed -n 's/^  client_secret: *\([^ ]*\) .*/\1/p' "$work/sandbox.out")
if [ -z "$hh_url" ] || [ -z "$telegram_url" ] || [ -z "$client_id" ] || [ -z "$client_secret" ]; then
  fail "hh sandbox did not start: $(cat "$work/sandbox.out" "$work/sandbox.err")"
fi
cp /etc/hh-agent/config.toml "$work/config.toml.orig"
cat >/etc/hh-agent/config.toml <<TOML
[hh]
client_id = "$client_id"
redirect_uri = "http://localhost:18000/hh/callback"
user_agent = "hh-agent/0.1 (ci@hh-agent.test)"
oauth_base_url = "$hh_url"
api_base_url = "$hh_url"

[callback]
listen = "127.0.0.1:18000"

[bot]
telegram_api_url = "$telegram_url"
allowed_chats = [1]
TOML
(umask 077 && printf '%s' "$client_secret" >/etc/hh-agent/credentials/hh-client-secret &&
  printf '123:ci' >/etc/hh-agent/credentials/telegram-bot-token)
service_credentials="$work/service-credentials"
chmod 711 "$work"   # hh-agent passes through to its own credentials, as under /run/credentials
install -d -m 700 -o hh-agent -g hh-agent "$service_credentials"
install -m 400 -o hh-agent -g hh-agent /etc/hh-agent/credentials/* "$service_credentials/"
setpriv --reuid hh-agent --regid hh-agent --init-groups \
  env CREDENTIALS_DIRECTORY="$service_credentials" /usr/bin/hh-callback >"$work/callback.log" 2>&1 &
callback_pid=$!
for _ in $(seq 100); do curl -sf http://127.0.0.1:18000/healthz >/dev/null 2>&1 && break; sleep 0.1; done
doctor=$(/usr/bin/hh doctor 2>&1) || fail "hh doctor failed after the quick start:
$doctor
hh-callback: $(cat "$work/callback.log")"
expect_text "$doctor" "Доступ к hh.ru: поиск — с ключом приложения, отклики — по ссылке на hh.ru"
expect_text "$doctor" "Всё в порядке."
status=$(/usr/bin/hh status 2>&1) || fail "hh status failed after the quick start: $status"
expect_text "$status" "входа на hh.ru нет"
expect_stat /var/lib/hh-token/app-token.json 600 hh-agent:hh-agent
kill "$callback_pid" "$sandbox_pid" 2>/dev/null || true
wait "$callback_pid" "$sandbox_pid" 2>/dev/null || true
trap 'rm -rf "$work"' EXIT
rm -f /etc/hh-agent/credentials/hh-client-secret /etc/hh-agent/credentials/telegram-bot-token /var/lib/hh-token/app-token.json
cp "$work/config.toml.orig" /etc/hh-agent/config.toml
echo "ok"

echo "== install.sh refuses a host where the package is installed"
before=$(snapshot)
out=$(bash scripts/install.sh --no-systemd 2>&1) && fail "install.sh ran beside the package: $out"
expect_text "$out" "the hh-agent Debian package is installed here"
out=$(bash scripts/install.sh --uninstall --purge 2>&1) && fail "install.sh --uninstall ran beside the package: $out"
expect_unchanged "$before" "a refused install.sh changed the machine"
echo "ok"

echo "== the maintainer scripts with a running systemd (simulated: /run/systemd/system, logging systemctl and deb-systemd-invoke)"
if ! unshare --mount --propagation private true 2>/dev/null; then
  echo "skipped: this machine cannot unshare a mount namespace"
else
  mkdir "$work/shims"
  for tool in systemctl deb-systemd-invoke; do
    printf '#!/bin/sh\necho "%s $*" >> "%s"\n' "$tool" "$work/calls" > "$work/shims/$tool"
    chmod 0755 "$work/shims/$tool"
  done
  # with_systemd SCRIPT ARGS...: the installed maintainer script, as if systemd were running
  # and dpkg had called it; prints the systemctl and deb-systemd-invoke calls it made.
  with_systemd() {
    : > "$work/calls"
    # shellcheck disable=SC2016 # expanded by the inner shell
    DPKG_MAINTSCRIPT_PACKAGE=hh-agent DPKG_MAINTSCRIPT_NAME=$1 \
      unshare --mount --propagation private sh -c \
      'mount -t tmpfs tmpfs /run && mkdir -p /run/systemd/system && PATH="$0:$PATH" exec "$@"' \
      "$work/shims" "/var/lib/dpkg/info/hh-agent.$1" "${@:2}" >/dev/null
    cat "$work/calls"
  }
  calls=$(with_systemd postinst configure "")
  expect_text "$calls" "systemctl --system daemon-reload"
  expect_text "$calls" "deb-systemd-invoke start hh-refresh.timer"
  if grep -E 'hh-callback|hh-bot' <<<"$calls"; then fail "a first installation without the client secret starts the above"; fi
  (umask 077 && echo "fake secret" > /etc/hh-agent/credentials/hh-client-secret)
  calls=$(with_systemd postinst configure "")
  expect_text "$calls" "deb-systemd-invoke restart hh-callback.service"
  if grep -E 'hh-bot' <<<"$calls"; then fail "a first installation starts hh-bot: $calls"; fi
  calls=$(with_systemd postinst configure 0.1.0-1)
  for unit in hh-refresh.timer hh-bot.service hh-callback.service; do
    expect_text "$calls" "deb-systemd-invoke restart $unit"
  done
  calls=$(with_systemd prerm upgrade 0.1.0-1)
  [ -z "$calls" ] || fail "prerm stops units on an upgrade: $calls"
  calls=$(with_systemd prerm remove)
  expect_text "$calls" "deb-systemd-invoke stop hh-bot.service hh-callback.service hh-refresh.timer hh-refresh.service"
  echo "ok"
fi

echo "== reinstalling keeps an edited config, the state key, the token and the ledger"
(umask 077 && echo "fake secret" > /etc/hh-agent/credentials/hh-client-secret)
echo '{"access_token": "fake"}' > /var/lib/hh-token/token.json
echo "fake ledger" > /var/lib/hh-bot/ledger.sqlite3
echo "# an admin's edit" >> /etc/hh-agent/config.toml
kept=$(sha256sum "${kept_files[@]}")
out=$(dpkg -i "$deb" 2>&1) || fail "dpkg -i over the installed package failed: $out"
[ "$(sha256sum "${kept_files[@]}")" = "$kept" ] || fail "reinstalling changed the config, a credential, the token or the ledger"
expect_accounts_and_directories
echo "ok"

echo "== dpkg -r keeps the config, credentials, token, ledger and user"
dpkg -r hh-agent >/dev/null 2>&1 || fail "dpkg -r failed"
[ "$(package_status)" = "deinstall ok config-files" ] || fail "after dpkg -r the package is $(package_status)"
expect_absent /usr/bin/hh /usr/bin/hh-bot /usr/bin/hh-callback /usr/bin/hh-refresh /lib/systemd/system/hh-* \
  /usr/share/doc/hh-agent /usr/lib/sysusers.d/hh-agent.conf /usr/lib/tmpfiles.d/hh-agent.conf
[ "$(sha256sum "${kept_files[@]}")" = "$kept" ] || fail "dpkg -r changed the config, a credential, the token or the ledger"
expect_accounts_and_directories
expect_stat /etc/nginx/snippets/hh-agent.conf 644 root:root
if [ -L /etc/nginx/conf.d/hh-agent.conf ]; then nginx -t 2>/dev/null || fail "nginx -t fails after dpkg -r"; fi
echo "ok"

echo "== dpkg --purge leaves the machine as it was"
dpkg --purge hh-agent >/dev/null 2>&1 || fail "dpkg --purge failed"
if package_known; then fail "after the purge the package is $(package_status)"; fi
expect_absent /etc/hh-agent /var/lib/hh-token /var/lib/hh-bot /etc/nginx/snippets/hh-agent.conf /etc/nginx/conf.d/hh-agent.conf
if getent passwd hh-agent || getent group hh-agent; then fail "the purge left the user or the group"; fi
if command -v nginx >/dev/null 2>&1 && [ -d /etc/nginx/conf.d ]; then nginx -t 2>/dev/null || fail "nginx -t fails after the purge"; fi
expect_unchanged "$clean" "the purge did not leave the machine as it was"
echo "ok"

echo "== the package refuses a host where scripts/install.sh installed hh-agent"
bash scripts/install.sh --no-systemd >/dev/null
out=$(dpkg -i "$deb" 2>&1) && fail "dpkg -i installed over install.sh's copy: $out"
expect_text "$out" "remove that first with 'scripts/install.sh --uninstall'"
case "$(package_status)" in *" installed") fail "the refused package is installed" ;; esac
expect_absent /usr/bin/hh /lib/systemd/system/hh-bot.service
bash scripts/install.sh --uninstall --purge >/dev/null
if package_known; then dpkg --purge hh-agent >/dev/null 2>&1; fi
expect_unchanged "$clean" "the refused package or install.sh's purge left something behind"
echo "ok"

#!/usr/bin/env bash
# scripts/install.sh for real on this machine: bad arguments; --dry-run (changes nothing and
# announces every action the real run then takes); the install and what it leaves on disk
# (the units checked by systemd-analyze); a second run (changes nothing); no running
# systemd (exit 3 unless --no-systemd); hh-bot enabled only once configured; --force and
# its backup; an upgrade of files nobody edited; --uninstall (keeps the config, the
# credentials, the token, the ledger and the user) and --uninstall --purge (leaves the
# machine as it found it). Expects root, a release build in target/release and a machine
# without hh-agent; it leaves none behind.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# shellcheck source=scripts/ci/lib.sh
. scripts/ci/lib.sh

bins=$root/target/release
units=/etc/systemd/system
site=/etc/nginx/conf.d/hh-agent.conf
install_sh() { bash "$root/scripts/install.sh" "$@"; }
# The actions a run printed, "would X" (dry) and "+ X" (real) both as X.
actions() { sed -n -e 's/^would //p' -e 's/^+ //p' <<<"$1"; }
expect_text() { [[ $1 == *"$2"* ]] || fail "expected '$2' in: $1"; }

[ "$(id -u)" = 0 ] || fail "run as root"
if [ -e /etc/hh-agent ] || [ -e /var/lib/hh-token ] || getent passwd hh-agent >/dev/null; then
  fail "hh-agent is installed here and these checks install and purge it: remove it first (scripts/install.sh --uninstall --purge, or dpkg --purge hh-agent)"
fi
clean=$(snapshot)

echo "== install.sh: bad arguments are usage errors (exit 2) that say what is wrong"
expect_exit() { # CODE TEXT ARGS...: install.sh ARGS exits CODE and says TEXT
  local code=$1 text=$2 out rc; shift 2
  out=$(install_sh "$@" 2>&1) && rc=0 || rc=$?
  [ "$rc" = "$code" ] || fail "install.sh $*: exit $rc, expected $code: $out"
  expect_text "$out" "$text"
}
expect_exit 2 "--bin-dir needs a directory, e.g. --bin-dir target/release" --bin-dir
expect_exit 2 "--bin-dir needs a directory" --dry-run --bin-dir
expect_exit 2 "--bin-dir needs a directory" --bin-dir --force
expect_exit 2 "--bin-dir needs a directory" --bin-dir=
expect_exit 2 "--purge goes with --uninstall" --purge
expect_exit 2 "unknown option --frobnicate" --frobnicate
expect_exit 1 "/nonexistent/hh-callback not found: build first" --bin-dir /nonexistent --no-systemd
expect_unchanged "$clean" "a refused run changed the machine"
echo "ok"

echo "== --dry-run changes nothing and says 'would' for every action the real run takes"
dry=$(install_sh --dry-run --no-systemd --bin-dir "$bins")
expect_unchanged "$clean" "the dry run changed the machine"
if grep '^+ ' <<<"$dry"; then fail "the dry run did the above"; fi
expect_text "$dry" "would run: install -m 0755 $bins/hh-bot /usr/local/bin/hh-bot"
expect_text "$dry" "would write a random /etc/hh-agent/credentials/hh-state-key (mode 0600)"
expect_text "$dry" "dry run: nothing was changed"
real=$(install_sh --no-systemd --bin-dir "$bins")
diff <(actions "$dry") <(actions "$real") || fail "the real run did what the dry run did not announce (> lines)"
echo "ok: $(actions "$real" | wc -l) actions announced, then done"

echo "== what the install leaves on disk"
for name in hh hh-bot hh-callback hh-refresh; do
  expect_stat "/usr/local/bin/$name" 755 root:root
  cmp -s "$bins/$name" "/usr/local/bin/$name" || fail "/usr/local/bin/$name is not the build's"
done
expect_accounts_and_directories
cmp -s config.example.toml /etc/hh-agent/config.toml || fail "the config is not config.example.toml"
expect_stat /etc/sysusers.d/hh-agent.conf 644 root:root
expect_stat /etc/tmpfiles.d/hh-agent.conf 644 root:root
for name in README.md keendns.md troubleshooting.md config.example.toml; do
  expect_stat "/usr/local/share/doc/hh-agent/$name" 644 root:root
done
expect_units "$units" /usr/local/bin /usr/local/share/doc/hh-agent
if [ -d /etc/nginx/conf.d ]; then
  cmp -s nginx/hh-agent.conf "$site" || fail "$site is not nginx/hh-agent.conf"
  nginx -t 2>/dev/null || fail "nginx -t fails with the installed site"
fi
echo "ok"

echo "== a second run changes nothing"
before=$(snapshot)
second=$(install_sh --no-systemd --bin-dir "$bins")
expect_unchanged "$before" "the second run changed the machine"
other=$(actions "$second" | grep -v -e '^run: systemd-sysusers ' -e '^run: systemd-tmpfiles --create ' || true)
[ -z "$other" ] || fail "the second run did more than re-apply sysusers.d and tmpfiles.d: $other"
expect_text "$second" "/etc/hh-agent/config.toml exists, left as it is"
expect_text "$second" "/etc/hh-agent/credentials/hh-state-key exists, left as it is"
echo "ok"

echo "== without a running systemd: nothing is enabled, said plainly, exit 3 unless --no-systemd"
if [ -d /run/systemd/system ]; then
  echo "skipped: systemd runs here"
else
  expect_exit 3 "systemd is not running here: the files are installed, but nothing was enabled or started" --bin-dir "$bins"
  expect_exit 3 "systemd is not running here: the files would be installed, but nothing would be enabled or started" --dry-run --bin-dir "$bins"
  expect_absent /etc/systemd/system/*.wants/hh-*
  expect_exit 0 "--no-systemd: the units are installed, nothing was enabled or started" --no-systemd --bin-dir "$bins"
  echo "ok"
fi

echo "== hh-bot is enabled only with a bot token and [bot] allowed_chats"
bot_token=/etc/hh-agent/credentials/telegram-bot-token
config_backup=$(mktemp)
cp -p /etc/hh-agent/config.toml "$config_backup"
bot_line() { install_sh --dry-run --no-systemd --bin-dir "$bins" | grep '^hh-bot'; }
[[ $(bot_line) == "hh-bot is not enabled"* ]] || fail "install.sh would enable hh-bot without a bot token"
(umask 077 && echo "123:check" > "$bot_token")
[[ $(bot_line) == "hh-bot is not enabled"* ]] || fail "install.sh would enable hh-bot without allowed_chats"
printf '\n[bot]\nallowed_chats = [\n  123456789,\n]\n' >> /etc/hh-agent/config.toml
[[ $(bot_line) == "hh-bot: bot token and bot.allowed_chats found" ]] || fail "install.sh does not see a configured hh-bot"
cp -p "$config_backup" /etc/hh-agent/config.toml
rm -f "$bot_token" "$config_backup"
echo "ok"

echo "== an edited unit or site is kept; --force replaces it and keeps the edit as FILE.bak-DATE"
for file in "$units/hh-bot.service" "$site"; do
  [ -e "$file" ] || continue
  shipped=$(sha256sum < "$file")
  echo "# a local edit" >> "$file"
  edited=$(sha256sum < "$file")
  out=$(install_sh --no-systemd --bin-dir "$bins")
  expect_text "$out" "$file was edited (it is not the file install.sh put there): left as it is; --force replaces it and keeps this one as $file.bak-DATE"
  [ "$(sha256sum < "$file")" = "$edited" ] || fail "install.sh replaced the edited $file without --force"
  expect_absent "$file".bak-*
  before=$(snapshot)
  out=$(install_sh --dry-run --force --no-systemd --bin-dir "$bins")
  expect_text "$out" "would run: cp -p $file $file.bak-"
  expect_unchanged "$before" "the dry run with --force changed the machine"
  install_sh --force --no-systemd --bin-dir "$bins" >/dev/null
  [ "$(sha256sum < "$file")" = "$shipped" ] || fail "--force did not put the shipped $file back"
  backups=("$file".bak-*)
  [ "${#backups[@]}" = 1 ] || fail "--force kept ${#backups[@]} backups of $file"
  [ "$(sha256sum < "${backups[0]}")" = "$edited" ] || fail "--force kept no backup of the edited $file"
  rm -f "${backups[@]}"
done
echo "ok"

echo "== a newer release replaces files nobody edited, without --force"
newer=$(mktemp -d)
cp -r scripts systemd nginx packaging infra README.md config.example.toml "$newer/"
echo "# a newer release" >> "$newer/systemd/hh-refresh.timer"
out=$(bash "$newer/scripts/install.sh" --no-systemd --bin-dir "$bins")
if [[ $out == *"was edited"* ]]; then fail "install.sh took its own earlier file for an edit: $out"; fi
[ "$(tail -n 1 "$units/hh-refresh.timer")" = "# a newer release" ] || fail "the newer release did not replace hh-refresh.timer"
install_sh --no-systemd --bin-dir "$bins" >/dev/null
[ "$(tail -n 1 "$units/hh-refresh.timer")" != "# a newer release" ] || fail "install.sh did not put its own hh-refresh.timer back"
expect_absent "$units"/hh-refresh.timer.bak-*
rm -rf "$newer"
echo "ok"

echo "== --uninstall removes what install.sh installed and keeps the config, credentials, token, ledger and user"
echo '{"access_token": "fake"}' > /var/lib/hh-token/token.json
echo "fake ledger" > /var/lib/hh-bot/ledger.sqlite3
(umask 077 && echo "fake secret" > /etc/hh-agent/credentials/hh-client-secret)
echo "# an admin's edit" >> /etc/hh-agent/config.toml
# As if enabled on a host with systemd (systemctl enable works offline).
systemctl enable hh-refresh.timer hh-callback.service 2>/dev/null
kept=$(sha256sum /etc/hh-agent/config.toml /etc/hh-agent/credentials/* /var/lib/hh-token/token.json /var/lib/hh-bot/ledger.sqlite3)
before=$(snapshot)
dry=$(install_sh --uninstall --dry-run)
expect_unchanged "$before" "the dry run of --uninstall changed the machine"
if grep '^+ ' <<<"$dry"; then fail "the dry run of --uninstall did the above"; fi
real=$(install_sh --uninstall)
diff <(actions "$dry") <(actions "$real") || fail "--uninstall did what its dry run did not announce (> lines)"
expect_text "$real" "kept: /etc/hh-agent (the config and credentials), /var/lib/hh-token (the hh.ru token), /var/lib/hh-bot (the ledger) and the user hh-agent"
expect_absent /usr/local/bin/hh /usr/local/bin/hh-bot /usr/local/bin/hh-callback /usr/local/bin/hh-refresh \
  "$units"/hh-* "$units"/*.wants/hh-* /usr/local/share/doc/hh-agent /usr/local/share/hh-agent \
  /etc/sysusers.d/hh-agent.conf /etc/tmpfiles.d/hh-agent.conf "$site"
[ "$(sha256sum /etc/hh-agent/config.toml /etc/hh-agent/credentials/* /var/lib/hh-token/token.json /var/lib/hh-bot/ledger.sqlite3)" = "$kept" ] \
  || fail "--uninstall changed the config, a credential, the token or the ledger"
expect_accounts_and_directories
echo "ok"

echo "== installing again takes over what --uninstall kept"
out=$(install_sh --no-systemd --bin-dir "$bins")
expect_text "$out" "/etc/hh-agent/config.toml exists, left as it is"
[ "$(sha256sum /etc/hh-agent/config.toml /etc/hh-agent/credentials/* /var/lib/hh-token/token.json /var/lib/hh-bot/ledger.sqlite3)" = "$kept" ] \
  || fail "installing again changed the config, a credential, the token or the ledger"
echo "ok"

echo "== --uninstall --purge leaves the machine as it was before the first install"
before=$(snapshot)
dry=$(install_sh --uninstall --purge --dry-run)
expect_unchanged "$before" "the dry run of --purge changed the machine"
expect_text "$dry" "would run: rm -rf /var/lib/hh-token"
expect_text "$dry" "would remove the user and group hh-agent"
real=$(install_sh --uninstall --purge)
diff <(actions "$dry") <(actions "$real") || fail "--purge did what its dry run did not announce (> lines)"
expect_unchanged "$clean" "--purge did not leave the machine as it was"
echo "ok"

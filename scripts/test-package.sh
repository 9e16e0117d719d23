#!/usr/bin/env bash
# The Debian package, tested the way an operator meets it: in a clean Debian 12 root made with
# debootstrap from Debian's archive and booted with systemd-nspawn, so the unit really runs under
# systemd (Type=notify, the watchdog, the sandbox), with its own journald.
#
#   scripts/test-package.sh [--deb FILE]     (as root)
#
# It packages the agent twice under two versions (scripts/package.sh; --deb skips the build and uses
# FILE as the first version), then, inside the booted root:
#   install        apt install ./nodeagent_V1.deb (offline: --no-install-recommends, so not keepalived): files in place, unit known, nothing enabled or
#                  started, state and certificate directories made 0700
#   unconfigured   systemctl start fails, and the journal says why (the placeholder holds no settings)
#   configure      certs init/issue, config init (no terminal: options only), config check
#   start          systemctl enable --now: active, READY reached, admin queries answered, journald
#                  holds NODEAGENT_* fields, the watchdog set
#   watchdog       the agent frozen with SIGSTOP: systemd kills it at WatchdogSec and restarts it
#   reload         systemctl reload keeps it active; a broken config fails the reload and changes nothing
#   upgrade        apt install ./nodeagent_V2.deb: the config (a modified conffile) and the Raft state
#                  kept, the agent restarted on the new version
#   remove         stopped; config and state kept
#   purge          the root holds exactly the files it held before the install
# Every wait is bounded; the root, the container and the packages are removed at the end.
set -euo pipefail
# Note: `cmd | grep -q` would fail under pipefail when grep quits early and cmd dies of SIGPIPE, so the
# pipelines below let grep read everything (`grep … >/dev/null`).
cd "$(dirname "$0")/.."

[ "$(id -u)" -eq 0 ] || { echo "test-package: needs root (debootstrap, systemd-nspawn)"; exit 77; }
deb1=""
while [ $# -gt 0 ]; do
  case "$1" in
    --deb) deb1="$2"; shift 2 ;;
    *) echo "test-package: unknown option $1" >&2; exit 64 ;;
  esac
done

for tool in debootstrap:debootstrap systemd-nspawn:systemd-container nsenter:util-linux; do
  command -v "${tool%%:*}" >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${tool#*:}" >/dev/null
done

work="$(mktemp -d /var/tmp/nodeagent-package-test.XXXXXX)"
nspawn_pid=""
cleanup() {
  if [ -n "$nspawn_pid" ] && kill -0 "$nspawn_pid" 2>/dev/null; then
    kill -TERM "$nspawn_pid" 2>/dev/null || true   # nspawn powers the container off on SIGTERM
    for _ in $(seq 1 100); do kill -0 "$nspawn_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$nspawn_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\ntest-package: == %s\n' "$*"; }
fail() { echo "test-package: FAIL: $*" >&2; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# --- The packages -----------------------------------------------------------------------------------
step "packages"
if [ -z "$deb1" ]; then
  scripts/package.sh --out "$work/debs"
  deb1="$(ls "$work"/debs/nodeagent_*.deb)"
fi
version1="$(dpkg-deb -f "$deb1" Version)"
version2="${version1}+upgrade1"
# The next version: the same files under a higher version, which is what an upgrade changes for dpkg.
mkdir -p "$work/v2"
dpkg-deb -R "$deb1" "$work/v2/root"
sed -i "s/^Version: .*/Version: $version2/" "$work/v2/root/DEBIAN/control"
deb2="$work/v2/nodeagent_${version2}.deb"
dpkg-deb --root-owner-group -Zxz --build "$work/v2/root" "$deb2" >/dev/null
echo "test-package: $(basename "$deb1") and $(basename "$deb2")"

# --- A clean Debian 12 root -------------------------------------------------------------------------
step "debootstrap"
mirror="$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)"
mirror="${mirror:-http://deb.debian.org/debian}"
root="$work/root"
started="$(now)"
debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus bookworm "$root" "$mirror" > "$work/debootstrap.log" 2>&1 \
  || { tail -20 "$work/debootstrap.log"; fail "debootstrap from $mirror"; }
echo "test-package: Debian 12 root from $mirror in $(since "$started") s"
cp "$deb1" "$deb2" "$root/root/"
echo nodeagent-test > "$root/etc/hostname"

# What the root holds before the package: purge must bring it back to exactly this.
inventory() {
  (cd "$root" && find etc usr lib var/lib run -xdev \
    -path var/lib/dpkg -prune -o -path var/lib/apt -prune -o -path var/lib/systemd -prune \
    -o -path run/systemd -prune -o -path run/user -prune -o -path run/log -prune \
    -o -path var/lib/dbus -prune -o -path etc/machine-id -prune -o -path etc/ld.so.cache -prune \
    -o -print 2>/dev/null | sort)
}

# --- Boot it ----------------------------------------------------------------------------------------
step "boot"
# --keep-unit/--register=no: the host may have no systemd or machined of its own to register with.
systemd-nspawn --quiet --keep-unit --register=no --private-network -D "$root" -b > "$work/console.log" 2>&1 &
nspawn_pid=$!
leader=""
for _ in $(seq 1 100); do
  leader="$(pgrep -P "$nspawn_pid" | head -1 || true)"
  [ -n "$leader" ] && break
  sleep 0.1
done
[ -n "$leader" ] || { cat "$work/console.log"; fail "systemd-nspawn started no container"; }
inside() { nsenter --target "$leader" --mount --uts --ipc --net --pid -- env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
state=""
for _ in $(seq 1 300); do
  state="$(inside systemctl is-system-running 2>/dev/null || true)"
  case "$state" in running|degraded) break ;; esac
  sleep 0.1
done
case "$state" in running|degraded) ;; *) tail -30 "$work/console.log"; fail "the root did not boot (state: $state)" ;; esac
echo "test-package: booted under systemd ($state) in $(since "$started") s since debootstrap began"
before="$(inventory)"

# --- Install ----------------------------------------------------------------------------------------
step "install $version1"
inside apt-get install -y -q --no-install-recommends "/root/$(basename "$deb1")" > "$work/apt-install.log" 2>&1 \
  || { cat "$work/apt-install.log"; fail "apt-get install"; }
for file in /usr/bin/nodeagent /lib/systemd/system/nodeagent.service /etc/nodeagent/nodeagent.toml \
    /usr/share/man/man1/nodeagent.1.gz /usr/share/bash-completion/completions/nodeagent \
    /usr/share/doc/nodeagent/nodeagent.example.toml; do
  inside test -f "$file" || fail "$file is not installed"
done
[ "$(inside stat -c %a /var/lib/nodeagent)" = 700 ] || fail "/var/lib/nodeagent is not 0700"
[ "$(inside stat -c %a /etc/nodeagent/tls)" = 700 ] || fail "/etc/nodeagent/tls is not 0700"
inside nodeagent --version | grep -x "${version1%%+*}" >/dev/null || fail "nodeagent --version"
inside zcat /usr/share/man/man1/nodeagent.1.gz | grep 'config init' >/dev/null || fail "the man page lacks config init"
enabled="$(inside systemctl is-enabled nodeagent 2>/dev/null || true)"
active="$(inside systemctl is-active nodeagent 2>/dev/null || true)"
[ "$enabled" = disabled ] || fail "the unit is '$enabled' after install; an unconfigured agent must not be enabled"
[ "$active" = inactive ] || fail "the unit is '$active' after install; an unconfigured agent must not start"
echo "test-package: installed; unit $enabled and $active; man page, completion, example config in place"

step "start unconfigured"
if inside systemctl start nodeagent 2>/dev/null; then fail "an unconfigured agent started"; fi
inside journalctl -u nodeagent --no-pager -o cat | grep "holds no settings yet" >/dev/null \
  || { inside journalctl -u nodeagent --no-pager | tail; fail "the journal does not say why it did not start"; }
inside systemctl reset-failed nodeagent
echo "test-package: refused to start, and the journal says: $(inside journalctl -u nodeagent --no-pager -o cat | grep -m1 'holds no settings')"

# --- Configure and start ----------------------------------------------------------------------------
step "configure"
inside nodeagent certs init --dir /etc/nodeagent/tls
inside nodeagent certs issue solo --role app --dir /etc/nodeagent/tls
if inside nodeagent config init --name solo < /dev/null > "$work/init.out" 2>&1; then fail "config init without a terminal wrote a file with answers missing"; fi
grep -q -- "--role" "$work/init.out" || { cat "$work/init.out"; fail "config init does not name the missing --role"; }
if inside nodeagent config init --name solo --role app --voters solo --listen 127.0.0.1:7946 --seed 127.0.0.1:7946 < /dev/null > /dev/null 2>&1; then
  : # the placeholder holds only comments, so it is replaced without --force
else
  fail "config init refused to replace the package's placeholder"
fi
if inside nodeagent config init --name solo --role app --voters solo --listen 127.0.0.1:7946 < /dev/null > /dev/null 2>&1; then
  fail "config init replaced a file with settings without --force"
fi
inside nodeagent config check /etc/nodeagent/nodeagent.toml

step "start"
started="$(now)"
inside systemctl enable --now nodeagent || { inside journalctl -u nodeagent --no-pager | tail -20; fail "systemctl enable --now"; }
echo "test-package: systemctl start returned (READY=1) after $(since "$started") s"
inside systemctl status nodeagent --no-pager | head -5
[ "$(inside systemctl is-active nodeagent)" = active ] || fail "not active"
[ "$(inside systemctl show -p WatchdogUSec --value nodeagent)" = 10s ] || fail "WatchdogUSec is not 10s"
for _ in $(seq 1 100); do
  inside nodeagent coordinator --json 2>/dev/null | grep '"coordinator" *: *"solo"' >/dev/null && break
  sleep 0.1
done
inside nodeagent coordinator --json | grep '"coordinator" *: *"solo"' >/dev/null || { inside nodeagent coordinator; fail "solo is not its own coordinator"; }
for _ in $(seq 1 50); do
  inside journalctl -u nodeagent --no-pager -o export | grep '^NODEAGENT_EVENT=' >/dev/null && break
  sleep 0.1
done
inside journalctl -u nodeagent --no-pager -o export | grep '^NODEAGENT_EVENT=' >/dev/null || fail "no NODEAGENT_EVENT field in the journal"
echo "test-package: active, coordinator of its one-node quorum, NODEAGENT_* fields in the journal"

step "watchdog"
pid="$(inside systemctl show -p MainPID --value nodeagent)"
restarts="$(inside systemctl show -p NRestarts --value nodeagent)"
inside sh -c "kill -STOP $pid"   # the shell's kill: minbase has no procps
frozen="$(now)"
newpid="$pid"
for _ in $(seq 1 400); do
  newpid="$(inside systemctl show -p MainPID --value nodeagent)"
  [ "$newpid" != "$pid" ] && [ "$newpid" != 0 ] && [ "$(inside systemctl is-active nodeagent)" = active ] && break
  sleep 0.1
done
[ "$newpid" != "$pid" ] && [ "$newpid" != 0 ] || fail "a frozen agent was not restarted within 40 s"
[ "$(inside systemctl show -p NRestarts --value nodeagent)" -gt "$restarts" ] || fail "NRestarts did not grow"
inside journalctl -u nodeagent --no-pager -o cat | grep -i "watchdog timeout" >/dev/null || fail "the journal does not name the watchdog"
echo "test-package: frozen agent killed by the watchdog and running again after $(since "$frozen") s (WatchdogSec=10s)"

step "reload"
inside systemctl reload nodeagent
[ "$(inside systemctl is-active nodeagent)" = active ] || fail "not active after reload"
# A broken config must fail the reload, with the reason, and leave the agent running on the old one.
inside cp /etc/nodeagent/nodeagent.toml /root/nodeagent.toml.good
inside sh -c 'echo "bogus_key = 1" >> /etc/nodeagent/nodeagent.toml'
if inside systemctl reload nodeagent 2>/dev/null; then fail "a reload with a broken config succeeded"; fi
[ "$(inside systemctl is-active nodeagent)" = active ] || fail "a refused reload stopped the agent"
inside journalctl -u nodeagent --no-pager -o cat | grep "bogus_key" >/dev/null || fail "the journal does not name the bad key"
inside cp /root/nodeagent.toml.good /etc/nodeagent/nodeagent.toml
inside systemctl reload nodeagent
echo "test-package: reload applies a good config; a bad one fails \`systemctl reload\`, named in the journal, and the agent runs on"

# --- Upgrade ----------------------------------------------------------------------------------------
step "upgrade to $version2"
config_before="$(inside sha256sum /etc/nodeagent/nodeagent.toml)"
data_before="$(inside sh -c 'cd /var/lib/nodeagent && find . -type f | sort')"
[ -n "$data_before" ] || fail "the agent wrote nothing to /var/lib/nodeagent"
term_before="$(inside nodeagent coordinator --json | sed -n 's/.*"term" *: *\([0-9]*\).*/\1/p' | head -1)"
pid="$(inside systemctl show -p MainPID --value nodeagent)"
inside apt-get install -y -q --no-install-recommends "/root/$(basename "$deb2")" > "$work/apt-upgrade.log" 2>&1 \
  || { cat "$work/apt-upgrade.log"; fail "the upgrade"; }
grep -qi "conffile" "$work/apt-upgrade.log" && { cat "$work/apt-upgrade.log"; fail "the upgrade asked about the conffile"; }
[ "$(inside dpkg-query -W -f '${Version}' nodeagent)" = "$version2" ] || fail "the version is not $version2"
[ "$(inside sha256sum /etc/nodeagent/nodeagent.toml)" = "$config_before" ] || fail "the upgrade changed the config"
[ "$(inside systemctl is-active nodeagent)" = active ] || fail "not active after the upgrade"
[ "$(inside systemctl show -p MainPID --value nodeagent)" != "$pid" ] || fail "the upgrade did not restart the agent"
for file in $data_before; do inside test -f "/var/lib/nodeagent/$file" || fail "the upgrade lost /var/lib/nodeagent/$file"; done
for _ in $(seq 1 100); do inside nodeagent coordinator --json 2>/dev/null | grep '"coordinator" *: *"solo"' >/dev/null && break; sleep 0.1; done
term_after="$(inside nodeagent coordinator --json | sed -n 's/.*"term" *: *\([0-9]*\).*/\1/p' | head -1)"
[ -n "$term_before" ] && [ -n "$term_after" ] && [ "$term_after" -gt "$term_before" ] \
  || fail "the Raft term went from '$term_before' to '$term_after' (the state was not kept)"
echo "test-package: upgraded; config unchanged, $(echo "$data_before" | wc -l) state files kept, term $term_before → $term_after, agent restarted"

# --- Remove and purge -------------------------------------------------------------------------------
step "remove"
inside apt-get remove -y -q nodeagent > "$work/apt-remove.log" 2>&1 || { cat "$work/apt-remove.log"; fail "apt-get remove"; }
inside sh -c 'for p in /proc/[0-9]*; do [ "$(cat "$p/comm" 2>/dev/null)" = nodeagent ] && exit 0; done; exit 1' \
  && fail "the agent still runs after remove"
inside test -f /etc/nodeagent/nodeagent.toml || fail "remove deleted the config"
inside test -d /var/lib/nodeagent || fail "remove deleted the state"
inside test -e /usr/bin/nodeagent && fail "remove left the binary"

step "purge"
inside apt-get purge -y -q nodeagent > "$work/apt-purge.log" 2>&1 || { cat "$work/apt-purge.log"; fail "apt-get purge"; }
after="$(inventory)"
if [ "$before" != "$after" ]; then
  diff <(echo "$before") <(echo "$after") || true
  fail "purge left the root different from before the install"
fi
inside systemctl cat nodeagent >/dev/null 2>&1 && fail "systemd still knows the unit after purge"
echo "test-package: purged; the root holds exactly the $(echo "$before" | wc -l) paths it held before"

echo
echo "test-package: ok"

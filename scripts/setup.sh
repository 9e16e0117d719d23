#!/usr/bin/env bash
# Installs what nodeagent needs on Debian 12 beside the Swift toolchain, and nothing when it is all there.
#   libsystemd-dev   journald (sd_journal_sendv) and sd_notify, linked through the CSystemd target
#   pkg-config       how SwiftPM finds libsystemd
#   systemd          systemd-journald, journalctl and systemd-analyze for the tests
#   openssl          the openssl CLI: the PKI docs' commands and the interoperability tests
#   iproute2, util-linux, procps   ip, unshare/nsenter, ps for the process tests
#   keepalived, nftables           the VIP lab: real keepalived in network namespaces, link cuts
#   curl, python3                  the lab's tiny HTTP services and their checks; the probe tests' https server
#   dbus-daemon                    a private D-Bus for the systemd probe's tests
#   stress-ng                      the lab under a competing CPU load (LAB_CPU_LOAD=1)
#   postgresql, patroni, etcd-server, etcd-client, haproxy, python3-psycopg2, python3-etcd
#                                  the database lab: a real PostgreSQL + Patroni + etcd + HAProxy cluster
#   prometheus                     promtool check metrics on the agent's /metrics
#   chromium                       the dashboard rendered in a real headless browser
#   debootstrap systemd-container  scripts/test-package.sh: the Debian package in a clean Debian 12 root
#   dpkg-dev binutils              scripts/package.sh: dpkg-shlibdeps for Depends, strip
#   socat                          scripts/demo.sh: the dashboards of agents in namespaces, forwarded to the host's loopback
set -euo pipefail
packages=(libsystemd-dev pkg-config systemd openssl iproute2 util-linux procps keepalived nftables curl python3 dbus-daemon stress-ng
          postgresql patroni etcd-server etcd-client haproxy python3-psycopg2 python3-etcd prometheus chromium socat
          debootstrap systemd-container dpkg-dev binutils)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# schemathesis (PyPI): the HTTP API's contract test runs it against the OpenAPI document the agent serves.
if ! command -v schemathesis >/dev/null; then
  echo "setup: installing schemathesis (pip)"
  python3 -m pip install --quiet --disable-pip-version-check schemathesis >/dev/null 2>&1 \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages schemathesis >/dev/null
  hash -r
fi
command -v swift >/dev/null || { echo "setup: the Swift toolchain (swift) is not on PATH" >&2; exit 1; }

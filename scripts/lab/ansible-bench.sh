#!/usr/bin/env bash
# The update of both pairs, side by side in the namespace lab: `nodeagent op run` against an Ansible
# playbook (serial: 1, over ssh to an sshd in each node's namespace), the same steps on the stand-in
# service; N trials of one update and one with the controller SIGKILLed after the first node.
# Needs root, what scripts/setup.sh installs, a built nodeagent, and — installed here when missing —
# openssh-server and python3-venv (apt) and ansible-core (PyPI, into a venv in the cache directory
# below; never in CI). On a host that runs systemd, Debian's openssh-server package enables the host's
# own ssh service; the benchmark does not use it (`systemctl disable --now ssh` if unwanted).
#   scripts/lab/ansible-bench.sh [trials]     (default 3; about a minute and a half per trial)
set -euo pipefail
cd "$(dirname "$0")/../.."
trials="${1:-3}"
case "$trials" in ''|*[!0-9]*) echo "ansible-bench: trials must be a number, not '$trials'" >&2; exit 2;; esac
[ "$(id -u)" -eq 0 ] || { echo "ansible-bench: the lab needs root (network namespaces, keepalived, sshd)" >&2; exit 1; }
missing=()
for package in openssh-server python3-venv; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "ansible-bench: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
venv="${NODEAGENT_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nodeagent-lab}/ansible-venv"
if [ ! -x "$venv/bin/ansible-playbook" ]; then
  echo "ansible-bench: installing ansible-core into $venv"
  /usr/bin/python3 -m venv "$venv"
  "$venv/bin/pip" install -q 'ansible-core>=2.19,<2.20'
fi
"$venv/bin/ansible-playbook" --version | head -1
ANSIBLE_PLAYBOOK="$venv/bin/ansible-playbook" LAB_ANSIBLE_BENCH_TRIALS="$trials" \
  swift test --filter 'LabBenchmarkTests/nodeagentAgainstAnsible' 2>&1 \
  | grep -v -e '^Test Suite' -e 'Executed 0 tests'

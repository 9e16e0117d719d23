"""Reads the `--json` output of a nodeagent command on stdin and prints one fact the demo script waits for.

  members                  the names the agent sees alive, sorted, on one line
  coordinator              the coordinator's name, or "none"
  vip GROUP                "GRANT PIN DESIRED" ("-" for none) of the group
  healthy GROUP NODE       "yes" or "no": the member's checks as the agent reports them
  settled GROUP NODE       "yes" when the agent's whole view agrees that NODE holds the group: granted,
                           keepalived MASTER, level owner, the address on its interface and on no other
  op                       the status of the first operation listed ("-" if none)

Exits 1 (printing nothing) when stdin holds no JSON or the group is unknown, so a caller's poll just tries again.
"""
import json
import sys


def load():
    text = sys.stdin.read()
    starts = [i for i in (text.find("{"), text.find("[")) if i >= 0]
    if not starts:
        sys.exit(1)
    try:
        return json.loads(text[min(starts):])
    except ValueError:
        sys.exit(1)


def group(report, name):
    for candidate in report.get("groups", []):
        if candidate.get("name") == name:
            return candidate
    sys.exit(1)


def main(argv):
    if not argv:
        sys.exit(2)
    data = load()
    what = argv[0]
    if what == "members":
        print(" ".join(sorted(m["name"] for m in data.get("members", []) if m.get("status") == "alive")))
    elif what == "coordinator":
        print(data.get("coordinator") or "none")
    elif what == "vip" and len(argv) == 2:
        found = group(data, argv[1])
        print(" ".join(found.get(key) or "-" for key in ("grantHolder", "pin", "desiredOwner")))
    elif what == "healthy" and len(argv) == 3:
        members = [m for m in group(data, argv[1]).get("members", []) if m.get("name") == argv[2]]
        if not members:
            sys.exit(1)
        print("yes" if members[0].get("healthy") else "no")
    elif what == "settled" and len(argv) == 3:
        found = group(data, argv[1])
        node = argv[2]
        agreed = found.get("grantHolder") == node
        for member in found.get("members", []):
            holds = member.get("holdsAddress") is True
            if member.get("name") == node:
                agreed = agreed and holds and str(member.get("vrrp", "")).lower() == "master" \
                    and str(member.get("trackLevel", "")).lower() == "owner"
            else:
                agreed = agreed and not holds
        print("yes" if agreed else "no")
    elif what == "op":
        print(data[0].get("status", "-") if isinstance(data, list) and data else "-")
    else:
        sys.exit(2)


main(sys.argv[1:])

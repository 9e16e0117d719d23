#!/usr/bin/env bash
# Builds the Debian package of nodeagent: packages/nodeagent_VERSION_ARCH.deb
#
#   scripts/package.sh [--binary FILE] [--version VERSION] [--out DIR]
#
# By default it builds the agent in release mode with the Swift runtime linked in statically
# (--static-swift-stdlib), so the package needs nothing from the Swift toolchain on the target: only
# libc, libstdc++ and libsystemd, which dpkg-shlibdeps turns into the package's Depends.
#   --binary FILE     package this binary instead of building one (it must be statically linked to the
#                     Swift runtime, as the release build here is)
#   --version V       the package's version (default: what the binary's --version prints); an upgrade
#                     test packages the same binary twice under two versions
#   --out DIR         where the .deb goes (default: packages/)
# The package holds the binary, the systemd unit, a placeholder config as a conffile, the certificate
# directory, the man page (generated from the command line's own definition), bash/zsh/fish completion,
# the example config and plans. Its maintainer scripts are in dist/debian/.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=""
version=""
out="packages"
scratch=".build-release"
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary="$2"; shift 2 ;;
    --version) version="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "package: unknown option $1 (see --help)" >&2; exit 64 ;;
  esac
done

need() {
  command -v "$1" >/dev/null && return 0
  if [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null
  else
    echo "package: $1 is missing: apt-get install $2" >&2
    exit 69
  fi
}
need dpkg-shlibdeps dpkg-dev
need strip binutils

if [ -z "$binary" ]; then
  echo "package: building nodeagent (release, Swift runtime linked statically) in $scratch"
  swift build -c release --static-swift-stdlib --product nodeagent --scratch-path "$scratch"
  binary="$scratch/release/nodeagent"
fi
[ -x "$binary" ] || { echo "package: $binary is not an executable" >&2; exit 66; }
if ldd "$binary" | grep -q libswiftCore; then
  echo "package: $binary links the Swift runtime dynamically; build it with --static-swift-stdlib" >&2
  exit 65
fi
version="${version:-$("$binary" --version)}"
arch="$(dpkg --print-architecture)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$work/root"
doc="$root/usr/share/doc/nodeagent"

# --- Files ------------------------------------------------------------------------------------------
install -D -m 0755 "$binary" "$root/usr/bin/nodeagent"
strip --strip-unneeded "$root/usr/bin/nodeagent"
install -D -m 0644 dist/nodeagent.service "$root/lib/systemd/system/nodeagent.service"
install -D -m 0640 dist/debian/nodeagent.toml "$root/etc/nodeagent/nodeagent.toml"
install -d -m 0700 "$root/etc/nodeagent/tls"
install -D -m 0644 dist/nodeagent.example.toml "$doc/nodeagent.example.toml"
for plan in dist/plans/*.toml; do install -D -m 0644 "$plan" "$doc/plans/$(basename "$plan")"; done
install -D -m 0644 dist/debian/README.Debian "$doc/README.Debian"
install -D -m 0644 dist/debian/copyright "$doc/copyright"
printf 'nodeagent (%s) stable; urgency=medium\n\n  * Built by scripts/package.sh.\n\n -- nodeagent developers <nodeagent@invalid>  %s\n' \
  "$version" "$(date -R -d "@${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}")" \
  | gzip -9n > "$work/changelog.Debian.gz"
install -m 0644 "$work/changelog.Debian.gz" "$doc/changelog.Debian.gz"

# Completion scripts come from the argument parser, so they always match the commands.
"$binary" --generate-completion-script bash | install -D -m 0644 /dev/stdin "$root/usr/share/bash-completion/completions/nodeagent"
"$binary" --generate-completion-script zsh | install -D -m 0644 /dev/stdin "$root/usr/share/zsh/vendor-completions/_nodeagent"
"$binary" --generate-completion-script fish | install -D -m 0644 /dev/stdin "$root/usr/share/fish/vendor_completions.d/nodeagent.fish"

# The man page is generated from the same definitions by swift-argument-parser's generate-manual tool,
# built from the checkout SwiftPM already resolved.
scripts/lib/manual.sh "$binary" "$work/man"
install -D -m 0644 "$work/man/nodeagent.1" "$root/usr/share/man/man1/nodeagent.1"
gzip -9n "$root/usr/share/man/man1/nodeagent.1"

# --- Control ----------------------------------------------------------------------------------------
mkdir -p "$root/DEBIAN" "$work/shlibs/debian"
install -m 0755 dist/debian/postinst dist/debian/prerm dist/debian/postrm "$root/DEBIAN/"
echo /etc/nodeagent/nodeagent.toml > "$root/DEBIAN/conffiles"
# dpkg-shlibdeps reads a source package's control file; a minimal one in a scratch directory will do.
printf 'Source: nodeagent\n\nPackage: nodeagent\nArchitecture: any\n' > "$work/shlibs/debian/control"
depends="$(cd "$work/shlibs" && dpkg-shlibdeps -O "$root/usr/bin/nodeagent" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')"
[ -n "$depends" ] || { echo "package: dpkg-shlibdeps found no dependencies" >&2; exit 70; }
size_kib="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
cat > "$root/DEBIAN/control" <<EOF
Package: nodeagent
Version: $version
Architecture: $arch
Maintainer: nodeagent developers <nodeagent@invalid>
Installed-Size: $size_kib
Depends: $depends, init-system-helpers
Recommends: keepalived
Suggests: prometheus
Section: admin
Priority: optional
Description: node agent for HA fleets: mutual-TLS mesh, quorum, VIP arbitration
 One nodeagent runs on every app, integration and database node of an HA
 fleet, as the systemd unit nodeagent.service. The agents talk only over
 mutual TLS, elect a coordinator with a fleet-wide quorum, arbitrate which
 node of each pair may own its keepalived VIP, fence nodes that lost the
 quorum, and carry out fleet operations such as the serial update of a pair.
 Every state change is logged to journald as structured fields.
 .
 The package does not start the agent: write /etc/nodeagent/nodeagent.toml
 (nodeagent config init) and the node's certificate first.
EOF
(cd "$root" && find . -path ./DEBIAN -prune -o -path ./etc -prune -o -type f -print0 \
  | sort -z | xargs -0 md5sum | sed 's# \./# #') > "$root/DEBIAN/md5sums"

mkdir -p "$out"
deb="$out/nodeagent_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "package: $deb ($(du -h "$deb" | cut -f1); Depends: $depends)"

#!/usr/bin/env bash
# Installs this UNS Historian release as a systemd service, or upgrades one (docs/operations.md):
#   <prefix>/<version>/         this release (bin, lib, etc, systemd, README)
#   <prefix>/current            a symlink to the release the service runs (switched last)
#   /usr/local/bin/historian    a symlink to <prefix>/current/bin/historian (historian-backup too)
#   /etc/uns-historian/historian.properties   the settings: written once, never overwritten
#   /etc/systemd/system/uns-historian.service the unit (replaced; local changes go in drop-ins)
#   /var/lib/uns-historian      the data directory, owned by the system user uns-historian
# Running it again is harmless; with a newer release it is the upgrade (settings and data kept).
# Earlier releases stay in <prefix> for a rollback (point `current` back) until you remove them.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: install.sh [--prefix DIR] [--root DIR]
  --prefix DIR   where releases go (default /opt/uns-historian)
  --root DIR     install into DIR as if it were / (a staging or test tree): no user is created,
                 no ownership changed, systemd is not told
USAGE
}

prefix=/opt/uns-historian
root=/
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="${2:?--prefix needs a directory}"; shift 2 ;;
    --root) root="${2:?--root needs a directory}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown argument '$1'; see install.sh --help" >&2; exit 2 ;;
  esac
done
case "$prefix" in
  /*) ;;
  *) echo "install.sh: --prefix must be an absolute path, not '$prefix'" >&2; exit 2 ;;
esac
root="$(mkdir -p "$root" && cd "$root" && pwd)"
real_system=false
[ "$root" = / ] && real_system=true
if $real_system && [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: run it as root (sudo), or with --root DIR to install into a staging tree" >&2
  exit 1
fi

release="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
version="$(cat "$release/VERSION")"
user=uns-historian
at() { echo "${root%/}$1"; }

# The release itself: copied whole into its own directory (an upgrade never changes the files of
# the running release, whose JVM may still load classes from them).
target="$(at "$prefix")/$version"
if [ "$release" != "$target" ]; then
  rm -rf "$target.partial"
  mkdir -p "$target.partial"
  cp -R "$release/." "$target.partial/"
  rm -rf "$target"
  mv "$target.partial" "$target"
fi
# Switched by a rename, so `current` is never missing.
ln -sfn "$version" "$(at "$prefix")/current.new"
mv -T "$(at "$prefix")/current.new" "$(at "$prefix")/current"
mkdir -p "$(at /usr/local/bin)"
for command in historian historian-backup; do
  ln -sfn "$prefix/current/bin/$command" "$(at /usr/local/bin/$command)"
done

# The settings: the administrator's once written; the release's defaults beside them to compare.
mkdir -p "$(at /etc/uns-historian)"
config="$(at /etc/uns-historian/historian.properties)"
wrote_config=false
if [ -e "$config" ]; then
  config_note="kept $config (this release's defaults: $config.default)"
else
  cp "$release/etc/historian.properties" "$config"
  wrote_config=true
  config_note="wrote $config"
fi
cp "$release/etc/historian.properties" "$config.default"

# The unit, pointing at this prefix.
mkdir -p "$(at /etc/systemd/system)"
sed "s#/opt/uns-historian/#$prefix/#g" "$release/systemd/uns-historian.service" \
  > "$(at /etc/systemd/system/uns-historian.service)"

data="$(at /var/lib/uns-historian)"
mkdir -p "$data"
if $real_system; then
  if ! getent passwd "$user" >/dev/null; then
    useradd --system --user-group --home-dir /var/lib/uns-historian --no-create-home \
      --shell /usr/sbin/nologin --comment "UNS Historian" "$user"
  fi
  chown "$user:$user" "$data"
  chmod 0700 "$data"
  if $wrote_config; then
    # It may come to hold secrets (mqtt.password, tls.*): readable by root and the service only.
    chgrp "$user" "$config"
    chmod 0640 "$config"
  fi
  if [ -d /run/systemd/system ]; then
    systemctl daemon-reload
  fi
fi

echo "installed UNS Historian $version in $target ($(at "$prefix")/current points to it)"
echo "$config_note"
if ! "$target/bin/historian" --version >/dev/null; then
  echo "warning: the service cannot start until Java 17 or later is installed (see the line above)" >&2
fi
if $real_system; then
  echo "start it now and at every boot:  systemctl enable --now uns-historian"
  echo "after an upgrade:                systemctl restart uns-historian"
  echo "follow its log:                  journalctl -u uns-historian -f"
else
  echo "installed under $root: no user created, no ownership set, systemd not told (--root)"
fi

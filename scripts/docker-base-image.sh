#!/usr/bin/env bash
# Builds a stand-in for the official node:<major>-bookworm-slim image where Docker Hub cannot be
# reached: a minimal Debian bookworm from Debian's mirror (debootstrap), with this machine's Node.js
# (binary, npm and headers) laid out where the official image has them (/usr/local) and its `node`
# user (uid 1000). Imported
# under the official name, so the Dockerfile builds unchanged. It trusts the certificate
# authorities this machine trusts (NODE_EXTRA_CA_CERTS), so npm in the build reaches the registry
# through whatever TLS proxy this machine uses. Needs root, debootstrap and Docker.
# Usage: scripts/docker-base-image.sh node:20-bookworm-slim
set -euo pipefail

image=$1
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
node_bin=$(command -v node)
npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
node_prefix=$(dirname "$(dirname "$(readlink -f "$node_bin")")")
rootfs=$(mktemp -d /tmp/django-signals-base.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT

debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >/dev/null
install -D -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
mkdir -p "$rootfs/usr/local/lib/node_modules" "$rootfs/usr/local/include"
cp -a "$node_prefix/include/node" "$rootfs/usr/local/include/node"
cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
install -D -m 0644 /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
chroot "$rootfs" sh -c 'groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node'
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin
tar -C "$rootfs" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  --change 'CMD ["node"]' \
  - "$image" >/dev/null
echo "imported $image ($("$node_bin" --version) on Debian bookworm)"

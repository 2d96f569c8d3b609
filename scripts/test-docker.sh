#!/usr/bin/env bash
# `npm run test:docker`: builds the Docker image and runs it (test/docker/image.docker.ts). Not part
# of `npm test`. Uses the running Docker daemon, or starts one when run as root. The base image is
# pulled; where Docker Hub cannot be reached, a stand-in is built from Debian and this machine's
# Node.js (scripts/docker-base-image.sh). The image is built for this machine's Node.js major
# version, the one the rest of the tests run on.
set -euo pipefail
cd "$(dirname "$0")/.."

node_major=$(node -p 'process.versions.node.split(".")[0]')
base="node:${node_major}-bookworm-slim"
image=${DOCKER_IMAGE:-django-signals-bot:test}
work=$(mktemp -d /tmp/django-signals-docker.XXXXXX)
dockerd_pid=

cleanup() {
  if [ -n "$dockerd_pid" ]; then
    kill "$dockerd_pid"
    wait "$dockerd_pid" || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if ! docker info >/dev/null 2>&1; then
  echo "starting dockerd (log: $work/dockerd.log)"
  dockerd >"$work/dockerd.log" 2>&1 &
  dockerd_pid=$!
  for _ in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null
fi

if ! docker image inspect "$base" >/dev/null 2>&1; then
  timeout 60 docker pull "$base" || scripts/docker-base-image.sh "$base"
fi

# Host networking: the build reaches the registries as this machine does, and the container's
# server listens on loopback, where the tests' fake GitHub is.
docker build --network host --build-arg "NODE_VERSION=$node_major" -t "$image" .
docker image ls "$image" --format 'built {{.Repository}}:{{.Tag}}, {{.Size}}'
DOCKER_IMAGE=$image npx vitest run --config test/docker/vitest.config.ts

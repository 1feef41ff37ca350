#!/usr/bin/env bash
# Bring up a local Docker engine for the integration tests.
#
# The machines may come with a Docker *client* but no engine, and no image
# registry is reachable, so we use Debian's docker.io (dockerd 20.10, API 1.41)
# and build our images locally (it-tests/images/build-images.sh).
#
# Idempotent: run it or source it as often as you like. When sourced it exports
# DOCKER (the client to use) without changing the caller's shell options.
# Env: DOCKER (client, default /usr/bin/docker from docker.io, whose version
#      matches the engine), DOCKERD_LOG, DOCKER_UP_TIMEOUT (seconds, default 60).

export DOCKER="${DOCKER:-/usr/bin/docker}"

# Body runs in a subshell so `set -euo pipefail` never leaks into a sourcing shell.
_racekit_docker_up() (
  set -euo pipefail
  local log="${DOCKERD_LOG:-/var/log/racekit-dockerd.log}"
  local timeout="${DOCKER_UP_TIMEOUT:-60}"

  if ! command -v dockerd >/dev/null || ! command -v debootstrap >/dev/null \
     || [[ ! -x "$DOCKER" ]]; then
    echo "docker-up: installing docker.io and debootstrap" >&2
    export DEBIAN_FRONTEND=noninteractive
    # The package lists may be stale or absent on a fresh machine.
    apt-get update -qq
    # Recommends would pull in e.g. apparmor/cgroupfs-mount, which we don't need.
    apt-get install -y -qq --no-install-recommends \
      docker.io debootstrap debian-archive-keyring >/dev/null
  fi

  if "$DOCKER" info >/dev/null 2>&1; then
    echo "docker-up: engine already running" >&2
    return 0
  fi

  # A crashed engine leaves its pid file behind and refuses to start again.
  if [[ -f /var/run/docker.pid ]] && ! kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
    rm -f /var/run/docker.pid
  fi
  if ! pgrep -x dockerd >/dev/null; then
    # No bridge and no iptables: our containers run with --network none, so
    # the engine need not touch the host's interfaces or firewall.
    # setsid detaches it so the engine outlives this script's process group.
    echo "docker-up: starting dockerd (log: $log)" >&2
    setsid dockerd --bridge=none --iptables=false \
      >>"$log" 2>&1 </dev/null &
  fi

  local i
  for ((i = 0; i < timeout; i++)); do
    if "$DOCKER" info >/dev/null 2>&1; then
      echo "docker-up: engine ready after ${i}s" >&2
      return 0
    fi
    sleep 1
  done
  echo "docker-up: ERROR: Docker engine did not answer within ${timeout}s; last lines of $log:" >&2
  tail -n 20 "$log" >&2 || true
  return 1
)

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  _racekit_docker_up
else
  _racekit_docker_up || return
fi

#!/usr/bin/env bash
# Build the local base images for the integration tests, without any registry:
#   racekit-it/bullseye  Debian 11 (glibc 2.31), the oldest glibc we test on
#   racekit-it/bookworm  Debian 12 (glibc 2.36) + Debian's openjdk-17-jre-headless
#   racekit-it/trixie    Debian 13 (glibc 2.41)
# Each is a debootstrap --variant=minbase tree fed to `docker import`.
#
# Cache: each image is tagged :<hash of this script> as well as :latest, and an
# image whose hash tag exists is not rebuilt, so a rerun takes seconds and any
# edit to this file (suites, packages, cleanup) rebuilds everything.
# Env: DEBIAN_MIRROR (default: the host's apt mirror), REBUILD=1 (ignore cache),
#      PARALLEL=1 (build all three at once; measured slower on 2 cores),
#      IT_JDK_HOME (host JDK that the tests bind-mount read-only into the
#      images; smoke-tested here when present).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Starts the engine if needed and sets $DOCKER to a client that matches it.
# shellcheck source=SCRIPTDIR/../../.ci/docker-up.sh
source "$here/../../.ci/docker-up.sh"

hash="$(sha256sum "$here/build-images.sh" | cut -c1-12)"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

# Only Debian's mirror is reachable, so reuse whatever the host's apt uses
# (deb822 "URIs:" or one-line "deb URI suite") rather than hard-coding a host.
host_mirror() {
  # Some of these files may not exist; that is not an error.
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null \
    | awk '/^URIs:/ {print $2} /^deb / {for (i = 2; i <= NF; i++) if ($i ~ /:\/\//) {print $i; break}}' \
    | grep -E '/debian/?$' | head -n1 || true
}
mirror="${DEBIAN_MIRROR:-$(host_mirror)}"
mirror="${mirror:-http://deb.debian.org/debian}"

# build SUITE [EXTRA_PACKAGES]
# Runs in a subshell so its EXIT trap cleans up even when debootstrap fails.
build() (
  local suite="$1" include="${2:-}" image="racekit-it/$1"
  if [[ "${REBUILD:-0}" != 1 ]] && "$DOCKER" image inspect "$image:$hash" >/dev/null 2>&1; then
    "$DOCKER" tag "$image:$hash" "$image:latest"
    echo "$image: cached ($hash)"
    return 0
  fi
  local start=$SECONDS root log
  root="$(mktemp -d "/tmp/racekit-rootfs-$suite.XXXXXX")"
  log="$root.log"
  # -l: also drops whatever debootstrap left mounted inside (/proc, /sys).
  trap 'umount -l "$root" 2>/dev/null; rmdir "$root"' EXIT
  # dpkg fsyncs every file it unpacks; on tmpfs that costs nothing, and the
  # tree is thrown away after the import anyway.
  mount -t tmpfs -o size=4g,mode=755 racekit-rootfs "$root"
  # The keyring makes debootstrap verify the Release signature (fails loudly otherwise).
  if ! debootstrap --variant=minbase --keyring="$keyring" ${include:+--include="$include"} \
        "$suite" "$root" "$mirror" >"$log" 2>&1; then
    echo "$image: debootstrap FAILED, log: $log" >&2
    tail -n 30 "$log" >&2
    return 1
  fi
  # Downloaded .debs and package lists only bloat the image; containers have no
  # network, so nothing in them can use apt anyway.
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/var/log/*.log
  tar --numeric-owner --xattrs -C "$root" -c . \
    | "$DOCKER" import --change 'CMD ["/bin/bash"]' \
        --change 'ENV LANG=C.UTF-8' \
        --message "debootstrap minbase $suite, build-images.sh $hash" - "$image:$hash" >/dev/null
  "$DOCKER" tag "$image:$hash" "$image:latest"
  # Images from earlier versions of this script would otherwise pile up.
  "$DOCKER" images --format '{{.Repository}}:{{.Tag}}' "$image" \
    | grep -vE ":($hash|latest)\$" | xargs -r "$DOCKER" rmi >/dev/null || true
  rm -f "$log"
  echo "$image: built in $((SECONDS - start))s ($hash)"
)

echo "mirror: $mirror, script hash: $hash"
start=$SECONDS
specs=("bullseye" "bookworm openjdk-17-jre-headless" "trixie")
# One at a time by default: on 2 cores three concurrent debootstraps contend
# for the mirror and the CPU (dependency resolution, dpkg) and finish later.
if [[ "${PARALLEL:-0}" == 1 ]]; then
  pids=()
  for spec in "${specs[@]}"; do
    # shellcheck disable=SC2086 # spec is "suite [packages]"
    build $spec & pids+=($!)
  done
  failed=0
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  ((failed == 0)) || { echo "build-images: some images failed" >&2; exit 1; }
else
  for spec in "${specs[@]}"; do
    # shellcheck disable=SC2086
    build $spec
  done
fi
echo "all images ready in $((SECONDS - start))s"

# glibc is what decides whether a host-built JDK/agent runs in an image.
# One container per image: each start costs ~1.5 s here.
jdk="${IT_JDK_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mount=() check='ldd --version | head -n1'
if [[ -x "$jdk/bin/java" ]]; then
  mount=(-v "$jdk:/opt/jdk:ro")
  # shellcheck disable=SC2016 # expanded by the container's sh
  check+='; v=$(/opt/jdk/bin/java -version 2>&1) || { echo "$v"; exit 1; }; echo "$v" | head -n1'
fi
for suite in bullseye bookworm trixie; do
  out="$("$DOCKER" run --rm --network none "${mount[@]}" "racekit-it/$suite" sh -c "$check")" \
    || { echo "smoke check failed in racekit-it/$suite: $out" >&2; exit 1; }
  printf '%-21s %s\n' "racekit-it/$suite:" "${out//$'\n'/ | }"
done

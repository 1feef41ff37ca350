#!/usr/bin/env bash
# Builds hsdis-amd64.so from hsdis.c against Capstone (Debian: apt-get install libcapstone-dev) and prints where it
# goes. With it in the JDK's lib/server directory (or on LD_LIBRARY_PATH), JMH's perfasm profiler shows the JIT's
# hottest instructions, e.g. on a VM without hardware counters:
#   java -jar race-bench/target/benchmarks.jar MixedBench.mixed1 -p backend=java -prof "perfasm:events=cpu-clock"
# Installs nothing itself.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
module="$(cd "$here/../../../.." && pwd)" # race-bench
out="${1:-$module/target/hsdis-amd64.so}"
if ! echo '#include <capstone/capstone.h>' | "${CC:-gcc}" -E - >/dev/null 2>&1; then
  echo "build-hsdis: Capstone's headers are missing (Debian: apt-get install libcapstone-dev)" >&2
  exit 2
fi
mkdir -p "$(dirname "$out")"
"${CC:-gcc}" -O2 -Wall -Wextra -Werror -shared -fPIC -o "$out" "$here/hsdis.c" -lcapstone
echo "built $out; copy it into \$JAVA_HOME/lib/server/ (or put its directory on LD_LIBRARY_PATH) to use it"

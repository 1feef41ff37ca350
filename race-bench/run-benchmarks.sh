#!/usr/bin/env bash
# Runs every RaceKit benchmark once and prints the Markdown table of the README:
#   bash race-bench/run-benchmarks.sh
# 1. builds race-bench/target/benchmarks.jar (mvn package, JDK 25, the modules it needs with -am);
# 2. asks which backends can run here (dev.racekit.bench.ListBackends: on the class path, available, and a smoke
#    test passes); the others are skipped with the reason on stderr;
# 3. builds and runs the ThreadSanitizer anchor (src/main/c/anchor.c, gcc -O2 with and without -fsanitize=thread),
#    the TSan-runtime anchor (src/main/c/tsan_runtime.c: the benchmarks' event patterns fed into TSan's runtime) and
#    the core anchor (src/main/c/core_runtime.c: the same patterns fed into RaceKit's native core from C);
# 4. runs JMH once over every benchmark x (the no-detector baseline "none" + the backends of step 2), JSON to
#    race-bench/target/jmh.json, full log to race-bench/target/jmh.log;
# 5. measures the shadow footprint of each backend (dev.racekit.bench.ShadowFootprint), one JVM each;
# 6. prints the table (dev.racekit.bench.ReportTable) and writes it to race-bench/target/results.md.
# Takes about 7 minutes on a 2-core machine (with all three backends). Installs nothing. Exits non-zero when a
# benchmark failed (FAILED in the table), e.g. because a backend reported a race in a stream meant to be race-free.
# Numbers from a machine that is busy with other work are not worth much: the table records the load average.
#
# Environment: JAVA_HOME (a JDK 25; else one is looked for under /usr/lib/jvm), CC (default gcc),
# RACE_BENCH_JMH (JMH options, default "-f 1 -wi 3 -w 1s -i 5 -r 1s"), RACE_BENCH_FILTER (benchmark regex,
# default all of race-bench), RACE_BENCH_BACKENDS (override the detected list, e.g. "java"),
# RACE_BENCH_FOOTPRINT_MIB (default 256), RACE_BENCH_SKIP_BUILD=1 (reuse the jar).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
target="$here/target"
jar="$target/benchmarks.jar"

log() { printf '%s\n' "race-bench: $*" >&2; }
die() { log "$*"; exit 1; }

java_major() { # prints the feature version of the java binary in $1
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

find_jdk25() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" && "$(java_major "$JAVA_HOME/bin/java")" -ge 25 ]]; then
    return 0
  fi
  local d
  for d in /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    if [[ -x "$d/bin/javac" && "$(java_major "$d/bin/java")" -ge 25 ]]; then
      export JAVA_HOME="$d"
      return 0
    fi
  done
  if command -v javac >/dev/null 2>&1; then
    local j; j="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
    if [[ "$(java_major "$j/bin/java")" -ge 25 ]]; then
      export JAVA_HOME="$j"
      return 0
    fi
  fi
  die "no JDK 25 found: set JAVA_HOME to a JDK 25 (RaceKit builds with JDK 25)"
}

find_jdk25
java="$JAVA_HOME/bin/java"
log "JDK: $JAVA_HOME ($("$java" -version 2>&1 | head -1))"
start=$(date +%s)
load_before="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
if awk -v l="${load_before%% *}" -v n="$(nproc)" 'BEGIN { exit !(l + 0 > n + 0) }' 2>/dev/null; then
  log "warning: the load average is $load_before on $(nproc) cores: other work is running, so the numbers will be" \
    "inflated and noisy (the table records the load)"
fi

# 1. Build.
if [[ "${RACE_BENCH_SKIP_BUILD:-0}" != 1 || ! -f "$jar" ]]; then
  log "building race-bench and the modules it needs (mvn -B -q -Dmaven.test.skip=true package -pl race-bench -am)"
  # (no tests: they are not needed to benchmark; --sun-misc-unsafe-memory-access quiets Maven's own guava on JDK 25)
  (cd "$root" && MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
    mvn -B -q -Dmaven.test.skip=true package -pl race-bench -am) >&2
fi
[[ -f "$jar" ]] || die "$jar was not built"
mkdir -p "$target"
cp_run=(--enable-native-access=ALL-UNNAMED -cp "$jar")

# 2. Which backends can run here.
if [[ -n "${RACE_BENCH_BACKENDS:-}" ]]; then
  backends="$RACE_BENCH_BACKENDS"
else
  backends="$("$java" "${cp_run[@]}" dev.racekit.bench.ListBackends)"
fi
[[ -n "$backends" ]] || die "no backend can run here (see the messages above)"
params="none,$backends"
log "backends measured: $backends (plus the no-detector baseline 'none')"

# 3. The ThreadSanitizer anchor.
anchor="$target/anchor.txt"
cc="${CC:-gcc}"
: >"$anchor"
if ! command -v "$cc" >/dev/null 2>&1; then
  echo "error=no C compiler ($cc): install gcc" >>"$anchor"
  log "TSan anchor skipped: no C compiler '$cc'"
else
  src="$here/src/main/c/anchor.c"
  "$cc" -O2 -o "$target/anchor-plain" "$src"
  if "$cc" -O2 -fsanitize=thread -o "$target/anchor-tsan" "$src" 2>"$target/anchor-tsan.log" \
      && "$target/anchor-tsan" 1000 1 >/dev/null 2>>"$target/anchor-tsan.log"; then
    echo "compiler=$("$cc" --version | head -1 | sed 's/ (.*)//') -O2" >>"$anchor"
    log "running the TSan anchor (plain, then -fsanitize=thread)"
    "$target/anchor-plain" | sed 's/^/plain_/' >>"$anchor"
    "$target/anchor-tsan" | sed 's/^/tsan_/' >>"$anchor"
  else
    why="$cc -fsanitize=thread does not work here (libtsan missing? on Debian: libtsan2)"
    echo "error=$why; see target/anchor-tsan.log" >>"$anchor"
    log "TSan anchor skipped: $why; see $target/anchor-tsan.log (the script installs nothing)"
  fi
  # The same event patterns fed straight into TSan's runtime (its entry points, no compiler instrumentation).
  rt_src="$here/src/main/c/tsan_runtime.c"
  if "$cc" -O2 -fsanitize=thread -o "$target/tsan-runtime" "$rt_src" -lpthread 2>"$target/tsan-runtime.log"; then
    log "running the TSan-runtime anchor (mixed stream, first access, write-after-read, acquire+release)"
    "$target/tsan-runtime" "${RACE_BENCH_RT_PASSES:-200}" 5 2>>"$target/tsan-runtime.log" | sed 's/^/rt_/' >>"$anchor" \
      || echo "rt_error=the TSan-runtime driver failed; see target/tsan-runtime.log" >>"$anchor"
  else
    echo "rt_error=$cc -fsanitize=thread could not build the TSan-runtime driver; see target/tsan-runtime.log" >>"$anchor"
  fi
fi

# The same patterns fed straight into RaceKit's native core from C (no JVM, no binding): the core's share of a
# native backend's cost. librk_core.a is what the native backends' build made (step 1); make builds it otherwise.
if command -v "$cc" >/dev/null 2>&1; then
  core_lib="$root/race-native/build/librk_core.a"
  if [[ -f "$core_lib" ]] || make -s -C "$root/race-native" core CC="$cc" >"$target/core-runtime.log" 2>&1; then
    if "$cc" -O2 -std=c11 -I"$root/race-native/include" -o "$target/core-runtime" "$here/src/main/c/core_runtime.c" \
        "$core_lib" -lpthread 2>>"$target/core-runtime.log"; then
      log "running the core anchor (the same patterns fed into RaceKit's native core from C)"
      "$target/core-runtime" "${RACE_BENCH_RT_PASSES:-200}" 5 2>>"$target/core-runtime.log" | sed 's/^/core_/' \
        >>"$anchor" || echo "core_error=the core driver failed; see target/core-runtime.log" >>"$anchor"
    else
      echo "core_error=$cc could not build the core driver; see target/core-runtime.log" >>"$anchor"
    fi
  else
    echo "core_error=the native core could not be built; see target/core-runtime.log" >>"$anchor"
  fi
fi

# 4. JMH, once, all benchmarks x backends.
jmh_opts="${RACE_BENCH_JMH:--f 1 -wi 3 -w 1s -i 5 -r 1s}"
filter="${RACE_BENCH_FILTER:-dev\.racekit\.bench\..*}"
log "running JMH ($jmh_opts, -p backend=$params); the log goes to $target/jmh.log"
progress='^(# Run progress|# Benchmark:|# Parameters:|<failure>)|Exception|race-bench:'
rm -f "$target/jmh.json"
set +e
# shellcheck disable=SC2086
"$java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -jar "$jar" "$filter" $jmh_opts \
    -p "backend=$params" -rf json -rff "$target/jmh.json" 2>&1 \
  | tee "$target/jmh.log" | grep --line-buffered -E "$progress" >&2
jmh_status=${PIPESTATUS[0]}
set -e
[[ $jmh_status -eq 0 ]] || log "JMH exited with $jmh_status (see $target/jmh.log)"
[[ -s "$target/jmh.json" ]] || die "JMH wrote no results (see $target/jmh.log)"

# 5. Shadow footprint, one JVM per backend.
footprint="$target/footprint.txt"
: >"$footprint"
mib="${RACE_BENCH_FOOTPRINT_MIB:-256}"
for b in ${backends//,/ }; do
  log "measuring the shadow footprint of $b ($mib MiB touched)"
  # MarkSweepDeadRatio=0: G1's full GC compacts every region instead of leaving up to 5% of a mostly-live region
  # dead as filler objects, which the used heap counts (6.4 MiB of them in the java backend's run, 0.024 B/B).
  if ! "$java" "${cp_run[@]}" -Xms2g -Xmx2g -XX:+AlwaysPreTouch -XX:MarkSweepDeadRatio=0 \
      dev.racekit.bench.ShadowFootprint "$b" "$mib" \
      >>"$footprint" 2>"$target/footprint-$b.log"; then
    echo "footprint-error backend=$b see target/footprint-$b.log" >>"$footprint"
  fi
done

# 6. The table.
elapsed=$(( $(date +%s) - start ))
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
load_after="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
settings="JMH 1.37, $("$java" -version 2>&1 | head -1), $jmh_opts, $(nproc) cores ($cpu); whole script ${elapsed}s"
settings="$settings; load average (1/5/15 min) before $load_before, after $load_after"
"$java" "${cp_run[@]}" dev.racekit.bench.ReportTable --jmh "$target/jmh.json" --anchor "$anchor" \
  --footprint "$footprint" --backends "$params" --out "$target/results.md" \
  --command "bash race-bench/run-benchmarks.sh" --settings "$settings" \
  --filtered "$([[ -n "${RACE_BENCH_FILTER:-}" ]] && echo true || echo false)"

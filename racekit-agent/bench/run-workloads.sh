#!/usr/bin/env bash
# Whole-program slowdown of the agent per backend: runs each raceworkloads program without the agent and under it
# with -Dracekit.backend=java|jni|thunk, N times each, and prints a markdown table of medians (also written to
# racekit-agent/target/workloads.md). Checks that every run under the agent prints the baseline's checksum and reports
# no race (the workloads are race-free).
#
#   racekit-agent/bench/run-workloads.sh [--runs N] [--size small|default|large|<factor>] [--cache warm|cold]
#                                        [--memory [--objects N]]
#
# --cache warm (default): the agent keeps its rewritten classes in a class cache of this run's own, filled by one
# untimed run of each workload first, as a developer's repeated runs find it. --cache cold: no class cache (cache=off),
# as a first run after installing the agent or changing the JDK: every class is rewritten in every run.
#
# --memory instead runs raceworkloads.ShortLivedObjects (two threads, N short-lived objects in total, default 10^8;
# 3x10^6 with --size small) at N/10 and N objects, without and under the agent, and reports the peak RSS of each run:
# if shadow memory follows live objects, the agent's RSS does not grow with N.
#
# Needs the packaged agent and the compiled workloads:
#   scripts/with-jdk25.sh mvn -B -q package -pl racekit-agent -am -DskipTests
# Uses $JAVA if set, else a JDK 25 found by scripts/with-jdk25.sh.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
module=$(dirname "$here")
root=$(dirname "$module")
if [ -z "${JAVA:-}" ] && [ -z "${RACEKIT_BENCH_REEXEC:-}" ]; then
  export RACEKIT_BENCH_REEXEC=1
  exec "$root/scripts/with-jdk25.sh" "$0" "$@"
fi
java=${JAVA:-$JAVA_HOME/bin/java}

runs=5
size=default
cache=warm
memory=0
objects=
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --memory) memory=1; shift ;;
    --objects) objects=$2; shift 2 ;;
    --cache) cache=$2; shift 2 ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "--runs must be a positive integer, not '$runs'" >&2; exit 2; }
case "$cache" in warm|cold) ;; *) echo "--cache must be warm or cold, not '$cache'" >&2; exit 2 ;; esac

agent=$module/target/racekit-agent.jar
classes=$module/target/test-classes
for f in "$agent" "$classes/raceworkloads/BankTransfers.class"; do
  if [ ! -e "$f" ]; then
    echo "missing $f; build first: scripts/with-jdk25.sh mvn -B -q package -pl racekit-agent -am -DskipTests" >&2
    exit 2
  fi
done

feature=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
native_access=()
[ "${feature%%.*}" -ge 22 ] && native_access=(--enable-native-access=ALL-UNNAMED)
backends=(java jni)
[ "${feature%%.*}" -ge 25 ] && backends+=(thunk)

workloads=(BankTransfers WordCount Pipeline StreamKernel ActorRing)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
if [ "$cache" = warm ]; then agent_opt="-javaagent:$agent=cache=$tmp/class-cache"; else agent_opt="-javaagent:$agent=cache=off"; fi

# run_once <out-prefix> <java options...> -- <main> <args...>: one JVM; sets $secs, $checksum, $races, $status
run_once() {
  local out=$1; shift
  local opts=() ; while [ "$1" != "--" ]; do opts+=("$1"); shift; done; shift
  local start end
  start=$(date +%s%N)
  set +e
  timeout 1200 "$java" "${native_access[@]}" "${opts[@]}" -cp "$classes" "$@" >"$out.out" 2>"$out.err"
  status=$?
  set -e
  end=$(date +%s%N)
  secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
  checksum=$(sed -n 's/^[A-Za-z]* checksum=//p' "$out.out" | head -n1)
  races=$(grep -c '^WARNING: DATA RACE$' "$out.err" || true)
}

median() { # prints the median of the numbers given as arguments
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) print "n/a"; else printf "%.2f", a / b }'; }

if [ "$memory" = 1 ]; then
  if [ -z "$objects" ]; then
    case "$size" in small) objects=3000000 ;; large) objects=300000000 ;; *) objects=100000000 ;; esac
  fi
  small_n=$((objects / 10))
  time_v=0
  [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1 && time_v=1
  echo "# Memory: raceworkloads.ShortLivedObjects, -Xmx256m, peak RSS (MiB)"
  echo
  echo "Source of peak RSS: $([ $time_v = 1 ] && echo '/usr/bin/time -v (Maximum resident set size)' || echo 'VmHWM of /proc/self/status at exit')."
  echo
  echo "| configuration | RSS at $small_n objects | RSS at $objects objects | growth | time at $objects (s) |"
  echo "| --- | --- | --- | --- | --- |"
  for cfg in baseline "${backends[@]}"; do
    opts=(-Xmx256m)
    [ "$cfg" != baseline ] && opts+=("$agent_opt" "-Dracekit.backend=$cfg")
    rss=()
    for n in "$small_n" "$objects"; do
      if [ $time_v = 1 ]; then
        start=$(date +%s%N)
        set +e
        /usr/bin/time -v "$java" "${native_access[@]}" "${opts[@]}" -cp "$classes" raceworkloads.ShortLivedObjects "$n" \
          >"$tmp/mem.out" 2>"$tmp/mem.err"
        status=$?
        set -e
        secs=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
        kib=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$tmp/mem.err")
      else
        run_once "$tmp/mem" "${opts[@]}" -- raceworkloads.ShortLivedObjects "$n"
        kib=$(sed -n 's/.*peakRssKiB=//p' "$tmp/mem.out")
      fi
      if [ "$status" != 0 ]; then
        echo "FAILED: $cfg with $n objects exited $status; stderr:" >&2
        tail -n 30 "$tmp/mem.err" >&2
        failures=$((failures + 1))
      fi
      rss+=("$(awk -v k="${kib:-0}" 'BEGIN { printf "%.0f", k / 1024 }')")
    done
    echo "| $cfg | ${rss[0]} | ${rss[1]} | $(ratio "${rss[1]}" "${rss[0]}")x | $secs |"
  done
  exit $((failures > 0))
fi

{
  echo "# Workloads: whole-program time, median of $runs run(s), size $size, JDK $feature, class cache $cache"
  echo
  header="| workload | baseline s"
  sep="| --- | ---"
  for b in "${backends[@]}"; do header+=" | $b s (slowdown)"; sep+=" | ---"; done
  [ "${#backends[@]}" = 3 ] && { header+=" | thunk added / jni added"; sep+=" | ---"; }
  echo "$header |"
  echo "$sep |"
} >"$tmp/table.md"

declare -A slowdowns
added_ratios=()
for w in "${workloads[@]}"; do
  times=()
  base_sum=
  for ((i = 0; i < runs; i++)); do
    run_once "$tmp/run" -- "raceworkloads.$w" "$size"
    if [ "$status" != 0 ] || [ -z "$checksum" ]; then
      echo "FAILED: $w without the agent exited $status" >&2; cat "$tmp/run.err" >&2; failures=$((failures + 1))
    fi
    [ -z "$base_sum" ] && base_sum=$checksum
    [ "$checksum" != "$base_sum" ] && { echo "FAILED: $w baseline checksums differ: $base_sum vs $checksum" >&2; failures=$((failures + 1)); }
    times+=("$secs")
  done
  base=$(median "${times[@]}")
  row="| $w | $base"
  if [ "$cache" = warm ]; then # untimed: fills the class cache with this workload's classes
    run_once "$tmp/run" "$agent_opt" "-Dracekit.backend=${backends[-1]}" -- "raceworkloads.$w" "$size"
  fi
  declare -A med=()
  for b in "${backends[@]}"; do
    times=()
    for ((i = 0; i < runs; i++)); do
      run_once "$tmp/run" "$agent_opt" "-Dracekit.backend=$b" -- "raceworkloads.$w" "$size"
      if [ "$checksum" != "$base_sum" ]; then
        echo "FAILED: $w under the agent ($b) printed checksum '$checksum', baseline '$base_sum' (exit $status)" >&2
        tail -n 40 "$tmp/run.err" >&2
        failures=$((failures + 1))
      elif [ "$races" != 0 ] || [ "$status" != 0 ]; then
        echo "FAILED: $w under the agent ($b): $races race report(s), exit $status (race-free workload)" >&2
        grep -A12 '^WARNING: DATA RACE$' "$tmp/run.err" | head -n 40 >&2
        failures=$((failures + 1))
      fi
      times+=("$secs")
    done
    med[$b]=$(median "${times[@]}")
    s=$(ratio "${med[$b]}" "$base")
    slowdowns[$b]+="$s "
    row+=" | ${med[$b]} (${s}x)"
  done
  if [ "${#backends[@]}" = 3 ]; then
    r=$(awk -v t="${med[thunk]}" -v j="${med[jni]}" -v b="$base" 'BEGIN { if (j - b <= 0) print "n/a"; else printf "%.2f", (t - b) / (j - b) }')
    row+=" | $r"
    [ "$r" != n/a ] && added_ratios+=("$r")
  fi
  echo "$row |" >>"$tmp/table.md"
  unset med
done

{
  echo
  for b in "${backends[@]}"; do
    # shellcheck disable=SC2086
    echo "- median slowdown, $b: $(median ${slowdowns[$b]})x"
  done
  if [ "${#added_ratios[@]}" -gt 0 ]; then
    echo "- thunk added time / jni added time (added = agent time - baseline), median over workloads: $(median "${added_ratios[@]}")"
  fi
  echo "- checksums: $([ $failures = 0 ] && echo 'equal with and without the agent on every run; no race reported' || echo "$failures FAILURE(S), see stderr")"
} >>"$tmp/table.md"

mkdir -p "$module/target"
cp "$tmp/table.md" "$module/target/workloads.md"
cat "$tmp/table.md"
exit $((failures > 0))

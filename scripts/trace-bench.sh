#!/usr/bin/env bash
# Replay throughput of the racekit command-line tool, end to end: JVM start, reading, parsing and detection
# included, measured with the wall clock around `java -jar race-cli/target/racekit.jar replay`.
#
# Generates a seeded synthetic STD trace (default 10^7 events, 17 threads, 5000 variables, 50 locks, fork/join;
# see `racekit help`), converts it to the binary format, replays both with every backend that can run here, and
# prints a Markdown table of events per second (best and median of the runs).
#
# Usage: scripts/trace-bench.sh [--events N] [--runs R] [--dir DIR] [--backends "java jni thunk"] [--seed S]
#   Builds race-cli (and what it needs) first when racekit.jar is missing. Traces are kept in DIR
#   (default ${TMPDIR:-/tmp}/racekit-bench) and reused when they exist.
set -euo pipefail
cd "$(dirname "$0")/.."

EVENTS=10000000
RUNS=3
SEED=1
DIR="${TMPDIR:-/tmp}/racekit-bench"
BACKENDS=""
while [ $# -gt 0 ]; do
  case "$1" in
    --events) EVENTS="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --dir) DIR="$2"; shift 2 ;;
    --backends) BACKENDS="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "trace-bench: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

# A JDK 25: the current JAVA_HOME if it is one, else the first one installed (scripts/with-jdk25.sh finds it).
JAVA_HOME="$(scripts/with-jdk25.sh sh -c 'echo "$JAVA_HOME"')"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
JAR=race-cli/target/racekit.jar

if [ ! -f "$JAR" ]; then
  echo "trace-bench: building $JAR" >&2
  scripts/with-jdk25.sh mvn -B -q -DskipTests -pl race-cli -am package >&2
fi
racekit() { "$JAVA" -jar "$JAR" "$@"; }

mkdir -p "$DIR"
STD="$DIR/trace-$EVENTS-s$SEED.std"
BIN="$DIR/trace-$EVENTS-s$SEED.rktrace"
if [ ! -s "$STD" ]; then
  racekit generate --events "$EVENTS" --threads 17 --vars 5000 --locks 50 --seed "$SEED" "$STD" >&2
fi
if [ ! -s "$BIN" ] || [ "$BIN" -ot "$STD" ] || [ "$BIN" -ot "$JAR" ]; then
  racekit convert "$STD" "$BIN" >&2
fi

if [ -z "$BACKENDS" ]; then
  BACKENDS="$(racekit backends | sed -n 's/^\([a-z0-9_-]*\) (priority [0-9-]*): can run here$/\1/p' | tr '\n' ' ')"
fi

now() { date +%s%N; }
# events per second from nanoseconds
rate() { awk -v n="$EVENTS" -v ns="$1" 'BEGIN { printf "%.0f", n / (ns / 1e9) }'; }
grouped() { echo "$1" | sed -e :a -e 's/\B[0-9]\{3\}\>/,&/;ta'; }

echo "trace-bench: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)),"\
  "load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null), $("$JAVA" -version 2>&1 | head -1)" >&2
echo >&2

ROWS=()
for backend in $BACKENDS; do
  for format in std bin; do
    file="$STD"; [ "$format" = bin ] && file="$BIN"
    times=()
    for ((r = 1; r <= RUNS; r++)); do
      t0=$(now)
      status=0
      racekit replay --quiet --backend "$backend" "$file" >/dev/null || status=$?
      t1=$(now)
      if [ "$status" != 0 ] && [ "$status" != 66 ]; then
        echo "trace-bench: replay of $file on $backend failed with status $status" >&2
        exit 1
      fi
      times+=($((t1 - t0)))
      echo "  $backend $format run $r: $(awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.3f", ns / 1e9 }') s" >&2
    done
    sorted=($(printf '%s\n' "${times[@]}" | sort -n))
    best=${sorted[0]}
    median=${sorted[$(((${#sorted[@]} - 1) / 2))]}
    size=$(stat -c %s "$file")
    ROWS+=("| $backend | $format | $(grouped $((size / 1000000))) MB | $(awk -v ns="$best" 'BEGIN { printf "%.2f", ns / 1e9 }') s | $(grouped "$(rate "$best")") | $(grouped "$(rate "$median")") |")
  done
done

echo
echo "Replay of a $(grouped "$EVENTS")-event trace (17 threads, 5000 variables, 50 locks, seed $SEED), end to end"
echo "(\`java -jar race-cli/target/racekit.jar replay --quiet --backend B FILE\`, JVM start included), best and median of $RUNS runs:"
echo
echo "| backend | format | file | best time | events/s (best) | events/s (median) |"
echo "| --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${ROWS[@]}"

#!/usr/bin/env bash
# Runs a command with JAVA_HOME set to a JDK 25 or newer: the current JAVA_HOME if it is one, else the first
# one found in the usual install locations. RaceKit builds with JDK 25 (the thunk backend uses FFM).
set -euo pipefail

jdk_feature() { # prints the feature version of the JDK at $1, or nothing
  local v
  [ -x "$1/bin/javac" ] || return 0
  # The JDK's release file names its version without starting a JVM (each start costs ~0.1 s); ask java otherwise.
  if [ -f "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9][0-9]*\).*/\1/p' "$1/release")
  fi
  if [ -z "${v:-}" ]; then
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  fi
  echo "${v%%.*}"
}

find_jdk25() {
  local d f
  for d in "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
           /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -n "$d" ] && [ -d "$d" ] || continue
    f=$(jdk_feature "$d")
    if [ -n "$f" ] && [ "$f" -ge 25 ]; then
      echo "$d"
      return 0
    fi
  done
  return 1
}

if ! JAVA_HOME=$(find_jdk25); then
  echo "RaceKit needs a JDK 25 or newer; none found. Install one (for example Temurin 25) and set JAVA_HOME." >&2
  exit 2
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
exec "$@"

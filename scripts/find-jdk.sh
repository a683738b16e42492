#!/usr/bin/env bash
# Prints the home of a JDK 21 or newer: $JAVA_HOME, then `java` on PATH, then /usr/lib/jvm/*, newest first.
# Exits 1 with a message when there is none.
set -euo pipefail

major_of() { # $1: a java home; prints its feature version, or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n 1
}

candidates=()
[ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
if command -v java >/dev/null 2>&1; then
  candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
fi
for d in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${d%/}"); done

for home in "${candidates[@]}"; do
  v="$(major_of "$home")"
  if [ -n "$v" ] && [ "$v" -ge 21 ]; then
    echo "$home"
    exit 0
  fi
done
echo "No JDK 21+ found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm/*). Install one, e.g. Temurin 21 or 25." >&2
exit 1

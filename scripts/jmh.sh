#!/usr/bin/env bash
# Builds lookalike-bench (and what it needs) and runs JMH; arguments go to JMH, e.g.
#   scripts/jmh.sh DotProductBench -f 1 -wi 3 -i 5          scripts/jmh.sh -l (list)
# Never installs anything into ~/.m2: the classpath is the reactor's own target folders.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA_HOME="$("$root/scripts/find-jdk.sh")"
export JAVA_HOME
# ONNX Runtime 1.29 crashes at start on long command lines (the forks' class path) unless its telemetry is off
export ORT_DISABLE_TELEMETRY=1
cd "$root"
./mvnw -o -q -B -pl lookalike-bench -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/jmh.classpath -Dmdep.includeScope=runtime >&2
cp="lookalike-bench/target/classes:$(cat lookalike-bench/target/jmh.classpath)"
exec "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp "$cp" org.openjdk.jmh.Main "$@"

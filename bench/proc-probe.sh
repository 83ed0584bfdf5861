#!/usr/bin/env bash
# Measures one ProcMemoryProbe.read() with JMH: against recorded roots and this machine's /proc.
# Usage: bench/proc-probe.sh [extra JMH options]   (default: -f 1 -wi 3 -i 5, about a minute)
set -euo pipefail
cd "$(dirname "$0")/.."

module=adapters-proc
classpath_file="$module/target/bench.classpath"

# Compile main and test sources (JMH's annotation processor generates the harness) and write the
# test class path; the reactor (-am) supplies core without installing anything into ~/.m2.
./mvnw -B -q -pl "$module" -am test-compile dependency:build-classpath \
  -Dspotless.check.skip=true -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$classpath_file"

classpath="$module/target/test-classes:$module/target/classes:$(cat "$classpath_file")"
if [ "$#" -eq 0 ]; then
  set -- -f 1 -wi 3 -w 1s -i 5 -r 1s
fi
exec java -cp "$classpath" org.openjdk.jmh.Main ProcMemoryProbeBenchmark "$@"

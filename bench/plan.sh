#!/usr/bin/env bash
# Measures one preflight by footprint with cached facts against a local server (the fake Ollama)
# with JMH's sample mode (p50, p99). Usage: bench/plan.sh [extra JMH options]
# (default: -f 1 -wi 3 -i 5, about a minute)
set -euo pipefail
cd "$(dirname "$0")/.."

module=adapters-ollama
classpath_file="$module/target/bench.classpath"

# Compile main and test sources (JMH's annotation processor generates the harness) and write the
# test class path; the reactor (-am) supplies core without installing anything into ~/.m2.
./mvnw -B -q -pl "$module" -am test-compile dependency:build-classpath \
  -Dspotless.check.skip=true -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$classpath_file"

classpath="$module/target/test-classes:$module/target/classes:core/target/classes:core/target/test-classes:$(cat "$classpath_file")"
if [ "$#" -eq 0 ]; then
  set -- -f 1 -wi 3 -w 1s -i 5 -r 1s
fi
# Ollama's Go server answers with TCP_NODELAY (Go's default); the JDK server under the fake does
# only when asked, and otherwise every answer waits ~40 ms for a delayed ACK (Nagle).
exec java -cp "$classpath" org.openjdk.jmh.Main PlanBenchmark \
  -jvmArgsAppend -Dsun.net.httpserver.nodelay=true "$@"

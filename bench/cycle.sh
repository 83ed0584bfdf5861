#!/usr/bin/env bash
# Three clients cycling three models that fit two at a time: 30 streamed chats through the proxy
# in front of the in-repo fake Ollama, once per minimum residency given (default: 0 1s 2s 5s).
# Prints loads, unloads, wall time and request latencies. Loopback only. Not a test.
#
#   bench/cycle.sh [MIN_RESIDENCY...]
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# One session, so that core and adapters-proc resolve to their target/ directories (nothing is
# installed in ~/.m2); the last module's class path is the one written.
./mvnw -B -q -pl adapters-ollama -am test-compile dependency:build-classpath \
  -Dspotless.check.skip=true -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt"
CP="adapters-ollama/target/test-classes:adapters-ollama/target/classes:$(cat "$WORK/cp.txt")"

if [[ $# -eq 0 ]]; then set -- 0s 1s 2s 5s; fi
echo "$(nproc) cores; 3 clients x 10 chats over 3 models with room for 2"
java -Dsun.net.httpserver.nodelay=true -cp "$CP" io.github.smartload.ollama.proxy.CycleBench \
  "$@"

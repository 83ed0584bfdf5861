#!/usr/bin/env bash
# The proxy soak: `smartload serve` (the shaded jar, its own process) in front of the in-repo fake
# Ollama for a bounded time under mixed load (streams, aborts, slow clients, oversized bodies,
# unknown names, unloads) while Ollama stalls, is killed and dies during loads. Prints requests
# served, p50/p99, other outcomes by status and cause, the fake's record of over-commit and busy
# unloads, and the proxy's RSS and threads; exits 1 when the machine was over-committed, a busy
# model was unloaded, or RSS/threads grew beyond the stated tolerance. Loopback only. Not a test.
#
#   bench/soak.sh [--minutes N] [--clients N]      (or SOAK_MINUTES=N; default 10 minutes)
#   SOAK_PROXY_JAVA_OPTS="-Xmx256m" bench/soak.sh   (options for the proxy's JVM)
set -euo pipefail
cd "$(dirname "$0")/.."

# One reactor build: the shaded jar, the test classes, and the test class path of adapters-ollama
# as the reactor resolves it (its sibling modules from their target/, nothing from ~/.m2 needed).
./mvnw -B -q -pl app-cli -am package dependency:build-classpath -DskipTests \
  -Dspotless.check.skip=true -Dmdep.includeScope=test -Dmdep.outputFile=target/soak-classpath.txt
CP="adapters-ollama/target/test-classes:adapters-ollama/target/classes:$(cat adapters-ollama/target/soak-classpath.txt)"

exec java -cp "$CP" io.github.smartload.ollama.soak.Soak "$@"

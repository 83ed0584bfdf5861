#!/usr/bin/env sh
# How far three estimates of a model's memory land from what the real llama.cpp engine allocated
# (model + KV + compute + output buffers), over every run in the truth file: the seed's margin
# (file size x 1.2), Ollama's own predictor (file size + an f16 KV cache from embedding length /
# heads) and smartload's footprint. Prints the README's accuracy table (median and worst absolute
# percent error). Builds core's classes with the wrapper first; installs nothing.
# Usage: bench/footprint-accuracy.sh [TRUTH.jsonl [--rows]]   (--rows: each run's error too)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
truth=${1:-$here/core/src/test/resources/memory-truth/llamacpp.jsonl}
[ "$#" -gt 0 ] && shift
cd "$here"
./mvnw -B -q -pl core test-compile
java -cp core/target/classes:core/target/test-classes \
  io.github.smartload.core.footprint.FootprintAccuracy "$truth" "$@"

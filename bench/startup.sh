#!/usr/bin/env sh
# Wall time of a command typed by hand: ./smartload plan, offline, RUNS times (default 20) after
# one warm-up run (which also records the class-data-sharing archive). Prints min, median, mean
# and max in milliseconds. Builds the jar first when it is missing (a fresh clone).
# Usage: bench/startup.sh [RUNS]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-20}
if [ ! -f "$here/app-cli/target/smartload.jar" ]; then
  (cd "$here" && ./mvnw -B -q -DskipTests package)
fi
cmd="$here/smartload plan qwen2.5:32b --available 18GB --loaded qwen3:8b=5.7GB"

$cmd > /dev/null
times=""
i=0
while [ "$i" -lt "$runs" ]; do
  start=$(date +%s%N)
  $cmd > /dev/null
  end=$(date +%s%N)
  times="$times $(( (end - start) / 1000000 ))"
  i=$((i + 1))
done
echo "$times" | tr ' ' '\n' | grep -v '^$' | sort -n | awk -v runs="$runs" '
  { t[NR] = $1; sum += $1 }
  END {
    median = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
    printf "smartload plan, %d runs: min %d ms, median %d ms, mean %d ms, max %d ms\n",
      runs, t[1], median, sum / NR, t[NR]
  }'

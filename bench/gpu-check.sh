#!/usr/bin/env sh
# On a machine with an NVIDIA GPU: prints nvidia-smi's view of each GPU beside what
# `smartload status --json` reports, and exits 1 when they disagree by more than 1% (total, used
# or free, as a share of the GPU's total memory; the two readings are a moment apart, so a busy
# GPU can move a little between them). With no GPU (no nvidia-smi, or "No devices were found")
# it says so and exits 0; when nvidia-smi fails otherwise (exit 9: the driver) it exits 2.
# Builds smartload first when the jar is missing, so it runs on a fresh clone.
# Usage: bench/gpu-check.sh            NVIDIA_SMI=/path/to/nvidia-smi bench/gpu-check.sh
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
smi=${NVIDIA_SMI:-nvidia-smi}
query="--query-gpu=index,uuid,name,memory.total,memory.used,memory.free"

if ! command -v "$smi" > /dev/null 2>&1; then
  echo "gpu-check: no $smi here, so no NVIDIA GPU to compare; nothing to do"
  exit 0
fi
status=0
nvidia=$("$smi" "$query" --format=csv,noheader,nounits 2>&1) || status=$?
if [ "$status" -eq 6 ]; then
  echo "gpu-check: $smi found no GPU ($nvidia); nothing to do"
  exit 0
fi
if [ "$status" -ne 0 ]; then
  echo "gpu-check: $smi failed (exit $status): $nvidia" >&2
  exit 2
fi

if [ ! -f "$here/app-cli/target/smartload.jar" ]; then
  (cd "$here" && ./mvnw -B -q -DskipTests package)
fi
status=0
errors=$(mktemp)
trap 'rm -f "$errors"' EXIT
# Exit 3 (Ollama not running) still prints the GPUs; anything else is a failure of its own.
json=$("$here/smartload" status --json --gpu nvidia --nvidia-smi "$smi" 2> "$errors") || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
  echo "gpu-check: smartload status failed (exit $status):" >&2
  cat "$errors" >&2
  exit 2
fi

# smartload's JSON is pretty-printed one field a line: read the gpus array without jq.
smartload=$(echo "$json" | awk '
  /"gpus": \[/ { in_gpus = 1; next }
  in_gpus && /^  \]/ { in_gpus = 0 }
  in_gpus && /"id":/ { gsub(/[",]/, "", $2); id = $2 }
  in_gpus && /"totalBytes":/ { gsub(/,/, "", $2); total = $2 }
  in_gpus && /"usedBytes":/ { gsub(/,/, "", $2); used = $2 }
  in_gpus && /"freeBytes":/ { gsub(/,/, "", $2); print id, total, used, $2 }')

echo "$nvidia" | awk -F', *' -v smartload="$smartload" '
  BEGIN {
    mib = 1048576
    n = split(smartload, rows, "\n")
    for (i = 1; i <= n; i++) {
      split(rows[i], f, " ")
      total[f[1]] = f[2]; used[f[1]] = f[3]; free[f[1]] = f[4]
    }
    printf "%-4s %-28s %-30s %12s %12s %12s\n", "GPU", "NAME", "SOURCE", "TOTAL MiB", "USED MiB", "FREE MiB"
    bad = 0
  }
  function off(a, b, whole) { d = a - b; if (d < 0) d = -d; return whole > 0 && d > whole / 100 }
  {
    id = $2; name = $3
    printf "%-4s %-28s %-30s %12s %12s %12s\n", $1, name, "nvidia-smi", $4, $5, $6
    if (!(id in total)) {
      printf "%-4s %-28s %-30s %s\n", $1, name, "smartload status --json", "MISSING"
      bad = 1
      next
    }
    printf "%-4s %-28s %-30s %12d %12d %12d\n", $1, name, "smartload status --json",
      total[id] / mib, used[id] / mib, free[id] / mib
    if ($4 ~ /^\[/) next  # integrated: no memory of its own, smartload reports 0
    whole = $4 * mib
    if (off($4 * mib, total[id], whole) || off($5 * mib, used[id], whole) || off($6 * mib, free[id], whole)) {
      printf "     ^ disagree by more than 1%% of the total\n"
      bad = 1
    }
  }
  END {
    if (bad) { print "gpu-check: smartload and nvidia-smi disagree"; exit 1 }
    print "gpu-check: smartload agrees with nvidia-smi within 1%"
  }'

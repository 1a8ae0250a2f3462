#!/usr/bin/env bash
# Wall time of one `bossnas train` alone and beside a CPU-bound process (a shell spinning), with the default thread
# choice (the CPUs this process may use, less those other processes keep busy) and with run.threads pinned to all CPUs.
# Run it on an otherwise quiet machine after a Release build.
# Usage: bash bench/threads.sh [Release|Debug]
set -euo pipefail
cd "$(dirname "$0")/.."
config=${1:-Release}
cli="dotnet core/BossNas.Cli/bin/$config/net10.0/bossnas.dll"
out=$(mktemp -d)
trap 'rm -rf "$out"; [[ -n "${spinner:-}" ]] && kill "$spinner" 2>/dev/null || true' EXIT
all=$(nproc)
train() {
  local start end
  start=$(date +%s.%N)
  $cli train configs/train_fashion.toml --arch "00|00|0" --new --set retrain.epochs=1 --set data.train_limit=20000 \
    --set "run.output=\"$out\"" "$@" > "$out/last.log" 2>&1
  end=$(date +%s.%N)
  printf '%6.1f s  %s  %s\n' "$(echo "$end - $start" | bc)" "$(grep -o '[0-9]* threads ([^)]*)' "$out/last.log" | head -1)" "$*"
}
echo "alone:"
train
train --set run.threads="$all"
sh -c 'while :; do :; done' & spinner=$!
sleep 1
echo "beside one CPU-bound process:"
train
train --set run.threads="$all"

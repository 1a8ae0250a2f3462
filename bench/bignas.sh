#!/usr/bin/env bash
# What BigNAS's weight sharing changes per step: configs/elastic_bignas.toml's bignas step (sandwich of 4, inplace
# distillation, drop-connect) on its elastic supernet (every child a slice of the largest network) and on the
# multi-branch mbconv space of configs/mbconv_bignas.toml (every kernel/expansion its own weights), everything else the
# same; each in a process of its own (peak RSS per supernet). Prints both lines and the time ratio. Run under the CPU lock:
#   flock /tmp/bossnas-cpu.lock bash bench/bignas.sh [steps] [threads]
set -euo pipefail
cd "$(dirname "$0")/.."
steps=${1:-20}; threads=${2:-2}
dotnet build BossNas.Framework.sln -c Release -v q -nologo >/dev/null
bench=(dotnet bench/BossNas.Bench/bin/Release/net10.0/BossNas.Bench.dll bignas core/BossNas.Cli/bin/Release/net10.0/plugins configs/elastic_bignas.toml "$threads" "$steps")
elastic=$("${bench[@]}"); echo "$elastic"
multi=$("${bench[@]}" configs/mbconv_bignas.toml); echo "$multi"
ms() { sed -E 's/.*ms_per_step=([0-9.]+).*/\1/' <<<"$1"; }
awk -v e="$(ms "$elastic")" -v m="$(ms "$multi")" 'BEGIN { printf "bignas_step_multi_branch_over_elastic = %.2f\n", m / e }'

#!/usr/bin/env bash
# The BN-NAS claim measured (paper: supernet training >10x faster, candidate rating >600,000x faster): supernet step
# time of bn_nas vs spos, and the time to rate one candidate with bn_indicator vs accuracy, on the space and data of
# configs/mbconv_spos.toml and configs/mbconv_bnnas.toml. Prints the ratios. Run under the CPU lock:
#   flock /tmp/bossnas-cpu.lock bash bench/bnnas.sh [steps] [candidates]
set -euo pipefail
cd "$(dirname "$0")/.."
steps=${1:-20}; candidates=${2:-5}
dotnet build BossNas.Framework.sln -c Release -v q -nologo >/dev/null
dotnet bench/BossNas.Bench/bin/Release/net10.0/BossNas.Bench.dll bnnas core/BossNas.Cli/bin/Release/net10.0/plugins \
  configs/mbconv_spos.toml configs/mbconv_bnnas.toml "$steps" "$candidates"

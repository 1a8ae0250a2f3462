#!/usr/bin/env bash
# Side-by-side training-step throughput: this engine (TorchSharp + engine SGD) vs PyTorch on the same machine,
# network, batch and thread count; runs interleaved, median of each; then RSS at step 100 and step 1000.
# Usage: bash bench/run.sh [Release|Debug] [runs] [threads]
set -euo pipefail
cd "$(dirname "$0")/.."
config=${1:-Release}; runs=${2:-5}; threads=${3:-$(nproc)}
batch=64; warmup=10; steps=40
python=/usr/bin/python3   # Debian's python3, where python3-torch installs
if ! "$python" -c "import torch" 2>/dev/null; then
  echo "PyTorch missing: apt-get install -y python3-torch" >&2; exit 1
fi
dotnet build bench/BossNas.Bench -c "$config" -v q -nologo >/dev/null
bench="dotnet bench/BossNas.Bench/bin/$config/net10.0/BossNas.Bench.dll"
echo "network: CIFAR ResNet (3 stages x 2 basic blocks, 32/64/128 ch), batch $batch, 3x32x32, threads $threads, $runs interleaved runs"
echo "pytorch $("$python" -c 'import torch; print(torch.__version__)'), torchsharp 0.107.0 (libtorch 2.10.0)"
# The engine caps oneDNN at AVX (NativeSetup: libtorch 2.10's AVX2/AVX-512 conv gradients are wrong on this CPU);
# PyTorch is measured as shipped and, for a like-for-like kernel comparison, under the same cap.
isa=${ONEDNN_MAX_CPU_ISA:-AVX}
engine=(); torch=(); torch_isa=()
for i in $(seq "$runs"); do
  e=$($bench throughput "$threads" "$batch" "$warmup" "$steps" | sed -n 's/images_per_s=//p')
  p=$("$python" bench/pytorch_bench.py "$threads" "$batch" "$warmup" "$steps" | sed -n 's/images_per_s=//p')
  q=$(ONEDNN_MAX_CPU_ISA=$isa "$python" bench/pytorch_bench.py "$threads" "$batch" "$warmup" "$steps" | sed -n 's/images_per_s=//p')
  echo "run $i: engine $e img/s, pytorch $p img/s, pytorch with oneDNN capped at $isa $q img/s"
  engine+=("$e"); torch+=("$p"); torch_isa+=("$q")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
me=$(median "${engine[@]}"); mp=$(median "${torch[@]}"); mq=$(median "${torch_isa[@]}")
echo "memory over a long run (engine, batch 8):"
$bench soak "$threads" 8 1000
echo "median: engine $me img/s, pytorch $mp img/s, pytorch (oneDNN $isa) $mq img/s"
awk -v e="$me" -v q="$mq" -v isa="$isa" 'BEGIN { printf "engine/pytorch (both oneDNN %s) = %.2f\n", isa, e / q }'
awk -v e="$me" -v p="$mp" 'BEGIN { printf "engine/pytorch = %.2f\n", e / p }'

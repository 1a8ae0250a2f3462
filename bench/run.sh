#!/usr/bin/env bash
# Side by side, same machine, same thread count, interleaved runs, medians:
#   1. the CIFAR ResNet training step (bench/BossNas.Bench vs bench/pytorch_bench.py);
#   2. a NATS-size stand-alone network as users train it (BossNas.Bench nats vs its PyTorch twin bench/pytorch_nats.py,
#      which loads the engine's weights and checks parameter count and logits first);
#   3. the main job's own supernet step: one ensemble-bootstrapping step of configs/hytra_boss.toml's stage 0 (HyTra block
#      0, 4 sampled paths, LARS, EMA; BossNas.Bench hytra-boss vs bench/pytorch_hytra_boss.py, which loads the engine's
#      weights, trains the paths the engine's strategy sampled and checks parameter count and losses first);
# each with its engine/pytorch ratio and the nominal GFLOP/s (3 x forward MAdds x 2 per image: direct-convolution
# arithmetic; oneDNN's Winograd 3x3 kernels need fewer multiplications, so this can exceed the GEMM rate) against the
# machine's measured float32 GEMM rate; then
# the engine's RSS over a 10,000-step soak. Both sides use the oneDNN ISA they choose themselves (the engine: the
# highest whose kernels pass its check, see docs/architecture.md).
# Usage: bash bench/run.sh [Release|Debug] [runs] [threads]
set -euo pipefail
cd "$(dirname "$0")/.."
config=${1:-Release}; runs=${2:-5}; threads=${3:-$(nproc)}
batch=64; warmup=10; steps=40
boss_warmup=3; boss_steps=15   # a BossNAS step runs 4 paths x 2 views, online and target, per 64 images
arch="33|33|3"   # the largest NATS-size architecture at widths 8-32
python=/usr/bin/python3   # Debian's python3, where python3-torch installs
if ! "$python" -c "import torch" 2>/dev/null; then
  echo "PyTorch missing: apt-get install -y python3-torch" >&2; exit 1
fi
dotnet build BossNas.Framework.sln -c "$config" -v q -nologo >/dev/null
bench="dotnet bench/BossNas.Bench/bin/$config/net10.0/BossNas.Bench.dll"
plugins="core/BossNas.Cli/bin/$config/net10.0/plugins"
twin=$(mktemp -d); trap 'rm -rf "$twin"' EXIT
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
field() { sed -n "s/\(^\|.* \)$1=\([^ ]*\).*/\2/p"; }   # the whole key: loss_diff is not max_loss_diff

echo "pytorch $("$python" -c 'import torch; print(torch.__version__)'), torchsharp 0.107.0 (libtorch 2.10.0), threads $threads, $runs interleaved runs"
gemm=$($bench gemm "$threads" 1024 30 | field gemm_gflops)
gemm_torch=$("$python" -c "import torch,time; torch.set_num_threads($threads); a=torch.randn(1024,1024); b=torch.randn(1024,1024); [a@b for _ in range(3)]; t=time.perf_counter(); [a@b for _ in range(30)]; print(f'{2*1024**3*30/(time.perf_counter()-t)/1e9:.2f}')")
echo "float32 GEMM 1024x1024: engine (libtorch 2.10) $gemm GFLOP/s, pytorch $gemm_torch GFLOP/s (Debian's PyTorch multiplies matrices through the system BLAS)"

echo "network 1: CIFAR ResNet (3 stages x 2 basic blocks, 32/64/128 ch), batch $batch, 3x32x32"
engine=(); torch=()
for i in $(seq "$runs"); do
  e=$($bench throughput "$threads" "$batch" "$warmup" "$steps" | field images_per_s)
  p=$("$python" bench/pytorch_bench.py "$threads" "$batch" "$warmup" "$steps" | field images_per_s)
  echo "  run $i: engine $e img/s, pytorch $p img/s"
  engine+=("$e"); torch+=("$p")
done
me1=$(median "${engine[@]}"); mp1=$(median "${torch[@]}")
r1=$(awk -v e="$me1" -v p="$mp1" 'BEGIN { printf "%.2f", e / p }')
echo "  median: engine $me1 img/s, pytorch $mp1 img/s: resnet engine/pytorch = $r1"

echo "network 2: NATS-size stand-alone network $arch (1x28x28, the nats space of configs/compare_nats.toml), batch $batch"
engine=(); torch=(); flops=()
for i in $(seq "$runs"); do
  line=$($bench nats "$plugins" "$arch" "$threads" "$batch" "$warmup" "$steps" "$twin")
  twin_line=$("$python" bench/pytorch_nats.py "$arch" "$threads" "$batch" "$warmup" "$steps" "$twin")
  e=$(field images_per_s <<<"$line"); p=$(field images_per_s <<<"$twin_line")
  [ "$i" = 1 ] && echo "  same network: engine params $(field params <<<"$line"), twin params $(field params <<<"$twin_line"), max |logit difference| on the engine's weights $(field max_logit_diff <<<"$twin_line")"
  echo "  run $i: engine $e img/s ($(field gflops <<<"$line") GFLOP/s), pytorch $p img/s"
  engine+=("$e"); torch+=("$p"); flops+=("$(field gflops <<<"$line")")
done
me2=$(median "${engine[@]}"); mp2=$(median "${torch[@]}"); mf2=$(median "${flops[@]}")
r2=$(awk -v e="$me2" -v p="$mp2" 'BEGIN { printf "%.2f", e / p }')
echo "  median: engine $me2 img/s, pytorch $mp2 img/s, engine $mf2 GFLOP/s = $(awk -v f="$mf2" -v g="$gemm" 'BEGIN { printf "%.2f", f / g }') of GEMM: nats engine/pytorch = $r2"

echo "network 3: the main job's ensemble-bootstrapping step (HyTra, block 0, 4 paths; configs/hytra_boss.toml), batch $batch"
engine=(); torch=(); boss="$twin/hytra_boss"
for i in $(seq "$runs"); do
  line=$($bench hytra-boss "$plugins" configs/hytra_boss.toml "$threads" "$boss_warmup" "$boss_steps" "$boss")
  twin_line=$("$python" bench/pytorch_hytra_boss.py "$threads" "$boss_warmup" "$boss_steps" "$boss")
  e=$(field images_per_s <<<"$line"); p=$(field images_per_s <<<"$twin_line")
  [ "$i" = 1 ] && echo "  same computation: engine params $(field params <<<"$line"), twin params $(field params <<<"$twin_line"), first-step loss $(field loss <<<"$line"), |loss difference| on the engine's weights, batch and paths $(field loss_diff <<<"$twin_line") (max over the first 3 steps $(field max_loss_diff <<<"$twin_line"))"
  echo "  run $i: engine $e img/s, pytorch $p img/s"
  engine+=("$e"); torch+=("$p")
done
me3=$(median "${engine[@]}"); mp3=$(median "${torch[@]}")
r3=$(awk -v e="$me3" -v p="$mp3" 'BEGIN { printf "%.2f", e / p }')
echo "  median: engine $me3 img/s, pytorch $mp3 img/s: hytra_boss engine/pytorch = $r3"

echo "memory over a long run (engine, ResNet, batch 8):"
$bench soak "$threads" 8 10000
awk -v a="$r1" -v b="$r2" -v c="$r3" 'BEGIN { m = a < b ? a : b; m = c < m ? c : m; printf "engine/pytorch = %.2f\n", m }'

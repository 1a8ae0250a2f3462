#!/bin/bash
# Fingerprints what a refactoring of the host must not change: runs every smoke config (and a short `train`) with one
# thread and a fixed seed, then prints, per run, hashes of its ratings CSVs and architecture, and every loss, rating
# and accuracy it recorded. Two builds are byte-identical in behaviour when their fingerprints are equal:
#   scripts/fingerprint.sh <bossnas build folder> <output folder>   → <output folder>/fingerprint.txt
#   diff old/fingerprint.txt new/fingerprint.txt
# Extra configs (e.g. configs/hytra_boss.toml) may follow as further arguments.
set -euo pipefail
bin=$(realpath "$1"); out=$(realpath -m "$2"); shift 2
repo=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
cd "$repo"
configs=(configs/smoke/hytra.toml configs/smoke/nats.toml configs/smoke/dna.toml configs/smoke/mbconv.toml
         configs/smoke/mbconv_spos.toml configs/smoke/mbconv_bnnas.toml configs/smoke/mbconv_bignas.toml "$@")
for c in "${configs[@]}"; do
  echo "run $c" >&2
  dotnet "$bin/bossnas.dll" run "$c" --set "run.output=\"$out/runs\"" --set 'run.threads=1' > "$out/$(basename "$c" .toml).log" 2>&1 \
    || { echo "FAILED: $c (see $out/$(basename "$c" .toml).log)" >&2; exit 1; }
done
echo "train configs/train_fashion.toml" >&2
dotnet "$bin/bossnas.dll" train configs/train_fashion.toml --arch '11|11|1' --set "run.output=\"$out/runs\"" --set 'run.threads=1' \
  --set 'retrain.epochs=1' --set 'retrain.max_batches_per_epoch=6' > "$out/train.log" 2>&1 \
  || { echo "FAILED: train (see $out/train.log)" >&2; exit 1; }
python3 "$repo/scripts/fingerprint.py" "$out" > "$out/fingerprint.txt"
echo "$out/fingerprint.txt: $(wc -l < "$out/fingerprint.txt") lines" >&2

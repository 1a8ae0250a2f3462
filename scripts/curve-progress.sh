#!/bin/bash
# Carries a long `bossnas compare` (the budget curve, configs/curve_nats.toml) across machines: each finished arm run is
# kept as a small archive in the repository (its state, ratings, metrics and resolved config; no checkpoints or
# weights), and a later session on a fresh machine restores them so the compare skips those units and runs the rest.
# An arm run still under way is kept under <archive folder>/partial/ with its checkpoints (replaced at every save, dropped
# once the run is finished and kept whole), so it resumes from its last checkpoint instead of starting over.
#   scripts/curve-progress.sh save    <compare folder> <archive folder>   # archive every finished arm run not yet kept
#   scripts/curve-progress.sh restore <compare folder> <archive folder>   # unpack the kept arm runs into the compare folder
# A unit is skipped on resume only when its resolved config hashes the same, and the resolved config holds the
# benchmark's absolute path: run the compare from a clone at the same path as the session that saved it.
set -euo pipefail
mode=${1:?save or restore}; compare=$(realpath -m "${2:?compare folder}"); archive=$(realpath -m "${3:?archive folder}")
mkdir -p "$archive"
case "$mode" in
  save)
    n=0
    for run in "$compare"/runs/*/*/; do
      run=${run%/}
      unit=$(basename "$(dirname "$run")"); stamp=$(basename "$run")
      out="$archive/$unit-$stamp.tar.gz"
      if [ ! -f "$run/done" ]; then
        ls "$run"/checkpoints/* > /dev/null 2>&1 || continue
        mkdir -p "$archive/partial"
        tar -C "$compare/runs" -czf "$archive/partial/$unit-$stamp.tar.gz" \
          --exclude="$unit/$stamp/networks" --exclude="$unit/$stamp/tensorboard" --exclude="$unit/$stamp/run.lock" --exclude="$unit/$stamp/run.pid" "$unit/$stamp"
        echo "kept $unit/$stamp under way, with its checkpoints"; continue
      fi
      rm -f "$archive/partial/$unit-$stamp.tar.gz"
      [ -f "$out" ] && continue
      tar -C "$compare/runs" -czf "$out" \
        --exclude="$unit/$stamp/checkpoints" --exclude="$unit/$stamp/networks" --exclude="$unit/$stamp/tensorboard" \
        --exclude="$unit/$stamp/*.bin" --exclude="$unit/$stamp/run.lock" --exclude="$unit/$stamp/run.pid" "$unit/$stamp"
      echo "kept $unit/$stamp ($(du -h "$out" | cut -f1))"; n=$((n + 1))
    done
    echo "$n new arm run(s) archived in $archive" ;;
  restore)
    mkdir -p "$compare/runs"; n=0
    for a in "$archive"/*.tar.gz "$archive"/partial/*.tar.gz; do
      [ -e "$a" ] || continue
      tar -C "$compare/runs" -xzf "$a"; n=$((n + 1))
    done
    echo "$n arm run(s) restored into $compare/runs" ;;
  *) echo "usage: $0 save|restore <compare folder> <archive folder>" >&2; exit 2 ;;
esac

#!/usr/bin/env python3
"""How much a method's rating depends on the seed its supernet was trained with: Kendall tau-b between the benchmark
ratings of two seeds' arm runs of one arm and budget, from a `bossnas compare` folder.

    python3 scripts/seed_agreement.py <compare folder>

Reads every `runs/<arm>[-x<budget>]-seed<n>/<timestamp>/ratings/benchmark.csv` (the newest run of each unit), pairs the
seeds of each arm and budget, and prints tau-b over the architectures both rated. Set beside the reliability (two
rating passes of one supernet), it separates rating noise from the variance of supernet training: a rating can repeat
on one supernet and still rank the benchmark differently on the next seed's.
"""
import csv
import itertools
import os
import re
import sys

from searched_sum_tau import kendall_tau_b


def ratings(unit_folder):
    runs = sorted(d for d in os.listdir(unit_folder) if os.path.isfile(os.path.join(unit_folder, d, "ratings", "benchmark.csv")))
    if not runs:
        return None
    with open(os.path.join(unit_folder, runs[-1], "ratings", "benchmark.csv"), newline="") as f:
        return {r["architecture"]: float(r["score"]) for r in csv.DictReader(f)}


def main(argv):
    if len(argv) != 1:
        sys.exit(__doc__)
    runs = os.path.join(argv[0], "runs")
    units = {}
    for name in sorted(os.listdir(runs)):
        match = re.fullmatch(r"(.+)-seed(\d+)", name)
        scores = ratings(os.path.join(runs, name)) if match else None
        if scores:
            units.setdefault(match.group(1), {})[int(match.group(2))] = scores
    for unit, seeds in units.items():
        for a, b in itertools.combinations(sorted(seeds), 2):
            shared = sorted(set(seeds[a]) & set(seeds[b]))
            tau = kendall_tau_b([seeds[a][k] for k in shared], [seeds[b][k] for k in shared])
            print(f"{unit}: seed {b} against seed {a}: tau {tau:.3f} over {len(shared)} architectures")


if __name__ == "__main__":
    main(sys.argv[1:])

#!/usr/bin/env python3
"""Rates a finished block-wise run's benchmark the public BossNAS way from what the run kept, and prints both ratings' agreement.

A run whose benchmark was rated another way (`[evaluator] architecture_prefix = "own"`) still holds every block path's
stage-end rating behind the searched prefix (`ratings/ratings_block<b>.csv`). The public code's architecture score is the
sum of those ratings over the architecture's paths (`architecture_prefix = "searched"`, the default, which reuses exactly
these numbers), so both ways can be compared on one trained supernet:

    python3 scripts/searched_sum_tau.py data/benchmarks/nats_fashion/benchmark.csv <run folder> [<run folder> ...]

Prints, per run, Kendall tau-b and the mean tau-b within MAdds quartiles of the summed stage-end ratings and of the run's
recorded benchmark ratings (`ratings/benchmark.csv`), against the benchmark's accuracies as the file holds them now.
Scores are lower-is-better (population_center); pass --higher-is-better for an evaluator that is not. With --per-block it
also prints, per block, the tau of that block's stage-end rating alone (each architecture scored by its block-b path)
and the standard deviation of the block's ratings, which is how much the block weighs in the sum.
"""
import csv
import statistics
import sys


def kendall_tau_b(x, y):
    concordant = discordant = ties_x = ties_y = 0
    for i in range(len(x)):
        for j in range(i + 1, len(x)):
            dx, dy = x[i] - x[j], y[i] - y[j]
            if dx == 0 and dy == 0:
                continue
            if dx == 0:
                ties_x += 1
            elif dy == 0:
                ties_y += 1
            elif dx * dy > 0:
                concordant += 1
            else:
                discordant += 1
    denominator = ((concordant + discordant + ties_x) * (concordant + discordant + ties_y)) ** 0.5
    return (concordant - discordant) / denominator if denominator else float("nan")


def within_quartiles(scores, accuracy, madds):
    order = sorted(range(len(scores)), key=lambda i: madds[i])
    size = len(order) // 4
    bins = [order[k * size:(k + 1) * size] if k < 3 else order[3 * size:] for k in range(4)]
    return sum(kendall_tau_b([scores[i] for i in b], [accuracy[i] for i in b]) for b in bins) / 4


def main(argv):
    sign = -1.0
    per_block = "--per-block" in argv
    if per_block:
        argv.remove("--per-block")
    if "--higher-is-better" in argv:
        argv.remove("--higher-is-better")
        sign = 1.0
    if len(argv) < 2:
        sys.exit(__doc__)
    with open(argv[0], newline="") as f:
        truth = {r["architecture"]: (float(r["accuracy"]), float(r["madds"])) for r in csv.DictReader(f)}
    for run in argv[1:]:
        with open(f"{run}/ratings/benchmark.csv", newline="") as f:
            rows = list(csv.DictReader(f))
        architectures = [r["architecture"] for r in rows]
        blocks = len(architectures[0].split("|"))
        stage_end = []
        for b in range(blocks):
            with open(f"{run}/ratings/ratings_block{b}.csv", newline="") as f:
                stage_end.append({r["path"]: float(r["score"]) for r in csv.DictReader(f)})
        summed = [sign * sum(stage_end[b][p] for b, p in enumerate(a.split("|"))) for a in architectures]
        recorded = [sign * float(r["score"]) for r in rows]
        accuracy = [truth[a][0] for a in architectures]
        madds = [truth[a][1] for a in architectures]
        for name, scores in (("searched prefix (summed stage-end ratings)", summed), ("recorded benchmark rating", recorded)):
            print(f"{run}: {name}: tau {kendall_tau_b(scores, accuracy):.3f}, "
                  f"tau in MAdds quartiles {within_quartiles(scores, accuracy, madds):.3f}")
        if per_block:
            for b in range(blocks):
                alone = [sign * stage_end[b][a.split("|")[b]] for a in architectures]
                print(f"{run}: block {b} alone: tau {kendall_tau_b(alone, accuracy):.3f}, "
                      f"sd of its {len(stage_end[b])} ratings {statistics.pstdev(stage_end[b].values()):.4f}")


if __name__ == "__main__":
    main(sys.argv[1:])

#!/usr/bin/env python3
"""Pools several speed_vs_pytorch.sh output folders: how far one run's ratio can be trusted.

    benchmarks/speed_pool.py DIR [DIR ...]                      # vae4j against PyTorch
    benchmarks/speed_pool.py --impl vae4j --ref dl4j-layer DIR ...

For each round of each run (the implementations ran one after the other in it), the ratio of
the implementation's median counted epoch to the reference's; then every counted epoch of all
runs pooled (the ratio of the two medians), with a 95 % interval from resampling whole runs
(a run's epochs are not independent of each other: the machine's speed drifts between runs).
Counted epochs are those after each run's first (warm-up), as in speed_table.py. A run is read
from NAME-rR.json (PyTorch's and DL4J's layer's "epochs"[i]["train_seconds"]) or from
NAME-rR/history.csv (vae4j's "seconds").
"""
import argparse
import csv
import glob
import json
import os
import random
import statistics
import sys


def epochs(folder, name, r):
    """The counted epochs' seconds of implementation `name` in round r, or None if it did not run."""
    js = os.path.join(folder, f"{name}-r{r}.json")
    hist = os.path.join(folder, f"{name}-r{r}", "history.csv")
    if os.path.isfile(js):
        seconds = [e["train_seconds"] for e in json.load(open(js))["epochs"]]
    elif os.path.isfile(hist):
        seconds = [float(e["seconds"]) for e in csv.DictReader(open(hist))]
    else:
        return None
    return seconds[1:]


def rounds_of(folder, name):
    found = set()
    for p in glob.glob(os.path.join(folder, f"{name}-r*")):
        tail = os.path.basename(p)[len(name) + 2:]
        tail = tail[:-5] if tail.endswith(".json") else tail
        if tail.isdigit():
            found.add(int(tail))
    return sorted(found)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folders", nargs="+", help="speed_vs_pytorch.sh output folders (OUTDIR)")
    ap.add_argument("--impl", default="vae4j", help="the implementation measured (default vae4j)")
    ap.add_argument("--ref", default="pytorch", help="the reference (default pytorch)")
    ap.add_argument("--target", type=float, default=0.8, help="the ratio to compare with (default 0.8)")
    ap.add_argument("--seed", type=int, default=1, help="seed of the resampling (default 1)")
    a = ap.parse_args()

    runs = []      # per folder: (impl epochs, ref epochs, [round ratios])
    for folder in a.folders:
        impl_all, ref_all, ratios = [], [], []
        for r in rounds_of(folder, a.impl):
            impl, ref = epochs(folder, a.impl, r), epochs(folder, a.ref, r)
            if not impl or not ref:
                continue
            impl_all += impl
            ref_all += ref
            ratios.append(statistics.median(impl) / statistics.median(ref))
        if not ratios:
            sys.exit(f"{folder}: no round with counted epochs of both {a.impl} and {a.ref} "
                     f"(run speed_vs_pytorch.sh with WHICH containing both, and EPOCHS of 2 or more)")
        runs.append((folder, impl_all, ref_all, ratios))

    print(f"| run | rounds | {a.ref} median s | {a.impl} median s | ratio | rounds above {a.target} |")
    print("|---|---|---|---|---|---|")
    for folder, impl, ref, ratios in runs:
        ratio = statistics.median(impl) / statistics.median(ref)
        print(f"| {os.path.basename(os.path.normpath(folder))} | {len(ratios)} | {statistics.median(ref):.3f} "
              f"| {statistics.median(impl):.3f} | {ratio:.3f} | {sum(x > a.target for x in ratios)} |")

    impl = [v for run in runs for v in run[1]]
    ref = [v for run in runs for v in run[2]]
    pooled = statistics.median(impl) / statistics.median(ref)
    per_run = [statistics.median(run[1]) / statistics.median(run[2]) for run in runs]
    per_round = [x for run in runs for x in run[3]]
    print()
    print(f"runs: {len(runs)}, ratio above {a.target} in {sum(x > a.target for x in per_run)}; "
          f"rounds: {len(per_round)}, above {a.target} in {sum(x > a.target for x in per_round)} "
          f"(round ratios {min(per_round):.3f}–{max(per_round):.3f}, median {statistics.median(per_round):.3f})")
    line = f"pooled ({len(impl)} epochs of {a.impl}, {len(ref)} of {a.ref}): {pooled:.3f}"
    if len(runs) >= 2:
        rng = random.Random(a.seed)
        boot = []
        for _ in range(4000):
            pick = [runs[rng.randrange(len(runs))] for _ in runs]
            boot.append(statistics.median([v for run in pick for v in run[1]])
                        / statistics.median([v for run in pick for v in run[2]]))
        boot.sort()
        line += f", 95 % interval over runs {boot[99]:.3f}–{boot[3899]:.3f}"
    print(line)


if __name__ == "__main__":
    main()

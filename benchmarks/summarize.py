#!/usr/bin/env python3
"""Prints a table of benchmark JSON files written by pytorch_vae.py and dl4j-layer/run.sh.

    /usr/bin/python3 benchmarks/summarize.py benchmarks/results/*.json
    /usr/bin/python3 benchmarks/summarize.py --test-loss benchmarks/results/pytorch-mnist-10ep*.json

Columns: file, benchmark, OPENBLAS_CORETYPE / OMP_WAIT_POLICY, seconds of every epoch, min and
median s/epoch (all epochs, and without epoch 1 = warm-up), final train/test loss, peak RSS,
1-minute load average at start, CPU seconds per wall second while training. With --test-loss: the per-epoch test -ELBO of each file and,
for several files, their mean and spread.
"""
import json
import os
import statistics
import sys


def load(path):
    with open(path) as f:
        return json.load(f)


def cpu_ratio(d):
    """CPU seconds per wall second over the training epochs (2.0 = both cores busy the whole time)."""
    e = [x for x in d["epochs"] if x.get("train_cpu_seconds") is not None]
    if not e:
        return "-"
    return "%.2f" % (sum(x["train_cpu_seconds"] for x in e) / sum(x["train_seconds"] for x in e))


def main(argv):
    test_loss = "--test-loss" in argv
    files = [a for a in argv if not a.startswith("--")]
    if not files:
        print(__doc__, file=sys.stderr)
        return 2
    docs = [(f, load(f)) for f in files]
    if test_loss:
        n = max(len(d["epochs"]) for _, d in docs)
        print("%-5s " % "epoch" + " ".join("%10s" % ("seed %s" % d["config"].get("seed")) for _, d in docs)
              + ("   %8s %8s %6s" % ("mean", "spread", "%") if len(docs) > 1 else ""))
        for i in range(n):
            vals = [d["epochs"][i].get("test_loss") if i < len(d["epochs"]) else None for _, d in docs]
            line = "%-5d " % (i + 1) + " ".join("%10s" % ("%.4f" % v if v is not None else "-") for v in vals)
            got = [v for v in vals if v is not None]
            if len(got) > 1:
                m = statistics.mean(got)
                line += "   %8.4f %8.4f %6.2f" % (m, max(got) - min(got), 100 * (max(got) - min(got)) / m)
            print(line)
        return 0
    print("%-44s %-15s %-18s %-8s %-8s %-8s %-8s %-9s %-9s %-7s %-5s %-6s %s" % (
        "file", "benchmark", "coretype/wait", "min", "median", "min>1", "med>1", "train", "test", "rss MB", "load", "cpu/s", "epochs s"))
    for f, d in docs:
        env = d.get("environment", {}).get("env", {})
        tag = "%s/%s" % (env.get("OPENBLAS_CORETYPE") or "-", env.get("OMP_WAIT_POLICY") or "-")
        secs = [e["train_seconds"] for e in d["epochs"]]
        rest = secs[1:] or secs
        last = d["epochs"][-1] if d["epochs"] else {}
        train = last.get("train_loss", last.get("train_score_mean"))
        test = last.get("test_loss")
        print("%-44s %-15s %-18s %-8.2f %-8.2f %-8.2f %-8.2f %-9s %-9s %-7.0f %-5s %-6s %s" % (
            "/".join(os.path.normpath(f).split(os.sep)[-2:])[-44:], d.get("benchmark", "?"), tag, min(secs), statistics.median(secs), min(rest),
            statistics.median(rest), "%.3f" % train if train is not None else "-",
            "%.3f" % test if test is not None else "-",
            d.get("summary", {}).get("peak_rss_mb", float("nan")),
            "%.1f" % d["loadavg_start"][0] if d.get("loadavg_start") else "-",
            cpu_ratio(d),
            " ".join("%.1f" % s for s in secs)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

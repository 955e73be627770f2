"""Summarizes a speed_vs_pytorch.sh output folder: s/epoch (min, median; warm-up epoch dropped),
examples/s, GFLOP/s, peak RSS, and the ratio of each implementation's median epoch to PyTorch's."""
import csv, glob, json, os, statistics, sys

out, hidden, latent = sys.argv[1], [int(h) for h in sys.argv[2].split(",")], int(sys.argv[3])
D = 784
# FLOPs per example of one training step: forward 2·Σ(nIn·nOut) per dense layer, backward ≈ 2× forward
layers = [D] + hidden
enc = sum(a * b for a, b in zip(layers, layers[1:])) + hidden[-1] * 2 * latent
dec = sum(a * b for a, b in zip(([latent] + hidden[::-1]), (hidden[::-1] + [D])))
flop = 3 * 2 * (enc + dec)

rows = {}
def add(name, seconds, n, rss):
    r = rows.setdefault(name, {"sec": [], "n": n, "rss": []})
    r["sec"] += seconds
    if rss:
        r["rss"].append(rss)

for f in sorted(glob.glob(os.path.join(out, "pytorch-r*.json"))):
    j = json.load(open(f))
    eps = j["epochs"]
    add("PyTorch 1.13", [e["train_seconds"] for e in eps[1:]], j["config"]["n_train"],
        max(e.get("peak_rss_mb", 0) for e in eps))
for f in sorted(glob.glob(os.path.join(out, "dl4j-layer-r*.json"))):
    j = json.load(open(f))
    eps = j["epochs"]
    add("DL4J VariationalAutoencoder layer", [e["train_seconds"] for e in eps[1:]], j["config"]["n_train"],
        max(e.get("peak_rss_mb", 0) or 0 for e in eps))
for name, label in (("vae4j", "vae4j (fused step)"), ("vae4j-samediff", "vae4j (SameDiff graph)")):
    for d in sorted(glob.glob(os.path.join(out, name + "-r*"))):
        if not os.path.isdir(d):
            continue
        h = list(csv.DictReader(open(os.path.join(d, "history.csv"))))
        m = json.load(open(os.path.join(d, "metrics.json")))
        n = round(float(h[0]["examples_per_second"]) * float(h[0]["seconds"]))
        add(label, [float(e["seconds"]) for e in h[1:]], n, m.get("peak_rss_mb"))

# CPU time stolen by the hypervisor during each run (speed_vs_pytorch.sh's steal.tsv), per implementation
labels = {"pytorch": "PyTorch 1.13", "dl4j-layer": "DL4J VariationalAutoencoder layer",
          "vae4j": "vae4j (fused step)", "vae4j-samediff": "vae4j (SameDiff graph)"}
steal = {}
steal_file = os.path.join(out, "steal.tsv")
if os.path.exists(steal_file):
    for line in open(steal_file):
        parts = line.split("\t")
        if len(parts) == 3 and parts[0] in labels:
            steal.setdefault(labels[parts[0]], []).append(float(parts[2]))

ref = statistics.median(rows["PyTorch 1.13"]["sec"]) if "PyTorch 1.13" in rows else None
print(f"{flop / 1e6:.2f} MFLOP per example per training step (2·multiply-adds of every dense layer, ×3 for forward+backward)\n")
print("| implementation | s/epoch min | s/epoch median | examples/s | GFLOP/s | peak RSS MB | median vs PyTorch | CPU steal % per run |")
print("|---|---|---|---|---|---|---|---|")
for name, r in rows.items():
    if not r["sec"]:
        continue
    mn, med = min(r["sec"]), statistics.median(r["sec"])
    ratio = f"{med / ref:.2f}×" if ref else "–"
    rss = f"{max(r['rss']):.0f}" if r["rss"] else "–"
    st = " / ".join(f"{v:.0f}" for v in steal[name]) if name in steal else "–"
    print(f"| {name} | {mn:.2f} | {med:.2f} | {r['n'] / med:.0f} | {flop * r['n'] / med / 1e9:.1f} | {rss} | {ratio} | {st} |")

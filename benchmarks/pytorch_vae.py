#!/usr/bin/env python3
"""Reference VAE in PyTorch: the pytorch/examples vae/main.py model, measured.

Architecture, data, objective and optimizer are those of PyTorch's canonical example
(https://github.com/pytorch/examples/blob/main/vae/main.py):

    encoder 784 -> 400 (ReLU) -> (mu, logvar) 20 + 20
    decoder  20 -> 400 (ReLU) -> 784 Bernoulli logits
    loss     sum over pixels of BCE(x, sigmoid(logits)) + KL(q(z|x) || N(0, I)), summed over the
             batch; reported per example (nats), i.e. -ELBO
    data     MNIST, pixels / 255 in [0, 1] (continuous Bernoulli targets, no binarization),
             training set shuffled every epoch, test set in order
    train    Adam(lr=1e-3), batch 128, default nn.Linear initialization, torch.manual_seed(seed)

The one deliberate difference: the reconstruction term is computed from the logits with
binary_cross_entropy_with_logits(reduction='sum'), which is the same objective as the
example's binary_cross_entropy(sigmoid(logits), x, reduction='sum') without its clamp of
log(p) at -100 (x*l - softplus(l) evaluated stably). MNIST is read straight from the IDX
.gz files (no torchvision).

The figures it writes (--json):
  per epoch: train_seconds (the training loop only, wall clock), train_cpu_seconds (user+system
  CPU time of the process during it), train_loss (the example's
  "Average loss": the sum of minibatch losses over the epoch / 60000, with the parameters
  moving during the epoch), test_loss (the example's test(): -ELBO with one eps sample per
  test image, averaged over the 10,000 images, after the epoch), examples_per_second,
  peak_rss_mb (getrusage ru_maxrss).
  at the end: optional importance-weighted log p(x) on the test set (--eval-iw K) and the
  inference throughput (encode + reparameterize + decode, test set, no_grad).

Nothing goes to stdout unless --verbose; a one-line progress per epoch goes to stderr
unless --quiet.
"""

import argparse
import datetime
import gzip
import json
import math
import os
import platform
import resource
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


# ----------------------------------------------------------------------------- data

def read_idx_images(path):
    """Reads an IDX3 ubyte file (optionally gzip'ed) into a float32 [N, rows*cols] array / 255."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    magic, n, rows, cols = struct.unpack(">IIII", raw[:16])
    if magic != 2051:
        raise ValueError("%s: not an IDX3 image file (magic %d)" % (path, magic))
    pixels = np.frombuffer(raw, dtype=np.uint8, count=n * rows * cols, offset=16)
    return (pixels.reshape(n, rows * cols).astype(np.float32) / np.float32(255.0)), rows, cols


def find_file(data_dir, stem):
    for name in (stem + ".gz", stem):
        p = os.path.join(data_dir, name)
        if os.path.exists(p):
            return p
    raise FileNotFoundError("no %s(.gz) in %s" % (stem, data_dir))


# ----------------------------------------------------------------------------- model

class VAE(nn.Module):
    """pytorch/examples VAE, generalised to a list of hidden sizes (decoder mirrors encoder).

    With hidden=[400], latent=20 the layers are exactly the example's fc1, fc21, fc22, fc3, fc4
    (created in the same order, so the same seed gives the same initial weights).
    """

    def __init__(self, d_in=784, hidden=(400,), latent=20):
        super().__init__()
        hidden = list(hidden)
        enc = []
        prev = d_in
        for h in hidden:
            enc.append(nn.Linear(prev, h))
            prev = h
        self.enc = nn.ModuleList(enc)
        self.fc_mu = nn.Linear(prev, latent)
        self.fc_logvar = nn.Linear(prev, latent)
        dec = []
        prev = latent
        for h in reversed(hidden):
            dec.append(nn.Linear(prev, h))
            prev = h
        self.dec = nn.ModuleList(dec)
        self.fc_out = nn.Linear(prev, d_in)

    def encode(self, x):
        h = x
        for layer in self.enc:
            h = F.relu(layer(h))
        return self.fc_mu(h), self.fc_logvar(h)

    @staticmethod
    def reparameterize(mu, logvar):
        std = torch.exp(0.5 * logvar)
        eps = torch.randn_like(std)
        return mu + eps * std

    def decode_logits(self, z):
        h = z
        for layer in self.dec:
            h = F.relu(layer(h))
        return self.fc_out(h)

    def forward(self, x):
        mu, logvar = self.encode(x)
        z = self.reparameterize(mu, logvar)
        return self.decode_logits(z), mu, logvar


def loss_terms(logits, x, mu, logvar):
    """Returns (reconstruction, KL), each summed over the batch (nats)."""
    rec = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
    kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return rec, kld


# ----------------------------------------------------------------------------- evaluation

@torch.no_grad()
def test_elbo(model, test_x, batch_size):
    """The example's test(): -ELBO, one eps per image, mean over the test set."""
    model.eval()
    n = test_x.shape[0]
    rec_sum = 0.0
    kl_sum = 0.0
    for i in range(0, n, batch_size):
        x = test_x[i:i + batch_size]
        logits, mu, logvar = model(x)
        rec, kld = loss_terms(logits, x, mu, logvar)
        rec_sum += rec.item()
        kl_sum += kld.item()
    model.train()
    return (rec_sum + kl_sum) / n, rec_sum / n, kl_sum / n


@torch.no_grad()
def iw_log_px(model, test_x, k, rows_per_chunk=16384, log_every=0):
    """Importance-weighted estimate of log p(x) (Burda et al. 2016) with K samples per image.

    log w_k = log p(x|z_k) + log N(z_k; 0, I) - log N(z_k; mu, sigma^2), z_k ~ q(z|x);
    log p(x) ~= logsumexp_k(log w_k) - log K. Images are processed in blocks and samples in
    chunks so that at most rows_per_chunk decoder rows exist at once; the chunks are combined
    with a running log-sum-exp in float64. Returns the mean over images (nats, <= 0).
    """
    model.eval()
    n = test_x.shape[0]
    latent = model.fc_mu.out_features
    log2pi = math.log(2.0 * math.pi)
    img_block = max(1, min(n, rows_per_chunk // min(k, rows_per_chunk)))
    k_chunk = max(1, min(k, rows_per_chunk // img_block))
    total = 0.0
    for i in range(0, n, img_block):
        x = test_x[i:i + img_block]                       # [B, D]
        b = x.shape[0]
        mu, logvar = model.encode(x)                      # [B, J]
        std = torch.exp(0.5 * logvar)
        acc = torch.full((b,), -math.inf, dtype=torch.float64)
        done = 0
        while done < k:
            kc = min(k_chunk, k - done)
            eps = torch.randn(kc, b, latent)
            z = mu.unsqueeze(0) + std.unsqueeze(0) * eps  # [kc, B, J]
            logits = model.decode_logits(z.reshape(kc * b, latent)).reshape(kc, b, -1)
            log_px_z = -F.binary_cross_entropy_with_logits(
                logits, x.unsqueeze(0).expand(kc, b, x.shape[1]), reduction="none").sum(-1)
            log_pz = -0.5 * (z.pow(2).sum(-1) + latent * log2pi)
            log_qz = -0.5 * (eps.pow(2).sum(-1) + logvar.sum(-1).unsqueeze(0) + latent * log2pi)
            log_w = (log_px_z + log_pz - log_qz).double()  # [kc, B]
            acc = torch.logaddexp(acc, torch.logsumexp(log_w, dim=0))
            done += kc
        total += (acc - math.log(k)).sum().item()
        if log_every and (i // img_block) % log_every == 0:
            print("  iw: %d/%d images" % (i + b, n), file=sys.stderr, flush=True)
    model.train()
    return total / n


@torch.no_grad()
def inference_throughput(model, test_x, batch_size, repeats=3):
    """encode + reparameterize + decode (+ sigmoid) over the test set; examples/s per pass."""
    model.eval()
    n = test_x.shape[0]

    def one_pass():
        for i in range(0, n, batch_size):
            logits, _, _ = model(test_x[i:i + batch_size])
            torch.sigmoid(logits)

    one_pass()  # warm-up
    rates = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        one_pass()
        rates.append(n / (time.perf_counter() - t0))
    model.train()
    return rates


# ----------------------------------------------------------------------------- environment

def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def process_cpu_seconds():
    """User + system CPU time of this process (all threads), seconds."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def loaded_blas_libraries():
    libs = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split()[-1] if len(line.split()) >= 6 else ""
                base = os.path.basename(path)
                if "blas" in base or "lapack" in base or "mkl" in base or "gomp" in base:
                    libs.add(os.path.realpath(path))
    except OSError:
        pass
    return sorted(libs)


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


ENV_KEYS = ("OPENBLAS_CORETYPE", "OMP_WAIT_POLICY", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
            "MKL_NUM_THREADS", "OPENBLAS_THREAD_TIMEOUT", "OMP_PROC_BIND", "GOMP_SPINCOUNT")


def environment(args):
    return {
        "python": platform.python_version(),
        "python_executable": sys.executable,
        "torch": torch.__version__,
        "numpy": np.__version__,
        "torch_num_threads": torch.get_num_threads(),
        "torch_num_interop_threads": torch.get_num_interop_threads(),
        "torch_parallel_info": torch.__config__.parallel_info().strip().splitlines(),
        "blas_libraries_loaded": loaded_blas_libraries(),
        "flush_denormal": bool(args.flush_denormal),
        "env": {k: os.environ.get(k) for k in ENV_KEYS},
        "cpu": cpu_model(),
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "hostname": platform.node(),
    }


# ----------------------------------------------------------------------------- main

def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--data", default="/work/shared/datasets/mnist",
                   help="directory with train-images-idx3-ubyte.gz and t10k-images-idx3-ubyte.gz")
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--test-batch-size", type=int, default=None,
                   help="batch size of test evaluation and inference timing (default: --batch-size, as the example)")
    p.add_argument("--hidden", default="400", help="hidden layer sizes, comma separated (decoder mirrors)")
    p.add_argument("--latent", type=int, default=20)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--threads", type=int, default=2, help="torch.set_num_threads")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--eval-iw", type=int, default=0, metavar="K",
                   help="after training, importance-weighted log p(x) on the test set with K samples (0 = off)")
    p.add_argument("--iw-rows", type=int, default=16384, help="max decoder rows per IW chunk (memory)")
    p.add_argument("--skip-test-eval", action="store_true",
                   help="no per-epoch test -ELBO and no inference timing (pure training-speed runs)")
    p.add_argument("--flush-denormal", action="store_true", help="torch.set_flush_denormal(True)")
    p.add_argument("--limit-train", type=int, default=0, help="use only the first N training images (smoke tests)")
    p.add_argument("--json", default=None, metavar="OUT", help="write the results here")
    p.add_argument("--verbose", action="store_true", help="print the example's lines to stdout")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    hidden = [int(h) for h in str(args.hidden).split(",") if h.strip()]
    test_bs = args.test_batch_size or args.batch_size

    torch.set_num_threads(args.threads)
    if args.flush_denormal:
        torch.set_flush_denormal(True)
    torch.manual_seed(args.seed)

    def progress(msg):
        if not args.quiet:
            print(msg, file=sys.stderr, flush=True)

    def say(msg):
        if args.verbose:
            print(msg, flush=True)

    if not os.environ.get("OPENBLAS_CORETYPE"):
        progress("note: OPENBLAS_CORETYPE is not set; OpenBLAS may pick slow generic kernels "
                 "(source benchmarks/lib/tune-env.sh and call vae4j_tune_env)")

    t_load = time.perf_counter()
    train_np, rows, cols = read_idx_images(find_file(args.data, "train-images-idx3-ubyte"))
    test_np, _, _ = read_idx_images(find_file(args.data, "t10k-images-idx3-ubyte"))
    if args.limit_train:
        train_np = train_np[:args.limit_train]
    train_x = torch.from_numpy(np.ascontiguousarray(train_np))
    test_x = torch.from_numpy(np.ascontiguousarray(test_np))
    d_in = rows * cols
    load_seconds = time.perf_counter() - t_load

    model = VAE(d_in, hidden, args.latent)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    n_params = sum(p.numel() for p in model.parameters())
    n_train = train_x.shape[0]

    result = {
        "benchmark": "pytorch-vae",
        "description": "pytorch/examples vae/main.py model (Bernoulli from logits), MNIST [0,1] pixels",
        "started": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "command": [sys.executable] + sys.argv,
        "config": {
            "data": os.path.abspath(args.data),
            "n_train": n_train,
            "n_test": int(test_x.shape[0]),
            "input_dim": d_in,
            "hidden": hidden,
            "latent": args.latent,
            "activation": "relu",
            "reconstruction": "bernoulli-logits (binary_cross_entropy_with_logits, sum)",
            "binarization": "none (pixels/255)",
            "optimizer": "Adam",
            "lr": args.lr,
            "batch_size": args.batch_size,
            "test_batch_size": test_bs,
            "shuffle": True,
            "epochs": args.epochs,
            "seed": args.seed,
            "threads": args.threads,
            "dtype": "float32",
            "parameters": n_params,
        },
        "environment": environment(args),
        "loadavg_start": list(os.getloadavg()),
        "data_load_seconds": load_seconds,
        "units": "nats per example; seconds; examples/second; MiB",
        "epochs": [],
    }

    model.train()
    for epoch in range(1, args.epochs + 1):
        perm = torch.randperm(n_train)
        train_loss_sum = 0.0
        steps = 0
        cpu0 = process_cpu_seconds()
        t0 = time.perf_counter()
        for i in range(0, n_train, args.batch_size):
            x = train_x[perm[i:i + args.batch_size]]
            optimizer.zero_grad()
            logits, mu, logvar = model(x)
            rec, kld = loss_terms(logits, x, mu, logvar)
            loss = rec + kld
            loss.backward()
            train_loss_sum += loss.item()
            optimizer.step()
            steps += 1
        train_seconds = time.perf_counter() - t0
        train_cpu = process_cpu_seconds() - cpu0

        rec_ = {
            "epoch": epoch,
            "train_seconds": train_seconds,
            "train_loss": train_loss_sum / n_train,
            "examples_per_second": n_train / train_seconds,
            "ms_per_step": 1000.0 * train_seconds / steps,
            "train_cpu_seconds": train_cpu,
            "steps": steps,
        }
        say("====> Epoch: {} Average loss: {:.4f}".format(epoch, train_loss_sum / n_train))
        if not args.skip_test_eval:
            t1 = time.perf_counter()
            test_loss, test_rec, test_kl = test_elbo(model, test_x, test_bs)
            rec_.update({"test_loss": test_loss, "test_reconstruction": test_rec, "test_kl": test_kl,
                         "test_eval_seconds": time.perf_counter() - t1})
            say("====> Test set loss: {:.4f}".format(test_loss))
        rec_["peak_rss_mb"] = peak_rss_mb()
        result["epochs"].append(rec_)
        progress("epoch %d/%d  %.2f s  %.0f ex/s  train %.4f%s" % (
            epoch, args.epochs, train_seconds, n_train / train_seconds, train_loss_sum / n_train,
            "" if args.skip_test_eval else "  test %.4f" % rec_["test_loss"]))

    secs = [e["train_seconds"] for e in result["epochs"]]
    summary = {}
    if secs:
        summary.update({
            "train_seconds_total": sum(secs),
            "train_seconds_per_epoch_min": min(secs),
            "train_seconds_per_epoch_median": float(np.median(secs)),
            "examples_per_second_median": n_train / float(np.median(secs)),
            "final_train_loss": result["epochs"][-1]["train_loss"],
        })
        if not args.skip_test_eval:
            summary["final_test_loss"] = result["epochs"][-1]["test_loss"]

    if not args.skip_test_eval:
        rates = inference_throughput(model, test_x, test_bs)
        summary["inference"] = {
            "what": "encode + reparameterize + decode + sigmoid, no_grad, over the test set",
            "batch_size": test_bs,
            "examples_per_second_passes": rates,
            "examples_per_second_median": float(np.median(rates)),
        }
        say("====> Inference: {:.0f} examples/s".format(float(np.median(rates))))

    if args.eval_iw > 0:
        t2 = time.perf_counter()
        torch.manual_seed(args.seed + 1000003)
        lp = iw_log_px(model, test_x, args.eval_iw, args.iw_rows, log_every=0 if args.quiet else 20)
        iw_secs = time.perf_counter() - t2
        summary["iw"] = {"k": args.eval_iw, "test_log_px": lp, "test_nll": -lp, "seconds": iw_secs,
                         "samples_per_second": test_x.shape[0] * args.eval_iw / iw_secs}
        say("====> Test set IW log p(x), K={}: {:.4f}".format(args.eval_iw, lp))
        progress("IW K=%d: log p(x) = %.4f nats (%.1f s)" % (args.eval_iw, lp, iw_secs))

    summary["peak_rss_mb"] = peak_rss_mb()
    result["summary"] = summary
    result["loadavg_end"] = list(os.getloadavg())
    result["finished"] = datetime.datetime.now().astimezone().isoformat(timespec="seconds")

    if args.json:
        d = os.path.dirname(os.path.abspath(args.json))
        os.makedirs(d, exist_ok=True)
        tmp = args.json + ".tmp"
        with open(tmp, "w") as f:
            json.dump(result, f, indent=2)
            f.write("\n")
        os.replace(tmp, args.json)
    return result


if __name__ == "__main__":
    main()

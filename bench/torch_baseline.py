#!/usr/bin/python3
"""PyTorch baseline: BenchmarkTrainStep's training step in PyTorch, in Go benchmark format.

Times, as bench/train_test.go does for simdkern, one training step of a
2 -> 512 -> 512 -> 3 ReLU network (torch.nn.Linear layers) with softmax
cross-entropy (torch.nn.CrossEntropyLoss) on a batch of 1024 samples of the
book's spiral data, and a plain SGD update (torch.optim.SGD, lr 0.01):
zero the gradients, forward, loss, backward, step. It prints

  BenchmarkTrainStep/{f32,f64}/impl=torch  N  ns/op  samples/s

-count times each, so that benchstat compares them with the Go run:

  go test ./bench -run '^$' -bench TrainStep -count 10 > train.txt
  bench/torch_baseline.py -count 10 | grep Benchmark >> train.txt
  go tool benchstat -col /impl train.txt

PyTorch, its OpenBLAS and OpenMP run on -threads threads (default 1; 0
keeps their defaults);
-impl names the lines' impl= key, e.g. torch-2t for a run on two threads.
Run it with Debian's python3-torch (/usr/bin/python3).
"""

import argparse
import math
import os
import platform
import sys

ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
ap.add_argument("-count", type=int, default=6, help="result lines per benchmark (default 6)")
ap.add_argument("-benchtime", type=float, default=0.5, help="seconds per result line (default 0.5)")
ap.add_argument("-threads", type=int, default=1, help="PyTorch threads, 0 for its default (default 1)")
ap.add_argument("-impl", default="torch", help="the impl= key of the result lines (default torch)")
args = ap.parse_args()
if args.threads > 0:
    # Before torch loads its BLAS: OpenBLAS and OpenMP keep thread pools of
    # their own, which torch.set_num_threads does not limit.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)

try:
    import torch
except ImportError:
    sys.exit("torch_baseline.py: PyTorch is not installed (Debian: apt install python3-torch)")

BATCH, HIDDEN, CLASSES = 1024, 512, 3


def spiral(points, classes, gen):
    """The book's spiral data (nnfs.datasets.spiral_data)."""
    xs, ys = [], []
    for k in range(classes):
        r = torch.linspace(0, 1, points, dtype=torch.float64)
        t = torch.linspace(4 * k, 4 * (k + 1), points, dtype=torch.float64) + 0.2 * torch.randn(points, generator=gen, dtype=torch.float64)
        xs.append(torch.stack((r * torch.sin(2.5 * t), r * torch.cos(2.5 * t)), dim=1))
        ys.append(torch.full((points,), k, dtype=torch.long))
    return torch.cat(xs), torch.cat(ys)


def he(layer, gen):
    """He initialisation of a Linear layer, zero biases, as nn.InitHe."""
    with torch.no_grad():
        layer.weight.copy_(torch.randn(layer.weight.shape, generator=gen, dtype=torch.float64) * math.sqrt(2 / layer.in_features))
        layer.bias.zero_()


def train_step(dtype):
    gen = torch.Generator().manual_seed(BATCH)
    x, y = spiral(BATCH // CLASSES + 1, CLASSES, gen)
    x, y = x[:BATCH].to(dtype), y[:BATCH]
    model = torch.nn.Sequential(
        torch.nn.Linear(2, HIDDEN), torch.nn.ReLU(),
        torch.nn.Linear(HIDDEN, HIDDEN), torch.nn.ReLU(),
        torch.nn.Linear(HIDDEN, CLASSES)).to(dtype)
    for layer in model:
        if isinstance(layer, torch.nn.Linear):
            he(layer, gen)
    loss_fn = torch.nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
    return step


def main():
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    # numpy_baseline loads numpy's BLAS: after torch has loaded its own.
    from numpy_baseline import bench, blas_info, goarch
    print("goos: %s" % platform.system().lower())
    print("goarch: %s" % goarch())
    print("pkg: github.com/simdkern/simdkern/bench")
    print("# PyTorch %s, Python %s, %d thread(s); BLAS: %s" % (
        torch.__version__, platform.python_version(), torch.get_num_threads(), blas_info()), flush=True)
    for name, dtype in (("f32", torch.float32), ("f64", torch.float64)):
        bench("BenchmarkTrainStep/%s/impl=%s" % (name, args.impl), train_step(dtype), args.count, args.benchtime,
              lambda ns: [("samples/s", BATCH * 1e9 / ns)])


if __name__ == "__main__":
    main()

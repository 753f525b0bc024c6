#!/usr/bin/python3
"""PyTorch baseline: BenchmarkTrainStep's training steps and BenchmarkGemm's bf16 products in PyTorch, in Go benchmark format.

Times, as bench/train_test.go does for simdkern, one training step (zero
the gradients, forward, loss, backward, optimizer step) of each of its
networks, ReLU networks of torch.nn.Linear layers:

  net=spiral  2 -> 512 -> 512 -> 3, softmax cross-entropy
              (torch.nn.CrossEntropyLoss), on a batch of 1024 samples of the
              book's spiral data, plain SGD (torch.optim.SGD, lr 0.01);
  net=mnist   784 -> 128 -> 128 -> 10, softmax cross-entropy, on a batch of
              128 random pixels in [-1, 1], the book's Adam
              (torch.optim.Adam, lr 0.001, eps 1e-7, the rate decayed to
              lr/(1 + 1e-3*t) at step t by a LambdaLR stepped each step), as
              examples/mnist trains it;
  net=binary  2 -> 64 -> 1, a sigmoid with binary cross-entropy
              (torch.nn.BCEWithLogitsLoss, combined as nn's head is), on 1024
              samples of two spiral arms, Adam (lr 0.001, decay 5e-7);
  net=sine    1 -> 64 -> 64 -> 1, linear with the mean squared error
              (torch.nn.MSELoss), on the book's 1000 sine samples, Adam
              (lr 0.005, decay 1e-3).

It also times, as bench/gemm_bf16_test.go does for GemmBF16, the bfloat16
product torch.matmul(A, B) of square n×n matrices, n = 256, 512, 1024 (A and
B bfloat16 with values in [-1, 1); PyTorch rounds C to bfloat16, where
GemmBF16 keeps float32).

It prints

  BenchmarkTrainStep/{f32,f64}/net={spiral,mnist,binary,sine}/impl=torch  N  ns/op  samples/s
  BenchmarkGemm/bf16/layout=NN/impl=torch/n={256,512,1024}                N  ns/op  GFLOP/s

-count times each, so that benchstat compares them with the Go run:

  go test ./bench -run '^$' -bench TrainStep -count 10 > train.txt
  bench/torch_baseline.py -count 10 | grep Benchmark >> train.txt
  go tool benchstat -col /impl train.txt

PyTorch, its OpenBLAS and OpenMP run on -threads threads (default 1; 0
keeps their defaults);
-impl names the lines' impl= key, e.g. torch-2t for a run on two threads;
-bench selects benchmarks by a regexp on their names, as go test's does
(e.g. -bench Gemm/bf16).
Run it with Debian's python3-torch (/usr/bin/python3).
"""

import argparse
import math
import os
import platform
import re
import sys

ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
ap.add_argument("-count", type=int, default=6, help="result lines per benchmark (default 6)")
ap.add_argument("-benchtime", type=float, default=0.5, help="seconds per result line (default 0.5)")
ap.add_argument("-threads", type=int, default=1, help="PyTorch threads, 0 for its default (default 1)")
ap.add_argument("-impl", default="torch", help="the impl= key of the result lines (default torch)")
ap.add_argument("-bench", default="", help="time only the benchmarks whose names match this regexp (default all)")
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

# The networks: widths, head, batch, Adam's rate and decay (None: SGD 0.01)
# (bench/train_test.go's trainNet).
NETS = {
    "spiral": ((2, 512, 512, 3), "softmax", 1024, None),
    "mnist": ((784, 128, 128, 10), "softmax", 128, (0.001, 1e-3)),
    "binary": ((2, 64, 1), "sigmoid", 1024, (0.001, 5e-7)),
    "sine": ((1, 64, 64, 1), "linear", 1000, (0.005, 1e-3)),
}


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


def train_step(net, dtype):
    widths, head, batch, adam = NETS[net]
    gen = torch.Generator().manual_seed(batch)
    if net in ("spiral", "binary"):
        classes = max(widths[-1], 2)
        x, y = spiral(batch // classes + 1, classes, gen)
        x, y = x[:batch].to(dtype), y[:batch]
        if head == "sigmoid":
            y = y.to(dtype).reshape(-1, 1)
    elif net == "mnist":
        x = (2 * torch.rand((batch, widths[0]), generator=gen, dtype=torch.float64) - 1).to(dtype)
        y = torch.randint(widths[-1], (batch,), generator=gen)
    else:  # the book's sine data
        x = (torch.arange(batch, dtype=torch.float64) / batch).reshape(-1, 1)
        y = torch.sin(2 * math.pi * x).to(dtype)
        x = x.to(dtype)
    layers = []
    for i in range(1, len(widths)):
        if i > 1:
            layers.append(torch.nn.ReLU())
        layers.append(torch.nn.Linear(widths[i - 1], widths[i]))
    model = torch.nn.Sequential(*layers).to(dtype)
    for layer in model:
        if isinstance(layer, torch.nn.Linear):
            he(layer, gen)
    loss_fn = {"softmax": torch.nn.CrossEntropyLoss, "sigmoid": torch.nn.BCEWithLogitsLoss, "linear": torch.nn.MSELoss}[head]()
    if adam is None:
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        sched = None
    else:
        rate, decay = adam
        opt = torch.optim.Adam(model.parameters(), lr=rate, eps=1e-7)
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda t: 1 / (1 + decay * t))

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        if sched is not None:
            sched.step()
    return step, batch


def gemm_bf16(n, gen):
    """The product of BenchmarkGemm/bf16 at n: C = A·B, n×n, in bfloat16."""
    a = (2 * torch.rand((n, n), generator=gen) - 1).to(torch.bfloat16)
    b = (2 * torch.rand((n, n), generator=gen) - 1).to(torch.bfloat16)
    c = torch.empty((n, n), dtype=torch.bfloat16)
    return lambda: torch.matmul(a, b, out=c)


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
    selected = lambda name: re.search(args.bench, name) is not None
    for name, dtype in (("f32", torch.float32), ("f64", torch.float64)):
        for net in NETS:
            key = "BenchmarkTrainStep/%s/net=%s/impl=%s" % (name, net, args.impl)
            if selected(key):
                step, batch = train_step(net, dtype)
                bench(key, step, args.count, args.benchtime, lambda ns, batch=batch: [("samples/s", batch * 1e9 / ns)])
    gen = torch.Generator().manual_seed(1)
    for n in (256, 512, 1024):
        key = "BenchmarkGemm/bf16/layout=NN/impl=%s/n=%d" % (args.impl, n)
        if selected(key):
            bench(key, gemm_bf16(n, gen), args.count, args.benchtime, lambda ns, n=n: [("GFLOP/s", 2 * n**3 / ns)])


if __name__ == "__main__":
    main()

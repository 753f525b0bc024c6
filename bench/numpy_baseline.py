#!/usr/bin/python3
"""numpy baseline: the notebook's steps timed with numpy, in Go benchmark format.

The notebook is the backpropagation chapter of Neural Networks from Scratch
in Python; the classes below are the book's code.

Times, on one thread, what package bench times in Go (bench/nn_test.go):

  BenchmarkDenseBackward/{f32,f64}/impl=numpy
      the dense step's backward pass: a batch of 1024 samples x 256 inputs
      through a dense layer of 512 neurons + ReLU, so dvalues 1024x512,
      W 256x512, X 1024x256; ReLU backward as the notebook does it (copy,
      then a boolean mask), dweights = X.T @ drelu, dbiases = column sums,
      dinputs = drelu @ W.T. GFLOP/s counts the two products.
  BenchmarkSoftmaxCEBackward/mode={combined,separate}/samples=S/classes=C/impl=numpy
      the notebook's In[29]: f1 (combined softmax + cross-entropy backward) and
      f2 (cross-entropy backward, then softmax backward with a Jacobian per
      sample), float64, at 3x3 (the notebook's outputs) and 1024x10.
  BenchmarkSoftmaxCESpeedup/samples=S/classes=C/impl=numpy
      both modes in alternating chunks; x-vs-combined is the notebook's t2/t1.

Each benchmark prints -count result lines so that benchstat can compare them
with the Go implementations: `make bench-numpy` merges them with a Go run.
The BLAS and the core it runs are printed in a comment line. Run it with
Debian's python3-numpy (/usr/bin/python3); OpenBLAS is limited to one thread
unless OPENBLAS_NUM_THREADS is set.
"""

import argparse
import ctypes
import os
import platform
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy loads OpenBLAS

try:
    import numpy as np
except ImportError:
    sys.exit("numpy_baseline.py: numpy is not installed (Debian: apt install python3-numpy)")

DENSE_SAMPLES, DENSE_INPUTS, DENSE_NEURONS = 1024, 256, 512


# The book's classes (nnfs), as the notebook's In[19] and In[29] use them.
class ActivationSoftmax:
    def backward(self, dvalues):
        self.dinputs = np.empty_like(dvalues)
        for index, (single_output, single_dvalues) in enumerate(zip(self.output, dvalues)):
            single_output = single_output.reshape(-1, 1)
            jacobian = np.diagflat(single_output) - np.dot(single_output, single_output.T)
            self.dinputs[index] = np.dot(jacobian, single_dvalues)


class CategoricalCrossEntropy:
    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        labels = len(dvalues[0])
        if len(y_true.shape) == 1:
            y_true = np.eye(labels)[y_true]
        self.dinputs = -y_true / dvalues
        self.dinputs = self.dinputs / samples


class ActivationSoftmaxLossCategoricalCrossentropy:
    def __init__(self):
        self.activation = ActivationSoftmax()
        self.loss = CategoricalCrossEntropy()

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        if len(y_true.shape) == 2:
            y_true = np.argmax(y_true, axis=1)
        self.dinputs = dvalues.copy()
        self.dinputs[range(samples), y_true] -= 1
        self.dinputs = self.dinputs / samples


def blas_info():
    """Names the BLAS numpy runs and its core, read from the loaded library."""
    libs = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split()[-1]
                if "blas" in os.path.basename(path) and path.startswith("/"):
                    libs.add(path)
    except OSError:
        pass
    for path in sorted(libs):
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_config.restype = ctypes.c_char_p
            lib.openblas_get_corename.restype = ctypes.c_char_p
            threads = lib.openblas_get_num_threads()
            return "%s, core %s, %d thread(s)" % (
                lib.openblas_get_config().decode().strip(),
                lib.openblas_get_corename().decode(), threads)
        except (OSError, AttributeError):
            continue
    return "not OpenBLAS or not found (%s)" % (", ".join(sorted(libs)) or "no BLAS library mapped")


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def goarch():
    m = platform.machine().lower()
    return {"x86_64": "amd64", "aarch64": "arm64"}.get(m, m)


def timed(f, n):
    t = time.perf_counter_ns()
    for _ in range(n):
        f()
    return time.perf_counter_ns() - t


def iterations(f, benchtime):
    """The number of calls of f that take about benchtime seconds."""
    n = 1
    while True:
        t = timed(f, n)
        if t >= benchtime * 1e9 or n >= 1 << 30:
            break
        n = max(n + 1, min(100 * n, int(n * benchtime * 1e9 * 1.2 / max(t, 1))))
    return n


def bench(name, f, count, benchtime, metrics=None):
    """Prints count result lines of name: ns/op and metrics(ns_per_op)."""
    f()
    n = iterations(f, benchtime)
    samples = []
    for _ in range(count):
        ns = timed(f, n) / n
        samples.append(ns)
        extra = "".join("\t%.4g %s" % (v, u) for u, v in (metrics(ns) if metrics else []))
        print("%s\t%d\t%.1f ns/op%s" % (name, n, ns, extra), flush=True)
    return samples


def dense_step(dtype):
    """The dense step's backward pass (dense layer + ReLU) and its parts."""
    rng = np.random.default_rng(DENSE_SAMPLES)
    x = rng.uniform(-1, 1, (DENSE_SAMPLES, DENSE_INPUTS)).astype(dtype)
    w = rng.uniform(-1, 1, (DENSE_INPUTS, DENSE_NEURONS)).astype(dtype)
    b = rng.uniform(-1, 1, (1, DENSE_NEURONS)).astype(dtype)
    dvalues = rng.uniform(-1, 1, (DENSE_SAMPLES, DENSE_NEURONS)).astype(dtype)
    z = np.dot(x, w) + b
    st = {}

    def relu():
        st["drelu"] = dvalues.copy()
        st["drelu"][z <= 0] = 0

    def dweights():
        st["dweights"] = np.dot(x.T, st["drelu"])

    def dbiases():
        st["dbiases"] = np.sum(st["drelu"], axis=0, keepdims=True)

    def dinputs():
        st["dinputs"] = np.dot(st["drelu"], w.T)

    def step():
        relu()
        dweights()
        dbiases()
        dinputs()

    return step, [("relu", relu), ("dweights", dweights), ("dbiases", dbiases), ("dinputs", dinputs)]


def softmax_ce_inputs(samples, classes):
    if (samples, classes) == (3, 3):
        return np.array([[0.7, 0.1, 0.2], [0.1, 0.5, 0.4], [0.02, 0.9, 0.08]]), np.array([0, 1, 1])
    rng = np.random.default_rng(samples * classes)
    logits = rng.uniform(-2, 2, (samples, classes))
    e = np.exp(logits - np.max(logits, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True), rng.integers(0, classes, samples)


def softmax_ce_modes(outputs, targets):
    def combined():  # the notebook's f1
        softmax_loss = ActivationSoftmaxLossCategoricalCrossentropy()
        softmax_loss.backward(outputs, targets)
        return softmax_loss.dinputs

    def separate():  # the notebook's f2
        activation = ActivationSoftmax()
        activation.output = outputs
        loss = CategoricalCrossEntropy()
        loss.backward(outputs, targets)
        activation.backward(loss.dinputs)
        return activation.dinputs

    return combined, separate


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-count", type=int, default=6, help="result lines per benchmark (default 6)")
    ap.add_argument("-benchtime", type=float, default=0.1, help="seconds per result line (default 0.1)")
    args = ap.parse_args()
    if args.count < 1 or args.benchtime <= 0:
        sys.exit("numpy_baseline.py: -count must be at least 1 and -benchtime positive")

    print("goos: %s" % platform.system().lower())
    print("goarch: %s" % goarch())
    print("pkg: github.com/simdkern/simdkern/bench")
    print("cpu: %s" % cpu_name())
    print("# numpy %s, Python %s; BLAS: %s" % (np.__version__, platform.python_version(), blas_info()), flush=True)

    flops = 2 * 2 * DENSE_SAMPLES * DENSE_INPUTS * DENSE_NEURONS
    for typ, dtype in (("f32", np.float32), ("f64", np.float64)):
        step, parts = dense_step(dtype)
        bench("BenchmarkDenseBackward/%s/impl=numpy" % typ, step, args.count, args.benchtime,
              lambda ns: [("GFLOP/s", flops / ns)])
        ms = []
        for name, f in parts:
            f()
            n = iterations(f, args.benchtime / 4)
            ms.append("%s %.3g" % (name, min(timed(f, n) / n for _ in range(3)) / 1e6))
        print("# numpy DenseBackward %s parts, best of 3, ms: %s" % (typ, ", ".join(ms)), flush=True)

    for samples, classes in ((3, 3), (1024, 10)):
        combined, separate = softmax_ce_modes(*softmax_ce_inputs(samples, classes))
        if not np.allclose(combined(), separate()):
            sys.exit("numpy_baseline.py: combined and separate softmax-CE gradients differ")
        size = "samples=%d/classes=%d" % (samples, classes)
        for mode, f in (("combined", combined), ("separate", separate)):
            bench("BenchmarkSoftmaxCEBackward/mode=%s/%s/impl=numpy" % (mode, size), f, args.count, args.benchtime)
        # Both modes in alternating chunks, as BenchmarkSoftmaxCESpeedup.
        nc, ns_ = iterations(combined, args.benchtime / 2), iterations(separate, args.benchtime / 2)
        for _ in range(args.count):
            tc, ts = timed(combined, nc) / nc, timed(separate, ns_) / ns_
            print("BenchmarkSoftmaxCESpeedup/%s/impl=numpy\t%d\t%.1f ns/op\t%.4g ns-combined/op\t%.4g ns-separate/op\t%.4g x-vs-combined"
                  % (size, 1, tc + ts, tc, ts, ts / tc), flush=True)


if __name__ == "__main__":
    main()

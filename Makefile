# simdkern: `make help` lists the targets and options.

.DEFAULT_GOAL := help
.PHONY: help test test-arm64 fuzz vet generate bench bench-numpy check-go

# The options the targets take on the command line (make bench FULL=1).
OPTIONS := FULL OPENBLAS OPENBLAS_CORETYPE BENCH PYTHON
given   := $(foreach v,$(.VARIABLES),$(if $(filter command line,$(origin $(v))),$(v)))
unknown := $(firstword $(filter-out $(OPTIONS),$(given)))
ifneq ($(unknown),)
$(error unknown option $(unknown)=$($(unknown)): the options are FULL=1, OPENBLAS=1, OPENBLAS_CORETYPE=core, BENCH=regexp and PYTHON=path (run make help))
endif
ifneq ($(filter-out 0 1,$(FULL)),)
$(error FULL=$(FULL) is not 0 or 1: use FULL=1 for the complete suite, or leave it out for the quick one)
endif
ifneq ($(filter-out 0 1,$(OPENBLAS)),)
$(error OPENBLAS=$(OPENBLAS) is not 0 or 1: use OPENBLAS=1 to compare with OpenBLAS (needs libopenblas-dev and a C compiler))
endif

BENCHRUN = echo 'building the benchmark runner (go build ./bench/cmd/benchrun)…' && go build -o bench/out/benchrun ./bench/cmd/benchrun && bench/out/benchrun
BENCHFLAGS = -command '$(strip make $(MAKECMDGOALS) $(foreach v,$(given),$(v)=$(value $(v))))' $(if $(filter 1,$(FULL)),-full) $(if $(filter 1,$(OPENBLAS)),-tags openblas) $(if $(filter command line,$(origin OPENBLAS_CORETYPE)),-coretype '$(OPENBLAS_CORETYPE)')

# The Go benchmarks that bench/numpy_baseline.py mirrors.
NUMPY_BENCH := ^Benchmark(DenseBackward|SoftmaxCEBackward|SoftmaxCESpeedup)$$

help:
	@echo 'make bench         benchmark every implementation on this machine (3 to 4 minutes): progress,'
	@echo '                   benchstat tables (one column per implementation, "vs base" = generic), then a'
	@echo '                   summary: median throughputs with the speed-up over generic and, beside every'
	@echo '                   GFLOP/s figure (Gemm, the dense step), its "% peak": the percentage of the FMA'
	@echo '                   peak measured in the same run (the path'"'"'s own; for generic and the peers, the'
	@echo '                   best path'"'"'s); the allocation check and a warning if the machine was too busy'
	@echo '                   to trust; the measured ceilings and the roofline chart. Raw output, tables,'
	@echo '                   summary and chart in bench/out/. With a python3 that has numpy it also times'
	@echo '                   the notebook'"'"'s steps in numpy (impl=numpy), with one that has torch the'
	@echo '                   training step in PyTorch (impl=torch). The quick suite, 8 rounds:'
	@echo '                   - Dot, Axpy, ReLU, ReLUMask, ColSum at 1 to 4 sizes, float32 and float64'
	@echo '                   - Gemm at n = 64, 256, 512: every layout (NN NT TN TT) in float32, NN in float64'
	@echo '                   - GemmBF16 (bfloat16 inputs, float32 sums) NN at n = 256, 512, 1024 on avx512 and'
	@echo '                     avx2, its % peak of the VDPBF16PS peak where the CPU has AVX512_BF16, beside'
	@echo '                     PyTorch'"'"'s bfloat16 matmul (impl=torch)'
	@echo '                   - GemmSkinny'"'"'s shapes 1x512x512, 4x512x512, 16x512x512, 1024x3x512,'
	@echo '                     1024x10x512, 1024x64x2: every layout, float32'
	@echo '                   - the dense step, the softmax-CE backward and the training steps'
	@echo '                     (TrainStep, samples/s, float32 and float64) of the 2-512-512-3 spiral'
	@echo '                     network (SGD, batch 1024: net=spiral) and the book'"'"'s MNIST network'
	@echo '                     784-128-128-10 (Adam, decay 1e-3, batch 128: net=mnist), beside PyTorch;'
	@echo '                     with more than one CPU, the MNIST step also on every core on the active path'
	@echo '                     (impl=<path>-<N>cores), beside PyTorch on its default threads (impl=torch-default)'
	@echo '    FULL=1         the complete suite: every benchmark, size, layout and element type (Gemm up'
	@echo '                   to n = 1024), 10 rounds: long. Both suites run package bench with its'
	@echo '                   -bench.full flag; the quick one picks among its benchmarks with a -bench regexp.'
	@echo '    OPENBLAS=1     add OpenBLAS (cgo, -tags openblas; Debian: apt install libopenblas-dev).'
	@echo '                   On AVX-512 CPUs it runs with OPENBLAS_CORETYPE=SkylakeX (also numpy, PyTorch):'
	@echo '                   OpenBLAS 0.3.21 does not recognise recent CPUs and falls back to SSE3'
	@echo '    OPENBLAS_CORETYPE=core   run another OpenBLAS core (Haswell, Zen, ...), stated in the output'
	@echo '    BENCH=regexp   run only the matching benchmarks (go test -bench syntax), at every size'
	@echo '    PYTHON=path    the python that runs the numpy and PyTorch baselines (default: python3,'
	@echo '                   /usr/bin/python3)'
	@echo 'make bench-numpy   only the notebook'"'"'s dense-layer and softmax-CE backward steps, Go beside numpy'
	@echo '                   (Debian: apt install python3-numpy)'
	@echo 'make test          go test ./...'
	@echo 'make test-arm64    the arm64 suite (neon and generic paths) and a fuzz smoke of every target under'
	@echo '                   QEMU user emulation (Debian: apt install qemu-user-static)'
	@echo 'make fuzz          a fuzz smoke: every fuzz target of kernels and nn on 100000 inputs (20000 for'
	@echo '                   Gemm, 2000 where products split), a count rather than a time (see the target)'
	@echo 'make vet           go vet ./...'
	@echo 'make generate      go generate ./asm (regenerates every assembly file from its Avo program)'
	@echo 'Every benchmark of make bench runs on one core (GOMAXPROCS=1, OPENBLAS_NUM_THREADS=1) but the'
	@echo 'MNIST step on all cores (GOMAXPROCS = the CPUs) and PyTorch'"'"'s on its default threads.'
	@echo 'Without make: go test -bench ./... at the root runs a short representative set (about a'
	@echo 'minute); go test -bench . ./kernels (or ./nn, ./bench, ./...) runs each package'"'"'s set.'

check-go:
	$(if $(shell command -v go),,$(error go not found: install Go 1.26 or later (https://go.dev/dl) and put it on PATH))

test: check-go
	go test ./...

# The arm64 suite under QEMU user emulation, then each fuzz target of kernels
# (the test binary lists them) on 2000 inputs, 200 for the targets whose
# products split (slow emulated); a count, not a time: emulated workers miss
# the deadline a -fuzztime in seconds gives them to stop. The fuzzing coordinator starts its workers
# from its argv[0], so QEMU is given (-0) a wrapper that runs the binary
# under QEMU again.
test-arm64: check-go
	$(if $(shell command -v qemu-aarch64-static),,$(error qemu-aarch64-static not found: apt install qemu-user-static))
	GOARCH=arm64 go test -timeout 30m -exec qemu-aarch64-static ./internal/... ./kernels ./nn
	@d=$$(mktemp -d) && trap 'rm -rf "$$d"' EXIT && \
	GOARCH=arm64 go test -c -fuzz . -o "$$d/kernels.test" ./kernels && \
	printf '#!/bin/sh\nexec qemu-aarch64-static "%s" "$$@"\n' "$$d/kernels.test" > "$$d/run" && chmod +x "$$d/run" && \
	cd kernels && for t in $$(qemu-aarch64-static "$$d/kernels.test" -test.list '^Fuzz'); do \
		n=2000; case $$t in FuzzGemmBatch|FuzzGemmBF16) n=200;; esac; echo "fuzz $$t (arm64, $$n inputs)"; \
		qemu-aarch64-static -0 "$$d/run" "$$d/kernels.test" -test.run '^$$' -test.fuzz "^$$t\$$" \
			-test.fuzztime $${n}x -test.fuzzcachedir "$$d/cache" || exit 1; done

# Each fuzz target of kernels and nn (the test binaries list them) on 100000
# inputs, 20000 for the products, 2000 for the targets whose products split
# (about 10 s each). A count, not -fuzztime
# 10s: Go 1.26's fuzzing coordinator can report "context deadline exceeded"
# as a failure when its time limit expires while a worker is mid-input
# (go.dev/issue/75804, fixed in Go 1.27); a count sets no deadline.
fuzz: check-go
	@for p in kernels nn; do \
		targets=$$(go test ./$$p -list '^Fuzz' | grep '^Fuzz') || { echo "no fuzz targets found in $$p"; exit 1; }; \
		for t in $$targets; do \
			case $$t in FuzzGemmBatch|FuzzGemmBF16) n=2000;; FuzzGemm|FuzzGemmEpilogue) n=20000;; *) n=100000;; esac; \
			echo "fuzz $$p.$$t ($$n inputs)"; \
			go test ./$$p -run '^$$' -fuzz "^$$t\$$" -fuzztime $${n}x || exit 1; done; done

vet: check-go
	go vet ./...

generate: check-go
	go generate ./asm

# $(call find-python,module,var) sets the shell variable var to the first
# python that imports module, or to nothing.
find-python = $(2)=''; for p in $(or $(PYTHON),python3 /usr/bin/python3); do \
	if "$$p" -c 'import $(1)' >/dev/null 2>&1; then $(2)=$$p; break; fi; done

bench: check-go
ifeq ($(value BENCH),)
	@$(call find-python,numpy,py); $(call find-python,torch,tpy); \
	if [ -z "$$py" ]; then echo 'no $(or $(PYTHON),python3) with numpy: the numpy baseline is left out (Debian: apt install python3-numpy, or PYTHON=path)'; fi; \
	if [ -z "$$tpy" ]; then echo 'no $(or $(PYTHON),python3) with torch: the PyTorch baseline is left out (Debian: apt install python3-torch, or PYTHON=path)'; fi; \
	$(BENCHRUN) $(BENCHFLAGS) $${py:+-numpy "$$py"} $${tpy:+-torch "$$tpy"}
else
	@$(BENCHRUN) $(BENCHFLAGS) -bench '$(value BENCH)'
endif

bench-numpy: check-go
	@$(call find-python,numpy,py); \
	if [ -z "$$py" ]; then \
		echo 'make bench-numpy: skipped: no $(or $(PYTHON),python3) with numpy found (Debian: apt install python3-numpy, or PYTHON=path)'; exit 0; fi; \
	$(BENCHRUN) $(BENCHFLAGS) -bench '$(or $(value BENCH),$(NUMPY_BENCH))' -numpy "$$py"

.DEFAULT:
	$(error no target '$@': run make help)

// Package simdkern is the front door of the module: SIMD-accelerated numeric
// kernels for Go, neural-network layers built on them, and the benchmarks
// that compare them with their peers. It holds no code of its own, only this
// overview and a short set of benchmarks.
//
// # Which package
//
//   - [github.com/simdkern/simdkern/kernels]: the kernels, for float32 and
//     float64: Dot, Axpy, ColSum, ReLU, ReLUMask, ReLUMaskColSum, Exp,
//     Sigmoid, Softmax, the optimizer steps (SGDMomentum, Adagrad, RMSprop,
//     Adam), bfloat16 conversions, and Gemm (every transpose layout) with
//     GemmEpilogue and GemmBatch. Row-major matrices with leading dimensions; no allocation; a
//     pure-Go path that is also the reference every SIMD path is tested
//     against.
//   - [github.com/simdkern/simdkern/nn]: dense, ReLU, softmax and
//     cross-entropy layers with their backward passes, dropout,
//     initialisation, the SGD, Adagrad, RMSprop and Adam optimizers, L1/L2
//     regularisation, a sequential Model that trains, evaluates, predicts and
//     saves its parameters as safetensors.
//   - [github.com/simdkern/simdkern/kernels/gonumblas]: gonum's BLAS
//     interface on the kernels, so that gonum's mat.Dense.Mul and every other
//     routine built on BLAS run on them (blas64.Use, blas32.Use).
//   - [github.com/simdkern/simdkern/bench]: benchmarks of every path beside
//     naive Go loops, gonum and, with -tags openblas, OpenBLAS; the runner
//     behind make bench is bench/cmd/benchrun. Its results and how to run
//     it are in bench/README.md.
//
// Pure Go and assembly, no cgo: Avo generates the amd64 assembly, a small
// generator (asm/neon) the arm64 NEON assembly.
//
// # Dispatch and environment
//
// At init package kernels asks cpuid what the CPU and the OS support and
// picks the best of four paths; kernels.ISA reports it:
//
//	avx512   AVX-512 F, DQ, BW and VL, with AVX2, FMA, BMI2 and POPCNT
//	avx2     AVX2 and FMA (Haswell and later)
//	neon     Advanced SIMD: every arm64 CPU Go runs on
//	generic  pure Go, on every architecture
//
// The environment, read once at init:
//
//   - SIMDKERN_ISA=generic|avx2|avx512|avx512bf16|neon lowers the choice
//     (tests, benchmarks, ruling out a path). avx512bf16 is the avx512 path
//     with kernels.GemmBF16 on the bfloat16 dot products of AVX512_BF16;
//     every other name turns them off (kernels.GemmBF16Dot reports them).
//     A path this CPU cannot run falls back to the best one below it, with a
//     warning on stderr; any other value stops the program at init with the
//     valid names.
//   - SIMDKERN_GEMM_BLOCKS=kc=…,mc=…,nc=… (any of them) replaces the Gemm
//     block sizes derived from the cache sizes, for tuning; a malformed
//     value stops the program at init.
//   - GOMAXPROCS bounds the goroutines one Gemm, GemmBatch or column-sum
//     call uses (by default; kernels.SetParallelism sets the bound in code).
//     Only products of at least 2²¹ multiply-adds and column sums of at
//     least 2¹⁷ elements are split, with the same bits whatever the split.
//
// The build tag purego leaves out every assembly file: the generic path then
// runs on every GOARCH. The package documentation of kernels has the details,
// docs/tuning.md the measurements behind the block sizes and routes.
//
// # Benchmarks
//
// Typed at the repository root,
//
//	go test -bench ./...
//
// runs this package's benchmarks (the argument is the -bench pattern, so the
// package is the current directory): a short representative set of the
// kernels and the nn passes on the active path, each named with impl= and the
// path, in about a minute. Two runs compare with benchstat:
//
//	go test -bench ./... -count 6 > old.txt   # then change something
//	go test -bench ./... -count 6 > new.txt
//	go tool benchstat old.txt new.txt
//	SIMDKERN_ISA=generic go test -bench ./... -count 6 > generic.txt
//	go tool benchstat -col /impl old.txt generic.txt   # or compare two paths
//
// go test -bench . ./... runs the benchmarks of every package (this one,
// kernels, nn, kernels/gonumblas and bench, where every path runs beside the
// peers); make bench runs the suite that bench/README.md reports.
package simdkern

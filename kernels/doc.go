// Package kernels provides SIMD-accelerated numeric kernels for float32 and
// float64: dot product, axpy, column sum, ReLU and its backward mask, the
// exponential, sigmoid and softmax, the optimizer steps of SGD with
// momentum, Adagrad, RMSprop and Adam, conversions to and from bfloat16, and
// general matrix multiply.
//
//	Dot(x, y)                   Σ x[i]·y[i]
//	Axpy(alpha, x, y)           y[i] += alpha·x[i]
//	ColSum(dst, a, rows, cols, lda)
//	                            dst[j] = Σᵢ a[i·lda+j], by blocks of 32 rows
//	ReLU(dst, x)                dst[i] = max(x[i], 0)
//	ReLUMask(dst, dy, z)        dst[i] = dy[i] where z[i] > 0, else +0
//	ReLUMaskColSum(dst, sums, dy, z, cols)
//	                            ReLUMask, and the column sums of dst
//	Exp(dst, x)                 dst[i] = e^x[i]
//	Sigmoid(dst, x)             dst[i] = 1/(1 + e^−x[i])
//	Softmax(dst, x)             the softmax of one row
//	SGDMomentum, Adagrad, RMSprop, Adam
//	                            one optimizer step over a slice of parameters
//	GatherRows(dst, ldd, src, lds, cols, idx)
//	                            row i of dst = row idx[i] of src, prefetching ahead
//	ToBFloat16(dst, x), FromBFloat16(dst, x)
//	                            float32 to bfloat16 storage (nearest even) and back
//	Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
//	                            C = alpha·op(A)·op(B) + beta·C
//	GemmEpilogue(…, ep)         Gemm, then a bias and a ReLU on each block of C
//	GemmBatch(ops)              independent products side by side
//	SetParallelism(n)           the most goroutines a Gemm call uses
//	ISA()                       the path that runs
//
// Each function's doc comment states its shapes, which arguments may alias,
// and its NaN and ±Inf behaviour. Dot, Gemm and ColSum state the error bound
// every path meets, which the tests check (GemmEpilogue and GemmBatch give
// Gemm's bits); ColSum and the element-wise kernels give the same bits on
// every path.
//
// # Matrices and arguments
//
// Matrices are row-major: element (i, j) of a matrix with leading dimension
// ld is a[i*ld+j], and ld may be larger than the number of columns; the
// padding between rows is never read or written.
//
// Kernels panic on programmer error (mismatched lengths, slices too short for
// the sizes given, negative sizes, a leading dimension smaller than a row, an
// output that partly overlaps an input), with a message that names the
// function and the sizes, before any assembly runs; the overlap test is
// O(1), and the exact aliasing a function's comment allows, or blocks of
// columns of one larger matrix, are fine. Kernels never read or write outside
// the slices they are given, and they do not allocate: Gemm keeps its packing
// buffers between calls and gives them back to the garbage collector once no
// call has used them for a collection.
//
// Gemm splits a product of at least 2²¹ multiply-adds, ColSum and
// ReLUMaskColSum a matrix of at least 2¹⁷ elements, and GatherRows a gather
// of at least 2¹⁴ elements, over up to GOMAXPROCS goroutines
// (SetParallelism sets another bound), with the same bits
// whatever the split; GemmBatch shares those goroutines between its
// products. A caller never waits for a goroutine to be free.
//
// # Dispatch
//
// Every kernel has a pure-Go implementation, the reference that every SIMD
// path is tested against and the fallback on every CPU. At init the package
// asks cpuid (github.com/klauspost/cpuid) what the CPU and the OS support and
// picks the best path; ISA reports it:
//
//	path     needs
//	avx512   AVX-512 F, DQ, BW and VL (Skylake-SP and later), with AVX2, FMA, BMI2 and POPCNT
//	avx2     AVX2 and FMA (Haswell and later)
//	neon     Advanced SIMD (ASIMD): every arm64 CPU Go runs on (Graviton, Ampere, Apple M)
//	generic  nothing: pure Go, on every architecture
//
// It never runs an instruction the CPU lacks. The build tag purego leaves out
// every assembly file: the module then builds and passes its tests with the
// generic path on every GOARCH (gccgo, TinyGo, WebAssembly).
//
// # Environment
//
// Both variables are read once, at init.
//
// SIMDKERN_ISA=generic|avx2|avx512|avx512bf16|neon lowers the choice, for
// tests, benchmarks, or to rule out a path. avx512bf16 is the avx512 path
// with GemmBF16 on the bfloat16 dot-product instructions (VDPBF16PS) of
// AVX512_BF16, which ISA reports as "avx512"; every other name turns them
// off, so SIMDKERN_ISA=avx512 runs GemmBF16 as a CPU without AVX512_BF16
// does (GemmBF16Dot reports which). Unset, the best path runs, with the
// dot products where the CPU has them. A name this CPU cannot run prints a
// warning on stderr and falls back to the best path below it (avx512bf16 to
// avx512 without the dot products); any other value, a misspelled name or
// one with spaces around it, stops the program at init with a message
// listing the valid names.
//
// SIMDKERN_GEMM_BLOCKS=kc=…,mc=…,nc=… (any subset) overrides Gemm's block
// sizes for tuning. By default they come from the cache sizes cpuid reports
// (on Linux, sysfs fills in what cpuid does not, as on arm64), after the
// BLIS analytical model: the B micro-panel about L1d, the packed A block
// about half of L2, the packed B block about ¾ of a core's share of L3. mc
// and nc are rounded down to a multiple of each micro-kernel's tile; a
// malformed value (unknown or repeated key, not an integer from 1 to 65536)
// stops the program at init. docs/tuning.md in the repository has the rule,
// the measurements behind the block sizes and the routing of skinny
// products, and the commands that produced them.
//
// # arm64
//
// On arm64 (Linux, macOS) the neon path runs NEON assembly generated by
// asm/neon, a small generator in Avo's spirit (Avo has no arm64 back end):
// Go's mnemonics where its assembler has them and WORDs, each commented with
// the instruction, elsewhere; a test decodes every WORD with
// golang.org/x/arch/arm64/arm64asm and compares it with its comment. Gemm
// uses 8×12 (float32) and 8×6 (float64) micro-kernels with by-element FMLA
// on the packed driver. The path is tested under QEMU user emulation
// (GOARCH=arm64 go test -exec qemu-aarch64-static ./kernels ./nn, or make
// test-arm64); no published figure comes from arm64 hardware. To check and
// measure on a Graviton or a Mac:
//
//	go test ./kernels -run 'TestImpls|TestGemmMicroARM64' -v   # correctness; logs the blocks in use
//	go test ./bench -run '^$' -bench 'Gemm|Dot' -count 10 > arm.txt
//	go tool benchstat -col /impl arm.txt
package kernels

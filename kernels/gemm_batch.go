package kernels

import (
	"fmt"
	"strings"

	"github.com/simdkern/simdkern/internal/dispatch"
)

// A GemmOp is one product of GemmBatch, with the arguments of Gemm:
// C = Alpha·op(A)·op(B) + Beta·C, C M×N with leading dimension LDC, A stored
// M×K (K×M if TransA) with leading dimension LDA, B stored K×N (N×K if
// TransB) with leading dimension LDB.
type GemmOp[T Float] struct {
	TransA, TransB bool
	M, N, K        int
	Alpha          T
	A              []T
	LDA            int
	B              []T
	LDB            int
	Beta           T
	C              []T
	LDC            int
}

// GemmBatch computes the independent products ops, each with the bits Gemm
// gives it, sharing the goroutines SetParallelism allows between them.
// Each product that multiplies anything gets one goroutine; when there are
// goroutines left over, each goes to the product large enough to split that
// has the most multiply-adds per goroutine. So two products that each take
// a core, such as the two gradient products of a dense layer's backward
// pass, run side by side on two cores, where two Gemm calls would each be
// split in two and pack the operand their halves share twice. The
// goroutines are the caller's and the workers free at the time of the
// call: with no worker free (other calls hold them all), with one
// goroutine, or on the generic path, the products run whole, in order, on
// the calling goroutine.
//
// Products may read the same A or B; NaN, ±∞, beta == 0 and alpha == 0 or
// k == 0 behave in each as in Gemm. It panics as Gemm does on an invalid
// product (naming its index), and if the C of one product shares an element
// with the A, B or C of another (a check quadratic in len(ops)). ops itself
// is only read.
func GemmBatch[T Float](ops []GemmOp[T]) {
	for i := range ops {
		checkGemmOp(i, &ops[i])
	}
	for i := range ops {
		ci := ops[i].matrices()[2]
		for j := range ops {
			if j == i {
				continue
			}
			for x, mj := range ops[j].matrices() {
				if overlaps(ci, mj) {
					panic(overlapError{"GemmBatch", fmt.Sprintf("ops[%d].C", i), fmt.Sprintf("ops[%d].%c", j, "ABC"[x])})
				}
			}
		}
	}
	mk := packedGemm[T](dispatch.Active())
	procs := min(gemmParallelism(), gemmMaxParts)
	if mk == nil || procs == 1 || len(ops) == 1 {
		for i := range ops {
			op := &ops[i]
			Gemm(op.TransA, op.TransB, op.M, op.N, op.K, op.Alpha, op.A, op.LDA, op.B, op.LDB, op.Beta, op.C, op.LDC)
		}
		return
	}
	s := getGemmSplit(mk)
	defer putGemmSplit(mk, s)
	s.shares = gemmShares(mk, s.shares, ops, procs)
	want := 0
	for _, sh := range s.shares {
		want += sh
	}
	// With fewer workers or cores free than wanted, the products share
	// those: with none, the caller computes each whole.
	helpers := gemmEnter(want-1, procs)
	defer gemmLeave()
	if helpers < want-1 {
		s.shares = gemmShares(mk, s.shares, ops, helpers+1)
	}
	for i := range ops {
		op := &ops[i]
		switch {
		case op.M == 0 || op.N == 0:
			// Nothing to compute or scale: C may be empty whatever LDC.
		case !op.work():
			scaleMatrix(op.Beta, op.C, op.M, op.N, op.LDC)
		case !mk.splittable(op.TransA, op.TransB, op.M, op.N, op.K):
			s.tasks = append(s.tasks, gemmTask[T]{whole: true, args: gemmArgs[T]{mk: mk, transA: op.TransA, transB: op.TransB,
				m: op.M, n: op.N, k: op.K, alpha: op.Alpha, a: op.A, lda: op.LDA, b: op.B, ldb: op.LDB, beta: op.Beta, c: op.C, ldc: op.LDC}})
		default:
			g := packedArgs(mk, op.TransA, op.TransB, op.M, op.N, op.K, op.Alpha, op.A, op.LDA, op.B, op.LDB, op.Beta, op.C, op.LDC)
			s.tasks = g.appendParts(s.tasks, s.shares[i])
		}
	}
	s.runOn(len(s.tasks), helpers)
}

// checkGemmOp panics as Gemm would on an invalid op, with a message that
// names the op after the function: "kernels.GemmBatch: ops[i]: …".
func checkGemmOp[T Float](i int, op *GemmOp[T]) {
	defer func() {
		if r := recover(); r != nil {
			// Gemm's checks name the function alone; the op's index goes
			// right after it. Building the name before the checks would
			// allocate on every call.
			msg := strings.TrimPrefix(fmt.Sprint(r), "kernels.GemmBatch: ")
			panic(fmt.Errorf("kernels.GemmBatch: ops[%d]: %s", i, msg))
		}
	}()
	checkGemm("GemmBatch", op.TransA, op.TransB, op.M, op.N, op.K, op.A, op.LDA, op.B, op.LDB, op.C, op.LDC)
}

// matrices returns op's A, B and C as the overlap checks see them.
func (op *GemmOp[T]) matrices() [3]matrix[T] {
	ar, ac, br, bc := dispatch.Stored(op.TransA, op.TransB, op.M, op.N, op.K)
	return [3]matrix[T]{{op.A, ar, ac, op.LDA}, {op.B, br, bc, op.LDB}, {op.C, op.M, op.N, op.LDC}}
}

// gemmShares appends to shares[:0] the number of goroutines, out of procs,
// that each product of ops gets: none for a product without work, one for
// every other (so one each when there are at least as many products as
// goroutines), then the goroutines left over one at a time, each to the
// product that mk splits (gemmMicro.splittable) with the most
// multiply-adds per goroutine it has so far.
func gemmShares[T Float](mk *gemmMicro[T], shares []int, ops []GemmOp[T], procs int) []int {
	shares = shares[:0]
	left := procs
	for i := range ops {
		sh := 0
		if ops[i].work() {
			sh = 1
			left--
		}
		shares = append(shares, sh)
	}
	for ; left > 0; left-- {
		best, most := -1, 0
		for i := range ops {
			op := &ops[i]
			if shares[i] == 0 || !mk.splittable(op.TransA, op.TransB, op.M, op.N, op.K) {
				continue
			}
			if per := ops[i].M * ops[i].N * ops[i].K / shares[i]; per > most {
				best, most = i, per
			}
		}
		if best < 0 {
			break
		}
		shares[best]++
	}
	return shares
}

// work reports whether op multiplies anything: with k == 0 or alpha == 0 it
// only scales C by beta, and without rows or columns it does nothing.
func (op *GemmOp[T]) work() bool {
	return op.M > 0 && op.N > 0 && op.K > 0 && op.Alpha != 0
}

// Command gemm generates the GEMM routines of package kernels
// (kernels/gemm_amd64.s): the register-blocked micro-kernels for
// AVX-512 and AVX2, float32 and float64, and the AVX-512 packing routines
// (pack.go), one generator parameterised by instruction set and element type.
//
// A micro-kernel computes one rows×NR tile of C (rows = MR, or fewer for the
// edge of C) from panels of k steps:
//
//	C[i][j] = alpha·Σₗ A(i, l)·B(l, j) + beta·C[i][j],  i < rows, j < NR, l < k,
//
// where step l holds A(i, l), i < rows, at a[l·as:] (the packed A panel, as =
// MR) and B(l, j), j < NR, at b[l·bs:] (the packed B panel, bs = NR, or B
// itself, bs = ldb). Each row of the tile lives in NR/lanes vector
// accumulators; every step loads the row of B once and multiplies it by each
// broadcast A(i, l). The store multiplies by alpha and adds beta·C with
// separate roundings (no fused multiply-add), so a tile computed into a
// scratch buffer with beta = 0 and combined with C in Go gives the same bits;
// beta == 0 (either sign) never reads C.
package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"

	"github.com/simdkern/simdkern/asm/internal/avx"
)

// edgeRows returns the row counts of the micro-kernels of s: MR and the
// powers of two below it, whose sums make every edge of fewer rows.
func (s isa) edgeRows() []int {
	rows := []int{s.rows}
	for r := 8; r >= 1; r /= 2 {
		if r < s.rows {
			rows = append(rows, r)
		}
	}
	return rows
}

// isa is an instruction set and the shape of its micro-kernels' tile.
type isa struct {
	avx.ISA
	rows int // MR: rows of the tile
	vecs int // vectors per row of the tile: NR = vecs·lanes
}

var (
	// AVX-512: 14 rows × 2 vectors = 28 accumulators, 2 registers for
	// the row of B, 2 for broadcasts of A.
	avx512 = isa{ISA: avx.AVX512, rows: 14, vecs: 2}
	// AVX2: 6 rows × 2 vectors = 12 accumulators, 2 for B, 2 for A.
	avx2 = isa{ISA: avx.AVX2, rows: 6, vecs: 2}
)

func main() {
	Package("github.com/simdkern/simdkern/kernels")
	ConstraintExpr("!purego")
	for _, s := range []isa{avx512, avx2} {
		for _, e := range avx.Elems {
			for _, rows := range s.edgeRows() {
				kernel(s, e, rows, false)
			}
			if s.Name() == avx512.Name() {
				for _, rows := range s.edgeRows() {
					kernel(s, e, rows, true)
				}
			}
		}
	}
	for _, e := range avx.Elems {
		packRuns(e)
	}
	for _, e := range avx.Elems {
		packRunsAVX2(e, avx2.rows)               // A: MR
		packRunsAVX2(e, avx2.vecs*avx2.Lanes(e)) // B: NR
	}
	for _, e := range avx.Elems {
		packColsAVX2(e, avx2.rows)               // A: MR
		packColsAVX2(e, avx2.vecs*avx2.Lanes(e)) // B: NR
	}
	for _, e := range avx.Elems {
		packCols(e)
	}
	Generate()
}

// kernel generates gemmKernel<type><ISA>R<rows>: the micro-kernel for the
// top rows of a tile (rows ≤ MR), to finish the edge of C. With rowA it
// generates gemmRowKernel<type><ISA>R<rows> instead, which reads A by rows
// in place: A(i, l) at a[i·as + l], so a row-major A needs no packing (the
// small unpacked products of BLIS's "sup" kernels).
func kernel(s isa, e avx.Elem, rows int, rowA bool) {
	mr, nr := rows, s.vecs*s.Lanes(e)
	name := fmt.Sprintf("gemmKernel%s%sR%d", e.Name, s.Name(), rows)
	if rowA {
		name = fmt.Sprintf("gemmRowKernel%s%sR%d", e.Name, s.Name(), rows)
	}
	TEXT(name, NOSPLIT, fmt.Sprintf("func(k int, a []%[1]s, as int, b []%[1]s, bs int, c []%[1]s, ldc int, alpha, beta %[1]s)", e.GoType))
	Pragma("noescape")
	if rowA {
		Doc(fmt.Sprintf("%s computes the %d×%d tile C = alpha·A·B + beta·C from k ≥ 1 steps:", name, mr, nr),
			fmt.Sprintf("A(i, l), i < %d, is at a[i·as + l] (A's rows in place) and B(l, j), j < %d,", mr, nr),
			"at b[l·bs:]. C's rows are ldc elements apart. beta == 0 does not read C.",
			"Each element of C gets the operations of the packed kernel in the same order.")
	} else {
		Doc(fmt.Sprintf("%s computes the %d×%d tile C = alpha·A·B + beta·C from k ≥ 1 steps of", name, mr, nr),
			fmt.Sprintf("packed panels: step l holds A(i, l), i < %d, at a[l·as:] and B(l, j), j < %d,", mr, nr),
			"at b[l·bs:]. C's rows are ldc elements apart. beta == 0 does not read C.")
	}

	// Accumulators first, then the row of B and two broadcasts of A, at the
	// same registers whatever the number of rows.
	acc := func(i, v int) reg.VecPhysical { return s.Regs()[i*s.vecs+v] }
	nacc := mr * s.vecs
	top := s.rows * s.vecs
	bv := s.Regs()[top : top+s.vecs]
	av := s.Regs()[top+s.vecs : top+s.vecs+2]

	k := Load(Param("k"), GP64())
	pa := Mem{Base: Load(Param("a").Base(), GP64())}
	pb := Mem{Base: Load(Param("b").Base(), GP64())}
	as := Load(Param("as"), GP64())
	SHLQ(e.Shift(), as)
	bs := Load(Param("bs"), GP64())
	SHLQ(e.Shift(), bs)

	Comment("Prefetch the tile of C while the products run.")
	pc := Mem{Base: Load(Param("c").Base(), GP64())}
	ldc := Load(Param("ldc"), GP64())
	SHLQ(e.Shift(), ldc)
	pf := GP64()
	MOVQ(pc.Base, pf)
	for i := range mr {
		for off := 0; off < nr*e.Size; off += 64 {
			PREFETCHT0(Mem{Base: pf}.Offset(off))
		}
		if i < mr-1 {
			ADDQ(ldc, pf)
		}
	}

	Comment("Zero the accumulators.")
	for i := range nacc {
		r := s.Regs()[i]
		e.Xor(r, r, r)
	}

	// aAt returns the address of A(i, l) for the step l at pa, l+1 at
	// pa.Offset(size): in a packed panel, A(i, l) follows A(i-1, l); in place
	// (rowA), rows are as bytes apart, addressed from pa (rows 0–6) and pa7
	// = pa + 7·as (rows 7–13) by as, 3·as and 5·as with scales 1, 2 and 4.
	aAt := func(pa Mem, i int) Mem { return pa.Offset(i * e.Size) }
	var pa7 Mem
	if rowA {
		as3, as5 := GP64(), GP64()
		LEAQ(Mem{Base: as, Index: as, Scale: 2}, as3)
		LEAQ(Mem{Base: as, Index: as, Scale: 4}, as5)
		if mr > 7 {
			pa7 = Mem{Base: GP64()}
			LEAQ(Mem{Base: pa.Base, Index: as3, Scale: 2}, pa7.Base)
			ADDQ(as, pa7.Base)
		}
		rowOf := [7]Mem{{}, {Index: as, Scale: 1}, {Index: as, Scale: 2}, {Index: as3, Scale: 1},
			{Index: as, Scale: 4}, {Index: as5, Scale: 1}, {Index: as3, Scale: 2}}
		aAt = func(p Mem, i int) Mem {
			m := rowOf[i%7]
			m.Base, m.Disp = p.Base, p.Disp
			if i >= 7 {
				m.Base = pa7.Base
			}
			return m
		}
	}

	// step emits one step of k: the row of B at pb, the column of A at pa.
	// The packed A panel streams from L2: each pass fetches it ahead into L1.
	step := func(pa, pb Mem) {
		for v := range s.vecs {
			e.Movu(pb.Offset(v*s.Bytes()), bv[v])
		}
		for i := range mr {
			a := av[i%2]
			e.Broadcast(aAt(pa, i), a)
			for v := range s.vecs {
				e.FMA231(bv[v], a, acc(i, v))
			}
		}
	}
	// advance moves A on by n steps.
	advance := func(n int) {
		if !rowA {
			LEAQ(Mem{Base: pa.Base, Index: as, Scale: uint8(n)}, pa.Base)
			return
		}
		ADDQ(U8(n*e.Size), pa.Base)
		if mr > 7 {
			ADDQ(U8(n*e.Size), pa7.Base)
		}
	}
	// Two steps a pass, then the last one if k is odd: the loop overhead
	// and the prefetch spread over twice the multiply-adds (docs/tuning.md).
	pairs := GP64()
	MOVQ(k, pairs)
	SHRQ(U8(1), pairs)
	JZ(LabelRef(name + "_loop"))
	Label(name + "_pairs")
	if !rowA {
		for off := 0; off < s.rows*e.Size; off += 64 {
			PREFETCHT0(pa.Offset(aheadA + off))
		}
	}
	step(pa, pb)
	if rowA {
		step(pa.Offset(e.Size), Mem{Base: pb.Base, Index: bs, Scale: 1})
	} else {
		step(Mem{Base: pa.Base, Index: as, Scale: 1}, Mem{Base: pb.Base, Index: bs, Scale: 1})
	}
	advance(2)
	LEAQ(Mem{Base: pb.Base, Index: bs, Scale: 2}, pb.Base)
	DECQ(pairs)
	JNZ(LabelRef(name + "_pairs"))
	ANDQ(U8(1), k)
	JZ(LabelRef(name + "_store"))
	Label(name + "_loop")
	step(pa, pb)
	advance(1)
	ADDQ(bs, pb.Base)
	DECQ(k)
	JNZ(LabelRef(name + "_loop"))
	Label(name + "_store")

	Comment("C = alpha·acc (+ beta·C).")
	alpha, beta, t := bv[0], bv[1], av[0]
	e.Broadcast(avx.Addr(Param("alpha")), alpha)
	for i := range nacc {
		r := s.Regs()[i]
		e.Mul(alpha, r, r)
	}
	betaBits := e.GP()
	e.Mov(avx.Addr(Param("beta")), betaBits)
	e.Shl(U8(1), betaBits) // drop the sign: ±0 both mean "do not read C"
	JZ(LabelRef(name + "_beta0"))
	e.Broadcast(avx.Addr(Param("beta")), beta)
	for i := range mr {
		for v := range s.vecs {
			e.Mul(pc.Offset(v*s.Bytes()), beta, t)
			e.Add(t, acc(i, v), acc(i, v))
			e.Movu(acc(i, v), pc.Offset(v*s.Bytes()))
		}
		if i < mr-1 {
			ADDQ(ldc, pc.Base)
		}
	}
	VZEROUPPER()
	RET()

	Label(name + "_beta0")
	for i := range mr {
		for v := range s.vecs {
			e.Movu(acc(i, v), pc.Offset(v*s.Bytes()))
		}
		if i < mr-1 {
			ADDQ(ldc, pc.Base)
		}
	}
	VZEROUPPER()
	RET()
}

// aheadA is how far ahead, in bytes, the micro-kernels prefetch the A panel.
var aheadA = 1024

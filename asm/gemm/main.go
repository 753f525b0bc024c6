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

// isa describes a vector instruction set: its registers and width.
type isa struct {
	name  string            // AVX512 or AVX2, as in the function name
	regs  []reg.VecPhysical // every vector register it can use
	bytes int               // vector width in bytes
	rows  int               // MR: rows of the tile
	vecs  int               // vectors per row of the tile: NR = vecs·lanes
}

// elem describes an element type and its instructions.
type elem struct {
	name  string // F32 or F64
	gotyp string // float32 or float64
	size  int    // bytes
	// Instructions of the type.
	load, store   func(...Op)
	broadcast     func(...Op)
	fma, mul, add func(...Op)
	zero          func(...Op)
	loadBits      func(Op, Op) // load the bits of a scalar into a GP register
	shiftBits     func(...Op)
	gpBits        func() reg.GPVirtual
}

var (
	zmm = []reg.VecPhysical{
		reg.Z0, reg.Z1, reg.Z2, reg.Z3, reg.Z4, reg.Z5, reg.Z6, reg.Z7,
		reg.Z8, reg.Z9, reg.Z10, reg.Z11, reg.Z12, reg.Z13, reg.Z14, reg.Z15,
		reg.Z16, reg.Z17, reg.Z18, reg.Z19, reg.Z20, reg.Z21, reg.Z22, reg.Z23,
		reg.Z24, reg.Z25, reg.Z26, reg.Z27, reg.Z28, reg.Z29, reg.Z30, reg.Z31,
	}
	ymm = []reg.VecPhysical{
		reg.Y0, reg.Y1, reg.Y2, reg.Y3, reg.Y4, reg.Y5, reg.Y6, reg.Y7,
		reg.Y8, reg.Y9, reg.Y10, reg.Y11, reg.Y12, reg.Y13, reg.Y14, reg.Y15,
	}

	// AVX-512: 14 rows × 2 vectors = 28 accumulators, 2 registers for
	// the row of B, 2 for broadcasts of A.
	avx512 = isa{name: "AVX512", regs: zmm, bytes: 64, rows: 14, vecs: 2}
	// AVX2: 6 rows × 2 vectors = 12 accumulators, 2 for B, 2 for A.
	avx2 = isa{name: "AVX2", regs: ymm, bytes: 32, rows: 6, vecs: 2}

	f32 = elem{
		name: "F32", gotyp: "float32", size: 4,
		load: VMOVUPS, store: VMOVUPS, broadcast: VBROADCASTSS,
		fma: VFMADD231PS, mul: VMULPS, add: VADDPS, zero: VXORPS,
		loadBits: MOVL, shiftBits: SHLL, gpBits: GP32,
	}
	f64 = elem{
		name: "F64", gotyp: "float64", size: 8,
		load: VMOVUPD, store: VMOVUPD, broadcast: VBROADCASTSD,
		fma: VFMADD231PD, mul: VMULPD, add: VADDPD, zero: VXORPD,
		loadBits: MOVQ, shiftBits: SHLQ, gpBits: GP64,
	}
)

func main() {
	Package("github.com/simdkern/simdkern/kernels")
	ConstraintExpr("!purego")
	for _, s := range []isa{avx512, avx2} {
		for _, e := range []elem{f32, f64} {
			for _, rows := range s.edgeRows() {
				kernel(s, e, rows)
			}
		}
	}
	packRuns(f32, packF32)
	packRuns(f64, packF64)
	packCols(f32, packF32)
	packCols(f64, packF64)
	Generate()
}

// kernel generates gemmKernel<type><ISA>R<rows>: the micro-kernel for the
// top rows of a tile (rows ≤ MR), to finish the edge of C.
func kernel(s isa, e elem, rows int) {
	lanes := s.bytes / e.size
	mr, nr := rows, s.vecs*lanes
	name := fmt.Sprintf("gemmKernel%s%sR%d", e.name, s.name, rows)
	TEXT(name, NOSPLIT, fmt.Sprintf("func(k int, a []%[1]s, as int, b []%[1]s, bs int, c []%[1]s, ldc int, alpha, beta %[1]s)", e.gotyp))
	Pragma("noescape")
	Doc(fmt.Sprintf("%s computes the %d×%d tile C = alpha·A·B + beta·C from k ≥ 1 steps of", name, mr, nr),
		fmt.Sprintf("packed panels: step l holds A(i, l), i < %d, at a[l·as:] and B(l, j), j < %d,", mr, nr),
		"at b[l·bs:]. C's rows are ldc elements apart. beta == 0 does not read C.")

	// Accumulators first, then the row of B and two broadcasts of A, at the
	// same registers whatever the number of rows.
	acc := func(i, v int) reg.VecPhysical { return s.regs[i*s.vecs+v] }
	nacc := mr * s.vecs
	top := s.rows * s.vecs
	bv := s.regs[top : top+s.vecs]
	av := s.regs[top+s.vecs : top+s.vecs+2]

	k := Load(Param("k"), GP64())
	pa := Mem{Base: Load(Param("a").Base(), GP64())}
	pb := Mem{Base: Load(Param("b").Base(), GP64())}
	as := Load(Param("as"), GP64())
	SHLQ(U8(log2(e.size)), as)
	bs := Load(Param("bs"), GP64())
	SHLQ(U8(log2(e.size)), bs)

	Comment("Prefetch the tile of C while the products run.")
	pc := Mem{Base: Load(Param("c").Base(), GP64())}
	ldc := Load(Param("ldc"), GP64())
	SHLQ(U8(log2(e.size)), ldc)
	pf := GP64()
	MOVQ(pc.Base, pf)
	for i := range mr {
		for off := 0; off < nr*e.size; off += 64 {
			PREFETCHT0(Mem{Base: pf}.Offset(off))
		}
		if i < mr-1 {
			ADDQ(ldc, pf)
		}
	}

	Comment("Zero the accumulators.")
	for i := range nacc {
		r := s.regs[i]
		e.zero(r, r, r)
	}

	Label(name + "_loop")
	// The packed A panel streams from L2: fetch it ahead into L1.
	for off := 0; off < s.rows*e.size; off += 64 {
		PREFETCHT0(pa.Offset(aheadA + off))
	}
	for v := range s.vecs {
		e.load(pb.Offset(v*s.bytes), bv[v])
	}
	for i := range mr {
		a := av[i%2]
		e.broadcast(pa.Offset(i*e.size), a)
		for v := range s.vecs {
			e.fma(bv[v], a, acc(i, v))
		}
	}
	ADDQ(as, pa.Base)
	ADDQ(bs, pb.Base)
	DECQ(k)
	JNZ(LabelRef(name + "_loop"))

	Comment("C = alpha·acc (+ beta·C).")
	alpha, beta, t := bv[0], bv[1], av[0]
	e.broadcast(addr("alpha"), alpha)
	for i := range nacc {
		r := s.regs[i]
		e.mul(alpha, r, r)
	}
	bits := e.gpBits()
	e.loadBits(addr("beta"), bits)
	e.shiftBits(U8(1), bits) // drop the sign: ±0 both mean "do not read C"
	JZ(LabelRef(name + "_beta0"))
	e.broadcast(addr("beta"), beta)
	for i := range mr {
		for v := range s.vecs {
			e.mul(pc.Offset(v*s.bytes), beta, t)
			e.add(t, acc(i, v), acc(i, v))
			e.store(acc(i, v), pc.Offset(v*s.bytes))
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
			e.store(acc(i, v), pc.Offset(v*s.bytes))
		}
		if i < mr-1 {
			ADDQ(ldc, pc.Base)
		}
	}
	VZEROUPPER()
	RET()
}

// addr returns the memory operand of the named parameter.
func addr(name string) Mem {
	b, err := Param(name).Resolve()
	if err != nil {
		panic(err)
	}
	return b.Addr
}

// aheadA is how far ahead, in bytes, the micro-kernels prefetch the A panel.
var aheadA = 1024

func log2(n int) int {
	l := 0
	for n > 1 {
		n >>= 1
		l++
	}
	return l
}

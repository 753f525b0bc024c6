// Command skinny generates the kernels of package kernels for skinny
// products (kernels/skinny_amd64.s, called from kernels/gemm_skinny.go), for
// float32 and float64, and with -tables the Go tables that gather them by
// path (kernels/skinny_tables_amd64.go):
//
//   - gemmDots<type><ISA>R<r>C<c>: an r×c block of C from r rows of op(A)
//     and c columns of op(B), each contiguous in k ("multi-dot"): r·c vector
//     accumulators over k, then one horizontal sum per row that leaves the c
//     sums of the row in one vector. The AVX512 kernels take 64 bytes of
//     each row a step, fold their accumulators into YMM registers, then
//     finish as the AVX2 ones do (a YMM step, a masked one);
//   - gemmOuter<type><ISA>: C from a few steps of k, row by row, each row
//     Σₗ op(A)(i, l)·row l of op(B) in strips of 4 vectors, then 1, then a
//     masked one (AVX512: of ZMM vectors, then a YMM strip and the masked
//     one); op(A) is read through any strides. For products with very few
//     inner steps, and one row of C a block of rows of B at a time.
//
// Both store C = alpha·S + beta·C with S finished first and the two products
// rounded separately (no fused multiply-add), as the GEMM micro-kernels do;
// beta == 0 (either sign) never reads C.
package main

import (
	"flag"
	"fmt"
	"math/bits"
	"os"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"

	"github.com/simdkern/simdkern/asm/internal/avx"
)

// dotsRows and dotsCols bound the block of the multi-dot kernels: 3×4
// accumulators, the 3 rows of A and one column of B of a step fill the 16
// YMM registers; a step makes 7 loads for 12 multiply-adds.
const dotsRows, dotsCols = 3, 4

// outerVecs is the widest strip of the outer-product kernel, in vectors.
const outerVecs = 4

// s is the instruction set of every kernel here.
var s = avx.AVX2

// masks is 32 bytes of ones then 32 of zeros: the 32 bytes at
// masks+32−n·size are the mask of the first n lanes.
var masks Mem

// tables names the Go file of the kernels' tables (writeTables).
var tables = flag.String("tables", "", "write the tables of the kernels (Go) to `file`")

func main() {
	Package("github.com/simdkern/simdkern/kernels")
	ConstraintExpr("!purego")
	masks = GLOBL("skinnymasks", RODATA|NOPTR)
	for i := 0; i < 64; i += 8 {
		v := uint64(0)
		if i < 32 {
			v = ^v
		}
		DATA(i, U64(v))
	}
	for _, e := range avx.Elems {
		for _, wide := range []bool{false, true} {
			for r := 1; r <= dotsRows; r++ {
				for c := 1; c <= dotsCols; c++ {
					dots(e, r, c, wide)
				}
			}
		}
		outer(e, false)
		outer(e, true)
	}
	// Parsed only now, as Generate would: avo truncates its output files
	// when it parses their flags, and Package above loads the package.
	flag.Parse()
	Generate()
	if *tables != "" {
		if err := writeTables(*tables); err != nil {
			fmt.Fprintln(os.Stderr, "skinny:", err)
			os.Exit(1)
		}
	}
}

// mask loads into m the mask of the first n lanes of e, 0 < n < lanes; it
// clobbers n.
func mask(e avx.Elem, n reg.Register, m reg.VecPhysical) {
	p := GP64()
	LEAQ(masks.Offset(32), p)
	NEGQ(n)
	VMOVDQU(Mem{Base: p, Index: n, Scale: uint8(e.Size)}, m)
}

// maskConst loads into m the mask of the first n lanes of e.
func maskConst(e avx.Elem, n int, m reg.VecPhysical) {
	VMOVDQU(masks.Offset(32-n*e.Size), m)
}

// hadd is the horizontal pairwise add of e: dst holds the sums of adjacent
// pairs of x, then of y, in each 128-bit lane.
func hadd(e avx.Elem, y, x, dst reg.VecPhysical) {
	if e.Size == 4 {
		VHADDPS(y, x, dst)
	} else {
		VHADDPD(y, x, dst)
	}
}

// rowSums leaves in the first four lanes of x[0] (XMM for float32, YMM for
// float64) the sums of the lanes of each of x[0..3]; fewer than four
// accumulators repeat the last, whose sums fill the lanes past them.
func rowSums(e avx.Elem, x []reg.VecPhysical, t reg.VecPhysical) {
	for len(x) < 4 {
		x = append(x, x[len(x)-1])
	}
	// Copies of one register stay where they are: hadd(x, x) is x's pairs.
	hadd(e, x[1], x[0], x[0])
	if x[3] == x[1] {
		x[2] = x[0]
	} else {
		hadd(e, x[3], x[2], x[2])
	}
	if e.Size == 4 {
		hadd(e, x[2], x[0], x[0])
		VEXTRACTF128(U8(1), x[0], t.AsX())
		e.Add(t.AsX(), x[0].AsX(), x[0].AsX())
		return
	}
	VPERM2F128(U8(0x31), x[2], x[0], t)    // high halves of x0, x2
	VPERM2F128(U8(0x20), x[2], x[0], x[0]) // low halves
	e.Add(t, x[0], x[0])
}

// dots generates gemmDots<type>AVX2R<r>C<c>, or with wide
// gemmDots<type>AVX512R<r>C<c>: the same registers, as ZMM in the loop.
func dots(e avx.Elem, r, c int, wide bool) {
	isa := avx.AVX2
	if wide {
		isa = avx.AVX512
	}
	name := fmt.Sprintf("gemmDots%s%sR%dC%d", e.Name, isa.Name(), r, c)
	TEXT(name, NOSPLIT, fmt.Sprintf("func(k int, a []%[1]s, lda int, b []%[1]s, ldb int, c []%[1]s, ldc int, alpha, beta %[1]s)", e.GoType))
	Pragma("noescape")
	Doc(fmt.Sprintf("%s sets C(i, j) = alpha·Σₗ a[i·lda+l]·b[j·ldb+l] + beta·C(i, j)", name),
		fmt.Sprintf("for i < %d, j < %d and l < k, C(i, j) at c[i·ldc+j]. beta == 0 does not read C.", r, c))
	lanes := s.Lanes(e)
	regs := s.Regs()
	acc := func(i, j int) reg.VecPhysical { return regs[i*c+j] }
	av := regs[r*c : r*c+r]
	bv := regs[r*c+r]
	// The tail loads the rows into av[0], a row at a time: its mask takes
	// the next register.
	mv := regs[r*c+1]
	if r == 1 {
		mv = regs[r*c+2]
	}

	k := Load(Param("k"), GP64())
	row := func(p string, ld string, n int) []reg.Register {
		base := Load(Param(p).Base(), GP64())
		step := Load(Param(ld), GP64())
		SHLQ(e.Shift(), step)
		ps := []reg.Register{base}
		for i := 1; i < n; i++ {
			q := GP64()
			LEAQ(Mem{Base: ps[i-1], Index: step, Scale: 1}, q)
			ps = append(ps, q)
		}
		return ps
	}
	pa := row("a", "lda", r)
	pb := row("b", "ldb", c)
	at := func(p reg.Register, off reg.Register) Mem { return Mem{Base: p, Index: off, Scale: 1} }

	// z is a register of the loop: its ZMM with wide.
	z := func(v reg.VecPhysical) reg.VecPhysical {
		if wide {
			return v.AsZ().(reg.VecPhysical)
		}
		return v
	}
	Comment("Zero the accumulators (VEX zeroes the upper half of a ZMM too).")
	for i := range r * c {
		VXORPS(regs[i], regs[i], regs[i])
	}
	off := GP64()
	XORQ(off, off)
	nv := GP64()
	MOVQ(k, nv)
	SHRQ(U8(bits.TrailingZeros(uint(isa.Lanes(e)))), nv)
	JZ(LabelRef(name + "_fold"))
	Label(name + "_loop")
	for i := range r {
		e.Movu(at(pa[i], off), z(av[i]))
	}
	for j := range c {
		e.Movu(at(pb[j], off), z(bv))
		for i := range r {
			e.FMA231(z(av[i]), z(bv), z(acc(i, j)))
		}
	}
	ADDQ(U8(isa.Bytes()), off)
	DECQ(nv)
	JNZ(LabelRef(name + "_loop"))

	Label(name + "_fold")
	if wide {
		Comment("Fold the upper halves of the ZMM accumulators into the YMM ones,",
			"then one YMM step if k mod (2·lanes) ≥ lanes.")
		for i := range r * c {
			VEXTRACTF64X4(U8(1), z(regs[i]), bv)
			e.Add(bv, regs[i], regs[i])
		}
		TESTQ(U32(lanes), k)
		JZ(LabelRef(name + "_tail"))
		for i := range r {
			e.Movu(at(pa[i], off), av[i])
		}
		for j := range c {
			e.Movu(at(pb[j], off), bv)
			for i := range r {
				e.FMA231(av[i], bv, acc(i, j))
			}
		}
		ADDQ(U8(s.Bytes()), off)
	}

	Label(name + "_tail")
	Comment("The last k mod lanes steps, under a mask, a row at a time.")
	ANDQ(U8(lanes-1), k)
	JZ(LabelRef(name + "_sums"))
	mask(e, k, mv)
	for i := range r {
		e.MaskMov(at(pa[i], off), mv, av[0])
		for j := range c {
			e.MaskMov(at(pb[j], off), mv, bv)
			e.FMA231(av[0], bv, acc(i, j))
		}
	}

	Label(name + "_sums")
	Comment("The c sums of row i into the low lanes of acc(i, 0).")
	for i := range r {
		x := make([]reg.VecPhysical, c)
		for j := range c {
			x[j] = acc(i, j)
		}
		rowSums(e, x, bv)
	}
	w := func(v reg.VecPhysical) reg.VecPhysical {
		if e.Size == 4 {
			return v.AsX().(reg.VecPhysical)
		}
		return v
	}
	storeRows(e, name, r, c, func(i int) reg.VecPhysical { return w(acc(i, 0)) }, w(av[0]), w(bv), w(mv))
}

// storeRows stores C(i, j) = alpha·sums(i)[j] + beta·C(i, j) for i < r and
// j < c (c ≤ lanes of the sums' registers), with C(i, j) at c[i·ldc+j];
// av, bv and mv are free registers of the sums' width.
func storeRows(e avx.Elem, name string, r, c int, sums func(i int) reg.VecPhysical, av, bv, mv reg.VecPhysical) {
	lanes := int(av.Size()) / e.Size
	pc := Load(Param("c").Base(), GP64())
	ldc := Load(Param("ldc"), GP64())
	SHLQ(e.Shift(), ldc)
	e.Broadcast(avx.Addr(Param("alpha")), av)
	for i := range r {
		e.Mul(av, sums(i), sums(i))
	}
	if c < lanes {
		maskConst(e, c, mv)
	}
	load := func(m Mem, dst reg.VecPhysical) {
		if c < lanes {
			e.MaskMov(m, mv, dst)
		} else {
			e.Movu(m, dst)
		}
	}
	store := func(src reg.VecPhysical, m Mem) {
		if c < lanes {
			e.MaskMov(src, mv, m)
		} else {
			e.Movu(src, m)
		}
	}
	betaBits := e.GP()
	e.Mov(avx.Addr(Param("beta")), betaBits)
	e.Shl(U8(1), betaBits) // drop the sign: ±0 both mean "do not read C"
	JZ(LabelRef(name + "_beta0"))
	e.Broadcast(avx.Addr(Param("beta")), bv)
	p := GP64()
	MOVQ(pc, p)
	for i := range r {
		load(Mem{Base: p}, av)
		e.Mul(bv, av, av)
		e.Add(av, sums(i), sums(i))
		store(sums(i), Mem{Base: p})
		if i < r-1 {
			ADDQ(ldc, p)
		}
	}
	VZEROUPPER()
	RET()
	Label(name + "_beta0")
	for i := range r {
		store(sums(i), Mem{Base: pc})
		if i < r-1 {
			ADDQ(ldc, pc)
		}
	}
	VZEROUPPER()
	RET()
}

// outer generates gemmOuter<type>AVX2: C row by row, so that C is written
// in order (a strip of columns over every row would meet rows ldc apart,
// which a power-of-two ldc maps to one set of the L1 cache), each row in
// strips of outerVecs vectors, then of one vector, then of its last
// n mod lanes columns under a mask. With wide, gemmOuter<type>AVX512: the
// strips of outerVecs vectors and of one are of ZMM vectors, then one YMM
// strip if n mod (2·lanes) ≥ lanes, then the masked one.
func outer(e avx.Elem, wide bool) {
	isa := avx.AVX2
	if wide {
		isa = avx.AVX512
	}
	name := fmt.Sprintf("gemmOuter%s%s", e.Name, isa.Name())
	TEXT(name, NOSPLIT, fmt.Sprintf("func(m, n, k int, a []%[1]s, ai, al int, b []%[1]s, ldb int, c []%[1]s, ldc int, alpha, beta %[1]s)", e.GoType))
	Pragma("noescape")
	Doc(fmt.Sprintf("%s sets C(i, j) = alpha·Σₗ a[i·ai+l·al]·b[l·ldb+j] + beta·C(i, j)", name),
		"for i < m, j < n and l < k, C(i, j) at c[i·ldc+j]. beta == 0 does not read C.")
	lanes := s.Lanes(e)
	regs := s.Regs()
	acc := regs[:outerVecs]
	av, alpha, beta, t, mv := regs[outerVecs], regs[outerVecs+1], regs[outerVecs+2], regs[outerVecs+3], regs[outerVecs+4]

	m := Load(Param("m"), GP64())
	pa := Load(Param("a").Base(), GP64())
	pc := Load(Param("c").Base(), GP64())
	var ai, al, ldb, ldc reg.Register
	for _, x := range []struct {
		p string
		r *reg.Register
	}{{"ai", &ai}, {"al", &al}, {"ldb", &ldb}, {"ldc", &ldc}} {
		*x.r = Load(Param(x.p), GP64())
		SHLQ(e.Shift(), *x.r)
	}
	w := Load(Param("n"), GP64())
	ANDQ(U8(lanes-1), w)
	JZ(LabelRef(name + "_nomask"))
	mask(e, w, mv)
	Label(name + "_nomask")
	// With wide, alpha and beta fill the ZMM registers: the YMM strips read
	// their lower halves.
	full := func(r reg.VecPhysical) reg.VecPhysical {
		if wide {
			return r.AsZ().(reg.VecPhysical)
		}
		return r
	}
	e.Broadcast(avx.Addr(Param("alpha")), full(alpha))
	TESTQ(m, m)
	JZ(LabelRef(name + "_done"))
	betaBits := e.GP()
	e.Mov(avx.Addr(Param("beta")), betaBits)
	e.Shl(U8(1), betaBits) // drop the sign: ±0 both mean "do not read C"
	JZ(LabelRef(name + "_beta0"))
	e.Broadcast(avx.Addr(Param("beta")), full(beta))

	// strip computes v vectors of the row (the first n mod lanes lanes of
	// one if masked) at byte offset jo of the rows of B and C, ZMM vectors
	// if zmm. VEX zeroes the accumulators, upper halves included.
	strip := func(lbl string, v int, masked, withBeta, zmm bool, jo reg.Register) {
		vs := s
		acc, av, alpha, beta, t := acc, av, alpha, beta, t
		if zmm {
			vs = avx.AVX512
			acc = make([]reg.VecPhysical, len(acc))
			for i, r := range regs[:outerVecs] {
				acc[i] = r.AsZ().(reg.VecPhysical)
			}
			z := func(r reg.VecPhysical) reg.VecPhysical { return r.AsZ().(reg.VecPhysical) }
			av, alpha, beta, t = z(av), z(alpha), z(beta), z(t)
		}
		for _, r := range regs[:v] {
			VXORPS(r, r, r)
		}
		k := Load(Param("k"), GP64())
		TESTQ(k, k)
		JZ(LabelRef(lbl + "_store"))
		p, q := GP64(), Load(Param("b").Base(), GP64())
		MOVQ(pa, p)
		ADDQ(jo, q)
		Label(lbl + "_steps")
		e.Broadcast(Mem{Base: p}, av)
		for j, r := range acc[:v] {
			if masked {
				e.MaskMov(Mem{Base: q}, mv, t)
				e.FMA231(t, av, r)
			} else {
				e.FMA231(Mem{Base: q}.Offset(j*vs.Bytes()), av, r)
			}
		}
		ADDQ(al, p)
		ADDQ(ldb, q)
		DECQ(k)
		JNZ(LabelRef(lbl + "_steps"))
		Label(lbl + "_store")
		for j, r := range acc[:v] {
			e.Mul(alpha, r, r)
			at := Mem{Base: pc, Index: jo, Scale: 1}.Offset(j * vs.Bytes())
			if withBeta {
				if masked {
					e.MaskMov(at, mv, t)
					e.Mul(beta, t, t)
				} else {
					e.Mul(at, beta, t)
				}
				e.Add(t, r, r)
			}
			if masked {
				e.MaskMov(r, mv, at)
			} else {
				e.Movu(r, at)
			}
		}
	}

	for _, withBeta := range []bool{true, false} {
		lbl := name + "_rows"
		if !withBeta {
			lbl = name + "_beta0"
		}
		Label(lbl)
		jo := GP64()
		XORQ(jo, jo)
		vl := isa.Lanes(e) // lanes of the vectors of the strips below
		cnt := Load(Param("n"), GP64())
		SHRQ(U8(bits.TrailingZeros(uint(outerVecs*vl))), cnt)
		JZ(LabelRef(lbl + "_ones"))
		Label(lbl + "_wide")
		strip(lbl+"_wide", outerVecs, false, withBeta, wide, jo)
		ADDQ(U32(outerVecs*isa.Bytes()), jo)
		DECQ(cnt)
		JNZ(LabelRef(lbl + "_wide"))
		Label(lbl + "_ones")
		cnt = Load(Param("n"), GP64())
		SHRQ(U8(bits.TrailingZeros(uint(vl))), cnt)
		ANDQ(U8(outerVecs-1), cnt)
		JZ(LabelRef(lbl + "_half"))
		Label(lbl + "_one")
		strip(lbl+"_one", 1, false, withBeta, wide, jo)
		ADDQ(U32(isa.Bytes()), jo)
		DECQ(cnt)
		JNZ(LabelRef(lbl + "_one"))
		Label(lbl + "_half")
		if wide {
			cnt = Load(Param("n"), GP64())
			TESTQ(U32(lanes), cnt)
			JZ(LabelRef(lbl + "_masked"))
			strip(lbl+"_y", 1, false, withBeta, false, jo)
			ADDQ(U32(s.Bytes()), jo)
		}
		Label(lbl + "_masked")
		cnt = Load(Param("n"), GP64())
		ANDQ(U8(lanes-1), cnt)
		JZ(LabelRef(lbl + "_next"))
		strip(lbl+"_m", 1, true, withBeta, false, jo)
		Label(lbl + "_next")
		ADDQ(ai, pa)
		ADDQ(ldc, pc)
		DECQ(m)
		JNZ(LabelRef(lbl))
		if withBeta {
			JMP(LabelRef(name + "_done"))
		}
	}
	Label(name + "_done")
	VZEROUPPER()
	RET()
}

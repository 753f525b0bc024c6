package kernels

import (
	"unsafe"

	"github.com/simdkern/simdkern/internal/dispatch"
)

// The packed GEMM follows Goto and van de Geijn ("Anatomy of
// high-performance matrix multiplication", 2008) and BLIS: C is computed in
// MR×NR tiles by a register-blocked micro-kernel that reads op(A) and op(B)
// from contiguous packed copies, so the micro-kernel never sees a stride and
// the four layouts (NN, NT, TN, TT) differ only in how the panels are packed.
//
// Loops, outermost first (gemmArgs.serial and gemmMacro):
//
//	jc: columns of C in blocks of NC      (B block KC×NC: L3)
//	pc: k in blocks of KC                 (pack the B block)
//	ic: rows of C in blocks of MC         (pack the A block MC×KC: L2)
//	jr: columns in steps of NR            (B micro-panel KC×NR: L1 or L2)
//	ir: rows in steps of MR               (micro-kernel: one MR×NR tile)
//
// The block sizes follow the caches of the CPU (gemm_blocking.go);
// docs/tuning.md has the measurements. Packing (gemm_pack.go) zero-fills the
// micro-panels past the edges of op(A) and op(B), so the micro-kernel always
// computes whole tiles; a tile cut by the edge of C goes through a scratch
// tile.
//
// Each element of C is computed by the same sequence of operations whatever
// the split between goroutines (they split over M or N at tile boundaries,
// never over K), so the parallel result is bit-identical to the serial one.

// gemmMicro is the packed Gemm of one path for one element type, its part
// of the path's gemmEngine: a register-blocked micro-kernel, the blocking
// it is tuned for, and what the loops around it take.
type gemmMicro[T Float] struct {
	mr, nr     int // tile rows and columns
	kc, mc, nc int // block sizes: mc is a multiple of mr, nc of nr (gemmCacheBlocked)
	// tiles holds the kernels for the mr rows of a tile (tiles[0]) and for
	// fewer rows, most rows first, down to one: the rows at the edge of C
	// are computed by as few of them as add up to the rows left.
	tiles []gemmTile[T]
	// rowTiles, if the path has them, are kernels of the same rows that
	// read A by rows in place (A(i, l) at a[i·as + l]): a row-major A then
	// needs no packing (gemmRowA).
	rowTiles []gemmTile[T]
	pack     gemmPack[T]
	// vec holds the vector kernels of the path, for skinny products
	// (gemmSkinny).
	vec *dispatch.Kernels[T]
	// skinny holds the path's kernels for skinny products, if it has any
	// (gemm_skinny.go).
	skinny gemmSkinnyKernels[T]
	gemmPools
}

// gemmTile is a micro-kernel for tiles of rows×NR. kernel computes
// c = alpha·A·B + beta·c from k ≥ 1 steps of panels: step l holds A(i, l),
// i < rows, at a[l·as:] and B(l, j), j < NR, at b[l·bs:]. Rows of c are ldc
// apart; beta == 0 must not read c. The store rounds alpha·acc and beta·c
// separately, without a fused multiply-add, so a tile computed into scratch
// with beta = 0 and then added to beta·c gives the same bits.
type gemmTile[T Float] struct {
	rows   int
	kernel func(k int, a []T, as int, b []T, bs int, c []T, ldc int, alpha, beta T)
}

// A gemmEngine is the packed Gemm of one path (BLIS's context): for each
// element type, the micro-kernels, block sizes, packing routines, skinny
// kernels, vector kernels and pools. newGemmEngine builds it whole, and
// nothing changes it afterwards.
type gemmEngine struct {
	im  *dispatch.Impl
	f32 *gemmMicro[float32]
	f64 *gemmMicro[float64]
}

// gemmEngines holds the engine of every path that has one; packedGemm finds
// them.
var gemmEngines []*gemmEngine

// newGemmEngine builds the engine of path im from its micro-kernels f32 and
// f64 (tiles, packing and skinny kernels set): it sizes their blocks from
// this CPU's caches (gemmCacheBlocked), gives them the path's vector kernels
// for skinny products and epilogues, sets im's Gemm and GemmEpilogue to
// them and records the engine for packedGemm.
func newGemmEngine(im *dispatch.Impl, f32 *gemmMicro[float32], f64 *gemmMicro[float64]) {
	e := &gemmEngine{im, f32, f64}
	setGemm(f32, &im.F32)
	setGemm(f64, &im.F64)
	gemmEngines = append(gemmEngines, e)
}

// setGemm completes mk with its block sizes and the path's vector kernels
// vec, and sets vec's Gemm and GemmEpilogue to mk's.
func setGemm[T Float](mk *gemmMicro[T], vec *dispatch.Kernels[T]) {
	gemmCacheBlocked(mk)
	mk.vec = vec
	vec.Gemm = func(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
		gemmRun(mk, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, &epilogue[T]{})
	}
	vec.GemmEpilogue = func(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int, bias, relu []T, ldr int) {
		ep := newEpilogue(mk.vec, bias, relu, ldr)
		gemmRun(mk, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, &ep)
	}
}

// packedGemm returns the packed Gemm of path im for T, or nil if im has
// none (the generic path).
func packedGemm[T Float](im *dispatch.Impl) *gemmMicro[T] {
	for _, e := range gemmEngines {
		if e.im != im {
			continue
		}
		if dispatch.Is32[T]() {
			return (*gemmMicro[T])(unsafe.Pointer(e.f32))
		}
		return (*gemmMicro[T])(unsafe.Pointer(e.f64))
	}
	return nil
}

// gemmRun computes Gemm with micro-kernel mk, then epilogue ep: the packed
// algorithm, split across goroutines when large enough, which applies ep to
// each block of C as it finishes it; or, applying ep to C afterwards, the
// unpacked loops of gemmGeneric for small problems or the vector kernels for
// skinny ones (gemmSkinny).
func gemmRun[T Float](mk *gemmMicro[T], transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int, ep *epilogue[T]) {
	if m*n*k < gemmSmall {
		gemmGeneric(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		ep.apply(c, ldc, 0, 0, m, n)
		return
	}
	if r := mk.skinnyRoute(transA, transB, m, n, k); r != notSkinny {
		gemmSkinny(mk, r, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		ep.apply(c, ldc, 0, 0, m, n)
		return
	}
	g := packedArgs(mk, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	g.ep = *ep
	g.run()
}

// gemmSkinnyMax is the product m·n·k from which the skinny routes give way
// to the packed algorithm split between goroutines, whose waste at the
// edges of C is then spread over as many cores: the split threshold at
// which the routes were measured (docs/tuning.md).
const gemmSkinnyMax = 1 << 24

// skinnyRoute returns the route of a product through the skinny kernels
// (gemmSkinnyRoute), or notSkinny from gemmSkinnyMax multiply-adds on. It
// does not depend on the parallelism, so that the parallelism does not
// change the result.
func (mk *gemmMicro[T]) skinnyRoute(transA, transB bool, m, n, k int) skinnyRoute {
	if m*n*k >= gemmSkinnyMax {
		return notSkinny
	}
	return gemmSkinnyRoute(transA, transB, m, n, k, mk.nr, mk.kc*mk.nc)
}

// splittable reports whether gemmRun computes a product with the packed
// algorithm split between goroutines, when the parallelism allows: a
// product not skinny, with work for two parts (gemmSplittable).
func (mk *gemmMicro[T]) splittable(transA, transB bool, m, n, k int) bool {
	return gemmSplittable(m, n, k) && mk.skinnyRoute(transA, transB, m, n, k) == notSkinny
}

// packedArgs returns the arguments of the packed algorithm for a product.
// With fewer columns than NR and more rows, every tile would be cut by the
// right edge of C: it computes Cᵀ = op(B)ᵀ·op(A)ᵀ into the transpose of C
// instead, whose few rows take the kernels of fewer rows.
func packedArgs[T Float](mk *gemmMicro[T], transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) gemmArgs[T] {
	if n < mk.nr && m > n {
		return gemmArgs[T]{mk: mk, transA: !transB, transB: !transA, m: n, n: m, k: k, alpha: alpha,
			a: b, lda: ldb, b: a, ldb: lda, beta: beta, c: c, ldc: ldc, transC: true}
	}
	return gemmArgs[T]{mk: mk, transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
		a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc}
}

// gemmSmall is the product m·n·k below which the packed paths call
// gemmGeneric, whose loops have no packing or tile overhead and are then
// faster (docs/tuning.md).
const gemmSmall = 128

// gemmArgs holds the arguments of one Gemm call (or of the part of it that
// one goroutine computes).
type gemmArgs[T Float] struct {
	mk             *gemmMicro[T]
	transA, transB bool
	m, n, k        int
	alpha          T
	a              []T
	lda            int
	b              []T
	ldb            int
	beta           T
	c              []T
	ldc            int
	// transC is set when c holds the transpose of the m×n result: element
	// (i, j) is c[j·ldc + i].
	transC bool
	// ep is the epilogue, in the layout of c (the result's transpose if
	// transC).
	ep epilogue[T]
}

// at returns the index in c of element (i, j) of the result.
func (g *gemmArgs[T]) at(i, j int) int {
	if g.transC {
		return j*g.ldc + i
	}
	return i*g.ldc + j
}

// epAt returns the epilogue of the part of the result that starts at row i,
// column j.
func (g *gemmArgs[T]) epAt(i, j int) epilogue[T] {
	if g.transC {
		return g.ep.at(j, i)
	}
	return g.ep.at(i, j)
}

// finish applies the epilogue to the mb×nb block of the result at row i,
// column j, which is final.
func (g *gemmArgs[T]) finish(i, j, mb, nb int) {
	if g.transC {
		g.ep.apply(g.c, g.ldc, j, i, nb, mb)
		return
	}
	g.ep.apply(g.c, g.ldc, i, j, mb, nb)
}

// serial computes the product on the calling goroutine with pooled packing
// buffers.
func (g *gemmArgs[T]) serial() {
	buf := getGemmBuf(g.mk)
	defer putGemmBuf(g.mk, buf)
	mk := g.mk
	// With few rows, each micro-panel of B meets few tiles: copying B costs
	// more than reading its rows in place (when not transposed).
	direct := !g.transB && g.m <= mk.directB()*mk.mr
	// Likewise A, when transposed: its micro-panels are runs of its rows.
	directA := g.transA && g.n <= gemmDirectA*mk.nr
	// A not transposed, with few tiles of columns, is read by rows in place
	// if the path has kernels for that.
	rowA := !g.transA && mk.rowTiles != nil && g.n <= gemmRowA*mk.nr
	for jc := 0; jc < g.n; jc += mk.nc {
		nb := min(mk.nc, g.n-jc)
		for pc := 0; pc < g.k; pc += mk.kc {
			kb := min(mk.kc, g.k-pc)
			var bd []T // B read in place, from row pc, column jc
			if direct {
				bd = g.b[pc*g.ldb+jc:]
				// Only a last, partial micro-panel needs zero padding.
				if full := nb / mk.nr * mk.nr; full < nb {
					packB(&mk.pack, buf.b, false, g.b, g.ldb, pc, jc+full, kb, nb-full, mk.nr)
				}
			} else {
				packB(&mk.pack, buf.b, g.transB, g.b, g.ldb, pc, jc, kb, nb, mk.nr)
			}
			beta := g.beta
			if pc > 0 {
				beta = 1
			}
			last := pc+kb == g.k
			for ic := 0; ic < g.m; ic += mk.mc {
				mb := min(mk.mc, g.m-ic)
				var ad []T // A read in place, from row pc, column ic (or row ic, column pc if rowA)
				if rowA {
					ad = g.a[ic*g.lda+pc:]
				} else if directA {
					ad = g.a[pc*g.lda+ic:]
				} else {
					packA(&mk.pack, buf.a, g.transA, g.a, g.lda, ic, pc, mb, kb, mk.mr)
				}
				gemmMacro(mk, buf, mb, nb, kb, g.alpha, beta, g.c[g.at(ic, jc):], g.ldc, g.transC, ad, g.lda, rowA, bd, g.ldb)
				if last {
					g.finish(ic, jc, mb, nb) // while the block is in cache
				}
			}
		}
	}
}

// gemmDirectB is the number of tiles of rows up to which B, when not
// transposed, is read in place rather than packed: with so few tiles
// meeting each micro-panel, packing B costs more than it saves
// (docs/tuning.md). gemmDirectBTall is that number for tiles of 14 rows
// (AVX-512), which do 14 multiply-adds for each vector of B they load and
// so keep up with a B read in place for more tiles.
const (
	gemmDirectB     = 6
	gemmDirectBTall = 10
)

// directB returns the number of tiles of rows up to which mk reads B in
// place (gemmDirectB, gemmDirectBTall).
func (mk *gemmMicro[T]) directB() int {
	if mk.mr >= 14 {
		return gemmDirectBTall
	}
	return gemmDirectB
}

// gemmDirectA is the number of tiles of columns up to which A, when
// transposed, is read in place rather than packed (docs/tuning.md).
const gemmDirectA = 4

// gemmRowA is the number of tiles of columns up to which A, when not
// transposed, is read by rows in place by the path's row kernels
// (gemmMicro.rowTiles) rather than packed (docs/tuning.md).
const gemmRowA = 16

// gemmMacro multiplies the mb×kb block of A by the kb×nb block of B into c,
// tile by tile. A is packed in buf.a, or, if ad is not nil, read in place
// from ad: by rows lda apart with the row kernels if rowA, else transposed
// (steps lda apart), in tiles of rowTile rows, the kernels reading only the
// rows there are. B is packed in buf.b, or, if bd is not nil, read in place from bd (rows ldb apart) except for a last
// partial micro-panel, packed at the start of buf.b. Tiles cut by the right
// edge of C are computed into a scratch tile and added to C there; tiles cut
// by its bottom edge are computed by kernels of fewer rows. If transC, c
// holds the transpose of the result and every tile goes through the
// scratch tile.
func gemmMacro[T Float](mk *gemmMicro[T], buf *gemmBuf[T], mb, nb, kb int, alpha, beta T, c []T, ldc int, transC bool,
	ad []T, lda int, rowA bool, bd []T, ldb int) {
	mr, nr := mk.mr, mk.nr
	tiles, rs := mk.tiles, 1 // the kernels, and how far apart A's rows start
	if rowA {
		tiles, rs = mk.rowTiles, lda
	}
	for jr := 0; jr < nb; jr += nr {
		w := min(nr, nb-jr)
		bp, bs := buf.b[jr*kb:(jr+nr)*kb], nr
		if bd != nil {
			bp = buf.b[:nr*kb]
			if w == nr {
				bp, bs = bd[jr:], ldb
			}
		}
		for ir, h := 0, 0; ir < mb; ir += h {
			h = min(mr, mb-ir)
			var ap []T
			as := mr
			if ad != nil {
				h = rowTile(tiles, mb-ir)
				ap, as = ad[ir*rs:], lda
			} else {
				ap = buf.a[ir*kb : (ir+mr)*kb]
			}
			if transC {
				t := buf.t[:mr*nr]
				rows(tiles, h, kb, ap, rs, as, bp, bs, t, nr, alpha, 0)
				for j := range w {
					col := c[(jr+j)*ldc+ir : (jr+j)*ldc+ir+h]
					for i := range col {
						if beta == 0 {
							col[i] = t[i*nr+j]
						} else {
							col[i] = t[i*nr+j] + T(beta*col[i])
						}
					}
				}
				continue
			}
			if w < nr {
				t := buf.t[:mr*nr]
				if ad != nil { // A has only h rows here
					rows(tiles, h, kb, ap, rs, as, bp, bs, t, nr, alpha, 0)
				} else {
					tiles[0].kernel(kb, ap, as, bp, bs, t, nr, alpha, 0)
				}
				for i := range h {
					row := c[(ir+i)*ldc+jr : (ir+i)*ldc+jr+w]
					ti := t[i*nr : i*nr+w]
					if beta == 0 {
						copy(row, ti)
						continue
					}
					for j, v := range ti {
						row[j] = v + T(beta*row[j]) // not fused, as the kernels store
					}
				}
				continue
			}
			if h == mr { // the common case, without a call to rows
				tiles[0].kernel(kb, ap, as, bp, bs, c[ir*ldc+jr:], ldc, alpha, beta)
				continue
			}
			rows(tiles, h, kb, ap, rs, as, bp, bs, c[ir*ldc+jr:], ldc, alpha, beta)
		}
	}
}

// rowTile returns the rows of the next tile when rem rows of A, read in
// place, are left: MR, except that the last MR + h rows, h < MR, are
// taken by the second kernel (8 rows) rather than the MR-row one when that
// lets kernels of at least 4 rows make up all of them: 128 rows are 8 tiles
// of 14 and 2 of 8, not 9 of 14 and one of 2, whose few accumulators wait on
// the latency of the multiply-adds (docs/tuning.md). Each element of C gets
// the same operations whatever the kernel.
func rowTile[T Float](tiles []gemmTile[T], rem int) int {
	mr, r := tiles[0].rows, tiles[1].rows
	if mr < rem && rem < 2*mr && rem%4 == 0 && (rem-mr)%4 != 0 && rem >= 2*r {
		return r
	}
	return min(mr, rem)
}

// rows computes h ≤ MR rows of a tile, from the A micro-panel ap (steps as
// apart, rows rs apart) and the B micro-panel bp (steps bs apart), into c,
// with as few of the kernels tiles as add up to h rows.
func rows[T Float](tiles []gemmTile[T], h, kb int, ap []T, rs, as int, bp []T, bs int, c []T, ldc int, alpha, beta T) {
	for r, i := 0, 0; r < h; {
		t := tiles[i]
		if t.rows > h-r {
			i++
			continue
		}
		t.kernel(kb, ap[r*rs:], as, bp, bs, c[r*ldc:], ldc, alpha, beta)
		r += t.rows
	}
}

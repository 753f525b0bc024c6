//go:build !purego

package kernels

import (
	"math"
	"sync"
	"unsafe"
)

// The GemmBF16 of the avx512 path on CPUs with AVX512_BF16: the loops of
// the packed Gemm (gemm_blocked.go) around the 12×32 micro-kernel
// gemmBF16AVX512 (asm/bf16), on panels packed in pairs of k: element l of
// a packed row holds op(X)(i,2l) in its low 16 bits and op(X)(i,2l+1) in
// its high ones (zero past an odd k), which VDPBF16PS multiplies pairwise.
const (
	bf16MR = 12
	bf16NR = 32
	bf16KC = 384 // k per block (even): a B micro-panel of 24 KiB
	bf16MC = 96  // rows per A block: 72 KiB
	bf16NC = 2048
)

// bf16Packed holds the packed blocks and the scratch tile of one call.
type bf16Packed struct {
	a, b []uint32
	t    []float32
}

var bf16Packs = sync.Pool{New: func() any {
	return &bf16Packed{
		a: make([]uint32, bf16MC*bf16KC/2),
		b: make([]uint32, bf16NC*bf16KC/2),
		t: make([]float32, bf16MR*bf16NR),
	}
}}

// gemmBF16Dot is GemmBF16 on VDPBF16PS. Products of at least 2²¹
// multiply-adds are split over the columns of C, at tile boundaries, between
// as many goroutines as the parallelism of Gemm allows (SetParallelism), so
// every element is computed as on one.
func gemmBF16Dot(transA, transB bool, m, n, k int, alpha float32, a []BFloat16, lda int, b []BFloat16, ldb int, beta float32, c []float32, ldc int) {
	g := bf16Args{transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc}
	tiles := (n + bf16NR - 1) / bf16NR
	parts := min(gemmParallelism(), tiles)
	if !gemmSplittable(m, n, k) || parts <= 1 {
		g.columns(0, n)
		return
	}
	s := bf16Splits.Get().(*bf16Split)
	s.g, s.step = g, (tiles+parts-1)/parts*bf16NR
	s.f.run(parts, parts)
	s.g = bf16Args{} // drop the references to the matrices
	bf16Splits.Put(s)
}

// bf16Args holds the arguments of one GemmBF16 call.
type bf16Args struct {
	transA, transB bool
	m, n, k        int
	alpha          float32
	a              []BFloat16
	lda            int
	b              []BFloat16
	ldb            int
	beta           float32
	c              []float32
	ldc            int
}

// bf16Split is the state of a call split between goroutines: part i
// computes columns i·step to (i+1)·step of C. Pooled with its task function
// set, it runs calls without allocating.
type bf16Split struct {
	f    forkJoin
	g    bf16Args
	step int
}

var bf16Splits = sync.Pool{New: func() any {
	s := new(bf16Split)
	s.f.init(func(i int) { s.g.columns(i*s.step, min((i+1)*s.step, s.g.n)) })
	return s
}}

// columns computes columns j0 to j1 of C with pooled packing buffers.
func (g *bf16Args) columns(j0, j1 int) {
	p := bf16Packs.Get().(*bf16Packed)
	defer bf16Packs.Put(p)
	c, ldc := g.c, g.ldc
	for jc := j0; jc < j1; jc += bf16NC {
		nb := min(bf16NC, j1-jc)
		for pc := 0; pc < g.k; pc += bf16KC {
			kb := min(bf16KC, g.k-pc)
			kp := (kb + 1) / 2
			packBF16AVX512(p.b, g.b, g.ldb, g.transB, jc, pc, nb, kb, bf16NR)
			bt := g.beta
			if pc > 0 {
				bt = 1
			}
			for ic := 0; ic < g.m; ic += bf16MC {
				mb := min(bf16MC, g.m-ic)
				packBF16AVX512(p.a, g.a, g.lda, !g.transA, ic, pc, mb, kb, bf16MR)
				for jr := 0; jr < nb; jr += bf16NR {
					w := min(bf16NR, nb-jr)
					bp := p.b[jr*kp : (jr+bf16NR)*kp]
					for ir := 0; ir < mb; ir += bf16MR {
						h := min(bf16MR, mb-ir)
						ap := p.a[ir*kp : (ir+bf16MR)*kp]
						ci := (ic+ir)*ldc + jc + jr
						if h == bf16MR && w == bf16NR {
							gemmBF16AVX512(kp, ap, bp, c[ci:], ldc, g.alpha, bt)
							continue
						}
						gemmBF16AVX512(kp, ap, bp, p.t, bf16NR, g.alpha, 0)
						for i := range h {
							row, ti := c[ci+i*ldc:ci+i*ldc+w], p.t[i*bf16NR:i*bf16NR+w]
							if bt == 0 {
								copy(row, ti)
								continue
							}
							for j, v := range ti {
								row[j] = v + float32(bt*row[j]) // not fused, as the kernel stores
							}
						}
					}
				}
			}
		}
	}
}

// packBF16AVX512 is packBF16 (w = bf16MR or bf16NR) with the whole pairs
// of k packed by assembly (asm/bf16): two rows of x interleaved where X
// holds op(X)'s rows as its columns, else blocks of 16 pairs of whole
// panels transposed in registers and the other pairs gathered by their
// rows' byte offsets (packBF16 where one would pass 2³¹).
func packBF16AVX512(dst []uint32, x []BFloat16, ld int, kRows bool, i0, l0, ni, kb, w int) {
	if kRows && 2*((w-1)*ld+kb) > math.MaxInt32 {
		packBF16(dst, x, ld, kRows, i0, l0, ni, kb, w)
		return
	}
	kp, whole := (kb+1)/2, kb/2
	var off [bf16NR]int32 // byte offsets of a panel's rows if kRows
	if kRows {
		for r := range w {
			off[r] = int32(2 * r * ld)
		}
	}
	for q := 0; q < ni; q += w {
		d := dst[q*kp : (q+w)*kp]
		h := min(w, ni-q)
		m := uint64(1)<<h - 1
		m0, m1 := m&0xffff, m>>16
		var last []BFloat16 // the lone k of an odd kb, strided by ld if kRows
		if kRows {
			base := (i0+q)*ld + l0
			xs := bits16(x[base : base+(h-1)*ld+kb])
			t := 0 // pairs transposed in registers: blocks of 16 of whole panels
			if h == w {
				t = whole / 16 * 16
				if w == bf16MR {
					packBF16RowsTAVX512W12(d, xs, ld, t/16)
				} else {
					packBF16RowsTAVX512W32(d, xs, ld, t/16)
				}
			}
			if w == bf16MR {
				packBF16RowsAVX512W12(d[t*w:], xs[2*t:], (*[bf16MR]int32)(off[:]), whole-t, m0, m1)
			} else {
				packBF16RowsAVX512W32(d[t*w:], xs[2*t:], &off, whole-t, m0, m1)
			}
			last = x[base+kb-1:]
		} else {
			base := l0*ld + i0 + q
			xs := bits16(x[base : base+(kb-1)*ld+h])
			if w == bf16MR {
				packBF16PairsAVX512W12(d, xs, ld, whole, m0, m1)
			} else {
				packBF16PairsAVX512W32(d, xs, ld, whole, m0, m1)
			}
			last = x[base+(kb-1)*ld:]
		}
		if kb%2 == 1 {
			dl := d[whole*w : kp*w]
			for r := range h {
				if kRows {
					dl[r] = uint32(last[r*ld])
				} else {
					dl[r] = uint32(last[r])
				}
			}
			clear(dl[h:])
		}
	}
}

// packBF16 packs rows i0..i0+ni of op(X), k from l0 to l0+kb, in panels of
// w rows (zero past ni), pairs of k side by side (zero past kb). kRows
// says whether X holds op(X)'s rows as its rows (op(X)(i,l) = x[i·ld+l])
// rather than as its columns (x[l·ld+i]).
func packBF16(dst []uint32, x []BFloat16, ld int, kRows bool, i0, l0, ni, kb, w int) {
	kp := (kb + 1) / 2
	for q := 0; q < ni; q += w {
		d := dst[q*kp : (q+w)*kp]
		h := min(w, ni-q)
		if kRows {
			for r := range h {
				src := x[(i0+q+r)*ld+l0 : (i0+q+r)*ld+l0+kb]
				// A pair of k is the 32 bits at its first element
				// (little-endian; amd64 loads them unaligned).
				if kb >= 2 {
					pairs := unsafe.Slice((*uint32)(unsafe.Pointer(unsafe.SliceData(src))), kb/2)
					for l, v := range pairs {
						d[l*w+r] = v
					}
				}
				if kb%2 == 1 {
					d[(kp-1)*w+r] = uint32(src[kb-1])
				}
			}
		} else {
			for l := 0; l < kb; l += 2 {
				lo := x[(l0+l)*ld+i0+q : (l0+l)*ld+i0+q+h]
				dl := d[l/2*w : l/2*w+h]
				if l+1 == kb {
					for r, v := range lo {
						dl[r] = uint32(v)
					}
					continue
				}
				hi := x[(l0+l+1)*ld+i0+q : (l0+l+1)*ld+i0+q+h]
				for r, v := range lo {
					dl[r] = uint32(v) | uint32(hi[r])<<16
				}
			}
		}
		if h < w {
			for l := range kp {
				clear(d[l*w+h : (l+1)*w])
			}
		}
	}
}

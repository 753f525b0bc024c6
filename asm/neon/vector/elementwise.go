package main

import "github.com/simdkern/simdkern/asm/neon"

// elementwiseUnroll is the number of vectors a pass of the element-wise
// kernels.
const elementwiseUnroll = 4

func axpy(f *neon.File, e neon.Type) {
	name := "axpy" + e.Name + "NEON"
	fn := f.Func(name, "func(alpha "+e.GoType+", x, y []"+e.GoType+")",
		name+" sets y[i] += alpha·x[i] over len(x) elements, multiplying then adding (never fused).",
		"y must be as long as x.")
	// y is read through one pointer and written through another.
	x, y, n, yst := neon.R(0), neon.R(1), neon.R(2), neon.R(3)
	const alpha, xs, ys = 0, 16, 20
	fn.FMOV(fn.Param("alpha"), e.Scalar(alpha))
	fn.VDUP(e.Lane(alpha, 0), e.Vec(alpha))
	fn.MOVD(fn.Base("x"), x)
	fn.MOVD(fn.Base("y"), y)
	fn.MOVD(fn.Len("x"), n)
	fn.MOVD(y, yst)
	stream(fn, e, n, elementwiseUnroll, streamHooks{}, func(count int, m moves) {
		m.load(fn, x, xs, count)
		m.load(fn, y, ys, count)
		for k := range count {
			fn.FMUL(e.Vec(alpha), e.Vec(xs+k), e.Vec(xs+k)) // alpha·x
			fn.FADD(e.Vec(xs+k), e.Vec(ys+k), e.Vec(ys+k))  // y + alpha·x
		}
		m.store(fn, yst, ys, count)
	})
	fn.RET()
}

// ReLU and ReLUMask select bits under a compare mask, so NaN payloads and
// the sign of zero are exactly the reference's: FMAX(x, 0) would quieten a
// signaling NaN, and FMAXNM(x, 0) would turn NaN into 0.

func relu(f *neon.File, e neon.Type) {
	name := "relu" + e.Name + "NEON"
	fn := f.Func(name, "func(dst, x []"+e.GoType+")",
		name+" sets dst[i] to x[i] where x[i] > 0 or is NaN, and to +0 elsewhere, over len(x) elements.",
		"dst must be as long as x.")
	d, x, n := neon.R(0), neon.R(1), neon.R(2)
	const zero, xs, masks = 0, 16, 20
	fn.MOVD(fn.Base("dst"), d)
	fn.MOVD(fn.Base("x"), x)
	fn.MOVD(fn.Len("x"), n)
	fn.Zero(neon.V(zero))
	stream(fn, e, n, elementwiseUnroll, streamHooks{}, func(count int, m moves) {
		m.load(fn, x, xs, count)
		for k := range count {
			fn.FCMLEZero(e.Vec(xs+k), e.Vec(masks+k))                              // x ≤ 0: false for NaN
			fn.VBIT(neon.V(masks+k).B16(), neon.V(zero).B16(), neon.V(xs+k).B16()) // +0 there
		}
		m.store(fn, d, xs, count)
	})
	fn.RET()
}

func reluMask(f *neon.File, e neon.Type) {
	name := "reluMask" + e.Name + "NEON"
	fn := f.Func(name, "func(dst, dy, z []"+e.GoType+")",
		name+" sets dst[i] to dy[i] where z[i] > 0 and to +0 elsewhere, over len(dst) elements.",
		"dy and z must be as long as dst.")
	d, dy, z, n := neon.R(0), neon.R(1), neon.R(2), neon.R(3)
	const dys, zs = 16, 20
	fn.MOVD(fn.Base("dst"), d)
	fn.MOVD(fn.Base("dy"), dy)
	fn.MOVD(fn.Base("z"), z)
	fn.MOVD(fn.Len("dst"), n)
	stream(fn, e, n, elementwiseUnroll, streamHooks{}, func(count int, m moves) {
		m.load(fn, dy, dys, count)
		m.load(fn, z, zs, count)
		for k := range count {
			fn.FCMGTZero(e.Vec(zs+k), e.Vec(zs+k)) // z > 0: false for NaN
			fn.VAND(neon.V(zs+k).B16(), neon.V(dys+k).B16(), neon.V(dys+k).B16())
		}
		m.store(fn, d, dys, count)
	})
	fn.RET()
}

package kernels_test

import (
	"math"
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/internal/kerneltest"
	"github.com/simdkern/simdkern/kernels"
)

// FuzzGemmBF16B compares every path's GemmBF16B with CheckGemm on B
// widened: the products of FuzzGemm (decodeGemm, float32), B rounded to
// bfloat16, its NaN padding kept.
func FuzzGemmBF16B(f *testing.F) {
	f.Add(uint32(0), []byte{})
	f.Add(uint32(0|40<<6|31<<12|3<<21|1<<24|2<<30), make([]byte, 64))       // one row: the vector × matrix kernels
	f.Add(uint32(0|9<<6|7<<12|1<<19|2<<21), []byte{0, 0, 0xc0, 0x7f, 1, 2}) // one row of a transposed A
	f.Add(uint32(4|6<<6|8<<12|1<<20|5<<21|2<<24|3<<27|2<<30), []byte{0, 0, 0x80, 0x3f, 1, 2, 3, 4, 5, 6, 7, 8})
	f.Fuzz(func(t *testing.T, shape uint32, data []byte) {
		g := decodeGemm(shape, decode[float32](data))
		b := make([]kernels.BFloat16, len(g.b))
		for i, v := range g.b {
			b[i] = kernels.BFloat16Of(v)
			g.b[i] = b[i].Float32()
		}
		for _, im := range dispatch.Runnable() {
			c := append([]float32(nil), g.c0...)
			im.BF16.GemmB(g.transA, g.transB, g.m, g.n, g.k, g.alpha, g.a, g.lda, b, g.ldb, g.beta, c, g.ldc)
			if err := kerneltest.CheckGemm(g.transA, g.transB, g.m, g.n, g.k, g.alpha, g.a, g.lda, g.b, g.ldb, g.beta, g.c0, c, g.ldc); err != nil {
				t.Fatalf("%s: %v: %v", im.Name, &g, err)
			}
			for i, x := range c {
				if i%g.ldc >= g.n && !math.IsNaN(float64(x)) {
					t.Fatalf("%s: padding c[%d] (ldc=%d, n=%d) written: %v", im.Name, i, g.ldc, g.n, x)
				}
			}
		}
	})
}

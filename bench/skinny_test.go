package bench

import (
	"fmt"
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
)

// skinnyShapes are the products of a network that are far from square
// (m×n×k, op(A) m×k, op(B) k×n): a batch of 1, 4 or 16 samples through a
// 512×512 layer, output layers of 3 and 10 classes over a batch of 1024
// with 512 inputs, and a first layer of 2 inputs to 64 neurons.
var skinnyShapes = [][3]int{
	{1, 512, 512}, {4, 512, 512}, {16, 512, 512},
	{1024, 3, 512}, {1024, 10, 512},
	{1024, 64, 2},
}

// skinnyDefault are the products BenchmarkGemmSkinny runs without
// -bench.full, shape → layout: dvalues·Wᵀ of one sample and the dweights of
// an output layer of 10 classes.
var skinnyDefault = map[[3]int]string{{1, 512, 512}: "NT", {1024, 10, 512}: "TN"}

// BenchmarkGemmSkinny times C = op(A)·op(B) (alpha 1, beta 0) on
// skinnyShapes in every layout: NT with m = 1 is dvalues·Wᵀ of one sample,
// TN with n small the dweights of an output layer. float32; float64, every
// shape and every layout with -bench.full (skinnyDefault without).
func BenchmarkGemmSkinny(b *testing.B) {
	bothTypes(b, benchGemmSkinny[float32], benchGemmSkinny[float64])
}

func benchGemmSkinny[T dispatch.Float](b *testing.B) {
	for _, s := range skinnyShapes {
		if !*full && skinnyDefault[s] == "" {
			continue
		}
		m, n, k := s[0], s[1], s[2]
		b.Run(fmt.Sprintf("shape=%dx%dx%d", m, n, k), func(b *testing.B) {
			for _, l := range gemmLayouts {
				if !*full && l.name != skinnyDefault[s] {
					continue
				}
				b.Run("layout="+l.name, func(b *testing.B) {
					for _, im := range gemmImpls[T]() {
						b.Run("impl="+im.name, func(b *testing.B) {
							benchGemm(b, im.gemm, l.transA, l.transB, m, n, k)
						})
					}
				})
			}
		})
	}
}

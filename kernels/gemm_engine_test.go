package kernels

import (
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
)

// pathGemm returns the packed Gemm of the path named name for T, or nil if
// the path has none or is not built for this architecture.
func pathGemm[T Float](name string) *gemmMicro[T] {
	for _, im := range dispatch.All() {
		if im.Name == name {
			return packedGemm[T](im)
		}
	}
	return nil
}

// TestGemmEngines checks that every path but the generic one has a packed
// Gemm for each element type, built whole: block sizes set and consistent
// with the tiles, and the vector kernels those of its own path.
func TestGemmEngines(t *testing.T) {
	for _, im := range dispatch.All() {
		checkEngine(t, im, packedGemm[float32](im), dispatch.For[float32](im))
		checkEngine(t, im, packedGemm[float64](im), dispatch.For[float64](im))
	}
}

func checkEngine[T Float](t *testing.T, im *dispatch.Impl, mk *gemmMicro[T], vec *dispatch.Kernels[T]) {
	if im.Name == "generic" {
		if mk != nil {
			t.Errorf("generic %T: has a packed Gemm", T(0))
		}
		return
	}
	switch {
	case mk == nil:
		t.Errorf("%s %T: no packed Gemm", im.Name, T(0))
	case mk.kc <= 0 || mk.mc < mk.mr || mk.mc%mk.mr != 0 || mk.nc < mk.nr || mk.nc%mk.nr != 0:
		t.Errorf("%s %T: blocks kc=%d mc=%d nc=%d for %d×%d tiles", im.Name, T(0), mk.kc, mk.mc, mk.nc, mk.mr, mk.nr)
	case mk.vec != vec:
		t.Errorf("%s %T: vector kernels of another path", im.Name, T(0))
	case len(mk.tiles) == 0 || mk.tiles[0].rows != mk.mr:
		t.Errorf("%s %T: tiles %v for mr = %d", im.Name, T(0), len(mk.tiles), mk.mr)
	}
}

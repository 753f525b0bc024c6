package kernels

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
	"weak"
)

// TestGemmBufReleased checks that packing buffers no call takes any more
// are given back to the garbage collector, and that a steady stream of calls
// takes back the buffer it returned.
func TestGemmBufReleased(t *testing.T) {
	// Only the collections below: one the runtime started on its own
	// would count as a collection without a call.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	// collect runs a collection and waits until the pools were told of it.
	collect := func() {
		n := gcWatch.told.Load()
		runtime.GC()
		for gcWatch.told.Load() == n {
			time.Sleep(100 * time.Microsecond)
		}
	}
	mk := &gemmMicro[float32]{mr: 4, nr: 8, kc: 64, mc: 64, nc: 256}
	putGemmBuf(mk, getGemmBuf(mk)) // the pool watches collections from now on
	collect()                      // and none from before is on its way
	buf := getGemmBuf(mk)
	w := weak.Make(&buf.b[0])
	putGemmBuf(mk, buf)
	for range 3 {
		collect()
		buf = getGemmBuf(mk)
		if weak.Make(&buf.b[0]) != w {
			t.Fatal("a buffer in use between collections was not kept")
		}
		putGemmBuf(mk, buf)
	}
	buf = nil
	for i := 0; w.Value() != nil; i++ {
		if i == 3 {
			t.Fatal("an idle packing buffer survived 3 collections")
		}
		collect()
	}
}

// TestSetParallelism checks that the setting caps the parts a large product
// is split into, whatever GOMAXPROCS says, and that n < 1 restores it.
func TestSetParallelism(t *testing.T) {
	defer SetParallelism(SetParallelism(0))
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(8))
	mk := &gemmMicro[float32]{mr: 4, nr: 8, kc: 64, mc: 64, nc: 256}
	g := gemmArgs[float32]{mk: mk, m: 1024, n: 1024, k: 1024}
	for _, tc := range []struct{ set, want int }{{0, 8}, {1, 1}, {3, 3}, {-1, 8}, {100, 64}} {
		SetParallelism(tc.set)
		if _, _, _, parts := g.split(gemmParallelism()); parts != tc.want {
			t.Errorf("SetParallelism(%d), GOMAXPROCS 8: %d parts, want %d", tc.set, parts, tc.want)
		}
	}
	if prev := SetParallelism(5); prev != 100 {
		t.Errorf("SetParallelism returned %d, want the previous setting 100", prev)
	}
}

package kernels

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/internal/kerneltest"
)

// callerShapes are the products of the concurrent-caller tests and
// benchmark: squares of 64 to 512, the larger split between goroutines
// when workers are free.
var callerShapes = []int{64, 128, 256, 512}

// callerInputs returns A and B for every shape of callerShapes.
func callerInputs() (a, b [][]float32) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, n := range callerShapes {
		a = append(a, randMatrix[float32](r, n, n))
		b = append(b, randMatrix[float32](r, n, n))
	}
	return a, b
}

// checkClaims checks that every worker is free again once the calls have
// returned, and no goroutine counted busy: each claim (gemmEnter) given
// back, by the worker that ran its tasks or by the caller that withdrew its
// offer, and each caller gone (gemmLeave).
func checkClaims(t *testing.T) {
	t.Helper()
	if free, n, busy := gemmWorkers.free.Load(), gemmWorkers.n.Load(), gemmWorkers.busy.Load(); free != n || busy != 0 {
		t.Errorf("%d of %d workers free and %d goroutines busy after the calls returned", free, n, busy)
	}
}

// TestGemmCallers runs 64 goroutines calling Gemm and GemmBatch at once on
// squares of 64 to 512 mixed, at parallelism 3, so that most find no worker
// free and compute their products whole while others split theirs, and
// checks on every path that they all finish and give the bits of a serial
// run.
func TestGemmCallers(t *testing.T) {
	defer SetParallelism(SetParallelism(1))
	kerneltest.OnEveryPath(t, testGemmCallers)
}

func testGemmCallers(t *testing.T) {
	if packedGemm[float32](dispatch.Active()) == nil {
		t.Skip("the generic path computes every product on the calling goroutine")
	}
	SetParallelism(1)
	a, b := callerInputs()
	want := make([][]float32, len(callerShapes))
	for i, n := range callerShapes {
		want[i] = make([]float32, n*n)
		Gemm(false, false, n, n, n, 1, a[i], n, b[i], n, 0, want[i], n)
	}
	SetParallelism(3)
	const callers = 64
	errs := make(chan error, callers)
	var wg sync.WaitGroup
	for g := range callers {
		wg.Go(func() {
			// Up to 256 but in two callers: quick enough under qemu and
			// -race.
			i, j := g%3, (g/3)%3
			if g%32 == 31 {
				i = 3
			}
			n, m := callerShapes[i], callerShapes[j]
			c, d := make([]float32, n*n), make([]float32, m*m)
			Gemm(false, false, n, n, n, 1, a[i], n, b[i], n, 0, c, n)
			clear(d)
			GemmBatch([]GemmOp[float32]{
				{M: n, N: n, K: n, Alpha: 1, A: a[i], LDA: n, B: b[i], LDB: n, C: c, LDC: n},
				{M: m, N: m, K: m, Alpha: 1, A: a[j], LDA: m, B: b[j], LDB: m, C: d, LDC: m},
			})
			for x, got := range [][]float32{c, d} {
				if err := kerneltest.Diff(fmt.Sprintf("caller %d, product %d", g, x), got, want[[]int{i, j}[x]]); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Minute): // a deadlock: the products take seconds under -race
		t.Fatal("64 concurrent callers did not finish")
	}
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	checkClaims(t)
}

// blockedJob is a job that holds a worker until release is closed.
type blockedJob struct {
	started *sync.WaitGroup
	release chan struct{}
}

func (j blockedJob) work() {
	j.started.Done()
	<-j.release
}

// TestGemmCallersNeverWait holds every worker with a job that does not end
// (as a long product of another goroutine would) and checks on every path
// that a Gemm and a GemmBatch that would split between goroutines are
// computed by their callers alone, with the bits of a serial run, instead
// of waiting for a worker: whole, without offering a part, while the held
// workers are claimed, as they are when they run other calls' parts, or
// while other calls take every core; and split but still computed by the
// caller when a worker counted free does not come (as one just woken may
// not), even with the queue full. Before the callers ran their parts
// themselves, they waited here until the workers were released.
func TestGemmCallersNeverWait(t *testing.T) {
	defer SetParallelism(SetParallelism(1))
	kerneltest.OnEveryPath(t, testGemmCallersNeverWait)
}

func testGemmCallersNeverWait(t *testing.T) {
	mk := packedGemm[float32](dispatch.Active())
	if mk == nil {
		t.Skip("the generic path computes every product on the calling goroutine")
	}
	const n = 256 // split in 4 at parallelism 4
	a, b := callerInputs()
	i := slices.Index(callerShapes, n)
	want := make([]float32, n*n)
	SetParallelism(1)
	Gemm(false, false, n, n, n, 1, a[i], n, b[i], n, 0, want, n)
	SetParallelism(4)
	g := gemmArgs[float32]{mk: mk, m: n, n: n, k: n}
	if _, _, _, parts := g.split(gemmParallelism()); parts != 4 {
		t.Fatalf("%d³ splits in %d parts at parallelism 4, want 4", n, parts)
	}
	startGemmWorkers(3)
	workers := int(gemmWorkers.n.Load())
	claimed := gemmEnter(workers, workers+1)
	gemmLeave() // the test computes nothing
	if claimed != workers {
		t.Fatalf("claimed %d of %d idle workers", claimed, workers)
	}
	var started sync.WaitGroup
	started.Add(workers)
	release := make(chan struct{})
	for range workers {
		gemmJobs <- blockedJob{&started, release}
	}
	started.Wait() // every worker is held, and the queue is empty

	calls := func() (c, d []float32) {
		c, d = make([]float32, n*n), make([]float32, n*n)
		Gemm(false, false, n, n, n, 1, a[i], n, b[i], n, 0, c, n)
		GemmBatch([]GemmOp[float32]{
			{M: n, N: n, K: n, Alpha: 1, A: a[i], LDA: n, B: b[i], LDB: n, C: d, LDC: n},
			{M: n, N: n, K: 0, Alpha: 1, LDA: 0, LDB: n, C: make([]float32, n*n), LDC: n},
		})
		return c, d
	}
	for _, tc := range []struct {
		name   string
		setup  func()
		offers bool // whether the calls put offers in the queue
	}{
		{"no worker free", func() {}, false},
		{"every core taken by other calls", func() {
			releaseGemmWorkers(workers)
			gemmWorkers.busy.Add(4)
		}, false},
		{"the workers counted free", func() { gemmWorkers.busy.Add(-4) }, true},
		{"the queue full", func() {
			for len(gemmJobs) < cap(gemmJobs) {
				gemmJobs <- new(forkRunner) // as an entry of a withdrawn offer
			}
		}, false},
	} {
		tc.setup()
		queued := len(gemmJobs)
		var c, d []float32
		done := make(chan struct{})
		go func() {
			defer close(done)
			c, d = calls()
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Minute): // only a caller waiting for a held worker gets here
			close(release)
			t.Fatalf("%s: Gemm waited for a worker while every worker was busy", tc.name)
		}
		if c == nil {
			t.Fatalf("%s: the caller panicked", tc.name)
		}
		for _, got := range [][]float32{c, d} {
			if err := kerneltest.Diff(tc.name, got, want); err != nil {
				t.Error(err)
			}
		}
		if offers := len(gemmJobs) > queued; offers != tc.offers {
			t.Errorf("%s: %d offers queued, from %d", tc.name, len(gemmJobs), queued)
		}
	}
	close(release)
	checkClaims(t)
}

// BenchmarkGemmCallers times callers=1, 2, 16 and 64 goroutines calling
// Gemm at once on float32 squares of n = 64, 128, 256 and 512, as
// concurrent requests to a server would, at the default parallelism, after
// a round that fills the pools of packing buffers. GFLOP/s is the
// aggregate of all callers.
func BenchmarkGemmCallers(b *testing.B) {
	a, bm := callerInputs()
	for _, callers := range []int{1, 2, 16, 64} {
		for i, n := range callerShapes {
			b.Run(fmt.Sprintf("callers=%d/n=%d", callers, n), func(b *testing.B) {
				c := make([][]float32, callers)
				for g := range c {
					c[g] = make([]float32, n*n)
				}
				run := func(calls int) {
					var done atomic.Int64
					var wg sync.WaitGroup
					for g := range callers {
						wg.Go(func() {
							for done.Add(1) <= int64(calls) {
								Gemm(false, false, n, n, n, 1, a[i], n, bm[i], n, 0, c[g], n)
							}
						})
					}
					wg.Wait()
				}
				run(callers)
				b.ResetTimer()
				run(b.N)
				b.ReportMetric(2*float64(n*n*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}

// BenchmarkGemmSplit times the float32 products of a training step of the
// MNIST network 784→128→128→10 at batch 128 that gemmPartMin decides to
// split or not: forward products, a weight gradient alone, and the two
// gradient products of a dense layer's backward pass in one GemmBatch. Run
// it with GOMAXPROCS=1 and GOMAXPROCS=2 in the environment to see what a
// split gains: -cpu does not reach a b.Loop benchmark, which runs whole
// before testing sets GOMAXPROCS (go.dev/issue/49980).
func BenchmarkGemmSplit(b *testing.B) {
	r := rand.New(rand.NewPCG(13, 14))
	const batch = 128
	type product struct {
		transA, transB bool
		m, n, k        int
	}
	for _, tc := range []struct {
		name string
		ops  []product
	}{
		{"forward=784x128", []product{{false, false, batch, 128, 784}}},
		{"forward=128x128", []product{{false, false, batch, 128, 128}}},
		{"dweights=784x128", []product{{true, false, 784, 128, batch}}},
		{"backward=784x128", []product{{true, false, 784, 128, batch}, {false, true, batch, 784, 128}}},
		{"backward=128x128", []product{{true, false, 128, 128, batch}, {false, true, batch, 128, 128}}},
	} {
		var ops []GemmOp[float32]
		flops := 0.0
		for _, p := range tc.ops {
			ar, ac := p.m, p.k
			if p.transA {
				ar, ac = ac, ar
			}
			br, bc := p.k, p.n
			if p.transB {
				br, bc = bc, br
			}
			ops = append(ops, GemmOp[float32]{TransA: p.transA, TransB: p.transB, M: p.m, N: p.n, K: p.k, Alpha: 1,
				A: randMatrix[float32](r, ar, ac), LDA: ac, B: randMatrix[float32](r, br, bc), LDB: bc,
				C: make([]float32, p.m*p.n), LDC: p.n})
			flops += 2 * float64(p.m*p.n*p.k)
		}
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				GemmBatch(ops)
			}
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

// BenchmarkForkJoin times the hand-over of a part to a worker: a fork-join
// of two empty tasks, one run by the caller and one offered to a worker
// (which the caller runs itself if no worker takes it first). Run with
// -cpu 2.
func BenchmarkForkJoin(b *testing.B) {
	var f forkJoin
	f.init(func(int) {})
	f.run(2, 2) // start the worker
	for b.Loop() {
		f.run(2, 2)
	}
}

// BenchmarkGemmBeside times a float32 256³ Gemm while another goroutine
// runs 1024³ products without pause (the case of a small request beside a
// large one), at the default parallelism.
func BenchmarkGemmBeside(b *testing.B) {
	const n, big = 256, 1024
	r := rand.New(rand.NewPCG(15, 16))
	a, bm, c := randMatrix[float32](r, n, n), randMatrix[float32](r, n, n), make([]float32, n*n)
	ba, bb, bc := randMatrix[float32](r, big, big), randMatrix[float32](r, big, big), make([]float32, big*big)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
				Gemm(false, false, big, big, big, 1, ba, big, bb, big, 0, bc, big)
			}
		}
	})
	for b.Loop() {
		Gemm(false, false, n, n, n, 1, a, n, bm, n, 0, c, n)
	}
	b.StopTimer()
	close(stop)
	wg.Wait()
}

// TestGemmWorkersPark checks that the workers stop polling the queue once
// no part has come for gemmSpin: an idle program burns no core.
func TestGemmWorkersPark(t *testing.T) {
	if packedGemm[float32](dispatch.Active()) == nil {
		t.Skip("the generic path computes every product on the calling goroutine")
	}
	defer SetParallelism(SetParallelism(4))
	const n = 256 // split: 2²⁴ multiply-adds
	a, b, c := make([]float32, n*n), make([]float32, n*n), make([]float32, n*n)
	for range 10 {
		Gemm(false, false, n, n, n, 1, a, n, b, n, 0, c, n)
	}
	deadline := time.Now().Add(time.Second + 100*gemmSpin)
	for gemmSpinning.Load() > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d workers still polling the queue %v after the last call", gemmSpinning.Load(), time.Second+100*gemmSpin)
		}
		time.Sleep(gemmSpin / 4)
	}
	checkClaims(t)
}

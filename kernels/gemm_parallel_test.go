package kernels

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/simdkern/simdkern/internal/kerneltest"
)

// callerShapes are the products of the concurrent-caller tests and
// benchmark: squares of 64 to 512, the larger split between goroutines.
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

// TestGemmCallers runs 64 goroutines calling Gemm and GemmBatch at once,
// with products large enough to split, and checks that they all finish and
// give the bits of a serial run.
func TestGemmCallers(t *testing.T) {
	defer SetParallelism(SetParallelism(3))
	a, b := callerInputs()
	shapes := callerShapes[:3] // up to 256: quick enough under qemu and -race
	want := make([][]float32, len(shapes))
	for i, n := range shapes {
		want[i] = make([]float32, n*n)
		Gemm(false, false, n, n, n, 1, a[i], n, b[i], n, 0, want[i], n)
	}
	const callers = 64
	errs := make(chan error, callers)
	var wg sync.WaitGroup
	for g := range callers {
		wg.Go(func() {
			i, j := g%len(shapes), (g/len(shapes))%len(shapes)
			n, m := shapes[i], shapes[j]
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

// TestGemmCallerNeverWaits holds every worker with a job that does not end
// (as a long product of another goroutine would) and checks that a Gemm and
// a GemmBatch that would split between goroutines are computed by their
// callers alone, with the bits of a serial run, instead of waiting for a
// worker, even once the queue is full. Before the callers ran their parts themselves, they waited here
// until the workers were released.
func TestGemmCallerNeverWaits(t *testing.T) {
	defer SetParallelism(SetParallelism(1))
	const n = 128 // split at any parallelism > 1
	if !gemmSplittable(n, n, n) {
		t.Fatalf("%d³ is not split", n)
	}
	a, b := callerInputs()
	i := slices.Index(callerShapes, n)
	want := make([]float32, n*n)
	Gemm(false, false, n, n, n, 1, a[i], n, b[i], n, 0, want, n)

	SetParallelism(4)
	startGemmWorkers(3)
	gemmWorkers.Lock()
	workers := gemmWorkers.n
	gemmWorkers.Unlock()
	var started sync.WaitGroup
	started.Add(workers)
	release := make(chan struct{})
	defer close(release)
	for range workers {
		gemmJobs <- blockedJob{&started, release}
	}
	started.Wait() // every worker is held

	var finished atomic.Bool
	done := make(chan struct{})
	c, d := make([]float32, n*n), make([]float32, n*n)
	go func() {
		defer close(done)
		// Enough calls to fill the queue with offers no worker takes.
		for range cap(gemmJobs)/3 + 1 {
			Gemm(false, false, n, n, n, 1, a[i], n, b[i], n, 0, c, n)
		}
		GemmBatch([]GemmOp[float32]{
			{M: n, N: n, K: n, Alpha: 1, A: a[i], LDA: n, B: b[i], LDB: n, C: d, LDC: n},
			{M: n, N: n, K: 0, Alpha: 1, LDA: 0, LDB: n, C: make([]float32, n*n), LDC: n},
		})
		finished.Store(true)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Minute): // only a caller waiting for a held worker gets here
		t.Fatal("Gemm waited for a worker while every worker was busy")
	}
	if !finished.Load() {
		t.Fatal("the caller panicked")
	}
	for _, got := range [][]float32{c, d} {
		if err := kerneltest.Diff("c", got, want); err != nil {
			t.Fatal(err)
		}
	}
}

// BenchmarkGemmCallers times callers=1, 2, 16 and 64 goroutines each
// calling Gemm on float32 squares of 64, 128, 256 and 512 in turn, as
// concurrent requests to a server would, at the default parallelism.
// GFLOP/s is the aggregate of all callers.
func BenchmarkGemmCallers(b *testing.B) {
	a, bm := callerInputs()
	flops := 0.0
	for _, n := range callerShapes {
		flops += 2 * float64(n*n*n)
	}
	for _, callers := range []int{1, 2, 16, 64} {
		b.Run(fmt.Sprintf("callers=%d", callers), func(b *testing.B) {
			var rounds atomic.Int64
			var wg sync.WaitGroup
			b.ResetTimer()
			for range callers {
				wg.Go(func() {
					c := make([]float32, 512*512)
					for rounds.Add(1) <= int64(b.N) {
						for i, n := range callerShapes {
							Gemm(false, false, n, n, n, 1, a[i], n, bm[i], n, 0, c, n)
						}
					}
				})
			}
			wg.Wait()
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

// BenchmarkGemmSplit times the float32 products of a training step of the
// MNIST network 784→128→128→10 at batch 128 that gemmPartMin decides to
// split or not: forward products, a weight gradient alone, and the two
// gradient products of a dense layer's backward pass in one GemmBatch. Run
// with -cpu 1,2 to see what a split gains.
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

package kernels

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// gemmPartMin is the least work, in multiply-adds, worth a goroutine of its
// own: 15–20 µs of one Zen 5 core in float32, against 0.15–0.5 µs to hand
// a part to a worker that is running or polling (gemmSpin) and tens of µs
// to wake a parked one (docs/tuning.md). Every product of the MNIST
// network 784→128→128→10 at batch 128 but those of the last layer then
// splits in two.
const gemmPartMin = 1 << 20

// gemmSplittable reports whether an m×n×k product has work enough for two
// parts of at least gemmPartMin: Gemm splits no smaller product, whatever
// the parallelism.
func gemmSplittable(m, n, k int) bool { return m*n*k >= 2*gemmPartMin }

// gemmMaxParts bounds the number of goroutines one Gemm uses.
const gemmMaxParts = 64

// gemmProcs is the setting of SetParallelism: 0 for GOMAXPROCS.
var gemmProcs atomic.Int64

// SetParallelism sets the most goroutines one Gemm or GemmBatch call
// computes on, the caller's included, and returns the previous setting.
// n < 1 restores the default, GOMAXPROCS at the time of each call; n = 1
// keeps every Gemm on the calling goroutine. Gemm splits a product only
// when it has at least 2²¹ multiply-adds, over rows or columns of C, and
// ColSum and ReLUMaskColSum split a matrix of at least 2¹⁷ elements by
// blocks of rows, so the results have the same bits whatever the setting.
// Optimizer steps (SGDMomentum, Adagrad, RMSprop, Adam) split vectors of
// at least 2¹⁵ elements, which changes no bit either. The goroutines they
// hand parts to are started on first need, poll for more work for 200 µs
// after a part, and then park; a caller never waits for one to be free: a
// call that finds none free (other calls hold them all) computes its
// product whole, on the calling goroutine. Safe for concurrent use; a call
// in flight keeps the setting it started with.
func SetParallelism(n int) (previous int) {
	return int(gemmProcs.Swap(int64(max(n, 0))))
}

// gemmParallelism returns the most goroutines a Gemm call may use now.
func gemmParallelism() int {
	if n := int(gemmProcs.Load()); n > 0 {
		return n
	}
	return runtime.GOMAXPROCS(0)
}

// run computes the product, split into parts over the rows or the columns of
// C when it is large enough, the parallelism allows and workers and cores
// are free to take the parts (gemmEnter): with none, the caller computes it
// whole, as one part. Part boundaries fall on tile boundaries, so every
// element is computed exactly as serial would, however many parts there
// are.
func (g *gemmArgs[T]) run() {
	procs := gemmParallelism()
	_, _, _, parts := g.split(procs)
	if parts <= 1 {
		g.serial()
		return
	}
	helpers := gemmEnter(parts-1, procs)
	defer gemmLeave()
	if helpers == 0 {
		g.serial()
		return
	}
	s := getGemmSplit(g.mk)
	s.tasks = g.appendParts(s.tasks, helpers+1)
	s.runOn(len(s.tasks), helpers)
	putGemmSplit(g.mk, s)
}

// split returns how the product divides between at most procs goroutines:
// over rows (or columns) of C, in tiles of step rows (columns), into parts.
func (g *gemmArgs[T]) split(procs int) (byRows bool, tiles, step, parts int) {
	byRows = g.m >= g.n
	tiles, step = (g.n+g.mk.nr-1)/g.mk.nr, g.mk.nr
	if byRows {
		tiles, step = (g.m+g.mk.mr-1)/g.mk.mr, g.mk.mr
	}
	if !gemmSplittable(g.m, g.n, g.k) {
		return byRows, tiles, step, 1
	}
	return byRows, tiles, step, max(1, min(procs, g.m*g.n*g.k/gemmPartMin, tiles, gemmMaxParts))
}

// appendParts appends to tasks the parts of the product for at most procs
// goroutines (split), each the packed loops on a band of rows or columns of
// C.
func (g *gemmArgs[T]) appendParts(tasks []gemmTask[T], procs int) []gemmTask[T] {
	byRows, tiles, step, parts := g.split(procs)
	lo := 0
	for p := range parts {
		hi := (p + 1) * tiles / parts * step
		part := *g
		if byRows {
			hi = min(hi, g.m)
			part.m = hi - lo
			if g.transA {
				part.a = g.a[lo:]
			} else {
				part.a = g.a[lo*g.lda:]
			}
			part.c = g.c[g.at(lo, 0):]
			part.ep = g.epAt(lo, 0)
		} else {
			hi = min(hi, g.n)
			part.n = hi - lo
			if g.transB {
				part.b = g.b[lo*g.ldb:]
			} else {
				part.b = g.b[lo:]
			}
			part.c = g.c[g.at(0, lo):]
			part.ep = g.epAt(0, lo)
		}
		lo = hi
		tasks = append(tasks, gemmTask[T]{args: part})
	}
	return tasks
}

// A gemmTask is the work of one goroutine in a parallel Gemm or GemmBatch:
// part of a product (the packed loops on a band of C), or, if whole, a
// product too small to split, with the arguments of Gemm (not packedArgs'),
// computed by gemmRun (on one goroutine, by split's threshold).
type gemmTask[T Float] struct {
	args  gemmArgs[T]
	whole bool
}

func (t *gemmTask[T]) exec() {
	if !t.whole {
		t.args.serial()
		return
	}
	g := &t.args
	gemmRun(g.mk, g.transA, g.transB, g.m, g.n, g.k, g.alpha, g.a, g.lda, g.b, g.ldb, g.beta, g.c, g.ldc, &epilogue[T]{})
}

// gemmSplit is the pooled state of one parallel Gemm or GemmBatch: its
// tasks, which its fork-join runs.
type gemmSplit[T Float] struct {
	forkJoin
	tasks  []gemmTask[T]
	shares []int // GemmBatch's goroutines for each product (gemmShares)
}

// getGemmSplit returns a gemmSplit with no tasks from mk's pool.
func getGemmSplit[T Float](mk *gemmMicro[T]) *gemmSplit[T] {
	s, _ := mk.splits.Get().(*gemmSplit[T])
	if s == nil {
		s = new(gemmSplit[T])
		s.init(func(i int) { s.tasks[i].exec() })
	}
	return s
}

// putGemmSplit drops s's references to the caller's matrices and returns it
// to mk's pool.
func putGemmSplit[T Float](mk *gemmMicro[T], s *gemmSplit[T]) {
	clear(s.tasks)
	s.tasks = s.tasks[:0]
	mk.splits.Put(s)
}

// A forkJoin runs tasks 0 to n−1 of a call, each once, on the calling
// goroutine and the workers free to join it, taking them in order until
// none is left. Its task function is set once, when it is made, so that
// pooled, it runs calls without allocating.
type forkJoin struct {
	task    func(i int)
	n       int
	next    atomic.Int64
	pending atomic.Int32 // runners offered or running: wg's count
	wg      sync.WaitGroup
	runners [gemmMaxParts]forkRunner
}

// init sets f's task function.
func (f *forkJoin) init(task func(i int)) {
	f.task = task
	for i := range f.runners {
		f.runners[i].f = f
	}
}

// run runs tasks 0 to n−1 on at most procs goroutines, one a task at most,
// and returns when all are done: on the caller and the workers it can claim
// (gemmEnter), with none on the caller alone.
func (f *forkJoin) run(n, procs int) {
	f.runOn(n, gemmEnter(min(procs, n, gemmMaxParts)-1, procs))
	gemmLeave()
}

// runOn runs tasks 0 to n−1 on the caller and at most helpers workers, which
// it has claimed (gemmEnter) and gives back, and returns when all are
// done. The caller never waits for a worker: it offers each claimed worker
// a place, starts on the tasks at once, and withdraws the offers no worker
// has taken by the time the tasks run out, so it waits only for workers
// running its tasks. Nor does a worker ever block, so workers running
// tasks cannot wait on one another.
func (f *forkJoin) runOn(n, helpers int) {
	f.n = n
	f.next.Store(0)
	offered := 0 // runners 1 to offered are in the queue or running
	for offered < min(helpers, n-1, gemmMaxParts-1) {
		r := &f.runners[offered+1]
		// Counted before it is offered: a worker may take it at once,
		// through an entry of an earlier offer still in the queue.
		f.wg.Add(1)
		f.pending.Add(1)
		r.state.Store(runnerOffered)
		select {
		case gemmJobs <- r:
			offered++
			continue
		default: // the queue is full of entries of withdrawn offers
			if r.state.CompareAndSwap(runnerOffered, runnerIdle) {
				f.pending.Add(-1)
				f.wg.Done()
			} else {
				offered++ // taken at once, through an earlier entry
			}
		}
		break
	}
	releaseGemmWorkers(helpers - offered) // the claims not offered
	f.runTasks()
	for i := 1; i <= offered; i++ {
		if f.runners[i].state.CompareAndSwap(runnerOffered, runnerIdle) {
			releaseGemmWorkers(1)
			f.pending.Add(-1)
			f.wg.Done() // withdrawn: no worker took it
		}
	}
	// Poll, yielding, so that a worker waiting for a core (more parts than
	// GOMAXPROCS) runs.
	for start := time.Now(); f.pending.Load() > 0 && time.Since(start) < gemmSpin; {
		runtime.Gosched()
	}
	f.wg.Wait()
}

// runTasks runs the tasks of f not yet taken, one at a time, until none is
// left.
func (f *forkJoin) runTasks() {
	for {
		i := int(f.next.Add(1)) - 1
		if i >= f.n {
			return
		}
		f.task(i)
	}
}

// A forkRunner is a worker's place in its forkJoin, which run offers by
// putting the runner in the queue of the workers. The queue may still hold
// a runner from an earlier call whose offer was withdrawn: a worker runs
// the runner only if it moves it from offered to running, which happens
// once an offer, whichever of the runner's entries in the queue it takes.
type forkRunner struct {
	f     *forkJoin
	state atomic.Int32
}

// The states of a forkRunner.
const (
	runnerIdle    = iota // not offered, or withdrawn, or done
	runnerOffered        // waiting in the queue for a worker
	runnerRunning        // taken by a worker
)

func (r *forkRunner) work() {
	if !r.state.CompareAndSwap(runnerOffered, runnerRunning) {
		return // an entry of a withdrawn offer
	}
	r.f.runTasks()
	r.state.Store(runnerIdle)
	releaseGemmWorkers(1)
	r.f.pending.Add(-1)
	r.f.wg.Done()
}

// gemmJob is work offered to the workers.
type gemmJob interface{ work() }

// gemmJobs is the queue of the workers: long-lived goroutines, started on
// demand up to the largest number of parts any Gemm has used, that poll it
// for gemmSpin after a part and park on it then. A caller offers places
// only to the workers it has claimed, and offers wait in the queue, so a
// worker finishing a part of one call finds the next call's offer as soon
// as it comes back; its capacity bounds the entries of withdrawn offers
// that a busy worker has yet to skip.
var (
	gemmJobs    = make(chan gemmJob, 4*gemmMaxParts)
	gemmWorkers struct {
		sync.Mutex              // held to start workers
		n          atomic.Int32 // workers started
		free       atomic.Int32 // workers neither running tasks nor claimed
		// busy counts the goroutines computing split products or
		// fork-joins: the callers between gemmEnter and gemmLeave, and the
		// workers they have claimed.
		busy atomic.Int32
	}
)

// gemmEnter counts the caller among the busy goroutines and claims for its
// parts up to want workers, as many as are free and as procs, the
// parallelism of the call, leaves room for beside the busy goroutines, and
// returns how many it claimed. With none free, or every core taken by
// other calls (as when more goroutines call Gemm at once than there are
// cores: then a worker, idle or not, has no core to run on), it returns 0
// at once, and the caller runs its work alone. A forkJoin offers each
// claimed worker a place and gives back the claims no worker takes up; a
// worker gives back its claim when it has run its tasks. It starts workers
// up to want first; the caller calls gemmLeave when its work is done.
func gemmEnter(want, procs int) int {
	busy := gemmWorkers.busy.Add(1)
	if want <= 0 || busy >= int32(procs) {
		return 0
	}
	startGemmWorkers(want)
	for {
		free := gemmWorkers.free.Load()
		k := min(free, int32(want), int32(procs)-gemmWorkers.busy.Load())
		if k <= 0 {
			return 0
		}
		if gemmWorkers.free.CompareAndSwap(free, free-k) {
			gemmWorkers.busy.Add(k)
			return int(k)
		}
	}
}

// gemmLeave stops counting the caller of gemmEnter among the busy
// goroutines.
func gemmLeave() { gemmWorkers.busy.Add(-1) }

// releaseGemmWorkers gives back n claims of gemmEnter: n workers free again.
func releaseGemmWorkers(n int) {
	gemmWorkers.busy.Add(-int32(n))
	gemmWorkers.free.Add(int32(n))
}

// startGemmWorkers starts workers until there are n.
func startGemmWorkers(n int) {
	if int(gemmWorkers.n.Load()) >= n {
		return
	}
	gemmWorkers.Lock()
	defer gemmWorkers.Unlock()
	for int(gemmWorkers.n.Load()) < n {
		gemmWorkers.free.Add(1)
		gemmWorkers.n.Add(1)
		go gemmWorker()
	}
}

// gemmSpin is how long a worker that has run a job keeps polling the queue
// before it parks, and how long a caller polls for its parts' end before it
// blocks. Waking a parked goroutine takes the scheduler and, in a virtual
// machine, the host: tens of µs, as long as a part of the products of a
// training step, so that the caller had computed every part itself by the
// time the worker came (docs/tuning.md). Polling, the worker takes the next
// offer within a µs, and the caller goes on as soon as its parts are done.
// At most GOMAXPROCS − 1 workers poll at once, so that one core is left to
// goroutines with work; a busy program pays up to gemmSpin of one core
// after its last split call.
const gemmSpin = 200 * time.Microsecond

func gemmWorker() {
	for j := range gemmJobs {
		for j != nil {
			j.work()
			j = pollGemmJobs()
		}
	}
}

// gemmSpinning counts the workers polling the queue.
var gemmSpinning atomic.Int32

// pollGemmJobs returns the next job of the queue, or nil if none came
// within gemmSpin or GOMAXPROCS − 1 workers poll already.
func pollGemmJobs() gemmJob {
	defer gemmSpinning.Add(-1)
	if gemmSpinning.Add(1) > int32(runtime.GOMAXPROCS(0)-1) {
		return nil
	}
	start := time.Now()
	for {
		select {
		case j := <-gemmJobs:
			return j
		default:
		}
		if time.Since(start) > gemmSpin {
			return nil
		}
	}
}

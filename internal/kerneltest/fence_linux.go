package kerneltest

import (
	"syscall"
	"unsafe"
)

// fence is memory with an unreadable page on each side, so that an input
// slice can start or end exactly at one: a kernel that reads a single byte
// outside its slice there faults and the test crashes instead of passing.
type fence struct {
	mem  []byte // whole mapping
	page int
}

func newFence(bytes int) *fence {
	page := syscall.Getpagesize()
	data := (bytes + page - 1) / page * page
	mem, err := syscall.Mmap(-1, 0, data+2*page, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		panic(err)
	}
	for _, p := range [][]byte{mem[:page], mem[len(mem)-page:]} {
		if err := syscall.Mprotect(p, syscall.PROT_NONE); err != nil {
			panic(err)
		}
	}
	return &fence{mem: mem, page: page}
}

func (f *fence) free() { syscall.Munmap(f.mem) }

// fits reports whether bytes fit between f's unreadable pages.
func (f *fence) fits(bytes int) bool { return bytes <= len(f.mem)-2*f.page }

// fenced copies v into f so that it ends at the unreadable page after the
// data (atEnd) or starts at the one before it.
func fenced[T any](f *fence, v []T, atEnd bool) []T {
	var zero T
	size := int(unsafe.Sizeof(zero))
	if len(v) == 0 {
		return []T{}
	}
	if !f.fits(len(v) * size) {
		panic("kerneltest: fence too small")
	}
	start := f.page
	if atEnd {
		start = len(f.mem) - f.page - len(v)*size
	}
	s := unsafe.Slice((*T)(unsafe.Pointer(&f.mem[start])), len(v))
	copy(s, v)
	return s
}

const haveFence = true

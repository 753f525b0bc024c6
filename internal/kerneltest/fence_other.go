//go:build !linux

package kerneltest

// fence is a no-op where there is no mmap: fenced slices are plain copies.
type fence struct{}

func newFence(int) *fence { return &fence{} }

func (*fence) free() {}

func (*fence) fits(int) bool { return true }

func fenced[T any](_ *fence, v []T, _ bool) []T { return append([]T(nil), v...) }

const haveFence = false

// Package asm holds the Avo programs that generate simdkern's amd64
// assembly. Run `go generate ./asm` from the module root to regenerate every
// generated file in kernels/; each program writes a .s file and the Go
// declarations of its functions.
package asm

//go:generate go run ./gemm -out ../kernels/gemm_amd64.s -stubs ../kernels/gemm_stubs_amd64.go -pkg kernels
//go:generate go run ./probe -out ../internal/probe/probe_amd64.s -stubs ../internal/probe/probe_stubs_amd64.go -pkg probe
//go:generate go run ./vector -out ../kernels/vector_amd64.s -stubs ../kernels/vector_stubs_amd64.go -pkg kernels

// Package asm holds the programs that generate simdkern's assembly: Avo
// programs for amd64 and a NEON generator for arm64. Run `go generate ./asm`
// from the module root to regenerate every generated file; each program
// writes a .s file and the Go declarations of its functions
// (<family>_<goarch>.s and <family>_stubs_<goarch>.go, in kernels/ or
// internal/probe/).
package asm

//go:generate go run ./gemm -out ../kernels/gemm_amd64.s -stubs ../kernels/gemm_stubs_amd64.go -pkg kernels
//go:generate go run ./skinny -out ../kernels/skinny_amd64.s -stubs ../kernels/skinny_stubs_amd64.go -pkg kernels -tables ../kernels/skinny_tables_amd64.go
//go:generate go run ./probe -out ../internal/probe/probe_amd64.s -stubs ../internal/probe/probe_stubs_amd64.go -pkg probe
//go:generate go run ./vector -out ../kernels/vector_amd64.s -stubs ../kernels/vector_stubs_amd64.go -pkg kernels
//go:generate go run ./exp -out ../kernels/exp_amd64.s -stubs ../kernels/exp_stubs_amd64.go -pkg kernels
//go:generate go run ./bf16 -out ../kernels/bf16_amd64.s -stubs ../kernels/bf16_stubs_amd64.go -pkg kernels
//go:generate go run ./bf16mv -out ../kernels/bf16mv_amd64.s -stubs ../kernels/bf16mv_stubs_amd64.go -pkg kernels
//go:generate go run ./neon/vector -out ../kernels/vector_arm64.s -stubs ../kernels/vector_stubs_arm64.go -pkg kernels
//go:generate go run ./neon/gemm -out ../kernels/gemm_arm64.s -stubs ../kernels/gemm_stubs_arm64.go -pkg kernels
//go:generate go run ./neon/exp -out ../kernels/exp_arm64.s -stubs ../kernels/exp_stubs_arm64.go -pkg kernels
//go:generate go run ./neon/bf16 -out ../kernels/bf16_arm64.s -stubs ../kernels/bf16_stubs_arm64.go -pkg kernels

package main

import (
	"testing"

	"github.com/simdkern/simdkern/asm/neon/neontest"
)

// TestWords decodes every WORD the generator emits and compares it with the
// instruction its comment names.
func TestWords(t *testing.T) { neontest.CheckGenerator(t, generate) }

// Package neon is a small generator of arm64 assembly for Go's assembler,
// in the spirit of Avo (which has no arm64 back end): typed registers and
// arrangements, one method per instruction, and the Go declarations of the
// generated functions, with their doc comments, written beside the
// assembly.
//
// Instructions that Go's assembler knows are written with its mnemonics
// (VLD1, VST1, VFMLA, VDUP, VEOR, VAND, VBIT, FMOVS…). The ones it does not
// know (vector FADD, FSUB, FMUL, FDIV and FSQRT, FCMGT and FCMLE against
// zero, FADDP, FMLA by element) are emitted as WORD $0x… with the encoding computed from the
// instruction's fields, commented with the instruction in standard syntax;
// package neontest decodes every such WORD and checks it against its
// comment.
//
// Operands are in Go's order, as in Avo: sources first, the destination
// last (FADD(m, n, d) sets d = n + m).
package neon

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"os"
	"strings"
)

// File is a set of functions written to one .s file and one Go file of
// declarations.
type File struct {
	pkg   string
	build string
	funcs []*Func
}

// NewFile returns a file of package pkg whose files carry the build
// constraint build (a //go:build expression, or "").
func NewFile(pkg, build string) *File { return &File{pkg: pkg, build: build} }

// Func is a function being written.
type Func struct {
	name    string
	decl    string // the Go declaration: func name(params) results
	doc     []string
	args    map[string]Arg
	argSize int
	lines   []string
}

// Func starts a function named name with Go signature sig, of the form
// "func(x, y []float32, n int) float32", and a doc comment of the given
// lines. Arguments and results may be int, uint16, float32, float64 or
// slices of those; an unnamed result is called ret, as Go's vet expects.
func (f *File) Func(name, sig string, doc ...string) *Func {
	fn := &Func{name: name, doc: doc, args: map[string]Arg{}}
	ft, err := parser.ParseExpr(sig)
	if err != nil {
		panic(fmt.Sprintf("neon: %s: signature %q: %v", name, sig, err))
	}
	t, ok := ft.(*ast.FuncType)
	if !ok {
		panic(fmt.Sprintf("neon: %s: %q is not a function type", name, sig))
	}
	var params, results []string
	off := 0
	fields := func(list *ast.FieldList, out *[]string) {
		if list == nil {
			return
		}
		for _, field := range list.List {
			typ := typeString(field.Type)
			names := []string{"ret"}
			if len(field.Names) > 0 {
				names = names[:0]
				for _, id := range field.Names {
					names = append(names, id.Name)
				}
			}
			for _, n := range names {
				off = fn.addArg(n, typ, off)
				*out = append(*out, n+" "+typ)
			}
		}
	}
	fields(t.Params, &params)
	off = (off + 7) &^ 7 // results start pointer-aligned
	fields(t.Results, &results)
	fn.argSize = off
	fn.decl = "func " + name + "(" + strings.Join(params, ", ") + ")"
	switch len(results) {
	case 0:
	case 1:
		fn.decl += " " + strings.TrimPrefix(results[0], "ret ")
	default:
		fn.decl += " (" + strings.Join(results, ", ") + ")"
	}
	f.funcs = append(f.funcs, fn)
	return fn
}

func typeString(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.Ident:
		return t.Name
	case *ast.ArrayType:
		if t.Len == nil {
			return "[]" + typeString(t.Elt)
		}
	}
	panic(fmt.Sprintf("neon: unsupported argument type %T", e))
}

// addArg lays out argument name of type typ at the first offset from off
// that suits its alignment, and returns the offset after it.
func (fn *Func) addArg(name, typ string, off int) int {
	sizes := map[string]int{"int": 8, "uint16": 2, "float32": 4, "float64": 8}
	if elem, ok := strings.CutPrefix(typ, "[]"); ok {
		if sizes[elem] == 0 {
			panic("neon: unsupported slice type " + typ)
		}
		off = (off + 7) &^ 7
		for i, part := range []string{"base", "len", "cap"} {
			fn.args[name+"."+part] = Arg{name + "_" + part, off + 8*i, 8}
		}
		return off + 24
	}
	size := sizes[typ]
	if size == 0 {
		panic("neon: unsupported type " + typ)
	}
	off = (off + size - 1) &^ (size - 1)
	fn.args[name] = Arg{name, off, size}
	return off + size
}

// Param returns the argument or result called name (ret for an unnamed
// result).
func (fn *Func) Param(name string) Arg {
	a, ok := fn.args[name]
	if !ok {
		panic(fmt.Sprintf("neon: %s has no scalar argument %s", fn.name, name))
	}
	return a
}

// Base and Len return the base and length of the slice argument called
// name.
func (fn *Func) Base(name string) Arg { return fn.Param(name + ".base") }
func (fn *Func) Len(name string) Arg  { return fn.Param(name + ".len") }

// Label places label name (local to the function) here.
func (fn *Func) Label(name string) { fn.lines = append(fn.lines, name+":") }

// Comment writes a comment line, set off by a blank line (unless it
// follows a label), as in Avo's output.
func (fn *Func) Comment(format string, args ...any) {
	if n := len(fn.lines); n > 0 && !strings.HasSuffix(fn.lines[n-1], ":") {
		fn.lines = append(fn.lines, "")
	}
	fn.lines = append(fn.lines, "\t// "+fmt.Sprintf(format, args...))
}

// inst writes an instruction in Go's syntax.
func (fn *Func) inst(mnemonic string, operands ...string) {
	if len(operands) == 0 {
		fn.lines = append(fn.lines, "\t"+mnemonic)
		return
	}
	fn.lines = append(fn.lines, fmt.Sprintf("\t%-7s %s", mnemonic, strings.Join(operands, ", ")))
}

// word writes an instruction Go's assembler lacks: its encoding, with the
// instruction in standard syntax as the comment.
func (fn *Func) word(enc uint32, std string) {
	fn.lines = append(fn.lines, fmt.Sprintf("\t%-7s $0x%08x // %s", "WORD", enc, std))
}

// Write writes the assembly of every function to sFile and their Go
// declarations to stubsFile. command is the command line that generated
// them, named in the header.
func (f *File) Write(sFile, stubsFile, command string) error {
	header := "// Code generated by command: " + command + ". DO NOT EDIT.\n\n"
	if f.build != "" {
		header += "//go:build " + f.build + "\n\n"
	}

	var s bytes.Buffer
	s.WriteString(header)
	s.WriteString("#include \"textflag.h\"\n")
	for _, fn := range f.funcs {
		s.WriteString("\n// " + fn.decl + "\n")
		fmt.Fprintf(&s, "TEXT ·%s(SB), NOSPLIT, $0-%d\n", fn.name, fn.argSize)
		for _, l := range fn.lines {
			s.WriteString(l + "\n")
		}
	}

	var g bytes.Buffer
	g.WriteString(header)
	fmt.Fprintf(&g, "package %s\n", f.pkg)
	for _, fn := range f.funcs {
		g.WriteString("\n")
		for _, d := range fn.doc {
			g.WriteString("// " + d + "\n")
		}
		g.WriteString("//\n//go:noescape\n" + fn.decl + "\n")
	}
	src, err := format.Source(g.Bytes())
	if err != nil {
		return fmt.Errorf("neon: formatting the declarations: %v", err)
	}
	if err := os.WriteFile(sFile, s.Bytes(), 0o666); err != nil {
		return err
	}
	return os.WriteFile(stubsFile, src, 0o666)
}

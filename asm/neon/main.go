package neon

import (
	"flag"
	"log"
	"os"
	"strings"
)

// Main is the main function of a generator command, asm/neon/<name>: it
// takes the flags -out (the assembly file), -stubs (the Go declarations)
// and -pkg (their package), and writes what generate makes for the package.
func Main(name string, generate func(pkg string) *File) {
	out := flag.String("out", "", "assembly `file` to write")
	stubs := flag.String("stubs", "", "Go declarations `file` to write")
	pkg := flag.String("pkg", "", "package of the declarations")
	flag.Parse()
	if *out == "" || *stubs == "" || *pkg == "" {
		flag.Usage()
		os.Exit(2)
	}
	command := "go run ./neon/" + name + " " + strings.Join(os.Args[1:], " ")
	if err := generate(*pkg).Write(*out, *stubs, command); err != nil {
		log.Fatal(err)
	}
}

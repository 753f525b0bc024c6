// Package readme holds the tests that keep the repository's markdown
// honest: every Go program in the README is built and run, and its output
// compared with the output the README shows (TestREADME); every relative
// link of the README, bench/README.md, docs/*.md and examples/*/README.md
// leads to a file of the repository and, with a #fragment, to a heading
// (TestLinks).
package readme

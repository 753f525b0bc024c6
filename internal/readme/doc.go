// Package readme holds the test that keeps the README honest: every Go
// program in it is built and run, and its output compared with the output
// the README shows.
package readme

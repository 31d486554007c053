package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestBadInput builds every case in testdata/bad: each must fail with exit
// status 1 and the messages its archive comment lists ("want: ..."),
// without a panic, leaving the previous output and the source untouched.
func TestBadInput(t *testing.T) {
	cases, err := filepath.Glob("testdata/bad/*.txtar")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, c := range cases {
		name := strings.TrimSuffix(filepath.Base(c), ".txtar")
		t.Run(name, func(t *testing.T) {
			a, err := txtar.ParseFile(c)
			if err != nil {
				t.Fatal(err)
			}
			var wants []string
			for _, line := range strings.Split(string(a.Comment), "\n") {
				if w, ok := strings.CutPrefix(line, "want: "); ok {
					wants = append(wants, w)
				}
			}
			if len(wants) == 0 {
				t.Fatal("the case names no expected message")
			}
			dir := siteFromTxtar(t, c, "testdata/bad-base.txtar")
			out := filepath.Join(t.TempDir(), "public")
			if err := os.MkdirAll(out, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(out, "index.html"), []byte("previous build"), 0o644); err != nil {
				t.Fatal(err)
			}
			srcBefore, outBefore := treeHash(t, dir), treeHash(t, out)
			code, stdout, stderr := runCLI("build", "--source", dir, "--out", out)
			if code != 1 {
				t.Errorf("exit status %d, want 1\n%s%s", code, stdout, stderr)
			}
			for _, w := range wants {
				if !strings.Contains(stderr, w) {
					t.Errorf("errors lack %q; got:\n%s", w, stderr)
				}
			}
			if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine") {
				t.Errorf("panic:\n%s", stderr)
			}
			if treeHash(t, out) != outBefore {
				t.Error("the failed build changed the previous output")
			}
			if treeHash(t, dir) != srcBefore {
				t.Error("the failed build changed the source")
			}
		})
	}
}

package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"icsguide/generator/corpus"
	"icsguide/generator/internal/testsite"
	"icsguide/generator/output"
)

// TestBuildIntoEqualsBuild: a one-off build that writes pages as it draws
// them (and fills in the ZIP's size afterwards) writes exactly the files an
// in-memory build makes, for the real site and a generated one.
func TestBuildIntoEqualsBuild(t *testing.T) {
	real := t.TempDir()
	testsite.CopySite(t, filepath.Join("..", ".."), real)
	gen := t.TempDir()
	if err := corpus.Write(gen, corpus.Options{Pages: 120, Organisations: 3, Folders: 2, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	testsite.CopyTree(t, filepath.Join("..", "..", "layouts"), filepath.Join(gen, "layouts"))
	today := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	for _, dir := range []string{real, gen} {
		want, errs := New(Options{Source: dir, Today: today}).Build()
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		out := filepath.Join(t.TempDir(), "public")
		f, err := output.CreateFolder(out)
		if err != nil {
			t.Fatal(err)
		}
		got, errs := New(Options{Source: dir, Today: today}).BuildInto(f)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		if err := f.Commit(); err != nil {
			t.Fatal(err)
		}
		if got.Files != nil || got.Count != len(want.Files) || got.ZipSize != want.ZipSize || got.Pages != want.Pages {
			t.Errorf("%s: BuildInto gave %d files, ZIP %d bytes, %d pages; Build %d, %d, %d", dir,
				got.Count, got.ZipSize, got.Pages, len(want.Files), want.ZipSize, want.Pages)
		}
		written := testsite.ReadTree(t, out)
		for name, data := range want.Files {
			if written[name] != string(data) {
				t.Errorf("%s: %s differs from the in-memory build's", dir, name)
			}
		}
		if len(written) != len(want.Files) {
			t.Errorf("%s: %d files written, want %d", dir, len(written), len(want.Files))
		}
		if strings.Contains(written["index.html"], output.ZipSizeToken) {
			t.Errorf("%s: the ZIP's size was not filled in", dir)
		}
	}
}

// TestBuildIntoFailureKeepsOutput: when a build into a folder fails, the
// caller aborts it; the previous site stays and nothing is left beside it.
func TestBuildIntoFailureKeepsOutput(t *testing.T) {
	dir := t.TempDir()
	testsite.CopySite(t, filepath.Join("..", ".."), dir)
	out := filepath.Join(t.TempDir(), "public")
	old := map[string][]byte{"index.html": []byte("old")}
	if err := output.Write(out, old); err != nil {
		t.Fatal(err)
	}
	// A page that links to a page that does not exist fails the build after
	// every page was drawn (and written).
	bad := filepath.Join(dir, "content", "explainers", "broken.md")
	if err := os.WriteFile(bad, []byte("---\ntitle: Broken\n---\n\nSee [nothing](missing.md).\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := output.CreateFolder(out)
	if err != nil {
		t.Fatal(err)
	}
	if _, errs := New(Options{Source: dir}).BuildInto(f); len(errs) == 0 {
		t.Fatal("the build did not fail")
	}
	f.Abort()
	if got := testsite.ReadTree(t, out); len(got) != 1 || got["index.html"] != "old" {
		t.Error("a failed build changed the output")
	}
	if left := testsite.Beside(t, out); len(left) > 0 {
		t.Errorf("left beside the output: %v", left)
	}
}

package output

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"icsguide/generator/internal/testsite"
)

// sameTree reports whether dir holds exactly the files want.
func sameTree(t *testing.T, dir string, want map[string][]byte) bool {
	t.Helper()
	got := testsite.ReadTree(t, dir)
	if len(got) != len(want) {
		return false
	}
	for k, v := range want {
		if got[k] != string(v) {
			return false
		}
	}
	return true
}

var (
	oldSite = map[string][]byte{"index.html": []byte("old"), "a/index.html": []byte("old a"), "gone.txt": []byte("gone")}
	newSite = map[string][]byte{"index.html": []byte("new"), "a/index.html": []byte("new a"), "b/c/index.html": []byte("new c")}
)

// TestWriteCleansLeftovers: folders left by builds that were killed, under
// any process id (this one's included, as when a container's build is
// always process 1), are removed and never stop a build.
func TestWriteCleansLeftovers(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := Write(out, oldSite); err != nil {
		t.Fatal(err)
	}
	pid := os.Getpid()
	for _, name := range []string{
		fmt.Sprintf("public.building-%d", pid), fmt.Sprintf("public.old-%d", pid),
		"public.building-31641", "public.old-1", "public.building-1234567", "public.old-x9",
	} {
		p := filepath.Join(filepath.Dir(out), name, "deep", "page.html")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("half"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	keep := filepath.Join(filepath.Dir(out), "public-notes.txt")
	if err := os.WriteFile(keep, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(out, newSite); err != nil {
		t.Fatalf("build with leftovers: %v", err)
	}
	if !sameTree(t, out, newSite) {
		t.Errorf("output: %v", testsite.ReadTree(t, out))
	}
	if got := testsite.Beside(t, out); len(got) != 1 || got[0] != "public-notes.txt" {
		t.Errorf("beside the output after the build: %v", got)
	}
	// An output folder whose parents do not exist yet.
	deep := filepath.Join(t.TempDir(), "a", "b", "public")
	if err := Write(deep, newSite); err != nil || !sameTree(t, deep, newSite) {
		t.Errorf("output in new folders: %v", err)
	}
}

var errKilled = errors.New("killed")

// TestWriteInterrupted stops Write at each of its steps, as a kill would
// (nothing after the step runs), and checks that the output is one whole
// site, old or new, and that Recover then leaves nothing beside it. With
// two renames, a stop between them leaves no output until Recover puts the
// previous site back.
func TestWriteInterrupted(t *testing.T) {
	tests := []struct {
		step       string
		twoRenames bool
		want       map[string][]byte // the output after the stop (nil: missing)
		recovered  map[string][]byte
	}{
		{"written", false, oldSite, oldSite},
		{"swapped", false, newSite, newSite},
		{"written", true, oldSite, oldSite},
		{"renamed", true, nil, oldSite},
		{"swapped", true, newSite, newSite},
	}
	defer func() { WriteHook = nil }()
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s two renames %v", tt.step, tt.twoRenames), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			WriteHook = nil
			if err := Write(out, oldSite); err != nil {
				t.Fatal(err)
			}
			var steps []string
			WriteHook = func(step string) error {
				steps = append(steps, step)
				if step == tt.step {
					return errKilled
				}
				if step == "exchange" && tt.twoRenames {
					return errors.New("no exchange")
				}
				return nil
			}
			if err := Write(out, newSite); !errors.Is(err, errKilled) {
				t.Fatalf("Write: %v (steps %v)", err, steps)
			}
			WriteHook = nil
			if tt.want == nil {
				if _, err := os.Lstat(out); err == nil {
					t.Error("the output exists between the two renames")
				}
			} else if !sameTree(t, out, tt.want) {
				t.Errorf("output after the stop: %v", testsite.ReadTree(t, out))
			}
			if err := Recover(out); err != nil {
				t.Fatal(err)
			}
			if !sameTree(t, out, tt.recovered) {
				t.Errorf("output after Recover: %v", testsite.ReadTree(t, out))
			}
			if got := testsite.Beside(t, out); len(got) != 0 {
				t.Errorf("left beside the output: %v", got)
			}
			if err := Write(out, newSite); err != nil || !sameTree(t, out, newSite) {
				t.Errorf("the next build: %v, %v", err, testsite.ReadTree(t, out))
			}
		})
	}
}

// TestWriteSwapsInOneStep: on Linux the output is swapped by one
// rename-exchange, so there is no moment without it.
func TestWriteSwapsInOneStep(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := Write(out, oldSite); err != nil {
		t.Fatal(err)
	}
	var steps []string
	WriteHook = func(step string) error { steps = append(steps, step); return nil }
	defer func() { WriteHook = nil }()
	if err := Write(out, newSite); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(steps, " "); got != "written exchange swapped" && runtime.GOOS == "linux" {
		t.Errorf("steps %q, want one exchange", got)
	}
	if !sameTree(t, out, newSite) || len(testsite.Beside(t, out)) != 0 {
		t.Errorf("output %v, beside it %v", testsite.ReadTree(t, out), testsite.Beside(t, out))
	}
}

// TestWriteThroughSymlink: an output folder that is a symbolic link is
// written through, the link kept; a link to nothing or to a file is
// refused, naming the link.
func TestWriteThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real-site")
	if err := Write(target, oldSite); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "public")
	if err := os.Symlink("real-site", link); err != nil {
		t.Fatal(err)
	}
	if err := Write(link, newSite); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced")
	}
	if !sameTree(t, target, newSite) {
		t.Errorf("the link's target: %v", testsite.ReadTree(t, target))
	}
	if got := testsite.Beside(t, target); strings.Join(got, " ") != "public" {
		t.Errorf("beside the output: %v", got)
	}
	for name, make := range map[string]func(p string) error{
		"dangling": func(p string) error { return os.Symlink("nowhere", p) },
		"file": func(p string) error {
			if err := os.WriteFile(p+".txt", []byte("x"), 0o644); err != nil {
				return err
			}
			return os.Symlink(filepath.Base(p)+".txt", p)
		},
	} {
		p := filepath.Join(dir, name)
		if err := make(p); err != nil {
			t.Fatal(err)
		}
		err := Write(p, newSite)
		if err == nil || !strings.Contains(err.Error(), p+" is a symbolic link") {
			t.Errorf("%s link: %v", name, err)
		}
		if fi, err := os.Lstat(p); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s link was replaced", name)
		}
	}
}

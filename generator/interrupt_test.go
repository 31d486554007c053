package main

import (
	"bufio"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"icsguide/generator/corpus"
	"icsguide/generator/internal/testsite"
	"icsguide/generator/output"
)

// childCLI runs a command line (arguments separated by newlines) in this
// process, for tests that kill builds. GEN_TEST_PAUSE names a step of
// output.Write at which the build stops and waits to be killed;
// GEN_TEST_TWO_RENAMES makes it swap with two renames.
func childCLI(args string) int {
	pause, two := os.Getenv("GEN_TEST_PAUSE"), os.Getenv("GEN_TEST_TWO_RENAMES") != ""
	output.WriteHook = func(step string) error {
		if step == pause {
			fmt.Println("paused at", step)
			time.Sleep(time.Hour)
		}
		if step == "exchange" && two {
			return errors.New("two renames")
		}
		return nil
	}
	return run(strings.Split(args, "\n"), os.Stdout, os.Stderr)
}

// startBuild starts "build --source dir --out out" in a child process.
func startBuild(t *testing.T, dir, out string, env ...string) (*exec.Cmd, *bufio.Reader) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), append(env, "GEN_TEST_CLI=build\n--source\n"+dir+"\n--out\n"+out)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, bufio.NewReader(stdout)
}

// TestKilledBuilds kills builds (kill -9, Ctrl-C, SIGTERM) at random
// moments and paused at each step of the swap. After every kill the output
// is one complete site, the previous or the new one (or, between the two
// renames of the fallback swap, missing until the next build puts the
// previous one back), and the next build leaves nothing else beside it.
func TestKilledBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	dir := t.TempDir()
	if err := corpus.Write(dir, corpus.Options{Pages: 20, Organisations: 3, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	testsite.CopyTree(t, filepath.Join("..", "layouts"), filepath.Join(dir, "layouts"))
	settings := filepath.Join(dir, "content", "site.yaml")
	version := func(v string) {
		t.Helper()
		if err := os.WriteFile(settings, []byte("title: Corpus guide "+v+"\nshort_name: corpus-guide\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	build := func(out string) int {
		t.Helper()
		code, _, stderr := runCLI("build", "--source", dir, "--out", out)
		if code != 0 && !strings.Contains(stderr, "problem") {
			t.Fatalf("build: %s", stderr)
		}
		return code
	}
	// The two complete sites every kill must leave one of.
	hashes := map[string]string{}
	var took time.Duration
	for _, v := range []string{"B", "A"} {
		version(v)
		ref := filepath.Join(t.TempDir(), v)
		start := time.Now()
		if build(ref) != 0 {
			t.Fatal("the corpus does not build")
		}
		took = time.Since(start)
		hashes[v] = treeHash(t, ref)
	}
	out := filepath.Join(t.TempDir(), "site")
	build(out)
	check := func(when string, want ...string) {
		t.Helper()
		if _, err := os.Stat(out); err != nil {
			t.Errorf("%s: no output: %v", when, err)
			return
		}
		got := treeHash(t, out)
		for _, v := range want {
			if got == hashes[v] {
				return
			}
		}
		t.Errorf("%s: the output is neither complete site %v", when, want)
	}
	nothingBeside := func(when string) {
		t.Helper()
		ents, _ := os.ReadDir(filepath.Dir(out))
		for _, e := range ents {
			if e.Name() != filepath.Base(out) {
				t.Errorf("%s: %s left beside the output", when, e.Name())
			}
		}
	}

	seed := time.Now().UnixNano()
	t.Logf("a build takes %v; seed %d", took, seed)
	r := rand.New(rand.NewSource(seed))
	signals := []syscall.Signal{syscall.SIGKILL, syscall.SIGINT, syscall.SIGTERM}
	for i := 0; i < 4; i++ {
		version([]string{"A", "B"}[i%2])
		cmd, _ := startBuild(t, dir, out)
		wait := took/2 + time.Duration(r.Int63n(int64(took)+1))
		time.Sleep(wait)
		sig := signals[i%len(signals)]
		_ = cmd.Process.Signal(sig)
		_ = cmd.Wait()
		check(fmt.Sprintf("%v after %v", sig, wait), "A", "B")
	}
	version("A")
	build(out)
	check("the build after the kills", "A")
	nothingBeside("the build after the kills")

	// Paused at each step of the swap, then killed.
	steps := []struct {
		step string
		two  bool
		want string // "" when the output is missing
	}{
		{"written", false, "A"},
		{"swapped", false, "B"},
		{"written", true, "A"},
		{"renamed", true, ""},
		{"swapped", true, "B"},
	}
	for _, st := range steps {
		version("A")
		build(out)
		version("B")
		env := []string{"GEN_TEST_PAUSE=" + st.step}
		if st.two {
			env = append(env, "GEN_TEST_TWO_RENAMES=1")
		}
		cmd, stdout := startBuild(t, dir, out, env...)
		line, _ := stdout.ReadString('\n')
		if !strings.HasPrefix(line, "paused at "+st.step) {
			t.Fatalf("the build did not pause at %s: %q", st.step, line)
		}
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		when := fmt.Sprintf("killed at %s (two renames %v)", st.step, st.two)
		if st.want == "" {
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s: the output exists", when)
			}
			st.want = "A"
		} else {
			check(when, st.want)
		}
		// The next build, even one that fails, puts things right.
		bad := filepath.Join(dir, "content", "broken.md")
		if err := os.WriteFile(bad, []byte("---\ntitle: [broken\n---\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if code := build(out); code != 1 {
			t.Errorf("%s: a broken build exited %d", when, code)
		}
		os.Remove(bad)
		check(when+", then a failed build", st.want)
		nothingBeside(when + ", then a failed build")
	}
}

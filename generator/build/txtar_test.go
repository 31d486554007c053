package build

import (
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"icsguide/generator/internal/testsite"
)

// TestTxtarCases builds every case in testdata/good and testdata/bad in
// memory, through the builder, with the repository's layouts: each bad case
// must fail with the messages its archive comment lists ("want: ..."), each
// good one build and give what its comment lists ("want FILE: TEXT",
// "lacks FILE: TEXT", "absent: FILE"). The command's end-to-end tests build
// the same cases on disk.
func TestTxtarCases(t *testing.T) {
	layouts := filepath.Join("..", "..", "layouts")
	for _, kind := range []string{"good", "bad"} {
		cases, err := filepath.Glob(filepath.Join("..", "testdata", kind, "*.txtar"))
		if err != nil || len(cases) == 0 {
			t.Fatalf("no %s cases: %v", kind, err)
		}
		for _, c := range cases {
			t.Run(kind+"/"+strings.TrimSuffix(filepath.Base(c), ".txtar"), func(t *testing.T) {
				t.Parallel()
				a, err := txtar.ParseFile(c)
				if err != nil {
					t.Fatal(err)
				}
				archives := []string{c}
				if kind == "bad" {
					archives = []string{filepath.Join("..", "testdata", "bad-base.txtar"), c}
				}
				fsys := testsite.MapFS(testsite.Files(t, layouts, archives...))
				res, errs := New(Options{FS: fsys}).Build()
				comment := strings.Split(string(a.Comment), "\n")
				if kind == "bad" {
					checkErrors(t, comment, errs.Sorted().Error())
					return
				}
				if len(errs) > 0 {
					t.Fatalf("build failed:\n%v", errs)
				}
				checkFiles(t, comment, res.Files)
			})
		}
	}
}

// checkErrors checks that a failed build's messages hold every "want: "
// line of comment.
func checkErrors(t *testing.T, comment []string, got string) {
	t.Helper()
	n := 0
	for _, line := range comment {
		if w, ok := strings.CutPrefix(line, "want: "); ok {
			n++
			if !strings.Contains(got, w) {
				t.Errorf("errors lack %q; got:\n%s", w, got)
			}
		}
	}
	if n == 0 {
		t.Error("the case names no expected message")
	}
	if got == "" {
		t.Error("the build succeeded")
	}
}

// checkFiles checks a build's files against the "want FILE: TEXT", "lacks
// FILE: TEXT" and "absent: FILE" lines of comment.
func checkFiles(t *testing.T, comment []string, files map[string][]byte) {
	t.Helper()
	n := 0
	for _, line := range comment {
		if name, ok := strings.CutPrefix(line, "absent: "); ok {
			n++
			if _, ok := files[name]; ok {
				t.Errorf("the build made %s", name)
			}
			continue
		}
		verb, rest, _ := strings.Cut(line, " ")
		name, text, ok := strings.Cut(rest, ":")
		if !ok || (verb != "want" && verb != "lacks") {
			continue
		}
		n++
		data, made := files[name]
		text = strings.TrimPrefix(text, " ")
		switch {
		case !made:
			t.Errorf("the build did not make %s", name)
		case verb == "want" && !strings.Contains(string(data), text):
			t.Errorf("%s lacks %q", name, text)
		case verb == "lacks" && text != "" && strings.Contains(string(data), text):
			t.Errorf("%s holds %q", name, text)
		}
	}
	if n == 0 {
		t.Error("the case names nothing to check")
	}
}

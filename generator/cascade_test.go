package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"icsguide/generator/internal/testsite"
)

// TestOneFaultOneMessage breaks the real site one way at a time. Each fault
// must give exactly one message, naming the file at fault, and no errors
// about things that are fine (links into pages that failed to render,
// pages whose layout is the broken one, rows that refer to a broken table).
func TestOneFaultOneMessage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole site for each fault")
	}
	write := func(name, body string) func(dir string) error {
		return func(dir string) error { return os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644) }
	}
	remove := func(name string) func(dir string) error {
		return func(dir string) error { return os.Remove(filepath.Join(dir, name)) }
	}
	headerOnly := func(name string) func(dir string) error {
		return func(dir string) error {
			p := filepath.Join(dir, name)
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			header, _, _ := strings.Cut(string(data), "\n")
			return os.WriteFile(p, []byte(header+"\n"), 0o644)
		}
	}
	tests := []struct {
		name  string
		fault func(dir string) error
		want  string
	}{
		{"layout fails on every page", write("layouts/page.html", `{{define "main"}}{{index .Page.Sources 999}}{{end}}`), "layouts/page.html:1:"},
		{"layout calls a missing template", write("layouts/page.html", `{{define "main"}}{{template "nope" .}}{{end}}`), `no such template "nope"`},
		{"layout syntax error", write("layouts/page.html", `{{define "main"}}{{ {{end}}`), "layouts/page.html:1:"},
		{"base.html missing", remove("layouts/base.html"), "layouts/base.html: this file is missing"},
		{"partial missing", remove("layouts/partials/footer.html"), `no such template`},
		{"icbs.csv missing", remove("content/organisations/icbs.csv"), "content/organisations/icbs.csv: this file is missing"},
		{"icbs.csv has no rows", headerOnly("content/organisations/icbs.csv"), "content/organisations/icbs.csv:2: the file has a header row but no rows"},
		{"nhs_regions.csv has no rows", headerOnly("content/organisations/nhs_regions.csv"), "content/organisations/nhs_regions.csv:2: the file has a header row but no rows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			testsite.CopySite(t, "..", dir)
			if err := tt.fault(dir); err != nil {
				t.Fatal(err)
			}
			code, _, stderr := runCLI("check", "--source", dir)
			if code != 1 || !strings.Contains(stderr, tt.want) || !strings.Contains(stderr, "\n1 problem found.") {
				t.Errorf("exit %d; want one message with %q, got:\n%s", code, tt.want, firstLines(stderr, 12))
			}
		})
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines[n] = "..."
	}
	return strings.Join(lines, "\n")
}

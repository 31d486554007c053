// Package corpus writes a realistic, deterministic guidance site of any
// size, for benchmarks and for comparing build times with other generators.
package corpus

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
)

// Options size the corpus.
type Options struct {
	Pages         int   // guidance pages, spread over Sections × Subsections folders
	Organisations int   // one page per organisation, in their own section
	Sections      int   // top-level sections (default 10)
	Subsections   int   // folders in each section (default 10)
	Folders       int   // when set, pages go in this many top-level folders instead
	Seed          int64 // the same seed gives the same files
	// Guide, when set, is a content folder (such as this guide's) that the
	// pages are added to: its home page and settings stand, and it may not
	// be combined with Organisations.
	Guide string
}

var words = strings.Fields(`care system board partnership place neighbourhood children young people
families disabilities needs education health plan strategy forward joint local authority council
commissioning provider collaborative primary network practice clinical medical officer designated
duty statutory guidance assessment review support service services data sharing evidence consultation
coproduction participation voice forum parent carer social voluntary community sector integrated
population region national england budget workforce leadership governance accountability outcome
therapy speech language occupational physiotherapy mental wellbeing school college transition adult
annual report priority quality safety access waiting list specialist equipment short breaks respite`)

// Write writes content/ for the corpus into dir (layouts are not written).
func Write(dir string, o Options) error {
	if o.Sections == 0 {
		o.Sections = 10
	}
	if o.Subsections == 0 {
		o.Subsections = 10
	}
	r := rand.New(rand.NewSource(o.Seed))
	c := filepath.Join(dir, "content")
	files := map[string]string{
		"site.yaml": "title: Corpus guide\nshort_name: corpus-guide\n",
		"_index.md": page("Corpus guide", "A generated guide.", 0, "Welcome to the generated guide.\n"),
	}
	if o.Guide != "" {
		if o.Organisations > 0 {
			return fmt.Errorf("a corpus added to a guide has no organisation pages of its own")
		}
		if err := os.CopyFS(c, os.DirFS(o.Guide)); err != nil {
			return err
		}
		files = map[string]string{}
	}
	folders := o.Sections * o.Subsections
	if o.Folders > 0 {
		folders = o.Folders
	}
	// pagePath is the content path of page i.
	pagePath := func(i int) string {
		if o.Folders > 0 {
			return fmt.Sprintf("folder-%03d/page-%05d.md", i%folders, i/folders)
		}
		return fmt.Sprintf("section-%02d/topic-%02d/page-%04d.md", i%o.Sections, (i/o.Sections)%o.Subsections, i/folders)
	}
	up, first := "../../", "section-00/_index.md"
	if o.Folders > 0 {
		up, first = "../", "folder-000/_index.md"
	}
	for i := 0; i < o.Pages; i++ {
		// Link to a page elsewhere.
		other := (i*7919 + 13) % o.Pages
		n := i / folders
		files[pagePath(i)] = page(title(r), sentence(r, 14), n, body(r, i, up+pagePath(other)))
	}
	for f := 0; f < o.Folders; f++ {
		files[fmt.Sprintf("folder-%03d/_index.md", f)] = page(fmt.Sprintf("Folder %d: %s", f+1, title(r)), sentence(r, 12), f, sentence(r, 40)+"\n")
	}
	for s := 0; s < o.Sections && o.Folders == 0; s++ {
		files[fmt.Sprintf("section-%02d/_index.md", s)] = page(fmt.Sprintf("Section %d: %s", s+1, title(r)), sentence(r, 12), s, sentence(r, 40)+"\n")
		for t := 0; t < o.Subsections; t++ {
			files[fmt.Sprintf("section-%02d/topic-%02d/_index.md", s, t)] = page(fmt.Sprintf("Topic %d.%d: %s", s+1, t+1, title(r)), sentence(r, 12), t, sentence(r, 40)+"\n")
		}
	}
	if o.Organisations > 0 {
		files["organisations/_index.md"] = page("Organisations", "Every organisation.", 100, "All organisations.\n")
		for i := 0; i < o.Organisations; i++ {
			var b strings.Builder
			fmt.Fprintf(&b, "## Facts {#facts}\n\n| Field | Value |\n| --- | --- |\n| Code | ORG%04d |\n| Population | %d |\n| Region | Region %d |\n\n", i, 200000+r.Intn(3000000), i%7+1)
			fmt.Fprintf(&b, "## About {#about}\n\n%s\n\nSee [the guide](../%s).\n", paragraph(r), first)
			files[fmt.Sprintf("organisations/org-%04d.md", i)] = page(fmt.Sprintf("Organisation %d: %s", i+1, title(r)), sentence(r, 10), i, b.String())
		}
	}
	for name, body := range files {
		p := filepath.Join(c, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func page(title, desc string, weight int, body string) string {
	return fmt.Sprintf("---\ntitle: %q\ndescription: %q\nweight: %d\nreviewed: 2026-11-22\n---\n\n%s", title, desc, weight, body)
}

func title(r *rand.Rand) string {
	t := sentence(r, 3+r.Intn(3))
	return strings.TrimSuffix(t, ".")
}

func sentence(r *rand.Rand, n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = words[r.Intn(len(words))]
	}
	ws[0] = strings.ToUpper(ws[0][:1]) + ws[0][1:]
	return strings.Join(ws, " ") + "."
}

func paragraph(r *rand.Rand) string {
	s := make([]string, 3+r.Intn(4))
	for i := range s {
		s[i] = sentence(r, 8+r.Intn(12))
	}
	return strings.Join(s, " ")
}

// body is 600-1,200 words: headings, paragraphs, lists, a table, links and
// every few pages a fenced YAML block.
func body(r *rand.Rand, i int, other string) string {
	var b strings.Builder
	target := 600 + r.Intn(600)
	fmt.Fprintf(&b, "%s\n\n", paragraph(r))
	for sec := 1; b.Len()/7 < target; sec++ {
		fmt.Fprintf(&b, "## %s {#part-%d}\n\n%s\n\n", title(r), sec, paragraph(r))
		fmt.Fprintf(&b, "### %s\n\n%s See [a related page](%s) and [part one](#part-1), or [NHS England](https://www.england.nhs.uk/).\n\n", title(r), paragraph(r), other)
		for j := 0; j < 4; j++ {
			fmt.Fprintf(&b, "- %s\n", sentence(r, 6+r.Intn(6)))
		}
		b.WriteString("\n")
		if sec == 2 {
			b.WriteString("| Area | Status | Owner |\n| --- | --- | --- |\n")
			for j := 0; j < 4; j++ {
				fmt.Fprintf(&b, "| %s | %s | %s |\n", title(r), words[r.Intn(len(words))], words[r.Intn(len(words))])
			}
			b.WriteString("\n")
		}
		if sec == 3 && i%4 == 0 {
			fmt.Fprintf(&b, "```yaml\nitem: %s\nstatus: in-progress\nowners:\n  - %s\n  - %s\n```\n\n", words[r.Intn(len(words))], words[r.Intn(len(words))], words[r.Intn(len(words))])
		}
	}
	return b.String()
}

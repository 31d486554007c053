package build

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"icsguide/generator/internal/testsite"
	"icsguide/generator/site"
)

// The oracle: whatever the edit, the preview's rebuild must produce exactly
// what a fresh build of the same source produces, file for file, and the
// same errors.

var (
	oracleSequences = flag.Int("oracle.sequences", 12, "random edit sequences TestRebuildRandomSequences runs")
	oracleSeed      = flag.Uint64("oracle.seed", 2026, "the seed of TestRebuildRandomSequences")
)

// siteEdit changes the site folder and returns the paths it touched, as the
// watcher reports them: files, or a folder when a whole folder came or went.
type siteEdit struct {
	name string
	do   func(e *editor) []string
}

// editor applies edits to a copy of the real site.
type editor struct {
	tb    testing.TB
	dir   string // the site being edited
	orig  string // an untouched copy
	stash string // where deleted folders wait to be restored
	n     int    // makes each edit's text unique
	rnd   *rand.Rand
}

// newEditor copies the repository's content/ and layouts/ twice: the copy to
// edit and a pristine one to restore from.
func newEditor(tb testing.TB, seed uint64) *editor {
	tb.Helper()
	root := tb.TempDir()
	e := &editor{tb: tb, dir: filepath.Join(root, "site"), orig: filepath.Join(root, "orig"),
		stash: filepath.Join(root, "stash"), rnd: rand.New(rand.NewPCG(seed, 15))}
	for _, d := range []string{e.dir, e.orig} {
		testsite.CopySite(tb, filepath.Join("..", ".."), d)
	}
	return e
}

func (e *editor) path(rel string) string { return filepath.Join(e.dir, filepath.FromSlash(rel)) }

func (e *editor) exists(rel string) bool {
	if rel == "" {
		return false
	}
	_, err := os.Stat(e.path(rel))
	return err == nil
}

func (e *editor) read(rel string) string {
	data, err := os.ReadFile(e.path(rel))
	if err != nil {
		e.tb.Fatal(err)
	}
	return string(data)
}

func (e *editor) write(rel, body string) []string {
	if err := os.MkdirAll(filepath.Dir(e.path(rel)), 0o755); err != nil {
		e.tb.Fatal(err)
	}
	if err := os.WriteFile(e.path(rel), []byte(body), 0o644); err != nil {
		e.tb.Fatal(err)
	}
	return []string{rel}
}

func (e *editor) remove(rel string) []string {
	if !e.exists(rel) {
		return nil
	}
	if err := os.RemoveAll(e.path(rel)); err != nil {
		e.tb.Fatal(err)
	}
	return []string{rel}
}

// replace rewrites the first match of re in a file, which must exist.
func (e *editor) replace(rel, re string, with func(match string) string) []string {
	if !e.exists(rel) {
		return nil
	}
	body := e.read(rel)
	loc := regexp.MustCompile(re).FindStringIndex(body)
	if loc == nil {
		e.tb.Fatalf("%s: nothing matches %s", rel, re)
	}
	return e.write(rel, body[:loc[0]]+with(body[loc[0]:loc[1]])+body[loc[1]:])
}

// restore copies a file or folder back from the untouched copy.
func (e *editor) restore(rel string) []string {
	if e.exists(rel) {
		return nil
	}
	from := filepath.Join(e.orig, filepath.FromSlash(rel))
	fi, err := os.Stat(from)
	if err != nil {
		e.tb.Fatal(err)
	}
	if fi.IsDir() {
		testsite.CopyTree(e.tb, from, e.path(rel))
		return []string{rel}
	}
	data, err := os.ReadFile(from)
	if err != nil {
		e.tb.Fatal(err)
	}
	return e.write(rel, string(data))
}

// pageIn returns the i-th page (not _index.md) of a content folder, in name order.
func (e *editor) pageIn(folder string, i int) string {
	var pages []string
	entries, _ := os.ReadDir(e.path("content/" + folder))
	for _, en := range entries {
		if strings.HasSuffix(en.Name(), ".md") && en.Name() != "_index.md" && en.Name() != "README.md" {
			pages = append(pages, "content/"+folder+"/"+en.Name())
		}
	}
	if len(pages) == 0 {
		return "" // content/ was deleted
	}
	return pages[i%len(pages)]
}

// glob lists the site paths matching a pattern, in order.
func (e *editor) glob(pattern string) []string {
	matches, _ := filepath.Glob(e.path(pattern))
	var out []string
	for _, m := range matches {
		rel, _ := filepath.Rel(e.dir, m)
		out = append(out, filepath.ToSlash(rel))
	}
	slices.Sort(out)
	return out
}

// stashAway moves a top-level folder out of the site, as rm -rf would.
func (e *editor) stashAway(rel string) []string {
	if !e.exists(rel) {
		return nil
	}
	to := filepath.Join(e.stash, rel)
	_ = os.RemoveAll(to)
	testsite.CopyTree(e.tb, e.path(rel), to)
	return e.remove(rel)
}

// bringBack restores a folder moved away by stashAway, replacing whatever
// was made in its place meanwhile.
func (e *editor) bringBack(rel string) []string {
	from := filepath.Join(e.stash, rel)
	if _, err := os.Stat(from); err != nil {
		return nil
	}
	e.remove(rel)
	testsite.CopyTree(e.tb, from, e.path(rel))
	if err := os.RemoveAll(from); err != nil {
		e.tb.Fatal(err)
	}
	return []string{rel}
}

func (e *editor) next() int { e.n++; return e.n }

// appendTo adds text to the end of a file, if the file exists.
func (e *editor) appendTo(rel, text string) []string {
	if !e.exists(rel) {
		return nil
	}
	return e.write(rel, e.read(rel)+text)
}

// editCSV changes one field of a CSV file.
func (e *editor) editCSV(rel string, row, col int, change func(string) string) []string {
	if !e.exists(rel) {
		return nil
	}
	r := csv.NewReader(strings.NewReader(e.read(rel)))
	recs, err := r.ReadAll()
	if err != nil {
		e.tb.Fatal(err)
	}
	recs[row][col] = change(recs[row][col])
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.WriteAll(recs)
	return e.write(rel, b.String())
}

// siteEdits are the edits of the oracle, each a kind of change an editor makes.
var siteEdits = []siteEdit{
	{"body of a printed page", func(e *editor) []string {
		return e.appendTo(e.pageIn("explainers", 0), fmt.Sprintf("\nA new paragraph, number %d.\n", e.next()))
	}},
	{"body of a page not printed", func(e *editor) []string {
		return e.appendTo("content/accessibility.md", fmt.Sprintf("\nMore words %d.\n", e.next()))
	}},
	{"body of a section page", func(e *editor) []string {
		return e.appendTo("content/explainers/_index.md", fmt.Sprintf("\nSection words %d.\n", e.next()))
	}},
	{"body with a glossary abbreviation", func(e *editor) []string {
		return e.appendTo(e.pageIn("checklists", 1), fmt.Sprintf("\nThe ICB and the SENCO, %d.\n", e.next()))
	}},
	{"title", func(e *editor) []string {
		return e.replace(e.pageIn("explainers", 1), `(?m)^title: .*$`, func(string) string { return fmt.Sprintf("title: Changed title %d", e.next()) })
	}},
	{"weight", func(e *editor) []string {
		return e.replace(e.pageIn("explainers", 2), `(?m)^weight: .*$`, func(string) string { return fmt.Sprintf("weight: %d", e.rnd.IntN(400)) })
	}},
	{"description", func(e *editor) []string {
		return e.replace(e.pageIn("checklists", 0), `(?m)^description: .*$`, func(string) string { return fmt.Sprintf("description: A changed description %d.", e.next()) })
	}},
	{"glossary term", func(e *editor) []string {
		return e.replace("content/glossary/terms.yaml", `(?m)^  term: .*$`, func(m string) string { return fmt.Sprintf("%s %d", m, e.next()) })
	}},
	{"glossary definition", func(e *editor) []string {
		return e.replace("content/glossary/terms.yaml", `(?m)^  definition: >-\n    `, func(m string) string { return fmt.Sprintf("%sChanged %d. ", m, e.next()) })
	}},
	{"glossary abbreviation", func(e *editor) []string {
		return e.replace("content/glossary/terms.yaml", `(?m)^  abbr: [A-Z]+$`, func(m string) string { return m + "X" })
	}},
	{"delete the glossary page", func(e *editor) []string { return e.remove("content/glossary/_index.md") }},
	{"restore the glossary page", func(e *editor) []string { return e.restore("content/glossary/_index.md") }},
	{"restore the glossary", func(e *editor) []string {
		data, _ := os.ReadFile(filepath.Join(e.orig, "content/glossary/terms.yaml"))
		if !e.exists("content/glossary") {
			return nil
		}
		return e.write("content/glossary/terms.yaml", string(data))
	}},
	{"site.yaml", func(e *editor) []string {
		return e.replace("content/site.yaml", `(?m)^title: .*$`, func(string) string { return fmt.Sprintf("title: The guide, edition %d", e.next()) })
	}},
	{"checklist.yaml", func(e *editor) []string {
		return e.replace("content/checklists/checklist.yaml", `(?m)^        question: .*$`, func(m string) string { return fmt.Sprintf("%s (%d)", m, e.next()) })
	}},
	{"an organisation overlay", func(e *editor) []string {
		over := e.glob("content/organisations/icbs/*.yaml")
		if len(over) == 0 {
			return nil
		}
		return e.replace(over[e.rnd.IntN(len(over))], `(?m)^notes:.*$`, func(string) string { return fmt.Sprintf("notes: Checked with the board, note %d.", e.next()) })
	}},
	{"a data file", func(e *editor) []string {
		return e.editCSV("content/organisations/icbs.csv", 1+e.rnd.IntN(3), 3, func(s string) string { return fmt.Sprintf("%s %d", s, e.next()) })
	}},
	{"restore the data file", func(e *editor) []string {
		data, _ := os.ReadFile(filepath.Join(e.orig, "content/organisations/icbs.csv"))
		if !e.exists("content/organisations/icbs.csv") || e.read("content/organisations/icbs.csv") == string(data) {
			return nil
		}
		return e.write("content/organisations/icbs.csv", string(data))
	}},
	{"a layout", func(e *editor) []string {
		return e.replace("layouts/page.html", `</h1>`, func(m string) string { return fmt.Sprintf("%s<!-- edit %d -->", m, e.next()) })
	}},
	{"a partial", func(e *editor) []string {
		return e.replace("layouts/partials/footer.html", `</footer>`, func(m string) string { return fmt.Sprintf("<!-- edit %d -->%s", e.next(), m) })
	}},
	{"an asset added", func(e *editor) []string {
		n := e.next()
		return e.write(fmt.Sprintf("layouts/assets/extra-%d.css", n), fmt.Sprintf("body{margin:%dpx}\n", n))
	}},
	{"an asset removed", func(e *editor) []string {
		var out []string
		for _, a := range e.glob("layouts/assets/extra-*.css") {
			out = append(out, e.remove(a)...)
		}
		return out
	}},
	{"an asset edited", func(e *editor) []string {
		return e.appendTo("layouts/assets/site.css", fmt.Sprintf("/* %d */\n", e.next()))
	}},
	{"a new folder with pages", func(e *editor) []string {
		n := e.next()
		dir := fmt.Sprintf("content/new-%d", n)
		e.write(dir+"/_index.md", fmt.Sprintf("---\ntitle: New section %d\n---\nSee [the explainers](../explainers/_index.md).\n", n))
		e.write(dir+"/page.md", fmt.Sprintf("---\ntitle: New page %d\nweight: %d\n---\nA page about the ICB, back to [the section](_index.md).\n", n, n))
		return []string{dir}
	}},
	{"a renamed folder", func(e *editor) []string {
		dirs := e.glob("content/new-*")
		if len(dirs) == 0 {
			return nil
		}
		from, to := dirs[0], fmt.Sprintf("content/new-%d", e.next())
		if err := os.Rename(e.path(from), e.path(to)); err != nil {
			e.tb.Fatal(err)
		}
		return []string{from, to}
	}},
	{"a page in a new folder edited", func(e *editor) []string {
		dirs := e.glob("content/new-*")
		if len(dirs) == 0 {
			return nil
		}
		return e.appendTo(dirs[len(dirs)-1]+"/page.md", fmt.Sprintf("\nEdited %d.\n", e.next()))
	}},
	{"a new folder removed", func(e *editor) []string {
		dirs := e.glob("content/new-*")
		if len(dirs) == 0 {
			return nil
		}
		return e.remove(dirs[0])
	}},
	{"content/ deleted", func(e *editor) []string { return e.stashAway("content") }},
	{"content/ restored", func(e *editor) []string { return e.bringBack("content") }},
	{"layouts/ deleted", func(e *editor) []string { return e.stashAway("layouts") }},
	{"layouts/ restored", func(e *editor) []string { return e.bringBack("layouts") }},
	{"a DfE statistics table", func(e *editor) []string {
		tables := e.glob("content/organisations/dfe-send-statistics/*.csv")
		if len(tables) == 0 {
			return nil
		}
		// One more in the first count of the last row.
		lines := strings.Split(strings.TrimRight(e.read(tables[0]), "\n"), "\n")
		f := strings.Split(lines[len(lines)-1], ",")
		for i := 11; i < len(f); i++ {
			if n, err := strconv.Atoi(f[i]); err == nil {
				f[i] = strconv.Itoa(n + 1)
				break
			}
		}
		lines[len(lines)-1] = strings.Join(f, ",")
		return e.write(tables[0], strings.Join(lines, "\n")+"\n")
	}},
	{"a heading added", func(e *editor) []string {
		return e.appendTo(anchoredPage, fmt.Sprintf("\n## Added heading %d\n\nText under it.\n", e.next()))
	}},
	{"an anchored heading renamed", func(e *editor) []string {
		return e.replace(anchoredPage, `\{#population-data[^}]*\}`, func(string) string { return fmt.Sprintf("{#population-data-%d}", e.next()) })
	}},
	{"an anchored heading restored", func(e *editor) []string {
		if !e.exists(anchoredPage) || strings.Contains(e.read(anchoredPage), "{#population-data}") {
			return nil
		}
		return e.replace(anchoredPage, `\{#population-data[^}]*\}`, func(string) string { return "{#population-data}" })
	}},
}

// mends names, for each edit that breaks the site, the edit that mends it.
var mends = map[string]string{
	"delete the glossary page":    "restore the glossary page",
	"content/ deleted":            "content/ restored",
	"layouts/ deleted":            "layouts/ restored",
	"an anchored heading renamed": "an anchored heading restored",
}

// anchoredPage is a page that other pages link to at a heading's anchor,
// #population-data.
const anchoredPage = "content/explainers/integrated-care-boards.md"

// editNamed finds an edit of siteEdits by name.
func editNamed(tb testing.TB, name string) siteEdit {
	for _, ed := range siteEdits {
		if ed.name == name {
			return ed
		}
	}
	tb.Fatalf("no edit %q", name)
	return siteEdit{}
}

// previewOptions are the options the preview server builds with.
func previewOptions(dir string) Options { return Options{Source: dir, Preview: true, Drafts: true} }

// compared counts the comparisons with a fresh build: those of a working
// site, file for file, and those where the fresh build failed too, so that
// only the errors could be compared.
var compared struct{ working, broken int }

// sameAsFresh compares a rebuild's outcome with a fresh build of the same
// source and describes every difference.
func sameAsFresh(dir string, bl *Builder, res *Result, errs error) []string {
	fresh := New(previewOptions(dir))
	fres, ferrs := fresh.Build()
	if len(ferrs) > 0 {
		compared.broken++
	} else {
		compared.working++
	}
	var diffs []string
	got, want := errString(errs), ferrs.Error()
	if got != want {
		return append(diffs, fmt.Sprintf("errors differ:\n  rebuild: %.600s\n  fresh:   %.600s", got, want))
	}
	if len(ferrs) > 0 {
		return nil
	}
	for name, data := range fres.Files {
		if have, ok := res.Files[name]; !ok {
			diffs = append(diffs, name+": missing after the rebuild")
		} else if !bytes.Equal(have, data) {
			diffs = append(diffs, name+": differs")
		}
	}
	for name := range res.Files {
		if _, ok := fres.Files[name]; !ok {
			diffs = append(diffs, name+": left over after the rebuild")
		}
	}
	if !maps.EqualFunc(bl.SearchFiles(), fresh.SearchFiles(), bytes.Equal) {
		diffs = append(diffs, "the search index differs")
	}
	if res.Warnings.Error() != fres.Warnings.Error() {
		diffs = append(diffs, "the warnings differ")
	}
	if res.Pages != fres.Pages {
		diffs = append(diffs, fmt.Sprintf("pages: %d after the rebuild, %d fresh", res.Pages, fres.Pages))
	}
	slices.Sort(diffs)
	return diffs
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// rebuild calls the preview's rebuild and returns its errors as an error.
func rebuild(bl *Builder, changed []string) (*Result, error) {
	res, errs := bl.Rebuild(Change(changed))
	if len(errs) > 0 {
		return res, errs
	}
	return res, nil
}

// report fails the test with at most a few differences.
func report(tb testing.TB, what string, diffs []string) {
	tb.Helper()
	if len(diffs) == 0 {
		return
	}
	more := ""
	if len(diffs) > 8 {
		more = fmt.Sprintf("\n  … and %d more", len(diffs)-8)
		diffs = diffs[:8]
	}
	tb.Errorf("%s: the rebuild differs from a fresh build:\n  %s%s", what, strings.Join(diffs, "\n  "), more)
}

// TestRebuildEqualsBuild applies each edit of a table to a copy of the real
// site, in turn, and compares the preview's rebuild with a fresh build.
func TestRebuildEqualsBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the real site many times")
	}
	e := newEditor(t, 1)
	bl := New(previewOptions(e.dir))
	if _, errs := bl.Build(); len(errs) > 0 {
		t.Fatal(errs)
	}
	// Each step is one edit, or an edit undone; the names are those of siteEdits.
	steps := []string{
		"body of a printed page", "body of a page not printed", "body of a section page",
		"body with a glossary abbreviation", "title", "weight", "description",
		"glossary term", "glossary definition", "glossary abbreviation", "restore the glossary",
		"delete the glossary page", "body of a printed page", "restore the glossary page",
		"site.yaml", "checklist.yaml", "an organisation overlay", "a data file", "restore the data file",
		"a layout", "a partial", "an asset added", "an asset edited", "an asset removed",
		"a new folder with pages", "a page in a new folder edited", "a renamed folder",
		"a page in a new folder edited", "a new folder removed",
		"content/ deleted", "content/ restored", "body of a printed page",
		"layouts/ deleted", "layouts/ restored", "a layout", "a DfE statistics table",
		"a heading added", "body of a printed page", "an anchored heading renamed",
		"an anchored heading restored", "a heading added",
	}
	for i, name := range steps {
		changed := editNamed(t, name).do(e)
		res, err := rebuild(bl, changed)
		report(t, fmt.Sprintf("step %d, %s", i+1, name), sameAsFresh(e.dir, bl, res, err))
	}
}

// runSequence applies a random sequence of edits, rebuilding after each one
// or once for all of them (as the watcher does for a burst of events), and
// compares the outcome with a fresh build.
func runSequence(tb testing.TB, e *editor, bl *Builder, picks []int, batch bool) []string {
	var names, pending []string
	var res *Result
	var err error
	for _, k := range picks {
		ed := siteEdits[k%len(siteEdits)]
		names = append(names, ed.name)
		pending = append(pending, ed.do(e)...)
		if !batch {
			res, err = rebuild(bl, pending)
			pending = nil
		}
	}
	if batch || res == nil && err == nil {
		res, err = rebuild(bl, pending)
	}
	if diffs := sameAsFresh(e.dir, bl, res, err); len(diffs) > 0 {
		return append([]string{fmt.Sprintf("after %q (batched: %v)", names, batch)}, diffs...)
	}
	return nil
}

// TestRebuildRandomSequences runs seeded random sequences of edits on one
// long-lived preview builder. Run more with -oracle.sequences=N; a failure
// names its seed, which reproduces it.
func TestRebuildRandomSequences(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the real site many times")
	}
	seed := *oracleSeed
	e := newEditor(t, seed)
	bl := New(previewOptions(e.dir))
	if _, errs := bl.Build(); len(errs) > 0 {
		t.Fatal(errs)
	}
	before, last := compared, compared
	failed, i := 0, 0
	index := map[string]int{}
	for k, ed := range siteEdits {
		index[ed.name] = k
	}
	var repairs []int // the edits that undo those that break the site
	for _, name := range slices.Sorted(maps.Values(mends)) {
		repairs = append(repairs, index[name])
	}
	for ; i < *oracleSequences && failed < 3; i++ {
		picks := make([]int, 1+e.rnd.IntN(4))
		for j := range picks {
			picks[j] = e.rnd.IntN(len(siteEdits))
		}
		for _, k := range picks {
			// Most sequences that break the site mend it again, so the
			// rebuild goes through the errors and the comparison is of a
			// working site; one in ten ends broken.
			if mend, ok := mends[siteEdits[k].name]; ok && e.rnd.IntN(10) > 0 {
				picks = append(picks, index[mend])
			}
		}
		if i > 0 && compared.broken > last.broken {
			// The last sequence left the site broken (which the oracle
			// checked): mend it first.
			picks = append(append([]int(nil), repairs...), picks...)
		}
		last = compared
		if diffs := runSequence(t, e, bl, picks, e.rnd.IntN(2) == 0); len(diffs) > 0 {
			failed++
			report(t, fmt.Sprintf("seed %d, sequence %d", seed, i+1), diffs)
		}
		if (i+1)%1000 == 0 {
			t.Logf("%d sequences so far, %d of them compared a working site", i+1, compared.working-before.working)
		}
	}
	t.Logf("%d random edit sequences compared with a fresh build: %d of a working site, file for file; %d while the site had errors, by their errors",
		i, compared.working-before.working, compared.broken-before.broken)
}

// FuzzRebuild reads each input as a sequence of edits (one byte each; the
// first byte's low bit chooses whether they are rebuilt as one batch).
func FuzzRebuild(f *testing.F) {
	f.Add([]byte{0, 0})
	f.Add([]byte{1, 10, 0, 11})
	f.Add([]byte{0, 23, 24, 25, 26})
	f.Add([]byte{1, 27, 0, 28})
	f.Add([]byte{0, 29, 18, 30})
	f.Add([]byte{1, 20, 21, 22, 16, 17})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 || len(data) > 9 {
			return
		}
		e := newEditor(t, 1)
		bl := New(previewOptions(e.dir))
		if _, errs := bl.Build(); len(errs) > 0 {
			t.Fatal(errs)
		}
		picks := make([]int, len(data)-1)
		for i, b := range data[1:] {
			picks[i] = int(b)
		}
		if diffs := runSequence(t, e, bl, picks, data[0]&1 == 1); len(diffs) > 0 {
			report(t, "fuzzed sequence", diffs)
		}
	})
}

// TestRebuildRendersOnlyReaders checks that an edit draws again the pages
// that read what it changed and not the plain pages that do not (layouts
// that use names render.Templates.Reads does not know may read any data, so pages drawn
// with them are drawn again after any data edit), and that the result is
// still a fresh build's.
func TestRebuildRendersOnlyReaders(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the real site many times")
	}
	e := newEditor(t, 3)
	bl := New(previewOptions(e.dir))
	first, errs := bl.Build()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	plain := func(p *site.Page) bool { // a page of prose, with no data
		return (p.Layout == "page" || p.Layout == "section") && p.Source.Checklist == "" && !strings.HasPrefix(p.URL, "glossary/")
	}
	for _, c := range []struct {
		edit          string
		want          int                   // pages drawn again; -1 for all, -2 for "some"
		must, mustNot func(*site.Page) bool // pages that must, or must not, be drawn again
	}{
		{"body of a printed page", 2, nil, nil},     // the page and the print page
		{"body of a page not printed", 1, nil, nil}, // the page alone
		{"glossary definition", -2, func(p *site.Page) bool { return p.Layout == "glossary" || p.Layout == "print" }, plain},
		{"checklist.yaml", -2, func(p *site.Page) bool { return p.Source != nil && p.Source.Checklist != "" || p.Layout == "print" }, plain},
		{"an asset edited", 0, nil, nil},
		{"an asset added", 0, nil, nil},
		{"title", -1, nil, nil}, // every page's navigation shows it
		{"a layout", -2, func(p *site.Page) bool { return p.Layout == "page" }, func(p *site.Page) bool { return p.Layout != "page" }},
	} {
		before := map[string]uint64{}
		for out, r := range bl.rendered {
			before[out] = r.n
		}
		res, err := rebuild(bl, editNamed(t, c.edit).do(e))
		report(t, c.edit, sameAsFresh(e.dir, bl, res, err))
		if err != nil {
			continue
		}
		switch {
		case c.want == -1 && res.Rendered != first.Pages, c.want >= 0 && res.Rendered != c.want:
			t.Errorf("%s: drew %d pages again, want %d", c.edit, res.Rendered, max(c.want, first.Pages))
		}
		for _, p := range bl.last.Pages {
			drawn := bl.rendered[p.OutPath()].n != before[p.OutPath()]
			if c.must != nil && c.must(p) && !drawn {
				t.Errorf("%s: %s was not drawn again", c.edit, p.File)
			}
			if c.mustNot != nil && c.mustNot(p) && drawn {
				t.Errorf("%s: %s was drawn again (if its layout uses a new name that reads only the page and the tree, add it to plainNames in render/reads.go)", c.edit, p.File)
			}
		}
	}
}

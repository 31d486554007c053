package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"icsguide/generator/corpus"
	"icsguide/generator/internal/browsertest"
	"icsguide/generator/internal/testsite"
)

// TestSplitSearchInBrowser builds a site big enough for its search index to
// be split into parts (1,000 pages; SEARCH_TEST_PAGES sets another size) and
// searches it from the file system: results appear, only the parts the
// query needs are loaded, and the results are ranked as a plain full sort
// of every match ranks them. It logs how long the first results took, the
// query submitted at once and typed.
func TestSplitSearchInBrowser(t *testing.T) {
	pages := 1000
	if n, err := strconv.Atoi(os.Getenv("SEARCH_TEST_PAGES")); err == nil && n > 0 {
		pages = n
	}
	dir := t.TempDir()
	if err := corpus.Write(dir, corpus.Options{Pages: pages, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	testsite.CopyTree(t, filepath.Join("..", "layouts"), filepath.Join(dir, "layouts"))
	searchPage := "---\ntitle: Search\nlayout: search\n---\n\nSearch needs JavaScript.\n"
	if err := os.WriteFile(filepath.Join(dir, "content", "search.md"), []byte(searchPage), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := runCLI("build", "--source", dir, "--out", out); code != 0 {
		t.Fatalf("build failed: %s", stderr)
	}
	parts, _ := filepath.Glob(filepath.Join(out, "assets", "search", "*.js"))
	if len(parts) < 10 {
		t.Fatalf("the index of %d pages is in %d parts; want one per first letter", pages, len(parts))
	}

	ctx, console := browsertest.Browser(t)
	search := "file://" + filepath.ToSlash(out) + "/search/index.html"
	// How long the first results take, each time in a page just opened
	// (SEARCH_TEST_RUNS times; once unless set): with "forward plan"
	// submitted at once, its parts all still to load; and typed a letter
	// every 150 ms, as a brisk typist does, the parts loading while the
	// rest is typed. Timed from the query, or its last letter, to the first
	// result in the page.
	runs := 1
	if n, err := strconv.Atoi(os.Getenv("SEARCH_TEST_RUNS")); err == nil && n > 0 {
		runs = n
	}
	for _, typed := range []bool{false, true} {
		var shown, painted []float64
		for range runs {
			if err := chromedp.Do(ctx, chromedp.Navigate(search)); err != nil {
				t.Fatal(err)
			}
			if err := browsertest.WaitJS(ctx, `window.SEARCH_INDEX && document.querySelector(".search-nojs").hidden`, 20*time.Second); err != nil {
				t.Fatal(err)
			}
			took, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64]("("+firstResults+")("+strconv.FormatBool(typed)+")", awaitPromise))
			if err != nil || len(took) != 2 {
				t.Fatalf("no results for \"forward plan\" in a split index: %v", err)
			}
			shown, painted = append(shown, took[0]), append(painted, took[1])
		}
		slices.Sort(shown)
		slices.Sort(painted)
		how := "submitted at once"
		if typed {
			how = "typed"
		}
		t.Logf("%d pages, %q %s: first results in the page %.0f ms after the query, painted %.0f ms (best of %d; medians %.0f and %.0f ms)",
			pages, "forward plan", how, shown[0], painted[0], runs, shown[len(shown)/2], painted[len(painted)/2])
	}
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("script[src*='assets/search/']"), s => s.getAttribute("src"))`))
	if err != nil {
		t.Fatal(err)
	}
	// One part for each word: by "f" and "p", or, big as they are, by "fo"
	// ("66-6f.js") and "pl".
	if len(loaded) != 2 || !strings.HasPrefix(loaded[0], "../assets/search/66") || !strings.HasPrefix(loaded[1], "../assets/search/70") {
		t.Errorf("parts loaded for \"forward plan\": %q; want the one for each word", loaded)
	}

	testSearchRankedInFull(t, ctx, out, parts)
	for _, m := range console.Take() {
		t.Errorf("console error: %s", m)
	}
}

// firstResults searches for "forward plan", submitted at once or typed a
// letter every 150 ms, and returns how long after the query, or its last
// letter, the first result for it was in the page, and then painted (after
// the next frame).
const firstResults = `(typed) => new Promise((done, fail) => {
	const query = "forward plan";
	const box = document.getElementById("search-results");
	const input = document.getElementById("search-q");
	let asked = 0;
	new MutationObserver(() => {
		const count = box.querySelector(".search-count");
		if (asked && count && count.textContent.includes("\u2018" + query + "\u2019") && box.querySelector(".search-result")) {
			const from = asked;
			const shown = performance.now() - from;
			requestAnimationFrame(() => setTimeout(() => done([shown, performance.now() - from]), 0));
			asked = 0;
		}
	}).observe(box, { childList: true, subtree: true });
	setTimeout(() => fail(new Error("no results after 20 s")), 20000);
	if (!typed) {
		input.value = query;
		asked = performance.now();
		input.form.requestSubmit();
		return;
	}
	let typedSoFar = 0;
	(function type() {
		input.value = query.slice(0, ++typedSoFar);
		if (typedSoFar === query.length) asked = performance.now();
		input.dispatchEvent(new Event("input", { bubbles: true }));
		if (typedSoFar < query.length) setTimeout(type, 150);
	}());
})`

// rankInFull is the search's ranking as a plain full sort: every document
// that has, for each term, an indexed word the term starts, scored by the
// sum over terms of its best weight (a whole word counting 1.25 times),
// sorted by whether its title is the query (2) or holds every term (1),
// then by score, then by title in the collator's order, then in index
// order. It reads every part of the index from window.FULL_INDEX, and the
// titles' words from the search's own SEARCH_INDEX.titleWords; it returns
// the number of results and the title, link and section of the first 50.
const rankInFull = `(terms) => {
	const words = {};
	// Each word's postings: for each document, a number in base 32, lowest
	// digit first, every digit but the last from the second half of the
	// digits: the gap from the document before, less one, times 128, plus
	// the weight (see postings in output/search.go).
	const digits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_.";
	const decode = p => {
		const list = [];
		let n = 0, scale = 1, d = -1;
		for (const c of p) {
			const v = digits.indexOf(c);
			n += (v % 32) * scale;
			scale *= 32;
			if (v < 32) {
				d += Math.floor(n / 128) + 1;
				list.push(d, n % 128);
				n = 0;
				scale = 1;
			}
		}
		return list;
	};
	Object.values(window.FULL_INDEX.parts).forEach(part => {
		for (const w in part) words[w] = decode(part[w]);
	});
	const docs = window.SEARCH_INDEX.docs;
	const titleWords = window.SEARCH_INDEX.titleWords;
	const collator = new Intl.Collator("en-GB", { sensitivity: "base" });
	let total = null;
	for (const term of terms) {
		const best = new Map();
		for (const w of Object.keys(words)) {
			if (!w.startsWith(term)) continue;
			const list = words[w];
			for (let j = 0; j + 1 < list.length; j += 2) {
				const score = list[j + 1] * (w === term ? 1.25 : 1);
				if (!(best.get(list[j]) >= score)) best.set(list[j], score);
			}
		}
		if (total === null) {
			total = best;
			continue;
		}
		const next = new Map();
		total.forEach((score, d) => { if (best.has(d)) next.set(d, score + best.get(d)); });
		total = next;
	}
	const results = [];
	total.forEach((score, d) => {
		const ws = titleWords[d];
		const all = terms.every(t => ws.some(w => w.startsWith(t)));
		results.push({ d, score, title: !all ? 0 : ws.length === terms.length ? 2 : 1 });
	});
	results.sort((a, b) => (b.title - a.title) || (b.score - a.score) ||
		collator.compare(docs[a.d].t, docs[b.d].t) || (a.d - b.d));
	const href = u => "../" + u + (u === "" || u.endsWith("/") ? "index.html" : "");
	const section = d => docs[d].s ? " (" + window.SEARCH_INDEX.sections[docs[d].s] + ")" : "";
	return [String(results.length), ...results.slice(0, 50).map(r => docs[r.d].t + " " + href(docs[r.d].u) + section(r.d))];
}`

// testSearchRankedInFull checks, for queries of one and more words, whole
// and partial, matching every page, some or none, that the search page
// shows the count and the first results of rankInFull, in its order, each
// with its section.
func testSearchRankedInFull(t *testing.T, ctx context.Context, out string, parts []string) {
	// Every part, read by rankInFull from FULL_INDEX rather than from the
	// search's own SEARCH_INDEX, which loads parts as queries need them.
	var full strings.Builder
	full.WriteString("window.FULL_INDEX = {parts: {}};\n")
	for _, p := range parts {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		full.WriteString(strings.Replace(string(data), "window.SEARCH_INDEX.parts[", "window.FULL_INDEX.parts[", 1))
	}
	if err := os.WriteFile(filepath.Join(out, "full-index.js"), []byte(full.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	loadFull := `new Promise(done => {
		const s = document.createElement("script");
		s.src = "../full-index.js";
		s.onload = () => done(true);
		document.head.appendChild(s);
	})`
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](loadFull, awaitPromise)); err != nil {
		t.Fatal(err)
	}
	if err := browsertest.WaitJS(ctx, `SEARCH_INDEX.titleWords.filter(Boolean).length === SEARCH_INDEX.docs.length`, 20*time.Second); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		query string
		terms []string // the query's words as the search folds them
	}{
		{"forward plan", []string{"forward", "plan"}},
		{"Plans", []string{"plan"}},
		{"pl", []string{"pl"}},
		{"young people", []string{"young", "people"}},
		{"speech therapy wellbeing", []string{"speech", "therapy", "wellbeing"}},
		{"carers", []string{"carer"}},
		{"co-production forum", []string{"coproduction", "forum"}},
		{"se", []string{"se"}},
		{"zzqq", []string{"zzqq"}},
	} {
		terms, _ := json.Marshal(tt.terms)
		want, err := chromedp.Run(ctx, chromedp.Evaluate[[]string]("("+rankInFull+")("+string(terms)+")"))
		if err != nil {
			t.Fatal(err)
		}
		show := `(() => {
			const input = document.getElementById("search-q");
			input.value = ` + strconv.Quote(tt.query) + `;
			input.form.requestSubmit();
			return true;
		})()`
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](show)); err != nil {
			t.Fatal(err)
		}
		shown := `document.querySelector("#search-results > h2, #search-results > p") && document.querySelector("#search-results > h2, #search-results > p").textContent.includes(` + strconv.Quote("\u2018"+tt.query+"\u2019") + `)`
		if err := browsertest.WaitJS(ctx, shown, 20*time.Second); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[
			(document.querySelector("#search-results .search-count") || {textContent: "0 "}).textContent.split(" ")[0],
			...Array.from(document.querySelectorAll("#search-results .search-result"), li => {
				const a = li.querySelector(".search-result-title a"), section = li.querySelector(".search-result-section");
				return a.textContent + " " + a.getAttribute("href") + (section ? " (" + section.textContent + ")" : "");
			})]`))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%q: shown (count, then results):\n%s\nwant, as a full sort ranks them:\n%s", tt.query, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if tt.query == "forward plan" && len(got) != 51 {
			t.Errorf("%q: %d results shown; want 50", tt.query, len(got)-1)
		}
	}
}

// awaitPromise makes Evaluate wait for the promise an expression returns.
func awaitPromise(p *runtime.EvaluateParams) {
	yes := true
	p.AwaitPromise = &yes
}

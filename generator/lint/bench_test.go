package lint

import (
	"testing"
	"time"

	"icsguide/generator/content"
	"icsguide/generator/corpus"
)

// BenchmarkPages converts and checks every page of a generated 1,000-page
// site, as a build does.
func BenchmarkPages(b *testing.B) {
	dir := b.TempDir()
	if err := corpus.Write(dir, corpus.Options{Pages: 1000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	src, errs := content.Load(content.DirFS(dir), "content")
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	pages := src.SortedPages()
	cfg := Config{Today: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), Abbrs: map[string]bool{}}
	for _, t := range src.Glossary {
		cfg.Abbrs[t.Abbr] = true
	}
	b.ReportAllocs()
	b.ResetTimer()
	warnings := 0
	for i := 0; i < b.N; i++ {
		warnings = 0
		for _, p := range pages {
			warnings += len(checkPage(p, cfg))
		}
	}
	b.ReportMetric(float64(len(pages)*b.N)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64(warnings), "warnings")
}

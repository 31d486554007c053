package build

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/metrics"
	"sync"
	"syscall"
	"testing"
	"time"

	"icsguide/generator/corpus"
	"icsguide/generator/internal/testsite"
	"icsguide/generator/output"
)

// corpusSite writes a generated site with the repository's layouts.
func corpusSite(b *testing.B, pages int) string {
	return writeCorpus(b, corpus.Options{Pages: pages, Organisations: 42, Seed: 1})
}

// writeCorpus writes a generated site with the repository's layouts.
func writeCorpus(b *testing.B, o corpus.Options) string {
	b.Helper()
	dir := b.TempDir()
	if err := corpus.Write(dir, o); err != nil {
		b.Fatal(err)
	}
	testsite.CopyTree(b, filepath.Join("..", "..", "layouts"), filepath.Join(dir, "layouts"))
	return dir
}

// cpuTime is the CPU time the process has used so far. On a busy shared
// machine it measures the work done better than the wall clock does.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports CPU milliseconds per operation.
func reportCPU(b *testing.B, cpu time.Duration) {
	b.ReportMetric(float64(cpu)/float64(b.N)/float64(time.Millisecond), "cpu-ms/op")
}

// BenchmarkBuild is a full build, written to disk, of generated sites of
// two shapes: ten sections of ten topics with organisation pages, and this
// guide with the pages added in folders of 100.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("sections/pages=%d", n), func(b *testing.B) {
			benchFullBuild(b, corpusSite(b, n))
		})
		b.Run(fmt.Sprintf("guide+folders/pages=%d", n), func(b *testing.B) {
			benchFullBuild(b, writeCorpus(b, corpus.Options{Pages: n, Folders: n / 100, Seed: 1,
				Guide: filepath.Join("..", "..", "content")}))
		})
	}
}

// benchFullBuild builds the site in dir b.N times, writing it to disk, and
// reports pages per second, CPU time and the peak memory the Go runtime held.
func benchFullBuild(b *testing.B, dir string) {
	out := filepath.Join(b.TempDir(), "public")
	b.ReportAllocs()
	b.ResetTimer()
	pages := 0
	cpu := cpuTime()
	stop := watchPeakMemory()
	for i := 0; i < b.N; i++ {
		f, err := output.CreateFolder(out)
		if err != nil {
			b.Fatal(err)
		}
		res, errs := New(Options{Source: dir}).BuildInto(f)
		if len(errs) > 0 {
			b.Fatal(errs)
		}
		if err := f.Commit(); err != nil {
			b.Fatal(err)
		}
		pages = res.Pages
	}
	b.ReportMetric(float64(stop())/(1<<20), "peak-MB")
	reportCPU(b, cpuTime()-cpu)
	b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkEdit is the preview's rebuild after one page's body changed.
func BenchmarkEdit(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("pages=%d", n), func(b *testing.B) {
			dir := corpusSite(b, n)
			bl := New(Options{Source: dir, Preview: true, Drafts: true})
			if _, errs := bl.Build(); len(errs) > 0 {
				b.Fatal(errs)
			}
			rel := "content/section-03/topic-04/page-0002.md"
			file := filepath.Join(dir, filepath.FromSlash(rel))
			orig, err := os.ReadFile(file)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			var cpu time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				edited := append(append([]byte(nil), orig...), fmt.Sprintf("\nEdit number %d.\n", i)...)
				if err := os.WriteFile(file, edited, 0o644); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				start := cpuTime()
				res, errs := bl.Rebuild(Change{rel})
				cpu += cpuTime() - start
				if len(errs) > 0 {
					b.Fatal(errs)
				}
				if res.Rendered != 1 {
					b.Fatalf("rendered %d pages for a body edit, want 1", res.Rendered)
				}
			}
			reportCPU(b, cpu)
		})
	}
}

// BenchmarkSearchIndexAndZip measures the search index and the ZIP alone.
// The index is made by a preview builder, which keeps the page bodies, and
// must be the size of the one the build wrote.
func BenchmarkSearchIndexAndZip(b *testing.B) {
	dir := corpusSite(b, 1000)
	res, errs := New(Options{Source: dir}).Build()
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	pv := New(Options{Source: dir, Preview: true})
	if _, errs := pv.Build(); len(errs) > 0 {
		b.Fatal(errs)
	}
	b.Run("index", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			n := 0
			for name, f := range pv.SearchFiles() {
				if len(f) != len(res.Files[name]) {
					b.Fatalf("%s is %d bytes, the build wrote %d", name, len(f), len(res.Files[name]))
				}
				n += len(f)
			}
			b.SetBytes(int64(n))
		}
	})
	b.Run("zip", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			z, err := output.OfflineZip(res.Files, "corpus", output.OfflineNote(time.Time{}, ""))
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(z)))
		}
	})
}

// BenchmarkFolderShape builds 8,000 pages in one folder and in 80 folders,
// written to disk: per page, the two should cost about the same. It reports
// pages per second and the peak memory the Go runtime held.
func BenchmarkFolderShape(b *testing.B) {
	for _, folders := range []int{1, 80} {
		b.Run(fmt.Sprintf("folders=%d", folders), func(b *testing.B) {
			benchFullBuild(b, shapeSite(b, 8000, folders))
		})
	}
}

// watchPeakMemory samples the memory the Go runtime holds until the
// returned function is called, which returns the highest sample in bytes.
func watchPeakMemory() func() uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/total:bytes"}}
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak
	}
}

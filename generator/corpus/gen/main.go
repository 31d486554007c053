// Command gen writes a generated guidance corpus, for comparing build
// times with other generators:
//
//	go run ./generator/corpus/gen -pages 1000 -out corpus-1000
//	go run ./generator/corpus/gen -pages 1000 -folder-size 100 -orgs 0 -guide content -out mixed-1000
//
// The second adds the pages, in folders of 100, to a copy of this guide.
package main

import (
	"flag"
	"fmt"
	"os"

	"icsguide/generator/corpus"
)

func main() {
	pages := flag.Int("pages", 1000, "guidance pages")
	orgs := flag.Int("orgs", 42, "organisation pages")
	seed := flag.Int64("seed", 1, "random seed")
	folderSize := flag.Int("folder-size", 0, "put the pages in top-level folders of this many pages (default: ten sections of ten topics)")
	guide := flag.String("guide", "", "a content folder to add the pages to, such as this guide's content/")
	out := flag.String("out", "", "folder to write content/ into")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gen: -out is required")
		os.Exit(2)
	}
	o := corpus.Options{Pages: *pages, Organisations: *orgs, Seed: *seed, Folders: folders(*pages, *folderSize), Guide: *guide}
	if err := corpus.Write(*out, o); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// folders is how many folders of size pages hold n pages (0: the default shape).
func folders(n, size int) int {
	if size <= 0 {
		return 0
	}
	return max(1, (n+size-1)/size)
}

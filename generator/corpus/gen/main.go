// Command gen writes a generated guidance corpus, for comparing build
// times: go run ./generator/corpus/gen -pages 1000 -out corpus-1000
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
	out := flag.String("out", "", "folder to write content/ into")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gen: -out is required")
		os.Exit(2)
	}
	if err := corpus.Write(*out, corpus.Options{Pages: *pages, Organisations: *orgs, Seed: *seed}); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// Command generator builds the ICS and SEND guidance site from content/ and
// layouts/ into public/, checks it, previews it with live reload, and
// scaffolds new pages.
//
//	go run ./generator build [--source DIR] [--out DIR] [--drafts] [--base-url URL] [--strict]
//	go run ./generator check [--source DIR] [--drafts] [--strict]
//	go run ./generator serve [--source DIR] [--port N] [--bind ADDR]
//	go run ./generator new content/explainers/my-page.md
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"icsguide/generator/build"
	"icsguide/generator/content"
	"icsguide/generator/diag"
	"icsguide/generator/lint"
	"icsguide/generator/output"
	"icsguide/generator/preview"
)

const usage = `Usage: go run ./generator <command> [flags]

Commands:
  build   build content/ and layouts/ into public/
  check   check everything a build checks, without writing anything
  serve   preview the site at a local address, reloading on every edit
  new     start a new page with today's review dates: new content/explainers/my-page.md
  help    show this help

Run "go run ./generator <command> -h" for a command's flags.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// memoryLimit is the soft heap limit of a build or the preview.
const memoryLimit = 512 << 20

// limitMemory sets the soft heap limit of builds and the preview, unless
// GOMEMLIMIT is set: the garbage collector works harder as the heap nears it,
// so big sites build in well under a gigabyte for a little more CPU time.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}

// Exit statuses.
const (
	exitOK      = 0
	exitContent = 1 // the content, data or layouts have errors
	exitUsage   = 2 // the command line is wrong
)

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "build", "check":
		return runBuild(cmd, args, stdout, stderr)
	case "serve":
		return runServe(args, stdout, stderr)
	case "new":
		return runNew(args, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		printRules(stdout)
		return exitOK
	}
	fmt.Fprintf(stderr, "unknown command %q\n\n%s", cmd, usage)
	return exitUsage
}

func runBuild(cmd string, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	source := fs.String("source", ".", "the site folder, holding content/ and layouts/")
	out := fs.String("out", "", "where to write the site (default <source>/public)")
	drafts := fs.Bool("drafts", false, "include pages marked draft")
	baseURL := fs.String("base-url", "", "the published address, e.g. https://example.org/guide/ (for sitemap, feed and canonical links)")
	strict := fs.Bool("strict", false, "treat content warnings (house style, review dates) as errors")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "%s: unexpected argument %q\n", cmd, fs.Arg(0))
		return exitUsage
	}
	if err := checkSource(*source); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
		return exitUsage
	}
	if *out == "" {
		*out = filepath.Join(*source, "public")
	}
	if cmd == "build" {
		if err := checkOut(*source, *out); err != nil {
			fmt.Fprintf(stderr, "build: %v\n", err)
			return exitUsage
		}
		// Put right whatever an interrupted build left, even if this one fails.
		if err := output.Recover(*out); err != nil {
			fmt.Fprintf(stderr, "build: %v\n", err)
			return exitContent
		}
	}
	if *baseURL != "" {
		u, err := url.Parse(*baseURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			fmt.Fprintf(stderr, "%s: --base-url must be a full address such as https://example.org/guide/\n", cmd)
			return exitUsage
		}
	}
	limitMemory()
	if os.Getenv("GOGC") == "" {
		// A build's heap is mostly short-lived: collecting a little more
		// often than the default keeps its peak about a tenth lower, for
		// about 5% more time.
		debug.SetGCPercent(75)
	}
	start := time.Now()
	b := build.New(build.Options{Source: *source, Drafts: *drafts, BaseURL: *baseURL})
	var res *build.Result
	var errs diag.List
	var folder *output.Folder
	if cmd == "check" {
		res, errs = b.Build()
	} else {
		// Pages go to disk as they are drawn, into a new folder that takes
		// the place of the output only if the build succeeds.
		var err error
		if folder, err = output.CreateFolder(*out); err != nil {
			fmt.Fprintf(stderr, "build: cannot write %s: %v\n", *out, err)
			return exitContent
		}
		res, errs = b.BuildInto(folder)
	}
	if len(errs) > 0 {
		printErrors(stderr, errs)
		if cmd == "build" {
			folder.Abort()
			fmt.Fprintf(stderr, "The build failed; %s was left as it was.\n", *out)
		}
		return exitContent
	}
	if len(res.Warnings) > 0 {
		printWarnings(stderr, res.Warnings, *strict)
		if *strict {
			if cmd == "build" {
				folder.Abort()
				fmt.Fprintf(stderr, "The build failed (--strict); %s was left as it was.\n", *out)
			}
			return exitContent
		}
	}
	if cmd == "check" {
		if len(res.Warnings) == 0 {
			fmt.Fprintf(stdout, "No problems found: %d pages, %d files checked in %s.\n", res.Pages, res.Count, since(start))
		} else {
			fmt.Fprintf(stdout, "No errors found: %d pages, %d files checked in %s; %s.\n", res.Pages, res.Count, since(start), count(len(res.Warnings), "warning"))
		}
		return exitOK
	}
	if err := folder.Commit(); err != nil {
		fmt.Fprintf(stderr, "build: cannot write %s: %v\n", *out, err)
		return exitContent
	}
	fmt.Fprintf(stdout, "Built %d pages, %d files in %s (offline ZIP %s, search index %s) into %s\n",
		res.Pages, res.Count, since(start), output.HumanSize(res.ZipSize), output.HumanSize(res.Index), *out)
	if *baseURL == "" {
		fmt.Fprint(stderr, noBaseURLWarning)
	}
	return exitOK
}

// noBaseURLWarning says what a build without --base-url cannot do.
const noBaseURLWarning = `warning: no --base-url was given, so:
  - 404.html links to the stylesheet and pages from the root of the domain (/), because a
    host shows it at any missing address, at any depth: it works when the site is published
    at the root of its domain, and is unstyled with broken links in a sub-folder
    (such as https://example.github.io/guide/);
  - there is no sitemap.xml for search engines, and pages have no canonical address;
  - the links in feed.xml are relative, and many feed readers cannot follow them.
  Give the address the site is published at, e.g. --base-url https://example.org/guide/
`

func since(t time.Time) string { return time.Since(t).Round(time.Millisecond).String() }

func printErrors(w io.Writer, errs diag.List) {
	sorted := errs.Sorted()
	for _, e := range sorted {
		fmt.Fprintln(w, e.Error())
	}
	noun := "problems"
	if len(sorted) == 1 {
		noun = "problem"
	}
	fmt.Fprintf(w, "%d %s found.\n", len(sorted), noun)
}

// printRules lists the writing checks that check, build and serve make.
func printRules(w io.Writer) {
	fmt.Fprintln(w, "\nWriting checks (warnings; --strict makes them fail). Switch one off with a reason,")
	fmt.Fprintln(w, "for a line: <!-- lint-ignore rule: reason -->, for a page: lint_ignore: {rule: reason}")
	for _, r := range lint.Rules {
		fmt.Fprintf(w, "  %-17s %s\n", r.Name, r.Doc)
	}
	fmt.Fprintf(w, "  %-17s %s\n", lint.ContactRule, lint.ContactDoc)
}

// printWarnings lists the content warnings, each as file:line:col, and
// says what they mean for the build.
func printWarnings(w io.Writer, warns diag.List, strict bool) {
	for _, e := range warns {
		fmt.Fprintln(w, e.Error())
	}
	if strict {
		fmt.Fprintf(w, "%s found; --strict makes them fail.\n", count(len(warns), "warning"))
		return
	}
	fmt.Fprintf(w, "%s found (they do not fail the build; --strict makes them fail).\n", count(len(warns), "warning"))
}

// count says "1 warning" or "3 warnings".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// checkSource makes sure the site folder exists and holds content/.
func checkSource(source string) error {
	fi, err := os.Stat(source)
	if err != nil {
		return fmt.Errorf("--source %s: no such folder", source)
	}
	if !fi.IsDir() {
		return fmt.Errorf("--source %s is not a folder", source)
	}
	if fi, err := os.Stat(filepath.Join(source, "content")); err != nil || !fi.IsDir() {
		return fmt.Errorf("--source %s has no content/ folder", source)
	}
	return nil
}

// checkOut refuses an output folder whose replacement would delete anything
// an editor wrote: the site folder itself, content/ or layouts/, a folder
// inside them, or a folder containing them.
func checkOut(source, out string) error {
	// A symbolic link is written through: check the folder it leads to.
	real, err := output.OutputFolder(out)
	if err != nil {
		return fmt.Errorf("--out %v", err)
	}
	if real != filepath.Clean(out) {
		out = out + " (a symbolic link to " + real + ")"
	}
	absOut, err := filepath.Abs(real)
	if err != nil {
		return err
	}
	absSrc, err := filepath.Abs(source)
	if err != nil {
		return err
	}
	if r, err := filepath.EvalSymlinks(absSrc); err == nil {
		absSrc = r
	}
	if r, err := filepath.EvalSymlinks(filepath.Dir(absOut)); err == nil {
		absOut = filepath.Join(r, filepath.Base(absOut))
	}
	if absOut == absSrc || within(absSrc, absOut) {
		return fmt.Errorf("--out %s would replace the site folder; choose a folder such as %s", out, filepath.Join(source, "public"))
	}
	for _, keep := range []string{"content", "layouts", "generator", ".git"} {
		k := filepath.Join(absSrc, keep)
		if absOut == k || within(absOut, k) {
			return fmt.Errorf("--out %s is inside %s/, which holds files you wrote; choose another folder", out, keep)
		}
	}
	if fi, err := os.Stat(real); err == nil && !fi.IsDir() {
		return fmt.Errorf("--out %s is a file, not a folder", out)
	}
	return nil
}

// within reports whether path lies inside dir.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != "." && !strings.HasPrefix(rel, "..")
}

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	source := fs.String("source", ".", "the site folder, holding content/ and layouts/")
	port := fs.Int("port", 1313, "port to listen on; if taken, a free one is picked")
	bind := fs.String("bind", "127.0.0.1", "address to listen on")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if err := checkSource(*source); err != nil {
		fmt.Fprintf(stderr, "serve: %v\n", err)
		return exitUsage
	}
	limitMemory()
	err := preview.Run(preview.Options{Source: *source, Bind: *bind, Port: *port, Out: stdout, Log: stderr})
	if err != nil {
		fmt.Fprintf(stderr, "serve: %v\n", err)
		return exitContent
	}
	return exitOK
}

func runNew(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("new", flag.ContinueOnError)
	fs.SetOutput(stderr)
	source := fs.String("source", ".", "the site folder, holding content/")
	title := fs.String("title", "", "the page title (default from the file name)")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "new: name the page to create, e.g. new content/explainers/my-page.md")
		return exitUsage
	}
	rel := strings.TrimPrefix(filepath.ToSlash(fs.Arg(0)), "content/")
	if msg := newPageProblem(rel); msg != "" {
		fmt.Fprintf(stderr, "new: %s: %s\n", fs.Arg(0), msg)
		return exitUsage
	}
	file := filepath.Join(*source, "content", filepath.FromSlash(rel))
	t := *title
	if t == "" {
		t = titleFromName(rel)
	}
	today := time.Now()
	page := fmt.Sprintf(`---
title: %q
description: 
audience: []
reviewed: %s
review_due: %s
sources: []
draft: true
---

Write the page here. Start sections with ## headings.
`, t, today.Format("2006-01-02"), today.AddDate(1, 0, 0).Format("2006-01-02"))
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		fmt.Fprintf(stderr, "new: %v\n", err)
		return exitContent
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		fmt.Fprintf(stderr, "new: %s already exists; nothing was changed\n", file)
		return exitUsage
	}
	if err == nil {
		_, err = f.WriteString(page)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "new: %v\n", err)
		return exitContent
	}
	fmt.Fprintf(stdout, "Created %s (a draft: set draft: false or remove it to publish)\n", file)
	return exitOK
}

// newPageProblem applies the build's rules to the content path of a new
// page and says what is wrong with it, or "" when a build will accept it.
func newPageProblem(rel string) string {
	const example = "e.g. content/explainers/my-page.md"
	switch {
	case !strings.HasSuffix(rel, ".md"):
		return "a page must be a .md file inside content/, " + example
	case content.Classify(rel) != content.PageFile:
		return "a build would skip this file (hidden, an editor's backup, or README.md, which holds notes for editors); " + example
	}
	if bad := content.BadNames(rel); len(bad) > 0 {
		return fmt.Sprintf("the name %q cannot be used in a web address: use lowercase letters, digits and hyphens, %s", bad[0], example)
	}
	return ""
}

// titleFromName makes a first title from a page's name: "my-page.md" gives
// "My page"; a section page (_index.md) is named after its folder.
func titleFromName(rel string) string {
	base := strings.TrimSuffix(path.Base(rel), ".md")
	if base == "_index" {
		base = path.Base(path.Dir(rel))
		if base == "." {
			base = "home"
		}
	}
	words := strings.ReplaceAll(base, "-", " ")
	return strings.ToUpper(words[:1]) + words[1:]
}

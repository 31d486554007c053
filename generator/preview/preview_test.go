package preview

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"icsguide/generator/build"
	"icsguide/generator/internal/testsite"
)

// newSite writes a small site into a temporary folder, with the
// repository's layouts.
func newSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"content/site.yaml":       "title: Test guide\nshort_name: test-guide\n",
		"content/_index.md":       "---\ntitle: Home\n---\nWelcome home.\n",
		"content/guide/_index.md": "---\ntitle: Guide\n---\nThe guide.\n",
		"content/guide/page.md":   "---\ntitle: A page\n---\nFirst version.\n",
	}
	for name, body := range files {
		write(t, filepath.Join(dir, name), body)
	}
	testsite.CopyTree(t, filepath.Join("..", "..", "layouts"), filepath.Join(dir, "layouts"))
	write(t, filepath.Join(dir, "layouts/assets/site.css"), "body{}")
	return dir
}

func write(t *testing.T, p, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// started is a running preview of a temporary site with one open event stream.
type started struct {
	dir    string
	srv    *httptest.Server
	events chan string
}

// serve starts a watching preview of the site in dir, stopped when the
// test ends.
func serve(tb testing.TB, dir string) (*Server, *httptest.Server) {
	tb.Helper()
	s := NewServer(dir, io.Discard, io.Discard)
	w, err := s.Watch()
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(s)
	tb.Cleanup(func() { s.closeClients(); srv.Close(); w.Close() })
	return s, srv
}

func start(t *testing.T) *started {
	t.Helper()
	dir := newSite(t)
	_, srv := serve(t, dir)
	st := &started{dir: dir, srv: srv, events: make(chan string, 16)}
	resp, err := http.Get(srv.URL + livePrefix + "events")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	ready := make(chan bool)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		first := true
		for sc.Scan() {
			line := sc.Text()
			if first && strings.HasPrefix(line, ": connected") {
				first = false
				close(ready)
			}
			if ev, ok := strings.CutPrefix(line, "event: "); ok {
				st.events <- ev
			}
		}
	}()
	<-ready
	return st
}

// waitEvent waits for the next event from the server.
func (st *started) waitEvent(t *testing.T, want string) {
	t.Helper()
	select {
	case ev := <-st.events:
		if ev != want {
			t.Fatalf("event %q, want %q", ev, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("no %q event within 5s", want)
	}
}

// drain forgets events already sent, such as a second reload for one
// burst of saves that fell into two debounce windows.
func (st *started) drain() {
	time.Sleep(debounce + 300*time.Millisecond) // and the rebuild it started
	for {
		select {
		case <-st.events:
		default:
			return
		}
	}
}

func (st *started) get(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(st.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func (st *started) expect(t *testing.T, path string, code int, want ...string) string {
	t.Helper()
	got, body := st.get(t, path)
	if got != code {
		t.Fatalf("GET %s: status %d, want %d", path, got, code)
	}
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Fatalf("GET %s lacks %q:\n%s", path, w, body)
		}
	}
	return body
}

func TestLiveEdits(t *testing.T) {
	st := start(t)
	page := filepath.Join(st.dir, "content/guide/page.md")
	st.expect(t, "/guide/page/", 200, "First version.", livePrefix+"reload.js")

	// Write in place.
	write(t, page, "---\ntitle: A page\n---\nSecond version.\n")
	st.waitEvent(t, "reload")
	st.expect(t, "/guide/page/", 200, "Second version.")

	// Write a temporary file, then rename it over the page (vim, IDEs, sed -i).
	tmp := filepath.Join(st.dir, "content/guide/.page.md.tmp")
	write(t, tmp, "---\ntitle: A page\n---\nThird version.\n")
	if err := os.Rename(tmp, page); err != nil {
		t.Fatal(err)
	}
	st.waitEvent(t, "reload")
	st.expect(t, "/guide/page/", 200, "Third version.")

	// A new folder with a page.
	write(t, filepath.Join(st.dir, "content/more/new.md"), "---\ntitle: Brand new\n---\nNew page.\n")
	st.waitEvent(t, "reload")
	st.expect(t, "/more/new/", 200, "New page.")

	// Broken front matter: the overlay shows the error on every page, the
	// last good page stays.
	write(t, page, "---\ntitle: [broken\n---\nBroken.\n")
	st.waitEvent(t, "reload")
	body := st.expect(t, "/guide/page/", 200, "preview-errors", "content/guide/page.md:2", "Third version.")
	if strings.Contains(body, "Broken.") {
		t.Error("a broken build replaced the last good page")
	}
	st.expect(t, "/", 200, "preview-errors")

	// Fixed: the overlay goes.
	write(t, page, "---\ntitle: A page\n---\nFixed.\n")
	st.waitEvent(t, "reload")
	if body := st.expect(t, "/guide/page/", 200, "Fixed."); strings.Contains(body, "preview-errors") {
		t.Error("the overlay stayed after the fix")
	}

	// Delete a page.
	if err := os.Remove(filepath.Join(st.dir, "content/more/new.md")); err != nil {
		t.Fatal(err)
	}
	st.waitEvent(t, "reload")
	st.expect(t, "/more/new/", 404, "Page not found")

	// A layout edit re-renders every page.
	layout := filepath.Join(st.dir, "layouts/partials/header.html")
	old, _ := os.ReadFile(layout)
	write(t, layout, strings.Replace(string(old), `<header class="site-header">`, `<header class="site-header edited-layout">`, 1))
	st.waitEvent(t, "reload")
	st.expect(t, "/guide/page/", 200, "edited-layout")
	st.expect(t, "/", 200, "edited-layout")

	// A stylesheet edit swaps styles without a reload.
	write(t, filepath.Join(st.dir, "layouts/assets/site.css"), "body{color:black}")
	st.waitEvent(t, "css")
	st.expect(t, "/assets/site.css", 200, "body{color:black}")

	// A data change (the glossary) re-renders the pages that use it.
	write(t, filepath.Join(st.dir, "content/glossary/_index.md"), "---\ntitle: Glossary\nlayout: glossary\n---\nTerms.\n")
	write(t, filepath.Join(st.dir, "content/glossary/terms.yaml"), "- id: icb\n  term: Integrated Care Board\n  abbr: ICB\n  definition: A board.\n")
	st.waitEvent(t, "reload")
	st.drain()
	write(t, page, "---\ntitle: A page\n---\nThe ICB decides.\n")
	st.waitEvent(t, "reload")
	st.expect(t, "/guide/page/", 200, `<abbr title="Integrated Care Board">ICB</abbr>`)
	write(t, filepath.Join(st.dir, "content/glossary/terms.yaml"), "- id: icb\n  term: Integrated Care Body\n  abbr: ICB\n  definition: A body.\n")
	st.waitEvent(t, "reload")
	st.expect(t, "/guide/page/", 200, `<abbr title="Integrated Care Body">ICB</abbr>`)

	// Editor temporary files are ignored.
	write(t, filepath.Join(st.dir, "content/guide/page.md.swp"), "junk")
	write(t, filepath.Join(st.dir, "content/guide/4913"), "junk")
	select {
	case ev := <-st.events:
		t.Errorf("event %q for an editor's temporary file", ev)
	case <-time.After(300 * time.Millisecond):
	}
}

func TestServerRefusesAbuse(t *testing.T) {
	st := start(t)
	secret := filepath.Join(filepath.Dir(st.dir), "secret.txt")
	write(t, secret, "top secret")
	if err := os.Symlink(secret, filepath.Join(st.dir, "content/leak.txt")); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/../secret.txt", "/%2e%2e/secret.txt", "/guide/..%2f..%2fsecret.txt", "/..\\secret.txt", "/leak.txt", "/%00"} {
		// Send the path as written, without the client cleaning it.
		conn, err := net.Dial("tcp", strings.TrimPrefix(st.srv.URL, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", p, strings.TrimPrefix(st.srv.URL, "http://"))
		resp, _ := io.ReadAll(conn)
		conn.Close()
		if strings.Contains(string(resp), "top secret") {
			t.Errorf("GET %s leaked a file outside the site", p)
		}
		if !strings.HasPrefix(string(resp), "HTTP/1.1 404") && !strings.HasPrefix(string(resp), "HTTP/1.1 400") {
			t.Errorf("GET %s: %s", p, strings.SplitN(string(resp), "\r\n", 2)[0])
		}
	}
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH"} {
		req, _ := http.NewRequest(m, st.srv.URL+"/", strings.NewReader("x"))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("%s: status %d, want 405", m, resp.StatusCode)
		}
	}
	if resp, err := http.Head(st.srv.URL + "/guide/page/"); err != nil || resp.StatusCode != 200 {
		t.Errorf("HEAD failed: %v", err)
	}
	types := map[string]string{"/": "text/html", "/assets/code.css": "text/css", "/feed.xml": "xml", "/assets/search-index.js": "javascript"}
	for p, want := range types {
		resp, err := http.Get(st.srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if ct := resp.Header.Get("Content-Type"); !strings.Contains(ct, want) {
			t.Errorf("GET %s: Content-Type %q, want %s", p, ct, want)
		}
	}
	// Hundreds of concurrent requests, and event streams that vanish.
	var wg sync.WaitGroup
	errs := make(chan error, 500)
	for i := 0; i < 500; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			path := "/guide/page/"
			if i%10 == 0 {
				conn, err := net.Dial("tcp", strings.TrimPrefix(st.srv.URL, "http://"))
				if err == nil {
					fmt.Fprintf(conn, "GET %sevents HTTP/1.1\r\nHost: x\r\n\r\n", livePrefix)
					conn.Close()
				}
				return
			}
			resp, err := http.Get(st.srv.URL + path)
			if err != nil {
				errs <- err
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				errs <- fmt.Errorf("status %d", resp.StatusCode)
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	st.expect(t, "/guide/page/", 200, "First version.")
}

// TestBrokenFromTheStart shows the errors in the browser even before any
// build has succeeded, and recovers when the file is fixed.
func TestBrokenFromTheStart(t *testing.T) {
	dir := newSite(t)
	home := filepath.Join(dir, "content/_index.md")
	write(t, home, "---\ntitle: [broken\n---\n")
	_, srv := serve(t, dir)
	st := &started{dir: dir, srv: srv}
	st.expect(t, "/", 404, "preview-errors", "content/_index.md:2", livePrefix+"reload.js")
	write(t, home, "---\ntitle: Home\n---\nMended home.\n")
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if code, body := st.get(t, "/"); code == 200 && strings.Contains(body, "Mended home.") {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Error("the site did not recover once the file was fixed")
}

func TestWarningsShownAndUpdated(t *testing.T) {
	st := start(t)
	page := filepath.Join(st.dir, "content/guide/page.md")
	bold := "content/guide/page.md:4:6: warning: bold used for emphasis"
	write(t, page, "---\ntitle: A page\n---\nThis **is** long.\n")
	st.waitEvent(t, "reload")
	body := st.expect(t, "/guide/page/", 200, `<details class="preview-warnings" open>`, "2 on this page", bold, "This <strong>is</strong> long.")
	if strings.Contains(body, "preview-errors") {
		t.Error("warnings are shown as errors")
	}
	if i, j := strings.Index(body, bold), strings.Index(body, "content/_index.md"); i < 0 || j < i {
		t.Errorf("this page's warning is not listed before the others:\n%s", body)
	}
	// Another page lists it too, after its own.
	home := st.expect(t, "/", 200, "1 on this page", bold)
	if i, j := strings.Index(home, "content/_index.md"), strings.Index(home, bold); j < i {
		t.Error("the home page does not list its own warning first")
	}
	// A body edit (the quick path) updates the warnings too.
	write(t, page, "---\ntitle: A page\n---\nThis is long.\n")
	st.waitEvent(t, "reload")
	if body := st.expect(t, "/guide/page/", 200, "This is long."); strings.Contains(body, "bold used for emphasis") {
		t.Errorf("a fixed warning is still shown:\n%s", body)
	}
}

// buildRE matches the build tag the preview puts in every page.
var buildRE = regexp.MustCompile(`reload\.js\?build=[^"]*"`)

// diffFromFresh compares what a running preview serves with a fresh build
// of the same source, and describes the differences.
func (st *started) diffFromFresh(t *testing.T, s *Server) []string {
	t.Helper()
	fresh := build.New(build.Options{Source: st.dir, Preview: true, Drafts: true})
	res, errs := fresh.Build()
	s.mu.RLock()
	served, servedErrs := len(s.files), s.errs
	s.mu.RUnlock()
	if servedErrs.Error() != errs.Error() {
		return []string{fmt.Sprintf("errors: serving %q, fresh build %q", servedErrs.Error(), errs.Error())}
	}
	if len(errs) > 0 {
		return nil
	}
	var diffs []string
	if served != len(res.Files) {
		diffs = append(diffs, fmt.Sprintf("serving %d files, a fresh build has %d", served, len(res.Files)))
	}
	maps.Copy(res.Files, fresh.SearchFiles())
	for name, want := range res.Files {
		if strings.HasSuffix(name, ".html") {
			warns, own := pageWarnings(res.Warnings, res.WarningFiles[name])
			want = inject(want, nil, warns, own, "")
		}
		code, body := st.get(t, "/"+name)
		if code != 200 || buildRE.ReplaceAllString(body, `reload.js?build="`) != string(want) {
			diffs = append(diffs, fmt.Sprintf("/%s: status %d, differs from a fresh build", name, code))
		}
	}
	return diffs
}

// settle waits until the preview serves what a fresh build makes.
func (st *started) settle(t *testing.T, s *Server, step string) {
	t.Helper()
	var diffs []string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if diffs = st.diffFromFresh(t, s); len(diffs) == 0 {
			return
		}
	}
	t.Fatalf("%s: after 10 s the preview still differs from a fresh build:\n%s", step, strings.Join(diffs, "\n"))
}

// TestWatcherMatchesFreshBuild drives file system changes against a running
// preview, including renamed folders and content/ and layouts/ deleted and
// restored, and after each compares what it serves with a fresh build.
func TestWatcherMatchesFreshBuild(t *testing.T) {
	dir := newSite(t)
	s, srv := serve(t, dir)
	st := &started{dir: dir, srv: srv}
	in := func(rel string) string { return filepath.Join(dir, filepath.FromSlash(rel)) }
	move := func(from, to string) {
		if err := os.Rename(from, to); err != nil {
			t.Fatal(err)
		}
	}
	st.settle(t, s, "start")

	write(t, in("content/demo/_index.md"), "---\ntitle: Demo\n---\nBody ALPHA1.\n")
	write(t, in("content/demo/sub/_index.md"), "---\ntitle: Sub\n---\nBody BETA1.\n")
	st.settle(t, s, "new nested folders")
	move(in("content/demo"), in("content/demo2"))
	st.settle(t, s, "folder renamed")
	write(t, in("content/demo2/_index.md"), "---\ntitle: Demo\n---\nBody ALPHA2.\n")
	write(t, in("content/demo2/sub/_index.md"), "---\ntitle: Sub\n---\nBody BETA2.\n")
	st.settle(t, s, "edits inside the renamed folder")
	st.expect(t, "/demo2/sub/", 200, "BETA2")

	away := filepath.Join(t.TempDir(), "content")
	move(in("content"), away)
	st.settle(t, s, "content/ moved away")
	move(away, in("content"))
	st.settle(t, s, "content/ moved back")
	write(t, in("content/guide/page.md"), "---\ntitle: A page\n---\nAfter the swap.\n")
	st.settle(t, s, "an edit after content/ came back")
	st.expect(t, "/guide/page/", 200, "After the swap.")

	saved := filepath.Join(t.TempDir(), "layouts")
	testsite.CopyTree(t, in("layouts"), saved)
	if err := os.RemoveAll(in("layouts")); err != nil {
		t.Fatal(err)
	}
	st.settle(t, s, "layouts/ deleted")
	testsite.CopyTree(t, saved, in("layouts"))
	st.settle(t, s, "layouts/ restored")
	write(t, in("layouts/assets/site.css"), "body{color:black}")
	write(t, in("content/demo2/sub/_index.md"), "---\ntitle: Sub\n---\nBody BETA3.\n")
	st.settle(t, s, "edits after layouts/ came back")

	write(t, in("layouts/assets/new.css"), "p{margin:0}")
	st.settle(t, s, "an asset added")
	st.expect(t, "/assets/new.css", 200, "p{margin:0}")
	if err := os.Remove(in("layouts/assets/new.css")); err != nil {
		t.Fatal(err)
	}
	st.settle(t, s, "an asset removed")
	st.expect(t, "/assets/new.css", 404)
}

// TestRestartReloadsOnce: a page served by an earlier server (one that was
// stopped and started again) reloads when it reconnects, once: the page it
// then gets carries the new server's tag.
func TestRestartReloadsOnce(t *testing.T) {
	dir := newSite(t)
	first := NewServer(dir, io.Discard, io.Discard)
	old := first.buildTag(first.version)
	second := NewServer(dir, io.Discard, io.Discard)
	srv := httptest.NewServer(second)
	defer func() { second.closeClients(); srv.Close() }()
	opening := func(tag string) string {
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+livePrefix+"events?build="+tag, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body) // until the time-out
		return string(body)
	}
	if got := opening(old); !strings.Contains(got, "event: reload") {
		t.Errorf("a page from the earlier server got %q, want a reload", got)
	}
	_, page := (&started{srv: srv}).get(t, "/guide/page/")
	m := regexp.MustCompile(`reload\.js\?build=([^"]*)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no build tag in the page:\n%s", page)
	}
	if got := opening(m[1]); strings.Contains(got, "event: reload") {
		t.Errorf("the reloaded page reloads again: %q", got)
	}
}

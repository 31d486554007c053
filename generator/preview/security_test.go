package preview

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"icsguide/generator/internal/browsertest"
)

// rawGet sends a GET with the given Host header, as a DNS-rebinding page or
// a hand-made request would, and returns the status and body.
func rawGet(t *testing.T, addr, host, path string) (int, string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", path, host)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	// The body is not closed: closing reads it to the end, and an event
	// stream has none. Closing the connection ends it.
	if path == livePrefix+"events" && resp.StatusCode == 200 {
		return 200, "event stream"
	}
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// TestHostCheck answers only requests that name the server by the address
// it listens on, so a DNS-rebinding page gets nothing, the event stream
// included.
func TestHostCheck(t *testing.T) {
	st := start(t)
	addr := strings.TrimPrefix(st.srv.URL, "http://")
	_, port, _ := net.SplitHostPort(addr)
	tests := []struct {
		host string
		ok   bool
	}{
		{addr, true},
		{"localhost:" + port, true},
		{"LOCALHOST:" + port, true},
		{"evil.example", false},
		{"evil.example:" + port, false},
		{"rebind.attacker.test:" + port, false},
		{"127.0.0.1.nip.io:" + port, false},
		{"localhost.evil.example:" + port, false},
		{"127.0.0.1:1", false},
		{"127.0.0.1", false},
		{"", false},
	}
	for _, tt := range tests {
		for _, p := range []string{"/guide/page/", "/assets/search-index.js", livePrefix + "events", "/no-such-page/"} {
			code, body := rawGet(t, addr, tt.host, p)
			if tt.ok && code == http.StatusMisdirectedRequest {
				t.Errorf("Host %q, %s: refused", tt.host, p)
			}
			if !tt.ok && (code != http.StatusMisdirectedRequest || strings.Contains(body, "<html") || strings.Contains(body, "SEARCH_INDEX")) {
				t.Errorf("Host %q, %s: status %d, want 421 and nothing of the site:\n%.200s", tt.host, p, code, body)
			}
		}
	}
}

// TestNoCrossOriginHeaders: every answer carries
// Cross-Origin-Resource-Policy: same-origin and no CORS header.
func TestNoCrossOriginHeaders(t *testing.T) {
	st := start(t)
	for _, p := range []string{"/", "/guide/page/", "/assets/search-index.js", "/assets/site.css", "/no-such-page/", livePrefix + "reload.js"} {
		req, _ := http.NewRequest("GET", st.srv.URL+p, nil)
		req.Header.Set("Origin", "http://evil.example")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Cross-Origin-Resource-Policy"); got != "same-origin" {
			t.Errorf("%s: Cross-Origin-Resource-Policy %q, want same-origin", p, got)
		}
		for k := range resp.Header {
			if strings.HasPrefix(k, "Access-Control-") {
				t.Errorf("%s: CORS header %s", p, k)
			}
		}
	}
}

// TestCrossOriginInBrowser opens a page on another loopback origin that
// tries to read the preview, drafts included, every way a page can: a
// <script src> of the search index, fetch, an event stream, and a name of
// its own that resolves to this machine (DNS rebinding).
func TestCrossOriginInBrowser(t *testing.T) {
	ctx, _ := browsertest.Browser(t, chromedp.Flag("host-resolver-rules", "MAP rebind.test 127.0.0.1"))
	st := start(t)
	write(t, filepath.Join(st.dir, "content/guide/secret.md"), "---\ntitle: Secret zebracorn plan\ndraft: true\n---\nzebracorn\n")
	st.waitEvent(t, "reload")
	if code, body := st.get(t, "/assets/search-index.js"); code != 200 || !strings.Contains(body, "zebracorn") {
		t.Fatalf("the preview's own index lacks the draft (%d)", code)
	}
	preview := st.srv.URL
	attacker := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Another site</title>
<script>window.results = {};</script>
<script src="%[1]s/assets/search-index.js" onload="results.script='loaded'" onerror="results.script='blocked'"></script>
<script>
results.xssi = window.SEARCH_INDEX ? JSON.stringify(window.SEARCH_INDEX) : "none";
fetch("%[1]s/guide/page/").then(r => r.text()).then(t => results.fetch = t, () => results.fetch = "blocked");
fetch("%[1]s/guide/page/", {mode: "no-cors"}).then(r => results.nocors = r.type, () => results.nocors = "blocked");
var es = new EventSource("%[1]s%[2]sevents");
es.onopen = () => results.events = "open";
es.onerror = () => { if (!results.events) results.events = "blocked"; es.close(); };
</script></head><body><p>Another site</p></body></html>`, preview, livePrefix)
	}))
	defer attacker.Close()

	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(attacker.URL+"/")); err != nil {
		t.Fatal(err)
	}
	if err := browsertest.WaitJS(ctx, `results.script && results.fetch && results.nocors && results.events`, 20*time.Second); err != nil {
		t.Fatal(err)
	}
	results, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](`window.results`))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"script": "blocked", "xssi": "none", "fetch": "blocked", "nocors": "blocked", "events": "blocked"}
	for k, v := range want {
		if results[k] != v {
			t.Errorf("another origin's %s: got %.120q, want %q", k, results[k], v)
		}
	}

	// DNS rebinding: a name of the attacker's that resolves to 127.0.0.1.
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(preview, "http://"))
	if err := chromedp.Do(ctx, chromedp.Navigate("http://rebind.test:"+port+"/guide/page/")); err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(text, "First version.") || !strings.Contains(text, "answers only to its own address") {
		t.Errorf("a rebound name read the preview: %.200q", text)
	}
	// The preview itself still works in the browser at its own address.
	if err := chromedp.Do(ctx, chromedp.Navigate(preview+"/guide/page/")); err != nil {
		t.Fatal(err)
	}
	if text, err = chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("main").innerText`)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "First version.") {
		t.Errorf("the preview's own page: %.200q", text)
	}
	if err := browsertest.WaitJS(ctx, `performance.getEntriesByType("resource").some(e => e.name.includes("reload.js"))`, 10*time.Second); err != nil {
		t.Error(err)
	}
}

// TestAnnounce prints an address a browser can open, and warns when the
// preview is open to the network.
func TestAnnounce(t *testing.T) {
	tests := []struct {
		bind, url string
		warn      bool
	}{
		{"127.0.0.1", "http://127.0.0.1:", false},
		{"localhost", "http://127.0.0.1:", false},
		{"0.0.0.0", "http://127.0.0.1:", true},
		{"", "http://127.0.0.1:", true},
	}
	for _, tt := range tests {
		t.Run(tt.bind, func(t *testing.T) {
			var log bytes.Buffer
			ln, err := listen(tt.bind, 0, &log)
			if err != nil {
				t.Fatal(err)
			}
			defer ln.Close()
			if tt.bind == "0.0.0.0" && !strings.HasPrefix(ln.Addr().String(), "0.0.0.0:") {
				t.Errorf("--bind 0.0.0.0 listens at %s, also on IPv6", ln.Addr())
			}
			var out bytes.Buffer
			announce(&out, &log, tt.bind, ln.Addr())
			port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
			if want := tt.url + port + "/"; !strings.Contains(out.String(), want) {
				t.Errorf("printed %q, want %q", out.String(), want)
			}
			if got := strings.Contains(log.String(), "Warning:") && strings.Contains(log.String(), "drafts"); got != tt.warn {
				t.Errorf("warning %v, want %v: %q", got, tt.warn, log.String())
			}
			// The printed address answers.
			u := strings.Fields(strings.TrimPrefix(out.String(), "Previewing the site at "))[0]
			srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if !hostAllowed(r) {
					w.WriteHeader(http.StatusMisdirectedRequest)
				}
			})}
			go srv.Serve(ln)
			defer srv.Close()
			resp, err := http.Get(u)
			if err != nil {
				t.Fatalf("the printed address %s does not open: %v", u, err)
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Errorf("the printed address %s answers %d", u, resp.StatusCode)
			}
		})
	}
}

// startWith serves s with the preview's own HTTP server, its time-outs
// shortened, on a listener limited as Run limits it.
func startWith(t *testing.T, s *Server, to timeouts) (addr string, closed func() int) {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := newHTTPServer(s, to)
	var n atomicInt
	srv.ConnState = func(_ net.Conn, cs http.ConnState) {
		if cs == http.StateClosed {
			n.add()
		}
	}
	go srv.Serve(limitConns(ln))
	t.Cleanup(func() { s.closeClients(); srv.Close() })
	return ln.Addr().String(), n.get
}

// TestTimeouts: idle keep-alive connections, slow request bodies and
// clients that never read are all dropped, while an event stream outlives
// every time-out.
func TestTimeouts(t *testing.T) {
	dir := newSite(t)
	s := NewServer(dir, io.Discard, io.Discard)
	short := timeouts{header: time.Second, read: 500 * time.Millisecond, write: 500 * time.Millisecond, idle: 500 * time.Millisecond}
	addr, closed := startWith(t, s, short)

	// An event stream, open longer than every time-out, still gets events.
	resp, err := http.Get("http://" + addr + livePrefix + "events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	events := make(chan string, 8)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if ev, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				events <- ev
			}
		}
		close(events)
	}()

	dial := func() net.Conn {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	// Idle keep-alive after one request.
	idle := dial()
	fmt.Fprintf(idle, "GET /robots.txt HTTP/1.1\r\nHost: %s\r\n\r\n", addr)
	// A body that never finishes.
	slowBody := dial()
	fmt.Fprintf(slowBody, "GET /robots.txt HTTP/1.1\r\nHost: %s\r\nContent-Length: 100000\r\n\r\nx", addr)
	// Pipelined requests for a big file, never read.
	write(t, filepath.Join(dir, "content/big.txt"), strings.Repeat("x", 4<<20))
	s.Rebuild([]string{"content/big.txt"}, false)
	slowRead := dial()
	go func() {
		for i := 0; i < 20; i++ {
			if _, err := fmt.Fprintf(slowRead, "GET /big.txt HTTP/1.1\r\nHost: %s\r\n\r\n", addr); err != nil {
				return
			}
		}
	}()
	deadline := time.Now().Add(10 * time.Second)
	for closed() < 3 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := closed(); n < 3 {
		t.Errorf("%d of 3 slow or idle connections closed by the server", n)
	}
	time.Sleep(2 * short.header) // the stream is now older than every time-out
	s.broadcast(event{name: "reload"})
	select {
	case ev, ok := <-events:
		if !ok || ev != "reload" {
			t.Errorf("event stream: %q, open %v", ev, ok)
		}
	case <-time.After(5 * time.Second):
		t.Error("the event stream was cut by a time-out")
	}
}

// TestFileDescriptorsRunShort opens more idle connections than the server
// may open files. The server keeps rebuilding (no "too many open files"),
// and serves normally once the connections go.
func TestFileDescriptorsRunShort(t *testing.T) {
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &old); err != nil {
		t.Skip(err)
	}
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("needs /proc/self/fd")
	}
	limit := uint64(len(ents) + 150)
	if limit > old.Cur {
		t.Skip("the limit of open files is already low")
	}
	dir := newSite(t)
	s := NewServer(dir, io.Discard, io.Discard)
	low := syscall.Rlimit{Cur: limit, Max: old.Max}
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &low); err != nil {
		t.Skip(err)
	}
	defer syscall.Setrlimit(syscall.RLIMIT_NOFILE, &old)
	short := timeouts{header: 5 * time.Second, read: 5 * time.Second, write: 5 * time.Second, idle: 5 * time.Second}
	addr, _ := startWith(t, s, short)

	// The clients are another process, so their sockets do not count
	// against this one's limit.
	cmd := exec.Command(os.Args[0], "-test.run=^TestHoldConnections$")
	cmd.Env = append(os.Environ(), "PREVIEW_HOLD="+addr+" 400")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if !strings.HasPrefix(line, "holding") {
		t.Fatalf("the clients did not start: %q", line)
	}
	t.Log(strings.TrimSpace(line))
	page := filepath.Join(dir, "content/guide/page.md")
	write(t, page, "---\ntitle: A page\n---\nEdited under load.\n")
	s.Rebuild([]string{"content/guide/page.md"}, false)
	s.mu.RLock()
	errs := s.errs
	s.mu.RUnlock()
	if len(errs) > 0 {
		t.Errorf("a rebuild under load failed: %v", errs)
	}
	stdin.Close()
	_ = cmd.Wait()
	syscall.Setrlimit(syscall.RLIMIT_NOFILE, &old)
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Get("http://" + addr + "/guide/page/")
	if err != nil {
		t.Fatalf("the server did not recover: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "Edited under load.") || strings.Contains(string(body), "preview-errors") {
		t.Errorf("after the load: status %d, body %.300q", resp.StatusCode, body)
	}
}

// TestHoldConnections is the client side of TestFileDescriptorsRunShort,
// run in a process of its own: it opens connections, makes one request on
// each and keeps them open until its standard input closes.
func TestHoldConnections(t *testing.T) {
	spec := os.Getenv("PREVIEW_HOLD")
	if spec == "" {
		t.Skip("run by TestFileDescriptorsRunShort")
	}
	addr, count, _ := strings.Cut(spec, " ")
	n, _ := strconv.Atoi(count)
	var conns []net.Conn
	for i := 0; i < n; i++ {
		c, err := net.DialTimeout("tcp", addr, 2*time.Second)
		if err != nil {
			break
		}
		fmt.Fprintf(c, "GET /robots.txt HTTP/1.1\r\nHost: %s\r\n\r\n", addr)
		conns = append(conns, c)
	}
	fmt.Printf("holding %d connections\n", len(conns))
	_, _ = io.Copy(io.Discard, os.Stdin)
	for _, c := range conns {
		c.Close()
	}
}

// atomicInt counts closed connections.
type atomicInt struct{ n atomic.Int64 }

func (a *atomicInt) add()     { a.n.Add(1) }
func (a *atomicInt) get() int { return int(a.n.Load()) }

// TestPreviewRefusesLinksOutOfSite: symbolic links in layouts/ that lead
// out of the site folder are never served; the preview names them.
func TestPreviewRefusesLinksOutOfSite(t *testing.T) {
	dir := newSite(t)
	secret := filepath.Join(filepath.Dir(dir), "secret.txt")
	write(t, secret, "root:x:0:0 top secret")
	for _, link := range []string{"layouts/assets/leak.txt", "layouts/partials/evil.html"} {
		if err := os.Symlink(secret, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	s := NewServer(dir, io.Discard, io.Discard)
	srv := httptest.NewServer(s)
	defer srv.Close()
	st := &started{dir: dir, srv: srv}
	for _, p := range []string{"/assets/leak.txt", "/", "/guide/page/"} {
		code, body := st.get(t, p)
		if strings.Contains(body, "top secret") {
			t.Errorf("GET %s (%d) served the file outside the site", p, code)
		}
	}
	st.expect(t, "/", 404, "layouts/assets/leak.txt: this symbolic link points outside the site folder",
		"layouts/partials/evil.html: this symbolic link points outside the site folder")
}

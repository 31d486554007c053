// Package preview serves the site from memory while an editor works on it:
// it watches content/ and layouts/, rebuilds what an edit affects, pushes a
// reload to open pages over server-sent events, and shows build errors in
// the browser on top of the last good pages.
package preview

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"mime"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"icsguide/generator/build"
	"icsguide/generator/diag"
	"icsguide/generator/output"
	"icsguide/generator/urlpath"
)

// Options configure the preview server.
type Options struct {
	Source string    // the site folder
	Bind   string    // address to listen on, e.g. 127.0.0.1
	Port   int       // preferred port; another is picked when it is taken
	Out    io.Writer // where the address and rebuild notes go
	Log    io.Writer // where errors go
}

// Run builds the site, serves it and rebuilds on every change until it
// receives an interrupt.
func Run(o Options) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	s := NewServer(o.Source, o.Out, o.Log)
	ln, err := listen(o.Bind, o.Port, o.Log)
	if err != nil {
		return err
	}
	w, err := s.Watch()
	if err != nil {
		ln.Close()
		return err
	}
	defer w.Close()
	srv := newHTTPServer(s, defaultTimeouts)
	announce(o.Out, o.Log, o.Bind, ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(limitConns(ln)) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	fmt.Fprintln(o.Out, "Stopping.")
	s.closeClients()
	shut, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	return srv.Shutdown(shut)
}

// timeouts bound how long a connection may take over each part of its
// life, so slow or idle clients cannot hold connections for ever. The event
// stream is exempt from the read and write time-outs.
type timeouts struct {
	header, read, write, idle time.Duration
}

var defaultTimeouts = timeouts{header: 10 * time.Second, read: 30 * time.Second, write: 60 * time.Second, idle: 30 * time.Second}

// newHTTPServer is the preview's HTTP server, with its time-outs.
func newHTTPServer(h http.Handler, t timeouts) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: t.header, ReadTimeout: t.read,
		WriteTimeout: t.write, IdleTimeout: t.idle}
}

// listen opens the preferred port, or a free one when it is taken. An IPv4
// address listens on IPv4 only, so 0.0.0.0 does not open IPv6 as well.
func listen(bind string, port int, log io.Writer) (net.Listener, error) {
	network := "tcp"
	if ip := net.ParseIP(bind); ip != nil && ip.To4() != nil {
		network = "tcp4"
	}
	ln, err := net.Listen(network, net.JoinHostPort(bind, strconv.Itoa(port)))
	if err == nil {
		return ln, nil
	}
	if !errors.Is(err, syscall.EADDRINUSE) {
		return nil, err
	}
	fmt.Fprintf(log, "Port %d is in use; picking a free one.\n", port)
	return net.Listen(network, net.JoinHostPort(bind, "0"))
}

// announce prints the address to open, one a browser can reach even when
// the server listens on every interface, and warns when the preview can be
// reached from other machines.
func announce(out, log io.Writer, bind string, addr net.Addr) {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		fmt.Fprintf(out, "Previewing the site at http://%s/ (press Ctrl-C to stop)\n", addr)
		return
	}
	open := tcp
	if tcp.IP.IsUnspecified() {
		open = &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: tcp.Port}
		if tcp.IP.To4() == nil && bind != "" {
			open.IP = net.IPv6loopback
		}
	}
	fmt.Fprintf(out, "Previewing the site at http://%s/ (press Ctrl-C to stop)\n", open)
	if !tcp.IP.IsLoopback() {
		where := "at " + tcp.IP.String()
		if tcp.IP.IsUnspecified() {
			where = "on every network interface"
		}
		fmt.Fprintf(log, "Warning: --bind %q listens %s: anyone who can reach this machine can read the preview, drafts and error messages included. "+
			"Open it by IP address (port %d); other names are refused. Use --bind 127.0.0.1 to keep it private.\n", bind, where, tcp.Port)
	}
}

// limitConns keeps the number of open connections well below the limit of
// open files, so that however many connections arrive (idle ones, slow ones,
// event streams), rebuilds can still open the site's files. Connections over
// the limit wait to be accepted until others close.
func limitConns(ln net.Listener) net.Listener {
	n := 1 << 16
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err == nil && rl.Cur < uint64(n) {
		n = int(rl.Cur)
	}
	if ents, err := os.ReadDir("/proc/self/fd"); err == nil {
		n -= len(ents)
	}
	n = max(n-fdReserve, 8)
	return &limitListener{Listener: ln, slots: make(chan struct{}, n), done: make(chan struct{})}
}

// fdReserve is how many file descriptors are kept free for reading the
// site, watching it and answering requests.
const fdReserve = 64

type limitListener struct {
	net.Listener
	slots chan struct{}
	done  chan struct{}
	once  sync.Once
}

func (l *limitListener) Accept() (net.Conn, error) {
	select {
	case l.slots <- struct{}{}:
	case <-l.done:
		return nil, net.ErrClosed
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &limitConn{Conn: c, release: sync.OnceFunc(func() { <-l.slots })}, nil
}

func (l *limitListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return l.Listener.Close()
}

type limitConn struct {
	net.Conn
	release func()
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.release()
	return err
}

// Server holds the last good build in memory and serves it.
type Server struct {
	mu        sync.RWMutex // guards files, errs, warns and index
	bmu       sync.Mutex   // guards builder
	builder   *build.Builder
	source    string
	files     map[string][]byte
	errs      diag.List
	warns     diag.List         // the last good build's warnings about the writing
	warnFiles map[string]string // output path of each page with warnings to its content file
	index     map[string][]byte // search index files, made on first request after a build
	version   int64             // counts the builds applied, so a page can tell it is stale
	started   string            // tells this server apart from an earlier one, see buildTag
	out       io.Writer
	log       io.Writer
	clients   map[chan event]bool
	cmu       sync.Mutex
}

// NewServer builds the site in source and returns a server for it. Build
// errors do not stop it: they are shown on every page until fixed.
func NewServer(source string, out, log io.Writer) *Server {
	s := &Server{
		builder: build.New(build.Options{Source: source, Drafts: true, Preview: true}),
		source:  source, files: map[string][]byte{}, out: out, log: log, clients: map[chan event]bool{},
		started: strconv.FormatInt(time.Now().UnixNano(), 36),
	}
	start := time.Now()
	res, errs := s.builder.Build()
	s.apply(res, errs, start, false)
	return s
}

// Rebuild applies a change and tells open pages to reload ("css" when only
// stylesheets changed).
func (s *Server) Rebuild(changed build.Change, full bool) {
	ev, _ := s.rebuild(changed, full)
	s.broadcast(ev)
}

// rebuild applies a change and returns the event that tells open pages,
// and whether the build succeeded.
func (s *Server) rebuild(changed build.Change, full bool) (event, bool) {
	start := time.Now()
	s.bmu.Lock()
	var res *build.Result
	var errs diag.List
	if full {
		res, errs = s.builder.Build()
	} else {
		res, errs = s.builder.Rebuild(changed)
	}
	s.bmu.Unlock()
	ev := event{name: "reload", build: s.apply(res, errs, start, true)}
	if len(errs) == 0 && !full && onlyCSS(changed) {
		ev.name = "css"
	}
	return ev, len(errs) == 0
}

func onlyCSS(changed build.Change) bool {
	for _, c := range changed {
		if !strings.HasPrefix(c, "layouts/assets/") || path.Ext(c) != ".css" {
			return false
		}
	}
	return len(changed) > 0
}

// apply makes a build's outcome the one served, says how it went, and
// returns its tag.
func (s *Server) apply(res *build.Result, errs diag.List, start time.Time, rebuilt bool) string {
	s.mu.Lock()
	s.version++
	if len(errs) > 0 {
		s.errs = errs
	} else {
		s.errs = nil
		s.warns, s.warnFiles = res.Warnings, res.WarningFiles
		s.files = res.Files
		s.index = nil
	}
	tag := s.buildTag(s.version)
	s.mu.Unlock()
	if len(errs) > 0 {
		fmt.Fprintf(s.log, "%s\n%d problem(s); showing the last good pages with the errors on top.\n", errs.Error(), len(errs))
	} else if rebuilt {
		fmt.Fprintf(s.out, "Rebuilt %d of %d pages in %s%s\n", res.Rendered, res.Pages, time.Since(start).Round(time.Microsecond), warningCount(res.Warnings))
	}
	return tag
}

const livePrefix = "/__preview/"

// ServeHTTP serves the site from memory. Only GET and HEAD are allowed;
// paths are cleaned and looked up in memory, so nothing outside the built
// site can ever be read.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// No other web site may load anything from the preview, not even by a
	// <script src> (which CORS does not cover); no CORS header is ever sent.
	w.Header().Set("Cross-Origin-Resource-Policy", "same-origin")
	if !hostAllowed(r) {
		// A page that had its own name resolved to this machine (DNS
		// rebinding) would otherwise read the preview as its own.
		http.Error(w, "This preview answers only to its own address, such as http://127.0.0.1"+localPort(r)+"/", http.StatusMisdirectedRequest)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if p == livePrefix+"events" {
		// The event stream stays open as long as the page does.
		rc := http.NewResponseController(w)
		_ = rc.SetReadDeadline(time.Time{})
		_ = rc.SetWriteDeadline(time.Time{})
	}
	if strings.HasPrefix(p, livePrefix) {
		s.serveLive(w, r, strings.TrimPrefix(p, livePrefix))
		return
	}
	name, ok := urlpath.FromRequest(p)
	if !ok {
		s.notFound(w, r)
		return
	}
	s.mu.RLock()
	_, found := s.files[name]
	_, dir := s.files[name+"/index.html"]
	s.mu.RUnlock()
	if !found && dir && name != "" && !strings.HasSuffix(name, "/") {
		http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
		return
	}
	f, found := s.file(name)
	if !found && output.IsSearchFile(name) { // made only when asked for
		f.data, found = s.searchFiles()[name]
	}
	if !found {
		s.notFound(w, r)
		return
	}
	s.write(w, r, f.name, f.data, f.errs, f.warns, f.own, f.version, http.StatusOK)
}

// servedFile is a file of the current build, with the errors and warnings
// shown on top of a page.
type servedFile struct {
	name        string
	data        []byte
	errs, warns diag.List
	own         int   // how many of the warnings are about this page
	version     int64 // the build it comes from
}

// file looks up a cleaned request path in the current build: a path naming
// a folder ("" or ending in "/") means its index.html.
func (s *Server) file(name string) (servedFile, bool) {
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	data, found := s.files[name]
	warns, own := pageWarnings(s.warns, s.warnFiles[name])
	return servedFile{name: name, data: data, errs: s.errs, warns: warns, own: own, version: s.version}, found
}

// pageHTML is the page a request path shows now, as ServeHTTP writes it,
// or false when the path shows no page.
func (s *Server) pageHTML(p string) ([]byte, bool) {
	name, ok := urlpath.FromRequest(p)
	if !ok {
		return nil, false
	}
	f, found := s.file(name)
	if !found || !strings.HasSuffix(f.name, ".html") {
		return nil, false
	}
	return inject(f.data, f.errs, f.warns, f.own, s.buildTag(f.version)), true
}

// hostAllowed reports whether a request names the server by an address it
// listens on: a loopback name or address, or the address the connection
// arrived at, with the port it arrived at.
func hostAllowed(r *http.Request) bool {
	host, port, err := net.SplitHostPort(r.Host)
	if err != nil {
		host, port = strings.TrimSuffix(strings.TrimPrefix(r.Host, "["), "]"), "80"
	}
	local, _ := r.Context().Value(http.LocalAddrContextKey).(*net.TCPAddr)
	if local != nil && port != strconv.Itoa(local.Port) {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && (ip.IsLoopback() || (local != nil && ip.Equal(local.IP)))
}

// localPort is ":port" of the connection a request came on, or "".
func localPort(r *http.Request) string {
	if local, ok := r.Context().Value(http.LocalAddrContextKey).(*net.TCPAddr); ok {
		return ":" + strconv.Itoa(local.Port)
	}
	return ""
}

// searchFiles returns the search index files of the current build, making
// them on the first request after each build.
func (s *Server) searchFiles() map[string][]byte {
	s.mu.RLock()
	index := s.index
	s.mu.RUnlock()
	if index != nil {
		return index
	}
	s.bmu.Lock()
	index = s.builder.SearchFiles()
	s.bmu.Unlock()
	s.mu.Lock()
	s.index = index
	s.mu.Unlock()
	return index
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.mu.RLock()
	data, ok := s.files["404.html"]
	errs, warns, version := s.errs, s.warns, s.version
	own := 0
	s.mu.RUnlock()
	if !ok {
		// No good build yet (the site was broken from the start): a bare
		// page that carries the errors and reloads when they are fixed.
		data = []byte(`<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Page not found</title></head><body><main><h1>Page not found</h1><p>The site has not been built yet.</p></main></body></html>`)
	}
	s.write(w, r, "404.html", data, errs, warns, own, version, http.StatusNotFound)
}

func (s *Server) write(w http.ResponseWriter, r *http.Request, name string, data []byte, errs, warns diag.List, own int, version int64, status int) {
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if strings.HasSuffix(name, ".html") {
		data = inject(data, errs, warns, own, s.buildTag(version))
	}
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(data)
	}
}

// pageWarnings returns the warnings with those about the page written from
// file first, and how many those are.
func pageWarnings(warns diag.List, file string) (diag.List, int) {
	if file == "" {
		return warns, 0
	}
	var own, rest diag.List
	for _, w := range warns {
		if w.Path == file {
			own = append(own, w)
		} else {
			rest = append(rest, w)
		}
	}
	return append(own, rest...), len(own)
}

// warningCount says ", 1 warning" or ", 3 warnings", or nothing.
func warningCount(warns diag.List) string {
	switch len(warns) {
	case 0:
		return ""
	case 1:
		return ", 1 warning"
	}
	return fmt.Sprintf(", %d warnings", len(warns))
}

// inject adds the live reload script, and the build errors and the
// warnings about the writing when there are any, to an HTML page: the
// first own warnings are about this page, and then the box is open. They
// are in the HTML itself, so they show without JavaScript. The script
// learns the build it came with, so that a page that missed a reload while
// loading catches up.
func inject(page []byte, errs, warns diag.List, own int, build string) []byte {
	head := []byte(`<link rel="stylesheet" href="` + livePrefix + `preview.css"><script src="` + livePrefix + `reload.js?build=` + build + `" defer></script></head>`)
	out := bytes.Replace(page, []byte("</head>"), head, 1)
	if len(errs) == 0 && len(warns) == 0 {
		return out
	}
	var b bytes.Buffer
	if len(errs) > 0 {
		b.WriteString(`<div class="preview-errors" role="alert"><h2>The site has errors</h2><p>These pages are from the last good build. Fix these and the page reloads by itself:</p><ul>`)
		for _, e := range errs.Sorted() {
			b.WriteString("<li><code>" + template.HTMLEscapeString(e.Error()) + "</code></li>")
		}
		b.WriteString("</ul></div>")
	}
	if len(warns) > 0 {
		open := ""
		if own > 0 {
			open = " open"
		}
		b.WriteString(`<details class="preview-warnings"` + open + `><summary>` + strings.TrimPrefix(warningCount(warns), ", ") +
			` about the writing, ` + strconv.Itoa(own) + ` on this page (they do not stop the build)</summary><ul>`)
		for _, e := range warns {
			b.WriteString("<li><code>" + template.HTMLEscapeString(e.Error()) + "</code></li>")
		}
		b.WriteString("</ul></details>")
	}
	i := bytes.Index(out, []byte("<body"))
	if i < 0 {
		return append(b.Bytes(), out...)
	}
	j := bytes.IndexByte(out[i:], '>')
	if j < 0 {
		return out
	}
	at := i + j + 1
	res := make([]byte, 0, len(out)+b.Len())
	res = append(res, out[:at]...)
	res = append(res, b.Bytes()...)
	return append(res, out[at:]...)
}

package preview

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// reloadJS listens to the server's event stream, telling it which page it
// shows. On "page", which brings the page's new HTML, it puts the new body
// in place of the old and runs the page's scripts again over it, when the
// head is the same (so are the stylesheets and scripts): no new page load,
// and the scroll position stays. Otherwise, and on "reload", it reloads the
// whole page, keeping the scroll position. On "css" it swaps the
// stylesheets.
const reloadJS = `(function () {
  "use strict";
  var key = "preview-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    window.addEventListener("load", function () { window.scrollTo(0, parseInt(saved, 10) || 0); });
  }
  var build = new URL(document.currentScript.src).searchParams.get("build") || "";
  function headKey(doc) {
    var head = doc.head.cloneNode(true);
    var title = head.querySelector("title");
    if (title) title.remove();
    return doc.documentElement.lang + "\n" + head.innerHTML.replace(/reload\.js\?build=[^"]*/, "");
  }
  var head = headKey(document);
  function reload() {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  }
  function rerunScripts() {
    // The page as it was before its scripts ran: stylesheets they made go.
    if (document.adoptedStyleSheets) document.adoptedStyleSheets = [];
    var scripts = document.head.querySelectorAll("script[src]");
    for (var i = 0; i < scripts.length; i++) {
      if (scripts[i].src.indexOf("` + livePrefix + `") >= 0) continue;
      var s = document.createElement("script");
      s.src = scripts[i].src;
      s.async = false; // in order, as the page ran them
      s.onload = s.onerror = function () { this.remove(); };
      document.head.appendChild(s);
    }
  }
  function show(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    if (headKey(doc) !== head) {
      reload();
      return;
    }
    document.title = doc.title;
    document.body.replaceWith(document.adoptNode(doc.body));
    // Once the new body is drawn: the change shows first.
    requestAnimationFrame(function () { setTimeout(rerunScripts, 0); });
  }
  var source = new EventSource("` + livePrefix + `events?build=" + encodeURIComponent(build) +
    "&page=" + encodeURIComponent(location.pathname));
  source.addEventListener("page", function (event) {
    try {
      show(JSON.parse(event.data));
    } catch (e) {
      reload();
    }
  });
  source.addEventListener("reload", reload);
  source.addEventListener("css", function () {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href);
      url.searchParams.set("v", String(Date.now()));
      links[i].href = url.toString();
    }
  });
})();
`

// previewCSS styles the draft banner's preview note, the error overlay and
// the list of warnings.
const previewCSS = `.preview-errors{position:sticky;top:0;z-index:1000;margin:0;padding:1rem 1.5rem;background:#fff0f0;color:#6b0000;border:4px solid #d5281b;font:16px/1.5 system-ui,sans-serif}
.preview-errors h2{margin:0 0 .5rem;font-size:1.25rem}
.preview-errors ul{margin:0;padding-left:1.25rem}
.preview-errors code{white-space:pre-wrap;word-break:break-word;font-size:.95rem}
.preview-warnings{position:relative;z-index:1000;margin:0;padding:.5rem 1.5rem;background:#fff8e1;color:#3d2b00;border:4px solid #b26b00;font:16px/1.5 system-ui,sans-serif}
.preview-warnings summary{cursor:pointer;font-weight:700}
.preview-warnings ul{margin:.5rem 0 0;padding-left:1.25rem}
.preview-warnings code{white-space:pre-wrap;word-break:break-word;font-size:.95rem}
`

func (s *Server) serveLive(w http.ResponseWriter, r *http.Request, name string) {
	switch name {
	case "reload.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write([]byte(reloadJS))
	case "preview.css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write([]byte(previewCSS))
	case "events":
		s.events(w, r)
	default:
		s.notFound(w, r)
	}
}

// events streams server-sent events until the client goes away.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming not supported", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	ch := make(chan event, 4)
	s.cmu.Lock()
	s.clients[ch] = true
	s.cmu.Unlock()
	defer func() {
		s.cmu.Lock()
		delete(s.clients, ch)
		s.cmu.Unlock()
	}()
	fmt.Fprint(w, "retry: 500\n: connected\n\n")
	s.mu.RLock()
	current := s.buildTag(s.version)
	s.mu.RUnlock()
	// The build the page has: the last event's, when the stream reconnects,
	// else the one the page came with.
	page := r.URL.Query().Get("page") // the path of the page listening
	b := r.Header.Get("Last-Event-ID")
	if b == "" {
		b = r.URL.Query().Get("build")
	}
	if b != "" && b != current {
		fmt.Fprintf(w, "event: reload\nid: %s\ndata: missed\n\n", current)
	}
	flusher.Flush()
	tick := time.NewTicker(20 * time.Second)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case ev, open := <-ch:
			if !open {
				return
			}
			data := strconv.FormatInt(time.Now().UnixMilli(), 10)
			if ev.name == "reload" && page != "" {
				if html, ok := s.pageHTML(page); ok {
					// The page itself, so the browser need not ask for it.
					js, _ := json.Marshal(string(html))
					ev.name, data = "page", string(js)
				}
			}
			if _, err := fmt.Fprintf(w, "event: %s\nid: %s\ndata: %s\n\n", ev.name, ev.build, data); err != nil {
				return
			}
			flusher.Flush()
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil {
				return
			}
			flusher.Flush()
		}
	}
}

// buildTag names a build of this server: its start time and the build's
// number. A page left open while the server restarted carries another
// server's tag, so it reloads once when it reconnects.
func (s *Server) buildTag(version int64) string {
	return s.started + "-" + strconv.FormatInt(version, 10)
}

// event is what the stream tells open pages: its name ("reload" or "css")
// and the build the pages now come from.
type event struct{ name, build string }

// broadcast sends an event to every open page. A client too slow to take it
// misses it rather than holding up the others.
func (s *Server) broadcast(ev event) {
	s.cmu.Lock()
	defer s.cmu.Unlock()
	for ch := range s.clients {
		select {
		case ch <- ev:
		default:
		}
	}
}

// closeClients ends every event stream, for shutdown.
func (s *Server) closeClients() {
	s.cmu.Lock()
	defer s.cmu.Unlock()
	for ch := range s.clients {
		close(ch)
		delete(s.clients, ch)
	}
}

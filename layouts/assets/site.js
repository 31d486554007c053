/* Enhancements for the guide. Every page works without this script:
   it adds search, ticking the "my notes" checklist, and filters. */
(function () {
  "use strict";

  var STOP = {};
  "the and of to a in is for on it by be as or an at are with this that".split(" ").forEach(function (w) { STOP[w] = true; });

  // tokenize splits text into words exactly as the generator does.
  function tokenize(text) {
    return String(text).toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) {
      return w.length > 1 && !STOP[w];
    });
  }

  // pageHref turns an index URL into a link from the search page, naming
  // index.html when the site is opened from the file system.
  function pageHref(u) {
    var href = "../" + u;
    if (location.protocol === "file:" && (u === "" || u.charAt(u.length - 1) === "/")) {
      href += "index.html";
    }
    return href;
  }

  function highlight(parent, text, terms) {
    if (!terms.length) { parent.appendChild(document.createTextNode(text)); return; }
    var re = new RegExp("(" + terms.map(function (t) {
      return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join("|") + ")[\\p{L}\\p{N}]*", "giu");
    var last = 0, m;
    while ((m = re.exec(text)) !== null) {
      if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      var mark = document.createElement("mark");
      mark.textContent = m[0];
      parent.appendChild(mark);
      last = m.index + m[0].length;
      if (m[0].length === 0) re.lastIndex++;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // search ranks pages: every query word must match the start of a word in
  // the page; title and heading matches weigh more than body matches.
  function search(index, query) {
    var terms = tokenize(query);
    if (!terms.length) return { terms: terms, results: [] };
    var words = Object.keys(index.words);
    var scores = null;
    terms.forEach(function (term) {
      var best = {};
      words.forEach(function (w) {
        if (w.lastIndexOf(term, 0) !== 0) return;
        var list = index.words[w];
        var bonus = w === term ? 1.5 : 1;
        for (var i = 0; i < list.length; i += 2) {
          var s = list[i + 1] * bonus;
          if (!best[list[i]] || best[list[i]] < s) best[list[i]] = s;
        }
      });
      if (scores === null) {
        scores = best;
      } else {
        var next = {};
        Object.keys(scores).forEach(function (d) { if (best[d]) next[d] = scores[d] + best[d]; });
        scores = next;
      }
    });
    var results = Object.keys(scores || {}).map(function (d) {
      return { doc: index.docs[d], score: scores[d] };
    });
    results.sort(function (a, b) { return b.score - a.score || a.doc.t.localeCompare(b.doc.t); });
    return { terms: terms, results: results };
  }

  function setupSearch() {
    var box = document.getElementById("search-results");
    var input = document.getElementById("search-q");
    if (!box || !input) return;
    var nojs = document.querySelector(".search-nojs");
    if (nojs) nojs.hidden = true;
    if (!window.SEARCH_INDEX) {
      box.textContent = "The search index could not be loaded. Browse the sections instead.";
      if (nojs) nojs.hidden = false;
      return;
    }
    function show(query) {
      box.textContent = "";
      if (!query.trim()) return;
      var found = search(window.SEARCH_INDEX, query);
      var heading = document.createElement("h2");
      var n = found.results.length;
      heading.textContent = n === 0 ? "No pages match \u2018" + query + "\u2019" :
        n + (n === 1 ? " result" : " results") + " for \u2018" + query + "\u2019";
      box.appendChild(heading);
      if (n === 0) {
        var p = document.createElement("p");
        p.appendChild(document.createTextNode("Try fewer or shorter words, or browse the "));
        var a1 = document.createElement("a");
        a1.href = pageHref("find-your-icb/");
        a1.textContent = "A to Z of councils";
        p.appendChild(a1);
        p.appendChild(document.createTextNode(" and the "));
        var a2 = document.createElement("a");
        a2.href = pageHref("glossary/");
        a2.textContent = "glossary";
        p.appendChild(a2);
        p.appendChild(document.createTextNode("."));
        box.appendChild(p);
        return;
      }
      var list = document.createElement("ol");
      found.results.slice(0, 50).forEach(function (r) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = pageHref(r.doc.u);
        highlight(a, r.doc.t, found.terms);
        li.appendChild(a);
        if (r.doc.s) {
          var sec = document.createElement("p");
          sec.className = "result-section";
          sec.textContent = r.doc.s;
          li.appendChild(sec);
        }
        if (r.doc.d) {
          var d = document.createElement("p");
          d.className = "result-desc";
          highlight(d, r.doc.d, found.terms);
          li.appendChild(d);
        }
        list.appendChild(li);
      });
      box.appendChild(list);
    }
    var params = new URLSearchParams(location.search);
    var q = params.get("q") || "";
    input.value = q;
    show(q);
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        show(input.value);
        if (location.protocol !== "file:" && history.replaceState) {
          var url = new URL(location.href);
          url.searchParams.set("q", input.value);
          history.replaceState(null, "", url.toString());
        }
      }, 100);
    });
  }

  function storage() {
    try {
      var k = "ics-send-guide:test";
      window.localStorage.setItem(k, "1");
      window.localStorage.removeItem(k);
      return window.localStorage;
    } catch (e) {
      return null;
    }
  }

  function csvField(s) {
    s = String(s);
    return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  function setupChecklists() {
    var forms = document.querySelectorAll("form.my-checklist[data-checklist]");
    Array.prototype.forEach.call(forms, function (form) {
      var key = "ics-send-guide:checklist:" + form.getAttribute("data-checklist");
      var store = storage();
      var ticks = {};
      if (store) {
        try { ticks = JSON.parse(store.getItem(key) || "{}") || {}; } catch (e) { ticks = {}; }
      } else {
        var note = document.createElement("p");
        note.className = "storage-note";
        note.textContent = "This browser does not let the page save your ticks, so they will be lost when you leave. You can still print the page or download your list.";
        form.insertBefore(note, form.firstChild);
      }
      var boxes = form.querySelectorAll("input[type=checkbox][data-item-id]");
      Array.prototype.forEach.call(boxes, function (box) {
        box.checked = !!ticks[box.getAttribute("data-item-id")];
        box.addEventListener("change", function () {
          var id = box.getAttribute("data-item-id");
          if (box.checked) ticks[id] = true; else delete ticks[id];
          if (store) {
            try { store.setItem(key, JSON.stringify(ticks)); } catch (e) { /* full or blocked */ }
          }
        });
      });
      var actions = form.querySelector(".my-checklist-actions");
      if (actions) actions.hidden = false;
      function rows() {
        var out = [];
        Array.prototype.forEach.call(form.querySelectorAll("fieldset"), function (fs) {
          var legend = fs.querySelector("legend");
          Array.prototype.forEach.call(fs.querySelectorAll("input[data-item-id]"), function (box) {
            var label = form.querySelector('label[for="' + box.id + '"]');
            out.push({ area: legend ? legend.textContent : "", id: box.getAttribute("data-item-id"),
              question: label ? label.textContent : "", ticked: box.checked });
          });
        });
        return out;
      }
      Array.prototype.forEach.call(form.querySelectorAll("a[data-export]"), function (link) {
        link.addEventListener("click", function () {
          var kind = link.getAttribute("data-export"), text = "", type = "text/plain";
          var list = rows();
          if (kind === "csv") {
            type = "text/csv";
            text = "area,item_id,question,ticked\n" + list.map(function (r) {
              return [r.area, r.id, r.question, r.ticked ? "yes" : "no"].map(csvField).join(",");
            }).join("\n") + "\n";
          } else {
            type = "text/markdown";
            text = "# " + (form.getAttribute("data-icb-name") || "") + " \u2013 my checklist\n";
            var area = null;
            list.forEach(function (r) {
              if (r.area !== area) { area = r.area; text += "\n## " + area + "\n\n"; }
              text += "- [" + (r.ticked ? "x" : " ") + "] " + r.question + "\n";
            });
          }
          link.href = URL.createObjectURL(new Blob([text], { type: type + ";charset=utf-8" }));
        });
      });
    });
  }

  function setupFilters() {
    Array.prototype.forEach.call(document.querySelectorAll(".filter[hidden]"), function (f) { f.hidden = false; });
    Array.prototype.forEach.call(document.querySelectorAll("select[data-filter-table]"), function (select) {
      var table = document.getElementById(select.getAttribute("data-filter-table"));
      if (!table) return;
      select.addEventListener("change", function () {
        Array.prototype.forEach.call(table.querySelectorAll("tr[data-region]"), function (tr) {
          tr.hidden = select.value !== "" && tr.getAttribute("data-region") !== select.value;
        });
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll("input[data-filter-list]"), function (input) {
      var box = document.getElementById(input.getAttribute("data-filter-list"));
      var count = document.getElementById("la-filter-count");
      if (!box) return;
      input.addEventListener("input", function () {
        var q = input.value.trim().toLowerCase(), shown = 0;
        Array.prototype.forEach.call(box.querySelectorAll("ul"), function (ul) {
          var any = false;
          Array.prototype.forEach.call(ul.querySelectorAll("li[data-name]"), function (li) {
            var match = li.getAttribute("data-name").toLowerCase().indexOf(q) !== -1;
            li.hidden = !match;
            if (match) { any = true; shown++; }
          });
          ul.hidden = !any;
          var h = ul.previousElementSibling;
          if (h && h.tagName === "H2") h.hidden = !any;
        });
        if (count) count.textContent = q ? shown + (shown === 1 ? " council shown" : " councils shown") : "";
      });
    });
  }

  function start() {
    setupSearch();
    setupChecklists();
    setupFilters();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

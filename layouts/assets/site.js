/* Integrated care systems and SEND: enhancements for the guide.
   Every page works fully without this script. Where their elements are on
   the page, it adds:
   1. search as you type on the search page (index: assets/search-index.js,
      and for a big site its parts in assets/search/, added as a query needs them);
   2. "My notes" ticks on ICB pages, kept in this browser, with downloads;
   3. filters for the ICB table and the A to Z of councils;
   4. closing the narrow-screen "Menu" with Escape or a click elsewhere;
   5. the address and date on printed pages;
   6. sorting of tables of SEND figures by any column.
   Plain ES2017 in one function; no inline styles, no eval, nothing fetched
   (scripts are added, which works from the file system too). */
(function () {
  "use strict";

  if (!document.querySelector || !window.addEventListener || !Array.prototype.forEach) {
    return;
  }

  function each(list, fn) {
    Array.prototype.forEach.call(list, fn);
  }

  function el(name, className, text) {
    const node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* ---------------------------------------------------------------------
     Words. The generator's eachWord (generator/output/search.go) makes the
     index: lowercase runs of letters (Unicode L) and decimal digits (Nd),
     dropping one-byte words and stop words, with plurals folded to the
     singular and hyphenated compounds also run together. Queries are split
     and folded the same way, or matches would miss; a hyphenated word in a
     query is looked up run together ("co-production" as "coproduction"). */

  const STOP = {};
  "the and of to a in is for on it by be as or an at are with this that".split(" ").forEach(function (w) {
    STOP[w] = true;
  });

  // Unicode property escapes are ES2018: feature-detect, and fall back to
  // letters of the Latin, Greek and Cyrillic blocks in older browsers.
  const WORD_CHARS = (function () {
    try {
      return {
        split: new RegExp("[^\\p{L}\\p{Nd}]+", "u"),
        find: new RegExp("[\\p{L}\\p{Nd}]+", "gu"),
        hyphen: new RegExp("([\\p{L}\\p{Nd}])[-\\u2010\\u2011](?=[\\p{L}\\p{Nd}])", "gu")
      };
    } catch (e) {
      const chars = "0-9A-Za-z\\u00AA\\u00B5\\u00BA\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02AF\\u0370-\\u03FF\\u0400-\\u04FF";
      return {
        split: new RegExp("[^" + chars + "]+"),
        find: new RegExp("[" + chars + "]+", "g"),
        hyphen: new RegExp("([" + chars + "])[-\\u2010\\u2011](?=[" + chars + "])", "g")
      };
    }
  }());

  // lower lowercases one character at a time, as Go's unicode.ToLower does
  // (so "İ" becomes "i" and a final sigma stays "σ").
  function lower(word) {
    if (/^[\x00-\x7f]*$/.test(word)) return word.toLowerCase();
    let out = "";
    for (const ch of word) {
      const l = ch.toLowerCase();
      out += String.fromCodePoint(l.codePointAt(0));
    }
    return out;
  }

  // keep says whether a lowercased word is indexed: Go drops words of one
  // byte (a single ASCII letter or digit) and stop words.
  function keep(word) {
    if (word.length === 0) return false;
    if (word.length === 1 && word.charCodeAt(0) < 0x80) return false;
    return !STOP[word];
  }

  // fold turns a plural into its singular, with the rules of fold in
  // generator/output/search.go ("plans" plan, "policies" policy).
  function fold(word) {
    if (word.length < 4 || word.charCodeAt(word.length - 1) !== 115) return word; // "s"
    const n = Array.from(word).length; // characters, not UTF-16 units
    if (n < 4) return word;
    if (n > 4 && /ies$/.test(word)) return word.slice(0, -3) + "y";
    if (/(?:sses|xes|ches|shes)$/.test(word)) return word.slice(0, -2);
    if (/(?:ss|us|is)$/.test(word)) return word;
    return word.slice(0, -1);
  }

  // tokenize splits a query into folded words, each hyphenated compound
  // run together.
  function tokenize(text) {
    const out = [];
    String(text).replace(WORD_CHARS.hyphen, "$1").split(WORD_CHARS.split).forEach(function (part) {
      if (!part) return;
      const word = lower(part);
      if (!keep(word)) return;
      const folded = fold(word);
      if (out.indexOf(folded) === -1) out.push(folded);
    });
    return out;
  }

  /* ---------------------------------------------------------------------
     1. Search. */

  const MAX_RESULTS = 50;
  const EXACT_BONUS = 1.25; // a whole-word match counts a bit more than a prefix
  // Made once: localeCompare with options makes a collator on every call,
  // which made sorting thousands of results take seconds.
  const byTitle = new Intl.Collator("en-GB", { sensitivity: "base" });

  // A word's postings in the index are a string: for each document with
  // the word, in order, a number in base 32, lowest digit first, every
  // digit but its last from the second half of DIGITS: the gap from the
  // document before (less one) times 128, plus the word's weight there
  // (see postings in search.go).
  const DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_.";
  const DIGIT = new Int8Array(128);
  for (let i = 0; i < DIGITS.length; i++) DIGIT[DIGITS.charCodeAt(i)] = i;

  // rankBefore says whether result a ranks before result b: by title
  // match first (2 when the title is the query, 1 when it holds every
  // term, 0 otherwise), so that the page about a thing comes before the
  // pages that mention it; then by score, by title, and by their order in
  // the index.
  function rankBefore(a, b) {
    return ((b.title - a.title) || (b.score - a.score) ||
      byTitle.compare(String(a.doc.t), String(b.doc.t)) || (a.index - b.index)) < 0;
  }

  // makeSearcher returns the search function over index, whose words are
  // in index.words or, in a split index, in the parts loaded so far (see
  // loadParts). search(terms, limit) returns the number of documents that
  // match every term and the best limit of them, best first: the first of
  // a full sort by rankBefore, found without sorting every match.
  function makeSearcher(index) {
    const docs = index.docs;
    const sorted = new Map(); // each words object's keys, sorted

    // The titles' words: index.titleWords holds each document's, and
    // titleDocs, for each word, the documents with it in their title, so
    // that a query finds the titles that hold its terms without reading
    // every title. They are made in the background a batch at a time, and
    // the rest at once when a query comes first.
    const titleWords = index.titleWords;
    const titleDocs = new Map();
    let titleKeys = []; // titleDocs' words, sorted, once all are in
    let warmed = 0;
    function warmTitles(upTo) {
      for (; warmed < upTo; warmed++) {
        const d = warmed;
        titleWords[d] = tokenize(docs[d].t);
        titleWords[d].forEach(function (w) {
          const list = titleDocs.get(w);
          if (list) list.push(d);
          else titleDocs.set(w, [d]);
        });
        if (warmed + 1 === docs.length) titleKeys = Array.from(titleDocs.keys()).sort();
      }
    }
    (function batch() {
      warmTitles(Math.min(warmed + 500, docs.length));
      if (warmed < docs.length) setTimeout(batch, 0);
    }());

    // titleHits returns, for each document, how many of terms its title
    // holds, counted in order: it equals terms.length when the title has,
    // for every term, a word that the term starts.
    function titleHits(terms) {
      warmTitles(docs.length);
      const hits = new Uint8Array(docs.length);
      terms.forEach(function (term, i) {
        for (let k = first(titleKeys, term); k < titleKeys.length && titleKeys[k].startsWith(term); k++) {
          titleDocs.get(titleKeys[k]).forEach(function (d) {
            if (hits[d] === i) hits[d] = i + 1;
          });
        }
      });
      return hits;
    }

    // first returns the position of the first of keys not less than term.
    function first(keys, term) {
      let lo = 0;
      let hi = keys.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (keys[mid] < term) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    }

    // addScores sets best[d], for each document d with a word that term
    // starts, to its best weight among those words, a whole-word match
    // counting EXACT_BONUS times.
    function addScores(words, term, best) {
      let keys = sorted.get(words);
      if (!keys) sorted.set(words, keys = Object.keys(words).sort());
      for (let i = first(keys, term); i < keys.length && keys[i].startsWith(term); i++) {
        const list = words[keys[i]];
        const bonus = keys[i] === term ? EXACT_BONUS : 1;
        let d = -1;
        let n = 0;
        let shift = 0;
        for (let j = 0; j < list.length; j++) {
          const digit = DIGIT[list.charCodeAt(j)];
          n |= (digit & 31) << shift;
          if (digit >= 32) {
            shift += 5;
            continue;
          }
          d += (n >>> 7) + 1;
          const score = (n & 127) * bonus;
          if (best[d] < score) best[d] = score;
          n = 0;
          shift = 0;
        }
      }
    }

    return function search(terms, limit) {
      const found = { count: 0, results: [] };
      if (terms.length === 0) return found;
      let total = null;
      for (const term of terms) {
        const best = new Float64Array(docs.length);
        addScores(index.words, term, best);
        partKeys(index.parts, term).forEach(function (key) {
          if (index.parts[key]) addScores(index.parts[key], term, best);
        });
        if (total === null) {
          total = best;
          continue;
        }
        // Every term must match: keep documents found by all so far.
        for (let d = 0; d < total.length; d++) {
          total[d] = total[d] > 0 && best[d] > 0 ? total[d] + best[d] : 0;
        }
      }
      // The best limit results so far, best first: once there are limit,
      // a match that does not rank before the worst of them is passed
      // over, most of them by title match and score alone.
      const hits = titleHits(terms);
      const top = found.results;
      let worst = null;
      for (let d = 0; d < total.length; d++) {
        const score = total[d];
        if (!(score > 0)) continue;
        found.count++;
        const title = hits[d] < terms.length ? 0 : titleWords[d].length === terms.length ? 2 : 1;
        if (worst && (title < worst.title || (title === worst.title && score < worst.score))) continue;
        const r = { doc: docs[d], index: d, score: score, title: title };
        if (worst && !rankBefore(r, worst)) continue;
        let lo = 0;
        let hi = top.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (rankBefore(top[mid], r)) lo = mid + 1;
          else hi = mid;
        }
        top.splice(lo, 0, r);
        if (top.length > limit) top.pop();
        if (top.length === limit) worst = top[limit - 1];
      }
      return found;
    };
  }

  // pageHref is the link from the search page (at "search/") to a page at
  // site-relative URL u. Opened from the file system, links to folders must
  // name their index.html, as the generator's urlpath.Offline does.
  function pageHref(u) {
    let path = String(u || "");
    let rest = "";
    const cut = path.search(/[?#]/);
    if (cut >= 0) {
      rest = path.slice(cut);
      path = path.slice(0, cut);
    }
    if (location.protocol === "file:" && (path === "" || path.charAt(path.length - 1) === "/")) {
      path += "index.html";
    }
    return "../" + path + rest;
  }

  // appendMarked adds text to parent, wrapping in <mark> each word that
  // starts with one of the query terms. Text nodes only: never innerHTML.
  function appendMarked(parent, text, terms) {
    text = String(text);
    const find = new RegExp(WORD_CHARS.find.source, WORD_CHARS.find.flags);
    let last = 0;
    let m;
    while ((m = find.exec(text)) !== null) {
      const word = lower(m[0]);
      const folded = fold(word);
      const hit = terms.some(function (t) { return word.startsWith(t) || folded.startsWith(t); });
      if (hit) {
        if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
        parent.appendChild(el("mark", "", m[0]));
        last = m.index + m[0].length;
      }
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function queryFromAddress() {
    const search = location.search || "";
    if (window.URLSearchParams) {
      return new URLSearchParams(search).get("q") || "";
    }
    const pairs = search.replace(/^\?/, "").split("&");
    for (const pair of pairs) {
      const eq = pair.indexOf("=");
      const name = eq < 0 ? pair : pair.slice(0, eq);
      if (name === "q") {
        try {
          return decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, " "));
        } catch (e) {
          return "";
        }
      }
    }
    return "";
  }

  // replaceParam sets (or, given "", removes) one parameter of the address,
  // so that the page can be bookmarked, shared or reloaded as it is shown,
  // without adding to the history.
  function replaceParam(name, value) {
    if (!window.history || typeof history.replaceState !== "function" || !window.URLSearchParams) return;
    const params = new URLSearchParams(location.search);
    if (value) params.set(name, value);
    else params.delete(name);
    const rest = params.toString();
    const url = location.href.replace(/[?#].*$/, "") + (rest ? "?" + rest : "") + location.hash;
    try {
      history.replaceState(history.state, "", url);
    } catch (e) {
      // Some browsers refuse to change the address of a file:// page.
    }
  }

  // setAddress records the search query in the address.
  function setAddress(query) {
    replaceParam("q", query.replace(/\s+/g, " ").trim());
  }

  function quoted(text) {
    return "\u2018" + text + "\u2019";
  }

  // partKeys returns the parts of a split index that hold the words term
  // starts: a split index holds the words that start with a character in
  // one part, or, where that would be big, in one part for each first two
  // characters (see searchFiles in search.go).
  function partKeys(parts, term) {
    const has = function (k) { return Object.prototype.hasOwnProperty.call(parts, k); };
    const chars = Array.from(term);
    const two = chars.slice(0, 2).join("");
    if (chars.length > 1 && has(two)) return [two];
    if (chars.length > 1) return has(chars[0]) ? [chars[0]] : [];
    return Object.keys(parts).filter(function (k) { return k.codePointAt(0) === term.codePointAt(0); });
  }

  // loadParts adds the script of every part of a split index that terms
  // need and that is not there yet, and calls done once all of them have
  // run. A part that cannot be loaded counts as empty. It returns whether
  // anything had to be loaded.
  function loadParts(index, terms, done) {
    const loading = index.loading || (index.loading = {});
    const keys = [];
    terms.forEach(function (t) {
      partKeys(index.parts, t).forEach(function (key) {
        if (index.parts[key] === null && keys.indexOf(key) === -1) keys.push(key);
      });
    });
    if (keys.length === 0) return false;
    const main = document.querySelector("script[src$='search-index.js']");
    const base = main ? main.getAttribute("src").replace(/search-index\.js$/, "search/") : "../assets/search/";
    let left = keys.length;
    keys.forEach(function (key) {
      const arrived = function () {
        index.parts[key] = index.parts[key] || {};
        if (--left === 0) done();
      };
      if (loading[key]) {
        loading[key].push(arrived);
        return;
      }
      loading[key] = [arrived];
      const script = document.createElement("script");
      script.src = base + Array.from(key, function (c) { return c.codePointAt(0).toString(16); }).join("-") + ".js";
      script.onload = script.onerror = function () {
        loading[key].forEach(function (f) { f(); });
      };
      document.head.appendChild(script);
    });
    return true;
  }

  function setupSearch() {
    const box = document.getElementById("search-results");
    const input = document.getElementById("search-q");
    if (!box || !input) return;
    const form = input.form;
    const nojs = document.querySelectorAll(".search-nojs");

    function start() {
      const index = window.SEARCH_INDEX;
      if (!index || !index.docs || !index.words) return false;
      index.parts = index.parts || {};
      index.titleWords = [];
      const search = makeSearcher(index);

      // The count goes to a status message of its own; the list of results
      // is not read out in full on every keystroke.
      box.removeAttribute("aria-live");
      const status = el("p", "visually-hidden");
      status.setAttribute("role", "status");
      box.parentNode.insertBefore(status, box);
      let statusTimer = 0;
      function announce(text) {
        clearTimeout(statusTimer);
        statusTimer = setTimeout(function () { status.textContent = text; }, 600);
      }

      let shown = null;
      let latest = null;
      function show(query, focus) {
        const q = query.replace(/\s+/g, " ").trim();
        if (q === shown && !focus) return;
        latest = q;
        // The words of a big index come in parts: load the ones this query
        // needs, then show its results unless another query came meanwhile.
        if (loadParts(index, tokenize(q), function () {
          if (latest === q) show(query, focus);
        })) return;
        shown = q;
        while (box.firstChild) box.removeChild(box.firstChild);
        if (!q) {
          announce("");
          return;
        }
        const terms = tokenize(q);
        const found = search(terms, MAX_RESULTS);
        let first;
        if (terms.length === 0 && !/[^\s]{2}/.test(q)) {
          // One letter so far: nothing is indexed under single letters.
          const p = el("p", "search-none", "Type two or more letters to search.");
          box.appendChild(p);
          first = p;
          announce(p.textContent);
        } else if (found.count === 0) {
          const p = el("p", "search-none");
          p.appendChild(document.createTextNode("No pages match " + quoted(q) + ". Try fewer or shorter words, or browse the "));
          const az = el("a", "", "A to Z of local authorities");
          az.href = pageHref("find-your-icb/");
          p.appendChild(az);
          p.appendChild(document.createTextNode(" and the "));
          const gl = el("a", "", "glossary");
          gl.href = pageHref("glossary/");
          p.appendChild(gl);
          p.appendChild(document.createTextNode("."));
          box.appendChild(p);
          first = p;
          announce("No pages match " + quoted(q) + ".");
        } else {
          const count = found.count + (found.count === 1 ? " result for " : " results for ") + quoted(q);
          const h = el("h2", "search-count", count);
          box.appendChild(h);
          first = h;
          if (found.count > MAX_RESULTS) {
            box.appendChild(el("p", "search-more", "Showing the " + MAX_RESULTS + " best matches. Add another word to narrow the search."));
          }
          const list = el("ol", "search-result-list");
          found.results.forEach(function (r) {
            const li = el("li", "search-result");
            const title = el("h3", "search-result-title");
            const a = el("a", "", r.doc.t);
            a.href = pageHref(r.doc.u);
            title.appendChild(a);
            li.appendChild(title);
            if (r.doc.s) li.appendChild(el("p", "search-result-section", index.sections[r.doc.s]));
            if (r.doc.d) {
              const d = el("p", "search-result-desc");
              appendMarked(d, r.doc.d, terms);
              li.appendChild(d);
            }
            list.appendChild(li);
          });
          box.appendChild(list);
          announce(count + ".");
        }
        if (focus && first) {
          first.setAttribute("tabindex", "-1");
          first.focus();
        }
      }

      const initial = queryFromAddress();
      input.value = initial;
      show(initial, false);

      // Results follow every keystroke, with no wait: the parts a query
      // needs start loading at once, and the quick ranking (see
      // makeSearcher) keeps up with typing. Only the address waits for a
      // pause, as browsers limit how often a page may change it.
      let timer = 0;
      input.addEventListener("input", function () {
        show(input.value, false);
        clearTimeout(timer);
        timer = setTimeout(function () { setAddress(input.value); }, 300);
      });
      if (form) {
        form.addEventListener("submit", function (event) {
          event.preventDefault();
          clearTimeout(timer);
          show(input.value, true);
          setAddress(input.value);
        });
      }
      each(nojs, function (n) { n.hidden = true; });
      if (form) form.hidden = false;
      return true;
    }

    if (!start()) {
      // The index is loaded by a deferred script before this one; if it is
      // still missing when the page has loaded, the page works as it would
      // without JavaScript, with a note.
      window.addEventListener("load", function () {
        if (!start()) {
          box.appendChild(el("p", "search-none", "Search is not available at the moment. Browse the sections instead."));
        }
      });
    }
  }

  /* ---------------------------------------------------------------------
     2. "My notes" checklist on ICB pages: ticks kept in this browser, a
     count that says they are saved, downloads as a spreadsheet (CSV) or a
     text file holding the ICB's name and the date, and "clear all ticks"
     with an undo. */

  const STORE_PREFIX = "ics-send-guide:checklist:";
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];

  // openStorage returns localStorage if it can be written, else null:
  // private modes, file:// pages and locked-down browsers may refuse it.
  function openStorage() {
    try {
      const store = window.localStorage;
      if (!store) return null;
      const probe = "ics-send-guide:probe";
      store.setItem(probe, "1");
      store.removeItem(probe);
      return store;
    } catch (e) {
      return null;
    }
  }

  function clean(text) {
    return String(text || "").replace(/\s+/g, " ").trim();
  }

  function csvField(value) {
    const s = String(value);
    return /[",\r\n]/.test(s) ? "\"" + s.replace(/"/g, "\"\"") + "\"" : s;
  }

  function twoDigits(n) {
    return (n < 10 ? "0" : "") + n;
  }

  // isoDate and longDate write a day as 2026-11-30 and 30 November 2026.
  function isoDate(d) {
    return d.getFullYear() + "-" + twoDigits(d.getMonth() + 1) + "-" + twoDigits(d.getDate());
  }

  function longDate(d) {
    return d.getDate() + " " + MONTHS[d.getMonth()] + " " + d.getFullYear();
  }

  function setupChecklists() {
    const forms = document.querySelectorAll("form.my-checklist[data-checklist]");
    if (forms.length === 0) return;
    const store = openStorage();

    each(forms, function (form) {
      const key = STORE_PREFIX + form.getAttribute("data-checklist");
      const boxes = form.querySelectorAll("input[type=checkbox][data-item-id]");
      const status = form.querySelector(".my-checklist-status");
      const scope = form.parentNode;
      let ticks = {};
      let note = null;

      function warn(text) {
        if (!note) {
          note = el("p", "my-checklist-note");
          form.insertBefore(note, form.firstChild);
        }
        note.textContent = text;
      }

      function say(text) {
        if (status) status.textContent = text;
      }

      function count() {
        let n = 0;
        each(boxes, function (box) { if (box.checked) n++; });
        return n + " of " + boxes.length + " ticked";
      }

      // save keeps the ticks and says whether they were kept.
      function save() {
        ticks = {};
        each(boxes, function (box) {
          if (box.checked) ticks[box.getAttribute("data-item-id")] = true;
        });
        if (!store) {
          say(count() + ". Not saved: this browser does not let the guide keep them.");
          return;
        }
        try {
          if (Object.keys(ticks).length) store.setItem(key, JSON.stringify(ticks));
          else store.removeItem(key);
          say(count() + ". Saved in this browser.");
        } catch (e) {
          say(count() + ". Not saved.");
          warn("Your latest ticks could not be saved in this browser. To keep them, download your list or print the page.");
        }
      }

      if (store) {
        try {
          const saved = JSON.parse(store.getItem(key) || "{}");
          if (saved && typeof saved === "object") ticks = saved;
        } catch (e) {
          ticks = {};
        }
        // The sentence for browsers without JavaScript says ticks are lost.
        each(scope.querySelectorAll(".my-checklist-nojs"), function (p) { p.hidden = true; });
        each(scope.querySelectorAll(".my-checklist-js"), function (p) { p.hidden = false; });
      } else {
        warn("This browser will not let the guide save your ticks, so they will be lost when you leave or reload the page. To keep them, download your list or print the page.");
      }

      each(boxes, function (box) {
        if (ticks[box.getAttribute("data-item-id")] === true) box.checked = true;
        box.addEventListener("change", save);
      });

      setupExports(form, boxes);
      setupClear(form, boxes, save, say);
    });
  }

  // setupClear makes the "Clear all ticks" button work, with an undo.
  function setupClear(form, boxes, save, say) {
    const clear = form.querySelector("[data-clear-ticks]");
    if (!clear) return;
    let undo = null;
    let before = [];
    clear.addEventListener("click", function () {
      before = [];
      each(boxes, function (box) {
        if (box.checked) before.push(box);
        box.checked = false;
      });
      if (before.length === 0) {
        say("There are no ticks to clear.");
        return;
      }
      save();
      say((before.length === 1 ? "1 tick" : "All " + before.length + " ticks") + " cleared.");
      if (!undo) {
        undo = el("button", "button button-secondary", "Undo clearing ticks");
        undo.type = "button";
        undo.addEventListener("click", function () {
          before.forEach(function (box) { box.checked = true; });
          save();
          undo.hidden = true;
          clear.focus();
        });
        clear.parentNode.insertBefore(undo, clear.nextSibling);
      }
      undo.hidden = false;
    });
  }

  // rows lists every item of the form in order, with its area (the legend
  // of its fieldset), question (its label), the status the guide's editors
  // recorded and whether it is ticked.
  function rows(form, boxes) {
    const out = [];
    each(boxes, function (box) {
      let area = "";
      let item = box.parentNode;
      for (let n = box.parentNode; n && n !== form; n = n.parentNode) {
        if (n.tagName === "FIELDSET") {
          const legend = n.querySelector("legend");
          area = legend ? clean(legend.textContent) : "";
          break;
        }
      }
      let label = box.labels && box.labels[0];
      if (!label && item) label = item.querySelector("label");
      out.push({
        area: area,
        id: box.getAttribute("data-item-id"),
        question: label ? clean(label.textContent) : "",
        status: item && item.getAttribute ? clean(item.getAttribute("data-status")) : "",
        ticked: box.checked
      });
    });
    return out;
  }

  // The address the list was made from: the page, without any #part.
  function pageAddress() {
    return String(window.location.href).split("#")[0];
  }

  function textFile(form, list, day) {
    let ticked = 0;
    list.forEach(function (r) { if (r.ticked) ticked++; });
    const lines = [
      clean(form.getAttribute("data-icb-name")) + ": my checklist",
      "Made on " + longDate(day) + " from " + pageAddress(),
      "Ticked: " + ticked + " of " + list.length
    ];
    let area = null;
    list.forEach(function (r) {
      if (r.area !== area) {
        area = r.area;
        lines.push("", area, "");
      }
      lines.push("[" + (r.ticked ? "x" : " ") + "] " + r.question);
      if (r.status) lines.push("    Status recorded by the guide: " + r.status);
    });
    return lines.join("\r\n") + "\r\n";
  }

  function csv(form, list, day) {
    const icb = clean(form.getAttribute("data-icb-name"));
    const lines = ["ICB,Date,Area,Question,Status recorded by the guide,Ticked,Item id"];
    list.forEach(function (r) {
      lines.push([icb, isoDate(day), r.area, r.question, r.status, r.ticked ? "yes" : "no", r.id].map(csvField).join(","));
    });
    // A byte order mark lets spreadsheet programs read the file as UTF-8.
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }

  function setupExports(form, boxes) {
    const actions = form.querySelector(".my-checklist-actions");
    const links = form.querySelectorAll("a[data-export]");
    if (!actions || links.length === 0) return;
    if (!window.Blob || !window.URL || typeof URL.createObjectURL !== "function") return;
    const base = form.getAttribute("data-file-name") || "checklist";
    each(links, function (link) {
      link.addEventListener("click", function (event) {
        // Make the file now, so it holds the current ticks and today's date,
        // and save it through a link of its own: this one keeps its address.
        event.preventDefault();
        const day = new Date();
        const kind = link.getAttribute("data-export");
        const list = rows(form, boxes);
        const blob = kind === "csv" ?
          new Blob([csv(form, list, day)], { type: "text/csv;charset=utf-8" }) :
          new Blob([textFile(form, list, day)], { type: "text/plain;charset=utf-8" });
        const url = URL.createObjectURL(blob);
        const a = el("a");
        a.href = url;
        a.download = base + "-" + isoDate(day) + "." + kind;
        a.hidden = true;
        document.body.appendChild(a);
        a.click();
        document.body.removeChild(a);
        setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      });
    });
    actions.hidden = false;
  }

  /* ---------------------------------------------------------------------
     3. Filters. */

  // folded makes names and typed text comparable: lower case, "&" as
  // "and", and punctuation as single spaces ("St. Helens", "st helens").
  function folded(text) {
    return String(text).toLowerCase().replace(/&/g, " and ").replace(/[^0-9a-z\u00c0-\uffff]+/g, " ").trim();
  }

  // The ICB table's region filter. The choice is kept in the address
  // (?region=london), the caption says what is shown and a status message
  // announces the number of ICBs.
  function setupTableFilter(select) {
    const table = document.getElementById(select.getAttribute("data-filter-table"));
    if (!table) return false;
    const rowsOf = table.querySelectorAll("tr[data-region]");
    const summary = table.querySelector(".filter-summary");
    const all = summary ? summary.textContent : "";
    const status = document.getElementById(select.getAttribute("data-filter-status"));
    const param = select.getAttribute("data-filter-param");
    if (param && window.URLSearchParams) {
      const wanted = new URLSearchParams(location.search).get(param);
      each(select.options, function (o) {
        if (wanted && o.value === wanted) select.value = wanted;
      });
    }
    function apply() {
      const region = select.value;
      let shown = 0;
      each(rowsOf, function (tr) {
        tr.hidden = region !== "" && tr.getAttribute("data-region") !== region;
        if (!tr.hidden) shown++;
      });
      const name = select.options[select.selectedIndex] ? select.options[select.selectedIndex].text : "";
      const text = region === "" ? all :
        shown + (shown === 1 ? " Integrated Care Board" : " Integrated Care Boards") + " in " + name;
      if (summary) summary.textContent = text;
      if (status) status.textContent = region === "" ? "" : "Showing " + shown + " of " + rowsOf.length + " ICBs: " + name + ".";
    }
    select.addEventListener("change", function () {
      apply();
      if (param) replaceParam(param, select.value);
    });
    apply(); // the address or the browser may have kept a choice from before
    return true;
  }

  // The A to Z of councils' filter: a council is shown when what is typed
  // starts one of the words of its name ("hull" finds Kingston upon Hull,
  // not Solihull). When none matches, help says what to try next.
  function setupListFilter(input) {
    const box = document.getElementById(input.getAttribute("data-filter-list"));
    if (!box) return false;
    const count = document.getElementById("la-filter-count");
    const help = document.getElementById("la-filter-help");
    const az = document.querySelector(".az");
    const items = Array.prototype.map.call(box.querySelectorAll("li[data-name]"), function (li) {
      return { li: li, name: " " + folded(li.getAttribute("data-name")) };
    });
    const lists = box.querySelectorAll("ul");
    function apply() {
      const q = folded(input.value);
      let shown = 0;
      items.forEach(function (item) {
        const match = q === "" || item.name.indexOf(" " + q) !== -1;
        item.li.hidden = !match;
        if (match) shown++;
      });
      each(lists, function (ul) {
        const any = ul.querySelector("li[data-name]:not([hidden])") !== null;
        ul.hidden = !any;
        const h = ul.previousElementSibling;
        if (h && /^H[2-6]$/.test(h.tagName)) h.hidden = !any;
      });
      // The letters jump to sections a filter may hide: only without one.
      if (az) az.hidden = q !== "";
      if (help) help.hidden = !(q !== "" && shown === 0);
      if (count) {
        count.textContent = q !== "" && shown === 0 ?
          "No council matches " + quoted(input.value.trim()) + "." :
          shown + (shown === 1 ? " council shown" : " councils shown");
      }
    }
    input.addEventListener("input", apply);
    if (input.value) apply();
    return true;
  }

  function setupFilters() {
    each(document.querySelectorAll(".filter"), function (block) {
      let works = false;
      each(block.querySelectorAll("select[data-filter-table]"), function (s) {
        if (setupTableFilter(s)) works = true;
      });
      each(block.querySelectorAll("input[data-filter-list]"), function (i) {
        if (setupListFilter(i)) works = true;
      });
      if (works) block.hidden = false;
    });
  }

  /* ---------------------------------------------------------------------
     4. The "Menu" button on narrow screens. It is a <details> element and
     works without this script; this adds what people expect of a menu:
     Escape closes it (and puts focus back on the button), and so does a
     click or tap anywhere else on the page. */

  function setupMenu() {
    const menu = document.querySelector("details.menu");
    if (!menu) return;
    const button = menu.querySelector("summary");
    document.addEventListener("keydown", function (event) {
      if (menu.open && (event.key === "Escape" || event.key === "Esc")) {
        menu.open = false;
        if (button) button.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (menu.open && !menu.contains(event.target)) menu.open = false;
    });
  }

  /* ---------------------------------------------------------------------
     5. Paper: the print-only line saying where and when the page came from
     gets the page's address and today's date, and is repeated at the foot
     of every printed page (a page-margin box, drawn by Chromium). */

  function today() {
    try {
      return new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
    } catch (e) {
      return new Date().toDateString();
    }
  }

  function setupPrintProvenance() {
    const line = document.querySelector(".print-provenance");
    if (!line) return;
    const source = line.querySelector(".print-source");
    const date = line.querySelector(".print-date");
    const reviewed = line.querySelector(".print-reviewed");
    const title = source ? source.textContent.replace(/,.*$/, "") : "";
    let sheet = null;
    function fill() {
      let address = "";
      if (/^https?:$/.test(location.protocol)) address = location.href.replace(/#.*$/, "");
      if (source && address) source.textContent = title + ", " + address;
      if (date) date.textContent = ", on " + today();
      const foot = [address || clean(source ? source.textContent : ""), "printed " + today(),
        clean(reviewed ? reviewed.textContent : "")].join(" \u00b7 ");
      const rule = "@page { @bottom-left { content: " + JSON.stringify(foot) +
        "; font: 7pt system-ui, sans-serif; width: 85%; } }";
      try {
        if (!sheet && typeof CSSStyleSheet === "function" && "adoptedStyleSheets" in document) {
          sheet = new CSSStyleSheet();
          document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
        }
        if (sheet) sheet.replaceSync("@media print { " + rule + " }");
      } catch (e) {
        // Without page-margin boxes the line is printed once, at the top.
      }
    }
    fill();
    window.addEventListener("beforeprint", fill);
  }

  /* ---------------------------------------------------------------------
     6. Sortable tables (table.sortable): each column heading becomes a button
     that sorts the rows by the cells' data-sort values (numbers, or text),
     rows without a value last. aria-sort tells which column sorts the table. */

  function setupSortable(table) {
    const heads = table.querySelectorAll("thead th");
    const body = table.tBodies[0];
    each(heads, function (th, col) {
      const button = el("button", "sort-button", th.textContent);
      button.type = "button";
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        const up = th.getAttribute("aria-sort") !== "ascending";
        each(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", up ? "ascending" : "descending");
        const rows = Array.prototype.slice.call(body.rows);
        const key = function (row) {
          const cell = row.cells[col];
          const v = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
          return v === "" ? null : (isNaN(Number(v)) ? v.toLowerCase() : Number(v));
        };
        rows.sort(function (a, b) {
          const x = key(a), y = key(b);
          if (x === null || y === null) return x === y ? 0 : (x === null ? 1 : -1);
          const c = x < y ? -1 : (x > y ? 1 : 0);
          return up ? c : -c;
        });
        each(rows, function (r) { body.appendChild(r); });
      });
    });
  }

  function setupSortables() {
    each(document.querySelectorAll("table.sortable"), setupSortable);
  }

  /* --------------------------------------------------------------------- */

  function run(setup) {
    try {
      setup();
    } catch (e) {
      // A failed enhancement leaves the page as it works without JavaScript,
      // and says why in the console, where the browser tests look.
      console.error(e);
    }
  }

  function init() {
    run(setupSearch);
    run(setupChecklists);
    run(setupFilters);
    run(setupMenu);
    run(setupPrintProvenance);
    run(setupSortables);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());

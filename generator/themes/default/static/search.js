/* gongkai site search: ranks the static index written by generator/search_index.py.
   Classic script, no fetch(), no modules, no workers: it also runs from disk (file://).
   A typed question is cut at question words, split into character bigrams, widened with the
   synonym list, and ranked with BM25 over sections (articles, headings, titles); a document scores
   by its best sections, times its weight.  Every term is optional (OR), so a long question
   still finds the documents that share its key words.  bench/search_rank_copy.py copies this ranking
   in Python (to try changes on the benchmark's questions in seconds): a change here changes it too. */
(function () {
  "use strict";

  var ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  /* A result links to its best section and lists the next ones with an excerpt, then more by
     heading only (其他相关段落).  How many of its sections a result offers follows its place in the
     results (SECTIONS_SHOWN[place], the last entry beyond): the first result, the likeliest answer,
     up to twenty, the ones further down fewer — eighty on a page of ten, as when each offered eight.
     On the train questions the right article was among them for 0.7555 (eight each) → 0.7945. */
  var K1 = 1.2, B = 0.75, PAGE_SIZE = 10, SECTIONS_WITH_EXCERPT = 5;
  var SECTIONS_SHOWN = [20, 12, 8, 8, 8, 6, 6, 4, 4, 4];
  /* A document scores by its best unit plus SUM_WEIGHT × ln(1 + the sum of its units' scores):
     evidence spread over many articles counts for more than one article's match.  On the train
     questions the right law's Success@10 rose from 0.86 (2) to 0.88 (6) and 0.90 (16).  A long
     notice gains most from this, so a question about getting something done also lifts 办事指南
     (meta.service, see serviceType). */
  var SUM_WEIGHT = 16;
  /* Round two (issue 17), on the train questions: a unit's score × (its share of the query's
     weight)^0.5 lifted law MRR@10 0.687 → 0.699; synonyms' terms at SYNONYM_WEIGHT with the
     longer synonym list, law Success@10 0.901 → 0.915 (1.0: 0.908). */
  var SYNONYM_WEIGHT = 0.6;
  /* Issue 17, continued: a document's score is also scaled by exp(COVER × the share of the query's
     weight found anywhere in it) and by ((1 + its second best unit) × (1 + its third))^SPREAD, so a
     law that holds more of the question's words, over more than one article, ranks higher than one
     whose many articles repeat one common word (赔偿 in the 海商法).  Chosen on the train questions
     (a listwise fit of these features, then a grid on the whole split): law MRR@10 0.738 → 0.750,
     Success@3 0.811 → 0.825, the same gain on either half of the questions. */
  var COVER = 0.5, SPREAD = 0.06;
  /* A term is common when it is in more than COMMON_SHARE of the units (and more than COMMON_UNITS
     of them, so that on a small site no term is); see `weak` in rank().  No train question is weak. */
  var COMMON_SHARE = 0.05, COMMON_UNITS = 50;
  /* A query still running after SLOW_MS milliseconds says so (正在搜索…). */
  var SLOW_MS = 300;
  var TOKEN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[A-Za-z0-9]+/g;

  var store = { data: {}, waiting: {} };
  var base = "";

  window.gkSearch = {
    load: function (name, data) {
      store.data[name] = data;
      (store.waiting[name] || []).forEach(function (waiting) { waiting.resolve(data); });
      delete store.waiting[name];
    }
  };

  /* Index file `name` is coming in `script`: what waits for it is told if it fails to load. */
  function expect(name, script) {
    store.waiting[name] = [];
    script.onerror = function () {
      var error = new Error("无法加载搜索索引 " + name);
      (store.waiting[name] || []).forEach(function (waiting) { waiting.reject(error); });
      delete store.waiting[name];
    };
  }

  /* The index files `names`, loaded with one insertion of their script elements (inserting them
     one by one cost about a millisecond each). */
  function needAll(names) {
    var batch = document.createDocumentFragment();
    var promises = names.map(function (name) {
      if (store.data[name]) return Promise.resolve(store.data[name]);
      return new Promise(function (resolve, reject) {
        if (!store.waiting[name]) {
          var script = document.createElement("script");
          script.src = base + name + ".js";
          expect(name, script);
          batch.appendChild(script);
        }
        store.waiting[name].push({ resolve: resolve, reject: reject });
      });
    });
    if (batch.childNodes.length) document.head.appendChild(batch);
    return Promise.all(promises);
  }

  function need(name) {
    return needAll([name]).then(function (data) { return data[0]; });
  }

  var CODE = new Int8Array(128).fill(-1);
  for (var c = 0; c < ALPHABET.length; c++) CODE[ALPHABET.charCodeAt(c)] = c;

  /* The numbers search_codes.pack wrote, as an Int32Array (counted first: no growing list). */
  function unpack(text) {
    var n = text.length, count = 0, i;
    for (i = 0; i < n; i++) if (CODE[text.charCodeAt(i)] < 32) count++;
    var out = new Int32Array(count), value = 0, scale = 1, k = 0;
    for (i = 0; i < n; i++) {
      var digit = CODE[text.charCodeAt(i)];
      if (digit >= 32) { value += (digit - 32) * scale; scale *= 32; }
      else { out[k++] = value + digit * scale; value = 0; scale = 1; }
    }
    return out;
  }

  function fnv1a(text) {
    var hash = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) {
      var unit = text.charCodeAt(i);
      hash = Math.imul(hash ^ (unit & 0xff), 0x01000193) >>> 0;
      hash = Math.imul(hash ^ (unit >>> 8), 0x01000193) >>> 0;
    }
    return hash >>> 0;
  }

  function termsOf(text) {
    var out = [], runs = text.match(TOKEN) || [];
    runs.forEach(function (run) {
      if (/^[A-Za-z0-9]/.test(run)) out.push(run.toLowerCase());
      else if (run.length === 1) out.push(run);
      else for (var i = 0; i < run.length - 1; i++) out.push(run.substr(i, 2));
    });
    return out;
  }

  var head = null, meta = null, units = null;

  /* head.js: the postings files' layout, synonyms and question words, enough to name the files
     a query needs while meta.js (every unit's length, the documents' facets) is still loading. */
  function prepareHead(data) {
    head = data;
    var questionWords = head.stopWords.slice().sort(function (a, b) { return b.length - a.length; });
    head.questionPattern = new RegExp(questionWords.map(function (w) {
      return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join("|"), "g");
  }

  /* meta.js: the documents' facets and units.  Only per-document work here: a page runs this once
     per query, before its code is optimized, so a loop over every unit (a hundred thousand on a
     large site) would cost more than the ranking; a unit's length is read when it matches. */
  function prepare(data) {
    meta = data;
    var counts = unpack(meta.docUnits), count = meta.units;
    units = { doc: new Int32Array(count), title: new Uint8Array(count),
              first: new Int32Array(counts.length + 1) };  // first[d]: document d's title unit
    for (var d = 0, unit = 0; d < counts.length; unit += counts[d++]) {
      units.first[d] = unit;
      units.title[unit] = 1;
      units.doc.fill(d, unit, unit + counts[d]);
    }
    units.first[counts.length] = count;
  }

  /* A term's postings decoded in one pass over its packed text (unit gaps and tfs alternating,
     search_codes.pack): its units and BM25's tf part for each (the unit's length from
     meta.unitLength, two characters a unit).  The arrays are sized by the text (a posting takes two
     characters at least) and cut to the postings found, so the text is read once: counting the
     postings first took a second pass.  One loop without calls: it runs once per page, mostly
     before the engine optimizes it. */
  function decodeTerm(encoded) {
    var found = new Int32Array(encoded.length >> 1), parts = new Float64Array(encoded.length >> 1);
    var lengths = meta.unitLength, average = meta.avgLength;
    var value = 0, scale = 1, gap = -1, unit = 0, k = 0;
    for (var i = 0, n = encoded.length; i < n; i++) {
      var digit = CODE[encoded.charCodeAt(i)];
      if (digit >= 32) { value += (digit - 32) * scale; scale *= 32; continue; }
      value += digit * scale;
      scale = 1;
      if (gap < 0) { gap = value; value = 0; continue; }
      unit += gap;
      var length = CODE[lengths.charCodeAt(2 * unit)] * 64 + CODE[lengths.charCodeAt(2 * unit + 1)];
      found[k] = unit;
      parts[k++] = value * (K1 + 1) / (value + K1 * (1 - B + B * length / average));
      gap = -1;
      value = 0;
    }
    return { units: found.subarray(0, k), parts: parts.subarray(0, k) };
  }

  /* A decoded term scored at `idf`: each of its units gets idf × its tf part, in `ranking`'s arrays,
     and each document it is in gets its idf once (ranking.cover). */
  function scoreTerm(posting, idf, ranking) {
    var found = posting.units, parts = posting.parts, title = units.title, titleWeight = meta.titleWeight;
    var scores = ranking.scores, matched = ranking.matched, touched = ranking.touched;
    var docOf = units.doc, cover = ranking.cover, last = -1;  // units ascend, so a document's are together
    for (var k = 0, n = found.length; k < n; k++) {
      var unit = found[k], part = parts[k];
      if (!matched[unit]) touched.push(unit);
      if (docOf[unit] !== last) { last = docOf[unit]; cover[last] += idf; }
      scores[unit] += title[unit] ? idf * part * titleWeight : idf * part;
      matched[unit] += idf;
    }
    posting.idf = idf;
    return posting;
  }

  /* The query's terms, each with a weight: question words and punctuation cut the text into
     phrases, each phrase gives its bigrams (weight 1); synonyms of any colloquial word in the query
     add the official terms' bigrams at SYNONYM_WEIGHT, so a mapping widens the question without
     outweighing the citizen's own words. */
  function queryTerms(query) {
    var weights = {}, list = [];
    var add = function (t, w) { if (!(t in weights)) { weights[t] = w; list.push(t); } };
    termsOf(query.replace(head.questionPattern, " ")).forEach(function (t) { add(t, 1); });
    Object.keys(head.synonyms).forEach(function (word) {
      if (query.indexOf(word) >= 0) head.synonyms[word].forEach(function (official) {
        termsOf(official).forEach(function (t) { add(t, SYNONYM_WEIGHT); });
      });
    });
    return list.map(function (t) { return { term: t, weight: weights[t] }; });
  }

  /* The postings files that hold a term (search_index.homes): a CJK bigram ab is in a's file and,
     unless its postings are long (head.single), in b's; a character with many bigrams has files of
     its own (head.heavy), chosen by the other character; anything else is in a file by its hash. */
  function homesOf(term) {
    if (term.length !== 2 || term.charCodeAt(0) < 128) return ["p-" + (fnv1a(term) % head.files).toString(16)];
    var first = home(term.charAt(0), term.charAt(1));
    if (isSingle(term)) return [first];
    var second = home(term.charAt(1), term.charAt(0));
    return second === first ? [first] : [first, second];
  }

  /* Whether bigram `term` is in head.single (bigrams two characters each, one after another): looked
     up where it is, rather than making a set of thousands of bigrams for a query's few. */
  function isSingle(term) {
    for (var at = head.single.indexOf(term); at >= 0; at = head.single.indexOf(term, at + 1)) if (at % 2 === 0) return true;
    return false;
  }

  function home(char, other) {
    var parts = head.heavy[char];
    return parts ? "h" + char.charCodeAt(0).toString(16) + "-" + (fnv1a(other) % parts).toString(16)
      : "p-" + (fnv1a(char) % head.files).toString(16);
  }

  /* The files to load for `terms`: each term's file, or one of its two, chosen so that the files
     are few (each time the file that holds the most terms not yet covered, the first such in the
     query's order); `terms` is the same list for the same query, so the choice is too. */
  function filesFor(terms) {
    var left = terms.map(homesOf), chosen = [];
    while (left.length) {
      var counts = {}, best = null;
      left.forEach(function (names) { names.forEach(function (n) { counts[n] = (counts[n] || 0) + 1; }); });
      left.forEach(function (names) {
        names.forEach(function (n) { if (best === null || counts[n] > counts[best]) best = n; });
      });
      chosen.push(best);
      left = left.filter(function (names) { return names.indexOf(best) < 0; });
    }
    return chosen;
  }

  /* A term's packed postings: its line ("\nterm postings\n") in whichever of its files was loaded, or "". */
  function postingsOf(term) {
    var names = homesOf(term), text = store.data[names[0]] || store.data[names[1]];
    var key = "\n" + term + " ", at = text.indexOf(key);
    if (at < 0) return "";
    var start = at + key.length;
    return text.slice(start, text.indexOf("\n", start));
  }

  function rank(query, options) {
    var wanted = queryTerms(query), terms = wanted.map(function (w) { return w.term; });
    var files = filesFor(terms), arrived = needAll(files);
    var total = meta.units, postings = [], mass = 0;
    var ranking = { scores: new Float64Array(total), matched: new Float64Array(total), touched: [],
                    cover: new Float64Array(meta.docs.count) };
    var missing = false, telling = false, common = Math.max(COMMON_UNITS, COMMON_SHARE * total);
    /* Each term is scored as soon as its file and the terms before it are there: in the query's
       order (so every sum adds up in the same order), while the other files are still arriving. */
    var scored = wanted.reduce(function (before, w) {
      var names = homesOf(w.term), file = files.filter(function (f) { return names.indexOf(f) >= 0; })[0];
      return Promise.all([before, need(file)]).then(function () {
        var encoded = postingsOf(w.term);
        if (!encoded) { missing = missing || w.weight === 1; return; }
        var posting = decodeTerm(encoded), df = posting.units.length;
        telling = telling || df <= common;
        var idf = w.weight * Math.log(1 + (total - df + 0.5) / (df + 0.5));
        mass += idf;
        postings.push(scoreTerm(posting, idf, ranking));
      });
    }, Promise.resolve());
    return Promise.all([scored, arrived]).then(function () {
      var scores = ranking.scores, matched = ranking.matched, touched = ranking.touched;
      /* A unit's score is scaled by the square root of the share of the query's weight it holds
         (COVERAGE 0.5): an article with more of the question's words beats one repeating one word. */
      var count = meta.docs.count, sums = new Float64Array(count), found = [];
      var tops = new Float64Array(count), seconds = new Float64Array(count), thirds = new Float64Array(count);
      for (var t = 0; t < touched.length; t++) {
        var unit = touched[t], doc = units.doc[unit], score = scores[unit] * Math.sqrt(matched[unit] / mass);
        if (!sums[doc]) found.push(doc);
        sums[doc] += score;
        if (score > thirds[doc]) {
          if (score > tops[doc]) { thirds[doc] = seconds[doc]; seconds[doc] = tops[doc]; tops[doc] = score; }
          else if (score > seconds[doc]) { thirds[doc] = seconds[doc]; seconds[doc] = score; }
          else thirds[doc] = score;
        }
      }
      var entries = new Array(count), cover = ranking.cover, results = [], guides = serviceType(query);
      var filtered = options.org || options.type || options.column || options.validity || options.year;
      found.forEach(function (doc) {
        var entry = entries[doc] = { doc: doc, sum: sums[doc], top: tops[doc],
          spread: Math.pow((1 + seconds[doc]) * (1 + thirds[doc]), SPREAD) * Math.exp(COVER * cover[doc] / mass) };
        if (filtered && !passes(doc, options)) return;
        entry.score = (entry.top + SUM_WEIGHT * Math.log(1 + entry.sum)) * entry.spread * meta.docs.weight[doc]
          * (guides >= 0 && meta.docs.type[doc] === guides ? meta.service.boost : 1);
        results.push(entry);
      });
      var pinned = bestBets(query, options), byDate = options.sort === "date";
      results = firstInOrder(results, options.page ? options.page * PAGE_SIZE + pinned.length : results.length,
        byDate ? function (r) { return meta.docs.date[r.doc]; } : function (r) { return r.score; },
        byDate ? function (a, b) { return meta.docs.date[b.doc] - meta.docs.date[a.doc] || b.score - a.score; }
          : function (a, b) { return b.score - a.score || meta.docs.date[b.doc] - meta.docs.date[a.doc] || a.doc - b.doc; });
      if (pinned.length) {
        results = pinned.map(function (doc) {
          return entries[doc] || { doc: doc, score: Infinity };
        }).concat(results.filter(function (r) { return pinned.indexOf(r.doc) < 0; }));
        results.forEach(function (r) { r.pinned = pinned.indexOf(r.doc) >= 0; });
      }
      /* Weak: a word of the question is nowhere on the site and what matched is only words in
         every twentieth unit (的规定, 有关): such results would be noise, so the page says so. */
      return { terms: terms, results: results, postings: postings, weak: missing && !telling && !pinned.length };
    });
  }

  /* `list` with its first `count` entries as a (stable) sort by `compare` puts them and the rest
     after them unordered: `key` is what `compare` orders by first, descending, so an entry whose key
     is below the count-th largest is not among the first `count`.  The page shows only those, and
     sorting every matched document (thousands) with a comparator took about 4% of a query. */
  function firstInOrder(list, count, key, compare) {
    if (list.length <= count) return list.sort(compare);
    var keys = new Float64Array(list.length);
    list.forEach(function (entry, i) { keys[i] = key(entry); });
    var threshold = keys.slice().sort()[list.length - count], top = [], rest = [];
    list.forEach(function (entry, i) { (keys[i] >= threshold ? top : rest).push(entry); });
    return top.sort(compare).concat(rest);
  }

  /* The facet number of 办事指南 when the query asks how to get something done, else -1. */
  function serviceType(query) {
    var service = meta.service;
    if (!service || !service.words.some(function (w) { return query.indexOf(w) >= 0; })) return -1;
    return meta.facets.type.indexOf(service.type);
  }

  function lowerBound(list, value) {
    var lo = 0, hi = list.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (list[mid] < value) lo = mid + 1; else hi = mid; }
    return lo;
  }

  /* The first `shown` sections a result links to, best first.  Within one document a term that is in most of its
     sections (个体工商户 in the 个体工商户条例) tells them apart less than a rare one, so a term is
     weighted mostly by its in-document idf (idf^0.3 × in-document idf^0.7), and a section's score is
     scaled by the square root of the share of that weight it matches: an article that holds more of
     the question's words is more likely its answer.  On the train questions the right article was
     among five shown sections for 0.683 (geometric mean, no share) → 0.686, and among eight for 0.725. */
  function bestSections(doc, state, shown) {
    var first = units.first[doc] + 1, end = units.first[doc + 1], count = end - first;
    var scores = new Map(), matched = new Map(), total = 0;
    state.postings.forEach(function (posting) {
      var lo = lowerBound(posting.units, first), hi = lowerBound(posting.units, end), df = hi - lo;
      if (!df) return;
      var weight = Math.pow(posting.idf, 0.3) * Math.pow(Math.log(1 + (count - df + 0.5) / (df + 0.5)), 0.7);
      total += weight;
      for (var i = lo; i < hi; i++) {
        var unit = posting.units[i];
        scores.set(unit, (scores.get(unit) || 0) + weight * posting.parts[i]);
        matched.set(unit, (matched.get(unit) || 0) + weight);
      }
    });
    var ranked = [];
    scores.forEach(function (score, unit) { ranked.push([score * Math.sqrt(matched.get(unit) / total), unit]); });
    ranked.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    return ranked.slice(0, shown).map(function (pair) { return pair[1] - first; });
  }

  function bestBets(query, options) {
    var pinned = [];
    Object.keys(meta.bestBets).forEach(function (key) {
      if (query.indexOf(key) >= 0) meta.bestBets[key].forEach(function (doc) {
        if (pinned.indexOf(doc) < 0 && passes(doc, options)) pinned.push(doc);
      });
    });
    return pinned;
  }

  function passes(doc, options) {
    var d = meta.docs, f = meta.facets;
    if (options.org && f.org[d.org[doc]] !== options.org) return false;
    if (options.type && f.type[d.type[doc]] !== options.type) return false;
    if (options.column && f.column[d.column[doc]] !== options.column) return false;
    if (options.validity && f.validity[d.validity[doc]] !== options.validity) return false;
    if (options.year && String(d.date[doc]).slice(0, 4) !== options.year) return false;
    return true;
  }

  /* ---------------------------------------------------------------- the page */

  function escapeHtml(text) {
    return String(text).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }

  function highlight(text, terms) {
    var marks = new Array(text.length), wanted = {};
    terms.forEach(function (t) { wanted[t] = true; });
    for (var i = 0; i < text.length; i++) {
      if (wanted[text.substr(i, 2)]) { marks[i] = marks[i + 1] = true; }
      else if (wanted[text.charAt(i)]) marks[i] = true;
    }
    var html = "", start = 0;  // each run of marked or unmarked characters escaped at once
    for (var j = 1; j <= text.length; j++) {
      if (j < text.length && !marks[j] === !marks[start]) continue;
      var piece = escapeHtml(text.slice(start, j));
      html += marks[start] ? "<mark>" + piece + "</mark>" : piece;
      start = j;
    }
    return html;
  }

  /* The results page's HTML and its count of results, once the shown results' details have loaded. */
  function render(state, query, options) {
    if (!state.results.length || (state.weak && !options.all)) {
      return Promise.resolve({ html: nothingFound(state, query, options), count: 0 });
    }
    var page = options.page, results = state.results;
    var shown = results.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    var chunks = {};
    shown.forEach(function (r) { chunks["d-" + meta.docs.chunk[r.doc]] = true; });
    var loading = needAll(Object.keys(chunks));
    // each result's best sections (from the postings) while its details load
    var best = shown.map(function (r, i) {
      var place = Math.min((page - 1) * PAGE_SIZE + i, SECTIONS_SHOWN.length - 1);
      return bestSections(r.doc, state, SECTIONS_SHOWN[place]);
    });
    return loading.then(function () {
      var items = shown.map(function (r, i) {
        var chunk = store.data["d-" + meta.docs.chunk[r.doc]];
        var position = r.doc;
        while (position > 0 && meta.docs.chunk[position - 1] === meta.docs.chunk[r.doc]) position--;
        var detail = JSON.parse(chunk[r.doc - position]);
        var sections = best[i].map(function (n) { return detail.s[n]; });
        var main = sections[0];
        var href = "../" + detail.p + (main && main[0] ? "#" + main[0] : "");
        var info = [detail.n, detail.o, detail.d].filter(Boolean).map(escapeHtml).join(" · ");
        var excerpt = main ? main[2] : (detail.s[0] ? detail.s[0][2] : "");
        var link = function (s, name) {
          return '<a href="../' + escapeHtml(detail.p) + "#" + escapeHtml(s[0]) + '">' + escapeHtml(s[1] || name) + "</a>";
        };
        var subs = sections.slice(1, SECTIONS_WITH_EXCERPT).map(function (s) {
          return "<li>" + link(s, "相关段落") + "：" + highlight(s[2], state.terms) + "</li>";
        }).join("");
        // 其他相关段落 in the document's order (第七百一十一条、第七百二十二条 …), easier to scan than by score
        var also = best[i].slice(SECTIONS_WITH_EXCERPT).sort(function (a, b) { return a - b; }).map(function (n) {
          return link(detail.s[n], detail.s[n][2].slice(0, 16) + "…");
        }).join("、");
        return '<li class="gk-result">' + (r.pinned ? '<span class="gk-badge">推荐</span> ' : "") +
          '<a class="gk-result__title" href="' + escapeHtml(href) + '">' + highlight(detail.t, state.terms) +
          (main && main[1] ? "（" + escapeHtml(main[1]) + "）" : "") + "</a>" +
          '<p class="gk-result__meta">' + info + (detail.v && detail.v !== "有效" ? ' · <span class="gk-badge gk-badge--void">' +
          escapeHtml(detail.v) + "</span>" : "") + "</p>" +
          (excerpt ? '<p class="gk-result__excerpt">' + highlight(excerpt, state.terms) + "…</p>" : "") +
          (subs ? '<ul class="gk-result__more">' + subs + "</ul>" : "") +
          (also ? '<p class="gk-result__also">其他相关段落：' + also + "</p>" : "") + "</li>";
      }).join("");
      var pages = Math.ceil(results.length / PAGE_SIZE);
      return { count: results.length, html:
        '<p class="gk-results__count" role="status">' + "找到 " + results.length + " 条结果" +
        (pages > 1 ? "，第 " + page + "/" + pages + " 页" : "") + "</p>" +
        (items ? '<ol class="gk-results" start="' + ((page - 1) * PAGE_SIZE + 1) + '">' + items + "</ol>" : "") +
        pager(query, options, page, pages) };
    });
  }

  /* “没有找到相关结果” with what to try: shorter phrases of the question, the official word for a
     colloquial one, the search without its filters, the site map; and, when there were only weak
     matches, a link to them. */
  function nothingFound(state, query, options) {
    var href = function (q, extra) {
      var params = new URLSearchParams({ q: q });
      Object.keys(extra || {}).forEach(function (k) { if (extra[k]) params.set(k, extra[k]); });
      return "?" + params.toString();
    };
    var tips = [], phrases = [];
    query.replace(head.questionPattern, " ").split(/[^\u3400-\u4dbf\u4e00-\u9fffA-Za-z0-9]+/).forEach(function (p) {
      if (p && p !== query && phrases.indexOf(p) < 0 && phrases.length < 3) phrases.push(p);
    });
    if (phrases.length) tips.push("换用更短的关键词：" + phrases.map(function (p) {
      return '<a href="' + escapeHtml(href(p)) + '">' + escapeHtml(p) + "</a>";
    }).join("、"));
    var words = Object.keys(head.synonyms);
    if (words.length) tips.push("检查错别字，或改用规范的说法，例如“" + escapeHtml(words[0]) + "”写作“" +
      escapeHtml(head.synonyms[words[0]][0]) + "”");
    if (["org", "type", "column", "year", "validity"].some(function (k) { return options[k]; }))
      tips.push('<a href="' + escapeHtml(href(query)) + '">去掉筛选条件再搜索</a>');
    tips.push('浏览<a href="../sitemap.html">网站地图</a>');
    if (state.results.length) tips.push('仍要查看 <a href="' + escapeHtml(href(query, Object.assign({}, options, { page: 1, all: 1 }))) +
      '">' + state.results.length + " 条相关度较低的结果</a>");
    return '<p class="gk-results__count" role="status">没有找到相关结果</p>' +
      '<div class="gk-results__none"><p>没有与“' + escapeHtml(query) + "”相关的信息。可以试试：</p><ul>" +
      tips.map(function (t) { return "<li>" + t + "</li>"; }).join("") + "</ul></div>";
  }

  function pager(query, options, page, pages) {
    if (pages <= 1) return "";
    var link = function (number, text) {
      var params = new URLSearchParams({ q: query });
      Object.keys(options).forEach(function (k) { if (options[k] && k !== "page") params.set(k, options[k]); });
      params.set("page", number);
      return '<li><a href="?' + escapeHtml(params.toString()) + '"' + (number === page ? ' aria-current="page"' : "") + ">" + text + "</a></li>";
    };
    var html = "";
    if (page > 1) html += link(page - 1, "上一页");
    for (var n = Math.max(1, page - 3); n <= Math.min(pages, page + 3); n++) html += link(n, String(n));
    if (page < pages) html += link(page + 1, "下一页");
    return '<nav class="gk-pagination" aria-label="搜索结果分页"><ul class="gk-pagination__list">' + html + "</ul></nav>";
  }

  /* The filters, filled from meta.js and shown (once). */
  function fillFilters(form, options) {
    var fieldset = form.querySelector("[data-search-filters]");
    if (!fieldset.hidden) return;
    fieldset.hidden = false;
    var f = meta.facets, years = {};
    meta.docs.date.forEach(function (d) { years[String(d).slice(0, 4)] = true; });
    var lists = {
      org: f.org.map(function (id) { return [id, meta.orgNames[id] || id]; }),
      column: f.column.map(function (c) { return [c, c]; }),
      type: f.type.map(function (t) { return [t, t]; }),
      year: Object.keys(years).sort().reverse().map(function (y) { return [y, y + "年"]; }),
      validity: f.validity.map(function (v) { return [v, v]; })
    };
    Object.keys(lists).forEach(function (name) {
      var select = form.elements[name];
      if (!select) return;
      lists[name].forEach(function (pair) {
        var option = document.createElement("option");
        option.value = pair[0];
        option.textContent = pair[1];
        if (options[name] === pair[0]) option.selected = true;
        select.appendChild(option);
      });
      select.addEventListener("change", function () { form.submit(); });
    });
    if (form.elements.sort) {
      form.elements.sort.value = options.sort || "relevance";
      form.elements.sort.addEventListener("change", function () { form.submit(); });
    }
  }

  function start() {
    var container = document.querySelector("[data-search-results]");
    var form = document.querySelector("[data-search-form]");
    if (!container || !form) return;
    base = container.getAttribute("data-search-index") || "index/";
    var params = new URLSearchParams(window.location.search);
    var query = (params.get("q") || "").trim();
    var options = { org: params.get("org") || "", type: params.get("type") || "", column: params.get("column") || "",
                    year: params.get("year") || "", validity: params.get("validity") || "",
                    sort: params.get("sort") || "", page: Math.max(1, parseInt(params.get("page"), 10) || 1),
                    all: params.get("all") === "1" ? 1 : 0 };
    form.elements.q.value = query;
    var started = performance.now(), slow = null;
    /* The page requests head.js and meta.js itself (search.html), while it loads, so that a query
       starts with them on their way; a page without them gets them here, head.js first. */
    ["head", "meta"].forEach(function (name) {
      var script = document.querySelector('script[src="' + base + name + '.js"]');
      if (script && !store.data[name]) expect(name, script);
    });
    var headLoaded = need("head");  // it names the query's postings files, which load beside meta.js
    var metaLoaded = need("meta");
    headLoaded.then(function (data) {
      prepareHead(data);
      if (query) needAll(filesFor(queryTerms(query).map(function (w) { return w.term; }))).catch(function () {});
      return metaLoaded;
    }).then(function (data) {
      prepare(data);
      if (!query) { fillFilters(form, options); container.setAttribute("data-search-state", "idle"); return null; }
      container.setAttribute("data-search-state", "searching");
      /* The page changes once, when the results are drawn: filling the filters and a “searching”
         line before made the browser lay out and paint the page once more in the middle of a query. */
      slow = setTimeout(function () {
        container.innerHTML = '<p class="gk-results__count" role="status">正在搜索…</p>';
      }, SLOW_MS);
      return rank(query, options).then(function (state) { return render(state, query, options); }).then(function (drawn) {
        clearTimeout(slow);
        fillFilters(form, options);
        container.innerHTML = drawn.html;
        container.setAttribute("data-search-state", "done");
        window.gkSearch.last = { query: query, count: drawn.count, ms: performance.now() - started };
      });
    }).catch(function (error) {
      clearTimeout(slow);
      if (meta) fillFilters(form, options);
      container.setAttribute("data-search-state", "error");
      container.innerHTML = '<p class="gk-notice" role="alert">' + escapeHtml(error.message) + "</p>";
    });
  }

  window.gkSearch.rank = function (query, options) { return rank(query, options || {}); };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

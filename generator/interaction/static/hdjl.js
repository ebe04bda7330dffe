/* 留言前先查一查 (政民互动): as a citizen types a question, the answered messages and 常见问题 most like
   it, ranked in the browser with BM25 over Chinese character bigrams (and the site search's synonyms).
   The data come as a classic script (hdjl/xcyc/data.js), so the page also works opened from disk.
   Without JavaScript the form stays hidden and the page links to the 常见问题 and the replies. */
(function () {
  var form = document.querySelector("[data-hdjl-ask]");
  if (!form) return;
  var root = document.documentElement.getAttribute("data-root") || "";
  var box = form.querySelector("textarea");
  var list = form.querySelector("[data-hdjl-suggestions]");
  var count = form.querySelector("[data-hdjl-count]");
  var SHOWN = 8, K1 = 1.2, B = 0.75, TITLE = 2, FAQ_BOOST = 1.2, KEEP = 0.3;
  var CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
  var index = null, timer = null;

  function terms(text) {
    var found = [];
    (text.match(CJK) || []).forEach(function (run) {
      if (run.length === 1) found.push(run);
      for (var i = 0; i + 1 < run.length; i++) found.push(run.slice(i, i + 2));
    });
    return found.concat(text.toLowerCase().match(/[a-z0-9]+/g) || []);
  }

  function build(data) {
    var df = {}, total = 0;
    var docs = data.items.map(function (item) {
      var tf = {}, length = 0;
      [[item[1], TITLE], [item[2], 1]].forEach(function (part) {
        terms(part[0]).forEach(function (t) { tf[t] = (tf[t] || 0) + part[1]; length += part[1]; });
      });
      Object.keys(tf).forEach(function (t) { df[t] = (df[t] || 0) + 1; });
      total += length;
      return { item: item, tf: tf, length: length };
    });
    var stop = data.stopWords.slice().sort(function (a, b) { return b.length - a.length; });
    return { docs: docs, df: df, average: total / Math.max(1, docs.length), synonyms: data.synonyms, stop: stop };
  }

  /* The question's terms (without question words) with weight 1, and those of the official terms its
     colloquial words stand for, weighed so that an official term weighs as much as the word it replaces
     (低保 → 最低生活保障: 5 bigrams of 1/5), each once and only if some question or answer has it. */
  function queryTerms(question) {
    var text = question, weights = {};
    index.stop.forEach(function (word) { text = text.split(word).join(" "); });
    terms(text).forEach(function (t) { weights[t] = 1; });
    Object.keys(index.synonyms).forEach(function (word) {
      if (question.indexOf(word) < 0) return;
      index.synonyms[word].forEach(function (official) {
        var found = terms(official), share = Math.min(1, terms(word).length / found.length);
        found.forEach(function (t) { weights[t] = Math.max(weights[t] || 0, share); });
      });
    });
    return Object.keys(weights).filter(function (t) { return index.df[t]; })
      .map(function (t) { return { term: t, weight: weights[t] }; });
  }

  function rank(question) {
    var wanted = queryTerms(question), n = index.docs.length;
    var typed = wanted.filter(function (w) { return w.weight === 1; }).length;  // terms the citizen typed
    var idf = wanted.map(function (w) { return w.weight * Math.log(1 + (n - index.df[w.term] + 0.5) / (index.df[w.term] + 0.5)); });
    var scored = [];
    index.docs.forEach(function (doc) {
      var score = 0, matched = 0;
      wanted.forEach(function (w, i) {
        var tf = doc.tf[w.term];
        if (!tf) return;
        matched += w.weight;
        score += idf[i] * tf * (K1 + 1) / (tf + K1 * (1 - B + B * doc.length / index.average));
      });
      if (matched >= Math.min(2, typed || 1) && score > 0) {
        scored.push({ doc: doc, score: score * (doc.item[0] === "faq" ? FAQ_BOOST : 1) });
      }
    });
    scored.sort(function (a, b) { return b.score - a.score || (a.doc.item[1] < b.doc.item[1] ? -1 : 1); });
    var best = scored.length ? scored[0].score : 0;
    return scored.filter(function (r) { return r.score >= best * KEEP; }).slice(0, SHOWN);
  }

  function show() {
    var question = box.value.trim();
    list.textContent = "";
    if (!question) { count.textContent = ""; return; }
    var results = rank(question);
    count.textContent = results.length
      ? "找到 " + results.length + " 个相似的问题，先看看是否已有答复："
      : "没有找到相似的问题。可以换个说法，或直接去留言。";
    results.forEach(function (r) {
      var item = r.doc.item;
      var li = document.createElement("li");
      li.className = "gk-hdjl-suggestion";
      var badge = document.createElement("span");
      badge.className = "gk-badge";
      badge.textContent = item[0] === "faq" ? "常见问题" : "已答复留言";
      var link = document.createElement("a");
      link.href = root + item[3];
      link.textContent = item[1];
      var meta = document.createElement("span");
      meta.className = "gk-entry__meta";
      meta.textContent = [item[4], item[5] && "答复于 " + item[5]].filter(Boolean).join(" · ");
      li.appendChild(badge);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(link);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(meta);
      list.appendChild(li);
    });
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); if (index) show(); });
  box.addEventListener("input", function () {
    clearTimeout(timer);
    if (index) timer = setTimeout(show, 120);
  });
  var asked = new URLSearchParams(window.location.search).get("q");
  if (asked) box.value = asked;
  count.textContent = "正在载入已答复的问题…";
  var script = document.createElement("script");
  script.src = form.getAttribute("data-script");
  script.onload = function () {
    index = build(window.GONGKAI_XCYC);
    count.textContent = "";
    show();
  };
  script.onerror = function () { count.textContent = "无法载入已答复的问题，请浏览常见问题和已答复留言。"; };
  document.head.appendChild(script);
})();

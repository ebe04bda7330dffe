// The 规章和规范性文件库's combined query (library/templates/library.html): the documents of an issuer,
// year, validity, 文种 and source (with other platforms' libraries merged in: 一网通查) whose title or
// 文号 holds the words typed.  It reads gfxwjk/data/ (library/query.py): head.js at once, then only
// the postings files of a query's terms and the rows files of the documents it shows, as classic
// scripts, so it also works opened from disk.
(function () {
  "use strict";
  var filter = document.querySelector("[data-library-filter]");
  if (!filter) return;
  var ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var FACET = "\u0001";
  var root = filter.getAttribute("data-root");
  var folder = root + "gfxwjk/data/";
  var results = document.querySelector("[data-library-results]");
  var count = filter.querySelector("[data-library-count]");
  var original = results.innerHTML;
  var issuers = filter.elements.org, sources = filter.elements.source;
  var store = {}, waiting = {}, head = null;

  window.gkLibrary = {
    load: function (name, data) {
      store[name] = data;
      (waiting[name] || []).forEach(function (resolve) { resolve(); });
      delete waiting[name];
    }
  };

  // the files `names` (without .js), their script elements inserted at once
  function need(names) {
    var batch = document.createDocumentFragment();
    var promises = names.map(function (name) {
      if (name in store) return Promise.resolve();
      return new Promise(function (resolve, reject) {
        if (!waiting[name]) {
          waiting[name] = [];
          var script = document.createElement("script");
          script.src = folder + name + ".js";
          script.onerror = function () { reject(new Error(name)); };
          batch.appendChild(script);
        }
        waiting[name].push(resolve);
      });
    });
    if (batch.childNodes.length) document.head.appendChild(batch);
    return Promise.all(promises);
  }

  var CODE = new Int8Array(128).fill(-1);
  for (var c = 0; c < ALPHABET.length; c++) CODE[ALPHABET.charCodeAt(c)] = c;

  // unpack and fnv1a as search.js has them (search_codes.py writes what both read): the library page
  // loads this one script, and from file:// every further script is a request that costs a query time
  // the numbers search_codes.pack wrote
  function unpack(text) {
    var out = [], value = 0, scale = 1;
    for (var i = 0; i < text.length; i++) {
      var digit = CODE[text.charCodeAt(i)];
      if (digit >= 32) { value += (digit - 32) * scale; scale *= 32; }
      else { out.push(value + digit * scale); value = 0; scale = 1; }
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

  // as query.normalized: offsets count as in the index
  function normalized(text) {
    return text.replace(/[\u0000-\u001f\u2028\u2029]/g, " ").replace(/[\ud800-\udbff][\udc00-\udfff]/g, "\ufffd");
  }

  function shard(term) {
    var width = (head.shards - 1).toString(16).length;
    return "p-" + ("0000000" + (fnv1a(term) % head.shards).toString(16)).slice(-width);
  }

  function postings(term) {
    var text = store[shard(term)], at = text.indexOf("\n" + term + "\t");
    if (at < 0) return [];
    at += term.length + 2;
    return unpack(text.slice(at, text.indexOf("\n", at)));
  }

  // the documents of a character or a facet value, in order
  function documents(term) {
    var gaps = postings(term), at = 0;
    for (var i = 0; i < gaps.length; i++) gaps[i] = at += gaps[i];
    return gaps;
  }

  // where the text would start (document × limit + offset) for each place a pair stands `offset` into it
  function starts(term, offset) {
    var gaps = postings(term), out = [], at = 0;
    for (var i = 0; i < gaps.length; i++) {
      at += gaps[i];
      if (at % head.limit >= offset) out.push(at - offset);
    }
    return out;
  }

  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; } else if (a[i] < b[j]) { i++; } else { j++; }
    }
    return out;
  }

  function intersectAll(lists) {
    lists.sort(function (a, b) { return a.length - b.length; });
    return lists.reduce(function (found, list) { return found === null ? list : intersect(found, list); }, null);
  }

  // a text's pairs of characters at offsets 0, 2, 4 … and the last pair: together they cover it
  function offsets(text) {
    var out = [];
    for (var o = 0; o + 2 <= text.length; o += 2) out.push(o);
    if (out[out.length - 1] !== text.length - 2) out.push(text.length - 2);
    return out;
  }

  // the documents whose title or 文号 holds `text`, in order
  function holding(text) {
    if (text.length === 1) return documents(text);
    var keys = intersectAll(offsets(text).map(function (o) { return starts(text.substr(o, 2), o); }));
    var out = [];
    keys.forEach(function (key) {
      var doc = Math.floor(key / head.limit);
      if (out[out.length - 1] !== doc) out.push(doc);
    });
    return out;
  }

  var escape = function (text) {
    return String(text == null ? "—" : text).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  };

  function row(d) {
    // [title, 文号, issuer, published, validity, link, 来源 as shown]
    var source = head.sources.length ? head.shown[d[6]] : "";
    var link = d[5].indexOf("://") < 0 ? "<a href=\"" + escape(root + d[5]) + "\">" + escape(d[0]) + "</a>" :
      "<a href=\"" + escape(d[5]) + "\" rel=\"external\">" + escape(d[0]) +
      '<span class="gk-external" aria-hidden="true">↗</span><span class="gk-visually-hidden">（外部链接：' +
      escape(source && source !== head.sources[0] ? source : head.issuers[d[2]]) + "）</span></a>";
    return "<tr><td>" + link + "</td><td>" + escape(d[1]) + "</td><td>" + escape(head.issuers[d[2]]) + "</td><td>" +
      escape(d[3]) + "</td><td>" + escape(d[4] < 0 ? null : head.validity[d[4]]) + "</td>" +
      (sources ? "<td>" + escape(source) + "</td>" : "") + "</tr>";
  }

  var matches = [], shown = 0, generation = 0, busy = false;

  // the next page of `matches`, once their rows files are loaded
  function more(token) {
    busy = true;
    var next = matches.slice(shown, shown + head.page), files = {};
    next.forEach(function (n) { files["r-" + Math.floor(n / head.rows)] = true; });
    return need(Object.keys(files)).catch(function (error) { busy = false; throw error; }).then(function () {
      busy = false;
      if (token !== generation) return;
      var html = next.map(function (n) { return row(store["r-" + Math.floor(n / head.rows)][n % head.rows]); }).join("");
      if (!shown) {
        results.innerHTML = '<section class="gk-table-wrap" tabindex="0" aria-label="查询结果"><table class="gk-library">' +
          '<thead><tr><th scope="col">标题</th><th scope="col">文号</th><th scope="col">发布机构</th>' +
          '<th scope="col">发布日期</th><th scope="col">有效性</th>' + (sources ? '<th scope="col">来源</th>' : "") +
          "</tr></thead><tbody>" + (html || '<tr><td colspan="' + (sources ? 6 : 5) + '">没有符合条件的文件。</td></tr>') +
          '</tbody></table></section><p><button class="gk-filter__submit" type="button" data-library-more hidden></button></p>';
        count.textContent = "共找到 " + matches.length + " 件文件";
      } else {
        results.querySelector("tbody").insertAdjacentHTML("beforeend", html);
      }
      shown += next.length;
      var button = results.querySelector("[data-library-more]");
      button.hidden = shown >= matches.length;
      button.textContent = "再显示 " + Math.min(head.page, matches.length - shown) + " 件";
    });
  }

  var last = "";
  function apply() {
    var org = issuers.value, year = filter.elements.year.value;
    var validity = filter.elements.validity.value, category = filter.elements.category.value;
    var text = normalized(filter.elements.text.value.trim()), source = sources ? sources.value : "";
    var key = [org, year, validity, category, source, text].join("\u0001");
    if (key === last) return;  // e.g. the change event on blur: re-rendering would swallow a click
    last = key;
    var token = ++generation;
    if (!org && !year && !validity && !category && !source && !text) { results.innerHTML = original; count.textContent = ""; return; }
    var terms = [], known = true;
    [[org, head.issuers, "i"], [validity, head.validity, "v"], [category, head.categories, "c"],
     [source, head.sources, "s"]].forEach(function (facet) {
      if (!facet[0]) return;
      var n = facet[1].indexOf(facet[0]);
      if (n < 0) known = false; else terms.push(FACET + facet[2] + n);
    });
    var pairs = text.length > 1 ? offsets(text).map(function (o) { return text.substr(o, 2); }) : text ? [text] : [];
    var files = {};
    terms.concat(pairs).forEach(function (term) { files[shard(term)] = true; });
    need(Object.keys(files)).then(function () {
      if (token !== generation) return;
      var lists = terms.map(documents);
      if (text) lists.push(holding(text));
      var found = known ? intersectAll(lists) : [];
      var range = year ? head.years.filter(function (y) { return String(y[0]) === year; })[0] || [0, 0, 0] : null;
      if (range && found === null) {
        found = [];
        for (var n = range[1]; n < range[2]; n++) found.push(n);
      } else if (range) {
        found = found.filter(function (n) { return n >= range[1] && n < range[2]; });
      }
      matches = found;
      shown = 0;
      return more(token);
    }).catch(function () {
      if (token === generation) count.textContent = "查询数据未能加载，请使用下方的分类浏览。";
    });
  }

  need(["head"]).then(function () {
    head = store.head;
    // the facet pages name this platform's organizations: other platforms' issuers join the choice here
    var named = {};
    Array.prototype.forEach.call(issuers.options, function (option) { named[option.text] = true; });
    head.issuers.forEach(function (name) {
      if (!named[name]) issuers.appendChild(new Option(name, name));
    });
    filter.hidden = false;
    filter.addEventListener("input", apply);
    filter.addEventListener("change", apply);
    filter.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    results.addEventListener("click", function (event) {
      if (event.target.hasAttribute("data-library-more") && !busy) more(generation);
    });
  });
})();

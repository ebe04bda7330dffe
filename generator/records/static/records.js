/* The combined filter of a records column (progressive enhancement: without this script the
   pre-built pages of each facet value do the job).  Data come as classic scripts, so it also works
   opened from disk: filter.js (each facet value's rows) and rows-N.js (the rows, in chunks), the
   latter loaded only for the rows shown.  In a table with detail pages a row's first cell links to
   the row's own page. */
(function () {
  var form = document.querySelector("[data-records-filter]");
  if (!form) return;
  var key = form.getAttribute("data-records");
  var script = form.getAttribute("data-script");
  var root = document.documentElement.getAttribute("data-root") || "";
  var PAGE = 50;
  var body = document.querySelector("[data-records-rows]");
  var count = form.querySelector("[data-records-count]");
  var more = document.querySelector("[data-records-more]");
  var table, matches = [], shown = 0;

  function load(src, done) {
    var tag = document.createElement("script");
    tag.src = src;
    tag.onload = done;
    document.head.appendChild(tag);
  }
  function decode(gaps) {
    var rows = [], at = -1;
    for (var i = 0; i < gaps.length; i++) { at += gaps[i]; rows.push(at); }
    return rows;
  }
  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; } else if (a[i] < b[j]) { i++; } else { j++; }
    }
    return out;
  }
  function cell(value, first) {
    var node = document.createElement(first ? "th" : "td");
    if (first) node.setAttribute("scope", "row");
    if (Array.isArray(value)) {
      var link = document.createElement("a");
      // a document's page or a web address; a row's own page (detail) is relative to the table's folder
      link.href = value[1].indexOf("://") > 0 ? value[1] : (first && table.detail ? root + key + "/" : root) + value[1];
      link.textContent = value[0];
      node.appendChild(link);
    } else {
      node.textContent = value;
    }
    return node;
  }
  function render(rows) {
    var needed = {};
    rows.forEach(function (n) { needed[Math.floor(n / table.chunk)] = true; });
    var missing = Object.keys(needed).filter(function (c) { return !table.chunks[c]; });
    if (missing.length) {
      var left = missing.length;
      missing.forEach(function (c) {
        load(script.replace(/filter\.js$/, "rows-" + c + ".js"), function () { if (--left === 0) render(rows); });
      });
      return;
    }
    rows.forEach(function (n) {
      var row = table.chunks[Math.floor(n / table.chunk)][n % table.chunk];
      var line = document.createElement("tr");
      row.forEach(function (value, i) { line.appendChild(cell(value, i === 0)); });
      body.appendChild(line);
    });
    shown += rows.length;
    more.hidden = shown >= matches.length;
  }
  function query() {
    matches = null;
    Array.prototype.forEach.call(form.querySelectorAll("select"), function (select, i) {
      if (select.value === "") return;
      var rows = decode(table.facets[i].rows[Number(select.value)]);
      matches = matches === null ? rows : intersect(matches, rows);
    });
    if (matches === null) {
      matches = [];
      for (var n = 0; n < table.count; n++) matches.push(n);
    }
    body.textContent = "";
    shown = 0;
    count.textContent = "符合条件的共 " + matches.length + " 条";
    document.querySelectorAll("[data-records-static]").forEach(function (node) { node.hidden = true; });
    render(matches.slice(0, PAGE));
  }
  load(script, function () {
    table = window.GONGKAI_RECORDS[key];
    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); query(); });
    more.addEventListener("click", function () { render(matches.slice(shown, shown + PAGE)); });
  });
})();

// The 规章和规范性文件库's combined query (library/templates/library.html): filters the documents of
// gfxwjk/library.js, loaded before this script, by organization, year, validity, source (when other
// platforms' libraries are merged in: 一网通查) and words.
(function () {
  "use strict";
  var filter = document.querySelector("[data-library-filter]");
  var library = window.GONGKAI_LIBRARY;
  if (filter && library) {
    var results = document.querySelector("[data-library-results]");
    var count = filter.querySelector("[data-library-count]");
    var original = results.innerHTML;
    var root = filter.getAttribute("data-root");
    var sources = filter.elements.source;
    var local = library.sources ? library.sources[0] : "";
    var escape = function (text) {
      return String(text == null ? "—" : text).replace(/[&<>"]/g, function (c) {
        return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
      });
    };
    // the facet pages name this platform's organizations: other platforms' issuers join the choice here
    var issuers = filter.elements.org;
    var named = {};
    Array.prototype.forEach.call(issuers.options, function (option) { named[option.text] = true; });
    library.documents.forEach(function (d) {
      if (!named[d.issuer]) {
        named[d.issuer] = true;
        issuers.appendChild(new Option(d.issuer, d.issuer));
      }
    });
    var row = function (d) {
      var link = d.path ? "<a href=\"" + escape(root + d.path) + "\">" + escape(d.title) + "</a>" :
        "<a href=\"" + escape(d.url) + "\" rel=\"external\">" + escape(d.title) +
        '<span class="gk-external" aria-hidden="true">↗</span><span class="gk-visually-hidden">（外部链接：' +
        escape(d.source) + "）</span></a>";
      return "<tr><td>" + link + "</td><td>" + escape(d.doc_number) + "</td><td>" + escape(d.issuer) + "</td><td>" +
        escape(d.published) + "</td><td>" + escape(d.validity) + "</td>" +
        (sources ? "<td>" + escape(d.source || local) + "</td>" : "") + "</tr>";
    };
    var last = "";
    var apply = function () {
      var org = issuers.value, year = filter.elements.year.value;
      var validity = filter.elements.validity.value, text = filter.elements.text.value.trim();
      var source = sources ? sources.value : "";
      var key = [org, year, validity, source, text].join("\u0001");
      if (key === last) return;  // e.g. the change event on blur: re-rendering would swallow a click
      last = key;
      if (!org && !year && !validity && !source && !text) { results.innerHTML = original; count.textContent = ""; return; }
      var found = library.documents.filter(function (d) {
        return (!org || d.issuer === org) && (!year || d.published.slice(0, 4) === year) &&
          (!validity || d.validity === validity) && (!source || (d.source || local) === source) &&
          (!text || d.title.indexOf(text) >= 0 || (d.doc_number || "").indexOf(text) >= 0);
      });
      var columns = sources ? 6 : 5;
      results.innerHTML = '<section class="gk-table-wrap" tabindex="0" aria-label="查询结果"><table class="gk-library">' +
        '<thead><tr><th scope="col">标题</th><th scope="col">文号</th><th scope="col">发布机构</th>' +
        '<th scope="col">发布日期</th><th scope="col">有效性</th>' + (sources ? '<th scope="col">来源</th>' : "") +
        "</tr></thead><tbody>" +
        (found.map(row).join("") || '<tr><td colspan="' + columns + '">没有符合条件的文件。</td></tr>') +
        "</tbody></table></section>";
      count.textContent = "共找到 " + found.length + " 件文件";
    };
    filter.hidden = false;
    filter.addEventListener("input", apply);
    filter.addEventListener("change", apply);
    filter.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  }
})();

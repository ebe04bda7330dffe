/* Progressive enhancement only: every page works without this file.
   - 大字版 / 高对比度 switches, remembered across pages (localStorage);
   - a print button on document pages;
   - outage notices re-judged against the reader's clock (built pages say what was true on build day);
   - combined filters in the 规章和规范性文件库 (data from library.js, a classic script that also loads from disk);
   - the service worker, over http(s) only. */
(function () {
  var root = document.documentElement;
  var KEY = "gongkai-prefs";

  function load() {
    try { return JSON.parse(window.localStorage.getItem(KEY) || "{}"); } catch (e) { return {}; }
  }
  function save(prefs) {
    try { window.localStorage.setItem(KEY, JSON.stringify(prefs)); } catch (e) { /* private mode */ }
  }
  var CLASSES = { large: "gk-large", contrast: "gk-contrast" };

  var prefs = load();
  var buttons = document.querySelectorAll("[data-pref]");
  Array.prototype.forEach.call(buttons, function (button) {
    var name = button.getAttribute("data-pref");
    button.setAttribute("aria-pressed", prefs[name] ? "true" : "false");
    button.addEventListener("click", function () {
      prefs = load();
      prefs[name] = !prefs[name];
      save(prefs);
      root.classList.toggle(CLASSES[name], prefs[name]);
      button.setAttribute("aria-pressed", prefs[name] ? "true" : "false");
    });
  });

  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  function moment(text) {  // "YYYY-MM-DD HH:MM" in local time
    var p = text.split(/[- :]/);
    return new Date(+p[0], +p[1] - 1, +p[2], +(p[3] || 0), +(p[4] || 0));
  }
  var now = new Date();
  Array.prototype.forEach.call(document.querySelectorAll("[data-outage-end]"), function (badge) {
    var start = moment(badge.getAttribute("data-outage-start"));
    var end = moment(badge.getAttribute("data-outage-end"));
    var state = now > end ? ["已结束", "void"] : now < start ? ["未开始", "ok"] : ["进行中", "warn"];
    badge.textContent = state[0];
    badge.className = "gk-badge gk-badge--" + state[1];
  });

  // offline after a first visit; on file:// the site works without one
  if ("serviceWorker" in navigator && window.location.protocol.indexOf("http") === 0) {
    navigator.serviceWorker.register(root.getAttribute("data-root") + "sw.js").catch(function () { /* optional */ });
  }

  var filter = document.querySelector("[data-library-filter]");
  var library = window.GONGKAI_LIBRARY;
  if (filter && library) {
    var results = document.querySelector("[data-library-results]");
    var count = filter.querySelector("[data-library-count]");
    var original = results.innerHTML;
    var root = filter.getAttribute("data-root");
    var escape = function (text) {
      return String(text == null ? "—" : text).replace(/[&<>"]/g, function (c) {
        return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
      });
    };
    var last = "";
    var apply = function () {
      var org = filter.elements.org.value, year = filter.elements.year.value;
      var validity = filter.elements.validity.value, text = filter.elements.text.value.trim();
      var key = [org, year, validity, text].join("\u0001");
      if (key === last) return;  // e.g. the change event on blur: re-rendering would swallow a click
      last = key;
      if (!org && !year && !validity && !text) { results.innerHTML = original; count.textContent = ""; return; }
      var found = library.documents.filter(function (d) {
        return (!org || d.issuer === org) && (!year || d.published.slice(0, 4) === year) &&
          (!validity || d.validity === validity) &&
          (!text || d.title.indexOf(text) >= 0 || (d.doc_number || "").indexOf(text) >= 0);
      });
      var rows = found.map(function (d) {
        return "<tr><td><a href=\"" + escape(root + d.path) + "\">" + escape(d.title) + "</a></td><td>" +
          escape(d.doc_number) + "</td><td>" + escape(d.issuer) + "</td><td>" + escape(d.published) +
          "</td><td>" + escape(d.validity) + "</td></tr>";
      }).join("");
      results.innerHTML = '<section class="gk-table-wrap" tabindex="0" aria-label="查询结果"><table class="gk-library">' +
        '<thead><tr><th scope="col">标题</th><th scope="col">文号</th><th scope="col">发布机构</th>' +
        '<th scope="col">发布日期</th><th scope="col">有效性</th></tr></thead><tbody>' +
        (rows || '<tr><td colspan="5">没有符合条件的文件。</td></tr>') + "</tbody></table></section>";
      count.textContent = "共找到 " + found.length + " 件文件";
    };
    filter.hidden = false;
    filter.addEventListener("input", apply);
    filter.addEventListener("change", apply);
    filter.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  }
})();

/* Progressive enhancement only: every page works without this file.
   - 大字版 / 高对比度 switches, remembered across pages (localStorage);
   - a print button on document pages;
   - outage notices re-judged against the reader's clock (built pages say what was true on build day);
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
})();

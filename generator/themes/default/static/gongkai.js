/* Progressive enhancement only: every page works without this file.
   - 大字版 / 高对比度 switches, remembered across pages (localStorage);
   - a print button on document pages;
   - periods (outage notices, consultations: data-period-*) re-judged against the reader's clock (built
     pages say what was true on build day);
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

  // "YYYY-MM-DD" or "YYYY-MM-DD HH:MM" in local time; a period's last day (a date alone) ends at midnight
  function moment(text, ending) {
    var p = text.split(/[- :]/);
    var whole = ending && p.length < 4 ? 1 : 0;
    return new Date(+p[0], +p[1] - 1, +p[2] + whole, +(p[3] || 0), +(p[4] || 0));
  }
  var now = new Date();
  Array.prototype.forEach.call(document.querySelectorAll("[data-period-end]"), function (badge) {
    var labels = (badge.getAttribute("data-period-labels") || "未开始 进行中 已结束").split(" ");
    var start = moment(badge.getAttribute("data-period-start"), false);
    var end = moment(badge.getAttribute("data-period-end"), true);
    var state = now >= end ? [labels[2], "void"] : now < start ? [labels[0], "ok"] : [labels[1], "warn"];
    badge.textContent = state[0];
    badge.className = "gk-badge gk-badge--" + state[1];
  });

  // offline after a first visit; on file:// the site works without one
  if ("serviceWorker" in navigator && window.location.protocol.indexOf("http") === 0) {
    navigator.serviceWorker.register(root.getAttribute("data-root") + "sw.js").catch(function () { /* optional */ });
  }
})();

/* Progressive enhancement only: every page works without this file.
   - 大字版 / 高对比度 switches, remembered across pages (localStorage);
   - a print button on document pages. */
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
})();

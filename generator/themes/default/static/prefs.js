/* Applies the reader's saved display preferences (大字版, 高对比度) before the page paints.
   Loaded as a classic script in <head> so it also runs from file://. */
(function () {
  var root = document.documentElement;
  root.className += " js";
  try {
    var prefs = JSON.parse(window.localStorage.getItem("gongkai-prefs") || "{}");
    if (prefs.large) root.className += " gk-large";
    if (prefs.contrast) root.className += " gk-contrast";
  } catch (e) { /* storage blocked: defaults stay */ }
})();

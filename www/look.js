// Writes the embed snippet of look.html with the look settings from the page's address
// (?theme=…&accent=…&font=…) as data-theme, data-accent and data-font: a playground for them, and
// what the end-to-end tests embed. An organisation writes these attributes into its snippet.
(function () {
  "use strict";
  var meta = function (name) { return document.querySelector("meta[name=" + name + "]").content; };
  var params = new URLSearchParams(window.location.search);
  var script = document.createElement("script");
  script.src = meta("sealdrop-worker") + "/sealdrop.js";
  script.setAttribute("data-fingerprint", meta("sealdrop-fingerprint"));
  ["theme", "accent", "font"].forEach(function (name) {
    if (params.has(name)) script.setAttribute("data-" + name, params.get(name));
  });
  script.async = true;
  document.currentScript.after(script);
})();

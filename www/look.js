// Writes the embed snippet of look.html with the look settings from the page's address
// (?theme=…&accent=…&font=…&lang=…) as data-theme, data-accent, data-font and data-lang: a
// playground for them, and what the end-to-end tests embed. An organisation writes these
// attributes into its snippet. ?pagelang=… sets the page's own lang attribute (the form follows
// it when there is no data-lang).
(function () {
  "use strict";
  var meta = function (name) { return document.querySelector("meta[name=" + name + "]").content; };
  var params = new URLSearchParams(window.location.search);
  var script = document.createElement("script");
  script.src = meta("sealdrop-worker") + "/sealdrop.js";
  script.setAttribute("data-fingerprint", meta("sealdrop-fingerprint"));
  if (params.has("pagelang")) document.documentElement.lang = params.get("pagelang");
  ["theme", "accent", "font", "lang"].forEach(function (name) {
    if (params.has(name)) script.setAttribute("data-" + name, params.get(name));
  });
  script.async = true;
  document.currentScript.after(script);
})();

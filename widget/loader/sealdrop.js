/*! Sealdrop loader: embeds the vulnerability-reporting form in a sandboxed iframe.
 *
 * Pinned (recommended; `cargo xtask build` prints it):
 *   <div id="sealdrop-fallback">…how to report without the form…</div>
 *   <script src="https://REPORTS.EXAMPLE/sealdrop-HASH.js" integrity="sha384-…"
 *           crossorigin="anonymous" data-fallback="sealdrop-fallback" async></script>
 * The build fills in PINS below: the Subresource Integrity hashes of the frame's script (which
 * pins the wasm in turn) and stylesheet, and the fingerprints of the policy's keys. The loader
 * builds the frame's document itself, in a sandbox without `allow-same-origin` (an opaque origin
 * the host page cannot read), and the browser refuses any file whose bytes differ. If anything
 * fails (a changed file, a policy with another key, a host CSP that blocks the form), the form is
 * removed and the fallback shown.
 *
 * Unpinned (`sealdrop.js`): the frame is the worker's /widget/ document; data-fingerprint pins
 * the keys only (comma-separated: the organisation key and any staff keys).
 *
 * data-target="#css-selector" places the form inside that element.
 * data-theme="light|dark|auto" (auto, the default, follows the reporter's system),
 * data-accent="#0b5cad" and data-font="Inter, sans-serif" fit the form to the host site; the
 * frame parses them (shared/src/look.rs) and keeps its own look for a value it cannot use.
 * data-lang="nl" picks the form's language (en, nl, fr or de, among the policy's languages);
 * without it the host page's own lang attribute, then the browser's languages decide.
 */
(function () {
  "use strict";
  var PINS = /*{{PINS}}*/null;
  var READY_TIMEOUT_MS = 60000;
  var script = document.currentScript;
  if (!script || !script.src) {
    console.error("Sealdrop: cannot find its own <script> tag; include the loader with a plain <script src=...> tag.");
    return;
  }
  var origin = new URL(script.src).origin;
  var fallbackId = script.getAttribute("data-fallback");
  var fallback = fallbackId ? document.getElementById(fallbackId) : null;
  var frame = document.createElement("iframe");
  // The look's and the language's settings, passed to the frame as they are (the frame parses
  // them): the script tag's data-* attributes, and the host page's lang as "hostlang".
  var SETTINGS = ["theme", "accent", "font", "lang"];
  function settings() {
    var found = [];
    SETTINGS.forEach(function (name) {
      var value = script.getAttribute("data-" + name);
      if (value !== null) found.push([name, value]);
    });
    var hostLang = document.documentElement.getAttribute("lang");
    if (hostLang) found.push(["hostlang", hostLang]);
    return found;
  }
  var settled = false;
  // Whether the form holds something typed or attached and unsent (the frame says yes or no,
  // nothing more): the host page's tab then asks before it closes, which a sandboxed frame cannot.
  var unsent = false;
  var timer = null;

  // The form failed a check: remove it, say why in the console, and show the fallback (the
  // snippet's own, or a plain message naming the organisation's contact).
  function fail(reason) {
    if (settled) return;
    settled = true;
    if (timer) clearTimeout(timer);
    console.error("Sealdrop: the reporting form was not started: " + reason);
    if (frame.parentNode) frame.parentNode.removeChild(frame);
    if (fallback) {
      fallback.hidden = false;
      fallback.setAttribute("data-sealdrop-failed", reason);
      return;
    }
    var note = document.createElement("p");
    note.className = "sealdrop-fallback";
    note.setAttribute("role", "alert");
    note.setAttribute("data-sealdrop-failed", reason);
    var contact = PINS && PINS.contact ? " Please e-mail " + PINS.contact + " instead." : "";
    note.textContent = "The reporting form could not be loaded safely." + contact;
    place(note);
  }

  function place(element) {
    var selector = script.getAttribute("data-target");
    var target = selector ? document.querySelector(selector) : null;
    if (target) {
      target.appendChild(element);
    } else if (script.parentNode && script.parentNode !== document.head) {
      script.parentNode.insertBefore(element, script.nextSibling);
    } else {
      document.body.appendChild(element);
    }
  }

  function whenReady(run) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
    else run();
  }

  function escapeAttribute(text) {
    return String(text).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // The frame's document when pinned: its own CSP (the host page's applies too), the pinned
  // stylesheet and module, and the settings in the DOM (an opaque origin has no URL to read).
  function pinnedDocument() {
    var o = escapeAttribute(origin);
    var host = window.location.origin && window.location.origin !== "null" ? window.location.origin : "*";
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">" +
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src " + o +
      " 'wasm-unsafe-eval'; style-src " + o + "; connect-src " + o + "; img-src data: blob:; worker-src blob:; " +
      "form-action 'none'; base-uri 'none'\">" +
      "<meta name=\"referrer\" content=\"no-referrer\">" +
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
      "<title>Report a security vulnerability</title>" +
      "<link rel=\"stylesheet\" href=\"" + o + "/widget/assets/" + escapeAttribute(PINS.css.name) +
      "\" integrity=\"" + escapeAttribute(PINS.css.integrity) + "\" crossorigin=\"anonymous\">" +
      "<script type=\"module\" src=\"" + o + "/widget/assets/" + escapeAttribute(PINS.js.name) +
      "\" integrity=\"" + escapeAttribute(PINS.js.integrity) + "\" crossorigin=\"anonymous\"></script>" +
      "</head><body><main id=\"sealdrop\" data-api=\"" + o + "\" data-host=\"" + escapeAttribute(host) +
      "\" data-pins=\"" + escapeAttribute(PINS.fingerprints.join(",")) + "\" data-subkeys=\"" +
      escapeAttribute(PINS.subkeys.join(",")) + "\"" + lookAttributes() + " data-pinned=\"code\">" +
      "<p class=\"sd-loading\" role=\"status\">Loading the reporting form…</p></main></body></html>";
  }

  function lookAttributes() {
    return settings().map(function (setting) {
      return " data-" + setting[0] + "=\"" + escapeAttribute(setting[1]) + "\"";
    }).join("");
  }

  // Before the frame exists: the browser checks the pinned script and stylesheet against their
  // hashes (the script checks the wasm in turn). A changed byte, or a host CSP that blocks the
  // worker's origin, stops here with nothing run.
  function checkPinned() {
    var files = [PINS.js, PINS.css].map(function (file) {
      return fetch(origin + "/widget/assets/" + file.name, { integrity: file.integrity, mode: "cors", credentials: "omit" })
        .then(function (response) {
          if (!response.ok) throw new Error(file.name + ": HTTP " + response.status);
        });
    });
    return Promise.all(files);
  }

  frame.title = script.getAttribute("data-title") || "Report a security vulnerability";
  frame.setAttribute("referrerpolicy", "no-referrer");
  frame.setAttribute("allow", "clipboard-write");
  frame.className = "sealdrop-frame";
  frame.style.width = "100%";
  frame.style.minHeight = "480px";
  frame.style.border = "0";
  frame.style.display = "block";

  window.addEventListener("message", function (event) {
    if (event.source !== frame.contentWindow) return;
    if (event.origin !== (PINS ? "null" : origin)) return;
    var data = event.data;
    if (!data || typeof data.type !== "string") return;
    if (data.type === "sealdrop:resize" && typeof data.height === "number" && data.height > 0 && data.height < 100000) {
      frame.style.height = Math.ceil(data.height) + "px";
      frame.style.minHeight = "0";
    } else if (data.type === "sealdrop:unsent" && typeof data.unsent === "boolean") {
      unsent = data.unsent;
    } else if (data.type === "sealdrop:ready") {
      settled = true;
      if (timer) clearTimeout(timer);
    } else if (data.type === "sealdrop:failed" && PINS) {
      fail(typeof data.reason === "string" ? data.reason.slice(0, 500) : "the form reported a failure");
    }
  });

  window.addEventListener("beforeunload", function (event) {
    if (!unsent) return;
    event.preventDefault();
    event.returnValue = "";
  });

  if (!PINS) {
    var params = new URLSearchParams();
    var pinned = script.getAttribute("data-fingerprint");
    if (pinned) params.set("fpr", pinned.replace(/[^0-9A-Fa-f,]/g, "").toUpperCase());
    params.set("host", window.location.origin);
    settings().forEach(function (setting) {
      params.set(setting[0], setting[1]);
    });
    frame.src = origin + "/widget/?" + params.toString();
    frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-forms allow-downloads");
    if (fallback) fallback.hidden = true;
    whenReady(function () { place(frame); });
    return;
  }

  // Pinned: the loader ran, so its own bytes matched the page's integrity attribute.
  if (fallback) fallback.hidden = true;
  frame.setAttribute("sandbox", "allow-scripts allow-forms allow-downloads");
  whenReady(function () {
    checkPinned().then(function () {
      if (settled) return;
      frame.srcdoc = pinnedDocument();
      place(frame);
      timer = setTimeout(function () { fail("the form did not start within " + READY_TIMEOUT_MS / 1000 + " s"); }, READY_TIMEOUT_MS);
    }, function (error) {
      fail("a file of the form does not match what this page pinned, or this page's Content-Security-Policy blocks " +
        origin + " (allow it in script-src, style-src and connect-src, with worker-src blob: and 'wasm-unsafe-eval'): " + error);
    });
  });
})();

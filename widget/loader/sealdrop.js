/*! Sealdrop loader: embeds the vulnerability-reporting form in a sandboxed iframe.
 *
 *   <script src="https://REPORTS.EXAMPLE/sealdrop.js" data-fingerprint="FPR" async></script>
 *
 * The form runs on Sealdrop's origin, so scripts on the embedding page cannot read what is typed.
 * data-fingerprint pins the organisation's OpenPGP key (and, comma-separated, any staff keys of
 * the policy): if a key served differs or is not pinned, the form refuses to encrypt. data-target="#css-selector" places the form inside that element.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) {
    console.error("Sealdrop: cannot find its own <script> tag; include sealdrop.js with a plain <script src=...> tag.");
    return;
  }
  var origin = new URL(script.src).origin;
  var params = new URLSearchParams();
  var pinned = script.getAttribute("data-fingerprint");
  // One fingerprint, or several separated by commas (the organisation key and its staff keys).
  if (pinned) params.set("fpr", pinned.replace(/[^0-9A-Fa-f,]/g, "").toUpperCase());
  params.set("host", window.location.origin);

  var frame = document.createElement("iframe");
  frame.src = origin + "/widget/?" + params.toString();
  frame.title = script.getAttribute("data-title") || "Report a security vulnerability";
  frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-forms allow-downloads");
  frame.setAttribute("referrerpolicy", "no-referrer");
  frame.setAttribute("allow", "clipboard-write");
  frame.className = "sealdrop-frame";
  frame.style.width = "100%";
  frame.style.minHeight = "480px";
  frame.style.border = "0";
  frame.style.display = "block";

  window.addEventListener("message", function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (data && data.type === "sealdrop:resize" && typeof data.height === "number" && data.height > 0 && data.height < 100000) {
      frame.style.height = Math.ceil(data.height) + "px";
      frame.style.minHeight = "0";
    }
  });

  function place() {
    var selector = script.getAttribute("data-target");
    var target = selector ? document.querySelector(selector) : null;
    if (target) {
      target.appendChild(frame);
    } else if (script.parentNode && script.parentNode !== document.head) {
      script.parentNode.insertBefore(frame, script.nextSibling);
    } else {
      document.body.appendChild(frame);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", place);
  } else {
    place();
  }
})();

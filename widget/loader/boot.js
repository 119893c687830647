// The frame's boot code, appended by `cargo xtask build` to wasm-bindgen's glue (one module, so
// pinning this file pins all of the frame's script). It fetches the wasm with its Subresource
// Integrity hash: a changed byte rejects the fetch, nothing of it runs, and the loader on the host
// page is told so and shows the fallback.
const sealdropWasm = new URL("{{WASM}}", import.meta.url);
const sealdropRoot = document.getElementById("sealdrop");
// The host page's origin as the loader gave it (pinned: in the DOM; unpinned: in the URL), only an
// http(s) origin, as frame.rs reads it; the message carries nothing secret either way.
const sealdropHostGiven = (sealdropRoot && sealdropRoot.dataset.host) || new URLSearchParams(location.search).get("host") || "";
const sealdropHost = /^https?:\/\/[^/]+$/.test(sealdropHostGiven) ? sealdropHostGiven : "*";
__wbg_init({ module_or_path: fetch(sealdropWasm, { integrity: "{{WASM_INTEGRITY}}", mode: "cors", credentials: "omit" }) })
  .catch((error) => {
    if (sealdropRoot) sealdropRoot.textContent = "The reporting form could not be loaded: its code did not pass the integrity check.";
    try {
      window.parent.postMessage({ type: "sealdrop:failed", reason: `the form's wasm failed its integrity check (${error})` }, sealdropHost);
    } catch (_) {
      // No parent to tell.
    }
  });

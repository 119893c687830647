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
const sealdropFetch = (url, options) =>
  fetch(url, { ...options, mode: "cors", credentials: "omit" })
    .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`HTTP ${r.status} for ${url}`))));
// Compiled here, once: the page runs it, and so does the encryption worker below.
const sealdropModule = sealdropFetch(sealdropWasm, { integrity: "{{WASM_INTEGRITY}}" }).then((bytes) => WebAssembly.compile(bytes));
const sealdropCryptoSource = sealdropFetch(new URL("{{CRYPTO}}", import.meta.url), { integrity: "{{CRYPTO_INTEGRITY}}" });
function sealdropFailed(what, error) {
  if (sealdropRoot) sealdropRoot.textContent = "The reporting form could not be loaded: its code did not pass the integrity check.";
  try {
    window.parent.postMessage({ type: "sealdrop:failed", reason: `${what} failed its integrity check (${error})` }, sealdropHost);
  } catch (_) {
    // No parent to tell.
  }
}
__wbg_init({ module_or_path: sealdropModule }).then(
  () => sealdropWorker().catch(() => {}), // started while the reporter types; a failure shows when sending
  (error) => sealdropFailed("the form's wasm", error),
);
sealdropCryptoSource.catch((error) => sealdropFailed("the form's encryption worker", error));

// The encryption worker (widget/src/crypto.rs): wasm-bindgen's glue with widget/loader/crypto.js,
// fetched with the hash below (pinning this file pins it too), started from a `blob:` URL and given
// the module compiled above. A worker that cannot start (a host CSP without `worker-src blob:`)
// rejects every job with `sealdropUnavailable`, and the page encrypts by itself.
let sealdropCrypto = null;
function sealdropWorker() {
  if (!sealdropCrypto) {
    sealdropCrypto = Promise.all([sealdropModule, sealdropCryptoSource])
      .then(([module, source]) => new Promise((resolve, reject) => {
        const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
        const worker = new Worker(url, { name: "sealdrop-encryption" });
        worker.onmessage = ({ data }) => {
          URL.revokeObjectURL(url);
          if (data && data.ready) resolve(worker);
          else reject(new Error(data && data.error ? data.error : "the encryption worker did not start"));
        };
        worker.onerror = (event) => {
          URL.revokeObjectURL(url);
          reject(new Error(`the encryption worker did not start (${event.message || "blocked"})`));
        };
        worker.postMessage({ module });
      }));
    sealdropCrypto.catch(() => { sealdropCrypto = null; });
  }
  return sealdropCrypto;
}
let sealdropJobs = 0;
// Jobs under way, so `sealdropCancel` can end them.
const sealdropWaiting = new Map();
/** Ends every job under way (the reporter cancelled): the worker is stopped and started anew. */
globalThis.sealdropCancel = () => {
  if (sealdropWaiting.size === 0) return;
  const running = sealdropCrypto;
  sealdropCrypto = null;
  if (running) running.then((worker) => worker.terminate(), () => {});
  for (const reject of sealdropWaiting.values()) reject(Object.assign(new Error("cancelled"), { sealdropCancelled: true }));
  sealdropWaiting.clear();
  sealdropWorker().catch(() => {});
};
/** Seals a report in the worker: `job` is `{ policy, draft, files }`; `onStep(name, n, of)`. */
globalThis.sealdropSeal = async (job, onStep) => {
  let worker;
  try {
    worker = await sealdropWorker();
  } catch (error) {
    throw Object.assign(new Error(String(error && error.message ? error.message : error)), { sealdropUnavailable: true });
  }
  const id = ++sealdropJobs;
  return new Promise((resolve, reject) => {
    const done = () => {
      sealdropWaiting.delete(id);
      worker.removeEventListener("message", hear);
      worker.removeEventListener("error", crash);
    };
    sealdropWaiting.set(id, (error) => {
      worker.removeEventListener("message", hear);
      worker.removeEventListener("error", crash);
      reject(error);
    });
    const hear = ({ data }) => {
      if (!data || data.id !== id) return;
      if (data.step) return onStep(data.step, data.n, data.of);
      done();
      if (data.error) reject(new Error(data.error));
      else resolve(data.sealed);
    };
    const crash = (event) => {
      done();
      sealdropCrypto = null;
      worker.terminate();
      reject(new Error(`the encryption worker stopped (${event.message || "out of memory?"})`));
    };
    worker.addEventListener("message", hear);
    worker.addEventListener("error", crash);
    worker.postMessage({ id, job });
  });
};

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
function sealdropFailed(what, error, wipe = true) {
  if (wipe && sealdropRoot) sealdropRoot.textContent = "The reporting form could not be loaded: its code did not pass the integrity check.";
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
// Told before the form is ready, the loader gives up and shows the fallback; later, the form
// refuses to send (`sealdropTampered` below). The form is not wiped from under the reporter.
sealdropCryptoSource.catch((error) => sealdropFailed("the form's encryption worker", error, false));

// The encryption worker (widget/src/crypto.rs): wasm-bindgen's glue with widget/loader/crypto.js,
// fetched with the hash above (pinning this file pins it too), started from a `blob:` URL and given
// the module compiled above. A job that fails stops its worker (no state of it is reused) and the
// next one starts in the background; a worker whose job succeeded serves the next job (stopping
// it at once stalls the page's thread for tens of milliseconds while the report is being sent). A worker that cannot start (a host CSP
// without `worker-src blob:`, or no answer within 20 s) rejects with `sealdropUnavailable`, and the
// page encrypts by itself; a worker script that failed its hash rejects with `sealdropTampered`,
// and nothing is encrypted or sent.
let sealdropCrypto = null;
function sealdropWorker() {
  if (!sealdropCrypto) {
    const starting = Promise.all([sealdropModule, sealdropCryptoSource.catch((error) => {
      throw Object.assign(new Error(`the encryption worker's script failed its integrity check (${error})`), { sealdropTampered: true });
    })]).then(([module, source]) => new Promise((resolve, reject) => {
      const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
      let worker;
      const fail = (why) => {
        clearTimeout(timer);
        URL.revokeObjectURL(url);
        if (worker) worker.terminate();
        reject(new Error(`the encryption worker did not start (${why})`));
      };
      const timer = setTimeout(() => fail("no answer within 20 s"), 20000);
      try {
        worker = new Worker(url, { name: "sealdrop-encryption" });
      } catch (error) {
        fail(error && error.message ? error.message : "blocked");
        return;
      }
      worker.onmessage = ({ data }) => {
        clearTimeout(timer);
        URL.revokeObjectURL(url);
        worker.onmessage = worker.onerror = worker.onmessageerror = null;
        if (data && data.ready) resolve(worker);
        else fail(data && data.error ? data.error : "no ready message");
      };
      worker.onerror = (event) => fail(event.message || "blocked");
      worker.onmessageerror = () => fail("the compiled module could not be handed over");
      worker.postMessage({ module });
    }));
    sealdropCrypto = starting;
    starting.catch(() => {
      if (sealdropCrypto === starting) sealdropCrypto = null;
    });
  }
  return sealdropCrypto;
}
/** Stops the worker that `starting` started and starts the next one in the background. */
function sealdropRetire(starting) {
  if (sealdropCrypto === starting) sealdropCrypto = null;
  starting.then((worker) => worker.terminate(), () => {});
  sealdropWorker().catch(() => {});
}
let sealdropJobs = 0;
// Jobs under way (their reject functions), so `sealdropCancel` can end them.
const sealdropWaiting = new Map();
const sealdropCancelled = () => Object.assign(new Error("cancelled"), { sealdropCancelled: true });
/** Ends every job under way (the reporter cancelled); their worker is stopped. */
globalThis.sealdropCancel = () => {
  for (const reject of sealdropWaiting.values()) reject(sealdropCancelled());
  sealdropWaiting.clear();
};
/** Seals a report in the worker: `job` is `{ policy, draft, files }`; `onStep(name, n, of)`. */
globalThis.sealdropSeal = (job, onStep) => new Promise((resolve, reject) => {
  const id = ++sealdropJobs;
  let settled = false;
  let cleanup = () => {};
  const finish = (error, value) => {
    if (settled) return;
    settled = true;
    sealdropWaiting.delete(id);
    cleanup(Boolean(error));
    if (error) reject(error);
    else resolve(value);
  };
  // Registered before the worker is awaited: a cancel while it starts ends the job too.
  sealdropWaiting.set(id, (error) => finish(error));
  const starting = sealdropWorker();
  starting.then((worker) => {
    if (settled) return;
    const hear = ({ data }) => {
      if (!data || data.id !== id) return;
      if (data.step) return onStep(data.step, data.n, data.of);
      finish(data.error ? new Error(data.error) : null, data.sealed);
    };
    const crash = (event) => finish(new Error(`the encryption worker stopped (${event.message || "out of memory?"})`));
    worker.addEventListener("message", hear);
    worker.addEventListener("error", crash);
    cleanup = (failed) => {
      worker.removeEventListener("message", hear);
      worker.removeEventListener("error", crash);
      if (failed) sealdropRetire(starting);
    };
    worker.postMessage({ id, job });
  }, (error) => {
    const tampered = Boolean(error && error.sealdropTampered);
    finish(Object.assign(new Error(String(error && error.message ? error.message : error)), tampered ? { sealdropTampered: true } : { sealdropUnavailable: true }));
  });
});

// The frame's boot code, appended by `cargo xtask build` to wasm-bindgen's glue for the form's
// module (so pinning this file pins all of the frame's script). It fetches the form's wasm with
// its Subresource Integrity hash: a changed byte rejects the fetch, nothing of it runs, and the
// loader on the host page is told so and shows the fallback. It carries the hashes of the
// encryption module too (its wasm and its script), fetched when the form first asks for a job.
const sealdropWasm = new URL("{{WASM}}", import.meta.url);
const sealdropRoot = document.getElementById("sealdrop");
// The host page's origin as the loader gave it (pinned: in the DOM; unpinned: in the URL), only an
// http(s) origin, as frame.rs reads it; the message carries nothing secret either way.
const sealdropHostGiven = (sealdropRoot && sealdropRoot.dataset.host) || new URLSearchParams(location.search).get("host") || "";
const sealdropHost = /^https?:\/\/[^/]+$/.test(sealdropHostGiven) ? sealdropHostGiven : "*";
const sealdropFetch = (url, options) =>
  fetch(url, { ...options, mode: "cors", credentials: "omit" })
    .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`HTTP ${r.status} for ${url}`))));
function sealdropFailed(what, error, wipe = true) {
  if (wipe && sealdropRoot) sealdropRoot.textContent = "The reporting form could not be loaded: its code did not pass the integrity check.";
  try {
    window.parent.postMessage({ type: "sealdrop:failed", reason: `${what} failed its integrity check (${error})` }, sealdropHost);
  } catch (_) {
    // No parent to tell.
  }
}
__wbg_init({ module_or_path: sealdropFetch(sealdropWasm, { integrity: "{{WASM_INTEGRITY}}" }) }).catch(
  (error) => sealdropFailed("the form's wasm", error),
);

// The encryption module (widget/src/bin/sealdrop-crypto.rs, widget/loader/crypto.js): its wasm,
// compiled here, and its script, each fetched once with the hash above (pinning this file pins
// them too). A changed byte rejects with `sealdropTampered`: nothing is checked, encrypted or sent,
// and the loader is told (before the form is ready it shows the fallback; the form is not wiped
// from under the reporter).
const sealdropCryptoUrl = new URL("{{CRYPTO}}", import.meta.url);
let sealdropCryptoCode = null;
function sealdropCrypto() {
  if (!sealdropCryptoCode) {
    const tampered = (what) => (error) => {
      sealdropFailed(what, error, false);
      throw Object.assign(new Error(`${what} failed its integrity check (${error})`), { sealdropTampered: true });
    };
    sealdropCryptoCode = Promise.all([
      sealdropFetch(new URL("{{CRYPTO_WASM}}", import.meta.url), { integrity: "{{CRYPTO_WASM_INTEGRITY}}" })
        .then((bytes) => WebAssembly.compile(bytes))
        .catch(tampered("the encryption module's wasm")),
      sealdropFetch(sealdropCryptoUrl, { integrity: "{{CRYPTO_INTEGRITY}}" }).catch(tampered("the encryption module's script")),
    ]);
  }
  return sealdropCryptoCode;
}

// The Web Worker the jobs run in, started from a `blob:` URL of the module's script and given the
// module compiled above. A job that trapped in the wasm (a panic: its state may be broken), crashed
// the worker or was cancelled stops its worker, and the next one starts in the background; the
// other jobs on it end with an error rather than wait for ever. A job that answered an error (a
// refused key, an undecryptable message) leaves it serving the next job, as one that succeeded
// does (stopping a worker at once stalls the page's thread for tens of milliseconds). A worker
// that cannot start (a host CSP without `worker-src blob:`, or no answer within 20 s) rejects with
// `sealdropUnavailable`, and the job runs on the page (`sealdropOnPage`).
let sealdropStarted = null;
function sealdropWorker() {
  if (!sealdropStarted) {
    const starting = sealdropCrypto().then(([module, source]) => new Promise((resolve, reject) => {
      const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
      let worker;
      const fail = (why) => {
        clearTimeout(timer);
        URL.revokeObjectURL(url);
        if (worker) worker.terminate();
        reject(Object.assign(new Error(`the encryption worker did not start (${why})`), { sealdropUnavailable: true }));
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
    sealdropStarted = starting;
    starting.catch(() => {
      if (sealdropStarted === starting) sealdropStarted = null;
    });
  }
  return sealdropStarted;
}
// The jobs under way on each worker (their `finish`), so stopping a worker ends them.
const sealdropOnWorkers = new WeakMap();
function sealdropOnWorker(worker) {
  if (!sealdropOnWorkers.has(worker)) sealdropOnWorkers.set(worker, new Set());
  return sealdropOnWorkers.get(worker);
}
/** Stops the worker that `starting` started and starts the next one in the background. */
function sealdropRetire(starting) {
  if (sealdropStarted === starting) sealdropStarted = null;
  starting.then((worker) => {
    worker.terminate();
    for (const stop of sealdropOnWorker(worker)) stop(new Error("the encryption worker was stopped"));
  }, () => {});
  sealdropWorker().catch(() => {});
}

// Where no worker can start: the module's script on the page, by a `<script>` with its hash (the
// frame's CSP allows the worker's origin), run with the module compiled above. Said once in the
// console; a report in parts is never sealed here.
let sealdropPage = null;
function sealdropOnPage(why) {
  if (!sealdropPage) {
    console.warn(`Sealdrop: encrypting on the page, without a worker (${why})`);
    sealdropPage = sealdropCrypto().then(([module]) => new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = sealdropCryptoUrl.href;
      script.integrity = "{{CRYPTO_INTEGRITY}}";
      script.crossOrigin = "anonymous";
      script.onload = () => {
        try {
          resolve(globalThis.sealdropCryptoStart(module));
        } catch (error) {
          reject(error);
        }
      };
      script.onerror = () => reject(Object.assign(new Error("the encryption module's script did not load on the page"), { sealdropTampered: true }));
      document.head.appendChild(script);
    }));
    sealdropPage.catch(() => {
      sealdropPage = null;
    });
  }
  return sealdropPage;
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
/**
 * Runs a job of the encryption module (widget/src/crypto.rs is the caller): `job` is `{ kind,
 * input, files }`, `onStep(name, n, of)` hears its steps. Resolves `{ value, place }`, where it ran
 * being `worker` or `page`.
 */
globalThis.sealdropRun = (job, onStep) => new Promise((resolve, reject) => {
  const id = ++sealdropJobs;
  let settled = false;
  let cleanup = () => {};
  const finish = (error, value) => {
    if (settled) return;
    settled = true;
    sealdropWaiting.delete(id);
    cleanup(Boolean(error && (error.sealdropTrapped || error.sealdropCrashed || error.sealdropCancelled)));
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
      finish(data.error ? Object.assign(new Error(data.error), { sealdropTrapped: Boolean(data.trapped) }) : null, { value: data.value, place: "worker" });
    };
    const crash = (event) => finish(Object.assign(new Error(`the encryption worker stopped (${event.message || "out of memory?"})`), { sealdropCrashed: true }));
    const jobs = sealdropOnWorker(worker);
    jobs.add(finish);
    worker.addEventListener("message", hear);
    worker.addEventListener("error", crash);
    cleanup = (failed) => {
      jobs.delete(finish);
      worker.removeEventListener("message", hear);
      worker.removeEventListener("error", crash);
      if (failed) sealdropRetire(starting);
    };
    worker.postMessage({ id, job });
  }, (error) => {
    if (settled) return;
    if (!error.sealdropUnavailable) return finish(error);
    if (job.kind === "sealUpload") return finish(error);
    sealdropOnPage(error.message).then((run) => run(job, onStep)).then(
      (value) => finish(null, { value, place: "page" }),
      (failure) => finish(failure),
    );
  });
});

// The encryption module's entry, appended by `cargo xtask build` to wasm-bindgen's classic-script
// glue (`wasm_bindgen`) for the encryption module (widget/src/bin/sealdrop-crypto.rs). A classic
// script: Chromium starts no module worker from a `blob:` URL in an opaque origin. In the frame's
// Web Worker, the frame posts the module it compiled from bytes it checked against their hash,
// then jobs; the worker posts their steps and answers. Where no worker can start, the frame loads
// this same script on the page (with its hash) and runs the jobs through `sealdropCryptoStart`.
const sealdropJobNames = ["checkKeys", "sealReport", "sealUpload", "readMessage", "sealMessage"];

/** Runs one job, `{ kind, input, files }`: its answer, with a report's ciphertext as a Blob. */
function sealdropCryptoJob(job, onStep) {
  if (!sealdropJobNames.includes(job.kind)) throw new Error(`no such job: ${job.kind}`);
  const answer = wasm_bindgen[job.kind](job.input, job.files, onStep);
  if (job.kind === "sealReport") {
    // A Blob: the page posts it without copying it on its own thread.
    return { armored: new Blob([answer.armored], { type: "application/pgp-encrypted" }), channel: answer.channel };
  }
  return answer;
}

if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope) {
  self.onmessage = ({ data }) => {
    if (data.module) {
      try {
        wasm_bindgen.initSync({ module: data.module });
        self.postMessage({ ready: true });
      } catch (error) {
        self.postMessage({ error: `the encryption worker could not start: ${error}` });
      }
      return;
    }
    const { id, job } = data;
    const onStep = (step, n, of) => self.postMessage({ id, step, n, of });
    try {
      self.postMessage({ id, value: sealdropCryptoJob(job, onStep) });
    } catch (error) {
      // A trap (a panic in the wasm) may leave the module's state broken: the frame stops this worker.
      const trapped = error instanceof WebAssembly.RuntimeError;
      self.postMessage({ id, error: String(error && error.message ? error.message : error), trapped });
    }
  };
} else {
  /**
   * On the page: starts the module and answers the job runner. The page has no `FileReaderSync`:
   * files are read here first, and a report in parts is never sealed here (it would hold every
   * file at once).
   */
  globalThis.sealdropCryptoStart = (module) => {
    wasm_bindgen.initSync({ module });
    return async (job, onStep) => {
      if (job.kind === "sealUpload") throw new Error("a report in parts needs the encryption worker");
      const files = [];
      for (const [n, file] of job.files.entries()) {
        onStep("reading", n, job.files.length);
        files.push({ name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) });
      }
      // A frame for the progress bar before the long synchronous step.
      await new Promise((resolve) => setTimeout(resolve, 16));
      return sealdropCryptoJob({ ...job, files }, onStep);
    };
  };
}

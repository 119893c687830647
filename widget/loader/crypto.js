// The encryption worker's entry, appended by `cargo xtask build` to wasm-bindgen's classic-script
// glue (`wasm_bindgen`) for the frame's wasm, so the same module runs here (widget/src/crypto.rs
// `sealReport`). A classic script: Chromium starts no module worker from a `blob:` URL in an
// opaque origin. The frame posts the module it compiled from bytes it checked against their hash,
// then one job per report; the worker posts its steps and the sealed report (a Blob, not a copy).
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
    if (job.upload) {
      // Too large for one request: read, encrypted and sent in parts here; the page completes it.
      const sealed = wasm_bindgen.sealUpload(job.policy, job.draft, job.files, job.upload, onStep);
      self.postMessage({ id, sealed: { upload: sealed.upload, channel: sealed.channel } });
      return;
    }
    const sealed = wasm_bindgen.sealReport(job.policy, job.draft, job.files, onStep);
    // A Blob: the page posts it without copying it on its own thread.
    const armored = new Blob([sealed.armored], { type: "application/pgp-encrypted" });
    self.postMessage({ id, sealed: { armored, channel: sealed.channel } });
  } catch (error) {
    self.postMessage({ id, error: String(error && error.message ? error.message : error) });
  }
};

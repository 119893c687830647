// Entry module for wrangler, written by `cargo xtask build` (instead of worker-build, which
// downloads tools at run time). wrangler bundles it; `index_bg.wasm` arrives as a compiled
// WebAssembly.Module and is instantiated synchronously once per isolate.
import wasmModule from "./index_bg.wasm";
import { initSync, fetch as wasmFetch, scheduled as wasmScheduled } from "./index.js";

initSync({ module: wasmModule });

export default {
  fetch(request, env, ctx) {
    return wasmFetch(request, env, ctx);
  },
  scheduled(event, env, ctx) {
    return wasmScheduled(event, env, ctx);
  },
};

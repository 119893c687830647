// A stand-in for whoever controls the worker deployment: an HTTP proxy in front of the real local
// stack that can change any answer (one byte of the wasm, one more key in the policy) before the
// browser or the CLI sees it. Everything else passes through unchanged.
import { createServer } from "node:http";
import { createHash } from "node:crypto";

const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding", "host"]);

/**
 * Starts a proxy to `target` (an origin). `rewrite({ method, path, status, headers, body })` may
 * return (or resolve to) a new body (a Buffer), or undefined to pass the answer through.
 * Returns `{ origin, hits, close }`; `hits` lists every `METHOD path` that reached the proxy.
 */
export async function tamperingProxy(target, rewrite = () => undefined) {
  const hits = [];
  const server = createServer(async (req, res) => {
    try {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      const body = Buffer.concat(chunks);
      hits.push(`${req.method} ${req.url}`);
      const headers = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (!HOP_BY_HOP.has(name)) headers[name] = value;
      }
      const answer = await fetch(target + req.url, {
        method: req.method,
        headers,
        body: ["GET", "HEAD"].includes(req.method) ? undefined : body,
        redirect: "manual",
      });
      let out = Buffer.from(await answer.arrayBuffer());
      const answerHeaders = {};
      answer.headers.forEach((value, name) => {
        if (!HOP_BY_HOP.has(name)) answerHeaders[name] = value;
      });
      const changed = await rewrite({ method: req.method, path: req.url, status: answer.status, headers: answerHeaders, body: out });
      if (changed !== undefined) out = changed;
      answerHeaders["content-length"] = String(out.length);
      res.writeHead(answer.status, answerHeaders);
      res.end(out);
    } catch (e) {
      res.writeHead(502, { "content-type": "text/plain" });
      res.end(`proxy: ${e}`);
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    hits,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}

// ---- What the tampering tests share (Chromium's pinned.test.mjs, Firefox's firefox.test.mjs). ----

/** The pinned snippet exactly as the demo page (and `cargo xtask build`) writes it. */
export async function pinnedSnippet(demo) {
  const page = await (await fetch(`${demo}/pinned.html`)).text();
  const start = page.indexOf('<div id="sealdrop-fallback"');
  const end = page.indexOf("</script>", start) + "</script>".length;
  if (!(start > 0 && end > start)) throw new Error("the demo page carries no pinned snippet");
  return page.slice(start, end);
}

/**
 * Serves a host page (another origin, with the strict CSP the README asks of embedding pages)
 * whose body is `body`; `origin` is the reporting server it embeds from. `workers: false` leaves
 * `worker-src blob:` out, as a host that forbids workers would.
 */
export async function hostPage(body, origin, { workers = true } = {}) {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title></head><body><main>${body}</main></body></html>`;
  const csp = `default-src 'self'; script-src 'self' ${origin} 'wasm-unsafe-eval'; frame-src ${origin}; style-src 'self' ${origin}; ` +
    `img-src 'self' data: blob:; connect-src 'self' ${origin}; ${workers ? "worker-src blob:; " : ""}base-uri 'none'; object-src 'none'`;
  const server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-security-policy": csp, "cache-control": "no-store" });
    res.end(html);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}

export const WASM_PATH = /^\/widget\/assets\/sealdrop_widget-[0-9a-f]+\.wasm$/;
export const JS_PATH = /^\/widget\/assets\/widget-[0-9a-f]+\.js$/;
export const CSS_PATH = /^\/widget\/assets\/widget-[0-9a-f]+\.css$/;
/** The encryption module's script (wasm-bindgen's glue and `widget/loader/crypto.js`). */
export const CRYPTO_PATH = /^\/widget\/assets\/widget-crypto-[0-9a-f]+\.js$/;
/** The encryption module's wasm (`widget/src/bin/sealdrop-crypto.rs`). */
export const CRYPTO_WASM_PATH = /^\/widget\/assets\/sealdrop_crypto-[0-9a-f]+\.wasm$/;
export const HEADING = Buffer.from("Report a vulnerability to ");
export const TAMPERED = Buffer.from("Xeport a vulnerability to ");

/** One byte changed, in the middle (whatever the file). */
export function tamperByte(body) {
  const changed = Buffer.from(body);
  changed[changed.length >> 1] ^= 0x01;
  return changed;
}

/** The encryption module's script changed into other valid code. */
export function tamperCrypto(body) {
  const text = body.toString("utf8");
  const at = "initSync({ module: data.module });";
  if (!text.includes(at)) throw new Error("the encryption worker's script does not start the module as expected");
  return Buffer.from(text.replace(at, `${at} self.tampered = 1;`));
}

/** The wasm with one byte changed inside the heading's text: still valid, still runs. */
export function tamperWasm(body) {
  const at = body.indexOf(HEADING);
  if (at < 0) throw new Error("the wasm does not carry the heading text");
  const out = Buffer.from(body);
  out[at] = TAMPERED[0];
  return out;
}

export const sri = (bytes) => `sha384-${createHash("sha384").update(bytes).digest("base64")}`;

/**
 * The unpinned controls embed from a page the policy does not list for `frame-ancestors`; a
 * deployment sets its own headers, so the proxy lets the unpinned frame be embedded anywhere.
 */
export const anyAncestor = (rewrite) => async (answer) => {
  const csp = answer.headers["content-security-policy"];
  if (csp) answer.headers["content-security-policy"] = csp.replace(/frame-ancestors [^;]*/, "frame-ancestors *");
  return rewrite(answer);
};


// A stand-in for whoever controls the worker deployment: an HTTP proxy in front of the real local
// stack that can change any answer (one byte of the wasm, one more key in the policy) before the
// browser or the CLI sees it. Everything else passes through unchanged.
import { createServer } from "node:http";

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

// Why the end-to-end helpers never block the event loop (lib.mjs `run`), shown deterministically.
//
// fetch keeps idle connections to a server in a pool. When the server closes an idle kept-alive
// connection, the pool only learns of it when the event loop runs. A synchronous child process
// (execFileSync, spawnSync) that outlasts the server's keep-alive timeout blocks the loop across
// the close, so the next fetch is written to the dead socket and fails with "other side closed".
// That is how `wrangler d1 execute` (seconds on a cold machine) broke the reminders test. Here a
// server in another process answers like the local runtime (no `Keep-Alive` hint, so fetch keeps
// the socket for its default 4 s) and closes a connection 200 ms after its last answer; a child
// process runs for 1 s between fetches on a reused socket: blocking, the next fetch fails every
// time; through `run`, it succeeds every time.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { run, ROOT } from "./lib.mjs";

const SERVER = `
  const server = require("node:net").createServer((socket) => {
    let idle;
    socket.on("data", () => {
      clearTimeout(idle);
      socket.write("HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\nContent-Type: text/plain\\r\\n\\r\\nok");
      idle = setTimeout(() => socket.end(), 200);
    });
    socket.on("error", () => {});
  });
  server.listen(0, "127.0.0.1", () => console.log(server.address().port));
`;
const TRIALS = 3;

let server;
let url;
before(async () => {
  server = spawn(process.execPath, ["-e", SERVER], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise((resolve) => server.stdout.once("data", (d) => resolve(String(d).trim())));
  url = `http://127.0.0.1:${port}/`;
});
after(() => server.kill());

async function get() {
  const response = await fetch(url);
  return response.text();
}

/** Two answers on one kept-alive connection, as in a test that has talked to the worker. */
async function warm() {
  assert.equal(await get(), "ok");
  assert.equal(await get(), "ok");
}

test("control: a blocking child process across the server's idle close breaks the next fetch", async () => {
  for (let i = 0; i < TRIALS; i++) {
    await warm();
    execFileSync("sleep", ["1"]);
    await assert.rejects(get(), (e) => /other side closed/.test(String(e.cause?.message ?? e.message)), `trial ${i}`);
  }
});

test("run() keeps the event loop turning, so the next fetch finds a live connection", async () => {
  for (let i = 0; i < TRIALS; i++) {
    await warm();
    const slept = await run("sleep", ["1"]);
    assert.equal(slept.status, 0);
    assert.equal(await get(), "ok", `trial ${i}`);
  }
});

test("no other end-to-end test blocks the event loop on a child process", () => {
  const dir = join(ROOT, "tests", "e2e");
  for (const name of readdirSync(dir).filter((f) => f.endsWith(".mjs") && f !== "keepalive.test.mjs")) {
    const source = readFileSync(join(dir, name), "utf8").split("\n").filter((l) => !l.trim().startsWith("*") && !l.trim().startsWith("//"));
    for (const call of ["execFileSync(", "spawnSync(", "execSync("]) {
      assert.ok(!source.some((l) => l.includes(call)), `${name} calls ${call}: use run() from lib.mjs`);
    }
  }
});

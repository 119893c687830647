// `cargo xtask bench`, the browser half: what the widget costs and how fast it sends, next to
// OpenPGP.js (npm `openpgp`, pinned in package.json) doing the same job in the same browser, in the
// same run. Measured, never asserted. One run of this script measures one stack (one policy, so
// one kind of key); it writes its figures as JSON to SEALDROP_BENCH_OUT, and `report.mjs` turns
// the runs into BENCHMARKS.md.
//
// - bytes: every response from the worker's origin (the loader, the frame's files, the policy,
//   the challenge) until the form can be typed into ("first view") and until a report is sent
//   ("submission"), raw and as gzip and brotli would carry them; OpenPGP.js's build likewise.
// - time to an interactive form: navigation to a typed character in the title field, cold cache
//   (a fresh browser context each run), pinned and unpinned embeds.
// - click to sent: Sealdrop through its form (from the form's submit event to the request starting,
//   "encrypt", and to its answer's end, "sent", on the frame's clock like OpenPGP.js's page); OpenPGP.js encrypting the same attachment bytes to the same keys,
//   armored, then posting them to the same endpoint with a proof of work ("encrypt", "sent").
// - the longest main-thread task during each (Long Tasks API, observed in every frame).
// - workerd's CPU per submission: the stack's workerd processes' user + system time across
//   submissions posted straight to the API, small and large, so size dependence shows.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { join } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import { POW_HEADER, solution } from "../e2e/pow.mjs";
import * as openpgp from "openpgp";
import { launch } from "../e2e/browser.mjs";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this through \`cargo xtask bench\``);
  return value;
};
const WORKER = env("SEALDROP_WORKER");
const DEMO = env("SEALDROP_DEMO");
const POLICY = JSON.parse(readFileSync(env("SEALDROP_POLICY_JSON"), "utf8"));
const KEY_KIND = env("SEALDROP_BENCH_KEY");
const OUT = env("SEALDROP_BENCH_OUT");
const PGID = Number(env("SEALDROP_STACK_PGID"));
const PAGES = (process.env.SEALDROP_BENCH_PAGES ?? "1") === "1";
const RUNS = Number(process.env.SEALDROP_BENCH_RUNS ?? 3);
const ROOT = join(import.meta.dirname, "..", "..");
const OPENPGP_BUILD = join(ROOT, "node_modules", "openpgp", "dist", "openpgp.min.mjs");
const OPENPGP_VERSION = JSON.parse(readFileSync(join(ROOT, "node_modules", "openpgp", "package.json"), "utf8")).version;
const ARMORED_KEYS = [POLICY.public.key.armored, ...(POLICY.public.staff_keys ?? []).map((k) => k.armored)];
const KIB = 1024;
const MIB = 1024 * KIB;
const SIZES = [KIB, 10 * MIB];
/** Reports sent in parts (more than 10 MiB of files): memory, main thread and throughput. */
const BIG = [30 * MIB, 100 * MIB];
const LIMIT = POLICY.public.attachments.max_total_bytes;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const log = (line) => process.stderr.write(`bench[${KEY_KIND}]: ${line}\n`);

/** Raw, gzip and brotli sizes of a list of bodies. */
function sizes(bodies) {
  const out = { raw: 0, gzip: 0, brotli: 0, files: bodies.length };
  for (const b of bodies) {
    out.raw += b.length;
    out.gzip += gzipSync(b, { level: 9 }).length;
    out.brotli += brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return out;
}

// Long tasks (the Long Tasks API) and stalls (a 10 ms heartbeat that comes late: it also sees
// blocking the Long Tasks API does not count as a task), recorded in every frame (Playwright runs
// init scripts in child frames too, the sandboxed srcdoc frame included, outside its CSP).
const LONG_TASKS = `
  window.__sdLong = [];
  window.__sdStall = 0;
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__sdLong.push(e.duration); })
      .observe({ type: "longtask", buffered: true });
  } catch {}
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    window.__sdStall = Math.max(window.__sdStall, now - last - 10);
    last = now;
  }, 10);
`;
// When a form was submitted, on the frame's clock (the click-to-sent figures start there).
const SUBMIT_TIME = `document.addEventListener("submit", () => { window.__sdSubmitAt = performance.now(); }, true);`;
const resetLongTasks = (page) => Promise.all(page.frames().map((f) => f.evaluate(() => { window.__sdLong = []; window.__sdStall = 0; }).catch(() => {})));
/** The longest task and the longest stall since the last reset, over all frames. */
async function longestTask(page) {
  const all = await Promise.all(page.frames().map((f) => f.evaluate(() => [window.__sdLong ?? [], window.__sdStall ?? 0]).catch(() => [[], 0])));
  return { task: Math.max(0, ...all.flatMap(([tasks]) => tasks)), stall: Math.max(0, ...all.map(([, stall]) => stall)) };
}

/** A fresh context whose worker-origin responses are collected. */
async function recordedPage(browser) {
  const context = await browser.newContext();
  await context.addInitScript(LONG_TASKS);
  await context.addInitScript(SUBMIT_TIME);
  const page = await context.newPage();
  const bodies = [];
  // Each body with when its request left (ms, this script's clock) and its path.
  const timed = [];
  const sentAt = new Map();
  page.on("request", (request) => sentAt.set(request, performance.now()));
  page.on("response", async (response) => {
    if (!response.url().startsWith(WORKER) || response.request().method() === "OPTIONS") return;
    const body = await response.body().catch(() => null);
    if (!body) return;
    bodies.push(body);
    timed.push({ at: sentAt.get(response.request()) ?? performance.now(), path: new URL(response.url()).pathname, body });
  });
  return { context, page, bodies, timed };
}

/**
 * Navigation to a typed character in the title field; the bytes of the requests the embed made by
 * then ("first view"), and of those it made afterwards by itself while the reporter types (the
 * encryption module: "background", with their paths); and when the keys were checked (the
 * encryption module running), from navigation.
 */
async function firstView(browser, path) {
  const { context, page, timed } = await recordedPage(browser);
  const started = performance.now();
  await page.goto(`${DEMO}${path}`);
  const frame = page.frameLocator("iframe.sealdrop-frame");
  const title = frame.locator("[name=title]");
  await title.waitFor({ timeout: 60000 });
  await title.fill("typed");
  const filled = performance.now();
  const interactive = filled - started;
  await frame.locator(".sd-readers [data-fingerprint]").first().waitFor({ timeout: 60000 });
  const checked = performance.now() - started;
  await page.waitForLoadState("networkidle");
  const before = timed.filter((t) => t.at <= filled);
  const after = timed.filter((t) => t.at > filled);
  const view = sizes(before.map((t) => t.body));
  const background = { ...sizes(after.map((t) => t.body)), paths: after.map((t) => t.path) };
  await context.close();
  return { interactive, checked, view, background };
}

const isReportPost = (r) => r.method() === "POST" && r.url() === `${WORKER}/api/v1/reports`;

/** One report with an attachment of `bytes` bytes through the pinned form. */
async function sealdropSend(browser, bytes) {
  const { context, page, bodies } = await recordedPage(browser);
  await page.goto(`${DEMO}/pinned.html`);
  const f = page.frameLocator("iframe.sealdrop-frame");
  const host = POLICY.public.scope.in_scope.find((s) => !s.startsWith("*") && !/\d/.test(s));
  const values = {
    title: "Benchmark report", affected: `https://app.${host}/bench`, description: "Benchmark.",
    steps: "1. Measure.", impact: "None: a benchmark.",
  };
  for (const [name, value] of Object.entries(values)) await f.locator(`[name=${name}]`).fill(value);
  await f.locator("[name=attachments]").setInputFiles({ name: "bench.bin", mimeType: "application/octet-stream", buffer: randomBytes(bytes) });
  await f.locator("[name=consent]").check();
  await page.waitForLoadState("networkidle");
  await resetLongTasks(page);
  const request = page.waitForRequest(isReportPost, { timeout: 120000 });
  const response = page.waitForResponse((r) => isReportPost(r.request()), { timeout: 120000 });
  const started = performance.now();
  await f.locator("form.sd-form button[type=submit]").click();
  await request;
  const encryptFromNode = performance.now() - started;
  const answer = await response;
  const sentFromNode = performance.now() - started;
  const longest = await longestTask(page);
  await f.locator("[data-case-id]").waitFor({ timeout: 60000 });
  // On the frame's own clock, as OpenPGP.js's page times itself: from the form's submit event to
  // the report request starting ("encrypt") and to its answer's end ("sent") (Resource Timing);
  // Playwright's click and its events' way back to this script are not the form's time.
  const timings = await Promise.all(page.frames().map((frame) => frame.evaluate(() => {
    const post = performance.getEntriesByType("resource").find((e) => e.initiatorType === "fetch" && e.name.endsWith("/api/v1/reports"));
    return window.__sdSubmitAt !== undefined && post ? { encrypt: post.startTime - window.__sdSubmitAt, sent: post.responseEnd - window.__sdSubmitAt } : null;
  }).catch(() => null)));
  const inFrame = timings.find(Boolean);
  const submission = sizes(bodies);
  await context.close();
  return {
    encrypt: inFrame?.encrypt ?? encryptFromNode,
    sent: inFrame?.sent ?? sentFromNode,
    encryptFromNode,
    sentFromNode,
    longest,
    status: answer.status(),
    submission,
  };
}

/** Resident memory (bytes) of Chromium's processes: the browser process, the renderers (the
 * frame and its encryption worker live in one) and the rest (GPU, network, storage, zygotes). */
function chromiumRss() {
  const page = 4096;
  const total = { all: 0, browser: 0, renderer: 0 };
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const comm = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
      if (!/chrom/i.test(comm)) continue;
      const rss = Number(readFileSync(`/proc/${pid}/statm`, "utf8").split(" ")[1]) * page;
      const type = /--type=([a-z-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, "utf8"))?.[1] ?? "browser";
      total.all += rss;
      if (type in total) total[type] += rss;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** One report with a `bytes`-byte file from disk, sent in parts: the time to its receipt, the
 * longest main-thread task, the peak growth of Chromium's memory over its level before the
 * click (sampled every 100 ms), and workerd's CPU for the whole upload. */
async function sealdropBig(browser, bytes) {
  const dir = mkdtempSync(join(tmpdir(), "sealdrop-bench-big-"));
  const path = join(dir, "big.bin");
  writeFileSync(path, randomBytes(bytes));
  try {
    const { context, page } = await recordedPage(browser);
    await page.goto(`${DEMO}/pinned.html`);
    const f = page.frameLocator("iframe.sealdrop-frame");
    const host = POLICY.public.scope.in_scope.find((s) => !s.startsWith("*") && !/\d/.test(s));
    const values = { title: "Big benchmark", affected: `https://app.${host}/bench`, description: "B.", steps: "1.", impact: "None." };
    for (const [name, value] of Object.entries(values)) await f.locator(`[name=${name}]`).fill(value);
    await f.locator("[name=attachments]").setInputFiles(path);
    await f.locator("[name=consent]").check();
    await page.waitForLoadState("networkidle");
    // The control: a blank page in its own context (its own renderer) with the same heartbeat.
    // Its stalls are the machine's (two cores shared by the encryption worker, workerd, the
    // network process and this script), not the form's main thread.
    const controlContext = await browser.newContext();
    await controlContext.addInitScript(LONG_TASKS);
    const control = await controlContext.newPage();
    await control.setContent("<title>control</title>");
    await new Promise((r) => setTimeout(r, 500));
    const baseline = chromiumRss();
    const peak = { ...baseline };
    const sampler = setInterval(() => {
      const now = chromiumRss();
      for (const kind of Object.keys(peak)) peak[kind] = Math.max(peak[kind], now[kind]);
    }, 100);
    await resetLongTasks(page);
    await resetLongTasks(control);
    const cpuBefore = workerdCpu();
    const started = performance.now();
    await f.locator("form.sd-form button[type=submit]").click();
    await f.locator("[data-case-id]").waitFor({ timeout: 600000 });
    const sent = performance.now() - started;
    clearInterval(sampler);
    const cpuMs = (workerdCpu() - cpuBefore) * 1000;
    const longest = await longestTask(page);
    const controlStall = (await longestTask(control)).stall;
    await context.close();
    await controlContext.close();
    return {
      bytes, sentMs: sent, mibPerSec: bytes / MIB / (sent / 1000), longestTaskMs: longest.task, longestStallMs: longest.stall,
      controlStallMs: controlStall, memoryGrowthBytes: peak.all - baseline.all, baselineBytes: baseline.all,
      rendererGrowthBytes: peak.renderer - baseline.renderer, browserGrowthBytes: peak.browser - baseline.browser, workerdCpuMs: cpuMs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** OpenPGP.js encrypting the same number of bytes in the same browser (encryption only). */
async function openpgpEncryptOnly(browser, bytes) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${ANCHOR}/openpgp.html`);
  await page.evaluate(() => window.keys);
  const ms = await page.evaluate(async (n) => {
    const data = new Uint8Array(n);
    for (let at = 0; at < n; at += 65536) crypto.getRandomValues(data.subarray(at, Math.min(n, at + 65536)));
    const started = performance.now();
    const message = await openpgp.createMessage({ binary: data });
    await openpgp.encrypt({ message, encryptionKeys: await window.keys, format: "binary" });
    return performance.now() - started;
  }, bytes);
  await context.close();
  return ms;
}

/** A solved challenge for one request (altcha-lib), as the header value. */
async function pow() {
  return solution(await (await fetch(`${WORKER}/api/v1/challenge`)).json());
}

/** The OpenPGP.js page, served from loopback like the demo page (Chromium lets only pages it
 * loaded from a local address call a loopback API, so a route-fulfilled page would not do). */
const OPENPGP_PAGE = `<!doctype html><meta charset="utf-8"><title>OpenPGP.js</title><input type="file" id="file"><script type="module">
  import * as openpgp from "./openpgp.min.mjs";
  window.openpgp = openpgp;
  window.keys = Promise.all(${JSON.stringify(ARMORED_KEYS)}.map((armoredKey) => openpgp.readKey({ armoredKey })));
  window.job = async (url, headers) => {
    const started = performance.now();
    const file = document.getElementById("file").files[0];
    const message = await openpgp.createMessage({ binary: new Uint8Array(await file.arrayBuffer()) });
    const armored = await openpgp.encrypt({ message, encryptionKeys: await window.keys, format: "armored" });
    const encrypt = performance.now() - started;
    const response = await fetch(url, { method: "POST", headers, body: armored });
    await response.arrayBuffer();
    return { encrypt, sent: performance.now() - started, status: response.status };
  };
</script>`;
const anchorServer = createServer((req, res) => {
  if (req.url === "/openpgp.min.mjs") {
    res.writeHead(200, { "content-type": "text/javascript" });
    res.end(readFileSync(OPENPGP_BUILD));
  } else {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(OPENPGP_PAGE);
  }
});
await new Promise((resolve) => anchorServer.listen(0, "127.0.0.1", resolve));
const ANCHOR = `http://127.0.0.1:${anchorServer.address().port}`;

/** OpenPGP.js on a page of its own: the same bytes, the same keys, the same endpoint. */
async function openpgpSend(browser, bytes) {
  const context = await browser.newContext();
  await context.addInitScript(LONG_TASKS);
  const page = await context.newPage();
  await page.goto(`${ANCHOR}/openpgp.html`);
  await page.evaluate(() => window.keys);
  await page.locator("#file").setInputFiles({ name: "bench.bin", mimeType: "application/octet-stream", buffer: randomBytes(bytes) });
  const headers = { "Content-Type": "application/pgp-encrypted", "Idempotency-Key": randomUUID(), [POW_HEADER]: await pow() };
  await resetLongTasks(page);
  const result = await page.evaluate(([url, h]) => window.job(url, h), [`${WORKER}/api/v1/reports`, headers]);
  const longest = await longestTask(page);
  await context.close();
  return { ...result, longest };
}

/** user + system CPU seconds of the stack's workerd processes (its process group). */
function workerdCpu() {
  const ticks = 100; // USER_HZ on Linux
  let total = 0;
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    let stat;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // gone meanwhile
    }
    const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    // After "(comm) ": field 3 (state) first, so pgrp (field 5) is [2], utime (14) [11], stime (15) [12].
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(rest[2]) !== PGID || !comm.startsWith("workerd")) continue;
    total += (Number(rest[11]) + Number(rest[12])) / ticks;
  }
  return total;
}

/** workerd CPU per submission posted straight to the API, for an attachment of `bytes` bytes. */
async function workerCpu(bytes, count) {
  const keys = await Promise.all(ARMORED_KEYS.map((armoredKey) => openpgp.readKey({ armoredKey })));
  const bodies = [];
  for (let i = 0; i < count; i++) {
    const message = await openpgp.createMessage({ binary: randomBytes(bytes) });
    bodies.push(await openpgp.encrypt({ message, encryptionKeys: keys, format: "armored" }));
  }
  const headers = [];
  for (let i = 0; i < count; i++) headers.push({ "Content-Type": "application/pgp-encrypted", "Idempotency-Key": randomUUID(), [POW_HEADER]: await pow() });
  const statuses = [];
  const before = workerdCpu();
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${WORKER}/api/v1/reports`, { method: "POST", headers: headers[i], body: bodies[i] });
    statuses.push(response.status);
    await response.arrayBuffer();
  }
  const cpu = (workerdCpu() - before) / count;
  return { bytes, count, cpuMsPerSubmission: cpu * 1000, statuses: [...new Set(statuses)] };
}

const result = { key: KEY_KIND, recipients: ARMORED_KEYS.length, limit: LIMIT, runs: RUNS, openpgp: OPENPGP_VERSION };
const browser = await launch();
result.browser = `Chromium ${browser.version()}`;
if (PAGES) {
  result.openpgpBuild = sizes([readFileSync(OPENPGP_BUILD)]);
  result.loader = sizes([readFileSync(env("SEALDROP_BENCH_LOADER"))]);
  result.firstView = {};
  for (const [name, path] of [["pinned", "/pinned.html"], ["unpinned", "/"]]) {
    await firstView(browser, path); // warms the server, not the browser
    const runs = [];
    for (let i = 0; i < RUNS + 2; i++) runs.push(await firstView(browser, path));
    result.firstView[name] = {
      interactiveMs: median(runs.map((r) => r.interactive)),
      checkedMs: median(runs.map((r) => r.checked)),
      bytes: runs.at(-1).view,
      background: runs.at(-1).background,
    };
    log(`${name}: interactive after ${result.firstView[name].interactiveMs.toFixed(0)} ms, ${runs.at(-1).view.brotli} bytes brotli`);
  }
}
result.send = [];
for (const bytes of SIZES) {
  if (bytes > LIMIT) continue;
  await sealdropSend(browser, bytes); // warm-up
  await openpgpSend(browser, bytes);
  const sd = [];
  const op = [];
  for (let i = 0; i < RUNS; i++) {
    sd.push(await sealdropSend(browser, bytes));
    op.push(await openpgpSend(browser, bytes));
  }
  const pick = (runs) => ({
    encryptMs: median(runs.map((r) => r.encrypt)),
    sentMs: median(runs.map((r) => r.sent)),
    longestTaskMs: Math.max(...runs.map((r) => r.longest.task)),
    longestStallMs: Math.max(...runs.map((r) => r.longest.stall)),
    statuses: [...new Set(runs.map((r) => r.status))],
  });
  const row = { bytes, sealdrop: pick(sd), openpgp: pick(op), submissionBytes: sd.at(-1).submission };
  // The same runs timed from this script (Playwright's click to the request and answer events).
  row.sealdrop.fromNode = { encryptMs: median(sd.map((r) => r.encryptFromNode)), sentMs: median(sd.map((r) => r.sentFromNode)) };
  result.send.push(row);
  log(`${bytes} B: sealdrop ${row.sealdrop.encryptMs.toFixed(0)}/${row.sealdrop.sentMs.toFixed(0)} ms (from Playwright's click ${row.sealdrop.fromNode.encryptMs.toFixed(0)}/${row.sealdrop.fromNode.sentMs.toFixed(0)}), openpgp.js ${row.openpgp.encryptMs.toFixed(0)}/${row.openpgp.sentMs.toFixed(0)} ms (encrypt/sent)`);
}
result.big = [];
for (const bytes of BIG) {
  if (bytes > LIMIT) continue;
  const run = await sealdropBig(browser, bytes);
  run.openpgpEncryptMs = await openpgpEncryptOnly(browser, bytes);
  result.big.push(run);
  log(`${bytes / MIB} MiB in parts: ${run.sentMs.toFixed(0)} ms to the receipt (${run.mibPerSec.toFixed(1)} MiB/s), longest task ${run.longestTaskMs.toFixed(0)} ms, stall ${run.longestStallMs.toFixed(0)} ms (control ${run.controlStallMs.toFixed(0)} ms), Chromium memory +${(run.memoryGrowthBytes / MIB).toFixed(0)} MiB, workerd ${run.workerdCpuMs.toFixed(0)} ms CPU; OpenPGP.js encrypts it in ${run.openpgpEncryptMs.toFixed(0)} ms`);
}
await browser.close();
anchorServer.close();
result.workerCpu = [];
for (const bytes of SIZES) {
  if (bytes > LIMIT) continue;
  result.workerCpu.push(await workerCpu(bytes, bytes > MIB ? 5 : 20));
}
writeFileSync(OUT, JSON.stringify(result, null, 2));
log(`figures written to ${OUT}`);

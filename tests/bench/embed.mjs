// `cargo xtask bench`: what the pinned embed costs next to the unpinned one, in headless
// Chromium against the local stack. Measured, never asserted: time from navigation to a form that
// can be typed into (cold cache: a fresh browser context per run), and the bytes the page and the
// frame fetched. Prints one table; the medians of RUNS runs each.
import { launch } from "../e2e/browser.mjs";

const DEMO = process.env.SEALDROP_DEMO;
const RUNS = Number(process.env.SEALDROP_BENCH_RUNS ?? 5);
if (!DEMO) throw new Error("SEALDROP_DEMO is not set: run this through `cargo xtask bench`");

async function once(browser, path) {
  const context = await browser.newContext();
  const page = await context.newPage();
  let bytes = 0;
  page.on("requestfinished", async (request) => {
    const sizes = await request.sizes().catch(() => null);
    if (sizes) bytes += sizes.responseBodySize + sizes.responseHeadersSize;
  });
  const started = performance.now();
  await page.goto(`${DEMO}${path}`);
  const title = page.frameLocator("iframe.sealdrop-frame").locator("[name=title]");
  await title.waitFor({ timeout: 60000 });
  await title.fill("typed");
  const interactive = performance.now() - started;
  await page.waitForLoadState("networkidle");
  await context.close();
  return { interactive, bytes };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const browser = await launch();
const rows = [];
for (const [name, path] of [["unpinned (sealdrop.js, /widget/ frame)", "/"], ["pinned (sealdrop-<hash>.js, srcdoc frame)", "/pinned.html"]]) {
  await once(browser, path); // warm the server, not the browser (each run is a fresh context)
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once(browser, path));
  rows.push({ name, interactive: median(runs.map((r) => r.interactive)), bytes: median(runs.map((r) => r.bytes)) });
}
await browser.close();
console.log(`\ntime to an interactive form, cold cache, median of ${RUNS} (headless Chromium, local stack)`);
console.log(`${"embed".padEnd(44)} ${"ms".padStart(8)} ${"bytes fetched".padStart(14)}`);
for (const r of rows) console.log(`${r.name.padEnd(44)} ${r.interactive.toFixed(0).padStart(8)} ${String(r.bytes).padStart(14)}`);
const [plain, pinned] = rows;
console.log(`pinned / unpinned: time ${(pinned.interactive / plain.interactive).toFixed(2)}x, bytes ${(pinned.bytes / plain.bytes).toFixed(2)}x`);

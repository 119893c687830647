// Headless Chromium (Debian's package) driven by playwright-core; nothing is downloaded.
import { before, after } from "node:test";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.SEALDROP_CHROMIUM ?? "/usr/bin/chromium";

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ],
  });
}

/**
 * One browser for a whole test file: launched before its first test, closed after its last.
 * Stands for the browser in the file's tests (`browser.newContext()`, `openRecorded(browser, …)`).
 */
export function sharedBrowser() {
  let instance;
  before(async () => {
    instance = await launch();
  });
  after(async () => {
    await instance?.close();
  });
  return new Proxy({}, {
    get(_, name) {
      const value = instance?.[name];
      return typeof value === "function" ? value.bind(instance) : value;
    },
  });
}

/** Opens a page that records every request (including the iframe's) and every CSP complaint. */
export async function openRecorded(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests = [];
  const cspViolations = [];
  page.on("request", (request) => {
    // `allHeaders` (a promise) includes what the browser adds, such as Origin.
    const allHeaders = request.allHeaders().catch(() => ({}));
    requests.push({ url: request.url(), method: request.method(), body: request.postDataBuffer(), allHeaders });
  });
  page.on("console", (message) => {
    if (/Content[- ]Security[- ]Policy|Refused to/i.test(message.text())) cspViolations.push(message.text());
  });
  await page.goto(url);
  return { context, page, requests, cspViolations };
}

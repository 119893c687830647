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

/**
 * Opens a page that records every request (including the iframe's), every console message and
 * every CSP complaint. Request bodies are read where the request is intercepted (`context.route`):
 * the browser's request event carries no body for a `Blob`, which is how the widget posts.
 */
export async function openRecorded(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests = [];
  const cspViolations = [];
  const consoleMessages = [];
  const bodies = new Map();
  await context.route(() => true, async (route) => {
    const request = route.request();
    if (!["GET", "HEAD", "OPTIONS"].includes(request.method())) bodies.set(request, request.postDataBuffer());
    await route.fallback();
  });
  page.on("request", (request) => {
    // `allHeaders` (a promise) includes what the browser adds, such as Origin.
    const allHeaders = request.allHeaders().catch(() => ({}));
    requests.push({
      url: request.url(),
      method: request.method(),
      get body() {
        return bodies.get(request) ?? request.postDataBuffer();
      },
      allHeaders,
    });
  });
  page.on("console", (message) => {
    consoleMessages.push(message.text());
    if (/Content[- ]Security[- ]Policy|Refused to/i.test(message.text())) cspViolations.push(message.text());
  });
  await page.goto(url);
  return { context, page, requests, cspViolations, consoleMessages };
}

/**
 * A recorded request's body as text ("" for a request without one); a POST or PUT whose body was
 * not seen fails, so "no request carries typed text" can never pass by seeing nothing.
 */
export function bodyText(request) {
  if (["POST", "PUT", "PATCH"].includes(request.method) && !request.body) {
    throw new Error(`the body of ${request.method} ${request.url} was not recorded`);
  }
  return request.body ? request.body.toString("latin1") : "";
}

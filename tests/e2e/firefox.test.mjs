// The pinned embed in a second engine: Firefox ESR (Debian's package, driven over WebDriver BiDi
// by puppeteer-core; nothing is downloaded). The submission and follow-up flows, as the decisions
// ask: a report sent from the sealed (opaque-origin) frame that GnuPG decrypts, then the
// reporter's receipt opening the case, a signed staff reply shown as signed, and the reporter's
// signed answer arriving; and one tampering case, so "fails closed" is shown in this engine too.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer from "puppeteer-core";
import {
  WORKER, DEMO, POLICY, orgSecretKeyPath, gnupgHome, gpgDecrypt, staff, parseMime, decode, cli, eventually,
} from "./lib.mjs";
import { tamperingProxy, pinnedSnippet, hostPage, tamperWasm, WASM_PATH } from "./proxy.mjs";

const FIREFOX = process.env.SEALDROP_FIREFOX ?? "/usr/bin/firefox-esr";

let browser;
before(async () => {
  browser = await puppeteer.launch({ browser: "firefox", executablePath: FIREFOX, headless: true });
});
after(async () => {
  await browser?.close();
});

const home = await gnupgHome(orgSecretKeyPath());

/** The loader-built frame (about:srcdoc) once the form inside it is up. */
async function sealedFrame(page, selector) {
  return eventually(async () => {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      if (await frame.$(selector).catch(() => null)) return frame;
    }
    return null;
  }, `the sealed frame with ${selector}`, 60000);
}

/** Types into a field (focus first: Firefox over BiDi wants it). */
async function type(frame, selector, text) {
  await frame.$eval(selector, (el) => el.focus());
  await frame.type(selector, text);
}

const click = (frame, selector) => frame.$eval(selector, (el) => el.click());

test("Firefox ESR: the pinned embed sends a report GnuPG decrypts, and the receipt opens a signed two-way channel", async () => {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.goto(`${DEMO}/pinned.html`);
  const frame = await sealedFrame(page, "form.sd-form");
  assert.equal(await frame.evaluate(() => window.origin), "null", "an opaque origin in Firefox too");
  assert.equal(await frame.$eval(".sd-trust", (el) => el.dataset.pinned), "code-and-keys");

  const marker = randomBytes(6).toString("hex");
  const host = POLICY.public.scope.in_scope.find((s) => !s.startsWith("*") && !/\d/.test(s));
  const values = {
    title: `Firefox pinned report ${marker}`,
    affected: `https://app.${host}/firefox`,
    description: `Sent from Firefox. ${marker}`,
    prerequisites: "None.",
    steps: "1. Open it.",
    impact: "Some.",
    contact: `ff-${marker}@example.net`,
  };
  for (const [name, value] of Object.entries(values)) await type(frame, `[name=${name}]`, value);
  await frame.select("[name=vulnerability_type]", "Cross-site scripting (XSS)");
  await click(frame, "[name=consent]");
  await click(frame, "form.sd-form button[type=submit]");
  await frame.waitForSelector("[data-case-id]", { timeout: 60000 });
  assert.equal(await frame.$eval("#sealdrop", (el) => el.dataset.sealedIn), "worker", "sealed in the encryption worker");
  const id = await frame.$eval("[data-case-id]", (el) => el.dataset.caseId);
  const receipt = (await frame.$eval("[data-receipt]", (el) => el.dataset.receipt)).trim();
  assert.match(id, /^[0-9A-HJKMNP-TV-Z]{26}$/);

  const stored = await (await staff(`/api/v1/staff/reports/${id}`)).text();
  const entity = parseMime((await gpgDecrypt(home, stored)).toString("latin1"));
  assert.equal(JSON.parse(decode(entity.parts[1]).toString("utf8")).fields.title, values.title);

  // Staff reply with the CLI (signed with the organisation key).
  const dir = mkdtempSync(join(tmpdir(), "sealdrop-ff-"));
  const replyText = `Thanks from Firefox's test. ${marker}`;
  writeFileSync(join(dir, "reply.txt"), replyText);
  const sent = await cli(["reply", id, "--message-file", join(dir, "reply.txt"), "--key", orgSecretKeyPath()]);
  assert.equal(sent.status, 0, sent.stderr);

  // The reporter comes back (a fresh page, same receipt) and reads it, signed.
  const later = await context.newPage();
  await later.goto(`${DEMO}/pinned.html`);
  const f = await sealedFrame(later, "form.sd-form");
  await click(f, "button[data-mode=follow-up]");
  await type(f, "[name=receipt]", receipt);
  await click(f, ".sd-followup-form button[type=submit]");
  // Decrypted in the encryption module: signed (or not) once it is done.
  await f.waitForSelector(".sd-case .sd-message[data-author=staff] .sd-signature", { timeout: 60000 });
  assert.equal(await f.$eval(".sd-case", (el) => el.dataset.caseId), id);
  assert.equal((await f.$eval(".sd-message[data-author=staff] .sd-message-text", (el) => el.textContent)).trim(), replyText);
  assert.equal(await f.$eval(".sd-message[data-author=staff] .sd-signature", (el) => el.dataset.signature), "valid");

  // The reporter's answer, signed with the reply key.
  const answer = `Retested in Firefox. ${marker}`;
  await type(f, "[name=message]", answer);
  await click(f, ".sd-message-form button[type=submit]");
  await f.waitForSelector(".sd-message[data-author=reporter] .sd-signature", { timeout: 60000 });
  assert.equal(await f.$eval(".sd-message[data-author=reporter] .sd-signature", (el) => el.dataset.signature), "valid");
  assert.equal((await f.$eval(".sd-message[data-author=reporter] .sd-message-text", (el) => el.textContent)).trim(), answer);
  await context.close();
});

test("Firefox ESR: a deployment that changes one byte of the wasm gets nothing run and nothing sent", async () => {
  const proxy = await tamperingProxy(WORKER, ({ path, body }) => (WASM_PATH.test(path) ? tamperWasm(body) : undefined));
  const host = await hostPage((await pinnedSnippet(DEMO)).replaceAll(WORKER, proxy.origin), proxy.origin);
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    await page.goto(host.url);
    await page.waitForSelector("#sealdrop-fallback[data-sealdrop-failed]", { timeout: 20000 });
    const reason = await page.$eval("#sealdrop-fallback", (el) => el.dataset.sealdropFailed);
    assert.match(reason, /wasm failed its integrity check/);
    assert.equal(await page.$eval("#sealdrop-fallback", (el) => el.hidden), false);
    assert.equal(await page.$("iframe.sealdrop-frame"), null, "the frame is gone");
    assert.ok(proxy.hits.some((h) => WASM_PATH.test(h.split(" ")[1])), "the wasm was fetched");
    assert.ok(!proxy.hits.some((h) => h.startsWith("GET /api/v1/policy") || h.startsWith("POST ")), proxy.hits.join(", "));
  } finally {
    await context.close();
    await host.close();
    await proxy.close();
  }
});

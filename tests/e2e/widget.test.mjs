// The widget in real headless Chromium, embedded in the demo host page on another origin, against
// the real local stack. What the widget encrypts, GnuPG decrypts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  WORKER, DEMO, POLICY, ROOT, orgSecretKeyPath, gnupgHome, gpgDecrypt, staff, mails, eventually,
  parseMime, decode, param, d1, fillMinimalReport, policyText,
} from "./lib.mjs";
import { sharedBrowser, openRecorded, bodyText } from "./browser.mjs";

const browser = sharedBrowser();

const home = await gnupgHome(orgSecretKeyPath());
// A staff member's own GnuPG, holding only their test-only key.
const aliceHome = await gnupgHome(join(ROOT, "tests", "fixtures", "keys", "nimbus-cloud-alice.sec.asc"));

function frameOf(page) {
  return page.frameLocator("iframe.sealdrop-frame");
}

async function openForm() {
  const recorded = await openRecorded(browser, `${DEMO}/`);
  const frame = frameOf(recorded.page);
  await frame.locator("form.sd-form").waitFor({ timeout: 30000 });
  return { ...recorded, frame };
}

const reportPosts = (requests) => requests.filter((r) => r.method === "POST" && r.url.endsWith("/api/v1/reports"));

test("the demo page embeds the widget from the worker's origin with one script tag", async () => {
  const { page, frame, context, cspViolations } = await openForm();
  const script = page.locator("script[src$='/sealdrop.js']");
  assert.equal(await script.count(), 1);
  assert.equal(new URL(await script.getAttribute("src")).origin, WORKER);
  const iframe = page.locator("iframe.sealdrop-frame");
  assert.equal(await iframe.getAttribute("sandbox"), "allow-scripts allow-same-origin allow-forms allow-downloads");
  assert.equal(new URL(await iframe.getAttribute("src")).origin, WORKER);
  // The policy is shown: organisation, rules, fingerprint computed from the key.
  await assert.doesNotReject(frame.getByRole("heading", { name: `Report a vulnerability to ${POLICY.public.organisation.name}` }).waitFor());
  for (const rule of POLICY.public.rules.items.map((r) => policyText(r))) {
    assert.equal(await frame.getByText(rule, { exact: true }).count(), 1, `rule shown: ${rule}`);
  }
  // Who can read the report: the organisation key, then each staff key, fingerprints computed
  // from the keys; the demo page pins the keys, not the code, and the widget says so.
  // Computed by the encryption module, which the form asks for once it shows.
  await frame.locator(".sd-readers [data-fingerprint]").first().waitFor({ timeout: 30000 });
  const shown = await frame.locator(".sd-readers [data-fingerprint]").evaluateAll((els) => els.map((e) => e.dataset.fingerprint));
  assert.deepEqual(shown, [POLICY.public.key.fingerprint, ...POLICY.public.staff_keys.map((k) => k.fingerprint)]);
  assert.equal(await frame.locator(".sd-trust").getAttribute("data-pinned"), "keys");
  assert.match(await frame.locator(".sd-trust").textContent(), /Encrypted in your browser/);
  // The frame is sized by postMessage from the widget.
  const height = await eventually(async () => {
    const h = await iframe.evaluate((el) => el.style.height);
    return h && parseInt(h, 10) > 600 ? h : null;
  }, "the iframe to be resized");
  assert.match(height, /^\d+px$/);
  assert.deepEqual(cspViolations, []);
  await context.close();
});

test("an empty submit shows every error next to its field and sends nothing", async () => {
  const { frame, requests, context } = await openForm();
  await frame.locator("form.sd-form button[type=submit]").click();
  const required = [...POLICY.public.fields.required, "title", "consent"];
  for (const name of new Set(required)) {
    const control = frame.locator(`[name=${name}]`);
    assert.equal(await control.getAttribute("aria-invalid"), "true", `${name} marked invalid`);
    const describedBy = (await control.getAttribute("aria-describedby")).split(" ");
    const errorId = describedBy.find((id) => id.endsWith("-error"));
    const message = await frame.locator(`#${errorId}`).textContent();
    assert.ok(message.trim().length > 5, `${name} says why: ${message}`);
  }
  assert.match(await frame.locator(".sd-summary").textContent(), /need/);
  assert.equal(await frame.locator("[name=title]").evaluate((el) => el === document.activeElement), true, "focus moves to the first invalid field");
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(reportPosts(requests), []);
  await context.close();
});

test("fields are validated on blur, against the policy's scope", async () => {
  const { frame, context } = await openForm();
  const affected = frame.locator("[name=affected]");
  await affected.fill("intranet.other-company.example");
  assert.equal(await affected.getAttribute("aria-invalid"), "false", "no error before blur");
  await affected.blur();
  assert.equal(await affected.getAttribute("aria-invalid"), "true");
  assert.match(await frame.locator("#sd-affected-error").textContent(), /not in scope/);
  await affected.fill(`https://portal.${POLICY.public.scope.in_scope.find((s) => !s.startsWith("*") && !/\d/.test(s))}/login`);
  await affected.blur();
  assert.equal(await affected.getAttribute("aria-invalid"), "false");
  assert.equal((await frame.locator("#sd-affected-error").textContent()).trim(), "");
  await context.close();
});

test("a report with an attachment is encrypted in the browser, stored, mailed, and GnuPG decrypts it", async () => {
  const { frame, requests, context, cspViolations } = await openForm();
  const marker = randomBytes(6).toString("hex");
  const host = POLICY.public.scope.in_scope.find((s) => !s.startsWith("*") && !/\d/.test(s));
  const values = {
    title: `Stored XSS in profile name ${marker}`,
    affected: `https://app.${host}/profile`,
    description: `The display name is rendered without escaping. marker-desc-${marker}`,
    prerequisites: `A free account. marker-pre-${marker}`,
    steps: `1. Set the name to <script>alert(1)</script>\n2. Open the profile. marker-steps-${marker}`,
    impact: `Session theft of any viewer. marker-impact-${marker}`,
    contact: `researcher-${marker}@example.net`,
  };
  for (const [name, value] of Object.entries(values)) {
    await frame.locator(`[name=${name}]`).fill(value);
  }
  await frame.locator("[name=vulnerability_type]").selectOption("Cross-site scripting (XSS)");
  if (await frame.locator("[name=credit]").count()) await frame.locator("[name=credit]").fill(`Ada ${marker}`);
  const attachment = Buffer.concat([Buffer.from(`proof-of-concept ${marker}\n`), randomBytes(4096)]);
  await frame.locator("[name=attachments]").setInputFiles({ name: "poc.bin", mimeType: "application/octet-stream", buffer: attachment });
  assert.equal(await frame.locator(".sd-files li").count(), 1);
  await frame.locator("[name=consent]").check();
  await frame.locator("form.sd-form button[type=submit]").click();

  const caseId = await frame.locator("[data-case-id]").getAttribute("data-case-id", { timeout: 30000 });
  assert.match(caseId, /^[0-9A-HJKMNP-TV-Z]{26}$/);
  assert.equal((await frame.locator("[data-case-id]").textContent()).trim(), caseId);
  assert.equal(await frame.locator("#sealdrop").getAttribute("data-sealed-in"), "worker", "sealed in the encryption worker");
  const respondBy = await frame.locator("time.sd-respond-by").getAttribute("datetime");
  assert.match(respondBy, /T23:59:59[+-]\d\d:\d\d$/);

  // Only ciphertext left the browser: no request body carries anything typed or attached.
  const posts = reportPosts(requests);
  assert.equal(posts.length, 1);
  assert.match(posts[0].body.toString(), /^-----BEGIN PGP MESSAGE-----[^]*-----END PGP MESSAGE-----\s*$/, "the whole body was recorded");
  for (const r of requests) {
    const body = bodyText(r);
    const url = decodeURIComponent(r.url);
    for (const value of [marker, ...Object.values(values)]) {
      assert.ok(!body.includes(value) && !url.includes(value), `${r.method} ${r.url} carries typed text`);
    }
    assert.ok(!r.body || !r.body.includes(attachment.subarray(0, 64)), "attachment bytes in a request");
  }

  // Staff fetch the ciphertext; GnuPG decrypts it to every field and the exact attachment bytes.
  const stored = await staff(`/api/v1/staff/reports/${caseId}`);
  assert.equal(stored.status, 200);
  const armored = await stored.text();
  assert.equal(armored, posts[0].body.toString(), "stored verbatim");
  const entity = parseMime((await gpgDecrypt(home, armored)).toString("latin1"));
  assert.match(entity.headers["content-type"], /^multipart\/mixed/);
  const [text, json, file] = entity.parts;
  assert.match(text.headers["content-type"], /^text\/plain/);
  const readable = decode(text).toString("utf8");
  assert.ok(readable.includes(values.title) && readable.includes(values.steps.split("\n")[1]), readable);
  const fields = JSON.parse(decode(json).toString("utf8")).fields;
  for (const [name, value] of Object.entries(values)) assert.equal(fields[name], value, name);
  assert.equal(fields.vulnerability_type, "Cross-site scripting (XSS)");
  assert.equal(fields.consent, true);
  assert.deepEqual(fields.attachments, [{ name: "poc.bin", size: attachment.length, media_type: "application/octet-stream" }]);
  assert.equal(param(file.headers["content-disposition"], "filename"), "poc.bin");
  assert.ok(decode(file).equals(attachment), "attachment bytes survive exactly");

  // Staff got one PGP/MIME e-mail per address, with a generic subject and no plaintext.
  const mail = await eventually(() => mails().find((m) => m.includes(caseId)), "the notification e-mail");
  const message = parseMime(mail);
  const type = message.headers["content-type"];
  assert.match(type, /^multipart\/encrypted;/);
  assert.equal(param(type, "protocol"), "application/pgp-encrypted");
  assert.equal(message.parts.length, 2);
  assert.equal(message.parts[0].headers["content-type"], "application/pgp-encrypted");
  assert.match(message.parts[0].body, /^Version: 1/);
  assert.match(message.parts[1].headers["content-type"], /^application\/octet-stream/);
  assert.equal(message.headers.subject, `New vulnerability report ${caseId}`);
  for (const value of [marker, ...Object.values(values)]) assert.ok(!mail.includes(value), "plaintext in the e-mail");
  const fromMail = parseMime((await gpgDecrypt(home, message.parts[1].body)).toString("latin1"));
  assert.equal(JSON.parse(decode(fromMail.parts[1]).toString("utf8")).fields.title, values.title);
  assert.equal(mails().filter((m) => m.includes(caseId)).length, POLICY.notify.to.length);

  // The staff member listed in the policy gets their own e-mail, which their own key opens.
  assert.ok(POLICY.public.staff_keys.length > 0, "the test policy lists a staff key");
  const toAlice = parseMime(mails().find((m) => m.includes(caseId) && /^To: <alice@/m.test(m)));
  const forAlice = parseMime((await gpgDecrypt(aliceHome, toAlice.parts[1].body)).toString("latin1"));
  assert.equal(JSON.parse(decode(forAlice.parts[1]).toString("utf8")).fields.title, values.title);
  assert.deepEqual(cspViolations, []);
  await context.close();
});

test("a report cancelled while it is sent is not stored; the form keeps what was typed, and sending it again stores it once", async () => {
  const { frame, context } = await openForm();
  const title = `Cancelled report ${randomBytes(6).toString("hex")}`;
  await fillMinimalReport(frame, title);
  // The first POST is held (it never reaches the worker) until the reporter has cancelled.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  const reached = [];
  await context.route(`${WORKER}/api/v1/reports`, async (route) => {
    if (route.request().method() !== "POST") return route.fallback();
    reached.push(route.request().method());
    if (reached.length === 1) {
      await held;
      return route.abort().catch(() => {}); // the page aborted it already
    }
    return route.fallback();
  });
  await frame.locator("form.sd-form button[type=submit]").click();
  await eventually(() => reached.length === 1, "the request under way");
  await frame.getByRole("button", { name: "Cancel" }).click();
  const failed = frame.locator(".sd-failed");
  await failed.waitFor({ timeout: 10000 });
  assert.match(await failed.textContent(), /Cancelled\. Change the report or send it again/);
  release();
  assert.equal(await frame.locator("[name=title]").inputValue(), title, "what was typed is kept");
  const stored = async () => Number((await d1("SELECT COUNT(*) AS n FROM reports"))[0].n);
  const before = await stored();
  await frame.getByRole("button", { name: "Send the same encrypted report again" }).click();
  const caseId = await frame.locator("[data-case-id]").getAttribute("data-case-id", { timeout: 30000 });
  assert.match(caseId, /^[0-9A-HJKMNP-TV-Z]{26}$/);
  assert.equal(reached.length, 2, "the held request, then the one sent again");
  assert.equal(await stored(), before + 1, "stored once");
  const ciphertext = await (await staff(`/api/v1/staff/reports/${caseId}`)).text();
  const entity = parseMime((await gpgDecrypt(home, ciphertext)).toString("latin1"));
  assert.equal(JSON.parse(decode(entity.parts[1]).toString("utf8")).fields.title, title);
  await context.close();
});

test("a report cancelled while it is encrypted never leaves the browser; sending it afterwards works", async () => {
  const { frame, context } = await openForm();
  await fillMinimalReport(frame, `Cancelled while encrypting ${randomBytes(4).toString("hex")}`);
  // The largest attachment sent in one request (10 MiB): encrypting it takes long enough to cancel.
  const size = 10 * 1024 * 1024;
  await frame.locator("[name=attachments]").setInputFiles({ name: "big.bin", mimeType: "application/octet-stream", buffer: randomBytes(size) });
  const posted = [];
  await context.route(`${WORKER}/api/v1/reports`, (route) => {
    if (route.request().method() === "POST") posted.push(route.request().url());
    return route.fallback();
  });
  await frame.locator("form.sd-form button[type=submit]").click();
  await frame.getByText("Encrypting your report in this browser…").waitFor({ timeout: 30000 });
  await frame.getByRole("button", { name: "Cancel" }).click();
  await frame.locator(".sd-failed").waitFor({ timeout: 10000 });
  assert.match(await frame.locator(".sd-failed").textContent(), /Cancelled\./);
  assert.equal(await frame.getByRole("button", { name: "Send the same encrypted report again" }).count(), 0, "nothing was sealed to send again");
  await new Promise((resolve) => setTimeout(resolve, 1500)); // the stopped job would have sent by now
  assert.deepEqual(posted, [], "nothing was posted");
  // A fresh worker seals it when the reporter sends again.
  await frame.locator("form.sd-form button[type=submit]").click();
  await frame.locator("[data-case-id]").waitFor({ timeout: 60000 });
  assert.equal(posted.length, 1);
  assert.equal(await frame.locator("#sealdrop").getAttribute("data-sealed-in"), "worker");
  await context.close();
});

test("a 100 MiB attachment is read, encrypted and sent in parts by the worker, stored once, and GnuPG reads it back", async () => {
  const MIB = 1024 * 1024;
  const dir = mkdtempSync(join(tmpdir(), "sealdrop-big-"));
  const path = join(dir, "memory-dump.bin");
  // From a file on disk, as a reporter attaches one (Playwright's in-memory files stop at 50 MB).
  const bytes = randomBytes(100 * MIB);
  writeFileSync(path, bytes);
  const digest = createHash("sha256").update(bytes).digest("hex");
  try {
    const { frame, context } = await openForm();
    const title = `A 100 MiB dump ${randomBytes(4).toString("hex")}`;
    await fillMinimalReport(frame, title);
    await frame.locator("[name=attachments]").setInputFiles(path);
    await frame.locator("form.sd-form button[type=submit]").click();
    // One progress bar with the bytes sent of the whole: 100 MiB in base64 lines is 136.8 MiB,
    // padded to its size bucket (around 128–256 MiB, multiples of 4 MiB) 140.0 MiB.
    await frame.getByText(/Encrypting and sending in parts: .* of 140\.0 MiB/).waitFor({ timeout: 60000 });
    const caseId = await frame.locator("[data-case-id]").getAttribute("data-case-id", { timeout: 300000 });
    assert.equal(await frame.locator("#sealdrop").getAttribute("data-sealed-in"), "worker");
    const [upload] = await d1(`SELECT parts FROM uploads WHERE case_id = '${caseId}'`);
    assert.ok(Number(upload.parts) >= 13, `sent in parts of 8 MiB: ${upload.parts}`);
    const [row] = await d1(`SELECT COUNT(*) AS n FROM reports WHERE id = '${caseId}'`);
    assert.equal(Number(row.n), 1, "stored once");
    const download = await staff(`/api/v1/staff/reports/${caseId}`);
    assert.equal(download.headers.get("content-type"), "application/octet-stream", "binary OpenPGP");
    const ciphertext = Buffer.from(await download.arrayBuffer());
    const plaintext = await gpgDecrypt(home, ciphertext);
    assert.equal(plaintext.length, 140 * MIB, "the entity is padded to its bucket");
    const entity = parseMime(plaintext.toString("latin1"));
    assert.equal(JSON.parse(decode(entity.parts[1]).toString("utf8")).fields.title, title);
    const file = decode(entity.parts[2]);
    assert.equal(file.length, bytes.length);
    assert.equal(createHash("sha256").update(file).digest("hex"), digest, "the attachment, byte for byte");
    await context.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a key that differs from the pinned fingerprint is refused before anything is typed", async () => {
  const all = [POLICY.public.key.fingerprint, ...POLICY.public.staff_keys.map((k) => k.fingerprint)].join(",");
  const cases = [
    ["another key", "0".repeat(40), /is not the one this page pinned/],
    // A malformed pin is not dropped (which could leave no pin at all): nothing runs.
    ["a malformed pin beside the right ones", `${all},not-a-fingerprint`, /pinned `not-a-fingerprint`, which is not a key fingerprint/],
  ];
  for (const [what, pins, message] of cases) {
    const { page, context, requests } = await openRecorded(browser, `${WORKER}/widget/?fpr=${encodeURIComponent(pins)}&host=${encodeURIComponent(DEMO)}`);
    const fatal = page.locator(".sd-fatal");
    await fatal.waitFor({ timeout: 30000 });
    assert.match(await fatal.textContent(), message, what);
    assert.equal(await page.locator("form").count(), 0, what);
    assert.deepEqual(reportPosts(requests), [], what);
    await context.close();
  }
});

test("a staff key the page did not pin is refused: the server cannot add a reader", async () => {
  const orgOnly = POLICY.public.key.fingerprint;
  const { page, context, requests } = await openRecorded(browser, `${WORKER}/widget/?fpr=${orgOnly}&host=${encodeURIComponent(DEMO)}`);
  const fatal = page.locator(".sd-fatal");
  await fatal.waitFor({ timeout: 30000 });
  assert.match(await fatal.textContent(), new RegExp(`staff key ${POLICY.public.staff_keys[0].fingerprint}, which this page did not pin`));
  assert.equal(await page.locator("form").count(), 0);
  assert.deepEqual(reportPosts(requests), []);
  await context.close();
});

test("the widget document is served with a strict Content-Security-Policy", async () => {
  const response = await fetch(`${WORKER}/widget/`);
  assert.equal(response.status, 200);
  const csp = response.headers.get("content-security-policy");
  assert.ok(csp, "CSP header present");
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, new RegExp(`frame-ancestors [^;]*${DEMO.replace(/[.:/]/g, "\\$&")}`));
  assert.ok(!/unsafe-inline|unsafe-eval'/.test(csp.replace("'wasm-unsafe-eval'", "")), csp);
  const html = await response.text();
  assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/.test(html), "no inline script");
  assert.ok(!/<style|style=/.test(html), "no inline style");
  const loader = await fetch(`${WORKER}/sealdrop.js`);
  assert.equal(loader.status, 200);
  const size = (await loader.arrayBuffer()).byteLength;
  assert.ok(size < 8 * 1024, `loader is a few KB (${size} bytes)`);
});

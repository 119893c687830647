// The reporter follow-up channel, end to end in headless Chromium against the local stack: the
// receipt the widget shows, a staff reply encrypted to the reporter's key (with GnuPG and with
// the `sealdrop` CLI), a status change, a fresh browser that opens the case with the receipt and
// reads the reply, the reporter's answer arriving as PGP/MIME, wrong receipts and rate limits.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes, hkdfSync } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  WORKER, DEMO, POLICY, TOKEN, ROOT, orgSecretKeyPath, gnupgHome, gpgEncrypt, gpgDecrypt, fingerprintOf,
  staff, mails, eventually, parseMime, decode, cli, ok, run, withWork, d1, earlyInWindow, windowNow,
} from "./lib.mjs";
import { sharedBrowser, openRecorded, bodyText } from "./browser.mjs";
import { tamperingProxy, pinnedSnippet, hostPage } from "./proxy.mjs";

const browser = sharedBrowser();

const home = await gnupgHome(orgSecretKeyPath());
const ORG_FPR = POLICY.public.key.fingerprint;
const RECEIPT_SHAPE = /^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$/;

/** A follow-up message as a MIME entity (what the CLI and the widget build). */
function messageEntity(text) {
  const b = `=_test_${randomBytes(6).toString("hex")}`;
  return `Content-Type: multipart/mixed; boundary="${b}"\r\nMIME-Version: 1.0\r\n\r\n--${b}\r\n` +
    `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${text}\r\n--${b}--\r\n`;
}

/** A POST; the reporter's endpoints get a proof of work (`withWork`), staff endpoints none. */
async function post(path, body, headers) {
  const h = path.startsWith("/api/v1/followup") ? await withWork(headers) : headers;
  return fetch(`${WORKER}${path}`, { method: "POST", headers: h, body });
}

/**
 * The lookup token, derived as ARCHITECTURE.md documents it (HKDF-SHA256, salt
 * "sealdrop.receipt.v1", info "lookup token", over the receipt's 20 bytes, Crockford base32),
 * with Node's own HKDF: an independent implementation of the documented KDF.
 */
function lookupToken(receipt) {
  const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  const bits = [...receipt.replaceAll("-", "")].map((c) => alphabet.indexOf(c).toString(2).padStart(5, "0")).join("");
  const bytes = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  assert.equal(bytes.length, 20);
  return Buffer.from(hkdfSync("sha256", bytes, "sealdrop.receipt.v1", "lookup token", 32)).toString("hex");
}

async function lookup(token) {
  return post("/api/v1/followup", JSON.stringify({ token }), { "Content-Type": "application/json" });
}

/** Fills and submits a valid report in the demo page's widget; returns the page parts. */
async function submitReport(marker) {
  const recorded = await openRecorded(browser, `${DEMO}/`);
  const frame = recorded.page.frameLocator("iframe.sealdrop-frame");
  await frame.locator("form.sd-form").waitFor({ timeout: 30000 });
  const host = POLICY.public.scope.in_scope.find((s) => !s.startsWith("*") && !/\d/.test(s));
  const values = {
    title: `Open redirect on login ${marker}`,
    affected: `https://login.${host}/next`,
    description: `The next parameter is not checked. ${marker}`,
    steps: `1. Open /login?next=https://evil.example\n2. Log in. ${marker}`,
    impact: `Phishing with a trusted domain. ${marker}`,
  };
  for (const [name, value] of Object.entries(values)) await frame.locator(`[name=${name}]`).fill(value);
  await frame.locator("[name=consent]").check();
  await frame.locator("form.sd-form button[type=submit]").click();
  const id = await frame.locator("[data-case-id]").getAttribute("data-case-id", { timeout: 30000 });
  return { ...recorded, frame, id, values };
}

function noSecretsIn(requests, secrets) {
  for (const r of requests) {
    const body = bodyText(r);
    const url = decodeURIComponent(r.url);
    for (const s of secrets) {
      assert.ok(!body.includes(s) && !url.includes(s), `${r.method} ${r.url} carries ${s.slice(0, 20)}…`);
    }
  }
}

test("a receipt opens an end-to-end encrypted two-way channel", async () => {
  const marker = randomBytes(6).toString("hex");
  const reporter = await submitReport(marker);
  const { frame, id } = reporter;

  // The receipt: readable groups, copy and save buttons, and a confirmation before closing.
  const receipt = (await frame.locator("[data-receipt]").getAttribute("data-receipt")).trim();
  assert.match(receipt, RECEIPT_SHAPE);
  assert.equal((await frame.locator("[data-receipt]").textContent()).trim(), receipt);
  await frame.getByRole("button", { name: "Copy" }).waitFor();
  const download = reporter.page.waitForEvent("download");
  await frame.getByRole("button", { name: "Save as a text file" }).click();
  const saved = await download;
  assert.equal(saved.suggestedFilename(), `sealdrop-receipt-${id}.txt`);
  const close = frame.getByRole("button", { name: "Close" });
  assert.equal(await close.isDisabled(), true, "cannot close before confirming the receipt is saved");
  await frame.locator("[name=receipt_saved]").check();
  await close.click();
  assert.equal(await frame.locator("[data-receipt]").count(), 0, "the receipt is gone once closed");
  const stored = await reporter.page.frames().find((f) => f.url().startsWith(WORKER)).evaluate(() => localStorage.length);
  assert.equal(stored, 0, "nothing is stored in the browser unless asked");
  // The worker never sees the receipt: no request carried it, in any form.
  noSecretsIn(reporter.requests, [receipt, receipt.replaceAll("-", ""), receipt.toLowerCase()]);
  await reporter.context.close();

  // Staff: the reply key is served with the case, and it is the one inside the encrypted report.
  const record = await (await staff(`/api/v1/staff/reports/${id}/record`)).json();
  assert.match(record.reply_key, /^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
  const report = parseMime((await gpgDecrypt(home, await (await staff(`/api/v1/staff/reports/${id}`)).text())).toString("latin1"));
  const inside = JSON.parse(decode(report.parts[1]).toString("utf8")).reply_key;
  const keyFile = join(mkdtempSync(join(tmpdir(), "sealdrop-reply-key-")), "reporter.asc");
  writeFileSync(keyFile, record.reply_key);
  const insideFile = `${keyFile}.inside`;
  writeFileSync(insideFile, inside);
  const keyHome = await gnupgHome(keyFile);
  const reporterFpr = await fingerprintOf(keyHome, keyFile);
  assert.equal(await fingerprintOf(keyHome, insideFile), reporterFpr, "the served reply key is the one in the report");

  // A reply only to the organisation key is refused; one to the reporter and the organisation is
  // stored. (Encrypted by GnuPG, which imports the organisation key too.)
  const replyHome = await gnupgHome(keyFile, join(ROOT, "examples", "policies", "nimbus-cloud", "security.asc"));
  const pgp = { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/pgp-encrypted" };
  const orgOnlyArmored = String(await gpgEncrypt(replyHome, messageEntity("x"), ORG_FPR));
  const orgOnly = await post(`/api/v1/staff/reports/${id}/messages`, orgOnlyArmored, pgp);
  assert.equal(orgOnly.status, 422);
  assert.equal((await orgOnly.json()).error.code, "recipient_missing");
  const replyText = `We reproduced it and are fixing it. ${marker}`;
  const reply = await post(
    `/api/v1/staff/reports/${id}/messages`,
    await gpgEncrypt(replyHome, messageEntity(replyText), ORG_FPR, reporterFpr),
    pgp,
  );
  assert.equal(reply.status, 201, await reply.clone().text());
  // A reply signed, but by a key that is not the organisation's or a staff member's (the
  // stranger's): what a deployment holding some other key could post.
  const strangerHome = await gnupgHome(keyFile, join(ROOT, "examples", "policies", "nimbus-cloud", "security.asc"),
    join(ROOT, "tests", "fixtures", "keys", "stranger.sec.asc"));
  const strangerText = `Please send us your password. ${marker}`;
  const signedByStranger = await ok("gpg", [
    "--homedir", strangerHome, "--batch", "--quiet", "--armor", "--trust-model", "always", "--sign", "--encrypt",
    "--recipient", ORG_FPR, "--recipient", reporterFpr,
  ], { input: messageEntity(strangerText) });
  const forged = await post(`/api/v1/staff/reports/${id}/messages`, signedByStranger.toString(), pgp);
  assert.equal(forged.status, 201, await forged.clone().text());

  // The same through the CLI, which checks the served key against the report first.
  const dir = mkdtempSync(join(tmpdir(), "sealdrop-reply-"));
  const cliText = `A fix is scheduled for January. ${marker}`;
  writeFileSync(join(dir, "reply.txt"), cliText);
  const patch = Buffer.concat([Buffer.from(`patch ${marker}\n`), randomBytes(3000)]);
  writeFileSync(join(dir, "fix.patch"), patch);
  const sent = await cli([
    "reply", id, "--message-file", join(dir, "reply.txt"), "--attach", join(dir, "fix.patch"), "--key", orgSecretKeyPath(),
  ]);
  assert.equal(sent.status, 0, sent.stderr);
  assert.match(sent.stdout, /^Reply [0-9A-Z]{26} sent on case/);

  // Status: accepted, then fixing with an expected resolution date.
  for (const body of [{ status: "accepted" }, { status: "fixing", expected_resolution: "2027-01-15" }]) {
    const r = await post(`/api/v1/staff/reports/${id}/status`, JSON.stringify(body), {
      Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json",
    });
    assert.equal(r.status, 200, await r.text());
  }
  // A planned disclosure date, which the reporter sees.
  const planned = await cli(["disclosure", id, "2027-03-15"]);
  assert.equal(planned.status, 0, planned.stderr);

  // A fresh browser: the receipt, typed loosely, opens the case; the replies are decrypted here.
  const fresh = await openRecorded(browser, `${DEMO}/`);
  const f = fresh.page.frameLocator("iframe.sealdrop-frame");
  await f.getByRole("button", { name: "Follow up on a report" }).click();
  const typed = receipt.toLowerCase().replaceAll("-", " ");
  await f.locator("[name=receipt]").fill(typed);
  await f.locator("[name=remember]").check();
  await f.getByRole("button", { name: "Open my report" }).click();
  await f.locator(".sd-case").waitFor({ timeout: 30000 });
  // "Remember on this device" keeps the receipt, and only the receipt, in the frame's storage.
  const frameOf = () => fresh.page.frames().find((x) => x.url().startsWith(WORKER));
  const kept = await frameOf().evaluate(() => Object.fromEntries(Object.entries(localStorage)));
  assert.deepEqual(kept, { "sealdrop.receipt": typed });
  assert.equal(await f.locator(".sd-case").getAttribute("data-case-id"), id);
  for (const stage of ["received", "acknowledged", "triaged", "fixing"]) {
    assert.equal(await f.locator(`[data-stage=${stage}]`).getAttribute("data-reached"), "true", stage);
    assert.match(await f.locator(`[data-stage=${stage}] time`).getAttribute("datetime"), /^\d{4}-\d\d-\d\dT/);
  }
  for (const stage of ["resolved", "disclosed"]) {
    assert.equal(await f.locator(`[data-stage=${stage}]`).getAttribute("data-reached"), "false", stage);
  }
  assert.equal(await f.locator("[data-stage=fixing] time").getAttribute("data-expected-resolution"), "2027-01-15");
  assert.match(await f.locator("[data-stage=triaged]").textContent(), /accepted/);
  assert.equal(await f.locator("[data-planned-disclosure]").getAttribute("data-planned-disclosure"), "2027-03-15");
  assert.match(await f.locator("[data-planned-disclosure]").textContent(), /Planned disclosure: 15 March 2027/);
  // Each message is decrypted in the encryption module, "Decrypting…" until then.
  await f.locator(".sd-decrypting").first().waitFor({ state: "detached", timeout: 30000 });
  const staffMessages = f.locator(".sd-message[data-author=staff] .sd-message-text");
  assert.equal(await staffMessages.count(), 3);
  assert.equal((await staffMessages.nth(0).textContent()).trim(), replyText);
  assert.equal((await staffMessages.nth(1).textContent()).trim(), strangerText);
  assert.equal((await staffMessages.nth(2).textContent()).trim(), cliText);
  // Each reply's signature, checked here against the policy's keys: GnuPG's unsigned reply and the
  // stranger's carry a warning; the CLI's is signed by the organisation key.
  const signatures = f.locator(".sd-message[data-author=staff] .sd-signature");
  assert.deepEqual(await signatures.evaluateAll((els) => els.map((e) => e.dataset.signature)), ["unsigned", "invalid", "valid"]);
  assert.match(await signatures.nth(0).textContent(), /not signed by the security team/);
  assert.match(await signatures.nth(1).textContent(), /not by the security team's keys/);
  assert.match(await signatures.nth(2).textContent(), new RegExp(`Signed by ${POLICY.public.organisation.name}`));
  // The file staff attached is decrypted here and offered as a download, byte for byte.
  const link = f.locator(".sd-message[data-author=staff] .sd-message-files a");
  assert.equal((await link.textContent()).trim(), "fix.patch");
  const fileDownload = fresh.page.waitForEvent("download");
  await link.click();
  const file = await fileDownload;
  assert.equal(file.suggestedFilename(), "fix.patch");
  assert.ok(readFileSync(await file.path()).equals(patch), "the attachment arrives intact");

  // The reporter answers; the answer comes back readable to them and reaches staff as PGP/MIME.
  const answer = `Thanks! Happy to retest. ${marker}-answer`;
  await f.locator("[name=message]").fill(answer);
  await f.getByRole("button", { name: "Encrypt and send message" }).click();
  await f.locator(".sd-message[data-author=reporter] .sd-signature").waitFor({ timeout: 30000 });
  assert.equal((await f.locator(".sd-message[data-author=reporter] .sd-message-text").textContent()).trim(), answer);
  assert.equal(await f.locator(".sd-message[data-author=reporter] .sd-signature").getAttribute("data-signature"), "valid");
  noSecretsIn(fresh.requests, [receipt, receipt.replaceAll("-", ""), answer, replyText, cliText]);
  const storedText = await frameOf().evaluate(() => JSON.stringify(localStorage));
  for (const text of [answer, replyText, cliText, strangerText]) assert.ok(!storedText.includes(text), "no message is stored");
  await f.getByRole("button", { name: "Forget my receipt on this device" }).click();
  assert.equal(await frameOf().evaluate(() => localStorage.length), 0, "forgotten");
  assert.deepEqual(fresh.cspViolations, []);
  await fresh.context.close();

  // A deployment that serves one message the receipt cannot open (one for the organisation only,
  // which the worker itself would refuse): that one says so, and every other is still decrypted
  // by the encryption module (its failure does not stop the worker under the others).
  const proxy = await tamperingProxy(WORKER, async ({ method, path, body }) => {
    if (method !== "POST" || path !== "/api/v1/followup") return undefined;
    const served = JSON.parse(body.toString("utf8"));
    served.messages.find((m) => m.author === "staff").armored = orgOnlyArmored;
    return Buffer.from(JSON.stringify(served));
  });
  const host = await hostPage((await pinnedSnippet(DEMO)).replaceAll(WORKER, proxy.origin), proxy.origin);
  try {
    const hostile = await openRecorded(browser, host.url);
    const h = hostile.page.frameLocator("iframe.sealdrop-frame");
    await h.getByRole("button", { name: "Follow up on a report" }).click();
    await h.locator("[name=receipt]").fill(receipt);
    await h.getByRole("button", { name: "Open my report" }).click();
    await h.locator(".sd-case").waitFor({ timeout: 30000 });
    await h.locator(".sd-decrypting").first().waitFor({ state: "detached", timeout: 30000 });
    const shownTexts = (await h.locator(".sd-message[data-author=staff] .sd-message-text").allTextContents()).map((t) => t.trim());
    assert.match(shownTexts[0], /cannot be decrypted with your receipt/);
    assert.deepEqual(shownTexts.slice(1), [strangerText, cliText]);
    await hostile.context.close();
  } finally {
    await host.close();
    await proxy.close();
  }

  // The documented KDF, computed independently here, opens the same case; a retried answer (the
  // same ciphertext again) is stored once.
  const token = lookupToken(receipt);
  const view = await (await lookup(token)).json();
  assert.equal(view.id, id);
  assert.deepEqual(view.timeline.map((s) => s.status), ["received", "accepted", "fixing"]);
  const own = view.messages.filter((m) => m.author === "reporter");
  assert.equal(own.length, 1);
  const again = await post("/api/v1/followup/messages", own[0].armored, {
    "Content-Type": "application/pgp-encrypted", "X-Sealdrop-Receipt": token,
  });
  assert.equal(again.status, 201);
  assert.equal((await again.json()).id, own[0].id, "a retried answer gets the first answer's id");
  const after = await (await lookup(token)).json();
  assert.equal(after.messages.filter((m) => m.author === "reporter").length, 1, "stored once");

  const subject = `New message from the reporter of vulnerability report ${id}`;
  const mail = await eventually(() => mails().find((m) => m.includes(subject)), "the answer's e-mail");
  const message = parseMime(mail);
  assert.match(message.headers["content-type"], /^multipart\/encrypted;/);
  assert.ok(!mail.includes(answer), "no plaintext in the e-mail");
  // GnuPG decrypts the answer and, given the reply key from inside the report, verifies that the
  // reporter's browser signed it.
  const answerHome = await gnupgHome(orgSecretKeyPath(), insideFile);
  const gpgAnswer = await run("gpg", ["--homedir", answerHome, "--batch", "--status-fd", "2", "--trust-model", "always", "--decrypt"], {
    input: message.parts[1].body,
  });
  assert.equal(gpgAnswer.status, 0, gpgAnswer.stderr);
  assert.match(gpgAnswer.stderr, new RegExp(`\\[GNUPG:\\] VALIDSIG [0-9A-F]+ .* ${reporterFpr}\\b|\\[GNUPG:\\] VALIDSIG ${reporterFpr}`));
  const opened = parseMime(gpgAnswer.stdout);
  assert.ok(decode(opened.parts[0]).toString("utf8").includes(answer), "GnuPG decrypts the answer");

  // Staff see the whole conversation with `sealdrop show`.
  const shown = await cli(["show", id, "--key", orgSecretKeyPath(), "--out", mkdtempSync(join(tmpdir(), "sealdrop-show-"))]);
  assert.equal(shown.status, 0, shown.stderr);
  for (const text of [replyText, cliText, answer]) assert.ok(shown.stdout.includes(text), text);
});

test("a wrong receipt sees nothing and cannot tell why", async () => {
  const answers = [];
  for (const token of [randomBytes(32).toString("hex"), randomBytes(32).toString("hex")]) {
    const r = await lookup(token);
    answers.push({ status: r.status, type: r.headers.get("content-type"), body: await r.text() });
  }
  assert.equal(answers[0].status, 404);
  assert.deepEqual(answers[0], answers[1], "every wrong receipt gets the same answer");
  assert.equal(JSON.parse(answers[0].body).error.code, "receipt_unknown");
  const wrongMessage = await post("/api/v1/followup/messages", "-----BEGIN PGP MESSAGE-----", {
    "Content-Type": "application/pgp-encrypted", "X-Sealdrop-Receipt": randomBytes(32).toString("hex"),
  });
  assert.equal(wrongMessage.status, 404);
  assert.equal((await wrongMessage.json()).error.code, "receipt_unknown");

  // In the browser: a well-formed unknown receipt and a malformed one read the same.
  const { page, context } = await openRecorded(browser, `${DEMO}/`);
  const f = page.frameLocator("iframe.sealdrop-frame");
  await f.getByRole("button", { name: "Follow up on a report" }).click();
  const texts = [];
  for (const typed of ["ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789", "not a receipt"]) {
    await f.locator("[name=receipt]").fill(typed);
    await f.getByRole("button", { name: "Open my report" }).click();
    await f.locator("#sd-followup-error:not(:empty)").waitFor({ timeout: 30000 });
    texts.push((await f.locator("#sd-followup-error").textContent()).trim());
    assert.equal(await f.locator("[name=receipt]").getAttribute("aria-invalid"), "true");
    assert.equal(await f.locator(".sd-case").count(), 0);
  }
  assert.match(texts[0], /No report matches this receipt/);
  assert.equal(texts[0], texts[1]);
  await context.close();
});

test("a client over its look-up limit does not use up everybody's: refused look-ups are not counted", async () => {
  // 20 look-ups per client per ten-minute window (the D1 counters), and in front of them the
  // flood gate's 120 per minute. One client tries 150: the first 120 reach the counters, which
  // admit 20 and refuse 100. Everybody's counter (bucket `all`) must grow by the 20 admitted
  // only; had the refused tries been counted, it would grow by at least 120.
  const window = await earlyInWindow(600, 120);
  const everybody = async () =>
    Number((await d1(`SELECT count FROM rate_limits WHERE bucket = 'all' AND window = ${window}`))[0]?.count ?? 0);
  const before = await everybody();
  const from = (ip) => (token) => post("/api/v1/followup", JSON.stringify({ token }), {
    "Content-Type": "application/json", "CF-Connecting-IP": ip,
  });
  const flood = from("198.51.100.9");
  const statuses = [];
  for (let i = 0; i < 150; i++) {
    const r = await flood(randomBytes(32).toString("hex"));
    statuses.push(r.status);
    await r.arrayBuffer();
  }
  assert.equal(statuses.filter((s) => s === 404).length, 20, "the client's own 20");
  assert.equal(statuses.filter((s) => s === 429).length, 130);
  assert.equal(await everybody(), before + 20, "only the admitted look-ups count towards everybody's budget");
  const other = await from("198.51.100.10")(randomBytes(32).toString("hex"));
  assert.equal(other.status, 404, "another client still gets an answer");
  assert.equal(await everybody(), before + 21);
  assert.equal(windowNow(600), window, "every try fell in one window");
});

test("receipt look-ups are rate limited per client", async () => {
  let response;
  for (let i = 0; i < 200; i++) {
    response = await lookup(randomBytes(32).toString("hex"));
    if (response.status !== 404) break;
    await response.arrayBuffer();
  }
  assert.equal(response.status, 429, "the client is stopped");
  const body = await response.json();
  assert.equal(body.error.code, "rate_limited");
  assert.ok(Number(response.headers.get("retry-after")) > 0, "Retry-After says when to come back");
});

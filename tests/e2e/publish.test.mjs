// What the organisation publishes from its policy, checked by independent tools: security.txt by
// the `sectxt` validator (PyPI), WKD by GnuPG, the pages in headless Chromium; the hall of fame
// renders an injection attempt inert. CORS answers only the origins the policy lists.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { WORKER, DEMO, POLICY, TOKEN, ROOT, gnupgHome, gpgEncrypt, fingerprintOf, submit, ok, run, policyText } from "./lib.mjs";
import { launch } from "./browser.mjs";

const PYTHON = process.env.SEALDROP_PYTHON;
const PAGES = process.env.SEALDROP_PAGES_DIR;
assert.ok(PYTHON && PAGES, "run through `cargo xtask test` (SEALDROP_PYTHON, SEALDROP_PAGES_DIR)");
const scratch = mkdtempSync(join(tmpdir(), "sealdrop-publish-"));

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Runs sectxt on files; returns [{path, errors, recommendations}]. */
async function sectxt(...files) {
  const out = (await ok(PYTHON, [join(ROOT, "tests", "e2e", "sectxt_check.py"), ...files])).toString();
  return out.trim().split("\n").map((line) => JSON.parse(line));
}

test("security.txt is served as RFC 9116 text that the sectxt validator accepts", async () => {
  const res = await fetch(`${WORKER}/.well-known/security.txt`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/plain; charset=utf-8");
  const body = await res.text();
  const base = POLICY.public.publish.base_url;
  assert.ok(base?.startsWith("https://"), "the test policy sets publish.base_url");
  assert.match(body, new RegExp(`^Contact: ${base}/policy/$`, "m"));
  assert.match(body, new RegExp(`^Canonical: ${base}/.well-known/security.txt$`, "m"));
  const expires = new Date(body.match(/^Expires: (.+)$/m)[1]);
  const days = (expires - Date.now()) / 86400000;
  assert.ok(days > 30 && days <= 366, `Expires is ahead but at most a year: ${days} days`);
  const served = join(scratch, "served-security.txt");
  writeFileSync(served, body);
  // The generated file of every example policy too (written by the native tests).
  const examples = readdirSync(PAGES).filter((f) => f.endsWith(".security.txt")).map((f) => join(PAGES, f));
  assert.equal(examples.length, 5, "one security.txt per example policy");
  for (const result of await sectxt(served, ...examples)) {
    assert.deepEqual(result.errors, [], `${result.path}: ${JSON.stringify(result.errors)}`);
  }
  // The validator is not a rubber stamp: a broken file fails it.
  const broken = join(scratch, "broken-security.txt");
  writeFileSync(broken, "Contact: http://insecure.example/\n");
  const codes = (await sectxt(broken))[0].errors.map((e) => e.code);
  assert.ok(codes.includes("no_expire") && codes.includes("no_https"), codes.join(","));
});

test("the Web Key Directory serves the key under GnuPG's hash of each address", async () => {
  const home = await gnupgHome();
  const keyFile = join(scratch, "org.asc");
  writeFileSync(keyFile, POLICY.public.key.armored);
  const uids = (await ok("gpg", ["--homedir", home, "--batch", "--with-colons", "--show-keys", keyFile]))
    .toString().split("\n").filter((l) => l.startsWith("uid:")).map((l) => l.split(":")[9]);
  const addresses = uids.map((u) => (u.match(/<([^>]+)>/) ?? [null, u])[1]).filter((a) => a.includes("@"));
  assert.ok(addresses.length > 0, "the test key has an address");
  let wks;
  for (const p of ["/usr/lib/gnupg/gpg-wks-client", "gpg-wks-client"]) {
    if (!wks && (await run(p, ["--version"]).catch(() => ({ status: -1 }))).status === 0) wks = p;
  }
  assert.ok(wks, "gpg-wks-client is installed");
  for (const address of addresses) {
    const [hash] = (await ok(wks, ["--print-wkd-hash", address])).toString().trim().split(/\s+/);
    const local = address.split("@")[0];
    const res = await fetch(`${WORKER}/.well-known/openpgpkey/hu/${hash}?l=${encodeURIComponent(local)}`);
    assert.equal(res.status, 200, address);
    assert.equal(res.headers.get("content-type"), "application/octet-stream");
    const binary = join(scratch, `${hash}.gpg`);
    writeFileSync(binary, Buffer.from(await res.arrayBuffer()));
    assert.equal(await fingerprintOf(home, binary), POLICY.public.key.fingerprint, "gpg reads the served key");
    await ok("gpg", ["--homedir", home, "--batch", "--import", binary]);
  }
  const listed = (await ok("gpg", ["--homedir", home, "--batch", "--with-colons", "--list-keys"])).toString();
  assert.ok(listed.includes(POLICY.public.key.fingerprint), "imported");
  const unknown = await fetch(`${WORKER}/.well-known/openpgpkey/hu/yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy`);
  assert.equal(unknown.status, 404);
  assert.equal((await unknown.json()).error.code, "key_not_found");
  assert.equal((await fetch(`${WORKER}/.well-known/openpgpkey/policy`)).status, 200);
});

test("the policy page shows the policy, hosts the pinned widget and offers the key", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const violations = [];
  page.on("console", (m) => { if (/Content[- ]Security[- ]Policy|Refused to/i.test(m.text())) violations.push(m.text()); });
  const res = await page.goto(`${WORKER}/policy/`);
  assert.equal(res.status(), 200);
  assert.match(res.headers()["content-security-policy"], /script-src 'self';/);
  const text = await page.locator("main").innerText();
  for (const rule of POLICY.public.rules.items.map((r) => policyText(r))) assert.ok(text.includes(rule), `rule: ${rule}`);
  const frame = page.frameLocator("iframe.sealdrop-frame");
  await frame.locator("form.sd-form").waitFor({ timeout: 30000 });
  const key = await fetch(`${WORKER}/policy/key.asc`);
  assert.equal(key.headers.get("content-type"), "application/pgp-keys");
  assert.equal(await key.text(), POLICY.public.key.armored);
  assert.deepEqual(violations, []);
  await context.close();
});

test("each example policy's page shows, in Chromium, everything its policy promises or asks", async () => {
  const slugs = readdirSync(PAGES).filter((f) => f.endsWith(".expect.json")).map((f) => f.replace(".expect.json", ""));
  assert.equal(slugs.length, 5);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  for (const slug of slugs) {
    await page.goto(pathToFileURL(join(PAGES, `${slug}.html`)).href);
    const text = (await page.locator("main").innerText()).replace(/\s+/g, " ");
    for (const expected of JSON.parse(readFileSync(join(PAGES, `${slug}.expect.json`), "utf8"))) {
      assert.ok(text.includes(expected), `${slug}: ${expected}`);
    }
    assert.equal(await page.locator("h1").count(), 1, slug);
  }
  await context.close();
});

test("a published credit appears in the hall of fame and its feed, escaped", async () => {
  const home = await gnupgHome(join(ROOT, "examples", "policies", "nimbus-cloud", "security.asc"));
  const receipt = await (await submit(await gpgEncrypt(home, "credited report", POLICY.public.key.fingerprint))).json();
  const attack = `<img src=x onerror="window.__pwned=1">Mallory`;
  const put = (body, token = TOKEN) => fetch(`${WORKER}/api/v1/staff/reports/${receipt.id}/credit`, {
    method: "PUT",
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  assert.equal((await put({ name: "x", publish: true }, null)).status, 401);
  const bad = await put({ name: "Eve", link: "javascript:alert(1)", publish: true });
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).error.code, "invalid_credit");
  assert.equal((await put({ nom: "Eve" })).status, 400);
  const accepted = await put({ name: attack, link: "https://mallory.example/", publish: true });
  assert.equal(accepted.status, 200, await accepted.clone().text());

  const context = await browser.newContext();
  const page = await context.newPage();
  let dialogs = 0;
  page.on("dialog", (d) => { dialogs += 1; d.dismiss(); });
  await page.goto(`${WORKER}/hall-of-fame/`);
  const entry = page.locator("[data-credit]").first();
  assert.equal(await entry.locator(".name").innerText(), attack, "the name is shown as text");
  assert.equal(await page.locator("main img").count(), 0, "no element was injected");
  assert.equal(await page.evaluate(() => window.__pwned ?? null), null);
  assert.equal(dialogs, 0);
  const month = (receipt.received_at ?? "").slice(0, 7);
  assert.equal(await entry.locator("time").innerText(), month);
  await context.close();

  const feed = await (await fetch(`${WORKER}/hall-of-fame/feed.json`)).json();
  assert.equal(feed.version, "https://jsonfeed.org/version/1.1");
  assert.equal(feed.items[0].title, attack);
  assert.equal(feed.items[0].url, "https://mallory.example/");
  assert.ok(!JSON.stringify(feed).includes(receipt.id), "the feed does not reveal case ids");

  // Unpublishing removes it.
  assert.equal((await put({ name: attack, publish: false })).status, 200);
  const after = await (await fetch(`${WORKER}/hall-of-fame/feed.json`)).json();
  assert.ok(after.items.every((i) => i.title !== attack));
});

test("CORS: any origin may call the public API without credentials, the staff API none", async () => {
  const preflight = (origin) => fetch(`${WORKER}/api/v1/reports`, {
    method: "OPTIONS",
    headers: { Origin: origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type,idempotency-key" },
  });
  // The pinned widget's frame has an opaque origin: its requests say `Origin: null`.
  for (const origin of [DEMO, "null", "https://elsewhere.example"]) {
    const answer = await preflight(origin);
    assert.equal(answer.status, 204, origin);
    assert.equal(answer.headers.get("access-control-allow-origin"), "*", origin);
    assert.match(answer.headers.get("access-control-allow-headers"), /Idempotency-Key/);
    assert.equal(answer.headers.get("access-control-allow-credentials"), null);
    const policy = await fetch(`${WORKER}/api/v1/policy`, { headers: { Origin: origin } });
    assert.equal(policy.headers.get("access-control-allow-origin"), "*", origin);
  }
  // The staff API never answers cross-origin.
  const staffPreflight = await fetch(`${WORKER}/api/v1/staff/reports`, { method: "OPTIONS", headers: { Origin: DEMO } });
  assert.equal(staffPreflight.status, 405);
  // The widget's frame may be embedded by exactly the listed origins (and its own policy page).
  const frame = await fetch(`${WORKER}/widget/`);
  const ancestors = frame.headers.get("content-security-policy").match(/frame-ancestors ([^;]+)/)[1].trim().split(/\s+/);
  assert.deepEqual(new Set(ancestors), new Set(["'self'", ...POLICY.public.embed.origins]));
});

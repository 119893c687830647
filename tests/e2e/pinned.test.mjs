// The pinned code chain, in real headless Chromium against the real local stack: the embed snippet
// pins the loader by its hash, the loader pins the frame's script and stylesheet (and the script
// the wasm) and the policy's keys. A deployment that changes one byte of any of them gets nothing
// to run and nothing sent; a page that does not pin runs the same change. The attacker is a proxy
// in front of the worker (tests/e2e/proxy.mjs): it can change every answer, as whoever controls
// the deployment can.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  WORKER, DEMO, POLICY, FIXTURES, orgSecretKeyPath, gnupgHome, gpgDecrypt, staff, parseMime, decode, eventually,
  fillMinimalReport,
} from "./lib.mjs";
import { sharedBrowser, openRecorded, bodyText } from "./browser.mjs";
import {
  tamperingProxy, pinnedSnippet, hostPage, anyAncestor, tamperWasm, tamperCrypto, tamperByte, sri, WASM_PATH, JS_PATH, CSS_PATH, CRYPTO_PATH, CRYPTO_WASM_PATH,
} from "./proxy.mjs";

const EMBED = JSON.parse(readFileSync(process.env.SEALDROP_EMBED_JSON, "utf8"));

const browser = sharedBrowser();

const home = await gnupgHome(orgSecretKeyPath());

/** Waits for the pinned embed to give up: the frame removed, the fallback shown; returns the
 * reason. Faster than the loader's 60 s start timeout, so a fallback for any other reason than
 * the one under test shows in the reason, not as a pass. */
async function expectFallback(page, what) {
  const fallback = page.locator("#sealdrop-fallback");
  await fallback.waitFor({ state: "visible", timeout: 20000 });
  const text = await fallback.textContent();
  assert.ok(text.includes(`To report a security vulnerability to ${POLICY.public.organisation.name}`), `${what}: ${text}`);
  assert.match(text, /OpenPGP key/, what);
  assert.equal(await page.locator("iframe.sealdrop-frame").count(), 0, `${what}: no frame left`);
  return (await fallback.getAttribute("data-sealdrop-failed")) ?? "";
}

const posts = (hits) => hits.filter((h) => h.startsWith("POST "));

test("the pinned snippet: a sealed frame (opaque origin) runs the form, posts only ciphertext with Origin: null, GnuPG decrypts it", async () => {
  const snippet = await pinnedSnippet(DEMO);
  assert.match(snippet, new RegExp(`<script src="${WORKER}/sealdrop-[0-9a-f]{12}\\.js" integrity="sha384-[A-Za-z0-9+/=]{64}" crossorigin="anonymous"`));
  const { page, context, requests, cspViolations, consoleMessages } = await openRecorded(browser, `${DEMO}/pinned.html`);
  const frame = page.frameLocator("iframe.sealdrop-frame");
  await frame.locator("form.sd-form").waitFor({ timeout: 30000 });
  // The loader ran, so it hid the fallback; the frame is sandboxed without allow-same-origin.
  assert.equal(await page.locator("#sealdrop-fallback").isHidden(), true);
  const iframe = page.locator("iframe.sealdrop-frame");
  assert.equal(await iframe.getAttribute("sandbox"), "allow-scripts allow-forms allow-downloads");
  assert.equal(await iframe.getAttribute("src"), null, "the loader builds the document itself");
  const inner = page.frames().find((f) => f.url() === "about:srcdoc");
  assert.ok(inner, "a loader-built document");
  assert.equal(await inner.evaluate(() => window.origin), "null", "an opaque origin");
  assert.equal(await inner.evaluate(() => { try { return typeof localStorage.length; } catch { return "no storage"; } }), "no storage");
  // Nothing on the host page can read the form.
  assert.equal(await page.evaluate(() => { try { return document.querySelector("iframe").contentDocument === null; } catch { return true; } }), true);
  // The trust indicators: code and keys pinned, who can read the report.
  assert.equal(await frame.locator(".sd-trust").getAttribute("data-pinned"), "code-and-keys");
  await frame.locator(".sd-readers [data-fingerprint]").first().waitFor({ timeout: 30000 });
  const readers = await frame.locator(".sd-readers [data-fingerprint]").evaluateAll((els) => els.map((e) => e.dataset.fingerprint));
  assert.deepEqual(readers, [POLICY.public.key.fingerprint, ...POLICY.public.staff_keys.map((k) => k.fingerprint)]);

  const marker = randomBytes(6).toString("hex");
  const host = POLICY.public.scope.in_scope.find((s) => !s.startsWith("*") && !/\d/.test(s));
  const values = {
    title: `Pinned embed report ${marker}`,
    affected: `https://app.${host}/pinned`,
    description: `Found through the pinned embed. marker-desc-${marker}`,
    prerequisites: "None.",
    steps: `1. Open it. marker-steps-${marker}`,
    impact: `Everything. marker-impact-${marker}`,
    contact: `pinned-${marker}@example.net`,
  };
  for (const [name, value] of Object.entries(values)) await frame.locator(`[name=${name}]`).fill(value);
  await frame.locator("[name=vulnerability_type]").selectOption("Cross-site scripting (XSS)");
  await frame.locator("[name=consent]").check();
  await frame.locator("form.sd-form button[type=submit]").click();
  const caseId = await frame.locator("[data-case-id]").getAttribute("data-case-id", { timeout: 30000 });
  assert.match(caseId, /^[0-9A-HJKMNP-TV-Z]{26}$/);
  // It was sealed in the encryption worker (a dedicated worker from the sealed frame's blob:), not on the page.
  assert.deepEqual(page.workers().map((w) => w.url().replace(/[0-9a-f-]{36}$/, "…")), ["blob:null/…"]);
  assert.deepEqual(consoleMessages.filter((m) => /encrypting on the page/.test(m)), []);
  assert.equal(await frame.locator("#sealdrop").getAttribute("data-sealed-in"), "worker");

  const sent = requests.filter((r) => r.method === "POST" && r.url === `${WORKER}/api/v1/reports`);
  assert.equal(sent.length, 1);
  assert.equal((await sent[0].allHeaders).origin, "null", "the sealed frame's requests say Origin: null");
  assert.match(sent[0].body.toString(), /^-----BEGIN PGP MESSAGE-----[^]*-----END PGP MESSAGE-----\s*$/, "the whole body was recorded");
  for (const r of requests) {
    const body = bodyText(r);
    for (const value of [marker, ...Object.values(values)]) assert.ok(!body.includes(value) && !r.url.includes(value), `${r.url} carries typed text`);
  }
  const stored = await (await staff(`/api/v1/staff/reports/${caseId}`)).text();
  const entity = parseMime((await gpgDecrypt(home, stored)).toString("latin1"));
  assert.equal(JSON.parse(decode(entity.parts[1]).toString("utf8")).fields.title, values.title);

  // Follow-up in a sealed frame: no "remember on this device", the receipt file instead.
  await frame.getByRole("button", { name: "Follow up on a report" }).click();
  assert.equal(await frame.locator("[name=remember]").count(), 0);
  assert.match(await frame.locator(".sd-no-storage").textContent(), /receipt file/);
  assert.deepEqual(cspViolations, []);
  await context.close();
});

/**
 * One tampering scenario: a proxy that changes some answers, a host page embedding through it
 * (pinned, and an unpinned control), and what each must show.
 */
const scenarios = [
  {
    what: "one byte of the wasm",
    rewrite: ({ path, body }) => (WASM_PATH.test(path) ? tamperWasm(body) : undefined),
    // The pinned frame's script fetched the wasm with its hash: refused, so it never asked for
    // the policy (the wasm does that first).
    ranNothing: (hits) => hits.some((h) => WASM_PATH.test(h.split(" ")[1])) && !hits.some((h) => h.startsWith("GET /api/v1/policy")),
    reason: /wasm failed its integrity check/,
  },
  {
    what: "one byte of the wasm, and the frame's script changed to accept it",
    rewrite: async ({ path, body }) => {
      if (WASM_PATH.test(path)) return tamperWasm(body);
      if (JS_PATH.test(path)) {
        // What a deployment does to make its changed wasm run: put the changed wasm's hash in
        // the script that checks it.
        const text = body.toString("utf8");
        const wasm = text.match(/"(sealdrop_widget-[0-9a-f]+\.wasm)"/)[1];
        const original = Buffer.from(await (await fetch(`${WORKER}/widget/assets/${wasm}`)).arrayBuffer());
        const changed = tamperWasm(original);
        if (!text.includes(sri(original))) throw new Error("the frame's script does not carry the wasm's hash");
        return Buffer.from(text.replace(sri(original), () => sri(changed)));
      }
      // The unpinned frame document pins nothing a deployment cannot rewrite.
      if (path.startsWith("/widget/?") || path === "/widget/") {
        return Buffer.from(body.toString("utf8").replace(/ integrity="[^"]*"/g, ""));
      }
      return undefined;
    },
    // The loader checked the script's hash before building the frame: nothing of the frame ran.
    ranNothing: (hits) => !hits.some((h) => WASM_PATH.test(h.split(" ")[1]) || h.startsWith("GET /api/v1/policy")),
    reason: /does not match what this page pinned/,
    control: "unpinned-runs-tampered-wasm",
  },
  {
    what: "the encryption module's script (other valid code)",
    rewrite: ({ path, body }) => (CRYPTO_PATH.test(path) ? tamperCrypto(body) : undefined),
    // The frame's script fetched it with its hash: refused before any worker ran it; the keys
    // could not be checked, the frame gave up and nothing was sent.
    ranNothing: (hits) => hits.some((h) => CRYPTO_PATH.test(h.split(" ")[1])),
    reason: /encryption module's script failed its integrity check/,
  },
  {
    what: "one byte of the encryption module's wasm",
    rewrite: ({ path, body }) => (CRYPTO_WASM_PATH.test(path) ? tamperByte(body) : undefined),
    ranNothing: (hits) => hits.some((h) => CRYPTO_WASM_PATH.test(h.split(" ")[1])),
    reason: /encryption module's wasm failed its integrity check/,
  },
  {
    what: "one byte of the stylesheet",
    rewrite: ({ path, body }) => {
      if (CSS_PATH.test(path)) return Buffer.from(body.toString("utf8").replace("{", " {"));
      if (path.startsWith("/widget/?") || path === "/widget/") return Buffer.from(body.toString("utf8").replace(/ integrity="[^"]*"/g, ""));
      return undefined;
    },
    ranNothing: (hits) => !hits.some((h) => WASM_PATH.test(h.split(" ")[1]) || h.startsWith("GET /api/v1/policy")),
    reason: /does not match what this page pinned/,
    control: "unpinned-runs",
  },
  {
    what: "one byte of the loader (which builds the frame document)",
    rewrite: ({ path, body }) => (path === `/${EMBED.loader}` ? Buffer.from(body.toString("utf8").replace('"sealdrop-frame"', '"sealdrop-frame tampered"')) : undefined),
    // The host page's integrity attribute refused the loader: no frame file was even asked for.
    ranNothing: (hits) => !hits.some((h) => h.includes("/widget/")),
    // The loader never ran, so nobody could say why: the fallback simply stayed.
    reason: /^$/,
    control: "unpinned-loader-runs",
  },
  {
    what: "the policy with one more staff key",
    rewrite: ({ method, path, body }) => {
      if (method !== "GET" || path !== "/api/v1/policy") return undefined;
      const policy = JSON.parse(body.toString("utf8"));
      const armored = readFileSync(join(FIXTURES, "keys", "stranger.pub.asc"), "utf8");
      policy.staff_keys = [...(policy.staff_keys ?? []), { armored, fingerprint: policy.key.fingerprint }];
      return Buffer.from(JSON.stringify(policy));
    },
    // The pinned code ran, compared the keys with its pins, and sent nothing.
    ranNothing: (hits) => hits.some((h) => h.startsWith("GET /api/v1/policy")),
    reason: /adds staff key/,
    control: "unpinned-shows-extra-key",
  },
  {
    what: "the policy with a staff key served as the organisation's",
    rewrite: ({ method, path, body }) => {
      if (method !== "GET" || path !== "/api/v1/policy") return undefined;
      const policy = JSON.parse(body.toString("utf8"));
      const [staffKey, ...rest] = policy.staff_keys;
      return Buffer.from(JSON.stringify({ ...policy, key: staffKey, staff_keys: [policy.key, ...rest] }));
    },
    ranNothing: (hits) => hits.some((h) => h.startsWith("GET /api/v1/policy")),
    reason: /is not the one this page pinned/,
  },
];

for (const scenario of scenarios) {
  test(`a deployment that changes ${scenario.what}: the pinned embed runs nothing of it, sends nothing and shows the fallback`, async () => {
    const proxy = await tamperingProxy(WORKER, anyAncestor(scenario.rewrite));
    const snippet = (await pinnedSnippet(DEMO)).replaceAll(WORKER, proxy.origin);
    const pinned = await hostPage(snippet, proxy.origin);
    try {
      proxy.hits.length = 0;
      const { page, context, requests } = await openRecorded(browser, pinned.url);
      const reason = await expectFallback(page, scenario.what);
      assert.match(reason, scenario.reason, scenario.what);
      assert.ok(scenario.ranNothing(proxy.hits), `${scenario.what}: ${proxy.hits.join(", ")}`);
      assert.deepEqual(posts(proxy.hits), [], "nothing was sent");
      assert.equal(requests.filter((r) => r.method === "POST").length, 0);
      assert.equal(await page.getByText("Xeport a vulnerability").count(), 0);
      await context.close();

      // The control: the same change, on a page that does not pin, runs.
      const controls = {
        "unpinned-runs-tampered-wasm": {
          body: `<script src="${proxy.origin}/sealdrop.js" async></script>`,
          check: (p) => p.frameLocator("iframe.sealdrop-frame").getByText("Xeport a vulnerability to").waitFor({ timeout: 30000 }),
        },
        "unpinned-runs": {
          body: `<script src="${proxy.origin}/sealdrop.js" async></script>`,
          check: (p) => p.frameLocator("iframe.sealdrop-frame").locator("form.sd-form").waitFor({ timeout: 30000 }),
        },
        "unpinned-loader-runs": {
          body: snippet.replace(/ integrity="[^"]*"/, ""),
          check: (p) => p.locator("iframe.sealdrop-frame.tampered").waitFor({ timeout: 30000 }),
        },
        "unpinned-shows-extra-key": {
          body: `<script src="${proxy.origin}/sealdrop.js" async></script>`,
          check: async (p) => {
            const f = p.frameLocator("iframe.sealdrop-frame");
            await f.locator("form.sd-form").waitFor({ timeout: 30000 });
            await f.locator(".sd-readers [data-fingerprint]").first().waitFor({ timeout: 30000 });
            assert.equal(await f.locator(".sd-trust").getAttribute("data-pinned"), "nothing");
            assert.equal(await f.locator(".sd-readers [data-fingerprint]").count(), 2 + POLICY.public.staff_keys.length, "the extra key is listed");
          },
        },
      };
      const control = controls[scenario.control];
      if (control) {
        const plain = await hostPage(control.body, proxy.origin);
        const { page: p, context: c } = await openRecorded(browser, plain.url);
        try {
          await control.check(p);
        } finally {
          await c.close();
          await plain.close();
        }
      }
    } finally {
      await pinned.close();
      await proxy.close();
    }
  });
}

test("an encryption module that fails its hash after the form is shown: the keys cannot be checked, the loader gives up, nothing is posted", async () => {
  // Answered late (the form shows and takes typing meanwhile), and changed.
  const proxy = await tamperingProxy(WORKER, anyAncestor(async ({ path, body }) => {
    if (!CRYPTO_PATH.test(path)) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 8000));
    return tamperCrypto(body);
  }));
  const snippet = (await pinnedSnippet(DEMO)).replaceAll(WORKER, proxy.origin);
  const host = await hostPage(snippet, proxy.origin);
  try {
    const { page, context } = await openRecorded(browser, host.url);
    const frame = page.frameLocator("iframe.sealdrop-frame");
    await frame.locator("form.sd-form").waitFor({ timeout: 30000 });
    // Until the encryption module has checked the keys, the form says so and lists none.
    assert.equal(await frame.locator(".sd-readers [data-fingerprint]").count(), 0);
    assert.match(await frame.locator(".sd-readers").textContent(), /Checking the keys/);
    await fillMinimalReport(frame, "Late tampered module");
    await frame.locator("form.sd-form button[type=submit]").click();
    const reason = await expectFallback(page, "a late tampered encryption module");
    assert.match(reason, /encryption module's script failed its integrity check/);
    assert.deepEqual(posts(proxy.hits), [], "nothing was sent");
    assert.deepEqual(page.workers(), [], "the changed script never ran");
    await context.close();
  } finally {
    await host.close();
    await proxy.close();
  }
});

test("a host page whose CSP forbids blob: workers still sends the report: the page encrypts it itself, and says so", async () => {
  const snippet = await pinnedSnippet(DEMO);
  const host = await hostPage(snippet, WORKER, { workers: false });
  try {
    const { page, context, requests, consoleMessages } = await openRecorded(browser, host.url);
    const frame = page.frameLocator("iframe.sealdrop-frame");
    await frame.locator("form.sd-form").waitFor({ timeout: 30000 });
    await fillMinimalReport(frame, "No workers here");
    await frame.locator("form.sd-form button[type=submit]").click();
    const caseId = await frame.locator("[data-case-id]").getAttribute("data-case-id", { timeout: 30000 });
    assert.deepEqual(page.workers(), [], "no worker could start");
    assert.equal(await frame.locator("#sealdrop").getAttribute("data-sealed-in"), "page");
    assert.equal(consoleMessages.filter((m) => /Sealdrop: encrypting on the page, without a worker/.test(m)).length, 1, consoleMessages.join("\n"));
    assert.equal(requests.filter((r) => r.method === "POST").length, 1);
    const stored = await (await staff(`/api/v1/staff/reports/${caseId}`)).text();
    const entity = parseMime((await gpgDecrypt(home, stored)).toString("latin1"));
    assert.equal(JSON.parse(decode(entity.parts[1]).toString("utf8")).fields.title, "No workers here");
    await context.close();
  } finally {
    await host.close();
  }
});

test("a host page whose CSP blocks the reporting server gets the fallback with what to allow", async () => {
  const snippet = await pinnedSnippet(DEMO);
  const server = createServer((req, res) => {
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      // Scripts from the worker, but no connections to it.
      "content-security-policy": `default-src 'self'; script-src 'self' ${WORKER}; connect-src 'self'`,
    });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Strict</title></head><body>${snippet}</body></html>`);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { page, context } = await openRecorded(browser, `http://127.0.0.1:${server.address().port}/`);
    await expectFallback(page, "a blocking CSP");
    const reason = await eventually(() => page.locator("#sealdrop-fallback").getAttribute("data-sealdrop-failed"), "the reason");
    assert.match(reason, /Content-Security-Policy blocks .*connect-src/);
    await context.close();
  } finally {
    await new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); });
  }
});

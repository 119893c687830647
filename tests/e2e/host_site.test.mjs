// The form on the host's site, in real headless Chromium against the real local stack: it takes
// the host's theme, accent and font (and refuses values that are not what they claim to be), it
// tells the host page only whether something is unsent (so the tab asks before it closes), and it
// takes files dropped onto it (the browser's own drop, through CDP) and pasted screenshots,
// which GnuPG then finds in the report byte for byte.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DEMO, WORKER, ROOT, orgSecretKeyPath, gnupgHome, gpgDecrypt, staff, parseMime, decode, param, eventually, fillMinimalReport, cli, deployedPins,
} from "./lib.mjs";
import { sharedBrowser } from "./browser.mjs";
import { pinnedSnippet, hostPage } from "./proxy.mjs";

const browser = sharedBrowser();
const home = await gnupgHome(orgSecretKeyPath());

/**
 * Opens the demo page that embeds the unpinned snippet with `look` (`{ theme, accent, font }`) as
 * its data attributes (`www/look.html`), in a browser context whose colour scheme is
 * `colorScheme`; records the console and every message the host page receives.
 */
async function openDemo({ look = {}, colorScheme = "light" } = {}) {
  const context = await browser.newContext({ colorScheme });
  return open(context, `${DEMO}/look.html?${new URLSearchParams(look)}`);
}

async function open(context, url) {
  const page = await context.newPage();
  const consoleMessages = [];
  page.on("console", (m) => consoleMessages.push(m.text()));
  // What the host page hears from the frame (a hostile host would record the same).
  await page.addInitScript(() => {
    if (window.top !== window) return;
    window.heard = [];
    window.addEventListener("message", (e) => window.heard.push(JSON.parse(JSON.stringify(e.data))));
  });
  await page.goto(url);
  const frame = page.frameLocator("iframe.sealdrop-frame");
  await frame.locator("form.sd-form").waitFor({ timeout: 30000 });
  return { context, page, frame, consoleMessages };
}

/** The computed styles that show the look: the page's background, the send button's colours,
 * the body's font and the theme attribute. */
function look(frame) {
  return frame.locator("form.sd-form button[type=submit]").evaluate((button) => {
    const style = getComputedStyle(button);
    return {
      theme: document.documentElement.getAttribute("data-theme"),
      background: getComputedStyle(document.body).backgroundColor,
      accent: style.backgroundColor,
      accentText: style.color,
      font: getComputedStyle(document.body).fontFamily,
    };
  });
}

const rgb = (text) => text.match(/\d+/g).slice(0, 3).map(Number);
function contrast(a, b) {
  const lum = ([r, g, bl]) => [r, g, bl].map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }).reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const [x, y] = [lum(rgb(a)), lum(rgb(b))];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

/** axe-core (npm, pinned) run inside the frame: the WCAG 2.2 A and AA rules' violations. */
const AXE = readFileSync(join(ROOT, "node_modules", "axe-core", "axe.min.js"), "utf8");
async function axe(page) {
  const inner = page.frames().find((f) => f !== page.mainFrame());
  await inner.evaluate(AXE);
  const { passed, violations } = await inner.evaluate(async () => {
    const results = await window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] });
    return {
      passed: results.passes.map((r) => r.id),
      violations: results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    };
  });
  // The rules that matter here did run (and found the form): a check that saw nothing would pass.
  for (const rule of ["color-contrast", "label", "aria-valid-attr-value", "button-name"]) {
    assert.ok(passed.includes(rule), `axe checked ${rule}: ${passed.join(", ")}`);
  }
  return violations;
}

const WHITE = "rgb(255, 255, 255)";
const DARK = "rgb(13, 17, 23)";

test("the form follows the reporter's colour scheme unless the host sets data-theme", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { frame, context } = await openDemo({ colorScheme });
    const seen = await look(frame);
    assert.equal(seen.theme, null, "auto is the default");
    assert.equal(seen.background, colorScheme === "dark" ? DARK : WHITE, colorScheme);
    assert.ok(contrast(seen.accent, seen.accentText) >= 4.5, `the send button reads in ${colorScheme}: ${JSON.stringify(seen)}`);
    await context.close();
  }
  const { frame, context } = await openDemo({ look: { theme: "light" }, colorScheme: "dark" });
  assert.equal((await look(frame)).background, WHITE, "data-theme=light wins over a dark system");
  await context.close();
});

test("axe-core finds nothing in the form, with and without its errors, in each language and the light and the dark theme", async () => {
  for (const lang of ["en", "nl", "fr", "de"]) {
    for (const theme of ["light", "dark"]) {
      const { page, frame, context } = await openDemo({ look: { theme, lang } });
      assert.equal(await frame.locator("html").getAttribute("lang"), lang);
      assert.deepEqual(await axe(page), [], `${lang}, ${theme}, empty form`);
      await frame.locator("form.sd-form button[type=submit]").click();
      await frame.locator("[name=title][aria-invalid=true]").waitFor();
      assert.deepEqual(await axe(page), [], `${lang}, ${theme}, every error shown`);
      await context.close();
    }
  }
});

test("the CVSS calculator fills in the vector once every metric is chosen, shows a pasted vector's metrics, and axe finds nothing in it", async () => {
  for (const theme of ["light", "dark"]) {
    const { page, frame, context } = await openDemo({ look: { theme } });
    const severity = frame.locator("[name=severity]");
    const score = frame.locator(".sd-cvss-score");
    await frame.locator(".sd-cvss-calc > summary").click();
    await frame.locator("#sd-severity-calc-version").selectOption("3.1");
    const picks = [["AV", "N"], ["AC", "L"], ["PR", "N"], ["UI", "R"], ["S", "C"], ["C", "L"], ["I", "L"], ["A", "N"]];
    for (const [i, [metric, value]] of picks.entries()) {
      assert.equal(await severity.inputValue(), "", `nothing is written before the last metric (${metric})`);
      await frame.locator(`.sd-cvss-calc select[data-metric=${metric}]`).selectOption(value);
      if (i === picks.length - 2) assert.match(await frame.locator(".sd-cvss-calc .sd-hint").textContent(), /the last metric/);
    }
    assert.equal(await severity.inputValue(), "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N");
    assert.equal(await score.textContent(), "6.1 Medium (CVSS 3.1)");
    assert.deepEqual(await axe(page), [], `${theme}, the calculator open`);
    // Changing one metric rewrites the vector and its score.
    await frame.locator(".sd-cvss-calc select[data-metric=C]").selectOption("H");
    assert.equal(await severity.inputValue(), "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:L/A:N");
    assert.match(await score.textContent(), /^\d+\.\d (Low|Medium|High|Critical) \(CVSS 3\.1\)$/);
    assert.notEqual(await score.textContent(), "6.1 Medium (CVSS 3.1)");
    // Clearing a metric clears the vector and keeps the other picks; choosing it again restores it.
    await frame.locator(".sd-cvss-calc select[data-metric=A]").selectOption("");
    assert.equal(await severity.inputValue(), "");
    assert.equal(await frame.locator(".sd-cvss-calc select[data-metric=AV]").inputValue(), "N");
    await frame.locator(".sd-cvss-calc select[data-metric=A]").selectOption("N");
    assert.equal(await severity.inputValue(), "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:L/A:N");
    // A pasted 4.0 vector switches the calculator to 4.0 and shows its metrics.
    await severity.fill("CVSS:4.0/AV:L/AC:H/AT:P/PR:L/UI:A/VC:H/VI:L/VA:N/SC:L/SI:N/SA:H");
    assert.equal(await frame.locator("#sd-severity-calc-version").inputValue(), "4.0");
    const shown = {};
    for (const select of await frame.locator(".sd-cvss-calc select[data-metric]").all()) {
      shown[await select.getAttribute("data-metric")] = await select.inputValue();
    }
    assert.deepEqual(shown, { AV: "L", AC: "H", AT: "P", PR: "L", UI: "A", VC: "H", VI: "L", VA: "N", SC: "L", SI: "N", SA: "H" });
    assert.match(await score.textContent(), /\(CVSS 4\.0\)$/);
    // A version chosen by hand stays while the reporter types elsewhere.
    await frame.locator("#sd-severity-calc-version").selectOption("3.1");
    await frame.locator("[name=title]").fill("typing elsewhere");
    assert.equal(await frame.locator("#sd-severity-calc-version").inputValue(), "3.1");
    await context.close();
  }
});

test("a page that runs no script embeds the frame itself: the keys are pinned, and a report sent from it reaches GnuPG", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${DEMO}/frame.html`);
  // The page itself runs nothing (its CSP forbids every script) and has no script element.
  assert.equal(await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]').content), "script-src 'none'");
  assert.equal(await page.locator("script").count(), 0);
  const iframe = page.locator("iframe.sealdrop-frame");
  const src = new URL(await iframe.getAttribute("src"));
  assert.equal(src.origin, WORKER);
  assert.equal(src.searchParams.get("host"), DEMO);
  assert.equal(src.searchParams.get("fpr"), deployedPins(), "every key of the policy is pinned");
  // The loader's frame attributes, so the frame works as it does under the loader.
  assert.equal(await iframe.getAttribute("sandbox"), "allow-scripts allow-same-origin allow-forms allow-downloads");
  assert.equal(await iframe.getAttribute("allow"), "clipboard-write");
  const frame = page.frameLocator("iframe.sealdrop-frame");
  await frame.locator("form.sd-form").waitFor({ timeout: 30000 });
  assert.equal(await frame.locator(".sd-trust").getAttribute("data-pinned"), "keys");
  const marker = `frame-only-${randomBytes(6).toString("hex")}`;
  await fillMinimalReport(frame, marker);
  await frame.locator("form.sd-form button[type=submit]").click();
  const caseId = await frame.locator("[data-case-id]").getAttribute("data-case-id", { timeout: 30000 });
  const stored = await staff(`/api/v1/staff/reports/${caseId}`);
  assert.equal(stored.status, 200);
  const entity = parseMime((await gpgDecrypt(home, await stored.text())).toString("latin1"));
  assert.ok(decode(entity.parts[0]).toString("utf8").includes(`Title: ${marker}`));
  await context.close();
});

test("the host's accent and font are used, adjusted to stay readable, in the unpinned and the pinned embed", async () => {
  // Unpinned, dark: a yellow accent reads on the dark background as it is.
  {
    const { frame, context, consoleMessages } = await openDemo({
      look: { theme: "dark", accent: "#ffcc00", font: "Georgia, serif" }, colorScheme: "light",
    });
    const seen = await look(frame);
    assert.equal(seen.theme, "dark");
    assert.equal(seen.background, DARK);
    assert.equal(seen.accent, "rgb(255, 204, 0)");
    assert.equal(seen.accentText, "rgb(0, 0, 0)");
    assert.match(seen.font, /^"?Georgia"?, serif, system-ui, sans-serif$/);
    assert.deepEqual(consoleMessages.filter((m) => m.includes("is not used")), []);
    await context.close();
  }
  // Pinned, light: the same yellow is too light on white and is darkened until it reads; a font
  // value that tries to break out of its CSS property is refused and said in the console.
  const snippet = (await pinnedSnippet(DEMO)).replace("<script ", '<script data-theme="light" data-accent="#ffcc00" data-font="Inter;} body{display:none" ');
  const host = await hostPage(snippet, WORKER);
  try {
    const context = await browser.newContext({ colorScheme: "dark" });
    const { frame, consoleMessages } = await open(context, host.url);
    const seen = await look(frame);
    assert.equal(seen.theme, "light");
    assert.equal(seen.background, WHITE);
    assert.notEqual(seen.accent, "rgb(255, 204, 0)");
    assert.ok(contrast(seen.accent, WHITE) >= 4.5, `the adjusted accent reads on white: ${seen.accent}`);
    assert.ok(contrast(seen.accent, seen.accentText) >= 4.5, `the send button reads: ${JSON.stringify(seen)}`);
    const [r, g, b] = rgb(seen.accent);
    assert.ok(r > g && g > b, `still a yellow-brown, not another colour: ${seen.accent}`);
    assert.doesNotMatch(seen.font, /Inter/);
    assert.ok(await frame.locator("form.sd-form").isVisible(), "the form is shown");
    await eventually(() => consoleMessages.find((m) => m.includes('data-font="Inter;} body{display:none" is not used')), "the console to say why");
    await context.close();
  } finally {
    await host.close();
  }
});

test("the host page hears only whether something is unsent, and its tab asks before closing until the report is sent", async () => {
  const { page, frame, context } = await openDemo();
  const marker = `unsent-${randomBytes(6).toString("hex")}`;
  const unsent = async () => (await page.evaluate(() => window.heard)).filter((m) => m.type === "sealdrop:unsent").map((m) => m.unsent);

  // A click: the page needs the reporter's activation before its tab may ask anything.
  await frame.locator("[name=title]").click();
  await frame.locator("[name=title]").fill(marker);
  await eventually(async () => (await unsent()).at(-1) === true, "the frame to say text is unsent");
  await frame.locator("[name=title]").fill("");
  await eventually(async () => (await unsent()).at(-1) === false, "the frame to say nothing is unsent");
  await frame.locator("[name=title]").fill(marker);
  await eventually(async () => (await unsent()).at(-1) === true, "unsent again");

  // Closing the tab asks; staying keeps the form and what was typed.
  const dialogs = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.type());
    await dialog.dismiss();
  });
  await page.close({ runBeforeUnload: true });
  await eventually(() => dialogs.length > 0, "the leave dialog");
  assert.deepEqual(dialogs, ["beforeunload"]);
  assert.equal(page.isClosed(), false);
  assert.equal(await frame.locator("[name=title]").inputValue(), marker);

  // Sent: nothing is unsent, and the tab closes without asking.
  await fillMinimalReport(frame, marker);
  await frame.locator("form.sd-form button[type=submit]").click();
  await frame.locator("[data-case-id]").waitFor({ timeout: 30000 });
  await eventually(async () => (await unsent()).at(-1) === false, "the frame to say nothing is unsent after sending");

  // Everything the host heard: its height, that the form runs, and unsent yes/no; no text.
  const heard = await page.evaluate(() => window.heard);
  for (const m of heard) {
    const keys = Object.keys(m).sort().join(",");
    assert.ok(
      (m.type === "sealdrop:resize" && keys === "height,type") || (m.type === "sealdrop:ready" && keys === "type") ||
        (m.type === "sealdrop:unsent" && keys === "type,unsent"),
      `the host heard ${JSON.stringify(m)}`,
    );
  }
  assert.ok(!JSON.stringify(heard).includes(marker));
  await page.close({ runBeforeUnload: true });
  await eventually(() => page.isClosed(), "the tab to close without asking");
  assert.deepEqual(dialogs, ["beforeunload"]);
  await context.close();
});

test("a file dropped onto the form, a pasted screenshot and a CVSS 4.0 vector (a mistyped one refused at the field) reach GnuPG and `sealdrop show` with the vector's score", async () => {
  const { page, frame, context } = await openDemo();
  const marker = randomBytes(6).toString("hex");
  const dir = mkdtempSync(join(tmpdir(), "sealdrop-drop-"));
  try {
    const dropped = Buffer.from(`dropped proof of concept ${marker}\n${randomBytes(512).toString("hex")}\n`);
    const path = join(dir, "notes.txt");
    writeFileSync(path, dropped);

    // The browser's own drag and drop, at the attachments field, from outside the page.
    const field = frame.locator(".sd-attachments");
    await field.scrollIntoViewIfNeeded();
    const box = await field.boundingBox();
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    const cdp = await context.newCDPSession(page);
    const data = { items: [], files: [path], dragOperationsMask: 1 };
    for (const type of ["dragEnter", "dragOver"]) await cdp.send("Input.dispatchDragEvent", { type, x, y, data });
    await eventually(() => field.evaluate((el) => el.classList.contains("sd-dropping")), "the field to show it is the drop zone");
    await cdp.send("Input.dispatchDragEvent", { type: "drop", x, y, data });
    await frame.locator(".sd-files li").first().waitFor();
    assert.equal(await frame.locator(".sd-files li .sd-file-name").first().textContent(), "notes.txt");
    assert.equal(await frame.locator(".sd-files li .sd-file-badge").first().textContent(), "TXT");

    // A screenshot pasted from the clipboard (a paste event carrying a PNG, as the browser
    // dispatches for Ctrl+V on an image: headless Chromium has no system clipboard to fill).
    const png = Buffer.from(await frame.locator("form.sd-form").evaluate(async () => {
      const canvas = new OffscreenCanvas(64, 48);
      const ctx = canvas.getContext("2d");
      ctx.fillStyle = "#c03";
      ctx.fillRect(0, 0, 64, 48);
      ctx.fillStyle = "#fff";
      ctx.fillRect(8, 8, 20, 20);
      const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: "image/png" })).arrayBuffer());
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], "image.png", { type: "image/png" }));
      document.querySelector("[name=title]").dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
      return Array.from(bytes);
    }));
    await eventually(async () => (await frame.locator(".sd-files li").count()) === 2, "the pasted screenshot to be listed");
    assert.equal(await frame.locator(".sd-files li .sd-file-name").nth(1).textContent(), "image.png");
    // The thumbnail is drawn (on a canvas: no blob: URL), and shows the picture's red.
    const red = await eventually(() => frame.locator("canvas.sd-file-thumb").evaluate((canvas) => {
      const [r, g, b, a] = canvas.getContext("2d").getImageData(canvas.width / 2, canvas.height / 2, 1, 1).data;
      return a === 255 && r > 150 && g < 60 && b < 100 ? [r, g, b] : null;
    }), "the thumbnail to be drawn");
    assert.ok(red);

    // The severity: a mistyped vector is refused next to the field once it is left, and blocks
    // sending; the corrected one is scored as it is typed.
    const severity = frame.locator("[name=severity]");
    const score = frame.locator(".sd-cvss-score");
    await severity.fill("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:Q");
    await severity.blur();
    const error = frame.locator("#sd-severity-error");
    assert.match(await severity.getAttribute("aria-describedby"), /\bsd-severity-error\b/);
    await eventually(async () => /Not a CVSS 3\.1 or 4\.0 vector/.test(await error.textContent()), "the vector's error next to the field");
    assert.equal(await severity.getAttribute("aria-invalid"), "true");
    assert.equal(await score.textContent(), "");
    // The weakness: the browser's suggestion list is the catalogue, the 2025 Top 25 first, built
    // once the field has the focus; a category is refused next to the field, a weakness is named.
    const weakness = frame.locator("[name=weakness]");
    const options = frame.locator("datalist#sd-weakness-list option");
    assert.equal(await options.count(), 0, "no list before the field is used");
    await weakness.focus();
    await eventually(async () => (await options.count()) > 800, "the weakness list to be built");
    assert.deepEqual(await options.evaluateAll((os) => os.slice(0, 3).map((o) => o.value)), ["CWE-79", "CWE-89", "CWE-352"]);
    await weakness.fill("CWE-16");
    await weakness.blur();
    await eventually(async () => /“CWE-16” is not a weakness of CWE 4\.15/.test(await frame.locator("#sd-weakness-error").textContent()), "the weakness's error next to the field");
    await weakness.fill("CWE-918");
    await eventually(async () => (await frame.locator("#sd-weakness-meaning").textContent()) === "Server-Side Request Forgery (SSRF)", "the weakness's name beside it");
    assert.match(await weakness.getAttribute("aria-describedby"), /\bsd-weakness-meaning\b/);
    await weakness.blur();
    await eventually(async () => (await frame.locator("#sd-weakness-error").textContent()) === "", "the error to go");
    await fillMinimalReport(frame, `Dropped and pasted ${marker}`);
    await frame.locator("form.sd-form button[type=submit]").click();
    await eventually(async () => (await severity.evaluate((el) => el === document.activeElement)), "the refused vector to take the focus on submit");
    const vector = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
    await severity.fill(` ${vector} `);
    assert.equal(await score.textContent(), "9.3 Critical (CVSS 4.0)");
    await severity.blur();
    assert.equal(await error.textContent(), "");
    await frame.locator("form.sd-form button[type=submit]").click();
    const caseId = await frame.locator("[data-case-id]").getAttribute("data-case-id", { timeout: 30000 });
    const stored = await staff(`/api/v1/staff/reports/${caseId}`);
    assert.equal(stored.status, 200);
    const entity = parseMime((await gpgDecrypt(home, await stored.text())).toString("latin1"));
    const files = entity.parts.slice(2);
    assert.deepEqual(files.map((f) => param(f.headers["content-disposition"], "filename")), ["notes.txt", "image.png"]);
    assert.ok(decode(files[0]).equals(dropped), "the dropped file's bytes");
    assert.ok(decode(files[1]).equals(png), "the screenshot's bytes");
    assert.match(files[1].headers["content-type"], /^image\/png/);
    // The vector and its score in the readable part, the vector as typed in the JSON part.
    const [text, json] = [decode(entity.parts[0]).toString("utf8"), JSON.parse(decode(entity.parts[1]).toString("utf8"))];
    assert.ok(text.includes(`Severity (CVSS vector): ${vector}, 9.3 Critical (CVSS 4.0)\n`), text);
    assert.equal(json.fields.severity.trim(), vector);
    assert.ok(text.includes("Weakness (CWE): CWE-918 Server-Side Request Forgery (SSRF)\n"), text);
    assert.equal(json.fields.weakness, "CWE-918");
    const out = mkdtempSync(join(tmpdir(), "sealdrop-cvss-show-"));
    const shown = await cli(["show", caseId, "--key", orgSecretKeyPath(), "--out", out]);
    assert.equal(shown.status, 0, shown.stderr);
    assert.ok(shown.stdout.includes(`${vector}, 9.3 Critical (CVSS 4.0)`), shown.stdout);
    assert.ok(shown.stdout.includes("CWE-918 Server-Side Request Forgery (SSRF)"), shown.stdout);
    rmSync(out, { recursive: true, force: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await context.close();
  }
});

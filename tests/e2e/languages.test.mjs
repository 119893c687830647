// The reporter's side in Dutch, French and German, in real headless Chromium against the real
// local stack: chosen by data-lang on the script tag, by the host page's lang and by the switch;
// the form, its errors, the receipt and the follow-up view carry no English string of the
// catalogue (shared/src/i18n/en.ftl, read here), and the frame's lang attribute says the language.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEMO, ROOT, WORKER, POLICY, fillMinimalReport, policyText } from "./lib.mjs";
import { sharedBrowser } from "./browser.mjs";

const browser = sharedBrowser();
const LANGS = ["nl", "fr", "de"];

/** A catalogue's messages and attributes: id → text with each placeholder as "\u0000". */
function catalogue(lang) {
  const source = readFileSync(join(ROOT, "shared", "src", "i18n", `${lang}.ftl`), "utf8");
  const messages = new Map();
  let id = null;
  for (const line of source.split("\n")) {
    if (line.startsWith("#") || !line.trim()) continue;
    const message = line.match(/^([a-z][a-z0-9-]*) =(.*)$/);
    const attribute = line.match(/^\s+\.([a-z][a-z0-9-]*) =(.*)$/);
    if (message) {
      id = message[1];
      messages.set(id, message[2]);
    } else if (attribute && id) {
      messages.set(`${id.split(".")[0]}.${attribute[1]}`, attribute[2]);
    } else if (id) {
      messages.set(id, `${messages.get(id)}\n${line}`);
    }
  }
  return messages;
}

/** The English pieces (text between placeholders and selector syntax, two words or more) that a
 * translation does not contain itself: what must not show in that language. */
function englishPieces(lang) {
  const own = [...catalogue(lang).values()].join("\n");
  const pieces = new Set();
  for (const text of catalogue("en").values()) {
    for (const piece of text.split(/\{[^{}]*\}|\[[a-z]+\]|\*|\n/)) {
      const p = piece.trim().replace(/[.:,;…]+$/, "");
      if (p.split(/\s+/).length >= 2 && p.length >= 8 && !own.includes(p)) pieces.add(p);
    }
  }
  return [...pieces];
}

/** Everything the frame shows or announces in its own words: its text, and its labels,
 * placeholders and titles. The policy's own texts that fall back to the policy's first language
 * (marked with their lang, as the decision on policy texts asks) are the organisation's words,
 * not the form's, and are left out. */
async function shown(frame) {
  return frame.locator("body").evaluate((body) => {
    const ui = document.documentElement.lang;
    const foreign = [...body.querySelectorAll("[lang]")].filter((el) => el.lang !== ui && !el.closest(".sd-langs"));
    for (const el of foreign) el.hidden = true;
    const text = body.innerText;
    for (const el of foreign) el.hidden = false;
    const attributes = [...body.querySelectorAll("[aria-label],[placeholder],[title]")]
      .flatMap((el) => ["aria-label", "placeholder", "title"].map((a) => el.getAttribute(a)).filter(Boolean));
    const options = [...body.querySelectorAll("select:not([data-metric]) option")].map((o) => o.textContent);
    return [text, ...attributes, ...options].join("\n");
  });
}

function assertNoEnglish(text, lang, where) {
  const left = englishPieces(lang).filter((p) => text.includes(p));
  assert.deepEqual(left, [], `${lang}, ${where}: English left`);
}

async function open(query) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${DEMO}/look.html?${new URLSearchParams(query)}`);
  const frame = page.frameLocator("iframe.sealdrop-frame");
  await frame.locator("form.sd-form").waitFor({ timeout: 30000 });
  return { context, page, frame };
}

const frameLang = (frame) => frame.locator("html").getAttribute("lang");

test("the English pieces this test looks for are many, and English itself shows them", async () => {
  for (const lang of LANGS) assert.ok(englishPieces(lang).length > 150, `${lang}: ${englishPieces(lang).length} pieces`);
  // The negative control: the English form does show English pieces, so the check can fail.
  const { frame, context } = await open({ lang: "en" });
  assert.equal(await frameLang(frame), "en");
  const text = await shown(frame);
  assert.ok(englishPieces("nl").filter((p) => text.includes(p)).length > 20, "the English form shows English pieces");
  await context.close();
});

for (const lang of LANGS) {
  test(`${lang}: data-lang gives the form, its errors, the receipt and the follow-up view in ${lang}, with no English left`, async () => {
    const { frame, context } = await open({ lang });
    assert.equal(await frameLang(frame), lang);
    const submit = catalogue(lang).get("form-submit").trim();
    assert.equal((await frame.locator("form.sd-form button[type=submit]").textContent()).trim(), submit);
    assertNoEnglish(await shown(frame), lang, "the empty form");

    // Every error, shown at once.
    await frame.locator("form.sd-form button[type=submit]").click();
    await frame.locator("[name=title][aria-invalid=true]").waitFor();
    const errors = await frame.locator(".sd-error").allTextContents();
    assert.ok(errors.some((e) => e.trim() === catalogue(lang).get("problem-required").trim()), `${lang}: ${errors}`);
    assertNoEnglish(await shown(frame), lang, "every error shown");

    // A mistyped vector is refused next to the field, in the language.
    await frame.locator("[name=severity]").fill("CVSS:3.1/AV:X");
    await frame.locator("[name=severity]").blur();
    await frame.locator("[name=severity][aria-invalid=true]").waitFor();
    const problem = catalogue(lang).get("problem-cvss").split("CVSS:3.1")[0].trim().slice(0, 12);
    assert.ok((await frame.locator(".sd-cvss .sd-error").textContent()).includes(problem), `${lang}: the vector's error`);
    assertNoEnglish(await shown(frame), lang, "a mistyped vector");
    await frame.locator("[name=severity]").fill("");

    // The receipt.
    await fillMinimalReport(frame, `A ${lang} report`);
    await frame.locator("form.sd-form button[type=submit]").click();
    const receipt = (await frame.locator("[data-receipt]").getAttribute("data-receipt", { timeout: 60000 })).trim();
    assertNoEnglish(await shown(frame), lang, "the receipt");

    // The follow-up view.
    await frame.locator("[data-mode=follow-up]").click();
    await frame.locator("#sd-receipt-input").fill(receipt);
    await frame.locator(".sd-followup-form button[type=submit]").click();
    await frame.locator(".sd-case").waitFor({ timeout: 30000 });
    assertNoEnglish(await shown(frame), lang, "the follow-up view");
    await context.close();
  });

  test(`${lang}: the host page's lang chooses it when there is no data-lang`, async () => {
    const { frame, context } = await open({ pagelang: `${lang}-XX` });
    assert.equal(await frameLang(frame), lang);
    assertNoEnglish(await shown(frame), lang, "chosen by the page");
    await context.close();
  });

  test(`${lang}: the switch changes the language, and keeps what was typed`, async () => {
    const { frame, context } = await open({});
    assert.equal(await frameLang(frame), "en", "the browser's English is among the policy's languages");
    await frame.locator("[name=title]").fill("Typed before switching");
    await frame.locator(`.sd-langs button[data-lang=${lang}]`).click();
    assert.equal(await frameLang(frame), lang);
    assert.equal(await frame.locator(`.sd-langs button[data-lang=${lang}]`).getAttribute("aria-pressed"), "true");
    assert.equal(await frame.locator("[name=title]").inputValue(), "Typed before switching");
    assertNoEnglish(await shown(frame), lang, "after the switch");
    await context.close();
  });
}

test("a language the policy does not offer falls back to the reporter's next choice", async () => {
  const { frame, context } = await open({ lang: "it", pagelang: "de" });
  assert.equal(await frameLang(frame), "de", "Italian is not a form language: the page's German is next");
  await context.close();
});

test("the policy page and the hall of fame are in the language asked for (?lang=, else Accept-Language), the policy's own texts in it where the policy gives them and marked where it does not", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  for (const lang of ["en", ...LANGS]) {
    for (const [path, title] of [["/policy/", "page-policy-title"], ["/hall-of-fame/", "page-hall-of-fame-title"]]) {
      const res = await page.goto(`${WORKER}${path}?lang=${lang}`);
      assert.match(res.headers()["vary"] ?? "", /Accept-Language/i, path);
      assert.equal(await page.locator("html").getAttribute("lang"), lang, `${path} ${lang}`);
      const heading = catalogue(lang).get(title).trim().replace("{ $organisation }", POLICY.public.organisation.name);
      assert.equal((await page.locator("h1").innerText()).trim(), heading, `${path} ${lang}`);
      assert.equal(await page.locator(`nav.languages a[aria-current=page]`).getAttribute("hreflang"), lang);
      if (lang !== "en") {
        const ownWords = await page.locator("main").evaluate((main) => {
          for (const el of main.querySelectorAll("[lang]")) if (el.lang !== document.documentElement.lang) el.hidden = true;
          return main.innerText;
        });
        assertNoEnglish(ownWords, lang, `${path} page`);
      }
    }
    // The policy page: a rule the policy gives in Dutch is Dutch there; one it gives in English
    // only is English, marked lang="en"; the form on the page is asked for the same language.
    await page.goto(`${WORKER}/policy/?lang=${lang}`);
    const rule = POLICY.public.rules.items[0];
    const shown = policyText(rule, lang);
    const item = page.locator("#rules li").first();
    assert.equal((await item.innerText()).trim(), shown, lang);
    assert.equal(await item.getAttribute("lang"), typeof rule === "object" && rule[lang] ? lang : "en", lang);
    const promise = page.locator("#promises li", { hasText: policyText(POLICY.public.promises.safe_harbour) });
    assert.equal(await promise.getAttribute("lang"), "en", `${lang}: an English-only promise is marked`);
    assert.equal(await page.locator("script[data-lang]").getAttribute("data-lang"), lang);
  }
  // Accept-Language decides without ?lang=; a language the policy lacks falls to the next.
  const german = await browser.newContext({ javaScriptEnabled: false, locale: "de-DE" });
  const dePage = await german.newPage();
  await dePage.setExtraHTTPHeaders({ "Accept-Language": "it-IT, it;q=0.9, de;q=0.8, en;q=0.5" });
  await dePage.goto(`${WORKER}/policy/`);
  assert.equal(await dePage.locator("html").getAttribute("lang"), "de");
  await german.close();
  await context.close();
});

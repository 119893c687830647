// The questions a policy switches on, in real headless Chromium against the real local stack:
// `[fields] ask` (the AI-assistance question and what was verified by hand, required by a yes, and
// the proof of concept) and `[scope] products` (which product, the affected and fixed versions);
// what the reporter answers reaches GnuPG and `sealdrop show`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO, POLICY, orgSecretKeyPath, gnupgHome, gpgDecrypt, staff, parseMime, decode, fillMinimalReport, cli } from "./lib.mjs";
import { sharedBrowser, openRecorded } from "./browser.mjs";

const browser = sharedBrowser();
const home = await gnupgHome(orgSecretKeyPath());

test("the policy's questions and products are asked; a yes to AI assistance requires what was verified by hand; the answers reach GnuPG and `sealdrop show`", async () => {
  assert.deepEqual(POLICY.public.fields.ask, ["ai_assistance", "proof_of_concept"], "the test policy asks both");
  const { page, frame } = await openRecorded(browser, `${DEMO}/`).then((r) => ({ ...r, frame: r.page.frameLocator("iframe.sealdrop-frame") }));
  try {
    await frame.locator("form.sd-form").waitFor({ timeout: 30000 });
    const label = frame.locator("label[for=sd-verified_by_hand]");
    assert.match(await label.textContent(), /\(optional\)/);
    assert.equal(await frame.locator("[name=verified_by_hand]").getAttribute("required"), null);
    const marker = `questions-${randomBytes(6).toString("hex")}`;
    await fillMinimalReport(frame, marker);
    const poc = `curl -s https://app.example/api/invoices/${marker}`;
    await frame.locator("[name=proof_of_concept]").fill(poc);
    // The product is one of the policy's, in its order, after the prompt.
    const products = await frame.locator("[name=product] option").allTextContents();
    assert.deepEqual(products.slice(1), POLICY.public.scope.products);
    const product = POLICY.public.scope.products.at(-1);
    await frame.locator("[name=product]").selectOption(product);
    await frame.locator("[name=affected_versions]").fill("2.3.0 to 2.4.1");
    await frame.locator("[name=fixed_version]").fill("2.4.2");
    // The CRA question: its hint says the one answer also goes unencrypted.
    assert.match(await frame.locator("#sd-exploited-hint").textContent(), /sent unencrypted/);
    await frame.locator("[name=exploited]").check();
    await frame.locator("[name=ai_assistance]").selectOption("Yes, to write the report");
    assert.match(await label.textContent(), /\(required\)/, "a yes makes the follow-up required");
    assert.equal(await frame.locator("[name=verified_by_hand]").getAttribute("required"), "", "and its control says so");

    // Sending without saying what was verified is refused at that field.
    await frame.locator("form.sd-form button[type=submit]").click();
    const verified = frame.locator("[name=verified_by_hand]");
    await verified.and(frame.locator("[aria-invalid=true]")).waitFor();
    assert.match(await frame.locator("#sd-verified_by_hand-error").textContent(), /required/);
    assert.equal(await frame.locator("[data-case-id]").count(), 0);

    const checked = `I sent the request myself and saw another account's invoice (${marker}).`;
    await verified.fill(checked);
    await frame.locator("form.sd-form button[type=submit]").click();
    const caseId = await frame.locator("[data-case-id]").getAttribute("data-case-id", { timeout: 30000 });
    const stored = await staff(`/api/v1/staff/reports/${caseId}`);
    assert.equal(stored.status, 200);
    const entity = parseMime((await gpgDecrypt(home, await stored.text())).toString("latin1"));
    const text = decode(entity.parts[0]).toString("utf8");
    assert.ok(text.includes("Did you use AI tools to find this or to write the report?: Yes, to write the report\n"), text);
    assert.ok(text.includes(`\nWhat did you verify by hand?\n----------------------------\n${checked}\n`), text);
    assert.ok(text.includes(`\nProof of concept\n----------------\n${poc}\n`), text);
    for (const line of [`Product: ${product}\n`, "Affected versions: 2.3.0 to 2.4.1\n", "Fixed in version: 2.4.2\n", "I believe this is being exploited in the wild: yes\n"]) assert.ok(text.includes(line), line);
    const json = JSON.parse(decode(entity.parts[1]).toString("utf8"));
    assert.equal(json.fields.ai_assistance, "Yes, to write the report");
    assert.equal(json.fields.exploited, "yes");
    // The bit in clear reached the worker: the CRA clock started at receipt.
    const record = await (await staff(`/api/v1/staff/reports/${caseId}/record`)).json();
    assert.equal(record.cra?.exploited_by, "reporter", JSON.stringify(record));
    assert.equal(record.cra.exploited_at, record.received_at);

    const out = mkdtempSync(join(tmpdir(), "sealdrop-questions-show-"));
    const shown = await cli(["show", caseId, "--key", orgSecretKeyPath(), "--out", out]);
    assert.equal(shown.status, 0, shown.stderr);
    for (const needle of ["Yes, to write the report", checked, poc, `Product: ${product}`, "Fixed in version: 2.4.2"]) assert.ok(shown.stdout.includes(needle), needle);
    rmSync(out, { recursive: true, force: true });
  } finally {
    await page.context().close();
  }
});

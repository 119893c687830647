// Internal notes against the running stack: `sealdrop note` signs and encrypts a note to the
// pinned organisation and staff keys only; the worker refuses one addressed to the reporter's
// reply key (or not to the organisation); `sealdrop show` lists it with author and time; and
// nothing the reporter's endpoints return carries it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  WORKER, TOKEN, ROOT, POLICY, VALID, orgSecretKeyPath, gnupgHome, fingerprintOf, gpgEncrypt, gpgDecrypt, cli,
  staff, expectError, submitWithChannel, reporterLookup, REPORTER_PUBLIC,
} from "./lib.mjs";

const home = await gnupgHome(join(ROOT, "examples", "policies", "nimbus-cloud", "security.asc"), orgSecretKeyPath(), REPORTER_PUBLIC);
const ORG_FPR = POLICY.public.key.fingerprint;
const REPORTER_FPR = await fingerprintOf(home, REPORTER_PUBLIC);

async function postNote(id, armored) {
  return fetch(`${WORKER}/api/v1/staff/reports/${id}/notes`, {
    method: "POST",
    headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/pgp-encrypted" },
    body: armored,
  });
}

test("a note is for staff only: encrypted to the pinned keys, listed by show, never served to the reporter", async () => {
  const { id, token } = await submitWithChannel(home, ORG_FPR, { ...VALID, title: "Notes" });
  const secret = `Looks like last year's SSRF ${Date.now()}`;
  const added = await cli(["note", id, "--message-file", "-", "--key", orgSecretKeyPath()], { input: secret });
  assert.equal(added.status, 0, added.stderr.toString());
  assert.match(added.stdout.toString(), /never encrypted to the reporter/);

  // Stored apart, readable with the organisation key, and by nobody else the test holds.
  const { notes } = await (await staff(`/api/v1/staff/reports/${id}/notes`)).json();
  assert.equal(notes.length, 1);
  assert.equal(notes[0].author, "staff");
  assert.match((await gpgDecrypt(home, notes[0].armored)).toString(), new RegExp(secret));
  const log = (await (await staff(`/api/v1/staff/reports/${id}/log`)).json()).entries.map((e) => e.action);
  assert.ok(log.includes("note") && log.includes("read_notes"), log.join(", "));

  // The worker refuses a note the reporter could read, or one the organisation could not.
  await expectError(assert, await postNote(id, await gpgEncrypt(home, "x", ORG_FPR, REPORTER_FPR)), 422, "wrong_recipient");
  await expectError(assert, await postNote(id, await gpgEncrypt(home, "x", REPORTER_FPR)), 422, "wrong_recipient");

  // `show` lists it with author, time and signature.
  const out = mkdtempSync(join(tmpdir(), "sealdrop-notes-"));
  const shown = await cli(["show", id, "--key", orgSecretKeyPath(), "--out", join(out, "case")]);
  assert.equal(shown.status, 0, shown.stderr.toString());
  const text = shown.stdout.toString();
  assert.match(text, new RegExp(`--- internal note by staff, ${notes[0].at.replace("+", "\\+")} \\(${notes[0].id}\\) ---`));
  assert.match(text, /signed by /);
  assert.ok(text.includes(secret));

  // The reporter's view of the case carries nothing of it.
  const view = await reporterLookup(token);
  const body = await view.text();
  assert.equal(view.status, 200, body);
  assert.equal(JSON.parse(body).messages.length, 0);
  assert.ok(!body.includes(notes[0].id) && !body.includes(notes[0].armored.split("\n")[2]), "no trace of the note");
});

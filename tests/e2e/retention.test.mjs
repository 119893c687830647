// Retention against the running stack: a case closed longer ago than the policy's
// `[retention] delete_after_days` loses its ciphertext and messages to the cron (R2 objects and
// rows, seen with wrangler as an operator would), keeps its tombstone and audit entry, and answers
// `410` wherever its content was served; a case closed more recently, an open one and a held one
// keep everything; a deletion begun is finished even if a hold arrives; and the database itself
// refuses to add to a case being deleted. The rules with "now" as a parameter are native tests in
// `shared/src/retention.rs`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import {
  WORKER, POLICY, ROOT, TOKEN, orgSecretKeyPath, gnupgHome, gpgEncrypt, reportEntity, submit, expectError, staff, cli,
  d1, r2Has, eventually, VALID, submitWithChannel, reporterLookup, reporterMessage, staffSend,
} from "./lib.mjs";

const ORG_PUBLIC = join(ROOT, "examples", "policies", "nimbus-cloud", "security.asc");
const home = await gnupgHome(ORG_PUBLIC, orgSecretKeyPath());
const ORG_FPR = POLICY.public.key.fingerprint;
const DAY = 86400_000;
const DAYS = POLICY.public.retention.delete_after_days;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+00:00");

async function record(id) {
  const response = await staff(`/api/v1/staff/reports/${id}/record`);
  assert.equal(response.status, 200);
  return response.json();
}

async function setStatus(id, status) {
  const response = await staffSend("POST", `/api/v1/staff/reports/${id}/status`, { status });
  assert.equal(response.status, 200, await response.text());
}

async function runCron() {
  const response = await fetch(`${WORKER}/__scheduled?cron=*/15+*+*+*+*`);
  assert.equal(response.status, 200, await response.text());
}

/** A report with a follow-up channel, and one answer of its reporter: `{ id, token, message }`. */
async function caseWithMessage(marker) {
  const { id, token } = await submitWithChannel(home, ORG_FPR, { ...VALID, title: `Retention ${marker}` });
  const answer = await reporterMessage(home, ORG_FPR, token, `more detail ${marker}`);
  const answered = await answer.text();
  assert.equal(answer.status, 201, answered);
  return { id, token, message: JSON.parse(answered).id };
}

const reporterAnswer = (token, text) => reporterMessage(home, ORG_FPR, token, text);

async function plainCase(marker) {
  const response = await submit(await gpgEncrypt(home, reportEntity({ ...VALID, title: `Retention ${marker}` }), ORG_FPR));
  assert.equal(response.status, 201);
  return (await response.json()).id;
}

/** Moves a case's closing back `days` days, as if it had been resolved then. */
async function closedDaysAgo(id, days) {
  await d1(`UPDATE reports SET closed_at = '${iso(Date.now() - days * DAY)}' WHERE id = '${id}'`);
}

test("a closed case past its retention loses its content and keeps its tombstone; held, open and recent cases keep everything", async () => {
  assert.ok(DAYS >= 1, "the end-to-end policy promises a retention");
  const marker = randomBytes(4).toString("hex");
  const gone = await caseWithMessage(`${marker}-gone`);
  const held = await caseWithMessage(`${marker}-held`);
  const recent = await plainCase(`${marker}-recent`);
  const open = await plainCase(`${marker}-open`);
  const reopened = await plainCase(`${marker}-reopened`);

  // Closing starts the retention; reopening stops it.
  await setStatus(gone.id, "resolved");
  const closed = await record(gone.id);
  assert.equal(closed.retention.state, "deletes");
  const closedAt = (await d1(`SELECT closed_at FROM reports WHERE id = '${gone.id}'`))[0].closed_at;
  assert.equal(Date.parse(closed.retention.at) - Date.parse(closedAt), DAYS * DAY, "the policy's days after closing");
  await setStatus(held.id, "not_a_vulnerability");
  await setStatus(recent, "duplicate");
  await setStatus(open, "acknowledged");
  await setStatus(reopened, "out_of_scope");
  await setStatus(reopened, "accepted");
  assert.equal((await record(reopened)).retention, undefined, "a reopened case is kept");
  assert.equal((await record(open)).retention, undefined, "an open case is kept");

  // The legal hold, with its reason; a reason on release is refused.
  const hold = await cli(["hold", held.id, "--reason", `matter ${marker}`]);
  assert.equal(hold.status, 0, hold.stderr.toString());
  assert.match(hold.stdout.toString(), new RegExp(`legal hold since .* by staff: matter ${marker}`));
  await expectError(assert, await staffSend("POST", `/api/v1/staff/reports/${held.id}/hold`, { hold: false, reason: "x" }), 400, "invalid_hold");

  // Past the retention: `gone` and `held`; `recent` is a day short of it. (`reopened` was closed
  // once, but reopening cleared it.)
  for (const id of [gone.id, held.id]) await closedDaysAgo(id, DAYS + 1);
  await closedDaysAgo(recent, DAYS - 1);
  assert.deepEqual(await d1(`SELECT closed_at FROM reports WHERE id = '${reopened}'`), [{ closed_at: null }]);
  // An internal note on `gone` goes with it.
  const noted = await fetch(`${WORKER}/api/v1/staff/reports/${gone.id}/notes`, {
    method: "POST",
    headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/pgp-encrypted" },
    body: await gpgEncrypt(home, "Content-Type: text/plain\r\n\r\ninternal\r\n", ORG_FPR),
  });
  const noteAnswer = await noted.text();
  assert.equal(noted.status, 201, noteAnswer);
  const goneObjects = [
    `reports/${gone.id}.asc`, `messages/${gone.id}/${gone.message}.asc`, `notes/${gone.id}/${JSON.parse(noteAnswer).id}.asc`,
  ];
  for (const key of goneObjects) assert.equal(await r2Has(key), true, `${key} is there before the cron`);
  const listed = await cli(["list", "--limit", "50"]);
  const line = (id) => listed.stdout.toString().split("\n").find((l) => l.startsWith(id)) ?? "";
  assert.match(line(recent), /deletes \d{4}-/, "list says what will be deleted when");
  assert.match(line(held.id), /legal hold/);

  await runCron();
  await eventually(async () => (await record(gone.id)).retention?.state === "deleted", "the deletion");

  // The content is gone: the R2 objects (report, message, note) and the message and note rows.
  for (const key of goneObjects) assert.equal(await r2Has(key), false, `${key} is deleted`);
  assert.deepEqual(await d1(`SELECT id FROM messages WHERE report_id = '${gone.id}' UNION ALL SELECT id FROM notes WHERE report_id = '${gone.id}'`), []);
  // The tombstone: id, dates, status, size, digest; the reply key is gone too.
  const tombstone = await record(gone.id);
  assert.deepEqual(
    [tombstone.id, tombstone.received_at, tombstone.status, tombstone.size, tombstone.sha256],
    [closed.id, closed.received_at, "resolved", closed.size, closed.sha256],
  );
  assert.equal(tombstone.reply_key, null);
  const log = await (await staff(`/api/v1/staff/reports/${gone.id}/log`)).json();
  const deletions = log.entries.filter((e) => e.action === "retention_delete");
  assert.equal(deletions.length, 1, "one audit entry");
  assert.equal(deletions[0].actor, "sealdrop");
  assert.match(deletions[0].detail, new RegExp(`${DAYS} days after the case was closed .*: 3 object\\(s\\)`));
  // Every place its content was served answers 410, for staff and the reporter alike.
  await expectError(assert, await staff(`/api/v1/staff/reports/${gone.id}`), 410, "report_deleted");
  await expectError(assert, await staff(`/api/v1/staff/reports/${gone.id}/messages`), 410, "report_deleted");
  await expectError(assert, await staffSend("POST", `/api/v1/staff/reports/${gone.id}/status`, { status: "disclosed" }), 410, "report_deleted");
  await expectError(assert, await staffSend("POST", `/api/v1/staff/reports/${gone.id}/hold`, { hold: true }), 410, "report_deleted");
  await expectError(assert, await reporterLookup(gone.token), 410, "report_deleted");
  await expectError(assert, await reporterAnswer(gone.token, "still there?"), 410, "report_deleted");
  const shown = await cli(["show", gone.id, "--key", orgSecretKeyPath(), "--out", join(home, "out")]);
  assert.equal(shown.status, 5, "the CLI reports the server's refusal");
  assert.match(shown.stderr.toString(), /deleted under the policy's retention/);

  // Everything else keeps everything.
  for (const id of [held.id, recent, open, reopened]) {
    assert.equal((await staff(`/api/v1/staff/reports/${id}`)).status, 200, `${id} keeps its ciphertext`);
  }
  assert.equal(await r2Has(`messages/${held.id}/${held.message}.asc`), true, "the held case keeps its messages");
  assert.equal((await reporterLookup(held.token)).status, 200);
  const after = await cli(["list", "--limit", "50"]);
  assert.match(after.stdout.toString().split("\n").find((l) => l.startsWith(gone.id)) ?? "", /DELETED \d{4}-/);

  // Lifting the hold lets the retention run.
  const release = await cli(["hold", held.id, "--release"]);
  assert.equal(release.status, 0, release.stderr.toString());
  await runCron();
  await eventually(async () => (await record(held.id)).retention?.state === "deleted", "the released case's deletion");
  const heldLog = (await (await staff(`/api/v1/staff/reports/${held.id}/log`)).json()).entries.map((e) => e.action);
  assert.deepEqual(heldLog.filter((a) => a === "hold" || a === "retention_delete"), ["hold", "hold", "retention_delete"]);
});

test("a deletion begun is finished, whatever holds it afterwards; the database refuses to add to it", async () => {
  const marker = randomBytes(4).toString("hex");
  const { id } = await caseWithMessage(`${marker}-begun`);
  await setStatus(id, "resolved");
  // A run claimed it and died before deleting anything; a hold placed directly in D1 afterwards.
  await d1(`UPDATE reports SET deleting_at = '${iso(Date.now())}', held_at = '${iso(Date.now())}', held_by = 'e2e' WHERE id = '${id}'`);
  assert.equal((await record(id)).retention.state, "deleting");
  await expectError(assert, await staffSend("POST", `/api/v1/staff/reports/${id}/hold`, { hold: true }), 410, "report_deleted");
  // Nothing can be added to it, even past the worker's own checks.
  for (const sql of [
    `UPDATE reports SET status = 'fixing' WHERE id = '${id}'`,
    `INSERT INTO timeline (report_id, at, status) VALUES ('${id}', '${iso(Date.now())}', 'fixing')`,
    `INSERT INTO messages (id, report_id, at, author, size, sha256, r2_key) VALUES ('01KAY8R5S7X0V3M2QJ4N6T8W9Z', '${id}', '${iso(Date.now())}', 'reporter', 1, '${marker}', 'x')`,
  ]) {
    await assert.rejects(d1(sql), /sealdrop: report deleted/, sql);
  }
  await runCron();
  await eventually(async () => (await record(id)).retention?.state === "deleted", "the begun deletion");
  assert.equal(await r2Has(`reports/${id}.asc`), false);
});

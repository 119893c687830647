// The EU Cyber Resilience Act clock against the running stack: the reporter's one bit in clear
// starts it at receipt, staff start it with `sealdrop exploited`, the cron sends each obligation's
// reminder and escalation at its stored wall-clock time (weekends are native tests in
// `shared/src/cra.rs`), `sealdrop cra ... --done` stops them, `resolved` starts the final report,
// and `sealdrop list` shows what is due.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  WORKER, POLICY, ROOT, orgSecretKeyPath, gnupgHome, fingerprintOf, gpgEncrypt, reportEntity, submit,
  expectError, staff, cli, d1, mails, parseMime, eventually, VALID, submitEncrypted,
} from "./lib.mjs";

const ORG_PUBLIC = join(ROOT, "examples", "policies", "nimbus-cloud", "security.asc");
const home = await gnupgHome(ORG_PUBLIC, orgSecretKeyPath());
const ORG_FPR = await fingerprintOf(home, ORG_PUBLIC);
const HOUR = 3600_000;

async function record(id) {
  const response = await staff(`/api/v1/staff/reports/${id}/record`);
  assert.equal(response.status, 200);
  return response.json();
}

async function runCron() {
  const response = await fetch(`${WORKER}/__scheduled?cron=*/15+*+*+*+*`);
  assert.equal(response.status, 200, await response.text());
}

/** Moves a case's obligations back as if it had been flagged `hours` ago (times as the worker writes them). */
async function flaggedHoursAgo(id, hours) {
  const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+00:00");
  const start = Date.now() - hours * HOUR;
  for (const [obligation, window] of [["early_warning", 24], ["notification", 72]]) {
    const due = start + window * HOUR;
    await d1(`UPDATE obligations SET started_at = '${iso(start)}', remind_at = '${iso((start + due) / 2)}', due_at = '${iso(due)}' WHERE report_id = '${id}' AND obligation = '${obligation}'`);
  }
}

/** The CRA notices of a case: [kind, obligation label, to], in the order sent. */
function craNotices(id) {
  return mails()
    .map((m) => parseMime(m))
    .filter((m) => m.headers["x-sealdrop-case"] === id && /^(Reminder|Escalation): CRA/.test(m.headers.subject))
    .map((m) => ({ kind: m.headers.subject.split(":")[0], what: /CRA ([a-z ]+) \(/.exec(m.headers.subject)[1], to: m.headers.to, body: m.body }));
}

const count = (notices, kind, what) => notices.filter((n) => n.kind === kind && n.what === what).length;

test("the reporter's flag starts the clock at receipt; the cron reminds and escalates each obligation once, until done", async () => {
  assert.equal(POLICY.public.cra.clock, true, "the end-to-end policy runs the CRA clock");
  const armored = await gpgEncrypt(home, reportEntity({ ...VALID, exploited: "yes" }), ORG_FPR);
  // Only `yes`, and only the header the policy asks for.
  await expectError(assert, await submit(armored, { "X-Sealdrop-Exploited": "no" }), 400, "exploited_not_asked");
  const response = await submit(armored, { "X-Sealdrop-Exploited": "yes" });
  const answer = await response.text();
  assert.equal(response.status, 201, answer);
  const { id, received_at } = JSON.parse(answer);

  const flagged = await record(id);
  assert.equal(flagged.cra.exploited_at, received_at, "the clock starts at receipt");
  assert.equal(flagged.cra.exploited_by, "reporter");
  const received = Date.parse(received_at);
  assert.deepEqual(
    flagged.cra.obligations.map((o) => [o.obligation, Date.parse(o.due_at) - received, o.settled_at]),
    [["early_warning", 24 * HOUR, null], ["notification", 72 * HOUR, null]],
    "24 and 72 wall-clock hours; no final report before a fix",
  );

  const staffTo = POLICY.notify.to.length;
  const escalationTo = POLICY.notify.escalation.length;
  await runCron();
  assert.deepEqual(craNotices(id), [], "nothing is owed yet");

  // Thirteen hours in: half the early warning's window.
  await flaggedHoursAgo(id, 13);
  await runCron();
  await eventually(() => count(craNotices(id), "Reminder", "early warning") === staffTo, "early-warning reminders");
  await runCron();
  let notices = craNotices(id);
  assert.equal(notices.length, staffTo, "one reminder per staff address, however often the cron runs");
  assert.match(notices[0].body, new RegExp(`Case: ${id}\\r?\\nDue by: `));
  assert.match(notices[0].body, new RegExp(`sealdrop cra ${id} early-warning --done`));

  // 25 hours: the early warning is overdue; the notification's reminder is not due yet (36 h).
  await flaggedHoursAgo(id, 25);
  await runCron();
  await eventually(() => count(craNotices(id), "Escalation", "early warning") === escalationTo, "early-warning escalation");
  assert.equal(count(craNotices(id), "Reminder", "notification"), 0);

  // 37 hours: the notification's reminder. Staff then send it and say so: nothing more for it.
  await flaggedHoursAgo(id, 37);
  await runCron();
  await eventually(() => count(craNotices(id), "Reminder", "notification") === staffTo, "notification reminders");
  const listed = await cli(["list"]);
  assert.equal(listed.status, 0, listed.stderr);
  const row = listed.stdout.split("\n").find((l) => l.startsWith(id));
  assert.match(row, /CRA early warning \(24 h\) OVERDUE/, "the list shows the obligation due first");
  const done = await cli(["cra", id, "notification", "--done"]);
  assert.equal(done.status, 0, done.stderr);
  assert.match(done.stdout, /CRA notification \(72 h\)\s+due \S+\s+done \S+ by /);
  await flaggedHoursAgo(id, 73);
  await runCron();
  await runCron();
  await new Promise((r) => setTimeout(r, 500));
  notices = craNotices(id);
  assert.equal(count(notices, "Escalation", "notification"), 0, "no escalation once done");
  assert.equal(notices.length, 2 * staffTo + escalationTo, "each notice once");

  const log = (await (await staff(`/api/v1/staff/reports/${id}/log`)).json()).entries;
  assert.deepEqual(log.filter((e) => e.action.startsWith("cra")).map((e) => e.action), ["cra", "cra_reminder", "cra_escalation", "cra_reminder", "cra"]);
  assert.match(log.find((e) => e.action === "cra").detail, /the reporter flagged it as exploited/);
  for (const n of notices) assert.ok(!n.body.includes(VALID.title), "notices carry no report content");
});

test("staff flag a case with `sealdrop exploited`; `resolved` starts the final report; `withdraw` ends the clock", async () => {
  const id = await submitEncrypted(home, ORG_FPR, VALID);
  assert.equal((await record(id)).cra, null, "not flagged");
  const wrong = await cli(["cra", id, "early-warning", "--done"]);
  assert.equal(wrong.status, 5, wrong.stdout);
  assert.match(wrong.stderr, /has not started/);

  const flagged = await cli(["exploited", id]);
  assert.equal(flagged.status, 0, flagged.stderr);
  assert.match(flagged.stdout, /exploited:\s+flagged \S+ by /);
  const first = (await record(id)).cra;
  assert.notEqual(first.exploited_by, "reporter");
  assert.deepEqual(first.obligations.map((o) => o.obligation), ["early_warning", "notification"]);
  // Flagging again changes nothing: the clock keeps its start.
  assert.equal((await cli(["exploited", id])).status, 0);
  assert.deepEqual((await record(id)).cra, first);

  const resolved = await cli(["status", id, "resolved"]);
  assert.equal(resolved.status, 0, resolved.stderr);
  const after = await record(id);
  assert.ok(after.fix_available_at, "a resolved case has its fix");
  const final = after.cra.obligations.find((o) => o.obligation === "final");
  assert.equal(Date.parse(final.due_at) - Date.parse(after.fix_available_at), 14 * 24 * HOUR, "14 days after the fix");

  const withdrawn = await cli(["cra", id, "withdraw"]);
  assert.equal(withdrawn.status, 0, withdrawn.stderr);
  const ended = (await record(id)).cra.obligations;
  assert.ok(ended.every((o) => o.outcome === "withdrawn" && o.settled_at), JSON.stringify(ended));
  const list = JSON.parse((await cli(["list", "--json"])).stdout).reports.find((r) => r.id === id);
  assert.equal(list.cra_next, undefined, "nothing due once withdrawn");
});

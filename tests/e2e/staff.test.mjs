// The staff side against the running stack: the `sealdrop` CLI (list, show with a key file and
// with gpg, ack, status, reward, credit, export, log), its errors and exit codes, the audit log,
// and the scheduled handler's reminders, escalations and signed webhooks.
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { createHmac, timingSafeEqual, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  WORKER, POLICY, TOKEN, FIXTURES, ROOT, orgSecretKeyPath, gnupgHome, fingerprintOf, staff,
  cli, d1, mails, parseMime, eventually, VALID, submitEncrypted,
} from "./lib.mjs";

const ALICE = process.env.SEALDROP_ALICE_TOKEN;
const ORG_PUBLIC = join(ROOT, "examples", "policies", "nimbus-cloud", "security.asc");
const home = await gnupgHome(ORG_PUBLIC, orgSecretKeyPath());
const ORG_FPR = await fingerprintOf(home, ORG_PUBLIC);

const submitReport = (fields, files = []) => submitEncrypted(home, ORG_FPR, fields, files);

function ok(result, what) {
  assert.equal(result.status, 0, `${what}: exit ${result.status}\n${result.stderr}\n${result.stdout}`);
  return result;
}

test("the staff CLI lists, decrypts and records what staff do, and the audit log says who", async () => {
  const attachment = { name: "poc.bin", type: "application/octet-stream", bytes: randomBytes(70_000) };
  const id = await submitReport(VALID, [attachment]);

  const listed = ok(await cli(["list"]), "list");
  const row = listed.stdout.split("\n").find((l) => l.startsWith(id));
  assert.ok(row, `list shows ${id}:\n${listed.stdout}`);
  assert.match(row, /received/);
  assert.ok(!listed.stdout.includes("\x1b["), "plain when piped");
  const json = JSON.parse(ok(await cli(["list", "--json"]), "list --json").stdout);
  const entry = json.reports.find((r) => r.id === id);
  assert.equal(entry.status, "received");
  assert.equal(entry.urgency, "on_track");

  // show --key: decrypted locally with the test-only secret key.
  const out = mkdtempSync(join(tmpdir(), "sealdrop-show-"));
  const shown = ok(await cli(["show", id, "--key", orgSecretKeyPath(), "--out", out]), "show --key");
  for (const value of [VALID.title, VALID.description, VALID.impact, "poc.bin"]) {
    assert.ok(shown.stdout.includes(value), `show prints ${value}:\n${shown.stdout}`);
  }
  assert.deepEqual(readFileSync(join(out, "poc.bin")), attachment.bytes, "attachment saved byte for byte");
  assert.equal(JSON.parse(readFileSync(join(out, "report.json"), "utf8")).fields.title, VALID.title);
  assert.deepEqual(readdirSync(out).sort(), ["poc.bin", "report.json", "report.txt"]);

  // show --gpg: the user's own gpg (here a home with the test-only key) decrypts.
  const out2 = mkdtempSync(join(tmpdir(), "sealdrop-show-gpg-"));
  const viaGpg = ok(await cli(["show", id, "--gpg", "--out", out2], { env: { GNUPGHOME: home } }), "show --gpg");
  assert.ok(viaGpg.stdout.includes(VALID.title));
  assert.deepEqual(readFileSync(join(out2, "poc.bin")), attachment.bytes);

  // Actions with alice's named token.
  assert.match(ok(await cli(["ack", id], { token: ALICE }), "ack").stdout, /status:\s+acknowledged/);
  const noDate = await cli(["status", id, "fixing"], { token: ALICE });
  assert.equal(noDate.status, 5, noDate.stderr);
  assert.match(noDate.stderr, /^sealdrop: error: .*expected resolution date.*invalid_change/);
  assert.equal(noDate.stderr.trim().split("\n").length, 1, "one line");
  const fixing = ok(await cli(["status", id, "fixing", "--expected-resolution", "2027-01-15"], { token: ALICE }), "status");
  assert.match(fixing.stdout, /status:\s+fixing/);
  assert.match(fixing.stdout, /expected resolution: 2027-01-15/);
  ok(await cli(["reward", id, "--amount", "EUR 50"], { token: ALICE }), "reward");
  ok(await cli(["credit", id, "--name", "Ada L.", "--link", "https://ada.example/"]), "credit");

  const exported = JSON.parse(ok(await cli(["export", id]), "export").stdout);
  assert.equal(exported.format, "sealdrop.case.v1");
  assert.equal(exported.record.id, id);
  assert.equal(exported.record.status, "fixing");
  assert.equal(exported.record.expected_resolution, "2027-01-15");
  assert.equal(exported.record.reward, "EUR 50");
  assert.deepEqual(exported.record.credit, { name: "Ada L.", link: "https://ada.example/", published: false });
  assert.ok(exported.record.acknowledged_at, "acknowledged_at is set");
  const stored = await (await staff(`/api/v1/staff/reports/${id}`)).text();
  assert.equal(exported.ciphertext, stored, "the export carries the stored ciphertext");

  const log = JSON.parse(ok(await cli(["log", id, "--json"]), "log --json").stdout);
  const actions = log.entries.map((e) => `${e.actor} ${e.action} ${e.detail}`);
  const expected = [
    // show --key, then show --gpg: the follow-up messages, the internal notes, then the report
    // (all audited).
    /^staff read_messages 0 message\(s\)$/,
    /^staff read_notes 0 note\(s\)$/,
    /^staff download \d+ bytes/,
    /^staff read_messages 0 message\(s\)$/,
    /^staff read_notes 0 note\(s\)$/,
    /^staff download \d+ bytes/,
    /^alice status acknowledged$/,
    /^alice status fixing \(expected resolution 2027-01-15\)$/,
    /^alice reward EUR 50$/,
    /^staff credit Ada L\. \(not published\)$/,
    /^staff download \d+ bytes/, // export
  ];
  assert.equal(actions.length, expected.length + 1, actions.join("\n")); // + the direct API download above
  expected.forEach((re, i) => assert.match(actions[i], re, actions.join("\n")));
  for (const e of log.entries) assert.match(e.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
  const table = ok(await cli(["log", id]), "log").stdout;
  assert.match(table, /alice\s+status\s+fixing \(expected resolution 2027-01-15\)/);

  // The list now shows the new status and date.
  const after = ok(await cli(["list"]), "list").stdout.split("\n").find((l) => l.startsWith(id));
  assert.match(after, /fixing \(2027-01-15\)/);
});

test("`sealdrop show` flags a report that breaks the policy's rules (a modified client)", async () => {
  const id = await submitReport({ ...VALID, affected: "https://www.other.example/", consent: false });
  const out = mkdtempSync(join(tmpdir(), "sealdrop-show-bad-"));
  const shown = await cli(["show", id, "--key", orgSecretKeyPath(), "--out", out]);
  assert.equal(shown.status, 8, shown.stderr);
  assert.match(shown.stdout, /WARNING: this report breaks the policy's rules/);
  assert.match(shown.stdout, /affected: .*not in scope/);
  assert.match(shown.stdout, /consent: /);
  assert.match(shown.stderr, /did not pass the checks \(2 problem\(s\)/);
});

test("CLI errors are one clear line with the exit code its --help documents", async () => {
  const help = ok(await cli(["--help"]), "--help").stdout;
  assert.match(help, /Exit codes:/);
  const empty = mkdtempSync(join(tmpdir(), "sealdrop-config-"));
  const noConfigFile = { XDG_CONFIG_HOME: empty, HOME: empty };
  const knownId = "01KAY8R5S7X0V3M2QJ4N6T8W9Z";
  const cases = [
    ["wrong token", ["list"], { token: "not-the-token" }, 5, /auth_invalid/],
    ["no token", ["list"], { token: null, env: noConfigFile }, 3, /no staff token/],
    ["no endpoint", ["list"], { env: { ...noConfigFile, SEALDROP_ENDPOINT: "" } }, 3, /no endpoint/],
    ["unreachable endpoint", ["list"], { env: { SEALDROP_ENDPOINT: "http://127.0.0.1:9" } }, 4, /cannot reach/],
    ["not a case id", ["ack", "42"], {}, 2, /not a case id/],
    ["unknown case", ["ack", knownId], {}, 5, /report_not_found/],
    ["unknown status", ["status", knownId, "fixed"], {}, 2, /not a status/],
    ["show without a key", ["show", knownId], { env: noConfigFile }, 2, /--key FILE/],
  ];
  for (const [what, args, options, code, message] of cases) {
    const r = await cli(args, options);
    assert.equal(r.status, code, `${what}: ${r.stderr}`);
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 1, `${what}: one line, got ${r.stderr}`);
    assert.match(lines[0], /^sealdrop: error: /, what);
    assert.match(lines[0], message, what);
  }
  // A report encrypted to the organisation, opened with another key: a decryption error (7).
  const id = await submitReport(VALID);
  const wrongKey = await cli(["show", id, "--key", join(FIXTURES, "keys", "stranger.sec.asc"), "--out", empty]);
  assert.equal(wrongKey.status, 7, wrongKey.stderr);
  assert.match(wrongKey.stderr, /not encrypted to this key/);
});

/** A loopback webhook receiver on the port the worker was started with. */
function webhookReceiver() {
  const received = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(Number(process.env.SEALDROP_WEBHOOK_PORT), "127.0.0.1", () => resolve({ server, received })),
  );
}

function verifySignature(hook) {
  const timestamp = hook.headers["x-sealdrop-timestamp"];
  const signature = hook.headers["x-sealdrop-signature"] ?? "";
  const expected = "sha256=" + createHmac("sha256", process.env.SEALDROP_WEBHOOK_SECRET)
    .update(`${timestamp}.${hook.body}`).digest("hex");
  assert.equal(signature.length, expected.length, "signature present");
  assert.ok(timingSafeEqual(Buffer.from(signature), Buffer.from(expected)), "HMAC-SHA256 signature verifies");
}

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+00:00");

/**
 * A case's times as the worker writes them, received `receivedHoursAgo` and due `dueInHours` from
 * now (whole seconds): the reminder is due at the midpoint rounded up to the second
 * (`deadline::reminder_at`), the escalation once the deadline has passed.
 */
function caseTimes(receivedHoursAgo, dueInHours, now = Math.floor(Date.now() / 1000) * 1000) {
  const received = now - receivedHoursAgo * 3600e3;
  const due = now + dueInHours * 3600e3;
  const remind = Math.ceil((received + due) / 2000) * 1000;
  return { received_at: iso(received), respond_by: iso(due), remind_at: iso(remind), escalate_at: iso(due) };
}

/** Moves a case's times: received `receivedHoursAgo`, respond-by `dueInHours` from now. */
async function setTimes(id, receivedHoursAgo, dueInHours) {
  const t = caseTimes(receivedHoursAgo, dueInHours);
  await d1(`UPDATE reports SET received_at = '${t.received_at}', respond_by = '${t.respond_by}', remind_at = '${t.remind_at}', escalate_at = '${t.escalate_at}' WHERE id = '${id}'`);
}

/** A case id as the worker makes them (a ULID of now), so it lists first. */
function newCaseId() {
  const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  let ms = Date.now();
  let time = "";
  for (let i = 0; i < 10; i++, ms = Math.floor(ms / 32)) time = alphabet[ms % 32] + time;
  return time + [...randomBytes(16)].map((b) => alphabet[b % 32]).join("");
}

async function runCron() {
  const response = await fetch(`${WORKER}/__scheduled?cron=*/15+*+*+*+*`);
  assert.equal(response.status, 200, await response.text());
}

/** The reminder and escalation e-mails of a case, in the order they were sent. */
function noticesFor(id) {
  return mails()
    .map((m) => parseMime(m))
    .filter((m) => m.headers["x-sealdrop-case"] === id && /^(Reminder|Escalation)/.test(m.headers.subject))
    .map((m) => ({ kind: m.headers.subject.split(":")[0], to: m.headers.to, body: m.body, sent: Number(/\.(\d+)\.\d+@/.exec(m.headers["message-id"])[1]) }))
    .sort((a, b) => a.sent - b.sent);
}

test("reminders and escalations go out once, never after acknowledgement, with signed webhooks", async (t) => {
  const { server, received } = await webhookReceiver();
  t.after(() => server.close());
  const secretTitle = "Secret title that must never leave the ciphertext";
  const late = await submitReport({ ...VALID, title: secretTitle });
  const acked = await submitReport({ ...VALID, title: secretTitle });
  await eventually(() => [late, acked].every((id) => received.some((h) => h.body.includes(id))), "new-report webhooks");

  // Fresh cases: nothing is owed.
  await runCron();
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(noticesFor(late), []);

  // More than half the window has passed: one reminder each, however often the cron runs.
  await setTimes(late, 40, 10);
  await setTimes(acked, 40, 10);
  await runCron();
  await runCron();
  await eventually(() => noticesFor(late).length && noticesFor(acked).length, "reminders");
  await runCron();
  await new Promise((r) => setTimeout(r, 500));
  const staffAddresses = POLICY.notify.to.map((a) => `<${a}>`).sort();
  const escalationAddresses = POLICY.notify.escalation.map((a) => `<${a}>`).sort();
  for (const id of [late, acked]) {
    const notices = noticesFor(id);
    assert.ok(notices.every((n) => n.kind === "Reminder"), `${id}: reminders only`);
    assert.deepEqual(notices.map((n) => n.to).sort(), staffAddresses, `${id}: one reminder per staff address`);
    assert.match(notices[0].body, new RegExp(`Case: ${id}\\r?\\nRespond by: `));
  }

  // One is acknowledged; then the deadline passes for both: only the other escalates.
  const ack = await fetch(`${WORKER}/api/v1/staff/reports/${acked}/status`, {
    method: "POST",
    headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
    body: JSON.stringify({ status: "acknowledged" }),
  });
  assert.equal(ack.status, 200, await ack.text());
  await setTimes(late, 60, -1);
  await setTimes(acked, 60, -1);
  await runCron();
  await eventually(() => noticesFor(late).some((n) => n.kind === "Escalation"), "escalation");
  await runCron();
  await new Promise((r) => setTimeout(r, 500));
  const lateNotices = noticesFor(late);
  const reminders = lateNotices.filter((n) => n.kind === "Reminder");
  const escalations = lateNotices.filter((n) => n.kind === "Escalation");
  assert.equal(reminders.length + escalations.length, lateNotices.length);
  assert.ok(Math.max(...reminders.map((n) => n.sent)) < Math.min(...escalations.map((n) => n.sent)), "reminder first");
  assert.deepEqual(escalations.map((n) => n.to).sort(), escalationAddresses, "one escalation per escalation address");
  assert.deepEqual(reminders.map((n) => n.to).sort(), staffAddresses, "no second reminder");
  assert.ok(noticesFor(acked).every((n) => n.kind === "Reminder"), "nothing after acknowledgement");
  assert.equal(noticesFor(acked).length, staffAddresses.length);

  const log = (await (await staff(`/api/v1/staff/reports/${late}/log`)).json()).entries;
  assert.deepEqual(log.filter((e) => e.actor === "sealdrop").map((e) => e.action), ["reminder", "escalation"]);

  // Webhooks: new report, reminder, escalation; signed; only id, deadline and a link.
  const events = (id) => received.filter((h) => JSON.parse(h.body).id === id).map((h) => JSON.parse(h.body).event);
  assert.deepEqual(events(late), ["new_report", "reminder", "escalation"]);
  assert.deepEqual(events(acked), ["new_report", "reminder"]);
  for (const hook of received.filter((h) => [late, acked].includes(JSON.parse(h.body).id))) {
    verifySignature(hook);
    const payload = JSON.parse(hook.body);
    assert.deepEqual(Object.keys(payload).sort(), ["deadline", "event", "id", "link", "text"]);
    assert.ok(payload.link.endsWith(`/api/v1/staff/reports/${payload.id}/record`), payload.link);
    for (const secret of [secretTitle, VALID.contact, VALID.affected]) {
      assert.ok(!hook.body.includes(secret), `webhook leaks ${secret}`);
    }
  }
  for (const n of [...lateNotices, ...noticesFor(acked)]) {
    assert.ok(!n.body.includes(secretTitle) && !n.body.includes(VALID.contact), "notices carry no report content");
  }
});

test("the cron sends a due reminder however many cases that owe nothing come before it", async (t) => {
  // 500 rows that are not acknowledged and not escalated, with ids before every real case's: not
  // due yet, reminded with the deadline ahead, or due but backing off after a failed e-mail. The
  // old walk (by id, 500 at a time) never got past them.
  const junk = "01AAAAAAAAAAAAAAAAAA";
  t.after(() => d1(`DELETE FROM reports WHERE id LIKE '${junk}%'`));
  const fresh = caseTimes(1, 72);
  const backingOff = caseTimes(40, 10);
  const hourAgo = iso(Date.now() - 3600e3);
  const inAnHour = iso(Date.now() + 3600e3);
  const kind = (notDue, dueButBackingOff) => `CASE i % 3 WHEN 2 THEN '${dueButBackingOff}' ELSE '${notDue}' END`;
  await d1(
    "INSERT INTO reports (id, received_at, respond_by, size, sha256, status, r2_key, notified_at, reminded_at, " +
      "remind_at, escalate_at, notice_attempts, notice_next_at) " +
      "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 499) " +
      `SELECT printf('${junk}%06d', i), ${kind(fresh.received_at, backingOff.received_at)}, ` +
      `${kind(fresh.respond_by, backingOff.respond_by)}, 100, 'junk', 'received', 'junk', '${hourAgo}', ` +
      `CASE i % 3 WHEN 1 THEN '${hourAgo}' END, ${kind(fresh.remind_at, backingOff.remind_at)}, ` +
      `${kind(fresh.escalate_at, backingOff.escalate_at)}, CASE i % 3 WHEN 2 THEN 3 ELSE 0 END, ` +
      `CASE i % 3 WHEN 2 THEN '${inAnHour}' END FROM n`,
  );
  const real = await submitReport(VALID);
  await setTimes(real, 40, 10);

  await runCron(); // once
  await eventually(() => noticesFor(real).length === POLICY.notify.to.length, "the real case's reminders");
  assert.ok(noticesFor(real).every((n) => n.kind === "Reminder"));
  const junkNotices = mails().map((m) => parseMime(m)).filter((m) => (m.headers["x-sealdrop-case"] ?? "").startsWith(junk));
  assert.deepEqual(junkNotices, [], "nothing for cases that owe nothing");
  const log = (await (await staff(`/api/v1/staff/reports/${real}/log`)).json()).entries;
  assert.deepEqual(log.filter((e) => e.actor === "sealdrop").map((e) => e.action), ["reminder"]);
});

test("an e-mail that keeps failing is retried with back-off, then given up, and `sealdrop list` says so", async (t) => {
  // Two cases whose new-report e-mail cannot be sent (rows without their ciphertext: each attempt
  // fails like a failed send), due for another attempt: the 8th attempt and the 3rd.
  const last = newCaseId();
  const third = newCaseId();
  t.after(async () => {
    await d1(`DELETE FROM audit_log WHERE report_id IN ('${last}', '${third}')`);
    await d1(`DELETE FROM reports WHERE id IN ('${last}', '${third}')`);
  });
  const times = caseTimes(1, 72);
  const minuteAgo = iso(Date.now() - 60e3);
  const row = (id, attempts) =>
    `('${id}', '${times.received_at}', '${times.respond_by}', 100, 'missing', 'received', 'missing', ` +
    `'${times.remind_at}', '${times.escalate_at}', ${attempts}, '${minuteAgo}')`;
  await d1(
    "INSERT INTO reports (id, received_at, respond_by, size, sha256, status, r2_key, remind_at, escalate_at, " +
      `notify_attempts, notify_next_at) VALUES ${row(last, 7)}, ${row(third, 2)}`,
  );
  const listed = async () => JSON.parse(ok(await cli(["list", "--json"]), "list --json").stdout).reports;
  const state = (reports, id) => reports.find((r) => r.id === id);
  assert.deepEqual([state(await listed(), last).notification, state(await listed(), third).notification], ["pending", "pending"]);

  await runCron();
  const after = await eventually(async () => {
    const reports = await listed();
    return state(reports, last).notification === "failed" && state(reports, third).notify_attempts === 3 && reports;
  }, "the attempts of the cron run");
  assert.deepEqual(state(after, last), { ...state(after, last), notification: "failed", notify_attempts: 8 });
  assert.deepEqual(state(after, third), { ...state(after, third), notification: "pending", notify_attempts: 3 });

  // The table shows it, and a warning says in words what it means.
  const table = ok(await cli(["list"]), "list");
  const line = (id) => table.stdout.split("\n").find((l) => l.startsWith(id));
  assert.match(line(last), /FAILED \(8 tries\)/);
  assert.match(line(third), /retrying \(3 of 8\)/);
  assert.match(table.stderr, /WARNING: the e-mail to staff FAILED for \d+ case\(s\) and was given up after 8 attempts/);
  assert.ok(table.stderr.includes(last) && !table.stderr.includes(third), table.stderr);
  const log = JSON.parse(ok(await cli(["log", last, "--json"]), "log").stdout).entries;
  const failed = log.filter((e) => e.action === "notification_failed");
  assert.equal(failed.length, 1, JSON.stringify(log));
  assert.equal(failed[0].actor, "sealdrop");
  assert.match(failed[0].detail, /not sent after 8 attempts and is given up/);

  // Given up is final; the other one waits for its back-off (8 minutes) before its next attempt.
  await runCron();
  await new Promise((r) => setTimeout(r, 1000));
  const again = await listed();
  assert.equal(state(again, last).notify_attempts, 8);
  assert.equal(state(again, third).notify_attempts, 3);
  const logAgain = JSON.parse(ok(await cli(["log", last, "--json"]), "log").stdout).entries;
  assert.equal(logAgain.filter((e) => e.action === "notification_failed").length, 1, "said once");
});

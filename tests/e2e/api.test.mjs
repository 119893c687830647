// The worker's API against real workerd with local D1 and R2: every bad input gets a precise
// 4xx JSON error, nothing is stored twice, and what is stored is what was sent.
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import {
  WORKER, POLICY, FIXTURES, ROOT, orgSecretKeyPath, gnupgHome, gpgEncrypt, gpgDecrypt, fingerprintOf,
  staff, submit, expectError, ok, d1, work, withWork, solution, POW_HEADER, earlyInWindow, windowNow,
} from "./lib.mjs";
import { createChallenge, verifySolution } from "altcha-lib";

const ORG_PUBLIC = join(FIXTURES, "..", "..", "examples", "policies", "nimbus-cloud", "security.asc");
const STRANGER_PUBLIC = join(FIXTURES, "keys", "stranger.pub.asc");
const home = await gnupgHome(ORG_PUBLIC, STRANGER_PUBLIC, orgSecretKeyPath());
const ORG_FPR = await fingerprintOf(home, ORG_PUBLIC);
const STRANGER_FPR = await fingerprintOf(home, STRANGER_PUBLIC);

/** A raw request, for headers fetch() will not let us set. */
function raw(method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${WORKER}${path}`, { method, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

test("the public policy carries the key and its fingerprint, and no private settings", async () => {
  const response = await fetch(`${WORKER}/api/v1/policy`);
  assert.equal(response.status, 200);
  const text = await response.text();
  const policy = JSON.parse(text);
  assert.equal(policy.key.fingerprint, ORG_FPR);
  assert.match(policy.key.armored, /BEGIN PGP PUBLIC KEY BLOCK/);
  assert.equal(policy.organisation.name, POLICY.public.organisation.name);
  for (const address of [...POLICY.notify.to, ...POLICY.notify.escalation, POLICY.notify.from]) {
    assert.ok(!text.includes(address), `public policy leaks ${address}`);
  }
});

test("a GnuPG-encrypted message to the organisation key is accepted and stored byte for byte", async () => {
  const armored = await gpgEncrypt(home, "report made with GnuPG\n", ORG_FPR);
  const response = await submit(armored);
  assert.equal(response.status, 201, await response.clone().text());
  const receipt = await response.json();
  assert.match(receipt.id, /^[0-9A-HJKMNP-TV-Z]{26}$/);
  assert.match(receipt.received_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
  assert.match(receipt.respond_by, /T23:59:59[+-]\d\d:\d\d$/);
  assert.ok(new Date(receipt.respond_by) > new Date(receipt.received_at));

  const stored = await staff(`/api/v1/staff/reports/${receipt.id}`);
  assert.equal(stored.status, 200);
  assert.equal(stored.headers.get("content-type"), "application/pgp-encrypted");
  const body = await stored.text();
  assert.equal(body, armored);
  assert.equal((await gpgDecrypt(home, body)).toString(), "report made with GnuPG\n");
});

const badInputs = [
  ["plain text instead of OpenPGP", "hello, this is not encrypted", {}, 400, "not_encrypted"],
  ["armor that is not a message", "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQ==\n-----END PGP PUBLIC KEY BLOCK-----\n", {}, 400, "not_encrypted"],
  ["a message with broken armor", "-----BEGIN PGP MESSAGE-----\n\n!!!not base64!!!\n-----END PGP MESSAGE-----\n", {}, 400, "not_encrypted"],
  ["the wrong content type", "x", { "Content-Type": "text/plain" }, 415, "unsupported_media_type"],
  ["an invalid idempotency key", "x", { "Idempotency-Key": "has spaces in it" }, 400, "idempotency_key_invalid"],
];
for (const [what, body, headers, status, code] of badInputs) {
  test(`${what} is refused with ${status} ${code}`, async () => {
    await expectError(assert, await submit(body, headers), status, code);
  });
}

test("a message to another key is refused with 422 wrong_recipient", async () => {
  const armored = await gpgEncrypt(home, "to the wrong key", STRANGER_FPR);
  const body = await expectError(assert, await submit(armored), 422, "wrong_recipient");
  assert.match(body.error.message, new RegExp(ORG_FPR));
});

test("a message to the organisation and its listed staff key is accepted; to the staff key alone, refused", async () => {
  const alicePublic = join(ROOT, "examples", "policies", "nimbus-cloud", "staff", "alice.asc");
  const staffHome = await gnupgHome(ORG_PUBLIC, alicePublic);
  const aliceFpr = await fingerprintOf(staffHome, alicePublic);
  const both = await submit(await gpgEncrypt(staffHome, "to both", ORG_FPR, aliceFpr));
  assert.equal(both.status, 201, await both.clone().text());
  const body = await expectError(assert, await submit(await gpgEncrypt(staffHome, "to staff only", aliceFpr)), 422, "recipient_missing");
  assert.ok(body.error.message.includes(ORG_FPR), body.error.message);
});

test("a message to the organisation and another key is refused", async () => {
  const armored = await gpgEncrypt(home, "to both", ORG_FPR, STRANGER_FPR);
  await expectError(assert, await submit(armored), 422, "wrong_recipient");
});

test("the armor's frame is strict: trailing text or armor headers are refused, trailing whitespace is not", async () => {
  const armored = await gpgEncrypt(home, "framed", ORG_FPR);
  const cases = [
    ["text after the footer", `${armored}\nRead it at https://evil.example\n`, 400, "not_encrypted", /only whitespace may follow/],
    ["a second message after the first", armored + armored, 400, "not_encrypted", /only whitespace may follow/],
    ["an armor header", armored.replace("-----BEGIN PGP MESSAGE-----\n", "-----BEGIN PGP MESSAGE-----\nComment: open https://evil.example\n"), 400, "not_encrypted", /armor headers/],
  ];
  for (const [what, body, status, code, message] of cases) {
    const error = await expectError(assert, await submit(body), status, code);
    assert.match(error.error.message, message, what);
  }
  const spaced = await submit(`${armored}\r\n\n  \n`);
  assert.equal(spaced.status, 201, await spaced.clone().text());
});

test("submissions have a per-client quota, an IPv6 client counted by its /64", async () => {
  // The test stack allows 100 submissions per client per window (REPORT_LIMIT_PER_CLIENT), below
  // the flood gate's 120 a minute. A client rotating through the addresses of one /64 is one client.
  // The quota counts in ten-minute windows: all tries must share one.
  const window = await earlyInWindow(600, 90);
  let answer;
  let admitted = 0;
  for (let i = 1; i <= 105; i++) {
    answer = await submit("x", { "CF-Connecting-IP": `2001:db8:7:1::${i.toString(16)}` });
    if (answer.status === 429) break;
    admitted++;
    await answer.arrayBuffer();
  }
  assert.equal(windowNow(600), window, "every try fell in one window");
  assert.equal(admitted, 100);
  const body = await expectError(assert, answer, 429, "rate_limited");
  assert.match(body.error.message, /too many|wait|try again/i);
  assert.ok(Number(answer.headers.get("retry-after")) > 0);
  // Another /64 is another client.
  await expectError(assert, await submit("x", { "CF-Connecting-IP": "2001:db8:7:2::1" }), 400, "not_encrypted");
});

test("storage that fails half-way loses nothing: 503 with Retry-After and nothing stored, or 201 when D1 did commit; a retry is stored once", async () => {
  const listed = async () => (await (await staff("/api/v1/staff/reports?limit=500")).json()).reports.map((r) => r.id);
  const before = await listed();
  const armored = await gpgEncrypt(home, "a report while storage fails", ORG_FPR);
  // R2 down, or D1 down: nothing is stored, and the answer says to come back.
  for (const fault of ["r2-down", "d1-down"]) {
    const key = `fault-${fault}-${Date.now()}`;
    // The retry spends the same proof of work: it is bound to the idempotency key.
    const pow = await work();
    const answer = await submit(armored, { "Idempotency-Key": key, "X-Sealdrop-Fault": fault, [POW_HEADER]: pow });
    await expectError(assert, answer, 503, "storage_unavailable");
    assert.equal(answer.headers.get("retry-after"), "5", fault);
    assert.deepEqual(await listed(), before, `${fault}: no report stored`);
    // The same bytes and key once storage is back: stored, once.
    const retried = await submit(armored, { "Idempotency-Key": key, [POW_HEADER]: pow });
    assert.equal(retried.status, 201, await retried.clone().text());
    const id = (await retried.json()).id;
    assert.equal((await listed()).filter((x) => x === id).length, 1);
    before.unshift(id);
  }
  // D1 commits, then its answer is lost: the report was stored, so it is acknowledged (201) and
  // its ciphertext kept; the retry gets the same id.
  const key = `fault-commit-${Date.now()}`;
  const committed = await submit(armored, { "Idempotency-Key": key, "X-Sealdrop-Fault": "d1-commit-then-error" });
  assert.equal(committed.status, 201, await committed.clone().text());
  const id = (await committed.json()).id;
  assert.equal(await (await staff(`/api/v1/staff/reports/${id}`)).text(), armored, "the ciphertext is there");
  const again = await submit(armored, { "Idempotency-Key": key });
  assert.equal(again.status, 201);
  assert.equal((await again.json()).id, id);
  assert.equal(again.headers.get("idempotent-replayed"), "true");
  assert.equal((await listed()).filter((x) => x === id).length, 1);
});

test("the worker's challenges are ALTCHA v1: altcha-lib verifies their solutions, and the worker refuses what altcha-lib refuses", async () => {
  const response = await fetch(`${WORKER}/api/v1/challenge`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("access-control-allow-origin"), "*");
  const challenge = await response.json();
  assert.deepEqual(Object.keys(challenge).sort(), ["algorithm", "challenge", "maxnumber", "salt", "signature"]);
  assert.equal(challenge.algorithm, "SHA-256");
  assert.equal(challenge.maxnumber, POLICY.abuse.proof_of_work, "the policy's difficulty");
  const expires = Number(new URLSearchParams(challenge.salt.split("?")[1]).get("expires"));
  assert.ok(Math.abs(expires - (Date.now() / 1000 + 1800)) < 120, "valid for 30 minutes");
  // The worker's key (generated on first use, kept in D1) lets altcha-lib check the solution.
  const hmacKey = (await d1("SELECT value FROM settings WHERE name = 'pow_hmac_key'"))[0].value;
  const good = await solution(challenge);
  assert.equal(await verifySolution(good, hmacKey), true, "altcha-lib accepts the worker's challenge");
  const decoded = JSON.parse(Buffer.from(good, "base64").toString());
  const wrongNumber = await solution(challenge, (decoded.number + 1) % (challenge.maxnumber + 1));
  assert.equal(await verifySolution(wrongNumber, hmacKey), false);
  const armored = await gpgEncrypt(home, "a report with a proof of work", ORG_FPR);
  await expectError(assert, await submit(armored, { [POW_HEADER]: wrongNumber }), 403, "pow_invalid");
  // Challenges altcha-lib made: expired with the worker's key, or signed with another key.
  const expired = await createChallenge({ hmacKey, maxnumber: 2000, expires: new Date(Date.now() - 1000) });
  assert.equal(await verifySolution(await solution(expired), hmacKey), false);
  await expectError(assert, await submit(armored, { [POW_HEADER]: await solution(expired) }), 403, "pow_expired");
  const foreign = await createChallenge({ hmacKey: "not the worker's key", maxnumber: 2000, expires: new Date(Date.now() + 60000) });
  await expectError(assert, await submit(armored, { [POW_HEADER]: await solution(foreign) }), 403, "pow_invalid");
  // One altcha-lib made with the worker's key is as good as the worker's own.
  const minted = await createChallenge({ hmacKey, maxnumber: 2000, expires: new Date(Date.now() + 60000) });
  const accepted = await submit(armored, { [POW_HEADER]: await solution(minted) });
  assert.equal(accepted.status, 201, await accepted.clone().text());
  const missing = await expectError(assert, await submit(armored, { [POW_HEADER]: null }), 428, "pow_required");
  assert.match(missing.error.message, /api\/v1\/challenge/);
  await expectError(assert, await submit(armored, { [POW_HEADER]: "bm90IGpzb24=" }), 428, "pow_required");
});

test("a proof of work is spent once: only a retry with the same Idempotency-Key may use it again", async () => {
  const first = await gpgEncrypt(home, "first report", ORG_FPR);
  const second = await gpgEncrypt(home, "second report", ORG_FPR);
  const pow = await work();
  const key = randomUUID();
  const stored = await submit(first, { "Idempotency-Key": key, [POW_HEADER]: pow });
  assert.equal(stored.status, 201, await stored.clone().text());
  const replay = await submit(first, { "Idempotency-Key": key, [POW_HEADER]: pow });
  assert.equal(replay.status, 201);
  assert.equal(replay.headers.get("idempotent-replayed"), "true");
  assert.equal((await replay.json()).id, (await stored.json()).id);
  await expectError(assert, await submit(second, { "Idempotency-Key": randomUUID(), [POW_HEADER]: pow }), 409, "pow_reused");
  await expectError(assert, await submit(second, { [POW_HEADER]: pow }), 409, "pow_reused");
  // Without an idempotency key a solution is good for exactly one request.
  const once = await work();
  assert.equal((await submit(second, { [POW_HEADER]: once })).status, 201);
  await expectError(assert, await submit(second, { [POW_HEADER]: once }), 409, "pow_reused");
  // Only submissions honour idempotency keys: elsewhere a key buys no second use, nor does
  // another endpoint take a submission's solution.
  const lookup = async (headers) => fetch(`${WORKER}/api/v1/followup`, {
    method: "POST", headers: await withWork({ "Content-Type": "application/json", ...headers }), body: JSON.stringify({ token: "00".repeat(32) }),
  });
  const again = await work();
  await expectError(assert, await lookup({ "Idempotency-Key": "k", [POW_HEADER]: again }), 404, "receipt_unknown");
  await expectError(assert, await lookup({ "Idempotency-Key": "k", [POW_HEADER]: again }), 409, "pow_reused");
  await expectError(assert, await lookup({ "Idempotency-Key": key, [POW_HEADER]: pow }), 409, "pow_reused");
});

test("a flood is stopped by the rate-limiting binding within the minute, before any proof of work is checked", async () => {
  // The binding's windows are wall-clock minutes: start early in one, so all requests share it.
  await earlyInWindow(60, 15);
  const from = { "CF-Connecting-IP": "203.0.113.77", [POW_HEADER]: null };
  const statuses = [];
  for (let i = 0; i < 125; i++) {
    const r = await submit("x", from);
    statuses.push(r.status);
    await r.arrayBuffer();
  }
  assert.deepEqual(statuses.slice(0, 120), Array(120).fill(428), "120 a minute get as far as the proof-of-work check");
  assert.deepEqual(statuses.slice(120), Array(5).fill(429), "then the gate refuses");
  const refused = await submit("x", from);
  const body = await expectError(assert, refused, 429, "rate_limited");
  assert.ok(Number(refused.headers.get("retry-after")) <= 60, body.error.message);
  // Another client, and the same client's other budget, are not affected.
  assert.equal((await submit("x", { ...from, "CF-Connecting-IP": "203.0.113.78" })).status, 428);
  const lookup = await fetch(`${WORKER}/api/v1/followup`, { method: "POST", headers: { "Content-Type": "application/json", ...from }, body: "{}" });
  assert.equal(lookup.status, 428, await lookup.text());
});

test("a symmetric (password) message is refused", async () => {
  const armored = (await ok("gpg", ["--homedir", home, "--batch", "--armor", "--passphrase", "pw", "--symmetric"], { input: "x" })).toString();
  await expectError(assert, await submit(armored), 400, "not_encrypted");
});

test("a body one byte over the limit is refused with 413 before it is stored; exactly the limit is read", async () => {
  const list = await (await staff("/api/v1/staff/reports?limit=500")).json();
  // A real body one byte over the policy's limit.
  const policy = await (await fetch(`${WORKER}/api/v1/policy`)).json();
  const head = "-----BEGIN PGP MESSAGE-----\n\n";
  const tail = "\n-----END PGP MESSAGE-----\n";
  const big = head + "A".repeat(policy.max_body_bytes + 1 - head.length - tail.length) + tail;
  assert.equal(big.length, policy.max_body_bytes + 1);
  await expectError(assert, await submit(big), 413, "payload_too_large");
  // Exactly the limit gets past the size check (and is then refused for what it is).
  const exact = head + "A".repeat(policy.max_body_bytes - head.length - tail.length) + tail;
  assert.equal(exact.length, policy.max_body_bytes);
  await expectError(assert, await submit(exact), 400, "not_encrypted");
  const after = await (await staff("/api/v1/staff/reports?limit=500")).json();
  assert.equal(after.reports.length, list.reports.length, "nothing stored");
});

test("a body without Content-Length is refused with 411", async () => {
  const res = await raw("POST", "/api/v1/reports", await withWork({ "Content-Type": "application/pgp-encrypted", "Transfer-Encoding": "chunked" }), "abc");
  assert.equal(res.status, 411, res.text);
  assert.equal(JSON.parse(res.text).error.code, "length_required");
});

test("a repeated Idempotency-Key returns the first answer and stores once", async () => {
  const key = randomUUID();
  const armored = await gpgEncrypt(home, "retried report", ORG_FPR);
  const first = await submit(armored, { "Idempotency-Key": key });
  assert.equal(first.status, 201);
  const a = await first.json();
  const second = await submit(armored, { "Idempotency-Key": key });
  assert.equal(second.status, 201);
  assert.equal(second.headers.get("idempotent-replayed"), "true");
  assert.deepEqual(await second.json(), a);
  const list = await (await staff("/api/v1/staff/reports?limit=500")).json();
  assert.equal(list.reports.filter((r) => r.id === a.id).length, 1);
  // Other reports may happen to have the same size: compare the stored bytes.
  const sameSize = list.reports.filter((r) => r.size === armored.length);
  const stored = await Promise.all(sameSize.map(async (r) => (await staff(`/api/v1/staff/reports/${r.id}`)).text()));
  assert.equal(stored.filter((text) => text === armored).length, 1, "stored exactly once");

  const other = await gpgEncrypt(home, "a different report", ORG_FPR);
  await expectError(assert, await submit(other, { "Idempotency-Key": key }), 422, "idempotency_key_reused");
});

test("concurrent retries with one Idempotency-Key store one report", async () => {
  const key = randomUUID();
  const armored = await gpgEncrypt(home, "raced report", ORG_FPR);
  const answers = await Promise.all([1, 2, 3, 4].map(() => submit(armored, { "Idempotency-Key": key })));
  const bodies = await Promise.all(answers.map((r) => r.json()));
  for (const r of answers) assert.equal(r.status, 201);
  assert.equal(new Set(bodies.map((b) => b.id)).size, 1, JSON.stringify(bodies));
});

test("staff endpoints need the bearer token", async () => {
  await expectError(assert, await staff("/api/v1/staff/reports", { token: null }), 401, "auth_required");
  const wrong = await staff("/api/v1/staff/reports", { token: "not-the-token" });
  assert.equal(wrong.headers.get("www-authenticate"), 'Bearer realm="sealdrop-staff"');
  await expectError(assert, wrong, 401, "auth_invalid");
  await expectError(assert, await staff("/api/v1/staff/reports/01ARZ3NDEKTSV4RRFFQ69G5FAV", { token: null }), 401, "auth_required");
  await expectError(assert, await staff("/api/v1/staff/reports/01ARZ3NDEKTSV4RRFFQ69G5FAV", { token: "nope" }), 401, "auth_invalid");
});

test("staff lookups of bad or unknown ids are precise", async () => {
  await expectError(assert, await staff("/api/v1/staff/reports/..%2F..%2Fetc"), 400, "invalid_id");
  await expectError(assert, await staff("/api/v1/staff/reports/01ARZ3NDEKTSV4RRFFQ69G5FAV"), 404, "report_not_found");
  await expectError(assert, await staff("/api/v1/staff/reports?before=nope"), 400, "invalid_id");
});

test("unknown endpoints and wrong methods get JSON errors", async () => {
  await expectError(assert, await fetch(`${WORKER}/api/v1/nothing`), 404, "not_found");
  const res = await fetch(`${WORKER}/api/v1/reports`);
  assert.equal(res.headers.get("allow"), "POST");
  await expectError(assert, res, 405, "method_not_allowed");
});

test("the listing is newest first and shows deadlines", async () => {
  const list = await (await staff("/api/v1/staff/reports")).json();
  assert.ok(list.reports.length >= 2);
  const ids = list.reports.map((r) => r.id);
  assert.deepEqual(ids, [...ids].sort().reverse());
  for (const r of list.reports) {
    assert.equal(r.status, "received");
    assert.ok(r.size > 0);
    assert.ok(new Date(r.respond_by) > new Date(r.received_at));
  }
});

// Reports too large for one request, uploaded in parts (`POST /api/v1/uploads`, `PUT
// .../parts/{n}`, `GET`, `POST .../complete`) against the real worker, D1 and R2: the envelope is
// checked part by part, parts arrive in order and a retried one is answered again, the report is
// stored once and reads back byte for byte, GnuPG and `sealdrop show` open it, and staff get a
// notice instead of the ciphertext. The messages are GnuPG's own, streamed with partial lengths.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import {
  WORKER, POLICY, FIXTURES, CLIENT_IP, staff, withWork, expectError, gnupgHome, gpgDecrypt, ok, orgSecretKeyPath,
  reportEntity, mails, cli, eventually, POW_HEADER,
} from "./lib.mjs";

const ORG_PUBLIC = join(FIXTURES, "..", "..", "examples", "policies", "nimbus-cloud", "security.asc");
const STRANGER_PUBLIC = join(FIXTURES, "keys", "stranger.pub.asc");
const FPR = POLICY.public.key.fingerprint;
const MIB = 1024 * 1024;

/** A binary OpenPGP message from GnuPG (read from a pipe: partial body lengths). */
async function binaryMessage(home, recipient, plaintext) {
  const args = ["--homedir", home, "--batch", "--quiet", "--trust-model", "always", "--compress-algo", "none", "--encrypt", "--recipient", recipient];
  return ok("gpg", args, { input: plaintext });
}

async function begin(key = randomBytes(8).toString("hex"), headers = {}) {
  return fetch(`${WORKER}/api/v1/uploads`, {
    method: "POST",
    headers: await withWork({ "Content-Type": "application/json", "Idempotency-Key": key, ...headers }),
    body: "{}",
  });
}

function put(id, n, bytes, type = "application/octet-stream") {
  return fetch(`${WORKER}/api/v1/uploads/${id}/parts/${n}`, {
    method: "PUT",
    headers: { "Content-Type": type, "CF-Connecting-IP": CLIENT_IP },
    body: bytes,
  });
}

const post = (id, what) => fetch(`${WORKER}/api/v1/uploads/${id}/${what}`, { method: "POST", headers: { "CF-Connecting-IP": CLIENT_IP } });
const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

test("a report uploaded in parts is checked part by part, stored once, and reads back byte for byte", async () => {
  const home = await gnupgHome(ORG_PUBLIC);
  const attachment = randomBytes(11 * MIB);
  const title = `Uploaded in parts ${randomBytes(4).toString("hex")}`;
  const plaintext = reportEntity({ title, affected: "https://app.nimbus.example/", description: "d", steps: "s", impact: "i" }, [
    { name: "dump.bin", type: "application/octet-stream", bytes: attachment },
  ]);
  const message = await binaryMessage(home, FPR, plaintext);
  const key = randomBytes(8).toString("hex");

  const started = await begin(key);
  assert.equal(started.status, 201, await started.clone().text());
  const state = await started.json();
  assert.match(state.id, /^[0-9a-f]{32}$/);
  assert.deepEqual({ ...state, id: "" }, { id: "", part_size: 8 * MIB, limit: state.limit, parts: 0, bytes: 0, whole: false });
  assert.ok(state.limit > 100 * MIB, `the policy's upload limit (${state.limit}) is above 100 MiB`);
  const size = state.part_size;
  const parts = [];
  for (let at = 0; at < message.length; at += size) parts.push(message.subarray(at, at + size));
  assert.ok(parts.length >= 2, "more than one part");

  // The same key begins the same upload.
  assert.equal((await (await begin(key)).json()).id, state.id, "the same Idempotency-Key, the same upload");
  await expectError(assert, await post(state.id, "complete"), 409, "upload_incomplete");
  await expectError(assert, await put(state.id, 2, parts[1]), 409, "part_out_of_order");
  await expectError(assert, await put(state.id, 1, parts[0], "application/pgp-encrypted"), 415, "unsupported_media_type");

  const first = await put(state.id, 1, parts[0]);
  assert.equal(first.status, 200, await first.clone().text());
  assert.deepEqual(await first.json(), { ...state, parts: 1, bytes: size });
  // A retry of an acknowledged part gets the same answer; other bytes are refused.
  assert.equal((await (await put(state.id, 1, parts[0])).json()).parts, 1);
  const other = Buffer.from(parts[0]);
  other[size - 1] ^= 1;
  await expectError(assert, await put(state.id, 1, other), 409, "part_mismatch");
  // Where it stands, to resume after a dropped connection.
  assert.equal((await (await fetch(`${WORKER}/api/v1/uploads/${state.id}`)).json()).parts, 1);
  for (let n = 2; n <= parts.length; n++) {
    const answer = await put(state.id, n, parts[n - 1]);
    assert.equal(answer.status, 200, await answer.clone().text());
  }
  const whole = await (await fetch(`${WORKER}/api/v1/uploads/${state.id}`)).json();
  assert.deepEqual(whole, { ...state, parts: parts.length, bytes: message.length, whole: true });

  const completed = await post(state.id, "complete");
  assert.equal(completed.status, 201, await completed.clone().text());
  const answer = await completed.json();
  assert.match(answer.id, /^[0-9A-HJKMNP-TV-Z]{26}$/);
  const again = await post(state.id, "complete");
  assert.equal(again.status, 201);
  assert.equal(again.headers.get("idempotent-replayed"), "true");
  assert.deepEqual(await again.json(), answer, "a retried completion gets the first answer");

  const download = await staff(`/api/v1/staff/reports/${answer.id}`);
  assert.equal(download.status, 200);
  assert.equal(download.headers.get("content-type"), "application/octet-stream");
  const stored = Buffer.from(await download.arrayBuffer());
  assert.ok(stored.equals(message), "the stored report is the uploaded bytes");
  const record = await (await staff(`/api/v1/staff/reports/${answer.id}/record`)).json();
  assert.equal(record.sha256, sha256(message), "the digest is the SHA-256 of the bytes, as for one request");
  assert.equal(record.size, message.length);

  const secretHome = await gnupgHome(orgSecretKeyPath());
  assert.ok((await gpgDecrypt(secretHome, stored)).equals(Buffer.from(plaintext)), "GnuPG decrypts what was stored");
  const out = join(mkdtempSync(join(tmpdir(), "sealdrop-upload-show-")), "case");
  const shown = await cli(["show", answer.id, "--key", orgSecretKeyPath(), "--out", out]);
  assert.equal(shown.status, 0, shown.stderr);
  assert.match(shown.stdout, new RegExp(title));
  assert.ok(readFileSync(join(out, "dump.bin")).equals(attachment), `sealdrop show saves the file: ${readdirSync(out)}`);

  // Staff are told, with the id, and never sent the ciphertext.
  const mail = await eventually(
    () => mails().find((m) => m.includes(answer.id)),
    "the e-mail about the uploaded report",
  );
  assert.match(mail, /too large to send by e-mail/);
  assert.doesNotMatch(mail, /BEGIN PGP MESSAGE/);
});

test("an upload's envelope is refused at its first part: another key, armor, a short part that does not end it", async () => {
  const strangerHome = await gnupgHome(STRANGER_PUBLIC);
  const stranger = (await ok("gpg", ["--homedir", strangerHome, "--batch", "--with-colons", "--show-keys", STRANGER_PUBLIC])).toString()
    .split("\n").find((l) => l.startsWith("fpr:")).split(":")[9];
  const orgHome = await gnupgHome(ORG_PUBLIC);
  const big = await binaryMessage(orgHome, FPR, randomBytes(9 * MIB));
  const armored = Buffer.from((await ok("gpg", ["--homedir", orgHome, "--batch", "--quiet", "--trust-model", "always", "--armor", "--encrypt", "--recipient", FPR], { input: "x" })).toString());
  const cases = [
    ["to another key", (await binaryMessage(strangerHome, stranger, randomBytes(1000))), 422, "wrong_recipient"],
    ["armored", armored, 400, "not_encrypted"],
    ["a short part that does not end the message", big.subarray(0, MIB), 400, "part_invalid"],
  ];
  for (const [what, bytes, status, code] of cases) {
    const state = await (await begin()).json();
    await expectError(assert, await put(state.id, 1, bytes), status, code);
    assert.equal((await (await fetch(`${WORKER}/api/v1/uploads/${state.id}`)).json()).parts, 0, `${what}: nothing acknowledged`);
  }
});

test("an upload begins only with an Idempotency-Key and a proof of work; unknown uploads are 404", async () => {
  await expectError(assert, await fetch(`${WORKER}/api/v1/uploads`, {
    method: "POST",
    headers: await withWork({ "Content-Type": "application/json" }),
    body: "{}",
  }), 400, "idempotency_key_required");
  await expectError(assert, await begin(undefined, { [POW_HEADER]: null }), 428, "pow_required");
  const unknown = "0".repeat(32);
  await expectError(assert, await fetch(`${WORKER}/api/v1/uploads/${unknown}`), 404, "upload_unknown");
  await expectError(assert, await put(unknown, 1, Buffer.from("x")), 404, "upload_unknown");
  await expectError(assert, await fetch(`${WORKER}/api/v1/uploads/not-an-id`), 400, "invalid_id");
});

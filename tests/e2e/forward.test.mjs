// `sealdrop forward` against the running stack: the report, decrypted on the staff machine, is
// signed with the staff key and encrypted to the coordinator's key alone, written as a PGP/MIME
// mail file whose inner entity is the decrypted report byte for byte; the audit log records the
// forward and to which key; a forward that cannot be written or to a key that cannot be used
// leaves neither a file nor a log entry.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ROOT, FIXTURES, POLICY, VALID, orgSecretKeyPath, gnupgHome, gpgDecrypt, run, cli, staff, staffSend, expectError,
  submitEncrypted, parseMime, param, decode, reportEntity, submit, gpgEncrypt, REPORTER_PUBLIC,
} from "./lib.mjs";

const CSIRT_PUBLIC = join(FIXTURES, "keys", "csirt.pub.asc");
const CSIRT_SECRET = join(FIXTURES, "keys", "csirt.sec.asc");
const CSIRT_FPR = "7CAFBDB7AD09F8561F9E37E1CC8936AED6F0413D";
const ORG_PUBLIC = join(ROOT, "examples", "policies", "nimbus-cloud", "security.asc");
const ORG_FPR = POLICY.public.key.fingerprint;

const staffHome = await gnupgHome(ORG_PUBLIC, orgSecretKeyPath());
// The coordinator holds its own secret key and the organisation's public key, nothing else.
const csirtHome = await gnupgHome(CSIRT_SECRET, ORG_PUBLIC);

async function forwards(id) {
  const { entries } = await (await staff(`/api/v1/staff/reports/${id}/log`)).json();
  return entries.filter((e) => e.action === "forward");
}

function encryptedPart(mail) {
  const entity = parseMime(mail);
  assert.match(entity.headers["content-type"], /^multipart\/encrypted; protocol="application\/pgp-encrypted"/);
  assert.equal(entity.parts.length, 2, "RFC 3156: the version part and the encrypted part");
  assert.equal(entity.parts[0].headers["content-type"], "application/pgp-encrypted");
  assert.match(entity.parts[0].body, /^Version: 1/);
  return { entity, armored: entity.parts[1].body };
}

/** The key ids of the recipients an armored message is encrypted to, as gpg lists them. */
async function recipientsOf(armored) {
  const listed = await run("gpg", ["--homedir", csirtHome, "--batch", "--list-packets"], { input: armored });
  return [...listed.stdout.matchAll(/:pubkey enc packet: .*keyid ([0-9A-F]{16})/g)].map((m) => m[1]);
}

async function csirtSubkey() {
  const out = await run("gpg", ["--homedir", csirtHome, "--batch", "--with-colons", "--show-keys", CSIRT_PUBLIC]);
  return out.stdout.split("\n").find((l) => l.startsWith("sub:")).split(":")[4];
}

test("forward: only the coordinator can read it, signed, without the reporter's contact, and audited", async () => {
  const title = `Forwarded SSRF ${Date.now()}`;
  // As the widget sends it: with a name for credit and the reporter's reply key inside.
  const replyKey = readFileSync(REPORTER_PUBLIC, "utf8");
  const entityOut = reportEntity({ ...VALID, title, credit: "private-credit-name" }, [
    { name: "poc.py", type: "text/x-python", bytes: Buffer.from("print('proof')\n") },
  ], { reply_key: replyKey });
  const submitted = await submit(await gpgEncrypt(staffHome, entityOut, ORG_FPR));
  assert.equal(submitted.status, 201);
  const { id } = await submitted.json();
  const dir = mkdtempSync(join(tmpdir(), "sealdrop-forward-"));
  const file = join(dir, "to-csirt.eml");
  const done = await cli(["forward", id, "--to-key", CSIRT_PUBLIC, "--out", file, "--key", orgSecretKeyPath()]);
  assert.equal(done.status, 0, done.stderr);
  assert.match(done.stdout, /encrypted to: +7CAF BDB7 AD09 F856 1F9E 37E1 CC89 36AE D6F0 413D \(only\)/);
  assert.match(done.stdout, /without the reporter's contact, credit name and reply key/);
  assert.match(done.stdout, /audit log: +forward by staff/);

  const mail = readFileSync(file, "utf8");
  assert.ok(!mail.includes(title) && !mail.includes("proof"), "nothing of the report in clear");
  const { entity, armored } = encryptedPart(mail);
  assert.equal(entity.headers.to, "<cert@csirt.example>");
  assert.equal(entity.headers.subject, `Forwarded vulnerability report ${id}`);
  assert.equal(entity.headers["x-sealdrop-case"], id);
  assert.ok(param(entity.headers["content-type"], "boundary").startsWith("=_sealdrop_"));
  // Encrypted to the coordinator's encryption subkey and to nothing else.
  assert.deepEqual(await recipientsOf(armored), [await csirtSubkey()]);

  // The coordinator decrypts it, and gpg checks the organisation's signature.
  const opened = await run("gpg", ["--homedir", csirtHome, "--batch", "--status-fd", "2", "--decrypt"], { input: armored });
  assert.equal(opened.status, 0, opened.stderr);
  assert.match(opened.stderr, new RegExp(`\\[GNUPG:\\] VALIDSIG \\S+ .* ${ORG_FPR}\\b`), "signed by the organisation key");
  // The report, its file and its fields, but not the reporter's contact.
  const inner = parseMime(opened.bytes.toString("latin1"));
  const text = decode(inner.parts[0]).toString("utf8");
  const json = JSON.parse(decode(inner.parts[1]).toString("utf8"));
  assert.ok(text.includes(title) && text.includes(VALID.description), text);
  assert.equal(json.fields.title, title);
  assert.equal(json.fields.contact, "");
  assert.equal(json.fields.credit, "");
  assert.equal(json.reply_key, undefined);
  const all = opened.bytes.toString("latin1");
  for (const personal of [VALID.contact, "private-credit-name", replyKey.split("\n")[2]]) {
    assert.ok(!all.includes(personal), `no trace of ${personal}`);
  }
  assert.ok(decode(inner.parts[2]).equals(Buffer.from("print('proof')\n")), "the attachment's bytes");

  const [entry, ...more] = await forwards(id);
  assert.equal(more.length, 0);
  assert.equal(entry.actor, "staff");
  assert.equal(entry.detail, `forwarded to ${CSIRT_FPR} (National CSIRT (TEST KEY - DO NOT USE) <cert@csirt.example>)`);

  // An existing file is never overwritten, and then nothing is downloaded or recorded.
  const downloads = async () => (await (await staff(`/api/v1/staff/reports/${id}/log`)).json()).entries.filter((e) => e.action === "download").length;
  const before = await downloads();
  const again = await cli(["forward", id, "--to-key", CSIRT_PUBLIC, "--out", file, "--key", orgSecretKeyPath()]);
  assert.notEqual(again.status, 0);
  assert.match(again.stderr, /exists/i);
  assert.equal(readFileSync(file, "utf8"), mail);
  assert.equal((await forwards(id)).length, 1);
  assert.equal(await downloads(), before, "refused before the download");

  // --as-received: the decrypted report byte for byte, contact included.
  const whole = join(dir, "as-received.eml");
  const asReceived = await cli(["forward", id, "--to-key", CSIRT_PUBLIC, "--out", whole, "--as-received", "--key", orgSecretKeyPath()]);
  assert.equal(asReceived.status, 0, asReceived.stderr);
  assert.match(asReceived.stdout, /as received, the reporter's contact, credit name and reply key included/);
  const original = await gpgDecrypt(staffHome, await (await staff(`/api/v1/staff/reports/${id}`)).text());
  const unchanged = await gpgDecrypt(csirtHome, encryptedPart(readFileSync(whole, "utf8")).armored);
  assert.ok(unchanged.equals(original), "the forward carries the decrypted report unchanged");
  assert.equal((await forwards(id)).length, 2);
});

test("forward: a failure after the file is claimed leaves no file and no entry", async () => {
  const id = await submitEncrypted(staffHome, ORG_FPR, { ...VALID, title: "Forward fails" });
  const dir = mkdtempSync(join(tmpdir(), "sealdrop-forward-"));
  const out = join(dir, "claimed.eml");
  const refused = await cli(["forward", id, "--to-key", CSIRT_PUBLIC, "--out", out, "--key", orgSecretKeyPath()], { token: "not-a-staff-token" });
  assert.equal(refused.status, 5, refused.stderr);
  assert.ok(!existsSync(out), "the claimed file is removed");
  assert.equal((await forwards(id)).length, 0);
});

test("forward: a key that cannot be used is refused before anything is decrypted, written or recorded", async () => {
  const id = await submitEncrypted(staffHome, ORG_FPR, { ...VALID, title: "Forward refused" });
  const dir = mkdtempSync(join(tmpdir(), "sealdrop-forward-"));
  const notAKey = join(dir, "not-a-key.asc");
  writeFileSync(notAKey, "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnonsense\n-----END PGP PUBLIC KEY BLOCK-----\n");
  for (const key of [notAKey, join(FIXTURES, "keys", "validity-primary-revoked.pub.asc"), join(dir, "missing.asc")]) {
    const out = join(dir, "refused.eml");
    const refused = await cli(["forward", id, "--to-key", key, "--out", out, "--key", orgSecretKeyPath()]);
    assert.notEqual(refused.status, 0, key);
    assert.match(refused.stderr, /cannot be used as the coordinator's key|No such file/, refused.stderr);
    assert.ok(!existsSync(out), "no file");
  }
  assert.equal((await forwards(id)).length, 0, "nothing recorded");

  // The endpoint takes a fingerprint and one line of user id, nothing else.
  const path = `/api/v1/staff/reports/${id}/forwarded`;
  await expectError(assert, await staffSend("POST", path, { fingerprint: CSIRT_FPR, to: "a\nBcc: b" }), 422, "invalid_change");
  const bad = await staffSend("POST", path, { fingerprint: "not hex" });
  assert.equal(bad.status, 400, await bad.text());
  assert.equal((await forwards(id)).length, 0, "nothing recorded");
});

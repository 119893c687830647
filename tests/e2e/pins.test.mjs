// Pinned keys in the staff CLI, against the running stack and a tampering proxy in front of it
// that plays a compromised deployment (its policy adds one more staff key, the stranger's):
// `sealdrop pin` writes and prints the pins; `sealdrop reply` refuses to encrypt to a served key
// that is not pinned and posts nothing, and `show` and `list` warn; replies are signed (GnuPG
// verifies the organisation's signature); `show` checks the reporter's messages against the reply
// key inside the decrypted report and staff replies against the pinned keys.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  WORKER, POLICY, ROOT, FIXTURES, orgSecretKeyPath, ok as succeed, run, gnupgHome, gpgEncrypt, fingerprintOf, staff,
  submit, reportEntity, cli, deployedPins, withWork,
} from "./lib.mjs";
import { tamperingProxy } from "./proxy.mjs";

const NIMBUS = join(ROOT, "examples", "policies", "nimbus-cloud");
const ORG_PUBLIC = join(NIMBUS, "security.asc");
const STRANGER_PUBLIC = join(FIXTURES, "keys", "stranger.pub.asc");
const STRANGER_SECRET = join(FIXTURES, "keys", "stranger.sec.asc");
const ORG_FPR = POLICY.public.key.fingerprint;
/** What the deployed policy serves: the organisation key, then the staff keys. */
const DEPLOYED = deployedPins().split(",");

const REPORTER_WARNING =
  "WARNING: not signed by the reporter's reply key — the server, or anyone holding the lookup token, could have written this";
const STAFF_WARNING = "WARNING: not signed by a pinned organisation or staff key";

const VALID = {
  title: "Stored XSS in the ticket subject",
  affected: "https://support.nimbus.example/tickets/1",
  description: "The subject is rendered without escaping.",
  steps: "1. Create a ticket with <img src=x onerror=alert(1)> as subject\n2. Open the ticket list.",
  impact: "Script runs in every support agent's session.",
  contact: "researcher@example.org",
};

/** `ABCD 1234 …`, as the CLI prints fingerprints. */
const grouped = (fpr) => fpr.match(/.{4}/g).join(" ");
/** The last 16 hex digits, grouped: what the CLI prints beside a signature. */
const short = (fpr) => grouped(fpr.slice(-16));

const gpgHomes = [];
let orgHome;
let STRANGER_FPR;
let proxy;

before(async () => {
  orgHome = await gnupgHome(ORG_PUBLIC, orgSecretKeyPath());
  gpgHomes.push(orgHome);
  STRANGER_FPR = await fingerprintOf(orgHome, STRANGER_PUBLIC);
  const strangerArmored = readFileSync(STRANGER_PUBLIC, "utf8");
  // The compromised deployment: its public policy lists one more staff key, everything else is
  // passed through (so the CLI can still download and post through it).
  proxy = await tamperingProxy(WORKER, ({ method, path, status, body }) => {
    if (method !== "GET" || path.split("?")[0] !== "/api/v1/policy" || status !== 200) return undefined;
    const policy = JSON.parse(body.toString("utf8"));
    policy.staff_keys = [...(policy.staff_keys ?? []), { armored: strangerArmored, fingerprint: STRANGER_FPR }];
    return Buffer.from(JSON.stringify(policy));
  });
});

after(async () => {
  await proxy?.close();
  for (const home of gpgHomes) await run("gpgconf", ["--homedir", home, "--kill", "gpg-agent"]);
});

function passed(result, what) {
  assert.equal(result.status, 0, `${what}: exit ${result.status}\n${result.stderr}\n${result.stdout}`);
  return result;
}

/** A config folder of its own, and SEALDROP_PINS emptied so the file's pins count. */
function ownConfig() {
  const dir = mkdtempSync(join(tmpdir(), "sealdrop-pins-config-"));
  return { dir, file: join(dir, "sealdrop", "config.toml"), env: { XDG_CONFIG_HOME: dir, HOME: dir, SEALDROP_PINS: "" } };
}

/** The pins a config file holds (`pins = ["…", …]`). */
function pinsIn(file) {
  const line = readFileSync(file, "utf8").split("\n").find((l) => l.startsWith("pins = "));
  return JSON.parse(line.slice("pins = ".length));
}

/**
 * A reporter with a reply key made by GnuPG (Ed25519 primary for signing, Curve25519 encryption
 * subkey) in a home of their own, which also knows the organisation's public key.
 */
async function newReporter() {
  const home = mkdtempSync(join(tmpdir(), "sealdrop-reporter-"));
  gpgHomes.push(home);
  const gpg = async (args, input) =>
    succeed("gpg", ["--homedir", home, "--batch", "--quiet", "--pinentry-mode", "loopback", "--passphrase", "",
      "--trust-model", "always", ...args], { input });
  await gpg(["--quick-gen-key", "Reporter (TEST KEY - DO NOT USE) <reporter@example.org>", "ed25519", "sign", "never"]);
  const fpr = (await gpg(["--with-colons", "--list-keys"])).toString().split("\n").find((l) => l.startsWith("fpr:")).split(":")[9];
  await gpg(["--quick-add-key", fpr, "cv25519", "encr", "never"]);
  await gpg(["--import", ORG_PUBLIC]);
  return { home, fpr, gpg, binary: await gpg(["--export", fpr]), armored: (await gpg(["--armor", "--export", fpr])).toString() };
}

/** The report entity lib.mjs builds, with `reply_key` added to its report.json (as the widget does). */
function withReplyKey(entity, armored) {
  const part = /(filename="report\.json"\r\nContent-Transfer-Encoding: base64\r\n\r\n)([A-Za-z0-9+/=\r\n]+?)(\r\n--)/;
  assert.match(entity, part, "reportEntity's JSON part");
  return entity.replace(part, (_, head, b64, tail) => {
    const json = JSON.parse(Buffer.from(b64.replace(/\s+/g, ""), "base64").toString("utf8"));
    json.reply_key = armored;
    return head + Buffer.from(JSON.stringify(json)).toString("base64").replace(/.{76}/g, "$&\r\n") + tail;
  });
}

/** Submits a report that opens a follow-up channel to `reporter`'s key; returns its id and lookup token. */
async function submitWithReplyKey(reporter) {
  const token = randomBytes(32);
  const ciphertext = await gpgEncrypt(orgHome, withReplyKey(reportEntity(VALID), reporter.armored), ORG_FPR);
  const response = await submit(ciphertext, {
    "X-Sealdrop-Lookup": createHash("sha256").update(token).digest("hex"),
    "X-Sealdrop-Reply-Key": reporter.binary.toString("base64"),
  });
  assert.equal(response.status, 201, await response.clone().text());
  return { id: (await response.json()).id, token: token.toString("hex") };
}

/** A follow-up message as a MIME entity (what the CLI and the widget build). */
function messageEntity(text) {
  const b = `=_test_${randomBytes(6).toString("hex")}`;
  return `Content-Type: multipart/mixed; boundary="${b}"\r\nMIME-Version: 1.0\r\n\r\n--${b}\r\n` +
    `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${text}\r\n--${b}--\r\n`;
}

// The reporter's answers count against the per-client receipt limit: `withWork` sends them from
// this file's own /64, so followup.test.mjs's flood of its own addresses never refuses them.
/** The reporter answers (`POST /api/v1/followup/messages` with the lookup token). */
async function answer(token, armored) {
  const response = await fetch(`${WORKER}/api/v1/followup/messages`, {
    method: "POST",
    headers: await withWork({ "Content-Type": "application/pgp-encrypted", "X-Sealdrop-Receipt": token }),
    body: armored,
  });
  assert.equal(response.status, 201, await response.clone().text());
  return (await response.json()).id;
}

/** `gpg --decrypt` with status lines: resolves to { text, status }. */
async function gpgDecryptWithStatus(home, ciphertext) {
  const r = await run("gpg", ["--homedir", home, "--batch", "--quiet", "--trust-model", "always", "--status-fd", "2", "--decrypt"], { input: ciphertext });
  assert.equal(r.status, 0, `gpg --decrypt: ${r.stderr}`);
  return { text: r.stdout, status: r.stderr };
}

/** The blocks `sealdrop show` prints per message, keyed by a marker each message carries. */
function messageBlock(stdout, marker) {
  const block = stdout.split("\n--- ").slice(1).find((b) => b.includes(marker));
  assert.ok(block, `show prints the message with ${marker}:\n${stdout}`);
  return block;
}

test("`sealdrop pin` pins the local policy file's keys, or the served ones only after a typed yes", async () => {
  const { file, env } = ownConfig();
  assert.match(passed(await cli(["pin"], { env }), "pin").stdout, /^No keys are pinned: run `sealdrop pin --policy /);

  // From the policy file (the preferred source): a new config file, private, with the pins.
  const pinned = passed(await cli(["pin", "--policy", join(NIMBUS, "policy.toml")], { env }), "pin --policy");
  for (const fpr of DEPLOYED) assert.ok(pinned.stdout.includes(grouped(fpr)), `lists ${fpr}:\n${pinned.stdout}`);
  assert.ok(pinned.stdout.includes(`  organisation  ${grouped(ORG_FPR)}\n`), pinned.stdout);
  assert.equal(statSync(file).mode & 0o777, 0o600, "the new config file is private");
  assert.deepEqual(pinsIn(file), DEPLOYED);
  const shown = passed(await cli(["pin"], { env }), "pin");
  assert.ok(shown.stdout.startsWith(`Pinned keys (from ${file}):\n`), shown.stdout);
  for (const fpr of DEPLOYED) assert.ok(shown.stdout.includes(`  ${grouped(fpr)}\n`), shown.stdout);
  const config = passed(await cli(["config"], { env }), "config").stdout;
  assert.match(config, new RegExp(`pins: +${DEPLOYED.length} key\\(s\\), from the config file`));

  // Other settings survive a re-pin; SEALDROP_PINS wins over the file.
  writeFileSync(file, `endpoint = "${WORKER}"\nkey = "/nowhere/security.sec.asc"\npins = ["${ORG_FPR}"]\n`);
  passed(await cli(["pin", "--policy", join(NIMBUS, "policy.toml")], { env }), "pin --policy again");
  const kept = readFileSync(file, "utf8");
  assert.match(kept, new RegExp(`^endpoint = "${WORKER}"$`, "m"));
  assert.match(kept, /^key = "\/nowhere\/security\.sec\.asc"$/m);
  assert.deepEqual(pinsIn(file), DEPLOYED);
  const fromEnv = passed(await cli(["pin"], { env: { ...env, SEALDROP_PINS: STRANGER_FPR } }), "pin with SEALDROP_PINS");
  assert.match(fromEnv.stdout, /^Pinned keys \(from SEALDROP_PINS\):/);
  assert.ok(fromEnv.stdout.includes(grouped(STRANGER_FPR)));
  const malformed = await cli(["pin"], { env: { ...env, SEALDROP_PINS: `${ORG_FPR}, nope` } });
  assert.equal(malformed.status, 3, malformed.stderr);
  assert.match(malformed.stderr, /^sealdrop: error: SEALDROP_PINS: `nope` is not a key fingerprint/);

  // First-use pinning from the server: the fingerprints are shown, and only `yes` writes them.
  const served = ownConfig();
  const refused = await cli(["pin", "--served"], { env: { ...served.env, SEALDROP_ENDPOINT: proxy.origin }, input: "no\n" });
  assert.equal(refused.status, 9, refused.stderr);
  assert.ok(refused.stdout.includes(grouped(STRANGER_FPR)), `the served stranger key is shown:\n${refused.stdout}`);
  assert.ok(refused.stdout.includes("Stranger (TEST KEY - DO NOT USE)"), refused.stdout);
  assert.match(refused.stdout, /Type `yes` to pin them: /);
  assert.match(refused.stderr, /^sealdrop: error: not pinned: you answered `no`, not `yes`\. Nothing was written/m);
  assert.ok(!existsSync(served.file), "nothing was written");
  const accepted = passed(await cli(["pin", "--served"], { env: served.env, input: "yes\n" }), "pin --served");
  assert.ok(accepted.stdout.includes(POLICY.public.organisation.name), accepted.stdout);
  assert.deepEqual(pinsIn(served.file), DEPLOYED);
});

test("a compromised deployment cannot make `sealdrop reply` encrypt to a key that is not pinned", async () => {
  const reporter = await newReporter();
  const { id } = await submitWithReplyKey(reporter);
  const dir = mkdtempSync(join(tmpdir(), "sealdrop-pins-reply-"));
  const marker = randomBytes(6).toString("hex");
  writeFileSync(join(dir, "reply.txt"), `We are on it. ${marker}`);
  const reply = ["reply", id, "--message-file", join(dir, "reply.txt"), "--key", orgSecretKeyPath()];

  // Through the proxy: refused before anything is downloaded or posted, naming the stranger key.
  const before = proxy.hits.length;
  const refused = await cli(reply, { env: { SEALDROP_ENDPOINT: proxy.origin } });
  assert.equal(refused.status, 9, refused.stderr);
  assert.match(refused.stderr, new RegExp(`^sealdrop: error: the server's policy lists key ${STRANGER_FPR}.*not pinned.*sealdrop pin --policy`, "m"));
  assert.match(refused.stderr, new RegExp(`^sealdrop: WARNING: .*NOT pinned: ${STRANGER_FPR}`, "m"));
  const hits = proxy.hits.slice(before);
  assert.deepEqual(hits.filter((h) => h.startsWith("POST")), [], `nothing was posted: ${hits.join(", ")}`);
  assert.ok(!hits.includes(`GET /api/v1/staff/reports/${id}`), `the report was not even downloaded: ${hits.join(", ")}`);

  // With nothing pinned, reply refuses too and says how to pin.
  const bare = ownConfig();
  const unpinned = await cli(reply, { env: bare.env });
  assert.equal(unpinned.status, 9, unpinned.stderr);
  assert.match(unpinned.stderr, /^sealdrop: error: no keys are pinned.*`sealdrop pin --policy PATH\/policy\.toml`.*`sealdrop pin --served`/);

  // `show` and `list` through the proxy warn loudly, naming the added key.
  const shown = await cli(["show", id, "--key", orgSecretKeyPath(), "--out", mkdtempSync(join(tmpdir(), "sealdrop-pins-show-"))], {
    env: { SEALDROP_ENDPOINT: proxy.origin },
  });
  assert.equal(shown.status, 0, shown.stderr);
  assert.match(shown.stderr, new RegExp(`^sealdrop: WARNING: the keys the server's policy serves differ from your pinned keys: served but NOT pinned: ${STRANGER_FPR};`, "m"));
  const listed = await cli(["list"], { env: { SEALDROP_ENDPOINT: proxy.origin } });
  assert.equal(listed.status, 0, listed.stderr);
  assert.match(listed.stderr, new RegExp(`^sealdrop: WARNING: .*NOT pinned: ${STRANGER_FPR}`, "m"));
  // Against the real deployment, whose keys are the pinned ones: no warning.
  const quiet = passed(await cli(["list"]), "list");
  assert.ok(!quiet.stderr.includes("WARNING"), quiet.stderr);

  // The real deployment: the reply is signed by the organisation key, which GnuPG verifies.
  const sent = passed(await cli(reply), "reply --key");
  assert.match(sent.stdout, /^Reply [0-9A-Z]{26} sent on case/);
  assert.ok(sent.stdout.includes(`signed by:     ${grouped(ORG_FPR)}`), sent.stdout);
  assert.ok(sent.stdout.includes(`the reporter's reply key ${short(reporter.fpr)}`), sent.stdout);
  assert.ok(!sent.stderr.includes("WARNING"), sent.stderr);
  // And with the user's own gpg (a home with the test-only organisation key), signed by its key.
  writeFileSync(join(dir, "reply-gpg.txt"), `Signed by gpg. ${marker}-gpg`);
  const viaGpg = passed(
    await cli(["reply", id, "--message-file", join(dir, "reply-gpg.txt"), "--gpg"], { env: { GNUPGHOME: orgHome } }),
    "reply --gpg",
  );
  assert.match(viaGpg.stdout, /^Reply [0-9A-Z]{26} sent on case/);

  const { messages } = await (await staff(`/api/v1/staff/reports/${id}/messages`)).json();
  const replies = messages.filter((m) => m.author === "staff");
  assert.equal(replies.length, 2, "only the two replies to the real deployment were stored");
  for (const [m, text] of [[replies[0], marker], [replies[1], `${marker}-gpg`]]) {
    const { text: plain, status } = await gpgDecryptWithStatus(reporter.home, m.armored);
    assert.ok(plain.includes(text), `the reporter reads the reply:\n${plain}`);
    assert.match(status, /^\[GNUPG:\] GOODSIG /m, status);
    assert.match(status, new RegExp(`^\\[GNUPG:\\] VALIDSIG ${ORG_FPR} `, "m"), status);
  }
});

test("`sealdrop show` checks the reporter's messages against the reply key inside the report", async () => {
  const reporter = await newReporter();
  const { id, token } = await submitWithReplyKey(reporter);
  const marker = randomBytes(6).toString("hex");
  const texts = Object.fromEntries(["signed", "unsigned", "stranger", "staff", "forged"].map((k) => [k, `answer-${k} ${marker}`]));

  // Signed by the reply key, by GnuPG, encrypted to the organisation.
  await answer(token, (await reporter.gpg(
    ["--armor", "--local-user", reporter.fpr, "--sign", "--encrypt", "--recipient", ORG_FPR], messageEntity(texts.signed),
  )).toString());
  // Not signed: what the server, or anyone holding the lookup token, could write.
  await answer(token, await gpgEncrypt(orgHome, messageEntity(texts.unsigned), ORG_FPR));
  // Signed, by someone else.
  const strangerHome = await gnupgHome(STRANGER_SECRET, ORG_PUBLIC);
  gpgHomes.push(strangerHome);
  await answer(token, (await succeed("gpg", [
    "--homedir", strangerHome, "--batch", "--quiet", "--trust-model", "always", "--armor",
    "--local-user", STRANGER_FPR, "--sign", "--encrypt", "--recipient", ORG_FPR,
  ], { input: messageEntity(texts.stranger) })).toString());
  // A staff reply through the CLI (signed), and one posted unsigned straight to the API.
  const dir = mkdtempSync(join(tmpdir(), "sealdrop-pins-show-"));
  writeFileSync(join(dir, "reply.txt"), texts.staff);
  passed(await cli(["reply", id, "--message-file", join(dir, "reply.txt"), "--key", orgSecretKeyPath()]), "reply");
  const forged = await fetch(`${WORKER}/api/v1/staff/reports/${id}/messages`, {
    method: "POST",
    headers: { Authorization: `Bearer ${process.env.SEALDROP_STAFF_TOKEN}`, "Content-Type": "application/pgp-encrypted" },
    body: await gpgEncrypt(reporter.home, messageEntity(texts.forged), ORG_FPR, reporter.fpr),
  });
  assert.equal(forged.status, 201, await forged.text());

  for (const [how, args, env] of [
    ["--key", ["--key", orgSecretKeyPath()], {}],
    ["--gpg", ["--gpg"], { GNUPGHOME: orgHome }],
  ]) {
    const out = mkdtempSync(join(tmpdir(), "sealdrop-pins-show-"));
    const shown = passed(await cli(["show", id, ...args, "--out", out], { env }), `show ${how}`);
    const block = (key) => messageBlock(shown.stdout, texts[key]);
    assert.match(block("signed"), /^message from the reporter, /, how);
    assert.ok(block("signed").includes(`\nsigned by the reporter's reply key ${short(reporter.fpr)}\n`), `${how}: ${block("signed")}`);
    for (const key of ["unsigned", "stranger"]) {
      assert.ok(block(key).includes(`\n${REPORTER_WARNING}`), `${how}, ${key}: ${block(key)}`);
      assert.ok(!block(key).includes("\nsigned by"), `${how}, ${key}: ${block(key)}`);
    }
    assert.match(block("staff"), /^staff reply, /, how);
    assert.ok(block("staff").includes(`\nsigned by ${short(ORG_FPR)} (`), `${how}: ${block("staff")}`);
    assert.ok(block("forged").includes(`\n${STAFF_WARNING}`), `${how}: ${block("forged")}`);
    assert.ok(!shown.stderr.includes("WARNING"), `${how}: the served keys are the pinned ones: ${shown.stderr}`);
  }
});

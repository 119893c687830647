// Walks the endpoint table (`sealdrop_shared::api::ENDPOINTS`, written by `cargo xtask test`)
// against the running worker: every staff endpoint refuses a request without a valid token, CORS
// answers as the table says (the JSON API for the policy's embedding origins only, published files
// for anyone, staff endpoints and pages for no one), and
// every method a path does not declare gets 405 with the declared ones in `Allow`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { WORKER, POLICY, TOKEN, expectError, earlyInWindow } from "./lib.mjs";

const file = process.env.SEALDROP_ENDPOINTS_JSON;
assert.ok(file, "run through `cargo xtask test` (SEALDROP_ENDPOINTS_JSON)");
const TABLE = JSON.parse(readFileSync(file, "utf8"));
const LISTED = POLICY.public.embed.origins[0];
const UNLISTED = "https://evil.example";
// A well-formed case id no case has, and a WKD hash no address has.
const path = (e) => e.path.replace("{id}", "01ARZ3NDEKTSV4RRFFQ69G5FAV").replace("{hash}", "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy")
  .replace("{upload}", "0".repeat(32)).replace("{n}", "1");

test("the table is the one the worker was built from", () => {
  assert.ok(TABLE.length >= 20, `${TABLE.length} endpoints`);
  const staff = TABLE.filter((t) => t.endpoint.access === "staff");
  assert.ok(staff.length >= 9 && staff.every((t) => t.cors === "none"), "staff endpoints exist and never answer CORS");
  assert.ok(TABLE.some((t) => t.endpoint.access === "reporter"));
});

test("every staff endpoint without a valid token is 401, before anything else is looked at", async () => {
  for (const { endpoint: e } of TABLE.filter((t) => t.endpoint.access === "staff")) {
    const body = e.method === "GET" ? undefined : "{}";
    const none = await fetch(`${WORKER}${path(e)}`, { method: e.method, body });
    const noneBody = await expectError(assert, none, 401, "auth_required");
    assert.match(none.headers.get("www-authenticate") ?? "", /^Bearer /, `${e.method} ${e.path}`);
    assert.ok(noneBody.error.message.includes("Bearer"), noneBody.error.message);
    // Wrong tokens count against the client's staff-auth throttle (50 per ten minutes): these come
    // from an address of their own, so they never use up another test's budget.
    const headers = { Authorization: "Bearer not-the-token", "CF-Connecting-IP": "203.0.113.60" };
    const wrong = await fetch(`${WORKER}${path(e)}`, { method: e.method, body, headers });
    await expectError(assert, wrong, 401, "auth_invalid");
    // A malformed id is not even parsed for someone without a token.
    const malformed = e.path.replace("{id}", "not-an-id");
    if (malformed !== e.path) {
      await expectError(assert, await fetch(`${WORKER}${malformed}`, { method: e.method, body }), 401, "auth_required");
    }
  }
});

test("wrong staff tokens are throttled per client: past 50, the right token is refused too until the window ends", async () => {
  const e = TABLE.find((t) => t.endpoint.access === "staff" && t.endpoint.method === "GET").endpoint;
  const as = (token) => fetch(`${WORKER}${path(e)}`, { headers: { Authorization: `Bearer ${token}`, "CF-Connecting-IP": "203.0.113.50" } });
  // The throttle counts in ten-minute windows: all 52 tries must share one.
  await earlyInWindow(600, 60);
  for (let i = 0; i < 50; i++) await expectError(assert, await as(`wrong-${i}`), 401, "auth_invalid");
  const throttled = await expectError(assert, await as("wrong-again"), 429, "rate_limited");
  assert.ok(throttled.error.message.includes("try again"));
  await expectError(assert, await as(TOKEN), 429, "rate_limited");
  // Another client is not affected.
  const other = await fetch(`${WORKER}${path(e)}`, { headers: { Authorization: `Bearer ${TOKEN}`, "CF-Connecting-IP": "203.0.113.51" } });
  assert.notEqual(other.status, 429);
  assert.notEqual(other.status, 401);
});

test("CORS answers as the table says: the public JSON API and published files for any origin (the pinned frame's is `null`), staff and pages for none", async () => {
  for (const { endpoint: e, cors } of TABLE) {
    const what = `${e.method} ${e.path}`;
    const preflight = (origin) => fetch(`${WORKER}${path(e)}`, {
      method: "OPTIONS",
      headers: { Origin: origin, "Access-Control-Request-Method": e.method },
    });
    const listed = await preflight(LISTED);
    if (cors === "api") {
      for (const origin of [LISTED, UNLISTED, "null"]) {
        const answer = origin === LISTED ? listed : await preflight(origin);
        assert.equal(answer.status, 204, `${what} from ${origin}`);
        assert.equal(answer.headers.get("access-control-allow-origin"), "*", `${what} from ${origin}`);
        assert.equal(answer.headers.get("access-control-allow-credentials"), null, "never with credentials");
        assert.ok(answer.headers.get("access-control-allow-methods").split(", ").includes(e.method), what);
      }
    } else {
      await expectError(assert, listed, 405, "method_not_allowed");
      assert.equal(listed.headers.get("access-control-allow-origin"), null, what);
    }
    // Real requests: reporter endpoints are left out here because each one counts against the
    // receipt rate limit that followup.test.mjs measures; their preflight above covers them.
    if (e.access === "reporter") continue;
    const expect = { api: ["*", "*"], anyone: ["*", "*"], none: [null, null] }[cors];
    assert.ok(expect, `${what}: cors is ${cors}`);
    for (const [origin, expected, client] of [[LISTED, expect[0], "203.0.113.61"], [UNLISTED, expect[1], "203.0.113.62"]]) {
      const headers = { Origin: origin };
      // A wrong token, from an address of its own (see the 401 test above).
      if (e.access === "staff") Object.assign(headers, { Authorization: "Bearer not-the-token", "CF-Connecting-IP": client });
      const response = await fetch(`${WORKER}${path(e)}`, { method: e.method, headers, body: e.method === "GET" ? undefined : "" });
      await response.arrayBuffer();
      assert.equal(response.headers.get("access-control-allow-origin"), expected, `${what} from ${origin}`);
    }
  }
});

test("every endpoint that draws on a budget needs a proof of work: none is 428, a forged one 403, before its credential is looked at", async () => {
  // An upload's parts draw on the flood gate only: the upload began with a proof of work.
  const budgeted = TABLE.filter((t) => !["unlimited", "upload"].includes(t.endpoint.limit));
  assert.deepEqual(budgeted.map((t) => t.endpoint.access).sort(), ["public", "public", "reporter", "reporter"]);
  const parts = TABLE.filter((t) => t.endpoint.limit === "upload");
  assert.deepEqual(parts.map((t) => t.endpoint.access), ["public", "public", "public"]);
  for (const { endpoint: e } of parts) {
    const response = await fetch(`${WORKER}${path(e)}`, { method: e.method, headers: { "CF-Connecting-IP": "203.0.113.99" }, body: e.method === "GET" ? undefined : "" });
    const body = await response.json();
    assert.notEqual(response.status, 428, `${e.method} ${e.path}: ${JSON.stringify(body)}`);
    assert.ok(response.status >= 400 && response.status < 500 && body.error.code, `${e.method} ${e.path}: ${response.status}`);
  }
  const forged = Buffer.from(JSON.stringify({
    algorithm: "SHA-256", challenge: "00".repeat(32), number: 1, salt: `00?expires=${Math.floor(Date.now() / 1000) + 600}&`, signature: "00".repeat(32),
  })).toString("base64");
  for (const [n, { endpoint: e }] of budgeted.entries()) {
    const what = `${e.method} ${e.path}`;
    // A client of its own per endpoint.
    const headers = { "Content-Type": "application/json", "CF-Connecting-IP": `203.0.113.${100 + n}` };
    const none = await fetch(`${WORKER}${path(e)}`, { method: e.method, headers, body: "{}" });
    const body = await expectError(assert, none, 428, "pow_required");
    assert.equal(none.headers.get("access-control-allow-origin"), "*", what);
    assert.match(body.error.message, /X-Sealdrop-Pow/, what);
    const bad = await fetch(`${WORKER}${path(e)}`, { method: e.method, headers: { ...headers, "X-Sealdrop-Pow": forged }, body: "{}" });
    await expectError(assert, bad, 403, "pow_invalid");
  }
});

test("every method a path does not declare is 405 with the declared methods in Allow (HEAD goes with GET)", async () => {
  const byPath = new Map();
  for (const { endpoint: e } of TABLE) byPath.set(path(e), [...(byPath.get(path(e)) ?? []), e.method]);
  for (const [p, methods] of byPath) {
    const allowed = methods.flatMap((m) => (m === "GET" ? ["GET", "HEAD"] : [m]));
    for (const method of ["GET", "POST", "PUT", "DELETE", "PATCH"].filter((m) => !allowed.includes(m))) {
      const response = await fetch(`${WORKER}${p}`, { method, body: method === "GET" ? undefined : "" });
      await expectError(assert, response, 405, "method_not_allowed");
      assert.deepEqual(response.headers.get("allow").split(", ").sort(), [...methods].sort(), `${method} ${p}`);
    }
  }
  await expectError(assert, await fetch(`${WORKER}/api/v1/nothing-here`), 404, "not_found");
});

// `sealdrop stats` against the running stack: three cases moved into March 2019 (in D1, as if
// received then) with known acknowledgement and triage times give that month's medians, 90th
// percentiles and promises kept and missed, from the worker's own queries (the first
// acknowledgement, the first triage status in the timeline) and `--since`. The arithmetic over a
// larger fixture is native (`shared/src/stats.rs`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT, orgSecretKeyPath, gnupgHome, submitEncrypted, cli, d1, TOKEN, WORKER, VALID, POLICY } from "./lib.mjs";

const ORG_PUBLIC = join(ROOT, "examples", "policies", "nimbus-cloud", "security.asc");
const home = await gnupgHome(ORG_PUBLIC, orgSecretKeyPath());
const HOUR = 3600_000;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+00:00");

async function setStatus(id, status) {
  const response = await fetch(`${WORKER}/api/v1/staff/reports/${id}/status`, {
    method: "POST",
    headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
    body: JSON.stringify({ status }),
  });
  assert.equal(response.status, 200, await response.text());
}

/** A case as if received at `received`, promised by `respondBy`, acknowledged after `ackHours`
 * and (if `triage`) triaged after `triage[1]` hours with status `triage[0]`. */
async function pastCase(received, respondBy, ackHours, triage) {
  const id = await submitEncrypted(home, POLICY.public.key.fingerprint, { ...VALID, title: `Stats ${received}` });
  await setStatus(id, "acknowledged");
  if (triage) await setStatus(id, triage[0]);
  const at = Date.parse(received);
  await d1(`UPDATE reports SET received_at = '${iso(at)}', respond_by = '${respondBy}', acknowledged_at = '${iso(at + ackHours * HOUR)}' WHERE id = '${id}'`);
  await d1(`UPDATE timeline SET at = '${iso(at + ackHours * HOUR)}' WHERE report_id = '${id}' AND status = 'acknowledged'`);
  if (triage) await d1(`UPDATE timeline SET at = '${iso(at + triage[1] * HOUR)}' WHERE report_id = '${id}' AND status = '${triage[0]}'`);
  return id;
}

test("stats count a month's cases: medians, 90th percentiles, promises kept and missed", async () => {
  await pastCase("2019-03-04T09:00:00Z", "2019-03-07T22:59:59+00:00", 2, ["accepted", 5]);
  await pastCase("2019-03-11T09:00:00Z", "2019-03-14T22:59:59+00:00", 4, ["duplicate", 50]);
  await pastCase("2019-03-20T09:00:00Z", "2019-03-21T09:00:00+00:00", 30, null);

  const json = await cli(["stats", "--since", "2019-03-01", "--json"]);
  assert.equal(json.status, 0, json.stderr.toString());
  const stats = JSON.parse(json.stdout.toString());
  assert.equal(stats.time_zone, POLICY.public.response.time_zone);
  assert.equal(stats.since, "2019-03-01");
  const march = stats.months[0];
  assert.deepEqual(march, {
    period: "2019-03",
    received: 3,
    time_to_acknowledge: { count: 3, median_secs: 4 * 3600, p90_secs: 30 * 3600 },
    time_to_triage: { count: 2, median_secs: 27.5 * 3600, p90_secs: 50 * 3600 },
    promises_kept: 2,
    promises_missed: 1,
    promises_open: 0,
  });
  const sum = (key) => stats.months.reduce((n, m) => n + m[key], 0);
  for (const key of ["received", "promises_kept", "promises_missed", "promises_open"]) {
    assert.equal(stats.total[key], sum(key), `the total's ${key} is the months'`);
  }

  const table = await cli(["stats", "--since", "2019-03-01"]);
  assert.equal(table.status, 0, table.stderr.toString());
  const row = table.stdout.toString().split("\n").find((l) => l.startsWith("2019-03"));
  assert.deepEqual(row.split(/\s+/), ["2019-03", "3", "4", "h", "1", "d", "6", "h", "1", "d", "3", "h", "2", "d", "2", "h", "2", "1", "0"]);

  // `--since` after March leaves it out; a bad date is refused before anything is asked.
  const later = JSON.parse((await cli(["stats", "--since", "2019-04-01", "--json"])).stdout.toString());
  assert.ok(!later.months.some((m) => m.period === "2019-03"));
  const bad = await cli(["stats", "--since", "March"]);
  assert.equal(bad.status, 2, "a usage error");
});

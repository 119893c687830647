// `sealdrop assign` against the running stack: a case is assigned to a staff member named in
// STAFF_TOKENS (the stack configures `alice`), the listing and the record show who, the audit log
// says who assigned it, an unknown name is refused with the names there are, and `--nobody`
// unassigns it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT, POLICY, VALID, orgSecretKeyPath, gnupgHome, submitEncrypted, cli, staff } from "./lib.mjs";

const home = await gnupgHome(join(ROOT, "examples", "policies", "nimbus-cloud", "security.asc"), orgSecretKeyPath());

function passed(result, what) {
  assert.equal(result.status, 0, `${what}: ${result.stderr}`);
  return result.stdout.toString();
}

test("a case is assigned to a named staff member, shown in the list and the record, and unassigned", async () => {
  const id = await submitEncrypted(home, POLICY.public.key.fingerprint, { ...VALID, title: "Assign me" });
  const assigned = passed(await cli(["assign", id, "alice"]), "assign");
  assert.match(assigned, /assigned to: alice/);
  const row = passed(await cli(["list"]), "list").split("\n").find((l) => l.startsWith(id));
  assert.match(row, /received\s+alice\s+/, row);
  const listed = JSON.parse(passed(await cli(["list", "--json"]), "list --json")).reports.find((r) => r.id === id);
  assert.equal(listed.assignee, "alice");
  assert.equal((await (await staff(`/api/v1/staff/reports/${id}/record`)).json()).assignee, "alice");

  const unknown = await cli(["assign", id, "mallory"]);
  assert.equal(unknown.status, 5, "refused by the server");
  assert.match(unknown.stderr.toString(), /`mallory` is not a staff member in STAFF_TOKENS; assign one of: alice/);

  passed(await cli(["assign", id, "--nobody"]), "assign --nobody");
  const record = await (await staff(`/api/v1/staff/reports/${id}/record`)).json();
  assert.equal(record.assignee, undefined, "nobody");
  const log = (await (await staff(`/api/v1/staff/reports/${id}/log`)).json()).entries.filter((e) => e.action === "assign");
  assert.deepEqual(log.map((e) => [e.actor, e.detail]), [["staff", "assigned to alice"], ["staff", "unassigned"]]);
});

// `sealdrop duplicate ID --of OTHER` and `sealdrop disclosure` against the running stack: the
// duplicate gets status `duplicate` and a link only staff see (the reporter's view says
// "duplicate", never the other case); a case cannot duplicate itself or an unknown one; the
// planned disclosure date reaches the reporter's view and can be cleared, and is refused before
// the day of receipt. The widget's display of the date is in `followup.test.mjs`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  ROOT, POLICY, VALID, orgSecretKeyPath, gnupgHome, submitEncrypted, cli, staff, staffSend, expectError,
  submitWithChannel, reporterLookup,
} from "./lib.mjs";

const home = await gnupgHome(join(ROOT, "examples", "policies", "nimbus-cloud", "security.asc"), orgSecretKeyPath());
const ORG_FPR = POLICY.public.key.fingerprint;

test("a duplicate links the known case for staff only; the planned disclosure date reaches the reporter", async () => {
  const known = await submitEncrypted(home, ORG_FPR, { ...VALID, title: "The known report" });
  const { id, token } = await submitWithChannel(home, ORG_FPR, { ...VALID, title: "The same again" });

  const marked = await cli(["duplicate", id, "--of", known]);
  assert.equal(marked.status, 0, marked.stderr.toString());
  assert.match(marked.stdout.toString(), new RegExp(`duplicate of: ${known}`));
  assert.match(marked.stdout.toString(), /status: +triaged: duplicate of a known report/);
  const record = await (await staff(`/api/v1/staff/reports/${id}/record`)).json();
  assert.deepEqual([record.status, record.duplicate_of], ["duplicate", known]);
  const log = (await (await staff(`/api/v1/staff/reports/${id}/log`)).json()).entries;
  assert.equal(log.at(-1).detail, `duplicate of ${known}`);

  await expectError(assert, await staffSend("POST", `/api/v1/staff/reports/${id}/duplicate`, { of: id }), 422, "invalid_change");
  await expectError(assert, await staffSend("POST", `/api/v1/staff/reports/${id}/duplicate`, { of: "01KAY8R5S7X0V3M2QJ4N6T8W9Z" }), 404, "report_not_found");
  const self = await cli(["duplicate", id, "--of", id]);
  assert.equal(self.status, 2, "refused before anything is asked");

  // The planned disclosure date: set, seen by the reporter, cleared; never before receipt.
  const planned = await cli(["disclosure", id, "2027-03-15"]);
  assert.equal(planned.status, 0, planned.stderr.toString());
  assert.match(planned.stdout.toString(), /planned disclosure: 2027-03-15/);
  let view = await (await reporterLookup(token)).json();
  assert.equal(view.planned_disclosure, "2027-03-15");
  assert.deepEqual(view.timeline.map((s) => s.status), ["received", "duplicate"]);
  assert.ok(!JSON.stringify(view).includes(known), "the reporter never learns the other case");
  await expectError(assert, await staffSend("PUT", `/api/v1/staff/reports/${id}/disclosure`, { date: "2001-01-01" }), 422, "invalid_change");
  assert.equal((await cli(["disclosure", id, "--clear"])).status, 0);
  view = await (await reporterLookup(token)).json();
  assert.equal(view.planned_disclosure, undefined);
});

// `sealdrop export --format csaf|osv|cve` against the running stack: reports with and without a
// CVSS vector (3.1 and 4.0), with and without versions, weakness and credit, become advisories
// that the independent validators in advisories.mjs accept (the official schemas through Ajv, and
// for CSAF the BSI validator's mandatory tests); what staff recorded (credit, disclosure date,
// the CRA flag, the CVE id) is in them, and what the reporter wrote only for the organisation
// (contact, steps to reproduce) is not.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT, POLICY, VALID, orgSecretKeyPath, gnupgHome, cli, submitEncrypted } from "./lib.mjs";
import { problems } from "./advisories.mjs";

const home = await gnupgHome(join(ROOT, "examples", "policies", "nimbus-cloud", "security.asc"), orgSecretKeyPath());
const ORG_FPR = POLICY.public.key.fingerprint;
const PRODUCT = POLICY.public.scope.products[0];
const ASSIGNER = "b3476cac-1a4d-4e3b-9c1a-5c3e8e2d0f11";

async function exported(id, format, ...more) {
  const result = await cli(["export", id, "--format", format, "--key", orgSecretKeyPath(), ...more]);
  assert.equal(result.status, 0, result.stderr);
  return { document: JSON.parse(result.stdout), text: result.stdout, stderr: result.stderr };
}

async function valid(format, document) {
  const found = await problems(format, document);
  assert.deepEqual(found, [], `${format}: ${JSON.stringify(document, null, 1)}`);
}

/** What the reporter wrote for the organisation only: never in an advisory. */
const PRIVATE = {
  prerequisites: "private-prerequisite: an admin account",
  proof_of_concept: "private-proof-of-concept: curl -d x",
};

const CASES = [
  {
    name: "CVSS 3.1, versions, weakness and credit",
    fields: {
      vulnerability_type: "Server-side request forgery (SSRF)",
      severity: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:N/A:N",
      product: PRODUCT,
      affected_versions: "2.0 to 2.3.0",
      fixed_version: "2.3.1",
      credit: "ada_reports",
    },
    score: 8.6,
  },
  {
    name: "CVSS 4.0, one affected version and the reporter's CWE",
    fields: {
      vulnerability_type: "Cross-site scripting (XSS)",
      weakness: "CWE-80",
      severity: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
      product: PRODUCT,
      affected_versions: "2.3.0",
    },
    score: 9.3,
  },
  { name: "no CVSS, no versions, no weakness, no credit", fields: { vulnerability_type: "Other" } },
];

for (const { name, fields, score } of CASES) {
  test(`export: ${name} gives a valid CSAF advisory, OSV record and CVE container and record`, async () => {
    const title = `Export ${name} ${Date.now()}`;
    const id = await submitEncrypted(home, ORG_FPR, { ...VALID, title, ...fields, ...PRIVATE }, [
      { name: "private-poc-file.py", type: "text/x-python", bytes: Buffer.from("print('x')\n") },
    ]);
    const csaf = await exported(id, "csaf");
    await valid("csaf", csaf.document);
    const osv = await exported(id, "osv", "--ecosystem", "PyPI", "--package", "nimbus-sdk");
    await valid("osv", osv.document);
    const container = await exported(id, "cve");
    await valid("cve", container.document);
    assert.match(container.stderr, /placeholder/);
    const record = await exported(id, "cve", "--cve-id", "CVE-2026-40001", "--assigner", ASSIGNER);
    await valid("cve", record.document);

    const v = csaf.document.vulnerabilities[0];
    assert.equal(csaf.document.document.title, title);
    assert.equal(v.ids[0].text, id);
    assert.equal(osv.document.summary, title);
    assert.equal(record.document.cveMetadata.cveId, "CVE-2026-40001");
    assert.equal(record.document.containers.cna.providerMetadata.orgId, ASSIGNER);
    for (const { text } of [csaf, osv, container, record]) {
      for (const secret of [VALID.contact, "OR 1=1", "private-prerequisite", "private-proof-of-concept", "private-poc-file", "invoices?q=1"]) {
        assert.ok(!text.includes(secret), `never in an advisory: ${secret}`);
      }
    }
    if (score === undefined) {
      assert.equal(v.scores, undefined);
      assert.equal(v.cwe, undefined);
      assert.equal(osv.document.severity, undefined);
      assert.equal(container.document.metrics, undefined);
      assert.equal(container.document.affected[0].defaultStatus, "affected");
    } else {
      const metric = container.document.metrics[0];
      assert.equal((metric.cvssV3_1 ?? metric.cvssV4_0).baseScore, score);
      assert.equal(osv.document.severity[0].score, fields.severity);
    }
    if (fields.weakness) {
      assert.equal(v.cwe.id, fields.weakness, "the reporter's pick wins over the type's CWE-79");
      assert.equal(container.document.problemTypes[0].descriptions[0].cweId, fields.weakness);
    }
    if (fields.fixed_version) {
      assert.deepEqual(v.product_status.fixed, ["CSAFPID-0002"]);
      // "2.0 to 2.3.0" is a range in words: OSV and CVE keep it as text, never as a made-up range.
      assert.equal(osv.document.affected[0].ranges, undefined);
      assert.equal(osv.document.database_specific.affected_versions, "2.0 to 2.3.0");
      assert.deepEqual(container.document.affected[0].versions, [{ version: "2.3.1", status: "unaffected" }]);
      assert.match(container.document.descriptions[0].value, /Affected versions \(as reported\): 2\.0 to 2\.3\.0\./);
      assert.equal(v.cwe.id, "CWE-918");
      assert.equal(v.acknowledgments[0].names[0], "ada_reports", "the name the reporter gave for credit");
    }
  });
}

test("export: what staff recorded goes in: their credit, the disclosure date, the CRA flag, the CVE id", async () => {
  const id = await submitEncrypted(home, ORG_FPR, {
    ...VALID, title: `Export staff record ${Date.now()}`, credit: "typed by the reporter",
    vulnerability_type: "Information disclosure", weakness: "CWE-200", product: PRODUCT,
  });
  for (const args of [
    ["credit", id, "--name", "Ada Lovelace"],
    ["disclosure", id, "2027-03-15"],
    ["exploited", id],
  ]) {
    const r = await cli(args);
    assert.equal(r.status, 0, r.stderr);
  }
  // The planned day starts at midnight where the organisation is (Amsterdam, CET in March).
  assert.equal(POLICY.public.response.time_zone, "Europe/Amsterdam");
  const MIDNIGHT = "2027-03-14T23:00:00Z";
  const csaf = (await exported(id, "csaf", "--cve-id", "CVE-2026-40002")).document;
  await valid("csaf", csaf);
  const v = csaf.vulnerabilities[0];
  assert.equal(v.cve, "CVE-2026-40002");
  assert.deepEqual(v.acknowledgments[0].names, ["Ada Lovelace"], "staff's credit wins over the typed one");
  assert.equal(v.release_date, MIDNIGHT);
  assert.equal(csaf.document.tracking.initial_release_date, MIDNIGHT);
  assert.equal(v.threats[0].category, "exploit_status");
  assert.equal(v.threats[0].details, "This vulnerability is being exploited in the wild.");
  assert.equal(v.cwe.name, "Exposure of Sensitive Information to an Unauthorized Actor");

  // The CSAF validator runs the mandatory tests, not only the schema: a CWE name that is not the
  // catalogue's (6.1.11) or a product id nothing defines (6.1.1) is refused.
  const misnamed = structuredClone(csaf);
  misnamed.vulnerabilities[0].cwe.name = "Information leak";
  assert.match((await problems("csaf", misnamed)).join("\n"), /6_1_11/);
  const undefinedProduct = structuredClone(csaf);
  undefinedProduct.vulnerabilities[0].product_status.known_affected = ["CSAFPID-9999"];
  assert.match((await problems("csaf", undefinedProduct)).join("\n"), /6_1_01|6_1_1\b/);

  const osv = (await exported(id, "osv", "--cve-id", "CVE-2026-40002")).document;
  await valid("osv", osv);
  assert.equal(osv.id, `x_SEALDROP-${id}`);
  assert.deepEqual(osv.aliases, ["CVE-2026-40002"]);
  assert.equal(osv.published, MIDNIGHT);
  assert.equal(osv.database_specific.exploited, "This vulnerability is being exploited in the wild.");
  const cve = (await exported(id, "cve", "--assigner", ASSIGNER)).document;
  await valid("cve", cve);
  assert.equal(cve.datePublic, MIDNIGHT);
  assert.equal(cve.credits[0].value, "Ada Lovelace");
  assert.ok(cve.exploits.length === 1);

  // Withdrawn ("not exploited after all"): no advisory says it is.
  const withdrawn = await cli(["cra", id, "withdraw"]);
  assert.equal(withdrawn.status, 0, withdrawn.stderr);
  const after = (await exported(id, "csaf")).document;
  assert.equal(after.vulnerabilities[0].threats, undefined);
  assert.equal((await exported(id, "osv")).document.database_specific.exploited, undefined);
  assert.equal((await exported(id, "cve")).document.exploits, undefined);
});

test("export: wrong ids and unknown ecosystems are refused before anything is decrypted", async () => {
  const id = await submitEncrypted(home, ORG_FPR, { ...VALID, title: "Export refused" });
  for (const [args, message] of [
    [["--format", "cve", "--cve-id", "CVE-2026-1"], /not a CVE id/],
    [["--format", "cve", "--cve-id", "CVE-2026-40003"], /needs --assigner/],
    [["--format", "cve", "--assigner", "not-a-uuid"], /not a CNA organisation id/],
    [["--format", "osv", "--ecosystem", "Cargo", "--package", "x"], /not an OSV ecosystem; use one of: .*crates\.io/],
    [["--format", "osv", "--ecosystem", "npm"], /--package/],
    [["--format", "csaf"], /say how to decrypt/],
    [["--format", "csaf", "--assigner", "b3476cac-1a4d-4e3b-9c1a-5c3e8e2d0f11"], /--assigner goes with --format cve/],
    [["--format", "cve", "--ecosystem", "npm", "--package", "x"], /goes with --format osv/],
    [["--cve-id", "CVE-2026-40004"], /--cve-id goes with --format csaf, osv or cve/],
  ]) {
    const r = await cli(["export", id, ...args], { env: { XDG_CONFIG_HOME: "/nonexistent" } });
    assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
  // The validators do fail: a document missing what its schema requires is refused.
  const { document } = await exported(id, "csaf");
  delete document.document.tracking;
  assert.ok((await problems("csaf", document)).length > 0);
  const cve = (await exported(id, "cve")).document;
  cve.references = [];
  assert.ok((await problems("cve", cve)).length > 0);
});

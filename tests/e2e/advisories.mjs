// Independent validators for the advisories `sealdrop export --format csaf|osv|cve` writes: npm's
// Ajv against the official JSON schemas vendored in cli/schemas/ (CSAF 2.0 with FIRST's CVSS
// schemas it refers to, resolved locally; OSV; CVE JSON 5.1.1, the whole record and the CNA
// container), and for CSAF also the BSI's @secvisogram/csaf-validator-lib (its schema test and
// every mandatory test of section 6.1: product ids, CVSS computation, CWE names, version ranges,
// revision history, …). None of this shares code with the Rust that writes the documents.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import validateStrict from "@secvisogram/csaf-validator-lib/validateStrict.js";
import * as schemaTests from "@secvisogram/csaf-validator-lib/schemaTests.js";
import * as mandatoryTests from "@secvisogram/csaf-validator-lib/mandatoryTests.js";
const SCHEMAS = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "cli", "schemas");
const schema = (name) => JSON.parse(readFileSync(join(SCHEMAS, name), "utf8"));

const options = { strict: false, allErrors: true };

const csafAjv = addFormats(new Ajv2020(options));
// The CSAF schema refers to FIRST's CVSS schemas by their canonical URLs; the vendored copies
// carry a dated `$id` (or the draft-04 `id`), so they are registered under the URL the CSAF schema uses, and without
// their `$schema` (draft-04 and -07, which Ajv 2020 does not load; they use only keywords that
// mean the same in 2020-12: type, enum, pattern, properties, required, local `$ref`s).
for (const version of ["2.0", "3.0", "3.1"]) {
  const cvss = schema(`cvss-v${version}.json`);
  delete cvss.$id;
  delete cvss.$schema;
  delete cvss.id;
  csafAjv.addSchema(cvss, `https://www.first.org/cvss/cvss-v${version}.json`);
}
const csafSchema = csafAjv.compile(schema("csaf-2.0.json"));
const osvSchema = addFormats(new Ajv2020(options)).compile(schema("osv.json"));
const cveAjv = addFormats(new Ajv(options));
const cveRecord = cveAjv.compile(schema("cve-5.1.1-record.json"));
const cveContainer = addFormats(new Ajv(options)).compile(schema("cve-5.1.1-cna-container.json"));

function schemaErrors(validate, document) {
  return validate(document) ? [] : validate.errors.map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
}

/** Every problem the independent validators find with `document` as `format` ([] if none). */
export async function problems(format, document) {
  switch (format) {
    case "csaf": {
      const errors = schemaErrors(csafSchema, document);
      const tests = [...Object.values(schemaTests), ...Object.values(mandatoryTests)];
      const result = await validateStrict(tests, document);
      for (const t of result.tests) {
        for (const e of t.errors) errors.push(`${t.name}: ${e.instancePath} ${e.message}`);
      }
      if (!result.isValid && errors.length === 0) errors.push("csaf-validator-lib: not valid");
      return errors;
    }
    case "osv":
      return schemaErrors(osvSchema, document);
    case "cve":
      return schemaErrors(document.dataType === "CVE_RECORD" ? cveRecord : cveContainer, document);
    default:
      throw new Error(`no validator for ${format}`);
  }
}

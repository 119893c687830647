//! `sealdrop export`: a case for archives and other tools. By default one JSON document (record,
//! audit log, ciphertext; nothing is decrypted). With `--format csaf|osv|cve` the report is
//! decrypted here and becomes a draft advisory ([`crate::advisory`]): a CSAF 2.0 security
//! advisory, an OSV record, or a CVE JSON 5.1 record (`--cve-id` and `--assigner`) or CNA
//! container (without them). The JSON is printed with DEL, C1 and bidirectional controls as
//! `\uXXXX` escapes (the same JSON value), so it is safe on a terminal too.

use std::io::Write;

use sealdrop_shared::api::{Call as _, endpoint};
use sealdrop_shared::id::CaseId;

use super::{Context, case_id, decrypted_report, pretty_for_terminal};
use crate::advisory::{CveId, Facts, OrgId, csaf, cve, osv};
use crate::decrypt::DecryptWith;
use crate::error::CliError;
use crate::trust;

/// The `format` of the default export.
pub const FORMAT: &str = "sealdrop.case.v1";

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Record, audit log and ciphertext (nothing decrypted).
    #[default]
    Sealdrop,
    /// A draft CSAF 2.0 security advisory.
    Csaf,
    /// An OSV record.
    Osv,
    /// A CVE JSON 5.1 record, or the CNA container without --cve-id and --assigner.
    Cve,
}

/// `sealdrop export`'s arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Case id.
    #[arg(value_parser = case_id)]
    pub id: CaseId,
    /// What to write.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// The CVE id assigned to the vulnerability (CSAF `cve`, OSV id, the CVE record's id).
    #[arg(long, value_name = "CVE-YYYY-NNNN", value_parser = clap::value_parser!(CveId))]
    pub cve_id: Option<CveId>,
    /// Your CNA's organisation id (a UUID): `--format cve` then writes the whole record.
    #[arg(long, value_name = "UUID", value_parser = clap::value_parser!(OrgId))]
    pub assigner: Option<OrgId>,
    /// The affected package's OSV ecosystem (`crates.io`, `npm`, `PyPI`, …), with --package.
    #[arg(long, requires = "package")]
    pub ecosystem: Option<String>,
    /// The affected package's name in that ecosystem, with --ecosystem.
    #[arg(long, requires = "ecosystem")]
    pub package: Option<String>,
    /// How to decrypt the report for an advisory (not needed for the default format).
    #[command(flatten)]
    pub decrypt: DecryptWith,
}

/// Prints the export.
pub fn run(args: Args, cx: &Context, out: &mut impl Write) -> Result<(), CliError> {
    let misplaced = |flag: &str, format: &str| {
        Err(CliError::Usage(format!("{flag} goes with --format {format}; it would be ignored here")))
    };
    if args.assigner.is_some() && args.format != Format::Cve {
        return misplaced("--assigner", "cve");
    }
    if (args.ecosystem.is_some() || args.package.is_some()) && args.format != Format::Osv {
        return misplaced("--ecosystem and --package", "osv");
    }
    if args.cve_id.is_some() && args.format == Format::Sealdrop {
        return misplaced("--cve-id", "csaf, osv or cve");
    }
    let document = match args.format {
        Format::Sealdrop => case_json(&args.id, cx)?,
        Format::Csaf => csaf::document(&facts(&args, cx)?),
        Format::Osv => {
            let package = match (&args.ecosystem, &args.package) {
                (Some(ecosystem), Some(name)) => Some(osv::Package::new(ecosystem, name)?),
                _ => None,
            };
            osv::document(&facts(&args, cx)?, package.as_ref())
        }
        Format::Cve => {
            if args.cve_id.is_some() && args.assigner.is_none() {
                return Err(CliError::Usage(
                    "a CVE record needs --assigner (your CNA's organisation id) with --cve-id; without both, \
                     --format cve writes the CNA container"
                        .into(),
                ));
            }
            let facts = facts(&args, cx)?;
            if cve::description(&facts).chars().count() > cve::MAX_DESCRIPTION {
                trust::warn("the description is longer than the CVE record's 4096 characters: it is cut; shorten it");
            }
            if args.assigner.is_none() {
                trust::warn(&format!(
                    "a CNA container draft: providerMetadata.orgId is the placeholder {}; CVE Services set it \
                     when you submit (or give --assigner)",
                    cve::PLACEHOLDER_ORG
                ));
            }
            cve::document(&facts, args.assigner.as_ref())
        }
    };
    writeln!(out, "{}", pretty_for_terminal(&document)?)?;
    Ok(())
}

/// The case as record, log and ciphertext.
fn case_json(id: &CaseId, cx: &Context) -> Result<serde_json::Value, CliError> {
    let record = cx.client.call(&endpoint::StaffRecord { id: id.clone() }, &())?;
    let log = cx.client.call(&endpoint::StaffLog { id: id.clone() }, &())?;
    let ciphertext = cx.client.download_bytes(&endpoint::StaffGet { id: id.clone() }, "downloading")?;
    // A report uploaded in parts is binary OpenPGP: the export carries it armored, as every other.
    let ciphertext = if ciphertext.trim_ascii_start().starts_with(b"-----BEGIN") {
        String::from_utf8_lossy(&ciphertext).into_owned()
    } else {
        sealdrop_shared::envelope::armor(&ciphertext)
    };
    Ok(serde_json::json!({
        "format": FORMAT,
        "record": record,
        "log": log.entries,
        "ciphertext": ciphertext,
    }))
}

/// What an advisory says: the report decrypted here, gathered with the record and the policy.
fn facts(args: &Args, cx: &Context) -> Result<Facts, CliError> {
    let decryptor = args.decrypt.clone().decryptor(cx.default_key.clone())?;
    let id = &args.id;
    let record = cx.client.call(&endpoint::StaffRecord { id: id.clone() }, &())?;
    let policy = cx.client.call(&endpoint::Policy {}, &())?;
    // The publisher's name, site and contact come from the served policy: warn if its keys are
    // not the pinned ones, as `show` does.
    trust::check_served(&policy, &cx.pins);
    let unlocked = decryptor.unlock()?;
    let plaintext = decrypted_report(cx, id, &unlocked, &policy)?;
    let opened = sealdrop_shared::received::open(&policy, &plaintext).map_err(|e| {
        CliError::Decrypt(format!("decrypted, but not a report the Sealdrop widget made ({e}): no fields to export"))
    })?;
    if let Err(problems) = &opened.verdict {
        trust::warn(&format!(
            "the report breaks {} of the policy's field rules (see `sealdrop show {id}`); exporting its fields as they are",
            problems.len()
        ));
    }
    let page = format!("{}{}", cx.client.endpoint().trim_end_matches('/'), endpoint::PolicyPage {}.path());
    let (mut facts, warnings) =
        Facts::gather(&opened.decrypted.json.fields, &record, &policy, page, chrono::Utc::now());
    facts.cve_id = args.cve_id.clone();
    for warning in warnings {
        trust::warn(&warning);
    }
    Ok(facts)
}

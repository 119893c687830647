//! The disclosure policy: the TOML file an organisation writes, and the normalised JSON the
//! worker and the widget receive.
//!
//! [`PolicyFile`] is what the organisation writes (the key is a path beside the file).
//! [`load`] turns it plus the key's text into a [`DeployedPolicy`]: the public part
//! ([`PublicPolicy`], served to everyone) and the private notification settings.

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::address::{Email, Origin};
use crate::field::{FieldId, Offered};
use crate::key::{Fingerprint, RecipientKey};
use crate::localized::Localized;
use crate::retention::Retention;
use crate::scope::ScopeEntry;

/// Default limit for all attachments of one report together: what the Dutch NCSC's form allows.
pub const DEFAULT_MAX_ATTACHMENT_BYTES: u64 = 10 * 1024 * 1024;
/// Reports with at most this many bytes of attachments are sent in one request (armored); larger
/// ones in parts ([`PublicPolicy::sends_in_parts`]).
pub const ONE_REQUEST_ATTACHMENT_BYTES: u64 = 10 * 1024 * 1024;
/// The most a policy may allow for the attachments of one report: 2 GiB, far below R2's limits
/// for one object (10,000 parts), and what a browser tab can read.
pub const MAX_POLICY_ATTACHMENT_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// Default maximum number of attachments.
pub const DEFAULT_MAX_ATTACHMENT_FILES: u32 = 10;

/// The policy file as the organisation writes it (TOML).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyFile {
    /// Who the organisation is.
    pub organisation: Organisation,
    /// Where the public key lives, relative to the policy file.
    pub key: KeySource,
    /// Public and private contact settings.
    pub contact: ContactFile,
    /// The response promise.
    pub response: ResponsePromise,
    /// What may be tested.
    #[serde(default)]
    pub scope: Scope,
    /// What the reporter agrees to.
    pub rules: Rules,
    /// What the organisation promises.
    #[serde(default)]
    pub promises: Promises,
    /// Attachment limits.
    #[serde(default)]
    pub attachments: AttachmentLimits,
    /// Which report fields are required.
    #[serde(default)]
    pub fields: FieldSettings,
    /// Which sites may embed the widget.
    #[serde(default)]
    pub embed: EmbedFile,
    /// What is published besides the widget (security.txt, WKD, pages).
    #[serde(default)]
    pub publish: PublishFile,
    /// Staff members who each get their own encrypted copy of every report.
    #[serde(default)]
    pub staff: Vec<StaffFile>,
    /// What abuse costs: the proof of work every rate-limited request carries.
    #[serde(default)]
    pub abuse: Abuse,
    /// Whether cases flagged as exploited get the EU Cyber Resilience Act's clock.
    #[serde(default)]
    pub cra: Cra,
    /// How long a closed case's content is kept ([`crate::retention`]); without it, forever.
    #[serde(default)]
    pub retention: Option<Retention>,
}

/// `[cra]`: the Cyber Resilience Act's Article 14 clock ([`crate::cra`]) for manufacturers. With
/// `clock = true` the form offers "I believe this is being exploited in the wild" (the one answer
/// that travels in clear, so the clock can start at receipt) and staff can flag a case with
/// `sealdrop exploited ID`.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Cra {
    /// Whether the clock runs.
    #[serde(default)]
    pub clock: bool,
}

/// `[abuse]`: the proof of work ([`crate::pow`]) every report, receipt look-up and answer carries.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Abuse {
    /// The challenge's `maxnumber`: a client hashes half of it on average (default 1 000 000,
    /// ALTCHA's; a fraction of a second in the widget). Between 100 and 100 000 000.
    #[serde(default = "default_proof_of_work")]
    pub proof_of_work: u64,
}

fn default_proof_of_work() -> u64 {
    crate::pow::DEFAULT_DIFFICULTY
}

impl Default for Abuse {
    fn default() -> Self {
        Self { proof_of_work: default_proof_of_work() }
    }
}

/// A `[[staff]]` entry: a staff member with their own address and key. Reports are encrypted to
/// the organisation key and to every staff key; each staff member gets their own e-mail.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffFile {
    /// Private: where their notification goes.
    pub address: String,
    /// Their ASCII-armored public key, relative to the policy file.
    pub public_key: String,
}

/// The `[publish]` section as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishFile {
    /// The public `https://` origin the worker is deployed on, used for the URLs in
    /// `security.txt` (default: the origin of each request).
    #[serde(default)]
    pub base_url: Option<String>,
    /// An OpenPGP cleartext-signed `security.txt`, relative to the policy file, served verbatim
    /// instead of the generated one.
    #[serde(default)]
    pub security_txt: Option<String>,
}

/// Public settings of what is published.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Publish {
    /// See [`PublishFile::base_url`].
    #[serde(default)]
    pub base_url: Option<String>,
}

/// Who the organisation is.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Display name.
    pub name: String,
    /// Home page.
    #[serde(default)]
    pub website: Option<String>,
    /// Languages reports may be written in (BCP 47 tags), preferred first.
    #[serde(default = "default_languages")]
    pub languages: Vec<String>,
    /// A short introduction shown above the form.
    #[serde(default)]
    pub introduction: Option<Localized>,
}

fn default_languages() -> Vec<String> {
    vec!["en".to_owned()]
}

/// Where the public key file is.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeySource {
    /// Path of the ASCII-armored public key, relative to the policy file.
    pub public_key: String,
}

/// Contact settings as written in the policy file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactFile {
    /// A public e-mail address for reports by mail (optional).
    #[serde(default)]
    pub email: Option<String>,
    /// Private: the staff addresses that receive the encrypted notifications.
    pub notify: Vec<String>,
    /// Private: the sender address of notifications (must be allowed to send on the domain).
    pub sender: String,
    /// Private: who hears when the response deadline passes without acknowledgement (default:
    /// the `notify` addresses).
    #[serde(default)]
    pub escalation: Vec<String>,
}

/// The promise to answer within a number of business days.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ResponsePromise {
    /// Business days after the day of receipt by whose end the organisation answers.
    pub business_days: u8,
    /// IANA time zone in which business days are counted.
    pub time_zone: Tz,
    /// Days that are not business days besides weekends.
    #[serde(default)]
    pub holidays: Vec<NaiveDate>,
    /// What the answer contains (e.g. "an evaluation and an expected resolution date").
    #[serde(default)]
    pub details: Option<Localized>,
}

/// What may and may not be tested.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// Domains (`example.com`, `*.example.com`) and IP networks (`192.0.2.0/24`) in scope.
    /// Empty means the policy does not restrict the `affected` field.
    #[serde(default)]
    pub in_scope: Vec<ScopeEntry>,
    /// Examples of what is not considered a vulnerability or is out of scope.
    #[serde(default)]
    pub out_of_scope: Vec<Localized>,
    /// The products a vendor takes reports for: the form then asks which one, the affected
    /// versions and the fixed version (`Offered::WithProducts`).
    #[serde(default)]
    pub products: Vec<String>,
}

/// What the reporter agrees to before submitting.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// One sentence per rule.
    pub items: Vec<Localized>,
    /// Further notes (e.g. "this policy may change").
    #[serde(default)]
    pub notes: Vec<Localized>,
}

/// What the organisation promises to reporters who follow the rules.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Promises {
    /// No legal action against good-faith research.
    #[serde(default)]
    pub safe_harbour: Option<Localized>,
    /// Personal data is not passed on.
    #[serde(default)]
    pub confidentiality: Option<Localized>,
    /// The reporter is kept informed.
    #[serde(default)]
    pub keep_informed: Option<Localized>,
    /// Public credit.
    #[serde(default)]
    pub credit: Option<Credit>,
    /// A reward.
    #[serde(default)]
    pub reward: Option<Reward>,
    /// Anything else promised.
    #[serde(default)]
    pub other: Vec<Localized>,
}

/// How reporters are credited.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Credit {
    /// The promise in words.
    pub text: Localized,
    /// Whether there is a public hall of fame.
    #[serde(default)]
    pub hall_of_fame: bool,
}

/// How reporters are rewarded.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Reward {
    /// The promise in words.
    pub text: Localized,
    /// The smallest reward, e.g. "EUR 50 voucher".
    #[serde(default)]
    pub minimum: Option<String>,
}

/// Limits on attachments.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AttachmentLimits {
    /// All attachments of one report together, in bytes.
    #[serde(default = "default_max_total")]
    pub max_total_bytes: u64,
    /// Number of files.
    #[serde(default = "default_max_files")]
    pub max_files: u32,
}

fn default_max_total() -> u64 {
    DEFAULT_MAX_ATTACHMENT_BYTES
}
fn default_max_files() -> u32 {
    DEFAULT_MAX_ATTACHMENT_FILES
}

impl Default for AttachmentLimits {
    fn default() -> Self {
        Self { max_total_bytes: DEFAULT_MAX_ATTACHMENT_BYTES, max_files: DEFAULT_MAX_ATTACHMENT_FILES }
    }
}

/// Which fields the policy asks for.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FieldSettings {
    /// Fields that must be filled in, besides those the form always requires (`title` and
    /// `consent`: [`crate::field::FieldSpec::always_required`]).
    #[serde(default = "default_required")]
    pub required: Vec<FieldId>,
    /// The questions the form asks only when the policy switches them on
    /// ([`Offered::WhenAsked`]): `ai_assistance` (with `verified_by_hand`, required
    /// when the answer is a yes) and `proof_of_concept`. A required one is asked as well.
    #[serde(default)]
    pub ask: Vec<FieldId>,
}

fn default_required() -> Vec<FieldId> {
    vec![FieldId::Title, FieldId::Affected, FieldId::Description, FieldId::Steps, FieldId::Impact]
}

impl Default for FieldSettings {
    fn default() -> Self {
        Self { required: default_required(), ask: Vec::new() }
    }
}

impl FieldSettings {
    /// Whether the field must be filled in: the one answer validation, the widget and the policy
    /// page all use.
    pub fn is_required(&self, field: FieldId) -> bool {
        field.spec().always_required || self.required.contains(&field)
    }
}

/// Which origins may embed the widget (CSP `frame-ancestors`), as the policy file gives them.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EmbedFile {
    /// Origins such as `https://example.com`.
    #[serde(default)]
    pub origins: Vec<String>,
}

/// Which origins may embed the widget (CSP `frame-ancestors`, CORS), parsed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Embed {
    /// Origins such as `https://example.com`.
    #[serde(default)]
    pub origins: Vec<Origin>,
}

/// The public key as served: armored text and the fingerprint computed from it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PublicKeyInfo {
    /// ASCII-armored public key.
    pub armored: String,
    /// The primary key's fingerprint, derived from `armored`.
    pub fingerprint: Fingerprint,
}

/// Public contact settings.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct PublicContact {
    /// Public e-mail address, if any.
    pub email: Option<Email>,
}

/// Everything about the policy that anyone may read (served at `GET /api/v1/policy`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PublicPolicy {
    /// Who the organisation is.
    pub organisation: Organisation,
    /// Public contact.
    pub contact: PublicContact,
    /// The organisation key.
    pub key: PublicKeyInfo,
    /// The response promise.
    pub response: ResponsePromise,
    /// What may be tested.
    pub scope: Scope,
    /// What the reporter agrees to.
    pub rules: Rules,
    /// What the organisation promises.
    pub promises: Promises,
    /// Attachment limits.
    pub attachments: AttachmentLimits,
    /// Which fields are required.
    pub fields: FieldSettings,
    /// Which origins may embed the widget.
    pub embed: Embed,
    /// What is published besides the widget.
    #[serde(default)]
    pub publish: Publish,
    /// Staff keys every report is encrypted to as well (the embedding page pins them too).
    #[serde(default)]
    pub staff_keys: Vec<PublicKeyInfo>,
    /// The CRA clock.
    #[serde(default)]
    pub cra: Cra,
    /// How long a closed case's content is kept (a promise to the reporter, shown with the others).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<Retention>,
}

impl PublicPolicy {
    /// The policy's first language (its texts' default), a tag such as `en`.
    pub fn first_language(&self) -> &str {
        self.organisation.languages.first().map_or("en", String::as_str)
    }

    /// The largest armored submission the worker accepts in one request for this policy, in
    /// bytes: an upper bound of the ciphertext of every report the form sends that way (every
    /// text field at its limit in 4-byte characters, the most files, and attachments up to
    /// [`ONE_REQUEST_ATTACHMENT_BYTES`]; larger reports go in parts, [`Self::max_upload_bytes`]),
    /// so the form's limits and the worker's agree at the limit. One calculation, term by term as
    /// `mime::build_entity` and `envelope::encrypt` write (see [`Self::binary_bound`]); the armor
    /// is 4 per 3 bytes in lines of 64 (line breaks counted as two bytes).
    pub fn max_body_bytes(&self) -> u64 {
        let binary = self.binary_bound(self.attachments.max_total_bytes.min(ONE_REQUEST_ATTACHMENT_BYTES));
        let chars = 4 * (binary / 3 + 1);
        chars + 2 * (chars / 64 + 1) + 1024
    }

    /// The largest binary message the worker accepts as an upload in parts: the same bound for
    /// attachments up to the policy's whole limit, without the armor.
    pub fn max_upload_bytes(&self) -> u64 {
        self.binary_bound(self.attachments.max_total_bytes)
    }

    /// Whether a report with this many bytes of attachments is sent in parts (an upload) rather
    /// than in one request: the one place the form decides, and the reason the two limits above
    /// cover every report.
    pub fn sends_in_parts(&self, attachment_bytes: u64) -> bool {
        attachment_bytes > ONE_REQUEST_ATTACHMENT_BYTES
    }

    /// An upper bound of a report's binary OpenPGP message with `attachment_bytes` of files:
    /// - the text part is quoted-printable (at most 3 bytes per byte, soft line breaks);
    /// - `report.json` escapes at most 6 bytes per character and is base64 in lines of 76 + CRLF;
    /// - attachments are base64 in lines of 76 + CRLF, each file rounded up, with its part headers;
    /// - the entity is padded to its size bucket ([`crate::padding::bucket`], monotonic, so the
    ///   bound's bucket bounds every entity's);
    /// - OpenPGP adds packet framing and AEAD tags (at most 1/64) and session keys and signature.
    fn binary_bound(&self, attachment_bytes: u64) -> u64 {
        use crate::report::MAX_TEXT_BYTES;
        fn base64_lines(bytes: u64, pieces: u64) -> u64 {
            let chars = 4 * (bytes / 3 + pieces);
            chars + 2 * (chars / 76 + pieces)
        }
        let files = u64::from(self.attachments.max_files);
        let text = 4 * MAX_TEXT_BYTES;
        let quoted = 3 * text + 3 * (3 * text / 76 + 1);
        let json = base64_lines(6 * MAX_TEXT_BYTES + 4096, 1);
        let attachments = base64_lines(attachment_bytes, files) + files * 4096;
        let mime = crate::padding::bucket(quoted + json + attachments + 16 * 1024);
        mime + mime / 64 + 16 * 1024
    }

    /// Whether the form offers the field (the hall-of-fame name only when credit is promised or
    /// the field is required).
    pub fn offers(&self, field: FieldId) -> bool {
        match field.spec().offered {
            Offered::Always => true,
            Offered::WithCredit => self.promises.credit.is_some() || self.fields.is_required(field),
            Offered::WithProducts => !self.scope.products.is_empty(),
            Offered::WithCraClock => self.cra.clock,
            Offered::WhenAsked(by) => {
                self.fields.ask.contains(&by) || self.fields.is_required(by) || self.fields.is_required(field)
            }
        }
    }

    /// Parses the organisation key.
    pub fn org_key(&self) -> Result<RecipientKey, Error> {
        RecipientKey::parse(&self.key.armored)
    }

    /// Every key a report is encrypted to: the organisation key first, then the staff keys.
    pub fn recipient_keys(&self) -> Result<Vec<RecipientKey>, Error> {
        std::iter::once(&self.key).chain(&self.staff_keys).map(|k| RecipientKey::parse(&k.armored)).collect()
    }

    /// [`PublicPolicy::recipient_keys`] without the check that they are valid now
    /// ([`RecipientKey::parse_lasting`]): for the worker, which asks for valid subkeys per message.
    pub fn recipient_keys_lasting(&self) -> Result<Vec<RecipientKey>, Error> {
        std::iter::once(&self.key).chain(&self.staff_keys).map(|k| RecipientKey::parse_lasting(&k.armored)).collect()
    }

    /// The fingerprints an embedding page pins: the organisation key's, then the staff keys'.
    pub fn fingerprints(&self) -> Vec<&Fingerprint> {
        std::iter::once(&self.key).chain(&self.staff_keys).map(|k| &k.fingerprint).collect()
    }

    /// The `data-fingerprint` value an embedding page pins: every fingerprint, comma-separated.
    pub fn pins(&self) -> String {
        self.fingerprints().iter().map(|f| f.as_str()).collect::<Vec<_>>().join(", ")
    }
}

/// Private notification settings; never served.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Notify {
    /// Sender address.
    pub from: Email,
    /// Staff addresses.
    pub to: Vec<Email>,
    /// Escalation addresses (empty: the staff addresses).
    #[serde(default)]
    pub escalation: Vec<Email>,
}

impl Notify {
    /// Who receives an escalation.
    pub fn escalation_recipients(&self) -> &[Email] {
        if self.escalation.is_empty() { &self.to } else { &self.escalation }
    }
}

/// What the worker is built with: the public policy plus the private notification settings.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DeployedPolicy {
    /// Served to everyone.
    pub public: PublicPolicy,
    /// Used only by the worker.
    pub notify: Notify,
    /// An organisation-supplied signed `security.txt`, served verbatim.
    #[serde(default)]
    pub signed_security_txt: Option<String>,
    /// The proof-of-work difficulty.
    #[serde(default)]
    pub abuse: Abuse,
}

impl DeployedPolicy {
    /// Reads the normalised JSON that `xtask` wrote.
    pub fn from_json(json: &str) -> Result<Self, Error> {
        Ok(serde_json::from_str(json)?)
    }
}

/// Parses a policy file's TOML.
pub fn parse_file(toml_text: &str) -> Result<PolicyFile, Error> {
    Ok(toml::from_str(toml_text)?)
}

fn value_error(setting: &'static str, problem: impl Into<String>) -> Error {
    Error::PolicyValue { setting, problem: problem.into() }
}

fn email(setting: &'static str, address: &str) -> Result<Email, Error> {
    address.parse().map_err(|e: crate::address::InvalidAddress| value_error(setting, e.to_string()))
}

fn emails(setting: &'static str, addresses: &[String]) -> Result<Vec<Email>, Error> {
    addresses.iter().map(|a| email(setting, a)).collect()
}

/// The texts a policy file refers to, read by the caller (this crate does no I/O).
#[derive(Debug, Clone, Default)]
pub struct Referenced {
    /// The organisation key (`key.public_key`).
    pub key: String,
    /// The signed `security.txt` (`publish.security_txt`), when the policy names one.
    pub signed_security_txt: Option<String>,
    /// The staff keys (`staff[].public_key`), in the policy's order.
    pub staff_keys: Vec<String>,
}

impl PolicyFile {
    /// The paths (relative to the policy file) of the texts [`load`] needs.
    pub fn staff_key_paths(&self) -> Vec<&str> {
        self.staff.iter().map(|s| s.public_key.as_str()).collect()
    }
}

/// Validates a parsed policy file together with the texts it refers to.
pub fn load(file: PolicyFile, referenced: Referenced) -> Result<DeployedPolicy, Error> {
    let Referenced { key: key_armored, signed_security_txt, staff_keys } = referenced;
    let key_armored = key_armored.as_str();
    if file.publish.security_txt.is_some() != signed_security_txt.is_some() {
        return Err(value_error("publish.security_txt", "the signed security.txt was not supplied"));
    }
    if let Some(text) = &signed_security_txt {
        crate::publish::signed_security_txt_expires(text)
            .map_err(|e| value_error("publish.security_txt", e.to_string()))?;
    }
    if let Some(base) = &file.publish.base_url {
        let ok = url::Url::parse(base)
            .is_ok_and(|u| u.scheme() == "https" && u.origin().ascii_serialization() == base.trim_end_matches('/'));
        if !ok {
            return Err(value_error("publish.base_url", format!("`{base}` is not an https:// origin")));
        }
    }
    if staff_keys.len() != file.staff.len() {
        return Err(value_error("staff", "the staff keys were not all supplied"));
    }
    let org = RecipientKey::parse(key_armored)?;
    let mut staff_infos: Vec<PublicKeyInfo> = Vec::new();
    let mut staff_addresses = Vec::new();
    for (member, armored) in file.staff.iter().zip(&staff_keys) {
        let address = email("staff.address", &member.address)?;
        let key = RecipientKey::parse(armored)
            .map_err(|e| value_error("staff.public_key", format!("{}: {e}", member.public_key)))?;
        if key.is_v6() != org.is_v6() {
            return Err(value_error(
                "staff.public_key",
                format!("{}: staff keys must be the same OpenPGP version as the organisation key", member.public_key),
            ));
        }
        let fingerprint = key.fingerprint();
        if fingerprint == org.fingerprint() || staff_infos.iter().any(|k| k.fingerprint == fingerprint) {
            return Err(value_error(
                "staff.public_key",
                format!("{}: key {fingerprint} is listed twice", member.public_key),
            ));
        }
        staff_infos.push(PublicKeyInfo { armored: armored.trim().to_owned() + "\n", fingerprint });
        if !staff_addresses.contains(&address) {
            staff_addresses.push(address);
        }
    }
    let mut deployed = load_parts(file, key_armored)?;
    deployed.public.staff_keys = staff_infos;
    for address in staff_addresses {
        if !deployed.notify.to.contains(&address) {
            deployed.notify.to.push(address);
        }
    }
    deployed.signed_security_txt = signed_security_txt;
    Ok(deployed)
}

/// Every policy text (`localized::Localized`) fits the policy's languages.
fn check_texts(file: &PolicyFile) -> Result<(), Error> {
    let languages = &file.organisation.languages;
    let (r, p) = (&file.rules, &file.promises);
    let texts: Vec<(&str, &Localized)> = [
        ("organisation.introduction", file.organisation.introduction.as_ref()),
        ("response.details", file.response.details.as_ref()),
        ("promises.safe_harbour", p.safe_harbour.as_ref()),
        ("promises.confidentiality", p.confidentiality.as_ref()),
        ("promises.keep_informed", p.keep_informed.as_ref()),
        ("promises.credit.text", p.credit.as_ref().map(|c| &c.text)),
        ("promises.reward.text", p.reward.as_ref().map(|r| &r.text)),
    ]
    .into_iter()
    .filter_map(|(name, text)| text.map(|t| (name, t)))
    .chain(r.items.iter().map(|t| ("rules.items", t)))
    .chain(r.notes.iter().map(|t| ("rules.notes", t)))
    .chain(p.other.iter().map(|t| ("promises.other", t)))
    .chain(file.scope.out_of_scope.iter().map(|t| ("scope.out_of_scope", t)))
    .collect();
    for (name, text) in texts {
        text.check(languages).map_err(|e| value_error(name, e))?;
    }
    Ok(())
}

fn load_parts(file: PolicyFile, key_armored: &str) -> Result<DeployedPolicy, Error> {
    let key = RecipientKey::parse(key_armored)?;
    if file.organisation.name.trim().is_empty() {
        return Err(value_error("organisation.name", "must not be empty"));
    }
    let mut seen = Vec::new();
    for product in &file.scope.products {
        let max = FieldId::Product.max_chars();
        if product.trim() != product
            || product.is_empty()
            || product.chars().count() > max
            || product.chars().any(char::is_control)
        {
            return Err(value_error(
                "scope.products",
                format!(
                    "`{}`: a product is one line of at most {max} characters, without surrounding spaces",
                    product.escape_default()
                ),
            ));
        }
        if seen.contains(&product) {
            return Err(value_error("scope.products", format!("`{product}` is listed twice")));
        }
        seen.push(product);
    }
    if let Some(f) = file.fields.ask.iter().find(|f| f.spec().offered != Offered::WhenAsked(**f)) {
        let askable: Vec<&str> =
            crate::field::FIELDS.iter().filter(|s| s.offered == Offered::WhenAsked(s.id)).map(|s| s.name).collect();
        return Err(value_error(
            "fields.ask",
            format!("`{}` is always asked or cannot be asked alone; ask lists: {}", f.as_str(), askable.join(", ")),
        ));
    }
    if file.organisation.languages.is_empty() {
        return Err(value_error("organisation.languages", "list at least one language"));
    }
    check_texts(&file)?;
    if !(1..=60).contains(&file.response.business_days) {
        return Err(value_error("response.business_days", "must be between 1 and 60"));
    }
    if file.rules.items.is_empty() {
        return Err(value_error("rules.items", "list at least one rule the reporter agrees to"));
    }
    if file.contact.notify.is_empty() {
        return Err(value_error("contact.notify", "list at least one staff address"));
    }
    if let Some(r) = file.retention
        && !(1..=crate::retention::MAX_DAYS).contains(&r.delete_after_days)
    {
        return Err(value_error(
            "retention.delete_after_days",
            format!("must be between 1 and {} (ten years)", crate::retention::MAX_DAYS),
        ));
    }
    if !(100..=100_000_000).contains(&file.abuse.proof_of_work) {
        return Err(value_error("abuse.proof_of_work", "must be between 100 and 100000000"));
    }
    let notify = Notify {
        from: email("contact.sender", &file.contact.sender)?,
        to: emails("contact.notify", &file.contact.notify)?,
        escalation: emails("contact.escalation", &file.contact.escalation)?,
    };
    let public_email = file.contact.email.as_deref().map(|e| email("contact.email", e)).transpose()?;
    if file.attachments.max_total_bytes > MAX_POLICY_ATTACHMENT_BYTES {
        return Err(value_error("attachments.max_total_bytes", "at most 2 GiB (2147483648)"));
    }
    let origins = file
        .embed
        .origins
        .iter()
        .map(|o| o.parse::<Origin>().map_err(|e| value_error("embed.origins", e.to_string())))
        .collect::<Result<Vec<_>, _>>()?;
    let public = PublicPolicy {
        organisation: file.organisation,
        contact: PublicContact { email: public_email },
        key: PublicKeyInfo { armored: key_armored.trim().to_owned() + "\n", fingerprint: key.fingerprint() },
        response: file.response,
        scope: file.scope,
        rules: file.rules,
        promises: file.promises,
        attachments: file.attachments,
        fields: file.fields,
        embed: Embed { origins },
        publish: Publish { base_url: file.publish.base_url.map(|b| b.trim_end_matches('/').to_owned()) },
        staff_keys: Vec::new(),
        cra: file.cra,
        retention: file.retention,
    };
    Ok(DeployedPolicy { public, notify, signed_security_txt: None, abuse: file.abuse })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::field::FIELDS;

    /// The Nimbus Cloud example policy, loaded.
    pub(crate) fn nimbus() -> PublicPolicy {
        nimbus_edited(|text| text.to_owned()).expect("loads").public
    }

    /// The Nimbus Cloud example policy with its file's text edited, loaded with its keys.
    fn nimbus_edited(edit: impl Fn(&str) -> String) -> Result<DeployedPolicy, Error> {
        let file = parse_file(&edit(include_str!("../../examples/policies/nimbus-cloud/policy.toml")))?;
        let referenced = Referenced {
            key: include_str!("../../examples/policies/nimbus-cloud/security.asc").to_owned(),
            staff_keys: vec![include_str!("../../examples/policies/nimbus-cloud/staff/alice.asc").to_owned()],
            ..Default::default()
        };
        load(file, referenced)
    }

    /// Loads the example with `key = value` under `[section]` (instead of the example's own
    /// `key`), and checks that it loads (`None`) or fails with an error containing the needle.
    fn assert_loads_with(section: &str, key: &str, value: &str, error: Option<&str>) {
        let loaded = nimbus_edited(|text| {
            let prefix = format!("{key} = ");
            let without = text.lines().filter(|l| !l.starts_with(&prefix)).collect::<Vec<_>>().join("\n");
            without.replace(&format!("[{section}]\n"), &format!("[{section}]\n{key} = {value}\n"))
        });
        match (loaded, error) {
            (Ok(_), None) => {}
            (Err(e), Some(needle)) => {
                assert!(e.to_string().contains(needle), "{key} = {value}: `{e}` lacks `{needle}`")
            }
            (got, error) => panic!("{key} = {value}: got {:?}, expected the error {error:?}", got.map(|_| "loaded")),
        }
    }

    #[test]
    fn the_exploited_question_is_offered_with_the_cra_clock_only() {
        let mut policy = nimbus();
        assert!(policy.cra.clock && policy.offers(FieldId::Exploited), "the example runs the clock");
        policy.cra.clock = false;
        assert!(!policy.offers(FieldId::Exploited));
        let draft = crate::report::Draft::default().with_text(FieldId::Exploited, crate::field::FLAG_SET);
        assert!(!crate::report::exploited(&policy, &draft), "never sent in clear without the clock");
        policy.cra.clock = true;
        assert!(crate::report::exploited(&policy, &draft));
        assert!(!crate::report::exploited(&policy, &crate::report::Draft::default()));
        let only_in_clear: Vec<FieldId> = FIELDS.iter().filter(|f| f.in_clear).map(|f| f.id).collect();
        assert_eq!(only_in_clear, [FieldId::Exploited], "the one answer that travels in clear");
    }

    #[test]
    fn credit_is_offered_when_promised_or_required() {
        let mut policy = nimbus();
        let not_offered = |p: &PublicPolicy| {
            FIELDS
                .iter()
                .filter(|f| !matches!(f.offered, Offered::WhenAsked(_)) && !p.offers(f.id))
                .map(|f| f.id)
                .collect::<Vec<_>>()
        };
        policy.promises.credit = None;
        policy.fields.required.retain(|f| *f != FieldId::Credit);
        assert_eq!(not_offered(&policy), [FieldId::Credit], "without a promise");
        policy.fields.required.push(FieldId::Credit);
        assert_eq!(not_offered(&policy), [], "required");
        policy.fields.required.pop();
        policy.promises.credit = Some(Credit { text: "Thanks.".into(), hall_of_fame: false });
        assert_eq!(not_offered(&policy), [], "promised");
    }

    #[test]
    fn products_are_asked_for_when_listed_and_must_be_one_clean_line_each() {
        let mut policy = nimbus();
        let product_fields = [FieldId::Product, FieldId::AffectedVersions, FieldId::FixedVersion];
        assert!(product_fields.iter().all(|f| policy.offers(*f)), "the example lists products");
        policy.scope.products.clear();
        assert!(product_fields.iter().all(|f| !policy.offers(*f)), "no products, no product questions");
        for (products, error) in [
            ("[\"Nimbus CLI\"]", None),
            ("[\"Nimbus CLI\", \"Nimbus CLI\"]", Some("scope.products")),
            ("[\" padded\"]", Some("scope.products")),
            ("[\"\"]", Some("scope.products")),
            ("[\"two\\nlines\"]", Some("scope.products")),
        ] {
            assert_loads_with("scope", "products", products, error);
        }
    }

    #[test]
    fn the_optional_questions_are_asked_when_the_policy_asks_or_requires_them() {
        use FieldId::{AiAssistance, ProofOfConcept, VerifiedByHand};
        let mut policy = nimbus();
        let asked = |p: &PublicPolicy| {
            FIELDS
                .iter()
                .filter(|f| matches!(f.offered, Offered::WhenAsked(_)) && p.offers(f.id))
                .map(|f| f.id)
                .collect::<Vec<_>>()
        };
        policy.fields.ask.clear();
        assert_eq!(asked(&policy), [], "not asked");
        policy.fields.ask = vec![AiAssistance];
        assert_eq!(asked(&policy), [AiAssistance, VerifiedByHand], "the AI question brings its follow-up");
        policy.fields.ask.clear();
        policy.fields.required.push(ProofOfConcept);
        assert_eq!(asked(&policy), [ProofOfConcept], "required is asked");
        // `ask` lists only fields that can be asked on their own.
        for (ask, error) in [
            ("[\"proof_of_concept\", \"ai_assistance\"]", None),
            ("[\"verified_by_hand\"]", Some("proof_of_concept, ai_assistance")),
            ("[\"title\"]", Some("proof_of_concept, ai_assistance")),
        ] {
            assert_loads_with("fields", "ask", ask, error);
        }
    }
}

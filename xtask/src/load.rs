//! `cargo xtask load`: many reporters at once against the local stack, then a reconciliation of
//! what it stored against what it acknowledged (invariant 6 of ARCHITECTURE.md under load).
//!
//! Two phases on one stack (its own state under `target/sealdrop/load-run/`, fresh per run):
//!
//! 1. **steady**: `--reports` reports from `--concurrency` simulated reporters;
//! 2. **kill**: a quarter as many, and once half of them are acknowledged the whole stack is
//!    killed (SIGKILL to its process group) and restarted on the same state and worker port while
//!    the reporters keep retrying.
//!
//! Every report is encrypted natively (the widget's MIME entity, `envelope::encrypt` to every key
//! of the policy) before anything is timed, and carries its own proof of work, solved before the
//! phase starts, and its own `CF-Connecting-IP` (a /64 of its own, so neither the flood gate nor
//! the per-client quota counts two reporters together). A reporter retries a connection error, a
//! `5xx` or a `429` with the same bytes, `Idempotency-Key` and proof of work until it is answered
//! `201`; about 1% of the reports are sent twice on purpose (half back to back, so they race,
//! half at the end of the queue, so they replay).
//!
//! After each phase every stored report is listed through the staff API and downloaded, and the
//! verdict ([`Verdict`]) says whether every acknowledged id is listed once, every key got one id,
//! no id serves two keys, the stored bytes are the bytes sent (SHA-256), the reports of earlier
//! phases are all still there, and nothing is stored that was never acknowledged. Throughput is
//! acknowledged reports per second of the phase's wall time; latency is that of the POST that was
//! answered `201` (the challenge fetch and the solving are not in it). Measured and printed, never
//! part of `cargo xtask test`; the command fails when a reconciliation does.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use rand::RngCore as _;
use sha2::{Digest, Sha256};

use sealdrop_shared::api::{Call, IDEMPOTENCY_HEADER, PGP_MEDIA_TYPE, ReportList, SubmitAnswer, endpoint};
use sealdrop_shared::key::RecipientKey;
use sealdrop_shared::policy::PublicPolicy;
use sealdrop_shared::pow::{Challenge, POW_HEADER};
use sealdrop_shared::report::{Draft, FieldId};

use crate::build;
use crate::stack::{self, Ports, Stack, StackDirs, Vars};
use crate::{Error, root, tools};

/// `--reports` when not given.
const DEFAULT_REPORTS: usize = 10_000;
/// `--concurrency` when not given.
const DEFAULT_CONCURRENCY: usize = 64;
/// How long one phase's reporters keep retrying before they give up.
const PHASE_DEADLINE: Duration = Duration::from_secs(15 * 60);
/// How long one request may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// One page of the staff listing (the API's maximum).
const PAGE: usize = 500;

/// `cargo xtask load` options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadOptions {
    /// Reports in the steady phase (the kill phase sends a quarter as many).
    pub reports: usize,
    /// Simulated reporters sending at once.
    pub concurrency: usize,
}

/// Reads `--reports N --concurrency M`.
pub fn parse_options(args: &[String]) -> Result<LoadOptions, Error> {
    let mut options = LoadOptions { reports: DEFAULT_REPORTS, concurrency: DEFAULT_CONCURRENCY };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut number = |name: &str, max: usize| -> Result<usize, Error> {
            let value = iter.next().ok_or_else(|| Error::Usage(format!("{name} needs a value")))?;
            value
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| Error::Usage(format!("{name} takes a number from 1 to {max}")))
        };
        match arg.as_str() {
            "--reports" => options.reports = number("--reports", 1_000_000)?,
            "--concurrency" => options.concurrency = number("--concurrency", 1024)?,
            other => return Err(Error::Usage(format!("unknown option `{other}` for `load`"))),
        }
    }
    Ok(options)
}

/// One report as a reporter sends it, every time.
#[derive(Debug, Clone)]
struct Report {
    /// `Idempotency-Key`.
    key: String,
    /// `CF-Connecting-IP`: a /64 of its own.
    ip: String,
    /// The armored ciphertext.
    body: Vec<u8>,
    /// SHA-256 of `body`.
    sha256: [u8; 32],
}

impl Report {
    fn new(key: String, ip: String, body: Vec<u8>) -> Self {
        let sha256 = Sha256::digest(&body).into();
        Self { key, ip, body, sha256 }
    }
}

/// The reporter address of report `index` of `phase`: `2001:db8:PPII:IIII::1`, one /64 each.
fn reporter_ip(phase: u8, index: usize) -> String {
    let high = (u32::from(phase) << 8) | ((index >> 16) as u32 & 0xff);
    format!("2001:db8:{high:x}:{:x}::1", index & 0xffff)
}

/// The order reports are sent in: each once, about 1% twice with the same key and bytes, half of
/// those right after the first (two reporters race) and half at the end (a late retry).
fn job_order(count: usize) -> Vec<usize> {
    let mut jobs = Vec::with_capacity(count + count / 100 + 1);
    let mut later = Vec::new();
    for index in 0..count {
        jobs.push(index);
        match index % 200 {
            0 => jobs.push(index),
            100 => later.push(index),
            _ => {}
        }
    }
    jobs.extend(later);
    jobs
}

/// What the load test's reporters typed (the index makes every report different).
fn draft(phase: &str, index: usize) -> Draft {
    let mut draft = [
        (FieldId::Title, format!("Load test report {phase} #{index}: open redirect on login")),
        (FieldId::VulnerabilityType, "Misconfiguration".to_owned()),
        (FieldId::Affected, format!("https://app.nimbus.example/login?next=//evil.example/{index}")),
        (FieldId::Description, "The next parameter is not checked against the application's own origin.".to_owned()),
        (FieldId::Steps, format!("1. Visit https://app.nimbus.example/login?next=//evil.example/{index}\n2. Log in.")),
        (FieldId::Impact, "Phishing: the victim lands on a page the attacker controls.".to_owned()),
    ]
    .into_iter()
    .fold(Draft::default(), |d, (field, value)| d.with_text(field, value));
    draft.consent = true;
    draft
}

/// The plaintext of a report: the MIME entity the widget builds (`submission::encrypt`).
fn plaintext(policy: &PublicPolicy, keys: &[RecipientKey], phase: &str, index: usize) -> Result<Vec<u8>, Error> {
    let draft = draft(phase, index);
    let report = sealdrop_shared::report::validate(policy, &draft).map_err(|errors| {
        let fields: Vec<String> = errors.iter().map(|e| format!("{:?}: {}", e.field, e.problem)).collect();
        Error::Load(format!("the load test's report does not validate against the policy: {}", fields.join("; ")))
    })?;
    let fingerprint = keys.first().map(RecipientKey::fingerprint).map(|f| f.to_string()).unwrap_or_default();
    Ok(sealdrop_shared::mime::build_entity(&policy.organisation.name, &fingerprint, &draft, &report, &[], None))
}

/// Encrypts `count` reports of `phase` to every key of the policy, on every core.
fn encrypt_reports(
    policy: &PublicPolicy,
    keys: &[RecipientKey],
    phase: (u8, &str),
    count: usize,
    tag: &str,
) -> Result<Vec<Report>, Error> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from).min(count.max(1));
    let (number, name) = phase;
    let encrypt_one = |index: usize| -> Result<Report, Error> {
        let entity = plaintext(policy, keys, name, index)?;
        let armored = sealdrop_shared::envelope::encrypt(keys, entity, rand::rngs::OsRng)
            .map_err(|e| Error::Load(format!("cannot encrypt a report: {e}")))?;
        Ok(Report::new(format!("load-{tag}-{name}-{index}"), reporter_ip(number, index), armored.into_bytes()))
    };
    let parts: Vec<Result<Vec<(usize, Report)>, Error>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let encrypt_one = &encrypt_one;
                scope.spawn(move || {
                    (t..count).step_by(threads).map(|i| encrypt_one(i).map(|r| (i, r))).collect::<Result<Vec<_>, _>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err(Error::Load("an encryption thread panicked".into()))))
            .collect()
    });
    let mut all = Vec::with_capacity(count);
    for part in parts {
        all.extend(part?);
    }
    all.sort_by_key(|(i, _)| *i);
    Ok(all.into_iter().map(|(_, r)| r).collect())
}

/// A minimal HTTP/1.1 client over `TcpStream` (one request per connection).
mod http {
    use std::io::{self, Read as _, Write as _};
    use std::net::{SocketAddr, TcpStream};
    use std::time::Duration;

    const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

    /// A response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Response {
        /// Status code.
        pub status: u16,
        /// Headers, in order, names as sent.
        pub headers: Vec<(String, String)>,
        /// The body, de-chunked.
        pub body: Vec<u8>,
    }

    impl Response {
        /// The first header called `name` (any case).
        pub fn header(&self, name: &str) -> Option<&str> {
            self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
        }

        /// `Retry-After` in seconds.
        pub fn retry_after(&self) -> Option<Duration> {
            self.header("Retry-After").and_then(|v| v.trim().parse::<u64>().ok()).map(Duration::from_secs)
        }

        /// The `code` of an error body `{"error":{"code",…}}`.
        pub fn error_code(&self) -> Option<String> {
            serde_json::from_slice::<sealdrop_shared::api::ErrorBody>(&self.body).ok().map(|b| b.error.code)
        }

        /// The start of the body, for messages.
        pub fn snippet(&self) -> String {
            String::from_utf8_lossy(&self.body).chars().take(200).collect()
        }
    }

    /// Whether a buffer holds a whole response yet.
    #[derive(Debug, PartialEq, Eq)]
    pub enum Parsed {
        /// More bytes are needed.
        Incomplete,
        /// One whole response.
        Done(Response),
    }

    fn invalid(why: &str) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, why.to_owned())
    }

    fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
        haystack.windows(needle.len()).position(|w| w == needle)
    }

    /// Parses the response at the start of `buf` (informational `1xx` heads skipped); `eof`: the
    /// server has closed the connection, so a body without a length ends here.
    pub fn parse(buf: &[u8], eof: bool) -> io::Result<Parsed> {
        let incomplete =
            || if eof { Err(io::Error::from(io::ErrorKind::UnexpectedEof)) } else { Ok(Parsed::Incomplete) };
        let mut start = 0;
        loop {
            let Some(end) = find(&buf[start..], b"\r\n\r\n").map(|e| start + e) else { return incomplete() };
            let head = std::str::from_utf8(&buf[start..end]).map_err(|_| invalid("response head is not UTF-8"))?;
            let mut lines = head.split("\r\n");
            let status_line = lines.next().unwrap_or_default();
            let mut parts = status_line.splitn(3, ' ');
            let version = parts.next().unwrap_or_default();
            if !version.starts_with("HTTP/1.") {
                return Err(invalid("not an HTTP/1.x response"));
            }
            let status: u16 = parts.next().and_then(|s| s.parse().ok()).ok_or_else(|| invalid("no status code"))?;
            let headers: Vec<(String, String)> = lines
                .filter_map(|l| l.split_once(':'))
                .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
                .collect();
            let body_start = end + 4;
            if (100..200).contains(&status) && status != 101 {
                start = body_start;
                continue;
            }
            let mut response = Response { status, headers, body: Vec::new() };
            if status == 204 || status == 304 {
                return Ok(Parsed::Done(response));
            }
            let rest = &buf[body_start..];
            let chunked =
                response.header("Transfer-Encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
            if chunked {
                return match dechunk(rest)? {
                    Some(body) => {
                        response.body = body;
                        Ok(Parsed::Done(response))
                    }
                    None => incomplete(),
                };
            }
            if let Some(length) = response.header("Content-Length") {
                let length: usize = length.trim().parse().map_err(|_| invalid("bad Content-Length"))?;
                if rest.len() < length {
                    return incomplete();
                }
                response.body = rest[..length].to_vec();
                return Ok(Parsed::Done(response));
            }
            if !eof {
                return Ok(Parsed::Incomplete);
            }
            response.body = rest.to_vec();
            return Ok(Parsed::Done(response));
        }
    }

    /// The body of a chunked transfer, once all of it (and the trailers) has arrived.
    fn dechunk(mut rest: &[u8]) -> io::Result<Option<Vec<u8>>> {
        let mut body = Vec::new();
        loop {
            let Some(line_end) = find(rest, b"\r\n") else { return Ok(None) };
            let line = std::str::from_utf8(&rest[..line_end]).map_err(|_| invalid("bad chunk size"))?;
            let size = line.split(';').next().unwrap_or_default().trim();
            let size = usize::from_str_radix(size, 16).map_err(|_| invalid("bad chunk size"))?;
            rest = &rest[line_end + 2..];
            if size == 0 {
                // Trailers, if any, then an empty line.
                loop {
                    let Some(end) = find(rest, b"\r\n") else { return Ok(None) };
                    if end == 0 {
                        return Ok(Some(body));
                    }
                    rest = &rest[end + 2..];
                }
            }
            if rest.len() < size + 2 {
                return Ok(None);
            }
            if &rest[size..size + 2] != b"\r\n" {
                return Err(invalid("chunk without its CRLF"));
            }
            body.extend_from_slice(&rest[..size]);
            rest = &rest[size + 2..];
        }
    }

    /// The request's bytes.
    pub fn encode(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(body.len() + 512);
        let _ = write!(out, "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
        for (name, value) in headers {
            let _ = write!(out, "{name}: {value}\r\n");
        }
        if !body.is_empty() || method == "POST" || method == "PUT" {
            let _ = write!(out, "Content-Length: {}\r\n", body.len());
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(body);
        out
    }

    /// Sends one request to `127.0.0.1:port` and reads its response.
    pub fn request(
        port: u16,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
        timeout: Duration,
    ) -> io::Result<Response> {
        let mut stream = TcpStream::connect_timeout(&SocketAddr::from(([127, 0, 0, 1], port)), CONNECT_TIMEOUT)?;
        stream.set_read_timeout(Some(timeout))?;
        stream.set_write_timeout(Some(timeout))?;
        stream.set_nodelay(true)?;
        stream.write_all(&encode(port, method, path, headers, body))?;
        let mut buf = Vec::with_capacity(4096);
        let mut chunk = [0u8; 16 * 1024];
        loop {
            let n = match stream.read(&mut chunk) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if n == 0 {
                return match parse(&buf, true)? {
                    Parsed::Done(response) => Ok(response),
                    Parsed::Incomplete => Err(io::Error::from(io::ErrorKind::UnexpectedEof)),
                };
            }
            buf.extend_from_slice(&chunk[..n]);
            if let Parsed::Done(response) = parse(&buf, false)? {
                return Ok(response);
            }
        }
    }
}

/// What one answer to a submission means for the reporter.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Next {
    /// `201`: acknowledged with this id (`replayed`: the first answer again).
    Acknowledged { id: String, replayed: bool },
    /// Send the same request again after at least `after`.
    Retry { why: Why, after: Option<Duration> },
    /// `403 pow_expired`: solve a new challenge, then send again.
    NewChallenge,
    /// Anything else: a bug; give up on this report.
    Fail(String),
}

/// Why a request is sent again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Why {
    /// No answer: refused, reset or timed out.
    Connection,
    /// `429`.
    RateLimited,
    /// `503`.
    Unavailable,
    /// Another `5xx`.
    ServerError,
}

fn classify(result: &std::io::Result<http::Response>) -> Next {
    let response = match result {
        Ok(response) => response,
        Err(_) => return Next::Retry { why: Why::Connection, after: None },
    };
    match response.status {
        201 => match serde_json::from_slice::<SubmitAnswer>(&response.body) {
            Ok(answer) => Next::Acknowledged {
                id: answer.id.to_string(),
                replayed: response.header("Idempotent-Replayed") == Some("true"),
            },
            Err(e) => Next::Fail(format!("201 without a readable answer ({e}): {}", response.snippet())),
        },
        429 => Next::Retry { why: Why::RateLimited, after: response.retry_after() },
        503 => Next::Retry { why: Why::Unavailable, after: response.retry_after() },
        500..=599 => Next::Retry { why: Why::ServerError, after: response.retry_after() },
        403 if response.error_code().as_deref() == Some("pow_expired") => Next::NewChallenge,
        status => Next::Fail(format!("{status}: {}", response.snippet())),
    }
}

/// The wait before attempt `attempt` (1 = the first retry): 50 ms doubling up to 2 s, or the
/// server's `Retry-After` when longer (at most a minute).
fn backoff(attempt: u32, retry_after: Option<Duration>) -> Duration {
    let doubling = Duration::from_millis(50).saturating_mul(1u32 << attempt.saturating_sub(1).min(10));
    doubling.min(Duration::from_secs(2)).max(retry_after.unwrap_or_default().min(Duration::from_secs(60)))
}

/// The `p`-th percentile (nearest rank) of sorted values.
fn percentile(sorted: &[Duration], p: f64) -> Option<Duration> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted.get(rank.clamp(1, sorted.len()) - 1).copied()
}

fn ms(d: Option<Duration>) -> String {
    d.map_or_else(|| "-".to_owned(), |d| format!("{:.1} ms", d.as_secs_f64() * 1000.0))
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A fresh proof of work for requests with any key: a challenge from the stack, solved.
fn solve_challenge(port: u16) -> Result<String, String> {
    let path = endpoint::Challenge {}.path();
    let mut last = String::new();
    for attempt in 1..=20 {
        match http::request(port, "GET", &path, &[], &[], REQUEST_TIMEOUT) {
            Ok(r) if r.status == 200 => {
                let challenge: Challenge =
                    serde_json::from_slice(&r.body).map_err(|e| format!("challenge: {e}: {}", r.snippet()))?;
                return challenge.solve().map(|s| s.to_header()).ok_or_else(|| "a challenge without a solution".into());
            }
            Ok(r) => last = format!("{}: {}", r.status, r.snippet()),
            Err(e) => last = e.to_string(),
        }
        std::thread::sleep(backoff(attempt, None));
    }
    Err(format!("no challenge from {path}: {last}"))
}

/// One proof of work per report, fetched and solved by `concurrency` threads.
fn solve_all(port: u16, count: usize, concurrency: usize) -> Result<Vec<Mutex<String>>, Error> {
    let next = AtomicUsize::new(0);
    let solved: Vec<Mutex<Option<Result<String, String>>>> = (0..count).map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..concurrency.min(count) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(slot) = solved.get(i) else { break };
                    *lock(slot) = Some(solve_challenge(port));
                }
            });
        }
    });
    solved
        .into_iter()
        .map(|slot| match slot.into_inner().unwrap_or_else(PoisonError::into_inner) {
            Some(Ok(header)) => Ok(Mutex::new(header)),
            Some(Err(e)) => Err(Error::Load(e)),
            None => Err(Error::Load("a proof of work was not solved".into())),
        })
        .collect()
}

/// One `201`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Ack {
    /// The report.
    index: usize,
    /// The id it was given.
    id: String,
}

/// What the reporters of one phase saw.
#[derive(Debug, Default)]
struct Tally {
    acks: Vec<Ack>,
    /// Reports given up on, with the reason.
    failures: Vec<(usize, String)>,
    /// The POSTs answered `201`.
    latencies: Vec<Duration>,
    /// From a job's first attempt to its `201`, retries included.
    until_ack: Vec<Duration>,
    retries: u64,
    connection_errors: u64,
    rate_limited: u64,
    unavailable: u64,
    server_errors: u64,
    new_challenges: u64,
    replayed: u64,
}

impl Tally {
    fn merge(&mut self, other: Tally) {
        self.acks.extend(other.acks);
        self.failures.extend(other.failures);
        self.latencies.extend(other.latencies);
        self.until_ack.extend(other.until_ack);
        self.retries += other.retries;
        self.connection_errors += other.connection_errors;
        self.rate_limited += other.rate_limited;
        self.unavailable += other.unavailable;
        self.server_errors += other.server_errors;
        self.new_challenges += other.new_challenges;
        self.replayed += other.replayed;
    }
}

/// Where and how a phase's reporters send.
#[derive(Debug)]
struct Sender<'a> {
    port: u16,
    reports: &'a [Report],
    pows: &'a [Mutex<String>],
    deadline: Instant,
    acked: &'a AtomicUsize,
    abort: &'a AtomicBool,
}

impl Sender<'_> {
    /// Sends report `index` until it is acknowledged, given up on, or the phase is over.
    fn send(&self, index: usize, tally: &mut Tally) {
        let (Some(report), Some(pow)) = (self.reports.get(index), self.pows.get(index)) else { return };
        let path = endpoint::Submit {}.path();
        let first = Instant::now();
        let mut attempt = 0u32;
        loop {
            let solution = lock(pow).clone();
            let headers = [
                ("Content-Type", PGP_MEDIA_TYPE),
                (IDEMPOTENCY_HEADER, report.key.as_str()),
                (POW_HEADER, solution.as_str()),
                ("CF-Connecting-IP", report.ip.as_str()),
            ];
            let started = Instant::now();
            let result = http::request(self.port, "POST", &path, &headers, &report.body, REQUEST_TIMEOUT);
            let took = started.elapsed();
            let after = match classify(&result) {
                Next::Acknowledged { id, replayed } => {
                    tally.acks.push(Ack { index, id });
                    tally.latencies.push(took);
                    tally.until_ack.push(first.elapsed());
                    tally.replayed += u64::from(replayed);
                    self.acked.fetch_add(1, Ordering::Relaxed);
                    return;
                }
                Next::Fail(why) => {
                    tally.failures.push((index, why));
                    return;
                }
                Next::NewChallenge => {
                    tally.new_challenges += 1;
                    match solve_challenge(self.port) {
                        Ok(header) => *lock(pow) = header,
                        Err(e) => {
                            tally.failures.push((index, e));
                            return;
                        }
                    }
                    None
                }
                Next::Retry { why, after } => {
                    match why {
                        Why::Connection => tally.connection_errors += 1,
                        Why::RateLimited => tally.rate_limited += 1,
                        Why::Unavailable => tally.unavailable += 1,
                        Why::ServerError => tally.server_errors += 1,
                    }
                    after
                }
            };
            attempt += 1;
            tally.retries += 1;
            let now = Instant::now();
            if now >= self.deadline || self.abort.load(Ordering::Relaxed) {
                let last = match &result {
                    Ok(r) => format!("{}: {}", r.status, r.snippet()),
                    Err(e) => e.to_string(),
                };
                tally.failures.push((index, format!("not acknowledged in time; last answer {last}")));
                return;
            }
            std::thread::sleep(backoff(attempt, after).min(self.deadline - now));
        }
    }
}

/// Counts a reporter thread as finished when it ends, even by a panic (so the kill hook's wait
/// always ends).
#[derive(Debug)]
struct Finished<'a>(&'a AtomicUsize);

impl Drop for Finished<'_> {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

/// What to do half-way through a phase: after this many acknowledged answers, run the action
/// (kill and restart the stack) while the reporters go on.
type KillHook<'a> = Option<(usize, &'a mut dyn FnMut() -> Result<(), Error>)>;

/// Sends `jobs` (report indexes, some twice) with `concurrency` reporters. When `kill` is given,
/// `kill.1` runs on this thread once `kill.0` jobs are acknowledged, while the reporters go on.
fn send_all(
    port: u16,
    reports: &[Report],
    pows: &[Mutex<String>],
    jobs: &[usize],
    concurrency: usize,
    mut kill: KillHook<'_>,
) -> (Tally, Result<(), Error>) {
    let acked = AtomicUsize::new(0);
    let abort = AtomicBool::new(false);
    let finished = AtomicUsize::new(0);
    let next = AtomicUsize::new(0);
    let sender =
        Sender { port, reports, pows, deadline: Instant::now() + PHASE_DEADLINE, acked: &acked, abort: &abort };
    let workers = concurrency.min(jobs.len()).max(1);
    let mut outcome = Ok(());
    let tallies: Vec<Tally> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let _finished = Finished(&finished);
                    let mut tally = Tally::default();
                    while let Some(&index) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) {
                        if abort.load(Ordering::Relaxed) {
                            tally.failures.push((index, "not sent: the phase was aborted".into()));
                            continue;
                        }
                        sender.send(index, &mut tally);
                    }
                    tally
                })
            })
            .collect();
        if let Some((at, action)) = kill.as_mut() {
            while acked.load(Ordering::Relaxed) < *at && finished.load(Ordering::Relaxed) < workers {
                std::thread::sleep(Duration::from_millis(5));
            }
            outcome = action();
            if outcome.is_err() {
                abort.store(true, Ordering::Relaxed);
            }
        }
        handles.into_iter().map(|h| h.join().unwrap_or_default()).collect()
    });
    let mut tally = Tally::default();
    for t in tallies {
        tally.merge(t);
    }
    (tally, outcome)
}

/// A staff API GET, retried on connection errors and `5xx`.
fn staff_get(port: u16, token: &str, path: &str) -> Result<http::Response, String> {
    let bearer = format!("Bearer {token}");
    let mut last = String::new();
    for attempt in 1..=10 {
        match http::request(port, "GET", path, &[("Authorization", &bearer)], &[], REQUEST_TIMEOUT) {
            Ok(r) if r.status < 500 => return Ok(r),
            Ok(r) => last = format!("{}: {}", r.status, r.snippet()),
            Err(e) => last = e.to_string(),
        }
        std::thread::sleep(backoff(attempt, None));
    }
    Err(format!("GET {path}: {last}"))
}

/// Every stored report's id, newest first, page by page.
fn list_all(port: u16, token: &str) -> Result<Vec<String>, Error> {
    let mut ids: Vec<String> = Vec::new();
    loop {
        let mut path = format!("{}?limit={PAGE}", endpoint::StaffList {}.path());
        if let Some(last) = ids.last() {
            path.push_str(&format!("&before={last}"));
        }
        let response = staff_get(port, token, &path).map_err(Error::Load)?;
        if response.status != 200 {
            return Err(Error::Load(format!("GET {path}: {}: {}", response.status, response.snippet())));
        }
        let page: ReportList = serde_json::from_slice(&response.body)?;
        let n = page.reports.len();
        ids.extend(page.reports.into_iter().map(|r| r.id.to_string()));
        if n < PAGE {
            return Ok(ids);
        }
    }
}

/// SHA-256 of each report's stored bytes, downloaded by `concurrency` threads.
fn stored_digests(
    port: u16,
    token: &str,
    ids: &[String],
    concurrency: usize,
) -> HashMap<String, Result<[u8; 32], String>> {
    let next = AtomicUsize::new(0);
    let digests = Mutex::new(HashMap::with_capacity(ids.len()));
    std::thread::scope(|scope| {
        for _ in 0..concurrency.min(ids.len()) {
            scope.spawn(|| {
                while let Some(id) = ids.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let Ok(parsed) = id.parse() else {
                        lock(&digests).insert(id.clone(), Err("not an id".to_owned()));
                        continue;
                    };
                    let path = endpoint::StaffGet { id: parsed }.path();
                    let digest = staff_get(port, token, &path).and_then(|r| {
                        if r.status == 200 {
                            Ok(Sha256::digest(&r.body).into())
                        } else {
                            Err(format!("{}: {}", r.status, r.snippet()))
                        }
                    });
                    lock(&digests).insert(id.clone(), digest);
                }
            });
        }
    });
    digests.into_inner().unwrap_or_else(PoisonError::into_inner)
}

/// Up to this many examples of each kind of discrepancy are printed.
const EXAMPLES: usize = 5;

/// The reconciliation of one phase: what the reporters were told against what the stack stored.
#[derive(Debug, Default, PartialEq, Eq)]
struct Verdict {
    /// Reports (distinct keys) sent in the phase.
    reports: usize,
    /// `201` answers, duplicates and replays included.
    answers: usize,
    /// Reports acknowledged at least once.
    acknowledged: usize,
    /// Reports never acknowledged.
    unacknowledged: Vec<usize>,
    /// Reports whose key was answered with more than one id.
    split_keys: Vec<usize>,
    /// Ids acknowledged for more than one key (or for a report of an earlier phase).
    shared_ids: Vec<String>,
    /// Stored reports of this phase (not of an earlier one).
    listed: usize,
    /// Ids the listing showed more than once.
    listed_twice: Vec<String>,
    /// Acknowledged ids the listing does not show.
    missing: Vec<String>,
    /// Reports of earlier phases (`of`) no longer listed (`missing`).
    earlier_missing: usize,
    /// Reports of earlier phases checked.
    earlier: usize,
    /// Stored reports of this phase that no reporter was told about.
    stored_unacknowledged: Vec<String>,
    /// Stored reports whose bytes are not the bytes sent.
    mismatched: Vec<String>,
    /// Stored reports whose bytes could not be read, with why.
    unreadable: Vec<(String, String)>,
    /// Stored reports whose bytes were compared and matched.
    identical: usize,
}

impl Verdict {
    /// Compares the acknowledgements of reports whose bytes hashed to `sent[index]` with the
    /// listing (`listed`, newest first) and the stored bytes' digests; ids in `earlier` belong to
    /// earlier phases and must all still be listed.
    fn reconcile(
        sent: &[[u8; 32]],
        acks: &[Ack],
        earlier: &HashSet<String>,
        listed: &[String],
        stored: &HashMap<String, Result<[u8; 32], String>>,
    ) -> Verdict {
        let mut ids_of_key: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); sent.len()];
        let mut keys_of_id: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
        for ack in acks {
            if let Some(ids) = ids_of_key.get_mut(ack.index) {
                ids.insert(&ack.id);
            }
            keys_of_id.entry(&ack.id).or_default().insert(ack.index);
        }
        let mut times_listed: HashMap<&str, usize> = HashMap::with_capacity(listed.len());
        for id in listed {
            *times_listed.entry(id).or_default() += 1;
        }
        let mut verdict = Verdict {
            reports: sent.len(),
            answers: acks.len(),
            acknowledged: ids_of_key.iter().filter(|ids| !ids.is_empty()).count(),
            unacknowledged: (0..sent.len()).filter(|&i| ids_of_key[i].is_empty()).collect(),
            split_keys: (0..sent.len()).filter(|&i| ids_of_key[i].len() > 1).collect(),
            shared_ids: keys_of_id
                .iter()
                .filter(|(id, keys)| keys.len() > 1 || earlier.contains(**id))
                .map(|(id, _)| (*id).to_owned())
                .collect(),
            earlier: earlier.len(),
            earlier_missing: earlier.iter().filter(|id| !times_listed.contains_key(id.as_str())).count(),
            ..Verdict::default()
        };
        let mut listed_twice: Vec<String> =
            times_listed.iter().filter(|(_, n)| **n > 1).map(|(id, _)| (*id).to_owned()).collect();
        listed_twice.sort();
        verdict.listed_twice = listed_twice;
        let mut this_phase: Vec<&str> = times_listed.keys().copied().filter(|id| !earlier.contains(*id)).collect();
        this_phase.sort_unstable();
        verdict.listed = this_phase.len();
        verdict.stored_unacknowledged =
            this_phase.iter().filter(|id| !keys_of_id.contains_key(*id)).map(|id| (*id).to_owned()).collect();
        for (id, keys) in &keys_of_id {
            if !times_listed.contains_key(id) {
                verdict.missing.push((*id).to_owned());
                continue;
            }
            match stored.get(*id) {
                Some(Ok(digest)) => {
                    if keys.iter().all(|&k| sent.get(k) == Some(digest)) {
                        verdict.identical += 1;
                    } else {
                        verdict.mismatched.push((*id).to_owned());
                    }
                }
                Some(Err(why)) => verdict.unreadable.push(((*id).to_owned(), why.clone())),
                None => verdict.unreadable.push(((*id).to_owned(), "not downloaded".to_owned())),
            }
        }
        verdict
    }

    /// Whether everything reconciles.
    fn ok(&self) -> bool {
        self.unacknowledged.is_empty()
            && self.split_keys.is_empty()
            && self.shared_ids.is_empty()
            && self.listed_twice.is_empty()
            && self.missing.is_empty()
            && self.earlier_missing == 0
            && self.stored_unacknowledged.is_empty()
            && self.mismatched.is_empty()
            && self.unreadable.is_empty()
            && self.listed == self.acknowledged
            && self.identical == self.acknowledged
    }

    /// The verdict, one check a line.
    fn lines(&self) -> Vec<String> {
        fn examples<T: std::fmt::Display>(items: impl IntoIterator<Item = T>) -> String {
            let shown: Vec<String> = items.into_iter().take(EXAMPLES).map(|i| i.to_string()).collect();
            if shown.is_empty() { String::new() } else { format!(" (e.g. {})", shown.join(", ")) }
        }
        let mark = |ok: bool| if ok { "ok  " } else { "FAIL" };
        let mut lines = vec![
            format!(
                "{} acknowledged: {} of {} reports ({} answers `201`); never acknowledged: {}{}",
                mark(self.unacknowledged.is_empty()),
                self.acknowledged,
                self.reports,
                self.answers,
                self.unacknowledged.len(),
                examples(self.unacknowledged.iter().map(|i| format!("report #{i}"))),
            ),
            format!(
                "{} one key, one id: {} keys answered with more than one id{}",
                mark(self.split_keys.is_empty()),
                self.split_keys.len(),
                examples(self.split_keys.iter().map(|i| format!("report #{i}"))),
            ),
            format!(
                "{} one id, one key: {} ids given to more than one report{}",
                mark(self.shared_ids.is_empty()),
                self.shared_ids.len(),
                examples(&self.shared_ids),
            ),
            format!(
                "{} every acknowledged id listed once: {} listed for this phase, {} acknowledged ids not listed{}, {} listed twice{}",
                mark(self.missing.is_empty() && self.listed_twice.is_empty()),
                self.listed,
                self.missing.len(),
                examples(&self.missing),
                self.listed_twice.len(),
                examples(&self.listed_twice),
            ),
            format!(
                "{} nothing stored twice or unacknowledged: {} stored, {} distinct keys acknowledged, {} stored but never acknowledged{}",
                mark(self.stored_unacknowledged.is_empty() && self.listed == self.acknowledged),
                self.listed,
                self.acknowledged,
                self.stored_unacknowledged.len(),
                examples(&self.stored_unacknowledged),
            ),
            format!(
                "{} stored bytes identical to those sent (SHA-256): {} identical, {} differ{}, {} unreadable{}",
                mark(self.mismatched.is_empty() && self.unreadable.is_empty() && self.identical == self.acknowledged),
                self.identical,
                self.mismatched.len(),
                examples(&self.mismatched),
                self.unreadable.len(),
                examples(self.unreadable.iter().map(|(id, why)| format!("{id}: {why}"))),
            ),
        ];
        if self.earlier > 0 {
            lines.push(format!(
                "{} earlier phases' reports still listed: {} of {}",
                mark(self.earlier_missing == 0),
                self.earlier - self.earlier_missing,
                self.earlier,
            ));
        }
        lines
    }
}

/// What one phase measured and concluded.
#[derive(Debug)]
struct PhaseResult {
    name: String,
    verdict: Verdict,
    /// The figures, a few lines.
    summary: String,
    /// The figures, one line.
    headline: String,
}

/// Runs one phase against the stack on `port`: proofs of work, sending (with `kill` if given),
/// then the reconciliation, which needs `earlier` (the ids stored before this phase) and adds every
/// id stored now.
fn run_phase(
    name: &str,
    port: u16,
    token: &str,
    reports: &[Report],
    concurrency: usize,
    earlier: &mut HashSet<String>,
    kill: KillHook<'_>,
) -> Result<PhaseResult, Error> {
    let started = Instant::now();
    let pows = solve_all(port, reports.len(), concurrency)?;
    eprintln!("load: [{name}] {} proofs of work fetched and solved in {:.1} s", pows.len(), secs(started));

    let jobs = job_order(reports.len());
    let started = Instant::now();
    let (mut tally, outcome) = send_all(port, reports, &pows, &jobs, concurrency, kill);
    let wall = started.elapsed();
    outcome?;
    tally.latencies.sort_unstable();
    tally.until_ack.sort_unstable();
    let acknowledged: HashSet<usize> = tally.acks.iter().map(|a| a.index).collect();
    let throughput = acknowledged.len() as f64 / wall.as_secs_f64().max(1e-9);
    let mut summary = format!(
        "{} reports ({} sent twice with one key), {} reporters: {} acknowledged in {:.1} s = {:.1} reports/s\n  \
         POST answered 201: p50 {}, p99 {}, max {}; first attempt to 201: p50 {}, p99 {}\n  \
         retries {} (connection errors {}, 429 {}, 503 {}, other 5xx {}, expired proofs of work {}); replayed answers {}",
        reports.len(),
        jobs.len() - reports.len(),
        concurrency,
        acknowledged.len(),
        wall.as_secs_f64(),
        throughput,
        ms(percentile(&tally.latencies, 50.0)),
        ms(percentile(&tally.latencies, 99.0)),
        ms(tally.latencies.last().copied()),
        ms(percentile(&tally.until_ack, 50.0)),
        ms(percentile(&tally.until_ack, 99.0)),
        tally.retries,
        tally.connection_errors,
        tally.rate_limited,
        tally.unavailable,
        tally.server_errors,
        tally.new_challenges,
        tally.replayed,
    );
    if !tally.failures.is_empty() {
        summary.push_str(&format!("\n  given up on {} requests:", tally.failures.len()));
        for (index, why) in tally.failures.iter().take(EXAMPLES) {
            summary.push_str(&format!("\n    report #{index}: {why}"));
        }
    }
    eprintln!(
        "load: [{name}] {} of {} reports acknowledged in {:.1} s",
        acknowledged.len(),
        reports.len(),
        wall.as_secs_f64()
    );

    let started = Instant::now();
    let listed = list_all(port, token)?;
    let new_ids: HashSet<&str> = tally.acks.iter().map(|a| a.id.as_str()).collect();
    let to_download: Vec<String> = listed
        .iter()
        .filter(|id| new_ids.contains(id.as_str()))
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let stored = stored_digests(port, token, &to_download, concurrency);
    let sent: Vec<[u8; 32]> = reports.iter().map(|r| r.sha256).collect();
    let verdict = Verdict::reconcile(&sent, &tally.acks, earlier, &listed, &stored);
    eprintln!(
        "load: [{name}] listed {} stored reports and downloaded {} in {:.1} s",
        listed.len(),
        to_download.len(),
        secs(started)
    );
    // Whatever is stored now is the next phase's "earlier": it must survive what comes next.
    earlier.extend(listed);
    let headline = format!(
        "{throughput:.1} reports/s, p50 {}, p99 {}, {} retries",
        ms(percentile(&tally.latencies, 50.0)),
        ms(percentile(&tally.latencies, 99.0)),
        tally.retries
    );
    Ok(PhaseResult { name: name.to_owned(), verdict, summary, headline })
}

fn secs(since: Instant) -> f64 {
    since.elapsed().as_secs_f64()
}

fn print_result(result: &PhaseResult) {
    println!("\n== {} ==\n  {}", result.name, result.summary);
    println!("  reconciliation: {}", if result.verdict.ok() { "OK" } else { "FAILED" });
    for line in result.verdict.lines() {
        println!("    {line}");
    }
}

/// `cargo xtask load [--reports N] [--concurrency M]`.
pub fn run(args: &[String]) -> Result<(), Error> {
    let options = parse_options(args)?;
    tools::ensure_build_tools()?;
    let root = root();
    let [port, demo_port, inspector] = stack::free_ports(&[])?;
    let built =
        build::build(&root.join(crate::DEFAULT_POLICY), &[stack::local_origin(demo_port)?], build::Faults::Never)?;
    let run_dir = root.join("target/sealdrop/load-run");
    if run_dir.exists() {
        std::fs::remove_dir_all(&run_dir)?;
    }
    let dirs =
        StackDirs { persist: run_dir.join("state"), tmp: run_dir.join("tmp"), log: Some(run_dir.join("wrangler.log")) };
    let mut random = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut random);
    let token = format!("load-token-{}", hex::encode(random));
    let tag = hex::encode(&random[..4]);
    let vars: Vars = vec![
        ("STAFF_TOKEN_SHA256", stack::token_hash(&token)),
        // Every reporter has an address of its own; this keeps the quota out of the way anyway.
        ("REPORT_LIMIT_PER_CLIENT", "1000000".to_owned()),
    ];

    let policy = &built.policy.public;
    let keys = policy.recipient_keys().map_err(|e| Error::Load(format!("the policy's keys: {e}")))?;
    let kill_count = (options.reports / 4).max(1);
    let started = Instant::now();
    let steady = encrypt_reports(policy, &keys, (1, "steady"), options.reports, &tag)?;
    let killed = encrypt_reports(policy, &keys, (2, "kill"), kill_count, &tag)?;
    let bytes: usize = steady.iter().chain(&killed).map(|r| r.body.len()).sum();
    eprintln!(
        "load: encrypted {} reports to {} keys in {:.1} s ({} threads, {:.1} KiB each on average)",
        steady.len() + killed.len(),
        keys.len(),
        secs(started),
        std::thread::available_parallelism().map_or(1, usize::from),
        bytes as f64 / 1024.0 / (steady.len() + killed.len()) as f64,
    );

    let mut current: Option<Stack> =
        Some(stack::start(&built, Ports { worker: port, demo: demo_port, inspector }, &vars, &dirs)?);
    let mut earlier = HashSet::new();
    let mut results = Vec::new();
    let result = (|| -> Result<(), Error> {
        results.push(run_phase("phase 1: steady", port, &token, &steady, options.concurrency, &mut earlier, None)?);
        print_result(&results[0]);

        let mut restart_note = String::new();
        let mut kill_and_restart = || -> Result<(), Error> {
            let killed_at = Instant::now();
            if let Some(old) = current.take() {
                stack::kill_group(old.child.id(), "KILL");
                drop(old);
            }
            eprintln!("load: [phase 2] stack killed (SIGKILL to its process group); restarting on the same state");
            // The first demo page server still holds its port (it does not matter here), and the
            // restarted wrangler keeps its own log.
            let [demo, inspector] = stack::free_ports(&[port])?;
            let restart_dirs = StackDirs { log: Some(run_dir.join("wrangler-restarted.log")), ..dirs.clone() };
            current = Some(stack::start(&built, Ports { worker: port, demo, inspector }, &vars, &restart_dirs)?);
            restart_note = format!("restarted and ready {:.1} s after the kill", secs(killed_at));
            Ok(())
        };
        let half = job_order(killed.len()).len() / 2;
        let mut phase = run_phase(
            &format!(
                "phase 2: SIGKILL after {half} acknowledged answers, restart on the same state ({} reports: a quarter of --reports)",
                killed.len()
            ),
            port,
            &token,
            &killed,
            options.concurrency,
            &mut earlier,
            Some((half, &mut kill_and_restart)),
        )?;
        if restart_note.is_empty() {
            restart_note = "never killed: the phase ended first".to_owned();
        }
        phase.summary.push_str(&format!("\n  stack {restart_note}"));
        results.push(phase);
        if let Some(phase) = results.get(1) {
            print_result(phase);
        }
        Ok(())
    })();
    drop(current);
    result?;
    let failed: Vec<&str> = results.iter().filter(|r| !r.verdict.ok()).map(|r| r.name.as_str()).collect();
    eprintln!("load: wrangler's logs: {}", run_dir.display());
    println!("\n== summary ==");
    for r in &results {
        println!("  {}: {}; reconciliation {}", r.name, r.headline, if r.verdict.ok() { "OK" } else { "FAILED" });
    }
    if failed.is_empty() {
        println!("\nload: every phase reconciles.");
        Ok(())
    } else {
        Err(Error::Load(format!("reconciliation failed: {}", failed.join("; "))))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    #[test]
    fn options() {
        let args = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(parse_options(&[]).expect("defaults"), LoadOptions { reports: 10_000, concurrency: 64 });
        assert_eq!(
            parse_options(&args("--reports 50 --concurrency 8")).expect("options"),
            LoadOptions { reports: 50, concurrency: 8 }
        );
        for bad in ["--reports", "--reports 0", "--concurrency x", "--kill", "--reports -1"] {
            assert!(matches!(parse_options(&args(bad)), Err(Error::Usage(_))), "{bad}");
        }
    }

    #[test]
    fn percentiles_by_nearest_rank() {
        let d = |n: u64| Duration::from_millis(n);
        let values: Vec<Duration> = (1..=100).map(d).collect();
        assert_eq!(percentile(&values, 50.0), Some(d(50)));
        assert_eq!(percentile(&values, 99.0), Some(d(99)));
        assert_eq!(percentile(&values, 100.0), Some(d(100)));
        assert_eq!(percentile(&values, 0.0), Some(d(1)));
        assert_eq!(percentile(&[d(7)], 99.0), Some(d(7)));
        assert_eq!(percentile(&[d(1), d(2)], 50.0), Some(d(1)));
        assert_eq!(percentile(&[d(1), d(2), d(3)], 50.0), Some(d(2)));
        assert_eq!(percentile(&[], 50.0), None);
        assert_eq!(ms(Some(Duration::from_micros(12_345))), "12.3 ms");
    }

    #[test]
    fn backoff_doubles_and_honours_retry_after() {
        assert_eq!(backoff(1, None), Duration::from_millis(50));
        assert_eq!(backoff(2, None), Duration::from_millis(100));
        assert_eq!(backoff(30, None), Duration::from_secs(2));
        assert_eq!(backoff(1, Some(Duration::from_secs(5))), Duration::from_secs(5));
        assert_eq!(backoff(1, Some(Duration::from_secs(3600))), Duration::from_secs(60));
    }

    #[test]
    fn every_reporter_is_a_client_of_its_own() {
        let ips: HashSet<String> =
            (0..70_000).map(|i| reporter_ip(1, i)).chain((0..10).map(|i| reporter_ip(2, i))).collect();
        assert_eq!(ips.len(), 70_010);
        assert_eq!(reporter_ip(1, 0), "2001:db8:100:0::1");
        assert_eq!(reporter_ip(2, 65_537), "2001:db8:201:1::1");
        // The worker counts IPv6 clients by /64: the first four groups differ.
        let prefixes: HashSet<String> = ips
            .iter()
            .map(|ip| {
                ip.parse::<std::net::Ipv6Addr>().expect("an IPv6 address").segments()[..4]
                    .iter()
                    .map(|s| format!("{s:x}"))
                    .collect()
            })
            .collect();
        assert_eq!(prefixes.len(), ips.len());
    }

    #[test]
    fn about_one_report_in_a_hundred_is_sent_twice() {
        let jobs = job_order(1000);
        assert_eq!(jobs.len(), 1010);
        let distinct: HashSet<usize> = jobs.iter().copied().collect();
        assert_eq!(distinct.len(), 1000);
        assert_eq!(&jobs[..3], &[0, 0, 1], "the first duplicate races its original");
        assert_eq!(jobs.last(), Some(&900), "a later one replays");
        assert_eq!(job_order(1), vec![0, 0]);
    }

    fn response(raw: &str) -> http::Response {
        match http::parse(raw.as_bytes(), true).expect("parses") {
            http::Parsed::Done(r) => r,
            http::Parsed::Incomplete => panic!("incomplete: {raw}"),
        }
    }

    #[test]
    fn http_responses_parse_with_length_chunks_or_until_close() {
        let raw = "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\ncontent-length: 5\r\nIdempotent-Replayed: true\r\n\r\nhello";
        // Byte by byte: incomplete until the last byte of the body.
        for cut in 0..raw.len() {
            assert_eq!(http::parse(&raw.as_bytes()[..cut], false).expect("parses"), http::Parsed::Incomplete, "{cut}");
            assert!(http::parse(&raw.as_bytes()[..cut], true).is_err(), "{cut}");
        }
        let r = response(raw);
        assert_eq!((r.status, r.body.as_slice()), (201, b"hello".as_slice()));
        assert_eq!(r.header("content-type"), Some("application/json"));
        assert_eq!(r.header("Idempotent-Replayed"), Some("true"));

        let chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nWiki\r\n6\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\nX-Trailer: 1\r\n\r\n";
        assert_eq!(response(chunked).body, b"Wikipedia in \r\n\r\nchunks.");
        for cut in 0..chunked.len() {
            assert_eq!(
                http::parse(&chunked.as_bytes()[..cut], false).expect("parses"),
                http::Parsed::Incomplete,
                "{cut}"
            );
        }
        assert!(http::parse(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n", false).is_err());

        assert_eq!(response("HTTP/1.0 200 OK\r\nServer: x\r\n\r\nuntil close").body, b"until close");
        assert_eq!(
            http::parse(b"HTTP/1.0 200 OK\r\n\r\nmore may come", false).expect("parses"),
            http::Parsed::Incomplete
        );
        let after_continue = response("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nX: y\r\n\r\n");
        assert_eq!((after_continue.status, after_continue.header("x")), (204, Some("y")));
        assert!(http::parse(b"SSH-2.0-OpenSSH\r\n\r\n", true).is_err());
        assert!(http::parse(b"HTTP/1.1 abc\r\n\r\n", true).is_err());

        let error = r#"{"error":{"code":"storage_unavailable","message":"try again later"}}"#;
        let busy = response(&format!(
            "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nContent-Length: {}\r\n\r\n{error}",
            error.len()
        ));
        assert_eq!(busy.retry_after(), Some(Duration::from_secs(5)));
        assert_eq!(busy.error_code().as_deref(), Some("storage_unavailable"));
    }

    #[test]
    fn requests_carry_host_length_and_close() {
        let bytes = http::encode(8787, "POST", "/api/v1/reports", &[("Idempotency-Key", "k")], b"body");
        assert_eq!(
            String::from_utf8(bytes).expect("ASCII"),
            "POST /api/v1/reports HTTP/1.1\r\nHost: 127.0.0.1:8787\r\nConnection: close\r\nIdempotency-Key: k\r\nContent-Length: 4\r\n\r\nbody"
        );
        let get = String::from_utf8(http::encode(1, "GET", "/x", &[], b"")).expect("ASCII");
        assert!(!get.contains("Content-Length"), "{get}");
    }

    #[test]
    fn answers_are_classified() {
        let ok = |raw: &str| classify(&Ok(response(raw)));
        let answer = r#"{"id":"01KAY8R5S7X0V3M2QJ4N6T8W9A","received_at":"2026-11-23T10:00:00+00:00","respond_by":"2026-11-26T23:59:59+01:00"}"#;
        assert_eq!(
            ok(&format!("HTTP/1.1 201 Created\r\nContent-Length: {}\r\n\r\n{answer}", answer.len())),
            Next::Acknowledged { id: "01KAY8R5S7X0V3M2QJ4N6T8W9A".into(), replayed: false }
        );
        assert_eq!(
            ok(&format!(
                "HTTP/1.1 201 Created\r\nIdempotent-Replayed: true\r\nContent-Length: {}\r\n\r\n{answer}",
                answer.len()
            )),
            Next::Acknowledged { id: "01KAY8R5S7X0V3M2QJ4N6T8W9A".into(), replayed: true }
        );
        assert!(matches!(ok("HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}"), Next::Fail(_)));
        assert_eq!(
            ok("HTTP/1.1 429 Too Many\r\nRetry-After: 7\r\nContent-Length: 0\r\n\r\n"),
            Next::Retry { why: Why::RateLimited, after: Some(Duration::from_secs(7)) }
        );
        assert_eq!(
            ok("HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n"),
            Next::Retry { why: Why::Unavailable, after: None }
        );
        assert_eq!(
            ok("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n"),
            Next::Retry { why: Why::ServerError, after: None }
        );
        let expired = r#"{"error":{"code":"pow_expired","message":"get a new one"}}"#;
        assert_eq!(
            ok(&format!("HTTP/1.1 403 Forbidden\r\nContent-Length: {}\r\n\r\n{expired}", expired.len())),
            Next::NewChallenge
        );
        let reused = r#"{"error":{"code":"idempotency_key_reused","message":"no"}}"#;
        assert!(matches!(
            ok(&format!("HTTP/1.1 422 Unprocessable\r\nContent-Length: {}\r\n\r\n{reused}", reused.len())),
            Next::Fail(_)
        ));
        assert_eq!(
            classify(&Err(std::io::Error::from(std::io::ErrorKind::ConnectionRefused))),
            Next::Retry { why: Why::Connection, after: None }
        );
    }

    #[test]
    fn the_load_reports_validate_and_encrypt_to_every_key_of_the_default_policy() {
        let policy = build::load_policy(&root().join(crate::DEFAULT_POLICY)).expect("the default policy").public;
        let keys = policy.recipient_keys().expect("keys");
        assert!(keys.len() >= 2, "the default policy lists a staff key");
        let reports = encrypt_reports(&policy, &keys, (1, "steady"), 3, "t").expect("encrypted");
        assert_eq!(reports.len(), 3);
        let distinct: HashSet<[u8; 32]> = reports.iter().map(|r| r.sha256).collect();
        assert_eq!(distinct.len(), 3);
        for (i, report) in reports.iter().enumerate() {
            assert_eq!(report.key, format!("load-t-steady-{i}"));
            assert_eq!(report.ip, reporter_ip(1, i));
            assert_eq!(report.sha256, <[u8; 32]>::from(Sha256::digest(&report.body)));
            // What the worker checks: an encrypted message to the organisation key and the staff keys.
            sealdrop_shared::envelope::inspect_for(&keys, &keys[..1], &report.body).expect("what the worker accepts");
        }
    }

    fn digest(bytes: &[u8]) -> [u8; 32] {
        Sha256::digest(bytes).into()
    }

    fn ack(index: usize, id: &str) -> Ack {
        Ack { index, id: id.to_owned() }
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn reconciliation_finds_every_kind_of_discrepancy() {
        let sent = [digest(b"a"), digest(b"b"), digest(b"c")];
        let stored = |pairs: &[(&str, &[u8])]| -> HashMap<String, Result<[u8; 32], String>> {
            pairs.iter().map(|(id, bytes)| ((*id).to_owned(), Ok(digest(bytes)))).collect()
        };
        let none = HashSet::new();
        let all = stored(&[("A", b"a"), ("B", b"b"), ("C", b"c")]);

        // Everything fine, a duplicate answered with the same id.
        let acks = [ack(0, "A"), ack(1, "B"), ack(1, "B"), ack(2, "C")];
        let good = Verdict::reconcile(&sent, &acks, &none, &ids(&["C", "B", "A"]), &all);
        assert!(good.ok(), "{good:?}");
        assert_eq!((good.acknowledged, good.answers, good.listed, good.identical), (3, 4, 3, 3));

        // A retry given a second id, which was stored too.
        let split = Verdict::reconcile(
            &sent,
            &[ack(0, "A"), ack(1, "B"), ack(1, "B2"), ack(2, "C")],
            &none,
            &ids(&["C", "B2", "B", "A"]),
            &stored(&[("A", b"a"), ("B", b"b"), ("B2", b"b"), ("C", b"c")]),
        );
        assert!(!split.ok());
        assert_eq!(split.split_keys, [1]);
        assert_eq!((split.listed, split.acknowledged), (4, 3));

        // Two reports given one id: one of them is not stored.
        let shared =
            Verdict::reconcile(&sent, &[ack(0, "A"), ack(1, "A"), ack(2, "C")], &none, &ids(&["C", "A"]), &all);
        assert_eq!(shared.shared_ids, ["A"]);
        assert_eq!(shared.mismatched, ["A"], "one id cannot hold both reports' bytes");
        assert!(!shared.ok());

        // Acknowledged but lost; stored but never acknowledged; listed twice; bytes changed.
        let lost = Verdict::reconcile(&sent, &acks, &none, &ids(&["X", "C", "A", "A"]), &all);
        assert_eq!(lost.missing, ["B"]);
        assert_eq!(lost.stored_unacknowledged, ["X"]);
        assert_eq!(lost.listed_twice, ["A"]);
        assert!(!lost.ok());
        let changed = Verdict::reconcile(
            &sent,
            &acks,
            &none,
            &ids(&["C", "B", "A"]),
            &stored(&[("A", b"a"), ("B", b"B"), ("C", b"c")]),
        );
        assert_eq!(changed.mismatched, ["B"]);
        assert_eq!(changed.identical, 2);
        assert!(!changed.ok());
        let mut unreadable = all.clone();
        unreadable.insert("B".into(), Err("500".into()));
        unreadable.remove("C");
        let unread = Verdict::reconcile(&sent, &acks, &none, &ids(&["C", "B", "A"]), &unreadable);
        assert_eq!(
            unread.unreadable,
            [("B".to_owned(), "500".to_owned()), ("C".to_owned(), "not downloaded".to_owned())]
        );
        assert!(!unread.ok());

        // A report never acknowledged.
        let gave_up = Verdict::reconcile(&sent, &acks[..2], &none, &ids(&["B", "A"]), &all);
        assert_eq!(gave_up.unacknowledged, [2]);
        assert!(!gave_up.ok());

        // Earlier phases: their reports must all still be listed and are not this phase's.
        let earlier: HashSet<String> = ["E1", "E2"].iter().map(|s| (*s).to_owned()).collect();
        let later = Verdict::reconcile(&sent, &acks, &earlier, &ids(&["C", "B", "A", "E2", "E1"]), &all);
        assert!(later.ok(), "{later:?}");
        assert_eq!((later.listed, later.earlier, later.earlier_missing), (3, 2, 0));
        let forgot = Verdict::reconcile(&sent, &acks, &earlier, &ids(&["C", "B", "A", "E2"]), &all);
        assert_eq!(forgot.earlier_missing, 1);
        assert!(!forgot.ok());
        let reused = Verdict::reconcile(
            &sent,
            &[ack(0, "E1"), ack(1, "B"), ack(2, "C")],
            &earlier,
            &ids(&["C", "B", "E2", "E1"]),
            &stored(&[("E1", b"a"), ("B", b"b"), ("C", b"c")]),
        );
        assert_eq!(reused.shared_ids, ["E1"]);
        assert!(!reused.ok());
        assert!(reused.lines().iter().any(|l| l.starts_with("FAIL one id, one key")), "{:?}", reused.lines());
        assert!(good.lines().iter().all(|l| l.starts_with("ok")), "{:?}", good.lines());
    }

    /// A stand-in for the worker: challenges, idempotent submissions (the next `flaky` answers
    /// are `503`, and every 7th new report is stored but its answer lost as a `500`; a replay is
    /// marked `Idempotent-Replayed`), the paged staff listing and downloads.
    struct Fake {
        key: Vec<u8>,
        by_key: Mutex<HashMap<String, String>>,
        stored: Mutex<BTreeMap<String, Vec<u8>>>,
        flaky: AtomicUsize,
        counter: AtomicUsize,
    }

    fn serve_fake(fake: Arc<Fake>) -> u16 {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("a port");
        let port = server.server_addr().to_ip().expect("an IP address").port();
        std::thread::spawn(move || {
            for mut request in server.incoming_requests() {
                let (status, body) = fake_answer(&fake, &mut request);
                let mut response = tiny_http::Response::from_data(body).with_status_code(status);
                if status == 299 {
                    // A replayed answer (the worker marks it with a header).
                    response = response.with_status_code(201);
                    if let Ok(h) = tiny_http::Header::from_bytes("Idempotent-Replayed", "true") {
                        response.add_header(h);
                    }
                }
                let _ = request.respond(response);
            }
        });
        port
    }

    fn fake_answer(fake: &Fake, request: &mut tiny_http::Request) -> (u16, Vec<u8>) {
        let headers: Vec<(String, String)> =
            request.headers().iter().map(|h| (h.field.to_string(), h.value.to_string())).collect();
        let header = |name: &str| headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone());
        let url = request.url().to_owned();
        let (path, query) = url.split_once('?').unwrap_or((&url, ""));
        let staff = header("Authorization").as_deref() == Some("Bearer token");
        match (request.method().as_str(), path) {
            ("GET", "/api/v1/challenge") => {
                let n = fake.counter.fetch_add(1, Ordering::Relaxed) as u8;
                let challenge = Challenge::new(&fake.key, 20, [n; 20], u64::MAX / 2);
                (200, serde_json::to_vec(&challenge).expect("json"))
            }
            ("POST", "/api/v1/reports") => {
                let mut body = Vec::new();
                request.as_reader().read_to_end(&mut body).expect("a body");
                let pow = sealdrop_shared::pow::Solution::from_header(&header(POW_HEADER).unwrap_or_default());
                if pow.map(|s| s.verify(&fake.key, 0).is_err()).unwrap_or(true)
                    || header("Content-Type").as_deref() != Some(PGP_MEDIA_TYPE)
                    || header("CF-Connecting-IP").is_none()
                {
                    return (400, b"bad request".to_vec());
                }
                if fake.flaky.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1)).is_ok() {
                    return (503, br#"{"error":{"code":"storage_unavailable","message":"later"}}"#.to_vec());
                }
                let key = header(IDEMPOTENCY_HEADER).unwrap_or_default();
                let mut by_key = lock(&fake.by_key);
                let (id, lost, replayed) = match by_key.get(&key) {
                    Some(id) => (id.clone(), false, true),
                    None => {
                        let n = fake.counter.fetch_add(1, Ordering::Relaxed);
                        let id = sealdrop_shared::id::CaseId::new(1_700_000_000_000 + n as u64, [0; 10]).to_string();
                        by_key.insert(key, id.clone());
                        lock(&fake.stored).insert(id.clone(), body);
                        (id, n.is_multiple_of(7), false)
                    }
                };
                if lost {
                    return (500, b"answer lost".to_vec());
                }
                let answer = format!(
                    r#"{{"id":"{id}","received_at":"2026-11-23T10:00:00+00:00","respond_by":"2026-11-26T23:59:59+01:00"}}"#
                );
                (if replayed { 299 } else { 201 }, answer.into_bytes())
            }
            ("GET", "/api/v1/staff/reports") if staff => {
                let param = |name: &str| {
                    query
                        .split('&')
                        .find_map(|p| p.strip_prefix(name).and_then(|v| v.strip_prefix('=')))
                        .map(str::to_owned)
                };
                let limit: usize = param("limit").and_then(|l| l.parse().ok()).unwrap_or(100).min(PAGE);
                let before = param("before");
                let stored = lock(&fake.stored);
                let rows: Vec<serde_json::Value> = stored
                    .iter()
                    .rev()
                    .filter(|(id, _)| before.as_ref().is_none_or(|b| id.as_str() < b.as_str()))
                    .take(limit)
                    .map(|(id, body)| {
                        serde_json::json!({
                            "id": id, "received_at": "2026-11-23T10:00:00+00:00",
                            "respond_by": "2026-11-26T23:59:59+01:00", "size": body.len(), "status": "received",
                            "notification": "sent", "notify_attempts": 1,
                        })
                    })
                    .collect();
                (200, serde_json::to_vec(&serde_json::json!({ "reports": rows })).expect("json"))
            }
            ("GET", p) if staff && p.starts_with("/api/v1/staff/reports/") => {
                let id = p.trim_start_matches("/api/v1/staff/reports/");
                match lock(&fake.stored).get(id) {
                    Some(body) => (200, body.clone()),
                    None => (404, b"not found".to_vec()),
                }
            }
            _ => (401, b"no".to_vec()),
        }
    }

    /// Both phases' machinery end to end against the stand-in: retries on `503` and lost answers,
    /// duplicates, the kill hook, paging past one page, and the reconciliation.
    #[test]
    fn phases_reconcile_against_a_stand_in_worker() {
        let fake = Arc::new(Fake {
            key: b"fake key".to_vec(),
            by_key: Mutex::default(),
            stored: Mutex::default(),
            flaky: AtomicUsize::new(5),
            counter: AtomicUsize::new(0),
        });
        let port = serve_fake(Arc::clone(&fake));
        let make = |phase: u8, n: usize| -> Vec<Report> {
            (0..n)
                .map(|i| {
                    Report::new(
                        format!("k{phase}-{i}"),
                        reporter_ip(phase, i),
                        format!("body {phase} {i}").into_bytes(),
                    )
                })
                .collect()
        };
        let mut earlier = HashSet::new();
        let first = make(1, PAGE + 101);
        let steady = run_phase("steady", port, "token", &first, 8, &mut earlier, None).expect("phase 1");
        assert!(steady.verdict.ok(), "{:#?}", steady.verdict.lines());
        assert_eq!(steady.verdict.listed, PAGE + 101);
        assert_eq!(earlier.len(), PAGE + 101);

        let second = make(2, 200);
        let mut hooked = 0;
        let mut hook = || -> Result<(), Error> {
            hooked += 1;
            fake.flaky.store(30, Ordering::Relaxed);
            Ok(())
        };
        let killed =
            run_phase("kill", port, "token", &second, 8, &mut earlier, Some((100, &mut hook))).expect("phase 2");
        assert_eq!(hooked, 1);
        assert!(killed.verdict.ok(), "{:#?}", killed.verdict.lines());
        assert_eq!((killed.verdict.earlier, killed.verdict.listed), (PAGE + 101, 200));
        assert!(killed.summary.contains("503 30"), "{}", killed.summary);
        assert!(!steady.summary.contains("replayed answers 0"), "lost answers are replayed: {}", steady.summary);

        // A stored report that changed behind the reporters' backs is caught.
        let changed_id = lock(&fake.by_key).get("k2-3").cloned().expect("acknowledged");
        lock(&fake.stored).insert(changed_id.clone(), b"tampered".to_vec());
        let listed = list_all(port, "token").expect("listed");
        assert_eq!(listed.len(), PAGE + 301);
        let digests = stored_digests(port, "token", std::slice::from_ref(&changed_id), 2);
        assert_ne!(digests.get(&changed_id).cloned().expect("downloaded").expect("readable"), second[3].sha256);

        // A failing kill hook stops the phase with its error.
        let mut failing = || -> Result<(), Error> { Err(Error::Load("cannot restart".into())) };
        let third = make(3, 20);
        let err = run_phase("broken", port, "token", &third, 4, &mut earlier, Some((5, &mut failing)))
            .expect_err("the hook fails");
        assert!(err.to_string().contains("cannot restart"), "{err}");
    }
}

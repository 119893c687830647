//! The local stack: wrangler dev (workerd with local D1 and R2) on one origin, the demo host page
//! on another. Used by `cargo xtask dev` and, on free ports with fresh state, by `cargo xtask test`.

use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, Once};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use sealdrop_shared::address::{InvalidAddress, Origin};
use sealdrop_shared::api::{Call, endpoint};

use crate::build::{self, Built};
use crate::{DEFAULT_DEV_TOKEN, Error, Options, cmd, demo, root, tools};

/// A running wrangler dev, killed (with its whole process group) on drop.
#[derive(Debug)]
pub struct Stack {
    pub(crate) child: Child,
    /// `http://127.0.0.1:port` of the worker.
    pub worker_origin: String,
    /// `http://127.0.0.1:port` of the demo page.
    pub demo_origin: String,
}

/// Process groups of running stacks, stopped by the Ctrl-C / SIGTERM handler so that interrupting
/// `cargo xtask dev` or `cargo xtask test` never leaves workerd running.
static GROUPS: Mutex<Vec<u32>> = Mutex::new(Vec::new());

pub(crate) fn kill_group(pgid: u32, signal: &str) {
    // procps `kill` reads `-PGID` as a signal name unless it comes after `--`.
    let _ = Command::new("kill").args(["-s", signal, "--"]).arg(format!("-{pgid}")).stderr(Stdio::null()).status();
}

fn install_interrupt_handler() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let installed = ctrlc::set_handler(|| {
            if let Ok(groups) = GROUPS.lock() {
                for &pgid in groups.iter() {
                    kill_group(pgid, "TERM");
                }
            }
            eprintln!("\nxtask: interrupted; local stack stopped.");
            std::process::exit(130);
        });
        if let Err(e) = installed {
            eprintln!("xtask: warning: cannot handle Ctrl-C ({e}); stop wrangler yourself if it outlives xtask");
        }
    });
}

impl Drop for Stack {
    fn drop(&mut self) {
        let pgid = self.child.id();
        if let Ok(mut groups) = GROUPS.lock() {
            groups.retain(|&g| g != pgid);
        }
        kill_group(pgid, "TERM");
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        kill_group(pgid, "KILL");
        let _ = self.child.wait();
    }
}

/// Where a stack keeps its state.
#[derive(Debug, Clone)]
pub(crate) struct StackDirs {
    /// `--persist-to` for D1 and R2.
    pub(crate) persist: PathBuf,
    /// `TMPDIR` of wrangler: `send_email` writes `.eml` files below it.
    pub(crate) tmp: PathBuf,
    /// wrangler's output, when not inherited.
    pub(crate) log: Option<PathBuf>,
}

pub(crate) fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn wrangler(dirs: &StackDirs) -> Command {
    let mut c = Command::new(tools::npm_bin("wrangler"));
    c.current_dir(root())
        .env("WRANGLER_SEND_METRICS", "false")
        .env("CLOUDFLARE_CF_FETCH_ENABLED", "false")
        .env("CI", "true")
        .env("TMPDIR", &dirs.tmp);
    c
}

/// Secrets and variables handed to `wrangler dev` as `--var NAME:VALUE` (local only).
pub(crate) type Vars = Vec<(&'static str, String)>;

/// The ports a stack listens on.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ports {
    /// wrangler dev (the worker).
    pub(crate) worker: u16,
    /// The demo host page.
    pub(crate) demo: u16,
    /// wrangler's inspector.
    pub(crate) inspector: u16,
}

pub(crate) fn start(built: &Built, ports: Ports, vars: &Vars, dirs: &StackDirs) -> Result<Stack, Error> {
    let Ports { worker: port, demo: demo_port, inspector } = ports;
    std::fs::create_dir_all(&dirs.persist)?;
    std::fs::create_dir_all(&dirs.tmp)?;
    let persist = dirs.persist.display().to_string();
    cmd::run(wrangler(dirs).args(["d1", "migrations", "apply", "DB", "--local", "--persist-to", &persist]))?;

    let mut dev = wrangler(dirs);
    dev.args(["dev", "--ip", "127.0.0.1", "--port", &port.to_string(), "--inspector-port", &inspector.to_string()])
        .args([
            "--persist-to",
            &persist,
            "--test-scheduled",
            "--show-interactive-dev-session=false",
            "--live-reload=false",
        ])
        .stdin(Stdio::null())
        .process_group(0);
    for (name, value) in vars {
        dev.arg("--var").arg(format!("{name}:{value}"));
    }
    if let Some(log) = &dirs.log {
        let file = std::fs::File::create(log)?;
        dev.stdout(file.try_clone()?).stderr(file);
    }
    eprintln!("xtask: $ {}", cmd::describe(&dev));
    install_interrupt_handler();
    let child = dev.spawn().map_err(|e| Error::Stack(format!("cannot start wrangler: {e}")))?;
    if let Ok(mut groups) = GROUPS.lock() {
        groups.push(child.id());
    }
    let worker_origin = format!("http://127.0.0.1:{port}");
    let demo_origin = format!("http://127.0.0.1:{demo_port}");
    let stack = Stack { child, worker_origin, demo_origin };
    let worker: Origin = stack.worker_origin.parse().map_err(|e| Error::Stack(format!("worker origin: {e}")))?;
    let demo: Origin = stack.demo_origin.parse().map_err(|e| Error::Stack(format!("demo origin: {e}")))?;
    let page = demo::Page {
        worker_origin: stack.worker_origin.clone(),
        fingerprint: built.policy.public.pins(),
        pinned_snippet: built.embed.snippet(&worker),
        frame_snippet: built.embed.frame_snippet(&worker, &built.policy.public.fingerprints(), &demo),
    };
    demo::serve(root().join("www"), demo_port, page)?;
    wait_ready(port, Duration::from_secs(90), dirs.log.as_deref())?;
    Ok(stack)
}

/// Polls `GET /api/v1/policy` until it answers 200.
fn wait_ready(port: u16, timeout: Duration, log: Option<&Path>) -> Result<(), Error> {
    let started = Instant::now();
    while started.elapsed() < timeout {
        if http_get_status(port, &endpoint::Policy {}.path()) == Some(200) {
            eprintln!("xtask: worker ready after {:.1} s", started.elapsed().as_secs_f64());
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    let tail = log
        .and_then(|l| std::fs::read_to_string(l).ok())
        .map(|s| s.chars().rev().take(4000).collect::<String>().chars().rev().collect::<String>());
    Err(Error::Stack(format!(
        "wrangler dev did not answer on port {port} within {} s\n{}",
        timeout.as_secs(),
        tail.unwrap_or_default()
    )))
}

fn http_get_status(port: u16, path: &str) -> Option<u16> {
    let mut stream = TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_secs(2)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n").ok()?;
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).ok()?;
    std::str::from_utf8(&head[9..12]).ok()?.parse().ok()
}

/// `N` distinct free ports: all are held open together while they are picked, so the system
/// cannot hand the same port out twice, and none is one of `avoid`.
pub(crate) fn free_ports<const N: usize>(avoid: &[u16]) -> Result<[u16; N], Error> {
    let mut held = Vec::with_capacity(N);
    while held.len() < N {
        let listener = TcpListener::bind(("127.0.0.1", 0))?;
        let port = listener.local_addr()?.port();
        if !avoid.contains(&port) {
            held.push((listener, port));
        } else {
            drop(listener);
        }
    }
    let mut ports = [0u16; N];
    for (slot, (_, port)) in ports.iter_mut().zip(&held) {
        *slot = *port;
    }
    Ok(ports)
}

fn staff_token() -> String {
    std::env::var("SEALDROP_STAFF_TOKEN").ok().filter(|t| !t.is_empty()).unwrap_or_else(|| DEFAULT_DEV_TOKEN.to_owned())
}

/// The origin of a server on loopback.
pub(crate) fn local_origin(port: u16) -> Result<Origin, Error> {
    format!("http://127.0.0.1:{port}").parse().map_err(|e: InvalidAddress| Error::Stack(e.to_string()))
}

/// `cargo xtask dev`.
pub fn dev(options: &Options) -> Result<(), Error> {
    tools::ensure_build_tools()?;
    let built = build::build(&options.policy, &[local_origin(options.demo_port)?], build::Faults::Never)?;
    let state = root().join(".wrangler/state");
    let dirs = StackDirs { persist: state.clone(), tmp: root().join("target/sealdrop/dev-tmp"), log: None };
    let token = staff_token();
    let mut vars: Vars = vec![("STAFF_TOKEN_SHA256", token_hash(&token))];
    // Optional chat webhook for local trials (in production these are Workers secrets).
    for (var, name) in [("SEALDROP_WEBHOOK_URL", "WEBHOOK_URL"), ("SEALDROP_WEBHOOK_SECRET", "WEBHOOK_SECRET")] {
        if let Ok(value) = std::env::var(var)
            && !value.is_empty()
        {
            vars.push((name, value));
        }
    }
    let [inspector] = free_ports(&[options.port, options.demo_port])?;
    let ports = Ports { worker: options.port, demo: options.demo_port, inspector };
    let stack = start(&built, ports, &vars, &dirs)?;
    let (token_note, bearer) = if token == DEFAULT_DEV_TOKEN {
        (format!("{token} (default; set SEALDROP_STAFF_TOKEN to change)"), token.clone())
    } else {
        ("from SEALDROP_STAFF_TOKEN".to_owned(), "$SEALDROP_STAFF_TOKEN".to_owned())
    };
    eprintln!(
        "\nSealdrop is running.\n  demo page (the organisation's site): {demo}/ (pinned embed: {demo}/pinned.html)\n  worker, API and widget:              {worker}/\n  policy:                              {worker}{policy}\n  staff token:                         {token_note}\n  list reports:  curl -H \"Authorization: Bearer {bearer}\" {worker}{list}\n  staff CLI:     SEALDROP_ENDPOINT={worker} SEALDROP_TOKEN={bearer} cargo run -q -p sealdrop-cli -- list\n  e-mails (.eml) written by send_email: {mail}\n  local D1/R2 state:                   {state}\nPress Ctrl-C to stop.",
        demo = stack.demo_origin,
        worker = stack.worker_origin,
        mail = dirs.tmp.display(),
        state = state.display(),
        policy = endpoint::Policy {}.path(),
        list = endpoint::StaffList {}.path(),
    );
    let mut stack = stack;
    let status = stack.child.wait()?;
    Err(Error::Stack(format!("wrangler dev exited ({status})")))
}

/// `cargo xtask test`: every test, once.
pub fn test() -> Result<(), Error> {
    let started = Instant::now();
    tools::ensure_test_tools()?;
    let root = root();
    cmd::run(Command::new("cargo").args(["fmt", "--all", "--check"]).current_dir(&root))?;
    // Lints, native and wasm32 (check builds; the test and release builds below are separate).
    cmd::run(
        Command::new("cargo")
            .args(["clippy", "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings"])
            .current_dir(&root),
    )?;
    cmd::run(
        Command::new("cargo")
            .args(["clippy", "--target", "wasm32-unknown-unknown", "-p", "sealdrop-widget", "-p", "sealdrop-worker"])
            .args(["-p", "sealdrop-shared", "--all-targets", "--quiet", "--", "-D", "warnings"])
            .current_dir(&root),
    )?;
    // Native: shared (policy, validation, deadlines, envelope + GnuPG interop), worker logic, CLI,
    // xtask; then the CLI binary the end-to-end tests drive (its dependencies are built by now).
    cmd::run(Command::new("cargo").args(["test", "--workspace", "--exclude", "sealdrop-widget"]).current_dir(&root))?;
    cmd::run(Command::new("cargo").args(["build", "--quiet", "-p", "sealdrop-cli"]).current_dir(&root))?;

    let [port, demo_port, webhook_port, inspector] = free_ports(&[])?;
    let built = build::build(&root.join(crate::DEFAULT_POLICY), &[local_origin(demo_port)?], build::Faults::ForTests)?;

    let run = root.join("target/sealdrop/test-run");
    if run.exists() {
        std::fs::remove_dir_all(&run)?;
    }
    let dirs = StackDirs { persist: run.join("state"), tmp: run.join("tmp"), log: Some(run.join("wrangler.log")) };
    let random = |label: &str| {
        format!("{label}-{}", hex::encode(&Sha256::digest(format!("{label}{:?}", Instant::now()).as_bytes())[..8]))
    };
    let token = random("test-token");
    // A second, named token: the audit log records which staff member acted.
    let alice_token = random("alice-token");
    let webhook_secret = random("webhook-secret");
    let vars: Vars = vec![
        ("STAFF_TOKEN_SHA256", token_hash(&token)),
        // Limits the tests can reach in a few hundred requests (see api.test.mjs and
        // followup.test.mjs); every other test stays well inside them.
        ("REPORT_LIMIT_PER_CLIENT", "100".to_owned()),
        // Lets the worker (built with its `faults` feature for this run only) inject the storage
        // faults `api.test.mjs` asks for with `X-Sealdrop-Fault`.
        ("SEALDROP_TEST_FAULTS", "1".to_owned()),
        ("FOLLOWUP_LIMIT_TOTAL", "300".to_owned()),
        ("STAFF_TOKENS", format!("alice:{}", token_hash(&alice_token))),
        ("WEBHOOK_URL", format!("http://127.0.0.1:{webhook_port}/hook")),
        ("WEBHOOK_SECRET", webhook_secret.clone()),
    ];
    let stack = start(&built, Ports { worker: port, demo: demo_port, inspector }, &vars, &dirs)?;
    // The endpoint table, for the tests that walk it (`tests/e2e/endpoints.test.mjs`).
    let endpoints_json = run.join("endpoints.json");
    let table: Vec<serde_json::Value> = sealdrop_shared::api::ENDPOINTS
        .iter()
        .map(|e| serde_json::json!({ "endpoint": e, "cors": e.cors() }))
        .collect();
    std::fs::write(&endpoints_json, serde_json::to_string_pretty(&table)?)?;
    // The report fields in form order, so test helpers build reports from the same table.
    let fields_json = run.join("fields.json");
    let fields: Vec<serde_json::Value> = sealdrop_shared::field::FIELDS
        .iter()
        .map(|f| serde_json::json!({ "name": f.name, "text": f.kind.holds_text() }))
        .collect();
    std::fs::write(&fields_json, serde_json::to_string_pretty(&fields)?)?;
    // Node applies `--test-timeout` to each file as well as to each test. Three files wait up to
    // two minutes for a fresh ten-minute quota window (`earlyInWindow` in `tests/e2e/lib.mjs`)
    // before their other tests run, so the limit is ten minutes: a hung test still fails the run.
    // `SEALDROP_E2E=uploads,widget` runs only those files (while working on them); the default
    // and CI run them all.
    let e2e = root.join("tests/e2e");
    let files: Vec<PathBuf> = match std::env::var("SEALDROP_E2E") {
        Ok(only) if !only.trim().is_empty() => {
            only.split(',').map(|name| e2e.join(format!("{}.test.mjs", name.trim()))).collect()
        }
        _ => vec![e2e],
    };
    let result = cmd::run(
        Command::new("node")
            .args(["--test", "--test-concurrency=1", "--test-timeout=600000", "--test-reporter=spec"])
            .args(&files)
            .env("SEALDROP_WORKER", &stack.worker_origin)
            .env("SEALDROP_DEMO", &stack.demo_origin)
            .env("SEALDROP_STAFF_TOKEN", &token)
            .env("SEALDROP_ALICE_TOKEN", &alice_token)
            .env("SEALDROP_WEBHOOK_PORT", webhook_port.to_string())
            .env("SEALDROP_WEBHOOK_SECRET", &webhook_secret)
            .env("SEALDROP_CLI", root.join("target/debug/sealdrop"))
            .env("SEALDROP_PERSIST_DIR", &dirs.persist)
            .env("SEALDROP_MAIL_DIR", &dirs.tmp)
            .env("SEALDROP_POLICY_JSON", &built.policy_json)
            .env("SEALDROP_EMBED_JSON", crate::build::out_dir().join("embed.json"))
            .env("SEALDROP_ENDPOINTS_JSON", &endpoints_json)
            .env("SEALDROP_FIELDS_JSON", &fields_json)
            .env("SEALDROP_RUN_DIR", &run)
            .env("SEALDROP_PYTHON", tools::python_bin())
            .env("SEALDROP_PAGES_DIR", root.join("target/sealdrop/test-pages"))
            .current_dir(&root),
    );
    drop(stack);
    if result.is_err() {
        eprintln!("xtask: wrangler's log: {}", run.join("wrangler.log").display());
    }
    result?;
    eprintln!("xtask: all tests passed in {:.0} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// `cargo xtask bench`: measured and printed, never asserted. For each kind of organisation key
/// (the default policy's x25519 keys, and the same policy with the RSA-3072 test key) a build and a
/// local stack, driven in headless Chromium by `tests/bench/bench.mjs` side by side with
/// OpenPGP.js; then the native benchmarks (`cargo bench -p sealdrop-shared`); then
/// `tests/bench/report.mjs` writes BENCHMARKS.md from all of it.
pub fn bench() -> Result<(), Error> {
    tools::ensure_test_tools()?;
    let root = root();
    let run = root.join("target/sealdrop/bench-run");
    if run.exists() {
        std::fs::remove_dir_all(&run)?;
    }
    std::fs::create_dir_all(&run)?;
    let rsa = rsa_policy(&root.join(crate::DEFAULT_POLICY), &run.join("rsa-3072"))?;
    let kinds = [("x25519", root.join(crate::DEFAULT_POLICY)), ("RSA-3072", rsa)];
    let mut outputs = Vec::new();
    for (i, (kind, policy)) in kinds.iter().enumerate() {
        let [port, demo_port, inspector] = free_ports(&[])?;
        let built = build::build(policy, &[local_origin(demo_port)?], build::Faults::Never)?;
        if i == 0 {
            build::print_sizes(&built)?;
        }
        let dir = run.join(kind);
        let dirs = StackDirs { persist: dir.join("state"), tmp: dir.join("tmp"), log: Some(dir.join("wrangler.log")) };
        // The bench sends a few dozen reports from loopback: above the default per-client quota.
        let vars: Vars =
            vec![("STAFF_TOKEN_SHA256", token_hash(&staff_token())), ("REPORT_LIMIT_PER_CLIENT", "1000".to_owned())];
        let stack = start(&built, Ports { worker: port, demo: demo_port, inspector }, &vars, &dirs)?;
        let out = dir.join("figures.json");
        let result = cmd::run(
            Command::new("node")
                .arg(root.join("tests/bench/bench.mjs"))
                .env("SEALDROP_WORKER", &stack.worker_origin)
                .env("SEALDROP_DEMO", &stack.demo_origin)
                .env("SEALDROP_POLICY_JSON", &built.policy_json)
                .env("SEALDROP_BENCH_KEY", kind)
                .env("SEALDROP_BENCH_OUT", &out)
                .env("SEALDROP_BENCH_PAGES", if i == 0 { "1" } else { "0" })
                .env("SEALDROP_BENCH_LOADER", build::out_dir().join("dist").join(&built.embed.loader))
                .env("SEALDROP_STACK_PGID", stack.child.id().to_string())
                .current_dir(&root),
        );
        drop(stack);
        result?;
        outputs.push(out);
    }
    eprintln!("xtask: $ cargo bench -q -p sealdrop-shared (output kept for BENCHMARKS.md)");
    let native = cmd::output(Command::new("cargo").args(["bench", "-q", "-p", "sealdrop-shared"]).current_dir(&root))
        .ok_or_else(|| Error::Tool("`cargo bench -p sealdrop-shared` failed".into()))?;
    let native_txt = run.join("native.txt");
    std::fs::write(&native_txt, native)?;
    cmd::run(
        Command::new("node")
            .arg(root.join("tests/bench/report.mjs"))
            .arg(root.join("BENCHMARKS.md"))
            .arg(&native_txt)
            .args(&outputs)
            .current_dir(&root),
    )?;
    eprintln!("xtask: figures written to {}", root.join("BENCHMARKS.md").display());
    Ok(())
}

/// The default policy with the RSA-3072 test key as the organisation's and no staff keys, written
/// into `dir`: the bench's second kind of key.
fn rsa_policy(default: &Path, dir: &Path) -> Result<PathBuf, Error> {
    let text =
        std::fs::read_to_string(default).map_err(|source| Error::Read { path: default.to_path_buf(), source })?;
    let mut policy: toml::Table =
        text.parse().map_err(|e| Error::Usage(format!("{}: not TOML: {e}", default.display())))?;
    let key = root().join("tests/fixtures/keys/rsa-org.pub.asc");
    let mut key_table = toml::Table::new();
    key_table.insert("public_key".into(), toml::Value::String(key.display().to_string()));
    policy.insert("key".into(), toml::Value::Table(key_table));
    policy.remove("staff");
    std::fs::create_dir_all(dir)?;
    let path = dir.join("policy.toml");
    std::fs::write(&path, toml::to_string(&policy).map_err(|e| Error::Usage(format!("cannot write TOML: {e}")))?)?;
    Ok(path)
}

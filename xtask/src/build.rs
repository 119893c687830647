//! Building the worker and the static assets for one policy.
//!
//! Output, all under `target/sealdrop/`:
//! - `policy.json` — the normalised policy the worker is compiled with (private parts included);
//! - `worker/` — the worker's wasm, wasm-bindgen glue and entry module (`wrangler.toml` `main`);
//! - `dist/` — Workers static assets: `sealdrop.js` (the loader), `widget/` (the iframe document
//!   and its hashed JS, wasm and CSS) and `_headers` (CSP and caching).

use sealdrop_shared::address::Origin;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::{Error, Options, cmd, root, tools};

/// Where build outputs go.
pub fn out_dir() -> PathBuf {
    root().join("target/sealdrop")
}

/// What a build produced.
#[derive(Debug, Clone)]
pub struct Built {
    /// The deployed policy.
    pub policy: sealdrop_shared::policy::DeployedPolicy,
    /// Path of the policy JSON.
    pub policy_json: PathBuf,
    /// The widget's optimised wasm.
    pub widget_wasm: PathBuf,
    /// The worker's wasm.
    pub worker_wasm: PathBuf,
}

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })
}

/// Reads and validates a policy file and the key beside it.
pub fn load_policy(path: &Path) -> Result<sealdrop_shared::policy::DeployedPolicy, Error> {
    let policy_error = |source| Error::Policy { path: path.to_path_buf(), source };
    let file = sealdrop_shared::policy::parse_file(&read(path)?).map_err(policy_error)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let referenced = sealdrop_shared::policy::Referenced {
        key: read(&dir.join(&file.key.public_key))?,
        signed_security_txt: file.publish.security_txt.as_ref().map(|p| read(&dir.join(p))).transpose()?,
        staff_keys: file.staff_key_paths().iter().map(|p| read(&dir.join(p))).collect::<Result<_, _>>()?,
    };
    sealdrop_shared::policy::load(file, referenced).map_err(policy_error)
}

/// Builds everything for `policy`. `extra_frame_ancestors` are further origins allowed to embed the
/// widget besides the policy's own (the local demo page).
pub fn build(policy_path: &Path, extra_frame_ancestors: &[Origin]) -> Result<Built, Error> {
    let mut policy = load_policy(policy_path)?;
    // The local demo page embeds the widget like the organisation's own site: CORS and
    // `frame-ancestors` allow it for this build only.
    for origin in extra_frame_ancestors {
        if !policy.public.embed.origins.contains(origin) {
            policy.public.embed.origins.push(origin.clone());
        }
    }
    if let Some(text) = &policy.signed_security_txt {
        let expires = sealdrop_shared::publish::signed_security_txt_expires(text)
            .map_err(|source| Error::Policy { path: policy_path.to_path_buf(), source })?;
        match sealdrop_shared::publish::signed_expiry_warning(expires, chrono::Utc::now()) {
            Some(warning) => eprintln!("xtask: WARNING: {warning}"),
            None => eprintln!("xtask: serving the organisation's signed security.txt (expires {expires})"),
        }
    }
    let out = out_dir();
    std::fs::create_dir_all(&out)?;
    let policy_json = out.join("policy.json");
    write_if_changed(&policy_json, serde_json::to_string_pretty(&policy)?.as_bytes())?;
    eprintln!(
        "xtask: policy {} — {} (key {})",
        policy_path.display(),
        policy.public.organisation.name,
        policy.public.key.fingerprint
    );

    // One cargo invocation for both wasm crates: shared dependencies compile once.
    cmd::run(
        Command::new("cargo")
            .args([
                "build",
                "--release",
                "--target",
                "wasm32-unknown-unknown",
                "-p",
                "sealdrop-widget",
                "-p",
                "sealdrop-worker",
            ])
            .env("SEALDROP_POLICY_JSON", &policy_json)
            .current_dir(root()),
    )?;
    let wasm_dir = target_dir().join("wasm32-unknown-unknown/release");
    let widget_wasm = build_widget(&wasm_dir.join("sealdrop-widget.wasm"), &policy)?;
    let worker_wasm = build_worker(&wasm_dir.join("sealdrop_worker.wasm"))?;
    Ok(Built { policy, policy_json, widget_wasm, worker_wasm })
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("target"))
}

fn write_if_changed(path: &Path, content: &[u8]) -> Result<(), Error> {
    if std::fs::read(path).ok().as_deref() != Some(content) {
        std::fs::write(path, content)?;
    }
    Ok(())
}

fn short_hash(bytes: &[u8]) -> String {
    hex::encode(&Sha256::digest(bytes)[..6])
}

/// Runs wasm-bindgen; outputs are `<out>/<name>.js` and `<out>/<name>_bg.wasm`.
fn wasm_bindgen(input: &Path, out: &Path, name: &str) -> Result<(), Error> {
    if out.exists() {
        std::fs::remove_dir_all(out)?;
    }
    cmd::run(
        Command::new(tools::wasm_bindgen_bin())
            .args(["--target", "web", "--no-typescript", "--out-name", name])
            .arg("--out-dir")
            .arg(out)
            .arg(input),
    )
}

fn wasm_opt(input: &Path, output: &Path) -> Result<(), Error> {
    // binaryen from npm (132): Debian's 108 produces wasm that fails in Chromium.
    cmd::run(
        Command::new(tools::npm_bin("wasm-opt"))
            .args([
                "-Oz",
                "--enable-bulk-memory",
                "--enable-nontrapping-float-to-int",
                "--enable-sign-ext",
                "--enable-mutable-globals",
                "--enable-reference-types",
                "--enable-multivalue",
            ])
            .arg(input)
            .arg("-o")
            .arg(output),
    )
}

fn build_widget(wasm: &Path, policy: &sealdrop_shared::policy::DeployedPolicy) -> Result<PathBuf, Error> {
    let out = out_dir();
    let bindgen = out.join("widget-bindgen");
    wasm_bindgen(wasm, &bindgen, "sealdrop_widget")?;
    let dist = out.join("dist");
    if dist.exists() {
        std::fs::remove_dir_all(&dist)?;
    }
    let assets = dist.join("widget/assets");
    std::fs::create_dir_all(&assets)?;

    let optimised = out.join("sealdrop_widget_bg.opt.wasm");
    wasm_opt(&bindgen.join("sealdrop_widget_bg.wasm"), &optimised)?;
    let wasm_bytes = std::fs::read(&optimised)?;
    let wasm_name = format!("sealdrop_widget-{}.wasm", short_hash(&wasm_bytes));
    std::fs::write(assets.join(&wasm_name), &wasm_bytes)?;

    let glue = std::fs::read(bindgen.join("sealdrop_widget.js"))?;
    let glue_name = format!("sealdrop_widget-{}.js", short_hash(&glue));
    std::fs::write(assets.join(&glue_name), &glue)?;

    let boot = format!(
        "import init from \"./{glue_name}\";\ninit({{ module_or_path: new URL(\"./{wasm_name}\", import.meta.url) }});\n"
    );
    let boot_name = format!("boot-{}.js", short_hash(boot.as_bytes()));
    std::fs::write(assets.join(&boot_name), &boot)?;

    let css = widget_css()?;
    let css_name = format!("widget-{}.css", short_hash(css.as_bytes()));
    std::fs::write(assets.join(&css_name), &css)?;

    let template = read(&root().join("widget/index.html"))?;
    let html =
        template.replace("{{CSS}}", &format!("assets/{css_name}")).replace("{{BOOT}}", &format!("assets/{boot_name}"));
    std::fs::write(dist.join("widget/index.html"), html)?;

    std::fs::copy(root().join("widget/loader/sealdrop.js"), dist.join("sealdrop.js"))?;
    // The stylesheet of the pages the worker renders (policy page, hall of fame).
    std::fs::copy(root().join("www/site.css"), dist.join("site.css"))?;
    std::fs::write(dist.join("_headers"), headers(policy))?;
    Ok(optimised)
}

/// Every component's CSS, in file-name order, as one stylesheet (the CSP allows no inline style).
fn widget_css() -> Result<String, Error> {
    let mut files = Vec::new();
    collect_css(&root().join("widget/src"), &mut files)?;
    files.sort();
    let mut css = String::new();
    for file in files {
        let name = file.strip_prefix(root()).unwrap_or(&file).display().to_string();
        let _ = write!(css, "/* {name} */\n{}\n", read(&file)?);
    }
    Ok(css)
}

fn collect_css(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), Error> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_css(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "css") {
            files.push(path);
        }
    }
    Ok(())
}

/// The `_headers` file: a strict CSP for the iframe document, caching for hashed files.
pub fn headers(policy: &sealdrop_shared::policy::DeployedPolicy) -> String {
    // 'self': the policy page on the worker's own origin hosts the widget too.
    let mut ancestors: Vec<&str> = vec!["'self'"];
    ancestors.extend(policy.public.embed.origins.iter().map(Origin::as_str));
    let ancestors = ancestors.join(" ");
    format!(
        "/widget/*\n  \
           Content-Security-Policy: default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
           connect-src 'self'; img-src 'self' data:; form-action 'none'; base-uri 'none'; frame-ancestors {ancestors}\n  \
           X-Content-Type-Options: nosniff\n  \
           Referrer-Policy: no-referrer\n  \
           Permissions-Policy: camera=(), microphone=(), geolocation=()\n\
         /widget/assets/*\n  \
           Cache-Control: public, max-age=31536000, immutable\n\
         /sealdrop.js\n  \
           Cache-Control: public, max-age=300\n  \
           Cross-Origin-Resource-Policy: cross-origin\n  \
           X-Content-Type-Options: nosniff\n"
    )
}

fn build_worker(wasm: &Path) -> Result<PathBuf, Error> {
    let out = out_dir().join("worker");
    wasm_bindgen(wasm, &out, "index")?;
    std::fs::write(out.join("shim.mjs"), WORKER_SHIM)?;
    Ok(out.join("index_bg.wasm"))
}

/// Entry module for wrangler (see the file for why it is hand-written).
const WORKER_SHIM: &str = include_str!("worker_shim.mjs");

/// `cargo xtask deploy`: refuses committed test keys and the development token, then deploys.
pub fn deploy(options: &Options) -> Result<(), Error> {
    tools::ensure_build_tools()?;
    let policy = load_policy(&options.policy)?;
    let test_keys = test_key_fingerprints()?;
    if let Some(fingerprint) = policy.public.fingerprints().into_iter().find(|f| test_keys.iter().any(|t| t == *f)) {
        return Err(Error::Refused(format!(
            "the policy's key {fingerprint} is a committed test key; use your organisation's (and staff members') own keys"
        )));
    }
    build(&options.policy, &[])?;
    cmd::run(Command::new(tools::npm_bin("wrangler")).arg("deploy").current_dir(root()))?;
    eprintln!(
        "xtask: deployed. Set the staff token hash once with:\n  \
         printf %s \"$TOKEN\" | sha256sum | cut -d' ' -f1 | npx wrangler secret put STAFF_TOKEN_SHA256\n\
         or one token per staff member (the audit log then names them): `npx wrangler secret put STAFF_TOKENS`\n\
         with `name:sha256` pairs, comma-separated. Optional chat webhook: WEBHOOK_URL and WEBHOOK_SECRET."
    );
    Ok(())
}

/// Fingerprints of every committed test key (`tests/fixtures/keys/*.pub.asc` and the examples).
pub fn test_key_fingerprints() -> Result<Vec<sealdrop_shared::key::Fingerprint>, Error> {
    let mut found = Vec::new();
    let mut files = Vec::new();
    for dir in ["tests/fixtures/keys", "examples/policies"] {
        collect_ext(&root().join(dir), "asc", &mut files)?;
    }
    for file in files {
        if let Ok(key) = sealdrop_shared::key::RecipientKey::parse(&read(&file)?) {
            found.push(key.fingerprint());
        }
    }
    Ok(found)
}

fn collect_ext(dir: &Path, ext: &str, files: &mut Vec<PathBuf>) -> Result<(), Error> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(()) };
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            collect_ext(&path, ext, files)?;
        } else if path.extension().is_some_and(|e| e == ext) {
            files.push(path);
        }
    }
    Ok(())
}

/// `cargo xtask bench`: sizes of the built wasm files (raw and brotli) and encryption timings.
pub fn bench() -> Result<(), Error> {
    tools::ensure_build_tools()?;
    let built = build(&root().join(crate::DEFAULT_POLICY), &[])?;
    println!("{:<28} {:>12} {:>12} {:>7}", "artifact", "raw bytes", "brotli", "ratio");
    for (name, path) in [("widget wasm (wasm-opt -Oz)", &built.widget_wasm), ("worker wasm", &built.worker_wasm)] {
        let raw = std::fs::metadata(path)?.len();
        let brotli = brotli_size(path)?;
        println!("{name:<28} {raw:>12} {brotli:>12} {:>6.1}%", brotli as f64 * 100.0 / raw as f64);
    }
    cmd::run(Command::new("cargo").args(["bench", "-p", "sealdrop-shared"]).current_dir(root()))
}

fn brotli_size(path: &Path) -> Result<u64, Error> {
    let script = "const fs=require('fs'),z=require('zlib');process.stdout.write(String(z.brotliCompressSync(fs.readFileSync(process.argv[1]),{params:{[z.constants.BROTLI_PARAM_QUALITY]:11}}).length))";
    let out = cmd::output(Command::new("node").arg("-e").arg(script).arg(path))
        .ok_or_else(|| Error::Tool("node could not compress the file".into()))?;
    out.trim().parse().map_err(|_| Error::Tool(format!("unexpected output from node: {out}")))
}

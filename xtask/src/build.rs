//! Building the worker and the static assets for one policy.
//!
//! Output, all under `target/sealdrop/`:
//! - `policy.json` — the normalised policy the worker is compiled with (private parts included);
//! - `worker/` — the worker's wasm, wasm-bindgen glue and entry module (`wrangler.toml` `main`);
//! - `dist/` — Workers static assets: `sealdrop.js` (the loader), `widget/` (the iframe document
//!   and its hashed JS, wasm and CSS) and `_headers` (CSP and caching).

use sealdrop_shared::address::Origin;
use sealdrop_shared::publish::embed::{FRAME_ALLOW, FRAME_SANDBOX};
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
    /// The form's optimised wasm (the frame's first view).
    pub widget_wasm: PathBuf,
    /// The encryption module's optimised wasm (fetched while the reporter reads and types).
    pub crypto_wasm: PathBuf,
    /// The encryption module's script (glue + entry), as served.
    pub crypto_script: PathBuf,
    /// The frame's script (glue + boot), as served.
    pub frame_script: PathBuf,
    /// The worker's wasm.
    pub worker_wasm: PathBuf,
    /// The pinned loader and its snippet.
    pub embed: Embed,
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

/// Whether the worker may inject storage faults on request (the end-to-end tests only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Faults {
    /// Every build but the test stack's, and always for `deploy`.
    Never,
    /// `cargo xtask test`: the worker's `faults` feature (still inert without the stack's
    /// `SEALDROP_TEST_FAULTS` variable).
    ForTests,
}

/// Builds everything for `policy`. `extra_frame_ancestors` are further origins allowed to embed the
/// widget besides the policy's own (the local demo page).
pub fn build(policy_path: &Path, extra_frame_ancestors: &[Origin], faults: Faults) -> Result<Built, Error> {
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

    // One cargo invocation for both wasm crates (the widget's two modules are its two binaries):
    // shared dependencies compile once.
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
            .args(if faults == Faults::ForTests { &["--features", "sealdrop-worker/faults"][..] } else { &[] })
            .env("SEALDROP_POLICY_JSON", &policy_json)
            .current_dir(root()),
    )?;
    let wasm_dir = target_dir().join("wasm32-unknown-unknown/release");
    let widget = build_widget(&wasm_dir.join("sealdrop-widget.wasm"), &wasm_dir.join("sealdrop-crypto.wasm"), &policy)?;
    let worker_wasm = build_worker(&wasm_dir.join("sealdrop_worker.wasm"))?;
    Ok(Built {
        policy,
        policy_json,
        widget_wasm: widget.form_wasm,
        crypto_wasm: widget.crypto_wasm,
        crypto_script: widget.crypto_script,
        frame_script: widget.frame_script,
        worker_wasm,
        embed: widget.embed,
    })
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

/// Runs wasm-bindgen for `target` (`web`: an ES module; `no-modules`: a classic script);
/// outputs are `<out>/<name>.js` and `<out>/<name>_bg.wasm`.
fn wasm_bindgen(input: &Path, out: &Path, name: &str, target: &str) -> Result<(), Error> {
    if out.exists() {
        std::fs::remove_dir_all(out)?;
    }
    cmd::run(
        Command::new(tools::wasm_bindgen_bin())
            .args(["--target", target, "--no-typescript", "--out-name", name])
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

/// The loader as the host page gets it: terser (npm, pinned) drops the comments, shortens the
/// names and removes the branches a `null` PINS never takes; the source stays readable.
fn minify_loader(source: &str, output: &Path) -> Result<(), Error> {
    let input = output.with_extension("src.js");
    std::fs::write(&input, source)?;
    cmd::run(
        Command::new(tools::npm_bin("terser"))
            .arg(&input)
            .args(["--compress", "passes=2", "--mangle", "--comments", "false"])
            .args(["--preamble", "/*! Sealdrop loader. Source: widget/loader/sealdrop.js */"])
            .arg("-o")
            .arg(output),
    )?;
    std::fs::remove_file(&input)?;
    Ok(())
}

fn sha384_integrity(bytes: &[u8]) -> String {
    use base64::Engine as _;
    format!("sha384-{}", base64::engine::general_purpose::STANDARD.encode(sha2::Sha384::digest(bytes)))
}

/// A content-addressed file the frame loads, pinned by its SRI hash.
#[derive(Debug, Clone)]
pub struct Pinned {
    /// File name under `/widget/assets/`.
    pub name: String,
    /// `sha384-…` (Subresource Integrity).
    pub integrity: String,
}

pub use sealdrop_shared::publish::embed::Embed;

/// What `build_widget` wrote.
struct Widget {
    form_wasm: PathBuf,
    crypto_wasm: PathBuf,
    crypto_script: PathBuf,
    frame_script: PathBuf,
    embed: Embed,
}

/// What must not be linked into the form's module, whose size is the frame's first view: OpenPGP's
/// packets, messages, armor and serialisation, and the cipher, hash and public-key crates. (The
/// drop glue and `Debug` of rPGP's error enum may be: the shared crate's error type carries it.)
const NOT_IN_THE_FORM: [&str; 14] = [
    "pgp::composed",
    "pgp::packet",
    "pgp::armor",
    "pgp::ser",
    "rsa",
    "x25519_dalek",
    "curve25519_dalek",
    "ed25519_dalek",
    "aes",
    "cfb_mode",
    "sha1",
    "sha1_checked",
    "num_bigint_dig",
    "p256",
];

/// The names a path takes in a wasm module's name section (Rust's legacy mangling): a function of
/// it (`_ZN3pgp8composed…`), or a generic instantiated on one of its types (`$LT$pgp..composed..`).
fn mangled(path: &str) -> [String; 2] {
    let parts: Vec<&str> = path.split("::").collect();
    let encoded: String = parts.iter().map(|p| format!("{}{p}", p.len())).collect();
    [format!("_ZN{encoded}"), format!("$LT${}..", parts.join(".."))]
}

/// Fails when the form's module links any of [`NOT_IN_THE_FORM`]; requires OpenPGP's names in the
/// encryption module, so that a build whose names are stripped cannot pass by seeing nothing.
fn check_form_module(form: &Path, crypto: &Path) -> Result<(), Error> {
    let has = |bytes: &[u8], path: &str| {
        mangled(path).iter().any(|name| bytes.windows(name.len()).any(|w| w == name.as_bytes()))
    };
    let form_bytes = std::fs::read(form)?;
    let crypto_bytes = std::fs::read(crypto)?;
    if !has(&crypto_bytes, "pgp::composed") {
        return Err(Error::Tool(
            "the encryption module's wasm has no `pgp::composed` names: the check that the form links no OpenPGP cannot run"
                .into(),
        ));
    }
    let found: Vec<&str> = NOT_IN_THE_FORM.iter().copied().filter(|path| has(&form_bytes, path)).collect();
    if !found.is_empty() {
        return Err(Error::Tool(format!(
            "the form's module links {}: OpenPGP belongs in widget/src/jobs.rs, asked for through crypto.rs",
            found.join(", ")
        )));
    }
    Ok(())
}

/// A module's wasm as the frame fetches it: optimised, and content-addressed under `assets`.
struct PublishedWasm {
    /// `target/sealdrop/<name>_bg.opt.wasm`.
    optimised: PathBuf,
    /// Its name under `/widget/assets/` and its hash.
    pin: Pinned,
}

/// Runs `wasm-opt` on wasm-bindgen's `<bindgen>/<name>_bg.wasm` and writes the result to
/// `<assets>/<name>-<hash>.wasm`.
fn published_wasm(bindgen: &Path, name: &str, assets: &Path) -> Result<PublishedWasm, Error> {
    let optimised = out_dir().join(format!("{name}_bg.opt.wasm"));
    wasm_opt(&bindgen.join(format!("{name}_bg.wasm")), &optimised)?;
    let bytes = std::fs::read(&optimised)?;
    let pin = Pinned { name: format!("{name}-{}.wasm", short_hash(&bytes)), integrity: sha384_integrity(&bytes) };
    std::fs::write(assets.join(&pin.name), &bytes)?;
    Ok(PublishedWasm { optimised, pin })
}

fn build_widget(
    form_wasm: &Path,
    crypto_wasm: &Path,
    policy: &sealdrop_shared::policy::DeployedPolicy,
) -> Result<Widget, Error> {
    check_form_module(form_wasm, crypto_wasm)?;
    let out = out_dir();
    let bindgen = out.join("widget-bindgen");
    wasm_bindgen(form_wasm, &bindgen, "sealdrop_widget", "web")?;
    let dist = out.join("dist");
    if dist.exists() {
        std::fs::remove_dir_all(&dist)?;
    }
    let assets = dist.join("widget/assets");
    std::fs::create_dir_all(&assets)?;

    let form = published_wasm(&bindgen, "sealdrop_widget", &assets)?;

    // The form's script: wasm-bindgen's glue, then the boot code, which fetches the wasm with its
    // SRI hash (so pinning this file pins the wasm too) and tells the loader when it fails.
    let glue = read(&bindgen.join("sealdrop_widget.js"))?;
    if !glue.contains("__wbg_init") {
        return Err(Error::Tool("wasm-bindgen's glue has no `__wbg_init`: the boot code needs updating".into()));
    }
    // Pinning this one file must pin all of the frame's script: an `import` (say, a wasm-bindgen
    // JS snippet of a new dependency) would load a file nothing pins.
    if glue.lines().any(|l| l.trim_start().starts_with("import ") || l.contains("import("))
        || bindgen.join("snippets").exists()
    {
        return Err(Error::Tool(
            "wasm-bindgen's glue imports other files (JS snippets?): the pinned frame pins only one module; bundle them"
                .into(),
        ));
    }
    // The encryption module: its wasm, and its script — wasm-bindgen's glue as a classic script
    // (Chromium starts no module worker from a `blob:` URL in an opaque origin) and its entry. The
    // frame's script fetches both with these hashes, so pinning the frame's script pins them too.
    let classic = out.join("crypto-bindgen");
    wasm_bindgen(crypto_wasm, &classic, "sealdrop_crypto", "no-modules")?;
    if classic.join("snippets").exists() {
        return Err(Error::Tool("the encryption module's glue has JS snippets: nothing would pin them".into()));
    }
    let crypto_wasm = published_wasm(&classic, "sealdrop_crypto", &assets)?;
    let classic_glue = read(&classic.join("sealdrop_crypto.js"))?;
    if classic_glue.contains("import.meta") || !classic_glue.contains("wasm_bindgen") {
        return Err(Error::Tool(
            "wasm-bindgen's no-modules glue is not a classic script defining `wasm_bindgen`".into(),
        ));
    }
    let crypto = format!("{classic_glue}\n{CRYPTO_ENTRY}");
    let crypto_pin = Pinned {
        name: format!("widget-crypto-{}.js", short_hash(crypto.as_bytes())),
        integrity: sha384_integrity(crypto.as_bytes()),
    };
    std::fs::write(assets.join(&crypto_pin.name), &crypto)?;
    let boot = BOOT
        .replace("\"{{WASM}}\"", &serde_json::to_string(&form.pin.name)?)
        .replace("\"{{WASM_INTEGRITY}}\"", &serde_json::to_string(&form.pin.integrity)?)
        .replace("\"{{CRYPTO_WASM}}\"", &serde_json::to_string(&crypto_wasm.pin.name)?)
        .replace("\"{{CRYPTO_WASM_INTEGRITY}}\"", &serde_json::to_string(&crypto_wasm.pin.integrity)?)
        .replace("\"{{CRYPTO}}\"", &serde_json::to_string(&crypto_pin.name)?)
        .replace("\"{{CRYPTO_INTEGRITY}}\"", &serde_json::to_string(&crypto_pin.integrity)?);
    // An unreplaced placeholder would be an integrity value SRI ignores: never ship one.
    if boot.contains("{{") {
        return Err(Error::Tool("widget/loader/boot.js has a placeholder xtask does not fill in".into()));
    }
    let js = format!("{glue}\n{boot}");
    let js_name = format!("widget-{}.js", short_hash(js.as_bytes()));
    std::fs::write(assets.join(&js_name), &js)?;
    let js_pin = Pinned { name: js_name, integrity: sha384_integrity(js.as_bytes()) };

    let css = widget_css()?;
    let css_name = format!("widget-{}.css", short_hash(css.as_bytes()));
    std::fs::write(assets.join(&css_name), &css)?;
    let css_pin = Pinned { name: css_name, integrity: sha384_integrity(css.as_bytes()) };

    // The frame document of the unpinned embed (`sealdrop.js` with `data-fingerprint`).
    let template = read(&root().join("widget/index.html"))?;
    let html = template
        .replace("{{CSS}}", &format!("assets/{}", css_pin.name))
        .replace("{{CSS_INTEGRITY}}", &css_pin.integrity)
        .replace("{{JS}}", &format!("assets/{}", js_pin.name))
        .replace("{{JS_INTEGRITY}}", &js_pin.integrity);
    std::fs::write(dist.join("widget/index.html"), html)?;

    // The loaders: `sealdrop.js` (unpinned) and `sealdrop-<hash>.js`, the same source with the
    // pins filled in: the frame's files and the policy's key fingerprints.
    let loader = read(&root().join("widget/loader/sealdrop.js"))?;
    if !loader.contains(LOADER_PINS) {
        return Err(Error::Tool(format!("widget/loader/sealdrop.js lacks `{LOADER_PINS}`")));
    }
    // The frame-only snippet (`Embed::frame_snippet`) gives the frame what the loader gives it.
    for (attribute, value) in [("sandbox", FRAME_SANDBOX), ("allow", FRAME_ALLOW)] {
        if !loader.contains(&format!("frame.setAttribute(\"{attribute}\", \"{value}\")")) {
            return Err(Error::Tool(format!(
                "widget/loader/sealdrop.js no longer sets {attribute}=\"{value}\": change Embed::frame_snippet's to match"
            )));
        }
    }
    minify_loader(&loader.replace(LOADER_PINS, "null"), &dist.join("sealdrop.js"))?;
    let contact = policy.public.contact.email.clone();
    // Every encryption subkey of every key, computed from the keys: the form refuses a served key
    // that carries another (an old subkey the organisation replaced, or one added).
    let keys = policy.public.recipient_keys().map_err(|source| Error::Tool(format!("the policy's keys: {source}")))?;
    let subkeys: Vec<String> = keys
        .iter()
        .flat_map(|k| k.recipients().iter().map(|r| r.fingerprint().to_string()).collect::<Vec<_>>())
        .collect();
    let pins = serde_json::json!({
        "js": { "name": js_pin.name, "integrity": js_pin.integrity },
        "css": { "name": css_pin.name, "integrity": css_pin.integrity },
        "fingerprints": policy.public.fingerprints().iter().map(ToString::to_string).collect::<Vec<_>>(),
        "subkeys": subkeys,
        "organisation": policy.public.organisation.name,
        "contact": contact,
    });
    // Minified outside `dist/`, whose `sealdrop-*.js` files `keep_published` archives.
    let pinned_path = out.join("sealdrop-pinned.js");
    minify_loader(&loader.replace(LOADER_PINS, &serde_json::to_string(&pins)?), &pinned_path)?;
    let pinned = read(&pinned_path)?;
    let loader_name = format!("sealdrop-{}.js", short_hash(pinned.as_bytes()));
    std::fs::rename(&pinned_path, dist.join(&loader_name))?;
    let embed = Embed {
        loader: loader_name,
        integrity: sha384_integrity(pinned.as_bytes()),
        contact,
        organisation: policy.public.organisation.name.clone(),
        fingerprint: policy.public.key.fingerprint.clone(),
    };
    std::fs::write(out.join("embed.json"), serde_json::to_string_pretty(&embed)?)?;

    // The stylesheet of the pages the worker renders (policy page, hall of fame).
    std::fs::copy(root().join("www/site.css"), dist.join("site.css"))?;
    std::fs::write(dist.join("_headers"), headers(policy))?;
    keep_published(&dist)?;
    Ok(Widget {
        form_wasm: form.optimised,
        crypto_wasm: crypto_wasm.optimised,
        crypto_script: assets.join(&crypto_pin.name),
        frame_script: assets.join(&js_pin.name),
        embed,
    })
}

/// Prints the embed snippet for the policy's `publish.base_url` (or a placeholder origin to
/// replace with the worker's).
pub fn print_snippet(built: &Built) {
    let configured = built.policy.public.publish.base_url.as_deref().and_then(|u| u.parse::<Origin>().ok());
    let (origin, note) = match configured {
        Some(origin) => (origin, String::new()),
        None => match "https://reports.example.com".parse::<Origin>() {
            Ok(placeholder) => (
                placeholder,
                "\n(no `publish.base_url` in the policy: replace https://reports.example.com with your worker's origin)"
                    .to_owned(),
            ),
            Err(_) => return,
        },
    };
    println!(
        "Embed the reporting form with (the whole code chain and the keys are pinned by the hash):\n\n{}\n{note}",
        built.embed.snippet(&origin)
    );
    // Pages that cannot run a third-party script: the frame itself, for the first embedding origin.
    let public = &built.policy.public;
    if let Some(host) = public.embed.origins.first() {
        println!(
            "\nOn a page that cannot run third-party scripts, embed the frame itself (keys pinned, code not; fixed height):\n\n{}\n",
            built.embed.frame_snippet(&origin, &public.fingerprints(), host)
        );
    }
}

/// The placeholder in the loader's source that the pinned loader fills in.
const LOADER_PINS: &str = "/*{{PINS}}*/null";

/// The frame's boot code, appended to wasm-bindgen's glue (see the file).
const BOOT: &str = include_str!("../../widget/loader/boot.js");

/// The encryption worker's entry, appended to wasm-bindgen's glue (see the file).
const CRYPTO_ENTRY: &str = include_str!("../../widget/loader/crypto.js");

/// A deploy never removes the content-addressed files of earlier builds: pages that pinned an
/// older loader keep working. They are kept in `published/` (keep that folder with your
/// deployment) and copied into every build's assets.
fn keep_published(dist: &Path) -> Result<(), Error> {
    let archive = root().join("published");
    let mut fresh = vec![];
    for entry in std::fs::read_dir(dist)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name.starts_with("sealdrop-") && name.ends_with(".js") {
            fresh.push((path.clone(), PathBuf::from(name)));
        }
    }
    for entry in std::fs::read_dir(dist.join("widget/assets"))? {
        let path = entry?.path();
        if let Some(name) = path.file_name() {
            fresh.push((path.clone(), Path::new("widget/assets").join(name)));
        }
    }
    for (path, relative) in &fresh {
        let kept = archive.join(relative);
        if !kept.exists() {
            if let Some(parent) = kept.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::copy(path, &kept)?;
        }
    }
    let mut kept = Vec::new();
    collect_files(&archive, &mut kept)?;
    for path in kept {
        let relative = path.strip_prefix(&archive).unwrap_or(&path);
        let target = dist.join(relative);
        if !target.exists() {
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::copy(&path, &target)?;
        }
    }
    Ok(())
}

fn collect_files(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), Error> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(()) };
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            collect_files(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
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

/// The `_headers` file: a strict CSP for the unpinned frame document; caching and CORS for the
/// content-addressed files (the pinned loader fetches them with `integrity`, which needs CORS).
pub fn headers(policy: &sealdrop_shared::policy::DeployedPolicy) -> String {
    // 'self': the policy page on the worker's own origin hosts the widget too.
    let mut ancestors: Vec<&str> = vec!["'self'"];
    ancestors.extend(policy.public.embed.origins.iter().map(Origin::as_str));
    let ancestors = ancestors.join(" ");
    format!(
        "/widget/*\n  \
           Content-Security-Policy: default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
           connect-src 'self'; img-src 'self' data: blob:; worker-src blob:; form-action 'none'; base-uri 'none'; frame-ancestors {ancestors}\n  \
           X-Content-Type-Options: nosniff\n  \
           Referrer-Policy: no-referrer\n  \
           Permissions-Policy: camera=(), microphone=(), geolocation=()\n\
         /widget/assets/*\n  \
           Cache-Control: public, max-age=31536000, immutable\n  \
           Access-Control-Allow-Origin: *\n  \
           Cross-Origin-Resource-Policy: cross-origin\n\
         /sealdrop.js\n  \
           Cache-Control: public, max-age=300\n  \
           Cross-Origin-Resource-Policy: cross-origin\n  \
           X-Content-Type-Options: nosniff\n\
         /sealdrop-*.js\n  \
           Cache-Control: public, max-age=31536000, immutable\n  \
           Access-Control-Allow-Origin: *\n  \
           Cross-Origin-Resource-Policy: cross-origin\n  \
           X-Content-Type-Options: nosniff\n"
    )
}

fn build_worker(wasm: &Path) -> Result<PathBuf, Error> {
    let out = out_dir().join("worker");
    wasm_bindgen(wasm, &out, "index", "web")?;
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
    let built = build(&options.policy, &[], Faults::Never)?;
    cmd::run(Command::new(tools::npm_bin("wrangler")).arg("deploy").current_dir(root()))?;
    print_snippet(&built);
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

/// `cargo xtask bench`'s sizes: what the frame loads (wasm, script, stylesheet) and the two
/// loaders, raw and brotli.
pub fn print_sizes(built: &Built) -> Result<(), Error> {
    let dist = out_dir().join("dist");
    let mut rows: Vec<(&str, PathBuf)> = vec![
        ("form wasm (wasm-opt -Oz)", built.widget_wasm.clone()),
        ("frame script (glue + boot)", built.frame_script.clone()),
        ("encryption wasm (-Oz)", built.crypto_wasm.clone()),
        ("encryption script", built.crypto_script.clone()),
    ];
    rows.push(("unpinned loader sealdrop.js", dist.join("sealdrop.js")));
    rows.push(("pinned loader", dist.join(&built.embed.loader)));
    rows.push(("worker wasm", built.worker_wasm.clone()));
    println!("{:<28} {:>12} {:>12} {:>7}", "artifact", "raw bytes", "brotli", "ratio");
    for (name, path) in rows {
        let raw = std::fs::metadata(&path)?.len();
        let brotli = brotli_size(&path)?;
        println!("{name:<28} {raw:>12} {brotli:>12} {:>6.1}%", brotli as f64 * 100.0 / raw as f64);
    }
    Ok(())
}

fn brotli_size(path: &Path) -> Result<u64, Error> {
    let script = "const fs=require('fs'),z=require('zlib');process.stdout.write(String(z.brotliCompressSync(fs.readFileSync(process.argv[1]),{params:{[z.constants.BROTLI_PARAM_QUALITY]:11}}).length))";
    let out = cmd::output(Command::new("node").arg("-e").arg(script).arg(path))
        .ok_or_else(|| Error::Tool("node could not compress the file".into()))?;
    out.trim().parse().map_err(|_| Error::Tool(format!("unexpected output from node: {out}")))
}

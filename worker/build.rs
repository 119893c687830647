//! Embeds the normalised policy that `cargo xtask build` wrote (path in `SEALDROP_POLICY_JSON`).
//! Without it (e.g. native unit tests) the worker is built with no policy and answers 500.

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-env-changed=SEALDROP_POLICY_JSON");
    let Some(out_dir) = std::env::var_os("OUT_DIR") else { return };
    let out = PathBuf::from(out_dir).join("policy.json");
    let content = match std::env::var("SEALDROP_POLICY_JSON") {
        Ok(path) if !path.is_empty() => {
            println!("cargo:rerun-if-changed={path}");
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read SEALDROP_POLICY_JSON={path}: {e}"))
        }
        _ => String::new(),
    };
    if std::fs::read_to_string(&out).ok().as_deref() != Some(content.as_str()) {
        std::fs::write(&out, content).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
    }
}

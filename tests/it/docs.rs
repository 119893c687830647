//! The docs say what the code does: README.md's API table is generated from the endpoint table
//! (`sealdrop_shared::api::ENDPOINTS`). Run with `SEALDROP_BLESS=1` to rewrite it.

use std::path::PathBuf;

const START: &str =
    "<!-- api-table: generated from shared/src/api/mod.rs; SEALDROP_BLESS=1 cargo test -p sealdrop-tests docs -->\n";
const END: &str = "<!-- /api-table -->\n";

fn readme() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../README.md")
}

#[test]
fn readme_api_table_is_the_endpoint_table() {
    let path = readme();
    let text = std::fs::read_to_string(&path).expect("README.md");
    let start = text.find(START).expect("README.md has the api-table start marker") + START.len();
    let end = start + text[start..].find(END).expect("README.md has the api-table end marker");
    let expected = sealdrop_shared::api::markdown_table();
    if text[start..end] != expected {
        if std::env::var_os("SEALDROP_BLESS").is_some() {
            std::fs::write(&path, format!("{}{expected}{}", &text[..start], &text[end..])).expect("rewrite README.md");
            return;
        }
        panic!(
            "README.md's API table differs from the endpoint table; rerun with SEALDROP_BLESS=1.\nExpected:\n{expected}"
        );
    }
    // Every endpoint appears once, so a table entry cannot be dropped silently.
    for e in sealdrop_shared::api::ENDPOINTS {
        let row = format!("| `{} {}` |", e.method, e.path);
        assert_eq!(text.matches(&row).count(), 1, "{row}");
    }
}

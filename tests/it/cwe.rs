//! The CWE catalogue the form offers (`shared/src/cwe/weaknesses.tsv`) is the registry package's:
//! npm `cwe-sdk` at the version `package.json` pins (installed by `cargo xtask test`), its
//! weaknesses without the deprecated ones and those CWE prohibits for mapping, one
//! `number<TAB>name` line each, by number. Run with `SEALDROP_BLESS=1` to rewrite the file after
//! updating the package (and `cwe::VERSION`, `cwe::PACKAGE_VERSION`).

use std::path::PathBuf;

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn the_catalogue_is_the_packages() {
    let package = root().join("node_modules/cwe-sdk");
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(package.join("package.json"))
            .expect("node_modules/cwe-sdk: run `cargo xtask test`, which installs the pinned npm packages"),
    )
    .unwrap();
    assert_eq!(
        format!("cwe-sdk {}", manifest["version"].as_str().unwrap()),
        sealdrop_shared::cwe::PACKAGE_VERSION,
        "the installed package is the one cwe::PACKAGE_VERSION names"
    );
    let archive = std::fs::read_to_string(package.join("raw/cwe-archive.xml")).unwrap();
    let head = &archive[..archive.len().min(400)];
    assert!(
        head.contains(&format!("Version=\"{}\"", sealdrop_shared::cwe::VERSION)),
        "the package carries CWE {}: {head}",
        sealdrop_shared::cwe::VERSION
    );
    let dictionary: Value =
        serde_json::from_str(&std::fs::read_to_string(package.join("raw/cwe-dictionary.json")).unwrap()).unwrap();
    let mut rows: Vec<(u32, String)> = dictionary
        .as_object()
        .unwrap()
        .values()
        .filter(|entry| entry["attr"]["@_Status"] != "Deprecated" && entry["Mapping_Notes"]["Usage"] != "Prohibited")
        .map(|entry| {
            let number = entry["attr"]["@_ID"].as_str().unwrap().parse().unwrap();
            let name = entry["attr"]["@_Name"].as_str().unwrap().to_owned();
            assert!(!name.contains(['\t', '\n']), "{name}");
            (number, name)
        })
        .collect();
    rows.sort();
    let expected: String = rows.iter().map(|(n, name)| format!("{n}\t{name}\n")).collect();
    let path = root().join("shared/src/cwe/weaknesses.tsv");
    if sealdrop_shared::cwe::CATALOGUE != expected {
        if std::env::var_os("SEALDROP_BLESS").is_some() {
            std::fs::write(&path, expected).unwrap();
            return;
        }
        panic!("{} differs from the cwe-sdk package's weaknesses; rerun with SEALDROP_BLESS=1", path.display());
    }
    assert!(rows.len() > 800, "{} weaknesses", rows.len());
}

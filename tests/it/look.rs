//! The form's palette (`widget/src/components/app.css`) reads at WCAG AA in both themes, and its
//! backgrounds are the ones `sealdrop_shared::look` adjusts host accents against.

use std::collections::BTreeMap;

use sealdrop_shared::look::{DARK_BACKGROUND, LIGHT_BACKGROUND, MIN_CONTRAST, Rgb};

/// `--sd-name: light-dark(A, B)` in the `:root` block, each side's colour (a `var(--x, #hex)`
/// side is its default).
fn palette() -> BTreeMap<String, (Rgb, Rgb)> {
    let css =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../widget/src/components/app.css")).unwrap();
    let mut colours = BTreeMap::new();
    for line in css.lines() {
        let Some((name, value)) = line.trim().split_once(':') else { continue };
        let Some(pair) = value.trim().strip_prefix("light-dark(").and_then(|v| v.strip_suffix(");")) else { continue };
        let hexes: Vec<Rgb> = pair
            .split(|c: char| c == ',' || c == '(' || c == ')' || c.is_whitespace())
            .filter(|t| t.starts_with('#'))
            .map(|t| t.parse().unwrap())
            .collect();
        assert_eq!(hexes.len(), 2, "{name}: two sides");
        colours.insert(name.trim().to_owned(), (hexes[0], hexes[1]));
    }
    colours
}

#[test]
fn every_text_colour_reads_on_its_background_in_both_themes() {
    let palette = palette();
    let bg = palette["--sd-bg"];
    assert_eq!(bg, (LIGHT_BACKGROUND, DARK_BACKGROUND), "app.css and look.rs agree on the backgrounds");
    // Text on the background, and the buttons' text on the accent.
    let mut pairs: Vec<(&str, &str)> =
        ["--sd-fg", "--sd-muted", "--sd-accent", "--sd-error", "--sd-ok"].map(|c| (c, "--sd-bg")).to_vec();
    pairs.push(("--sd-accent-fg", "--sd-accent"));
    for (fg, on) in pairs {
        let ((fl, fd), (bl, bd)) = (palette[fg], palette[on]);
        for (theme, f, b) in [("light", fl, bl), ("dark", fd, bd)] {
            let ratio = f.contrast(b);
            assert!(ratio >= MIN_CONTRAST, "{fg} {f} on {on} {b} in the {theme} theme: {ratio:.2}:1");
        }
    }
}

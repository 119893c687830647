//! Characters that make text lie about itself: the Unicode bidirectional controls (an
//! "exe.txt" that reads as "txt.exe", a name that reverses what follows it). One list, used
//! wherever a person reads text someone else chose: credit names, attachment names, the CLI's
//! terminal output.

/// The bidirectional formatting characters of Unicode (UAX #9): embeddings, overrides, isolates
/// and the implicit marks.
pub const BIDI_CONTROLS: &[char] = &[
    '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}',
    '\u{2067}', '\u{2068}', '\u{2069}',
];

/// Whether `c` is a bidirectional control.
pub fn is_bidi_control(c: char) -> bool {
    BIDI_CONTROLS.contains(&c)
}

/// Whether `text` holds a control character (C0, DEL, C1) or a bidirectional control: text that
/// should be refused where it is a name, or escaped where it is shown.
pub fn has_deceptive_characters(text: &str) -> bool {
    text.chars().any(|c| c.is_control() || is_bidi_control(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deceptive_characters() {
        let cases = [
            ("report.pdf", false),
            ("über — ü", false),
            ("evil\u{202E}txt.exe", true),
            ("a\u{2066}b", true),
            ("line\nbreak", true),
            ("esc\u{1b}[2J", true),
            ("c1\u{9b}", true),
            ("zero\u{200B}width", false),
        ];
        for (text, expected) in cases {
            assert_eq!(has_deceptive_characters(text), expected, "{text:?}");
        }
    }
}

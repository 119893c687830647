//! How the form fits the host site: the `data-theme`, `data-accent` and `data-font` attributes
//! of the loader's `<script>` tag, parsed.
//!
//! The values reach the frame as text the host page chose, and the frame writes them into CSS
//! custom properties: so each is parsed into a type that can only print safe CSS (a hex colour, a
//! list of quoted family names), never passed through. An accent colour is adjusted, not
//! refused, when it is too light or too dark to read on the theme's background: the frame's text
//! and controls keep WCAG AA contrast (4.5:1) whatever the host asks for.

use std::fmt;
use std::str::FromStr;

use crate::Error;

/// WCAG 2's contrast ratio for normal text at level AA.
pub const MIN_CONTRAST: f64 = 4.5;

/// The light theme's background: `--sd-bg` in `widget/src/components/app.css`, which a test
/// keeps equal.
pub const LIGHT_BACKGROUND: Rgb = Rgb { r: 0xff, g: 0xff, b: 0xff };
/// The dark theme's background: `--sd-bg` in `app.css`, dark side.
pub const DARK_BACKGROUND: Rgb = Rgb { r: 0x0d, g: 0x11, b: 0x17 };

fn look_error(attribute: &'static str, value: &str, expected: &'static str) -> Error {
    Error::Look { attribute, value: value.chars().take(80).collect(), expected }
}

/// `data-theme`: light, dark, or whatever the reporter's system prefers (the default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Always light.
    Light,
    /// Always dark.
    Dark,
    /// Follows `prefers-color-scheme`.
    #[default]
    Auto,
}

impl Theme {
    /// The attribute's value.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }
}

impl FromStr for Theme {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        match text.trim().to_ascii_lowercase().as_str() {
            "light" => Ok(Theme::Light),
            "dark" => Ok(Theme::Dark),
            "auto" | "" => Ok(Theme::Auto),
            _ => Err(look_error("data-theme", text, "light, dark or auto")),
        }
    }
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
}

impl Rgb {
    /// WCAG 2's relative luminance.
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.040_45 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * channel(self.r) + 0.7152 * channel(self.g) + 0.0722 * channel(self.b)
    }

    /// WCAG 2's contrast ratio of two colours, 1 to 21.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// This colour moved a fraction `t` (0 to 1) of the way to `towards`.
    fn mix(self, towards: Rgb, t: f64) -> Rgb {
        let channel = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round().clamp(0.0, 255.0) as u8;
        Rgb { r: channel(self.r, towards.r), g: channel(self.g, towards.g), b: channel(self.b, towards.b) }
    }

    /// The nearest colour along the way to black or white (whichever lies away from
    /// `background`) that reads on `background` at [`MIN_CONTRAST`].
    pub fn readable_on(self, background: Rgb) -> Rgb {
        let away = if background.luminance() > 0.5 { BLACK } else { WHITE };
        (0..=40)
            .map(|step| self.mix(away, f64::from(step) / 40.0))
            .find(|c| c.contrast(background) >= MIN_CONTRAST)
            .unwrap_or(away)
    }

    /// Black or white, whichever reads better on this colour (always at least 4.58:1).
    pub fn text_on(self) -> Rgb {
        if BLACK.contrast(self) >= WHITE.contrast(self) { BLACK } else { WHITE }
    }
}

const BLACK: Rgb = Rgb { r: 0, g: 0, b: 0 };
const WHITE: Rgb = Rgb { r: 0xff, g: 0xff, b: 0xff };

impl FromStr for Rgb {
    type Err = Error;

    /// `#rgb` or `#rrggbb`.
    fn from_str(text: &str) -> Result<Self, Error> {
        let bad = || look_error("data-accent", text, "a hex colour such as #0b5cad or #07c");
        let hex = text.trim().strip_prefix('#').ok_or_else(bad)?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let digit =
            |i: usize, width: usize| u8::from_str_radix(&hex[i * width..(i + 1) * width], 16).map_err(|_| bad());
        match hex.len() {
            3 => {
                let (r, g, b) = (digit(0, 1)?, digit(1, 1)?, digit(2, 1)?);
                Ok(Rgb { r: r * 17, g: g * 17, b: b * 17 })
            }
            6 => Ok(Rgb { r: digit(0, 2)?, g: digit(1, 2)?, b: digit(2, 2)? }),
            _ => Err(bad()),
        }
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

/// The accent as each theme uses it: the host's colour where it reads on the theme's
/// background, else the nearest colour that does, and the text colour on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accent {
    /// Links, focus rings and buttons on the light background.
    pub light: Rgb,
    /// Button text on `light`.
    pub light_text: Rgb,
    /// The same on the dark background.
    pub dark: Rgb,
    /// Button text on `dark`.
    pub dark_text: Rgb,
}

impl Accent {
    /// The accent for the host's colour.
    pub fn of(colour: Rgb) -> Self {
        let light = colour.readable_on(LIGHT_BACKGROUND);
        let dark = colour.readable_on(DARK_BACKGROUND);
        Accent { light, light_text: light.text_on(), dark, dark_text: dark.text_on() }
    }

    /// The CSS custom properties `app.css` reads (`--sd-accent-light` …).
    pub fn properties(&self) -> [(&'static str, String); 4] {
        [
            ("--sd-accent-light", self.light.to_string()),
            ("--sd-accent-fg-light", self.light_text.to_string()),
            ("--sd-accent-dark", self.dark.to_string()),
            ("--sd-accent-fg-dark", self.dark_text.to_string()),
        ]
    }
}

/// The CSS generic families a stack may name (unquoted).
const GENERIC_FAMILIES: &[&str] = &[
    "serif",
    "sans-serif",
    "monospace",
    "cursive",
    "fantasy",
    "system-ui",
    "ui-serif",
    "ui-sans-serif",
    "ui-monospace",
    "ui-rounded",
    "math",
    "emoji",
];

/// At most this many families in `data-font`.
const MAX_FAMILIES: usize = 8;
/// At most this many characters in one family's name.
const MAX_FAMILY_NAME: usize = 64;

/// `data-font`: a CSS font-family list, e.g. `Inter, "Source Sans 3", sans-serif`. The frame can
/// only use fonts installed on the reporter's machine (its Content-Security-Policy loads no web
/// fonts), so the stack always ends in the system's font.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontStack {
    families: Vec<Family>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Family {
    Named(String),
    Generic(&'static str),
}

impl FromStr for FontStack {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        let bad = |expected| look_error("data-font", text, expected);
        let mut families = Vec::new();
        for part in text.split(',') {
            let part = part.trim();
            let unquoted = ['"', '\'']
                .iter()
                .find_map(|q| part.strip_prefix(*q).and_then(|p| p.strip_suffix(*q)))
                .unwrap_or(part)
                .trim();
            if unquoted.is_empty() {
                return Err(bad("font families separated by commas, e.g. Inter, sans-serif"));
            }
            if unquoted.chars().count() > MAX_FAMILY_NAME
                || !unquoted.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.'))
            {
                return Err(bad("family names of letters, digits, spaces, '-', '_' and '.'"));
            }
            let lower = unquoted.to_ascii_lowercase();
            let family = match GENERIC_FAMILIES.iter().find(|g| **g == lower) {
                Some(g) if unquoted == part => Family::Generic(g),
                _ => Family::Named(unquoted.split_whitespace().collect::<Vec<_>>().join(" ")),
            };
            families.push(family);
        }
        if families.len() > MAX_FAMILIES {
            return Err(bad("at most 8 font families"));
        }
        Ok(FontStack { families })
    }
}

impl fmt::Display for FontStack {
    /// The CSS value: names quoted, generic families bare, the system font last.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for family in &self.families {
            match family {
                Family::Named(name) => write!(f, "\"{name}\", ")?,
                Family::Generic(g) => write!(f, "{g}, ")?,
            }
        }
        f.write_str(SYSTEM_FONT)
    }
}

/// What follows the host's families: the system's own font.
pub const SYSTEM_FONT: &str = "system-ui, sans-serif";

/// What the host page asked of the form's look, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Look {
    /// `data-theme`.
    pub theme: Theme,
    /// `data-accent`.
    pub accent: Option<Accent>,
    /// `data-font`.
    pub font: Option<FontStack>,
}

impl Look {
    /// Parses the three attributes (absent or empty: the default). A value that does not parse
    /// is left out and returned as an error for the console: the form still runs, in its own look.
    pub fn parse(theme: Option<&str>, accent: Option<&str>, font: Option<&str>) -> (Look, Vec<Error>) {
        fn keep<T>(
            value: Option<&str>,
            parse: impl Fn(&str) -> Result<T, Error>,
            errors: &mut Vec<Error>,
        ) -> Option<T> {
            let value = value.map(str::trim).filter(|v| !v.is_empty())?;
            parse(value).map_err(|e| errors.push(e)).ok()
        }
        let mut errors = Vec::new();
        let theme = keep(theme, Theme::from_str, &mut errors).unwrap_or_default();
        let accent = keep(accent, |a| a.parse::<Rgb>().map(Accent::of), &mut errors);
        let font = keep(font, FontStack::from_str, &mut errors);
        (Look { theme, accent, font }, errors)
    }

    /// The CSS custom properties to set on the frame's root element.
    pub fn properties(&self) -> Vec<(&'static str, String)> {
        let mut properties: Vec<_> = self.accent.iter().flat_map(Accent::properties).collect();
        if let Some(font) = &self.font {
            properties.push(("--sd-font", font.to_string()));
        }
        properties
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse_in_both_hex_forms_and_nothing_else() {
        assert_eq!("#07c".parse::<Rgb>().expect("parses"), Rgb { r: 0x00, g: 0x77, b: 0xcc });
        assert_eq!(" #0B5CAD ".parse::<Rgb>().expect("parses").to_string(), "#0b5cad");
        for bad in ["0b5cad", "#0b5ca", "#0b5cadff", "red", "#ggg", "#12345z", "#1;}x", "", "#"] {
            assert!(bad.parse::<Rgb>().is_err(), "{bad}");
        }
    }

    #[test]
    fn contrast_matches_wcag() {
        assert!((BLACK.contrast(WHITE) - 21.0).abs() < 1e-9);
        assert!((WHITE.contrast(WHITE) - 1.0).abs() < 1e-9);
        // WebAIM's checker: #777777 on white is 4.48:1.
        assert!((Rgb { r: 0x77, g: 0x77, b: 0x77 }.contrast(WHITE) - 4.48).abs() < 0.01);
    }

    #[test]
    fn any_accent_reads_on_both_themes_and_keeps_a_readable_colour_as_it_is() {
        for r in (0..=255).step_by(15) {
            for g in (0..=255).step_by(15) {
                for b in (0..=255).step_by(15) {
                    let colour = Rgb { r: r as u8, g: g as u8, b: b as u8 };
                    let accent = Accent::of(colour);
                    assert!(accent.light.contrast(LIGHT_BACKGROUND) >= MIN_CONTRAST, "{colour} on light");
                    assert!(accent.dark.contrast(DARK_BACKGROUND) >= MIN_CONTRAST, "{colour} on dark");
                    assert!(accent.light_text.contrast(accent.light) >= MIN_CONTRAST, "text on {colour} light");
                    assert!(accent.dark_text.contrast(accent.dark) >= MIN_CONTRAST, "text on {colour} dark");
                    if colour.contrast(LIGHT_BACKGROUND) >= MIN_CONTRAST {
                        assert_eq!(accent.light, colour);
                    }
                }
            }
        }
        // A light yellow is darkened on the light theme and kept on the dark one.
        let yellow: Rgb = "#ffcc00".parse().expect("parses");
        assert_ne!(Accent::of(yellow).light, yellow);
        assert_eq!(Accent::of(yellow).dark, yellow);
    }

    #[test]
    fn font_stacks_print_only_quoted_names_and_generic_families() {
        let stack: FontStack = "Inter, 'Source  Sans 3', \"Noto Sans\", serif".parse().expect("parses");
        assert_eq!(stack.to_string(), format!("\"Inter\", \"Source Sans 3\", \"Noto Sans\", serif, {SYSTEM_FONT}"));
        // A quoted generic name is a family of that name, as in CSS.
        assert_eq!("'serif'".parse::<FontStack>().expect("parses").to_string(), format!("\"serif\", {SYSTEM_FONT}"));
        for bad in [
            "Inter; color: red",
            "x\"), url(https://evil.example/",
            "a,,b",
            "Inter}body{display:none",
            "\\66 oo",
            "a,b,c,d,e,f,g,h,i",
        ] {
            assert!(bad.parse::<FontStack>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_bad_attribute_is_reported_and_left_out() {
        let (look, errors) = Look::parse(Some("sepia"), Some("#0b5cad"), Some("Inter;}"));
        assert_eq!(look.theme, Theme::Auto);
        assert!(look.accent.is_some());
        assert_eq!(look.font, None);
        let said: Vec<_> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(said.len(), 2);
        assert!(said[0].contains("data-theme") && said[1].contains("data-font"), "{said:?}");
        let (look, errors) = Look::parse(None, Some(" "), None);
        assert_eq!(look, Look::default());
        assert!(errors.is_empty());
    }
}

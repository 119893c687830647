//! HTML that cannot forget escaping.
//!
//! [`Html`] only grows by trusted markup (`&'static str`, in practice string literals), by text
//! (always escaped), by other [`Html`] and by links whose target is an [`Href`]. The [`html!`]
//! macro writes a template whose markup is a string literal and escapes every value it
//! interpolates; it refuses, at compile time, templates that could interpolate anything unescaped
//! (implicit `{name}` captures, format specs) or put a value in a URL attribute, which needs a
//! checked [`Href`] instead.

use std::fmt::{self, Display, Write as _};

/// A fragment of HTML: markup chosen by the program, text escaped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Html(String);

impl Html {
    /// An empty fragment.
    pub(super) fn new() -> Self {
        Self::default()
    }

    /// Appends trusted markup: only `'static` strings, i.e. literals and constants.
    pub(super) fn push_raw(&mut self, markup: &'static str) {
        self.0.push_str(markup);
    }

    /// Appends text, escaped for element content and quoted attribute values.
    pub(super) fn push_text(&mut self, text: &str) {
        // Writing to a `String` cannot fail.
        let _ = Escaper(&mut self.0).write_str(text);
    }

    /// Appends another fragment.
    pub(super) fn push(&mut self, other: &Html) {
        self.0.push_str(&other.0);
    }

    /// Appends a link target, escaped, for use inside a quoted `href` or `src` attribute.
    pub(super) fn push_href(&mut self, href: &Href) {
        self.push_text(&href.0);
    }

    /// Appends `<a href="…"{attributes}>{text}</a>`.
    pub(super) fn push_link(&mut self, href: &Href, attributes: &'static str, text: &str) {
        self.push_raw("<a href=\"");
        self.push_href(href);
        self.push_raw("\"");
        self.push_raw(attributes);
        self.push_raw(">");
        self.push_text(text);
        self.push_raw("</a>");
    }

    /// What [`html!`] expands to; call the macro instead, which escapes every argument.
    #[doc(hidden)]
    pub(super) fn push_template_with_escaped_args(&mut self, args: fmt::Arguments<'_>) {
        // Writing to a `String` cannot fail.
        let _ = self.0.write_fmt(args);
    }

    /// The markup.
    pub(super) fn into_string(self) -> String {
        self.0
    }
}

/// A link target that is safe in an `href`: a path on this origin, a `mailto:` address, or an
/// absolute web URL whose scheme was checked (never `javascript:` or `data:`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Href(String);

impl Href {
    /// A path below this origin, such as one of [`super::paths`].
    pub(super) fn path(path: &'static str) -> Self {
        Self(path.to_owned())
    }

    /// A path below this origin in a language: `/policy/?lang=nl`.
    pub(super) fn localized(path: &'static str, lang: crate::i18n::Lang) -> Self {
        Self(format!("{path}?lang={}", lang.tag()))
    }

    /// `mailto:` the address.
    pub(super) fn mailto(address: &crate::address::Email) -> Self {
        Self(format!("mailto:{address}"))
    }

    /// `url` if it is an `https://` URL with a host.
    pub(super) fn https(url: &str) -> Option<Self> {
        Self::web(url, &["https"])
    }

    /// `url` if it is an `http://` or `https://` URL with a host.
    pub(super) fn http_or_https(url: &str) -> Option<Self> {
        Self::web(url, &["http", "https"])
    }

    fn web(url: &str, schemes: &[&str]) -> Option<Self> {
        let ok = url::Url::parse(url)
            .is_ok_and(|u| schemes.contains(&u.scheme()) && u.host_str().is_some_and(|h| !h.is_empty()));
        ok.then(|| Self(url.to_owned()))
    }
}

/// Writes what it is given with `& < > " '` escaped.
struct Escaper<'a, W: fmt::Write>(&'a mut W);

impl<W: fmt::Write> fmt::Write for Escaper<'_, W> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        let mut rest = text;
        while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
            let (plain, special) = rest.split_at(at);
            self.0.write_str(plain)?;
            let mut chars = special.chars();
            self.0.write_str(match chars.next() {
                Some('&') => "&amp;",
                Some('<') => "&lt;",
                Some('>') => "&gt;",
                Some('"') => "&quot;",
                _ => "&#39;",
            })?;
            rest = chars.as_str();
        }
        self.0.write_str(rest)
    }
}

/// A value [`html!`] interpolates: displayed, then escaped.
pub(super) struct Escaped<'a, T: Display + ?Sized>(pub(super) &'a T);

impl<T: Display + ?Sized> Display for Escaped<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(Escaper(f), "{}", self.0)
    }
}

/// Whether `template` is fit for [`html!`]: its only placeholders are `{}` and `{N}` (so every
/// value comes from an escaped argument, never from an implicit capture or a format spec), and
/// none is the start of an `href` or `src` value (use [`Html::push_link`] with an [`Href`]).
pub(super) const fn template_is_safe(template: &str) -> bool {
    let bytes = template.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'{' {
            i += 1;
            continue;
        }
        if i + 1 < bytes.len() && bytes[i + 1] == b'{' {
            i += 2;
            continue;
        }
        if ends_with(bytes, i, b"href=\"") || ends_with(bytes, i, b"src=\"") {
            return false;
        }
        let mut j = i + 1;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            j += 1;
        }
        if j >= bytes.len() || bytes[j] != b'}' {
            return false;
        }
        i = j + 1;
    }
    true
}

/// Whether `bytes[..end]` ends with `suffix`.
const fn ends_with(bytes: &[u8], end: usize, suffix: &[u8]) -> bool {
    if end < suffix.len() {
        return false;
    }
    let start = end - suffix.len();
    let mut k = 0;
    while k < suffix.len() {
        if bytes[start + k] != suffix[k] {
            return false;
        }
        k += 1;
    }
    true
}

/// `html!(out, "<p>{}</p>\n", text)`: appends the template to `out` (an [`Html`]), the markup
/// being the string literal and every argument escaped. Placeholders are `{}` or `{N}` only; a
/// template with `{name}`, `{:…}` or a placeholder in `href="…"`/`src="…"` does not compile.
macro_rules! html {
    ($out:expr, $template:literal $(, $arg:expr)* $(,)?) => {{
        const _: () = assert!(
            $crate::publish::html::template_is_safe($template),
            "html! placeholders are `{{}}` or `{{N}}`, and never an href or src value"
        );
        $out.push_template_with_escaped_args(format_args!(
            $template $(, $crate::publish::html::Escaped(&$arg))*
        ));
    }};
}
pub(super) use html;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_wherever_it_goes() {
        let cases: &[(&str, &str)] = &[
            ("plain", "plain"),
            (r#"<img src=x onerror="alert('1')">&"#, "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;"),
            ("\"><script>", "&quot;&gt;&lt;script&gt;"),
            ("'", "&#39;"),
            ("&amp;", "&amp;amp;"),
            ("é — ü", "é — ü"),
        ];
        for (text, escaped) in cases {
            let mut by_text = Html::new();
            by_text.push_text(text);
            assert_eq!(by_text.into_string(), *escaped, "push_text {text:?}");

            let mut by_macro = Html::new();
            html!(by_macro, "<p title=\"{0}\">{0}{{}}</p>", text);
            assert_eq!(by_macro.into_string(), format!("<p title=\"{escaped}\">{escaped}{{}}</p>"), "html! {text:?}");

            let mut link = Html::new();
            link.push_link(&Href::path("/x"), " rel=\"x\"", text);
            assert_eq!(link.into_string(), format!("<a href=\"/x\" rel=\"x\">{escaped}</a>"));
        }
    }

    #[test]
    fn templates_that_could_skip_escaping_are_refused() {
        let cases: &[(&str, bool)] = &[
            ("<p>{}</p>", true),
            ("<p>{0}{1}{0}</p>", true),
            ("{{literal braces}}", true),
            ("<a href=\"/x\">{}</a>", true),
            ("<script src=\"/sealdrop.js\" data-fingerprint=\"{}\"></script>", true),
            ("<p>{name}</p>", false),
            ("<p>{:?}</p>", false),
            ("<p>{0:>5}</p>", false),
            ("<p>{", false),
            ("<a href=\"{}\">", false),
            ("<img src=\"{0}\">", false),
        ];
        for (template, safe) in cases {
            assert_eq!(template_is_safe(template), *safe, "{template:?}");
        }
    }

    #[test]
    fn only_web_urls_with_the_allowed_scheme_are_hrefs() {
        let cases: &[(&str, bool, bool)] = &[
            ("https://ada.example/", true, true),
            ("http://ada.example/", false, true),
            ("javascript:alert(1)", false, false),
            ("data:text/html,<script>alert(1)</script>", false, false),
            ("https://", false, false),
            ("/relative", false, false),
            ("", false, false),
        ];
        for (url, https, web) in cases {
            assert_eq!(Href::https(url).is_some(), *https, "https {url:?}");
            assert_eq!(Href::http_or_https(url).is_some(), *web, "http_or_https {url:?}");
        }
    }
}

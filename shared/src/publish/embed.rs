//! The embed snippet: what an organisation puts on its own page to show the reporting form with
//! the whole code chain pinned. `cargo xtask build` writes [`Embed`] (as `embed.json`) and prints
//! the snippet; the demo page and the tests embed it.

use serde::{Deserialize, Serialize};

use super::html::{Href, Html, html};
use crate::address::{Email, Origin};
use crate::key::Fingerprint;

/// The pinned loader of one build and what its fallback says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Embed {
    /// File name at the worker's root: `sealdrop-<hash>.js`.
    pub loader: String,
    /// The loader's Subresource Integrity hash, `sha384-…`.
    pub integrity: String,
    /// The organisation's name.
    pub organisation: String,
    /// The organisation's fallback contact.
    pub contact: Option<Email>,
    /// The organisation key's fingerprint.
    pub fingerprint: Fingerprint,
}

/// The `id` of the snippet's fallback element, which the loader hides while the form runs.
pub const FALLBACK_ID: &str = "sealdrop-fallback";

impl Embed {
    /// The snippet for a worker at `origin`: a static fallback (shown until the loader runs, and
    /// again when anything fails its check) and the loader, pinned by its hash.
    pub fn snippet(&self, origin: &Origin) -> String {
        let mut b = Html::new();
        html!(
            b,
            "<div id=\"{}\" class=\"sealdrop-fallback\"><p>To report a security vulnerability to {}, ",
            FALLBACK_ID,
            self.organisation
        );
        match &self.contact {
            Some(email) => {
                b.push_raw("e-mail ");
                b.push_link(&Href::mailto(email), "", email.as_str());
                html!(b, ", encrypted to our OpenPGP key <code>{}</code>.", self.fingerprint.grouped());
            }
            None => html!(b, "encrypt your report to our OpenPGP key <code>{}</code>.", self.fingerprint.grouped()),
        }
        b.push_raw("</p></div>\n");
        // An origin and a file name: always an http(s) URL; a loader name that would make it
        // anything else leaves the script out rather than write an unchecked `src`.
        if let Some(src) = Href::http_or_https(&format!("{}/{}", origin.as_str(), self.loader)) {
            b.push_raw("<script src=\"");
            b.push_href(&src);
            html!(
                b,
                "\" integrity=\"{}\" crossorigin=\"anonymous\" data-fallback=\"{}\" async></script>",
                self.integrity,
                FALLBACK_ID
            );
        }
        b.into_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_snippet_pins_the_loader_and_escapes_everything() {
        let embed = Embed {
            loader: "sealdrop-0123abcd.js".into(),
            integrity: "sha384-abc+/=".into(),
            organisation: "A & B <Security>".into(),
            contact: Some("security@example.com".parse().expect("email")),
            fingerprint: "0123456789ABCDEF0123456789ABCDEF01234567".parse().expect("fingerprint"),
        };
        let origin: Origin = "https://reports.example.com".parse().expect("origin");
        let snippet = embed.snippet(&origin);
        assert_eq!(
            snippet,
            "<div id=\"sealdrop-fallback\" class=\"sealdrop-fallback\"><p>To report a security vulnerability to \
             A &amp; B &lt;Security&gt;, e-mail <a href=\"mailto:security@example.com\">security@example.com</a>, \
             encrypted to our OpenPGP key <code>0123 4567 89AB CDEF 0123 4567 89AB CDEF 0123 4567</code>.</p></div>\n\
             <script src=\"https://reports.example.com/sealdrop-0123abcd.js\" integrity=\"sha384-abc+/=\" \
             crossorigin=\"anonymous\" data-fallback=\"sealdrop-fallback\" async></script>"
        );
    }
}

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

/// The unpinned frame's sandbox, as `widget/loader/sealdrop.js` sets it (the frame is
/// cross-origin to the host, so `allow-same-origin` is its own origin, not the host's).
pub const FRAME_SANDBOX: &str = "allow-scripts allow-same-origin allow-forms allow-downloads";

/// What the frame may use, as the loader allows it: the receipt's copy button.
pub const FRAME_ALLOW: &str = "clipboard-write";

/// The frame-only snippet's height in CSS pixels: the whole form without scrolling at common
/// widths (the loader resizes the frame to its content; without it the frame scrolls).
pub const FRAME_HEIGHT: u32 = 1800;

impl Embed {
    /// The snippet for a worker at `origin`: a static fallback (shown until the loader runs, and
    /// again when anything fails its check) and the loader, pinned by its hash.
    pub fn snippet(&self, origin: &Origin) -> String {
        let mut b = Html::new();
        html!(b, "<div id=\"{}\" class=\"sealdrop-fallback\"><p>", FALLBACK_ID);
        self.fallback(&mut b);
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

    /// The snippet for pages that cannot run a third-party script: the unpinned frame itself, with
    /// the keys pinned (`pins`: the organisation key and any staff keys), the host's origin (the
    /// only target of the frame's messages) and a fixed height (nothing on the page resizes it),
    /// then the fallback line. The form's code is not pinned: the worker serves it.
    pub fn frame_snippet(&self, origin: &Origin, pins: &[&Fingerprint], host: &Origin) -> String {
        let mut b = Html::new();
        let fpr = pins.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(",");
        let url = format!("{}/widget/?fpr={fpr}&host={}", origin.as_str(), host.as_str());
        if let Some(src) = Href::http_or_https(&url) {
            b.push_raw("<iframe src=\"");
            b.push_href(&src);
            html!(
                b,
                "\" title=\"Report a security vulnerability to {}\" class=\"sealdrop-frame\" width=\"100%\" height=\"{}\" \
                 sandbox=\"{}\" allow=\"{}\" referrerpolicy=\"no-referrer\"></iframe>\n",
                self.organisation,
                FRAME_HEIGHT,
                FRAME_SANDBOX,
                FRAME_ALLOW
            );
        }
        b.push_raw("<p class=\"sealdrop-fallback\">Form not loading? ");
        self.fallback(&mut b);
        b.push_raw("</p>");
        b.into_string()
    }

    /// "To report a security vulnerability to …, e-mail … encrypted to our OpenPGP key …."
    fn fallback(&self, b: &mut Html) {
        html!(b, "To report a security vulnerability to {}, ", self.organisation);
        match &self.contact {
            Some(email) => {
                b.push_raw("e-mail ");
                b.push_link(&Href::mailto(email), "", email.as_str());
                html!(b, ", encrypted to our OpenPGP key <code>{}</code>.", self.fingerprint.grouped());
            }
            None => html!(b, "encrypt your report to our OpenPGP key <code>{}</code>.", self.fingerprint.grouped()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_frame_snippet_pins_the_keys_and_names_the_host() {
        let embed = Embed {
            loader: "sealdrop-0123abcd.js".into(),
            integrity: "sha384-abc".into(),
            organisation: "A & B".into(),
            contact: None,
            fingerprint: "0123456789ABCDEF0123456789ABCDEF01234567".parse().expect("fingerprint"),
        };
        let pins: Vec<Fingerprint> =
            ["0123456789ABCDEF0123456789ABCDEF01234567", "89ABCDEF0123456789ABCDEF0123456789ABCDEF"]
                .iter()
                .map(|f| f.parse().expect("fingerprint"))
                .collect();
        let origin: Origin = "https://reports.example.com".parse().expect("origin");
        let host: Origin = "https://www.example.com".parse().expect("origin");
        assert_eq!(
            embed.frame_snippet(&origin, &pins.iter().collect::<Vec<_>>(), &host),
            "<iframe src=\"https://reports.example.com/widget/?fpr=0123456789ABCDEF0123456789ABCDEF01234567,\
             89ABCDEF0123456789ABCDEF0123456789ABCDEF&amp;host=https://www.example.com\" \
             title=\"Report a security vulnerability to A &amp; B\" class=\"sealdrop-frame\" width=\"100%\" height=\"1800\" \
             sandbox=\"allow-scripts allow-same-origin allow-forms allow-downloads\" allow=\"clipboard-write\" \
             referrerpolicy=\"no-referrer\"></iframe>\n\
             <p class=\"sealdrop-fallback\">Form not loading? To report a security vulnerability to A &amp; B, \
             encrypt your report to our OpenPGP key <code>0123 4567 89AB CDEF 0123 4567 89AB CDEF 0123 4567</code>.</p>"
        );
    }

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

//! The reporter's languages: the four the form, the policy page, the hall of fame and the
//! follow-up view speak ([`Lang`]), their Fluent catalogues (`i18n/*.ftl`, compiled in) and the
//! choice of one for a reporter ([`Lang::choose`]).
//!
//! Every string a reporter reads is a message of `i18n/en.ftl` with the same message in each other
//! catalogue; `tests/it/i18n.rs` fails when one is missing, has an attribute the English one lacks,
//! or uses a placeholder the English one does not give. Texts are never put together from pieces:
//! a sentence with a value in it is one message with a placeholder (`{ $days }`), and plurals are
//! Fluent selectors over a number.
//!
//! The staff side (mail, CLI) stays English and reads the English catalogue where it shows the
//! reporter's field labels.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use serde::{Deserialize, Serialize};

pub use fluent_bundle::FluentValue as Arg;

/// A language of the reporter's side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English: the catalogue every other one is checked against.
    En,
    /// Dutch.
    Nl,
    /// French.
    Fr,
    /// German.
    De,
}

impl Lang {
    /// Every language, English first.
    pub const ALL: [Lang; 4] = [Lang::En, Lang::Nl, Lang::Fr, Lang::De];

    /// The BCP 47 tag (`lang` attributes, `data-lang`).
    pub const fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nl => "nl",
            Lang::Fr => "fr",
            Lang::De => "de",
        }
    }

    /// The language's name in itself, as the language switch shows it.
    pub const fn autonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Nl => "Nederlands",
            Lang::Fr => "Français",
            Lang::De => "Deutsch",
        }
    }

    /// The catalogue's source.
    pub const fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("i18n/en.ftl"),
            Lang::Nl => include_str!("i18n/nl.ftl"),
            Lang::Fr => include_str!("i18n/fr.ftl"),
            Lang::De => include_str!("i18n/de.ftl"),
        }
    }

    /// The language of a BCP 47 tag, by its primary subtag (`nl-BE` is Dutch), if it is one of
    /// the four.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?;
        Lang::ALL.into_iter().find(|l| l.tag().eq_ignore_ascii_case(primary))
    }

    /// The languages of a policy's `organisation.languages` the reporter's side speaks, in the
    /// policy's order; English when it lists none of them.
    pub fn offered(languages: &[String]) -> Vec<Lang> {
        let mut offered: Vec<Lang> = Vec::new();
        for lang in languages.iter().filter_map(|l| Lang::parse(l)) {
            if !offered.contains(&lang) {
                offered.push(lang);
            }
        }
        if offered.is_empty() {
            offered.push(Lang::En);
        }
        offered
    }

    /// The first of the `wanted` tags (most wanted first: `data-lang`, the host page's `lang`, the
    /// browser's languages) that is `offered`; else the policy's first language.
    pub fn choose<'a>(wanted: impl IntoIterator<Item = &'a str>, offered: &[Lang]) -> Lang {
        wanted
            .into_iter()
            .filter_map(Lang::parse)
            .find(|l| offered.contains(l))
            .or_else(|| offered.first().copied())
            .unwrap_or(Lang::En)
    }

    /// The catalogue, parsed on first use.
    pub fn messages(self) -> &'static Messages {
        static CATALOGUES: [OnceLock<Messages>; Lang::ALL.len()] = [const { OnceLock::new() }; Lang::ALL.len()];
        CATALOGUES[self as usize].get_or_init(|| Messages::new(self))
    }

    /// The message `id` (or `id.attribute`), with no placeholders.
    pub fn t(self, id: &str) -> String {
        self.messages().format(id, &[])
    }

    /// The message `id` (or `id.attribute`) with its placeholders filled in.
    pub fn tf(self, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        self.messages().format(id, args)
    }

    /// A size for people in this language: `1.5 MiB` / `1,5 MiB`, `200 bytes` / `200 octets`.
    pub fn size(self, bytes: u64) -> String {
        const KIB: f64 = 1024.0;
        let b = bytes as f64;
        let (value, unit) = if b >= KIB * KIB {
            (format!("{:.1}", b / KIB / KIB), "size-mib")
        } else if b >= KIB {
            (format!("{:.1}", b / KIB), "size-kib")
        } else {
            return self.tf("size-bytes", &[("n", Arg::from(bytes))]);
        };
        self.tf(unit, &[("n", Arg::from(self.decimal(&value)))])
    }

    /// A whole number with the language's digit grouping: `40,000`, `40.000`, `40 000` (a narrow
    /// no-break space in French), `40.000`.
    pub fn integer(self, n: u64) -> String {
        let digits = n.to_string();
        let separator = match self {
            Lang::En => ",",
            Lang::Nl | Lang::De => ".",
            Lang::Fr => "\u{202F}",
        };
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(separator);
            }
            out.push(c);
        }
        out
    }

    /// A number written with `.` as the decimal mark, in this language's way.
    pub fn decimal(self, number: &str) -> String {
        match self {
            Lang::En => number.to_owned(),
            Lang::Nl | Lang::Fr | Lang::De => number.replace('.', ","),
        }
    }

    /// A calendar day for people: `7 December 2026`, `7. Dezember 2026`.
    pub fn date(self, day: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        let month = self.t(&format!("month-{}", day.month()));
        self.tf("date", &[("day", Arg::from(day.day())), ("month", Arg::from(month)), ("year", Arg::from(day.year()))])
    }

    /// An instant for people, in the offset it is given in: `Monday 7 December 2026, 23:59
    /// (UTC+01:00)`.
    pub fn date_time<Z: chrono::TimeZone>(self, at: &chrono::DateTime<Z>) -> String
    where
        Z::Offset: std::fmt::Display,
    {
        use chrono::{Datelike, Timelike};
        let weekday = self.t(&format!("weekday-{}", at.weekday().number_from_monday()));
        let offset = at.format("%:z").to_string();
        self.tf(
            "date-time",
            &[
                ("weekday", Arg::from(weekday)),
                ("date", Arg::from(self.date(at.date_naive()))),
                ("time", Arg::from(format!("{:02}:{:02}", at.hour(), at.minute()))),
                ("offset", Arg::from(offset)),
            ],
        )
    }
}

/// One language's parsed catalogue.
pub struct Messages {
    lang: Lang,
    bundle: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for Messages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Messages").field("lang", &self.lang).finish_non_exhaustive()
    }
}

impl Messages {
    fn new(lang: Lang) -> Self {
        // A syntax error keeps the messages that parsed; tests/it/i18n.rs refuses any.
        let resource = FluentResource::try_new(lang.source().to_owned()).unwrap_or_else(|(partial, _)| partial);
        let tag = lang.tag().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![tag]);
        // No Unicode isolation marks around placeholders: every language here is left to right,
        // and the marks would end up in copied text.
        bundle.set_use_isolating(false);
        let _ = bundle.add_resource(resource);
        Self { lang, bundle }
    }

    /// Whether the catalogue has `id` (or `id.attribute`).
    pub fn has(&self, id: &str) -> bool {
        let (message, attribute) = split(id);
        self.bundle.get_message(message).is_some_and(|m| match attribute {
            Some(a) => m.get_attribute(a).is_some(),
            None => m.value().is_some(),
        })
    }

    /// The message with its placeholders; a message this catalogue lacks comes from English (a
    /// test keeps that from happening), and one English lacks is its id.
    pub fn format(&self, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        if !self.has(id) && self.lang != Lang::En {
            return Lang::En.messages().format(id, args);
        }
        let (message, attribute) = split(id);
        let Some(m) = self.bundle.get_message(message) else { return id.to_owned() };
        let pattern = match attribute {
            Some(a) => m.get_attribute(a).map(|a| a.value()),
            None => m.value(),
        };
        let Some(pattern) = pattern else { return id.to_owned() };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        let mut errors = Vec::new();
        self.bundle.format_pattern(pattern, Some(&fluent_args), &mut errors).into_owned()
    }
}

fn split(id: &str) -> (&str, Option<&str>) {
    match id.split_once('.') {
        Some((m, a)) => (m, Some(a)),
        None => (id, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_is_chosen_from_what_is_wanted_and_offered() {
        let offered = Lang::offered(&["nl".into(), "en".into(), "it".into(), "nl-BE".into()]);
        assert_eq!(offered, [Lang::Nl, Lang::En]);
        for (wanted, want) in [
            (vec!["de", "en-GB"], Lang::En),
            (vec!["EN"], Lang::En),
            (vec!["fr-CA", "nl_NL"], Lang::Nl),
            (vec![], Lang::Nl),
            (vec!["xx", ""], Lang::Nl),
        ] {
            assert_eq!(Lang::choose(wanted.iter().copied(), &offered), want, "{wanted:?}");
        }
        assert_eq!(Lang::offered(&["it".into()]), [Lang::En]);
    }

    #[test]
    fn sizes_and_dates_are_written_the_languages_way() {
        assert_eq!(Lang::En.size(1536 * 1024), "1.5 MiB");
        assert_eq!(Lang::De.size(1536 * 1024), "1,5 MiB");
        assert_eq!(Lang::Fr.size(1536), "1,5 Kio");
        assert_eq!(Lang::Nl.size(12), "12 bytes");
        assert_eq!(Lang::En.integer(40_000), "40,000");
        assert_eq!(Lang::De.integer(1_234_567), "1.234.567");
        assert_eq!(Lang::Fr.integer(999), "999");
        assert_eq!(Lang::Fr.integer(12_000), "12\u{202F}000");
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).expect("a day");
        assert_eq!(Lang::En.date(day), "7 December 2026");
        assert_eq!(Lang::De.date(day), "7. Dezember 2026");
        assert_eq!(Lang::Fr.date(day), "7 décembre 2026");
        assert_eq!(Lang::Nl.date(day), "7 december 2026");
    }

    #[test]
    fn placeholders_and_plurals_are_filled_in() {
        assert_eq!(
            Lang::En.tf("form-summary", &[("count", Arg::from(1))]),
            "1 field needs your attention before the report can be sent."
        );
        assert_eq!(
            Lang::En.tf("form-summary", &[("count", Arg::from(3))]),
            "3 fields need your attention before the report can be sent."
        );
        assert_eq!(Lang::En.t("no-such-message"), "no-such-message");
    }
}

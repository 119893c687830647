//! A text of the policy in one language or several: `introduction = "…"` (in the policy's first
//! language) or `introduction = { en = "…", nl = "…" }`. The reporter reads it in their language
//! when the policy gives it, else in the policy's first language, marked with that language's tag
//! (`lang="en"`) so that a screen reader pronounces it right.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A policy text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Localized {
    /// One text, in the policy's first language.
    One(String),
    /// The text per language tag (each one of the policy's languages, the first among them).
    Many(BTreeMap<String, String>),
}

/// A text as shown: the words and the tag of the language they are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown<'a> {
    /// The text.
    pub text: &'a str,
    /// Its language (a tag of the policy's `languages`).
    pub lang: &'a str,
}

impl Localized {
    /// The text in `lang` (a tag), else in the policy's `first` language.
    pub fn get<'a>(&'a self, lang: &str, first: &'a str) -> Shown<'a> {
        match self {
            Localized::One(text) => Shown { text, lang: first },
            Localized::Many(texts) => {
                let found = texts.iter().find(|(tag, _)| same_language(tag, lang));
                let (tag, text) = found
                    .or_else(|| texts.iter().find(|(tag, _)| same_language(tag, first)))
                    .or_else(|| texts.iter().next())
                    .map_or((first, ""), |(tag, text)| (tag.as_str(), text.as_str()));
                Shown { text, lang: tag }
            }
        }
    }

    /// Every text it holds, with its language.
    pub fn all<'a>(&'a self, first: &'a str) -> Vec<Shown<'a>> {
        match self {
            Localized::One(text) => vec![Shown { text, lang: first }],
            Localized::Many(texts) => texts.iter().map(|(lang, text)| Shown { text, lang }).collect(),
        }
    }

    /// Why it does not fit a policy whose languages are `languages` (first first): a table must
    /// give the first language and only the policy's languages, and no text may be empty.
    pub fn check(&self, languages: &[String]) -> Result<(), String> {
        let Localized::Many(texts) = self else {
            return match self {
                Localized::One(t) if t.trim().is_empty() => Err("the text is empty".to_owned()),
                _ => Ok(()),
            };
        };
        let first = languages.first().map_or("en", String::as_str);
        if !texts.keys().any(|tag| same_language(tag, first)) {
            return Err(format!("give the text in the policy's first language, {first}"));
        }
        if let Some(tag) = texts.keys().find(|tag| !languages.iter().any(|l| l == *tag)) {
            return Err(format!("{tag} is not one of organisation.languages ({})", languages.join(", ")));
        }
        if let Some((tag, _)) = texts.iter().find(|(_, t)| t.trim().is_empty()) {
            return Err(format!("the {tag} text is empty"));
        }
        Ok(())
    }
}

impl From<&str> for Localized {
    fn from(text: &str) -> Self {
        Localized::One(text.to_owned())
    }
}

/// Whether two tags name the same language (`nl` and `nl-BE`; case does not matter).
fn same_language(a: &str, b: &str) -> bool {
    let primary = |t: &str| t.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
    a.eq_ignore_ascii_case(b) || primary(a) == primary(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn many(pairs: &[(&str, &str)]) -> Localized {
        Localized::Many(pairs.iter().map(|(l, t)| ((*l).to_owned(), (*t).to_owned())).collect())
    }

    #[test]
    fn the_reporters_language_else_the_first_marked_with_its_tag() {
        let text = many(&[("en", "Hello"), ("nl", "Hallo")]);
        assert_eq!(text.get("nl", "en"), Shown { text: "Hallo", lang: "nl" });
        assert_eq!(text.get("fr", "en"), Shown { text: "Hello", lang: "en" });
        assert_eq!(Localized::from("Hello").get("de", "en"), Shown { text: "Hello", lang: "en" });
        assert_eq!(many(&[("en", "Hello"), ("nl-BE", "Hallo")]).get("nl", "en").text, "Hallo");
    }

    #[test]
    fn a_table_gives_the_first_language_and_only_the_policys() {
        let languages = ["en".to_owned(), "nl".to_owned()];
        assert!(many(&[("en", "a"), ("nl", "b")]).check(&languages).is_ok());
        assert!(many(&[("nl", "b")]).check(&languages).expect_err("refused").contains("first language, en"));
        assert!(many(&[("en", "a"), ("fr", "b")]).check(&languages).expect_err("refused").contains("fr is not one of"));
        assert!(many(&[("en", "a"), ("nl", " ")]).check(&languages).expect_err("refused").contains("nl text is empty"));
        assert!(Localized::from(" ").check(&languages).is_err());
    }
}

//! Interface text through Fluent: `locales/<lang>/main.ftl`, compiled into the binary.
//! Content text (projects, ideas, ...) is translated by people and stored per locale;
//! this crate is for the words of the interface itself.

use std::collections::HashMap;
use std::sync::{LazyLock, RwLock};

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, static_loader};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // No Unicode isolation marks around arguments: they show as boxes in some
        // mail clients and break plain-text tests.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

pub use fluent_templates::fluent_bundle::FluentValue as Value;

fn langid(locale: &str) -> LanguageIdentifier {
    locale.parse().unwrap_or_default()
}

/// Messages without arguments, formatted once per language: a page shows dozens, and
/// Fluent negotiates the language and formats the message at every lookup.
static PLAIN: LazyLock<RwLock<HashMap<String, HashMap<String, String>>>> = LazyLock::new(RwLock::default);

/// The text for `id` in `locale`, falling back to English, then to the id itself so a
/// missing string is visible rather than blank.
pub fn t(locale: &str, id: &str) -> String {
    if let Ok(known) = PLAIN.read()
        && let Some(text) = known.get(locale).and_then(|messages| messages.get(id))
    {
        return text.clone();
    }
    let lang = langid(locale);
    let Some(text) = LOCALES.try_lookup(&lang, id) else { return id.to_owned() };
    // Only messages that exist, in languages that exist: the memory stays bounded
    // whatever ids and locales callers pass.
    if LOCALES.locales().any(|l| *l == lang)
        && let Ok(mut known) = PLAIN.write()
    {
        known.entry(locale.to_owned()).or_default().insert(id.to_owned(), text.clone());
    }
    text
}

pub fn t_args(locale: &str, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let args: HashMap<std::borrow::Cow<'static, str>, FluentValue<'_>> =
        args.iter().map(|(k, v)| (std::borrow::Cow::Owned((*k).to_owned()), v.clone())).collect();
    LOCALES.try_lookup_with_args(&langid(locale), id, &args).unwrap_or_else(|| id.to_owned())
}

/// Whether `locale`'s own file defines `id` (not through the English fallback): the
/// test that every string and error code is translated uses it.
pub fn has(locale: &str, id: &str) -> bool {
    // A message that needs arguments fails to format without them, but it is there:
    // only "could not retrieve" means it is missing (the library does not export its
    // error type; the test below fails if its wording changes).
    let lang = langid(locale);
    if !LOCALES.locales().any(|l| *l == lang) {
        return false;
    }
    match LOCALES.lookup_single_language::<&str>(&lang, id, None) {
        Ok(_) => true,
        Err(e) => !e.to_string().starts_with("Couldn't retrieve message"),
    }
}

/// The languages there is a folder for in `locales/`, found when compiling: adding a
/// language is adding its folder (and its code to `agora_core::LOCALES`, which a test
/// checks against this list).
pub fn available() -> Vec<String> {
    let mut all: Vec<String> = LOCALES.locales().map(|l| l.to_string()).collect();
    all.sort();
    all
}

/// Every message id of the English file, the reference for the other locales.
pub fn message_ids() -> Vec<&'static str> {
    include_str!("../locales/en/main.ftl")
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.starts_with('#') && !l.starts_with('-'))
        .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim()))
        .filter(|id| !id.is_empty())
        .collect()
}

/// The best supported locale in an `Accept-Language` header, by quality.
pub fn negotiate(accept_language: &str, supported: &[&'static str]) -> Option<&'static str> {
    let mut choices: Vec<(f32, &str)> = accept_language
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next()?.trim();
            let q = pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
            Some((q, tag))
        })
        .collect();
    choices.sort_by(|a, b| b.0.total_cmp(&a.0));
    choices.iter().find_map(|(_, tag)| {
        let primary = tag.split('-').next()?.to_ascii_lowercase();
        supported.iter().copied().find(|s| *s == primary)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_by_quality() {
        let supported = ["en", "nl", "fr"];
        assert_eq!(negotiate("fr-BE,fr;q=0.9,en;q=0.8", &supported), Some("fr"));
        assert_eq!(negotiate("de-DE, nl;q=0.5, en;q=0.7", &supported), Some("en"));
        assert_eq!(negotiate("de", &supported), None);
        assert_eq!(negotiate("", &supported), None);
    }

    #[test]
    fn every_english_message_is_translated() {
        let ids = message_ids();
        assert!(ids.len() > 50, "{}", ids.len());
        for locale in available() {
            let missing: Vec<_> = ids.iter().filter(|id| !has(&locale, id)).collect();
            assert!(missing.is_empty(), "{locale} lacks {missing:?}");
        }
        assert!(!has("nl", "no-such-message") && has("nl", "ideas-count") && !has("xx", "ideas-count"));
    }

    #[test]
    fn arguments_are_filled_in() {
        assert_eq!(t_args("en", "ideas-count", &[("count", 1.into())]), "1 idea");
        assert_eq!(t_args("nl", "ideas-count", &[("count", 3.into())]), "3 ideeën");
    }
}

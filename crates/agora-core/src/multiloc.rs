//! Text stored per locale (`{"en": "...", "nl": "..."}`) with a fallback chain.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::DEFAULT_LOCALE;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Multiloc(pub BTreeMap<String, String>);

impl Multiloc {
    pub fn new(locale: &str, text: impl Into<String>) -> Self {
        let mut map = BTreeMap::new();
        map.insert(locale.to_owned(), text.into());
        Multiloc(map)
    }

    /// The text in `locale`, else in the platform default, else in any locale that has
    /// text, else the empty string: a resident never sees a blank where a translation
    /// is missing.
    pub fn text(&self, locale: &str) -> &str {
        [locale, DEFAULT_LOCALE]
            .iter()
            .filter_map(|l| self.0.get(*l))
            .chain(self.0.values())
            .find(|t| !t.trim().is_empty())
            .map(String::as_str)
            .unwrap_or("")
    }

    /// The locale of the text `text(locale)` gives, or None when there is none: it
    /// differs from `locale` when a translation is missing.
    pub fn locale_of(&self, locale: &str) -> Option<&str> {
        [locale, DEFAULT_LOCALE]
            .iter()
            .filter_map(|l| self.0.get_key_value(*l))
            .chain(self.0.iter())
            .find(|(_, t)| !t.trim().is_empty())
            .map(|(l, _)| l.as_str())
    }

    /// Whether the text is present in `locale` itself (not through the fallback).
    pub fn has(&self, locale: &str) -> bool {
        self.0.get(locale).is_some_and(|t| !t.trim().is_empty())
    }

    pub fn is_blank(&self) -> bool {
        self.0.values().all(|t| t.trim().is_empty())
    }

    /// Sets one locale's text, keeping the others (an edit in Dutch leaves the French).
    pub fn set(&mut self, locale: &str, text: impl Into<String>) {
        self.0.insert(locale.to_owned(), text.into());
    }

    pub fn map(&self, f: impl Fn(&str) -> String) -> Multiloc {
        Multiloc(self.0.iter().map(|(l, t)| (l.clone(), f(t))).collect())
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_else(|_| "{}".to_owned())
    }

    /// Reads a stored value; a corrupt value reads as empty rather than failing a page.
    pub fn from_json(json: &str) -> Multiloc {
        serde_json::from_str(json).unwrap_or_default()
    }

    /// All texts joined, for the full-text index (every locale is searchable).
    pub fn joined(&self) -> String {
        self.0.values().map(String::as_str).collect::<Vec<_>>().join("\n")
    }
}

/// Written by hand rather than derived, to name the locales a text may have.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Multiloc {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(
                "A text per locale, e.g. {\"en\": \"Bike lane\", \"nl\": \"Fietspad\"}. Readers fall back to the \
                 platform's default locale, then to any locale that has text. In request bodies an unknown locale is \
                 refused (`unknown_locale`) and blank texts are dropped.",
            ))
            .property_names(Some(ObjectBuilder::new().schema_type(Type::String).enum_values(Some(crate::LOCALES))))
            .additional_properties(Some(ObjectBuilder::new().schema_type(Type::String)))
            .examples([serde_json::json!({"en": "Bike lane on the Coupure", "nl": "Fietspad langs de Coupure"})])
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Multiloc {}

#[cfg(test)]
mod tests {
    use super::*;

    fn ml(pairs: &[(&str, &str)]) -> Multiloc {
        Multiloc(pairs.iter().map(|(l, t)| (l.to_string(), t.to_string())).collect())
    }

    #[test]
    fn falls_back_to_default_then_any() {
        let m = ml(&[("en", "Bike lane"), ("nl", "Fietspad")]);
        assert_eq!(m.text("nl"), "Fietspad");
        assert_eq!(m.text("fr"), "Bike lane");
        let only_fr = ml(&[("fr", "Piste cyclable"), ("nl", " ")]);
        assert_eq!(only_fr.text("nl"), "Piste cyclable");
        assert_eq!(Multiloc::default().text("en"), "");
        assert_eq!((m.locale_of("nl"), m.locale_of("fr")), (Some("nl"), Some("en")));
        assert_eq!((only_fr.locale_of("nl"), Multiloc::default().locale_of("en")), (Some("fr"), None));
    }

    #[test]
    fn set_keeps_other_locales_and_json_round_trips() {
        let mut m = ml(&[("en", "a")]);
        m.set("nl", "b");
        assert_eq!(Multiloc::from_json(&m.to_json()), m);
        assert!(m.has("nl") && !m.has("fr"));
        assert_eq!(Multiloc::from_json("not json"), Multiloc::default());
    }
}

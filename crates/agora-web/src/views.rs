//! What templates are given: small view models built from use-case results, so the
//! templates stay free of logic.

use std::collections::HashMap;

use agora_app::catalog::Tag;
use agora_app::ideas::Idea;
use agora_core::markdown::excerpt;
use agora_core::reaction::Mode;
use agora_core::{Code, Error, Id, Micros, Multiloc, to_datetime};
use askama::Template;
use axum::response::Html;

use crate::context::Ctx;
use crate::paths;

/// Changes the asset URLs when the assets change, so they can be cached for long.
pub const ASSET_VERSION: &str = env!("CARGO_PKG_VERSION");

pub fn date(micros: Micros) -> String {
    to_datetime(micros).format("%Y-%m-%d").to_string()
}

/// A moment to the minute, for staff (times are UTC).
pub fn date_time(micros: Micros) -> String {
    to_datetime(micros).format("%Y-%m-%d %H:%M UTC").to_string()
}

/// Errors of a form, translated, by field; `general` is for the error as a whole.
#[derive(Default, Debug)]
pub struct FormErrors {
    fields: HashMap<String, String>,
    general: Option<String>,
}

impl FormErrors {
    pub fn from_error(e: &Error, locale: &str) -> FormErrors {
        let mut errors = FormErrors::default();
        for f in &e.fields {
            errors
                .fields
                .entry(f.field.clone())
                .or_insert_with(|| crate::error::field_message(locale, f.problem, f.limit));
        }
        errors.general = Some(crate::error::message(e, locale));
        errors
    }

    /// Renames a field (a use case's `title` is the form's `topic_title`).
    pub fn rename(mut self, from: &str, to: &str) -> Self {
        if let Some(message) = self.fields.remove(from) {
            self.fields.insert(to.to_owned(), message);
        }
        self
    }

    pub fn get(&self, field: &str) -> Option<String> {
        self.fields.get(field).cloned()
    }

    /// Says more than the error's own message.
    pub fn set_general(&mut self, message: String) {
        self.general = Some(message);
    }

    pub fn general(&self) -> Option<String> {
        self.general.clone()
    }
}

/// A form that failed only for reasons a person can fix is shown again; anything else
/// (not signed in, not allowed, not found) becomes the error page.
pub fn form_errors(e: Error, locale: &str) -> Result<FormErrors, Error> {
    match e.code {
        Code::InvalidInput
        | Code::EmailTaken
        | Code::SlugTaken
        | Code::InvalidCredentials
        | Code::PhasesOverlap
        | Code::RateLimited => Ok(FormErrors::from_error(&e, locale)),
        _ => Err(e),
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    ctx: &'a Ctx,
    title: String,
    message: String,
    fields: Vec<String>,
}

pub fn error_page(e: &Error, locale: &'static str, prefix: &'static str) -> Html<String> {
    let ctx = Ctx {
        locale,
        prefix,
        path: "/".to_owned(),
        user: None,
        actor: None,
        guest: None,
        session_token: None,
        api_token: None,
        csrf: String::new(),
        client_ip: String::new(),
        visitor: String::new(),
        unread_notifications: 0,
        done: None,
    };
    let page = ErrorPage {
        ctx: &ctx,
        title: agora_i18n::t(locale, &format!("error-title-{}", crate::error::status(e.code).as_u16())),
        message: crate::error::message(e, locale),
        fields: e.fields.iter().map(|f| crate::error::field_message(locale, f.problem, f.limit)).collect(),
    };
    Html(page.render().unwrap_or_else(|_| "Error".to_owned()))
}

/// A text in the page's language or, where it has none, in another: then it carries
/// that language, so that a screen reader reads it with the right voice.
pub struct Localized {
    pub text: String,
    lang: Option<&'static str>,
}

impl Localized {
    pub fn of(ctx: &Ctx, text: &Multiloc) -> Localized {
        Localized::shaped(ctx, text, str::to_owned)
    }

    /// The text turned into what the page shows (an excerpt, say).
    pub fn shaped(ctx: &Ctx, text: &Multiloc, shape: impl Fn(&str) -> String) -> Localized {
        let lang = text.locale_of(ctx.locale).filter(|l| *l != ctx.locale);
        // Only the languages Agora knows: the value goes into an attribute unescaped.
        let lang = lang.and_then(|l| agora_core::LOCALES.iter().copied().find(|known| *known == l));
        Localized { text: shape(text.text(ctx.locale)), lang }
    }

    /// ` lang="fr"` when the text is not in the page's language, else nothing.
    pub fn lang_attr(&self) -> String {
        self.lang.map(|l| format!(" lang=\"{l}\"")).unwrap_or_default()
    }
}

impl std::fmt::Display for Localized {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

pub struct IdeaCard {
    pub url: String,
    pub title: Localized,
    pub excerpt: Localized,
    pub author: Option<String>,
    pub topics: Vec<String>,
    pub status_code: String,
    pub status_title: String,
    pub likes: i64,
    pub dislikes: i64,
    pub comments: i64,
    /// The message naming the viewer's own reaction, if any.
    pub viewer_reaction: Option<&'static str>,
}

pub fn idea_card(ctx: &Ctx, idea: &Idea, topics: &[Tag]) -> IdeaCard {
    IdeaCard {
        url: ctx.link(&paths::idea(idea.id)),
        title: Localized::of(ctx, &idea.title),
        excerpt: Localized::shaped(ctx, &idea.body, |body| excerpt(body, 180)),
        author: idea.author.as_ref().map(|a| a.name.clone()),
        topics: tag_titles(ctx, topics, &idea.topic_ids),
        status_code: idea.status.code.clone(),
        status_title: idea.status.title.text(ctx.locale).to_owned(),
        likes: idea.likes_count,
        dislikes: idea.dislikes_count,
        comments: idea.comments_count,
        viewer_reaction: idea.viewer_reaction.map(|mode| match mode {
            Mode::Up => "you-like",
            Mode::Down => "you-dislike",
        }),
    }
}

pub fn tag_titles(ctx: &Ctx, tags: &[Tag], ids: &[Id]) -> Vec<String> {
    tags.iter().filter(|t| ids.contains(&t.id)).map(|t| t.title.text(ctx.locale).to_owned()).collect()
}

/// An amount of the city's currency, in whole euros with the locale's thousands
/// separator ("€ 120,000", "€ 120.000", "120 000 €"). The currency becomes a setting of
/// the city with branding; until then Agora counts in euros.
pub fn money(locale: &str, amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let separator = match locale {
        "nl" => ".",
        "fr" => "\u{202f}",
        _ => ",",
    };
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push_str(separator);
        }
        grouped.push(c);
    }
    let sign = if amount < 0 { "-" } else { "" };
    match locale {
        "fr" => format!("{sign}{grouped}\u{a0}€"),
        _ => format!("€\u{a0}{sign}{grouped}"),
    }
}

/// Why an option won or lost, in a sentence; `titles` names the options.
pub fn why_text(locale: &str, why: &agora_core::results::Why, titles: &HashMap<Id, String>, budget: bool) -> String {
    use agora_core::results::Why;
    let t = |key: &str| agora_i18n::t_args(locale, key, &[]);
    match why {
        Why::SharedCost { voters } => agora_i18n::t_args(locale, "why-shared-cost", &[("voters", (*voters).into())]),
        Why::ByVotes if budget => t("why-by-votes"),
        Why::ByVotes => t("why-by-votes-places"),
        Why::Completion => t("why-completion"),
        Why::SpentElsewhere { on } => {
            let names: Vec<String> =
                on.iter().map(|id| titles.get(id).cloned().unwrap_or_else(|| format!("#{id}"))).collect();
            let options = match names.as_slice() {
                [first, second] => agora_i18n::t_args(
                    locale,
                    "list-and",
                    &[("first", first.clone().into()), ("second", second.clone().into())],
                ),
                _ => names.join(", "),
            };
            agora_i18n::t_args(locale, "why-spent-elsewhere", &[("options", options.into())])
        }
        Why::NoRoom if budget => t("why-no-room"),
        Why::NoRoom => t("why-no-place"),
        Why::NoVotes => t("why-no-votes"),
    }
}

//! Confirmation before anything destructive, and a word after it, without JavaScript.
//! A delete button posts its form; without `confirmed` the answer is a page that says
//! what will be lost and asks again, with a button that posts the same form confirmed.
//! After the deed, the redirect carries `?done=<what>`, which the next page shows.

use askama::Template;
use askama_web::WebTemplate;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{checked, see_other};
use crate::context::Ctx;

/// The form of a destructive button.
#[derive(Deserialize)]
pub struct DeleteForm {
    confirmed: Option<String>,
}

impl DeleteForm {
    pub fn confirmed(&self) -> bool {
        checked(&self.confirmed)
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "confirm.html")]
pub struct Confirm {
    ctx: Ctx,
    question: String,
    details: Vec<String>,
    action: String,
    button: String,
    back: String,
}

impl Confirm {
    /// Asks `question` before posting again to `action`; `back` is where "cancel" goes.
    pub fn new(ctx: Ctx, question: String, action: String, button: String, back: String) -> Confirm {
        Confirm { ctx, question, details: Vec::new(), action, button, back }
    }

    /// What will be lost or changed, in a sentence.
    pub fn detail(mut self, line: String) -> Confirm {
        self.details.push(line);
        self
    }
}

macro_rules! done {
    ($($variant:ident => $key:literal),+ $(,)?) => {
        /// What was just done, told on the next page (`done-<key>` in the Fluent files).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Done { $($variant),+ }

        impl Done {
            pub const ALL: &'static [Done] = &[$(Done::$variant),+];

            pub fn key(self) -> &'static str {
                match self { $(Done::$variant => $key),+ }
            }
        }
    };
}

done! {
    IdeaDeleted => "idea-deleted",
    IdeaWithdrawn => "idea-withdrawn",
    CommentDeleted => "comment-deleted",
    PhaseDeleted => "phase-deleted",
    PhaseSaved => "phase-saved",
    TopicDeleted => "topic-deleted",
    AreaDeleted => "area-deleted",
    ModeratorAdded => "moderator-added",
    ModeratorRemoved => "moderator-removed",
    TokenRevoked => "token-revoked",
    StatusAdded => "status-added",
    JobRetried => "job-retried",
    BallotSubmitted => "ballot-submitted",
    BallotWithdrawn => "ballot-withdrawn",
    OptionSaved => "option-saved",
    OptionRemoved => "option-removed",
    OfflineSaved => "offline-saved",
    GroupCreated => "group-created",
    GroupDeleted => "group-deleted",
    MemberAdded => "member-added",
    MemberRemoved => "member-removed",
    CountStarted => "count-started",
    VoteImported => "vote-imported",
    ComparisonStarted => "comparison-started",
    EmailConfirmed => "email-confirmed",
    ConfirmationSent => "confirmation-sent",
    ResetLinkSent => "reset-link-sent",
    PasswordReset => "password-reset",
    PasswordChanged => "password-changed",
    SignedOutElsewhere => "signed-out-elsewhere",
    MailRetried => "mail-retried",
    MailSettingsSaved => "mail-settings-saved",
    MailStopped => "mail-stopped",
    EmailChangeSent => "email-change-sent",
    PersonBlocked => "person-blocked",
    PersonUnblocked => "person-unblocked",
    AccountDeleted => "account-deleted",
    LegalSaved => "legal-saved",
    ExportRequested => "export-requested",
    ProfileSaved => "profile-saved",
    AvatarSaved => "avatar-saved",
    AvatarRemoved => "avatar-removed",
    NamesSaved => "names-saved",
}

/// The message of `?done=<key>`, when the key is one of ours.
pub fn done_message(locale: &str, key: &str) -> Option<String> {
    Done::ALL.iter().find(|d| d.key() == key).map(|d| agora_i18n::t(locale, &format!("done-{}", d.key())))
}

/// Back to `path` (which may carry a `#fragment`), saying what was done.
pub fn done(ctx: &Ctx, path: &str, what: Done) -> Response {
    let (path, fragment) = path.split_once('#').map_or((path, None), |(p, f)| (p, Some(f)));
    let separator = if path.contains('?') { '&' } else { '?' };
    let fragment = fragment.map(|f| format!("#{f}")).unwrap_or_default();
    see_other(ctx, &format!("{path}{separator}done={}{fragment}", what.key())).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_done_message_is_translated() {
        for locale in agora_core::LOCALES {
            for what in Done::ALL {
                assert!(agora_i18n::has(locale, &format!("done-{}", what.key())), "{locale}: {what:?}");
            }
        }
        assert_eq!(done_message("en", "no-such-thing"), None);
    }
}

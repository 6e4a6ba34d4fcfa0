//! One error type for every rule, with stable snake_case codes. The web layer maps each
//! code to an HTTP status and a translated message (`error-<code>` in the Fluent files).

use std::fmt;

macro_rules! codes {
    ($($variant:ident => $code:literal),+ $(,)?) => {
        /// The stable, documented error codes of the API and the pages.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code { $($variant),+ }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code),+ }
            }
        }
    };
}

codes! {
    InvalidInput => "invalid_input",
    MalformedJson => "malformed_json",
    PayloadTooLarge => "payload_too_large",
    NotSignedIn => "not_signed_in",
    Forbidden => "forbidden",
    NotFound => "not_found",
    MethodNotAllowed => "method_not_allowed",
    EmailTaken => "email_taken",
    SlugTaken => "slug_taken",
    InvalidCredentials => "invalid_credentials",
    LinkInvalid => "link_invalid",
    AccountBlocked => "account_blocked",
    SignInFailed => "sign_in_failed",
    ProviderUnavailable => "provider_unavailable",
    ProviderNoEmail => "provider_no_email",
    LastAdmin => "last_admin",
    RateLimited => "rate_limited",
    CsrfFailed => "csrf_failed",
    PhasesOverlap => "phases_overlap",
    PostingNotAllowed => "posting_not_allowed",
    CommentingNotAllowed => "commenting_not_allowed",
    ReactingNotAllowed => "reacting_not_allowed",
    DislikingNotAllowed => "disliking_not_allowed",
    VotingNotAllowed => "voting_not_allowed",
    AnsweringSurveyNotAllowed => "answering_survey_not_allowed",
    TakingPollNotAllowed => "taking_poll_not_allowed",
    AlreadyAnswered => "already_answered",
    EmailNotConfirmed => "email_not_confirmed",
    NotInGroup => "not_in_group",
    StaffOnly => "staff_only",
    NotAnOption => "not_an_option",
    OverOptionCap => "over_option_cap",
    TooManyOptions => "too_many_options",
    TooManyVotes => "too_many_votes",
    OverBudget => "over_budget",
    UnderMinimum => "under_minimum",
    EmptyBasket => "empty_basket",
    OptionHasVotes => "option_has_votes",
    VotingStillOpen => "voting_still_open",
    ResultsNotPublished => "results_not_published",
    VoteNotEmpty => "vote_not_empty",
    SetupDone => "setup_done",
    SetupTokenRequired => "setup_token_required",
    EditingClosed => "editing_closed",
    AnsweredIdea => "answered_idea",
    Internal => "internal",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What is wrong with one field of a form or a JSON body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    /// `required`, `too_long`, `too_short` (texts), `too_small`, `too_large` (numbers),
    /// `invalid`, `unknown_locale`, `not_found`, `taken`, `not_an_image`, `file_too_large`
    /// (in MB).
    pub problem: &'static str,
    /// The limit that was crossed, for `too_long` and `too_short`.
    pub limit: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{code}")]
pub struct Error {
    pub code: Code,
    pub fields: Vec<FieldError>,
    /// Details for the log, never shown to the person.
    pub detail: Option<String>,
    /// For `rate_limited`: how many seconds until the next attempt is allowed.
    pub retry_after: Option<u64>,
}

impl Error {
    pub fn new(code: Code) -> Self {
        Error { code, fields: Vec::new(), detail: None, retry_after: None }
    }

    pub fn invalid(fields: Vec<FieldError>) -> Self {
        Error { fields, ..Self::new(Code::InvalidInput) }
    }

    pub fn field(field: &str, problem: &'static str) -> Self {
        Self::invalid(vec![FieldError { field: field.to_owned(), problem, limit: None }])
    }

    /// Keeps the field errors but reports another code (e.g. `email_taken` on `email`).
    pub fn with_code(mut self, code: Code) -> Self {
        self.code = code;
        self
    }

    pub fn internal(detail: impl Into<String>) -> Self {
        Error { detail: Some(detail.into()), ..Self::new(Code::Internal) }
    }

    /// Too many attempts; the next one is allowed in `seconds`.
    pub fn rate_limited(seconds: u64) -> Self {
        Error { retry_after: Some(seconds.max(1)), ..Self::new(Code::RateLimited) }
    }

    pub fn not_found() -> Self {
        Self::new(Code::NotFound)
    }

    pub fn forbidden() -> Self {
        Self::new(Code::Forbidden)
    }
}

impl From<Code> for Error {
    fn from(code: Code) -> Self {
        Error::new(code)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

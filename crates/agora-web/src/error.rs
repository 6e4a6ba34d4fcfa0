//! Errors as responses. A handler returns `AppError`; the context middleware, which knows
//! the locale, turns it into a translated HTML page or a JSON body
//! `{"error": code, "message": text, "fields": [...]}`.

use agora_core::{Code, Error};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa::openapi::schema::{Object, ObjectBuilder, Type};

#[derive(Debug)]
pub struct AppError(pub Error);

impl From<Error> for AppError {
    fn from(e: Error) -> Self {
        AppError(e)
    }
}

impl From<Code> for AppError {
    fn from(code: Code) -> Self {
        AppError(Error::new(code))
    }
}

pub fn status(code: Code) -> StatusCode {
    match code {
        Code::InvalidInput => StatusCode::UNPROCESSABLE_ENTITY,
        Code::MalformedJson | Code::SignInFailed | Code::ProviderNoEmail => StatusCode::BAD_REQUEST,
        Code::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        Code::NotSignedIn | Code::InvalidCredentials => StatusCode::UNAUTHORIZED,
        Code::Forbidden
        | Code::CsrfFailed
        | Code::PostingNotAllowed
        | Code::CommentingNotAllowed
        | Code::ReactingNotAllowed
        | Code::DislikingNotAllowed
        | Code::VotingNotAllowed
        | Code::AnsweringSurveyNotAllowed
        | Code::TakingPollNotAllowed
        | Code::EmailNotConfirmed
        | Code::NotInGroup
        | Code::StaffOnly
        | Code::SetupTokenRequired
        | Code::EditingClosed
        | Code::AccountBlocked => StatusCode::FORBIDDEN,
        Code::NotFound | Code::ResultsNotPublished => StatusCode::NOT_FOUND,
        Code::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        Code::NotAnOption
        | Code::OverOptionCap
        | Code::TooManyOptions
        | Code::TooManyVotes
        | Code::OverBudget
        | Code::UnderMinimum
        | Code::EmptyBasket
        | Code::LinkInvalid => StatusCode::UNPROCESSABLE_ENTITY,
        Code::EmailTaken
        | Code::SlugTaken
        | Code::PhasesOverlap
        | Code::SetupDone
        | Code::AnsweredIdea
        | Code::LastAdmin
        | Code::OptionHasVotes
        | Code::AlreadyAnswered
        | Code::VotingStillOpen
        | Code::VoteNotEmpty => StatusCode::CONFLICT,
        Code::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        Code::ProviderUnavailable => StatusCode::BAD_GATEWAY,
        Code::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// Carried in the response extensions until the middleware renders it.
#[derive(Debug, Clone)]
pub struct PendingError(pub Error);

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut response = status(self.0.code).into_response();
        response.extensions_mut().insert(PendingError(self.0));
        response
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// The message id of a field problem, e.g. `field-too_long`.
pub fn field_message(locale: &str, problem: &str, limit: Option<usize>) -> String {
    let id = format!("field-{problem}");
    match limit {
        Some(limit) => agora_i18n::t_args(locale, &id, &[("limit", (limit as i64).into())]),
        None => agora_i18n::t(locale, &id),
    }
}

/// The sentence that explains an error; a rate limit says how long to wait.
pub fn message(e: &Error, locale: &str) -> String {
    match e.retry_after {
        Some(seconds) => {
            let minutes = seconds.div_ceil(60) as i64;
            agora_i18n::t_args(locale, "error-rate_limited-wait", &[("minutes", minutes.into())])
        }
        None => agora_i18n::t(locale, &format!("error-{}", e.code.as_str())),
    }
}

/// The problems a field of a form or a JSON body can have.
pub const FIELD_PROBLEMS: [&str; 24] = [
    "required",
    "too_long",
    "too_short",
    "too_small",
    "too_large",
    "too_common",
    "invalid",
    "unknown_locale",
    "not_found",
    "taken",
    "before_start",
    "wrong",
    "not_an_image",
    "file_too_large",
    "file_type",
    "not_an_option",
    "too_few",
    "too_many",
    "out_of_range",
    "incomplete",
    "unknown_question",
    "below_minimum",
    "above_maximum",
    "answered",
];

/// The body of every error response of the API.
#[derive(Serialize, ToSchema)]
#[schema(as = Error)]
pub struct ErrorJson {
    /// A stable snake_case code.
    #[schema(schema_with = error_codes)]
    error: &'static str,
    /// A human-readable message in the request's locale.
    message: String,
    /// Present when particular fields are wrong.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fields: Vec<FieldErrorJson>,
    /// Present for parser errors (malformed JSON, a wrong type, a bad query string).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String)]
    detail: Option<String>,
    /// With `rate_limited`: seconds until the next attempt is allowed (also in the `Retry-After` header).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = u64)]
    retry_after: Option<u64>,
}

#[derive(Serialize, ToSchema)]
#[schema(as = FieldError)]
pub struct FieldErrorJson {
    /// The name of the field, e.g. `title` or `end_at`.
    field: String,
    #[schema(schema_with = field_problems)]
    problem: &'static str,
    /// The problem explained in the request's locale.
    message: String,
}

fn error_codes() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(Code::ALL.iter().map(|c| c.as_str())))
        .description(Some("A stable snake_case code."))
        .build()
}

fn field_problems() -> Object {
    ObjectBuilder::new().schema_type(Type::String).enum_values(Some(FIELD_PROBLEMS)).build()
}

pub fn json_body(e: &Error, locale: &str) -> ErrorJson {
    let fields = e
        .fields
        .iter()
        .map(|f| FieldErrorJson {
            field: f.field.clone(),
            problem: f.problem,
            message: field_message(locale, f.problem, f.limit),
        })
        .collect();
    ErrorJson {
        error: e.code.as_str(),
        message: message(e, locale),
        fields,
        // Parser details help API clients; internal details stay in the log.
        detail: e.detail.clone().filter(|_| e.code != Code::Internal),
        retry_after: e.retry_after,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every error code, its page title and the field problems have their text in every
    /// locale, so no person ever sees a raw code.
    #[test]
    fn every_error_is_translated() {
        for locale in agora_core::LOCALES {
            for code in Code::ALL {
                assert!(agora_i18n::has(locale, &format!("error-{}", code.as_str())), "{locale}: error-{code}");
                let title = format!("error-title-{}", status(*code).as_u16());
                assert!(agora_i18n::has(locale, &title), "{locale}: {title}");
            }
            for problem in FIELD_PROBLEMS {
                assert!(agora_i18n::has(locale, &format!("field-{problem}")), "{locale}: field-{problem}");
            }
        }
    }

    /// The list of languages is one list: every code has its folder of messages, and
    /// every folder its code.
    #[test]
    fn the_languages_are_the_folders_of_messages() {
        let mut codes: Vec<String> = agora_core::LOCALES.iter().map(|l| (*l).to_owned()).collect();
        codes.sort();
        assert_eq!(codes, agora_i18n::available());
    }

    /// A 5xx is Agora's fault, or (502) the city's identity provider not answering:
    /// nothing a person sent causes one.
    #[test]
    fn only_internal_errors_are_5xx() {
        for code in Code::ALL {
            let expected = matches!(code, Code::Internal | Code::ProviderUnavailable);
            assert_eq!(status(*code).is_server_error(), expected, "{code}");
        }
    }
}

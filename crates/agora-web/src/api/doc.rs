//! What the OpenAPI document says beyond the handlers' own annotations: the info block,
//! the tags, the bearer scheme, the error responses and the schemas written by hand.

use serde_json::json;
use utoipa::openapi::schema::{KnownFormat, Object, ObjectBuilder, OneOfBuilder, Schema, SchemaFormat, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};
use utoipa::{Modify, OpenApi, PartialSchema, ToResponse, ToSchema};

use crate::context::Fields;
use crate::error::ErrorJson;

#[derive(OpenApi)]
#[openapi(
    info(title = "Agora API", version = "1", description = include_str!("description.md")),
    servers((url = "/api")),
    tags(
        (name = "people", description = "Accounts, tokens and the signed-in person."),
        (name = "projects", description = "Projects, their phases and moderators."),
        (name = "catalog", description = "Topics, areas and idea statuses."),
        (name = "ideas"),
        (name = "comments"),
        (name = "notifications"),
        (name = "voting", description = "Voting phases: options, baskets and ballots, paper votes."),
        (name = "groups", description = "User groups, to open an action to their members only."),
        (name = "surveys", description = "Survey and poll phases: their forms, responses and drafts, results and exports, and the files given as answers."),
        (name = "admin", description = "The platform's own workings, for administrators: outgoing mail, blocked people."),
        (name = "meta"),
    ),
    components(
        schemas(ErrorJson),
        responses(
            BadRequest,
            Unauthorized,
            Forbidden,
            NotFound,
            Conflict,
            PayloadTooLarge,
            UnprocessableEntity,
            TooManyRequests
        )
    ),
    modifiers(&Bearer)
)]
pub struct ApiDoc;

struct Bearer;

impl Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some("A token from `POST /api/v1/auth/token`."))
            .build();
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

/// An error response: its description names the codes it carries, its example shows one.
fn error_response(description: &str, example: serde_json::Value) -> RefOr<Response> {
    let content =
        ContentBuilder::new().schema(Some(Ref::from_schema_name(ErrorJson::name()))).example(Some(example)).build();
    ResponseBuilder::new().description(description).content("application/json", content).build().into()
}

macro_rules! error_responses {
    ($($name:ident: $description:literal, $example:tt;)+) => {$(
        pub struct $name;

        impl<'r> ToResponse<'r> for $name {
            fn response() -> (&'r str, RefOr<Response>) {
                (stringify!($name), error_response($description, json!($example)))
            }
        }
    )+};
}

error_responses! {
    BadRequest: "`malformed_json`: the body is not JSON or lacks `Content-Type: application/json`.",
        {"error": "malformed_json", "message": "The request body is not valid JSON."};
    Unauthorized: "`not_signed_in`: no one is signed in, or the bearer token is unknown (on any route); \
        `invalid_credentials` for a wrong e-mail address or password.",
        {"error": "not_signed_in", "message": "Please sign in first."};
    Forbidden: "`forbidden`: the person may not do this; `csrf_failed`: a cross-site request, or a \
        cookie-authenticated request without a matching `X-CSRF-Token` header; `posting_not_allowed`, \
        `commenting_not_allowed`, `reacting_not_allowed`, `disliking_not_allowed`, `voting_not_allowed`: the phase \
        does not offer it now; `email_not_confirmed`, `not_in_group`, `staff_only`: the action's permission \
        leaves this person out; `account_blocked`: staff blocked this account.",
        {"error": "forbidden", "message": "You are not allowed to do this."};
    NotFound: "`not_found`: no such thing, or not visible to this person (drafts, hidden content).",
        {"error": "not_found", "message": "We could not find this page."};
    Conflict: "`email_taken`, `slug_taken`, `phases_overlap`, `last_admin` (the only administrator deletes their \
        account), `answered_idea` (an author deletes an idea the city \
        has answered: withdraw it instead), `option_has_votes` (an option some basket holds), or `already_answered` (a second response where one \
        per person is the rule).",
        {"error": "slug_taken", "message": "Another project already uses this web address."};
    PayloadTooLarge: "`payload_too_large`: the body is over 256 KiB.",
        {"error": "payload_too_large", "message": "The request is too large."};
    UnprocessableEntity: "`invalid_input`: a field is missing, of the wrong type or invalid; see `fields` and \
        `detail`. A basket that breaks a rule: `not_an_option`, `over_option_cap`, `too_many_options`, \
        `too_many_votes`, `over_budget`, `under_minimum`, `empty_basket`. `link_invalid`: a mailed link's token is \
        unknown, used or expired.",
        {"error": "invalid_input", "message": "Some fields need your attention."};
    TooManyRequests: "`rate_limited`: too many attempts; `retry_after` (and the `Retry-After` header) says how \
        many seconds to wait.",
        {"error": "rate_limited", "message": "Too many attempts. Please try again in 5 minutes.", "retry_after": 300};
}

/// The schema of a `PUT` body: the `POST` body's, with every field of `T::FIELDS` required,
/// as the `Replacement` extractor enforces.
fn replacement<T: ToSchema + Fields>(what: &str) -> RefOr<Schema> {
    let mut schema = T::schema();
    if let RefOr::T(Schema::Object(object)) = &mut schema {
        object.required = T::FIELDS.iter().map(|f| (*f).to_owned()).collect();
        object.description = Some(format!(
            "The whole {what}, as `PUT` replaces it: every field is required (`null` or `[]` clears an optional one)."
        ));
    }
    schema
}

macro_rules! replacements {
    ($($name:ident: $body:ty, $what:literal;)+) => {$(
        pub struct $name;

        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                replacement::<$body>($what)
            }
        }

        impl ToSchema for $name {
            fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
                <$body as ToSchema>::schemas(schemas);
            }
        }
    )+};
}

replacements! {
    ProjectReplacement: super::projects::ProjectBody, "project";
    PhaseReplacement: super::projects::PhaseBody, "phase";
    IdeaReplacement: super::ideas::IdeaBody, "idea";
}

impl PartialSchema for super::AnyId {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .description(Some(
                "An id in a request body: a number, or a string holding one (clients may treat ids as opaque).",
            ))
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64))),
            )
            .item(ObjectBuilder::new().schema_type(Type::String).pattern(Some(r"^\s*[+-]?[0-9]+\s*$")))
            .into()
    }
}

impl ToSchema for super::AnyId {}

/// A date-time or a date in a request body (read by `parse_time`).
pub struct DateOrDateTime;

impl PartialSchema for DateOrDateTime {
    fn schema() -> RefOr<Schema> {
        let string =
            |format| ObjectBuilder::new().schema_type(Type::String).format(Some(SchemaFormat::KnownFormat(format)));
        utoipa::openapi::schema::AnyOfBuilder::new()
            .description(Some("An RFC 3339 date-time, or a date (`YYYY-MM-DD`) meaning midnight UTC of that day."))
            .item(string(KnownFormat::DateTime))
            .item(string(KnownFormat::Date))
            .examples([json!("2026-05-01"), json!("2026-05-01T09:00:00+02:00")])
            .into()
    }
}

impl ToSchema for DateOrDateTime {}

/// The end of a phase: a date, or nothing for an open-ended phase.
pub fn open_end() -> RefOr<Schema> {
    utoipa::openapi::schema::AnyOfBuilder::new()
        .item(Ref::from_schema_name(DateOrDateTime::name()))
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .item(ObjectBuilder::new().schema_type(Type::String).enum_values(Some([""])))
        .description(Some("Exclusive; null, absent or empty for an open-ended phase. Must come after `start_at`."))
        .into()
}

/// A string that is one of `values`.
pub fn one_of(values: &[&str]) -> Object {
    ObjectBuilder::new().schema_type(Type::String).enum_values(Some(values.iter().copied())).build()
}

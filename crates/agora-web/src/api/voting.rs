//! Voting phases: options, the voter's basket and ballot, and paper votes; the count
//! and what lets anyone check it are in `count`.

mod count;

pub use count::*;

use agora_app::ideas::IdeaInput;
use agora_app::voting::{self, Basket};
use agora_core::voting::Votes;
use agora_core::{Id, Multiloc};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::doc::{BadRequest, Conflict, Forbidden, NotFound, Unauthorized, UnprocessableEntity};
use super::time;
use crate::AppState;
use crate::context::{ApiJson, Ctx};
use crate::error::AppResult;

#[derive(Serialize, ToSchema)]
#[schema(as = VotingOption)]
pub struct OptionJson {
    idea_id: i64,
    title: Multiloc,
    /// Whole currency units; null until staff set it.
    #[schema(required)]
    cost: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct OptionList {
    items: Vec<OptionJson>,
}

#[utoipa::path(
    get,
    path = "/v1/phases/{id}/options",
    tag = "voting",
    operation_id = "list_options",
    summary = "The options of a voting phase.",
    params(("id" = i64, Path, description = "The phase's id.")),
    responses((status = 200, description = "OK", body = OptionList), (status = 404, response = NotFound))
)]
pub async fn options(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Json<OptionList>> {
    let options = voting::options(&state.db, ctx.actor(), id).await?;
    let items = options.into_iter().map(|o| OptionJson { idea_id: o.idea_id, title: o.title, cost: o.cost }).collect();
    Ok(Json(OptionList { items }))
}

#[derive(Deserialize, ToSchema)]
#[schema(as = NewOptionInput)]
pub struct NewOptionBody {
    title: Multiloc,
    body: Multiloc,
    /// Whole currency units; required when the phase has a budget.
    cost: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct NewOption {
    idea_id: i64,
}

#[utoipa::path(
    post,
    path = "/v1/phases/{id}/options",
    tag = "voting",
    operation_id = "create_option",
    summary = "Write a new option of the phase: an idea of the project, by the staff member (staff).",
    params(("id" = i64, Path, description = "The phase's id.")),
    request_body = NewOptionBody,
    responses(
        (status = 201, description = "Created", body = NewOption),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = UnprocessableEntity),
    ),
    security(("bearer" = []))
)]
pub async fn create_option(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    ApiJson(body): ApiJson<NewOptionBody>,
) -> AppResult<(StatusCode, Json<NewOption>)> {
    let input = IdeaInput { title: body.title, body: body.body, ..IdeaInput::default() };
    let idea_id = voting::create_option(&state.db, ctx.actor(), id, &input, body.cost, agora_db::now()).await?;
    Ok((StatusCode::CREATED, Json(NewOption { idea_id })))
}

#[derive(Deserialize, ToSchema, Default)]
#[schema(as = OptionInput)]
pub struct OptionBody {
    /// Whole currency units; required when the phase has a budget.
    cost: Option<i64>,
}

#[utoipa::path(
    put,
    path = "/v1/phases/{id}/options/{idea_id}",
    tag = "voting",
    operation_id = "set_option",
    summary = "Make an idea of the project an option of the phase, or set its cost (staff).",
    description = "The idea keeps its title, text and comments: carrying ideas over from an ideation phase is \
        this call for each chosen idea.",
    params(("id" = i64, Path, description = "The phase's id."), ("idea_id" = i64, Path, description = "The idea's id.")),
    request_body = OptionBody,
    responses(
        (status = 204, description = "Done; no body"),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = UnprocessableEntity),
    ),
    security(("bearer" = []))
)]
pub async fn set_option(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, idea_id)): Path<(Id, Id)>,
    ApiJson(body): ApiJson<OptionBody>,
) -> AppResult<StatusCode> {
    voting::set_option(&state.db, ctx.actor(), id, idea_id, body.cost, agora_db::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    delete,
    path = "/v1/phases/{id}/options/{idea_id}",
    tag = "voting",
    operation_id = "remove_option",
    summary = "Remove an option nobody has chosen (staff).",
    params(("id" = i64, Path, description = "The phase's id."), ("idea_id" = i64, Path, description = "The idea's id.")),
    responses(
        (status = 204, description = "Done; no body"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
    ),
    security(("bearer" = []))
)]
pub async fn remove_option(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, idea_id)): Path<(Id, Id)>,
) -> AppResult<StatusCode> {
    voting::remove_option(&state.db, ctx.actor(), id, idea_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A voter's basket. `votes` is what they are choosing; `ballot` is what counts (the last
/// submission), null before the first or after a withdrawal.
#[derive(Serialize, ToSchema)]
#[schema(as = Basket)]
pub struct BasketJson {
    #[schema(value_type = BTreeMap<String, i64>)]
    votes: Votes,
    #[schema(required, value_type = Option<BTreeMap<String, i64>>)]
    ballot: Option<Votes>,
    #[schema(required, format = DateTime)]
    submitted_at: Option<String>,
    /// The receipt: a code to find one's ballot in the published ballots. Null until
    /// submitted.
    #[schema(required, examples("K7Q2-M3ZX-9PLD"))]
    ballot_code: Option<String>,
}

fn basket_json(basket: Option<Basket>) -> BasketJson {
    match basket {
        None => BasketJson { votes: Votes::new(), ballot: None, submitted_at: None, ballot_code: None },
        Some(b) => BasketJson {
            ballot_code: b.submitted_at.map(|_| b.ballot_code.clone()),
            submitted_at: b.submitted_at.map(time),
            votes: b.votes,
            ballot: b.ballot,
        },
    }
}

#[utoipa::path(
    get,
    path = "/v1/phases/{id}/basket",
    tag = "voting",
    operation_id = "get_basket",
    summary = "The signed-in voter's basket.",
    params(("id" = i64, Path, description = "The phase's id.")),
    responses(
        (status = 200, description = "OK", body = BasketJson),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
pub async fn basket(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Json<BasketJson>> {
    Ok(Json(basket_json(voting::basket(&state.db, ctx.actor(), id).await?)))
}

#[derive(Deserialize, ToSchema)]
#[schema(as = BasketInput)]
pub struct BasketBody {
    /// Votes per option, by idea id (1 per chosen option in `single` and `budgeting`).
    #[schema(value_type = BTreeMap<String, i64>)]
    votes: Votes,
}

#[utoipa::path(
    put,
    path = "/v1/phases/{id}/basket",
    tag = "voting",
    operation_id = "save_basket",
    summary = "Replace the voter's basket whole.",
    description = "Every limit is checked (`not_an_option`, `over_option_cap`, `too_many_options`, `too_many_votes`, \
        `over_budget`), but not the minimum, which a submission needs. A submitted ballot keeps counting as it was \
        until the basket is submitted again.",
    params(("id" = i64, Path, description = "The phase's id.")),
    request_body = BasketBody,
    responses(
        (status = 200, description = "OK", body = BasketJson),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = UnprocessableEntity),
    ),
    security(("bearer" = []))
)]
pub async fn save_basket(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    ApiJson(body): ApiJson<BasketBody>,
) -> AppResult<Json<BasketJson>> {
    let basket = voting::save(&state.db, ctx.actor(), id, &body.votes, agora_db::now()).await?;
    Ok(Json(basket_json(Some(basket))))
}

/// The receipt of a submitted ballot.
#[derive(Serialize, ToSchema)]
pub struct Receipt {
    #[schema(examples("K7Q2-M3ZX-9PLD"))]
    ballot_code: String,
    #[schema(format = DateTime)]
    submitted_at: String,
}

#[utoipa::path(
    post,
    path = "/v1/phases/{id}/basket/submit",
    tag = "voting",
    operation_id = "submit_basket",
    summary = "Submit the basket as the voter's ballot (again after a change).",
    description = "Adds `empty_basket` and `under_minimum` to the basket's checks. Submitting an unchanged basket \
        again changes nothing.",
    params(("id" = i64, Path, description = "The phase's id.")),
    responses(
        (status = 200, description = "OK", body = Receipt),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = UnprocessableEntity),
    ),
    security(("bearer" = []))
)]
pub async fn submit(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Json<Receipt>> {
    let basket = voting::submit(&state.db, ctx.actor(), id, agora_db::now()).await?;
    Ok(Json(Receipt { ballot_code: basket.ballot_code, submitted_at: time(basket.submitted_at.unwrap_or_default()) }))
}

#[utoipa::path(
    delete,
    path = "/v1/phases/{id}/basket",
    tag = "voting",
    operation_id = "withdraw_ballot",
    summary = "Withdraw the voter's ballot; the basket stays for them to submit again.",
    params(("id" = i64, Path, description = "The phase's id.")),
    responses(
        (status = 204, description = "Done; no body"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
pub async fn withdraw(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<StatusCode> {
    voting::withdraw(&state.db, ctx.actor(), id, agora_db::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[schema(as = OfflineVotesInput)]
pub struct OfflineBody {
    /// Paper votes per option, by idea id; options left out had none.
    #[schema(value_type = BTreeMap<String, i64>)]
    votes: Votes,
    /// How many people voted on paper.
    voters: i64,
}

#[utoipa::path(
    put,
    path = "/v1/phases/{id}/offline-votes",
    tag = "voting",
    operation_id = "set_offline_votes",
    summary = "Enter the votes cast on paper (staff).",
    params(("id" = i64, Path, description = "The phase's id.")),
    request_body = OfflineBody,
    responses(
        (status = 204, description = "Done; no body"),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = UnprocessableEntity),
    ),
    security(("bearer" = []))
)]
pub async fn set_offline_votes(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    ApiJson(body): ApiJson<OfflineBody>,
) -> AppResult<StatusCode> {
    voting::set_offline_votes(&state.db, ctx.actor(), id, &body.votes, body.voters).await?;
    Ok(StatusCode::NO_CONTENT)
}

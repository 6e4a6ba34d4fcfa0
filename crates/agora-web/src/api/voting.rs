//! Voting phases: options, the voter's basket and ballot, and paper votes.

use std::collections::HashMap;

use agora_app::ideas::IdeaInput;
use agora_app::voting::{self, Basket};
use agora_core::ballot_log::Export;
use agora_core::voting::Votes;
use agora_core::{Id, Multiloc};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::doc::{BadRequest, Conflict, Forbidden, NotFound, PayloadTooLarge, Unauthorized, UnprocessableEntity};
use super::time;
use crate::AppState;
use crate::context::{ApiJson, Ctx};
use crate::error::AppResult;
use crate::views::why_text;

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

#[utoipa::path(
    post,
    path = "/v1/phases/{id}/results",
    tag = "voting",
    operation_id = "publish_results",
    summary = "Count the votes of an ended phase and publish the results (staff).",
    description = "The count runs in the background (Add1 on a large city takes minutes): the answer is 202 at \
        once, and `GET` shows `computing`, then the results. Counting again replaces them. \
        `voting_still_open` (409) before the phase ends.",
    params(("id" = i64, Path, description = "The phase's id.")),
    responses(
        (status = 202, description = "The count started; no body"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
    ),
    security(("bearer" = []))
)]
pub async fn publish_results(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<StatusCode> {
    voting::publish_results(&state.db, ctx.actor(), id, agora_db::now()).await?;
    Ok(StatusCode::ACCEPTED)
}

#[derive(Serialize, ToSchema)]
#[schema(as = OptionResult)]
pub struct OptionResultJson {
    idea_id: i64,
    title: Multiloc,
    /// Online and paper votes together.
    votes: i64,
    online_votes: i64,
    offline_votes: i64,
    /// The cost the rule used (1 for each option of a vote without a budget).
    cost: i64,
    won: bool,
    /// Why it won or lost, in a sentence, in the request's language.
    explanation: String,
}

/// A phase's results. While a count runs, only `status` and `progress` are filled.
#[derive(Serialize, ToSchema)]
#[schema(as = Results)]
pub struct ResultsJson {
    #[schema(examples("published"))]
    status: &'static str,
    /// How far a running count is (Add1's outcome so far).
    #[schema(required)]
    progress: Option<ProgressJson>,
    #[schema(required, value_type = Option<String>, examples("mes-add1"))]
    rule: Option<&'static str>,
    /// The winners, in the order the rule selected them.
    winners: Vec<i64>,
    /// By votes, most first.
    options: Vec<OptionResultJson>,
    voters_online: i64,
    voters_offline: i64,
    total_cost: i64,
    budget: i64,
    /// The ballot log's last hash when the votes were counted.
    log_head: String,
    /// The command that counts `ballots.pb` again.
    #[schema(examples("agora pb winners ballots.pb --rule mes --completion greedy"))]
    rerun: String,
    #[schema(required, format = DateTime)]
    computed_at: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[schema(as = ResultsProgress)]
pub struct ProgressJson {
    funded: usize,
    spent: i64,
    budget: i64,
}

#[utoipa::path(
    get,
    path = "/v1/phases/{id}/results",
    tag = "voting",
    operation_id = "get_results",
    summary = "The results of a voting phase, once published.",
    description = "`results_not_published` (404) before any count.",
    params(("id" = i64, Path, description = "The phase's id.")),
    responses((status = 200, description = "OK", body = ResultsJson), (status = 404, response = NotFound))
)]
pub async fn results(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Json<ResultsJson>> {
    let empty = |status, progress: Option<voting::Progress>| ResultsJson {
        status,
        progress: progress.map(|p| ProgressJson { funded: p.funded, spent: p.spent, budget: p.budget }),
        rule: None,
        winners: Vec::new(),
        options: Vec::new(),
        voters_online: 0,
        voters_offline: 0,
        total_cost: 0,
        budget: 0,
        log_head: String::new(),
        rerun: String::new(),
        computed_at: None,
    };
    let (results, options) = match voting::results(&state.db, ctx.actor(), id).await? {
        voting::PhaseResults::Computing(progress) => return Ok(Json(empty("computing", progress))),
        voting::PhaseResults::Published(results, options) => (results, options),
    };
    let titles: HashMap<Id, String> =
        options.iter().map(|o| (o.idea_id, o.title.text(ctx.locale).to_owned())).collect();
    let with_budget = results.budget != 0 && options.iter().any(|o| o.cost.is_some());
    let items = results
        .options
        .iter()
        .map(|o| OptionResultJson {
            idea_id: o.idea_id,
            title: options.iter().find(|x| x.idea_id == o.idea_id).map(|x| x.title.clone()).unwrap_or_default(),
            votes: o.votes,
            online_votes: o.online_votes,
            offline_votes: o.offline_votes,
            cost: o.cost,
            won: o.won,
            explanation: why_text(ctx.locale, &o.why, &titles, with_budget),
        })
        .collect();
    Ok(Json(ResultsJson {
        status: "published",
        progress: None,
        rule: Some(results.rule.as_str()),
        winners: results.winners.clone(),
        options: items,
        voters_online: results.voters_online,
        voters_offline: results.voters_offline,
        total_cost: results.total_cost,
        budget: results.budget,
        log_head: results.log_head.clone(),
        rerun: format!("agora pb winners ballots.pb {}", results.rule.command_args()),
        computed_at: Some(time(results.computed_at)),
    }))
}

#[utoipa::path(
    get,
    path = "/v1/phases/{id}/ballots.pb",
    tag = "voting",
    operation_id = "get_ballots_file",
    summary = "The phase's anonymised ballots as a Pabulib file, once its results are published.",
    description = "Project ids are idea ids; voters are ballot codes, so each voter can find their own ballot. \
        `single` and `budgeting` ballots are approval votes, `multiple` ones cumulative. A paper vote is a ballot \
        of its own for its one option, with voter id `paper-<project>-<n>`. `agora pb winners` on the file, with \
        the rule's arguments (`rerun` in the results), prints the published winners.",
    params(("id" = i64, Path, description = "The phase's id.")),
    responses(
        (status = 200, description = "The `.pb` file", content_type = "text/plain", body = String),
        (status = 404, response = NotFound),
    )
)]
pub async fn ballots_file(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Response> {
    let file = voting::ballots_file(&state.db, ctx.actor(), id).await?;
    let disposition = format!("attachment; filename=\"agora-phase-{id}.pb\"");
    Ok((
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, disposition)],
        file,
    )
        .into_response())
}

#[utoipa::path(
    get,
    path = "/v1/phases/{id}/ballot-log",
    tag = "voting",
    operation_id = "get_ballot_log",
    summary = "The phase's ballot log, once its results are published.",
    description = "Every submission, change and withdrawal, by ballot code and time, each entry holding the hash \
        of the ballot's votes and of the entry before. `agora pb verify log.json --ballots ballots.pb` re-checks the \
        chain up to the published `head` and the counted ballots against it. No personal data.",
    params(("id" = i64, Path, description = "The phase's id.")),
    responses((status = 200, description = "OK", body = Export), (status = 404, response = NotFound))
)]
pub async fn ballot_log(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Json<Export>> {
    Ok(Json(voting::ballot_log(&state.db, ctx.actor(), id).await?))
}

/// The largest Pabulib file an import takes: Budapest 2024, with 28,943 ballots, is
/// 1.2 MB.
pub const MAX_IMPORT_BYTES: usize = 32 * 1024 * 1024;

#[derive(Serialize, ToSchema)]
pub struct ImportSummary {
    options: usize,
    ballots: usize,
}

#[utoipa::path(
    put,
    path = "/v1/phases/{id}/ballots.pb",
    tag = "voting",
    operation_id = "import_ballots",
    summary = "Import a vote held on paper or elsewhere from its Pabulib file, into an empty voting phase (staff).",
    description = "The body is the `.pb` file (at most 32 MiB). Each project becomes an option of the phase (an idea \\
        of the project, with its cost), each ballot a counted ballot logged under `pb<phase>-<voter id>`; the phase \\
        takes the file's budget, and spreads votes for a cumulative file. Amounts must be whole. \\
        `vote_not_empty` (409) when the phase already has options or ballots; `invalid_input` on `file`, with the \\
        line and reason in `detail`, for a file that cannot be read.",
    params(("id" = i64, Path, description = "The phase's id.")),
    request_body(content = String, content_type = "text/plain"),
    responses(
        (status = 200, description = "Imported", body = ImportSummary),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = UnprocessableEntity),
    ),
    security(("bearer" = []))
)]
pub async fn import_ballots(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    body: axum::body::Bytes,
) -> AppResult<Json<ImportSummary>> {
    let text = std::str::from_utf8(&body).map_err(|_| agora_core::Error::field("file", "invalid"))?;
    let imported = voting::import(&state.db, ctx.actor(), id, text, agora_db::now()).await?;
    Ok(Json(ImportSummary { options: imported.options, ballots: imported.ballots }))
}

#[utoipa::path(
    post,
    path = "/v1/phases/{id}/comparison",
    tag = "voting",
    operation_id = "compare_rules",
    summary = "Work out what each rule would fund on the phase's ballots so far (staff).",
    description = "Runs in the background (Add1 on a large city takes minutes): 202 at once; `GET` shows \\
        `computing`, then each rule's winners.",
    params(("id" = i64, Path, description = "The phase's id.")),
    responses(
        (status = 202, description = "Started; no body"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
pub async fn compare_rules(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<StatusCode> {
    voting::compare_rules(&state.db, ctx.actor(), id, agora_db::now()).await?;
    Ok(StatusCode::ACCEPTED)
}

#[derive(Serialize, ToSchema)]
#[schema(as = RuleOutcome)]
pub struct RuleOutcomeJson {
    #[schema(examples("mes-add1"))]
    rule: &'static str,
    /// In the order the rule selected them.
    winners: Vec<i64>,
    total_cost: i64,
}

#[derive(Serialize, ToSchema)]
#[schema(as = Comparison)]
pub struct ComparisonJson {
    /// `none` before any was asked for, `computing`, or `done`.
    #[schema(examples("done"))]
    status: &'static str,
    rules: Vec<RuleOutcomeJson>,
    /// The ballots the rules were run on.
    ballots: usize,
    #[schema(required, format = DateTime)]
    computed_at: Option<String>,
}

#[utoipa::path(
    get,
    path = "/v1/phases/{id}/comparison",
    tag = "voting",
    operation_id = "get_comparison",
    summary = "What each rule would fund, side by side (staff).",
    params(("id" = i64, Path, description = "The phase's id.")),
    responses(
        (status = 200, description = "OK", body = ComparisonJson),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
pub async fn comparison(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
) -> AppResult<Json<ComparisonJson>> {
    let empty = |status| ComparisonJson { status, rules: Vec::new(), ballots: 0, computed_at: None };
    Ok(Json(match voting::comparison(&state.db, ctx.actor(), id).await? {
        None => empty("none"),
        Some(voting::Comparison::Computing) => empty("computing"),
        Some(voting::Comparison::Done { rules, ballots, at }) => ComparisonJson {
            status: "done",
            rules: rules
                .into_iter()
                .map(|r| RuleOutcomeJson { rule: r.rule.as_str(), winners: r.winners, total_cost: r.total_cost })
                .collect(),
            ballots,
            computed_at: Some(time(at)),
        },
    }))
}

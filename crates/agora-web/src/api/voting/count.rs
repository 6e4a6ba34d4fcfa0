//! The count of a voting phase: publishing and reading results, the ballots file and
//! log anyone can check, the rules side by side for staff, and importing a vote.

use std::collections::HashMap;

use agora_app::voting;
use agora_core::ballot_log::Export;
use agora_core::{Id, Multiloc};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use super::super::doc::{Conflict, Forbidden, NotFound, PayloadTooLarge, Unauthorized, UnprocessableEntity};
use super::super::time;
use crate::AppState;
use crate::context::Ctx;
use crate::error::AppResult;
use crate::views::why_text;

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

/// The results of a voting phase, or of a survey or poll.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
#[schema(as = PhaseResults)]
pub enum PhaseResultsJson {
    Voting(ResultsJson),
    Survey(crate::api::surveys::ResultsJson),
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
    summary = "The results of a voting phase once published, or of a survey or poll.",
    description = "A voting phase: `results_not_published` (404) before any count. A survey or poll, per \
        question: counts per option or point, means, the Borda count of rankings, the answers to open \
        questions; to the project's staff, to anyone when the phase shows them. `?filter[QUESTION]=OPTION` \
        counts only the responses that chose it; `?q=` narrows the text answers listed.",
    params(("id" = i64, Path, description = "The phase's id.")),
    responses(
        (status = 200, description = "OK", body = PhaseResultsJson),
        (status = 404, response = NotFound),
        (status = 422, response = UnprocessableEntity),
    )
)]
pub async fn results(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    Query(query): Query<Vec<(String, String)>>,
) -> AppResult<Json<PhaseResultsJson>> {
    if agora_app::surveys::is_survey(&state.db, id).await? {
        let results = crate::api::surveys::results(&state, &ctx, id, &query).await?;
        return Ok(Json(PhaseResultsJson::Survey(results)));
    }
    Ok(Json(PhaseResultsJson::Voting(voting_results(&state, &ctx, id).await?)))
}

/// The results of a voting phase.
async fn voting_results(state: &AppState, ctx: &Ctx, id: Id) -> AppResult<ResultsJson> {
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
        voting::PhaseResults::Computing(progress) => return Ok(empty("computing", progress)),
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
    Ok(ResultsJson {
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
    })
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

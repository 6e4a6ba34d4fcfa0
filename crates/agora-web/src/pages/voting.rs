//! A voting phase in the pages: the ballot (add and remove options, see what is left,
//! submit, withdraw) and the results, all without JavaScript.

use std::collections::HashMap;

use agora_app::voting::{self, BallotView, Basket, PhaseResults, Step, VotingOption};
use agora_core::listing::random_seed;
use agora_core::participation::{Action, Refusal, may_act};
use agora_core::voting::{Used, Votes, Voting, VotingMethod, check_draft};
use agora_core::{Error, Id};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::confirm::{Confirm, DeleteForm, Done, done};
use super::see_other;
use crate::AppState;
use crate::context::{Ctx, PageForm};
use crate::error::{AppError, AppResult};
use crate::paths;
use crate::views::{Localized, date, money, why_text};

pub struct OptionView {
    pub idea_id: Id,
    pub title: Localized,
    pub idea_path: String,
    pub cost: Option<String>,
    pub votes: i64,
    pub votes_label: String,
    /// For an option not chosen that costs more than what is left: saying so before the
    /// click that would be refused.
    pub too_dear: Option<String>,
    /// Votes so far, when they may be seen.
    pub total: Option<String>,
    pub step_path: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "ballot.html")]
pub struct BallotPage {
    ctx: Ctx,
    title: Localized,
    description_html: Localized,
    project_title: String,
    project_path: String,
    /// "€ 120,000 of € 500,000 left", with the amounts for a progress bar (no bar when
    /// nothing is limited: a total of 0).
    left: String,
    used: i64,
    total: i64,
    minimum: Option<String>,
    /// The ballot's state: counted (with the receipt), changed since, or a draft.
    state: Option<(&'static str, String)>,
    can_vote: bool,
    why_not: Option<String>,
    sign_in_path: Option<String>,
    error: Option<String>,
    cumulative: bool,
    options: Vec<OptionView>,
    submit_path: String,
    submit_label: String,
    can_submit: bool,
    withdraw_path: Option<String>,
    results_path: Option<String>,
}

/// Why this person may not vote, in words.
async fn why_not(state: &AppState, ctx: &Ctx, refusal: &Refusal) -> AppResult<String> {
    Ok(match refusal {
        Refusal::SignIn => ctx.t("why-sign-in-voting"),
        Refusal::ConfirmEmail => ctx.t("why-confirm-email"),
        Refusal::StaffOnly => ctx.t("why-staff-only"),
        Refusal::Groups(ids) => {
            let names = agora_app::groups::names(&state.db, ids).await?.join(", ");
            agora_i18n::t_args(ctx.locale, "why-groups", &[("groups", names.into())])
        }
        Refusal::Closed => ctx.t("error-voting_not_allowed"),
    })
}

/// What is left ("€ 120,000 of € 500,000 left", with the amounts for a progress bar),
/// and the minimum a ballot must reach.
fn what_is_left(ctx: &Ctx, settings: &Voting, used: &Used) -> ((String, i64, i64), Option<String>) {
    let amount = |n: i64| match settings.method {
        VotingMethod::Budgeting => money(ctx.locale, n),
        _ => n.to_string(),
    };
    let left = match used.left(settings) {
        Some(left) => {
            let (key, total, used_now) = match settings.method {
                VotingMethod::Budgeting => ("ballot-left-money", settings.budget.unwrap_or(0), used.cost),
                VotingMethod::Multiple => ("ballot-used-votes", settings.max_total.unwrap_or(0), used.votes),
                VotingMethod::Single => ("ballot-used-options", settings.max_options.unwrap_or(0), used.options),
            };
            let args = [("left", amount(left).into()), ("total", amount(total).into()), ("used", used_now.into())];
            (agora_i18n::t_args(ctx.locale, key, &args), used_now, total)
        }
        None => (agora_i18n::t_args(ctx.locale, "ballot-chosen", &[("used", used.options.into())]), used.options, 0),
    };
    let minimum = settings.min_total.filter(|m| *m > 0).map(|min| {
        let key = match settings.method {
            VotingMethod::Budgeting => "ballot-minimum-money",
            VotingMethod::Multiple => "ballot-minimum-votes",
            VotingMethod::Single => "ballot-minimum-options",
        };
        agora_i18n::t_args(ctx.locale, key, &[("min", amount(min).into())])
    });
    (left, minimum)
}

/// Where the ballot stands: counted (with the receipt), changed since, or a draft.
fn ballot_state(ctx: &Ctx, basket: &Basket) -> Option<(&'static str, String)> {
    match (&basket.ballot, basket.submitted_at) {
        (Some(ballot), Some(at)) => {
            let args = [("date", date(at).into()), ("code", basket.ballot_code.clone().into())];
            let counted = agora_i18n::t_args(ctx.locale, "ballot-counted", &args);
            if *ballot == basket.votes {
                Some(("counted", counted))
            } else {
                Some(("changed", format!("{counted} {}", ctx.t("ballot-changed-since"))))
            }
        }
        _ if !basket.votes.is_empty() => Some(("draft", ctx.t("ballot-draft"))),
        _ => None,
    }
}

fn option_view(
    ctx: &Ctx,
    view: &BallotView,
    phase_id: Id,
    votes: &Votes,
    o: &VotingOption,
    left: Option<i64>,
) -> OptionView {
    let title = o.title.text(ctx.locale).to_owned();
    let chosen = votes.contains_key(&o.idea_id);
    let budget_left = left.filter(|_| view.settings.method == VotingMethod::Budgeting);
    OptionView {
        idea_id: o.idea_id,
        title: Localized::of(ctx, &o.title),
        idea_path: paths::idea(o.idea_id),
        cost: view.settings.uses_costs().then(|| {
            let amount = money(ctx.locale, o.cost.unwrap_or(0));
            agora_i18n::t_args(ctx.locale, "option-cost", &[("amount", amount.into())])
        }),
        votes: votes.get(&o.idea_id).copied().unwrap_or(0),
        too_dear: budget_left
            .filter(|left| !chosen && o.cost.unwrap_or(0) > *left)
            .map(|left| agora_i18n::t_args(ctx.locale, "option-too-dear", &[("left", money(ctx.locale, left).into())])),
        votes_label: agora_i18n::t_args(ctx.locale, "basket-votes", &[("title", title.into())]),
        total: view.totals.as_ref().map(|t| {
            let count = t.get(&o.idea_id).copied().unwrap_or(0);
            agora_i18n::t_args(ctx.locale, "option-votes-count", &[("count", count.into())])
        }),
        step_path: paths::phase_ballot_option(phase_id, o.idea_id),
    }
}

async fn ballot_page(state: &AppState, ctx: Ctx, id: Id, error: Option<Error>) -> AppResult<BallotPage> {
    let now = agora_db::now();
    let view = voting::ballot_view(&state.db, ctx.actor(), id, random_seed(&ctx.visitor, now)).await?;
    let Some(phase) = view.context.phase.as_ref() else { return Err(Error::not_found().into()) };
    let project = agora_app::projects::get_visible(&state.db, ctx.actor(), view.context.project_id).await?;
    let refusal = may_act(ctx.actor(), &view.context.venue(), Action::Voting, now).err();
    let why_not = match &refusal {
        Some(refusal) => Some(why_not(state, &ctx, refusal).await?),
        None => None,
    };
    let votes = view.basket.as_ref().map(|b| b.votes.clone()).unwrap_or_default();
    let costs = view.options.iter().map(|o| (o.idea_id, o.cost.unwrap_or(0))).collect();
    let used = check_draft(&view.settings, &costs, &votes).unwrap_or_default();
    let used_left = used.left(&view.settings);
    let ((left, used, total), minimum) = what_is_left(&ctx, &view.settings, &used);
    let submitted = view.basket.as_ref().and_then(|b| b.ballot.clone());
    let ended = phase.window.end_at.is_some_and(|end| end <= now);
    Ok(BallotPage {
        title: Localized::of(&ctx, &phase.title),
        description_html: Localized::of(&ctx, &phase.description_html),
        project_title: project.title.text(ctx.locale).to_owned(),
        project_path: paths::project(&project.slug),
        left,
        used,
        total,
        minimum,
        state: view.basket.as_ref().and_then(|b| ballot_state(&ctx, b)),
        can_vote: refusal.is_none(),
        sign_in_path: matches!(refusal, Some(Refusal::SignIn)).then(|| paths::sign_in_then(&paths::phase_ballot(id))),
        why_not,
        error: error.map(|e| crate::error::message(&e, ctx.locale)),
        cumulative: view.settings.method == VotingMethod::Multiple,
        options: view.options.iter().map(|o| option_view(&ctx, &view, id, &votes, o, used_left)).collect(),
        submit_path: paths::phase_ballot_submit(id),
        submit_label: ctx.t(if submitted.is_some() { "ballot-submit-changes" } else { "ballot-submit" }),
        can_submit: !votes.is_empty() && submitted.as_ref() != Some(&votes),
        withdraw_path: submitted.map(|_| paths::phase_ballot_withdraw(id)),
        results_path: ended.then(|| paths::phase_results(id)),
        ctx,
    })
}

pub async fn ballot(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<BallotPage> {
    ballot_page(&state, ctx, id, None).await
}

/// A refused step or submission: the ballot again, with why.
async fn refused(state: &AppState, ctx: Ctx, id: Id, e: Error) -> AppResult<Response> {
    let status = crate::error::status(e.code);
    if status.is_server_error() || e.code == agora_core::Code::NotFound {
        return Err(AppError(e));
    }
    Ok((status, ballot_page(state, ctx, id, Some(e)).await?).into_response())
}

#[derive(Deserialize)]
pub struct StepForm {
    op: String,
    votes: Option<String>,
}

pub async fn step(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, idea)): Path<(Id, Id)>,
    PageForm(form): PageForm<StepForm>,
) -> AppResult<Response> {
    if ctx.user.is_none() {
        return Ok(see_other(&ctx, &paths::sign_in_then(&paths::phase_ballot(id))));
    }
    let step = match form.op.as_str() {
        "add" => Step::Add(idea),
        "remove" => Step::Remove(idea),
        _ => match form.votes.as_deref().map(str::trim).unwrap_or_default().parse::<i64>() {
            Ok(n) if n >= 0 => Step::Give(idea, n),
            _ => return refused(&state, ctx, id, Error::field("votes", "invalid")).await,
        },
    };
    match voting::step(&state.db, ctx.actor(), id, step, agora_db::now()).await {
        Ok(_) => Ok(see_other(&ctx, &format!("{}#option-{idea}", paths::phase_ballot(id)))),
        Err(e) => refused(&state, ctx, id, e).await,
    }
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(_): PageForm<super::NoFields>,
) -> AppResult<Response> {
    match voting::submit(&state.db, ctx.actor(), id, agora_db::now()).await {
        Ok(_) => Ok(done(&ctx, &paths::phase_ballot(id), Done::BallotSubmitted)),
        Err(e) => refused(&state, ctx, id, e).await,
    }
}

pub async fn withdraw(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(form): PageForm<DeleteForm>,
) -> AppResult<Response> {
    let back = paths::phase_ballot(id);
    if !form.confirmed() {
        let question = ctx.t("confirm-withdraw-ballot");
        let button = ctx.t("ballot-withdraw");
        return Ok(Confirm::new(ctx, question, paths::phase_ballot_withdraw(id), button, back).into_response());
    }
    match voting::withdraw(&state.db, ctx.actor(), id, agora_db::now()).await {
        Ok(_) => Ok(done(&ctx, &back, Done::BallotWithdrawn)),
        Err(e) => refused(&state, ctx, id, e).await,
    }
}

pub struct ResultRow {
    pub title: Localized,
    pub idea_path: String,
    pub votes: i64,
    pub offline_votes: i64,
    pub cost: Option<String>,
    pub won: bool,
    pub why: String,
}

/// One bar of the chart: where it is drawn, and what it says.
pub struct Bar {
    pub y: i64,
    pub width: i64,
    pub label: String,
    pub won: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "results.html")]
pub struct ResultsPage {
    ctx: Ctx,
    title: Localized,
    project_title: String,
    project_path: String,
    computing: bool,
    /// How far a running count is, for staff: (text, spent, budget).
    progress: Option<(String, i64, i64)>,
    rule: String,
    summary: Vec<String>,
    rows: Vec<ResultRow>,
    with_costs: bool,
    bars: Vec<Bar>,
    chart_height: i64,
    file_path: String,
    rerun: String,
    log_head: String,
    log_path: String,
    log_file: String,
    verify: String,
    page_path: String,
    check_code: String,
    /// What the ballot with the code looked for says.
    check: Option<String>,
}

#[derive(Deserialize)]
pub struct ResultsQuery {
    pub code: Option<String>,
}

pub async fn results(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    Query(query): Query<ResultsQuery>,
) -> AppResult<ResultsPage> {
    let view = voting::ballot_view(&state.db, ctx.actor(), id, 0).await?;
    let Some(phase) = view.context.phase.as_ref() else { return Err(Error::not_found().into()) };
    let project = agora_app::projects::get_visible(&state.db, ctx.actor(), view.context.project_id).await?;
    let mut page = ResultsPage {
        title: Localized::of(&ctx, &phase.title),
        project_title: project.title.text(ctx.locale).to_owned(),
        project_path: paths::project(&project.slug),
        computing: false,
        progress: None,
        rule: String::new(),
        summary: Vec::new(),
        rows: Vec::new(),
        with_costs: false,
        bars: Vec::new(),
        chart_height: 0,
        file_path: format!("/api/v1/phases/{id}/ballots.pb"),
        rerun: String::new(),
        log_head: String::new(),
        log_path: format!("/api/v1/phases/{id}/ballot-log"),
        log_file: format!("agora-phase-{id}-log.json"),
        verify: format!("agora pb verify agora-phase-{id}-log.json --ballots agora-phase-{id}.pb"),
        page_path: paths::phase_results(id),
        check_code: query.code.clone().unwrap_or_default(),
        check: None,
        ctx,
    };
    let ctx = &page.ctx;
    let (results, options) = match voting::results(&state.db, ctx.actor(), id).await? {
        PhaseResults::Computing(progress) => {
            page.computing = true;
            page.progress = progress.map(|p| {
                let args = [
                    ("funded", p.funded.into()),
                    ("spent", money(ctx.locale, p.spent).into()),
                    ("budget", money(ctx.locale, p.budget).into()),
                ];
                (agora_i18n::t_args(ctx.locale, "results-progress", &args), p.spent, p.budget)
            });
            return Ok(page);
        }
        PhaseResults::Published(results, options) => (results, options),
    };
    let titles: HashMap<Id, String> =
        options.iter().map(|o| (o.idea_id, o.title.text(ctx.locale).to_owned())).collect();
    let with_budget = view.settings.uses_costs();
    page.with_costs = with_budget;
    page.rule = ctx.t(&format!("rule-{}", results.rule.as_str()));
    let args = [("online", results.voters_online.into()), ("offline", results.voters_offline.into())];
    page.summary.push(agora_i18n::t_args(ctx.locale, "results-voters", &args));
    if with_budget {
        let args = [
            ("spent", money(ctx.locale, results.total_cost).into()),
            ("budget", money(ctx.locale, results.budget).into()),
        ];
        page.summary.push(agora_i18n::t_args(ctx.locale, "results-spent", &args));
    }
    let most = results.options.iter().map(|o| o.votes).max().unwrap_or(0).max(1);
    for (i, o) in results.options.iter().enumerate() {
        let title = options.iter().find(|x| x.idea_id == o.idea_id).map(|x| x.title.clone()).unwrap_or_default();
        // Long titles are cut in the chart: the table below has them whole.
        let name = title.text(ctx.locale);
        let short = match name.char_indices().nth(40) {
            Some((cut, _)) => format!("{}…", &name[..cut]),
            None => name.to_owned(),
        };
        let label = format!("{short}: {}", o.votes);
        page.bars.push(Bar { y: i as i64 * 44, width: 4 + o.votes * 390 / most, label, won: o.won });
        page.rows.push(ResultRow {
            title: Localized::of(ctx, &title),
            idea_path: paths::idea(o.idea_id),
            votes: o.votes,
            offline_votes: o.offline_votes,
            cost: with_budget.then(|| money(ctx.locale, o.cost)),
            won: o.won,
            why: why_text(ctx.locale, &o.why, &titles, with_budget),
        });
    }
    page.chart_height = results.options.len() as i64 * 44;
    page.rerun = format!("agora pb winners agora-phase-{id}.pb {}", results.rule.command_args());
    page.log_head = results.log_head.clone();
    if let Some(code) = query.code.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        page.check = Some(match voting::ballot_by_code(&state.db, ctx.actor(), id, code).await? {
            Some(votes) => {
                let chosen: Vec<String> = votes.keys().map(|i| titles.get(i).cloned().unwrap_or_default()).collect();
                agora_i18n::t_args(ctx.locale, "ballot-found", &[("options", chosen.join(", ").into())])
            }
            None => ctx.t("ballot-not-found"),
        });
    }
    Ok(page)
}

#[cfg(test)]
mod tests {
    #[test]
    fn money_reads_as_each_language_writes_it() {
        assert_eq!(crate::views::money("en", 120_000), "€\u{a0}120,000");
        assert_eq!(crate::views::money("nl", 500_000), "€\u{a0}500.000");
        assert_eq!(crate::views::money("fr", 1_500), "1\u{202f}500\u{a0}€");
        assert_eq!(crate::views::money("en", 999), "€\u{a0}999");
    }
}

//! A voting phase in the back office: its options and their costs (carried over from
//! the project's ideas, or written here), the votes cast on paper, and the count.

use std::collections::HashMap;

use agora_app::ideas::IdeaInput;
use agora_app::voting::{self, Comparison, Progress, StaffView};
use agora_core::{Error, Id, Multiloc};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::super::confirm::{Confirm, DeleteForm, Done, done};
use crate::AppState;
use crate::context::{Ctx, PageForm, Upload};
use crate::error::{AppError, AppResult};
use crate::paths;
use crate::views::{FormErrors, Localized, date, form_errors, money};

pub struct ComparisonView {
    pub rules: Vec<String>,
    pub rows: Vec<(Localized, Vec<bool>)>,
    pub spent: Vec<String>,
    pub caption: String,
}

pub struct StaffOption {
    pub idea_id: Id,
    pub title: Localized,
    pub idea_path: String,
    pub cost: String,
    pub online_votes: i64,
    pub offline_votes: i64,
    pub cost_path: String,
    pub remove_path: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_voting.html")]
pub struct VotingPage {
    ctx: Ctx,
    title: Localized,
    phase_path: String,
    ballot_path: String,
    options: Vec<StaffOption>,
    uses_costs: bool,
    candidates: Vec<(Id, String)>,
    add_path: String,
    new_path: String,
    offline_path: String,
    offline_voters: i64,
    results_path: String,
    public_results_path: String,
    import_path: String,
    /// Where the results stand, in a sentence.
    results_state: String,
    progress: Option<(i64, i64)>,
    can_count: bool,
    compare_path: String,
    /// The rules side by side: the rules' names, and per option its title and whether
    /// each rule funds it; then what each rule spends.
    comparison: Option<ComparisonView>,
    comparing: bool,
    errors: FormErrors,
    new_option: NewOptionForm,
}

async fn voting_page(
    state: &AppState,
    ctx: Ctx,
    id: Id,
    errors: FormErrors,
    new_option: NewOptionForm,
) -> AppResult<VotingPage> {
    let StaffView { context, settings, options, totals, candidates, offline_voters, results } =
        voting::staff_view(&state.db, ctx.actor(), id).await?;
    let compared = voting::comparison(&state.db, ctx.actor(), id).await?;
    let comparing = compared == Some(Comparison::Computing);
    let comparison = match compared {
        Some(Comparison::Done { rules, ballots, .. }) => Some(ComparisonView {
            rules: rules.iter().map(|r| ctx.t(&format!("rule-{}", r.rule.as_str()))).collect(),
            rows: options
                .iter()
                .map(|o| {
                    (Localized::of(&ctx, &o.title), rules.iter().map(|r| r.winners.contains(&o.idea_id)).collect())
                })
                .collect(),
            spent: rules.iter().map(|r| money(ctx.locale, r.total_cost)).collect(),
            caption: agora_i18n::t_args(ctx.locale, "comparison-caption", &[("ballots", ballots.into())]),
        }),
        _ => None,
    };
    let Some(phase) = context.phase.as_ref() else { return Err(Error::not_found().into()) };
    let now = agora_db::now();
    let progress: Option<Progress> = results.progress.as_deref().and_then(|p| serde_json::from_str(p).ok());
    let results_state = match (results.status.as_deref(), results.results_at) {
        (Some("computing"), _) => ctx.t("results-computing"),
        (Some("published"), Some(at)) => {
            agora_i18n::t_args(ctx.locale, "results-published-on", &[("date", date(at).into())])
        }
        _ => ctx.t("results-not-counted"),
    };
    Ok(VotingPage {
        title: Localized::of(&ctx, &phase.title),
        phase_path: paths::admin_phase(id),
        ballot_path: paths::phase_ballot(id),
        options: options
            .iter()
            .map(|o| StaffOption {
                idea_id: o.idea_id,
                title: Localized::of(&ctx, &o.title),
                idea_path: paths::idea(o.idea_id),
                cost: o.cost.map(|c| c.to_string()).unwrap_or_default(),
                online_votes: totals.get(&o.idea_id).copied().unwrap_or(0),
                offline_votes: o.offline_votes,
                cost_path: paths::admin_phase_option(id, o.idea_id),
                remove_path: paths::admin_phase_option_remove(id, o.idea_id),
            })
            .collect(),
        uses_costs: settings.uses_costs(),
        candidates: candidates.iter().map(|(idea, title)| (*idea, title.text(ctx.locale).to_owned())).collect(),
        add_path: paths::admin_phase_options(id),
        new_path: paths::admin_phase_new_option(id),
        offline_path: paths::admin_phase_offline(id),
        offline_voters,
        results_path: paths::admin_phase_results(id),
        import_path: paths::admin_phase_import(id),
        public_results_path: paths::phase_results(id),
        results_state,
        progress: progress.map(|p| (p.spent, p.budget)).filter(|(_, budget)| *budget > 0),
        can_count: phase.window.end_at.is_some_and(|end| end <= now) && results.status.as_deref() != Some("computing"),
        compare_path: paths::admin_phase_compare(id),
        comparison,
        comparing,
        errors,
        new_option,
        ctx,
    })
}

pub async fn show(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<VotingPage> {
    voting_page(&state, ctx, id, FormErrors::default(), NewOptionForm::default()).await
}

/// A refused form: the page again, with why.
async fn refused(state: &AppState, ctx: Ctx, id: Id, e: Error, form: NewOptionForm) -> AppResult<Response> {
    let status = crate::error::status(e.code);
    if status.is_server_error()
        || matches!(status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN | StatusCode::UNAUTHORIZED)
    {
        return Err(AppError(e));
    }
    let errors = form_errors(e, ctx.locale)?;
    Ok((status, voting_page(state, ctx, id, errors, form).await?).into_response())
}

/// A cost as typed ("120 000", "120.000", "120,000"): whole euros.
fn cost(text: &str) -> Result<Option<i64>, Error> {
    let digits: String = text.chars().filter(|c| !c.is_whitespace() && !matches!(c, ',' | '.' | '€')).collect();
    if digits.is_empty() {
        return Ok(None);
    }
    digits.parse().map(Some).map_err(|_| Error::field("cost", "invalid"))
}

/// Ideas carried over into the vote: each ticked `idea`, with its `cost_<idea>`.
pub async fn add_options(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(form): PageForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let result = async {
        let mut chosen = Vec::new();
        for (name, value) in &form {
            if name == "idea" {
                let idea = value.trim().parse::<Id>().map_err(|_| Error::field("ideas", "invalid"))?;
                let typed = form.iter().find(|(n, _)| *n == format!("cost_{idea}")).map_or("", |(_, v)| v.as_str());
                let cost = cost(typed).map_err(|e| Error::field(&format!("cost_{idea}"), e.fields[0].problem))?;
                chosen.push((idea, cost));
            }
        }
        voting::carry_over(&state.db, ctx.actor(), id, &chosen, agora_db::now()).await
    }
    .await;
    match result {
        Ok(_) => Ok(done(&ctx, &paths::admin_phase_options(id), Done::OptionSaved)),
        Err(e) => refused(&state, ctx, id, e, NewOptionForm::default()).await,
    }
}

#[derive(Deserialize, Default)]
pub struct NewOptionForm {
    #[serde(default)]
    pub option_title: String,
    #[serde(default)]
    pub option_body: String,
    #[serde(default)]
    pub option_cost: String,
}

pub async fn new_option(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(form): PageForm<NewOptionForm>,
) -> AppResult<Response> {
    let result = async {
        let input = IdeaInput {
            title: Multiloc::new(ctx.locale, form.option_title.trim()),
            body: Multiloc::new(ctx.locale, form.option_body.trim()),
            ..IdeaInput::default()
        };
        let cost = cost(&form.option_cost).map_err(|e| Error::field("option_cost", e.fields[0].problem))?;
        voting::create_option(&state.db, ctx.actor(), id, &input, cost, agora_db::now()).await
    }
    .await;
    match result {
        Ok(_) => Ok(done(&ctx, &paths::admin_phase_options(id), Done::OptionSaved)),
        Err(e) => refused(&state, ctx, id, e, form).await,
    }
}

#[derive(Deserialize)]
pub struct CostForm {
    #[serde(default)]
    cost: String,
}

pub async fn set_cost(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, idea)): Path<(Id, Id)>,
    PageForm(form): PageForm<CostForm>,
) -> AppResult<Response> {
    let result =
        async { voting::set_option(&state.db, ctx.actor(), id, idea, cost(&form.cost)?, agora_db::now()).await }.await;
    match result {
        Ok(()) => Ok(done(&ctx, &format!("{}#option-{idea}", paths::admin_phase_options(id)), Done::OptionSaved)),
        Err(e) => refused(&state, ctx, id, e, NewOptionForm::default()).await,
    }
}

pub async fn remove_option(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, idea)): Path<(Id, Id)>,
    PageForm(form): PageForm<DeleteForm>,
) -> AppResult<Response> {
    let back = paths::admin_phase_options(id);
    if !form.confirmed() {
        let view = voting::staff_view(&state.db, ctx.actor(), id).await?;
        let option = view.options.iter().find(|o| o.idea_id == idea).ok_or_else(Error::not_found)?;
        let title = option.title.text(ctx.locale).to_owned();
        let question = agora_i18n::t_args(ctx.locale, "confirm-remove-option", &[("title", title.into())]);
        let button = ctx.t("remove-option");
        return Ok(
            Confirm::new(ctx, question, paths::admin_phase_option_remove(id, idea), button, back).into_response()
        );
    }
    match voting::remove_option(&state.db, ctx.actor(), id, idea).await {
        Ok(()) => Ok(done(&ctx, &back, Done::OptionRemoved)),
        Err(e) => refused(&state, ctx, id, e, NewOptionForm::default()).await,
    }
}

/// The paper votes form: `paper_<idea>` per option, and `voters`.
pub async fn set_offline(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(form): PageForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let result = async {
        let mut votes = agora_core::voting::Votes::new();
        for (field, value) in &form {
            let Some(idea) = field.strip_prefix("paper_").and_then(|i| i.parse::<Id>().ok()) else { continue };
            let n = match value.trim() {
                "" => 0,
                text => text.parse::<i64>().map_err(|_| Error::field(field, "invalid"))?,
            };
            if n != 0 {
                votes.insert(idea, n);
            }
        }
        let voters = form.get("voters").map(|v| v.trim()).filter(|v| !v.is_empty()).unwrap_or("0");
        let voters = voters.parse::<i64>().map_err(|_| Error::field("voters", "invalid"))?;
        voting::set_offline_votes(&state.db, ctx.actor(), id, &votes, voters).await
    }
    .await;
    match result {
        Ok(()) => Ok(done(&ctx, &format!("{}#paper", paths::admin_phase_options(id)), Done::OfflineSaved)),
        Err(e) => refused(&state, ctx, id, e, NewOptionForm::default()).await,
    }
}

/// Staff ask what each rule would fund; a job works it out.
pub async fn compare(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(_): PageForm<super::super::NoFields>,
) -> AppResult<Response> {
    voting::compare_rules(&state.db, ctx.actor(), id, agora_db::now()).await?;
    Ok(done(&ctx, &format!("{}#compare", paths::admin_phase_options(id)), Done::ComparisonStarted))
}

/// A vote held on paper or elsewhere, from its Pabulib file, into this empty phase.
pub async fn import(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    upload: Upload,
) -> AppResult<Response> {
    let file = upload.text("file")?;
    match voting::import(&state.db, ctx.actor(), id, &file, agora_db::now()).await {
        Ok(_) => Ok(done(&ctx, &paths::admin_phase_options(id), Done::VoteImported)),
        // What is wrong with the file, with its line, is worth more than "not valid".
        Err(e) if e.detail.is_some() && e.fields.iter().any(|f| f.field == "file") => {
            let detail = e.detail.clone().unwrap_or_default();
            let mut errors = form_errors(e, ctx.locale)?;
            errors.set_general(format!("{} {detail}", ctx.t("import-failed")));
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                voting_page(&state, ctx, id, errors, NewOptionForm::default()).await?,
            )
                .into_response())
        }
        Err(e) => refused(&state, ctx, id, e, NewOptionForm::default()).await,
    }
}

pub async fn publish(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(_): PageForm<super::super::NoFields>,
) -> AppResult<Response> {
    match voting::publish_results(&state.db, ctx.actor(), id, agora_db::now()).await {
        Ok(()) => Ok(done(&ctx, &format!("{}#count", paths::admin_phase_options(id)), Done::CountStarted)),
        Err(e) => refused(&state, ctx, id, e, NewOptionForm::default()).await,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn costs_are_read_as_people_type_them() {
        assert_eq!(super::cost("120 000").unwrap(), Some(120_000));
        assert_eq!(super::cost("€ 120.000").unwrap(), Some(120_000));
        assert_eq!(super::cost("120,000").unwrap(), Some(120_000));
        assert_eq!(super::cost("  ").unwrap(), None);
        assert!(super::cost("lots").is_err());
    }
}

//! A project's timeline in the back office: add, edit and delete phases.

use agora_app::groups::{self, Group};
use agora_app::projects::{self, Phase};
use agora_core::participation::{Action, Permission, Permissions, PermittedBy};
use agora_core::permissions::admin;
use agora_core::phase::{Ideation, Method, MethodConfig, SurveySettings, Window};
use agora_core::validate::Problems;
use agora_core::voting::{Voting, VotingMethod, WinnerRule};
use agora_core::{Error, Id, MICROS_PER_DAY, Multiloc};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::super::confirm::{Confirm, DeleteForm, Done, done};
use super::super::{checked, see_other};
use super::{Retry, project_admin_page};
use crate::AppState;
use crate::api::parse_time;
use crate::context::{Ctx, PageForm};
use crate::error::AppResult;
use crate::paths;
use crate::views::{FormErrors, date, form_errors};

/// `text` in `locale`, the other languages of `existing` kept.
fn in_locale(existing: Option<&Multiloc>, locale: &str, text: &str) -> Multiloc {
    let mut all = existing.cloned().unwrap_or_default();
    all.set(locale, text);
    all
}

/// The phase form, to add a phase to a project or to edit one.
#[derive(Deserialize, Default, Clone)]
pub struct PhaseForm {
    #[serde(default)]
    pub(super) phase_title: String,
    #[serde(default)]
    pub(super) phase_description: String,
    #[serde(default)]
    pub(super) start_at: String,
    #[serde(default)]
    pub(super) end_at: String,
    #[serde(default)]
    pub(super) method: String,
    pub(super) posting_enabled: Option<String>,
    pub(super) commenting_enabled: Option<String>,
    pub(super) reacting_enabled: Option<String>,
    pub(super) disliking_enabled: Option<String>,
    #[serde(flatten)]
    pub(super) voting: VotingFields,
    /// A survey's or poll's settings.
    pub(super) one_response_per_person: Option<String>,
    pub(super) anonymous: Option<String>,
    pub(super) results_public: Option<String>,
    pub(super) results_live: Option<String>,
    /// Who may do each action: one choice per action, and the groups ticked for it
    /// (repeated fields, which a flattened struct could not hold).
    #[serde(default)]
    pub(super) permission_posting: String,
    #[serde(default)]
    pub(super) permission_commenting: String,
    #[serde(default)]
    pub(super) permission_reacting: String,
    #[serde(default)]
    pub(super) permission_voting: String,
    #[serde(default)]
    pub(super) permission_answering_survey: String,
    #[serde(default)]
    pub(super) permission_taking_poll: String,
    #[serde(default)]
    pub(super) groups_posting: Vec<String>,
    #[serde(default)]
    pub(super) groups_commenting: Vec<String>,
    #[serde(default)]
    pub(super) groups_reacting: Vec<String>,
    #[serde(default)]
    pub(super) groups_voting: Vec<String>,
    #[serde(default)]
    pub(super) groups_answering_survey: Vec<String>,
    #[serde(default)]
    pub(super) groups_taking_poll: Vec<String>,
}

/// A voting phase's settings, as typed (numbers are checked when read).
#[derive(Deserialize, Default, Clone)]
pub struct VotingFields {
    #[serde(default)]
    pub voting_method: String,
    #[serde(default)]
    pub budget: String,
    #[serde(default)]
    pub min_total: String,
    #[serde(default)]
    pub max_total: String,
    #[serde(default)]
    pub max_per_option: String,
    #[serde(default)]
    pub max_options: String,
    #[serde(default)]
    pub winners: String,
    #[serde(default)]
    pub rule: String,
    pub live_totals: Option<String>,
    pub publish_automatically: Option<String>,
}

impl PhaseForm {
    fn of(&self, action: Action) -> (&str, &[String]) {
        match action {
            Action::Posting => (&self.permission_posting, &self.groups_posting),
            Action::Commenting => (&self.permission_commenting, &self.groups_commenting),
            Action::Reacting => (&self.permission_reacting, &self.groups_reacting),
            Action::Voting => (&self.permission_voting, &self.groups_voting),
            Action::AnsweringSurvey => (&self.permission_answering_survey, &self.groups_answering_survey),
            Action::TakingPoll => (&self.permission_taking_poll, &self.groups_taking_poll),
        }
    }

    fn set_permissions(&mut self, permissions: &Permissions) {
        for action in Action::ALL {
            let permission = permissions.of(action);
            let (choice, groups) = match action {
                Action::Posting => (&mut self.permission_posting, &mut self.groups_posting),
                Action::Commenting => (&mut self.permission_commenting, &mut self.groups_commenting),
                Action::Reacting => (&mut self.permission_reacting, &mut self.groups_reacting),
                Action::Voting => (&mut self.permission_voting, &mut self.groups_voting),
                Action::AnsweringSurvey => (&mut self.permission_answering_survey, &mut self.groups_answering_survey),
                Action::TakingPoll => (&mut self.permission_taking_poll, &mut self.groups_taking_poll),
            };
            *choice = permission.permitted_by.as_str().to_owned();
            *groups = permission.group_ids.iter().map(Id::to_string).collect();
        }
    }

    fn permissions(&self, problems: &mut Problems) -> Permissions {
        let mut permissions = Permissions::default();
        for action in Action::ALL {
            let (choice, groups) = self.of(action);
            let permitted_by = match choice {
                "" => PermittedBy::Users,
                choice => PermittedBy::parse(choice).unwrap_or_else(|| {
                    problems.add(&format!("permissions.{}", action.as_str()), "invalid", None);
                    PermittedBy::Users
                }),
            };
            let group_ids = groups.iter().filter_map(|g| g.parse().ok()).collect();
            permissions.0.insert(action, Permission { permitted_by, group_ids });
        }
        permissions
    }
}

impl VotingFields {
    fn settings(&self, problems: &mut Problems) -> Option<Voting> {
        let mut number = |field: &str, text: &str| -> Option<i64> {
            let text: String = text.chars().filter(|c| !c.is_whitespace() && *c != ',' && *c != '.').collect();
            if text.is_empty() {
                return None;
            }
            text.parse().map_err(|_| problems.add(&format!("voting.{field}"), "invalid", None)).ok()
        };
        let method = VotingMethod::parse(&self.voting_method).unwrap_or(VotingMethod::Budgeting);
        Some(Voting {
            method,
            budget: number("budget", &self.budget),
            min_total: number("min_total", &self.min_total),
            max_total: number("max_total", &self.max_total),
            max_per_option: number("max_per_option", &self.max_per_option),
            max_options: number("max_options", &self.max_options),
            winners: number("winners", &self.winners),
            rule: WinnerRule::parse(&self.rule).unwrap_or(WinnerRule::default_for(method)),
            live_totals: checked(&self.live_totals),
            publish_automatically: checked(&self.publish_automatically),
        })
    }

    fn from_settings(voting: &Voting) -> VotingFields {
        let text = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
        VotingFields {
            voting_method: voting.method.as_str().to_owned(),
            budget: text(voting.budget),
            min_total: text(voting.min_total),
            max_total: text(voting.max_total),
            max_per_option: text(voting.max_per_option),
            max_options: text(voting.max_options),
            winners: text(voting.winners),
            rule: voting.rule.as_str().to_owned(),
            live_totals: voting.live_totals.then(|| "true".to_owned()),
            publish_automatically: voting.publish_automatically.then(|| "true".to_owned()),
        }
    }
}

/// One action's permission as the form shows it.
pub struct PermissionValues {
    pub action: &'static str,
    /// What the action may be open to (not `everyone` for voting).
    pub choices: Vec<&'static str>,
    pub permitted_by: String,
    /// Every group: id, name, ticked.
    pub groups: Vec<(Id, String, bool)>,
}

/// The phase form as the template shows it.
pub struct PhaseValues {
    pub title: String,
    pub description: String,
    pub start_at: String,
    pub end_at: String,
    pub method: String,
    pub posting_enabled: bool,
    pub commenting_enabled: bool,
    pub reacting_enabled: bool,
    pub disliking_enabled: bool,
    pub voting: VotingFields,
    pub survey: SurveySettings,
    pub permissions: Vec<PermissionValues>,
    pub voting_methods: [&'static str; 3],
    pub rules: [&'static str; 5],
}

impl PhaseForm {
    pub(super) fn values(&self, groups: &[Group]) -> PhaseValues {
        let permissions = Action::ALL
            .into_iter()
            .map(|action| {
                let (choice, ticked) = self.of(action);
                PermissionValues {
                    action: action.as_str(),
                    choices: PermittedBy::ALL
                        .into_iter()
                        .filter(|p| *p != PermittedBy::Everyone || action.open_to_guests())
                        .map(PermittedBy::as_str)
                        .collect(),
                    permitted_by: if choice.is_empty() { "users".to_owned() } else { choice.to_owned() },
                    groups: groups
                        .iter()
                        .map(|g| (g.id, g.name.clone(), ticked.iter().any(|t| *t == g.id.to_string())))
                        .collect(),
                }
            })
            .collect();
        PhaseValues {
            voting: self.voting.clone(),
            survey: self.survey(),
            permissions,
            voting_methods: VotingMethod::ALL.map(VotingMethod::as_str),
            rules: WinnerRule::ALL.map(WinnerRule::as_str),
            title: self.phase_title.clone(),
            description: self.phase_description.clone(),
            start_at: self.start_at.clone(),
            end_at: self.end_at.clone(),
            method: if self.method.is_empty() { "ideation".to_owned() } else { self.method.clone() },
            posting_enabled: checked(&self.posting_enabled),
            commenting_enabled: checked(&self.commenting_enabled),
            reacting_enabled: checked(&self.reacting_enabled),
            disliking_enabled: checked(&self.disliking_enabled),
        }
    }

    /// A survey's or poll's settings, as ticked.
    fn survey(&self) -> SurveySettings {
        SurveySettings {
            one_response_per_person: checked(&self.one_response_per_person),
            anonymous: checked(&self.anonymous),
            results_public: checked(&self.results_public),
            results_live: checked(&self.results_live),
        }
    }

    /// Dates are whole days: the phase starts at the first day's midnight (UTC) and
    /// ends after its last day.
    /// With `existing`, its other languages are kept.
    fn input(&self, locale: &str, existing: Option<&Phase>) -> Result<projects::PhaseInput, Error> {
        let mut problems = Problems::default();
        let start_at = parse_time(self.start_at.trim());
        if start_at.is_none() {
            problems.add("start_at", if self.start_at.trim().is_empty() { "required" } else { "invalid" }, None);
        }
        let end_at = match self.end_at.trim() {
            "" => None,
            end => {
                let parsed = parse_time(end);
                if parsed.is_none() {
                    problems.add("end_at", "invalid", None);
                }
                parsed.map(|e| e + MICROS_PER_DAY)
            }
        };
        let method = Method::parse(&self.method);
        if method.is_none() {
            problems.add("method", "invalid", None);
        }
        let voting = self.voting.settings(&mut problems);
        let permissions = self.permissions(&mut problems);
        problems.into_result()?;
        Ok(projects::PhaseInput {
            title: in_locale(existing.map(|p| &p.title), locale, &self.phase_title),
            description: in_locale(existing.map(|p| &p.description), locale, &self.phase_description),
            window: Window { start_at: start_at.unwrap_or_default(), end_at },
            config: MethodConfig::new(
                method.unwrap_or(Method::Information),
                Ideation {
                    posting: checked(&self.posting_enabled),
                    commenting: checked(&self.commenting_enabled),
                    reacting: checked(&self.reacting_enabled),
                    disliking: checked(&self.disliking_enabled),
                },
                voting,
                Some(self.survey()),
            )?,
            permissions,
        })
    }
}

pub async fn create_phase(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(form): PageForm<PhaseForm>,
) -> AppResult<Response> {
    let result = async {
        let input = form.input(ctx.locale, None)?;
        projects::create_phase(&state.db, ctx.actor(), id, &input, agora_db::now()).await
    }
    .await;
    match result {
        Ok(_) => Ok(see_other(&ctx, &paths::admin_project(id))),
        Err(e) => {
            let retry = Retry { phase_errors: form_errors(e, ctx.locale)?, phase: Some(form), ..Retry::default() };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, project_admin_page(&state, ctx, id, retry).await?).into_response())
        }
    }
}

impl PhaseForm {
    /// A phase as its edit form shows it; the last day is the day before its end.
    fn from_phase(p: &Phase, locale: &str) -> PhaseForm {
        let yes = |on: bool| on.then(|| "true".to_owned());
        let ideation = p.config.ideation().copied().unwrap_or(Ideation::CLOSED);
        let mut form = PhaseForm {
            phase_title: p.title.0.get(locale).cloned().unwrap_or_default(),
            phase_description: p.description.0.get(locale).cloned().unwrap_or_default(),
            start_at: date(p.window.start_at),
            end_at: p.window.end_at.map(|e| date(e - MICROS_PER_DAY)).unwrap_or_default(),
            method: p.config.method().as_str().to_owned(),
            posting_enabled: yes(ideation.posting),
            commenting_enabled: yes(ideation.commenting),
            reacting_enabled: yes(ideation.reacting),
            disliking_enabled: yes(ideation.disliking),
            voting: p.config.voting().map(VotingFields::from_settings).unwrap_or_default(),
            ..PhaseForm::default()
        };
        let survey = p.config.survey().copied().unwrap_or_default();
        form.one_response_per_person = yes(survey.one_response_per_person);
        form.anonymous = yes(survey.anonymous);
        form.results_public = yes(survey.results_public);
        form.results_live = yes(survey.results_live);
        form.set_permissions(&p.permissions);
        form
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_phase.html")]
pub struct PhasePage {
    ctx: Ctx,
    action: String,
    delete_action: String,
    back_path: String,
    options_path: String,
    form_path: String,
    results_path: String,
    phase: PhaseValues,
    phase_errors: FormErrors,
}

fn phase_page(ctx: Ctx, phase: &Phase, form: &PhaseForm, groups: &[Group], phase_errors: FormErrors) -> PhasePage {
    PhasePage {
        action: paths::admin_phase(phase.id),
        delete_action: paths::admin_phase_delete(phase.id),
        back_path: paths::admin_project(phase.project_id),
        options_path: paths::admin_phase_options(phase.id),
        form_path: paths::admin_phase_form(phase.id),
        results_path: paths::phase_results(phase.id),
        phase: form.values(groups),
        phase_errors,
        ctx,
    }
}

pub async fn edit_phase(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<PhasePage> {
    admin(ctx.actor())?;
    let phase = projects::phase(&state.db, id).await?;
    let form = PhaseForm::from_phase(&phase, ctx.locale);
    let groups = groups::list(&state.db, ctx.actor()).await?;
    Ok(phase_page(ctx, &phase, &form, &groups, FormErrors::default()))
}

pub async fn update_phase(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(form): PageForm<PhaseForm>,
) -> AppResult<Response> {
    admin(ctx.actor())?;
    let phase = projects::phase(&state.db, id).await?;
    let result = async {
        let input = form.input(ctx.locale, Some(&phase))?;
        projects::update_phase(&state.db, ctx.actor(), id, &input, agora_db::now()).await
    }
    .await;
    match result {
        Ok(_) => Ok(done(&ctx, &paths::admin_project(phase.project_id), Done::PhaseSaved)),
        Err(e) => {
            let errors = form_errors(e, ctx.locale)?;
            let groups = groups::list(&state.db, ctx.actor()).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, phase_page(ctx, &phase, &form, &groups, errors)).into_response())
        }
    }
}

pub async fn delete_phase(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(form): PageForm<DeleteForm>,
) -> AppResult<Response> {
    admin(ctx.actor())?;
    let phase = projects::phase(&state.db, id).await?;
    let back = paths::admin_project(phase.project_id);
    if !form.confirmed() {
        let title = phase.title.text(ctx.locale).to_owned();
        let question = agora_i18n::t_args(ctx.locale, "confirm-delete-phase", &[("title", title.into())]);
        let (detail, button) = (ctx.t("confirm-delete-phase-detail"), ctx.t("delete-phase"));
        return Ok(Confirm::new(ctx, question, paths::admin_phase_delete(id), button, back)
            .detail(detail)
            .into_response());
    }
    projects::delete_phase(&state.db, ctx.actor(), id).await?;
    Ok(done(&ctx, &back, Done::PhaseDeleted))
}

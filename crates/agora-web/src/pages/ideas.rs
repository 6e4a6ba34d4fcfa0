//! The idea page, the idea form, and the actions on an idea.

use agora_app::catalog::{self, Kind, WITHDRAWN_STATUS};
use agora_app::comments;
use agora_app::guests::Pass as GuestPass;
use agora_app::ideas::{self, IdeaInput, Reacting};
use agora_app::projects;
use agora_core::participation::{self, Action, Venue, may_dislike};
use agora_core::permissions::{IdeaState, can_see_hidden, may_delete_idea, may_edit_idea, may_withdraw_idea};
use agora_core::reaction::Mode;
use agora_core::{Code, Error, Id, Multiloc};
use agora_db::revisions;
use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::confirm::{Confirm, DeleteForm, Done, done};
use super::{HiddenForm, checked, guest_name, offered, see_other, wants_json};
use crate::AppState;
use crate::context::{Ctx, PageForm, keep_guest};
use crate::error::AppResult;
use crate::limits::{check_posting, check_reacting};
use crate::paths;
use crate::views::{FormErrors, Localized, date, form_errors, tag_titles};

pub struct FeedbackView {
    pub author: String,
    pub date: String,
    pub body_html: Localized,
}

pub struct RevisionView {
    pub heading: String,
    pub title: String,
    pub body: String,
}

pub struct CommentView {
    pub id: Id,
    pub author: String,
    pub author_guest: bool,
    /// Their profile page (guests have none).
    pub author_path: Option<String>,
    pub date: String,
    pub body_html: Localized,
    pub likes: i64,
    pub liked: bool,
    pub deleted: bool,
    pub hidden: bool,
    pub edited_by_staff: bool,
    pub mine: bool,
    pub like_path: String,
    pub edit_path: String,
    pub delete_path: String,
    pub hide_path: String,
    pub replies: Vec<CommentView>,
}

#[derive(Template, WebTemplate)]
#[template(path = "idea.html")]
pub struct IdeaPage {
    ctx: Ctx,
    title: Localized,
    project_title: String,
    project_path: String,
    status_code: String,
    status_title: String,
    author: Option<String>,
    author_guest: bool,
    author_path: Option<String>,
    created: String,
    hidden: bool,
    topics: Vec<String>,
    area: Option<String>,
    location: Option<String>,
    body_html: Localized,
    likes: i64,
    dislikes: i64,
    liked: bool,
    disliked: bool,
    show_dislike: bool,
    can_react: bool,
    can_dislike: bool,
    reaction_closed: Option<String>,
    following: bool,
    can_edit: bool,
    can_delete: bool,
    can_withdraw: bool,
    /// "Edited on ...", when an edit is shown.
    edited: Option<String>,
    /// Earlier versions, for staff.
    revisions: Vec<RevisionView>,
    withdraw_path: String,
    moderator: bool,
    statuses: Vec<(String, String)>,
    feedback: Vec<FeedbackView>,
    comments: Vec<CommentView>,
    comments_count: i64,
    can_comment: bool,
    commenting_closed: Option<String>,
    /// Asked of a visitor who comments as a guest.
    guest_name: Option<String>,
    reaction_path: String,
    follow_path: String,
    edit_path: String,
    delete_path: String,
    status_path: String,
    feedback_path: String,
    hide_path: String,
    comment_path: String,
    errors: FormErrors,
    feedback_body: String,
    feedback_author: String,
    comment_body: String,
}

/// What a failed form on the idea page gives back to the page.
#[derive(Default)]
pub struct Retry {
    pub errors: FormErrors,
    pub feedback_body: String,
    pub feedback_author: String,
    pub comment_body: String,
    pub guest_name: Option<String>,
}

fn revision_view(ctx: &Ctx, r: &agora_db::revisions::Revision) -> RevisionView {
    let who = r.editor_name.clone().unwrap_or_default();
    let key = if r.by_staff { "revision-before-staff-edit" } else { "revision-before-edit" };
    RevisionView {
        heading: agora_i18n::t_args(ctx.locale, key, &[("date", date(r.created_at).into()), ("name", who.into())]),
        title: r.title.as_ref().map(|t| t.text(ctx.locale).to_owned()).unwrap_or_default(),
        body: r.body.text(ctx.locale).to_owned(),
    }
}

pub async fn idea_page(state: &AppState, ctx: Ctx, id: Id, retry: Retry) -> AppResult<IdeaPage> {
    let now = agora_db::now();
    let ideas::IdeaPage { idea, project, phase: current, comments: comment_list, feedback: answers } =
        ideas::page(&state.db, ctx.participant_actor(), id, now).await?;
    let venue =
        Venue { project_id: project.id, project_status: project.status, phase: current.as_ref().map(|p| p.rules()) };
    let allowed = |action| offered(&ctx, &venue, action, now);
    let catalog = catalog::catalog(&state.db).await?;
    let (topics, areas, statuses) = (&catalog.topics, &catalog.areas, &catalog.statuses);
    let (mine, following) = (idea.viewer_reaction, idea.viewer_follows);
    let user_id = ctx.user.as_ref().map(|u| u.id);
    let view = |c: &comments::Comment| CommentView {
        id: c.id,
        author: c.author.as_ref().map_or_else(|| ctx.t("former-participant"), |a| a.name.clone()),
        author_guest: c.author.as_ref().is_some_and(|a| a.guest),
        author_path: c.author.as_ref().filter(|a| !a.guest).map(|a| paths::person(a.id)),
        date: date(c.created_at),
        body_html: Localized::of(&ctx, &c.body_html),
        likes: c.likes_count,
        liked: c.viewer_liked,
        deleted: c.deleted,
        hidden: c.hidden,
        edited_by_staff: c.edited_by_staff,
        mine: user_id.is_some() && c.author.as_ref().map(|a| a.id) == user_id,
        like_path: paths::comment_like(c.id),
        edit_path: paths::comment_edit(c.id),
        delete_path: paths::comment_delete(c.id),
        hide_path: paths::comment_hidden(c.id),
        replies: Vec::new(),
    };
    let mut threads: Vec<CommentView> = Vec::new();
    for c in &comment_list {
        match c.parent_id.and_then(|p| threads.iter_mut().find(|t| t.id == p)) {
            Some(thread) => thread.replies.push(view(c)),
            None => threads.push(view(c)),
        }
    }
    let moderator = can_see_hidden(ctx.actor(), project.id);
    let like = allowed(Action::Reacting);
    let comment = allowed(Action::Commenting);
    let guest = guest_name(&ctx, &venue, Action::Commenting, now);
    let rules = IdeaState {
        project_id: project.id,
        author_id: idea.author.as_ref().map(|a| a.id),
        posting_open: venue.offering(Action::Posting, now).is_some(),
        answered: !answers.is_empty(),
    };
    let revisions = match moderator {
        true => revisions::of_idea(&state.db, ctx.actor(), project.id, id)
            .await?
            .iter()
            .map(|r| revision_view(&ctx, r))
            .collect(),
        false => Vec::new(),
    };
    let feedback = answers
        .iter()
        .map(|f| FeedbackView {
            author: f.author.text(ctx.locale).to_owned(),
            date: date(f.created_at),
            body_html: Localized::of(&ctx, &f.body_html),
        })
        .collect();
    let statuses = if moderator {
        statuses.iter().map(|s| (s.code.clone(), s.title.text(ctx.locale).to_owned())).collect()
    } else {
        Vec::new()
    };
    let closed = |r: &Result<(), Error>| r.as_ref().err().map(|e| ctx.t(&format!("error-{}", e.code.as_str())));
    Ok(IdeaPage {
        title: Localized::of(&ctx, &idea.title),
        project_title: project.title.text(ctx.locale).to_owned(),
        project_path: paths::project(&project.slug),
        status_code: idea.status.code.clone(),
        status_title: idea.status.title.text(ctx.locale).to_owned(),
        author: Some(idea.author.as_ref().map_or_else(|| ctx.t("former-participant"), |a| a.name.clone())),
        author_guest: idea.author.as_ref().is_some_and(|a| a.guest),
        author_path: idea.author.as_ref().filter(|a| !a.guest).map(|a| paths::person(a.id)),
        created: date(idea.created_at),
        hidden: idea.hidden,
        topics: tag_titles(&ctx, topics, &idea.topic_ids),
        area: idea.area_id.and_then(|a| areas.iter().find(|t| t.id == a)).map(|t| t.title.text(ctx.locale).to_owned()),
        location: idea.location.map(|(lat, lng)| format!("{lat:.5}, {lng:.5}")),
        body_html: Localized::of(&ctx, &idea.body_html),
        likes: idea.likes_count,
        dislikes: idea.dislikes_count,
        liked: mine == Some(Mode::Up),
        disliked: mine == Some(Mode::Down),
        show_dislike: current.as_ref().and_then(|p| p.config.ideation()).is_some_and(|i| i.disliking)
            || idea.dislikes_count > 0,
        can_react: like.is_ok(),
        can_dislike: like.is_ok() && current.as_ref().is_some_and(|p| may_dislike(&p.config).is_ok()),
        reaction_closed: closed(&like),
        following,
        can_edit: may_edit_idea(ctx.actor(), &rules).is_ok(),
        can_delete: may_delete_idea(ctx.actor(), &rules).is_ok(),
        can_withdraw: idea.status.code != WITHDRAWN_STATUS && may_withdraw_idea(ctx.actor(), &rules).is_ok(),
        edited: idea.edited_at.map(|at| {
            let key = if idea.edited_by_staff { "edited-by-staff-on" } else { "edited-on" };
            agora_i18n::t_args(ctx.locale, key, &[("date", date(at).into())])
        }),
        revisions,
        withdraw_path: paths::idea_withdraw(id),
        moderator,
        statuses,
        feedback,
        comments: threads,
        comments_count: idea.comments_count,
        can_comment: comment.is_ok() && (ctx.actor.is_some() || guest.is_some()),
        commenting_closed: if ctx.actor.is_none() && guest.is_none() && comment.is_ok() {
            Some(ctx.t("sign-in-to-comment"))
        } else {
            closed(&comment)
        },
        guest_name: retry.guest_name.or(guest),
        reaction_path: paths::idea_reaction(id),
        follow_path: paths::idea_follow(id),
        edit_path: paths::idea_edit(id),
        delete_path: paths::idea_delete(id),
        status_path: paths::idea_status(id),
        feedback_path: paths::idea_feedback(id),
        hide_path: paths::idea_hidden(id),
        comment_path: paths::idea_comments(id),
        errors: retry.errors,
        feedback_body: retry.feedback_body,
        feedback_author: retry.feedback_author,
        comment_body: retry.comment_body,
        ctx,
    })
}

pub async fn show(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<IdeaPage> {
    idea_page(&state, ctx, id, Retry::default()).await
}

#[derive(Template, WebTemplate)]
#[template(path = "idea_form.html")]
struct IdeaFormPage {
    ctx: Ctx,
    heading: String,
    submit: String,
    action: String,
    back_path: String,
    project_title: String,
    title: String,
    body: String,
    topics: Vec<(Id, String, bool)>,
    areas: Vec<(Id, String, bool)>,
    lat: String,
    lng: String,
    /// Asked of a visitor who posts as a guest.
    guest_name: Option<String>,
    errors: FormErrors,
}

#[derive(Deserialize, Default)]
pub struct IdeaForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    topic_ids: Vec<Id>,
    area_id: Option<String>,
    lat: Option<String>,
    lng: Option<String>,
    guest_name: Option<String>,
    idempotency_key: Option<String>,
}

impl IdeaForm {
    fn key(&self) -> Option<&str> {
        self.idempotency_key.as_deref().filter(|k| !k.is_empty())
    }

    fn input(&self, locale: &str) -> Result<IdeaInput, Error> {
        let coordinate =
            |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(|v| v.replace(',', "."));
        let location = match (coordinate(&self.lat), coordinate(&self.lng)) {
            (None, None) => None,
            (Some(lat), Some(lng)) => match (lat.parse::<f64>(), lng.parse::<f64>()) {
                (Ok(lat), Ok(lng)) => Some((lat, lng)),
                _ => return Err(Error::field("location", "invalid")),
            },
            _ => return Err(Error::field("location", "invalid")),
        };
        let area_id = match self.area_id.as_deref().filter(|a| !a.is_empty()) {
            None => None,
            Some(a) => Some(a.parse().map_err(|_| Error::field("area_id", "invalid"))?),
        };
        Ok(IdeaInput {
            title: Multiloc::new(locale, self.title.clone()),
            body: Multiloc::new(locale, self.body.clone()),
            topic_ids: self.topic_ids.clone(),
            area_id,
            location,
        })
    }
}

async fn idea_form(
    state: &AppState,
    ctx: Ctx,
    project: &projects::Project,
    editing: Option<Id>,
    form: &IdeaForm,
    guest_name: Option<String>,
    errors: FormErrors,
) -> AppResult<IdeaFormPage> {
    let topics = catalog::list(&state.db, Kind::Topic).await?;
    let areas = catalog::list(&state.db, Kind::Area).await?;
    let choices = |tags: &[catalog::Tag], allowed: &[Id], chosen: &dyn Fn(Id) -> bool| -> Vec<(Id, String, bool)> {
        tags.iter()
            .filter(|t| allowed.is_empty() || allowed.contains(&t.id))
            .map(|t| (t.id, t.title.text(ctx.locale).to_owned(), chosen(t.id)))
            .collect()
    };
    let chosen_area = form.area_id.as_deref().and_then(|a| a.parse::<Id>().ok());
    Ok(IdeaFormPage {
        heading: ctx.t(if editing.is_some() { "edit-idea" } else { "post-idea" }),
        submit: ctx.t(if editing.is_some() { "save" } else { "publish-idea" }),
        action: match editing {
            Some(id) => paths::idea_edit(id),
            None => paths::project_ideas(&project.slug),
        },
        back_path: match editing {
            Some(id) => paths::idea(id),
            None => paths::project(&project.slug),
        },
        project_title: project.title.text(ctx.locale).to_owned(),
        title: form.title.clone(),
        body: form.body.clone(),
        topics: choices(&topics, &project.topic_ids, &|id| form.topic_ids.contains(&id)),
        areas: choices(&areas, &project.area_ids, &|id| chosen_area == Some(id)),
        lat: form.lat.clone().unwrap_or_default(),
        lng: form.lng.clone().unwrap_or_default(),
        guest_name,
        errors,
        ctx,
    })
}

/// The form for a new idea; a visitor is asked to sign in, unless the phase lets
/// everyone post: then the form asks for the name a guest signs with.
pub async fn new_form(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>) -> AppResult<Response> {
    let project = projects::by_slug(&state.db, ctx.actor(), &slug).await?;
    let now = agora_db::now();
    let context = projects::participation_context(&state.db, project.id, now).await?;
    let guest_name = guest_name(&ctx, &context.venue(), Action::Posting, now);
    if ctx.actor.is_none() && guest_name.is_none() {
        return Ok(see_other(&ctx, &paths::sign_in_then(&paths::project_new_idea(&slug))));
    }
    participation::check(ctx.participant_actor(), &context.venue(), Action::Posting, now)?;
    let form = IdeaForm::default();
    Ok(idea_form(&state, ctx, &project, None, &form, guest_name, FormErrors::default()).await?.into_response())
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    PageForm(form): PageForm<IdeaForm>,
) -> AppResult<Response> {
    let project = projects::by_slug(&state.db, ctx.actor(), &slug).await?;
    let pass = GuestPass::new();
    let result = async {
        check_posting(&state, &ctx).await?;
        let input = form.input(ctx.locale)?;
        let who = ctx.participant(&pass, form.guest_name.as_deref());
        Ok::<_, crate::error::AppError>(
            ideas::create(&state.db, who, project.id, &input, form.key(), agora_db::now()).await?,
        )
    }
    .await;
    match result {
        Ok(idea) => Ok(keep_guest(&state, &ctx, &pass, see_other(&ctx, &paths::idea(idea.id)))),
        Err(crate::error::AppError(e)) => {
            let errors = form_errors(e, ctx.locale)?;
            let guest_name = ctx.actor.is_none().then(|| form.guest_name.clone().unwrap_or_default());
            let page = idea_form(&state, ctx, &project, None, &form, guest_name, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

pub async fn edit_form(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Response> {
    let (idea, project) = ideas::get_visible_with_project(&state.db, ctx.actor(), id).await?;
    may_edit_idea(ctx.actor(), &ideas::state(&state.db, &idea, agora_db::now()).await?)?;
    let form = IdeaForm {
        title: idea.title.text(ctx.locale).to_owned(),
        body: idea.body.text(ctx.locale).to_owned(),
        topic_ids: idea.topic_ids.clone(),
        area_id: idea.area_id.map(|a| a.to_string()),
        lat: idea.location.map(|l| l.0.to_string()),
        lng: idea.location.map(|l| l.1.to_string()),
        guest_name: None,
        idempotency_key: None,
    };
    Ok(idea_form(&state, ctx, &project, Some(id), &form, None, FormErrors::default()).await?.into_response())
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(form): PageForm<IdeaForm>,
) -> AppResult<Response> {
    let result = async {
        let input = form.input(ctx.locale)?;
        ideas::update(&state.db, ctx.actor(), id, &input, agora_db::now()).await
    }
    .await;
    match result {
        Ok(_) => Ok(see_other(&ctx, &paths::idea(id))),
        Err(e) => {
            let errors = form_errors(e, ctx.locale)?;
            let (_, project) = ideas::get_visible_with_project(&state.db, ctx.actor(), id).await?;
            let page = idea_form(&state, ctx, &project, Some(id), &form, None, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

pub async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(form): PageForm<DeleteForm>,
) -> AppResult<Response> {
    let idea = ideas::get_visible(&state.db, ctx.actor(), id).await?;
    if !form.confirmed() {
        // Asked only of who may do it; once confirmed, the service checks again.
        may_delete_idea(ctx.actor(), &ideas::state(&state.db, &idea, agora_db::now()).await?)?;
        let title = idea.title.text(ctx.locale).to_owned();
        let question = agora_i18n::t_args(ctx.locale, "confirm-delete-idea", &[("title", title.into())]);
        let detail = agora_i18n::t_args(
            ctx.locale,
            "confirm-delete-idea-detail",
            &[("comments", idea.comments_count.into()), ("reactions", (idea.likes_count + idea.dislikes_count).into())],
        );
        let (action, back) = (paths::idea_delete(id), paths::idea(id));
        let button = ctx.t("delete-idea");
        return Ok(Confirm::new(ctx, question, action, button, back).detail(detail).into_response());
    }
    ideas::delete(&state.db, ctx.actor(), id, agora_db::now()).await?;
    Ok(done(&ctx, &paths::project(&idea.project_slug), Done::IdeaDeleted))
}

/// The author takes back an idea the city has answered (it cannot be deleted).
pub async fn withdraw(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(form): PageForm<DeleteForm>,
) -> AppResult<Response> {
    let idea = ideas::get_visible(&state.db, ctx.actor(), id).await?;
    if !form.confirmed() {
        // Asked only of who may do it; once confirmed, the service checks again.
        may_withdraw_idea(ctx.actor(), &ideas::state(&state.db, &idea, agora_db::now()).await?)?;
        let title = idea.title.text(ctx.locale).to_owned();
        let question = agora_i18n::t_args(ctx.locale, "confirm-withdraw-idea", &[("title", title.into())]);
        let (detail, button) = (ctx.t("confirm-withdraw-idea-detail"), ctx.t("withdraw-idea"));
        let (action, back) = (paths::idea_withdraw(id), paths::idea(id));
        return Ok(Confirm::new(ctx, question, action, button, back).detail(detail).into_response());
    }
    ideas::withdraw(&state.db, ctx.actor(), id, agora_db::now()).await?;
    Ok(done(&ctx, &paths::idea(id), Done::IdeaWithdrawn))
}

#[derive(Deserialize)]
pub struct ReactionForm {
    mode: String,
}

/// One click on like or dislike; a second click takes it back. Answers JSON to the
/// page's script, a redirect otherwise.
pub async fn react(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<Id>,
    PageForm(form): PageForm<ReactionForm>,
) -> AppResult<Response> {
    let clicked = Mode::parse(&form.mode).ok_or_else(|| Error::field("mode", "invalid"))?;
    check_reacting(&state, &ctx).await?;
    let pass = GuestPass::new();
    let idea =
        match ideas::react(&state.db, ctx.participant(&pass, None), id, Reacting::Toggle(clicked), agora_db::now())
            .await
        {
            Err(e) if e.code == Code::NotSignedIn => {
                return Ok(see_other(&ctx, &paths::sign_in_then(&paths::idea(id))));
            }
            idea => idea?,
        };
    if wants_json(&headers) {
        let counts = Json(json!({
            "likes_count": idea.likes_count,
            "dislikes_count": idea.dislikes_count,
            "reaction": idea.viewer_reaction.map(Mode::as_str),
        }));
        return Ok(keep_guest(&state, &ctx, &pass, counts));
    }
    Ok(keep_guest(&state, &ctx, &pass, see_other(&ctx, &paths::idea(id))))
}

#[derive(Deserialize)]
pub struct FollowForm {
    follow: Option<String>,
}

pub async fn follow(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(form): PageForm<FollowForm>,
) -> AppResult<Response> {
    ideas::set_following(&state.db, ctx.actor(), id, checked(&form.follow), agora_db::now()).await?;
    Ok(see_other(&ctx, &paths::idea(id)))
}

#[derive(Deserialize)]
pub struct StatusForm {
    status: String,
}

pub async fn set_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(form): PageForm<StatusForm>,
) -> AppResult<Response> {
    ideas::set_status(&state.db, ctx.actor(), id, &form.status, agora_db::now()).await?;
    Ok(see_other(&ctx, &paths::idea(id)))
}

#[derive(Deserialize)]
pub struct FeedbackForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    author: String,
}

pub async fn add_feedback(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(form): PageForm<FeedbackForm>,
) -> AppResult<Response> {
    let body = Multiloc::new(ctx.locale, form.body.clone());
    let author = Multiloc::new(ctx.locale, form.author.clone());
    match ideas::add_feedback(&state.db, ctx.actor(), id, &body, &author, agora_db::now()).await {
        Ok(_) => Ok(see_other(&ctx, &paths::idea(id))),
        Err(e) => {
            let errors = form_errors(e, ctx.locale)?;
            let retry = Retry { errors, feedback_body: form.body, feedback_author: form.author, ..Retry::default() };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, idea_page(&state, ctx, id, retry).await?).into_response())
        }
    }
}

pub async fn set_hidden(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(form): PageForm<HiddenForm>,
) -> AppResult<Response> {
    ideas::set_hidden(&state.db, ctx.actor(), id, checked(&form.hidden), agora_db::now()).await?;
    Ok(see_other(&ctx, &paths::idea(id)))
}

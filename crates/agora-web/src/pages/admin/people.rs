//! People in the back office: find a person by name or address, block them (they can
//! still read, but not sign in or act) or lift the block; invite people by e-mail, one
//! by one or from a CSV or XLSX file; export everyone to a spreadsheet; choose whether
//! pages show names abbreviated.

use agora_app::users::{self, User};
use agora_core::Id;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::AppState;
use crate::context::{Ctx, PageForm, Upload};
use crate::error::AppResult;
use crate::pages::confirm::{Confirm, Done, done};
use crate::pages::form_again;
use crate::paths;
use crate::views::date;
use crate::views::{FormErrors, form_errors};

/// How many people a search shows.
const FOUND: i64 = 50;

pub struct PersonView {
    name: String,
    email: String,
    since: String,
    confirmed: bool,
    is_admin: bool,
    /// "Blocked on 2026-12-02", when blocked.
    blocked: Option<String>,
    block_path: String,
    unblock_path: String,
}

impl PersonView {
    /// `q`: the search, which the buttons carry to come back to it.
    fn of(ctx: &Ctx, u: User, q: &str) -> PersonView {
        let q = url_encoded(q);
        PersonView {
            blocked: u.blocked_at.map(|at| format!("{} {}", ctx.t("blocked-since"), date(at))),
            block_path: format!("{}?q={q}", paths::admin_person_block(u.id)),
            unblock_path: format!("{}?q={q}", paths::admin_person_unblock(u.id)),
            since: date(u.created_at),
            confirmed: u.email_confirmed_at.is_some(),
            is_admin: u.is_admin,
            name: u.name,
            email: u.email,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_people.html")]
pub struct PeoplePage {
    ctx: Ctx,
    query: String,
    found: Option<Vec<PersonView>>,
    /// What an invitation (or a file of them) did, in words.
    report: Option<String>,
    invite_email: String,
    invite_name: String,
    errors: FormErrors,
    /// Pages show names abbreviated ("Jane D.").
    abbreviate_names: bool,
}

#[derive(Deserialize)]
pub struct PeopleQuery {
    #[serde(default)]
    q: String,
}

pub async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<PeopleQuery>) -> AppResult<Response> {
    agora_core::permissions::admin(ctx.actor())?;
    let found = match q.q.trim() {
        "" => None,
        text => Some(
            users::find(&state.db, ctx.actor(), text, FOUND)
                .await?
                .into_iter()
                .map(|u| PersonView::of(&ctx, u, text))
                .collect(),
        ),
    };
    Ok(PeoplePage::new(&state, ctx, q.q, found).await?.into_response())
}

impl PeoplePage {
    async fn new(state: &AppState, ctx: Ctx, query: String, found: Option<Vec<PersonView>>) -> AppResult<PeoplePage> {
        Ok(PeoplePage {
            ctx,
            query,
            found,
            report: None,
            invite_email: String::new(),
            invite_name: String::new(),
            errors: FormErrors::default(),
            abbreviate_names: agora_app::profiles::abbreviate_names(&state.db).await?,
        })
    }
}

#[derive(Deserialize)]
pub struct InviteForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
}

/// Invites one person; the page says what happened.
pub async fn invite(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<InviteForm>,
) -> AppResult<Response> {
    let site = state.config.site();
    match users::invite(&state.db, &site, ctx.actor(), &form.email, &form.name, ctx.locale, agora_db::now()).await {
        Ok(invitation) => {
            let key = match invitation {
                users::Invitation::Sent(_) => "invitation-sent",
                users::Invitation::HasAccount => "invitation-has-account",
            };
            let mut page = PeoplePage::new(&state, ctx, String::new(), None).await?;
            page.report =
                Some(agora_i18n::t_args(page.ctx.locale, key, &[("email", form.email.trim().to_owned().into())]));
            Ok(page.into_response())
        }
        Err(e) => {
            let errors = form_errors(e, ctx.locale)?;
            let mut page = PeoplePage::new(&state, ctx, String::new(), None).await?;
            (page.invite_email, page.invite_name, page.errors) = (form.email, form.name, errors);
            Ok(form_again(page, None))
        }
    }
}

/// Invites everyone of a CSV or XLSX file (an address and a name per line).
pub async fn invite_file(State(state): State<AppState>, ctx: Ctx, upload: Upload) -> AppResult<Response> {
    let site = state.config.site();
    let file = upload.bytes("file");
    let report = users::invite_file(&state.db, &site, ctx.actor(), file, ctx.locale, agora_db::now()).await?;
    let args = [
        ("invited", report.invited.into()),
        ("had", report.had_account.into()),
        ("refused", report.refused.len().into()),
    ];
    let mut text = agora_i18n::t_args(ctx.locale, "invitations-report", &args);
    if !report.refused.is_empty() {
        let lines = report.refused.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
        text.push(' ');
        text.push_str(&agora_i18n::t_args(ctx.locale, "invitations-refused-lines", &[("lines", lines.into())]));
    }
    let mut page = PeoplePage::new(&state, ctx, String::new(), None).await?;
    page.report = Some(text);
    Ok(page.into_response())
}

#[derive(Deserialize)]
pub struct NamesForm {
    abbreviate: Option<String>,
}

/// How pages show people's names: whole, or abbreviated ("Jane D.").
pub async fn names(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<NamesForm>,
) -> AppResult<Response> {
    let on = crate::pages::checked(&form.abbreviate);
    agora_app::profiles::set_abbreviate_names(&state.db, ctx.actor(), on).await?;
    Ok(done(&ctx, paths::ADMIN_PEOPLE, Done::NamesSaved))
}

/// Everyone with an account, as a spreadsheet (XLSX).
pub async fn export(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let people = users::everyone(&state.db, ctx.actor()).await?;
    let xlsx = spreadsheet(&ctx, &people).map_err(|e| agora_core::Error::internal(e.to_string()))?;
    let headers = [
        (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned()),
        (header::CONTENT_DISPOSITION, format!("attachment; filename=\"people-{}.xlsx\"", date(agora_db::now()))),
        (header::CACHE_CONTROL, "no-store".to_owned()),
    ];
    Ok((headers, xlsx).into_response())
}

fn spreadsheet(ctx: &Ctx, people: &[User]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    // Rows go to a temporary file as they are written: a big city's list is not held
    // in memory twice.
    let sheet = workbook.add_worksheet_with_constant_memory();
    let columns =
        ["export-name", "export-email", "export-joined", "export-confirmed", "export-admin", "export-blocked"];
    for (col, key) in columns.iter().enumerate() {
        sheet.write_string(0, col as u16, ctx.t(key))?;
    }
    let yes_no = |b: bool| ctx.t(if b { "yes" } else { "no" });
    for (i, p) in people.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, &p.name)?;
        sheet.write_string(row, 1, &p.email)?;
        sheet.write_string(row, 2, date(p.created_at))?;
        sheet.write_string(row, 3, yes_no(p.email_confirmed_at.is_some()))?;
        sheet.write_string(row, 4, yes_no(p.is_admin))?;
        sheet.write_string(row, 5, p.blocked_at.map(date).unwrap_or_default())?;
    }
    workbook.save_to_buffer()
}

#[derive(Deserialize)]
pub struct BlockForm {
    confirmed: Option<String>,
}

fn back(q: &str) -> String {
    format!("{}?q={}", paths::ADMIN_PEOPLE, url_encoded(q))
}

/// Blocks a person, after asking.
pub async fn block(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    Query(q): Query<PeopleQuery>,
    PageForm(form): PageForm<BlockForm>,
) -> AppResult<Response> {
    if !crate::pages::checked(&form.confirmed) {
        agora_core::permissions::admin(ctx.actor())?;
        let person = users::by_id(&state.db, id).await?.ok_or_else(agora_core::Error::not_found)?;
        let question = agora_i18n::t_args(ctx.locale, "confirm-block", &[("name", person.name.into())]);
        let (detail, button) = (ctx.t("confirm-block-detail"), ctx.t("block"));
        let action = format!("{}?q={}", paths::admin_person_block(id), url_encoded(&q.q));
        return Ok(Confirm::new(ctx, question, action, button, back(&q.q)).detail(detail).into_response());
    }
    users::block(&state.db, ctx.actor(), id, agora_db::now()).await?;
    Ok(done(&ctx, &back(&q.q), Done::PersonBlocked))
}

fn url_encoded(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

pub async fn unblock(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    Query(q): Query<PeopleQuery>,
    PageForm(_): PageForm<crate::pages::NoFields>,
) -> AppResult<Response> {
    users::unblock(&state.db, ctx.actor(), id).await?;
    Ok(done(&ctx, &back(&q.q), Done::PersonUnblocked))
}

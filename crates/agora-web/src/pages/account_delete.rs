//! Deleting one's account: a page of its own that says what goes and what stays, asks
//! whether their ideas and comments go too, and wants the password (if they have one).

use agora_app::users;
use agora_core::Code;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::confirm::{Done, done};
use super::{form_again, see_other};
use crate::AppState;
use crate::context::{Ctx, PageForm, SESSION_COOKIE, set_cookie};
use crate::error::{AppError, AppResult};
use crate::paths;
use crate::views::{FormErrors, form_errors};

#[derive(Template, WebTemplate)]
#[template(path = "account_delete.html")]
pub struct DeletePage {
    ctx: Ctx,
    keep_content: bool,
    errors: FormErrors,
    /// Asked for, unless they sign in with the city's provider only.
    password: bool,
}

pub async fn show(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let Some(user) = &ctx.user else {
        return Ok(see_other(&ctx, &paths::sign_in_then(paths::ACCOUNT_DELETE)));
    };
    let password = users::signs_in_with_password(&state.db, user).await?;
    Ok(DeletePage { ctx, keep_content: true, errors: FormErrors::default(), password }.into_response())
}

#[derive(Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    password: String,
    /// `keep` or `delete`.
    #[serde(default)]
    content: String,
}

pub async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<DeleteForm>,
) -> AppResult<Response> {
    let user = ctx.user.clone().ok_or(AppError::from(Code::NotSignedIn))?;
    let keep_content = form.content != "delete";
    match users::delete_account(&state.db, &user, &form.password, keep_content, agora_db::now()).await {
        Ok(()) => {
            let mut response = done(&ctx, paths::HOME, Done::AccountDeleted);
            let cookie = set_cookie(SESSION_COOKIE, "", 0, state.config.secure_cookies());
            response.headers_mut().append(header::SET_COOKIE, cookie);
            Ok(response)
        }
        Err(e) if e.code == Code::LastAdmin => Err(e.into()),
        Err(e) => {
            let errors = form_errors(e, ctx.locale)?;
            let password = users::signs_in_with_password(&state.db, &user).await?;
            Ok(form_again(DeletePage { ctx, keep_content, errors, password }, None))
        }
    }
}

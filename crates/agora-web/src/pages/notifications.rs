use agora_app::notifications;
use agora_core::Code;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::{NoFields, see_other};
use crate::AppState;
use crate::context::{Ctx, PageForm};
use crate::error::AppResult;
use crate::paths;
use crate::views::date;

pub struct NotificationView {
    pub text: String,
    pub url: String,
    pub date: String,
    pub read: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "notifications.html")]
struct NotificationsPage {
    ctx: Ctx,
    items: Vec<NotificationView>,
}

pub async fn show(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let Some(user) = &ctx.user else { return Ok(see_other(&ctx, &paths::sign_in_then(paths::NOTIFICATIONS))) };
    let (items, _) = notifications::list(&state.db, user.id, 100).await?;
    let items = items
        .iter()
        .map(|n| {
            let idea = n.idea_title.text(ctx.locale).to_owned();
            let actor = n.actor_name.clone().unwrap_or_default();
            let status = n.status_title.as_ref().map(|s| s.text(ctx.locale).to_owned()).unwrap_or_default();
            let phase = n.phase_title.text(ctx.locale).to_owned();
            let args =
                [("idea", idea.into()), ("actor", actor.into()), ("status", status.into()), ("phase", phase.into())];
            NotificationView {
                text: agora_i18n::t_args(ctx.locale, &format!("notification-{}", n.kind), &args),
                url: match (n.idea_id, n.comment_id, n.phase_id) {
                    (Some(idea), Some(comment), _) => ctx.link(&paths::comment_anchor(idea, comment)),
                    (Some(idea), None, _) => ctx.link(&paths::idea(idea)),
                    (None, _, Some(phase)) if n.kind == "vote_reminder" => ctx.link(&paths::phase_ballot(phase)),
                    (None, _, Some(phase)) => ctx.link(&paths::phase_results(phase)),
                    _ => ctx.link("/"),
                },
                date: date(n.created_at),
                read: n.read,
            }
        })
        .collect();
    Ok(NotificationsPage { ctx, items }.into_response())
}

pub async fn mark_read(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(_): PageForm<NoFields>,
) -> AppResult<Response> {
    let user = ctx.user.as_ref().ok_or(crate::error::AppError::from(Code::NotSignedIn))?;
    notifications::mark_all_read(&state.db, user.id, agora_db::now()).await?;
    Ok(see_other(&ctx, paths::NOTIFICATIONS))
}

#[cfg(test)]
mod tests {
    /// Every kind of notification reads as a sentence in every language.
    #[test]
    fn every_kind_is_translated() {
        for locale in agora_core::LOCALES {
            for kind in agora_app::notifications::Kind::ALL {
                assert!(agora_i18n::has(locale, &format!("notification-{}", kind.as_str())), "{locale}: {kind:?}");
            }
        }
    }
}

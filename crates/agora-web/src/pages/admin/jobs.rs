//! Background work in the back office: how many jobs wait, which ones fail and why, and
//! a fresh start for a job after its cause is fixed.

use agora_app::outbox;
use agora_core::Id;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;

use crate::AppState;
use crate::context::{Ctx, PageForm};
use crate::error::AppResult;
use crate::pages::confirm::{Done, done};
use crate::paths;
use crate::views::date_time;

/// Jobs that failed, at most this many, newest first.
const SHOWN: i64 = 50;

pub struct JobsView {
    /// "3 jobs waiting", in the page's language.
    pub(super) waiting: String,
    pub(super) failed: Vec<JobRow>,
}

/// A failed job as staff read it: what it does, where it stands, and its last error.
pub struct JobRow {
    pub(super) kind: String,
    pub(super) state: String,
    pub(super) error: String,
    pub(super) retry_path: String,
}

impl JobsView {
    pub async fn read(state: &AppState, ctx: &Ctx) -> AppResult<JobsView> {
        let failed = outbox::troubled(&state.db, SHOWN)
            .await?
            .into_iter()
            .map(|job| {
                let attempts = ("attempts", job.attempts.into());
                let state = match job.failed_at {
                    Some(at) => {
                        agora_i18n::t_args(ctx.locale, "job-given-up", &[attempts, ("when", date_time(at).into())])
                    }
                    None => agora_i18n::t_args(
                        ctx.locale,
                        "job-failing",
                        &[attempts, ("when", date_time(job.run_at).into())],
                    ),
                };
                // A kind this version does not know (a newer server's) shows as stored.
                let id = format!("job-kind-{}", job.kind);
                JobRow {
                    kind: if agora_i18n::has(ctx.locale, &id) { ctx.t(&id) } else { job.kind },
                    state,
                    error: job.last_error.unwrap_or_default(),
                    retry_path: paths::admin_job_retry(job.id),
                }
            })
            .collect();
        let waiting = outbox::waiting(&state.db).await?;
        let waiting = agora_i18n::t_args(ctx.locale, "jobs-waiting", &[("count", waiting.into())]);
        Ok(JobsView { waiting, failed })
    }
}

#[derive(Deserialize)]
pub struct RetryForm {}

pub async fn retry_job(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(_): PageForm<RetryForm>,
) -> AppResult<Response> {
    outbox::retry(&state.db, ctx.actor(), id, agora_db::now()).await?;
    Ok(done(&ctx, &format!("{}#jobs", paths::ADMIN), Done::JobRetried))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_job_kind_is_named_in_every_language() {
        for locale in agora_core::LOCALES {
            for kind in agora_app::outbox::Job::KINDS {
                assert!(agora_i18n::has(locale, &format!("job-kind-{kind}")), "{locale}: {kind}");
            }
        }
    }
}

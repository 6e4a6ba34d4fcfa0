//! Surveys and polls: staff write a phase's form (checked by `agora_core::survey`);
//! whoever may see the project reads it.

use agora_core::permissions::{Actor, can_see_project, moderator};
use agora_core::survey::Form;
use agora_core::{Error, Id, Micros};
use agora_db::forms::{self, Stored};
use agora_db::projects::{self, ParticipationContext};
use agora_db::{Db, Result};

/// A survey or poll phase this person may see, and whether it is a poll.
async fn survey_phase(db: &Db, actor: Option<&Actor>, phase_id: Id) -> Result<(ParticipationContext, bool)> {
    let context = projects::phase_context(db, phase_id).await?;
    let poll = match context.phase.as_ref().map(|p| p.config.method()) {
        Some(agora_core::phase::Method::Survey) => false,
        Some(agora_core::phase::Method::Poll) => true,
        _ => return Err(Error::not_found()),
    };
    if !can_see_project(actor, context.project_id, context.project_status) {
        return Err(Error::not_found());
    }
    Ok((context, poll))
}

/// The project's staff write the form of a survey or poll phase: every page and question
/// checked, a poll asking choice questions only; each save is a new version.
pub async fn save_form(db: &Db, actor: Option<&Actor>, phase_id: Id, form: &Form, now: Micros) -> Result<i64> {
    let (context, poll) = survey_phase(db, actor, phase_id).await?;
    moderator(actor, context.project_id)?;
    form.check(poll)?;
    forms::save(db, phase_id, form, now).await
}

/// The form of a survey or poll phase, for anyone who may see its project; none yet is
/// an empty form.
pub async fn form(db: &Db, actor: Option<&Actor>, phase_id: Id) -> Result<Stored> {
    survey_phase(db, actor, phase_id).await?;
    Ok(forms::form(db, phase_id).await?.unwrap_or(Stored { form: Form::default(), version: 0, updated_at: 0 }))
}

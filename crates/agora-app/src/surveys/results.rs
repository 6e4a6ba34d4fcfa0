//! What the answers to a survey or poll add up to, question by question, for everyone
//! who may see them, narrowed by answers to other questions.

use agora_core::permissions::Actor;
use agora_core::survey::{self, Form, Question, Summary, Tally};
use agora_core::{Error, Id, Micros};
use agora_db::responses;
use agora_db::{Db, Result};

use super::{stored_form, survey_phase};

/// Responses are read this many at a time.
pub(super) const BATCH: i64 = 2_000;

/// The results of a survey or poll phase.
#[derive(Debug, Clone)]
pub struct Results {
    pub form: Form,
    /// How many responses are counted (after the filters).
    pub responses: u64,
    /// Each question of the form, with what its answers add up to.
    pub questions: Vec<(Question, Summary)>,
    /// The ways through the form's pages, most taken first.
    pub paths: Vec<(Vec<String>, u64)>,
}

/// The results, to the project's staff, or to anyone who may see the project when the
/// phase shows them (live, or once over). `filters`: only responses that chose each
/// (question, option); `search`: only the text answers that contain it.
pub async fn results(
    db: &Db,
    actor: Option<&Actor>,
    phase_id: Id,
    filters: &[(String, String)],
    search: Option<&str>,
    now: Micros,
) -> Result<Results> {
    let phase = survey_phase(db, actor, phase_id).await?;
    let staff = actor.is_some_and(|a| a.moderates(phase.context.project_id));
    let over = phase.context.phase.as_ref().and_then(|p| p.window.end_at).is_some_and(|end| end <= now);
    survey::may_see_results(&phase.settings, staff, over)?;
    let form = stored_form(db, phase_id).await?.form;
    for (question, option) in filters {
        let known = form.question(question).is_some_and(|q| q.options.iter().any(|o| &o.key == option));
        if !known {
            return Err(Error::field(&format!("filter[{question}]"), "not_found"));
        }
    }
    let mut tallies: Vec<Tally> = form.questions().map(|q| Tally::new(q, true)).collect();
    let mut counted = 0;
    let mut paths: Vec<(Vec<String>, u64)> = Vec::new();
    let mut after = 0;
    loop {
        let batch = responses::batch(db, phase_id, after, BATCH).await?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        for response in batch {
            if !filters.iter().all(|(q, o)| survey::chose(&response.answers, q, o)) {
                continue;
            }
            counted += 1;
            for tally in &mut tallies {
                if let Some(answer) = response.answers.get(tally.question()) {
                    tally.add(answer);
                }
            }
            match paths.iter_mut().find(|(path, _)| *path == response.path) {
                Some((_, n)) => *n += 1,
                None => paths.push((response.path, 1)),
            }
        }
    }
    paths.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    let needle = search.map(str::trim).filter(|s| !s.is_empty()).map(str::to_lowercase);
    let summaries = tallies.into_iter().map(|tally| {
        let mut summary = tally.summary();
        if let (Some(needle), Some(texts)) = (&needle, &mut summary.answers) {
            texts.retain(|text| text.as_str().is_some_and(|t| t.to_lowercase().contains(needle)));
        }
        summary
    });
    let questions = form.questions().cloned().zip(summaries).collect();
    Ok(Results { responses: counted, questions, paths, form })
}

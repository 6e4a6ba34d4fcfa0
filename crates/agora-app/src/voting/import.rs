//! Importing a vote held on paper or on another platform, from its Pabulib file.

use agora_core::ballot_log::{self, Event};
use agora_core::permissions::{Actor, moderator};
use agora_core::phase::MethodConfig;
use agora_core::trending::{self, Activity};
use agora_core::voting::{Votes, VotingMethod};
use agora_core::{Code, Error, Id, Micros};
use agora_db::catalog::DEFAULT_STATUS;
use agora_db::ideas::NewIdea;
use agora_db::{Db, DbResult, Result, ideas, voting};

use super::voting_phase;

/// What an import brought in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Imported {
    pub options: usize,
    pub ballots: usize,
}

/// Staff bring a vote held on paper or on another platform into an empty voting phase,
/// from its Pabulib file: each project becomes an option (an idea of the project, with
/// its cost), each ballot a counted ballot under its voter id, logged like any other;
/// the phase takes the file's budget and way of voting. Amounts must be whole.
pub async fn import(db: &Db, actor: Option<&Actor>, phase_id: Id, file: &str, now: Micros) -> Result<Imported> {
    let (context, mut settings) = voting_phase(db, actor, phase_id).await?;
    let actor = moderator(actor, context.project_id)?;
    let election = agora_core::pb::parse(file)
        .map_err(|e| Error { detail: Some(e.to_string()), ..Error::field("file", "invalid") })?;
    let whole = |amount: &agora_core::pb::Q| amount.is_integer().then(|| amount.to_integer().try_into().ok()).flatten();
    let budget: i64 = whole(&election.budget).ok_or_else(|| Error::field("file", "invalid"))?;
    let cumulative =
        matches!(election.vote_type, agora_core::pb::VoteType::Cumulative | agora_core::pb::VoteType::Scoring);
    settings.method = if cumulative { VotingMethod::Multiple } else { VotingMethod::Budgeting };
    settings.budget = Some(budget);
    if cumulative {
        let most = election.ballots.iter().map(|b| b.marks.iter().map(|m| m.1 as i64).sum::<i64>()).max().unwrap_or(1);
        settings.max_total = Some(most.max(1));
    }
    let settings = settings.validated()?;
    let mut codes = std::collections::BTreeSet::new();
    if let Some(twice) = election.ballots.iter().find(|b| !codes.insert(b.voter.as_str())) {
        return Err(Error {
            detail: Some(format!("voter {} votes twice", twice.voter)),
            ..Error::field("file", "invalid")
        });
    }
    let status_id = ideas::status_id(db, DEFAULT_STATUS).await?;
    let mut tx = db.begin().await?;
    if !voting::is_empty(&mut tx, phase_id).await? {
        return Err(Error::new(Code::VoteNotEmpty));
    }
    voting::set_settings(&mut tx, phase_id, &MethodConfig::Voting(settings).settings_json()).await?;
    let mut idea_of = Vec::with_capacity(election.projects.len());
    for project in &election.projects {
        let name = if project.name.trim().is_empty() { format!("#{}", project.id) } else { project.name.clone() };
        let title = agora_core::Multiloc::new(agora_core::DEFAULT_LOCALE, name.chars().take(120).collect::<String>());
        let body = agora_core::Multiloc::new(
            agora_core::DEFAULT_LOCALE,
            format!("Project {} of the imported vote.", project.id),
        );
        let cost = whole(&project.cost).filter(|c| *c >= 1).ok_or_else(|| Error {
            detail: Some(format!(
                "project {} costs {}: a cost must be a whole amount of at least 1",
                project.id, project.cost
            )),
            ..Error::field("file", "invalid")
        })?;
        let idea = NewIdea {
            project_id: context.project_id,
            phase_id: Some(phase_id),
            author_id: actor.user_id,
            status_id,
            fields: agora_db::ideas::IdeaFields {
                title: &title,
                body: &body,
                topic_ids: &[],
                area_id: None,
                location: None,
            },
            trending_rank: trending::rank(
                &Activity { likes: 0, dislikes: 0, comments: 0, last_activity_at: now, rejected: false },
                now,
            ),
        };
        let id = ideas::insert(&mut tx, &idea, now).await?;
        voting::set_option(&mut tx, phase_id, id, Some(cost), now).await?;
        idea_of.push(id);
    }
    let ballots: Vec<(String, Votes)> = election
        .ballots
        .iter()
        .map(|b| {
            let votes = b.marks.iter().map(|(p, n)| (idea_of[*p], if cumulative { *n as i64 } else { 1 })).collect();
            (format!("pb{phase_id}-{}", b.voter), votes)
        })
        .filter(|(_, votes): &(String, Votes)| !votes.is_empty())
        .collect();
    let mut head = voting::lock_log(&mut tx, phase_id).await?;
    let mut entries = Vec::with_capacity(ballots.len());
    for (code, votes) in &ballots {
        let entry = ballot_log::next(&head, code, Event::Submitted, now, votes);
        head = entry.hash.clone();
        entries.push(entry);
    }
    voting::import_ballots(&mut tx, phase_id, &ballots, &entries, now).await?;
    tx.commit().await.db()?;
    Ok(Imported { options: idea_of.len(), ballots: ballots.len() })
}

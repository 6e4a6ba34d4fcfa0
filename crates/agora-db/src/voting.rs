//! Voting phases, as stored: their options (ideas of the project, with a cost and the
//! votes cast on paper), one basket per person, the ballot log, and the results.

use std::collections::BTreeMap;

use agora_core::ballot_log::{self, Entry, Event};
use agora_core::voting::Votes;
use agora_core::{Error, Id, Micros, Multiloc};

use crate::sql::On;
use crate::{Db, DbResult, Result, Row, Tx, get, multiloc, sql};

/// An option of a voting phase.
#[derive(Debug, Clone, PartialEq)]
pub struct VotingOption {
    pub idea_id: Id,
    pub title: Multiloc,
    /// Whole currency units; `None` until staff set it.
    pub cost: Option<i64>,
    pub offline_votes: i64,
}

/// A person's basket in a phase: the votes they are choosing and, once submitted,
/// their ballot, which alone is counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Basket {
    pub id: Id,
    pub ballot_code: String,
    pub votes: Votes,
    /// What was last submitted; `None` before the first submission or after a withdrawal.
    pub ballot: Option<Votes>,
    pub submitted_at: Option<Micros>,
    pub updated_at: Micros,
}

/// Makes a voting phase ready for ballots: its log starts. Again is fine.
pub async fn open(tx: &mut Tx, phase_id: Id) -> Result<()> {
    sql::query("INSERT INTO voting_phases (phase_id, log_head) VALUES ($1, $2) ON CONFLICT (phase_id) DO NOTHING")
        .bind(phase_id)
        .bind(ballot_log::genesis(phase_id))
        .execute(tx)
        .await
        .db()?;
    Ok(())
}

/// The options of a phase, in the order of their ideas.
pub async fn options(db: &Db, phase_id: Id) -> Result<Vec<VotingOption>> {
    let rows = sql::query(
        "SELECT o.idea_id, i.title_multiloc, o.cost, o.offline_votes FROM phase_options o
         JOIN ideas i ON i.id = o.idea_id WHERE o.phase_id = $1 ORDER BY o.idea_id",
    )
    .bind(phase_id)
    .fetch_all(db)
    .await
    .db()?;
    rows.iter().map(option_row).collect()
}

fn option_row(row: &Row) -> Result<VotingOption> {
    Ok(VotingOption {
        idea_id: get(row, "idea_id")?,
        title: multiloc(row, "title_multiloc")?,
        cost: get(row, "cost")?,
        offline_votes: get(row, "offline_votes")?,
    })
}

/// Each option's cost (0 while unset), as the basket rules read them, in the
/// transaction that writes the basket.
pub async fn costs(tx: &mut Tx, phase_id: Id) -> Result<BTreeMap<Id, i64>> {
    let rows = sql::query("SELECT idea_id, cost FROM phase_options WHERE phase_id = $1")
        .bind(phase_id)
        .fetch_all(tx)
        .await
        .db()?;
    rows.iter().map(|r| Ok((get(r, "idea_id")?, get::<Option<i64>>(r, "cost")?.unwrap_or(0)))).collect()
}

/// Makes an idea an option of the phase, or sets its cost.
pub async fn set_option(tx: &mut Tx, phase_id: Id, idea_id: Id, cost: Option<i64>, now: Micros) -> Result<()> {
    sql::query(
        "INSERT INTO phase_options (phase_id, idea_id, cost, added_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (phase_id, idea_id) DO UPDATE SET cost = excluded.cost",
    )
    .bind(phase_id)
    .bind(idea_id)
    .bind(cost)
    .bind(now)
    .execute(tx)
    .await
    .db()?;
    Ok(())
}

/// How many baskets and ballots hold this option.
pub async fn option_in_baskets(tx: &mut Tx, phase_id: Id, idea_id: Id) -> Result<i64> {
    sql::query_scalar(
        "SELECT (SELECT COUNT(*) FROM basket_votes WHERE phase_id = $1 AND idea_id = $2)
         + (SELECT COUNT(*) FROM ballot_votes WHERE phase_id = $1 AND idea_id = $2)",
    )
    .bind(phase_id)
    .bind(idea_id)
    .fetch_one(tx)
    .await
    .db()
}

pub async fn remove_option(tx: &mut Tx, phase_id: Id, idea_id: Id) -> Result<bool> {
    let done = sql::query("DELETE FROM phase_options WHERE phase_id = $1 AND idea_id = $2")
        .bind(phase_id)
        .bind(idea_id)
        .execute(tx)
        .await
        .db()?;
    Ok(done.rows_affected() > 0)
}

const BASKET: &str =
    "SELECT id, ballot_code, submitted_at, updated_at FROM baskets WHERE phase_id = $1 AND user_id = $2";

/// The basket's row, then its votes and ballot in one more statement.
async fn read_basket<'a>(on: impl Into<On<'a>>, row: Option<Row>) -> Result<Option<Basket>> {
    let Some(row) = row else { return Ok(None) };
    let id: Id = get(&row, "id")?;
    let rows = sql::query(
        "SELECT 0 AS submitted, idea_id, votes FROM basket_votes WHERE basket_id = $1
         UNION ALL SELECT 1 AS submitted, idea_id, votes FROM ballot_votes WHERE basket_id = $1",
    )
    .bind(id)
    .fetch_all(on)
    .await
    .db()?;
    let submitted_at: Option<Micros> = get(&row, "submitted_at")?;
    let (mut votes, mut ballot) = (Votes::new(), Votes::new());
    for r in &rows {
        let into = if get::<i64>(r, "submitted")? == 1 { &mut ballot } else { &mut votes };
        into.insert(get(r, "idea_id")?, get(r, "votes")?);
    }
    Ok(Some(Basket {
        id,
        ballot_code: get(&row, "ballot_code")?,
        votes,
        ballot: submitted_at.map(|_| ballot),
        submitted_at,
        updated_at: get(&row, "updated_at")?,
    }))
}

/// This person's basket in the phase, if they started one.
pub async fn basket_of(db: &Db, phase_id: Id, user_id: Id) -> Result<Option<Basket>> {
    let row = sql::query(BASKET).bind(phase_id).bind(user_id).fetch_optional(db).await.db()?;
    read_basket(db, row).await
}

/// Takes this person's basket for the transaction, creating an empty one: on
/// PostgreSQL the upsert locks its row, so one person's requests take turns.
pub async fn lock_basket(tx: &mut Tx, phase_id: Id, user_id: Id, new_code: &str, now: Micros) -> Result<Basket> {
    sql::query(
        "INSERT INTO baskets (phase_id, user_id, ballot_code, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (phase_id, user_id) DO UPDATE SET updated_at = excluded.updated_at",
    )
    .bind(phase_id)
    .bind(user_id)
    .bind(new_code)
    .bind(now)
    .execute(&mut *tx)
    .await
    .db()?;
    let row = sql::query(BASKET).bind(phase_id).bind(user_id).fetch_optional(&mut *tx).await.db()?;
    read_basket(&mut *tx, row).await?.ok_or_else(|| Error::internal("a basket vanished in its own transaction"))
}

async fn replace_votes(tx: &mut Tx, table: &'static str, basket: &Basket, phase_id: Id, votes: &Votes) -> Result<()> {
    sql::query(format!("DELETE FROM {table} WHERE basket_id = $1")).bind(basket.id).execute(&mut *tx).await.db()?;
    if votes.is_empty() {
        return Ok(());
    }
    // One statement for the whole basket (a basket holds a few dozen options at most).
    let rows: Vec<String> = (0..votes.len()).map(|i| format!("($1, $2, ${}, ${})", 2 * i + 3, 2 * i + 4)).collect();
    let sql = format!("INSERT INTO {table} (basket_id, phase_id, idea_id, votes) VALUES {}", rows.join(", "));
    let query =
        votes.iter().fold(sql::query(sql).bind(basket.id).bind(phase_id), |q, (idea, n)| q.bind(*idea).bind(*n));
    query.execute(tx).await.db()?;
    Ok(())
}

/// Stores the basket's ballot (removed when `None`) and when it was submitted, leaving
/// the votes being chosen as they are.
pub async fn write_ballot(tx: &mut Tx, basket: &Basket, phase_id: Id) -> Result<()> {
    replace_votes(tx, "ballot_votes", basket, phase_id, basket.ballot.as_ref().unwrap_or(&Votes::new())).await?;
    sql::query("UPDATE baskets SET submitted_at = $1, updated_at = $2 WHERE id = $3")
        .bind(basket.submitted_at)
        .bind(basket.updated_at)
        .bind(basket.id)
        .execute(tx)
        .await
        .db()?;
    Ok(())
}

/// Stores the basket as given: its votes, its ballot (removed when `None`) and when it
/// was submitted.
pub async fn write_basket(tx: &mut Tx, basket: &Basket, phase_id: Id) -> Result<()> {
    replace_votes(tx, "basket_votes", basket, phase_id, &basket.votes).await?;
    replace_votes(tx, "ballot_votes", basket, phase_id, basket.ballot.as_ref().unwrap_or(&Votes::new())).await?;
    sql::query("UPDATE baskets SET submitted_at = $1, updated_at = $2 WHERE id = $3")
        .bind(basket.submitted_at)
        .bind(basket.updated_at)
        .bind(basket.id)
        .execute(tx)
        .await
        .db()?;
    Ok(())
}

/// Takes the phase's ballot log for this transaction and returns its head: the update
/// of the phase's row locks it, so entries of one phase are chained one after the other.
/// Take it last, after the basket (always in that order), and append at once: every
/// ballot of the phase waits for this lock until the transaction commits.
pub async fn lock_log(tx: &mut Tx, phase_id: Id) -> Result<String> {
    let head: Option<String> = sql::query_scalar(
        "UPDATE voting_phases SET log_length = log_length + 1 WHERE phase_id = $1 RETURNING log_head",
    )
    .bind(phase_id)
    .fetch_optional(tx)
    .await
    .db()?;
    head.ok_or_else(|| Error::internal(format!("phase {phase_id} is not open for ballots")))
}

/// Appends an entry made from the head `lock_log` returned.
pub async fn append_log(tx: &mut Tx, phase_id: Id, entry: &Entry) -> Result<()> {
    sql::query(
        "INSERT INTO ballot_log (phase_id, ballot_code, event, at, content_hash, previous_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(phase_id)
    .bind(entry.ballot_code.clone())
    .bind(entry.event.as_str())
    .bind(entry.at)
    .bind(entry.content_hash.clone())
    .bind(entry.previous_hash.clone())
    .bind(entry.hash.clone())
    .execute(&mut *tx)
    .await
    .db()?;
    sql::query("UPDATE voting_phases SET log_head = $1 WHERE phase_id = $2")
        .bind(entry.hash.clone())
        .bind(phase_id)
        .execute(tx)
        .await
        .db()?;
    Ok(())
}

/// A phase's whole ballot log, in order.
pub async fn log(db: &Db, phase_id: Id) -> Result<Vec<Entry>> {
    let rows = sql::query(
        "SELECT ballot_code, event, at, content_hash, previous_hash, hash FROM ballot_log WHERE phase_id = $1 ORDER BY id",
    )
    .bind(phase_id)
    .fetch_all(db)
    .await
    .db()?;
    rows.iter()
        .map(|r| {
            let event: String = get(r, "event")?;
            Ok(Entry {
                ballot_code: get(r, "ballot_code")?,
                event: Event::parse(&event).ok_or_else(|| Error::internal(format!("bad log event {event}")))?,
                at: get(r, "at")?,
                content_hash: get(r, "content_hash")?,
                previous_hash: get(r, "previous_hash")?,
                hash: get(r, "hash")?,
            })
        })
        .collect()
}

/// The phase's log head and the voters counted on paper.
pub async fn tally_state(db: &Db, phase_id: Id) -> Result<(String, i64)> {
    let row = sql::query("SELECT log_head, offline_voters FROM voting_phases WHERE phase_id = $1")
        .bind(phase_id)
        .fetch_optional(db)
        .await
        .db()?
        .ok_or_else(Error::not_found)?;
    Ok((get(&row, "log_head")?, get(&row, "offline_voters")?))
}

/// Each option's votes from submitted baskets, counted from the baskets themselves.
pub async fn online_votes(db: &Db, phase_id: Id) -> Result<BTreeMap<Id, i64>> {
    let rows = sql::query(
        "SELECT idea_id, CAST(SUM(votes) AS BIGINT) AS votes FROM ballot_votes WHERE phase_id = $1 GROUP BY idea_id",
    )
    .bind(phase_id)
    .fetch_all(db)
    .await
    .db()?;
    rows.iter().map(|r| Ok((get(r, "idea_id")?, get(r, "votes")?))).collect()
}

/// The submitted baskets: ballot code and votes, by code.
pub async fn submitted(db: &Db, phase_id: Id) -> Result<Vec<(String, Votes)>> {
    let rows = sql::query(
        "SELECT b.ballot_code, v.idea_id, v.votes FROM baskets b JOIN ballot_votes v ON v.basket_id = b.id
         WHERE b.phase_id = $1 ORDER BY b.ballot_code, v.idea_id",
    )
    .bind(phase_id)
    .fetch_all(db)
    .await
    .db()?;
    let mut ballots: Vec<(String, Votes)> = Vec::new();
    for row in &rows {
        let code: String = get(row, "ballot_code")?;
        let (idea, n) = (get(row, "idea_id")?, get(row, "votes")?);
        match ballots.last_mut() {
            Some((last, votes)) if *last == code => {
                votes.insert(idea, n);
            }
            _ => ballots.push((code, Votes::from([(idea, n)]))),
        }
    }
    Ok(ballots)
}

/// Sets the votes cast on paper for each option listed and the number of paper voters.
pub async fn set_offline(tx: &mut Tx, phase_id: Id, votes: &Votes, voters: i64) -> Result<()> {
    sql::query("UPDATE phase_options SET offline_votes = 0 WHERE phase_id = $1")
        .bind(phase_id)
        .execute(&mut *tx)
        .await
        .db()?;
    for (&idea, &n) in votes {
        sql::query("UPDATE phase_options SET offline_votes = $1 WHERE phase_id = $2 AND idea_id = $3")
            .bind(n)
            .bind(phase_id)
            .bind(idea)
            .execute(&mut *tx)
            .await
            .db()?;
    }
    sql::query("UPDATE voting_phases SET offline_voters = $1 WHERE phase_id = $2")
        .bind(voters)
        .bind(phase_id)
        .execute(tx)
        .await
        .db()?;
    Ok(())
}

/// Where a phase's results stand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultsState {
    /// `computing` or `published`; `None` before any count.
    pub status: Option<String>,
    /// The published results, as JSON.
    pub results: Option<String>,
    /// How far a running count is, for staff.
    pub progress: Option<String>,
    pub results_at: Option<Micros>,
}

pub async fn results_state(db: &Db, phase_id: Id) -> Result<ResultsState> {
    let row = sql::query("SELECT results_status, results, progress, results_at FROM voting_phases WHERE phase_id = $1")
        .bind(phase_id)
        .fetch_optional(db)
        .await
        .db()?
        .ok_or_else(Error::not_found)?;
    Ok(ResultsState {
        status: get(&row, "results_status")?,
        results: get(&row, "results")?,
        progress: get(&row, "progress")?,
        results_at: get(&row, "results_at")?,
    })
}

/// Marks a count as started; false when one is already running.
pub async fn start_count(tx: &mut Tx, phase_id: Id) -> Result<bool> {
    let done = sql::query(
        "UPDATE voting_phases SET results_status = 'computing', progress = NULL
         WHERE phase_id = $1 AND (results_status IS NULL OR results_status <> 'computing')",
    )
    .bind(phase_id)
    .execute(tx)
    .await
    .db()?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_progress(db: &Db, phase_id: Id, progress: &str) -> Result<()> {
    sql::query("UPDATE voting_phases SET progress = $1 WHERE phase_id = $2 AND results_status = 'computing'")
        .bind(progress)
        .bind(phase_id)
        .execute(db)
        .await
        .db()?;
    Ok(())
}

/// Publishes a count's results.
pub async fn publish(tx: &mut Tx, phase_id: Id, results: &str, now: Micros) -> Result<()> {
    sql::query(
        "UPDATE voting_phases SET results_status = 'published', results = $1, results_at = $2, progress = NULL
         WHERE phase_id = $3",
    )
    .bind(results)
    .bind(now)
    .bind(phase_id)
    .execute(tx)
    .await
    .db()?;
    Ok(())
}

/// Takes published results back (the paper votes changed): they must be counted again.
pub async fn withdraw_results(tx: &mut Tx, phase_id: Id) -> Result<()> {
    sql::query(
        "UPDATE voting_phases SET results_status = NULL, results = NULL, results_at = NULL
         WHERE phase_id = $1 AND results_status = 'published'",
    )
    .bind(phase_id)
    .execute(tx)
    .await
    .db()?;
    Ok(())
}

/// What a count reads: the options with their English (or any) title, the submitted
/// ballots, the paper voters and the log head.
pub async fn tally_inputs(db: &Db, phase_id: Id) -> Result<(Vec<VotingOption>, Vec<(String, Votes)>, i64, String)> {
    let options = options(db, phase_id).await?;
    let ballots = submitted(db, phase_id).await?;
    let (head, voters) = tally_state(db, phase_id).await?;
    Ok((options, ballots, voters, head))
}

/// Voting phases that ended before `now` and were never counted: those set to publish
/// on their own are counted by the periodic task.
pub async fn ended_uncounted(db: &Db, now: Micros) -> Result<Vec<(Id, String)>> {
    let rows = sql::query(
        "SELECT ph.id, ph.config FROM phases ph JOIN voting_phases v ON v.phase_id = ph.id
         WHERE ph.method = 'voting' AND ph.end_at <= $1 AND v.results_status IS NULL",
    )
    .bind(now)
    .fetch_all(db)
    .await
    .db()?;
    rows.iter().map(|r| Ok((get(r, "id")?, get(r, "config")?))).collect()
}

/// Baskets started but never submitted in phases that end within `ahead`, not yet
/// reminded: marked as reminded (once only) and returned as (person, phase).
pub async fn take_baskets_to_remind(tx: &mut Tx, now: Micros, ahead: Micros) -> Result<Vec<(Id, Id)>> {
    let rows = sql::query(
        "UPDATE baskets SET reminded_at = $1
         WHERE reminded_at IS NULL AND submitted_at IS NULL AND user_id IS NOT NULL
           AND EXISTS (SELECT 1 FROM basket_votes v WHERE v.basket_id = baskets.id)
           AND NOT EXISTS (SELECT 1 FROM ballot_log l WHERE l.phase_id = baskets.phase_id
               AND l.ballot_code = baskets.ballot_code)
           AND phase_id IN (SELECT id FROM phases WHERE end_at > $1 AND end_at <= $2)
         RETURNING user_id, phase_id",
    )
    .bind(now)
    .bind(now + ahead)
    .fetch_all(tx)
    .await
    .db()?;
    rows.iter().map(|r| Ok((get(r, "user_id")?, get(r, "phase_id")?))).collect()
}

/// The ballot with this code, if it counts: what a voter checks on the results page.
pub async fn ballot_by_code(db: &Db, phase_id: Id, code: &str) -> Result<Option<Votes>> {
    let rows = sql::query(
        "SELECT v.idea_id, v.votes FROM baskets b JOIN ballot_votes v ON v.basket_id = b.id
         WHERE b.phase_id = $1 AND b.ballot_code = $2",
    )
    .bind(phase_id)
    .bind(code.to_uppercase())
    .fetch_all(db)
    .await
    .db()?;
    let votes: Votes = rows.iter().map(|r| Ok((get(r, "idea_id")?, get(r, "votes")?))).collect::<Result<_>>()?;
    Ok((!votes.is_empty()).then_some(votes))
}

/// Ideas of the project that are not options of the phase yet, newest first: what staff
/// may carry over into the vote.
pub async fn candidates(db: &Db, project_id: Id, phase_id: Id) -> Result<Vec<(Id, Multiloc)>> {
    let rows = sql::query(
        "SELECT i.id, i.title_multiloc FROM ideas i WHERE i.project_id = $1 AND i.hidden = FALSE
         AND NOT EXISTS (SELECT 1 FROM phase_options o WHERE o.phase_id = $2 AND o.idea_id = i.id)
         ORDER BY i.id DESC LIMIT 1000",
    )
    .bind(project_id)
    .bind(phase_id)
    .fetch_all(db)
    .await
    .db()?;
    rows.iter().map(|r| Ok((get(r, "id")?, multiloc(r, "title_multiloc")?))).collect()
}

/// Ballots imported from a Pabulib file, with their log entries: written in batches (a
/// large city has tens of thousands), each ballot submitted as it was counted.
pub async fn import_ballots(
    tx: &mut Tx,
    phase_id: Id,
    ballots: &[(String, Votes)],
    entries: &[Entry],
    now: Micros,
) -> Result<()> {
    let mut ids = Vec::with_capacity(ballots.len());
    for chunk in ballots.chunks(500) {
        let rows: Vec<String> = (0..chunk.len()).map(|i| format!("($1, ${}, $2, $2)", i + 3)).collect();
        let sql = format!(
            "INSERT INTO baskets (phase_id, ballot_code, submitted_at, updated_at) VALUES {} RETURNING id, ballot_code",
            rows.join(", ")
        );
        let query = chunk.iter().fold(sql::query(sql).bind(phase_id).bind(now), |q, (code, _)| q.bind(code.clone()));
        let mut returned: Vec<(String, Id)> = query
            .fetch_all(&mut *tx)
            .await
            .db()?
            .iter()
            .map(|r| Ok((get(r, "ballot_code")?, get(r, "id")?)))
            .collect::<Result<_>>()?;
        returned.sort();
        for (code, _) in chunk {
            let at =
                returned.binary_search_by(|(c, _)| c.as_str().cmp(code)).map_err(|_| Error::internal("lost basket"))?;
            ids.push(returned[at].1);
        }
    }
    let votes: Vec<(Id, Id, i64)> = ids
        .iter()
        .zip(ballots)
        .flat_map(|(basket, (_, votes))| votes.iter().map(move |(idea, n)| (*basket, *idea, *n)))
        .collect();
    for table in ["basket_votes", "ballot_votes"] {
        for chunk in votes.chunks(1000) {
            let rows: Vec<String> =
                (0..chunk.len()).map(|i| format!("(${}, $1, ${}, ${})", 3 * i + 2, 3 * i + 3, 3 * i + 4)).collect();
            let sql = format!("INSERT INTO {table} (basket_id, phase_id, idea_id, votes) VALUES {}", rows.join(", "));
            let query = chunk.iter().fold(sql::query(sql).bind(phase_id), |q, (b, i, n)| q.bind(*b).bind(*i).bind(*n));
            query.execute(&mut *tx).await.db()?;
        }
    }
    for chunk in entries.chunks(500) {
        let rows: Vec<String> = (0..chunk.len())
            .map(|i| {
                let p = 6 * i + 2;
                format!("($1, ${p}, ${}, ${}, ${}, ${}, ${})", p + 1, p + 2, p + 3, p + 4, p + 5)
            })
            .collect();
        let sql = format!(
            "INSERT INTO ballot_log (phase_id, ballot_code, event, at, content_hash, previous_hash, hash) VALUES {}",
            rows.join(", ")
        );
        let query = chunk.iter().fold(sql::query(sql).bind(phase_id), |q, e| {
            q.bind(e.ballot_code.clone())
                .bind(e.event.as_str())
                .bind(e.at)
                .bind(e.content_hash.clone())
                .bind(e.previous_hash.clone())
                .bind(e.hash.clone())
        });
        query.execute(&mut *tx).await.db()?;
    }
    if let Some(last) = entries.last() {
        sql::query("UPDATE voting_phases SET log_head = $1, log_length = log_length + $2 WHERE phase_id = $3")
            .bind(last.hash.clone())
            .bind(entries.len() as i64)
            .bind(phase_id)
            .execute(tx)
            .await
            .db()?;
    }
    Ok(())
}

/// Whether the phase has any option or basket yet.
pub async fn is_empty(tx: &mut Tx, phase_id: Id) -> Result<bool> {
    let found: i64 = sql::query_scalar(
        "SELECT (SELECT COUNT(*) FROM phase_options WHERE phase_id = $1) + (SELECT COUNT(*) FROM baskets WHERE phase_id = $1)",
    )
    .bind(phase_id)
    .fetch_one(tx)
    .await
    .db()?;
    Ok(found == 0)
}

/// Replaces a phase's method settings (an import sets the budget from its file).
pub async fn set_settings(tx: &mut Tx, phase_id: Id, config: &str) -> Result<()> {
    sql::query("UPDATE phases SET config = $1 WHERE id = $2").bind(config).bind(phase_id).execute(tx).await.db()?;
    Ok(())
}

/// Whether the idea belongs to this project.
pub async fn of_project(tx: &mut Tx, idea_id: Id, project_id: Id) -> Result<bool> {
    let found: Option<Id> = sql::query_scalar("SELECT id FROM ideas WHERE id = $1 AND project_id = $2")
        .bind(idea_id)
        .bind(project_id)
        .fetch_optional(tx)
        .await
        .db()?;
    Ok(found.is_some())
}

/// The comparison of the rules: `None` before any, `{"status": "computing"}` while a
/// job computes it, then its outcome.
pub async fn comparison(db: &Db, phase_id: Id) -> Result<Option<String>> {
    let row = sql::query("SELECT comparison FROM voting_phases WHERE phase_id = $1")
        .bind(phase_id)
        .fetch_optional(db)
        .await
        .db()?
        .ok_or_else(Error::not_found)?;
    get(&row, "comparison")
}

pub async fn set_comparison(tx: &mut Tx, phase_id: Id, comparison: &str) -> Result<()> {
    sql::query("UPDATE voting_phases SET comparison = $1 WHERE phase_id = $2")
        .bind(comparison)
        .bind(phase_id)
        .execute(tx)
        .await
        .db()?;
    Ok(())
}

//! Comments on ideas: posting (replies are one level deep), editing, deleting, liking,
//! and hiding by staff. The idea's counters move in the same transaction, under its lock.

use agora_core::participation::{self, Action};
use agora_core::permissions::{Actor, comment_edit_trace, may_edit_content, moderator};
use agora_core::validate::{Problems, clean_multiloc};
use agora_core::{Error, Id, Micros, Multiloc};
use agora_db::comments;
use agora_db::revisions::{self, Edited};
use agora_db::{Db, DbResult, Result, ideas, idempotency, projects};

use crate::guests::Participant;
use crate::ideas::merge;
use crate::outbox::{self, Job};

/// What the pages and the API read about comments, as stored.
pub use agora_db::comments::{Comment, list, list_of};

pub const MAX_BODY: usize = 5_000;

fn validate(body: &Multiloc, mut problems: Problems) -> Result<Multiloc> {
    let body = clean_multiloc(body);
    problems.multiloc("body", &body, true, MAX_BODY);
    problems.into_result()?;
    Ok(body)
}

/// A comment this person may edit or delete: their own, or any in a project they moderate.
pub async fn get_own(db: &Db, actor: Option<&Actor>, comment_id: Id) -> Result<Comment> {
    let (comment, project_id) = comments::get_visible(db, actor, comment_id).await?;
    if comment.deleted {
        return Err(Error::not_found());
    }
    may_edit_content(actor, comment.author.as_ref().map(|a| a.id), project_id)?;
    Ok(comment)
}

/// Comments on an idea, or replies to a comment. A reply to a reply joins the same
/// thread (replies are one level deep). The idea's author, the replied-to author and
/// the idea's followers are told, through the outbox. A visitor's first comment where
/// the phase lets everyone comment makes them a guest. With an idempotency `key`, a
/// repeated submission returns the comment the first one posted.
pub async fn create(
    db: &Db,
    who: Participant<'_>,
    idea_id: Id,
    body: &Multiloc,
    parent_id: Option<Id>,
    key: Option<&str>,
    now: Micros,
) -> Result<Comment> {
    if let Some(key) = key {
        idempotency::validate(key)?;
    }
    let context = crate::ideas::visible_context(db, who.actor, idea_id, now).await?;
    participation::check(who.actor, &context.venue(), Action::Commenting, now)?;
    let mut problems = Problems::default();
    let guest_name = who.check_name(&mut problems, true);
    let body = validate(body, problems)?;
    let thread = match parent_id {
        Some(id) => {
            // A hidden comment cannot be answered by whoever cannot see it.
            let (parent, _) =
                comments::get_visible(db, who.actor, id).await.map_err(|_| Error::field("parent_id", "not_found"))?;
            if parent.idea_id != idea_id {
                return Err(Error::field("parent_id", "not_found"));
            }
            Some(parent.parent_id.unwrap_or(parent.id))
        }
        None => None,
    };
    let mut tx = db.begin().await?;
    let author = who.author(&mut tx, guest_name.as_deref(), now).await?;
    let mut activity = ideas::lock_activity(db, &mut tx, idea_id).await?;
    if let Some(key) = key
        && let Some(first) = idempotency::earlier(&mut tx, author, key, idempotency::Kind::Comment).await?
    {
        tx.rollback().await.db()?;
        return comments::by_id(db, first).await;
    }
    let id = comments::insert(&mut tx, idea_id, thread, author, &body, now).await?;
    activity.comments += 1;
    activity.last_activity_at = now;
    ideas::store_activity(&mut tx, idea_id, &activity, now).await?;
    let job = Job::CommentPosted { idea_id, comment_id: id, replied_to: parent_id, actor_id: author, at: now };
    outbox::enqueue(&mut tx, &job, now).await?;
    if let Some(key) = key
        && !idempotency::claim(&mut tx, author, key, idempotency::Kind::Comment, id, now).await?
    {
        tx.rollback().await.db()?;
        return comments::by_id(db, idempotency::claimed(db, author, key, idempotency::Kind::Comment).await?).await;
    }
    tx.commit().await.db()?;
    comments::by_id(db, id).await
}

/// Edits a comment; the languages not given keep their text, and staff edits of
/// someone else's comment are marked and keep the earlier text.
pub async fn update(db: &Db, actor: Option<&Actor>, comment_id: Id, body: &Multiloc, now: Micros) -> Result<Comment> {
    let (comment, project_id) = comments::get_visible(db, actor, comment_id).await?;
    if comment.deleted {
        return Err(Error::not_found());
    }
    let author = comment.author.as_ref().map(|a| a.id);
    let actor = may_edit_content(actor, author, project_id)?;
    let body = validate(&merge(&comment.body, body), Problems::default())?;
    let mut tx = db.begin().await?;
    comments::update_body(&mut tx, comment_id, &body, now).await?;
    let before = Edited::Comment { id: comment_id, body: &comment.body };
    revisions::keep(&mut tx, before, comment_edit_trace(actor, author), actor.user_id, now).await?;
    tx.commit().await.db()?;
    comments::by_id(db, comment_id).await
}

/// Deletes a comment's text; the comment stays as "deleted" so replies keep their
/// thread. Deleting twice (a double click) deletes once: whether it is already deleted
/// is decided inside the transaction, under the idea's lock.
pub async fn delete(db: &Db, actor: Option<&Actor>, comment_id: Id, now: Micros) -> Result<()> {
    let (comment, project_id) = comments::get_visible(db, actor, comment_id).await?;
    if comment.deleted {
        return Ok(());
    }
    may_edit_content(actor, comment.author.as_ref().map(|a| a.id), project_id)?;
    let mut tx = db.begin().await?;
    let mut activity = ideas::lock_activity(db, &mut tx, comment.idea_id).await?;
    // A hidden comment was not counted.
    if comments::mark_deleted(&mut tx, comment_id, now).await? == Some(false) {
        activity.comments = (activity.comments - 1).max(0);
        ideas::store_activity(&mut tx, comment.idea_id, &activity, now).await?;
    }
    tx.commit().await.db()?;
    Ok(())
}

/// Likes a comment, or takes the like back (a visitor's first like where the phase lets
/// everyone react makes them a guest).
pub async fn set_like(db: &Db, who: Participant<'_>, comment_id: Id, like: bool, now: Micros) -> Result<Comment> {
    let (comment, project_id) = comments::get_visible(db, who.actor, comment_id).await?;
    if comment.deleted {
        return Err(Error::not_found());
    }
    let context = projects::participation_context(db, project_id, now).await?;
    participation::check(who.actor, &context.venue(), Action::Reacting, now)?;
    let mut problems = Problems::default();
    let guest_name = who.check_name(&mut problems, false);
    problems.into_result()?;
    let mut tx = db.begin().await?;
    let user_id = who.author(&mut tx, guest_name.as_deref(), now).await?;
    comments::set_like(&mut tx, comment_id, user_id, like, now).await?;
    tx.commit().await.db()?;
    comments::by_id(db, comment_id).await
}

/// Staff hide a comment from residents, or show it again. The idea's comment count
/// counts what residents see, so it moves with it, under the idea's lock.
pub async fn set_hidden(db: &Db, actor: Option<&Actor>, comment_id: Id, hidden: bool, now: Micros) -> Result<Comment> {
    let (comment, project_id) = comments::get_visible(db, actor, comment_id).await?;
    moderator(actor, project_id)?;
    let mut tx = db.begin().await?;
    let mut activity = ideas::lock_activity(db, &mut tx, comment.idea_id).await?;
    if comments::set_hidden(&mut tx, comment_id, hidden).await? == Some(false) {
        activity.comments = (activity.comments + if hidden { -1 } else { 1 }).max(0);
        // Hiding is not activity: the rank keeps its idle time.
        ideas::store_activity(&mut tx, comment.idea_id, &activity, now).await?;
    }
    tx.commit().await.db()?;
    comments::by_id(db, comment_id).await
}

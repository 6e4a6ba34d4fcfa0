//! Comments on ideas: threaded one level deep, liked, edited, deleted (a deleted
//! comment leaves a marker so its replies keep their place) and hidden by staff.

use agora_core::markdown::render_multiloc;
use agora_core::permissions::{
    Actor, Participation, can_see_hidden, comment_edit_trace, may_edit_content, may_participate, moderator, signed_in,
};
use agora_core::validate::{Problems, clean_multiloc};
use agora_core::{Error, Id, Micros, Multiloc};

use crate::ideas::{self, Author, lock_activity, store_activity};
use crate::notifications::{Event, Kind, notify, notify_followers};
use crate::revisions::{self, Edited};
use crate::{Db, DbResult, Result, Row, get, idempotency, multiloc, projects, sql};

pub const MAX_BODY: usize = 5_000;

#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    pub id: Id,
    pub idea_id: Id,
    pub parent_id: Option<Id>,
    pub author: Option<Author>,
    /// Empty once deleted.
    pub body: Multiloc,
    pub body_html: Multiloc,
    pub likes_count: i64,
    pub deleted: bool,
    pub hidden: bool,
    pub created_at: Micros,
    pub updated_at: Micros,
    /// Set when staff changed someone else's comment (the earlier text is kept).
    pub edited_by_staff: bool,
    /// Whether the person who asked likes it.
    pub viewer_liked: bool,
}

/// A comment and whether the viewer (`$1`, NULL for a visitor) liked it.
macro_rules! comment_select {
    () => {
        "SELECT c.id, c.idea_id, c.parent_id, c.author_id, u.name AS author_name, c.body_multiloc,
            c.body_html_multiloc, c.likes_count, c.deleted, c.hidden, c.created_at, c.updated_at, c.edited_by_staff,
            EXISTS (SELECT 1 FROM comment_reactions r WHERE r.comment_id = c.id AND r.user_id = $1) AS viewer_liked
         FROM comments c LEFT JOIN users u ON u.id = c.author_id"
    };
}

fn comment(row: &Row) -> Result<Comment> {
    let deleted = get(row, "deleted")?;
    let author_id: Option<Id> = get(row, "author_id")?;
    let author_name: Option<String> = get(row, "author_name")?;
    Ok(Comment {
        id: get(row, "id")?,
        idea_id: get(row, "idea_id")?,
        parent_id: get(row, "parent_id")?,
        author: if deleted { None } else { author_id.zip(author_name).map(|(id, name)| Author { id, name }) },
        body: if deleted { Multiloc::default() } else { multiloc(row, "body_multiloc")? },
        body_html: if deleted { Multiloc::default() } else { multiloc(row, "body_html_multiloc")? },
        likes_count: get(row, "likes_count")?,
        deleted,
        hidden: get(row, "hidden")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
        edited_by_staff: get(row, "edited_by_staff")?,
        viewer_liked: get(row, "viewer_liked")?,
    })
}

/// The comments of an idea in reading order: each top-level comment followed by its
/// replies, oldest first. Hidden ones only for staff.
pub async fn list(db: &Db, actor: Option<&Actor>, idea_id: Id) -> Result<Vec<Comment>> {
    let idea = ideas::get_visible(db, actor, idea_id).await?;
    list_of(db, actor, &idea).await
}

/// `list` for an idea the caller has already read (and so was allowed to see).
pub async fn list_of(db: &Db, actor: Option<&Actor>, idea: &ideas::Idea) -> Result<Vec<Comment>> {
    let rows =
        sql::query(concat!(comment_select!(), " WHERE c.idea_id = $2 ORDER BY COALESCE(c.parent_id, c.id), c.id"))
            .bind(actor.map(|a| a.user_id))
            .bind(idea.id)
            .fetch_all(db)
            .await
            .db()?;
    let staff = can_see_hidden(actor, idea.project_id);
    Ok(rows.iter().map(comment).collect::<Result<Vec<_>>>()?.into_iter().filter(|c| staff || !c.hidden).collect())
}

async fn get_comment(db: &Db, comment_id: Id) -> Result<Comment> {
    let row = sql::query(concat!(comment_select!(), " WHERE c.id = $2"))
        .bind(None::<Id>)
        .bind(comment_id)
        .fetch_optional(db)
        .await
        .db()?
        .ok_or_else(Error::not_found)?;
    comment(&row)
}

/// A comment this person may see, with the project of its idea.
async fn get_visible(db: &Db, actor: Option<&Actor>, comment_id: Id) -> Result<(Comment, Id)> {
    let comment = get_comment(db, comment_id).await?;
    let idea = ideas::get_visible(db, actor, comment.idea_id).await?;
    if comment.hidden && !can_see_hidden(actor, idea.project_id) {
        return Err(Error::not_found());
    }
    Ok((comment, idea.project_id))
}

/// A comment this person may edit or delete: their own, or any in a project they moderate.
pub async fn get_own(db: &Db, actor: Option<&Actor>, comment_id: Id) -> Result<Comment> {
    let (comment, project_id) = get_visible(db, actor, comment_id).await?;
    if comment.deleted {
        return Err(Error::not_found());
    }
    may_edit_content(actor, comment.author.as_ref().map(|a| a.id), project_id)?;
    Ok(comment)
}

fn validate(body: &Multiloc) -> Result<Multiloc> {
    let body = clean_multiloc(body);
    let mut problems = Problems::default();
    problems.multiloc("body", &body, true, MAX_BODY);
    problems.into_result()?;
    Ok(body)
}

/// Comments on an idea, or replies to a comment. A reply to a reply joins the same
/// thread (replies are one level deep). The idea's author, the replied-to author and
/// the idea's followers are told. With an idempotency `key`, a repeated submission
/// returns the comment the first one posted.
pub async fn create(
    db: &Db,
    actor: Option<&Actor>,
    idea_id: Id,
    body: &Multiloc,
    parent_id: Option<Id>,
    key: Option<&str>,
    now: Micros,
) -> Result<Comment> {
    let actor = signed_in(actor)?;
    if let Some(key) = key {
        idempotency::validate(key)?;
    }
    let idea = ideas::get_visible(db, Some(actor), idea_id).await?;
    let (project_status, phase) = projects::participation_context(db, idea.project_id, now).await?;
    may_participate(project_status, phase.as_ref(), Participation::Comment)?;
    let body = validate(body)?;
    let parent = match parent_id {
        Some(id) => {
            // A hidden comment cannot be answered by whoever cannot see it.
            let (parent, _) =
                get_visible(db, Some(actor), id).await.map_err(|_| Error::field("parent_id", "not_found"))?;
            if parent.idea_id != idea_id {
                return Err(Error::field("parent_id", "not_found"));
            }
            Some(parent)
        }
        None => None,
    };
    let thread = parent.as_ref().map(|p| p.parent_id.unwrap_or(p.id));
    let mut tx = db.begin().await?;
    let mut activity = lock_activity(db, &mut tx, idea_id).await?;
    if let Some(key) = key
        && let Some(first) = idempotency::earlier(&mut tx, actor.user_id, key, idempotency::Kind::Comment).await?
    {
        tx.rollback().await.db()?;
        return get_comment(db, first).await;
    }
    let id: Id = sql::query_scalar(
        "INSERT INTO comments (idea_id, parent_id, author_id, body_multiloc, body_html_multiloc, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(idea_id)
    .bind(thread)
    .bind(actor.user_id)
    .bind(body.to_json())
    .bind(render_multiloc(&body).to_json())
    .bind(now)
    .fetch_one(&mut tx)
    .await
    .db()?;
    activity.comments += 1;
    activity.last_activity_at = now;
    store_activity(&mut tx, idea_id, &activity, now).await?;
    // Each person hears once, in the most specific words: a reply, then a comment on
    // their idea, then a comment on an idea they follow.
    let event = |kind| Event { kind, idea_id, comment_id: Some(id), status_id: None, actor_id: actor.user_id, now };
    let replied_to = parent.as_ref().and_then(|p| p.author.as_ref()).map(|a| a.id).filter(|a| *a != actor.user_id);
    if let Some(recipient) = replied_to {
        notify(&mut tx, recipient, &event(Kind::CommentReply)).await?;
    }
    let idea_author = idea.author.as_ref().map(|a| a.id).filter(|a| *a != actor.user_id && Some(*a) != replied_to);
    if let Some(recipient) = idea_author {
        notify(&mut tx, recipient, &event(Kind::CommentOnYourIdea)).await?;
    }
    let told: Vec<Id> = replied_to.into_iter().chain(idea_author).collect();
    notify_followers(&mut tx, &event(Kind::CommentOnFollowedIdea), &told).await?;
    if let Some(key) = key
        && !idempotency::claim(&mut tx, actor.user_id, key, idempotency::Kind::Comment, id, now).await?
    {
        tx.rollback().await.db()?;
        return get_comment(db, idempotency::claimed(db, actor.user_id, key, idempotency::Kind::Comment).await?).await;
    }
    tx.commit().await.db()?;
    get_comment(db, id).await
}

pub async fn update(db: &Db, actor: Option<&Actor>, comment_id: Id, body: &Multiloc, now: Micros) -> Result<Comment> {
    let (comment, project_id) = get_visible(db, actor, comment_id).await?;
    if comment.deleted {
        return Err(Error::not_found());
    }
    let author = comment.author.as_ref().map(|a| a.id);
    let actor = may_edit_content(actor, author, project_id)?;
    let mut merged = comment.body.clone();
    for (locale, text) in &body.0 {
        merged.set(locale, text.clone());
    }
    let body = validate(&merged)?;
    let mut tx = db.begin().await?;
    sql::query("UPDATE comments SET body_multiloc = $1, body_html_multiloc = $2, updated_at = $3 WHERE id = $4")
        .bind(body.to_json())
        .bind(render_multiloc(&body).to_json())
        .bind(now)
        .bind(comment_id)
        .execute(&mut tx)
        .await
        .db()?;
    let before = Edited::Comment { id: comment_id, body: &comment.body };
    revisions::keep(&mut tx, before, comment_edit_trace(actor, author), actor.user_id, now).await?;
    tx.commit().await.db()?;
    get_comment(db, comment_id).await
}

/// Deletes a comment's text; the comment stays as "deleted" so replies keep their
/// thread. Deleting twice (a double click) deletes once: whether it is already deleted
/// is decided inside the transaction, under the idea's lock.
pub async fn delete(db: &Db, actor: Option<&Actor>, comment_id: Id, now: Micros) -> Result<()> {
    let (comment, project_id) = get_visible(db, actor, comment_id).await?;
    if comment.deleted {
        return Ok(());
    }
    may_edit_content(actor, comment.author.as_ref().map(|a| a.id), project_id)?;
    let mut tx = db.begin().await?;
    let mut activity = lock_activity(db, &mut tx, comment.idea_id).await?;
    let hidden: Option<bool> = sql::query(
        "UPDATE comments SET deleted = TRUE, body_multiloc = '{}', body_html_multiloc = '{}', updated_at = $1
         WHERE id = $2 AND deleted = FALSE RETURNING hidden",
    )
    .bind(now)
    .bind(comment_id)
    .fetch_optional(&mut tx)
    .await
    .db()?
    .map(|row| get(&row, "hidden"))
    .transpose()?;
    // A hidden comment was not counted.
    if hidden == Some(false) {
        activity.comments = (activity.comments - 1).max(0);
        store_activity(&mut tx, comment.idea_id, &activity, now).await?;
    }
    tx.commit().await.db()?;
    Ok(())
}

/// Likes a comment, or takes the like back. The count moves only when the like row
/// was really added or removed.
pub async fn set_like(db: &Db, actor: Option<&Actor>, comment_id: Id, like: bool, now: Micros) -> Result<Comment> {
    let actor = signed_in(actor)?;
    let (comment, project_id) = get_visible(db, Some(actor), comment_id).await?;
    if comment.deleted {
        return Err(Error::not_found());
    }
    let (project_status, phase) = projects::participation_context(db, project_id, now).await?;
    may_participate(project_status, phase.as_ref(), Participation::Like)?;
    let mut tx = db.begin().await?;
    let changed = if like {
        sql::query("INSERT INTO comment_reactions (comment_id, user_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(comment_id)
            .bind(actor.user_id)
            .bind(now)
    } else {
        sql::query("DELETE FROM comment_reactions WHERE comment_id = $1 AND user_id = $2").bind(comment_id).bind(actor.user_id)
    }
    .execute(&mut tx)
    .await
    .db()?
    .rows_affected();
    if changed > 0 {
        sql::query("UPDATE comments SET likes_count = likes_count + $1 WHERE id = $2")
            .bind(if like { 1_i64 } else { -1 })
            .bind(comment_id)
            .execute(&mut tx)
            .await
            .db()?;
    }
    tx.commit().await.db()?;
    get_comment(db, comment_id).await
}

/// Staff hide a comment from residents, or show it again. The idea's comment count
/// counts what residents see, so it moves with it, under the idea's lock.
pub async fn set_hidden(db: &Db, actor: Option<&Actor>, comment_id: Id, hidden: bool, now: Micros) -> Result<Comment> {
    let (comment, project_id) = get_visible(db, actor, comment_id).await?;
    moderator(actor, project_id)?;
    let mut tx = db.begin().await?;
    let mut activity = lock_activity(db, &mut tx, comment.idea_id).await?;
    let changed: Option<bool> =
        sql::query("UPDATE comments SET hidden = $1 WHERE id = $2 AND hidden <> $1 RETURNING deleted")
            .bind(hidden)
            .bind(comment_id)
            .fetch_optional(&mut tx)
            .await
            .db()?
            .map(|row| get(&row, "deleted"))
            .transpose()?;
    if changed == Some(false) {
        activity.comments = (activity.comments + if hidden { -1 } else { 1 }).max(0);
        // Hiding is not activity: the rank keeps its idle time.
        store_activity(&mut tx, comment.idea_id, &activity, now).await?;
    }
    tx.commit().await.db()?;
    get_comment(db, comment_id).await
}

//! What the weekly digests tell: for residents, the trending ideas of the published
//! projects with their newest comment, the projects published and the phases opened
//! since; for staff, the ideas still waiting for an answer and the ballots received.

use agora_core::{Id, Micros, Multiloc};

use crate::profiles::ABBREVIATE_NAMES_COLUMN;
use crate::{Db, DbResult, Result, Row, get, sql};

/// A trending idea and its newest visible comment.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendingIdea {
    pub id: Id,
    pub title: Multiloc,
    pub likes: i64,
    pub comments: i64,
    /// The newest comment: by whom (none for a former participant) and what it says.
    pub newest_comment: Option<(Option<String>, Multiloc)>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct News {
    pub ideas: Vec<TrendingIdea>,
    /// Projects published since (slug, title).
    pub projects: Vec<(String, Multiloc)>,
    /// Phases that opened since (project slug, project title, phase title).
    pub phases: Vec<(String, Multiloc, Multiloc)>,
}

fn multiloc(row: &Row, column: &str) -> Result<Multiloc> {
    Ok(Multiloc::from_json(&get::<String>(row, column)?))
}

/// The residents' digest: ideas active since `since` in published projects, the most
/// trending first (at most `limit`), projects published and phases opened since.
pub async fn news(db: &Db, since: Micros, now: Micros, limit: i64) -> Result<News> {
    let rows = sql::query(format!(
        "SELECT i.id, i.title_multiloc, i.likes_count, i.comments_count, u.name AS commenter,
            {ABBREVIATE_NAMES_COLUMN},
            c.body_multiloc AS comment
         FROM ideas i JOIN projects p ON p.id = i.project_id
            LEFT JOIN comments c ON c.id = (SELECT MAX(n.id) FROM comments n
                WHERE n.idea_id = i.id AND n.deleted = FALSE AND n.hidden = FALSE)
            LEFT JOIN users u ON u.id = c.author_id
         WHERE p.status = 'published' AND NOT i.hidden AND i.last_activity_at >= $1
         ORDER BY i.trending_rank DESC, i.id DESC LIMIT $2"
    ))
    .bind(since)
    .bind(limit)
    .fetch_all(db)
    .await
    .db()?;
    let ideas = rows
        .iter()
        .map(|row| {
            let commenter = crate::profiles::shown_name(row, "commenter")?;
            let comment: Option<String> = get(row, "comment")?;
            Ok(TrendingIdea {
                id: get(row, "id")?,
                title: multiloc(row, "title_multiloc")?,
                likes: get(row, "likes_count")?,
                comments: get(row, "comments_count")?,
                newest_comment: comment.map(|body| (commenter, Multiloc::from_json(&body))),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let rows = sql::query(
        "SELECT slug, title_multiloc FROM projects WHERE status = 'published' AND created_at >= $1 ORDER BY id",
    )
    .bind(since)
    .fetch_all(db)
    .await
    .db()?;
    let projects =
        rows.iter().map(|row| Ok((get(row, "slug")?, multiloc(row, "title_multiloc")?))).collect::<Result<_>>()?;
    let rows = sql::query(
        "SELECT p.slug, p.title_multiloc AS project_title, ph.title_multiloc AS phase_title
         FROM phases ph JOIN projects p ON p.id = ph.project_id
         WHERE p.status = 'published' AND ph.start_at >= $1 AND ph.start_at <= $2 ORDER BY ph.start_at",
    )
    .bind(since)
    .bind(now)
    .fetch_all(db)
    .await
    .db()?;
    let phases = rows
        .iter()
        .map(|row| Ok((get(row, "slug")?, multiloc(row, "project_title")?, multiloc(row, "phase_title")?)))
        .collect::<Result<_>>()?;
    Ok(News { ideas, projects, phases })
}

/// Someone the residents' digest goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reader {
    pub id: Id,
    pub email: String,
    pub name: String,
    pub locale: Option<String>,
    pub unsubscribe_token: Option<String>,
    pub is_admin: bool,
    /// Moderates at least one project (gets the staff digest, as admins do).
    pub is_moderator: bool,
}

/// People with a confirmed address who did not turn the digest off, not blocked, after
/// `after` (by id), at most `limit`.
pub async fn readers(db: &Db, after: Id, limit: i64) -> Result<Vec<Reader>> {
    let rows = sql::query(
        "SELECT u.id, u.email, u.name, u.locale, u.is_admin, s.unsubscribe_token,
            EXISTS (SELECT 1 FROM project_moderators m WHERE m.user_id = u.id) AS is_moderator
         FROM users u
         LEFT JOIN mail_settings s ON s.user_id = u.id
         WHERE u.id > $1 AND NOT u.is_guest AND u.email_confirmed_at IS NOT NULL AND u.blocked_at IS NULL
             AND (s.digest IS NULL OR s.digest = TRUE)
         ORDER BY u.id LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(db)
    .await
    .db()?;
    rows.iter()
        .map(|row| {
            Ok(Reader {
                id: get(row, "id")?,
                email: get(row, "email")?,
                name: get(row, "name")?,
                locale: get(row, "locale")?,
                unsubscribe_token: get(row, "unsubscribe_token")?,
                is_admin: get(row, "is_admin")?,
                is_moderator: get(row, "is_moderator")?,
            })
        })
        .collect()
}

/// For staff: per project one sees (all for an admin, those moderated otherwise), the
/// ideas posted since `since` that have no official feedback yet, and the ballots
/// submitted since; only projects where there is something.
pub async fn staff_news(db: &Db, user_id: Id, is_admin: bool, since: Micros) -> Result<Vec<(Multiloc, i64, i64)>> {
    let rows = sql::query(
        "SELECT p.title_multiloc,
            (SELECT COUNT(*) FROM ideas i WHERE i.project_id = p.id AND i.created_at >= $1 AND NOT i.hidden
             AND NOT EXISTS (SELECT 1 FROM official_feedback f WHERE f.idea_id = i.id)) AS waiting,
            (SELECT COUNT(*) FROM baskets b JOIN phases ph ON ph.id = b.phase_id
             WHERE ph.project_id = p.id AND b.submitted_at >= $1) AS ballots
         FROM projects p
         WHERE $3 OR p.id IN (SELECT project_id FROM project_moderators WHERE user_id = $2)
         ORDER BY p.id",
    )
    .bind(since)
    .bind(user_id)
    .bind(is_admin)
    .fetch_all(db)
    .await
    .db()?;
    let all = rows
        .iter()
        .map(|row| Ok((multiloc(row, "title_multiloc")?, get(row, "waiting")?, get(row, "ballots")?)))
        .collect::<Result<Vec<(Multiloc, i64, i64)>>>()?;
    Ok(all.into_iter().filter(|(_, waiting, ballots)| waiting + ballots > 0).collect())
}

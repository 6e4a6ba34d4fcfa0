//! User groups, as stored: admins choose their members; a phase's action may be open to
//! members of some groups only (membership is read with the person, `users::signed_in`).

use agora_core::{Error, Id, Micros};

use crate::{Db, DbResult, Result, get, is_unique_violation, placeholders, sql};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub id: Id,
    pub name: String,
    pub members: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub user_id: Id,
    pub name: String,
    pub email: String,
}

/// Every group with its number of members, by name.
pub async fn list(db: &Db) -> Result<Vec<Group>> {
    let rows = sql::query(
        "SELECT g.id, g.name, CAST((SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id) AS BIGINT) AS members
         FROM user_groups g ORDER BY lower(g.name), g.id",
    )
    .fetch_all(db)
    .await
    .db()?;
    rows.iter().map(|r| Ok(Group { id: get(r, "id")?, name: get(r, "name")?, members: get(r, "members")? })).collect()
}

/// The names of these groups (those that exist), by name.
pub async fn names(db: &Db, ids: &[Id]) -> Result<Vec<String>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!("SELECT name FROM user_groups WHERE id IN ({}) ORDER BY lower(name)", placeholders(1, ids.len()));
    ids.iter().fold(sql::query_scalar(sql), |q, id| q.bind(*id)).fetch_all(db).await.db()
}

/// A new group; a name already used is refused on `name`.
pub async fn insert(db: &Db, name: &str, now: Micros) -> Result<Id> {
    sql::query_scalar("INSERT INTO user_groups (name, created_at) VALUES ($1, $2) RETURNING id")
        .bind(name)
        .bind(now)
        .fetch_one(db)
        .await
        .map_err(|e| if is_unique_violation(&e) { Error::field("name", "taken") } else { Error::internal(e.message) })
}

/// Deletes a group and its memberships; false when there was none. Permissions that
/// named it keep their other groups and no longer let its members in.
pub async fn delete(db: &Db, id: Id) -> Result<bool> {
    let done = sql::query("DELETE FROM user_groups WHERE id = $1").bind(id).execute(db).await.db()?;
    Ok(done.rows_affected() > 0)
}

/// One group with its number of members, if it exists.
pub async fn by_id(db: &Db, id: Id) -> Result<Option<Group>> {
    let row = sql::query(
        "SELECT g.id, g.name, CAST((SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id) AS BIGINT) AS members
         FROM user_groups g WHERE g.id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await
    .db()?;
    row.map(|r| Ok(Group { id: get(&r, "id")?, name: get(&r, "name")?, members: get(&r, "members")? })).transpose()
}

/// Adds a member (again is fine).
pub async fn add_member(db: &Db, group_id: Id, user_id: Id, now: Micros) -> Result<()> {
    sql::query("INSERT INTO group_members (group_id, user_id, added_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .bind(group_id)
        .bind(user_id)
        .bind(now)
        .execute(db)
        .await
        .db()?;
    Ok(())
}

pub async fn remove_member(db: &Db, group_id: Id, user_id: Id) -> Result<bool> {
    let done = sql::query("DELETE FROM group_members WHERE group_id = $1 AND user_id = $2")
        .bind(group_id)
        .bind(user_id)
        .execute(db)
        .await
        .db()?;
    Ok(done.rows_affected() > 0)
}

/// A group's members, by name.
pub async fn members(db: &Db, group_id: Id) -> Result<Vec<Member>> {
    let rows = sql::query(
        "SELECT u.id, u.name, u.email FROM group_members m JOIN users u ON u.id = m.user_id
         WHERE m.group_id = $1 ORDER BY lower(u.name), u.id",
    )
    .bind(group_id)
    .fetch_all(db)
    .await
    .db()?;
    rows.iter().map(|r| Ok(Member { user_id: get(r, "id")?, name: get(r, "name")?, email: get(r, "email")? })).collect()
}

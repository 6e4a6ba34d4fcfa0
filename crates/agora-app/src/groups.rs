//! User groups: admins create them and choose their members; a phase's action may be
//! open to some groups only.

use agora_core::permissions::{Actor, admin};
use agora_core::validate::Problems;
use agora_core::{Error, Id, Micros};
use agora_db::{Db, Result, groups, users};

/// What the pages and the API read about groups, as stored.
pub use agora_db::groups::{Group, Member, names};

pub const MAX_NAME: usize = 100;

pub async fn list(db: &Db, actor: Option<&Actor>) -> Result<Vec<Group>> {
    admin(actor)?;
    groups::list(db).await
}

/// One group, for its page.
pub async fn get(db: &Db, actor: Option<&Actor>, group_id: Id) -> Result<Group> {
    admin(actor)?;
    groups::by_id(db, group_id).await?.ok_or_else(Error::not_found)
}

pub async fn create(db: &Db, actor: Option<&Actor>, name: &str, now: Micros) -> Result<Id> {
    admin(actor)?;
    let name = name.trim();
    let mut problems = Problems::default();
    problems.text("name", name, 1, MAX_NAME);
    problems.into_result()?;
    groups::insert(db, name, now).await
}

pub async fn delete(db: &Db, actor: Option<&Actor>, group_id: Id) -> Result<()> {
    admin(actor)?;
    if groups::delete(db, group_id).await? { Ok(()) } else { Err(Error::not_found()) }
}

pub async fn members(db: &Db, actor: Option<&Actor>, group_id: Id) -> Result<Vec<Member>> {
    admin(actor)?;
    if groups::by_id(db, group_id).await?.is_none() {
        return Err(Error::not_found());
    }
    groups::members(db, group_id).await
}

/// Adds a person to a group (again is fine); 404 when either does not exist.
pub async fn add_member(db: &Db, actor: Option<&Actor>, group_id: Id, user_id: Id, now: Micros) -> Result<()> {
    admin(actor)?;
    if groups::by_id(db, group_id).await?.is_none() || users::by_id(db, user_id).await?.is_none() {
        return Err(Error::not_found());
    }
    groups::add_member(db, group_id, user_id, now).await
}

pub async fn remove_member(db: &Db, actor: Option<&Actor>, group_id: Id, user_id: Id) -> Result<()> {
    admin(actor)?;
    if groups::remove_member(db, group_id, user_id).await? { Ok(()) } else { Err(Error::not_found()) }
}

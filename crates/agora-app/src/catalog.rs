//! Admins keep the catalogue: topics, areas and idea statuses. Every change bumps the
//! catalogue's version in its transaction, so every app server reloads it.

use agora_core::permissions::{Actor, admin};
use agora_core::validate::{Problems, clean_multiloc, is_valid_slug};
use agora_core::{Id, Micros, Multiloc};
use agora_db::catalog::{self, commit_change};
use agora_db::{Db, Result};

/// The catalogue as the pages and the API read it (kept in memory per app server).
pub use agora_db::catalog::{
    Catalog, DEFAULT_STATUS, Kind, REJECTED_STATUS, Status, Tag, WITHDRAWN_STATUS, catalog, list, statuses, usage,
};

pub const MAX_TITLE: usize = 100;

fn validate_title(title: &Multiloc) -> Result<Multiloc> {
    let title = clean_multiloc(title);
    let mut problems = Problems::default();
    problems.multiloc("title", &title, true, MAX_TITLE);
    problems.into_result()?;
    Ok(title)
}

pub async fn create(db: &Db, actor: Option<&Actor>, kind: Kind, title: &Multiloc, now: Micros) -> Result<Tag> {
    admin(actor)?;
    let title = validate_title(title)?;
    let mut tx = db.begin().await?;
    let tag = catalog::insert(&mut tx, kind, &title, now).await?;
    commit_change(db, tx).await?;
    Ok(tag)
}

pub async fn update(db: &Db, actor: Option<&Actor>, kind: Kind, id: Id, title: &Multiloc) -> Result<Tag> {
    admin(actor)?;
    let title = validate_title(title)?;
    let mut tx = db.begin().await?;
    let tag = catalog::update(&mut tx, kind, id, &title).await?;
    commit_change(db, tx).await?;
    Ok(tag)
}

pub async fn delete(db: &Db, actor: Option<&Actor>, kind: Kind, id: Id) -> Result<()> {
    admin(actor)?;
    let mut tx = db.begin().await?;
    catalog::delete(&mut tx, kind, id).await?;
    commit_change(db, tx).await
}

/// A new idea status: a code (`in_review`), a title, a colour (`#rrggbb`).
pub async fn create_status(
    db: &Db,
    actor: Option<&Actor>,
    code: &str,
    title: &Multiloc,
    color: &str,
) -> Result<Status> {
    admin(actor)?;
    let title = validate_title(title)?;
    let mut problems = Problems::default();
    if !is_valid_slug(&code.replace('_', "-")) {
        problems.add("code", "invalid", None);
    }
    if !(color.len() == 7 && color.starts_with('#') && color[1..].bytes().all(|b| b.is_ascii_hexdigit())) {
        problems.add("color", "invalid", None);
    }
    problems.into_result()?;
    let mut tx = db.begin().await?;
    let status = catalog::insert_status(&mut tx, code, &title, color).await?;
    commit_change(db, tx).await?;
    Ok(status)
}

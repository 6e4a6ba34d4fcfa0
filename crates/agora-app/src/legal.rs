//! The privacy notice and the terms of use: written by administrators, read by anyone;
//! whoever signs up while terms are published accepts them, and the version accepted
//! is kept with their account.

use agora_core::permissions::{Actor, admin};
use agora_core::validate::Problems;
use agora_core::{Micros, markdown};
use agora_db::legal;

pub use agora_db::legal::Document;
use agora_db::{Db, DbResult, Result};

/// The longest text a city may publish (a long privacy notice is some 20,000 characters).
pub const MAX_TEXT: usize = 60_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Privacy,
    Terms,
}

impl Kind {
    pub const ALL: &[Kind] = &[Kind::Privacy, Kind::Terms];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Privacy => "privacy",
            Kind::Terms => "terms",
        }
    }
}

pub async fn document(db: &Db, kind: Kind) -> Result<Option<Document>> {
    legal::get_document(db, kind.as_str()).await
}

/// An administrator writes the text in `locale` (the other languages keep theirs); a
/// new version begins. Returns it.
pub async fn save(db: &Db, actor: Option<&Actor>, kind: Kind, locale: &str, text: &str, now: Micros) -> Result<i64> {
    admin(actor)?;
    let mut problems = Problems::default();
    problems.text("body", text, 1, MAX_TEXT);
    problems.into_result()?;
    let mut body = document(db, kind).await?.map(|d| d.body).unwrap_or_default();
    body.set(locale, text.trim());
    let html = markdown::render_multiloc(&body);
    let mut tx = db.begin().await?;
    let version = legal::save(&mut tx, kind.as_str(), &body, &html, now).await?;
    tx.commit().await.db()?;
    Ok(version)
}

/// The terms in force, if the city published any: who signs up accepts this version.
pub async fn terms_version(db: &Db) -> Result<Option<i64>> {
    Ok(document(db, Kind::Terms).await?.map(|d| d.version))
}

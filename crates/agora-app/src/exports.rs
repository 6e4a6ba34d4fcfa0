//! "Download my data": a person asks, the worker gathers everything Agora holds about
//! them into a JSON file in a zip, and mails them a link to it that works for a week.

use std::io::Write;

use agora_core::{Code, Error, Id, MICROS_PER_DAY, MICROS_PER_HOUR, Micros};
use agora_db::exports;
use agora_db::{Db, DbResult, Result, Tx};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::mail::{self, Kind, Letter, Site};
use crate::outbox::{self, Job};
use crate::users::User;

/// How long the mailed link works.
pub const LINK_LIFETIME: Micros = 7 * MICROS_PER_DAY;
/// The page the link opens (the web layer routes it).
pub const DOWNLOAD_PATH: &str = "/account/export";
/// One export an hour is plenty: asking again within the hour changes nothing.
const AGAIN_AFTER: Micros = MICROS_PER_HOUR;

/// The person asks for their data; it comes by mail.
pub async fn request(db: &Db, user: &User, now: Micros) -> Result<()> {
    if exports::asked_since(db, user.id, now - AGAIN_AFTER).await? {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    let export_id = exports::insert(&mut tx, user.id, now).await?;
    outbox::enqueue(&mut tx, &Job::ExportData { export_id }, now).await?;
    tx.commit().await.db()
}

/// The worker's part before its transaction: the zip, or none if the account went.
pub(crate) async fn build(db: &Db, export_id: Id) -> Result<Option<Vec<u8>>> {
    let Some(user_id) = exports::owner(db, export_id).await? else { return Ok(None) };
    let data = exports::personal_data(db, user_id).await?;
    let json = serde_json::to_vec_pretty(&data).map_err(|e| Error::internal(e.to_string()))?;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let fail = |e: &dyn std::fmt::Display| Error::internal(format!("data export {export_id}: {e}"));
    zip.start_file("my-data.json", options).map_err(|e| fail(&e))?;
    zip.write_all(&json).map_err(|e| fail(&e))?;
    Ok(Some(zip.finish().map_err(|e| fail(&e))?.into_inner()))
}

/// The worker's part in its transaction: the archive kept, the link mailed.
pub(crate) async fn deliver(tx: &mut Tx, site: &Site, export_id: Id, archive: &[u8], now: Micros) -> Result<()> {
    let secret = exports::finish(tx, export_id, &STANDARD.encode(archive), now + LINK_LIFETIME).await?;
    let Some(user_id) = exports::owner(&mut *tx, export_id).await? else { return Ok(()) };
    let Some(user) = agora_db::users::by_id(&mut *tx, user_id).await? else { return Ok(()) };
    let locale = user.locale.clone().unwrap_or_else(|| "en".to_owned());
    let url = format!("{}?token={secret}", site.link(&locale, DOWNLOAD_PATH));
    let days = [("days", (LINK_LIFETIME / MICROS_PER_DAY).to_string())];
    let letter = Letter::account(Kind::DataExport, site, &locale, &user.name, &days, url);
    mail::queue(tx, site, Some(user.id), &user.email, &letter, now).await?;
    Ok(())
}

/// The zip a mailed link leads to; `link_invalid` once it expired.
pub async fn archive(db: &Db, secret: &str, now: Micros) -> Result<Vec<u8>> {
    let stored = exports::archive(db, secret, now).await?.ok_or_else(|| Error::new(Code::LinkInvalid))?;
    STANDARD.decode(stored).map_err(|e| Error::internal(e.to_string()))
}

//! Files given as survey answers. Checked by their bytes (`survey::file_type`) and
//! size, stored on disk under a random name (the folder is the deployment's: under the
//! data folder by default, shared storage for several app servers), described by a row.
//! Only the uploader and the staff of the phase whose response took the file read it,
//! always as a download.

use std::path::{Path, PathBuf};

use agora_core::permissions::Actor;
use agora_core::survey::{self, MAX_FILE_BYTES};
use agora_core::{Code, Error, FieldError, Id, Micros};
use agora_db::responses::{self, NewUpload};
use agora_db::{Db, Result};
use rand::Rng;

pub use agora_db::responses::Upload;

/// The longest file name kept, in characters.
const MAX_NAME: usize = 200;

/// The name a file is offered under: its last path part, without control characters or
/// quotes, not too long.
fn clean_name(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or_default();
    let name: String = base.chars().filter(|c| !c.is_control() && *c != '"').take(MAX_NAME).collect();
    if name.trim().is_empty() { "file".to_owned() } else { name.trim().to_owned() }
}

fn stored_name() -> String {
    let bytes: [u8; 16] = rand::rng().random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn path(folder: &Path, stored_name: &str) -> PathBuf {
    folder.join(stored_name)
}

/// Someone who takes part (a person or a guest) uploads a file to answer with.
pub async fn upload(
    db: &Db,
    folder: &Path,
    actor: Option<&Actor>,
    file_name: &str,
    bytes: &[u8],
    now: Micros,
) -> Result<Upload> {
    let actor = actor.ok_or(Error::new(Code::NotSignedIn))?;
    if bytes.len() > MAX_FILE_BYTES {
        let limit = Some(MAX_FILE_BYTES / 1024 / 1024);
        return Err(Error::invalid(vec![FieldError { field: "file".into(), problem: "file_too_large", limit }]));
    }
    let file_name = clean_name(file_name);
    let content_type = survey::file_type(&file_name, bytes).ok_or_else(|| Error::field("file", "file_type"))?;
    let stored = stored_name();
    let internal = |e: std::io::Error| Error::internal(format!("upload {}: {e}", folder.display()));
    tokio::fs::create_dir_all(folder).await.map_err(internal)?;
    tokio::fs::write(path(folder, &stored), bytes).await.map_err(internal)?;
    let size = bytes.len() as i64;
    let new = NewUpload { uploader_id: actor.user_id, stored_name: &stored, file_name: &file_name, content_type, size };
    match responses::insert_upload(db, &new, now).await {
        Ok(id) => Ok(Upload {
            id,
            uploader_id: Some(actor.user_id),
            phase_id: None,
            project_id: None,
            stored_name: stored,
            file_name,
            content_type: content_type.to_owned(),
            size,
        }),
        Err(e) => {
            // Nothing points at the file: it goes too.
            let _ = tokio::fs::remove_file(path(folder, &stored)).await;
            Err(e)
        }
    }
}

/// An upload and its bytes, for its uploader or the staff of the phase that took it.
pub async fn read(db: &Db, folder: &Path, actor: Option<&Actor>, id: Id) -> Result<(Upload, Vec<u8>)> {
    let upload = responses::upload(db, id).await?.ok_or_else(Error::not_found)?;
    let allowed = actor.is_some_and(|a| {
        upload.uploader_id == Some(a.user_id) || upload.project_id.is_some_and(|project| a.moderates(project))
    });
    if !allowed {
        return Err(Error::not_found());
    }
    let bytes = tokio::fs::read(path(folder, &upload.stored_name))
        .await
        .map_err(|e| Error::internal(format!("upload {id}: {e}")))?;
    Ok((upload, bytes))
}

/// How long an upload waits for a response to take it before it is swept.
pub const UNTAKEN_KEPT_FOR: Micros = agora_core::MICROS_PER_DAY;

/// Removes the files no response took within a day (and those of deleted phases), from
/// the disk and then their rows; returns how many.
pub async fn sweep(db: &Db, folder: &Path, now: Micros) -> Result<usize> {
    let untaken = responses::untaken(db, now - UNTAKEN_KEPT_FOR).await?;
    for (id, stored_name) in &untaken {
        match tokio::fs::remove_file(path(folder, stored_name)).await {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::internal(format!("sweep {}: {e}", folder.display()))),
        }
        responses::delete_upload(db, *id).await?;
    }
    Ok(untaken.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_their_last_part_only() {
        assert_eq!(clean_name("C:\\Users\\jo\\plan.pdf"), "plan.pdf");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("a\"b\n.pdf"), "ab.pdf");
        assert_eq!(clean_name("   "), "file");
        assert_eq!(stored_name().len(), 32);
    }
}

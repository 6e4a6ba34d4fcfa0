//! People: signing up and confirming their address, the first admin, signing in with a
//! password, and setting a new one (forgotten, or changed).

use agora_core::permissions::{self, Actor};
use agora_core::validate::{Problems, is_common_password, is_plausible_email};
use agora_core::{Code, Error, Id, MICROS_PER_DAY, MICROS_PER_HOUR, Micros};
use agora_db::account_tokens::{self, Purpose};
use agora_db::users::{self, NewAccount};
use agora_db::{Db, DbResult, Result};

use crate::mail::{self, Kind, Letter, Site};

/// Accounts, sessions and API tokens as stored: what signing in and out writes.
pub use agora_db::account_tokens::Purpose as LinkPurpose;
pub use agora_db::users::{
    ApiToken, Credential, SESSION_LIFETIME, SignedIn, TOKEN_LIFETIME, User, api_tokens, by_email, by_id, count,
    create_api_token, create_session, create_with_hash, delete_session, revoke_api_token, revoke_api_token_by_id,
    search, set_locale, sign_out_everywhere, signed_in,
};

pub use crate::passwords::hash_password;
use crate::passwords::verify_password;

pub const MIN_PASSWORD: usize = 8;
pub const MAX_PASSWORD: usize = 200;
pub const MAX_NAME: usize = 80;

pub struct NewUser {
    pub email: String,
    pub password: String,
    pub name: String,
    /// They accept the terms of use (asked only when the city published terms).
    pub accept_terms: bool,
}

pub fn validate(new: &NewUser) -> Result<()> {
    problems(new).into_result()
}

fn problems(new: &NewUser) -> Problems {
    let mut problems = Problems::default();
    if new.email.trim().is_empty() {
        problems.add("email", "required", None);
    } else if !is_plausible_email(new.email.trim()) {
        problems.add("email", "invalid", None);
    }
    problems.text("name", &new.name, 1, MAX_NAME);
    // A name goes into mails: no line breaks or other control characters.
    if new.name.chars().any(char::is_control) {
        problems.add("name", "invalid", None);
    }
    check_password(&mut problems, "password", &new.password);
    problems
}

fn check_password(problems: &mut Problems, field: &str, password: &str) {
    let chars = password.chars().count();
    if chars == 0 {
        problems.add(field, "required", None);
    } else if chars < MIN_PASSWORD {
        problems.add(field, "too_short", Some(MIN_PASSWORD));
    } else if chars > MAX_PASSWORD {
        problems.add(field, "too_long", Some(MAX_PASSWORD));
    } else if is_common_password(password) {
        problems.add(field, "too_common", None);
    }
}

/// The pages the mailed links open (the web layer routes them under these paths).
pub const CONFIRM_EMAIL_PATH: &str = "/confirm-email";
pub const RESET_PASSWORD_PATH: &str = "/reset-password";

/// How long the link confirming an address works.
pub const CONFIRM_LINK_LIFETIME: Micros = 2 * MICROS_PER_DAY;
/// How long the link setting a new password works.
pub const RESET_LINK_LIFETIME: Micros = MICROS_PER_HOUR;

/// Makes the account, signed in at once, and mails the link that confirms its address
/// (in `locale`, the language they signed up in, which becomes theirs).
pub async fn sign_up(db: &Db, site: &Site, new: NewUser, locale: &str, now: Micros) -> Result<User> {
    let terms_version = crate::legal::terms_version(db).await?;
    let mut problems = problems(&new);
    if terms_version.is_some() && !new.accept_terms {
        problems.add("accept_terms", "required", None);
    }
    problems.into_result()?;
    let hash = hash_password(&new.password).await?;
    let mut tx = db.begin().await?;
    let account = NewAccount {
        email: &new.email,
        name: new.name.trim(),
        password_hash: &hash,
        is_admin: false,
        confirmed: false,
        locale: Some(locale),
        terms_version,
    };
    let user = users::insert_account(&mut tx, &account, now).await?;
    mail_link(&mut tx, site, &user, Purpose::ConfirmEmail, &user.email, now).await?;
    tx.commit().await.db()?;
    Ok(user)
}

/// Mails a fresh link for `purpose` to `to` (the person's address, or the new one they
/// are changing to); earlier links for the same purpose stop working.
async fn mail_link(
    tx: &mut agora_db::Tx,
    site: &Site,
    user: &User,
    purpose: Purpose,
    to: &str,
    now: Micros,
) -> Result<()> {
    let (kind, lifetime, path) = match purpose {
        Purpose::ConfirmEmail => (Kind::ConfirmEmail, CONFIRM_LINK_LIFETIME, CONFIRM_EMAIL_PATH),
        Purpose::ChangeEmail => (Kind::ChangeEmail, CONFIRM_LINK_LIFETIME, CONFIRM_EMAIL_PATH),
        Purpose::ResetPassword => (Kind::ResetPassword, RESET_LINK_LIFETIME, RESET_PASSWORD_PATH),
    };
    let token = account_tokens::issue(tx, user.id, purpose, to, now, now + lifetime).await?;
    let locale = user.locale.clone().unwrap_or_else(|| "en".to_owned());
    let action_url = format!("{}?token={token}", site.link(&locale, path));
    let args = [("hours", (lifetime / MICROS_PER_HOUR).to_string()), ("email", to.to_owned())];
    let letter = Letter::account(kind, site, &locale, &user.name, &args, action_url);
    mail::queue(tx, site, Some(user.id), to, &letter, now).await?;
    Ok(())
}

/// Mails the person a new confirmation link (theirs is lost or expired).
pub async fn resend_confirmation(db: &Db, site: &Site, user: &User, now: Micros) -> Result<()> {
    if user.email_confirmed_at.is_some() {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    mail_link(&mut tx, site, user, Purpose::ConfirmEmail, &user.email, now).await?;
    tx.commit().await.db()
}

/// Whether a mailed link still works (the page it opens says so before anyone clicks).
pub async fn link_works(db: &Db, token: &str, purpose: Purpose, now: Micros) -> Result<bool> {
    Ok(account_tokens::check(db, token, purpose, now).await?.is_some())
}

/// The person followed the link mailed to confirm their address (at sign-up, or the new
/// address they change to); whose address it is. `link_invalid` if the link is
/// unknown, used or expired.
pub async fn confirm_email(db: &Db, token: &str, now: Micros) -> Result<Id> {
    let mut tx = db.begin().await?;
    if let Some(valid) = account_tokens::redeem(&mut tx, token, Purpose::ConfirmEmail, now).await? {
        if !users::confirm_email(&mut tx, valid.user_id, &valid.email, now).await? {
            return Err(Error::new(Code::LinkInvalid));
        }
        tx.commit().await.db()?;
        return Ok(valid.user_id);
    }
    let Some(valid) = account_tokens::redeem(&mut tx, token, Purpose::ChangeEmail, now).await? else {
        return Err(Error::new(Code::LinkInvalid));
    };
    users::change_email(&mut tx, valid.user_id, &valid.email, now).await?;
    tx.commit().await.db()?;
    Ok(valid.user_id)
}

/// Mails a link to set a new password, if the address has an account; the caller
/// answers the same either way, so nobody learns who has one.
pub async fn request_password_reset(db: &Db, site: &Site, email: &str, locale: &str, now: Micros) -> Result<()> {
    if !is_plausible_email(email.trim()) {
        return Err(Error::field("email", "invalid"));
    }
    let Some(mut user) = users::by_email(db, email).await? else { return Ok(()) };
    user.locale = user.locale.or(Some(locale.to_owned()));
    let mut tx = db.begin().await?;
    let to = user.email.clone();
    mail_link(&mut tx, site, &user, Purpose::ResetPassword, &to, now).await?;
    tx.commit().await.db()
}

/// Sets the new password from a reset link: the old one, every session and every API
/// token stop working. Whose password it was.
pub async fn reset_password(db: &Db, token: &str, password: &str, now: Micros) -> Result<Id> {
    let mut problems = Problems::default();
    check_password(&mut problems, "password", password);
    problems.into_result()?;
    let hash = hash_password(password).await?;
    let mut tx = db.begin().await?;
    let Some(valid) = account_tokens::redeem(&mut tx, token, Purpose::ResetPassword, now).await? else {
        return Err(Error::new(Code::LinkInvalid));
    };
    users::set_password(&mut tx, valid.user_id, &hash, None).await?;
    // The link reached their mailbox: that confirms the address too.
    users::confirm_email(&mut tx, valid.user_id, &valid.email, now).await?;
    tx.commit().await.db()?;
    Ok(valid.user_id)
}

/// A signed-in person changes their password, giving the current one; their other
/// sessions and API tokens end, `session` (this browser's) stays.
pub async fn change_password(db: &Db, user: &User, current: &str, new: &str, session: Option<&str>) -> Result<()> {
    let mut problems = Problems::default();
    check_password(&mut problems, "new_password", new);
    problems.into_result()?;
    let Some((_, hash)) = users::with_password_hash(db, &user.email).await? else { return Err(Error::not_found()) };
    if !verify_password(current, &hash).await {
        return Err(Error::field("current_password", "wrong").with_code(Code::InvalidCredentials));
    }
    let hash = hash_password(new).await?;
    let mut tx = db.begin().await?;
    users::set_password(&mut tx, user.id, &hash, session).await?;
    tx.commit().await.db()
}

/// A signed-in person asks to change their address, giving their password: the link
/// that makes the change goes to the new address. If another account has it, nothing is
/// sent, and the answer is the same (nobody learns who has an account).
pub async fn request_email_change(
    db: &Db,
    site: &Site,
    user: &User,
    new_email: &str,
    password: &str,
    now: Micros,
) -> Result<()> {
    let new_email = new_email.trim();
    if !is_plausible_email(new_email) {
        return Err(Error::field("new_email", "invalid"));
    }
    let Some((_, hash)) = users::with_password_hash(db, &user.email).await? else { return Err(Error::not_found()) };
    if !verify_password(password, &hash).await {
        return Err(Error::field("password", "wrong").with_code(Code::InvalidCredentials));
    }
    if users::by_email(db, new_email).await?.is_some() {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    mail_link(&mut tx, site, user, Purpose::ChangeEmail, new_email, now).await?;
    tx.commit().await.db()
}

/// The person deletes their account, giving their password (if they have one): it goes with everything
/// about them (see `agora_db::erasure`); their ideas and comments stay without an
/// author (`keep_content`) or go. The last administrator cannot leave the platform
/// without one.
pub async fn delete_account(db: &Db, user: &User, password: &str, keep_content: bool, now: Micros) -> Result<()> {
    let Some((_, hash)) = users::with_password_hash(db, &user.email).await? else { return Err(Error::not_found()) };
    // Someone who only ever signed in with the city's provider has no password to give.
    if has_password(&hash) && !verify_password(password, &hash).await {
        return Err(Error::field("password", "wrong").with_code(Code::InvalidCredentials));
    }
    let mut tx = db.begin().await?;
    if !agora_db::erasure::delete_account(&mut tx, user.id, keep_content, now).await? {
        return Err(Error::new(Code::LastAdmin));
    }
    tx.commit().await.db()
}

/// Whether a stored hash is a password's (not the mark of an invitation not yet taken
/// up, nor of an account that signs in with the city's provider only).
fn has_password(hash: &str) -> bool {
    !hash.starts_with('!')
}

/// Whether the person has a password to confirm what they do with (some sign in with
/// the city's provider only).
pub async fn signs_in_with_password(db: &Db, user: &User) -> Result<bool> {
    Ok(users::with_password_hash(db, &user.email).await?.is_some_and(|(_, hash)| has_password(&hash)))
}

/// Signs the person out of every other browser and API client.
pub async fn sign_out_elsewhere(db: &Db, user: &User, session: Option<&str>) -> Result<()> {
    let mut tx = db.begin().await?;
    users::end_other_sessions(&mut tx, user.id, session).await?;
    tx.commit().await.db()
}

/// The first person on a fresh platform becomes its admin (once: see
/// `users::insert_first_admin`).
pub async fn create_first_admin(db: &Db, new: NewUser, now: Micros) -> Result<User> {
    validate(&new)?;
    let hash = hash_password(&new.password).await?;
    users::insert_first_admin(db, &new.email, new.name.trim(), &hash, now).await
}

/// Checks an e-mail and password. Unknown e-mail and wrong password give the same
/// error, after the same amount of work.
pub async fn authenticate(db: &Db, email: &str, password: &str) -> Result<User> {
    let Some((user, hash)) = users::with_password_hash(db, email).await? else {
        // The same cost as a real check, so timing does not reveal who has an account.
        let _ = verify_password(password, DUMMY_HASH).await;
        return Err(Error::new(Code::InvalidCredentials));
    };
    if !verify_password(password, &hash).await {
        return Err(Error::new(Code::InvalidCredentials));
    }
    // Said only to whoever knows the password: it reveals nothing to anyone else.
    if user.blocked_at.is_some() {
        return Err(Error::new(Code::AccountBlocked));
    }
    Ok(user)
}

/// Staff block a person: they can read, as anyone can, but no longer sign in or act;
/// every session and API token of theirs ends at once.
pub async fn block(db: &Db, actor: Option<&Actor>, user_id: Id, now: Micros) -> Result<User> {
    set_blocked(db, actor, user_id, Some(now)).await
}

/// Staff lift a block: the person signs in again.
pub async fn unblock(db: &Db, actor: Option<&Actor>, user_id: Id) -> Result<User> {
    set_blocked(db, actor, user_id, None).await
}

async fn set_blocked(db: &Db, actor: Option<&Actor>, user_id: Id, at: Option<Micros>) -> Result<User> {
    let target = users::by_id(db, user_id).await?.ok_or_else(Error::not_found)?;
    permissions::may_block(actor, target.id, target.is_admin)?;
    let mut tx = db.begin().await?;
    users::set_blocked(&mut tx, user_id, at).await?;
    tx.commit().await.db()?;
    Ok(User { blocked_at: at, ..target })
}

/// How long an invitation's link works.
pub const INVITATION_LIFETIME: Micros = 7 * MICROS_PER_DAY;
/// The stored hash of someone invited who has not chosen a password yet: no password
/// matches it.
const NO_PASSWORD_YET: &str = "!invited";
/// The stored hash of someone who signs in with the city's OpenID provider only.
pub(crate) const PROVIDER_ONLY: &str = "!provider";
/// The most people one file may invite.
pub const MAX_INVITES: usize = 5_000;

/// What became of an invitation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invitation {
    /// An account was made and the link to choose its password mailed.
    Sent(User),
    /// The address has an account already: nothing was sent.
    HasAccount,
}

/// An administrator invites someone by e-mail: an account is made (in `locale`), and a
/// link to choose its password is mailed; following it confirms the address.
pub async fn invite(
    db: &Db,
    site: &Site,
    actor: Option<&Actor>,
    email: &str,
    name: &str,
    locale: &str,
    now: Micros,
) -> Result<Invitation> {
    permissions::admin(actor)?;
    let mut problems = Problems::default();
    if !is_plausible_email(email.trim()) {
        problems.add("email", "invalid", None);
    }
    problems.text("name", name, 1, MAX_NAME);
    if name.chars().any(char::is_control) {
        problems.add("name", "invalid", None);
    }
    problems.into_result()?;
    if users::by_email(db, email).await?.is_some() {
        return Ok(Invitation::HasAccount);
    }
    let mut tx = db.begin().await?;
    let account = NewAccount {
        email: email.trim(),
        name: name.trim(),
        password_hash: NO_PASSWORD_YET,
        is_admin: false,
        confirmed: false,
        locale: Some(locale),
        terms_version: None,
    };
    let user = match users::insert_account(&mut tx, &account, now).await {
        Ok(user) => user,
        // Made meanwhile by someone else: as if it had been there.
        Err(e) if e.code == Code::EmailTaken => return Ok(Invitation::HasAccount),
        Err(e) => return Err(e),
    };
    let token =
        account_tokens::issue(&mut tx, user.id, Purpose::ResetPassword, &user.email, now, now + INVITATION_LIFETIME)
            .await?;
    let url = format!("{}?token={token}", site.link(locale, RESET_PASSWORD_PATH));
    let days = [("days", (INVITATION_LIFETIME / MICROS_PER_DAY).to_string())];
    let letter = Letter::account(Kind::Invitation, site, locale, &user.name, &days, url);
    mail::queue(&mut tx, site, Some(user.id), &user.email, &letter, now).await?;
    tx.commit().await.db()?;
    Ok(Invitation::Sent(user))
}

/// What inviting the people of a file did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InviteReport {
    pub invited: usize,
    pub had_account: usize,
    /// Lines (from 1) that could not be read or held an invalid address or name.
    pub refused: Vec<usize>,
}

/// Invites everyone of a CSV file: an e-mail address and, optionally, a name per line
/// (a first line `email,name` is a header). Without a name, the part of the address
/// before `@` is used.
pub async fn invite_csv(
    db: &Db,
    site: &Site,
    actor: Option<&Actor>,
    csv: &str,
    locale: &str,
    now: Micros,
) -> Result<InviteReport> {
    permissions::admin(actor)?;
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).trim(csv::Trim::All).from_reader(csv.as_bytes());
    let mut report = InviteReport::default();
    for (i, record) in reader.records().enumerate() {
        let line = i + 1;
        if line > MAX_INVITES {
            let mut problems = Problems::default();
            problems.add("file", "too_long", Some(MAX_INVITES));
            problems.into_result()?;
        }
        let Ok(record) = record else {
            report.refused.push(line);
            continue;
        };
        let email = record.get(0).unwrap_or_default();
        if (line == 1 && email.eq_ignore_ascii_case("email")) || email.is_empty() {
            continue;
        }
        let name = record.get(1).filter(|n| !n.is_empty()).unwrap_or_else(|| email.split('@').next().unwrap_or(email));
        match invite(db, site, actor, email, name, locale, now).await {
            Ok(Invitation::Sent(_)) => report.invited += 1,
            Ok(Invitation::HasAccount) => report.had_account += 1,
            Err(e) if e.code == Code::InvalidInput => report.refused.push(line),
            Err(e) => return Err(e),
        }
    }
    Ok(report)
}

/// Invites everyone of a file: CSV (see `invite_csv`), or an XLSX spreadsheet whose
/// first sheet holds the address in its first column and the name in its second.
pub async fn invite_file(
    db: &Db,
    site: &Site,
    actor: Option<&Actor>,
    file: &[u8],
    locale: &str,
    now: Micros,
) -> Result<InviteReport> {
    permissions::admin(actor)?;
    let unreadable = || Error::field("file", "invalid");
    let csv = if file.starts_with(b"PK\x03\x04") {
        // Reading a spreadsheet is work for a thread of its own, not the request's.
        let file = file.to_vec();
        tokio::task::spawn_blocking(move || spreadsheet_as_csv(&file))
            .await
            .map_err(|e| Error::internal(e.to_string()))?
            .ok_or_else(unreadable)?
    } else {
        std::str::from_utf8(file).map_err(|_| unreadable())?.to_owned()
    };
    invite_csv(db, site, actor, &csv, locale, now).await
}

/// The first sheet of an XLSX file as CSV, its first two columns, one line a row (so a
/// refused line is the spreadsheet's row number).
fn spreadsheet_as_csv(file: &[u8]) -> Option<String> {
    use calamine::Reader;
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(file)).ok()?;
    let sheet = workbook.worksheet_range_at(0)?.ok()?;
    let mut csv = csv::Writer::from_writer(Vec::new());
    // Rows above the first one used are empty lines, so that line numbers stay row numbers.
    let first_row = sheet.start().map_or(0, |(row, _)| row);
    for _ in 0..first_row {
        csv.write_record(["", ""]).ok()?;
    }
    for row in sheet.rows() {
        let cell = |i: usize| row.get(i).map(ToString::to_string).unwrap_or_default();
        csv.write_record([cell(0), cell(1)]).ok()?;
    }
    String::from_utf8(csv.into_inner().ok()?).ok()
}

/// Every account, oldest first, for the administrators' export.
pub async fn everyone(db: &Db, actor: Option<&Actor>) -> Result<Vec<User>> {
    permissions::admin(actor)?;
    users::all_accounts(db).await
}

/// People whose name or address contains `query`, for staff.
pub async fn find(db: &Db, actor: Option<&Actor>, query: &str, limit: i64) -> Result<Vec<User>> {
    permissions::admin(actor)?;
    users::search(db, query, limit).await
}

const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$6Gfmk8mZbxJ1iYyM4Jc1o2h6kQKxk6QyDwJ3OX5Y2mc";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_reports_every_field() {
        let new = NewUser { email: "nope".into(), password: "short".into(), name: " ".into(), accept_terms: false };
        let err =
            validate(&new).err().map(|e| e.fields.iter().map(|f| (f.field.clone(), f.problem)).collect::<Vec<_>>());
        assert_eq!(
            err,
            Some(vec![("email".into(), "invalid"), ("name".into(), "required"), ("password".into(), "too_short")])
        );
    }

    #[tokio::test]
    async fn passwords_verify_only_themselves() {
        let hash = hash_password("correct horse").await.unwrap_or_default();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &hash).await);
        assert!(!verify_password("wrong horse", &hash).await);
        assert!(!verify_password("anything", DUMMY_HASH).await);
    }
}

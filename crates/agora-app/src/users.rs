//! People: signing up, the first admin, signing in with a password.

use agora_core::validate::{Problems, is_common_password, is_plausible_email};
use agora_core::{Code, Error, Micros};
use agora_db::users;
use agora_db::{Db, Result};

/// Accounts, sessions and API tokens as stored: what signing in and out writes.
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
}

pub fn validate(new: &NewUser) -> Result<()> {
    let mut problems = Problems::default();
    if new.email.trim().is_empty() {
        problems.add("email", "required", None);
    } else if !is_plausible_email(new.email.trim()) {
        problems.add("email", "invalid", None);
    }
    problems.text("name", &new.name, 1, MAX_NAME);
    let password_chars = new.password.chars().count();
    if password_chars == 0 {
        problems.add("password", "required", None);
    } else if password_chars < MIN_PASSWORD {
        problems.add("password", "too_short", Some(MIN_PASSWORD));
    } else if password_chars > MAX_PASSWORD {
        problems.add("password", "too_long", Some(MAX_PASSWORD));
    } else if is_common_password(&new.password) {
        problems.add("password", "too_common", None);
    }
    problems.into_result()
}

pub async fn sign_up(db: &Db, new: NewUser, now: Micros) -> Result<User> {
    validate(&new)?;
    let hash = hash_password(&new.password).await?;
    users::create_with_hash(db, &new.email, new.name.trim(), &hash, false, now).await
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
    if verify_password(password, &hash).await { Ok(user) } else { Err(Error::new(Code::InvalidCredentials)) }
}

const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$6Gfmk8mZbxJ1iYyM4Jc1o2h6kQKxk6QyDwJ3OX5Y2mc";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_reports_every_field() {
        let new = NewUser { email: "nope".into(), password: "short".into(), name: " ".into() };
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

//! Which rate limits apply to which action; the buckets live in the database.
//!
//! Signing in counts failures only: a wrong password costs a token from the bucket of
//! the client's address and from the bucket of the (account, address) pair; a correct
//! password gives back what it took. So a workshop behind one address can sign in all day, an
//! attacker guessing one account's password from one address is slowed down, and a
//! person whose account is under attack from elsewhere still signs in.

use agora_app::users::{self, User};
use agora_core::validate::is_plausible_email;
use agora_db::limits::{check, give_back};
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::context::Ctx;
use crate::error::AppResult;

/// A bounded key for an e-mail address (a bucket key never holds what a client typed),
/// or none when it is not an address: such a request fails validation anyway.
fn account_key(email: &str) -> Option<String> {
    let email = email.trim().to_lowercase();
    is_plausible_email(&email)
        .then(|| Sha256::digest(email.as_bytes())[..12].iter().map(|b| format!("{b:02x}")).collect())
}

fn sign_in_keys(ctx: &Ctx, email: &str) -> (String, Option<String>) {
    let ip = format!("sign_in:ip:{}", ctx.client_ip);
    let pair = account_key(email).map(|account| format!("sign_in:account:{account}:{}", ctx.client_ip));
    (ip, pair)
}

/// Checks an e-mail and password within the limits: refused while this address, or
/// this address for this account, has failed too often. Each attempt takes its tokens
/// before the password is checked, so that guesses sent all at once cannot pass
/// together; a correct password gives them back.
pub async fn authenticate(state: &AppState, ctx: &Ctx, email: &str, password: &str) -> AppResult<User> {
    let limits = &state.config.rate_limits;
    let now = agora_db::now();
    let (ip, pair) = sign_in_keys(ctx, email);
    let mut taken = Vec::new();
    if limits.enabled {
        for (key, limit) in
            std::iter::once((&ip, limits.sign_in_ip)).chain(pair.iter().map(|p| (p, limits.sign_in_account)))
        {
            if let Err(refused) = check(&state.db, key, limit, now).await {
                // A refused attempt costs nothing: return what the other bucket lent.
                for (key, limit) in taken {
                    give_back(&state.db, key, limit, now).await?;
                }
                return Err(refused.into());
            }
            taken.push((key, limit));
        }
    }
    let user = users::authenticate(&state.db, email, password).await?;
    for (key, limit) in taken {
        give_back(&state.db, key, limit, now).await?;
    }
    Ok(user)
}

/// Every sign-up counts: per address, and per e-mail address.
pub async fn check_sign_up_limits(state: &AppState, ctx: &Ctx, email: &str) -> AppResult<()> {
    let limits = &state.config.rate_limits;
    if !limits.enabled {
        return Ok(());
    }
    let now = agora_db::now();
    check(&state.db, &format!("sign_up:ip:{}", ctx.client_ip), limits.sign_up_ip, now).await?;
    if let Some(account) = account_key(email) {
        check(&state.db, &format!("sign_up:account:{account}"), limits.sign_up_account, now).await?;
    }
    Ok(())
}

/// Every sign-in sent to the city's provider, per address: each keeps a row until it
/// comes back or expires.
pub async fn check_provider_limits(state: &AppState, ctx: &Ctx) -> AppResult<()> {
    let limits = &state.config.rate_limits;
    if limits.enabled {
        check(&state.db, &format!("oidc:ip:{}", ctx.client_ip), limits.sign_in_ip, agora_db::now()).await?;
    }
    Ok(())
}

/// Every mailed link asked for: per address, and per e-mail address.
pub async fn check_mail_link_limits(state: &AppState, ctx: &Ctx, email: &str) -> AppResult<()> {
    let limits = &state.config.rate_limits;
    if !limits.enabled {
        return Ok(());
    }
    let now = agora_db::now();
    check(&state.db, &format!("mail_link:ip:{}", ctx.client_ip), limits.mail_link_ip, now).await?;
    if let Some(account) = account_key(email) {
        check(&state.db, &format!("mail_link:account:{account}"), limits.mail_link_account, now).await?;
    }
    Ok(())
}

/// Ideas and comments, per person; a guest's also per address, and a visitor's who
/// would become a guest also count as a new guest.
pub async fn check_posting(state: &AppState, ctx: &Ctx) -> AppResult<()> {
    let limits = &state.config.rate_limits;
    if !limits.enabled {
        return Ok(());
    }
    let now = agora_db::now();
    if let Some(person) = ctx.participant_actor() {
        check(&state.db, &format!("posting:user:{}", person.user_id), limits.posting, now).await?;
    }
    if ctx.actor.is_none() {
        check_guest(state, ctx).await?;
        check(&state.db, &format!("guest_posting:ip:{}", ctx.client_ip), limits.guest_posting_ip, now).await?;
    }
    Ok(())
}

/// Reactions: people with an account are not held; guests and visitors who would become
/// guests are, per address.
pub async fn check_reacting(state: &AppState, ctx: &Ctx) -> AppResult<()> {
    let limits = &state.config.rate_limits;
    if !limits.enabled || ctx.actor.is_some() {
        return Ok(());
    }
    check_guest(state, ctx).await?;
    let key = format!("guest_reacting:ip:{}", ctx.client_ip);
    check(&state.db, &key, limits.guest_reacting_ip, agora_db::now()).await?;
    Ok(())
}

/// Answers to a survey or poll by guests, per address (people with an account answer
/// once, or as the phase allows).
pub async fn check_answering(state: &AppState, ctx: &Ctx) -> AppResult<()> {
    let limits = &state.config.rate_limits;
    if !limits.enabled || ctx.actor.is_some() {
        return Ok(());
    }
    check_guest(state, ctx).await?;
    let key = format!("guest_posting:ip:{}", ctx.client_ip);
    check(&state.db, &key, limits.guest_posting_ip, agora_db::now()).await?;
    Ok(())
}

/// Files uploaded to answer with, per person or guest, held like posting: each is up to
/// 10 MB on the city's disk.
pub async fn check_uploading(state: &AppState, ctx: &Ctx) -> AppResult<()> {
    let limits = &state.config.rate_limits;
    match ctx.participant_actor() {
        Some(person) if limits.enabled => {
            check(&state.db, &format!("uploads:user:{}", person.user_id), limits.posting, agora_db::now()).await?;
            Ok(())
        }
        _ => Ok(()),
    }
}

/// A visitor about to become a guest: new guests per address.
async fn check_guest(state: &AppState, ctx: &Ctx) -> AppResult<()> {
    if ctx.guest.is_none() {
        let key = format!("guests:ip:{}", ctx.client_ip);
        check(&state.db, &key, state.config.rate_limits.guests_ip, agora_db::now()).await?;
    }
    Ok(())
}

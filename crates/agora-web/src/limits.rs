//! Which rate limits apply to which action; the buckets live in the database.

use agora_core::Code;
use agora_db::limits::check;

use crate::AppState;
use crate::context::Ctx;
use crate::error::AppResult;

pub async fn check_sign_in_limits(state: &AppState, ctx: &Ctx, email: &str) -> AppResult<()> {
    let limits = &state.config.rate_limits;
    if !limits.enabled {
        return Ok(());
    }
    let now = agora_db::now();
    check(&state.db, &format!("sign_in:ip:{}", ctx.client_ip), limits.sign_in_ip, now).await?;
    check(&state.db, &format!("sign_in:account:{}", email.trim().to_lowercase()), limits.sign_in_account, now).await?;
    Ok(())
}

pub async fn check_sign_up_limits(state: &AppState, ctx: &Ctx, email: &str) -> AppResult<()> {
    let limits = &state.config.rate_limits;
    if !limits.enabled {
        return Ok(());
    }
    let now = agora_db::now();
    check(&state.db, &format!("sign_up:ip:{}", ctx.client_ip), limits.sign_up_ip, now).await?;
    check(&state.db, &format!("sign_up:account:{}", email.trim().to_lowercase()), limits.sign_up_account, now).await?;
    Ok(())
}

/// Ideas and comments, per person (anonymous requests are refused later anyway).
pub async fn check_posting(state: &AppState, ctx: &Ctx) -> AppResult<()> {
    let limits = &state.config.rate_limits;
    let Some(user) = &ctx.user else { return Err(Code::NotSignedIn.into()) };
    if !limits.enabled {
        return Ok(());
    }
    check(&state.db, &format!("posting:user:{}", user.id), limits.posting, agora_db::now()).await?;
    Ok(())
}

//! Which notifications a person gets by mail: a choice per kind (on by default for what
//! concerns their own ideas, comments and ballots), the weekly digest, and one-click
//! unsubscribe links. Also the worker's sweep that turns new notifications into mails.

use std::collections::BTreeMap;

use agora_core::validate::Problems;
use agora_core::{Code, Error, Id, Micros, Multiloc};
use agora_db::mail::{self as stored, PendingNotification, Settings};
use agora_db::notifications::Kind;
use agora_db::{Db, DbResult, Result, Tx};
use agora_i18n::Value;

use crate::mail::{self, Letter, Mailer, Site};

/// The page where a person chooses their mails, and the one-click unsubscribe link.
pub const SETTINGS_PATH: &str = "/account/mail";
pub const UNSUBSCRIBE_PATH: &str = "/mail/unsubscribe";

/// Whether `kind` is mailed to someone who never chose: yes for what concerns their own
/// ideas, comments and ballots (and the ideas they follow, which includes their own);
/// no for every comment on an idea they merely follow, which would be a lot of mail.
pub fn mailed_by_default(kind: Kind) -> bool {
    !matches!(kind, Kind::CommentOnFollowedIdea)
}

/// A person's choices, every kind filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choices {
    pub mail: BTreeMap<&'static str, bool>,
    pub digest: bool,
}

impl Choices {
    fn of(settings: Option<&Settings>) -> Choices {
        let chosen: BTreeMap<String, bool> =
            settings.and_then(|s| serde_json::from_str(&s.choices).ok()).unwrap_or_default();
        let mail = Kind::ALL
            .iter()
            .map(|k| (k.as_str(), chosen.get(k.as_str()).copied().unwrap_or_else(|| mailed_by_default(*k))))
            .collect();
        Choices { mail, digest: settings.is_none_or(|s| s.digest) }
    }

    fn wants(&self, kind: &str) -> bool {
        self.mail.get(kind).copied().unwrap_or(false)
    }

    fn json(&self) -> String {
        serde_json::to_string(&self.mail).unwrap_or_else(|_| "{}".to_owned())
    }
}

fn new_token() -> String {
    rand::random::<[u8; 24]>().iter().map(|b| format!("{b:02x}")).collect()
}

/// The person's choices.
pub async fn choices(db: &Db, user_id: Id) -> Result<Choices> {
    Ok(Choices::of(stored::settings(db, user_id).await?.as_ref()))
}

/// Replaces the person's choices: `mail` names every kind it changes (unknown kinds
/// are refused, kinds left out keep their choice).
pub async fn save(db: &Db, user_id: Id, mail: &BTreeMap<String, bool>, digest: bool) -> Result<Choices> {
    let mut problems = Problems::default();
    for kind in mail.keys() {
        if !Kind::ALL.iter().any(|k| k.as_str() == kind) {
            problems.add(&format!("mail.{kind}"), "invalid", None);
        }
    }
    problems.into_result()?;
    let mut choices = choices(db, user_id).await?;
    for (kind, on) in choices.mail.iter_mut() {
        if let Some(chosen) = mail.get(*kind) {
            *on = *chosen;
        }
    }
    choices.digest = digest;
    let mut tx = db.begin().await?;
    stored::save_settings(&mut tx, user_id, &choices.json(), choices.digest, &new_token()).await?;
    tx.commit().await.db()?;
    Ok(choices)
}

/// One click in a mail: no more mail of `kind` (or none at all, without a kind).
/// `link_invalid` for an unknown token.
pub async fn unsubscribe(db: &Db, token: &str, kind: Option<&str>) -> Result<()> {
    let known = |kind: &str| kind == DIGEST || Kind::ALL.iter().any(|k| k.as_str() == kind);
    if kind.is_some_and(|kind| !known(kind)) {
        return Err(Error::new(Code::LinkInvalid));
    }
    let Some((user_id, settings)) = stored::by_unsubscribe_token(db, token).await? else {
        return Err(Error::new(Code::LinkInvalid));
    };
    let mut choices = Choices::of(Some(&settings));
    for (k, on) in choices.mail.iter_mut() {
        if kind.is_none_or(|kind| kind == *k) {
            *on = false;
        }
    }
    if kind.is_none_or(|kind| kind == DIGEST) {
        choices.digest = false;
    }
    let mut tx = db.begin().await?;
    stored::save_settings(&mut tx, user_id, &choices.json(), choices.digest, &settings.unsubscribe_token).await?;
    tx.commit().await.db()
}

/// Whether the token of an unsubscribe link is known.
pub async fn unsubscribe_link_works(db: &Db, token: &str) -> Result<bool> {
    Ok(stored::by_unsubscribe_token(db, token).await?.is_some())
}

/// Where a notification's mail leads (the web layer routes these paths).
pub fn about_path(n: &PendingNotification) -> String {
    match (n.kind.as_str(), n.idea_id, n.phase_id) {
        ("vote_reminder", _, Some(phase)) => format!("/phases/{phase}/ballot"),
        ("vote_results", _, Some(phase)) => format!("/phases/{phase}/results"),
        (_, Some(idea), _) => format!("/ideas/{idea}"),
        _ => "/notifications".to_owned(),
    }
}

/// The kind an unsubscribe link names for the weekly digests.
pub const DIGEST: &str = "digest";

/// The token of a person's one-click unsubscribe links, made with their settings row
/// (the defaults) the first time a mail needs it.
pub(crate) async fn unsubscribe_token(tx: &mut Tx, user_id: Id, known: Option<&str>) -> Result<String> {
    if let Some(token) = known {
        return Ok(token.to_owned());
    }
    let defaults = Choices::of(None);
    stored::unsubscribe_token(tx, user_id, &defaults.json(), defaults.digest, &new_token()).await
}

/// How many notifications one sweep considers at most.
const SWEEP: i64 = 200;

/// Turns the notifications not yet considered into mails for whoever wants them, each
/// once, in one transaction per batch; how many mails were queued.
pub async fn sweep(db: &Db, mailer: &Mailer, now: Micros) -> Result<usize> {
    let mut queued = 0;
    loop {
        let mut tx = db.begin().await?;
        let pending = stored::pending_notifications(&mut tx, SWEEP).await?;
        if pending.is_empty() {
            tx.rollback().await.db()?;
            return Ok(queued);
        }
        for n in &pending {
            queued += usize::from(mail_one(&mut tx, mailer.site(), n, now).await?);
        }
        let ids: Vec<Id> = pending.iter().map(|n| n.id).collect();
        stored::notifications_considered(&mut tx, &ids).await?;
        tx.commit().await.db()?;
    }
}

async fn mail_one(tx: &mut Tx, site: &Site, n: &PendingNotification, now: Micros) -> Result<bool> {
    let Some(email) = &n.email else { return Ok(false) };
    if !Choices::of(n.settings.as_ref()).wants(&n.kind) {
        return Ok(false);
    }
    let token =
        unsubscribe_token(tx, n.recipient_id, n.settings.as_ref().map(|s| s.unsubscribe_token.as_str())).await?;
    let locale = n.locale.clone().unwrap_or_else(|| "en".to_owned());
    let title = |json: &Option<String>| json.as_deref().map(|t| Multiloc::from_json(t).text(&locale).to_owned());
    let args: Vec<(&str, Value)> = vec![
        ("idea", title(&n.idea_title).unwrap_or_default().into()),
        ("status", title(&n.status_title).unwrap_or_default().into()),
        ("phase", title(&n.phase_title).unwrap_or_default().into()),
        ("actor", n.actor_name.clone().unwrap_or_default().into()),
    ];
    let what = agora_i18n::t_args(&locale, &format!("notification-{}", n.kind), &args);
    let site_arg = || -> (&str, Value) { ("site", site.name.clone().into()) };
    let letter = Letter {
        kind: n.kind.clone(),
        subject: what.clone(),
        body: agora_i18n::t_args(
            &locale,
            "mail-notification-body",
            &[("name", n.name.clone().into()), ("what", what.into())],
        ),
        items: Vec::new(),
        action: agora_i18n::t_args(&locale, "mail-notification-action", &[site_arg()]),
        action_url: site.link(&locale, &about_path(n)),
        footer: agora_i18n::t_args(&locale, "mail-footer", &[site_arg()]),
        unsubscribe_url: Some(format!("{}?token={token}&kind={}", site.link(&locale, UNSUBSCRIBE_PATH), n.kind)),
        settings_url: Some(site.link(&locale, SETTINGS_PATH)),
        locale,
    };
    mail::queue(tx, site, Some(n.recipient_id), email, &letter, now).await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_concerns_you_is_mailed_unless_you_say_otherwise() {
        let defaults = Choices::of(None);
        assert!(defaults.wants("comment_on_your_idea") && defaults.wants("comment_reply"));
        assert!(defaults.wants("status_changed") && defaults.wants("vote_reminder"));
        assert!(!defaults.wants("comment_on_followed_idea"));
        assert!(defaults.digest);
        let settings = Settings {
            choices: r#"{"comment_reply": false, "comment_on_followed_idea": true}"#.into(),
            digest: false,
            unsubscribe_token: "t".into(),
        };
        let chosen = Choices::of(Some(&settings));
        assert!(!chosen.wants("comment_reply") && chosen.wants("comment_on_followed_idea"));
        assert!(chosen.wants("status_changed"), "a kind not chosen keeps its default");
        assert!(!chosen.digest);
        assert!(!chosen.wants("no_such_kind"));
    }
}

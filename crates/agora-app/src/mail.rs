//! Mail: letters written in the recipient's language and stored in the transaction that
//! causes them (`queue`), sent later by the outbox worker through SMTP, or written as
//! `.eml` files when no SMTP server is configured. A sent mail's bodies are emptied.

use std::path::Path;
use std::time::Duration;

use agora_core::permissions::{Actor, admin};
use agora_core::{Error, Id, Micros};
use agora_db::mail::{self as stored, NewMail};
use agora_db::{Db, Result, Tx};
use agora_i18n::Value;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::outbox::{self, Job};

pub use agora_db::mail::MailRow;

/// How many mails staff see at once.
pub const PAGE: i64 = 50;

/// A page of the outgoing mails, newest first.
pub struct Page {
    pub items: Vec<MailRow>,
    /// The `before` of the next page; none on the last.
    pub next: Option<Id>,
}

/// The outgoing mails older than `before`, for administrators; `unsent` keeps those
/// still waiting, retrying or given up.
pub async fn page(db: &Db, actor: Option<&Actor>, before: Option<Id>, unsent: bool) -> Result<Page> {
    admin(actor)?;
    let mut items = stored::list(db, before, unsent, PAGE + 1).await?;
    let next = if items.len() as i64 > PAGE {
        items.truncate(PAGE as usize);
        items.last().map(|m| m.id)
    } else {
        None
    };
    Ok(Page { items, next })
}

/// A mail's state in one word: `sent`, `failed` (given up), `retrying`, `waiting`.
pub fn state(mail: &MailRow) -> &'static str {
    match (mail.sent_at, mail.given_up, &mail.last_error) {
        (Some(_), _, _) => "sent",
        (None, true, _) => "failed",
        (None, false, Some(_)) => "retrying",
        (None, false, None) => "waiting",
    }
}

/// The kinds of mail, as stored; each has a subject, a text and a button in every
/// language (`mail-KIND-subject`, `mail-KIND-body`, `mail-KIND-action`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The link that confirms the address given at sign-up.
    ConfirmEmail,
    /// The link that sets a new password.
    ResetPassword,
    /// The link that confirms a new address.
    ChangeEmail,
    /// The link to the archive of everything Agora holds about the person.
    DataExport,
    /// Staff invite someone: the link sets their password.
    Invitation,
}

impl Kind {
    pub const ALL: &[Kind] =
        &[Kind::ConfirmEmail, Kind::ResetPassword, Kind::ChangeEmail, Kind::DataExport, Kind::Invitation];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::ConfirmEmail => "confirm_email",
            Kind::ResetPassword => "reset_password",
            Kind::ChangeEmail => "change_email",
            Kind::DataExport => "data_export",
            Kind::Invitation => "invitation",
        }
    }

    fn message(self, part: &str) -> String {
        format!("mail-{}-{part}", self.as_str().replace('_', "-"))
    }
}

/// Who sends the mail, and where its links lead.
#[derive(Debug, Clone)]
pub struct Site {
    /// The city's (or platform's) name, in every mail.
    pub name: String,
    /// The public address of the site, without a trailing slash.
    pub base_url: String,
}

impl Site {
    /// The absolute address of `path` in `locale`.
    pub fn link(&self, locale: &str, path: &str) -> String {
        format!("{}{}{path}", self.base_url.trim_end_matches('/'), agora_core::url_prefix(locale))
    }
}

/// A letter before it is stored: what it says, in the recipient's language.
#[derive(Debug, Clone)]
pub struct Letter {
    /// The kind of mail, as stored and shown to staff.
    pub kind: String,
    pub locale: String,
    pub subject: String,
    /// Paragraphs, separated by a blank line.
    pub body: String,
    /// A list after the body: each line's words, and where it leads.
    pub items: Vec<(String, String)>,
    /// The button's words, and where it leads.
    pub action: String,
    pub action_url: String,
    /// Why the recipient gets it.
    pub footer: String,
    /// Where to stop mails of this kind, in one click (none for account mails).
    pub unsubscribe_url: Option<String>,
    /// Where to choose which mails to get.
    pub settings_url: Option<String>,
}

impl Letter {
    /// A mail about the account itself (`kind`'s words with `args`; `site` and `name`
    /// always given).
    pub fn account(kind: Kind, site: &Site, locale: &str, name: &str, args: &[(&str, String)], url: String) -> Letter {
        let mut all: Vec<(&str, Value)> = vec![("site", site.name.clone().into()), ("name", name.to_owned().into())];
        all.extend(args.iter().map(|(k, v)| (*k, v.clone().into())));
        let t = |part: &str| agora_i18n::t_args(locale, &kind.message(part), &all);
        Letter {
            kind: kind.as_str().to_owned(),
            locale: locale.to_owned(),
            subject: t("subject"),
            body: t("body"),
            items: Vec::new(),
            action: t("action"),
            action_url: url,
            footer: agora_i18n::t_args(locale, "mail-footer-account", &[("site", site.name.clone().into())]),
            unsubscribe_url: None,
            settings_url: None,
        }
    }

    /// Subject, plain text and HTML.
    pub fn render(&self, site: &Site) -> (String, String, String) {
        // A header is one line, whatever a title holds.
        let subject: String = self.subject.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        let t = |id: &str| agora_i18n::t(&self.locale, id);
        let mut links = String::new();
        let mut html_links = String::new();
        for (label, url) in [("mail-stop-these", &self.unsubscribe_url), ("mail-settings", &self.settings_url)] {
            if let Some(url) = url {
                links.push_str(&format!("\n{}: {url}", t(label)));
                html_links.push_str(&format!(" <a href=\"{}\">{}</a>", escape(url), escape(&t(label))));
            }
        }
        let list: String = self.items.iter().map(|(words, url)| format!("\n\n- {words}\n  {url}")).collect();
        let text =
            format!("{}{list}\n\n{}:\n{}\n\n-- \n{}{links}\n", self.body, self.action, self.action_url, self.footer);
        let mut paragraphs: String = self.body.split("\n\n").map(|p| format!("<p>{}</p>\n", escape(p))).collect();
        if !self.items.is_empty() {
            paragraphs.push_str("<ul>\n");
            for (words, url) in &self.items {
                paragraphs.push_str(&format!("<li><a href=\"{}\">{}</a></li>\n", escape(url), escape(words)));
            }
            paragraphs.push_str("</ul>\n");
        }
        let html = format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\n\
             <body style=\"font-family: sans-serif; line-height: 1.5; color: #1a1a1a; max-width: 36em\">\n\
             <p style=\"font-weight: bold; font-size: 1.2em\">{site}</p>\n{paragraphs}\
             <p><a href=\"{url}\" style=\"display: inline-block; padding: .6em 1.2em; background: #0b4f8a; \
             color: #fff; text-decoration: none; border-radius: 4px\">{action}</a></p>\n\
             <p style=\"font-size: .9em\">{url}</p>\n\
             <hr><p style=\"font-size: .85em; color: #555\">{footer}{html_links}</p>\n</body></html>\n",
            lang = escape(&self.locale),
            title = escape(&subject),
            site = escape(&site.name),
            url = escape(&self.action_url),
            action = escape(&self.action),
            footer = escape(&self.footer),
        );
        (subject, text, html)
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Stores the letter to `to_address` and leaves its sending to the outbox: it goes only
/// if `tx` commits.
pub async fn queue(
    tx: &mut Tx,
    site: &Site,
    user_id: Option<Id>,
    to_address: &str,
    letter: &Letter,
    now: Micros,
) -> Result<Id> {
    let (subject, text_body, html_body) = letter.render(site);
    let mail = NewMail {
        user_id,
        kind: letter.kind.clone(),
        to_address: to_address.to_owned(),
        subject,
        text_body,
        html_body,
        unsubscribe_url: letter.unsubscribe_url.clone(),
    };
    let id = stored::insert(tx, &mail, now).await?;
    let job = outbox::enqueue(tx, &Job::SendMail { mail_id: id }, now).await?;
    stored::set_job(tx, id, job).await?;
    Ok(id)
}

/// How mail leaves: an SMTP server, or `.eml` files in a folder.
#[derive(Clone)]
enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>),
}

/// Sends stored mail.
#[derive(Clone)]
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    site: Site,
}

/// An SMTP conversation that takes longer is given up (and retried): well within the
/// lease each job gets when its turn comes (`outbox::run_claimed`).
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

impl Mailer {
    /// Through the SMTP server at `url` (`smtp://host:port`, `smtp://host?tls=starttls`,
    /// `smtps://user:password@host:465`), else into `folder` as `.eml` files.
    pub fn new(url: Option<&str>, from: &str, folder: &Path, site: Site) -> std::result::Result<Mailer, String> {
        let from: Mailbox = from.parse().map_err(|e| format!("AGORA_MAIL_FROM {from:?}: {e}"))?;
        let transport = match url.map(str::trim).filter(|u| !u.is_empty()) {
            Some(url) => Transport::Smtp(smtp(url)?),
            None => {
                std::fs::create_dir_all(folder).map_err(|e| format!("cannot make {}: {e}", folder.display()))?;
                let shown = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_owned());
                tracing::info!(folder = %shown.display(), "no AGORA_SMTP_URL: mails are written as .eml files");
                Transport::Files(AsyncFileTransport::new(folder))
            }
        };
        Ok(Mailer { transport, from, site })
    }

    /// Who mails come from, and where their links lead.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// Sends the mail; the error in words for staff.
    async fn send(&self, id: Id, mail: &NewMail) -> std::result::Result<(), String> {
        let message = self.message(id, mail)?;
        match &self.transport {
            Transport::Smtp(smtp) => smtp.send(message).await.map(drop).map_err(|e| e.to_string()),
            Transport::Files(files) => files.send(message).await.map(drop).map_err(|e| e.to_string()),
        }
    }

    fn message(&self, id: Id, mail: &NewMail) -> std::result::Result<Message, String> {
        let to: Mailbox = mail.to_address.parse().map_err(|e| format!("address {:?}: {e}", mail.to_address))?;
        let host = self.from.email.domain().to_owned();
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.clone())
            .message_id(Some(format!("<mail-{id}@{host}>")));
        if let Some(url) = &mail.unsubscribe_url {
            builder = builder
                .raw_header(raw_header("List-Unsubscribe", &format!("<{url}>"))?)
                .raw_header(raw_header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")?);
        }
        let body = MultiPart::alternative()
            .singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(mail.text_body.clone()))
            .singlepart(SinglePart::builder().header(ContentType::TEXT_HTML).body(mail.html_body.clone()));
        builder.multipart(body).map_err(|e| e.to_string())
    }
}

fn raw_header(name: &'static str, value: &str) -> std::result::Result<HeaderValue, String> {
    if value.chars().any(char::is_control) {
        return Err(format!("{name} holds a control character"));
    }
    Ok(HeaderValue::new(HeaderName::new_from_ascii_str(name), value.to_owned()))
}

fn smtp(url: &str) -> std::result::Result<AsyncSmtpTransport<Tokio1Executor>, String> {
    // `tls=starttls` is our name for what lettre calls `tls=required`: upgrade, or fail.
    let url = url.replace("tls=starttls", "tls=required");
    let builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(&url).map_err(|e| format!("AGORA_SMTP_URL: {e}"))?;
    Ok(builder.timeout(Some(SMTP_TIMEOUT)).build())
}

/// The outbox's part: sends mail `id` unless it went already; a failure is recorded on
/// the mail for staff and returned, so the job runs again later.
pub(crate) async fn send(db: &Db, mailer: &Mailer, id: Id) -> Result<bool> {
    let Some(outgoing) = stored::unsent(db, id).await? else { return Ok(false) };
    match mailer.send(id, &outgoing).await {
        Ok(()) => Ok(true),
        Err(error) => {
            stored::failed(db, id, &error).await?;
            Err(Error::internal(format!("mail {id} to {}: {error}", outgoing.to_address)))
        }
    }
}

/// Marks the mail sent, in the job's closing transaction.
pub(crate) async fn sent(tx: &mut Tx, id: Id, now: Micros) -> Result<()> {
    stored::sent(tx, id, now).await
}

/// Staff start a mail whose sending gave up again.
pub async fn retry(db: &Db, actor: Option<&Actor>, id: Id, now: Micros) -> Result<()> {
    admin(actor)?;
    let mail = stored::by_id(db, id).await?.ok_or_else(Error::not_found)?;
    match mail.job_id {
        Some(job) if mail.sent_at.is_none() && mail.given_up => outbox::retry(db, actor, job, now).await,
        _ => Err(Error::not_found()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site {
        Site { name: "Gent <Participeert>".into(), base_url: "https://participate.gent.be/".into() }
    }

    /// Every kind of mail reads well in every language: its words exist, its arguments
    /// are filled in, and the site's name is text, never markup.
    #[test]
    fn every_kind_of_mail_is_written_in_every_language() {
        for locale in agora_core::LOCALES {
            for kind in Kind::ALL {
                for part in ["subject", "body", "action"] {
                    assert!(agora_i18n::has(locale, &kind.message(part)), "{locale}: {}", kind.message(part));
                }
                let args =
                    [("hours", "1".to_owned()), ("email", "amira@example.org".to_owned()), ("days", "7".to_owned())];
                let url = site().link(locale, "/confirm-email?token=abc");
                let letter = Letter::account(*kind, &site(), locale, "Amira", &args, url);
                let (subject, text, html) = letter.render(&site());
                assert!(subject.contains("Gent <Participeert>"), "{locale}: {subject}");
                assert!(text.contains("Amira") && text.contains("https://participate.gent.be/"), "{locale}: {text}");
                assert!(html.contains("Gent &lt;Participeert&gt;") && !html.contains("<Participeert>"), "{html}");
                assert!(!text.contains('{') && !html.contains("{ $"), "{locale}: an argument left unfilled: {text}");
                assert!(!text.contains("hour(s)"), "{locale}: {text}");
            }
        }
    }

    #[test]
    fn links_carry_the_language_and_no_double_slash() {
        assert_eq!(
            site().link("nl", "/reset-password?token=x"),
            "https://participate.gent.be/nl/reset-password?token=x"
        );
    }
}

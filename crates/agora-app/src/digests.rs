//! The weekly digests, at the day and hour the city set (`AGORA_DIGEST_AT`, UTC): for
//! residents, the trending ideas with their newest comment, new projects and phases
//! that opened; for staff, the ideas waiting for an answer and the ballots received.
//! Each is sent only when there is something to say, to people with a confirmed
//! address who did not turn digests off.

use agora_core::{MICROS_PER_DAY, MICROS_PER_HOUR, Micros, markdown};
use agora_db::digests::{self, News, Reader};
use agora_db::{Db, DbResult, Result};
use agora_i18n::Value;

use crate::mail::{self, Letter, Mailer, Site};
use crate::mail_settings::{self, DIGEST};

const WEEK: Micros = 7 * MICROS_PER_DAY;
/// Trending ideas a digest shows at most.
const IDEAS: i64 = 5;
/// Readers mailed per transaction.
const BATCH: i64 = 500;

/// When in the week digests go: a weekday and a time of day, in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    /// From the start of the week (Monday 00:00).
    offset: Micros,
}

impl Schedule {
    /// `mon 08:00`, `friday 17:30`, ...
    pub fn parse(text: &str) -> std::result::Result<Schedule, String> {
        let (day, time) = text.trim().split_once(' ').ok_or(format!("expected `mon 08:00`, got {text:?}"))?;
        let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        let day = day.trim().to_lowercase();
        let weekday = days.iter().position(|d| day.starts_with(d)).ok_or(format!("unknown day {day:?}"))?;
        let (hour, minute) = time.trim().split_once(':').ok_or(format!("expected HH:MM, got {time:?}"))?;
        let hour: i64 = hour.parse().ok().filter(|h| (0..24).contains(h)).ok_or(format!("bad hour in {time:?}"))?;
        let minute: i64 =
            minute.parse().ok().filter(|m| (0..60).contains(m)).ok_or(format!("bad minute in {time:?}"))?;
        Ok(Schedule { offset: weekday as i64 * MICROS_PER_DAY + hour * MICROS_PER_HOUR + minute * 60_000_000 })
    }

    /// The digest a moment belongs to: it changes each week at the scheduled time.
    pub fn slot(&self, now: Micros) -> i64 {
        // 1970-01-01 was a Thursday: the week of the epoch began three days before.
        (now + 3 * MICROS_PER_DAY - self.offset).div_euclid(WEEK)
    }

    /// The week's digest, in the hours after the scheduled time (the first app server to
    /// claim it sends it); none the rest of the week, so that a server started on a
    /// Wednesday does not mail everyone then.
    pub fn due(&self, now: Micros) -> Option<i64> {
        let into_week = (now + 3 * MICROS_PER_DAY - self.offset).rem_euclid(WEEK);
        (into_week < SENDING_WINDOW).then(|| self.slot(now))
    }
}

/// How long after the scheduled time the digests may still go (longer than the worker's
/// longest pause between two looks, 15 minutes by default).
const SENDING_WINDOW: Micros = 2 * MICROS_PER_HOUR;

/// Sends this week's digests; how many mails were queued.
pub async fn send(db: &Db, mailer: &Mailer, now: Micros) -> Result<usize> {
    let since = now - WEEK;
    let news = digests::news(db, since, now, IDEAS).await?;
    let site = mailer.site();
    let mut queued = 0;
    let mut after = 0;
    loop {
        let readers = digests::readers(db, after, BATCH).await?;
        let Some(last) = readers.last() else { return Ok(queued) };
        after = last.id;
        let mut tx = db.begin().await?;
        for reader in &readers {
            let token =
                mail_settings::unsubscribe_token(&mut tx, reader.id, reader.unsubscribe_token.as_deref()).await?;
            let locale = reader.locale.clone().unwrap_or_else(|| "en".to_owned());
            let unsubscribe =
                format!("{}?token={token}&kind={DIGEST}", site.link(&locale, mail_settings::UNSUBSCRIBE_PATH));
            let mut letters = Vec::new();
            if !news.ideas.is_empty() || !news.projects.is_empty() || !news.phases.is_empty() {
                letters.push(residents_letter(site, reader, &locale, &news));
            }
            if reader.is_admin || reader.is_moderator {
                let projects = digests::staff_news(db, reader.id, reader.is_admin, since).await?;
                if !projects.is_empty() {
                    letters.push(staff_letter(site, reader, &locale, &projects));
                }
            }
            for mut letter in letters {
                letter.unsubscribe_url = Some(unsubscribe.clone());
                mail::queue(&mut tx, site, Some(reader.id), &reader.email, &letter, now).await?;
                queued += 1;
            }
        }
        tx.commit().await.db()?;
    }
}

fn letter(site: &Site, reader: &Reader, locale: &str, kind: &str, items: Vec<(String, String)>) -> Letter {
    let site_arg = || -> (&str, Value) { ("site", site.name.clone().into()) };
    let t = |id: &str| {
        agora_i18n::t_args(locale, &format!("mail-{kind}-{id}"), &[site_arg(), ("name", reader.name.clone().into())])
    };
    Letter {
        kind: kind.replace('-', "_"),
        locale: locale.to_owned(),
        subject: t("subject"),
        body: t("body"),
        items,
        action: t("action"),
        action_url: site.link(locale, if kind == "staff-digest" { "/admin" } else { "/" }),
        footer: agora_i18n::t_args(locale, "mail-footer", &[site_arg()]),
        unsubscribe_url: None,
        settings_url: Some(site.link(locale, mail_settings::SETTINGS_PATH)),
    }
}

fn residents_letter(site: &Site, reader: &Reader, locale: &str, news: &News) -> Letter {
    let t = |id: &str, args: &[(&str, Value)]| agora_i18n::t_args(locale, id, args);
    let mut items = Vec::new();
    for idea in &news.ideas {
        let title = idea.title.text(locale).to_owned();
        let mut words = t(
            "digest-idea",
            &[("idea", title.into()), ("likes", idea.likes.into()), ("comments", idea.comments.into())],
        );
        if let Some((who, body)) = &idea.newest_comment {
            let said = markdown::excerpt(body.text(locale), 140);
            let who = who.clone().unwrap_or_else(|| agora_i18n::t(locale, "former-participant"));
            words.push_str(&format!(" {}", t("digest-newest-comment", &[("who", who.into()), ("said", said.into())])));
        }
        items.push((words, site.link(locale, &format!("/ideas/{}", idea.id))));
    }
    for (slug, title) in &news.projects {
        let words = t("digest-new-project", &[("project", title.text(locale).to_owned().into())]);
        items.push((words, site.link(locale, &format!("/projects/{slug}"))));
    }
    for (slug, project, phase) in &news.phases {
        let args =
            [("project", project.text(locale).to_owned().into()), ("phase", phase.text(locale).to_owned().into())];
        items.push((t("digest-phase-opened", &args), site.link(locale, &format!("/projects/{slug}"))));
    }
    letter(site, reader, locale, "digest", items)
}

fn staff_letter(site: &Site, reader: &Reader, locale: &str, projects: &[(agora_core::Multiloc, i64, i64)]) -> Letter {
    let items = projects
        .iter()
        .map(|(title, waiting, ballots)| {
            let args = [
                ("project", title.text(locale).to_owned().into()),
                ("waiting", (*waiting).into()),
                ("ballots", (*ballots).into()),
            ];
            (agora_i18n::t_args(locale, "digest-staff-project", &args), site.link(locale, "/admin"))
        })
        .collect();
    letter(site, reader, locale, "staff-digest", items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_week_turns_at_the_scheduled_time() {
        let monday_8 = Schedule::parse("mon 08:00").unwrap_or_else(|e| panic!("{e}"));
        // 2026-11-30 was a Monday.
        let monday = 1_795_996_800 * 1_000_000;
        let slot = monday_8.slot(monday + 8 * MICROS_PER_HOUR);
        assert_eq!(monday_8.slot(monday + 8 * MICROS_PER_HOUR - 1), slot - 1, "a moment before: last week's");
        assert_eq!(monday_8.slot(monday + 8 * MICROS_PER_HOUR + WEEK - 1), slot, "all week long: this one");
        assert_eq!(monday_8.slot(monday + 8 * MICROS_PER_HOUR + WEEK), slot + 1);
        let at = monday + 8 * MICROS_PER_HOUR;
        assert_eq!(monday_8.due(at), Some(slot));
        assert_eq!(monday_8.due(at + SENDING_WINDOW - 1), Some(slot));
        assert_eq!(monday_8.due(at + SENDING_WINDOW), None, "not later in the week");
        assert_eq!(monday_8.due(at - 1), None);
        assert_eq!(monday_8.due(at + 2 * MICROS_PER_DAY), None, "a server started on Wednesday sends nothing");
        let friday = Schedule::parse("Friday 17:30").unwrap_or_else(|e| panic!("{e}"));
        let turn = monday + 4 * MICROS_PER_DAY + 17 * MICROS_PER_HOUR + 30 * 60_000_000;
        assert_eq!(friday.slot(turn), friday.slot(turn - 1) + 1);
        for bad in ["", "mon", "mon 25:00", "someday 08:00", "mon 8"] {
            assert!(Schedule::parse(bad).is_err(), "{bad}");
        }
    }
}

//! The ballot log of a voting phase: each submission, change and withdrawal is an entry
//! holding the hash of the one before, so that changing or removing any entry changes
//! every hash after it. The results publish the last hash (the head); anyone with the
//! exported log re-checks the chain up to it (`agora pb verify`). Entries name a ballot
//! by its code, never by its person.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::voting::Votes;
use crate::{Id, Micros};

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    Submitted,
    Changed,
    Withdrawn,
}

impl Event {
    pub fn as_str(self) -> &'static str {
        match self {
            Event::Submitted => "submitted",
            Event::Changed => "changed",
            Event::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(name: &str) -> Option<Event> {
        [Event::Submitted, Event::Changed, Event::Withdrawn].into_iter().find(|e| e.as_str() == name)
    }
}

/// One entry, as stored and exported.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub ballot_code: String,
    pub event: Event,
    pub at: Micros,
    /// The hash of the ballot's votes after the event ([`content_hash`]).
    pub content_hash: String,
    pub previous_hash: String,
    pub hash: String,
}

fn hex_sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Where a phase's chain starts: it names the phase, so entries cannot be moved from
/// one phase's log to another's.
pub fn genesis(phase_id: Id) -> String {
    hex_sha256(&format!("agora ballot log of phase {phase_id}"))
}

/// The hash of a ballot's votes: `idea:votes` pairs in order of idea, one per line
/// (empty for a withdrawn ballot).
pub fn content_hash(votes: &Votes) -> String {
    let text: String = votes.iter().map(|(idea, n)| format!("{idea}:{n}\n")).collect();
    hex_sha256(&text)
}

/// The hash of an entry, from the previous hash and the entry's fields.
pub fn entry_hash(previous_hash: &str, ballot_code: &str, event: Event, at: Micros, content_hash: &str) -> String {
    hex_sha256(&format!("{previous_hash}\n{ballot_code}\n{}\n{at}\n{content_hash}", event.as_str()))
}

/// The entry that follows `previous_hash`.
pub fn next(previous_hash: &str, ballot_code: &str, event: Event, at: Micros, votes: &Votes) -> Entry {
    let content_hash = content_hash(votes);
    Entry {
        hash: entry_hash(previous_hash, ballot_code, event, at, &content_hash),
        ballot_code: ballot_code.to_owned(),
        event,
        at,
        content_hash,
        previous_hash: previous_hash.to_owned(),
    }
}

/// Re-checks a phase's log from its start: returns the head, or the position (from 0)
/// of the first entry that does not follow from the one before.
pub fn verify(phase_id: Id, entries: &[Entry]) -> Result<String, usize> {
    let mut head = genesis(phase_id);
    for (position, entry) in entries.iter().enumerate() {
        let expected = entry_hash(&head, &entry.ballot_code, entry.event, entry.at, &entry.content_hash);
        if entry.previous_hash != head || entry.hash != expected {
            return Err(position);
        }
        head = expected;
    }
    Ok(head)
}

/// A phase's log as published: anyone re-checks it with `agora pb verify`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Export {
    pub phase_id: Id,
    /// The head the results published.
    pub head: String,
    pub entries: Vec<Entry>,
}

impl Export {
    /// Re-checks the chain and that it ends at the published head.
    pub fn verify(&self) -> Result<usize, String> {
        let head = verify(self.phase_id, &self.entries)
            .map_err(|at| format!("entry {} does not follow from the one before it", at + 1))?;
        if head != self.head {
            return Err(format!("the chain ends at {head}, not at the published head {}", self.head));
        }
        Ok(self.entries.len())
    }

    /// Checks the counted ballots against the log: each is what its code's last entry
    /// says, and every code whose last entry is not a withdrawal is counted. Returns
    /// how many ballots were checked.
    pub fn check_ballots(&self, ballots: &[(String, Votes)]) -> Result<usize, String> {
        let mut last: std::collections::BTreeMap<&str, &Entry> = std::collections::BTreeMap::new();
        for entry in &self.entries {
            last.insert(&entry.ballot_code, entry);
        }
        for (code, votes) in ballots {
            let entry = last.get(code.as_str()).ok_or_else(|| format!("ballot {code} is not in the log"))?;
            if entry.event == Event::Withdrawn {
                return Err(format!("ballot {code} was withdrawn, yet counted"));
            }
            if entry.content_hash != content_hash(votes) {
                return Err(format!("ballot {code} is not the one the log recorded"));
            }
        }
        let counted: std::collections::BTreeSet<&str> = ballots.iter().map(|(code, _)| code.as_str()).collect();
        if let Some((code, _)) = last.iter().find(|(code, e)| e.event != Event::Withdrawn && !counted.contains(**code))
        {
            return Err(format!("ballot {code} was submitted but is missing from the count"));
        }
        Ok(ballots.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_or_missing_entry_breaks_the_chain() {
        let a = next(&genesis(4), "K7Q2", Event::Submitted, 10, &Votes::from([(1, 1), (2, 1)]));
        let b = next(&a.hash, "M3ZX", Event::Submitted, 11, &Votes::from([(2, 1)]));
        let c = next(&b.hash, "K7Q2", Event::Changed, 12, &Votes::from([(3, 1)]));
        let log = vec![a.clone(), b.clone(), c.clone()];
        assert_eq!(verify(4, &log), Ok(c.hash.clone()));
        assert_eq!(verify(5, &log), Err(0), "another phase's log");
        assert_eq!(verify(4, &[a.clone(), c.clone()]), Err(1), "an entry removed");
        let mut forged = b.clone();
        forged.content_hash = content_hash(&Votes::from([(1, 1)]));
        assert_eq!(verify(4, &[a.clone(), forged, c.clone()]), Err(1), "votes changed");
        let mut rehashed = b.clone();
        rehashed.at = 99;
        rehashed.hash = entry_hash(&a.hash, "M3ZX", Event::Submitted, 99, &b.content_hash);
        assert_eq!(verify(4, &[a, rehashed, c]), Err(2), "a re-hashed entry breaks the next one");
        assert_ne!(content_hash(&Votes::from([(1, 2)])), content_hash(&Votes::from([(12, 1)])));
    }

    #[test]
    fn counted_ballots_are_checked_against_the_log() {
        let a = next(&genesis(4), "A", Event::Submitted, 1, &Votes::from([(1, 1)]));
        let b = next(&a.hash, "B", Event::Submitted, 2, &Votes::from([(2, 1)]));
        let c = next(&b.hash, "B", Event::Withdrawn, 3, &Votes::new());
        let export = Export { phase_id: 4, head: c.hash.clone(), entries: vec![a, b, c] };
        assert_eq!(export.verify(), Ok(3));
        let counted = vec![("A".to_owned(), Votes::from([(1, 1)]))];
        assert_eq!(export.check_ballots(&counted), Ok(1));
        let changed = vec![("A".to_owned(), Votes::from([(2, 1)]))];
        assert!(export.check_ballots(&changed).unwrap_err().contains("not the one the log recorded"));
        assert!(export.check_ballots(&[]).unwrap_err().contains("missing from the count"));
        let withdrawn = vec![counted[0].clone(), ("B".to_owned(), Votes::from([(2, 1)]))];
        assert!(export.check_ballots(&withdrawn).unwrap_err().contains("withdrawn"));
        let wrong_head = Export { head: "0".repeat(64), ..export };
        assert!(wrong_head.verify().unwrap_err().contains("published head"));
    }
}

//! Reading conversations exported by Pol.is (`comments.csv`, `votes.csv`,
//! `participants-votes.csv`). The caller opens the files; this module only parses text,
//! finding columns by their header name so that older and newer exports both read.

use std::collections::BTreeMap;
use std::io::Read;

use super::{Choice, Conversation, Statement, Vote};
use crate::Id;

/// A malformed export: the line (1-based, where the record starts) and what is wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct CsvError {
    pub line: u64,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    pub id: Id,
    /// −1 rejected by the moderator, 0 not moderated, 1 accepted.
    pub moderated: i64,
    pub text: String,
}

/// `participants-votes.csv`: the votes it holds and the group Pol.is put each participant
/// in (`None` when Pol.is did not cluster them).
#[derive(Debug, Clone, Default)]
pub struct ParticipantsVotes {
    pub votes: Vec<Vote>,
    pub groups: BTreeMap<Id, Option<i64>>,
}

struct Table<R: Read> {
    reader: csv::Reader<R>,
    headers: Vec<String>,
}

impl<R: Read> Table<R> {
    fn new(input: R) -> Result<Self, CsvError> {
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
        let headers = reader
            .headers()
            .map_err(|e| CsvError { line: 1, message: e.to_string() })?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        Ok(Table { reader, headers })
    }

    fn column(&self, name: &str) -> Result<usize, CsvError> {
        self.headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| CsvError { line: 1, message: format!("no column named \"{name}\"") })
    }

    /// Each record with its line number.
    fn records(&mut self) -> impl Iterator<Item = Result<(u64, csv::StringRecord), CsvError>> + '_ {
        self.reader.records().map(|r| {
            r.map(|rec| (rec.position().map_or(0, |p| p.line()), rec))
                .map_err(|e| CsvError { line: e.position().map_or(0, |p| p.line()), message: e.to_string() })
        })
    }
}

fn field<'a>(rec: &'a csv::StringRecord, line: u64, col: usize, name: &str) -> Result<&'a str, CsvError> {
    rec.get(col).map(str::trim).ok_or_else(|| CsvError { line, message: format!("missing field \"{name}\"") })
}

fn integer(rec: &csv::StringRecord, line: u64, col: usize, name: &str) -> Result<i64, CsvError> {
    let text = field(rec, line, col, name)?;
    text.parse().map_err(|_| CsvError { line, message: format!("\"{name}\" is not an integer: \"{text}\"") })
}

fn choice(value: i64, line: u64) -> Result<Choice, CsvError> {
    Choice::from_value(value).ok_or_else(|| CsvError { line, message: format!("vote must be 1, -1 or 0, not {value}") })
}

/// `comments.csv`: comment-id, moderated, comment-body (other columns ignored).
pub fn read_comments(input: impl Read) -> Result<Vec<Comment>, CsvError> {
    let mut table = Table::new(input)?;
    let (id, moderated, body) =
        (table.column("comment-id")?, table.column("moderated")?, table.column("comment-body")?);
    let mut comments = Vec::new();
    for record in table.records() {
        let (line, rec) = record?;
        comments.push(Comment {
            id: integer(&rec, line, id, "comment-id")?,
            moderated: integer(&rec, line, moderated, "moderated")?,
            text: field(&rec, line, body, "comment-body")?.to_string(),
        });
    }
    Ok(comments)
}

/// `votes.csv`: timestamp, comment-id, voter-id, vote. Re-votes are kept; the analysis
/// counts the latest (by timestamp, then by position in the file).
pub fn read_votes(input: impl Read) -> Result<Vec<Vote>, CsvError> {
    let mut table = Table::new(input)?;
    let (time, comment, voter, vote) =
        (table.column("timestamp")?, table.column("comment-id")?, table.column("voter-id")?, table.column("vote")?);
    let mut votes = Vec::new();
    for record in table.records() {
        let (line, rec) = record?;
        votes.push(Vote {
            participant: integer(&rec, line, voter, "voter-id")?,
            statement: integer(&rec, line, comment, "comment-id")?,
            choice: choice(integer(&rec, line, vote, "vote")?, line)?,
            order: integer(&rec, line, time, "timestamp")?,
        });
    }
    Ok(votes)
}

/// Columns of `participants-votes.csv` that are not comment ids.
const PARTICIPANT_COLUMNS: [&str; 7] =
    ["participant", "xid", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"];

/// `participants-votes.csv`: one row per participant, one column per comment id (1, −1,
/// 0, or blank when not seen), plus the group Pol.is assigned.
pub fn read_participants_votes(input: impl Read) -> Result<ParticipantsVotes, CsvError> {
    let mut table = Table::new(input)?;
    let participant = table.column("participant")?;
    let group = table.column("group-id")?;
    let mut comment_columns = Vec::new();
    for (i, h) in table.headers.iter().enumerate() {
        if PARTICIPANT_COLUMNS.contains(&h.as_str()) {
            continue;
        }
        let id: Id = h
            .parse()
            .map_err(|_| CsvError { line: 1, message: format!("unexpected column \"{h}\" (not a comment id)") })?;
        comment_columns.push((i, id));
    }
    let mut out = ParticipantsVotes::default();
    for record in table.records() {
        let (line, rec) = record?;
        let pid = integer(&rec, line, participant, "participant")?;
        let gid = field(&rec, line, group, "group-id")?;
        let gid = if gid.is_empty() {
            None
        } else {
            Some(
                gid.parse()
                    .map_err(|_| CsvError { line, message: format!("\"group-id\" is not an integer: \"{gid}\"") })?,
            )
        };
        out.groups.insert(pid, gid);
        for &(col, statement) in &comment_columns {
            let cell = rec.get(col).map(str::trim).unwrap_or("");
            if cell.is_empty() {
                continue;
            }
            let value: i64 = cell
                .parse()
                .map_err(|_| CsvError { line, message: format!("vote on comment {statement}: \"{cell}\"") })?;
            out.votes.push(Vote { participant: pid, statement, choice: choice(value, line)?, order: 0 });
        }
    }
    Ok(out)
}

/// The analysis input from an export: comments rejected by the moderator (−1) are
/// marked rejected. Pol.is exports carry no bans, so nobody is banned.
pub fn conversation(comments: &[Comment], votes: Vec<Vote>) -> Conversation {
    Conversation {
        statements: comments.iter().map(|c| Statement { id: c.id, rejected: c.moderated < 0 }).collect(),
        votes,
        banned: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_comments_with_multiline_bodies() {
        let text = "timestamp,comment-id,author-id,moderated,comment-body\n1,3,0,-1,\"two\nlines\"\n2,4,0,1,plain\n";
        let comments = read_comments(text.as_bytes()).unwrap();
        assert_eq!(comments.len(), 2);
        assert_eq!(comments[0], Comment { id: 3, moderated: -1, text: "two\nlines".into() });
        let conv = conversation(&comments, Vec::new());
        assert!(conv.statements[0].rejected && !conv.statements[1].rejected);
    }

    #[test]
    fn reads_votes_and_reports_the_bad_line() {
        let text = "timestamp,datetime,comment-id,voter-id,vote\n10,x,0,1,1\n11,x,0,2,-1\n12,x,1,2,0\n";
        let votes = read_votes(text.as_bytes()).unwrap();
        assert_eq!(votes.len(), 3);
        assert_eq!(votes[1], Vote { participant: 2, statement: 0, choice: Choice::Disagree, order: 11 });

        let bad = "timestamp,datetime,comment-id,voter-id,vote\n10,x,0,1,1\n11,x,0,2,7\n";
        let err = read_votes(bad.as_bytes()).unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.to_string().contains("line 3"), "{err}");
        let bad = "timestamp,datetime,comment-id,voter-id,vote\n10,x,zero,1,1\n";
        assert_eq!(read_votes(bad.as_bytes()).unwrap_err().line, 2);
        let missing = "timestamp,comment-id,vote\n";
        assert!(read_votes(missing.as_bytes()).unwrap_err().message.contains("voter-id"));
    }

    #[test]
    fn reads_participants_votes() {
        let text =
            "participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1,5\n7,1,0,2,1,1,1,,-1\n8,,0,1,0,0,,0,\n";
        let pv = read_participants_votes(text.as_bytes()).unwrap();
        assert_eq!(pv.groups, BTreeMap::from([(7, Some(1)), (8, None)]));
        assert_eq!(
            pv.votes,
            vec![
                Vote { participant: 7, statement: 0, choice: Choice::Agree, order: 0 },
                Vote { participant: 7, statement: 5, choice: Choice::Disagree, order: 0 },
                Vote { participant: 8, statement: 1, choice: Choice::Pass, order: 0 },
            ]
        );
    }
}

//! Reading a Pabulib `.pb` file (the open format of participatory-budgeting elections).
//!
//! Three sections, `META`, `PROJECTS` and `VOTES` (any case), each a header row and
//! semicolon-separated rows with CSV quoting. `None` is a missing value, a byte-order mark
//! may lead the file, amounts may use a comma for the decimal point, and an empty `vote`
//! is an empty ballot: that voter still counts (in MES they dilute everyone's share).

use std::collections::HashMap;
use std::fmt;

use super::money::parse_decimal;
use super::{Ballot, Election, Project, VoteType};

/// What is wrong with a file, and on which line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: u64,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

#[derive(Clone, Copy, PartialEq)]
enum Section {
    None,
    Meta,
    Projects,
    Votes,
}

/// One section's header: which column holds which field.
struct Header(HashMap<String, usize>);

impl Header {
    fn get<'r>(&self, row: &'r csv::StringRecord, column: &str) -> Option<&'r str> {
        let value = row.get(*self.0.get(column)?)?;
        (!value.is_empty() && value != "None").then_some(value)
    }
}

fn error(line: u64, message: impl Into<String>) -> ParseError {
    ParseError { line, message: message.into() }
}

/// Parses the text of a `.pb` file.
pub fn parse(text: &str) -> Result<Election, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());

    let mut section = Section::None;
    let mut header: Option<Header> = None;
    let mut meta = Vec::new();
    let mut projects: Vec<(Project, u64)> = Vec::new();
    let mut votes: Vec<(u64, String, String, Option<String>)> = Vec::new();

    for row in reader.records() {
        let row = row.map_err(|e| error(e.position().map_or(0, |p| p.line()), e.to_string()))?;
        let line = row.position().map_or(0, |p| p.line());
        if row.iter().all(str::is_empty) {
            continue;
        }
        if row.len() == 1 {
            let next = match row[0].to_ascii_uppercase().as_str() {
                "META" => Some(Section::Meta),
                "PROJECTS" => Some(Section::Projects),
                "VOTES" => Some(Section::Votes),
                _ => None,
            };
            if let Some(next) = next {
                section = next;
                header = None;
                continue;
            }
        }
        let Some(columns) = &header else {
            if section == Section::None {
                return Err(error(line, "the file must start with a META, PROJECTS or VOTES line"));
            }
            let names = row.iter().enumerate().map(|(i, name)| (name.to_ascii_lowercase(), i)).collect();
            header = Some(Header(names));
            continue;
        };
        match section {
            Section::Meta => {
                let key = row.get(0).unwrap_or_default().to_ascii_lowercase();
                meta.push((key, row.get(1).unwrap_or_default().to_owned()));
            }
            Section::Projects => {
                let id = columns.get(&row, "project_id").ok_or_else(|| error(line, "a project has no project_id"))?;
                let cost = columns.get(&row, "cost").ok_or_else(|| error(line, format!("project {id} has no cost")))?;
                let cost = parse_decimal(cost)
                    .ok_or_else(|| error(line, format!("project {id}: the cost {cost:?} is not an amount")))?;
                let selected = match columns.get(&row, "selected") {
                    Some("1") => Some(true),
                    Some("0") => Some(false),
                    _ => None,
                };
                let name = columns.get(&row, "name").unwrap_or_default().to_owned();
                projects.push((Project { id: id.to_owned(), name, cost, selected }, line));
            }
            Section::Votes => {
                let voter = columns.get(&row, "voter_id").ok_or_else(|| error(line, "a vote has no voter_id"))?;
                let vote = columns.get(&row, "vote").unwrap_or_default().to_owned();
                let points = columns.get(&row, "points").map(str::to_owned);
                votes.push((line, voter.to_owned(), vote, points));
            }
            Section::None => unreachable!("rows before any section are refused with the header"),
        }
    }

    let meta_value = |key: &str| meta.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    let budget_text = meta_value("budget").ok_or_else(|| error(0, "META has no budget"))?;
    let budget = parse_decimal(budget_text)
        .ok_or_else(|| error(0, format!("the budget {budget_text:?} is not a single amount")))?;
    let vote_type = match meta_value("vote_type").unwrap_or("approval") {
        "approval" => VoteType::Approval,
        "choose-1" => VoteType::Choose1,
        "cumulative" => VoteType::Cumulative,
        "scoring" => VoteType::Scoring,
        "ordinal" => VoteType::Ordinal,
        other => return Err(error(0, format!("unknown vote_type {other:?}"))),
    };

    // Projects are kept in the tie-breaking order, so "first in the list" breaks ties.
    projects.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    if let Some(pair) = projects.windows(2).find(|pair| pair[0].0.id == pair[1].0.id) {
        return Err(error(pair[1].1, format!("project {} is listed twice", pair[1].0.id)));
    }
    let projects: Vec<Project> = projects.into_iter().map(|(project, _)| project).collect();
    let index: HashMap<&str, usize> = projects.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();

    let with_points = matches!(vote_type, VoteType::Cumulative | VoteType::Scoring);
    let mut ballots = Vec::with_capacity(votes.len());
    for (line, voter, vote, points) in votes {
        let ids: Vec<&str> = vote.split(',').map(str::trim).filter(|id| !id.is_empty()).collect();
        let points: Vec<u64> = match (&points, with_points) {
            (Some(points), true) => points
                .split(',')
                .map(|p| p.trim().parse().map_err(|_| error(line, format!("the points {p:?} are not a whole number"))))
                .collect::<Result<_, _>>()?,
            (None, true) if !ids.is_empty() => return Err(error(line, "a points ballot without points")),
            _ => vec![1; ids.len()],
        };
        if points.len() != ids.len() {
            return Err(error(line, format!("{} projects but {} points", ids.len(), points.len())));
        }
        let mut marks: Vec<(usize, u64)> = Vec::with_capacity(ids.len());
        for (id, points) in ids.into_iter().zip(points) {
            let project =
                *index.get(id).ok_or_else(|| error(line, format!("the vote names an unknown project {id}")))?;
            // A project named twice on one ballot counts once for approval, with its
            // points added up for points ballots.
            match marks.iter_mut().find(|(p, _)| *p == project) {
                Some(mark) if with_points => mark.1 += points,
                Some(_) => {}
                None => marks.push((project, points)),
            }
        }
        marks.retain(|&(_, points)| points > 0);
        ballots.push(Ballot { voter, marks });
    }

    Ok(Election { meta, budget, vote_type, projects, ballots })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pb::Q;

    const SMALL: &str = "\u{feff}META\nkey;value\nbudget;1000,50\nvote_type;cumulative\n\
        PROJECTS\nproject_id;cost;name;selected\nc2;600;\"Trees; \"\"many\"\"\";1\nc10;400.5;Bench;None\n\
        VOTES\nvoter_id;vote;points\nv1;c2,c10;3,2\nv2;;\nv3;c10,c10;1,1\n";

    #[test]
    fn reads_quotes_bom_decimals_none_and_empty_ballots() {
        let election = parse(SMALL).unwrap();
        assert_eq!(election.budget, Q::new(100050.into(), 100.into()));
        assert_eq!(election.vote_type, VoteType::Cumulative);
        // Tie-breaking order is the id as a string: "c10" before "c2".
        let ids: Vec<&str> = election.projects.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["c10", "c2"]);
        assert_eq!(election.projects[1].name, "Trees; \"many\"");
        assert_eq!(election.projects[0].cost, Q::new(4005.into(), 10.into()));
        assert_eq!(election.projects[0].selected, None);
        assert_eq!(election.projects[1].selected, Some(true));
        assert_eq!(election.ballots.len(), 3);
        assert_eq!(election.ballots[0].marks, [(1, 3), (0, 2)]);
        assert!(election.ballots[1].marks.is_empty(), "an empty ballot is kept");
        assert_eq!(election.ballots[2].marks, [(0, 2)], "points for one project twice add up");
    }

    #[test]
    fn refuses_what_it_cannot_read_with_the_line() {
        let unknown = SMALL.replace("v1;c2,c10", "v1;c2,c11");
        let err = parse(&unknown).unwrap_err();
        assert_eq!(err.line, 11);
        assert!(err.message.contains("c11"), "{err}");
        assert!(parse(&SMALL.replace("1000,50", "lots")).unwrap_err().message.contains("budget"));
        assert!(parse(&SMALL.replace("3,2", "3")).unwrap_err().message.contains("points"));
        assert!(parse(&SMALL.replace(";400.5;", ";x;")).unwrap_err().message.contains("cost"));
        assert!(parse(&SMALL.replace("c10;400.5", "c2;400.5")).unwrap_err().message.contains("twice"));
        assert!(parse("hello\n").is_err());
    }

    #[test]
    fn approval_ballots_have_one_point_per_project() {
        let text = "META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5\n2;5\n\
            VOTES\nvoter_id;vote\na;1,2\nb;2,2\n";
        let election = parse(text).unwrap();
        assert_eq!(election.ballots[0].marks, [(0, 1), (1, 1)]);
        assert_eq!(election.ballots[1].marks, [(1, 1)]);
    }
}

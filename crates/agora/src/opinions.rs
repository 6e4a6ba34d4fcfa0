//! `agora opinions`: opinion groups of a conversation exported by Pol.is.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use agora_core::opinions::{self, Analysis, Direction, Params, polis_csv};
use anyhow::{Context, Result, bail};
use clap::Subcommand;
use serde_json::json;

#[derive(Subcommand)]
pub enum OpinionsCommand {
    /// Opinion map, groups, representative and consensus statements.
    Analyse {
        /// Folder with comments.csv and votes.csv (or participants-votes.csv).
        dir: std::path::PathBuf,
        /// One JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(command: OpinionsCommand) -> Result<()> {
    match command {
        OpinionsCommand::Analyse { dir, json } => analyse(&dir, json),
    }
}

fn open(path: &Path) -> Result<std::fs::File> {
    std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))
}

fn analyse(dir: &Path, as_json: bool) -> Result<()> {
    if !dir.is_dir() {
        bail!("{} is not a folder (expected a Pol.is export with comments.csv and votes.csv)", dir.display());
    }
    let comments_path = dir.join("comments.csv");
    let comments =
        polis_csv::read_comments(open(&comments_path)?).with_context(|| format!("{}", comments_path.display()))?;
    let votes_path = dir.join("votes.csv");
    let votes = if votes_path.is_file() {
        polis_csv::read_votes(open(&votes_path)?).with_context(|| format!("{}", votes_path.display()))?
    } else {
        let path: PathBuf = dir.join("participants-votes.csv");
        if !path.is_file() {
            bail!("{} holds neither votes.csv nor participants-votes.csv", dir.display());
        }
        polis_csv::read_participants_votes(open(&path)?).with_context(|| format!("{}", path.display()))?.votes
    };
    let analysis = opinions::analyse(&polis_csv::conversation(&comments, votes), &Params::default());
    let texts: BTreeMap<i64, &str> = comments.iter().map(|c| (c.id, c.text.as_str())).collect();
    if as_json {
        println!("{}", serde_json::to_string_pretty(&to_json(&analysis, &texts))?);
    } else {
        print!("{}", to_text(&analysis, &texts));
    }
    Ok(())
}

fn to_json(a: &Analysis, texts: &BTreeMap<i64, &str>) -> serde_json::Value {
    let text = |id: i64| texts.get(&id).copied().unwrap_or("");
    json!({
        "participants": a.participants.iter().map(|p| json!({
            "id": p.id, "group": p.group, "x": p.x, "y": p.y, "votes": p.votes,
        })).collect::<Vec<_>>(),
        "groups": a.groups.iter().map(|g| json!({
            "id": g.id,
            "size": g.size,
            "representative": g.representative.iter().map(|r| {
                let mut v = serde_json::to_value(r).unwrap_or_default();
                v["text"] = json!(text(r.statement));
                v
            }).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "consensus": a.consensus.iter().map(|c| {
            let mut v = serde_json::to_value(c).unwrap_or_default();
            v["text"] = json!(text(c.statement));
            v
        }).collect::<Vec<_>>(),
        "statements": a.statements,
        "clustered": a.clustered,
        "silhouette": a.silhouette,
    })
}

fn percent(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// The statement on one line, shortened so the report stays readable.
fn short(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 100 {
        format!("{}…", one_line.chars().take(99).collect::<String>())
    } else {
        one_line
    }
}

fn to_text(a: &Analysis, texts: &BTreeMap<i64, &str>) -> String {
    use std::fmt::Write;
    let text = |id: i64| short(texts.get(&id).copied().unwrap_or(""));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} participants, {} in the opinion groups; {} statements; {} groups (silhouette {:.2})",
        a.participants.len(),
        a.clustered,
        a.statements,
        a.groups.len(),
        a.silhouette
    );
    for g in &a.groups {
        let _ = writeln!(out, "\nGroup {} ({} participants)", g.id, g.size);
        for r in &g.representative {
            let (verb, inside, outside) = match r.direction {
                Direction::Agree => ("agree", r.agree_in, r.agree_out),
                Direction::Disagree => ("disagree", r.disagree_in, r.disagree_out),
            };
            let _ = writeln!(
                out,
                "  {:>3} {verb:<8} {} of the group, {} of the others: {}",
                format!("#{}", r.statement),
                percent(inside),
                percent(outside),
                text(r.statement)
            );
        }
    }
    let _ = writeln!(out, "\nConsensus");
    if a.consensus.is_empty() {
        let _ = writeln!(out, "  (none: no statement has a significant majority)");
    }
    for c in &a.consensus {
        let (verb, share) = match c.direction {
            Direction::Agree => ("agree", c.agree),
            Direction::Disagree => ("disagree", c.disagree),
        };
        let _ = writeln!(
            out,
            "  {:>3} {verb:<8} {} of {} votes: {}",
            format!("#{}", c.statement),
            percent(share),
            c.votes,
            text(c.statement)
        );
    }
    out
}

//! `agora pb`: the winners of a participatory-budgeting election under an open rule, so
//! anyone can re-run a city's published result.

use std::path::PathBuf;

use agora_core::ballot_log;
use agora_core::pb::{self, Completion, Rule, money};
use anyhow::{Context, Result, bail};
use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;

#[derive(Subcommand)]
pub enum PbCommand {
    /// Prints the winning projects of a Pabulib (.pb) file, in the order selected.
    Winners {
        /// The election, in Pabulib's .pb format.
        file: PathBuf,
        /// greedy, mes, mes-card, mes-add1 or phragmen.
        #[arg(long)]
        rule: Rule,
        /// What Add1 adds to every voter's share at each step (one currency unit).
        #[arg(long, default_value = "1")]
        increment: String,
        /// Fund more projects greedily with what an Equal Shares outcome leaves unspent.
        #[arg(long, value_enum, default_value = "none")]
        completion: CompletionArg,
        /// Say in words why each project was funded or skipped.
        #[arg(long)]
        explain: bool,
        /// One JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Re-checks a voting phase's published ballot log (`ballot-log` JSON): its chain of
    /// hashes up to the published head, and with `--ballots`, that the published ballots
    /// are the ones the log recorded.
    Verify {
        /// The log, as `GET /api/v1/phases/{id}/ballot-log` gives it.
        log: PathBuf,
        /// The phase's ballots, as `GET /api/v1/phases/{id}/ballots.pb` gives them.
        #[arg(long)]
        ballots: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum CompletionArg {
    None,
    Greedy,
}

pub fn run(command: PbCommand) -> Result<()> {
    match command {
        PbCommand::Winners { file, rule, increment, completion, explain, json } => {
            winners(&file, rule, &increment, completion, explain, json)
        }
        PbCommand::Verify { log, ballots } => verify(&log, ballots.as_deref()),
    }
}

/// Checks a ballot log, and the ballots against it; says what holds, or fails with why.
fn verify(log: &std::path::Path, ballots: Option<&std::path::Path>) -> Result<()> {
    let text = std::fs::read_to_string(log).with_context(|| format!("cannot read {}", log.display()))?;
    let export: ballot_log::Export =
        serde_json::from_str(&text).with_context(|| format!("{} is not a ballot log", log.display()))?;
    let entries = export.verify().map_err(|e| anyhow::anyhow!("the ballot log does not hold: {e}"))?;
    println!("The ballot log of phase {} holds: {entries} entries, ending at {}.", export.phase_id, export.head);
    if let Some(file) = ballots {
        let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
        let election = pb::parse(&text).with_context(|| format!("{} is not a valid .pb file", file.display()))?;
        let counted = export
            .check_ballots(&agora_core::results::online_ballots(&election))
            .map_err(|e| anyhow::anyhow!("the ballots do not match the log: {e}"))?;
        println!("The {counted} online ballots of {} are the ones the log recorded.", file.display());
    }
    Ok(())
}

fn winners(
    file: &std::path::Path,
    rule: Rule,
    increment: &str,
    completion: CompletionArg,
    explain: bool,
    json: bool,
) -> Result<()> {
    let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let election = pb::parse(&text).with_context(|| format!("{} is not a valid .pb file", file.display()))?;
    let Some(increment) = money::parse_decimal(increment).filter(|i| *i > pb::Q::default()) else {
        bail!("--increment must be a positive amount, such as 1 or 0.01");
    };
    let completion = match completion {
        CompletionArg::None => Completion::None,
        CompletionArg::Greedy if matches!(rule, Rule::Greedy | Rule::Phragmen) => {
            bail!("--completion greedy applies to the Equal Shares rules only")
        }
        CompletionArg::Greedy => Completion::Greedy,
    };
    let progress = add1_progress(rule, &election.budget);
    let outcome = pb::winners_watched(&election, rule, completion, &increment, &mut |step| {
        progress.set_position(whole(step.cost));
        progress.set_message(format!(
            "share ≈ {} (+{} steps): {} projects for {}",
            step.share.to_integer(),
            step.steps,
            step.funded,
            money::format(step.cost)
        ));
    });
    progress.finish_and_clear();
    let ids: Vec<&str> = outcome.winners.iter().map(|&p| election.projects[p].id.as_str()).collect();
    if json {
        let mut object = json!({
            "rule": rule.as_str(),
            "completion": if completion == Completion::Greedy { "greedy" } else { "none" },
            "budget": money::format(&election.budget),
            "voters": election.ballots.len(),
            "winners": ids,
            "total_cost": money::format(&outcome.total_cost),
        });
        if rule == Rule::MesAdd1 {
            object["increment"] = json!(money::format(&increment));
        }
        if explain {
            object["explanation"] = json!(outcome.trace);
        }
        println!("{object}");
        return Ok(());
    }
    let description = election.meta("description").unwrap_or("");
    println!("{description} ({} voters, budget {})", election.ballots.len(), money::format(&election.budget));
    println!(
        "Rule {rule}: {} projects funded for {} ({} left unspent)",
        ids.len(),
        money::format(&outcome.total_cost),
        money::format(&(&election.budget - &outcome.total_cost))
    );
    for (rank, &project) in outcome.winners.iter().enumerate() {
        let project = &election.projects[project];
        println!("{:>3}. #{} {} ({})", rank + 1, project.id, project.name, money::format(&project.cost));
    }
    if explain {
        println!();
        for line in &outcome.trace {
            println!("{line}");
        }
    }
    Ok(())
}

/// Add1 on a large city takes minutes: a bar shows how much of the budget the current
/// outcome spends (on a terminal only, on stderr, so `--json` output stays clean).
fn add1_progress(rule: Rule, budget: &pb::Q) -> ProgressBar {
    if rule != Rule::MesAdd1 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(whole(budget));
    bar.set_style(
        ProgressStyle::with_template("Add1 [{bar:30}] {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar
}

/// An amount in whole currency units, for the bar.
fn whole(amount: &pb::Q) -> u64 {
    u64::try_from(&amount.to_integer()).unwrap_or(u64::MAX)
}

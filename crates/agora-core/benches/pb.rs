//! Time of each participatory-budgeting rule on one election, by default the largest in
//! ../shared/data/pabulib (Budapest 2024: 175 projects, 28,943 voters), next to the
//! seconds pabutools took on the same file. `scripts/bench-pb.sh` times pabutools first
//! and passes its answers with `--pabutools FILE.json`, so both are measured in one run;
//! without it, the seconds recorded in tests/data/pabutools-expected.json are shown.
//! `cargo bench -p agora-core --bench pb [-- /absolute/FILE.pb] [--add1] [--pabutools J]`.
//! Each rule runs once (Add1 only with `--add1`: on Budapest 2024 it takes minutes).

use std::path::PathBuf;
use std::time::Instant;

use agora_core::pb::{self, Completion, Q, Rule};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/pabulib");
const ORACLE: &str = include_str!("../tests/data/pabutools-expected.json");

fn main() {
    let file = std::env::args()
        .skip(1)
        .find(|arg| arg.ends_with(".pb"))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DATA).join("Hungary_Budapest_2024.pb"));
    let Ok(text) = std::fs::read_to_string(&file) else {
        println!("SKIP: {} is missing; put the team's shared/ folder beside the repository", file.display());
        return;
    };
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let args: Vec<String> = std::env::args().collect();
    let fresh = args.iter().position(|arg| arg == "--pabutools").and_then(|i| args.get(i + 1));
    let oracle = match fresh {
        Some(path) => std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}")),
        None => ORACLE.to_owned(),
    };
    let oracle: serde_json::Value = serde_json::from_str(&oracle).unwrap_or_default();
    let theirs = &oracle["files"][&name];

    let start = Instant::now();
    let election = match pb::parse(&text) {
        Ok(election) => election,
        Err(e) => return println!("{name}: {e}"),
    };
    let parse = start.elapsed().as_secs_f64();
    println!("{name}: {} projects, {} voters", election.projects.len(), election.ballots.len());
    println!("{:<16} {:>10} {:>14} {:>8}", "rule", "agora (s)", "pabutools (s)", "ratio");
    let pabutools_parse = oracle["parse_seconds"][&name].as_f64();
    row("parse", parse, pabutools_parse);

    let one = Q::from_integer(1.into());
    let add1 = args.iter().any(|arg| arg == "--add1");
    let rules = [
        ("greedy", Rule::Greedy, Completion::None),
        ("mes", Rule::Mes, Completion::None),
        ("mes-card", Rule::MesCard, Completion::None),
        ("mes+greedy", Rule::Mes, Completion::Greedy),
        ("mes-card+greedy", Rule::MesCard, Completion::Greedy),
        ("phragmen", Rule::Phragmen, Completion::None),
        ("mes-add1", Rule::MesAdd1, Completion::None),
    ];
    for (label, rule, completion) in rules {
        if rule == Rule::MesAdd1 && !add1 {
            continue;
        }
        let start = Instant::now();
        let outcome = pb::winners(&election, rule, completion, &one);
        let seconds = start.elapsed().as_secs_f64();
        let answer = &theirs[label];
        let reference = answer["seconds"].as_f64();
        row(label, seconds, reference);
        if let Some(limit) = answer["timeout_seconds"].as_f64() {
            // A ratio only when the time limit says something: pabutools slower than us.
            let ratio = if limit > seconds { format!(": ratio above {:.0}", limit / seconds) } else { String::new() };
            println!("{:<16} pabutools did not finish within {limit} s{ratio}", "");
        }
        println!("{:<16} {} winners, total cost {}", "", outcome.winners.len(), pb::money::format(&outcome.total_cost));
    }
}

fn row(label: &str, seconds: f64, reference: Option<f64>) {
    match reference {
        Some(reference) => {
            println!("{label:<16} {seconds:>10.3} {reference:>14.3} {:>7.0}x", reference / seconds.max(1e-9))
        }
        None => println!("{label:<16} {seconds:>10.3} {:>14} {:>8}", "-", "-"),
    }
}

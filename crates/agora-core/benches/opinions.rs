//! Time of the opinion-groups analysis (vote matrix, PCA, clustering, representative and
//! consensus statements): the largest Pol.is conversation in ../shared/data/polis (by
//! votes) and a synthetic 2,000 participants × 1,000 statements with 30% of the votes
//! cast. Prints the median of a few runs. `cargo bench -p agora-core --bench opinions`.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Instant;

use agora_core::opinions::{self, Choice, Conversation, Params, Statement, Vote, polis_csv};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/polis");
const RUNS: usize = 7;

fn median_ms(conversation: &Conversation) -> (f64, opinions::Analysis) {
    let mut times = Vec::with_capacity(RUNS);
    let mut last = None;
    for _ in 0..RUNS {
        let start = Instant::now();
        let analysis = opinions::analyse(conversation, &Params::default());
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        last = Some(analysis);
    }
    times.sort_by(f64::total_cmp);
    (times[RUNS / 2], last.unwrap_or_else(|| opinions::analyse(conversation, &Params::default())))
}

/// Three opinion camps: each statement has a leaning per camp; a participant votes on a
/// random 30% of statements, with their camp's leaning most of the time.
fn synthetic(participants: i64, statements: i64, filled: f64) -> Conversation {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        // xorshift64*: tiny and deterministic.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    };
    let leaning: Vec<[f64; 3]> =
        (0..statements).map(|_| [next() * 2.0 - 1.0, next() * 2.0 - 1.0, next() * 2.0 - 1.0]).collect();
    let mut votes = Vec::new();
    for p in 0..participants {
        let camp = (p % 3) as usize;
        for (s, lean) in leaning.iter().enumerate() {
            if next() >= filled {
                continue;
            }
            let r = next();
            let choice = if r < 0.15 {
                Choice::Pass
            } else if next() * 2.0 - 1.0 < lean[camp] {
                Choice::Agree
            } else {
                Choice::Disagree
            };
            votes.push(Vote { participant: p, statement: s as i64, choice, order: votes.len() as i64 });
        }
    }
    Conversation {
        statements: (0..statements).map(|id| Statement { id, rejected: false }).collect(),
        votes,
        banned: BTreeSet::new(),
    }
}

fn main() {
    let data = Path::new(DATA);
    if data.is_dir() {
        let mut largest: Option<(usize, std::path::PathBuf)> = None;
        for entry in std::fs::read_dir(data).into_iter().flatten().flatten() {
            let votes = entry.path().join("votes.csv");
            if let Ok(text) = std::fs::read(&votes) {
                let lines = text.iter().filter(|&&b| b == b'\n').count();
                if largest.as_ref().is_none_or(|(n, _)| lines > *n) {
                    largest = Some((lines, entry.path()));
                }
            }
        }
        if let Some((_, dir)) = largest {
            let read = |name: &str| std::fs::read(dir.join(name)).unwrap_or_default();
            match (polis_csv::read_comments(&read("comments.csv")[..]), polis_csv::read_votes(&read("votes.csv")[..])) {
                (Ok(comments), Ok(votes)) => {
                    let n_votes = votes.len();
                    let conversation = polis_csv::conversation(&comments, votes);
                    let (ms, a) = median_ms(&conversation);
                    println!(
                        "{}: {} votes, {} participants ({} clustered), {} statements, {} groups: {ms:.1} ms (median of {RUNS})",
                        dir.file_name().map(|n| n.to_string_lossy()).unwrap_or_default(),
                        n_votes,
                        a.participants.len(),
                        a.clustered,
                        a.statements,
                        a.groups.len()
                    );
                }
                (Err(e), _) | (_, Err(e)) => println!("cannot read {}: {e}", dir.display()),
            }
        }
    } else {
        println!("SKIP: Pol.is open data not found at {DATA}");
    }

    let conversation = synthetic(2_000, 1_000, 0.30);
    let (ms, a) = median_ms(&conversation);
    println!(
        "synthetic 2,000 × 1,000, 30% filled: {} votes, {} clustered, {} groups: {ms:.1} ms (median of {RUNS})",
        conversation.votes.len(),
        a.clustered,
        a.groups.len()
    );
}

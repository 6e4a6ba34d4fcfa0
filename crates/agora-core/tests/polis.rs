//! Our opinion groups against the groups Pol.is itself assigned, on real conversations
//! from the Computational Democracy Project's open data (CC BY 4.0, see
//! ../shared/data/polis/README.md). Pol.is's groups depend on the order in which votes
//! arrived, so agreement is measured by the adjusted Rand index over the participants
//! both clusterings include, and the floors below sit just under what the method reaches.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use agora_core::opinions::{self, Params, polis_csv};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/polis");

/// (conversation, ARI floor, whether our number of groups matches Pol.is's). Reached
/// with the defaults (see docs/opinions.md): austria 0.977, bg2050 1.000, football −0.001,
/// affordable-housing 0.072, freshwater 0.132, taxes 0.813, ubi 0.061, land-bank 0.976;
/// each floor is 0.02 under that. The four low ones are older exports (2015 to 2017),
/// made by a Pol.is that grouped every participant, even those with a single vote.
const EXPECTED: [(&str, f64, bool); 8] = [
    ("austria-climate.5twd2jsnkf.2022-08-08", 0.95, true),
    ("bg2050-volunteers", 0.98, true),
    ("football-concussions", -0.03, true),
    ("scoop-hivemind.affordable-housing", 0.05, true),
    ("scoop-hivemind.freshwater", 0.11, true),
    ("scoop-hivemind.taxes", 0.79, true),
    ("scoop-hivemind.ubi", 0.04, false),
    ("ssis.land-bank-farmland.2rumnecbeh.2021-08-01", 0.95, true),
];
/// Median reached: 0.473.
const MEDIAN_FLOOR: f64 = 0.45;
/// Conversations where we find as many groups as Pol.is: 7 of 8.
const MATCHING_COUNTS_FLOOR: usize = 7;

struct Outcome {
    ari: f64,
    ours: usize,
    theirs: usize,
    compared: usize,
    /// Grouped by Pol.is only, and by us only.
    theirs_only: usize,
    ours_only: usize,
}

fn compare(dir: &Path) -> Result<Outcome, String> {
    let read = |name: &str| std::fs::read(dir.join(name)).map_err(|e| format!("{}/{name}: {e}", dir.display()));
    let comments = polis_csv::read_comments(&read("comments.csv")?[..]).map_err(|e| format!("comments.csv {e}"))?;
    let votes = polis_csv::read_votes(&read("votes.csv")?[..]).map_err(|e| format!("votes.csv {e}"))?;
    let polis = polis_csv::read_participants_votes(&read("participants-votes.csv")?[..])
        .map_err(|e| format!("participants-votes.csv {e}"))?;
    let analysis = opinions::analyse(&polis_csv::conversation(&comments, votes), &Params::default());

    let ours: BTreeMap<i64, usize> = analysis.participants.iter().filter_map(|p| Some((p.id, p.group?))).collect();
    let (mut a, mut b) = (Vec::new(), Vec::new());
    let mut theirs_ids = BTreeMap::new();
    for (id, group) in &polis.groups {
        let Some(g) = group else { continue };
        let next = theirs_ids.len();
        let g = *theirs_ids.entry(*g).or_insert(next);
        if let Some(&o) = ours.get(id) {
            a.push(o);
            b.push(g);
        }
    }
    let theirs_grouped = polis.groups.values().flatten().count();
    Ok(Outcome {
        ari: opinions::adjusted_rand_index(&a, &b),
        ours: analysis.groups.len(),
        theirs: theirs_ids.len(),
        compared: a.len(),
        theirs_only: theirs_grouped - a.len(),
        ours_only: ours.len() - a.len(),
    })
}

#[test]
fn groups_agree_with_polis() {
    let Some(data) = common::shared_data(DATA) else { return };
    println!(
        "{:<48} {:>6} {:>5} {:>7} {:>9} {:>12} {:>9}",
        "conversation", "ARI", "ours", "Pol.is", "compared", "Pol.is only", "ours only"
    );
    let mut aris = Vec::new();
    let mut matching = 0;
    let mut failures = Vec::new();
    for (name, floor, counts_match) in EXPECTED {
        let o = compare(&data.join(name)).unwrap();
        println!(
            "{name:<48} {:>6.3} {:>5} {:>7} {:>9} {:>12} {:>9}",
            o.ari, o.ours, o.theirs, o.compared, o.theirs_only, o.ours_only
        );
        aris.push(o.ari);
        if o.ours == o.theirs {
            matching += 1;
        }
        if o.ari < floor {
            failures.push(format!("{name}: ARI {:.3} below {floor}", o.ari));
        }
        if counts_match && o.ours != o.theirs {
            failures.push(format!("{name}: {} groups, Pol.is has {}", o.ours, o.theirs));
        }
    }
    aris.sort_by(f64::total_cmp);
    let median = (aris[aris.len() / 2 - 1] + aris[aris.len() / 2]) / 2.0;
    println!("median ARI {median:.3}; same number of groups in {matching} of {}", aris.len());
    if median < MEDIAN_FLOOR {
        failures.push(format!("median ARI {median:.3} below {MEDIAN_FLOOR}"));
    }
    if matching < MATCHING_COUNTS_FLOOR {
        failures.push(format!("{matching} matching group counts, expected at least {MATCHING_COUNTS_FLOOR}"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

//! The winner rules on real elections from Pabulib (see ../shared/data/pabulib/README.md),
//! checked two ways:
//! - the three cities that decided with Equal Shares and Add1 (Wieliczka 2023, Świecie
//!   2023, Assen 2024): our `mes-add1` funds exactly the projects they funded;
//! - every rule on every file funds exactly what the reference implementation, pabutools
//!   1.2.3, funds with the same tie-breaking. Its answers are stored in
//!   `tests/data/pabutools-expected.json`, written by `scripts/pabutools-oracle.py`;
//!   where its Add1 does not finish, the two Equal Shares runs around the point where
//!   ours stops.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use agora_core::pb::{self, Completion, Election, Q, Rule};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/pabulib");
const EXPECTED: &str = include_str!("data/pabutools-expected.json");

/// pabutools' answers, by file then by rule.
fn expected() -> serde_json::Value {
    serde_json::from_str(EXPECTED).unwrap_or_else(|e| panic!("pabutools-expected.json: {e}"))
}

/// The project ids of one recorded outcome, or None where pabutools gave no winners.
fn their_winners(answer: &serde_json::Value) -> Option<Vec<String>> {
    let winners = answer["winners"].as_array()?;
    Some(
        winners.iter().map(|w| w.as_str().unwrap_or_else(|| panic!("winner {w} is not a string")).to_owned()).collect(),
    )
}

fn data() -> Option<&'static Path> {
    common::shared_data(DATA)
}

fn election(dir: &Path, file: &str) -> Election {
    let text = std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    pb::parse(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn ids(election: &Election, projects: &[usize]) -> Vec<String> {
    projects.iter().map(|&p| election.projects[p].id.clone()).collect()
}

#[test]
fn add1_funds_what_the_equal_shares_cities_funded() {
    let Some(dir) = data() else { return };
    for file in ["Poland_Wieliczka_2023_Green_Budget.pb", "Poland_Swiecie_2023.pb", "Netherlands_Assen_2024.pb"] {
        let election = election(dir, file);
        let funded: BTreeSet<String> =
            election.projects.iter().filter(|p| p.selected == Some(true)).map(|p| p.id.clone()).collect();
        let outcome = pb::winners(&election, Rule::MesAdd1, Completion::None, &Q::from_integer(1.into()));
        let ours: BTreeSet<String> = ids(&election, &outcome.winners).into_iter().collect();
        assert_eq!(ours, funded, "{file}");
        assert!(outcome.total_cost <= election.budget, "{file}");
    }
}

#[test]
fn every_rule_funds_what_the_reference_implementation_funds() {
    let Some(dir) = data() else { return };
    let expected = expected();
    let one = Q::from_integer(1.into());
    let mut compared = 0;
    for (file, rules) in expected["files"].as_object().unwrap() {
        let election = election(dir, file);
        for (name, answer) in rules.as_object().unwrap() {
            // Rules pabutools refused (Phragmén on points ballots) or did not finish.
            let Some(theirs) = their_winners(answer) else { continue };
            let (rule, completion) = match name.strip_suffix("+greedy") {
                Some(rule) => (rule, Completion::Greedy),
                None => (name.as_str(), Completion::None),
            };
            let rule: Rule = rule.parse().unwrap();
            let outcome = pb::winners(&election, rule, completion, &one);
            let ours = ids(&election, &outcome.winners);
            if rule == Rule::Phragmen {
                // pabutools lists Phragmén's winners by id, not in the order selected.
                let mut sorted = ours.clone();
                sorted.sort();
                assert_eq!(sorted, theirs, "{file} {name}");
            } else {
                assert_eq!(ours, theirs, "{file} {name}: the same projects in the same order");
            }
            assert_eq!(pb::money::format(&outcome.total_cost), answer["total_cost"].as_str().unwrap(), "{file} {name}");
            compared += 1;
        }
    }
    assert!(compared >= 80, "only {compared} outcomes compared");
}

/// Where pabutools' Add1 does not finish (one Equal Shares run per step, tens of
/// thousands of steps), it still checks the point where ours stops: Equal Shares with the
/// budget raised by K steps must fit the real budget and with K + 1 steps overspend it,
/// both implementations must agree on those two outcomes, and our Add1 must fund what the
/// K-step run funds. Budapest 2024's Add1 takes minutes, so there only the two
/// Equal Shares runs are compared (`agora pb winners FILE --rule mes-add1` funds the same
/// 31 projects as the K-step run, in the same order).
#[test]
fn add1_stops_where_equal_shares_first_overspends() {
    let Some(dir) = data() else { return };
    let expected = expected();
    let one = Q::from_integer(1.into());
    let mut checked = 0;
    for (file, rules) in expected["files"].as_object().unwrap() {
        let Some(endpoint) = rules.get("mes-add1-endpoint") else { continue };
        let election = election(dir, file);
        let steps = endpoint["steps"].as_u64().unwrap();
        let voters = election.ballots.len() as u64;
        let mut costs = Vec::new();
        for (key, k) in [("at_steps", steps), ("one_more", steps + 1)] {
            let mut raised = election.clone();
            raised.budget = &election.budget + Q::from_integer((k * voters).into());
            let outcome = pb::winners(&raised, Rule::Mes, Completion::None, &one);
            assert_eq!(
                Some(ids(&election, &outcome.winners)),
                their_winners(&endpoint[key]),
                "{file}: Equal Shares {k} steps up"
            );
            assert_eq!(pb::money::format(&outcome.total_cost), endpoint[key]["total_cost"].as_str().unwrap());
            costs.push(outcome.total_cost);
        }
        assert!(
            costs[0] <= election.budget && costs[1] > election.budget,
            "{file}: {steps} steps is not where Add1 stops"
        );
        if file != "Hungary_Budapest_2024.pb" {
            let outcome = pb::winners(&election, Rule::MesAdd1, Completion::None, &one);
            assert_eq!(Some(ids(&election, &outcome.winners)), their_winners(&endpoint["at_steps"]), "{file}: Add1");
        }
        checked += 1;
    }
    assert_eq!(checked, 2, "Add1 endpoints checked");
}

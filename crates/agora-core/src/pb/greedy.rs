//! Greedy by votes, the rule most cities use: projects in order of votes (points on a
//! points ballot), each funded if it still fits in what is left of the budget.

use super::money::{Q, format};
use super::{Election, Outcome};

/// Projects by descending votes; equal votes by id as a string.
fn by_votes_order(election: &Election) -> (Vec<usize>, Vec<u64>) {
    let votes = election.votes();
    let mut order: Vec<usize> = (0..election.projects.len()).collect();
    order.sort_by(|&a, &b| votes[b].cmp(&votes[a]).then(a.cmp(&b)));
    (order, votes)
}

/// The greedy rule on the whole budget.
pub fn by_votes(election: &Election) -> Outcome {
    let mut outcome = Outcome { winners: Vec::new(), total_cost: Q::default(), trace: Vec::new() };
    fill(election, &mut outcome, "");
    outcome
}

/// Completes an outcome with greedy by votes on the money it left unspent.
pub fn complete(election: &Election, outcome: &mut Outcome) {
    fill(election, outcome, "Completion: ");
}

fn fill(election: &Election, outcome: &mut Outcome, prefix: &str) {
    let (order, votes) = by_votes_order(election);
    let mut left = &election.budget - &outcome.total_cost;
    for project in order {
        if outcome.winners.contains(&project) {
            continue;
        }
        let cost = &election.projects[project].cost;
        let label = election.label(project);
        if *cost <= left {
            left -= cost;
            outcome.winners.push(project);
            outcome.total_cost += cost;
            outcome.trace.push(format!(
                "{prefix}{label} is funded: {} votes, it costs {}, {} is left.",
                votes[project],
                format(cost),
                format(&left)
            ));
        } else {
            outcome.trace.push(format!(
                "{prefix}{label} is skipped: {} votes, but it costs {} and only {} is left.",
                votes[project],
                format(cost),
                format(&left)
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::pb::parse;

    #[test]
    fn funds_by_votes_and_skips_what_does_not_fit() {
        let election = parse(
            "META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\na;6\nb;5\nc;4\nd;4\n\
             VOTES\nvoter_id;vote\n1;a,b\n2;a,b,c\n3;a,c,d\n4;b,d\n",
        )
        .unwrap();
        // a 3 votes, b 3, c 2, d 2: a (6) first on the tie with b; b no longer fits; c fits.
        let outcome = super::by_votes(&election);
        assert_eq!(outcome.winners, [0, 2]);
        assert_eq!(outcome.total_cost, crate::pb::Q::from_integer(10.into()));
        assert!(outcome.trace[1].contains("#b is skipped"), "{:?}", outcome.trace);
    }
}

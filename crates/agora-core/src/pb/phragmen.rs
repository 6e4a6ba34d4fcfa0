//! Sequential Phragmén: funding a project puts a load on its supporters, its cost shared
//! so that they all end up carrying the same load. At each round the rule funds the
//! project that keeps its supporters' new load the lowest, and stops at the first such
//! project that no longer fits the budget (projects dearer than the whole budget are
//! left out from the start). Loads start at zero; points ballots count as approval of
//! every project with points.

use std::cmp::Ordering;
use std::collections::HashMap;

use num_bigint::BigInt;
use num_traits::{One, Zero};

use super::money::{Q, format};
use super::{Election, Outcome};

/// A load `num / den`, compared without reducing the fraction.
#[derive(Clone)]
struct Load {
    num: BigInt,
    den: BigInt,
}

impl Load {
    fn cmp(&self, other: &Load) -> Ordering {
        (&self.num * &other.den).cmp(&(&other.num * &self.den))
    }
}

pub fn sequential(election: &Election) -> Outcome {
    let supporters = election.supporters();
    // Money in units of 1/scale makes every cost whole; loads are numerators over one
    // common denominator `den`, which grows by a supporter count at each round.
    let (scale, cost) = election.whole_costs();
    let mut den = BigInt::one();
    // Voters funded by the same projects carry the same load: one entry per load.
    let mut loads: Vec<BigInt> = vec![BigInt::zero()];
    let mut voter_load = vec![0u32; election.ballots.len()];
    let mut open: Vec<usize> = (0..election.projects.len())
        .filter(|&p| !supporters[p].is_empty() && election.projects[p].cost <= election.budget)
        .collect();
    // Loads only grow, so the new load a project offered when last computed is a lower
    // bound on what it offers now: projects are tried from the lowest bound up.
    let mut bound: Vec<Option<Load>> = vec![None; election.projects.len()];
    let mut left = election.budget.clone();
    let mut outcome = Outcome { winners: Vec::new(), total_cost: Q::zero(), trace: Vec::new() };

    loop {
        open.sort_by(|&a, &b| match (&bound[a], &bound[b]) {
            (None, None) => a.cmp(&b),
            (None, Some(_)) => Ordering::Less,
            (Some(_), None) => Ordering::Greater,
            (Some(x), Some(y)) => x.cmp(y).then(a.cmp(&b)),
        });
        let mut best: Option<(usize, Load)> = None;
        for &project in &open {
            if let (Some((winner, lowest)), Some(bound)) = (&best, &bound[project])
                && bound.cmp(lowest).then(project.cmp(winner)) != Ordering::Less
            {
                break;
            }
            // The new load: (cost + the supporters' loads) / the number of supporters.
            let mut per_load: HashMap<u32, u64> = HashMap::new();
            for &(voter, _) in &supporters[project] {
                *per_load.entry(voter_load[voter as usize]).or_default() += 1;
            }
            let carried: BigInt = per_load.iter().map(|(&l, &n)| &loads[l as usize] * n).sum();
            let new_load = Load { num: carried + &cost[project] * &den, den: &den * supporters[project].len() };
            bound[project] = Some(new_load.clone());
            if best.as_ref().is_none_or(|(winner, lowest)| new_load.cmp(lowest).then(project.cmp(winner)).is_lt()) {
                best = Some((project, new_load));
            }
        }
        let Some((project, new_load)) = best else { break };
        let cost_q = &election.projects[project].cost;
        let load_q = Q::new(new_load.num.clone(), &new_load.den * &scale);
        let label = election.label(project);
        if *cost_q > left {
            outcome.trace.push(format!(
                "{label} would bring its supporters to the lowest load, {}, but it costs {} and only {} is \
                 left: the rule stops here.",
                format(&load_q),
                format(cost_q),
                format(&left)
            ));
            break;
        }
        left -= cost_q;
        outcome.total_cost += cost_q;
        outcome.winners.push(project);
        outcome.trace.push(format!(
            "{label} is funded for {}: it brings its {} supporters to the lowest load of all open projects, {}.",
            format(cost_q),
            supporters[project].len(),
            format(&load_q)
        ));
        open.retain(|&p| p != project);
        // Move every load to the new denominator, then give the supporters the new load.
        let count = BigInt::from(supporters[project].len());
        for load in &mut loads {
            *load *= &count;
        }
        den *= &count;
        loads.push(new_load.num);
        let index = loads.len() as u32 - 1;
        for &(voter, _) in &supporters[project] {
            voter_load[voter as usize] = index;
        }
    }
    outcome
}

#[cfg(test)]
mod tests {
    use crate::pb::parse;

    #[test]
    fn loads_are_shared_and_the_rule_stops_at_the_first_project_that_does_not_fit() {
        let election = parse(
            "META\nkey;value\nbudget;3\nPROJECTS\nproject_id;cost\nx1;1\nx2;1\nx3;1\ny;1\nz;5\n\
             VOTES\nvoter_id;vote\n1;x1,x2,x3\n2;x1,x2,x3\n3;x1,x2,x3\n4;y\n",
        )
        .unwrap();
        let outcome = super::sequential(&election);
        // x1 brings the three to a load of 1/3, x2 to 2/3; then x3 and y both bring
        // their supporters to 1, and x3 comes first by id. The budget is then spent:
        // y does not fit, and the rule stops. z costs more than the budget: never tried.
        let ids: Vec<&str> = outcome.winners.iter().map(|&p| election.projects[p].id.as_str()).collect();
        assert_eq!(ids, ["x1", "x2", "x3"]);
        assert!(outcome.trace.last().unwrap().contains("#y would bring"), "{:?}", outcome.trace);
    }
}

//! Sequential Phragmén: funding a project puts a load on its supporters, its cost shared
//! so that they all end up carrying the same load. At each round the rule funds the
//! project that keeps its supporters' new load the lowest, and stops at the first such
//! project that no longer fits the budget (projects dearer than the whole budget are
//! left out from the start). Loads start at zero; points ballots count as approval of
//! every project with points.

use std::collections::HashMap;

use num_traits::Zero;

use super::money::{Q, format};
use super::{Election, Outcome};

pub fn sequential(election: &Election) -> Outcome {
    let supporters = election.supporters();
    // Voters funded by the same projects carry the same load: one entry per load.
    let mut loads: Vec<Q> = vec![Q::zero()];
    let mut load_index: HashMap<Q, u32> = HashMap::from([(Q::zero(), 0)]);
    let mut voter_load = vec![0u32; election.ballots.len()];
    let mut open: Vec<usize> = (0..election.projects.len())
        .filter(|&p| !supporters[p].is_empty() && election.projects[p].cost <= election.budget)
        .collect();
    let mut left = election.budget.clone();
    let mut outcome = Outcome { winners: Vec::new(), total_cost: Q::zero(), trace: Vec::new() };

    while !open.is_empty() {
        // The load each open project would bring its supporters to: (cost + their loads) / their number.
        let mut best: Option<(usize, Q)> = None;
        for &project in &open {
            let mut per_load: HashMap<u32, u64> = HashMap::new();
            for &(voter, _) in &supporters[project] {
                *per_load.entry(voter_load[voter as usize]).or_default() += 1;
            }
            let carried: Q = per_load.iter().map(|(&l, &n)| &loads[l as usize] * Q::from_integer(n.into())).sum();
            let new_load =
                (carried + &election.projects[project].cost) / Q::from_integer(supporters[project].len().into());
            // `open` is in id order, so a strict comparison keeps the earlier project on a tie.
            if best.as_ref().is_none_or(|(_, lowest)| new_load < *lowest) {
                best = Some((project, new_load));
            }
        }
        let Some((project, new_load)) = best else { break };
        open.retain(|&p| p != project);
        let cost = &election.projects[project].cost;
        let label = election.label(project);
        if *cost > left {
            outcome.trace.push(format!(
                "{label} would bring its supporters to the lowest load, {}, but it costs {} and only {} is \
                 left: the rule stops here.",
                format(&new_load),
                format(cost),
                format(&left)
            ));
            break;
        }
        left -= cost;
        outcome.total_cost += cost;
        outcome.winners.push(project);
        outcome.trace.push(format!(
            "{label} is funded for {}: it brings its {} supporters to the lowest load of all open projects, {}.",
            format(cost),
            supporters[project].len(),
            format(&new_load)
        ));
        let index = match load_index.get(&new_load) {
            Some(&index) => index,
            None => {
                loads.push(new_load.clone());
                load_index.insert(new_load, loads.len() as u32 - 1);
                loads.len() as u32 - 1
            }
        };
        for &(voter, _) in &supporters[project] {
            voter_load[voter as usize] = index;
        }
    }
    outcome
}

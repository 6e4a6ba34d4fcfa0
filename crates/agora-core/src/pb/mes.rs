//! The Method of Equal Shares (Peters, Pierczyński and Skowron), and its "Add1"
//! completion used by the cities that adopted it.
//!
//! Every voter gets an equal share of the budget. A project can be funded only by its own
//! supporters' shares. At each round, among the projects whose supporters can still pay
//! for them, the rule funds the one that costs its supporters the least per unit of
//! utility (ρ): supporters pay in proportion to their utility, and whoever has less
//! than their part left pays everything they have. It stops when no project can be paid
//! for any more.
//!
//! Add1 raises every voter's share by a fixed increment and re-runs the method while the
//! outcome still fits the real budget, keeping the last outcome that fits. Shares in
//! forints or zlotys make that a hundred thousand steps, so a run also works out, in
//! exact arithmetic, how far the share can be raised before any of its decisions would
//! change (see [`Horizon`]); the steps in between would give the same outcome and are
//! skipped.

use std::collections::HashMap;

use num_bigint::BigInt;
use num_traits::{One, Signed, Zero};

use super::money::{Q, format};
use super::{Election, Outcome};

/// What a voter gets from a funded project they support.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Utility {
    /// Its cost, whatever points it was given on a points ballot.
    Cost,
    /// One (or the points given).
    Cardinality,
}

/// An amount as a function of δ, the extra share every voter would get on top of the
/// share of the run: `p + q·δ`. Along one sequence of decisions every amount in the
/// method is such a function, which is what lets Add1 skip steps exactly.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Affine {
    p: Q,
    q: Q,
}

impl Affine {
    fn constant(p: Q) -> Self {
        Affine { p, q: Q::zero() }
    }

    fn minus(&self, other: &Affine) -> Affine {
        Affine { p: &self.p - &other.p, q: &self.q - &other.q }
    }

    fn times(&self, k: &Q) -> Affine {
        Affine { p: &self.p * k, q: &self.q * k }
    }

    fn add_times(&mut self, other: &Affine, k: &Q) {
        self.p += &other.p * k;
        self.q += &other.q * k;
    }
}

/// How far δ may go with every decision of a run staying the same: decisions relied on
/// some `d(δ) ≥ 0` (or `> 0`) that held at δ = 0, and the first root of any of them
/// bounds the range.
#[derive(Debug, Default)]
struct Horizon {
    /// The bound, and whether δ may equal it.
    bound: Option<(Q, bool)>,
}

impl Horizon {
    fn rely(&mut self, d: &Affine, strict: bool) {
        if !d.q.is_negative() {
            return;
        }
        let root = &d.p / -&d.q;
        let inclusive = !strict;
        let tighter = match &self.bound {
            None => true,
            Some((bound, bound_inclusive)) => root < *bound || (root == *bound && *bound_inclusive && !inclusive),
        };
        if tighter {
            self.bound = Some((root, inclusive));
        }
    }

    /// The number of increments after which the outcome may change, if ever.
    fn steps(&self, increment: &Q) -> Option<BigInt> {
        let (bound, inclusive) = self.bound.as_ref()?;
        let ratio = bound / increment;
        let steps = if *inclusive { ratio.floor().to_integer() + 1 } else { ratio.ceil().to_integer() };
        Some(steps.max(BigInt::one()))
    }
}

/// One run of Equal Shares with every voter starting from `share`.
struct Run<'e> {
    election: &'e Election,
    supporters: &'e [Vec<(u32, u64)>],
    /// Utility of one point for each project: its cost, or one.
    unit_utility: Vec<Q>,
    /// Cost utilities count a supporter once, whatever their points.
    count_points: bool,
    /// The distinct amounts voters have left; voters with the same history share one.
    left: Vec<Affine>,
    left_index: HashMap<Affine, u32>,
    /// Which amount each voter has left.
    voter_left: Vec<u32>,
    horizon: Horizon,
    explain: bool,
    trace: Vec<String>,
}

/// What one project would cost its supporters now.
struct Offer {
    project: usize,
    /// Payment per point of utility; the voters below pay all they have left.
    per_point: Affine,
    /// ρ: payment per unit of utility.
    rho: Affine,
    /// Supporter groups as (amount left, points, voters, pays all).
    groups: Vec<(u32, u64, u64, bool)>,
}

impl<'e> Run<'e> {
    fn new(election: &'e Election, supporters: &'e [Vec<(u32, u64)>], utility: Utility, share: Q) -> Self {
        let unit_utility = match utility {
            Utility::Cost => election.projects.iter().map(|p| p.cost.clone()).collect(),
            Utility::Cardinality => vec![Q::one(); election.projects.len()],
        };
        let start = Affine { p: share, q: Q::one() };
        Run {
            election,
            supporters,
            unit_utility,
            count_points: utility == Utility::Cardinality,
            left: vec![start.clone()],
            left_index: HashMap::from([(start, 0)]),
            voter_left: vec![0; election.ballots.len()],
            horizon: Horizon::default(),
            explain: false,
            trace: Vec::new(),
        }
    }

    fn intern(&mut self, amount: Affine) -> u32 {
        if let Some(&index) = self.left_index.get(&amount) {
            return index;
        }
        let index = self.left.len() as u32;
        self.left.push(amount.clone());
        self.left_index.insert(amount, index);
        index
    }

    /// The supporters of `project` grouped by what they have left and their points.
    fn groups(&self, project: usize) -> Vec<(u32, u64, u64)> {
        let mut counts: HashMap<(u32, u64), u64> = HashMap::new();
        for &(voter, points) in &self.supporters[project] {
            let points = if self.count_points { points } else { 1 };
            *counts.entry((self.voter_left[voter as usize], points)).or_default() += 1;
        }
        let mut groups: Vec<(u32, u64, u64)> =
            counts.into_iter().map(|((left, points), n)| (left, points, n)).collect();
        // A stable order, so the run does the same arithmetic every time.
        groups.sort_unstable();
        groups
    }

    /// What `project` would cost its supporters, or None when they cannot pay for it.
    fn offer(&mut self, project: usize) -> Option<Offer> {
        let cost = &self.election.projects[project].cost;
        let groups = self.groups(project);
        let mut total = Affine::constant(Q::zero());
        for &(left, _, n) in &groups {
            total.add_times(&self.left[left as usize], &Q::from_integer(n.into()));
        }
        let surplus = total.minus(&Affine::constant(cost.clone()));
        if surplus.p.is_negative() {
            self.horizon.rely(&surplus.times(&-Q::one()), true);
            return None;
        }
        self.horizon.rely(&surplus, false);

        // Water-filling: voters whose amount left per point is below the price pay all
        // they have; the others pay the price per point.
        let mut order: Vec<usize> = (0..groups.len()).collect();
        let ratio = |g: &(u32, u64, u64)| &self.left[g.0 as usize].p / Q::from_integer(g.1.into());
        order.sort_by_cached_key(|&i| ratio(&groups[i]));
        let mut remaining = Affine::constant(cost.clone());
        let mut points: u64 = groups.iter().map(|g| g.1 * g.2).sum();
        let mut pays_all = vec![false; groups.len()];
        for &i in &order {
            let (left, p, n) = groups[i];
            if points == 0 || ratio(&groups[i]) >= &remaining.p / Q::from_integer(points.into()) {
                break;
            }
            remaining.add_times(&self.left[left as usize], &-Q::from_integer(n.into()));
            points -= p * n;
            pays_all[i] = true;
        }
        let per_point = if points == 0 {
            // Everyone pays all they have: the price is the highest amount per point.
            order.last().map(|&i| self.left[groups[i].0 as usize].times(&Q::new(1.into(), groups[i].1.into())))?
        } else {
            remaining.times(&Q::new(1.into(), points.into()))
        };
        for (i, &(left, p, _)) in groups.iter().enumerate() {
            let price = per_point.times(&Q::from_integer(p.into()));
            let margin = price.minus(&self.left[left as usize]);
            self.horizon.rely(&if pays_all[i] { margin } else { margin.times(&-Q::one()) }, false);
        }
        let unit = &self.unit_utility[project];
        let rho = if unit.is_zero() { Affine::constant(Q::zero()) } else { per_point.times(&unit.recip()) };
        let groups = groups.into_iter().zip(pays_all).map(|((l, p, n), all)| (l, p, n, all)).collect();
        Some(Offer { project, per_point, rho, groups })
    }

    /// Runs the rounds until no project can be paid for.
    ///
    /// A project's ρ only grows from round to round (amounts left only shrink), so the
    /// ρ it had when last computed is a lower bound: projects are tried from the lowest
    /// bound up, and the round stops computing as soon as the next bound cannot beat the
    /// best offer so far.
    fn run(mut self) -> (Vec<usize>, Horizon, Vec<String>) {
        let mut open: Vec<usize> =
            (0..self.election.projects.len()).filter(|&p| !self.supporters[p].is_empty()).collect();
        let mut last_rho: Vec<Option<Affine>> = vec![None; self.election.projects.len()];
        let mut winners = Vec::new();
        loop {
            // Never-computed projects first, then by bound, then in id order.
            open.sort_by(|&a, &b| match (&last_rho[a], &last_rho[b]) {
                (None, None) => a.cmp(&b),
                (None, Some(_)) => std::cmp::Ordering::Less,
                (Some(_), None) => std::cmp::Ordering::Greater,
                (Some(x), Some(y)) => x.p.cmp(&y.p).then(a.cmp(&b)),
            });
            let mut best: Option<Offer> = None;
            let mut out_of_reach = Vec::new();
            for &project in &open {
                if let (Some(best), Some(bound)) = (&best, &last_rho[project])
                    && (&bound.p, project) > (&best.rho.p, best.project)
                {
                    break;
                }
                match self.offer(project) {
                    Some(offer) => {
                        last_rho[project] = Some(offer.rho.clone());
                        if best.as_ref().is_none_or(|b| (&offer.rho.p, project) < (&b.rho.p, b.project)) {
                            best = Some(offer);
                        }
                    }
                    // Amounts left only shrink, so a project out of reach stays so.
                    None => out_of_reach.push(project),
                }
            }
            if self.explain {
                for &project in &out_of_reach {
                    let line = self.unaffordable(project);
                    self.trace.push(line);
                }
            }
            open.retain(|p| !out_of_reach.contains(p));
            let Some(offer) = best else { break };
            // The winner's ρ is at most every other project's (its bound, for those not
            // recomputed), and strictly less than that of the projects it beats on a tie.
            for &project in &open {
                if let Some(rho) = &last_rho[project]
                    && project != offer.project
                {
                    self.horizon.rely(&rho.minus(&offer.rho), project < offer.project);
                }
            }
            if self.explain {
                self.trace.push(self.funded(&offer, winners.len() + 1));
            }
            self.pay(&offer);
            winners.push(offer.project);
            open.retain(|&p| p != offer.project);
        }
        (winners, self.horizon, self.trace)
    }

    fn pay(&mut self, offer: &Offer) {
        let mut moved: HashMap<(u32, u64), u32> = HashMap::new();
        for &(left, points, _, pays_all) in &offer.groups {
            let after = if pays_all {
                Affine::constant(Q::zero())
            } else {
                self.left[left as usize].minus(&offer.per_point.times(&Q::from_integer(points.into())))
            };
            let index = self.intern(after);
            moved.insert((left, points), index);
        }
        for &(voter, points) in &self.supporters[offer.project] {
            let points = if self.count_points { points } else { 1 };
            let voter = voter as usize;
            self.voter_left[voter] = moved[&(self.voter_left[voter], points)];
        }
    }

    fn funded(&self, offer: &Offer, round: usize) -> String {
        let voters: u64 = offer.groups.iter().map(|g| g.2).sum();
        let all_in: u64 = offer.groups.iter().filter(|g| g.3).map(|g| g.2).sum();
        let most = offer
            .groups
            .iter()
            .map(|&(left, points, _, all)| {
                if all {
                    self.left[left as usize].p.clone()
                } else {
                    &offer.per_point.p * Q::from_integer(points.into())
                }
            })
            .max()
            .unwrap_or_default();
        let project = offer.project;
        format!(
            "Round {round}: {} is funded for {}: of all projects its supporters can still pay for, it costs \
             them the least per unit of utility (ρ = {}). Its {voters} supporters pay at most {} each{}.",
            self.election.label(project),
            format(&self.election.projects[project].cost),
            format(&offer.rho.p),
            format(&most),
            if all_in > 0 { format!("; {all_in} of them pay all they had left") } else { String::new() },
        )
    }

    fn unaffordable(&self, project: usize) -> String {
        let left: Q =
            self.supporters[project].iter().map(|&(v, _)| &self.left[self.voter_left[v as usize] as usize].p).sum();
        format!(
            "{} can no longer be funded: it costs {} and its supporters have {} left.",
            self.election.label(project),
            format(&self.election.projects[project].cost),
            format(&left)
        )
    }
}

/// Equal Shares with each voter's share the budget divided by the number of voters
/// (empty ballots included).
pub fn equal_shares(election: &Election, utility: Utility) -> Outcome {
    let supporters = election.supporters();
    let share = base_share(election);
    let mut run = Run::new(election, &supporters, utility, share.clone());
    run.explain = true;
    let (winners, _, mut trace) = run.run();
    trace
        .insert(0, format!("Each of the {} voters gets an equal share of {}.", election.ballots.len(), format(&share)));
    finish(election, winners, trace)
}

/// Add1: Equal Shares with cost utilities, every voter's share raised by `increment` at a
/// time while the outcome fits the budget; the last outcome that fits wins.
pub fn add1(election: &Election, increment: &Q) -> Outcome {
    let supporters = election.supporters();
    let base = base_share(election);
    let fundable = supporters.iter().filter(|s| !s.is_empty()).count();
    // As in the reference implementation, the total budget is raised at most to
    // (voters + 1) times the real one.
    let voters = Q::from_integer(election.ballots.len().into());
    let highest_share = &election.budget * (&voters + Q::one()) / voters.max(Q::one());
    let mut steps = BigInt::zero();
    let mut last_fit: Option<(BigInt, Vec<usize>)> = None;
    let mut trace = Vec::new();
    loop {
        let share = &base + increment * Q::from_integer(steps.clone());
        if share > highest_share {
            break;
        }
        let (winners, horizon, _) = Run::new(election, &supporters, Utility::Cost, share.clone()).run();
        let cost = election.cost_of(&winners);
        let fits = cost <= election.budget;
        trace.push(format!(
            "With a share of {}, Equal Shares funds {} projects for {}: {}.",
            format(&share),
            winners.len(),
            format(&cost),
            if fits { "within the budget" } else { "over the budget, so the previous outcome stands" }
        ));
        if !fits {
            break;
        }
        let complete = winners.len() == fundable;
        last_fit = Some((steps.clone(), winners));
        // With every project funded, or no decision that a larger share could change,
        // raising the share further gives the same outcome.
        match horizon.steps(increment) {
            Some(more) if !complete => steps += more,
            _ => break,
        }
    }
    let Some((steps, _)) = last_fit else {
        // The plain method never overspends, so this is unreachable with voters.
        return finish(election, Vec::new(), trace);
    };
    let share = &base + increment * Q::from_integer(steps);
    let mut run = Run::new(election, &supporters, Utility::Cost, share.clone());
    run.explain = true;
    let (winners, _, rounds) = run.run();
    trace.push(format!("The outcome with a share of {} is kept:", format(&share)));
    trace.extend(rounds);
    finish(election, winners, trace)
}

fn base_share(election: &Election) -> Q {
    let voters = election.ballots.len().max(1);
    &election.budget / Q::from_integer(voters.into())
}

fn finish(election: &Election, winners: Vec<usize>, trace: Vec<String>) -> Outcome {
    let total_cost = election.cost_of(&winners);
    Outcome { winners, total_cost, trace }
}

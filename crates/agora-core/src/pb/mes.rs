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

use std::cmp::Ordering;
use std::collections::HashMap;

use num_bigint::BigInt;
use num_integer::Integer;
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

/// A number as a function of δ, the extra share every voter would get on top of the
/// share of the run: `(p + q·δ) / den`. Along one sequence of decisions every amount in
/// the method is such a function, which is what lets Add1 skip steps exactly.
///
/// Amounts are kept as numerators over one common denominator, rather than as reduced
/// rationals: their denominators grow by a voter count at every round, and reducing
/// each sum by a greatest common divisor cost ten times the rest of the arithmetic.
#[derive(Debug, Clone)]
struct Line {
    p: BigInt,
    q: BigInt,
    den: BigInt,
}

impl Line {
    /// The numerator of `self − other` over the positive `self.den · other.den`.
    fn minus(&self, other: &Line) -> (BigInt, BigInt) {
        (&self.p * &other.den - &other.p * &self.den, &self.q * &other.den - &other.q * &self.den)
    }

    fn value(&self) -> Q {
        Q::new(self.p.clone(), self.den.clone())
    }

    /// Compares the values at δ = 0.
    fn cmp_now(&self, other: &Line) -> Ordering {
        (&self.p * &other.den).cmp(&(&other.p * &self.den))
    }
}

/// How far δ may go with every decision of a run staying the same: decisions relied on
/// some `p + q·δ ≥ 0` (or `> 0`) that held at δ = 0, and the first root of any of them
/// bounds the range.
#[derive(Debug, Default)]
struct Horizon {
    /// The bound as a fraction (numerator, positive denominator), and whether δ may
    /// equal it.
    bound: Option<(BigInt, BigInt, bool)>,
}

impl Horizon {
    fn rely(&mut self, (p, q): (BigInt, BigInt), strict: bool) {
        if !q.is_negative() {
            return;
        }
        let (root, root_den) = (p, -q);
        let inclusive = !strict;
        let tighter = match &self.bound {
            None => true,
            Some((bound, bound_den, bound_inclusive)) => match (&root * bound_den).cmp(&(bound * &root_den)) {
                Ordering::Less => true,
                Ordering::Equal => *bound_inclusive && !inclusive,
                Ordering::Greater => false,
            },
        };
        if tighter {
            self.bound = Some((root, root_den, inclusive));
        }
    }

    /// The number of increments after which the outcome may change, if ever.
    fn steps(&self, increment: &Q) -> Option<BigInt> {
        let (bound, bound_den, inclusive) = self.bound.as_ref()?;
        let ratio = Q::new(bound.clone(), bound_den.clone()) / increment;
        let steps = if *inclusive { ratio.floor().to_integer() + 1 } else { ratio.ceil().to_integer() };
        Some(steps.max(BigInt::one()))
    }
}

/// One run of Equal Shares with every voter starting from the same share.
struct Run<'e> {
    election: &'e Election,
    supporters: &'e [Vec<(u32, u64)>],
    /// Money is counted in units of 1/scale, which makes every cost a whole number.
    scale: BigInt,
    cost: Vec<BigInt>,
    /// Utility of one point for each project: its cost, or one.
    unit_utility: Vec<BigInt>,
    /// Cost utilities count a supporter once, whatever their points.
    count_points: bool,
    /// The most points on any ballot, and a scratch table for counting supporters.
    widest: u64,
    counts: Vec<u64>,
    /// The common denominator of every amount left.
    den: BigInt,
    /// The distinct amounts voters have left (numerators `p + q·δ` over `den`); voters
    /// with the same history share one.
    left: Vec<(BigInt, BigInt)>,
    /// Which amount each voter has left.
    voter_left: Vec<u32>,
    horizon: Horizon,
    explain: bool,
    trace: Vec<String>,
}

/// What one project would cost its supporters now.
struct Offer {
    project: usize,
    /// What the supporters who do not pay all they have pay per point:
    /// `remaining / (den · points)`, as numerators over `den`.
    remaining: (BigInt, BigInt),
    points: u64,
    /// ρ: payment per unit of utility.
    rho: Line,
    /// Supporter groups as (amount left, points, voters, pays all).
    groups: Vec<(u32, u64, u64, bool)>,
}

impl<'e> Run<'e> {
    fn new(election: &'e Election, supporters: &'e [Vec<(u32, u64)>], utility: Utility, share: &Q) -> Self {
        let scale = election.projects.iter().fold(BigInt::one(), |scale, p| scale.lcm(p.cost.denom()));
        let cost: Vec<BigInt> =
            election.projects.iter().map(|p| (&p.cost * Q::from_integer(scale.clone())).to_integer()).collect();
        let unit_utility = match utility {
            Utility::Cost => cost.clone(),
            Utility::Cardinality => vec![BigInt::one(); election.projects.len()],
        };
        // share·scale + δ·scale, over the denominator of share·scale.
        let scaled = share * Q::from_integer(scale.clone());
        let den = scaled.denom().clone();
        let start = (scaled.numer().clone(), &scale * &den);
        Run {
            election,
            supporters,
            scale,
            cost,
            unit_utility,
            count_points: utility == Utility::Cardinality,
            widest: election.ballots.iter().flat_map(|b| b.marks.iter().map(|m| m.1)).max().unwrap_or(1),
            counts: Vec::new(),
            den,
            left: vec![start],
            voter_left: vec![0; election.ballots.len()],
            horizon: Horizon::default(),
            explain: false,
            trace: Vec::new(),
        }
    }

    fn points(&self, points: u64) -> u64 {
        if self.count_points { points } else { 1 }
    }

    /// The supporters of `project` grouped by what they have left and their points.
    fn groups(&mut self, project: usize) -> Vec<(u32, u64, u64)> {
        // Counted in a reused dense table: this is the innermost loop of the method.
        let width = self.widest + 1;
        self.counts.resize(self.left.len() * width as usize, 0);
        let mut touched = Vec::new();
        for &(voter, points) in &self.supporters[project] {
            let key = (self.voter_left[voter as usize] as u64 * width + self.points(points)) as usize;
            if self.counts[key] == 0 {
                touched.push(key);
            }
            self.counts[key] += 1;
        }
        // A stable order, so the run does the same arithmetic every time.
        touched.sort_unstable();
        touched
            .into_iter()
            .map(|key| {
                let n = std::mem::take(&mut self.counts[key]);
                ((key as u64 / width) as u32, key as u64 % width, n)
            })
            .collect()
    }

    /// What `project` would cost its supporters, or None when they cannot pay for it.
    fn offer(&mut self, project: usize) -> Option<Offer> {
        let groups = self.groups(project);
        // Everything in numerators over `den`.
        let cost = &self.cost[project] * &self.den;
        let mut remaining = (cost.clone(), BigInt::zero());
        for &(left, _, n) in &groups {
            remaining.0 -= &self.left[left as usize].0 * n;
            remaining.1 -= &self.left[left as usize].1 * n;
        }
        // `remaining` is now cost − everything the supporters have.
        if remaining.0.is_positive() {
            self.horizon.rely(remaining, true);
            return None;
        }
        self.horizon.rely((-remaining.0, -remaining.1), false);

        // Water-filling: voters whose amount left per point is below the price pay all
        // they have; the others pay the price per point.
        let mut order: Vec<usize> = (0..groups.len()).collect();
        let left = |g: &(u32, u64, u64)| &self.left[g.0 as usize].0;
        order.sort_by(|&a, &b| (left(&groups[a]) * groups[b].1).cmp(&(left(&groups[b]) * groups[a].1)));
        let mut remaining = (cost, BigInt::zero());
        let mut points: u64 = groups.iter().map(|g| g.1 * g.2).sum();
        let mut pays_all = vec![false; groups.len()];
        for &i in &order {
            let (l, p, n) = groups[i];
            // left / p < remaining / points
            if left(&groups[i]) * points >= &remaining.0 * p {
                break;
            }
            remaining.0 -= &self.left[l as usize].0 * n;
            remaining.1 -= &self.left[l as usize].1 * n;
            points -= p * n;
            pays_all[i] = true;
        }
        if points == 0 {
            // Only when everyone pays exactly all they have, which the loop never
            // reaches: the last group's share per point equals the price.
            return None;
        }
        for (i, &(l, p, _)) in groups.iter().enumerate() {
            // price − left = (remaining·p − left·points) / (den·points)
            let (lp, lq) = &self.left[l as usize];
            let margin = (&remaining.0 * p - lp * points, &remaining.1 * p - lq * points);
            self.horizon.rely(if pays_all[i] { margin } else { (-margin.0, -margin.1) }, false);
        }
        let unit = &self.unit_utility[project];
        let rho = if unit.is_zero() {
            Line { p: BigInt::zero(), q: BigInt::zero(), den: BigInt::one() }
        } else {
            Line { p: remaining.0.clone(), q: remaining.1.clone(), den: &self.den * points * unit }
        };
        let groups = groups.into_iter().zip(pays_all).map(|((l, p, n), all)| (l, p, n, all)).collect();
        Some(Offer { project, remaining, points, rho, groups })
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
        let mut last_rho: Vec<Option<Line>> = vec![None; self.election.projects.len()];
        let mut winners = Vec::new();
        // Is (ρ, project) before (ρ', project')?
        let before = |a: &Line, pa: usize, b: &Line, pb: usize| a.cmp_now(b).then(pa.cmp(&pb)) == Ordering::Less;
        loop {
            // Never-computed projects first, then by bound, then in id order.
            open.sort_by(|&a, &b| match (&last_rho[a], &last_rho[b]) {
                (None, None) => a.cmp(&b),
                (None, Some(_)) => Ordering::Less,
                (Some(_), None) => Ordering::Greater,
                (Some(x), Some(y)) => x.cmp_now(y).then(a.cmp(&b)),
            });
            let mut best: Option<Offer> = None;
            let mut out_of_reach = Vec::new();
            for &project in &open {
                if let (Some(best), Some(bound)) = (&best, &last_rho[project])
                    && !before(bound, project, &best.rho, best.project)
                {
                    break;
                }
                match self.offer(project) {
                    Some(offer) => {
                        last_rho[project] = Some(offer.rho.clone());
                        if best.as_ref().is_none_or(|b| before(&offer.rho, project, &b.rho, b.project)) {
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
                    self.horizon.rely(rho.minus(&offer.rho), project < offer.project);
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

    /// The supporters pay; every amount moves to the new common denominator
    /// `den · points`, and amounts no voter holds any more are dropped.
    fn pay(&mut self, offer: &Offer) {
        let points = offer.points;
        let before = self.left.len();
        // What each supporter group has left afterwards, numbered after the old amounts.
        let mut fresh: Vec<(BigInt, BigInt)> = Vec::new();
        let mut fresh_index: HashMap<(BigInt, BigInt), u32> = HashMap::new();
        let mut moved: HashMap<(u32, u64), u32> = HashMap::new();
        for &(l, p, _, pays_all) in &offer.groups {
            let after = if pays_all {
                (BigInt::zero(), BigInt::zero())
            } else {
                let (lp, lq) = &self.left[l as usize];
                (lp * points - &offer.remaining.0 * p, lq * points - &offer.remaining.1 * p)
            };
            let next = (before + fresh.len()) as u32;
            let at = *fresh_index.entry(after.clone()).or_insert(next);
            if at == next {
                fresh.push(after);
            }
            moved.insert((l, p), at);
        }
        for &(voter, p) in &self.supporters[offer.project] {
            let p = self.points(p);
            let voter = voter as usize;
            self.voter_left[voter] = moved[&(self.voter_left[voter], p)];
        }
        let mut renumber = vec![u32::MAX; before + fresh.len()];
        let mut left = Vec::new();
        let mut fresh: Vec<Option<(BigInt, BigInt)>> = fresh.into_iter().map(Some).collect();
        for class in &mut self.voter_left {
            let old = *class as usize;
            if renumber[old] == u32::MAX {
                renumber[old] = left.len() as u32;
                left.push(match old.checked_sub(before) {
                    Some(i) => fresh[i].take().unwrap_or_default(),
                    None => (&self.left[old].0 * points, &self.left[old].1 * points),
                });
            }
            *class = renumber[old];
        }
        self.left = left;
        self.den *= points;
    }

    /// An amount in currency units.
    fn money(&self, numerator: &BigInt, den: &BigInt) -> Q {
        Q::new(numerator.clone(), den * &self.scale)
    }

    fn funded(&self, offer: &Offer, round: usize) -> String {
        let voters: u64 = offer.groups.iter().map(|g| g.2).sum();
        let all_in: u64 = offer.groups.iter().filter(|g| g.3).map(|g| g.2).sum();
        let price_den = &self.den * offer.points;
        let most = offer
            .groups
            .iter()
            .map(|&(l, p, _, all)| {
                if all {
                    self.money(&self.left[l as usize].0, &self.den)
                } else {
                    self.money(&(&offer.remaining.0 * p), &price_den)
                }
            })
            .max()
            .unwrap_or_default();
        let project = offer.project;
        let rho =
            if self.count_points { offer.rho.value() / Q::from_integer(self.scale.clone()) } else { offer.rho.value() };
        format!(
            "Round {round}: {} is funded for {}: of all projects its supporters can still pay for, it costs \
             them the least per unit of utility (ρ = {}). Its {voters} supporters pay at most {} each{}.",
            self.election.label(project),
            format(&self.election.projects[project].cost),
            format(&rho),
            format(&most),
            if all_in > 0 { format!("; {all_in} of them pay all they had left") } else { String::new() },
        )
    }

    fn unaffordable(&self, project: usize) -> String {
        let left: BigInt =
            self.supporters[project].iter().map(|&(v, _)| &self.left[self.voter_left[v as usize] as usize].0).sum();
        format!(
            "{} can no longer be funded: it costs {} and its supporters have {} left.",
            self.election.label(project),
            format(&self.election.projects[project].cost),
            format(&self.money(&left, &self.den))
        )
    }
}

/// Equal Shares with each voter's share the budget divided by the number of voters
/// (empty ballots included).
pub fn equal_shares(election: &Election, utility: Utility) -> Outcome {
    let supporters = election.supporters();
    let share = base_share(election);
    let mut run = Run::new(election, &supporters, utility, &share);
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
        let (winners, horizon, _) = Run::new(election, &supporters, Utility::Cost, &share).run();
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
    let mut run = Run::new(election, &supporters, Utility::Cost, &share);
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

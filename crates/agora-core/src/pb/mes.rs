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
use std::rc::Rc;

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

/// A number as a function of δ, the extra share every voter gets on top of the share
/// the run started from: `(p + q·δ) / den`. Along one sequence of decisions every amount in
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
    fn value(&self) -> Q {
        Q::new(self.p.clone(), self.den.clone())
    }
}

/// A ρ at the run's δ, to be compared many times in a round: `num / den`, where `num` is
/// `b · (p + q·δ)` (the δ's denominator `b` is the same for every ρ of the run, so it
/// cancels), and a float close to it.
struct RhoAt {
    approx: f64,
    num: BigInt,
    den: BigInt,
}

impl RhoAt {
    fn new(rho: &Line, at: &At) -> Self {
        let num = at.value(&rho.p, &rho.q);
        RhoAt { approx: ratio(&num, &rho.den), num, den: rho.den.clone() }
    }

    fn cmp(&self, other: &RhoAt) -> Ordering {
        cmp_approx(self.approx, other.approx, || (&self.num * &other.den).cmp(&(&other.num * &self.den)))
    }
}

/// `num / den` as a float, within 10⁻¹⁵ of it relatively, from the two leading 64-bit
/// digits of each (no number is allocated); NaN or infinite when out of the float range.
fn ratio(num: &BigInt, den: &BigInt) -> f64 {
    // |x| as mantissa · 2^exponent.
    let leading = |x: &BigInt| {
        let digits = x.iter_u64_digits();
        let exponent = 64 * (digits.len() as i32 - 2);
        let mut top = digits.rev();
        let high = top.next().unwrap_or(0) as f64;
        let low = top.next().unwrap_or(0) as f64;
        (high * 2f64.powi(64) + low, exponent)
    };
    let ((n, n_exp), (d, d_exp)) = (leading(num), leading(den));
    let sign = if num.is_negative() != den.is_negative() { -1.0 } else { 1.0 };
    sign * n / d * 2f64.powi(n_exp - d_exp)
}

/// Orders `a` and `b` by their floats when these are far enough apart to be sure, so
/// that only close ones are compared in big numbers (`exact`).
fn cmp_approx(a: f64, b: f64, exact: impl FnOnce() -> Ordering) -> Ordering {
    if a.is_finite() && b.is_finite() && (a - b).abs() > 1e-9 * a.abs().max(b.abs()) {
        a.total_cmp(&b)
    } else {
        exact()
    }
}

/// `acc −= x · n`, with `scratch` for the product so that no number is allocated once
/// the buffers have grown: this runs for every supporter group of every offer.
fn sub_times(acc: &mut BigInt, x: &BigInt, n: u64, scratch: &mut BigInt) {
    scratch.clone_from(x);
    *scratch *= n;
    *acc -= &*scratch;
}

/// The δ a run is at, `a / b` with `b > 0`.
#[derive(Debug, Clone)]
struct At {
    a: BigInt,
    b: BigInt,
}

impl At {
    /// `b · (p + q·δ)`: the sign and order of an amount at this δ.
    fn value(&self, p: &BigInt, q: &BigInt) -> BigInt {
        p * &self.b + q * &self.a
    }

    /// Whether δ is still within a decision's bound.
    fn within(&self, (bound, bound_den, inclusive): &(BigInt, BigInt, bool)) -> bool {
        match (&self.a * bound_den).cmp(&(bound * &self.b)) {
            Ordering::Less => true,
            Ordering::Equal => *inclusive,
            Ordering::Greater => false,
        }
    }
}

/// How far δ may go with every decision of a run staying the same: decisions relied on
/// some `p + q·δ ≥ 0` (or `> 0`) that held at the run's δ, and the first root of any of
/// them bounds the range.
#[derive(Debug, Default, Clone)]
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
            Some((bound, bound_den, bound_inclusive)) => {
                let (new, old) = (ratio(&root, &root_den), ratio(bound, bound_den));
                match cmp_approx(new, old, || (&root * bound_den).cmp(&(bound * &root_den))) {
                    Ordering::Less => true,
                    Ordering::Equal => *bound_inclusive && !inclusive,
                    Ordering::Greater => false,
                }
            }
        };
        if tighter {
            self.bound = Some((root, root_den, inclusive));
        }
    }

    fn merge(&mut self, other: &Horizon) {
        if let Some((bound, bound_den, inclusive)) = &other.bound {
            // rely() keeps the tighter of two bounds: p + q·δ with p = bound, q = −bound_den.
            self.rely((bound.clone(), -bound_den.clone()), !inclusive);
        }
    }

    /// The first number of increments at which a decision may change, if any.
    fn next_step(&self, increment: &Q) -> Option<BigInt> {
        let (bound, bound_den, inclusive) = self.bound.as_ref()?;
        let ratio = Q::new(bound.clone(), bound_den.clone()) / increment;
        Some(if *inclusive { ratio.floor().to_integer() + 1 } else { ratio.ceil().to_integer() })
    }
}

/// Where a run stands at the start of a round; Add1 resumes a run from the first round
/// whose decisions a larger share changes. A snapshot is taken every round, so what a
/// round replaces rather than edits is shared (`Rc`), not copied.
#[derive(Clone)]
struct State {
    /// The common denominator of every amount left.
    den: BigInt,
    /// The distinct amounts voters have left (numerators `p + q·δ` over `den`); voters
    /// with the same history share one.
    left: Rc<Vec<(BigInt, BigInt)>>,
    /// Which amount each voter has left.
    voter_left: Vec<u32>,
    /// Projects not funded and not yet out of reach.
    open: Vec<usize>,
    /// Each project's ρ when last computed.
    last_rho: Vec<Option<Rc<Line>>>,
    winners: Vec<usize>,
}

/// A run of Equal Shares with every voter starting from the same share plus δ.
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
    /// Each amount left at the run's δ, and the round it was computed in: an offer
    /// computes what it needs of them, and later offers of the round reuse it.
    now: Vec<BigInt>,
    now_round: Vec<u64>,
    round_id: u64,
    at: At,
    state: State,
    /// The state at the start of each round so far, and what each round relied on.
    rounds: Vec<(State, Horizon)>,
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
    /// What computing ρ relied on: who pays all they have, and that they can pay.
    relies: Horizon,
}

impl<'e> Run<'e> {
    fn new(election: &'e Election, supporters: &'e [Vec<(u32, u64)>], utility: Utility, share: &Q) -> Self {
        let (scale, cost) = election.whole_costs();
        let unit_utility = match utility {
            Utility::Cost => cost.clone(),
            Utility::Cardinality => vec![BigInt::one(); election.projects.len()],
        };
        // share·scale + δ·scale, over the denominator of share·scale.
        let scaled = share * Q::from_integer(scale.clone());
        let den = scaled.denom().clone();
        let start = (scaled.numer().clone(), &scale * &den);
        let state = State {
            den,
            left: Rc::new(vec![start]),
            voter_left: vec![0; election.ballots.len()],
            open: (0..election.projects.len()).filter(|&p| !supporters[p].is_empty()).collect(),
            last_rho: vec![None; election.projects.len()],
            winners: Vec::new(),
        };
        Run {
            election,
            supporters,
            scale,
            cost,
            unit_utility,
            count_points: utility == Utility::Cardinality,
            widest: election.ballots.iter().flat_map(|b| b.marks.iter().map(|m| m.1)).max().unwrap_or(1),
            counts: Vec::new(),
            now: Vec::new(),
            now_round: Vec::new(),
            round_id: 0,
            at: At { a: BigInt::zero(), b: BigInt::one() },
            state,
            rounds: Vec::new(),
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
        self.counts.resize(self.state.left.len() * width as usize, 0);
        let mut touched = Vec::new();
        for &(voter, points) in &self.supporters[project] {
            let key = (self.state.voter_left[voter as usize] as u64 * width + self.points(points)) as usize;
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
        // What each group's amount left is at this δ, computed once a round per amount.
        for &(l, _, _) in &groups {
            let l = l as usize;
            if self.now_round[l] != self.round_id {
                let (p, q) = &self.state.left[l];
                self.now[l] = self.at.value(p, q);
                self.now_round[l] = self.round_id;
            }
        }
        let (left, now, at) = (&self.state.left, &self.now, &self.at);
        let mut scratch = BigInt::zero();
        // Everything in numerators over `den`.
        let cost = &self.cost[project] * &self.state.den;
        let mut short = (cost.clone(), BigInt::zero());
        for &(l, _, n) in &groups {
            sub_times(&mut short.0, &left[l as usize].0, n, &mut scratch);
            sub_times(&mut short.1, &left[l as usize].1, n, &mut scratch);
        }
        // `short` is now cost − everything the supporters have.
        if at.value(&short.0, &short.1).is_positive() {
            self.horizon.rely(short, true);
            return None;
        }
        // What the offer's own arithmetic relies on matters only if it wins: for any
        // other project, the ρ computed here with its supporters who pay all they have
        // held fixed is never above its true ρ, so it stays a valid lower bound.
        let mut relies = Horizon::default();
        relies.rely((-short.0, -short.1), false);

        // Water-filling: voters whose amount left per point is below the price pay all
        // they have; the others pay the price per point.
        let mut order: Vec<usize> = (0..groups.len()).collect();
        if self.count_points {
            order.sort_by(|&a, &b| {
                (&now[groups[a].0 as usize] * groups[b].1).cmp(&(&now[groups[b].0 as usize] * groups[a].1))
            });
        } else {
            // One point each: the amounts left alone give the order.
            order.sort_by(|&a, &b| now[groups[a].0 as usize].cmp(&now[groups[b].0 as usize]));
        }
        let mut remaining_now = at.value(&cost, &BigInt::zero());
        let mut remaining = (cost, BigInt::zero());
        let mut points: u64 = groups.iter().map(|g| g.1 * g.2).sum();
        let mut pays_all = vec![false; groups.len()];
        let (mut share, mut price) = (BigInt::zero(), BigInt::zero());
        for &i in &order {
            let (l, p, n) = groups[i];
            let l = l as usize;
            // left / p < remaining / points
            share.clone_from(&now[l]);
            share *= points;
            price.clone_from(&remaining_now);
            price *= p;
            if share >= price {
                break;
            }
            sub_times(&mut remaining.0, &left[l].0, n, &mut scratch);
            sub_times(&mut remaining.1, &left[l].1, n, &mut scratch);
            sub_times(&mut remaining_now, &now[l], n, &mut scratch);
            points -= p * n;
            pays_all[i] = true;
        }
        if points == 0 {
            // Only when everyone pays exactly all they have, which the loop never
            // reaches: the last group's share per point equals the price.
            return None;
        }
        let mut slope = BigInt::zero();
        for (i, &(l, p, _)) in groups.iter().enumerate() {
            // price − left = (remaining·p − left·points) / (den·points); only a margin
            // that shrinks as δ grows can bound the range.
            let (lp, lq) = &left[l as usize];
            slope.clone_from(&remaining.1);
            slope *= p;
            sub_times(&mut slope, lq, points, &mut scratch);
            let shrinks = if pays_all[i] { slope.is_negative() } else { slope.is_positive() };
            if shrinks {
                let margin = &remaining.0 * p - lp * points;
                relies.rely(if pays_all[i] { (margin, slope.clone()) } else { (-margin, -&slope) }, false);
            }
        }
        let unit = &self.unit_utility[project];
        let rho = if unit.is_zero() {
            Line { p: BigInt::zero(), q: BigInt::zero(), den: BigInt::one() }
        } else {
            Line { p: remaining.0.clone(), q: remaining.1.clone(), den: &self.state.den * points * unit }
        };
        let groups = groups.into_iter().zip(pays_all).map(|((l, p, n), all)| (l, p, n, all)).collect();
        Some(Offer { project, remaining, points, rho, groups, relies })
    }

    /// Goes on with the rounds until no project can be paid for.
    ///
    /// A project's ρ only grows from round to round (amounts left only shrink), so the
    /// ρ it had when last computed is a lower bound: projects are tried from the lowest
    /// bound up, and the round stops computing as soon as the next bound cannot beat the
    /// best offer so far.
    fn finish_rounds(&mut self) {
        loop {
            if !self.explain {
                self.rounds.push((self.state.clone(), Horizon::default()));
            }
            self.horizon = Horizon::default();
            let funded = self.round();
            if let Some(round) = self.rounds.last_mut() {
                round.1 = std::mem::take(&mut self.horizon);
            }
            if !funded {
                break;
            }
        }
    }

    /// One round: funds the project with the lowest ρ, if any can be paid for.
    fn round(&mut self) -> bool {
        self.round_id += 1;
        let classes = self.state.left.len();
        if self.now.len() < classes {
            self.now.resize(classes, BigInt::zero());
            self.now_round.resize(classes, 0);
        }
        let at = self.at.clone();
        // Is (ρ, project) before (ρ', project')?
        let before = |a: &RhoAt, pa: usize, b: &RhoAt, pb: usize| a.cmp(b).then(pa.cmp(&pb)).is_lt();
        // Never-computed projects first, then by bound, then in id order.
        let mut open: Vec<(usize, Option<RhoAt>)> = std::mem::take(&mut self.state.open)
            .into_iter()
            .map(|p| (p, self.state.last_rho[p].as_ref().map(|rho| RhoAt::new(rho, &at))))
            .collect();
        open.sort_by(|(a, x), (b, y)| match (x, y) {
            (None, None) => a.cmp(b),
            (None, Some(_)) => Ordering::Less,
            (Some(_), None) => Ordering::Greater,
            (Some(x), Some(y)) => x.cmp(y).then(a.cmp(b)),
        });
        let mut best: Option<(Offer, RhoAt)> = None;
        let mut out_of_reach = Vec::new();
        for (project, bound) in &open {
            let project = *project;
            if let (Some((best, best_rho)), Some(bound)) = (&best, bound)
                && !before(bound, project, best_rho, best.project)
            {
                break;
            }
            match self.offer(project) {
                Some(offer) => {
                    let rho = RhoAt::new(&offer.rho, &at);
                    self.state.last_rho[project] = Some(Rc::new(offer.rho.clone()));
                    if best.as_ref().is_none_or(|(b, b_rho)| before(&rho, project, b_rho, b.project)) {
                        best = Some((offer, rho));
                    }
                }
                // Amounts left only shrink, so a project out of reach stays so.
                None => out_of_reach.push(project),
            }
        }
        let mut open: Vec<usize> = open.into_iter().map(|(p, _)| p).collect();
        if self.explain {
            for &project in &out_of_reach {
                let line = self.unaffordable(project);
                self.trace.push(line);
            }
        }
        open.retain(|p| !out_of_reach.contains(p));
        let Some((offer, _)) = best else {
            self.state.open = open;
            return false;
        };
        // The winner's ρ is exact, and at most every other project's lower bound (as
        // computed, or from an earlier round), strictly less than those it beats on a tie.
        // Only a gap that shrinks as δ grows can bound the range.
        self.horizon.merge(&offer.relies);
        let winner = &offer.rho;
        for &project in &open {
            if let Some(rho) = &self.state.last_rho[project]
                && project != offer.project
            {
                let slope = &rho.q * &winner.den - &winner.q * &rho.den;
                if slope.is_negative() {
                    let gap = &rho.p * &winner.den - &winner.p * &rho.den;
                    self.horizon.rely((gap, slope), project < offer.project);
                }
            }
        }
        if self.explain {
            let line = self.funded(&offer, self.state.winners.len() + 1);
            self.trace.push(line);
        }
        self.pay(&offer);
        open.retain(|&p| p != offer.project);
        self.state.open = open;
        self.state.winners.push(offer.project);
        true
    }

    /// Moves the run to δ = `at`: rounds whose decisions all still hold there are kept,
    /// the run goes on from the first that does not.
    fn resume(&mut self, at: At) {
        let first_changed =
            self.rounds.iter().position(|(_, horizon)| horizon.bound.as_ref().is_some_and(|b| !at.within(b)));
        if let Some(round) = first_changed {
            self.state = self.rounds[round].0.clone();
            self.rounds.truncate(round);
        }
        self.at = at;
        if first_changed.is_some() || self.rounds.is_empty() {
            self.finish_rounds();
        }
    }

    /// How far δ may go with the outcome staying the same, over every round.
    fn horizon(&self) -> Horizon {
        let mut horizon = Horizon::default();
        for (_, round) in &self.rounds {
            horizon.merge(round);
        }
        horizon
    }

    /// The supporters pay; every amount moves to the new common denominator
    /// `den · points`, and amounts no voter holds any more are dropped.
    fn pay(&mut self, offer: &Offer) {
        let points = offer.points;
        let before = self.state.left.len();
        let width = self.widest + 1;
        // What each supporter group has left afterwards, numbered after the old amounts:
        // one new amount for everyone who pays all they have (nothing), one per other
        // group. Meanwhile the counting table of `groups`, all zeros between calls, maps
        // each group (same index) to its new amount.
        let mut fresh: Vec<(BigInt, BigInt)> = Vec::new();
        let mut nothing_left = None;
        self.counts.resize(before * width as usize, 0);
        for &(l, p, _, pays_all) in &offer.groups {
            let class = if pays_all {
                *nothing_left.get_or_insert_with(|| {
                    fresh.push((BigInt::zero(), BigInt::zero()));
                    before + fresh.len() - 1
                })
            } else {
                let (lp, lq) = &self.state.left[l as usize];
                fresh.push((lp * points - &offer.remaining.0 * p, lq * points - &offer.remaining.1 * p));
                before + fresh.len() - 1
            };
            self.counts[(l as u64 * width + p) as usize] = class as u64;
        }
        for &(voter, p) in &self.supporters[offer.project] {
            let p = self.points(p);
            let class = &mut self.state.voter_left[voter as usize];
            *class = self.counts[(*class as u64 * width + p) as usize] as u32;
        }
        for &(l, p, _, _) in &offer.groups {
            self.counts[(l as u64 * width + p) as usize] = 0;
        }
        let mut renumber = vec![u32::MAX; before + fresh.len()];
        let mut left = Vec::new();
        let mut fresh: Vec<Option<(BigInt, BigInt)>> = fresh.into_iter().map(Some).collect();
        for class in &mut self.state.voter_left {
            let old = *class as usize;
            if renumber[old] == u32::MAX {
                renumber[old] = left.len() as u32;
                left.push(match old.checked_sub(before) {
                    Some(i) => fresh[i].take().unwrap_or_default(),
                    None => (&self.state.left[old].0 * points, &self.state.left[old].1 * points),
                });
            }
            *class = renumber[old];
        }
        self.state.left = Rc::new(left);
        self.state.den *= points;
    }

    /// An amount in currency units.
    fn money(&self, numerator: &BigInt, den: &BigInt) -> Q {
        Q::new(numerator.clone(), den * &self.scale)
    }

    fn funded(&self, offer: &Offer, round: usize) -> String {
        let voters: u64 = offer.groups.iter().map(|g| g.2).sum();
        let all_in: u64 = offer.groups.iter().filter(|g| g.3).map(|g| g.2).sum();
        let price_den = &self.state.den * offer.points;
        let most = offer
            .groups
            .iter()
            .map(|&(l, p, _, all)| {
                if all {
                    self.money(&self.state.left[l as usize].0, &self.state.den)
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
            match all_in {
                0 => String::new(),
                1 => "; one of them pays all they had left".to_owned(),
                n => format!("; {n} of them pay all they had left"),
            },
        )
    }

    fn unaffordable(&self, project: usize) -> String {
        let state = &self.state;
        let left: BigInt =
            self.supporters[project].iter().map(|&(v, _)| &state.left[state.voter_left[v as usize] as usize].0).sum();
        format!(
            "{} can no longer be funded: it costs {} and its supporters have {} left.",
            self.election.label(project),
            format(&self.election.projects[project].cost),
            format(&self.money(&left, &state.den))
        )
    }
}

/// Equal Shares with each voter's share the budget divided by the number of voters
/// (empty ballots included).
pub fn equal_shares(election: &Election, utility: Utility) -> Outcome {
    let supporters = election.supporters();
    let share = base_share(election);
    let (winners, mut trace) = explained(election, &supporters, utility, &share);
    trace
        .insert(0, format!("Each of the {} voters gets an equal share of {}.", election.ballots.len(), format(&share)));
    finish(election, winners, trace)
}

/// Where Add1 stands each time it has computed an outcome, for a progress display: a
/// large city can take minutes.
#[derive(Debug)]
pub struct Add1Step<'a> {
    /// Every voter's share.
    pub share: &'a Q,
    /// How many increments it adds to the equal share of the budget.
    pub steps: &'a BigInt,
    /// Equal Shares' outcome with that share: projects funded and their cost.
    pub funded: usize,
    pub cost: &'a Q,
}

/// Add1: Equal Shares with cost utilities, every voter's share raised by `increment` at a
/// time while the outcome fits the budget; the last outcome that fits wins.
pub fn add1(election: &Election, increment: &Q) -> Outcome {
    add1_watched(election, increment, &mut |_| {})
}

/// [`add1`], telling `watch` about every outcome on the way.
pub fn add1_watched(election: &Election, increment: &Q, watch: &mut dyn FnMut(&Add1Step)) -> Outcome {
    let supporters = election.supporters();
    let base = base_share(election);
    // As in the reference implementation, the total budget is raised at most to
    // (voters + 1) times the real one.
    let voters = Q::from_integer(election.ballots.len().into());
    let highest_share = &election.budget * (&voters + Q::one()) / voters.max(Q::one());
    let mut run = Run::new(election, &supporters, Utility::Cost, &base);
    let mut steps = BigInt::zero();
    let mut last_fit: Option<Q> = None;
    let mut trace = Vec::new();
    loop {
        let extra = increment * Q::from_integer(steps.clone());
        let share = &base + &extra;
        if share > highest_share {
            break;
        }
        run.resume(At { a: extra.numer().clone(), b: extra.denom().clone() });
        let winners = &run.state.winners;
        let cost = election.cost_of(winners);
        let fits = cost <= election.budget;
        watch(&Add1Step { share: &share, steps: &steps, funded: winners.len(), cost: &cost });
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
        last_fit = Some(share);
        // The steps before the first one that changes a decision give the same outcome.
        // Even with every project funded the share goes on rising: a larger share can
        // fund fewer projects (one funded earlier leaves another out of reach).
        match run.horizon().next_step(increment) {
            Some(next) => steps = next.max(steps + 1),
            None => break,
        }
    }
    let Some(share) = last_fit else {
        // The plain method never overspends, so this is unreachable with voters.
        return finish(election, Vec::new(), trace);
    };
    let (winners, rounds) = explained(election, &supporters, Utility::Cost, &share);
    trace.push(format!("The outcome with a share of {} is kept:", format(&share)));
    trace.extend(rounds);
    finish(election, winners, trace)
}

/// A fresh run at `share` that says what it does at each round.
fn explained(
    election: &Election,
    supporters: &[Vec<(u32, u64)>],
    utility: Utility,
    share: &Q,
) -> (Vec<usize>, Vec<String>) {
    let mut run = Run::new(election, supporters, utility, share);
    run.explain = true;
    run.finish_rounds();
    (run.state.winners, run.trace)
}

fn base_share(election: &Election) -> Q {
    let voters = election.ballots.len().max(1);
    &election.budget / Q::from_integer(voters.into())
}

fn finish(election: &Election, winners: Vec<usize>, trace: Vec<String>) -> Outcome {
    let total_cost = election.cost_of(&winners);
    Outcome { winners, total_cost, trace }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pb::parse;

    fn election(budget: &str, projects: &[(&str, u32)], ballots: &[&str]) -> Election {
        let mut text = format!("META\nkey;value\nbudget;{budget}\nPROJECTS\nproject_id;cost\n");
        for (id, cost) in projects {
            text += &format!("{id};{cost}\n");
        }
        text += "VOTES\nvoter_id;vote\n";
        for (i, ballot) in ballots.iter().enumerate() {
            text += &format!("{i};{ballot}\n");
        }
        parse(&text).unwrap()
    }

    fn ids(election: &Election, outcome: &Outcome) -> Vec<String> {
        outcome.winners.iter().map(|&p| election.projects[p].id.clone()).collect()
    }

    #[test]
    fn equal_shares_is_proportional_where_greedy_is_not() {
        // Three voters want x1, x2, x3; one wants y. Each voter's share is 3/4.
        let e = election("3", &[("x1", 1), ("x2", 1), ("x3", 1), ("y", 1)], &["x1,x2,x3", "x1,x2,x3", "x1,x2,x3", "y"]);
        let mes = equal_shares(&e, Utility::Cost);
        // x1 and x2 cost the three 1/3 each; x3 would need 1/3 more from each but they
        // have 1/12 left; y's supporter has 3/4 for a project of 1.
        assert_eq!(ids(&e, &mes), ["x1", "x2"]);
        assert!(mes.trace.iter().any(|line| line.contains("#x3 can no longer be funded")), "{:?}", mes.trace);
        assert_eq!(ids(&e, &crate::pb::greedy::by_votes(&e)), ["x1", "x2", "x3"]);
        // Add1 raises the shares to 1: the lone voter's project is funded too... but
        // that outcome (4) exceeds the budget (3), so the last outcome that fits stands.
        let mut seen = Vec::new();
        let add1 = add1_watched(&e, &Q::from_integer(1.into()), &mut |step| {
            seen.push((step.share.clone(), step.steps.clone(), step.funded, step.cost.clone()))
        });
        assert_eq!(ids(&e, &add1), ["x1", "x2"]);
        // Shares 3/4 (x1, x2 for 2) and 3/4 + 1 (all four for 4): the watcher saw both.
        let q = |n: i64, d: i64| Q::new(n.into(), d.into());
        let int = |n: i64| BigInt::from(n);
        assert_eq!(seen, [(q(3, 4), int(0), 2, q(2, 1)), (q(7, 4), int(1), 4, q(4, 1))]);
    }

    #[test]
    fn floats_order_big_ratios_as_their_exact_values() {
        let big = |s: &str| s.parse::<BigInt>().unwrap();
        let cases = [
            ("1", "3"),
            ("-7", "2"),
            ("0", "5"),
            ("123456789012345678901234567890", "7"),
            ("5", "123456789012345678901234567890"),
            ("340282366920938463463374607431768211457", "340282366920938463463374607431768211456"),
        ];
        for (num, den) in cases {
            let exact = Q::new(big(num), big(den));
            let expected = num.parse::<f64>().unwrap() / den.parse::<f64>().unwrap();
            let got = ratio(&big(num), &big(den));
            assert!((got - expected).abs() <= 1e-15 * expected.abs(), "{exact}: {got} instead of {expected}");
        }
        // Far apart: the floats decide; equal or 10⁻⁹ close: the exact values do.
        let huge = big("1000000000000000000000000000000000000000000000000000000000000");
        let close = huge.clone() + 1;
        let at = At { a: BigInt::zero(), b: BigInt::one() };
        let rho =
            |p: &BigInt, den: &BigInt| RhoAt::new(&Line { p: p.clone(), q: BigInt::zero(), den: den.clone() }, &at);
        assert_eq!(rho(&huge, &BigInt::one()).cmp(&rho(&close, &BigInt::one())), Ordering::Less);
        assert_eq!(rho(&close, &close).cmp(&rho(&huge, &huge)), Ordering::Equal);
        assert_eq!(rho(&BigInt::one(), &BigInt::from(3)).cmp(&rho(&BigInt::one(), &BigInt::from(2))), Ordering::Less);
    }

    #[test]
    fn ties_go_to_the_project_id_first_as_a_string() {
        // Same supporters, same ρ (cost utilities: 1/supporters whatever the cost).
        let e = election("100", &[("c2", 10), ("c10", 40)], &["c2,c10", "c2,c10"]);
        let outcome = equal_shares(&e, Utility::Cost);
        assert_eq!(ids(&e, &outcome), ["c10", "c2"]);
    }

    /// A small deterministic generator of elections, to compare Add1's step skipping
    /// with the plain loop over every step.
    fn random_election(seed: &mut u64) -> Election {
        let mut next = |n: u64| {
            *seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (*seed >> 33) % n
        };
        let projects: Vec<(String, u32)> = (0..2 + next(5)).map(|i| (format!("p{i}"), 1 + next(30) as u32)).collect();
        let ballots: Vec<String> = (0..2 + next(9))
            .map(|_| {
                let chosen: Vec<&str> =
                    projects.iter().filter(|_| next(2) == 0).map(|(id, _)| id.as_str()).collect::<Vec<_>>();
                chosen.join(",")
            })
            .collect();
        let budget = (10 + next(60)).to_string();
        let projects: Vec<(&str, u32)> = projects.iter().map(|(id, cost)| (id.as_str(), *cost)).collect();
        let ballots: Vec<&str> = ballots.iter().map(String::as_str).collect();
        election(&budget, &projects, &ballots)
    }

    /// Add1 as the reference implementation runs it: every step, one after another.
    fn add1_step_by_step(e: &Election, increment: &Q) -> Vec<usize> {
        let supporters = e.supporters();
        let base = base_share(e);
        let voters = Q::from_integer(e.ballots.len().into());
        let highest = &e.budget * (&voters + Q::one()) / &voters;
        let mut last = Vec::new();
        let mut share = base;
        while share <= highest {
            let (winners, _) = explained(e, &supporters, Utility::Cost, &share);
            if e.cost_of(&winners) > e.budget {
                break;
            }
            last = winners;
            share += increment;
        }
        last
    }

    #[test]
    fn add1_skips_only_steps_that_change_nothing() {
        let mut seed = 7;
        let increments = [Q::from_integer(1.into()), Q::new(1.into(), 3.into()), Q::new(5.into(), 2.into())];
        for case in 0..1000 {
            let e = random_election(&mut seed);
            let increment = &increments[case % increments.len()];
            assert_eq!(add1(&e, increment).winners, add1_step_by_step(&e, increment), "case {case}: {e:?}");
        }
    }
}

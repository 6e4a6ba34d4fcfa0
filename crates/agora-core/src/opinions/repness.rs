//! What sets each group apart (representative statements) and what most people share
//! (consensus statements), by Pol.is's proportion tests with +1 pseudocounts.

use serde::Serialize;

use super::Choice;
use super::matrix::VoteMatrix;
use crate::Id;

/// One-sided 90% significance for a z-score.
pub const Z_90: f64 = 1.2816;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Agree,
    Disagree,
}

/// Agrees, disagrees and votes (passes included) on one statement by some participants.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Tally {
    pub agree: u32,
    pub disagree: u32,
    pub votes: u32,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.agree += other.agree;
        self.disagree += other.disagree;
        self.votes += other.votes;
    }

    fn count(&self, direction: Direction) -> u32 {
        match direction {
            Direction::Agree => self.agree,
            Direction::Disagree => self.disagree,
        }
    }

    /// Share voting this way, with a +1/+2 pseudocount so that 1 vote out of 1 is not 100%.
    fn smoothed(&self, direction: Direction) -> f64 {
        (self.count(direction) as f64 + 1.0) / (self.votes as f64 + 2.0)
    }

    fn share(&self, direction: Direction) -> f64 {
        if self.votes == 0 { 0.0 } else { self.count(direction) as f64 / self.votes as f64 }
    }
}

/// z-score of "more than half vote this way" (Pol.is's one-proportion test, +1 pseudocounts).
pub fn proportion_z(successes: u32, trials: u32) -> f64 {
    let (s, n) = (successes as f64 + 1.0, trials as f64 + 1.0);
    2.0 * n.sqrt() * (s / n - 0.5)
}

/// z-score of "the first population votes this way more often than the second"
/// (two-proportion test, +1 pseudocounts). Zero when everyone voted this way.
pub fn two_proportion_z(successes_in: u32, successes_out: u32, trials_in: u32, trials_out: u32) -> f64 {
    let (s1, s2) = (successes_in as f64 + 1.0, successes_out as f64 + 1.0);
    let (n1, n2) = (trials_in as f64 + 1.0, trials_out as f64 + 1.0);
    let pooled = (s1 + s2) / (n1 + n2);
    if pooled >= 1.0 {
        return 0.0;
    }
    (s1 / n1 - s2 / n2) / (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)).sqrt()
}

#[derive(Debug, Clone, Serialize)]
pub struct Representative {
    pub statement: Id,
    pub direction: Direction,
    /// Shares of the group's and the other groups' votes (passes included) that agree or
    /// disagree, without pseudocounts.
    pub agree_in: f64,
    pub disagree_in: f64,
    pub agree_out: f64,
    pub disagree_out: f64,
    pub votes_in: u32,
    pub votes_out: u32,
    /// How many times likelier the group is to vote this way than the others (smoothed).
    pub repness: f64,
    /// Two-proportion z-score of the group against the others.
    pub z: f64,
    /// One-proportion z-score of "most of the group votes this way".
    pub z_group: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Consensus {
    pub statement: Id,
    pub direction: Direction,
    pub agree: f64,
    pub disagree: f64,
    pub votes: u32,
    /// One-proportion z-score of "most participants vote this way".
    pub z: f64,
}

/// Tallies per group (index) and column, over the members listed in `group_of_row`.
pub(crate) fn tally_groups(m: &VoteMatrix, group_of_row: &[Option<usize>], n_groups: usize) -> Vec<Vec<Tally>> {
    let mut tallies = vec![vec![Tally::default(); m.n_cols()]; n_groups];
    for (row, group) in m.rows.iter().zip(group_of_row) {
        let Some(g) = *group else { continue };
        for &(c, choice) in row {
            let t = &mut tallies[g][c as usize];
            t.votes += 1;
            match choice {
                Choice::Agree => t.agree += 1,
                Choice::Disagree => t.disagree += 1,
                Choice::Pass => {}
            }
        }
    }
    tallies
}

/// Representative statements of each group: those where the group votes one way
/// significantly more than the rest (two-proportion z) and mostly (one-proportion z), both
/// at 90%; ranked by repness × z × share × z_group (Pol.is's metric), ties by statement id;
/// at most `limit`. A group with no significant statement gets its single best one, so
/// every group can be described.
pub(crate) fn representative(m: &VoteMatrix, tallies: &[Vec<Tally>], limit: usize) -> Vec<Vec<Representative>> {
    let n_cols = m.n_cols();
    let mut totals = vec![Tally::default(); n_cols];
    for group in tallies {
        for (c, t) in group.iter().enumerate() {
            totals[c].add(*t);
        }
    }
    tallies
        .iter()
        .map(|group| {
            let mut significant: Vec<(f64, Representative)> = Vec::new();
            let mut best: Option<(f64, Representative)> = None;
            for c in 0..n_cols {
                let inside = group[c];
                if inside.agree == 0 && inside.disagree == 0 {
                    continue;
                }
                let t = totals[c];
                let outside = Tally {
                    agree: t.agree - inside.agree,
                    disagree: t.disagree - inside.disagree,
                    votes: t.votes - inside.votes,
                };
                let stats = |d: Direction| {
                    let z = two_proportion_z(inside.count(d), outside.count(d), inside.votes, outside.votes);
                    let z_group = proportion_z(inside.count(d), inside.votes);
                    let repness = inside.smoothed(d) / outside.smoothed(d);
                    (z, z_group, repness)
                };
                let (za, zga, ra) = stats(Direction::Agree);
                let (zd, zgd, rd) = stats(Direction::Disagree);
                let direction = if za > zd { Direction::Agree } else { Direction::Disagree };
                let (z, z_group, repness) = if za > zd { (za, zga, ra) } else { (zd, zgd, rd) };
                let passes = (za > Z_90 && zga > Z_90) || (zd > Z_90 && zgd > Z_90);
                let r = Representative {
                    statement: m.statements[c],
                    direction,
                    agree_in: inside.share(Direction::Agree),
                    disagree_in: inside.share(Direction::Disagree),
                    agree_out: outside.share(Direction::Agree),
                    disagree_out: outside.share(Direction::Disagree),
                    votes_in: inside.votes,
                    votes_out: outside.votes,
                    repness,
                    z,
                    z_group,
                };
                if passes {
                    let metric = repness * z * inside.smoothed(direction) * z_group;
                    significant.push((metric, r));
                } else if best.as_ref().is_none_or(|(bz, _)| z > *bz) {
                    best = Some((z, r));
                }
            }
            if significant.is_empty() {
                return best.into_iter().map(|(_, r)| r).collect();
            }
            significant.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.statement.cmp(&b.1.statement)));
            significant.into_iter().take(limit).map(|(_, r)| r).collect()
        })
        .collect()
}

/// Consensus statements: those a majority of all participants agree (or disagree) with,
/// significantly at 90%; ranked by smoothed share × z, ties by statement id; at most
/// `limit` in each direction, agreements first.
pub(crate) fn consensus(m: &VoteMatrix, limit: usize) -> Vec<Consensus> {
    let everyone = vec![Some(0); m.n_rows()];
    let tallies = tally_groups(m, &everyone, 1);
    let Some(totals) = tallies.first() else { return Vec::new() };
    let mut out = Vec::new();
    for direction in [Direction::Agree, Direction::Disagree] {
        let mut found: Vec<(f64, Consensus)> = totals
            .iter()
            .enumerate()
            .filter_map(|(c, t)| {
                let z = proportion_z(t.count(direction), t.votes);
                let p = t.smoothed(direction);
                (p > 0.5 && z > Z_90).then(|| {
                    let item = Consensus {
                        statement: m.statements[c],
                        direction,
                        agree: t.share(Direction::Agree),
                        disagree: t.share(Direction::Disagree),
                        votes: t.votes,
                        z,
                    };
                    (p * z, item)
                })
            })
            .collect();
        found.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.statement.cmp(&b.1.statement)));
        out.extend(found.into_iter().take(limit).map(|(_, c)| c));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proportion_z_matches_hand_computation() {
        // 9 of 10 agree: s = 10, n = 11 → 2·√11·(10/11 − 0.5).
        let expected = 2.0 * 11f64.sqrt() * (10.0 / 11.0 - 0.5);
        assert!((proportion_z(9, 10) - expected).abs() < 1e-12);
        assert!(proportion_z(0, 10) < 0.0);
        assert!(proportion_z(5, 9) < Z_90, "a bare majority of ten is not significant");
    }

    #[test]
    fn two_proportion_z_is_signed_and_zero_when_unanimous() {
        assert!(two_proportion_z(9, 1, 10, 10) > Z_90);
        assert!(two_proportion_z(1, 9, 10, 10) < -Z_90);
        assert_eq!(two_proportion_z(10, 10, 10, 10), 0.0);
        // Hand computation: s1 = 10/11, s2 = 2/11, pooled = 12/22.
        let p: f64 = 12.0 / 22.0;
        let expected = (10.0 / 11.0 - 2.0 / 11.0) / (p * (1.0 - p) * (2.0 / 11.0)).sqrt();
        assert!((two_proportion_z(9, 1, 10, 10) - expected).abs() < 1e-12);
    }
}

//! Opinion groups (the Pol.is method), deterministic.
//!
//! Participants vote agree, disagree or pass on short statements. From those votes we
//! draw a two-dimensional opinion map (PCA of the vote matrix), find the opinion groups
//! on it (k-means, the number of groups chosen by silhouette), and describe each group by
//! the statements that set it apart, and everyone by the statements most agree on.
//! `docs/opinions.md` explains each step for a non-specialist.
//!
//! Same input, same output: every step is seeded or ordered (participants and statements
//! by id, ties to the lowest index), unlike Pol.is whose groups depend on the order in
//! which votes arrived. Banned participants and statements rejected by moderation take no
//! part in the math.

mod kmeans;
mod matrix;
mod pca;
pub mod polis_csv;
mod repness;

use std::collections::BTreeSet;

use serde::Serialize;

pub use repness::{Consensus, Direction, Representative, Z_90, proportion_z, two_proportion_z};

use crate::Id;
use kmeans::Point;
use matrix::VoteMatrix;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    Agree,
    Disagree,
    Pass,
}

impl Choice {
    /// Pol.is's export convention: 1 agree, −1 disagree, 0 pass.
    pub fn from_value(value: i64) -> Option<Choice> {
        match value {
            1 => Some(Choice::Agree),
            -1 => Some(Choice::Disagree),
            0 => Some(Choice::Pass),
            _ => None,
        }
    }

    pub fn value(self) -> f64 {
        match self {
            Choice::Agree => 1.0,
            Choice::Disagree => -1.0,
            Choice::Pass => 0.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub id: Id,
    /// Rejected by moderation: left out of the analysis.
    pub rejected: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Vote {
    pub participant: Id,
    pub statement: Id,
    pub choice: Choice,
    /// When the vote was cast (any increasing key); of a participant's votes on one
    /// statement the latest counts, and on equal keys the one given later in the list.
    pub order: i64,
}

/// Everything the analysis reads. Votes on statements not listed are ignored.
#[derive(Debug, Clone, Default)]
pub struct Conversation {
    pub statements: Vec<Statement>,
    pub votes: Vec<Vote>,
    pub banned: BTreeSet<Id>,
}

/// The method's parameters; the defaults are Pol.is's.
#[derive(Debug, Clone)]
pub struct Params {
    /// A participant is clustered once they voted on this many statements (or on all of
    /// them when there are fewer).
    pub min_votes: usize,
    /// When fewer participants than this qualify, the most active others are added.
    pub min_participants: usize,
    /// Number of base clusters, the fine-grained first pass of k-means.
    pub base_clusters: usize,
    /// The number of groups is chosen between 2 and this (and 2 + base clusters / 12).
    pub max_groups: usize,
    /// More groups replace fewer only when their silhouette is higher by more than this.
    /// Pol.is changes its number of groups only when another number wins several updates
    /// in a row, so a conversation keeps the 2 groups it starts with unless more groups
    /// are clearly better; computing from scratch, this margin plays that part.
    pub group_margin: f64,
    /// Representative statements kept per group.
    pub representative_per_group: usize,
    /// Consensus statements kept in each direction.
    pub consensus_per_direction: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            min_votes: 7,
            min_participants: 15,
            base_clusters: 100,
            max_groups: 5,
            group_margin: 0.05,
            representative_per_group: 5,
            consensus_per_direction: 5,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Participant {
    /// The voter id from the input.
    pub id: Id,
    /// Opinion group, `None` when left out of the clustering (too few votes, or banned).
    pub group: Option<usize>,
    /// Position in the opinion map; `None` for banned participants and for those whose
    /// only votes were on rejected statements.
    pub x: Option<f64>,
    pub y: Option<f64>,
    /// Votes counted (latest per statement, rejected statements left out).
    pub votes: usize,
    pub banned: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub id: usize,
    pub size: usize,
    pub representative: Vec<Representative>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    /// Every voter, ascending by id.
    pub participants: Vec<Participant>,
    /// Largest first.
    pub groups: Vec<Group>,
    pub consensus: Vec<Consensus>,
    /// Statements that took part (not rejected, at least one counted vote).
    pub statements: usize,
    /// Participants in the clustering.
    pub clustered: usize,
    /// Silhouette of the chosen number of groups (−1 to 1; higher is better separated).
    pub silhouette: f64,
}

/// The whole method: vote matrix, opinion map, groups, representative and consensus
/// statements.
pub fn analyse(conversation: &Conversation, params: &Params) -> Analysis {
    let m = VoteMatrix::build(conversation);
    let (positions, group_of_row, n_groups, silhouette) = if m.n_rows() == 0 {
        (Vec::new(), Vec::new(), 0, 0.0)
    } else {
        let pca = pca::fit(&m);
        let positions = pca::project(&m, &pca);
        let in_conv = in_conversation(&m, params);
        let (group_of_row, n_groups, silhouette) = cluster(&positions, &in_conv, params);
        (positions, group_of_row, n_groups, silhouette)
    };

    let tallies = repness::tally_groups(&m, &group_of_row, n_groups);
    let representative = repness::representative(&m, &tallies, params.representative_per_group);
    let mut sizes = vec![0; n_groups];
    for g in group_of_row.iter().flatten() {
        sizes[*g] += 1;
    }
    let groups = representative
        .into_iter()
        .enumerate()
        .map(|(id, representative)| Group { id, size: sizes[id], representative })
        .collect();

    let mut participants: Vec<Participant> = m
        .participants
        .iter()
        .enumerate()
        .map(|(row, &id)| Participant {
            id,
            group: group_of_row[row],
            x: Some(positions[row][0]),
            y: Some(positions[row][1]),
            votes: m.rows[row].len(),
            banned: false,
        })
        .chain(m.left_out.iter().map(|&id| Participant {
            id,
            group: None,
            x: None,
            y: None,
            votes: 0,
            banned: conversation.banned.contains(&id),
        }))
        .collect();
    participants.sort_by_key(|p| p.id);

    Analysis {
        participants,
        groups,
        consensus: repness::consensus(&m, params.consensus_per_direction),
        statements: m.n_cols(),
        clustered: group_of_row.iter().flatten().count(),
        silhouette,
    }
}

/// Rows taking part in the clustering: enough votes, topped up with the most active
/// participants in small conversations so there is something to cluster. As in Pol.is,
/// votes on statements later rejected by moderation count here (Pol.is keeps them as
/// columns of "pass"), and so do those statements in the "all of them" threshold: the
/// participants Pol.is groups are exactly these (checked on the newer exports).
fn in_conversation(m: &VoteMatrix, params: &Params) -> Vec<bool> {
    let threshold = params.min_votes.min(m.n_cols() + m.rejected_voted);
    let mut in_conv: Vec<bool> = m.answered.iter().map(|&n| n >= threshold).collect();
    let mut missing = params.min_participants.saturating_sub(in_conv.iter().filter(|&&b| b).count());
    if missing > 0 {
        let mut others: Vec<usize> = (0..m.n_rows()).filter(|&r| !in_conv[r]).collect();
        // Most votes first, then lowest id (rows are in id order).
        others.sort_by_key(|&r| (std::cmp::Reverse(m.answered[r]), r));
        for r in others {
            if missing == 0 {
                break;
            }
            in_conv[r] = true;
            missing -= 1;
        }
    }
    in_conv
}

/// Base clusters, then groups of base clusters; returns each row's group (numbered by
/// size, largest first, then by lowest member id), the number of groups and the
/// silhouette of the choice.
fn cluster(positions: &[Point], in_conv: &[bool], params: &Params) -> (Vec<Option<usize>>, usize, f64) {
    let rows: Vec<usize> = (0..positions.len()).filter(|&r| in_conv[r]).collect();
    let points: Vec<Point> = rows.iter().map(|&r| positions[r]).collect();
    let ones = vec![1.0; points.len()];
    let base =
        kmeans::kmeans(&points, &ones, kmeans::first_distinct(&points, params.base_clusters), kmeans::MAX_ROUNDS);
    let mut base_weight = vec![0.0; base.centers.len()];
    for &b in &base.assignment {
        base_weight[b] += 1.0;
    }

    let n_base = base.centers.len();
    let max_k = params.max_groups.min(2 + n_base / 12).min(n_base);
    let mut best: Option<(f64, Vec<usize>, usize)> = None;
    for k in 2..=max_k {
        let Some((s, groups)) = best_grouping(&base.centers, &base_weight, k) else { continue };
        let n = groups.centers.len();
        // Fewer groups win unless more are better by the margin (and always on a tie).
        if best.as_ref().is_none_or(|(bs, _, _)| s > *bs + params.group_margin) {
            best = Some((s, groups.assignment, n));
        }
    }
    let (silhouette, group_of_base, n_groups) = best.unwrap_or((0.0, vec![0; n_base], usize::from(n_base > 0)));

    // Renumber: largest group first, then the one holding the lowest participant id.
    let mut size = vec![0usize; n_groups];
    let mut first_row = vec![usize::MAX; n_groups];
    for (i, &b) in base.assignment.iter().enumerate() {
        let g = group_of_base[b];
        size[g] += 1;
        first_row[g] = first_row[g].min(rows[i]);
    }
    let mut order: Vec<usize> = (0..n_groups).filter(|&g| size[g] > 0).collect();
    order.sort_by_key(|&g| (std::cmp::Reverse(size[g]), first_row[g]));
    let mut renumber = vec![usize::MAX; n_groups];
    for (new, &old) in order.iter().enumerate() {
        renumber[old] = new;
    }
    let mut group_of_row = vec![None; positions.len()];
    for (i, &b) in base.assignment.iter().enumerate() {
        group_of_row[rows[i]] = Some(renumber[group_of_base[b]]);
    }
    (group_of_row, order.len(), silhouette)
}

/// Most k-means rounds when grouping base clusters (Pol.is's default; base clusters get
/// `kmeans::MAX_ROUNDS`).
const GROUP_ROUNDS: usize = 20;

/// The grouping of base clusters into `k` groups, Pol.is's way: weighted k-means started
/// from the first k base clusters (base clusters are numbered in order of their first
/// participant id), scored by the silhouette of the base-cluster centres, each centre
/// counting once whatever its weight. `None` when k-means leaves fewer than k groups.
fn best_grouping(centers: &[Point], weights: &[f64], k: usize) -> Option<(f64, kmeans::Clustering)> {
    let grouping = kmeans::kmeans(centers, weights, kmeans::first_distinct(centers, k), GROUP_ROUNDS);
    if grouping.centers.len() < k {
        return None;
    }
    let ones = vec![1.0; centers.len()];
    Some((kmeans::silhouette(centers, &ones, &grouping.assignment, k), grouping))
}

/// Adjusted Rand index of two labelings of the same items: 1 for identical partitions (up
/// to renaming), about 0 for chance agreement. Used to compare our groups with Pol.is's.
pub fn adjusted_rand_index(a: &[usize], b: &[usize]) -> f64 {
    let n = a.len().min(b.len());
    let ka = a.iter().take(n).max().map_or(0, |m| m + 1);
    let kb = b.iter().take(n).max().map_or(0, |m| m + 1);
    let mut table = vec![vec![0u64; kb]; ka];
    for i in 0..n {
        table[a[i]][b[i]] += 1;
    }
    let pairs = |x: u64| (x * x.saturating_sub(1)) as f64 / 2.0;
    let index: f64 = table.iter().flatten().map(|&x| pairs(x)).sum();
    let rows: f64 = table.iter().map(|r| pairs(r.iter().sum())).sum();
    let cols: f64 = (0..kb).map(|j| pairs(table.iter().map(|r| r[j]).sum())).sum();
    let total = pairs(n as u64);
    if total == 0.0 {
        return 1.0;
    }
    let expected = rows * cols / total;
    let max = (rows + cols) / 2.0;
    if max == expected { 1.0 } else { (index - expected) / (max - expected) }
}

#[cfg(test)]
mod tests;

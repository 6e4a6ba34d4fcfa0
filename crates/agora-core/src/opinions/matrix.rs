//! The vote matrix: one row per participant, one column per statement, built from the raw
//! votes with the latest vote winning. Stored sparse (a participant sees a fraction of the
//! statements) because every later step only needs the votes that were cast.

use std::collections::{BTreeMap, BTreeSet};

use super::{Choice, Conversation};
use crate::Id;

pub(crate) struct VoteMatrix {
    /// Row index → participant id, ascending.
    pub participants: Vec<Id>,
    /// Column index → statement id, ascending.
    pub statements: Vec<Id>,
    /// Per row, the votes as (column, value), ascending by column.
    pub rows: Vec<Vec<(u32, Choice)>>,
    /// Per row, the statements the participant voted on, counting those rejected by
    /// moderation: Pol.is decides who is clustered on this count (see `in_conversation`).
    pub answered: Vec<usize>,
    /// Participants who voted but are left out: banned, or whose every vote was on a
    /// statement rejected by moderation (or unknown). Ascending.
    pub left_out: Vec<Id>,
    /// Rejected statements that received votes (from participants not banned). They take
    /// no part in the math; their number only enters the projection's scale, as in Pol.is.
    pub rejected_voted: usize,
}

impl VoteMatrix {
    pub fn build(conversation: &Conversation) -> VoteMatrix {
        let kept: BTreeSet<Id> = conversation.statements.iter().filter(|s| !s.rejected).map(|s| s.id).collect();

        // Sorting by (participant, statement, order, input position) puts each pair's
        // latest vote last in its run; the input position settles equal timestamps in
        // favour of the vote given later, so the result never depends on the sort algorithm.
        let votes = &conversation.votes;
        let mut index: Vec<u32> = (0..votes.len() as u32).collect();
        index.sort_unstable_by_key(|&i| {
            let v = &votes[i as usize];
            (v.participant, v.statement, v.order, i)
        });

        let mut latest: BTreeMap<Id, Vec<(Id, Choice)>> = BTreeMap::new();
        let mut answered: BTreeMap<Id, usize> = BTreeMap::new();
        let known: BTreeSet<Id> = conversation.statements.iter().map(|s| s.id).collect();
        let mut rejected_voted: BTreeSet<Id> = BTreeSet::new();
        let mut voters: BTreeSet<Id> = BTreeSet::new();
        for (n, &i) in index.iter().enumerate() {
            let v = &votes[i as usize];
            voters.insert(v.participant);
            let last_of_pair = index
                .get(n + 1)
                .map(|&j| {
                    let w = &votes[j as usize];
                    (w.participant, w.statement) != (v.participant, v.statement)
                })
                .unwrap_or(true);
            if !last_of_pair || conversation.banned.contains(&v.participant) {
                continue;
            }
            if !kept.contains(&v.statement) {
                if known.contains(&v.statement) {
                    rejected_voted.insert(v.statement);
                    *answered.entry(v.participant).or_default() += 1;
                }
                continue;
            }
            *answered.entry(v.participant).or_default() += 1;
            latest.entry(v.participant).or_default().push((v.statement, v.choice));
        }

        let statements: Vec<Id> =
            latest.values().flat_map(|vs| vs.iter().map(|&(s, _)| s)).collect::<BTreeSet<Id>>().into_iter().collect();
        let column: BTreeMap<Id, u32> = statements.iter().enumerate().map(|(c, &s)| (s, c as u32)).collect();

        let mut participants = Vec::with_capacity(latest.len());
        let mut rows = Vec::with_capacity(latest.len());
        let mut answered_of_row = Vec::with_capacity(latest.len());
        for (participant, vs) in latest {
            participants.push(participant);
            answered_of_row.push(answered.get(&participant).copied().unwrap_or(0));
            // Votes of one participant arrive sorted by statement id, hence by column.
            rows.push(vs.into_iter().filter_map(|(s, c)| column.get(&s).map(|&col| (col, c))).collect());
        }
        let left_out = voters.into_iter().filter(|p| participants.binary_search(p).is_err()).collect();
        VoteMatrix {
            participants,
            statements,
            rows,
            answered: answered_of_row,
            left_out,
            rejected_voted: rejected_voted.len(),
        }
    }

    pub fn n_rows(&self) -> usize {
        self.rows.len()
    }

    pub fn n_cols(&self) -> usize {
        self.statements.len()
    }
}

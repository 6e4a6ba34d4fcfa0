//! The count of a voting phase: its options, ballots and paper votes become a Pabulib
//! election, which the phase's open rule decides; each option gets its votes, whether it
//! won, and why in plain terms. The published `.pb` file is that same election, so
//! `agora pb winners` on it prints the same winners.
//!
//! Paper votes are totals per option, not ballots: each paper vote enters the election
//! as a ballot of its own for that one option (voter `paper-<idea>-<n>`). Greedy counts
//! them exactly; for the Equal Shares rules and Phragmén it treats each paper vote as a
//! voter who supported that option only.

use std::fmt::Write;

use num_bigint::BigInt;
use serde::{Deserialize, Serialize};

use crate::pb::{self, Ballot, Election, Project, Q, VoteType, greedy, mes};
use crate::voting::{Votes, Voting, VotingMethod, WinnerRule};
use crate::{Id, Micros};

/// An option as the count reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionInput {
    pub idea_id: Id,
    /// Its title, for the `.pb` file.
    pub name: String,
    pub cost: Option<i64>,
    pub offline_votes: i64,
}

/// Everything a count reads.
#[derive(Debug, Clone)]
pub struct Tally<'a> {
    pub phase_id: Id,
    pub voting: &'a Voting,
    pub options: &'a [OptionInput],
    /// Submitted ballots: ballot code and votes.
    pub ballots: &'a [(String, Votes)],
    pub offline_voters: i64,
}

/// Why an option won or lost, for the results page to say in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Why {
    /// Equal Shares or Phragmén funded it: this many voters shared its cost.
    SharedCost { voters: usize },
    /// Greedy funded it: it had more votes than the options after it and still fit.
    ByVotes,
    /// Funded by the greedy completion, with the money the rule left unspent.
    Completion,
    /// Not funded: its supporters' money went to these winners, which they also chose.
    SpentElsewhere { on: Vec<Id> },
    /// Not funded: what was left did not cover its cost (or, without a budget, the
    /// options with more votes took every place).
    NoRoom,
    /// Not funded: nobody voted for it.
    NoVotes,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionResult {
    pub idea_id: Id,
    /// Online and paper votes together.
    pub votes: i64,
    pub online_votes: i64,
    pub offline_votes: i64,
    /// The cost the rule used (1 for every option of a vote without a budget).
    pub cost: i64,
    pub won: bool,
    pub why: Why,
}

/// The outcome of a count, as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Results {
    pub rule: WinnerRule,
    /// In the order the rule selected them.
    pub winners: Vec<Id>,
    /// By votes, most first (ties by idea id).
    pub options: Vec<OptionResult>,
    pub voters_online: i64,
    pub voters_offline: i64,
    /// What the rule spent, and could spend (options, without a budget).
    pub total_cost: i64,
    pub budget: i64,
    /// The ballot log's head when the count was made.
    pub log_head: String,
    pub computed_at: Micros,
}

impl Tally<'_> {
    /// The budget the rule spends: the phase's, or the number of winners for a vote
    /// without one.
    fn budget(&self) -> i64 {
        if self.voting.uses_costs() { self.voting.budget.unwrap_or(0) } else { self.voting.winners.unwrap_or(1) }
    }

    fn cost(&self, option: &OptionInput) -> i64 {
        if self.voting.uses_costs() { option.cost.unwrap_or(0) } else { 1 }
    }

    /// The election the rule decides, and the idea of each of its projects (projects
    /// sorted by id as a string, as Pabulib breaks ties).
    pub fn election(&self) -> (Election, Vec<Id>) {
        let mut options: Vec<&OptionInput> = self.options.iter().collect();
        options.sort_by_key(|o| o.idea_id.to_string());
        let ideas: Vec<Id> = options.iter().map(|o| o.idea_id).collect();
        let projects = options
            .iter()
            .map(|o| Project {
                id: o.idea_id.to_string(),
                name: o.name.clone(),
                cost: Q::from_integer(BigInt::from(self.cost(o))),
                selected: None,
            })
            .collect();
        let index = |idea: &Id| ideas.iter().position(|i| i == idea);
        let mut ballots: Vec<Ballot> = self
            .ballots
            .iter()
            .map(|(code, votes)| Ballot {
                voter: code.clone(),
                marks: votes.iter().filter_map(|(idea, n)| Some((index(idea)?, (*n).max(0) as u64))).collect(),
            })
            .collect();
        for (i, option) in options.iter().enumerate() {
            for n in 1..=option.offline_votes {
                ballots.push(Ballot { voter: format!("paper-{}-{n}", option.idea_id), marks: vec![(i, 1)] });
            }
        }
        let vote_type = match self.voting.method {
            VotingMethod::Multiple => VoteType::Cumulative,
            VotingMethod::Single | VotingMethod::Budgeting => VoteType::Approval,
        };
        let meta = vec![
            ("description".to_owned(), format!("Agora voting phase {}", self.phase_id)),
            ("rule".to_owned(), self.voting.rule.as_str().to_owned()),
        ];
        let budget = Q::from_integer(BigInt::from(self.budget()));
        (Election { meta, budget, vote_type, projects, ballots }, ideas)
    }

    /// The election as a Pabulib `.pb` file: project ids are idea ids, voters are ballot
    /// codes (and `paper-<idea>-<n>` for paper votes).
    pub fn pabulib(&self) -> String {
        let (election, _) = self.election();
        let mut out = String::new();
        let vote_type = match election.vote_type {
            VoteType::Cumulative => "cumulative",
            _ => "approval",
        };
        let clean = |text: &str| text.replace([';', '\n', '\r'], " ");
        let _ = writeln!(out, "META\nkey;value");
        let _ = writeln!(out, "description;Agora voting phase {} ({} rule)", self.phase_id, self.voting.rule.as_str());
        let _ = writeln!(out, "num_projects;{}", election.projects.len());
        let _ = writeln!(out, "num_votes;{}", election.ballots.len());
        let _ = writeln!(out, "budget;{}", pb::money::format(&election.budget));
        let _ = writeln!(out, "vote_type;{vote_type}");
        let _ = writeln!(out, "rule;{}", self.voting.rule.as_str());
        let _ = writeln!(out, "comment;paper votes are one ballot per vote, with voter ids paper-<project>-<n>");
        let _ = writeln!(out, "PROJECTS\nproject_id;cost;name");
        for project in &election.projects {
            let _ = writeln!(out, "{};{};{}", project.id, pb::money::format(&project.cost), clean(&project.name));
        }
        let points = election.vote_type == VoteType::Cumulative;
        let _ = writeln!(out, "VOTES\n{}", if points { "voter_id;vote;points" } else { "voter_id;vote" });
        for ballot in &election.ballots {
            let ids: Vec<&str> = ballot.marks.iter().map(|(p, _)| election.projects[*p].id.as_str()).collect();
            let _ = write!(out, "{};{}", ballot.voter, ids.join(","));
            if points {
                let points: Vec<String> = ballot.marks.iter().map(|(_, n)| n.to_string()).collect();
                let _ = write!(out, ";{}", points.join(","));
            }
            out.push('\n');
        }
        out
    }
}

/// The online ballots of a published `.pb` file (paper votes left out), as the log
/// recorded them: what `agora pb verify` checks against the ballot log.
pub fn online_ballots(election: &Election) -> Vec<(String, Votes)> {
    election
        .ballots
        .iter()
        .filter(|b| !b.voter.starts_with("paper-"))
        .map(|b| {
            let votes = b
                .marks
                .iter()
                .filter_map(|(p, n)| Some((election.projects[*p].id.parse::<Id>().ok()?, *n as i64)))
                .collect();
            (b.voter.clone(), votes)
        })
        .collect()
}

/// Counts the phase under its rule; `watch` hears how Add1 advances.
pub fn count(tally: &Tally, log_head: &str, now: Micros, watch: &mut dyn FnMut(&mes::Add1Step)) -> Results {
    let (election, ideas) = tally.election();
    let rule = tally.voting.rule;
    let one = Q::from_integer(BigInt::from(1));
    let mut outcome = pb::winners_watched(&election, rule.engine(), pb::Completion::None, &one, watch);
    let chosen_by_rule = outcome.winners.len();
    if rule.completion() == pb::Completion::Greedy {
        greedy::complete(&election, &mut outcome);
    }
    let winners: Vec<usize> = outcome.winners.clone();
    let supporters =
        |project: usize| election.ballots.iter().filter(|b| b.marks.iter().any(|m| m.0 == project)).count();
    let mut options: Vec<OptionResult> = tally
        .options
        .iter()
        .map(|option| {
            let project = ideas.iter().position(|i| *i == option.idea_id).unwrap_or(0);
            let online: i64 = tally.ballots.iter().filter_map(|(_, votes)| votes.get(&option.idea_id)).sum();
            let votes = online + option.offline_votes;
            let place = winners.iter().position(|w| *w == project);
            let why = match place {
                // Greedy funds what still fits even without votes: money left over.
                Some(_) if rule == WinnerRule::Greedy && votes == 0 => Why::Completion,
                Some(_) if rule == WinnerRule::Greedy => Why::ByVotes,
                Some(place) if place >= chosen_by_rule => Why::Completion,
                Some(_) => Why::SharedCost { voters: supporters(project) },
                None if votes == 0 => Why::NoVotes,
                None if rule == WinnerRule::Greedy => Why::NoRoom,
                None => spent_elsewhere(&election, &winners, &ideas, project),
            };
            OptionResult {
                idea_id: option.idea_id,
                votes,
                online_votes: online,
                offline_votes: option.offline_votes,
                cost: tally.cost(option),
                won: place.is_some(),
                why,
            }
        })
        .collect();
    options.sort_by(|a, b| b.votes.cmp(&a.votes).then(a.idea_id.cmp(&b.idea_id)));
    Results {
        rule,
        winners: winners.iter().map(|w| ideas[*w]).collect(),
        options,
        voters_online: tally.ballots.len() as i64,
        voters_offline: tally.offline_voters,
        total_cost: winners.iter().map(|w| tally.cost(&tally.options[position_of(tally, ideas[*w])])).sum(),
        budget: tally.budget(),
        log_head: log_head.to_owned(),
        computed_at: now,
    }
}

/// What one rule funds on the ballots, for comparing the rules side by side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleOutcome {
    pub rule: WinnerRule,
    pub winners: Vec<Id>,
    pub total_cost: i64,
}

/// What each rule would fund on these ballots; `watch` hears how Add1 advances.
pub fn compare(tally: &Tally, watch: &mut dyn FnMut(&mes::Add1Step)) -> Vec<RuleOutcome> {
    WinnerRule::ALL
        .into_iter()
        .map(|rule| {
            let voting = Voting { rule, ..tally.voting.clone() };
            let results = count(&Tally { voting: &voting, ..tally.clone() }, "", 0, watch);
            RuleOutcome { rule, winners: results.winners, total_cost: results.total_cost }
        })
        .collect()
}

fn position_of(tally: &Tally, idea: Id) -> usize {
    tally.options.iter().position(|o| o.idea_id == idea).unwrap_or(0)
}

/// The (at most two) winners most of this project's supporters also chose: where
/// their money went.
fn spent_elsewhere(election: &Election, winners: &[usize], ideas: &[Id], project: usize) -> Why {
    let mut shared: Vec<(usize, usize)> = winners
        .iter()
        .map(|&w| {
            let both = election
                .ballots
                .iter()
                .filter(|b| b.marks.iter().any(|m| m.0 == project) && b.marks.iter().any(|m| m.0 == w))
                .count();
            (both, w)
        })
        .filter(|(both, _)| *both > 0)
        .collect();
    shared.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    if shared.is_empty() {
        return Why::NoRoom;
    }
    Why::SpentElsewhere { on: shared.iter().take(2).map(|(_, w)| ideas[*w]).collect() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn option(idea_id: Id, cost: i64, offline_votes: i64) -> OptionInput {
        OptionInput { idea_id, name: format!("Option {idea_id}"), cost: Some(cost), offline_votes }
    }

    fn ballots(list: &[(&str, &[Id])]) -> Vec<(String, Votes)> {
        list.iter().map(|(code, ideas)| (code.to_string(), ideas.iter().map(|i| (*i, 1)).collect())).collect()
    }

    #[test]
    fn equal_shares_funds_what_voters_share_and_says_where_the_money_went() {
        let voting =
            Voting { budget: Some(100), min_total: None, rule: WinnerRule::Mes, ..Voting::example_budgeting() };
        let options = [option(1, 60, 0), option(2, 50, 0), option(3, 40, 0)];
        // Three voters want 1 and 2; two want 3. Greedy would fund 1 and 3 only if 3
        // had the votes; Equal Shares gives the minority its share.
        let ballots = ballots(&[("A", &[1, 2]), ("B", &[1, 2]), ("C", &[1, 2]), ("D", &[3]), ("E", &[3])]);
        let tally = Tally { phase_id: 9, voting: &voting, options: &options, ballots: &ballots, offline_voters: 0 };
        let results = count(&tally, "head", 5, &mut |_| {});
        assert_eq!(results.winners, vec![1, 3]);
        let why = |idea: Id| results.options.iter().find(|o| o.idea_id == idea).unwrap().why.clone();
        assert_eq!(why(1), Why::SharedCost { voters: 3 });
        assert_eq!(why(3), Why::SharedCost { voters: 2 });
        assert_eq!(why(2), Why::SpentElsewhere { on: vec![1] });
        assert_eq!((results.total_cost, results.budget, results.voters_online), (100, 100, 5));
    }

    #[test]
    fn the_rules_compared_side_by_side() {
        let voting =
            Voting { budget: Some(110), min_total: None, rule: WinnerRule::Greedy, ..Voting::example_budgeting() };
        let options = [option(1, 60, 0), option(2, 50, 0), option(3, 40, 0)];
        let ballots = ballots(&[("A", &[1, 2]), ("B", &[1, 2]), ("C", &[1, 2]), ("D", &[3]), ("E", &[3])]);
        let tally = Tally { phase_id: 9, voting: &voting, options: &options, ballots: &ballots, offline_voters: 0 };
        let compared = compare(&tally, &mut |_| {});
        let funded = |rule: WinnerRule| compared.iter().find(|o| o.rule == rule).unwrap().winners.clone();
        assert_eq!(compared.len(), WinnerRule::ALL.len());
        assert_eq!(funded(WinnerRule::Greedy), vec![1, 2], "the majority's choices fill the budget");
        assert_eq!(funded(WinnerRule::Mes), vec![1, 3], "the minority gets its share");
    }

    #[test]
    fn greedy_counts_paper_votes_and_the_file_says_the_same() {
        let voting =
            Voting { budget: Some(100), min_total: None, rule: WinnerRule::Greedy, ..Voting::example_budgeting() };
        let options = [option(10, 70, 3), option(2, 50, 0), option(3, 30, 0)];
        let ballots = ballots(&[("A", &[2, 3]), ("B", &[2]), ("C", &[3])]);
        let tally = Tally { phase_id: 9, voting: &voting, options: &options, ballots: &ballots, offline_voters: 3 };
        let results = count(&tally, "head", 5, &mut |_| {});
        // 10 has three paper votes, 2 and 3 two each: 10 first, then 3 fits, 2 does not.
        assert_eq!(results.winners, vec![10, 3]);
        let ten = results.options.iter().find(|o| o.idea_id == 10).unwrap();
        assert_eq!((ten.votes, ten.online_votes, ten.offline_votes, ten.why.clone()), (3, 0, 3, Why::ByVotes));
        let two = results.options.iter().find(|o| o.idea_id == 2).unwrap();
        assert_eq!((two.won, two.why.clone()), (false, Why::NoRoom));

        let file = tally.pabulib();
        assert!(file.contains("\nbudget;100\n") && file.contains("\npaper-10-3;10\n"), "{file}");
        let election = pb::parse(&file).unwrap();
        assert_eq!(online_ballots(&election), ballots, "the file gives back the online ballots");
        let again = pb::winners(&election, pb::Rule::Greedy, pb::Completion::None, &Q::from_integer(1.into()));
        let ids: Vec<&str> = again.winners.iter().map(|&p| election.projects[p].id.as_str()).collect();
        assert_eq!(ids, ["10", "3"], "the file re-runs to the same winners");
    }

    #[test]
    fn greedy_funds_what_still_fits_and_says_nobody_voted_for_it() {
        let voting =
            Voting { budget: Some(100), min_total: None, rule: WinnerRule::Greedy, ..Voting::example_budgeting() };
        let options = [option(1, 60, 0), option(2, 30, 0)];
        let ballots = ballots(&[("A", &[1])]);
        let tally = Tally { phase_id: 9, voting: &voting, options: &options, ballots: &ballots, offline_voters: 0 };
        let results = count(&tally, "head", 5, &mut |_| {});
        assert_eq!(results.winners, vec![1, 2], "as pabutools counts: what fits is funded");
        let why = |idea: Id| results.options.iter().find(|o| o.idea_id == idea).unwrap().why.clone();
        assert_eq!((why(1), why(2)), (Why::ByVotes, Why::Completion), "not 'more votes than the others'");
    }

    #[test]
    fn without_a_budget_the_most_voted_options_win_their_places() {
        let voting = Voting {
            method: VotingMethod::Multiple,
            budget: None,
            min_total: None,
            max_total: Some(5),
            winners: Some(2),
            rule: WinnerRule::Greedy,
            ..Voting::example_budgeting()
        };
        let options = [option(1, 0, 0), option(2, 0, 0), option(3, 0, 0)];
        let cumulative: Vec<(String, Votes)> =
            vec![("A".into(), Votes::from([(1, 4), (2, 1)])), ("B".into(), Votes::from([(3, 5)]))];
        let tally = Tally { phase_id: 1, voting: &voting, options: &options, ballots: &cumulative, offline_voters: 0 };
        let results = count(&tally, "head", 5, &mut |_| {});
        assert_eq!(results.winners, vec![3, 1]);
        assert_eq!(results.options[0].idea_id, 3, "most votes first");
        assert!(tally.pabulib().contains("vote_type;cumulative"));
        assert!(tally.pabulib().contains("\nA;1,2;4,1\n"));
    }
}

//! Participatory budgeting: which projects win, under open rules in exact arithmetic.
//!
//! A city publishes a budget, projects with costs and the residents' ballots; a rule
//! turns them into the funded projects. Every rule here is a pure, deterministic
//! function: the same file gives the same winners on every machine, in the order they
//! were selected, with a trace that says in words why each project was chosen or
//! skipped. Amounts are rationals (see [`money`]); ties are broken by the project id as a
//! string (`"c10"` before `"c2"`), the order Pabulib's reference implementation uses.
//! `docs/algorithms.md` explains each rule for a non-specialist.

pub mod greedy;
pub mod mes;
pub mod money;
pub mod parse;
pub mod phragmen;

use std::fmt;
use std::str::FromStr;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::One;

pub use money::Q;
pub use parse::{ParseError, parse};

/// How residents filled in their ballots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoteType {
    /// Ticks next to the projects one supports.
    Approval,
    /// One tick only: an approval ballot of one project.
    Choose1,
    /// Points spread over projects.
    Cumulative,
    /// A score for each project.
    Scoring,
    /// A ranking; the rules here read it as approval of every ranked project.
    Ordinal,
}

/// A proposal on the ballot.
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    pub id: String,
    pub name: String,
    pub cost: Q,
    /// Whether the city funded it, when the file says.
    pub selected: Option<bool>,
}

/// One resident's ballot: the projects they marked, each with its points (1 on an
/// approval ballot). Projects are indices into [`Election::projects`].
#[derive(Debug, Clone, PartialEq)]
pub struct Ballot {
    pub voter: String,
    pub marks: Vec<(usize, u64)>,
}

/// A participatory-budgeting election. Projects are sorted by id as a string, so the
/// earlier index wins a tie.
#[derive(Debug, Clone)]
pub struct Election {
    pub meta: Vec<(String, String)>,
    pub budget: Q,
    pub vote_type: VoteType,
    pub projects: Vec<Project>,
    pub ballots: Vec<Ballot>,
}

/// The winner rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Most votes (or points) first, skipping what no longer fits.
    Greedy,
    /// Method of Equal Shares, each voter's utility being the cost of the projects they
    /// support (what cities use).
    Mes,
    /// Method of Equal Shares, each voter's utility being the number of projects (or
    /// points) they support that win.
    MesCard,
    /// Method of Equal Shares with cost utilities, completed by raising every voter's
    /// share step by step while the outcome still fits the budget ("Add1").
    MesAdd1,
    /// Sequential Phragmén: voters share each project's cost, keeping the highest load
    /// any voter carries as low as possible.
    Phragmen,
}

impl Rule {
    pub const ALL: [Rule; 5] = [Rule::Greedy, Rule::Mes, Rule::MesCard, Rule::MesAdd1, Rule::Phragmen];

    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Greedy => "greedy",
            Rule::Mes => "mes",
            Rule::MesCard => "mes-card",
            Rule::MesAdd1 => "mes-add1",
            Rule::Phragmen => "phragmen",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Rule {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Rule::ALL.into_iter().find(|rule| rule.as_str() == name).ok_or_else(|| {
            let names: Vec<&str> = Rule::ALL.iter().map(|rule| rule.as_str()).collect();
            format!("unknown rule {name:?}; the rules are {}", names.join(", "))
        })
    }
}

/// What to do with the money an Equal Shares outcome leaves unspent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Completion {
    /// Leave it unspent.
    #[default]
    None,
    /// Fund more projects by votes, greedily, with what is left.
    Greedy,
}

/// The winners, in the order they were selected, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub winners: Vec<usize>,
    pub total_cost: Q,
    /// One sentence per step, for `--explain`.
    pub trace: Vec<String>,
}

/// Runs `rule` on `election`. `increment` is what Add1 adds to every voter's share at
/// each step (one currency unit in the cities that use it).
pub fn winners(election: &Election, rule: Rule, completion: Completion, increment: &Q) -> Outcome {
    winners_watched(election, rule, completion, increment, &mut |_| {})
}

/// [`winners`], telling `watch` where Add1 stands as it goes (the other rules take well
/// under a second).
pub fn winners_watched(
    election: &Election,
    rule: Rule,
    completion: Completion,
    increment: &Q,
    watch: &mut dyn FnMut(&mes::Add1Step),
) -> Outcome {
    let mut outcome = match rule {
        Rule::Greedy => return greedy::by_votes(election),
        Rule::Phragmen => return phragmen::sequential(election),
        Rule::Mes => mes::equal_shares(election, mes::Utility::Cost),
        Rule::MesCard => mes::equal_shares(election, mes::Utility::Cardinality),
        Rule::MesAdd1 => mes::add1_watched(election, increment, watch),
    };
    if completion == Completion::Greedy {
        greedy::complete(election, &mut outcome);
    }
    outcome
}

impl Election {
    /// The value of a META key, such as `description` or `rule`.
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.meta.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// Total cost of a set of projects.
    pub fn cost_of(&self, projects: &[usize]) -> Q {
        projects.iter().map(|&p| &self.projects[p].cost).sum()
    }

    /// Every cost as a whole number of 1/scale units, and that scale: the rules then
    /// do their exact arithmetic on integers.
    fn whole_costs(&self) -> (BigInt, Vec<BigInt>) {
        let scale = self.projects.iter().fold(BigInt::one(), |scale, p| scale.lcm(p.cost.denom()));
        let costs = self.projects.iter().map(|p| (&p.cost * Q::from_integer(scale.clone())).to_integer()).collect();
        (scale, costs)
    }

    /// For each project, its supporters: (ballot index, points).
    fn supporters(&self) -> Vec<Vec<(u32, u64)>> {
        let mut supporters = vec![Vec::new(); self.projects.len()];
        for (voter, ballot) in self.ballots.iter().enumerate() {
            for &(project, points) in &ballot.marks {
                supporters[project].push((voter as u32, points));
            }
        }
        supporters
    }

    /// Each project's total votes: supporters on approval ballots, points otherwise.
    fn votes(&self) -> Vec<u64> {
        let mut votes = vec![0; self.projects.len()];
        for ballot in &self.ballots {
            for &(project, points) in &ballot.marks {
                votes[project] += points;
            }
        }
        votes
    }

    /// A project as people know it: `#id "name"`.
    fn label(&self, project: usize) -> String {
        let project = &self.projects[project];
        if project.name.is_empty() {
            format!("#{}", project.id)
        } else {
            format!("#{} \"{}\"", project.id, project.name)
        }
    }
}

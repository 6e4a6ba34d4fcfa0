//! Voting phases: how residents fill in a basket of options, what a basket may hold, and
//! which open rule turns the baskets into winners.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::pb::{self, Completion};
use crate::{Code, Error, FieldError, Id};

/// How a ballot is filled in (CitizenLab's names).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VotingMethod {
    /// Approve options, one vote each, optionally at most `max_options` of them.
    Single,
    /// Spread `max_total` votes, at most `max_per_option` on one option.
    Multiple,
    /// Pick options whose costs add up to at most the budget and at least `min_total`.
    Budgeting,
}

impl VotingMethod {
    pub const ALL: [VotingMethod; 3] = [VotingMethod::Single, VotingMethod::Multiple, VotingMethod::Budgeting];

    pub fn as_str(self) -> &'static str {
        match self {
            VotingMethod::Single => "single",
            VotingMethod::Multiple => "multiple",
            VotingMethod::Budgeting => "budgeting",
        }
    }

    pub fn parse(name: &str) -> Option<VotingMethod> {
        VotingMethod::ALL.into_iter().find(|m| m.as_str() == name)
    }
}

/// The open rule that decides a voting phase: one of `agora pb winners`' rules. `mes`
/// and `mes-card` spend what Equal Shares leaves unspent greedily; `mes-add1` is
/// completed by Add1 alone, as Wieliczka, Świecie and Assen count.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum WinnerRule {
    #[serde(rename = "greedy")]
    Greedy,
    #[serde(rename = "mes")]
    Mes,
    #[serde(rename = "mes-add1")]
    MesAdd1,
    #[serde(rename = "mes-card")]
    MesCard,
    #[serde(rename = "phragmen")]
    Phragmen,
}

impl WinnerRule {
    pub const ALL: [WinnerRule; 5] =
        [WinnerRule::Greedy, WinnerRule::Mes, WinnerRule::MesAdd1, WinnerRule::MesCard, WinnerRule::Phragmen];

    pub fn as_str(self) -> &'static str {
        self.engine().as_str()
    }

    pub fn parse(name: &str) -> Option<WinnerRule> {
        WinnerRule::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// The engine's rule.
    pub fn engine(self) -> pb::Rule {
        match self {
            WinnerRule::Greedy => pb::Rule::Greedy,
            WinnerRule::Mes => pb::Rule::Mes,
            WinnerRule::MesAdd1 => pb::Rule::MesAdd1,
            WinnerRule::MesCard => pb::Rule::MesCard,
            WinnerRule::Phragmen => pb::Rule::Phragmen,
        }
    }

    pub fn completion(self) -> Completion {
        match self {
            WinnerRule::Greedy | WinnerRule::Phragmen | WinnerRule::MesAdd1 => Completion::None,
            WinnerRule::Mes | WinnerRule::MesCard => Completion::Greedy,
        }
    }

    /// The arguments of `agora pb winners` that re-run this rule on a published file.
    pub fn command_args(self) -> String {
        match self.completion() {
            Completion::None => format!("--rule {}", self.as_str()),
            Completion::Greedy => format!("--rule {} --completion greedy", self.as_str()),
        }
    }

    /// Greedy for approval and cumulative votes, Equal Shares with Add1 for a budget:
    /// what the form proposes when staff choose nothing.
    pub fn default_for(method: VotingMethod) -> WinnerRule {
        match method {
            VotingMethod::Single | VotingMethod::Multiple => WinnerRule::Greedy,
            VotingMethod::Budgeting => WinnerRule::MesAdd1,
        }
    }
}

/// The settings of a voting phase. Amounts are whole units of the city's currency.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Voting {
    pub method: VotingMethod,
    /// Budgeting: what a basket may cost at most, and what the winners may cost. Single
    /// and multiple: optional; without it each option counts as one and `winners` win.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<i64>,
    /// Budgeting: the least a submitted basket must cost. Multiple: the fewest votes to
    /// give. Single: the fewest options to approve.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_total: Option<i64>,
    /// Multiple: the votes each voter spreads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_total: Option<i64>,
    /// Multiple: the most votes one option may get from one voter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_per_option: Option<i64>,
    /// Single and budgeting: the most options one basket may hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_options: Option<i64>,
    /// Without a budget: how many options win (1 unless set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub winners: Option<i64>,
    pub rule: WinnerRule,
    /// Whether residents see the totals while the vote runs.
    #[serde(default)]
    pub live_totals: bool,
    /// Whether results are computed and published when the phase ends, without staff.
    #[serde(default)]
    pub publish_automatically: bool,
}

impl Voting {
    /// Checks the settings and drops those the method does not use.
    pub fn validated(mut self) -> Result<Voting, Error> {
        let mut problems = Vec::new();
        let mut check = |field: &str, value: Option<i64>, required: bool| match value {
            None if required => problems.push(problem(field, "required")),
            Some(v) if v < 1 => problems.push(FieldError { limit: Some(1), ..problem(field, "too_small") }),
            _ => {}
        };
        let budgeting = self.method == VotingMethod::Budgeting;
        check("voting.budget", self.budget, budgeting);
        check("voting.max_total", self.max_total, self.method == VotingMethod::Multiple);
        check("voting.max_per_option", self.max_per_option, false);
        check("voting.max_options", self.max_options, false);
        check("voting.winners", self.winners, false);
        if self.min_total.is_some_and(|m| m < 0) {
            problems.push(FieldError { limit: Some(0), ..problem("voting.min_total", "too_small") });
        }
        match self.method {
            VotingMethod::Single => (self.max_total, self.max_per_option) = (None, None),
            VotingMethod::Multiple => self.max_options = None,
            VotingMethod::Budgeting => (self.max_total, self.max_per_option, self.winners) = (None, None, None),
        }
        if self.budget.is_some() {
            self.winners = None;
        }
        let ceiling = match self.method {
            VotingMethod::Budgeting => self.budget,
            VotingMethod::Multiple => self.max_total,
            VotingMethod::Single => self.max_options,
        };
        if let (Some(min), Some(max)) = (self.min_total, ceiling)
            && min > max
        {
            problems.push(FieldError { limit: Some(max as usize), ..problem("voting.min_total", "too_large") });
        }
        if problems.is_empty() { Ok(self) } else { Err(Error::invalid(problems)) }
    }

    /// A budgeting vote of € 500,000 with a € 100,000 minimum, for tests and examples.
    pub fn example_budgeting() -> Voting {
        Voting {
            method: VotingMethod::Budgeting,
            budget: Some(500_000),
            min_total: Some(100_000),
            max_total: None,
            max_per_option: None,
            max_options: None,
            winners: None,
            rule: WinnerRule::MesAdd1,
            live_totals: false,
            publish_automatically: false,
        }
    }

    /// Whether options need a cost: in a budgeting vote, or whenever a budget is set.
    pub fn uses_costs(&self) -> bool {
        self.method == VotingMethod::Budgeting || self.budget.is_some()
    }
}

fn problem(field: &str, problem: &'static str) -> FieldError {
    FieldError { field: field.to_owned(), problem, limit: None }
}

/// A basket: the votes given to each option (1 per chosen option in single and budgeting
/// votes). Options without votes are not listed.
pub type Votes = BTreeMap<Id, i64>;

/// What a basket uses, to show what is left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Used {
    pub options: i64,
    pub votes: i64,
    pub cost: i64,
}

impl Used {
    /// What is left to spend: money in a budgeting vote, votes in a cumulative one,
    /// options in an approval vote with a maximum; `None` when nothing is limited.
    pub fn left(&self, voting: &Voting) -> Option<i64> {
        match voting.method {
            VotingMethod::Budgeting => voting.budget.map(|b| b - self.cost),
            VotingMethod::Multiple => voting.max_total.map(|m| m - self.votes),
            VotingMethod::Single => voting.max_options.map(|m| m - self.options),
        }
    }
}

/// Checks a basket as it is being filled: every step must keep within the limits (an
/// option of this phase, no more votes, options or money than allowed), but the basket
/// may still be short of the minimum. `costs` has every option of the phase with its cost.
pub fn check_draft(voting: &Voting, costs: &BTreeMap<Id, i64>, votes: &Votes) -> Result<Used, Error> {
    let mut used = Used::default();
    for (&option, &n) in votes {
        let field = || format!("votes.{option}");
        let Some(&cost) = costs.get(&option) else {
            return Err(Error::field(&field(), "not_found").with_code(Code::NotAnOption));
        };
        if n < 1 {
            return Err(Error::invalid(vec![FieldError { limit: Some(1), ..problem(&field(), "too_small") }]));
        }
        let cap = match voting.method {
            VotingMethod::Single | VotingMethod::Budgeting => Some(1),
            VotingMethod::Multiple => voting.max_per_option,
        };
        if cap.is_some_and(|cap| n > cap) {
            return Err(Error::field(&field(), "too_long").with_code(Code::OverOptionCap));
        }
        used.options += 1;
        used.votes = used.votes.saturating_add(n);
        used.cost = used.cost.saturating_add(cost.saturating_mul(n));
    }
    if voting.max_options.is_some_and(|max| used.options > max) {
        return Err(Error::new(Code::TooManyOptions));
    }
    match voting.method {
        VotingMethod::Multiple if voting.max_total.is_some_and(|max| used.votes > max) => {
            Err(Error::new(Code::TooManyVotes))
        }
        VotingMethod::Budgeting if voting.budget.is_some_and(|budget| used.cost > budget) => {
            Err(Error::new(Code::OverBudget))
        }
        _ => Ok(used),
    }
}

/// Checks a basket being submitted: the draft's limits, not empty, and the minimum.
pub fn check_submission(voting: &Voting, costs: &BTreeMap<Id, i64>, votes: &Votes) -> Result<Used, Error> {
    let used = check_draft(voting, costs, votes)?;
    if used.options == 0 {
        return Err(Error::new(Code::EmptyBasket));
    }
    let reached = match voting.method {
        VotingMethod::Budgeting => used.cost,
        VotingMethod::Multiple => used.votes,
        VotingMethod::Single => used.options,
    };
    if voting.min_total.is_some_and(|min| reached < min) {
        return Err(Error::new(Code::UnderMinimum));
    }
    Ok(used)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn costs() -> BTreeMap<Id, i64> {
        BTreeMap::from([(1, 200_000), (2, 250_000), (3, 90_000), (4, 10_000)])
    }

    fn votes(pairs: &[(Id, i64)]) -> Votes {
        pairs.iter().copied().collect()
    }

    fn code<T: std::fmt::Debug>(r: Result<T, Error>) -> Code {
        r.unwrap_err().code
    }

    #[test]
    fn a_budget_basket_keeps_within_the_budget_and_reaches_the_minimum() {
        let voting = Voting::example_budgeting();
        let used = check_draft(&voting, &costs(), &votes(&[(1, 1), (2, 1)])).unwrap();
        assert_eq!(used, Used { options: 2, votes: 2, cost: 450_000 });
        assert_eq!(used.left(&voting), Some(50_000));
        assert_eq!(code(check_draft(&voting, &costs(), &votes(&[(1, 1), (2, 1), (3, 1)]))), Code::OverBudget);
        // A draft may be short of the minimum; a submission may not.
        assert!(check_draft(&voting, &costs(), &votes(&[(4, 1)])).is_ok());
        assert_eq!(code(check_submission(&voting, &costs(), &votes(&[(4, 1)]))), Code::UnderMinimum);
        assert_eq!(code(check_submission(&voting, &costs(), &votes(&[]))), Code::EmptyBasket);
        assert!(check_submission(&voting, &costs(), &votes(&[(3, 1), (4, 1)])).is_ok());
        // One vote per option, and only options of this phase.
        assert_eq!(code(check_draft(&voting, &costs(), &votes(&[(3, 2)]))), Code::OverOptionCap);
        assert_eq!(code(check_draft(&voting, &costs(), &votes(&[(99, 1)]))), Code::NotAnOption);
        assert_eq!(code(check_draft(&voting, &costs(), &votes(&[(3, 0)]))), Code::InvalidInput);
        assert_eq!(code(check_draft(&voting, &costs(), &votes(&[(3, -1)]))), Code::InvalidInput);
    }

    #[test]
    fn cumulative_votes_spread_a_total_with_a_cap_per_option() {
        let voting = Voting {
            method: VotingMethod::Multiple,
            max_total: Some(5),
            max_per_option: Some(3),
            min_total: Some(2),
            budget: None,
            ..Voting::example_budgeting()
        }
        .validated()
        .unwrap();
        let used = check_draft(&voting, &costs(), &votes(&[(1, 3), (2, 1)])).unwrap();
        assert_eq!(used.left(&voting), Some(1), "4 of 5 votes used");
        assert_eq!(code(check_draft(&voting, &costs(), &votes(&[(1, 4)]))), Code::OverOptionCap);
        assert_eq!(code(check_draft(&voting, &costs(), &votes(&[(1, 3), (2, 3)]))), Code::TooManyVotes);
        assert_eq!(code(check_submission(&voting, &costs(), &votes(&[(1, 1)]))), Code::UnderMinimum);
        assert_eq!(check_draft(&voting, &costs(), &votes(&[(1, i64::MAX)])).unwrap_err().code, Code::OverOptionCap);
    }

    #[test]
    fn approval_votes_one_per_option_up_to_a_maximum() {
        let voting = Voting {
            method: VotingMethod::Single,
            max_options: Some(2),
            budget: None,
            min_total: None,
            ..Voting::example_budgeting()
        };
        let voting = voting.validated().unwrap();
        assert_eq!(check_draft(&voting, &costs(), &votes(&[(1, 1), (3, 1)])).unwrap().left(&voting), Some(0));
        assert_eq!(code(check_draft(&voting, &costs(), &votes(&[(1, 1), (2, 1), (3, 1)]))), Code::TooManyOptions);
        assert_eq!(code(check_draft(&voting, &costs(), &votes(&[(1, 2)]))), Code::OverOptionCap);
    }

    #[test]
    fn settings_are_checked_and_trimmed_to_the_method() {
        let no_budget = Voting { budget: None, ..Voting::example_budgeting() };
        assert_eq!(no_budget.validated().unwrap_err().fields[0].field, "voting.budget");
        let min_over_budget = Voting { min_total: Some(600_000), ..Voting::example_budgeting() };
        assert_eq!(min_over_budget.validated().unwrap_err().fields[0].field, "voting.min_total");
        let cumulative =
            Voting { method: VotingMethod::Multiple, budget: None, min_total: None, ..Voting::example_budgeting() };
        assert_eq!(cumulative.clone().validated().unwrap_err().fields[0].field, "voting.max_total");
        let trimmed = Voting { max_total: Some(5), max_options: Some(3), ..cumulative }.validated().unwrap();
        assert_eq!(trimmed.max_options, None);
        let budget =
            Voting { max_total: Some(5), winners: Some(2), ..Voting::example_budgeting() }.validated().unwrap();
        assert_eq!((budget.max_total, budget.winners), (None, None));
        let zero = Voting { budget: Some(0), ..Voting::example_budgeting() };
        assert_eq!(zero.validated().unwrap_err().fields[0].problem, "too_small");
    }

    #[test]
    fn rules_name_the_command_that_re_runs_them() {
        assert_eq!(WinnerRule::Mes.command_args(), "--rule mes --completion greedy");
        assert_eq!(WinnerRule::MesAdd1.command_args(), "--rule mes-add1");
        assert_eq!(WinnerRule::Greedy.command_args(), "--rule greedy");
        assert!(WinnerRule::ALL.iter().all(|r| WinnerRule::parse(r.as_str()) == Some(*r)));
        assert_eq!(WinnerRule::default_for(VotingMethod::Single), WinnerRule::Greedy);
        let json = serde_json::to_string(&Voting::example_budgeting()).unwrap();
        assert_eq!(
            json,
            r#"{"method":"budgeting","budget":500000,"min_total":100000,"rule":"mes-add1","live_totals":false,"publish_automatically":false}"#
        );
    }
}

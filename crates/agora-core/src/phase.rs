//! The timeline of a project: which phase is current, and that phases never overlap.

use crate::participation::Action;
use crate::voting::Voting;
use crate::{Code, Error, Id, Micros};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Information,
    Ideation,
    Voting,
    Survey,
    Poll,
}

impl Method {
    pub const ALL: [Method; 5] = [Method::Information, Method::Ideation, Method::Voting, Method::Survey, Method::Poll];

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Information => "information",
            Method::Ideation => "ideation",
            Method::Voting => "voting",
            Method::Survey => "survey",
            Method::Poll => "poll",
        }
    }

    pub fn parse(s: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// What a phase asks of residents: its method, with that method's own settings. Each
/// method to come (voting, surveys, polls, ...) is one more variant carrying its own
/// settings; the settings are stored as JSON beside the method's name (`phases.config`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MethodConfig {
    /// Residents read; nothing to do.
    Information,
    Ideation(Ideation),
    /// Residents fill in a basket of options; an open rule decides the winners.
    Voting(Voting),
    /// Residents answer a form of pages and questions (`survey::Form`).
    Survey(SurveySettings),
    /// Residents answer a few choice questions.
    Poll(SurveySettings),
}

/// How a survey's or poll's answers are taken and shown.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveySettings {
    /// One response per person, held by the database (the default).
    #[serde(default = "yes")]
    pub one_response_per_person: bool,
    /// Responses are stored without any link to the person; a separate record says only
    /// that they answered.
    #[serde(default)]
    pub anonymous: bool,
    /// Anyone may see the results once the phase is over (staff always may).
    #[serde(default)]
    pub results_public: bool,
    /// Anyone may see the results while the phase runs too (a poll's live bars).
    #[serde(default)]
    pub results_live: bool,
}

fn yes() -> bool {
    true
}

impl Default for SurveySettings {
    fn default() -> Self {
        SurveySettings { one_response_per_person: true, anonymous: false, results_public: false, results_live: false }
    }
}

/// What residents may do in an ideation phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ideation {
    pub posting: bool,
    pub commenting: bool,
    pub reacting: bool,
    pub disliking: bool,
}

impl Default for Ideation {
    fn default() -> Self {
        Ideation { posting: true, commenting: true, reacting: true, disliking: true }
    }
}

impl Ideation {
    /// Nothing allowed: what a phase of another method allows of ideation.
    pub const CLOSED: Ideation = Ideation { posting: false, commenting: false, reacting: false, disliking: false };
}

impl MethodConfig {
    /// A phase of `method`, from a form or body that has every method's settings at
    /// once: each method keeps its own and ignores the others. A voting phase needs its
    /// settings, which are checked here.
    pub fn new(
        method: Method,
        ideation: Ideation,
        voting: Option<Voting>,
        survey: Option<SurveySettings>,
    ) -> Result<MethodConfig, Error> {
        Ok(match method {
            Method::Information => MethodConfig::Information,
            Method::Ideation => MethodConfig::Ideation(ideation),
            Method::Voting => {
                MethodConfig::Voting(voting.ok_or_else(|| Error::field("voting", "required"))?.validated()?)
            }
            Method::Survey => MethodConfig::Survey(survey.unwrap_or_default()),
            Method::Poll => MethodConfig::Poll(survey.unwrap_or_default()),
        })
    }

    pub fn method(&self) -> Method {
        match self {
            MethodConfig::Information => Method::Information,
            MethodConfig::Ideation(_) => Method::Ideation,
            MethodConfig::Voting(_) => Method::Voting,
            MethodConfig::Survey(_) => Method::Survey,
            MethodConfig::Poll(_) => Method::Poll,
        }
    }

    /// The settings of a survey or poll phase.
    pub fn survey(&self) -> Option<&SurveySettings> {
        match self {
            MethodConfig::Survey(settings) | MethodConfig::Poll(settings) => Some(settings),
            _ => None,
        }
    }

    /// The ideation settings, for an ideation phase.
    pub fn ideation(&self) -> Option<&Ideation> {
        match self {
            MethodConfig::Ideation(settings) => Some(settings),
            _ => None,
        }
    }

    /// The voting settings, for a voting phase.
    pub fn voting(&self) -> Option<&Voting> {
        match self {
            MethodConfig::Voting(settings) => Some(settings),
            _ => None,
        }
    }

    /// Whether the method has this action at all (its permission decides who).
    pub fn offers(&self, action: Action) -> bool {
        match (self, action) {
            (MethodConfig::Ideation(phase), Action::Posting) => phase.posting,
            (MethodConfig::Ideation(phase), Action::Commenting) => phase.commenting,
            (MethodConfig::Ideation(phase), Action::Reacting) => phase.reacting,
            (MethodConfig::Voting(_), Action::Voting) => true,
            (MethodConfig::Survey(_), Action::AnsweringSurvey) => true,
            (MethodConfig::Poll(_), Action::TakingPoll) => true,
            _ => false,
        }
    }

    /// The method's settings as stored, a JSON object (`{}` for a method without any).
    pub fn settings_json(&self) -> String {
        let json = match self {
            MethodConfig::Information => return "{}".to_owned(),
            MethodConfig::Ideation(settings) => serde_json::to_string(settings),
            MethodConfig::Voting(settings) => serde_json::to_string(settings),
            MethodConfig::Survey(settings) | MethodConfig::Poll(settings) => serde_json::to_string(settings),
        };
        json.unwrap_or_else(|_| "{}".to_owned())
    }

    /// A method and its settings as stored; `None` when either cannot be read.
    pub fn from_stored(method: &str, settings: &str) -> Option<MethodConfig> {
        match Method::parse(method)? {
            Method::Information => Some(MethodConfig::Information),
            Method::Ideation => serde_json::from_str(settings).ok().map(MethodConfig::Ideation),
            Method::Voting => serde_json::from_str(settings).ok().map(MethodConfig::Voting),
            Method::Survey => serde_json::from_str(settings).ok().map(MethodConfig::Survey),
            Method::Poll => serde_json::from_str(settings).ok().map(MethodConfig::Poll),
        }
    }
}

/// A phase's time window: from `start_at` (inclusive) to `end_at` (exclusive); a phase
/// without an end stays open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start_at: Micros,
    pub end_at: Option<Micros>,
}

impl Window {
    pub fn contains(&self, at: Micros) -> bool {
        self.start_at <= at && self.end_at.is_none_or(|end| at < end)
    }

    pub fn overlaps(&self, other: &Window) -> bool {
        let starts_before_other_ends = other.end_at.is_none_or(|end| self.start_at < end);
        let ends_after_other_starts = self.end_at.is_none_or(|end| other.start_at < end);
        starts_before_other_ends && ends_after_other_starts
    }

    pub fn validate(&self) -> crate::error::Result<()> {
        match self.end_at {
            Some(end) if end <= self.start_at => Err(Error::field("end_at", "before_start")),
            _ => Ok(()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timing {
    Past,
    Current,
    Future,
}

pub fn timing(window: &Window, now: Micros) -> Timing {
    if window.contains(now) {
        Timing::Current
    } else if now < window.start_at {
        Timing::Future
    } else {
        Timing::Past
    }
}

/// The index of the phase running at `now`, if any. Phases never overlap, so there is at
/// most one.
pub fn current_index(windows: &[Window], now: Micros) -> Option<usize> {
    windows.iter().position(|w| w.contains(now))
}

/// Where a project stands on its timeline, as its card and page say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Archived by staff: nothing runs, whatever the dates say.
    Archived,
    /// No phase yet.
    NoPhases,
    /// The first phase starts later (at `start_at`).
    Upcoming { start_at: Micros },
    /// The phase at this index runs now.
    Running { index: usize },
    /// Between two phases; the next starts at `start_at`.
    Between { start_at: Micros },
    /// Every phase has ended.
    Finished,
}

/// The stage of a project with these phases (in timeline order) at `now`.
pub fn stage(archived: bool, windows: &[Window], now: Micros) -> Stage {
    if archived {
        return Stage::Archived;
    }
    if let Some(index) = current_index(windows, now) {
        return Stage::Running { index };
    }
    let next = windows.iter().filter(|w| w.start_at > now).map(|w| w.start_at).min();
    match (next, windows.iter().any(|w| w.start_at <= now)) {
        (_, _) if windows.is_empty() => Stage::NoPhases,
        (Some(start_at), false) => Stage::Upcoming { start_at },
        (Some(start_at), true) => Stage::Between { start_at },
        (None, _) => Stage::Finished,
    }
}

/// Refuses a phase (new, or edited: `editing` is its id) that overlaps another phase of
/// the same project.
pub fn check_no_overlap(existing: &[(Id, Window)], editing: Option<Id>, new: &Window) -> crate::error::Result<()> {
    new.validate()?;
    let clash = existing.iter().any(|(id, w)| Some(*id) != editing && w.overlaps(new));
    if clash { Err(Error::new(Code::PhasesOverlap)) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surveys_and_polls_keep_their_settings_and_offer_their_action() {
        let settings = SurveySettings {
            one_response_per_person: false,
            anonymous: true,
            results_public: true,
            results_live: false,
        };
        let survey = MethodConfig::new(Method::Survey, Ideation::CLOSED, None, Some(settings)).unwrap();
        assert!(survey.offers(Action::AnsweringSurvey) && !survey.offers(Action::TakingPoll));
        let stored = MethodConfig::from_stored("survey", &survey.settings_json()).unwrap();
        assert_eq!(stored, survey);
        let poll = MethodConfig::new(Method::Poll, Ideation::CLOSED, None, None).unwrap();
        assert_eq!(poll.survey(), Some(&SurveySettings::default()));
        assert!(poll.offers(Action::TakingPoll) && !poll.offers(Action::Posting));
        assert!(SurveySettings::default().one_response_per_person, "one response per person unless said");
    }

    #[test]
    fn method_settings_are_stored_as_json_beside_the_method() {
        let ideation = MethodConfig::Ideation(Ideation { disliking: false, ..Ideation::default() });
        let stored = ideation.settings_json();
        assert_eq!(stored, r#"{"posting":true,"commenting":true,"reacting":true,"disliking":false}"#);
        assert_eq!(MethodConfig::from_stored("ideation", &stored), Some(ideation));
        assert_eq!(MethodConfig::from_stored("information", "{}"), Some(MethodConfig::Information));
        assert_eq!(MethodConfig::from_stored("ideation", "{}"), None, "a setting is missing");
        assert_eq!(MethodConfig::from_stored("voting", "{}"), None);
        let voting = MethodConfig::Voting(Voting::example_budgeting());
        assert_eq!(MethodConfig::from_stored("voting", &voting.settings_json()), Some(voting));
        assert_eq!(MethodConfig::from_stored("volunteering", "{}"), None, "a method this version does not know");
    }

    #[test]
    fn stages_of_a_project() {
        let phases = [w(10, Some(20)), w(30, Some(40))];
        assert_eq!(stage(false, &[], 5), Stage::NoPhases);
        assert_eq!(stage(false, &phases, 5), Stage::Upcoming { start_at: 10 });
        assert_eq!(stage(false, &phases, 15), Stage::Running { index: 0 });
        assert_eq!(stage(false, &phases, 25), Stage::Between { start_at: 30 });
        assert_eq!(stage(false, &phases, 35), Stage::Running { index: 1 });
        assert_eq!(stage(false, &phases, 40), Stage::Finished);
        // An archived project runs nothing, even inside a phase's dates.
        assert_eq!(stage(true, &phases, 15), Stage::Archived);
        // A phase without an end runs for ever once started.
        assert_eq!(stage(false, &[w(10, None)], 1_000), Stage::Running { index: 0 });
    }

    fn w(start: i64, end: Option<i64>) -> Window {
        Window { start_at: start, end_at: end }
    }

    #[test]
    fn windows_are_half_open() {
        assert!(w(10, Some(20)).contains(10));
        assert!(!w(10, Some(20)).contains(20));
        assert!(w(10, None).contains(i64::MAX));
        assert_eq!(timing(&w(10, Some(20)), 5), Timing::Future);
        assert_eq!(timing(&w(10, Some(20)), 20), Timing::Past);
    }

    #[test]
    fn consecutive_phases_do_not_overlap_but_nested_ones_do() {
        assert!(!w(0, Some(10)).overlaps(&w(10, Some(20))));
        assert!(w(0, Some(10)).overlaps(&w(9, Some(20))));
        assert!(w(0, Some(100)).overlaps(&w(10, Some(20))));
        assert!(w(0, None).overlaps(&w(1000, Some(2000))));
        assert!(!w(0, Some(10)).overlaps(&w(20, None)));
    }

    #[test]
    fn overlap_check_ignores_the_phase_being_edited() {
        let existing = [(1, w(0, Some(10))), (2, w(10, Some(20)))];
        assert!(check_no_overlap(&existing, None, &w(20, None)).is_ok());
        assert_eq!(check_no_overlap(&existing, None, &w(5, Some(15))).map_err(|e| e.code), Err(Code::PhasesOverlap));
        assert!(check_no_overlap(&existing, Some(2), &w(12, Some(30))).is_ok());
        assert_eq!(check_no_overlap(&existing, None, &w(30, Some(30))).map_err(|e| e.code), Err(Code::InvalidInput));
    }

    #[test]
    fn current_phase() {
        let phases = [w(0, Some(10)), w(10, Some(20))];
        assert_eq!(current_index(&phases, 15), Some(1));
        assert_eq!(current_index(&phases, 25), None);
    }
}

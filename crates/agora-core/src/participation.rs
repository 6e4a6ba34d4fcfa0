//! Who may take part, and how: every action a phase offers residents (post, comment,
//! react, vote; surveys, polls, volunteering and events will add theirs) has a
//! permission, and one rule, [`may_act`], decides for every action of every method.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::permissions::{Actor, ProjectStatus};
use crate::phase::{MethodConfig, Window};
use crate::{Code, Error, Id, Micros};

/// What a resident does in a phase. The list grows with the participation methods; each
/// action has its own permission.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Posting,
    Commenting,
    Reacting,
    Voting,
    AnsweringSurvey,
    TakingPoll,
}

impl Action {
    pub const ALL: [Action; 6] = [
        Action::Posting,
        Action::Commenting,
        Action::Reacting,
        Action::Voting,
        Action::AnsweringSurvey,
        Action::TakingPoll,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Posting => "posting",
            Action::Commenting => "commenting",
            Action::Reacting => "reacting",
            Action::Voting => "voting",
            Action::AnsweringSurvey => "answering_survey",
            Action::TakingPoll => "taking_poll",
        }
    }

    pub fn parse(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == name)
    }

    /// Whether people without an account may be let in. A ballot needs a person, so
    /// voting never is.
    pub fn open_to_guests(self) -> bool {
        self != Action::Voting
    }

    /// The refusal when the phase does not offer the action now.
    pub fn closed(self) -> Code {
        match self {
            Action::Posting => Code::PostingNotAllowed,
            Action::Commenting => Code::CommentingNotAllowed,
            Action::Reacting => Code::ReactingNotAllowed,
            Action::Voting => Code::VotingNotAllowed,
            Action::AnsweringSurvey => Code::AnsweringSurveyNotAllowed,
            Action::TakingPoll => Code::TakingPollNotAllowed,
        }
    }
}

/// Who an action is open to.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PermittedBy {
    /// Anyone, without an account (only for actions open to guests).
    Everyone,
    /// Anyone signed in.
    #[default]
    Users,
    /// Anyone signed in whose e-mail address is confirmed.
    Confirmed,
    /// Members of the chosen user groups.
    Groups,
    /// Admins and the project's moderators.
    Staff,
}

impl PermittedBy {
    pub const ALL: [PermittedBy; 5] =
        [PermittedBy::Everyone, PermittedBy::Users, PermittedBy::Confirmed, PermittedBy::Groups, PermittedBy::Staff];

    pub fn as_str(self) -> &'static str {
        match self {
            PermittedBy::Everyone => "everyone",
            PermittedBy::Users => "users",
            PermittedBy::Confirmed => "confirmed",
            PermittedBy::Groups => "groups",
            PermittedBy::Staff => "staff",
        }
    }

    pub fn parse(name: &str) -> Option<PermittedBy> {
        PermittedBy::ALL.into_iter().find(|p| p.as_str() == name)
    }
}

/// The permission of one action.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Permission {
    pub permitted_by: PermittedBy,
    /// For `groups`: members of any of these may act.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<i64>))]
    pub group_ids: Vec<Id>,
}

/// The permissions of a phase's actions; an action not listed is open to `users`.
/// Stored as one JSON object beside the phase (`phases.permissions`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Permissions(pub BTreeMap<Action, Permission>);

impl Permissions {
    pub fn of(&self, action: Action) -> Permission {
        self.0.get(&action).cloned().unwrap_or_default()
    }

    /// Refuses what cannot be meant: guests voting, or groups without a group. A
    /// `users` permission is the default and is not stored.
    pub fn validated(mut self) -> Result<Permissions, Error> {
        for (action, permission) in &mut self.0 {
            let field = format!("permissions.{}", action.as_str());
            match permission.permitted_by {
                PermittedBy::Everyone if !action.open_to_guests() => return Err(Error::field(&field, "invalid")),
                PermittedBy::Groups if permission.group_ids.is_empty() => {
                    return Err(Error::field(&format!("{field}.group_ids"), "required"));
                }
                PermittedBy::Groups => {
                    permission.group_ids.sort_unstable();
                    permission.group_ids.dedup();
                }
                _ => permission.group_ids.clear(),
            }
        }
        self.0.retain(|_, p| *p != Permission::default());
        Ok(self)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_owned())
    }

    pub fn from_json(text: &str) -> Option<Permissions> {
        serde_json::from_str(text).ok()
    }

    /// Every group any action is restricted to, for checking they exist.
    pub fn group_ids(&self) -> Vec<Id> {
        let mut ids: Vec<Id> = self.0.values().flat_map(|p| p.group_ids.iter().copied()).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

/// Why someone may not act, so the page can say what to do ("Sign in to vote").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The phase does not offer the action now (no phase runs, it has not started or has
    /// ended, its method has no such action, or the project is not published).
    Closed,
    SignIn,
    ConfirmEmail,
    /// Open to members of these groups only.
    Groups(Vec<Id>),
    StaffOnly,
}

impl Refusal {
    /// The stable error of this refusal for `action`.
    pub fn error(&self, action: Action) -> Error {
        Error::new(match self {
            Refusal::Closed => action.closed(),
            Refusal::SignIn => Code::NotSignedIn,
            Refusal::ConfirmEmail => Code::EmailNotConfirmed,
            Refusal::Groups(_) => Code::NotInGroup,
            Refusal::StaffOnly => Code::StaffOnly,
        })
    }
}

/// The phase an action is taken in, as the rule needs it.
#[derive(Debug, Clone, Copy)]
pub struct PhaseRules<'a> {
    pub window: Window,
    pub config: &'a MethodConfig,
    pub permissions: &'a Permissions,
}

/// Where an action is taken: a project, and the phase (the current one, or the one a
/// ballot names; `None` when no phase runs).
#[derive(Debug, Clone, Copy)]
pub struct Venue<'a> {
    pub project_id: Id,
    pub project_status: ProjectStatus,
    pub phase: Option<PhaseRules<'a>>,
}

impl<'a> Venue<'a> {
    /// The phase, if it offers the action at `now` in a published project, whoever
    /// asks: what also makes an idea's phase "open" for the rules of editing it.
    pub fn offering(&self, action: Action, now: Micros) -> Option<PhaseRules<'a>> {
        let phase = self.phase.filter(|p| p.window.contains(now) && p.config.offers(action));
        phase.filter(|_| self.project_status == ProjectStatus::Published)
    }
}

/// May this actor (`None`: a visitor without an account) do `action` in this phase at
/// `now`? The phase must run and offer the action in a published project; then the
/// action's permission decides: `everyone` lets visitors and guests in, every other
/// permission wants an account. The project's staff pass every permission, so they can
/// try a phase before residents do (as Go Vocal lets them), but not a closed phase.
pub fn may_act(actor: Option<&Actor>, venue: &Venue, action: Action, now: Micros) -> Result<(), Refusal> {
    let Some(phase) = venue.offering(action, now) else { return Err(Refusal::Closed) };
    let permission = phase.permissions.of(action);
    if permission.permitted_by == PermittedBy::Everyone && action.open_to_guests() {
        return Ok(());
    }
    let Some(actor) = actor.filter(|a| !a.is_guest) else { return Err(Refusal::SignIn) };
    if actor.moderates(venue.project_id) {
        return Ok(());
    }
    match permission.permitted_by {
        PermittedBy::Everyone | PermittedBy::Users => Ok(()),
        PermittedBy::Confirmed if actor.email_confirmed => Ok(()),
        PermittedBy::Confirmed => Err(Refusal::ConfirmEmail),
        PermittedBy::Groups if actor.in_any_group(&permission.group_ids) => Ok(()),
        PermittedBy::Groups => Err(Refusal::Groups(permission.group_ids)),
        PermittedBy::Staff => Err(Refusal::StaffOnly),
    }
}

/// Disliking is a setting of ideation phases on top of reacting.
pub fn may_dislike(config: &MethodConfig) -> Result<(), Error> {
    if config.ideation().is_some_and(|phase| phase.disliking) {
        Ok(())
    } else {
        Err(Error::new(Code::DislikingNotAllowed))
    }
}

/// [`may_act`] as an error, for use cases.
pub fn check(actor: Option<&Actor>, venue: &Venue, action: Action, now: Micros) -> Result<(), Error> {
    may_act(actor, venue, action, now).map_err(|refusal| refusal.error(action))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phase::Ideation;
    use crate::voting::Voting;

    const PROJECT: Id = 7;
    const GROUP: Id = 3;

    #[derive(Debug, Clone, Copy)]
    enum Role {
        /// No account and no guest identity yet.
        Visitor,
        /// Took part as a guest before (listed in a group, to show it does not count).
        Guest,
        Resident,
        Unconfirmed,
        GroupMember,
        Moderator,
        Admin,
    }

    fn actor(role: Role) -> Option<Actor> {
        let mut actor = Actor::resident(1);
        match role {
            Role::Visitor => return None,
            Role::Guest => actor = Actor { groups: vec![GROUP], ..Actor::guest(1) },
            Role::Resident => {}
            Role::Unconfirmed => actor.email_confirmed = false,
            Role::GroupMember => actor.groups = vec![GROUP],
            Role::Moderator => actor.moderated_projects = vec![PROJECT],
            Role::Admin => actor.is_admin = true,
        }
        Some(actor)
    }

    fn permissions(action: Action, permitted_by: PermittedBy) -> Permissions {
        let group_ids = if permitted_by == PermittedBy::Groups { vec![GROUP] } else { vec![] };
        Permissions(BTreeMap::from([(action, Permission { permitted_by, group_ids })]))
    }

    /// Every role × permission in a running phase that offers the action.
    #[test]
    fn each_role_under_each_permission() {
        use Role::*;
        let sign_in = Err(Refusal::SignIn);
        let groups = Err(Refusal::Groups(vec![GROUP]));
        #[rustfmt::skip]
        let table: [(Role, [Result<(), Refusal>; 5]); 7] = [
            //            everyone  users       confirmed                   groups          staff
            (Visitor,     [Ok(()), sign_in.clone(), sign_in.clone(),     sign_in.clone(), sign_in.clone()]),
            (Guest,       [Ok(()), sign_in.clone(), sign_in.clone(),     sign_in.clone(), sign_in.clone()]),
            (Resident,    [Ok(()), Ok(()),    Ok(()),                      groups.clone(),  Err(Refusal::StaffOnly)]),
            (Unconfirmed, [Ok(()), Ok(()),    Err(Refusal::ConfirmEmail),  groups.clone(),  Err(Refusal::StaffOnly)]),
            (GroupMember, [Ok(()), Ok(()),    Ok(()),                      Ok(()),          Err(Refusal::StaffOnly)]),
            (Moderator,   [Ok(()), Ok(()),    Ok(()),                      Ok(()),          Ok(())]),
            (Admin,       [Ok(()), Ok(()),    Ok(()),                      Ok(()),          Ok(())]),
        ];
        let ideation = MethodConfig::Ideation(Ideation::default());
        for (role, expected) in table {
            for (permitted_by, expected) in PermittedBy::ALL.into_iter().zip(expected) {
                let permissions = permissions(Action::Commenting, permitted_by);
                let venue = venue(ProjectStatus::Published, Some(running(&ideation, &permissions)));
                let got = may_act(actor(role).as_ref(), &venue, Action::Commenting, NOW);
                assert_eq!(got, expected, "{role:?} commenting, open to {permitted_by:?}");
            }
        }
    }

    /// Whatever the role and permission, nobody acts in a phase that is not running or
    /// does not offer the action, or in a project that is not published.
    #[test]
    fn nobody_acts_outside_a_running_phase() {
        let ideation = MethodConfig::Ideation(Ideation { posting: false, ..Ideation::default() });
        let voting = MethodConfig::Voting(Voting::example_budgeting());
        for role in [Role::Visitor, Role::Guest, Role::Resident, Role::GroupMember, Role::Moderator, Role::Admin] {
            for permitted_by in PermittedBy::ALL {
                for action in Action::ALL {
                    let permissions = permissions(action, permitted_by);
                    let states = [
                        ("no phase", venue(ProjectStatus::Published, None)),
                        (
                            "not started",
                            venue(ProjectStatus::Published, Some(window(&voting, &permissions, NOW + 1, None))),
                        ),
                        ("ended", venue(ProjectStatus::Published, Some(window(&voting, &permissions, 0, Some(NOW))))),
                        ("draft", venue(ProjectStatus::Draft, Some(running(&voting, &permissions)))),
                        ("archived", venue(ProjectStatus::Archived, Some(running(&voting, &permissions)))),
                    ];
                    for (state, venue) in states {
                        let got = may_act(actor(role).as_ref(), &venue, action, NOW);
                        assert_eq!(got, Err(Refusal::Closed), "{role:?} {action:?} ({permitted_by:?}): {state}");
                    }
                    let offered = |config: &MethodConfig| {
                        may_act(
                            actor(role).as_ref(),
                            &venue(ProjectStatus::Published, Some(running(config, &permissions))),
                            action,
                            NOW,
                        )
                    };
                    if action != Action::Voting {
                        assert_eq!(offered(&voting), Err(Refusal::Closed), "a voting phase takes no {action:?}");
                    }
                    if matches!(action, Action::Posting | Action::Voting) {
                        assert_eq!(offered(&ideation), Err(Refusal::Closed), "{action:?} in this ideation phase");
                    }
                    assert_eq!(offered(&MethodConfig::Information), Err(Refusal::Closed));
                }
            }
        }
    }

    #[test]
    fn guests_never_vote() {
        let voting = MethodConfig::Voting(Voting::example_budgeting());
        let open = permissions(Action::Voting, PermittedBy::Everyone);
        let venue = venue(ProjectStatus::Published, Some(running(&voting, &open)));
        assert_eq!(may_act(None, &venue, Action::Voting, NOW), Err(Refusal::SignIn));
        assert_eq!(may_act(actor(Role::Guest).as_ref(), &venue, Action::Voting, NOW), Err(Refusal::SignIn));
        assert_eq!(may_act(actor(Role::Resident).as_ref(), &venue, Action::Voting, NOW), Ok(()));
        assert_eq!(open.validated().map_err(|e| e.fields[0].field.clone()), Err("permissions.voting".to_owned()));
    }

    #[test]
    fn permissions_are_stored_without_defaults() {
        let mut stored = permissions(Action::Voting, PermittedBy::Groups);
        stored.0.insert(Action::Posting, Permission { permitted_by: PermittedBy::Users, group_ids: vec![4] });
        stored.0.get_mut(&Action::Voting).unwrap().group_ids = vec![5, 3, 5];
        let stored = stored.validated().unwrap();
        assert_eq!(stored.to_json(), r#"{"voting":{"permitted_by":"groups","group_ids":[3,5]}}"#);
        assert_eq!(Permissions::from_json(&stored.to_json()), Some(stored.clone()));
        assert_eq!(stored.of(Action::Posting).permitted_by, PermittedBy::Users);
        assert_eq!(stored.group_ids(), vec![3, 5]);
        let empty = Permissions(BTreeMap::from([(
            Action::Voting,
            Permission { permitted_by: PermittedBy::Groups, group_ids: vec![] },
        )]));
        assert_eq!(
            empty.validated().map_err(|e| e.fields[0].field.clone()),
            Err("permissions.voting.group_ids".to_owned())
        );
    }

    #[test]
    fn refusals_have_stable_codes() {
        assert_eq!(Refusal::Closed.error(Action::Voting).code, Code::VotingNotAllowed);
        assert_eq!(Refusal::SignIn.error(Action::Voting).code, Code::NotSignedIn);
        assert_eq!(Refusal::Groups(vec![1]).error(Action::Posting).code, Code::NotInGroup);
        assert_eq!(Refusal::StaffOnly.error(Action::Posting).code, Code::StaffOnly);
        assert_eq!(Refusal::ConfirmEmail.error(Action::Posting).code, Code::EmailNotConfirmed);
        assert!(Action::ALL.iter().all(|a| Action::parse(a.as_str()) == Some(*a)));
        assert!(PermittedBy::ALL.iter().all(|p| PermittedBy::parse(p.as_str()) == Some(*p)));
    }

    const NOW: Micros = 1_000;

    fn venue(project_status: ProjectStatus, phase: Option<PhaseRules<'_>>) -> Venue<'_> {
        Venue { project_id: PROJECT, project_status, phase }
    }

    fn running<'a>(config: &'a MethodConfig, permissions: &'a Permissions) -> PhaseRules<'a> {
        window(config, permissions, 0, None)
    }

    fn window<'a>(
        config: &'a MethodConfig,
        permissions: &'a Permissions,
        start_at: Micros,
        end_at: Option<Micros>,
    ) -> PhaseRules<'a> {
        PhaseRules { window: Window { start_at, end_at }, config, permissions }
    }
}

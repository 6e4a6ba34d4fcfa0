//! Who may do what. Every service asks these functions; no handler decides on its own.

use crate::{Code, Error, Id};
use serde::{Deserialize, Serialize};

/// The person acting, with the roles that matter for permissions: someone signed in, or
/// a guest (a visitor known only by their browser's session, who may take part where a
/// phase lets everyone: see `participation::may_act`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Id,
    /// A guest has no account: every rule but `everyone` treats them as a visitor.
    pub is_guest: bool,
    pub is_admin: bool,
    /// Projects this person moderates.
    pub moderated_projects: Vec<Id>,
    /// The user groups this person belongs to.
    pub groups: Vec<Id>,
    /// Whether their e-mail address is confirmed. Until Agora sends mail, every account
    /// counts as confirmed; the `confirmed` permission already asks.
    pub email_confirmed: bool,
}

impl Actor {
    /// A resident with no role and no group.
    pub fn resident(user_id: Id) -> Actor {
        Actor {
            user_id,
            is_guest: false,
            is_admin: false,
            moderated_projects: Vec::new(),
            groups: Vec::new(),
            email_confirmed: true,
        }
    }

    /// A guest: no role, no group, no confirmed address.
    pub fn guest(user_id: Id) -> Actor {
        Actor { is_guest: true, email_confirmed: false, ..Actor::resident(user_id) }
    }

    /// Membership of any of these groups: the one check every group permission uses, so
    /// that groups defined by a rule can answer here too.
    pub fn in_any_group(&self, groups: &[Id]) -> bool {
        self.groups.iter().any(|g| groups.contains(g))
    }

    pub fn moderates(&self, project_id: Id) -> bool {
        self.is_admin || self.moderated_projects.contains(&project_id)
    }

    pub fn is_staff(&self) -> bool {
        self.is_admin || !self.moderated_projects.is_empty()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectStatus {
    Draft,
    Published,
    Archived,
}

impl ProjectStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ProjectStatus::Draft => "draft",
            ProjectStatus::Published => "published",
            ProjectStatus::Archived => "archived",
        }
    }

    pub fn parse(s: &str) -> Option<ProjectStatus> {
        match s {
            "draft" => Some(ProjectStatus::Draft),
            "published" => Some(ProjectStatus::Published),
            "archived" => Some(ProjectStatus::Archived),
            _ => None,
        }
    }
}

/// Someone with an account: a guest is not signed in.
pub fn signed_in(actor: Option<&Actor>) -> Result<&Actor, Error> {
    actor.filter(|a| !a.is_guest).ok_or(Error::new(Code::NotSignedIn))
}

pub fn admin(actor: Option<&Actor>) -> Result<&Actor, Error> {
    let actor = signed_in(actor)?;
    if actor.is_admin { Ok(actor) } else { Err(Error::forbidden()) }
}

/// Who may block (or unblock) a person: admins, but not themselves, and not another
/// admin (whose role goes first): a platform never loses its last administrator.
pub fn may_block(actor: Option<&Actor>, target_id: Id, target_is_admin: bool) -> Result<&Actor, Error> {
    let actor = admin(actor)?;
    if actor.user_id == target_id || target_is_admin { Err(Error::forbidden()) } else { Ok(actor) }
}

/// Admins, and the moderators of this project.
pub fn moderator(actor: Option<&Actor>, project_id: Id) -> Result<&Actor, Error> {
    let actor = signed_in(actor)?;
    if actor.moderates(project_id) { Ok(actor) } else { Err(Error::forbidden()) }
}

/// Drafts exist only for the staff of the project; for anyone else they are "not found",
/// so their existence does not leak.
pub fn can_see_project(actor: Option<&Actor>, project_id: Id, status: ProjectStatus) -> bool {
    status != ProjectStatus::Draft || actor.is_some_and(|a| a.moderates(project_id))
}

/// Hidden ideas and comments are visible to the project's staff only.
pub fn can_see_hidden(actor: Option<&Actor>, project_id: Id) -> bool {
    actor.is_some_and(|a| a.moderates(project_id))
}

/// Authors edit and delete their own ideas and comments; the project's staff may too.
pub fn may_edit_content(actor: Option<&Actor>, author_id: Option<Id>, project_id: Id) -> Result<&Actor, Error> {
    let actor = signed_in(actor)?;
    if author_id == Some(actor.user_id) || actor.moderates(project_id) { Ok(actor) } else { Err(Error::forbidden()) }
}

/// Where an idea stands when someone wants to change it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdeaState {
    pub project_id: Id,
    pub author_id: Option<Id>,
    /// Whether the project's current phase takes new ideas.
    pub posting_open: bool,
    /// Whether the city has given it an official answer.
    pub answered: bool,
}

/// The trace an edit must leave. Residents' words are theirs: when staff change them,
/// or when an author changes an idea the city has already answered, the edit is shown
/// and the previous version is kept for staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditTrace {
    None,
    /// Shown as "edited on ...".
    AfterFeedback,
    /// Shown as "edited by staff".
    ByStaff,
}

/// Who may edit an idea, and what trace the edit leaves. Its author may while the phase
/// takes ideas; the project's staff always may.
pub fn may_edit_idea<'a>(actor: Option<&'a Actor>, idea: &IdeaState) -> Result<(&'a Actor, EditTrace), Error> {
    let actor = may_edit_content(actor, idea.author_id, idea.project_id)?;
    let is_author = idea.author_id == Some(actor.user_id);
    if !is_author {
        return Ok((actor, EditTrace::ByStaff));
    }
    if !idea.posting_open && !actor.moderates(idea.project_id) {
        return Err(Error::new(Code::EditingClosed));
    }
    Ok((actor, if idea.answered { EditTrace::AfterFeedback } else { EditTrace::None }))
}

/// Who may delete an idea. Its author may while the phase takes ideas and the city has
/// not answered it (an answered idea can be withdrawn instead); staff always may.
pub fn may_delete_idea(actor: Option<&Actor>, idea: &IdeaState) -> Result<(), Error> {
    let actor = may_edit_content(actor, idea.author_id, idea.project_id)?;
    if actor.moderates(idea.project_id) {
        return Ok(());
    }
    if idea.answered {
        return Err(Error::new(Code::AnsweredIdea));
    }
    if !idea.posting_open {
        return Err(Error::new(Code::EditingClosed));
    }
    Ok(())
}

/// Only its author withdraws an idea the city has answered, at any time: the answer
/// stays, with the idea marked as withdrawn. (An unanswered idea is deleted instead,
/// while its phase is open.)
pub fn may_withdraw_idea(actor: Option<&Actor>, idea: &IdeaState) -> Result<(), Error> {
    let actor = signed_in(actor)?;
    if idea.author_id == Some(actor.user_id) && idea.answered { Ok(()) } else { Err(Error::forbidden()) }
}

/// Staff changing someone else's comment leave a trace; authors editing their own do not.
pub fn comment_edit_trace(actor: &Actor, author_id: Option<Id>) -> EditTrace {
    if author_id == Some(actor.user_id) { EditTrace::None } else { EditTrace::ByStaff }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_admins_block_and_never_an_admin() {
        let admin = Actor { is_admin: true, ..Actor::resident(1) };
        let resident = Actor::resident(2);
        assert!(may_block(Some(&admin), 2, false).is_ok());
        assert!(may_block(Some(&admin), 1, true).is_err(), "not oneself");
        assert!(may_block(Some(&admin), 3, true).is_err(), "not another admin");
        assert_eq!(may_block(Some(&resident), 3, false).err().map(|e| e.code), Some(Code::Forbidden));
        assert_eq!(may_block(None, 3, false).err().map(|e| e.code), Some(Code::NotSignedIn));
        assert!(may_block(Some(&Actor::guest(4)), 3, false).is_err());
    }

    #[test]
    fn ideas_change_while_the_phase_is_open_and_leave_a_trace_after_an_answer() {
        let author = resident(1);
        let stranger = resident(2);
        let staff = Actor { moderated_projects: vec![7], ..Actor::resident(9) };
        let open = IdeaState { project_id: 7, author_id: Some(1), posting_open: true, answered: false };
        let closed = IdeaState { posting_open: false, ..open };
        let answered = IdeaState { answered: true, ..open };
        let trace = |actor: &Actor, idea: &IdeaState| may_edit_idea(Some(actor), idea).map(|(_, t)| t);
        assert_eq!(trace(&author, &open), Ok(EditTrace::None));
        assert_eq!(trace(&author, &answered), Ok(EditTrace::AfterFeedback));
        assert_eq!(trace(&author, &closed).map_err(|e| e.code), Err(Code::EditingClosed));
        assert_eq!(trace(&stranger, &open).map_err(|e| e.code), Err(Code::Forbidden));
        assert_eq!(trace(&staff, &closed), Ok(EditTrace::ByStaff));
        assert_eq!(may_delete_idea(Some(&author), &open), Ok(()));
        assert_eq!(may_delete_idea(Some(&author), &answered).map_err(|e| e.code), Err(Code::AnsweredIdea));
        assert_eq!(may_delete_idea(Some(&author), &closed).map_err(|e| e.code), Err(Code::EditingClosed));
        assert_eq!(may_delete_idea(Some(&staff), &IdeaState { answered: true, ..closed }), Ok(()));
        assert_eq!(may_withdraw_idea(Some(&author), &IdeaState { answered: true, ..closed }), Ok(()));
        assert_eq!(may_withdraw_idea(Some(&staff), &answered).map_err(|e| e.code), Err(Code::Forbidden));
        assert_eq!(may_withdraw_idea(Some(&author), &closed).map_err(|e| e.code), Err(Code::Forbidden));
        assert_eq!(comment_edit_trace(&staff, Some(1)), EditTrace::ByStaff);
        assert_eq!(comment_edit_trace(&author, Some(1)), EditTrace::None);
    }

    fn resident(id: Id) -> Actor {
        Actor::resident(id)
    }

    #[test]
    fn moderators_act_in_their_own_project_only() {
        let m = Actor { moderated_projects: vec![7], ..Actor::resident(2) };
        assert!(moderator(Some(&m), 7).is_ok());
        assert_eq!(moderator(Some(&m), 8).map_err(|e| e.code), Err(Code::Forbidden));
        assert_eq!(moderator(None, 7).map_err(|e| e.code), Err(Code::NotSignedIn));
        assert_eq!(admin(Some(&m)).map_err(|e| e.code), Err(Code::Forbidden));
        let a = Actor { is_admin: true, ..Actor::resident(1) };
        assert!(moderator(Some(&a), 8).is_ok());
    }

    #[test]
    fn a_guest_is_not_signed_in() {
        let guest = Actor::guest(3);
        assert_eq!(signed_in(Some(&guest)).map_err(|e| e.code), Err(Code::NotSignedIn));
        assert_eq!(moderator(Some(&guest), 7).map_err(|e| e.code), Err(Code::NotSignedIn));
        assert!(!guest.is_staff() && !guest.moderates(7));
        assert_eq!(signed_in(Some(&Actor::resident(3))).map(|a| a.user_id), Ok(3));
    }

    #[test]
    fn drafts_are_for_staff_of_the_project() {
        let m = Actor { moderated_projects: vec![7], ..Actor::resident(2) };
        assert!(can_see_project(None, 1, ProjectStatus::Published));
        assert!(can_see_project(None, 1, ProjectStatus::Archived));
        assert!(!can_see_project(None, 1, ProjectStatus::Draft));
        assert!(!can_see_project(Some(&resident(3)), 1, ProjectStatus::Draft));
        assert!(can_see_project(Some(&m), 7, ProjectStatus::Draft));
        assert!(!can_see_project(Some(&m), 8, ProjectStatus::Draft));
    }

    #[test]
    fn authors_and_staff_edit_content() {
        let m = Actor { moderated_projects: vec![7], ..Actor::resident(2) };
        assert!(may_edit_content(Some(&resident(5)), Some(5), 7).is_ok());
        assert!(may_edit_content(Some(&resident(6)), Some(5), 7).is_err());
        assert!(may_edit_content(Some(&m), Some(5), 7).is_ok());
        assert!(may_edit_content(Some(&m), Some(5), 8).is_err());
        assert!(may_edit_content(Some(&resident(5)), None, 7).is_err());
    }
}

//! Guests: where a phase lets everyone post, comment or react, a visitor takes part
//! without an account. Their first action makes them a guest, in the same transaction:
//! a row of `users` without e-mail or password, and a session their browser keeps, so
//! their ideas, comments and reactions are theirs like anyone's (one reaction per guest
//! and idea; counters unchanged). Guests do nothing else: every other rule treats them
//! as visitors (`permissions::signed_in`). Staff hide what they write like anything
//! else; the web layer limits how fast guests are made and act, per address.

use agora_core::permissions::Actor;
use agora_core::validate::Problems;
use agora_core::{Code, Error, Id, Micros};
use agora_db::users::{self, GuestPass};
use agora_db::{Result, Tx};

pub use agora_db::users::{Guest, GuestPass as Pass};

pub const MIN_NAME: usize = 2;
pub const MAX_NAME: usize = 50;

/// Who takes part in an action a phase may open to everyone.
#[derive(Debug, Clone, Copy, Default)]
pub struct Participant<'a> {
    /// The person signed in, or the guest this browser already is.
    pub actor: Option<&'a Actor>,
    /// For a visitor who is neither: the session their browser keeps if they become a
    /// guest with this action.
    pub new_guest: Option<&'a GuestPass>,
    /// The name a guest signs with (required to post or comment, kept for next time).
    /// Ignored for people with an account.
    pub guest_name: Option<&'a str>,
}

impl<'a> Participant<'a> {
    /// Someone signed in (or nobody): no guest involved.
    pub fn person(actor: Option<&'a Actor>) -> Participant<'a> {
        Participant { actor, ..Participant::default() }
    }

    fn is_guest(&self) -> bool {
        self.actor.is_none_or(|a| a.is_guest)
    }

    /// The guest's name as it will be stored, checked with the action's other fields
    /// (`needs_name` for what is signed: ideas and comments).
    pub fn check_name(&self, problems: &mut Problems, needs_name: bool) -> Option<String> {
        if !self.is_guest() {
            return None;
        }
        let name = self.guest_name.map(str::trim).unwrap_or_default();
        if name.is_empty() && !needs_name {
            return None;
        }
        problems.text("guest_name", name, MIN_NAME, MAX_NAME);
        if name.chars().any(char::is_control) {
            problems.add("guest_name", "invalid", None);
        }
        Some(name.to_owned())
    }

    /// Who acts, inside the action's transaction: the person, the returning guest (with
    /// the name they gave now, if any), or a new guest.
    pub async fn author(&self, tx: &mut Tx, name: Option<&str>, now: Micros) -> Result<Id> {
        match (self.actor, self.new_guest) {
            (Some(actor), _) if !actor.is_guest => Ok(actor.user_id),
            (Some(guest), _) => {
                if let Some(name) = name {
                    users::name_guest(tx, guest.user_id, name).await?;
                }
                Ok(guest.user_id)
            }
            (None, Some(pass)) => users::insert_guest(tx, pass, name.unwrap_or_default(), now).await,
            (None, None) => Err(Error::new(Code::NotSignedIn)),
        }
    }
}

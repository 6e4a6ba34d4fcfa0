//! Signing in with the city's OpenID provider: which account the provider's verified
//! answer opens, and the name a new account gets from it.

use crate::error::Result;
use crate::validate::is_plausible_email;
use crate::{Code, Error, Id};

/// What a verified ID token says about the person, as far as accounts are concerned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Claims<'a> {
    pub email: Option<&'a str>,
    /// The provider vouches that the person controls `email`.
    pub email_verified: bool,
    pub name: Option<&'a str>,
    pub given_name: Option<&'a str>,
    pub family_name: Option<&'a str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Account {
    /// The provider's subject is linked to this account already.
    Linked(Id),
    /// This account has the address the provider verified: link it, then sign in. When
    /// the account had never confirmed its address (`take_over`), whoever made it never
    /// proved it was theirs: its password and sessions end, and the address's owner,
    /// whom the provider vouches for, has it.
    LinkByEmail { id: Id, take_over: bool },
    /// Nobody here has the address: make an account, its address confirmed.
    Create,
}

/// The account here that holds an address, and whether it confirmed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holder {
    pub id: Id,
    pub confirmed: bool,
}

/// The account a sign-in opens, from the account linked to the subject (if any) and the
/// account holding the token's address (if any). Accounts come only from addresses the
/// provider verified: an unverified one may be anyone's, and an account made or joined
/// through it would let its typist into the address owner's account (or the owner into
/// the typist's, once they confirm it here).
pub fn account_for(linked: Option<Id>, claims: &Claims<'_>, holder: Option<Holder>) -> Result<Account> {
    if let Some(id) = linked {
        return Ok(Account::Linked(id));
    }
    if !claims.email.is_some_and(is_plausible_email) || !claims.email_verified {
        return Err(Error::new(Code::ProviderNoEmail));
    }
    Ok(match holder {
        Some(holder) => Account::LinkByEmail { id: holder.id, take_over: !holder.confirmed },
        None => Account::Create,
    })
}

/// The name a new account shows: the provider's full name, else given and family names,
/// else the part of the address before `@`; control characters dropped, at most `max`
/// characters.
pub fn display_name(claims: &Claims<'_>, max: usize) -> String {
    let clean = |s: &str| s.chars().filter(|c| !c.is_control()).collect::<String>().trim().to_owned();
    let joined = [claims.given_name, claims.family_name].into_iter().flatten().map(clean).collect::<Vec<_>>();
    let candidates = [
        claims.name.map(clean),
        Some(joined.join(" ").trim().to_owned()),
        claims.email.and_then(|e| e.split('@').next()).map(clean),
    ];
    let name = candidates.into_iter().flatten().find(|n| !n.is_empty()).unwrap_or_else(|| "?".to_owned());
    name.chars().take(max).collect::<String>().trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(email: Option<&'static str>, verified: bool) -> Claims<'static> {
        Claims { email, email_verified: verified, ..Claims::default() }
    }

    const CONFIRMED: Holder = Holder { id: 9, confirmed: true };

    #[test]
    fn a_linked_subject_signs_in_whatever_its_address() {
        assert_eq!(account_for(Some(7), &claims(None, false), None), Ok(Account::Linked(7)));
        assert_eq!(account_for(Some(7), &claims(Some("a@b.org"), false), Some(CONFIRMED)), Ok(Account::Linked(7)));
    }

    #[test]
    fn an_existing_account_is_joined_by_a_verified_address_only() {
        let joined = account_for(None, &claims(Some("a@b.org"), true), Some(CONFIRMED));
        assert_eq!(joined, Ok(Account::LinkByEmail { id: 9, take_over: false }));
        let unverified = account_for(None, &claims(Some("a@b.org"), false), Some(CONFIRMED));
        assert_eq!(unverified.map_err(|e| e.code), Err(Code::ProviderNoEmail));
    }

    #[test]
    fn an_account_that_never_confirmed_its_address_goes_to_the_addresss_owner() {
        let unconfirmed = Holder { id: 9, confirmed: false };
        let joined = account_for(None, &claims(Some("a@b.org"), true), Some(unconfirmed));
        assert_eq!(joined, Ok(Account::LinkByEmail { id: 9, take_over: true }));
    }

    #[test]
    fn a_new_verified_address_makes_an_account() {
        assert_eq!(account_for(None, &claims(Some("a@b.org"), true), None), Ok(Account::Create));
    }

    #[test]
    fn without_a_verified_address_nothing_is_made() {
        for (email, verified) in
            [(None, true), (Some(""), true), (Some("not an address"), true), (Some("a@b.org"), false)]
        {
            let result = account_for(None, &claims(email, verified), None);
            assert_eq!(result.map_err(|e| e.code), Err(Code::ProviderNoEmail), "{email:?} {verified}");
        }
    }

    #[test]
    fn names_come_from_the_best_claim_there_is() {
        let full = Claims { name: Some(" Jane Doe "), given_name: Some("J"), ..claims(Some("jd@x.org"), true) };
        assert_eq!(display_name(&full, 80), "Jane Doe");
        let parts = Claims { given_name: Some("Jane"), family_name: Some("Doe"), ..claims(Some("jd@x.org"), true) };
        assert_eq!(display_name(&parts, 80), "Jane Doe");
        assert_eq!(display_name(&claims(Some("jd@x.org"), true), 80), "jd");
        let sneaky = Claims { name: Some("Eve\r\nBcc: all@x.org"), ..Claims::default() };
        assert_eq!(display_name(&sneaky, 80), "EveBcc: all@x.org");
        assert_eq!(display_name(&Claims { name: Some("abcdef"), ..Claims::default() }, 3), "abc");
        assert_eq!(display_name(&Claims::default(), 80), "?");
    }
}

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
    /// This account has the address the provider verified: link it, then sign in.
    LinkByEmail(Id),
    /// Nobody here has the address: make an account, its address confirmed when the
    /// provider verified it.
    Create { confirmed: bool },
}

/// The account a sign-in opens, from the account linked to the subject (if any) and the
/// account holding the token's address (if any). An existing account is joined only
/// through an address the provider verified: otherwise anyone who can type someone's
/// address at a lax provider would take over their account.
pub fn account_for(linked: Option<Id>, claims: &Claims<'_>, with_email: Option<Id>) -> Result<Account> {
    if let Some(id) = linked {
        return Ok(Account::Linked(id));
    }
    if !claims.email.is_some_and(is_plausible_email) {
        return Err(Error::new(Code::ProviderNoEmail));
    }
    match with_email {
        Some(id) if claims.email_verified => Ok(Account::LinkByEmail(id)),
        // Signing up with a taken address says so too (`email_taken`), so this tells
        // nobody more than the sign-up page does.
        Some(_) => Err(Error::new(Code::EmailTaken)),
        None => Ok(Account::Create { confirmed: claims.email_verified }),
    }
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

    #[test]
    fn a_linked_subject_signs_in_whatever_its_address() {
        assert_eq!(account_for(Some(7), &claims(None, false), None), Ok(Account::Linked(7)));
        assert_eq!(account_for(Some(7), &claims(Some("a@b.org"), false), Some(9)), Ok(Account::Linked(7)));
    }

    #[test]
    fn an_existing_account_is_joined_only_by_a_verified_address() {
        assert_eq!(account_for(None, &claims(Some("a@b.org"), true), Some(9)), Ok(Account::LinkByEmail(9)));
        let unverified = account_for(None, &claims(Some("a@b.org"), false), Some(9));
        assert_eq!(unverified.map_err(|e| e.code), Err(Code::EmailTaken));
    }

    #[test]
    fn a_new_address_makes_an_account_confirmed_only_when_verified() {
        assert_eq!(account_for(None, &claims(Some("a@b.org"), true), None), Ok(Account::Create { confirmed: true }));
        assert_eq!(account_for(None, &claims(Some("a@b.org"), false), None), Ok(Account::Create { confirmed: false }));
    }

    #[test]
    fn without_a_usable_address_nothing_is_made() {
        for email in [None, Some(""), Some("not an address")] {
            let result = account_for(None, &claims(email, true), None);
            assert_eq!(result.map_err(|e| e.code), Err(Code::ProviderNoEmail), "{email:?}");
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

//! Input validation shared by the forms and the JSON API. Validators collect every
//! problem at once so a form can show each error next to its field.

use crate::{FieldError, Multiloc, is_supported_locale};

#[derive(Default)]
pub struct Problems(pub Vec<FieldError>);

impl Problems {
    pub fn add(&mut self, field: &str, problem: &'static str, limit: Option<usize>) {
        self.0.push(FieldError { field: field.to_owned(), problem, limit });
    }

    /// A translated text: known locales only; required means at least one non-blank text.
    pub fn multiloc(&mut self, field: &str, value: &Multiloc, required: bool, max_chars: usize) {
        if value.0.keys().any(|l| !is_supported_locale(l)) {
            return self.add(field, "unknown_locale", None);
        }
        if required && value.is_blank() {
            return self.add(field, "required", None);
        }
        if value.0.values().any(|t| t.chars().count() > max_chars) {
            self.add(field, "too_long", Some(max_chars));
        }
    }

    pub fn text(&mut self, field: &str, value: &str, min_chars: usize, max_chars: usize) {
        let len = value.trim().chars().count();
        if len == 0 && min_chars > 0 {
            self.add(field, "required", None);
        } else if len < min_chars {
            self.add(field, "too_short", Some(min_chars));
        } else if len > max_chars {
            self.add(field, "too_long", Some(max_chars));
        }
    }

    pub fn into_result(self) -> crate::error::Result<()> {
        if self.0.is_empty() { Ok(()) } else { Err(crate::Error::invalid(self.0)) }
    }
}

/// Trims every locale's text and drops blank ones.
pub fn clean_multiloc(value: &Multiloc) -> Multiloc {
    Multiloc(
        value.0.iter().filter(|(_, t)| !t.trim().is_empty()).map(|(l, t)| (l.clone(), t.trim().to_owned())).collect(),
    )
}

/// A plausible e-mail address: one `@`, something on each side, a dot in the domain,
/// no spaces. Whether it exists is only known by writing to it.
pub fn is_plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.contains(char::is_whitespace)
        && !domain.contains('@')
        && email.len() <= 254
}

/// Passwords that the first guesses of any attacker try (the most common ones in
/// published breach lists, at least 8 characters long, as people type them).
const COMMON_PASSWORDS: &[&str] = &[
    "12345678",
    "123456789",
    "1234567890",
    "12345678910",
    "password",
    "password1",
    "password123",
    "passw0rd",
    "iloveyou",
    "11111111",
    "00000000",
    "qwertyui",
    "qwertyuiop",
    "qwerty123",
    "azertyuiop",
    "azerty123",
    "1q2w3e4r",
    "1q2w3e4r5t",
    "abc12345",
    "abcd1234",
    "abcdefgh",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "welcome1",
    "welcome123",
    "letmein1",
    "trustno1",
    "superman",
    "starwars",
    "whatever",
    "dragon12",
    "monkey12",
    "12341234",
    "87654321",
    "88888888",
    "123123123",
    "987654321",
    "asdfghjk",
    "zxcvbnm1",
    "computer",
    "internet",
    "changeme",
    "wachtwoord",
    "motdepasse",
    "admin123",
    "administrator",
    "letmein123",
    "123qweasd",
    "qwe12345",
    "aa123456",
    "p@ssw0rd",
    "p@ssword",
    "12qwaszx",
    "1qaz2wsx",
];

/// Whether a password is too easy to guess: blank, one character repeated, digits in a
/// row, or one of the most common passwords (case does not matter).
pub fn is_common_password(password: &str) -> bool {
    let lower = password.trim().to_lowercase();
    let mut chars = lower.chars();
    let first = chars.next();
    let one_character = first.is_none_or(|f| lower.chars().all(|c| c == f));
    let digits: Vec<u32> = lower.chars().filter_map(|c| c.to_digit(10)).collect();
    let counting = digits.len() == lower.chars().count()
        && (digits.windows(2).all(|w| w[1] == (w[0] + 1) % 10) || digits.windows(2).all(|w| w[0] == (w[1] + 1) % 10));
    one_character || counting || COMMON_PASSWORDS.contains(&lower.as_str())
}

/// Lower-case a-z, digits and single dashes, 3 to 80 characters.
pub fn is_valid_slug(slug: &str) -> bool {
    (3..=80).contains(&slug.len())
        && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
}

/// A slug made from a title: "Groener Gent 2027!" becomes "groener-gent-2027".
pub fn slugify(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'á' | 'â' | 'ä' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(80).collect();
    let slug = slug.trim_end_matches('-').to_owned();
    if slug.len() < 3 { format!("project-{slug}").trim_end_matches('-').to_owned() } else { slug }
}

pub fn is_valid_location(lat: f64, lng: f64) -> bool {
    lat.is_finite() && lng.is_finite() && (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lng)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!(is_plausible_email("lotte@gent.be"));
        for bad in ["", "lotte", "@gent.be", "lotte@gent", "lotte @gent.be", "a@b@c.be", "a@.be"] {
            assert!(!is_plausible_email(bad), "{bad}");
        }
    }

    #[test]
    fn common_passwords() {
        for weak in
            ["12345678", "Password", "        ", "\t \t \t \t ", "aaaaaaaaaa", "34567890", "98765432", "AZERTYUIOP"]
        {
            assert!(is_common_password(weak), "{weak:?}");
        }
        for fine in ["correct horse battery", "12345687", "Gent-2027-fietst", "password for the parks"] {
            assert!(!is_common_password(fine), "{fine:?}");
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Groener Gent 2027!"), "groener-gent-2027");
        assert_eq!(slugify("Fietsstraten én schoolroutes"), "fietsstraten-en-schoolroutes");
        assert_eq!(slugify("!!"), "project");
        assert!(is_valid_slug(&slugify("Place de la Bourse — à vélo")));
        for bad in ["ab", "Upper", "a--b", "-ab", "ab-", "spa ce"] {
            assert!(!is_valid_slug(bad), "{bad}");
        }
    }

    #[test]
    fn multiloc_problems() {
        let mut p = Problems::default();
        p.multiloc("title", &Multiloc::new("xx", "a"), true, 10);
        p.multiloc("body", &Multiloc::new("en", "   "), true, 10);
        p.multiloc("feedback", &Multiloc::new("nl", "x".repeat(11)), true, 10);
        p.multiloc("optional", &Multiloc::default(), false, 10);
        let problems: Vec<_> = p.0.iter().map(|e| (e.field.as_str(), e.problem)).collect();
        assert_eq!(problems, [("title", "unknown_locale"), ("body", "required"), ("feedback", "too_long")]);
    }

    #[test]
    fn locations() {
        assert!(is_valid_location(51.05, 3.72));
        assert!(!is_valid_location(91.0, 3.0));
        assert!(!is_valid_location(f64::NAN, 3.0));
    }
}

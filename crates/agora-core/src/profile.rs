//! What a person shows of themselves: their name (abbreviated where the city chose so),
//! a short bio, and the limits of an avatar upload.

use crate::validate::Problems;

pub const MAX_BIO: usize = 500;
/// The largest avatar file accepted, before it is resized.
pub const MAX_AVATAR_BYTES: usize = 5 * 1024 * 1024;
/// Avatars are stored square, this many pixels a side.
pub const AVATAR_SIDE: u32 = 256;
/// The largest image (in pixels a side) decoded at all: a tiny file claiming a huge
/// image must not take the server's memory.
pub const MAX_AVATAR_SIDE: u32 = 4_096;

/// A name as others see it: whole, or, where the city chose to abbreviate names, the
/// first word whole and each later word by its initial ("Jane Doe" → "Jane D.",
/// "Anne van Dijk" → "Anne v. D.").
pub fn shown_name(name: &str, abbreviate: bool) -> String {
    if !abbreviate {
        return name.to_owned();
    }
    let mut words = name.split_whitespace();
    let Some(first) = words.next() else { return String::new() };
    let mut shown = first.to_owned();
    for word in words {
        if let Some(initial) = word.chars().next() {
            shown.push(' ');
            shown.push(initial);
            shown.push('.');
        }
    }
    shown
}

/// A bio: at most `MAX_BIO` characters, lines allowed, no other control characters.
pub fn check_bio(problems: &mut Problems, bio: &str) {
    if bio.chars().count() > MAX_BIO {
        problems.add("bio", "too_long", Some(MAX_BIO));
    } else if bio.chars().any(|c| c.is_control() && c != '\n' && c != '\r') {
        problems.add("bio", "invalid", None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_abbreviated_only_when_the_city_chose_so() {
        assert_eq!(shown_name("Jane Doe", false), "Jane Doe");
        assert_eq!(shown_name("Jane Doe", true), "Jane D.");
        assert_eq!(shown_name("Anne van Dijk", true), "Anne v. D.");
        assert_eq!(shown_name("  Jean-Luc   Picard ", true), "Jean-Luc P.");
        assert_eq!(shown_name("Madonna", true), "Madonna");
        assert_eq!(shown_name("Émile Zola", true), "Émile Z.");
        assert_eq!(shown_name("", true), "");
    }

    #[test]
    fn bios_are_short_and_plain() {
        let check = |bio: &str| {
            let mut problems = Problems::default();
            check_bio(&mut problems, bio);
            problems.into_result().map_err(|e| e.fields[0].problem)
        };
        assert_eq!(check("Cyclist.\nLives near the Korenmarkt."), Ok(()));
        assert_eq!(check(&"x".repeat(MAX_BIO)), Ok(()));
        assert_eq!(check(&"x".repeat(MAX_BIO + 1)), Err("too_long"));
        assert_eq!(check("bell\u{7}"), Err("invalid"));
    }
}

//! Likes and dislikes on ideas: one reaction per person and idea.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Up,
    Down,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Up => "up",
            Mode::Down => "down",
        }
    }

    pub fn parse(s: &str) -> Option<Mode> {
        match s {
            "up" => Some(Mode::Up),
            "down" => Some(Mode::Down),
            _ => None,
        }
    }
}

/// One click on a like or dislike button: a second click on the same button takes the
/// reaction back; a click on the other button switches it.
pub fn toggle(current: Option<Mode>, clicked: Mode) -> Option<Mode> {
    if current == Some(clicked) { None } else { Some(clicked) }
}

/// How the like and dislike counters change when a reaction goes from `old` to `new`.
pub fn counter_delta(old: Option<Mode>, new: Option<Mode>) -> (i64, i64) {
    let count = |m: Option<Mode>| match m {
        Some(Mode::Up) => (1, 0),
        Some(Mode::Down) => (0, 1),
        None => (0, 0),
    };
    let (old_up, old_down) = count(old);
    let (new_up, new_down) = count(new);
    (new_up - old_up, new_down - old_down)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_click_takes_back_other_click_switches() {
        assert_eq!(toggle(None, Mode::Up), Some(Mode::Up));
        assert_eq!(toggle(Some(Mode::Up), Mode::Up), None);
        assert_eq!(toggle(Some(Mode::Up), Mode::Down), Some(Mode::Down));
    }

    #[test]
    fn counters_follow_the_change() {
        assert_eq!(counter_delta(None, Some(Mode::Up)), (1, 0));
        assert_eq!(counter_delta(Some(Mode::Up), Some(Mode::Down)), (-1, 1));
        assert_eq!(counter_delta(Some(Mode::Down), None), (0, -1));
        assert_eq!(counter_delta(Some(Mode::Up), Some(Mode::Up)), (0, 0));
    }
}

//! The trending rank, published so that anyone can check why an idea is where it is.
//!
//! In words: an idea's *engagement* is 1, plus its net likes (likes minus dislikes, never
//! below zero), plus half its number of comments. Its *idle time* is the number of hours
//! since the last like, dislike or comment on it (or since it was posted). Then
//!
//! ```text
//! trending = ln(engagement) − 1.5 × ln(2 + idle hours)
//! ```
//!
//! so an idea rises with support and discussion, and falls as it goes quiet: after one
//! idle day an idea needs about 4 times the engagement of a brand-new idea to rank with
//! it; after a week, about 13 times. Rejected ideas, and ideas idle for more than 30 days,
//! are moved 100 points down: below every other idea, in the same order among themselves.

use crate::{MICROS_PER_DAY, MICROS_PER_HOUR, Micros};

/// How fast an idle idea sinks.
pub const DECAY: f64 = 1.5;
/// Ideas idle for longer than this sink below all others.
pub const INACTIVE_AFTER: Micros = 30 * MICROS_PER_DAY;
/// Larger than any difference between two ideas that did not sink.
pub const SINK: f64 = 100.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Activity {
    pub likes: i64,
    pub dislikes: i64,
    pub comments: i64,
    pub last_activity_at: Micros,
    pub rejected: bool,
}

pub fn rank(activity: &Activity, now: Micros) -> f64 {
    let net_likes = (activity.likes - activity.dislikes).max(0) as f64;
    let engagement = 1.0 + net_likes + activity.comments.max(0) as f64 / 2.0;
    let idle = (now - activity.last_activity_at).max(0);
    let idle_hours = idle as f64 / MICROS_PER_HOUR as f64;
    let rank = engagement.ln() - DECAY * (2.0 + idle_hours).ln();
    if activity.rejected || idle > INACTIVE_AFTER { rank - SINK } else { rank }
}

/// Whether a periodic refresh can still change this idea's rank relative to others:
/// ideas that sank long ago only drift further down among themselves.
pub fn still_decaying(last_activity_at: Micros, now: Micros, refresh_interval: Micros) -> bool {
    now - last_activity_at <= INACTIVE_AFTER + 2 * refresh_interval
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Micros = 1_000 * MICROS_PER_DAY;

    fn idea(likes: i64, comments: i64, idle: Micros) -> Activity {
        Activity { likes, dislikes: 0, comments, last_activity_at: NOW - idle, rejected: false }
    }

    #[test]
    fn more_support_ranks_higher() {
        assert!(rank(&idea(10, 0, MICROS_PER_HOUR), NOW) > rank(&idea(3, 0, MICROS_PER_HOUR), NOW));
        assert!(rank(&idea(3, 4, MICROS_PER_HOUR), NOW) > rank(&idea(3, 0, MICROS_PER_HOUR), NOW));
    }

    #[test]
    fn dislikes_count_against_but_not_below_zero() {
        let disliked = Activity { dislikes: 50, ..idea(10, 0, 0) };
        assert!(rank(&disliked, NOW) < rank(&idea(10, 0, 0), NOW));
        assert_eq!(rank(&disliked, NOW), rank(&idea(0, 0, 0), NOW));
    }

    #[test]
    fn quiet_ideas_decay() {
        assert!(rank(&idea(10, 0, 0), NOW) > rank(&idea(10, 0, MICROS_PER_DAY), NOW));
        // A new idea outranks a popular one that has been quiet for a week.
        assert!(rank(&idea(0, 0, 0), NOW) > rank(&idea(20, 0, 7 * MICROS_PER_DAY), NOW));
    }

    #[test]
    fn rejected_and_inactive_ideas_sink_below_all_others() {
        let best_sunk = Activity { rejected: true, ..idea(1_000_000, 1_000_000, 0) };
        let worst_active = idea(0, 0, INACTIVE_AFTER);
        assert!(rank(&worst_active, NOW) > rank(&best_sunk, NOW));
        let inactive = idea(1_000_000, 0, INACTIVE_AFTER + 1);
        assert!(rank(&worst_active, NOW) > rank(&inactive, NOW));
        // Among themselves they keep their order.
        assert!(rank(&idea(5, 0, INACTIVE_AFTER + 1), NOW) > rank(&idea(1, 0, INACTIVE_AFTER + 1), NOW));
    }

    #[test]
    fn activity_in_the_future_counts_as_now() {
        assert_eq!(rank(&idea(1, 0, -MICROS_PER_HOUR), NOW), rank(&idea(1, 0, 0), NOW));
    }

    #[test]
    fn refresh_stops_for_ideas_long_sunk() {
        assert!(still_decaying(NOW - MICROS_PER_DAY, NOW, MICROS_PER_HOUR));
        assert!(!still_decaying(NOW - INACTIVE_AFTER - MICROS_PER_DAY, NOW, MICROS_PER_HOUR));
    }
}

//! Token buckets for rate limits. The bucket state lives in the database so that a limit
//! holds across app servers; the arithmetic lives here.

use crate::{MICROS_PER_SECOND, Micros};

/// `capacity` actions at once, refilled at `per_hour` actions an hour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limit {
    pub capacity: f64,
    pub per_hour: f64,
}

/// A stored bucket: tokens left at `updated_at`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bucket {
    pub tokens: f64,
    pub updated_at: Micros,
}

/// Takes one token. Returns whether the action is allowed and the bucket to store. A
/// refused action does not consume a token, so a burst of refusals does not lock a
/// person out for longer.
pub fn take(limit: Limit, bucket: Option<Bucket>, now: Micros) -> (bool, Bucket) {
    let tokens = tokens_at(limit, bucket, now);
    if tokens >= 1.0 {
        (true, Bucket { tokens: tokens - 1.0, updated_at: now })
    } else {
        (false, Bucket { tokens, updated_at: now })
    }
}

/// The tokens in a bucket at `now`, after refilling; a missing bucket is full.
fn tokens_at(limit: Limit, bucket: Option<Bucket>, now: Micros) -> f64 {
    match bucket {
        None => limit.capacity,
        Some(b) => {
            let elapsed_hours = (now - b.updated_at).max(0) as f64 / (3_600.0 * MICROS_PER_SECOND as f64);
            (b.tokens + elapsed_hours * limit.per_hour).min(limit.capacity)
        }
    }
}

/// Returns the token an attempt took, where only failures count: a sign-in takes its
/// token before the password is checked (so that a burst of guesses at once cannot all
/// pass), and a correct password gives it back.
pub fn give_back(limit: Limit, bucket: Bucket, now: Micros) -> Bucket {
    Bucket { tokens: (tokens_at(limit, Some(bucket), now) + 1.0).min(limit.capacity), updated_at: now }
}

/// Seconds until a bucket holding `tokens` has one again.
pub fn seconds_until_one(limit: Limit, tokens: f64) -> u64 {
    if limit.per_hour <= 0.0 {
        return u64::MAX / 2;
    }
    ((1.0 - tokens).max(0.0) / limit.per_hour * 3_600.0).ceil() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: Micros = 3_600 * MICROS_PER_SECOND;

    #[test]
    fn allows_a_burst_then_refills() {
        let limit = Limit { capacity: 3.0, per_hour: 6.0 };
        let mut bucket = None;
        for _ in 0..3 {
            let (ok, b) = take(limit, bucket, 0);
            assert!(ok);
            bucket = Some(b);
        }
        let (ok, b) = take(limit, bucket, 0);
        assert!(!ok);
        // Ten minutes later one token is back.
        let (ok, _) = take(limit, Some(b), HOUR / 6);
        assert!(ok);
        // Never more than the capacity, however long the wait.
        let (_, b) = take(limit, Some(b), 100 * HOUR);
        assert_eq!(b.tokens, 2.0);
    }

    #[test]
    fn successes_give_their_token_back_and_the_wait_is_known() {
        let limit = Limit { capacity: 2.0, per_hour: 6.0 };
        // One token comes back every ten minutes.
        assert_eq!(seconds_until_one(limit, 0.0), 600);
        assert_eq!(seconds_until_one(limit, 0.5), 300);
        // A thousand successful attempts leave the bucket full.
        let mut bucket = Bucket { tokens: 2.0, updated_at: 0 };
        for _ in 0..1000 {
            let (allowed, taken) = take(limit, Some(bucket), 0);
            assert!(allowed);
            bucket = give_back(limit, taken, 0);
        }
        assert_eq!(bucket.tokens, 2.0);
        // Never above the capacity.
        assert_eq!(give_back(limit, Bucket { tokens: 2.0, updated_at: 0 }, HOUR).tokens, 2.0);
    }
}

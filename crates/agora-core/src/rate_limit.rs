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

/// Whether one more action is allowed, without taking a token: `Err(seconds)` says how
/// long until it is. Used where only failures count (a wrong password): a correct one
/// is checked against the bucket but never empties it.
pub fn peek(limit: Limit, bucket: Option<Bucket>, now: Micros) -> Result<(), u64> {
    let tokens = tokens_at(limit, bucket, now);
    if tokens >= 1.0 { Ok(()) } else { Err(seconds_until_one(limit, tokens)) }
}

/// Seconds until a bucket holding `tokens` has one again.
pub fn seconds_until_one(limit: Limit, tokens: f64) -> u64 {
    if limit.per_hour <= 0.0 {
        return u64::MAX / 2;
    }
    ((1.0 - tokens).max(0.0) / limit.per_hour * 3_600.0).ceil() as u64
}

/// How long an untouched bucket takes to be full again, after which keeping it changes
/// nothing: it can be deleted.
pub fn refill_time(limit: Limit) -> Micros {
    if limit.per_hour <= 0.0 {
        return Micros::MAX / 2;
    }
    (limit.capacity / limit.per_hour * 3_600.0 * MICROS_PER_SECOND as f64).ceil() as Micros
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
    fn peeking_takes_nothing_and_says_how_long_to_wait() {
        let limit = Limit { capacity: 2.0, per_hour: 6.0 };
        let empty = Bucket { tokens: 0.0, updated_at: 0 };
        // One token comes back every ten minutes.
        assert_eq!(peek(limit, Some(empty), 0), Err(600));
        assert_eq!(peek(limit, Some(empty), HOUR / 12), Err(300));
        assert_eq!(peek(limit, Some(empty), HOUR / 6), Ok(()));
        assert_eq!(peek(limit, None, 0), Ok(()));
        // Peeking does not change the bucket: a thousand peeks leave it full.
        let full = Bucket { tokens: 2.0, updated_at: 0 };
        for _ in 0..1000 {
            assert_eq!(peek(limit, Some(full), 0), Ok(()));
        }
        assert_eq!(refill_time(limit), HOUR / 3);
    }
}

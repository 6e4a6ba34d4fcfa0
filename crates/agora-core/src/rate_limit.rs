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
    let tokens = match bucket {
        None => limit.capacity,
        Some(b) => {
            let elapsed_hours = (now - b.updated_at).max(0) as f64 / (3_600.0 * MICROS_PER_SECOND as f64);
            (b.tokens + elapsed_hours * limit.per_hour).min(limit.capacity)
        }
    };
    if tokens >= 1.0 {
        (true, Bucket { tokens: tokens - 1.0, updated_at: now })
    } else {
        (false, Bucket { tokens, updated_at: now })
    }
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
}

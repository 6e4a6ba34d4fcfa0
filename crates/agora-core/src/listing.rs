//! How idea lists are sorted, filtered and paged. Pages use keyset cursors (the sort key
//! and id of the last idea shown), never OFFSET, so page 500 is as fast as page 1.

use crate::{Error, Id, MICROS_PER_DAY, Micros};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IdeaSort {
    #[default]
    Trending,
    /// Likes minus dislikes.
    Popular,
    Newest,
    Oldest,
    MostDiscussed,
    /// Shuffled, but the same order for one visitor for one day.
    Random,
}

impl IdeaSort {
    pub const ALL: [IdeaSort; 6] = [
        IdeaSort::Trending,
        IdeaSort::Popular,
        IdeaSort::Newest,
        IdeaSort::Oldest,
        IdeaSort::MostDiscussed,
        IdeaSort::Random,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IdeaSort::Trending => "trending",
            IdeaSort::Popular => "popular",
            IdeaSort::Newest => "newest",
            IdeaSort::Oldest => "oldest",
            IdeaSort::MostDiscussed => "most_discussed",
            IdeaSort::Random => "random",
        }
    }

    pub fn parse(s: &str) -> Option<IdeaSort> {
        IdeaSort::ALL.into_iter().find(|sort| sort.as_str() == s)
    }
}

pub const DEFAULT_PAGE_SIZE: i64 = 24;
pub const MAX_PAGE_SIZE: i64 = 100;

pub fn page_size(requested: Option<i64>) -> Result<i64, Error> {
    match requested {
        None => Ok(DEFAULT_PAGE_SIZE),
        Some(n) if (1..=MAX_PAGE_SIZE).contains(&n) => Ok(n),
        Some(_) => Err(Error::field("limit", "invalid")),
    }
}

/// The sort key of the last idea of a page and its id (the tie-breaker).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cursor {
    Float(f64, Id),
    Int(i64, Id),
    /// The random order also keeps its seed, so the pages of one list never reshuffle.
    Random {
        seed: i64,
        key: i64,
        id: Id,
    },
}

impl Cursor {
    /// An opaque, URL-safe string. Floats are written by their bits so the key compares
    /// exactly equal after the round trip.
    pub fn encode(&self) -> String {
        match self {
            Cursor::Float(key, id) => format!("f{:x}.{id}", key.to_bits()),
            Cursor::Int(key, id) => format!("i{key}.{id}"),
            Cursor::Random { seed, key, id } => format!("r{seed}.{key}.{id}"),
        }
    }

    pub fn decode(s: &str) -> Result<Cursor, Error> {
        let bad = || Error::field("cursor", "invalid");
        if let Some(rest) = s.strip_prefix('r') {
            let mut parts = rest.split('.').map(str::parse::<i64>);
            return match (parts.next(), parts.next(), parts.next(), parts.next()) {
                (Some(Ok(seed)), Some(Ok(key)), Some(Ok(id)), None) => Ok(Cursor::Random { seed, key, id }),
                _ => Err(bad()),
            };
        }
        let (key, id) = s.get(1..).and_then(|rest| rest.split_once('.')).ok_or_else(bad)?;
        let id: Id = id.parse().map_err(|_| bad())?;
        match s.as_bytes().first() {
            Some(b'f') => {
                let key = f64::from_bits(u64::from_str_radix(key, 16).map_err(|_| bad())?);
                if key.is_finite() { Ok(Cursor::Float(key, id)) } else { Err(bad()) }
            }
            Some(b'i') => Ok(Cursor::Int(key.parse().map_err(|_| bad())?, id)),
            _ => Err(bad()),
        }
    }
}

/// The random order: ideas sorted by `(id + seed) × MULTIPLIER mod MODULUS`, a fixed
/// permutation for each seed (MODULUS is prime; the product stays within 64 bits). The
/// database computes the same expression (see `agora-db`).
pub const RANDOM_MULTIPLIER: i64 = 1_103_515_245;
pub const RANDOM_MODULUS: i64 = 4_294_967_291;

pub fn random_key(seed: i64, id: Id) -> i64 {
    ((id + seed) % RANDOM_MODULUS * RANDOM_MULTIPLIER) % RANDOM_MODULUS
}

/// The seed for one visitor on one day: the same shuffle while they page through the
/// list today, another one tomorrow.
pub fn random_seed(visitor: &str, now: Micros) -> i64 {
    // FNV-1a: stable across builds and platforms, unlike std's randomised hasher.
    let day = now.div_euclid(MICROS_PER_DAY);
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in visitor.bytes().chain(day.to_le_bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (hash % RANDOM_MODULUS as u64) as i64
}

/// The words of a search, each quoted for the full-text engine so that no input is read
/// as query syntax. At most 8 words of at most 50 characters.
pub fn search_terms(q: &str) -> Vec<String> {
    q.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .map(|w| w.chars().take(50).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_round_trip() {
        for sort in IdeaSort::ALL {
            assert_eq!(IdeaSort::parse(sort.as_str()), Some(sort));
        }
        assert_eq!(IdeaSort::parse("hot"), None);
    }

    #[test]
    fn cursors_round_trip_exactly() {
        for cursor in [
            Cursor::Float(-2.718_281_9, 42),
            Cursor::Float(0.1 + 0.2, 1),
            Cursor::Int(-7, 9),
            Cursor::Random { seed: 12, key: 345, id: 6 },
        ] {
            assert_eq!(Cursor::decode(&cursor.encode()), Ok(cursor));
        }
        for bad in ["", "x1.2", "i1", "ia.2", "f7ff0000000000000.1", "i1.b", "r1.2", "r1.2.3.4", "ra.2.3"] {
            assert!(Cursor::decode(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn random_order_is_stable_per_visitor_and_day() {
        let now = 20_000 * MICROS_PER_DAY + 5;
        let seed = random_seed("visitor-a", now);
        assert_eq!(seed, random_seed("visitor-a", now + 3_600_000_000));
        assert_ne!(seed, random_seed("visitor-a", now + MICROS_PER_DAY));
        assert_ne!(seed, random_seed("visitor-b", now));
        let mut ids: Vec<Id> = (1..=50).collect();
        ids.sort_by_key(|id| random_key(seed, *id));
        assert_ne!(ids, (1..=50).collect::<Vec<_>>());
        // A permutation: no two ideas share a key.
        let mut keys: Vec<i64> = (1..=10_000).map(|id| random_key(seed, id)).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), 10_000);
    }

    #[test]
    fn search_terms_drop_query_syntax() {
        assert_eq!(search_terms(r#"fiets" OR *pad NEAR(x)"#), ["fiets", "OR", "pad", "NEAR", "x"]);
        assert_eq!(search_terms("café Sint-Pieters"), ["café", "Sint", "Pieters"]);
        assert!(search_terms("  \"* ").is_empty());
    }

    #[test]
    fn page_sizes() {
        assert_eq!(page_size(None), Ok(DEFAULT_PAGE_SIZE));
        assert!(page_size(Some(0)).is_err() && page_size(Some(101)).is_err());
    }
}

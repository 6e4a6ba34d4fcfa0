//! Configuration from the environment (flags of `agora serve` override it).

use agora_core::rate_limit::Limit;

#[derive(Debug, Clone)]
pub struct Config {
    /// The public address, e.g. `https://participate.gent.be`; links in the API and the
    /// `Secure` flag of cookies follow from it.
    pub base_url: String,
    pub rate_limits: RateLimits,
    /// Whether to read the client address from `X-Forwarded-For` (behind a load balancer).
    pub trust_proxy: bool,
}

impl Config {
    pub fn secure_cookies(&self) -> bool {
        self.base_url.starts_with("https://")
    }
}

/// The limits kept in the database, per client address (`_ip`) and per account.
#[derive(Debug, Clone, PartialEq)]
pub struct RateLimits {
    pub enabled: bool,
    pub sign_in_ip: Limit,
    pub sign_in_account: Limit,
    pub sign_up_ip: Limit,
    /// Sign-up attempts for one e-mail address.
    pub sign_up_account: Limit,
    /// Ideas and comments, per person.
    pub posting: Limit,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits {
            enabled: true,
            sign_in_ip: Limit { capacity: 20.0, per_hour: 60.0 },
            sign_in_account: Limit { capacity: 10.0, per_hour: 20.0 },
            sign_up_ip: Limit { capacity: 10.0, per_hour: 20.0 },
            sign_up_account: Limit { capacity: 5.0, per_hour: 5.0 },
            posting: Limit { capacity: 30.0, per_hour: 60.0 },
        }
    }
}

impl RateLimits {
    /// Reads `AGORA_RATE_LIMITS`: `off`, or overrides such as
    /// `sign_in_ip=20/60,posting=30/60` (a burst of 20, then 60 an hour).
    pub fn parse(spec: &str) -> Result<RateLimits, String> {
        let mut limits = RateLimits::default();
        let spec = spec.trim();
        if spec.eq_ignore_ascii_case("off") {
            limits.enabled = false;
            return Ok(limits);
        }
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, value) = part.split_once('=').ok_or(format!("expected name=burst/per_hour in {part:?}"))?;
            let (capacity, per_hour) = value.split_once('/').ok_or(format!("expected burst/per_hour in {part:?}"))?;
            let limit = Limit {
                capacity: capacity.trim().parse().map_err(|_| format!("bad burst in {part:?}"))?,
                per_hour: per_hour.trim().parse().map_err(|_| format!("bad rate in {part:?}"))?,
            };
            match name.trim() {
                "sign_in_ip" => limits.sign_in_ip = limit,
                "sign_in_account" => limits.sign_in_account = limit,
                "sign_up_ip" => limits.sign_up_ip = limit,
                "sign_up_account" => limits.sign_up_account = limit,
                "posting" => limits.posting = limit,
                other => return Err(format!("unknown rate limit {other:?}")),
            }
        }
        Ok(limits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limit_specs() {
        assert!(!RateLimits::parse("off").map(|l| l.enabled).unwrap_or(true));
        let l = RateLimits::parse("posting=5/10, sign_in_ip=1/2").unwrap_or_default();
        assert_eq!(l.posting, Limit { capacity: 5.0, per_hour: 10.0 });
        assert_eq!(l.sign_in_ip, Limit { capacity: 1.0, per_hour: 2.0 });
        assert!(RateLimits::parse("votes=1/2").is_err());
        assert!(RateLimits::parse("posting=x/2").is_err());
        assert_eq!(RateLimits::parse(""), Ok(RateLimits::default()));
    }
}

//! Configuration from the environment (flags of `agora serve` override it).

use std::net::IpAddr;

use agora_core::rate_limit::Limit;

#[derive(Debug, Clone)]
pub struct Config {
    /// The public address, e.g. `https://participate.gent.be`; links in the API and the
    /// `Secure` flag of cookies follow from it.
    pub base_url: String,
    pub rate_limits: RateLimits,
    /// Which proxies' `X-Forwarded-For` to believe (behind a load balancer).
    pub trust_proxy: TrustProxy,
    /// When set, the first-run set-up page asks for this secret.
    pub setup_token: Option<String>,
    /// The city's (or platform's) name, as mails sign with it.
    pub site_name: String,
    /// The city's OpenID provider, when people may sign in with it.
    pub oidc: Option<std::sync::Arc<agora_app::oidc::Provider>>,
    /// Where files given as survey answers are kept: `uploads` in the data folder, or a
    /// folder every app server shares.
    pub uploads: std::path::PathBuf,
}

impl Config {
    /// Who mails come from, and where their links lead.
    pub fn site(&self) -> agora_app::mail::Site {
        agora_app::mail::Site { name: self.site_name.clone(), base_url: self.base_url.clone() }
    }

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
    /// New guests (visitors taking part without an account), per address.
    pub guests_ip: Limit,
    /// Ideas and comments by guests, per address: a guest who drops their cookie comes
    /// back as a new guest, but from the same address.
    pub guest_posting_ip: Limit,
    /// Reactions (likes of ideas and comments) by guests, per address.
    pub guest_reacting_ip: Limit,
    /// Mailed links asked for (password resets, confirmations sent again), per address.
    pub mail_link_ip: Limit,
    /// The same, per e-mail address: nobody floods someone's mailbox.
    pub mail_link_account: Limit,
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
            guests_ip: Limit { capacity: 20.0, per_hour: 40.0 },
            guest_posting_ip: Limit { capacity: 30.0, per_hour: 60.0 },
            guest_reacting_ip: Limit { capacity: 120.0, per_hour: 600.0 },
            mail_link_ip: Limit { capacity: 10.0, per_hour: 20.0 },
            mail_link_account: Limit { capacity: 3.0, per_hour: 6.0 },
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
                "guests_ip" => limits.guests_ip = limit,
                "guest_posting_ip" => limits.guest_posting_ip = limit,
                "guest_reacting_ip" => limits.guest_reacting_ip = limit,
                "mail_link_ip" => limits.mail_link_ip = limit,
                "mail_link_account" => limits.mail_link_account = limit,
                other => return Err(format!("unknown rate limit {other:?}")),
            }
        }
        Ok(limits)
    }
}

/// Whose word to take for the client's address. Each proxy appends the address it saw
/// to `X-Forwarded-For`, so only the right end of the list is trustworthy: what a client
/// puts at its left end is its own invention.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum TrustProxy {
    /// The address of the connection itself.
    #[default]
    None,
    /// This many proxies (load balancers) stand in front of Agora: the client is the
    /// address the outermost one saw.
    Hops(usize),
    /// These addresses or networks are our proxies: the client is the rightmost address
    /// that is not one of them.
    Proxies(Vec<IpNet>),
}

impl TrustProxy {
    /// Reads `AGORA_TRUST_PROXY`: `false`, `true` (one proxy), a number of proxies, or
    /// a comma-separated list of proxy addresses and networks (`10.0.0.0/8`).
    pub fn parse(spec: &str) -> Result<TrustProxy, String> {
        let spec = spec.trim();
        match spec.to_ascii_lowercase().as_str() {
            "" | "false" | "no" | "0" => return Ok(TrustProxy::None),
            "true" | "yes" => return Ok(TrustProxy::Hops(1)),
            _ => {}
        }
        if let Ok(hops) = spec.parse::<usize>() {
            return Ok(TrustProxy::Hops(hops));
        }
        spec.split(',')
            .map(|part| IpNet::parse(part.trim()).ok_or(format!("not an address or network: {part:?}")))
            .collect::<Result<Vec<_>, _>>()
            .map(TrustProxy::Proxies)
    }

    /// The client's address, from the connection's `peer` (absent in in-process tests)
    /// and the `X-Forwarded-For` header. An entry that is not an address ends the walk:
    /// the address to its right is the last one we can vouch for.
    pub fn client_address(&self, peer: Option<IpAddr>, forwarded_for: Option<&str>) -> Option<IpAddr> {
        // A server listening on `[::]` sees IPv4 clients as `::ffff:a.b.c.d`.
        let peer = peer.map(|ip| ip.to_canonical());
        if *self == TrustProxy::None {
            return peer;
        }
        let mut chain: Vec<Option<IpAddr>> = forwarded_for
            .into_iter()
            .flat_map(|v| v.split(','))
            .map(|a| a.trim().parse::<IpAddr>().ok().map(|ip| ip.to_canonical()))
            .collect();
        chain.push(peer);
        let mut at = chain.len() - 1;
        let trusted = |at: usize, walked: usize| match self {
            TrustProxy::None => false,
            TrustProxy::Hops(hops) => walked < *hops,
            TrustProxy::Proxies(nets) => chain[at].is_some_and(|ip| nets.iter().any(|n| n.contains(ip))),
        };
        let mut walked = 0;
        while at > 0 && trusted(at, walked) && chain[at - 1].is_some() {
            at -= 1;
            walked += 1;
        }
        chain[at]
    }
}

/// An address or a network in CIDR notation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IpNet {
    address: IpAddr,
    prefix: u8,
}

impl IpNet {
    pub fn parse(text: &str) -> Option<IpNet> {
        let (address, prefix) = match text.split_once('/') {
            Some((a, p)) => (a.parse::<IpAddr>().ok()?, p.parse::<u8>().ok()?),
            None => {
                let a = text.parse::<IpAddr>().ok()?;
                (a, if a.is_ipv4() { 32 } else { 128 })
            }
        };
        let max = if address.is_ipv4() { 32 } else { 128 };
        (prefix <= max).then_some(IpNet { address, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let bits = |ip: IpAddr| match ip {
            IpAddr::V4(v4) => (u128::from(u32::from(v4)) << 96, 32),
            IpAddr::V6(v6) => (u128::from(v6), 128),
        };
        let ((net, width), (candidate, other)) = (bits(self.address), bits(ip));
        if width != other {
            return false;
        }
        let mask = if self.prefix == 0 { 0 } else { u128::MAX << (128 - u32::from(self.prefix)) };
        net & mask == candidate & mask
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Option<IpAddr> {
        s.parse().ok()
    }

    #[test]
    fn the_client_is_what_the_trusted_proxy_saw() {
        let lb = ip("10.0.0.5");
        let one = TrustProxy::parse("true").unwrap();
        // The client wrote "1.2.3.4"; the load balancer appended the address it saw.
        assert_eq!(one.client_address(lb, Some("1.2.3.4, 203.0.113.7")), ip("203.0.113.7"));
        assert_eq!(one.client_address(lb, Some("203.0.113.7")), ip("203.0.113.7"));
        assert_eq!(one.client_address(lb, None), lb);
        // Garbage where the proxy's entry should be: the proxy is all we can vouch for.
        assert_eq!(one.client_address(lb, Some("evil")), lb);
        let two = TrustProxy::parse("2").unwrap();
        assert_eq!(two.client_address(lb, Some("1.2.3.4, 203.0.113.7, 10.0.0.9")), ip("203.0.113.7"));
        assert_eq!(two.client_address(lb, Some("203.0.113.7")), ip("203.0.113.7"));
        let listed = TrustProxy::parse("10.0.0.0/8, 192.168.1.1").unwrap();
        assert_eq!(listed.client_address(lb, Some("1.2.3.4, 203.0.113.7, 192.168.1.1")), ip("203.0.113.7"));
        // An IPv4 proxy seen through an IPv6 socket is still that proxy.
        assert_eq!(listed.client_address(ip("::ffff:10.0.0.5"), Some("203.0.113.7")), ip("203.0.113.7"));
        // A connection that does not come from a proxy is the client, whatever it says.
        assert_eq!(listed.client_address(ip("198.51.100.1"), Some("1.2.3.4")), ip("198.51.100.1"));
        assert_eq!(TrustProxy::None.client_address(lb, Some("1.2.3.4")), lb);
        // In-process requests have no peer: the rightmost entry is the client.
        assert_eq!(one.client_address(None, Some("1.2.3.4, 203.0.113.7")), ip("203.0.113.7"));
    }

    #[test]
    fn trust_proxy_specs() {
        assert_eq!(TrustProxy::parse("false"), Ok(TrustProxy::None));
        assert_eq!(TrustProxy::parse(""), Ok(TrustProxy::None));
        assert_eq!(TrustProxy::parse("true"), Ok(TrustProxy::Hops(1)));
        assert_eq!(TrustProxy::parse("3"), Ok(TrustProxy::Hops(3)));
        assert!(TrustProxy::parse("10.0.0.0/40").is_err());
        assert!(TrustProxy::parse("proxy.internal").is_err());
        let net = IpNet::parse("2001:db8::/32").unwrap();
        assert!(net.contains("2001:db8::1".parse().unwrap()));
        assert!(!net.contains("10.0.0.1".parse().unwrap()));
    }

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

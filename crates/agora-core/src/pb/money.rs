//! Exact amounts. Budgets and costs are decimals (often with two places, sometimes with a
//! comma for the decimal point), so they are read into rationals, never floats: the
//! rules compare sums of shares that floats would round.

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::Signed;

/// An exact amount of money, a share of it, or a ratio of two.
pub type Q = BigRational;

/// Reads a non-negative decimal such as `1000000`, `400000.0` or `1234,50`.
pub fn parse_decimal(text: &str) -> Option<Q> {
    let text = text.trim();
    let (whole, fraction) = match text.find(['.', ',']) {
        Some(at) => (&text[..at], &text[at + 1..]),
        None => (text, ""),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) {
        return None;
    }
    let numerator: BigInt = format!("{whole}{fraction}").parse().ok()?;
    let denominator = num_traits::pow(BigInt::from(10), fraction.len());
    Some(Q::new(numerator, denominator))
}

/// Writes an amount as a decimal when it has a finite one with at most six places
/// (`1234.5`), else as a fraction (`1000/3`), so the printed figure is always exact.
pub fn format(amount: &Q) -> String {
    let mut denominator = amount.denom().clone();
    let mut places = 0;
    for factor in [2, 5] {
        while denominator.is_multiple_of(&BigInt::from(factor)) {
            denominator /= factor;
        }
    }
    if denominator != BigInt::from(1) {
        return format!("{}/{}", amount.numer(), amount.denom());
    }
    let mut scaled = amount.clone();
    while !scaled.is_integer() && places < 6 {
        scaled *= BigInt::from(10);
        places += 1;
    }
    if !scaled.is_integer() {
        return format!("{}/{}", amount.numer(), amount.denom());
    }
    let digits = scaled.to_integer().abs().to_string();
    let sign = if amount.is_negative() { "-" } else { "" };
    if places == 0 {
        return format!("{sign}{digits}");
    }
    let padded = format!("{digits:0>width$}", width = places + 1);
    let (whole, fraction) = padded.split_at(padded.len() - places);
    format!("{sign}{whole}.{fraction}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i64, d: i64) -> Q {
        Q::new(n.into(), d.into())
    }

    #[test]
    fn decimals_are_read_exactly() {
        assert_eq!(parse_decimal("400000.0"), Some(q(400000, 1)));
        assert_eq!(parse_decimal("1234,50"), Some(q(123450, 100)));
        assert_eq!(parse_decimal(" 0.1 "), Some(q(1, 10)));
        assert_eq!(parse_decimal("7"), Some(q(7, 1)));
        for bad in ["", "None", "-5", "1.2.3", "1e5", ".5", "12 000"] {
            assert_eq!(parse_decimal(bad), None, "{bad}");
        }
    }

    #[test]
    fn amounts_are_written_exactly() {
        assert_eq!(format(&q(400000, 1)), "400000");
        assert_eq!(format(&q(12345, 100)), "123.45");
        assert_eq!(format(&q(1, 20)), "0.05");
        assert_eq!(format(&q(1000, 3)), "1000/3");
        assert_eq!(format(&q(-7, 2)), "-3.5");
    }
}

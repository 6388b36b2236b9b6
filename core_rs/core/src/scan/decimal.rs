//! Exact decimal numbers (weights, prices, percentages) — never floating point.

use std::fmt;

/// `mantissa × 10^-scale`, e.g. `1.250` kg is `Decimal { mantissa: 1250, scale: 3 }`.
/// The scale is kept as written (`1.250` and `1.25` are different representations of the
/// same value; [`PartialEq`] compares representations).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decimal {
    pub mantissa: u64,
    pub scale: u8,
}

impl Decimal {
    /// The number written as `digits` (ASCII digits, at most 19) with `scale` of them after
    /// the decimal point.  `None` if `digits` is empty, too long or not all digits.
    pub fn from_digits(digits: &[u8], scale: u8) -> Option<Decimal> {
        if digits.is_empty() || digits.len() > 19 {
            return None;
        }
        let mut mantissa: u64 = 0;
        for &b in digits {
            if !b.is_ascii_digit() {
                return None;
            }
            mantissa = mantissa * 10 + u64::from(b - b'0');
        }
        Some(Decimal { mantissa, scale })
    }

    /// Whether the value is exactly the same number as `other` (any scale).
    pub fn same_value(&self, other: &Decimal) -> bool {
        let (a, b) = (u128::from(self.mantissa), u128::from(other.mantissa));
        match self.scale.cmp(&other.scale) {
            std::cmp::Ordering::Equal => a == b,
            std::cmp::Ordering::Less => a * 10u128.pow(u32::from(other.scale - self.scale)) == b,
            std::cmp::Ordering::Greater => b * 10u128.pow(u32::from(self.scale - other.scale)) == a,
        }
    }
}

impl fmt::Display for Decimal {
    /// `1.250`, `0.005`, `1250` — the form Python's `decimal.Decimal` reads back exactly.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.mantissa.to_string();
        let scale = usize::from(self.scale);
        if scale == 0 {
            return f.write_str(&digits);
        }
        if digits.len() > scale {
            let (units, fraction) = digits.split_at(digits.len() - scale);
            write!(f, "{units}.{fraction}")
        } else {
            write!(f, "0.{digits:0>scale$}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(digits: &str, scale: u8) -> Decimal {
        Decimal::from_digits(digits.as_bytes(), scale).unwrap()
    }

    #[test]
    fn formats_exactly() {
        assert_eq!(d("001250", 3).to_string(), "1.250");
        assert_eq!(d("001250", 0).to_string(), "1250");
        assert_eq!(d("5", 9).to_string(), "0.000000005");
        assert_eq!(d("000000", 5).to_string(), "0.00000");
        assert_eq!(d("123456789012345", 2).to_string(), "1234567890123.45");
    }

    #[test]
    fn compares_values_across_scales() {
        assert!(d("1250", 3).same_value(&d("125", 2)));
        assert!(!d("1250", 3).same_value(&d("125", 3)));
        assert_ne!(d("1250", 3), d("125", 2));
    }

    #[test]
    fn rejects_what_is_not_a_number() {
        assert_eq!(Decimal::from_digits(b"", 2), None);
        assert_eq!(Decimal::from_digits(b"12a", 2), None);
        assert_eq!(Decimal::from_digits(&[b'9'; 20], 2), None);
    }
}

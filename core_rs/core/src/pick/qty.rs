//! Exact quantities: fixed-point with four decimal places.
//!
//! Subiekt GT keeps quantities as `money` (four decimal places), and lines sold by weight
//! or length are fractional (`1.25` kg).  A [`Qty`] is an `i64` count of 1/10 000 of a
//! base unit, so `1.25` is stored as `12500`; arithmetic is exact and never goes through
//! floating point.  Every `Qty` is bounded by [`Qty::MAX`] in absolute value (10¹² base
//! units), so adding two of them can never overflow.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// An exact quantity in 1/10 000 of a base unit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Qty(i64);

/// Why a text or number is not a quantity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QtyError {
    /// The text is empty.
    Empty,
    /// The text is not a decimal number (e.g. `"1,5"`, `"abc"`, `"NaN"`).
    NotANumber { text: String },
    /// More than four decimal places that are not zero (`"0.00001"`).
    TooManyDecimals { text: String },
    /// Beyond ±10¹² base units.
    OutOfRange { text: String },
}

impl fmt::Display for QtyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QtyError::Empty => write!(f, "quantity is empty"),
            QtyError::NotANumber { text } => write!(f, "quantity {text:?} is not a decimal number"),
            QtyError::TooManyDecimals { text } => write!(
                f,
                "quantity {text:?} has more than {} decimal places",
                Qty::DECIMALS
            ),
            QtyError::OutOfRange { text } => write!(
                f,
                "quantity {text:?} is out of range (at most {} base units)",
                Qty::MAX
            ),
        }
    }
}

impl std::error::Error for QtyError {}

impl Qty {
    /// Decimal places kept.
    pub const DECIMALS: u32 = 4;
    /// Raw units in one base unit.
    pub const SCALE: i64 = 10_000;
    /// Zero.
    pub const ZERO: Qty = Qty(0);
    /// One base unit.
    pub const ONE: Qty = Qty(Self::SCALE);
    /// The largest quantity: 10¹² base units.
    pub const MAX: Qty = Qty(1_000_000_000_000 * Self::SCALE);

    /// A quantity from its raw value in 1/10 000 of a base unit.
    pub fn from_raw(raw: i64) -> Result<Qty, QtyError> {
        if raw.unsigned_abs() > Self::MAX.0.unsigned_abs() {
            return Err(QtyError::OutOfRange {
                text: format!("{raw}e-4"),
            });
        }
        Ok(Qty(raw))
    }

    /// A whole number of base units.
    pub fn from_units(units: i64) -> Result<Qty, QtyError> {
        units
            .checked_mul(Self::SCALE)
            .filter(|raw| raw.unsigned_abs() <= Self::MAX.0.unsigned_abs())
            .map(Qty)
            .ok_or_else(|| QtyError::OutOfRange {
                text: units.to_string(),
            })
    }

    /// The raw value in 1/10 000 of a base unit.
    pub const fn raw(self) -> i64 {
        self.0
    }

    /// Greater than zero.
    pub const fn is_positive(self) -> bool {
        self.0 > 0
    }

    /// `self + other`; never overflows for bounded quantities, but the result may exceed
    /// [`Qty::MAX`] (it is only compared, never stored, by the engine).
    pub(crate) const fn plus(self, other: Qty) -> Qty {
        Qty(self.0.saturating_add(other.0))
    }

    /// `self - other`.
    pub(crate) const fn minus(self, other: Qty) -> Qty {
        Qty(self.0.saturating_sub(other.0))
    }

    /// Parse a decimal number: optional sign, digits with an optional `.` fraction and an
    /// optional exponent (`"12"`, `"1.25"`, `"-0.5"`, `"1E+1"` as Python's `Decimal` writes
    /// it).  At most four decimal places may be non-zero; no spaces, no decimal comma.
    pub fn parse(text: &str) -> Result<Qty, QtyError> {
        let nan = || QtyError::NotANumber {
            text: text.to_owned(),
        };
        if text.is_empty() {
            return Err(QtyError::Empty);
        }
        let bytes = text.as_bytes();
        let mut pos = 0;
        let negative = match bytes[0] {
            b'-' => {
                pos = 1;
                true
            }
            b'+' => {
                pos = 1;
                false
            }
            _ => false,
        };
        // Mantissa digits (integer part then fraction), without leading zeros.
        let mut digits: Vec<u8> = Vec::new();
        let mut seen_digit = false;
        let mut fraction_len: i64 = 0;
        let mut in_fraction = false;
        while pos < bytes.len() {
            match bytes[pos] {
                b @ b'0'..=b'9' => {
                    seen_digit = true;
                    if !(digits.is_empty() && b == b'0') {
                        digits.push(b - b'0');
                    }
                    if in_fraction {
                        fraction_len += 1;
                    }
                }
                b'.' if !in_fraction => in_fraction = true,
                b'e' | b'E' => break,
                _ => return Err(nan()),
            }
            pos += 1;
        }
        if !seen_digit {
            return Err(nan());
        }
        let mut exponent: i64 = 0;
        if pos < bytes.len() {
            // bytes[pos] is 'e' or 'E'.
            let rest = &text[pos + 1..];
            let (sign, body) = match rest.as_bytes().first() {
                Some(b'-') => (-1, &rest[1..]),
                Some(b'+') => (1, &rest[1..]),
                _ => (1, rest),
            };
            if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
                return Err(nan());
            }
            let magnitude: i64 = if body.len() > 6 {
                1_000_000
            } else {
                body.parse().map_err(|_| nan())?
            };
            exponent = sign * magnitude;
        }
        // value = digits × 10^(exponent - fraction_len); trailing zeros move into the exponent.
        let mut power = exponent - fraction_len + i64::from(Self::DECIMALS);
        while digits.last() == Some(&0) {
            digits.pop();
            power += 1;
        }
        if digits.is_empty() {
            return Ok(Qty::ZERO);
        }
        if power < 0 {
            return Err(QtyError::TooManyDecimals {
                text: text.to_owned(),
            });
        }
        let out_of_range = || QtyError::OutOfRange {
            text: text.to_owned(),
        };
        // MAX has 17 digits; anything with more cannot fit.
        if digits.len() as i64 + power > 17 {
            return Err(out_of_range());
        }
        let mut raw: i64 = 0;
        for digit in digits {
            raw = raw * 10 + i64::from(digit);
        }
        for _ in 0..power {
            raw *= 10;
        }
        if raw > Self::MAX.0 {
            return Err(out_of_range());
        }
        Ok(Qty(if negative { -raw } else { raw }))
    }
}

impl fmt::Display for Qty {
    /// The shortest exact decimal form: `12`, `1.25`, `-0.0001`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let magnitude = self.0.unsigned_abs();
        let scale = Self::SCALE.unsigned_abs();
        let whole = magnitude / scale;
        let mut fraction = magnitude % scale;
        if fraction == 0 {
            return write!(f, "{sign}{whole}");
        }
        let mut width = Self::DECIMALS as usize;
        while fraction.is_multiple_of(10) {
            fraction /= 10;
            width -= 1;
        }
        write!(f, "{sign}{whole}.{fraction:0width$}")
    }
}

impl FromStr for Qty {
    type Err = QtyError;

    fn from_str(text: &str) -> Result<Qty, QtyError> {
        Qty::parse(text)
    }
}

/// In human-readable formats (JSON) a quantity is its decimal string (`"1.25"`); in binary
/// formats it is the raw `i64` in 1/10 000.
impl Serialize for Qty {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.collect_str(self)
        } else {
            serializer.serialize_i64(self.0)
        }
    }
}

impl<'de> Deserialize<'de> for Qty {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Qty, D::Error> {
        struct QtyVisitor;

        impl Visitor<'_> for QtyVisitor {
            type Value = Qty;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal quantity")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Qty, E> {
                Qty::parse(text).map_err(E::custom)
            }

            fn visit_i64<E: de::Error>(self, raw: i64) -> Result<Qty, E> {
                Qty::from_raw(raw).map_err(E::custom)
            }

            fn visit_u64<E: de::Error>(self, raw: u64) -> Result<Qty, E> {
                i64::try_from(raw)
                    .map_err(|_| E::custom("quantity out of range"))
                    .and_then(|raw| self.visit_i64(raw))
            }
        }

        if deserializer.is_human_readable() {
            deserializer.deserialize_str(QtyVisitor)
        } else {
            deserializer.deserialize_i64(QtyVisitor)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn q(text: &str) -> Qty {
        Qty::parse(text).unwrap()
    }

    #[test]
    fn parses_the_usual_forms() {
        assert_eq!(q("12").raw(), 120_000);
        assert_eq!(q("1.25").raw(), 12_500);
        assert_eq!(q("-0.0001").raw(), -1);
        assert_eq!(q("+3.5000").raw(), 35_000);
        assert_eq!(q("0.00010").raw(), 1);
        assert_eq!(q(".5").raw(), 5_000);
        assert_eq!(q("5.").raw(), 50_000);
        assert_eq!(q("1E+1").raw(), 100_000);
        assert_eq!(q("1.5e-3").raw(), 15);
        assert_eq!(q("0E-10"), Qty::ZERO);
        assert_eq!(q("-0"), Qty::ZERO);
        assert_eq!(q("1000000000000"), Qty::MAX);
    }

    #[test]
    fn refuses_what_is_not_exact_or_not_a_number() {
        assert_eq!(Qty::parse(""), Err(QtyError::Empty));
        for text in [
            "1,5", "abc", "NaN", "Infinity", "1.2.3", "-", ".", "1e", "1e+", " 1", "0x10",
        ] {
            assert!(
                matches!(Qty::parse(text), Err(QtyError::NotANumber { .. })),
                "{text}"
            );
        }
        assert_eq!(
            Qty::parse("0.00001").unwrap_err().to_string(),
            "quantity \"0.00001\" has more than 4 decimal places"
        );
        assert!(matches!(
            Qty::parse("1000000000000.0001"),
            Err(QtyError::OutOfRange { .. })
        ));
        assert!(matches!(
            Qty::parse("1e99999999"),
            Err(QtyError::OutOfRange { .. })
        ));
        assert!(matches!(
            Qty::parse("99999999999999999999999"),
            Err(QtyError::OutOfRange { .. })
        ));
        assert!(matches!(
            Qty::from_units(i64::MAX),
            Err(QtyError::OutOfRange { .. })
        ));
    }

    #[test]
    fn displays_the_shortest_exact_form() {
        assert_eq!(q("12.0000").to_string(), "12");
        assert_eq!(q("1.25").to_string(), "1.25");
        assert_eq!(q("-0.0001").to_string(), "-0.0001");
        assert_eq!(q("0.5").to_string(), "0.5");
        assert_eq!(Qty::MAX.to_string(), "1000000000000");
    }

    #[test]
    fn serialises_as_a_string_in_json_and_raw_in_binary() {
        assert_eq!(serde_json::to_string(&q("1.25")).unwrap(), "\"1.25\"");
        assert_eq!(serde_json::from_str::<Qty>("\"1.25\"").unwrap(), q("1.25"));
        let bytes = postcard::to_stdvec(&q("1.25")).unwrap();
        assert_eq!(postcard::from_bytes::<Qty>(&bytes).unwrap(), q("1.25"));
    }

    proptest! {
        #[test]
        fn display_then_parse_is_the_identity(raw in -Qty::MAX.raw()..=Qty::MAX.raw()) {
            let qty = Qty::from_raw(raw).unwrap();
            prop_assert_eq!(Qty::parse(&qty.to_string()).unwrap(), qty);
        }
    }
}

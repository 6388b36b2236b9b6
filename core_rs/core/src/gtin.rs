//! GTIN check digits (GS1 General Specifications §7.9, "mod 10" algorithm).
//!
//! A GTIN is 8, 12, 13 or 14 digits; the last digit is a check digit computed from
//! the others with weights 3 and 1 alternating from the right.  EAN-13 product codes
//! printed on Polish goods (prefix 590) are GTIN-13.  For lookups every GTIN is
//! normalised to 14 digits by left-padding with zeros, which keeps its check digit
//! valid because leading zeros contribute nothing to the weighted sum.

use std::fmt;

/// Why a string is not a valid GTIN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GtinError {
    /// The string has a character that is not an ASCII digit, at this byte offset.
    NotADigit { position: usize },
    /// The length is not one of 8, 12, 13 or 14.
    BadLength { length: usize },
    /// The last digit is not the check digit of the others.
    BadCheckDigit { expected: u8, found: u8 },
}

impl fmt::Display for GtinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GtinError::NotADigit { position } => {
                write!(f, "character at position {} is not a digit", position + 1)
            }
            GtinError::BadLength { length } => {
                write!(f, "a GTIN has 8, 12, 13 or 14 digits, not {length}")
            }
            GtinError::BadCheckDigit { expected, found } => {
                write!(f, "check digit is {found}, expected {expected}")
            }
        }
    }
}

impl std::error::Error for GtinError {}

fn digits(text: &str) -> Result<Vec<u8>, GtinError> {
    text.bytes()
        .enumerate()
        .map(|(position, byte)| {
            if byte.is_ascii_digit() {
                Ok(byte - b'0')
            } else {
                Err(GtinError::NotADigit { position })
            }
        })
        .collect()
}

/// The GS1 check digit for `payload` (a GTIN without its last digit).
///
/// ```
/// assert_eq!(kolektor_core::gtin::check_digit("590123412345"), Ok(7));
/// ```
pub fn check_digit(payload: &str) -> Result<u8, GtinError> {
    let sum: u32 = digits(payload)?
        .iter()
        .rev()
        .enumerate()
        .map(|(index, &digit)| u32::from(digit) * if index % 2 == 0 { 3 } else { 1 })
        .sum();
    Ok(((10 - sum % 10) % 10) as u8)
}

/// Validate a GTIN-8/12/13/14 and return it as 14 digits.
///
/// ```
/// assert_eq!(kolektor_core::gtin::normalize("5901234123457").unwrap(), "05901234123457");
/// ```
pub fn normalize(text: &str) -> Result<String, GtinError> {
    let all = digits(text)?;
    if !matches!(all.len(), 8 | 12 | 13 | 14) {
        return Err(GtinError::BadLength { length: all.len() });
    }
    let (payload, last) = text.split_at(text.len() - 1);
    let expected = check_digit(payload)?;
    let found = last.as_bytes()[0] - b'0';
    if expected != found {
        return Err(GtinError::BadCheckDigit { expected, found });
    }
    Ok(format!("{text:0>14}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits_of_real_codes() {
        // GS1 Poland's example code, an EAN-8 and a UPC-A.
        assert_eq!(check_digit("590123412345"), Ok(7));
        assert_eq!(check_digit("9638507"), Ok(4));
        assert_eq!(check_digit("03600029145"), Ok(2));
    }

    #[test]
    fn normalizes_every_length_to_14_digits() {
        assert_eq!(normalize("96385074").unwrap(), "00000096385074");
        assert_eq!(normalize("036000291452").unwrap(), "00036000291452");
        assert_eq!(normalize("5901234123457").unwrap(), "05901234123457");
        assert_eq!(normalize("15901234123454").unwrap(), "15901234123454");
    }

    #[test]
    fn reports_what_is_wrong() {
        assert_eq!(
            normalize("5901234123458"),
            Err(GtinError::BadCheckDigit {
                expected: 7,
                found: 8
            })
        );
        assert_eq!(normalize("59012"), Err(GtinError::BadLength { length: 5 }));
        assert_eq!(
            normalize("59012341x3457"),
            Err(GtinError::NotADigit { position: 8 })
        );
        assert_eq!(normalize(""), Err(GtinError::BadLength { length: 0 }));
    }

    #[test]
    fn any_payload_completed_with_its_check_digit_is_valid() {
        for n in 0..20_000u64 {
            let payload = format!("{:012}", n * 7_919_993);
            let code = format!("{payload}{}", check_digit(&payload).unwrap());
            assert!(normalize(&code).is_ok(), "{code}");
        }
    }
}

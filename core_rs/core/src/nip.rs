//! NIP — "numer identyfikacji podatkowej", the Polish tax identification number.
//!
//! A NIP has 10 digits; the last is a checksum: the first nine digits weighted by
//! 6, 5, 7, 2, 3, 4, 5, 6, 7, summed, modulo 11.  A remainder of 10 is never issued,
//! so such numbers are invalid.  People write NIPs with dashes or spaces
//! (`123-456-32-18`, `123 456 32 18`) and with the EU VAT prefix `PL`; Subiekt keeps
//! whatever was typed in `adr__Ewid.adr_NIP`, so every comparison goes through
//! [`normalize`].

use std::fmt;

const WEIGHTS: [u32; 9] = [6, 5, 7, 2, 3, 4, 5, 6, 7];

/// Why a text is not a valid NIP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NipError {
    /// Empty after removing separators.
    Empty,
    /// A character other than a digit, space or dash (after an optional `PL`).
    InvalidCharacter { character: char },
    /// Not exactly ten digits.
    BadLength { length: usize },
    /// The tenth digit does not match the checksum of the first nine.
    BadChecksum,
}

impl fmt::Display for NipError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NipError::Empty => write!(f, "NIP is empty"),
            NipError::InvalidCharacter { character } => {
                write!(f, "NIP contains the character {character:?}")
            }
            NipError::BadLength { length } => {
                write!(f, "NIP has 10 digits, not {length}")
            }
            NipError::BadChecksum => write!(f, "NIP checksum does not match"),
        }
    }
}

impl std::error::Error for NipError {}

/// The ten digits of a NIP written in any usual way, checksum verified.
///
/// ```
/// assert_eq!(kolektor_core::nip::normalize("PL 526-025-09-95").unwrap(), "5260250995");
/// ```
pub fn normalize(text: &str) -> Result<String, NipError> {
    let trimmed = text.trim();
    let without_prefix = trimmed
        .strip_prefix("PL")
        .or_else(|| trimmed.strip_prefix("pl"))
        .unwrap_or(trimmed);
    let mut digits = String::with_capacity(10);
    for character in without_prefix.chars() {
        match character {
            '0'..='9' => digits.push(character),
            ' ' | '-' => {}
            _ => return Err(NipError::InvalidCharacter { character }),
        }
    }
    if digits.is_empty() {
        return Err(NipError::Empty);
    }
    if digits.len() != 10 {
        return Err(NipError::BadLength {
            length: digits.len(),
        });
    }
    let values: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
    let sum: u32 = values.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    if sum % 11 != values[9] {
        return Err(NipError::BadChecksum);
    }
    Ok(digits)
}

/// The checksum digit for the first nine digits of a NIP, or `None` when the
/// remainder is 10 (no valid NIP starts with these nine digits).
pub fn checksum(first_nine: &str) -> Option<u8> {
    if first_nine.len() != 9 || !first_nine.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first_nine
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    match sum % 11 {
        10 => None,
        digit => Some(digit as u8),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_usual_spellings() {
        // NIP of the Polish Ministry of Finance, a public example.
        for text in [
            "5260250995",
            "526-025-09-95",
            "526 025 09 95",
            "PL5260250995",
            " pl 526-02-50-995 ",
        ] {
            assert_eq!(normalize(text).unwrap(), "5260250995", "{text}");
        }
    }

    #[test]
    fn names_what_is_wrong() {
        assert_eq!(normalize("5260250996"), Err(NipError::BadChecksum));
        assert_eq!(
            normalize("526025099"),
            Err(NipError::BadLength { length: 9 })
        );
        assert_eq!(normalize("  - "), Err(NipError::Empty));
        assert_eq!(
            normalize("526/025/09/95"),
            Err(NipError::InvalidCharacter { character: '/' })
        );
    }

    #[test]
    fn checksum_completes_valid_numbers() {
        assert_eq!(checksum("526025099"), Some(5));
        assert_eq!(checksum("12345"), None);
        let mut seen_invalid_remainder = false;
        for n in 100_000_000u32..100_002_000 {
            let nine = n.to_string();
            match checksum(&nine) {
                Some(digit) => assert!(normalize(&format!("{nine}{digit}")).is_ok()),
                None => seen_invalid_remainder = true,
            }
        }
        assert!(seen_invalid_remainder);
    }
}

//! GTIN-8/12/13/14 and UPC-E codes, validated and normalised to GTIN-14.
//!
//! Check digits come from [`crate::gtin`].  The format is classified the GS1 way, by the
//! significant digits (a GTIN-13 field starting with `0` holds a GTIN-12), as biip does.

use std::fmt;

use super::error::{char_at, Fail, ScanErrorKind};

/// Which kind of GTIN was scanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GtinFormat {
    Gtin8,
    Gtin12,
    Gtin13,
    Gtin14,
    /// A zero-suppressed UPC-E, expanded to its GTIN-12.
    UpcE,
}

impl GtinFormat {
    /// `"GTIN-8"`, `"GTIN-12"`, `"GTIN-13"`, `"GTIN-14"` or `"UPC-E"`.
    pub fn name(self) -> &'static str {
        match self {
            GtinFormat::Gtin8 => "GTIN-8",
            GtinFormat::Gtin12 => "GTIN-12",
            GtinFormat::Gtin13 => "GTIN-13",
            GtinFormat::Gtin14 => "GTIN-14",
            GtinFormat::UpcE => "UPC-E",
        }
    }
}

impl fmt::Display for GtinFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A valid GTIN.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Gtin {
    /// The 14-digit form, for lookups.
    pub gtin14: String,
    pub format: GtinFormat,
}

/// Fail at the first character of `text` that is not an ASCII digit.
pub(crate) fn require_digits(text: &str, base: usize) -> Result<(), Fail> {
    match text.bytes().position(|b| !b.is_ascii_digit()) {
        None => Ok(()),
        Some(i) => Err(Fail::new(
            ScanErrorKind::NotADigit {
                found: char_at(text, i),
            },
            base + i,
        )),
    }
}

/// The GS1 mod-10 check digit of `payload` (ASCII digits).
pub(crate) fn check_digit(payload: &[u8]) -> u8 {
    let text = std::str::from_utf8(payload).unwrap_or("");
    crate::gtin::check_digit(text).unwrap_or(u8::MAX)
}

/// Compare the last digit of `digits` with the check digit of the others.
pub(crate) fn verify_check_digit(
    digits: &[u8],
    what: &'static str,
    at_last_digit: usize,
) -> Result<(), Fail> {
    let Some((&last, payload)) = digits.split_last() else {
        return Ok(());
    };
    let expected = check_digit(payload);
    let found = last.wrapping_sub(b'0');
    if expected == found {
        Ok(())
    } else {
        Err(Fail::new(
            ScanErrorKind::BadCheckDigit {
                what,
                expected,
                found,
            },
            at_last_digit,
        ))
    }
}

/// A key of zeros only passes its check digit (0) but identifies nothing: GS1 never
/// allocates it, and a scanner that reads a blank or damaged symbol may produce it.
pub(crate) fn refuse_all_zero(digits: &[u8], what: &'static str, at: usize) -> Result<(), Fail> {
    if digits.iter().all(|&b| b == b'0') {
        Err(Fail::new(ScanErrorKind::AllZero { what }, at))
    } else {
        Ok(())
    }
}

/// The GTIN format of a valid code of 8, 12, 13 or 14 digits, by its significant digits.
fn classify(digits: &[u8]) -> GtinFormat {
    let significant = digits.len() - digits.iter().take_while(|&&b| b == b'0').count();
    if matches!(digits.len(), 12..=14) && (9..=12).contains(&significant) {
        GtinFormat::Gtin12
    } else if significant <= 8 {
        GtinFormat::Gtin8
    } else if significant == 13 {
        GtinFormat::Gtin13
    } else {
        GtinFormat::Gtin14
    }
}

fn length_name(length: usize) -> &'static str {
    match length {
        8 => "GTIN-8",
        12 => "GTIN-12",
        13 => "GTIN-13",
        _ => "GTIN-14",
    }
}

/// Parse a GTIN-8, -12, -13 or -14 (`text` starts at byte `base` of the scan).
pub(crate) fn parse_gtin(text: &str, base: usize) -> Result<Gtin, Fail> {
    require_digits(text, base)?;
    let digits = text.as_bytes();
    if !matches!(digits.len(), 8 | 12 | 13 | 14) {
        return Err(Fail::new(
            ScanErrorKind::BadLength {
                what: "a GTIN",
                expected: "8, 12, 13 or 14",
                found: digits.len(),
            },
            base,
        ));
    }
    verify_check_digit(digits, length_name(digits.len()), base + digits.len() - 1)?;
    refuse_all_zero(digits, length_name(digits.len()), base)?;
    let mut gtin14 = String::with_capacity(14);
    for _ in digits.len()..14 {
        gtin14.push('0');
    }
    gtin14.push_str(text);
    Ok(Gtin {
        gtin14,
        format: classify(digits),
    })
}

/// The UPC-A payload (11 digits) of a UPC-E: number system + 6 digits
/// (GS1 General Specifications §5.2.2.4.2).
fn expand_upc_e(number_system: u8, six: &[u8]) -> [u8; 11] {
    let d = |i: usize| six[i];
    let z = b'0';
    match six[5] {
        b'0'..=b'2' => [
            number_system,
            d(0),
            d(1),
            d(5),
            z,
            z,
            z,
            z,
            d(2),
            d(3),
            d(4),
        ],
        b'3' => [number_system, d(0), d(1), d(2), z, z, z, z, z, d(3), d(4)],
        b'4' => [number_system, d(0), d(1), d(2), d(3), z, z, z, z, z, d(4)],
        _ => [
            number_system,
            d(0),
            d(1),
            d(2),
            d(3),
            d(4),
            z,
            z,
            z,
            z,
            d(5),
        ],
    }
}

/// Parse a UPC-E: 8 digits (number system, 6 digits, check digit) or, when `short_forms`
/// (the scanner said it read UPC-E), also 7 (no check digit) or 6 (number system 0 too).
pub(crate) fn parse_upc_e(text: &str, base: usize, short_forms: bool) -> Result<Gtin, Fail> {
    require_digits(text, base)?;
    let digits = text.as_bytes();
    let (number_system, six, check) = match digits.len() {
        8 => (digits[0], &digits[1..7], Some(digits[7])),
        7 if short_forms => (digits[0], &digits[1..7], None),
        6 if short_forms => (b'0', digits, None),
        found => {
            return Err(Fail::new(
                ScanErrorKind::BadLength {
                    what: "a UPC-E",
                    expected: if short_forms { "6, 7 or 8" } else { "8" },
                    found,
                },
                base,
            ))
        }
    };
    if !matches!(number_system, b'0' | b'1') {
        return Err(Fail::new(
            ScanErrorKind::BadNumberSystem {
                found: number_system - b'0',
            },
            base,
        ));
    }
    let payload = expand_upc_e(number_system, six);
    let expected = check_digit(&payload);
    if let Some(check) = check {
        if check - b'0' != expected {
            return Err(Fail::new(
                ScanErrorKind::BadCheckDigit {
                    what: "UPC-E",
                    expected,
                    found: check - b'0',
                },
                base + 7,
            ));
        }
    }
    refuse_all_zero(&payload, "UPC-E", base)?;
    let mut gtin14 = String::with_capacity(14);
    gtin14.push_str("00");
    gtin14.extend(payload.iter().map(|&b| char::from(b)));
    gtin14.push(char::from(b'0' + expected));
    Ok(Gtin {
        gtin14,
        format: GtinFormat::UpcE,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gtin(text: &str) -> (String, GtinFormat) {
        let g = parse_gtin(text, 0).unwrap();
        (g.gtin14, g.format)
    }

    #[test]
    fn parses_real_codes() {
        use GtinFormat::*;
        assert_eq!(gtin("5901234123457"), ("05901234123457".into(), Gtin13));
        assert_eq!(gtin("96385074"), ("00000096385074".into(), Gtin8));
        assert_eq!(gtin("036000291452"), ("00036000291452".into(), Gtin12));
        assert_eq!(gtin("15901234123454"), ("15901234123454".into(), Gtin14));
        // A GTIN-12 in a 13- or 14-digit field, a GTIN-8 in a GTIN-14 field.
        assert_eq!(gtin("0036000291452"), ("00036000291452".into(), Gtin12));
        assert_eq!(gtin("00000096385074"), ("00000096385074".into(), Gtin8));
        assert_eq!(gtin("07032069804988"), ("07032069804988".into(), Gtin13));
    }

    #[test]
    fn says_what_is_wrong() {
        let e = parse_gtin("5901234123458", 3).unwrap_err();
        assert_eq!(
            (e.kind, e.at),
            (
                ScanErrorKind::BadCheckDigit {
                    what: "GTIN-13",
                    expected: 7,
                    found: 8
                },
                15
            )
        );
        let e = parse_gtin("59012341x3457", 0).unwrap_err();
        assert_eq!((e.kind, e.at), (ScanErrorKind::NotADigit { found: 'x' }, 8));
        assert_eq!(parse_gtin("590123", 0).unwrap_err().kind.code(), "length");
    }

    #[test]
    fn expands_upc_e() {
        let upc = |text: &str| parse_upc_e(text, 0, true).map(|g| g.gtin14);
        // biip's examples and GS1's expansion rules for each last digit.
        assert_eq!(upc("04252614").unwrap(), "00042100005264");
        assert_eq!(upc("0425261").unwrap(), "00042100005264");
        assert_eq!(upc("425261").unwrap(), "00042100005264");
        assert_eq!(upc("01234565").unwrap(), "00012345000065");
        assert_eq!(upc("01234531").unwrap(), "00012300000451");
        assert_eq!(upc("01234543").unwrap(), "00012340000053");
        assert_eq!(upc("01234505").unwrap(), "00012000003455");
        assert_eq!(upc("21234565").unwrap_err().kind.code(), "number_system");
        assert_eq!(
            upc("04252615").unwrap_err().kind,
            ScanErrorKind::BadCheckDigit {
                what: "UPC-E",
                expected: 4,
                found: 5
            }
        );
        assert_eq!(
            parse_upc_e("425261", 0, false).unwrap_err().kind.code(),
            "length"
        );
    }
}

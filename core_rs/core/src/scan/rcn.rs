//! Restricted-circulation EAN-13 with a variable measure (GS1 General Specifications
//! §2.1.11–2.1.12): prefixes `02` and `20`–`29` are laid out by the region or the shop —
//! here by the configuration's [`RcnRule`]s.

use super::config::{Measure, RcnRule};
use super::decimal::Decimal;
use super::error::{ConfigError, Fail, ScanErrorKind};
use super::gtin::{check_digit, GtinFormat};

/// A variable-measure code: the product (its GTIN with the variable part zeroed) and the
/// measure read from it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Rcn {
    /// The GTIN-14 of the product: the value (and its check digit) zeroed, the EAN check
    /// digit recomputed — what the product's base barcode is.
    pub gtin14: String,
    /// GTIN-13 (or GTIN-12 for a UPC-A with number system 2).
    pub format: GtinFormat,
    /// The item reference: the `P` digits after the two-digit prefix.
    pub item_reference: String,
    pub measure: Measure,
    pub value: Decimal,
}

/// A validated [`RcnRule`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Layout {
    measure: Measure,
    /// Number of `P` digits (from the start).
    prefix_len: usize,
    /// Position of the `C` digit, if any.
    check_at: Option<usize>,
    /// Positions of the value.
    value: (usize, usize),
    decimals: u8,
    verify_check_digit: bool,
}

/// Layouts by two-digit prefix.
#[derive(Debug, Clone, Default)]
pub(crate) struct Layouts {
    by_prefix: Vec<(u8, Layout)>,
}

impl Layouts {
    pub(crate) fn new(rules: &[RcnRule]) -> Result<Layouts, ConfigError> {
        let mut by_prefix: Vec<(u8, Layout)> = Vec::new();
        for (index, rule) in rules.iter().enumerate() {
            let setting = |field: &str| format!("rcn[{index}].{field}");
            let prefix = match rule.prefix.as_bytes() {
                [b'0', b'2'] => 2,
                [b'2', d @ b'0'..=b'9'] => 20 + (d - b'0'),
                _ => {
                    return Err(ConfigError::new(
                        setting("prefix"),
                        format!(
                            "{:?} is not a variable-measure prefix; use 02 or 20 to 29",
                            rule.prefix
                        ),
                    ))
                }
            };
            if by_prefix.iter().any(|(p, _)| *p == prefix) {
                return Err(ConfigError::new(
                    setting("prefix"),
                    format!("prefix {} has another rule before this one", rule.prefix),
                ));
            }
            let layout = Layout::new(rule)
                .map_err(|message| ConfigError::new(setting("pattern"), message))?;
            let decimals = usize::from(layout.decimals);
            if decimals > 9 {
                return Err(ConfigError::new(
                    setting("decimals"),
                    format!("{decimals} decimal places; at most 9"),
                ));
            }
            by_prefix.push((prefix, layout));
        }
        Ok(Layouts { by_prefix })
    }

    /// The layout for a GTIN-13 form starting with these two digits.
    pub(crate) fn get(&self, first: u8, second: u8) -> Option<&Layout> {
        let prefix = (first.wrapping_sub(b'0')) * 10 + second.wrapping_sub(b'0');
        self.by_prefix
            .iter()
            .find(|(p, _)| *p == prefix)
            .map(|(_, layout)| layout)
    }
}

impl Layout {
    fn new(rule: &RcnRule) -> Result<Layout, String> {
        let pattern = rule.pattern.as_bytes();
        let explain = "must be 12 characters: two or more P, an optional C, then V to the end \
                       (e.g. PPPPPPPVVVVV or PPPPPPCVVVVV)";
        if pattern.len() != 12 {
            return Err(format!("{:?} {explain}", rule.pattern));
        }
        let prefix_len = pattern.iter().take_while(|&&c| c == b'P').count();
        let check_at = (pattern.get(prefix_len) == Some(&b'C')).then_some(prefix_len);
        let value_start = prefix_len + usize::from(check_at.is_some());
        if prefix_len < 2 || value_start >= 12 || pattern[value_start..].iter().any(|&c| c != b'V')
        {
            return Err(format!("{:?} {explain}", rule.pattern));
        }
        if check_at.is_some() && !matches!(12 - value_start, 4 | 5) {
            return Err(format!(
                "{:?}: a price/weight check digit (C) only exists for a 4- or 5-digit value",
                rule.pattern
            ));
        }
        Ok(Layout {
            measure: rule.measure,
            prefix_len,
            check_at,
            value: (value_start, 12),
            decimals: rule.decimals.unwrap_or(rule.measure.default_decimals()),
            verify_check_digit: rule.verify_check_digit,
        })
    }

    /// Read the code `gtin13` (13 digits; `at_first_digit` is where its first digit would
    /// be in the scan — one before the scan for a 12-digit UPC-A).
    pub(crate) fn read(
        &self,
        gtin13: &[u8; 13],
        format: GtinFormat,
        at_first_digit: isize,
    ) -> Result<Rcn, Fail> {
        let (start, end) = self.value;
        let value = &gtin13[start..end];
        if let (Some(check_at), true) = (self.check_at, self.verify_check_digit) {
            let expected = price_weight_check_digit(value).unwrap_or(u8::MAX);
            let found = gtin13[check_at] - b'0';
            if expected != found {
                let at = (at_first_digit + check_at as isize).max(0) as usize;
                return Err(Fail::new(
                    ScanErrorKind::BadMeasureCheckDigit { expected, found },
                    at,
                ));
            }
        }
        let mut zeroed = [b'0'; 12];
        zeroed[..self.prefix_len].copy_from_slice(&gtin13[..self.prefix_len]);
        if let Some(check_at) = self.check_at {
            let zeros = [b'0'; 5];
            zeroed[check_at] = b'0' + price_weight_check_digit(&zeros[..end - start]).unwrap_or(0);
        }
        let mut gtin14 = String::with_capacity(14);
        gtin14.push('0');
        gtin14.extend(zeroed.iter().map(|&b| char::from(b)));
        gtin14.push(char::from(b'0' + check_digit(&zeroed)));
        let item_reference = gtin13[2..self.prefix_len]
            .iter()
            .map(|&b| char::from(b))
            .collect();
        Ok(Rcn {
            gtin14,
            format,
            item_reference,
            measure: self.measure,
            value: Decimal::from_digits(value, self.decimals).unwrap_or(Decimal {
                mantissa: 0,
                scale: self.decimals,
            }),
        })
    }
}

// Weighting factors of GS1 General Specifications §7.9.2.
const TWO_MINUS: [u8; 10] = [0, 2, 4, 6, 8, 9, 1, 3, 5, 7];
const THREE: [u8; 10] = [0, 3, 6, 9, 2, 5, 8, 1, 4, 7];
const FIVE_PLUS: [u8; 10] = [0, 5, 1, 6, 2, 7, 3, 8, 4, 9];
const FIVE_MINUS: [u8; 10] = [0, 5, 9, 4, 8, 3, 7, 2, 6, 1];

/// The price/weight check digit of a 4- or 5-digit value (GS1 General Specifications
/// §7.9.3–7.9.4); `None` for other lengths or non-digits.
pub fn price_weight_check_digit(digits: &[u8]) -> Option<u8> {
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let d = |i: usize| usize::from(digits[i] - b'0');
    match digits.len() {
        4 => {
            let sum: u32 = [
                TWO_MINUS[d(0)],
                TWO_MINUS[d(1)],
                THREE[d(2)],
                FIVE_MINUS[d(3)],
            ]
            .iter()
            .map(|&w| u32::from(w))
            .sum();
            Some(((sum * 3) % 10) as u8)
        }
        5 => {
            let sum: u32 = [
                FIVE_PLUS[d(0)],
                TWO_MINUS[d(1)],
                FIVE_MINUS[d(2)],
                FIVE_PLUS[d(3)],
                TWO_MINUS[d(4)],
            ]
            .iter()
            .map(|&w| u32::from(w))
            .sum();
            let result = ((10 - sum % 10) % 10) as u8;
            FIVE_MINUS
                .iter()
                .position(|&w| w == result)
                .map(|p| p as u8)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(prefix: &str, measure: Measure, pattern: &str, decimals: u8) -> RcnRule {
        RcnRule {
            prefix: prefix.into(),
            measure,
            pattern: pattern.into(),
            decimals: Some(decimals),
            verify_check_digit: true,
        }
    }

    fn code(text: &str) -> [u8; 13] {
        text.as_bytes().try_into().unwrap()
    }

    #[test]
    fn price_weight_check_digits() {
        // GS1 General Specifications §7.9.3–7.9.4 examples (as in biip's tests).
        assert_eq!(price_weight_check_digit(b"2875"), Some(9));
        assert_eq!(price_weight_check_digit(b"14685"), Some(6));
        assert_eq!(price_weight_check_digit(b"123"), None);
    }

    #[test]
    fn polish_weight_code() {
        // Kolektor's demo: 28 + item 12345 + 1.234 kg (grams) + EAN check digit.
        let layouts = Layouts::new(&[rule("28", Measure::Weight, "PPPPPPPVVVVV", 3)]).unwrap();
        let layout = layouts.get(b'2', b'8').unwrap();
        let rcn = layout
            .read(&code("2812345012345"), GtinFormat::Gtin13, 0)
            .unwrap();
        assert_eq!(rcn.gtin14, "02812345000007");
        assert_eq!(rcn.item_reference, "12345");
        assert_eq!(rcn.value.to_string(), "1.234");
        assert!(layouts.get(b'2', b'7').is_none());
    }

    #[test]
    fn german_price_code_with_a_check_digit() {
        // biip's German example: price 14.68 EUR... with the 5-digit check digit.
        let layouts = Layouts::new(&[rule("22", Measure::Price, "PPPPPPCVVVVV", 2)]).unwrap();
        let layout = layouts.get(b'2', b'2').unwrap();
        let digits = *b"22123461468500";
        let mut gtin13 = [0u8; 13];
        gtin13[..12].copy_from_slice(&digits[..12]);
        gtin13[6] = b'0' + price_weight_check_digit(&gtin13[7..12]).unwrap();
        gtin13[12] = b'0' + check_digit(&gtin13[..12]);
        let rcn = layout.read(&gtin13, GtinFormat::Gtin13, 0).unwrap();
        assert_eq!(rcn.value.to_string(), "146.85");
        let mut wrong = gtin13;
        wrong[6] = if wrong[6] == b'9' { b'0' } else { wrong[6] + 1 };
        let fail = layout.read(&wrong, GtinFormat::Gtin13, 0).unwrap_err();
        assert_eq!((fail.kind.code(), fail.at), ("measure_check_digit", 6));
    }

    #[test]
    fn rejects_bad_rules() {
        let bad = |r: RcnRule| Layouts::new(&[r]).unwrap_err().setting;
        assert_eq!(
            bad(rule("30", Measure::Weight, "PPPPPPPVVVVV", 3)),
            "rcn[0].prefix"
        );
        assert_eq!(
            bad(rule("28", Measure::Weight, "PPPPPPPVVVV", 3)),
            "rcn[0].pattern"
        );
        assert_eq!(
            bad(rule("28", Measure::Weight, "PVVVVVVVVVVV", 3)),
            "rcn[0].pattern"
        );
        assert_eq!(
            bad(rule("28", Measure::Weight, "PPPPPCVVVVVV", 3)),
            "rcn[0].pattern"
        );
        assert_eq!(
            bad(rule("28", Measure::Weight, "PPPPPPPVVVVX", 3)),
            "rcn[0].pattern"
        );
        assert_eq!(
            bad(rule("28", Measure::Weight, "PPPPPPPVVVVV", 12)),
            "rcn[0].decimals"
        );
        let twice = Layouts::new(&[
            rule("28", Measure::Weight, "PPPPPPPVVVVV", 3),
            rule("28", Measure::Price, "PPPPPPPVVVVV", 2),
        ]);
        assert_eq!(twice.unwrap_err().setting, "rcn[1].prefix");
    }
}

//! One GS1 element: an application identifier and its value, with the value's meaning
//! (date, decimal, currency) read and its check digit verified.

use std::fmt;

use super::ai::{match_value, Ai, Matched, Mismatch};
use super::date::{self, Date, Time};
use super::decimal::Decimal;
use super::error::{char_at, Fail, ScanErrorKind};
use super::gtin::verify_check_digit;

/// An ISO 4217 numeric currency code, e.g. `985` (PLN), `978` (EUR).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency([u8; 3]);

impl Currency {
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("000")
    }

    /// The alphabetic ISO 4217 code, e.g. `"PLN"` for `985`.
    pub fn alphabetic(&self) -> &'static str {
        super::currency::alphabetic(self.as_str()).unwrap_or("")
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A GS1 element string: an AI and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    pub ai: &'static Ai,
    /// The value as scanned (without the AI).
    pub value: String,
    /// The date, for date AIs (11, 13, 15, 17, 7003, …).
    pub date: Option<Date>,
    /// The time of day, for date-and-time AIs that carry one.
    pub time: Option<Time>,
    /// The number, for AIs with a decimal point indicator (310n, 392n, …).
    pub decimal: Option<Decimal>,
    /// The currency, for amounts with an ISO currency code (391n, 393n).
    pub currency: Option<Currency>,
}

impl PartialEq for Ai {
    fn eq(&self, other: &Ai) -> bool {
        self.code == other.code
    }
}

impl Eq for Ai {}

impl Element {
    /// The AI code, e.g. `"17"`.
    pub fn code(&self) -> &'static str {
        self.ai.code
    }

    /// The element as GS1 human-readable text, e.g. `(17)250531`.
    pub fn hri(&self) -> String {
        format!("({}){}", self.ai.code, self.value)
    }
}

/// How elements are read: the date check can be relaxed (some labels print `000000`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Context {
    pub today: Date,
    pub verify_dates: bool,
}

/// Build the element of `ai` from `value`, which matched as `matched`.  Errors are located
/// relative to the start of `value`.
pub(crate) fn build(
    ai: &'static Ai,
    value: &str,
    matched: &Matched,
    context: Context,
) -> Result<Element, Fail> {
    let bytes = value.as_bytes();
    if bytes.is_empty() {
        // Only 30 and 7004 (`N..8`, `N..4`) match nothing in the table; GS1 means one or more.
        return Err(Fail::in_ai(ScanErrorKind::EmptyValue, 0, ai.code));
    }
    let check = usize::from(ai.check_digit_length);
    if check > 0 && bytes.len() >= check {
        verify_check_digit(&bytes[..check], "", check - 1).map_err(|mut fail| {
            fail.ai = Some(ai.code);
            fail
        })?;
        if bytes[..check].iter().all(|&b| b == b'0') {
            return Err(Fail::in_ai(ScanErrorKind::AllZero { what: "" }, 0, ai.code));
        }
    }
    let (mut date, mut time) = (None, None);
    if let Some(layout) = ai.date {
        match date::read(layout, bytes, context.today) {
            Ok(read) => {
                date = Some(read.date);
                time = read.time;
            }
            Err(problem) if context.verify_dates => {
                return Err(Fail::in_ai(ScanErrorKind::BadDate(problem), 0, ai.code))
            }
            Err(_) => {}
        }
    }
    let decimal = ai.decimal_places.and_then(|places| {
        let (start, end) = matched.last_group;
        Decimal::from_digits(&bytes[start..end], places)
    });
    let currency = if ai.currency {
        let (start, end) = matched.first_group;
        match bytes.get(start..end) {
            Some(&[a, b, c]) => {
                let currency = Currency([a, b, c]);
                if super::currency::alphabetic(currency.as_str()).is_none() {
                    let found = currency.as_str().to_owned();
                    let kind = ScanErrorKind::UnknownCurrency { found };
                    return Err(Fail::in_ai(kind, start, ai.code));
                }
                Some(currency)
            }
            _ => None,
        }
    } else {
        None
    };
    Ok(Element {
        ai,
        value: value.to_owned(),
        date,
        time,
        decimal,
        currency,
    })
}

/// Refuse `element` when `elements` already hold its AI with another value (GS1 General
/// Specifications §4.14.1: one AI, one value per message); `at` locates the new one.
pub(crate) fn refuse_repeated(
    elements: &[Element],
    element: &Element,
    at: usize,
) -> Result<(), Fail> {
    let conflict = elements
        .iter()
        .any(|e| e.ai.code == element.ai.code && e.value != element.value);
    if conflict {
        Err(Fail::in_ai(ScanErrorKind::RepeatedAi, at, element.ai.code))
    } else {
        Ok(())
    }
}

/// The error for a value that did not match its AI's format: too short when it ended (at
/// the end of `rest` or a separator), else a character that is not allowed.
pub(crate) fn mismatch_error(
    ai: &'static Ai,
    rest: &str,
    mismatch: Mismatch,
    ended: impl Fn(usize) -> bool,
) -> Fail {
    let kind = if mismatch.at >= rest.len() || ended(mismatch.at) {
        ScanErrorKind::TooShort {
            expected: mismatch.expected,
            length: mismatch.at,
        }
    } else {
        ScanErrorKind::BadCharacter {
            found: char_at(rest, mismatch.at),
            expected: mismatch.expected,
        }
    };
    Fail::in_ai(kind, mismatch.at, ai.code)
}

/// Parse `value` as exactly the value of `ai` (HRI and Digital Link, where the value's end
/// is known).  Errors are located relative to the start of `value`.
pub(crate) fn parse_exact(ai: &'static Ai, value: &str, context: Context) -> Result<Element, Fail> {
    let matched = match_value(ai, value.as_bytes())
        .map_err(|mismatch| mismatch_error(ai, value, mismatch, |_| false))?;
    if matched.len < value.len() {
        let (_, max) = ai.value_length();
        let fail = if value.len() > max {
            Fail::in_ai(ScanErrorKind::TooLong { max }, max, ai.code)
        } else {
            Fail::in_ai(
                ScanErrorKind::BadCharacter {
                    found: char_at(value, matched.len),
                    expected: "the end of the value",
                },
                matched.len,
                ai.code,
            )
        };
        return Err(fail);
    }
    build(ai, value, &matched, context)
}

#[cfg(test)]
mod tests {
    use super::super::ai::lookup;
    use super::*;

    fn context() -> Context {
        Context {
            today: Date::new(2025, 6, 1).unwrap(),
            verify_dates: true,
        }
    }

    fn exact(code: &str, value: &str) -> Result<Element, Fail> {
        parse_exact(lookup(code).unwrap(), value, context())
    }

    #[test]
    fn reads_dates_decimals_and_currencies() {
        let expiry = exact("17", "250500").unwrap();
        assert_eq!(expiry.date, Date::new(2025, 5, 31));
        let weight = exact("3103", "001250").unwrap();
        assert_eq!(weight.decimal.unwrap().to_string(), "1.250");
        let price = exact("3932", "98500001999").unwrap();
        assert_eq!(price.currency.unwrap().as_str(), "985");
        assert_eq!(price.decimal.unwrap().to_string(), "19.99");
        let amount = exact("3929", "5").unwrap();
        assert_eq!(amount.decimal.unwrap().to_string(), "0.000000005");
        let batch = exact("10", "ABC-1/2").unwrap();
        assert_eq!(
            (batch.date, batch.decimal, batch.hri()),
            (None, None, "(10)ABC-1/2".into())
        );
    }

    #[test]
    fn verifies_check_digits_of_gs1_keys() {
        assert!(exact("01", "05901234123457").is_ok());
        let e = exact("01", "05901234123458").unwrap_err();
        assert_eq!((e.ai, e.at), (Some("01"), 13));
        assert_eq!(
            e.kind,
            ScanErrorKind::BadCheckDigit {
                what: "",
                expected: 7,
                found: 8
            }
        );
        assert!(exact("00", "373400306809981733").is_ok());
        assert!(exact("00", "373400306809981734").is_err());
        assert!(exact("414", "5901234123457").is_ok());
    }

    #[test]
    fn says_what_is_wrong_with_a_value() {
        let code = |code: &str, value: &str| exact(code, value).unwrap_err().kind;
        assert_eq!(
            code("17", "251301"),
            ScanErrorKind::BadDate(super::super::error::DateProblem::NotAMonth(13))
        );
        assert_eq!(
            code("17", "2505"),
            ScanErrorKind::TooShort {
                expected: "a digit",
                length: 4
            }
        );
        assert_eq!(code("17", "2505311"), ScanErrorKind::TooLong { max: 6 });
        assert_eq!(
            code("10", "A".repeat(21).as_str()),
            ScanErrorKind::TooLong { max: 20 }
        );
        assert_eq!(
            code("10", "AB CD"),
            ScanErrorKind::BadCharacter {
                found: ' ',
                expected: "the end of the value"
            }
        );
        assert_eq!(
            code("17", "25a531"),
            ScanErrorKind::BadCharacter {
                found: 'a',
                expected: "a digit"
            }
        );
    }

    #[test]
    fn dates_can_be_left_unchecked() {
        let relaxed = Context {
            verify_dates: false,
            ..context()
        };
        let element = parse_exact(lookup("17").unwrap(), "000000", relaxed).unwrap();
        assert_eq!((element.value.as_str(), element.date), ("000000", None));
    }
}

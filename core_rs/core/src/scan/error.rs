//! What can be wrong with a scan or with the parser's configuration.

use std::fmt;

/// Why a scan could not be interpreted.
///
/// `position` is the 0-based index (in characters) of the offending character in the text
/// passed to [`ScanParser::parse`](super::ScanParser::parse); the message counts from 1, the
/// way a person reads it.  `ai` is the application identifier the problem is in, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanError {
    pub kind: ScanErrorKind,
    pub position: usize,
    pub ai: Option<&'static str>,
}

/// What is wrong.  [`ScanErrorKind::code`] is a stable short name for programs.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ScanErrorKind {
    /// Nothing but white space (or separators) was scanned.
    Empty,
    /// The text starts with `]` but not with an ISO/IEC 15424 symbology identifier.
    BadSymbologyIdentifier { found: String },
    /// A symbology that carries nothing to look up (an EAN add-on alone: `]E1`, `]E2`).
    UnsupportedSymbology { identifier: String },
    /// A character that must be a digit is not.
    NotADigit { found: char },
    /// A code of the wrong length: `what` names the code, `expected` the lengths it may have.
    BadLength {
        what: &'static str,
        expected: &'static str,
        found: usize,
    },
    /// The GS1 mod-10 check digit does not match (`what`: "GTIN-13", "SSCC", "UPC-E"; empty
    /// inside an element, whose AI the error names).
    BadCheckDigit {
        what: &'static str,
        expected: u8,
        found: u8,
    },
    /// A UPC-E whose number system digit is not 0 or 1.
    BadNumberSystem { found: u8 },
    /// The price/weight check digit of a variable-measure EAN-13 does not match.
    BadMeasureCheckDigit { expected: u8, found: u8 },
    /// No GS1 application identifier starts here (`found` are the digits read).
    UnknownAi { found: String },
    /// An application identifier was expected here, but this is not a digit.
    ExpectedAi { found: char },
    /// The AI's value ends before it has all its characters.
    TooShort {
        expected: &'static str,
        length: usize,
    },
    /// A variable-length value is longer than its AI allows (the separator is missing).
    TooLong { max: usize },
    /// A character the AI's format does not allow at this place.
    BadCharacter { found: char, expected: &'static str },
    /// A date or time in an AI is not a real one.
    BadDate(DateProblem),
    /// A human-readable `(AI)value` string is malformed.
    Hri { problem: &'static str },
    /// A GS1 Digital Link URI is malformed.
    DigitalLink { problem: String },
    /// A GS1 key (GTIN, SSCC, GLN, …) whose digits are all zeros: it passes the check
    /// digit but identifies nothing (`what`: "GTIN-13", "SSCC"; empty inside an element).
    AllZero { what: &'static str },
    /// An AI whose value is empty (AI 30 or 7004 followed directly by a separator, the
    /// next `(AI)` or the end): GS1's `N..8` means one to eight digits.
    EmptyValue,
    /// The same AI twice in one message with different values (GS1 General
    /// Specifications §4.14.1); the position is the second one's.
    RepeatedAi,
    /// An amount's currency (391n, 393n) that is not an ISO 4217 numeric code.
    UnknownCurrency { found: String },
    /// Not any kind of code the parser knows or is configured for.
    Unrecognised,
}

/// What is wrong with a date or time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateProblem {
    NotAMonth(u8),
    NoSuchDay { year: i32, month: u8, day: u8 },
    NotAnHour(u8),
    NotAMinute(u8),
    NotASecond(u8),
}

impl ScanErrorKind {
    /// A stable short name: `empty`, `symbology`, `not_a_digit`, `length`, `check_digit`,
    /// `number_system`, `measure_check_digit`, `unknown_ai`, `expected_ai`, `too_short`,
    /// `too_long`, `character`, `date`, `hri`, `digital_link`, `all_zero`, `empty_value`,
    /// `repeated_ai`, `currency`, `unrecognised`.
    pub fn code(&self) -> &'static str {
        match self {
            ScanErrorKind::Empty => "empty",
            ScanErrorKind::BadSymbologyIdentifier { .. }
            | ScanErrorKind::UnsupportedSymbology { .. } => "symbology",
            ScanErrorKind::NotADigit { .. } => "not_a_digit",
            ScanErrorKind::BadLength { .. } => "length",
            ScanErrorKind::BadCheckDigit { .. } => "check_digit",
            ScanErrorKind::BadNumberSystem { .. } => "number_system",
            ScanErrorKind::BadMeasureCheckDigit { .. } => "measure_check_digit",
            ScanErrorKind::UnknownAi { .. } => "unknown_ai",
            ScanErrorKind::ExpectedAi { .. } => "expected_ai",
            ScanErrorKind::TooShort { .. } => "too_short",
            ScanErrorKind::TooLong { .. } => "too_long",
            ScanErrorKind::BadCharacter { .. } => "character",
            ScanErrorKind::BadDate(_) => "date",
            ScanErrorKind::Hri { .. } => "hri",
            ScanErrorKind::DigitalLink { .. } => "digital_link",
            ScanErrorKind::AllZero { .. } => "all_zero",
            ScanErrorKind::EmptyValue => "empty_value",
            ScanErrorKind::RepeatedAi => "repeated_ai",
            ScanErrorKind::UnknownCurrency { .. } => "currency",
            ScanErrorKind::Unrecognised => "unrecognised",
        }
    }

    /// The message's parameters, by name, for translating the error at the edge (the
    /// message catalog's `scan.<code>` texts use them).  Positions are not among them:
    /// [`ScanError::position`] and [`ScanError::ai`] are always there.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            ScanErrorKind::Empty
            | ScanErrorKind::EmptyValue
            | ScanErrorKind::RepeatedAi
            | ScanErrorKind::Unrecognised => vec![],
            ScanErrorKind::BadSymbologyIdentifier { found } => vec![("found", found.clone())],
            ScanErrorKind::UnsupportedSymbology { identifier } => {
                vec![("identifier", identifier.clone())]
            }
            ScanErrorKind::NotADigit { found } | ScanErrorKind::ExpectedAi { found } => {
                vec![("found", found.to_string())]
            }
            ScanErrorKind::BadLength {
                what,
                expected,
                found,
            } => vec![
                ("what", (*what).to_owned()),
                ("expected", (*expected).to_owned()),
                ("found", found.to_string()),
            ],
            ScanErrorKind::BadCheckDigit {
                what,
                expected,
                found,
            } => vec![
                ("what", (*what).to_owned()),
                ("expected", expected.to_string()),
                ("found", found.to_string()),
            ],
            ScanErrorKind::BadNumberSystem { found } => vec![("found", found.to_string())],
            ScanErrorKind::BadMeasureCheckDigit { expected, found } => vec![
                ("expected", expected.to_string()),
                ("found", found.to_string()),
            ],
            ScanErrorKind::UnknownAi { found } | ScanErrorKind::UnknownCurrency { found } => {
                vec![("found", found.clone())]
            }
            ScanErrorKind::TooShort { expected, length } => vec![
                ("expected", (*expected).to_owned()),
                ("length", length.to_string()),
            ],
            ScanErrorKind::TooLong { max } => vec![("max", max.to_string())],
            ScanErrorKind::BadCharacter { found, expected } => vec![
                ("found", found.to_string()),
                ("expected", (*expected).to_owned()),
            ],
            ScanErrorKind::BadDate(problem) => vec![("problem", problem.to_string())],
            ScanErrorKind::Hri { problem } => vec![("problem", (*problem).to_owned())],
            ScanErrorKind::DigitalLink { problem } => vec![("problem", problem.clone())],
            ScanErrorKind::AllZero { what } => vec![("what", (*what).to_owned())],
        }
    }
}

impl fmt::Display for DateProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            DateProblem::NotAMonth(month) => write!(f, "{month:02} is not a month"),
            DateProblem::NoSuchDay { year, month, day } => {
                write!(f, "{year:04}-{month:02} has no day {day:02}")
            }
            DateProblem::NotAnHour(hour) => write!(f, "{hour:02} is not an hour"),
            DateProblem::NotAMinute(minute) => write!(f, "{minute:02} is not a minute"),
            DateProblem::NotASecond(second) => write!(f, "{second:02} is not a second"),
        }
    }
}

impl fmt::Display for ScanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self.position + 1;
        if let Some(ai) = self.ai {
            write!(f, "AI {ai}: ")?;
        }
        match &self.kind {
            ScanErrorKind::Empty => write!(f, "the scan is empty"),
            ScanErrorKind::BadSymbologyIdentifier { found } => {
                write!(f, "{found:?} is not a symbology identifier")
            }
            ScanErrorKind::UnsupportedSymbology { identifier } => write!(
                f,
                "{identifier} is an EAN add-on symbol alone; scan the main barcode"
            ),
            ScanErrorKind::NotADigit { found } => {
                write!(f, "character {found:?} at position {at} is not a digit")
            }
            ScanErrorKind::BadLength {
                what,
                expected,
                found,
            } => write!(f, "{what} has {expected} digits, not {found}"),
            ScanErrorKind::BadCheckDigit {
                what,
                expected,
                found,
            } => {
                if !what.is_empty() {
                    write!(f, "{what} ")?;
                }
                write!(f, "check digit is {found}, expected {expected}")
            }
            ScanErrorKind::BadNumberSystem { found } => {
                write!(f, "UPC-E number system is {found}, expected 0 or 1")
            }
            ScanErrorKind::BadMeasureCheckDigit { expected, found } => write!(
                f,
                "variable measure check digit (position {at}) is {found}, expected {expected}"
            ),
            ScanErrorKind::UnknownAi { found } => {
                write!(f, "unknown application identifier {found} at position {at}")
            }
            ScanErrorKind::ExpectedAi { found } => write!(
                f,
                "expected an application identifier at position {at}, found {found:?}"
            ),
            ScanErrorKind::TooShort { expected, length } => write!(
                f,
                "value ends too early at position {at} ({length} characters): expected {expected}"
            ),
            ScanErrorKind::TooLong { max } => write!(
                f,
                "value is longer than {max} characters; it goes on at position {at}"
            ),
            ScanErrorKind::BadCharacter { found, expected } => write!(
                f,
                "character {found:?} at position {at} is not allowed here, expected {expected}"
            ),
            ScanErrorKind::BadDate(problem) => write!(f, "{problem}"),
            ScanErrorKind::Hri { problem } => write!(f, "{problem} at position {at}"),
            ScanErrorKind::DigitalLink { problem } => {
                write!(f, "GS1 Digital Link: {problem} (position {at})")
            }
            ScanErrorKind::AllZero { what } => {
                if what.is_empty() {
                    write!(f, "the key is all zeros; it identifies nothing")
                } else {
                    write!(f, "{what} is all zeros; it identifies nothing")
                }
            }
            ScanErrorKind::EmptyValue => write!(f, "the value at position {at} is empty"),
            ScanErrorKind::RepeatedAi => write!(
                f,
                "given twice with different values (again at position {at})"
            ),
            ScanErrorKind::UnknownCurrency { found } => write!(
                f,
                "{found} at position {at} is not an ISO 4217 currency code"
            ),
            ScanErrorKind::Unrecognised => {
                write!(f, "not a GTIN, GS1 code, SSCC or configured internal code")
            }
        }
    }
}

impl std::error::Error for ScanError {}

/// A setting of [`ScanConfig`](super::ScanConfig) that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// Which setting, e.g. `rcn[1].pattern` (empty when the JSON itself is malformed).
    pub setting: String,
    pub message: String,
}

impl ConfigError {
    pub(crate) fn new(setting: impl Into<String>, message: impl Into<String>) -> Self {
        ConfigError {
            setting: setting.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.setting.is_empty() {
            write!(f, "scan configuration: {}", self.message)
        } else {
            write!(f, "scan configuration, {}: {}", self.setting, self.message)
        }
    }
}

impl std::error::Error for ConfigError {}

/// An error while parsing, located by its byte offset in the scanned text; turned into a
/// [`ScanError`] (character position) at the top.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fail {
    pub kind: ScanErrorKind,
    pub at: usize,
    pub ai: Option<&'static str>,
}

impl Fail {
    pub(crate) fn new(kind: ScanErrorKind, at: usize) -> Self {
        Fail { kind, at, ai: None }
    }

    pub(crate) fn in_ai(kind: ScanErrorKind, at: usize, ai: &'static str) -> Self {
        Fail {
            kind,
            at,
            ai: Some(ai),
        }
    }

    pub(crate) fn into_error(self, text: &str) -> ScanError {
        let at = self.at.min(text.len());
        // Byte offset to character index; offsets always sit on a character boundary, but
        // never trust that enough to panic.
        let position = match text.get(..at) {
            Some(prefix) => prefix.chars().count(),
            None => text.char_indices().take_while(|(i, _)| *i < at).count(),
        };
        ScanError {
            kind: self.kind,
            position,
            ai: self.ai,
        }
    }
}

/// The character starting at byte `at` of `text`, for messages.
pub(crate) fn char_at(text: &str, at: usize) -> char {
    text.get(at..)
        .and_then(|rest| rest.chars().next())
        .unwrap_or('\u{FFFD}')
}

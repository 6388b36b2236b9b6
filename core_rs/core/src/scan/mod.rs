//! What a scanned code means.
//!
//! Input: the text a scanner produced (keyboard wedge or camera), after the configured
//! prefix/suffix is stripped.  Output: a typed [`Scan`], or a [`ScanError`] that says what
//! is wrong and where.  The parser recognises:
//!
//! * ISO/IEC 15424 symbology identifiers (`]E0`, `]C1`, `]d2`, `]Q3`, `]e0`, …), which are
//!   stripped and choose the interpretation ([`symbology`]);
//! * GTIN-8/12/13/14 and UPC-E with check-digit validation, normalised to GTIN-14;
//! * GS1 element strings (GS1-128, GS1 DataMatrix, GS1 QR, GS1 DataBar) with every AI of
//!   the generated table ([`ai`]), FNC1 as `GS` or a configured substitute; the
//!   human-readable `(AI)value` form; GS1 Digital Link URIs;
//! * SSCCs (18 digits);
//! * restricted-circulation EAN-13 with a variable weight, price or count, laid out by the
//!   configuration ([`RcnRule`]);
//! * the shop's internal codes, by configured patterns ([`InternalPattern`]).
//!
//! Without a symbology identifier the text is tried, in order, as: an internal code, HRI
//! (`(`…), a Digital Link (`http(s)://`…), a GTIN / UPC-E / SSCC by its length when it is
//! all digits, and a GS1 element string.  The module is pure: no I/O, and "today" (for the
//! two-digit-year window) is a parameter.

pub mod ai;
mod ai_table;
mod config;
pub mod currency;
mod date;
mod decimal;
mod digital_link;
mod element;
mod element_string;
mod error;
mod gs1;
mod gtin;
mod hri;
mod internal;
mod rcn;
mod symbology;

use std::ops::Range;

pub use ai::Ai;
pub use config::{InternalPattern, Measure, RcnRule, ScanConfig};
pub use date::{Date, DateField, Time};
pub use decimal::Decimal;
pub use element::{Currency, Element};
pub use error::{ConfigError, DateProblem, ScanError, ScanErrorKind};
pub use gs1::{Gs1, Gs1Syntax, Quantity, QuantityUnit};
pub use gtin::{Gtin, GtinFormat};
pub use internal::Internal;
pub use rcn::{price_weight_check_digit, Rcn};
pub use symbology::{Family, Symbology};

use element::Context;
use element_string::Separators;
use error::{Fail, ScanErrorKind as Kind};

/// An SSCC scanned on its own (18 digits, check digit verified).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Sscc {
    pub sscc: String,
}

/// What the scanned code is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Interpretation {
    Gtin(Gtin),
    Gs1(Gs1),
    Rcn(Rcn),
    Sscc(Sscc),
    Internal(Internal),
}

/// The kind of interpretation, as a name for other layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScanKind {
    Gtin,
    Gs1,
    Rcn,
    Sscc,
    Internal,
}

impl ScanKind {
    /// `"gtin"`, `"gs1"`, `"rcn"`, `"sscc"` or `"internal"`.
    pub fn name(self) -> &'static str {
        match self {
            ScanKind::Gtin => "gtin",
            ScanKind::Gs1 => "gs1",
            ScanKind::Rcn => "rcn",
            ScanKind::Sscc => "sscc",
            ScanKind::Internal => "internal",
        }
    }
}

/// One interpreted scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scan {
    text: String,
    data: Range<usize>,
    /// The symbology identifier the scan started with, if any.
    pub symbology: Option<Symbology>,
    pub interpretation: Interpretation,
}

impl Scan {
    /// The text as given to the parser.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The data: the text without surrounding white space, separators and the symbology
    /// identifier.
    pub fn data(&self) -> &str {
        self.text.get(self.data.clone()).unwrap_or("")
    }

    pub fn kind(&self) -> ScanKind {
        match self.interpretation {
            Interpretation::Gtin(_) => ScanKind::Gtin,
            Interpretation::Gs1(_) => ScanKind::Gs1,
            Interpretation::Rcn(_) => ScanKind::Rcn,
            Interpretation::Sscc(_) => ScanKind::Sscc,
            Interpretation::Internal(_) => ScanKind::Internal,
        }
    }

    /// What to look the scanned thing up by: the GTIN-14 (of a variable-measure code: with
    /// the measure zeroed; of a GS1 message: AI 01, else 02), the SSCC, or the internal
    /// code.  `None` for a GS1 message without a GTIN or SSCC.
    pub fn lookup_key(&self) -> Option<&str> {
        match &self.interpretation {
            Interpretation::Gtin(g) => Some(&g.gtin14),
            Interpretation::Rcn(r) => Some(&r.gtin14),
            Interpretation::Gs1(g) => g.lookup_key(),
            Interpretation::Sscc(s) => Some(&s.sscc),
            Interpretation::Internal(i) => Some(&i.code),
        }
    }

    /// The GTIN-14 of the product: the GTIN scanned, the base GTIN of a variable-measure
    /// code, or AI 01 of a GS1 message.
    pub fn gtin(&self) -> Option<&str> {
        match &self.interpretation {
            Interpretation::Gtin(g) => Some(&g.gtin14),
            Interpretation::Rcn(r) => Some(&r.gtin14),
            Interpretation::Gs1(g) => g.gtin(),
            _ => None,
        }
    }

    /// The GTIN format scanned (GTIN and variable-measure codes only).
    pub fn gtin_format(&self) -> Option<GtinFormat> {
        match &self.interpretation {
            Interpretation::Gtin(g) => Some(g.format),
            Interpretation::Rcn(r) => Some(r.format),
            _ => None,
        }
    }

    /// The GS1 message, if the scan is one.
    pub fn gs1(&self) -> Option<&Gs1> {
        match &self.interpretation {
            Interpretation::Gs1(g) => Some(g),
            _ => None,
        }
    }

    /// The GS1 elements (empty unless the scan is a GS1 message).
    pub fn elements(&self) -> &[Element] {
        self.gs1().map_or(&[], |g| &g.elements)
    }

    /// The SSCC: scanned alone or as AI 00.
    pub fn sscc(&self) -> Option<&str> {
        match &self.interpretation {
            Interpretation::Sscc(s) => Some(&s.sscc),
            Interpretation::Gs1(g) => g.sscc(),
            _ => None,
        }
    }

    /// AI 10.
    pub fn batch(&self) -> Option<&str> {
        self.gs1().and_then(Gs1::batch)
    }

    /// AI 21.
    pub fn serial(&self) -> Option<&str> {
        self.gs1().and_then(Gs1::serial)
    }

    /// AI 17.
    pub fn expiry(&self) -> Option<Date> {
        self.gs1().and_then(Gs1::expiry)
    }

    /// AI 15.
    pub fn best_before(&self) -> Option<Date> {
        self.gs1().and_then(Gs1::best_before)
    }

    /// The quantity the code states: a variable-measure weight or count, AI 310n (kg),
    /// AI 30 or AI 37 (pieces).
    pub fn quantity(&self) -> Option<Quantity> {
        match &self.interpretation {
            Interpretation::Rcn(r) => match r.measure {
                Measure::Weight => Some(Quantity {
                    value: r.value,
                    unit: QuantityUnit::Kilogram,
                }),
                Measure::Count => Some(Quantity {
                    value: r.value,
                    unit: QuantityUnit::Piece,
                }),
                Measure::Price => None,
            },
            Interpretation::Gs1(g) => g.quantity(),
            _ => None,
        }
    }
}

/// The scan parser: a validated configuration.  Cheap to share; parsing takes `&self`.
#[derive(Debug, Clone)]
pub struct ScanParser {
    config: ScanConfig,
    separators: Separators,
    layouts: rcn::Layouts,
    patterns: internal::Patterns,
}

/// Alias: the issue calls it a scanner.
pub type Scanner = ScanParser;

impl Default for ScanParser {
    fn default() -> Self {
        ScanParser::new(ScanConfig::default()).expect("the default configuration is valid")
    }
}

impl ScanParser {
    /// Validate `config`; errors name the setting.
    pub fn new(config: ScanConfig) -> Result<ScanParser, ConfigError> {
        let mut separators = Vec::with_capacity(config.separators.len());
        for (index, text) in config.separators.iter().enumerate() {
            let setting = format!("separators[{index}]");
            let mut chars = text.chars();
            let (Some(c), None) = (chars.next(), chars.next()) else {
                return Err(ConfigError::new(
                    setting,
                    format!("{text:?} must be exactly one character"),
                ));
            };
            if ai::is_value_char(c) {
                return Err(ConfigError::new(
                    setting,
                    format!(
                        "{c:?} can be part of a GS1 value; choose a character outside GS1's \
                         character sets, such as the GS character (\\u001d), '|', '~' or '^'"
                    ),
                ));
            }
            separators.push(c);
        }
        Ok(ScanParser {
            separators: Separators::new(separators),
            layouts: rcn::Layouts::new(&config.rcn)?,
            patterns: internal::Patterns::new(&config.internal)?,
            config,
        })
    }

    /// Parse the configuration from JSON and validate it.
    pub fn from_json(json: &str) -> Result<ScanParser, ConfigError> {
        ScanParser::new(ScanConfig::from_json(json)?)
    }

    pub fn config(&self) -> &ScanConfig {
        &self.config
    }

    /// Interpret `text`; `today` places two-digit years (GS1 General Specifications §7.12).
    ///
    /// ```
    /// use kolektor_core::scan::{Date, ScanParser};
    ///
    /// let parser = ScanParser::default();
    /// let today = Date::new(2025, 11, 28).unwrap();
    /// let scan = parser.parse("]C1010590123412345717251231\u{1d}10L-7", today).unwrap();
    /// assert_eq!(scan.lookup_key(), Some("05901234123457"));
    /// assert_eq!(scan.expiry(), Date::new(2025, 12, 31));
    /// assert_eq!(scan.batch(), Some("L-7"));
    ///
    /// let error = parser.parse("5901234123458", today).unwrap_err();
    /// assert_eq!(error.to_string(), "GTIN-13 check digit is 8, expected 7");
    /// assert_eq!(error.position, 12);
    /// ```
    pub fn parse(&self, text: &str, today: Date) -> Result<Scan, ScanError> {
        self.interpret(text, today)
            .map_err(|fail| fail.into_error(text))
    }

    fn is_padding(&self, c: char) -> bool {
        c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c) || self.separators.contains(c)
    }

    fn interpret(&self, text: &str, today: Date) -> Result<Scan, Fail> {
        let start = text.len() - text.trim_start_matches(|c| self.is_padding(c)).len();
        let end = text.trim_end_matches(|c| self.is_padding(c)).len();
        if start >= end {
            return Err(Fail::new(Kind::Empty, 0));
        }
        let mut data_start = start;
        let symbology = if text.as_bytes()[start] == b']' {
            let symbology = symbology::Symbology::extract(&text[start..end], start)?;
            if symbology.family() == Family::AddOn {
                let identifier = symbology.identifier().to_owned();
                return Err(Fail::new(Kind::UnsupportedSymbology { identifier }, start));
            }
            data_start += symbology.identifier().len();
            // Some scanners send FNC1 right after the identifier.
            while let Some(n) = self.separators.at_start(&text[data_start..end]) {
                data_start += n;
            }
            if data_start >= end {
                return Err(Fail::new(Kind::Empty, data_start));
            }
            Some(symbology)
        } else {
            None
        };
        let data = &text[data_start..end];
        let context = Context {
            today,
            verify_dates: self.config.verify_dates,
        };
        let family = symbology.as_ref().map_or(Family::Other, Symbology::family);
        let interpretation = self
            .interpret_data(data, family, symbology.as_ref(), context)
            .map_err(|mut fail| {
                fail.at += data_start;
                fail
            })?;
        Ok(Scan {
            text: text.to_owned(),
            data: data_start..end,
            symbology,
            interpretation,
        })
    }

    fn interpret_data(
        &self,
        data: &str,
        family: Family,
        symbology: Option<&Symbology>,
        context: Context,
    ) -> Result<Interpretation, Fail> {
        let digits = || -> Result<usize, Fail> {
            gtin::require_digits(data, 0)?;
            Ok(data.len())
        };
        let bad_length = |what: &'static str, expected: &'static str| {
            Fail::new(
                Kind::BadLength {
                    what,
                    expected,
                    found: data.len(),
                },
                0,
            )
        };
        match family {
            Family::EanUpc => match digits()? {
                12 | 13 => self.gtin_or_rcn(data),
                8 => gtin::parse_upc_e(data, 0, true)
                    .map(Interpretation::Gtin)
                    .or_else(|upc_e| {
                        gtin::parse_gtin(data, 0)
                            .map(Interpretation::Gtin)
                            .map_err(|_| upc_e)
                    }),
                6 | 7 => gtin::parse_upc_e(data, 0, true).map(Interpretation::Gtin),
                _ => Err(bad_length("an EAN-13/UPC code", "6, 7, 8, 12 or 13")),
            },
            Family::EanUpcWithAddOn => match digits()? {
                15 | 18 => self.gtin_or_rcn(&data[..13]),
                14 | 17 => self.gtin_or_rcn(&data[..12]),
                10 | 13 => gtin::parse_upc_e(&data[..8], 0, false).map(Interpretation::Gtin),
                _ => Err(bad_length(
                    "an EAN/UPC code with an add-on",
                    "10, 13, 14, 15, 17 or 18",
                )),
            },
            Family::AddOn => Err(Fail::new(
                Kind::UnsupportedSymbology {
                    identifier: symbology.map_or_else(String::new, |s| s.identifier().to_owned()),
                },
                0,
            )), // (rejected before, with the identifier's position)
            Family::Ean8 => match digits()? {
                8 => gtin::parse_gtin(data, 0).map(Interpretation::Gtin),
                _ => Err(bad_length("an EAN-8", "8")),
            },
            Family::Itf14 => match digits()? {
                14 => gtin::parse_gtin(data, 0).map(Interpretation::Gtin),
                _ => Err(bad_length("an ITF-14", "14")),
            },
            Family::Gs1 => self.gs1(data, context),
            Family::Gs1TwoD if digital_link::is_uri(data) => self.digital_link(data, context),
            Family::Gs1TwoD => self.gs1(data, context),
            Family::Other => self.guess(data, context),
        }
    }

    /// A GTIN, or a variable-measure code when its prefix has a configured layout.
    fn gtin_or_rcn(&self, data: &str) -> Result<Interpretation, Fail> {
        let gtin = gtin::parse_gtin(data, 0)?;
        if matches!(gtin.format, GtinFormat::Gtin12 | GtinFormat::Gtin13) {
            let bytes = gtin.gtin14.as_bytes();
            if let Some(layout) = self.layouts.get(bytes[1], bytes[2]) {
                let gtin13: &[u8; 13] = bytes[1..14].try_into().unwrap_or(&[b'0'; 13]);
                let at_first = data.len() as isize - 13;
                return layout
                    .read(gtin13, gtin.format, at_first)
                    .map(Interpretation::Rcn);
            }
        }
        Ok(Interpretation::Gtin(gtin))
    }

    fn gs1(&self, data: &str, context: Context) -> Result<Interpretation, Fail> {
        if data.starts_with('(') {
            return hri::parse(data, context).map(|elements| {
                Interpretation::Gs1(Gs1 {
                    syntax: Gs1Syntax::Hri,
                    elements,
                })
            });
        }
        element_string::parse(data, &self.separators, context).map(|elements| {
            Interpretation::Gs1(Gs1 {
                syntax: Gs1Syntax::ElementString,
                elements,
            })
        })
    }

    fn digital_link(&self, data: &str, context: Context) -> Result<Interpretation, Fail> {
        digital_link::parse(data, context).map(|elements| {
            Interpretation::Gs1(Gs1 {
                syntax: Gs1Syntax::DigitalLink,
                elements,
            })
        })
    }

    /// No symbology identifier (or one that does not say GS1 or EAN/UPC): decide by the
    /// configured internal patterns, then by the shape of the data.
    fn guess(&self, data: &str, context: Context) -> Result<Interpretation, Fail> {
        if let Some(internal) = self.patterns.find(data) {
            return Ok(Interpretation::Internal(internal));
        }
        if data.starts_with('(') {
            return self.gs1(data, context);
        }
        if digital_link::is_uri(data) {
            return self.digital_link(data, context);
        }
        let all_digits = data.bytes().all(|b| b.is_ascii_digit());
        let by_length =
            if all_digits {
                match data.len() {
                    8 => Some(gtin::parse_gtin(data, 0).map(Interpretation::Gtin).or_else(
                        |ean8| {
                            gtin::parse_upc_e(data, 0, false)
                                .map(Interpretation::Gtin)
                                .map_err(|_| ean8)
                        },
                    )),
                    12..=14 => Some(self.gtin_or_rcn(data)),
                    18 => Some(sscc(data)),
                    _ => None,
                }
            } else {
                None
            };
        // All digits of a GTIN or SSCC length, with no identifier saying GS1: that code and
        // nothing else, so a misread check digit is reported as such and never re-read as
        // an element string (a wrong EAN-13 `400…` is not AI 400 without a product).
        if let Some(found) = by_length {
            return found;
        }
        match element_string::parse_counted(data, &self.separators, context) {
            Ok(elements) => Ok(Interpretation::Gs1(Gs1 {
                syntax: Gs1Syntax::ElementString,
                elements,
            })),
            Err((fail, parsed)) => {
                // Report the GS1 problem only when the data looks like GS1: it starts with a
                // GS1 key that has a check digit (SSCC, GTIN, GLN, GRAI, …), its first element
                // was valid, or what failed is the meaning of a value read in full (a check
                // digit, an all-zero key, a currency).
                let key =
                    element_string::read_ai(data, 0).is_ok_and(|ai| ai.check_digit_length > 0);
                let meaning = matches!(
                    fail.kind,
                    Kind::BadCheckDigit { .. }
                        | Kind::AllZero { .. }
                        | Kind::UnknownCurrency { .. }
                );
                if key || parsed > 0 || meaning {
                    Err(fail)
                } else {
                    Err(Fail::new(Kind::Unrecognised, 0))
                }
            }
        }
    }
}

fn sscc(data: &str) -> Result<Interpretation, Fail> {
    gtin::require_digits(data, 0)?;
    gtin::verify_check_digit(data.as_bytes(), "SSCC", data.len() - 1)?;
    gtin::refuse_all_zero(data.as_bytes(), "SSCC", 0)?;
    Ok(Interpretation::Sscc(Sscc {
        sscc: data.to_owned(),
    }))
}

#[cfg(test)]
mod tests;

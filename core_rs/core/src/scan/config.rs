//! The scan parser's configuration: separators, variable-measure EAN-13 layouts and
//! internal code patterns.  Read from JSON (every field optional; a missing field keeps
//! its default); the defaults fit a Polish shop using Kolektor's own labels.

use serde::{Deserialize, Serialize};

use super::error::ConfigError;

/// What the parser recognises and how.  See `docs/scanning.md`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScanConfig {
    /// Characters that stand for FNC1 between GS1 element strings: the GS character
    /// (`"\u001d"`) and any printable substitute the scanners are set to send, e.g. `"|"`.
    /// Each is one character that no AI value can contain.
    pub separators: Vec<String>,
    /// Reject GS1 dates that are not calendar dates (`false`: keep the value, no date).
    pub verify_dates: bool,
    /// Layouts of restricted-circulation EAN-13 codes with a variable measure, per prefix.
    pub rcn: Vec<RcnRule>,
    /// Patterns of the shop's own codes, tried in order before any other interpretation
    /// (unless a symbology identifier says EAN/UPC or GS1).
    pub internal: Vec<InternalPattern>,
}

/// How a variable-measure EAN-13 with one prefix is laid out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RcnRule {
    /// Two digits: `02` or `20`–`29`.
    pub prefix: String,
    /// What the variable part measures.
    pub measure: Measure,
    /// Twelve characters over the first 12 digits: `P` prefix and item reference, `C` a
    /// price/weight check digit (optional, before a 4- or 5-digit value), `V` the value;
    /// e.g. `PPPPPPPVVVVV` = prefix 2 + item 5 + value 5.  Digit 13 is the EAN check digit.
    pub pattern: String,
    /// Decimal places of the value (default: 3 for weight in kg, 2 for price, 0 for count).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u8>,
    /// Verify the `C` digit (default true).
    #[serde(default = "yes")]
    pub verify_check_digit: bool,
}

fn yes() -> bool {
    true
}

/// The measure carried by a variable-measure EAN-13.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    /// Net weight in kilograms.
    Weight,
    /// Price in the shop's currency.
    Price,
    /// Number of pieces.
    Count,
}

impl Measure {
    /// `"weight"`, `"price"` or `"count"`.
    pub fn name(self) -> &'static str {
        match self {
            Measure::Weight => "weight",
            Measure::Price => "price",
            Measure::Count => "count",
        }
    }

    pub(crate) fn default_decimals(self) -> u8 {
        match self {
            Measure::Weight => 3,
            Measure::Price => 2,
            Measure::Count => 0,
        }
    }
}

/// One kind of internal code and the regular expression (Rust `regex` syntax) its whole
/// text must match.  A named group `value` picks the part reported as the value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InternalPattern {
    /// `location`, `tote`, `badge`, `order`, or any name the shop uses.
    pub kind: String,
    pub regex: String,
}

impl InternalPattern {
    fn new(kind: &str, regex: &str) -> Self {
        InternalPattern {
            kind: kind.to_owned(),
            regex: regex.to_owned(),
        }
    }
}

impl Default for ScanConfig {
    /// The documented defaults (`docs/scanning.md`): GS as the only separator, verified
    /// dates, weight codes `27`/`28`/`29` laid out `PPPPPPPVVVVV` with the weight in grams
    /// (kg with 3 decimals, no price/weight check digit, as Polish shop scales print them
    /// and as Kolektor's demo data stores them), and Kolektor's label formats for bin
    /// locations (`A-03-2`), totes (`T-0042`), operator badges (`OP-0001`) and Subiekt
    /// order numbers (`ZK 18/2026`).
    fn default() -> Self {
        let weight = |prefix: &str| RcnRule {
            prefix: prefix.to_owned(),
            measure: Measure::Weight,
            pattern: "PPPPPPPVVVVV".to_owned(),
            decimals: Some(3),
            verify_check_digit: true,
        };
        ScanConfig {
            separators: vec!["\u{1d}".to_owned()],
            verify_dates: true,
            rcn: vec![weight("27"), weight("28"), weight("29")],
            internal: vec![
                InternalPattern::new(
                    "location",
                    r"[A-Z]{1,3}-[0-9]{1,3}-[0-9]{1,3}(?:-[0-9]{1,3})?",
                ),
                InternalPattern::new("tote", r"T-[0-9]{3,6}"),
                InternalPattern::new("badge", r"OP-[0-9]{3,6}"),
                InternalPattern::new("order", r"(?:ZK|ZAM) [0-9]{1,7}(?:/[0-9A-Z]{1,10}){1,3}"),
            ],
        }
    }
}

impl ScanConfig {
    /// Read a configuration from JSON; a missing field keeps its default.  Errors name the
    /// setting, e.g. `rcn[0].measure: unknown variant "wieght", expected one of …`.
    pub fn from_json(json: &str) -> Result<ScanConfig, ConfigError> {
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let config: ScanConfig =
            serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
                let setting = error.path().to_string();
                let setting = if setting == "." || setting == "?" {
                    String::new()
                } else {
                    setting
                };
                ConfigError::new(setting, error.into_inner().to_string())
            })?;
        deserializer
            .end()
            .map_err(|error| ConfigError::new("", error.to_string()))?;
        Ok(config)
    }

    /// The configuration as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_fields_keep_their_defaults() {
        let config = ScanConfig::from_json(r#"{"separators": ["\u001d", "|"]}"#).unwrap();
        assert_eq!(config.separators, vec!["\u{1d}", "|"]);
        assert_eq!(config.rcn, ScanConfig::default().rcn);
        assert_eq!(ScanConfig::from_json("{}").unwrap(), ScanConfig::default());
    }

    #[test]
    fn defaults_round_trip_through_json() {
        let json = ScanConfig::default().to_json();
        assert_eq!(ScanConfig::from_json(&json).unwrap(), ScanConfig::default());
    }

    #[test]
    fn errors_name_the_setting() {
        let e = ScanConfig::from_json(
            r#"{"rcn": [{"prefix": "28", "measure": "wieght", "pattern": "PPPPPPPVVVVV"}]}"#,
        )
        .unwrap_err();
        assert_eq!(e.setting, "rcn[0].measure");
        assert!(e.message.contains("unknown variant `wieght`"), "{e}");
        let e = ScanConfig::from_json(r#"{"separator": []}"#).unwrap_err();
        assert!(e.message.contains("unknown field `separator`"), "{e}");
        let e = ScanConfig::from_json("{} x").unwrap_err();
        assert_eq!(e.setting, "");
    }
}

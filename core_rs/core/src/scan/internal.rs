//! The shop's own codes — bin locations, totes, operator badges, order numbers — told
//! apart by configured regular expressions that must match the whole scanned text.

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

use super::config::InternalPattern;
use super::error::ConfigError;

/// An internal code.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Internal {
    /// The pattern's kind: `location`, `tote`, `badge`, `order`, …
    pub kind: String,
    /// The whole code as scanned (without a symbology identifier).
    pub code: String,
    /// The pattern's `value` group if it has one, else the whole code.
    pub value: String,
}

/// Compiled patterns.
#[derive(Debug, Clone)]
pub(crate) struct Patterns {
    kinds: Vec<String>,
    set: RegexSet,
    each: Vec<Regex>,
}

const SIZE_LIMIT: usize = 1 << 20;

fn anchored(regex: &str) -> String {
    format!(r"\A(?:{regex})\z")
}

impl Patterns {
    pub(crate) fn new(patterns: &[InternalPattern]) -> Result<Patterns, ConfigError> {
        let mut each = Vec::with_capacity(patterns.len());
        for (index, pattern) in patterns.iter().enumerate() {
            if pattern.kind.trim().is_empty() {
                return Err(ConfigError::new(
                    format!("internal[{index}].kind"),
                    "name the kind of code (location, tote, badge, order, …)",
                ));
            }
            let regex = RegexBuilder::new(&anchored(&pattern.regex))
                .size_limit(SIZE_LIMIT)
                .build()
                .map_err(|e| ConfigError::new(format!("internal[{index}].regex"), e.to_string()))?;
            each.push(regex);
        }
        let set = RegexSetBuilder::new(patterns.iter().map(|p| anchored(&p.regex)))
            .size_limit(SIZE_LIMIT * 4)
            .build()
            .map_err(|e| ConfigError::new("internal", e.to_string()))?;
        Ok(Patterns {
            kinds: patterns.iter().map(|p| p.kind.clone()).collect(),
            set,
            each,
        })
    }

    /// The first pattern the whole `code` matches.
    pub(crate) fn find(&self, code: &str) -> Option<Internal> {
        if self.each.is_empty() {
            return None;
        }
        let index = self.set.matches(code).iter().next()?;
        let regex = &self.each[index];
        let value = regex
            .captures(code)
            .and_then(|c| c.name("value"))
            .map_or(code, |m| m.as_str());
        Some(Internal {
            kind: self.kinds[index].clone(),
            code: code.to_owned(),
            value: value.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::config::ScanConfig;
    use super::*;

    #[test]
    fn default_patterns_recognise_kolektors_labels() {
        let patterns = Patterns::new(&ScanConfig::default().internal).unwrap();
        let kind = |code: &str| patterns.find(code).map(|i| i.kind);
        assert_eq!(kind("A-03-2").as_deref(), Some("location"));
        assert_eq!(kind("RA-03-2").as_deref(), Some("location"));
        assert_eq!(kind("T-0042").as_deref(), Some("tote"));
        assert_eq!(kind("OP-0001").as_deref(), Some("badge"));
        assert_eq!(kind("ZK 18/2026").as_deref(), Some("order"));
        assert_eq!(kind("ZAM 7/MAG/2026").as_deref(), Some("order"));
        assert_eq!(kind("5901234123457"), None);
        assert_eq!(kind("A-03-2x"), None);
        assert_eq!(kind("xOP-0001"), None);
    }

    #[test]
    fn a_value_group_picks_the_value() {
        let patterns = Patterns::new(&[InternalPattern {
            kind: "badge".into(),
            regex: r"99(?P<value>[0-9]{6})".into(),
        }])
        .unwrap();
        let found = patterns.find("99001234").unwrap();
        assert_eq!(
            (found.code.as_str(), found.value.as_str()),
            ("99001234", "001234")
        );
    }

    #[test]
    fn bad_patterns_name_the_setting() {
        let bad = |kind: &str, regex: &str| {
            Patterns::new(&[InternalPattern {
                kind: kind.into(),
                regex: regex.into(),
            }])
            .unwrap_err()
            .setting
        };
        assert_eq!(bad("tote", "T-[0-9"), "internal[0].regex");
        assert_eq!(bad(" ", "T"), "internal[0].kind");
    }
}

//! GS1 element strings for GS1-128 and GS1 DataMatrix.
//!
//! An element is an Application Identifier (AI, 2–4 digits) and its value.  They come in
//! as pairs or as the human-readable form `(00)373400306809981733(10)ABC123`.  Between
//! elements, an FNC1 separator follows every element whose AI does not have a
//! *predefined length* (GS1 General Specifications, "element strings with predefined
//! length"), except the last.  That table is keyed by the AI's first two digits and is the
//! same one a scanner's parser uses to know where an element ends.
//!
//! Validation here is what printing needs: AIs are digits, predefined-length values have
//! exactly their length and are numeric, the check digits of SSCC (00), GTIN (01, 02) and
//! GLN (410–417) are right, variable values use GS1's 82-character set.  The full per-AI
//! syntax (maximum lengths, dates) belongs to the scan parser.

use super::ZplError;
use crate::gtin;

/// One GS1 element: an AI and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    pub ai: String,
    pub value: String,
}

/// Total length (AI digits + value) of elements whose AI starts with these two digits and
/// that need no FNC1 separator; every other AI is variable-length.
fn predefined_length(ai: &str) -> Option<usize> {
    match &ai[..2] {
        "00" => Some(20),
        "01" | "02" | "03" => Some(16),
        "04" => Some(18),
        "11" | "12" | "13" | "14" | "15" | "16" | "17" | "18" | "19" => Some(8),
        "20" => Some(4),
        "31" | "32" | "33" | "34" | "35" | "36" => Some(10),
        "41" => Some(16),
        _ => None,
    }
}

/// The AI length (in digits) that the predefined-length prefixes imply.
fn predefined_ai_digits(ai: &str) -> Option<usize> {
    match &ai[..2] {
        "31" | "32" | "33" | "34" | "35" | "36" => Some(4),
        "41" => Some(3),
        prefix if predefined_length(prefix).is_some() => Some(2),
        _ => None,
    }
}

/// GS1's AI encodable character set 82 (GS1 General Specifications, figure 7.11-1).
fn in_cset82(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!\"%&'()*+,-./:;<=>?_".contains(c)
}

impl Element {
    /// Validate an element.
    pub fn new(ai: &str, value: &str) -> Result<Element, ZplError> {
        if !(2..=4).contains(&ai.len()) || !ai.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ZplError::gs1(format!(
                "GS1 AI {ai:?} must be 2 to 4 digits"
            )));
        }
        if value.is_empty() {
            return Err(ZplError::gs1(format!("GS1 element ({ai}) has no value")));
        }
        if let Some(total) = predefined_length(ai) {
            let ai_digits = predefined_ai_digits(ai).unwrap_or(2);
            if ai.len() != ai_digits {
                return Err(ZplError::gs1(format!(
                    "GS1 AI {ai} should have {ai_digits} digits (AIs starting {} have {ai_digits})",
                    &ai[..2]
                )));
            }
            let length = total - ai_digits;
            if value.len() != length || !value.bytes().all(|b| b.is_ascii_digit()) {
                return Err(ZplError::gs1(format!(
                    "GS1 element ({ai}) needs exactly {length} digits, got {value:?}"
                )));
            }
            let checked = matches!(&ai[..2], "00" | "01" | "02") || ai.starts_with("41");
            if checked {
                let (payload, last) = value.split_at(value.len() - 1);
                let expected =
                    gtin::check_digit(payload).map_err(|e| ZplError::gs1(e.to_string()))?;
                let found = last.as_bytes()[0] - b'0';
                if expected != found {
                    return Err(ZplError::gs1(format!(
                        "GS1 element ({ai}){value}: check digit is {found}, expected {expected}"
                    )));
                }
            }
        } else {
            if value.len() > 90 {
                return Err(ZplError::gs1(format!(
                    "GS1 element ({ai}) has {} characters; no AI allows more than 90",
                    value.len()
                )));
            }
            if let Some(bad) = value.chars().find(|&c| !in_cset82(c)) {
                return Err(ZplError::gs1(format!(
                    "GS1 element ({ai}) contains {bad:?}, which is not in GS1's character set \
                     (letters, digits and !\"%&'()*+,-./:;<=>?_)"
                )));
            }
        }
        Ok(Element {
            ai: ai.to_string(),
            value: value.to_string(),
        })
    }

    /// True when this element needs an FNC1 separator if another element follows it.
    pub fn variable_length(&self) -> bool {
        predefined_length(&self.ai).is_none()
    }

    /// The element in human-readable form, `(AI)value`.
    pub fn hri(&self) -> String {
        format!("({}){}", self.ai, self.value)
    }
}

/// Validate elements given as pairs.
pub fn from_pairs<A: AsRef<str>, V: AsRef<str>>(
    pairs: &[(A, V)],
) -> Result<Vec<Element>, ZplError> {
    if pairs.is_empty() {
        return Err(ZplError::gs1("a GS1 barcode needs at least one element"));
    }
    pairs
        .iter()
        .map(|(ai, value)| Element::new(ai.as_ref(), value.as_ref()))
        .collect()
}

/// Parse the human-readable form `(AI)value(AI)value…`.  Spaces are ignored (GS1 does not
/// allow them in values).  A new element starts at `(` followed by 2–4 digits and `)`.
///
/// ```
/// use kolektor_core::zpl::gs1::parse_hri;
/// let elements = parse_hri("(00) 373400306809981733 (10)ABC").unwrap();
/// assert_eq!(elements.len(), 2);
/// assert_eq!(elements[1].value, "ABC");
/// ```
pub fn parse_hri(hri: &str) -> Result<Vec<Element>, ZplError> {
    let text: String = hri.chars().filter(|&c| c != ' ').collect();
    let starts: Vec<(usize, usize)> = ai_openings(&text);
    match starts.first() {
        Some(&(0, _)) => {}
        _ => {
            return Err(ZplError::gs1(format!(
                "GS1 string {hri:?} must start with an AI in parentheses, like (00)"
            )))
        }
    }
    let mut elements = Vec::with_capacity(starts.len());
    for (k, &(open, close)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(text.len(), |&(next, _)| next);
        elements.push(Element::new(&text[open + 1..close], &text[close + 1..end])?);
    }
    Ok(elements)
}

/// Positions of `(` and `)` of every `(dd)`, `(ddd)` or `(dddd)` in `text`.
fn ai_openings(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'(' {
            let digits = bytes[i + 1..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if (2..=4).contains(&digits) && bytes.get(i + 1 + digits) == Some(&b')') {
                found.push((i, i + 1 + digits));
                i += digits + 2;
                continue;
            }
        }
        i += 1;
    }
    found
}

/// The human-readable form of elements.
pub fn hri(elements: &[Element]) -> String {
    elements.iter().map(Element::hri).collect()
}

/// Data characters (AIs and values, without FNC1) of elements.
pub fn data_length(elements: &[Element]) -> usize {
    elements.iter().map(|e| e.ai.len() + e.value.len()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_reference_hri() {
        let elements = parse_hri("(01)09501101020917(17)190508(10)ABCD1234(21)10").unwrap();
        let ais: Vec<_> = elements.iter().map(|e| e.ai.as_str()).collect();
        assert_eq!(ais, ["01", "17", "10", "21"]);
        let variable: Vec<_> = elements.iter().map(Element::variable_length).collect();
        assert_eq!(variable, [false, false, true, true]);
        assert_eq!(
            hri(&elements),
            "(01)09501101020917(17)190508(10)ABCD1234(21)10"
        );
    }

    #[test]
    fn four_digit_and_three_digit_ais() {
        let elements = parse_hri("(3103)001250(410)5901234123457(400)PO-77/2026").unwrap();
        assert!(!elements[0].variable_length());
        assert!(!elements[1].variable_length());
        assert!(elements[2].variable_length());
    }

    #[test]
    fn check_digits_are_verified() {
        assert!(Element::new("00", "373400306809981733").is_ok());
        assert_eq!(
            Element::new("00", "373400306809981734")
                .unwrap_err()
                .to_string(),
            "GS1 element (00)373400306809981734: check digit is 4, expected 3"
        );
        assert!(Element::new("01", "05901234123457").is_ok());
    }

    #[test]
    fn says_what_is_wrong() {
        let message = |hri: &str| parse_hri(hri).unwrap_err().to_string();
        assert_eq!(
            message("00373400306809981733"),
            "GS1 string \"00373400306809981733\" must start with an AI in parentheses, like (00)"
        );
        assert_eq!(
            message("(00)37340030680998173"),
            "GS1 element (00) needs exactly 18 digits, got \"37340030680998173\""
        );
        assert_eq!(
            message("(310)001250"),
            "GS1 AI 310 should have 4 digits (AIs starting 31 have 4)"
        );
        assert_eq!(
            message("(10)AB#1"),
            "GS1 element (10) contains '#', which is not in GS1's character set \
             (letters, digits and !\"%&'()*+,-./:;<=>?_)"
        );
        assert_eq!(message("(10)"), "GS1 element (10) has no value");
        assert_eq!(
            from_pairs::<&str, &str>(&[]).unwrap_err().to_string(),
            "a GS1 barcode needs at least one element"
        );
    }
}

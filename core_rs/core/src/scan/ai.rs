//! GS1 Application Identifiers: the generated table ([`super::ai_table`]) and the matcher
//! that reads one AI's value according to its format.

use super::ai_table::{AIS, AI_LENGTH, CHARSETS};
pub use super::date::DateField;

/// One GS1 Application Identifier (GS1 General Specifications §3), from the generated table.
#[derive(Debug)]
pub struct Ai {
    /// The AI itself, e.g. `"17"`, `"3103"`.
    pub code: &'static str,
    /// GS1's data title, e.g. `"USE BY or EXPIRY"`.
    pub title: &'static str,
    pub description: &'static str,
    /// GS1's format notation, e.g. `"N2+X..20"`.
    pub format: &'static str,
    /// Whether an FNC1 separator must follow the value unless it ends the message.
    pub fnc1_required: bool,
    pub(crate) groups: &'static [Group],
    /// The date/time layout of the value, if it is a date (e.g. `YYMMDD`).
    pub date: Option<&'static [(DateField, bool)]>,
    /// The decimal point indicator: how many of the last group's digits are decimals.
    pub decimal_places: Option<u8>,
    /// Whether the first three digits are an ISO 4217 numeric currency code.
    pub currency: bool,
    /// How many leading digits of the value form a GS1 key with a mod-10 check digit.
    pub check_digit_length: u8,
}

/// A capturing group of the AI's pattern: runs of characters from one set.
#[derive(Debug)]
pub(crate) struct Group {
    pub optional: bool,
    pub pieces: &'static [Piece],
}

/// `min..=max` characters from `CHARSETS[set]`, in multiples of `step`.
#[derive(Debug)]
pub(crate) struct Piece {
    pub set: u8,
    pub min: u8,
    pub max: u8,
    pub step: u8,
}

#[derive(Debug)]
pub(crate) struct CharSet {
    pub mask: u128,
    pub name: &'static str,
}

impl CharSet {
    #[inline]
    fn contains(&self, byte: u8) -> bool {
        byte < 128 && self.mask & (1u128 << byte) != 0
    }
}

impl Ai {
    /// The shortest and longest value the format allows.
    pub fn value_length(&self) -> (usize, usize) {
        let mut min = 0;
        let mut max = 0;
        for group in self.groups {
            for piece in group.pieces {
                if !group.optional {
                    min += usize::from(piece.min);
                }
                max += usize::from(piece.max);
            }
        }
        (min, max)
    }
}

impl Ai {
    /// The name of the characters the value's last run takes, for messages.
    pub(crate) fn last_set_name(&self) -> &'static str {
        self.groups
            .last()
            .and_then(|group| group.pieces.last())
            .map_or("a digit", |piece| CHARSETS[usize::from(piece.set)].name)
    }
}

/// Every Application Identifier of the table, sorted by code.
pub fn all() -> &'static [Ai] {
    &AIS
}

/// The AI with this code.
pub fn lookup(code: &str) -> Option<&'static Ai> {
    AIS.binary_search_by(|ai| ai.code.cmp(code))
        .ok()
        .map(|index| &AIS[index])
}

/// The length of the AIs whose first two digits are `first`, `second` (ASCII), if any.
pub(crate) fn ai_length(first: u8, second: u8) -> Option<usize> {
    if !first.is_ascii_digit() || !second.is_ascii_digit() {
        return None;
    }
    match AI_LENGTH[usize::from(first - b'0') * 10 + usize::from(second - b'0')] {
        0 => None,
        n => Some(usize::from(n)),
    }
}

/// Whether `c` can appear in the value of some AI (so it cannot serve as a separator).
pub(crate) fn is_value_char(c: char) -> bool {
    let code = u32::from(c);
    code < 128 && super::ai_table::ALL_CHARS & (1u128 << code) != 0
}

/// A value matched at the start of some bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Matched {
    /// Bytes consumed.
    pub len: usize,
    /// Byte range of the first and of the last group that matched (currency / number).
    pub first_group: (usize, usize),
    pub last_group: (usize, usize),
    /// The last run stopped at its maximum while the next byte would have continued it:
    /// a variable-length value that is probably missing its separator.
    pub overflow: Option<usize>,
}

/// Why no value matched: at byte `at` (relative), `expected` characters were needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mismatch {
    pub at: usize,
    pub expected: &'static str,
}

/// Read the value of `ai` greedily from the start of `bytes` (like the AI's regular
/// expression anchored at the start, without backtracking between runs — the table's
/// formats never need it).
pub(crate) fn match_value(ai: &Ai, bytes: &[u8]) -> Result<Matched, Mismatch> {
    let mut at = 0;
    let mut first_group = None;
    let mut last_group = (0, 0);
    let mut overflow = None;
    for group in ai.groups {
        let start = at;
        let mut failed = None;
        let mut group_overflow = None;
        for piece in group.pieces {
            let set = &CHARSETS[usize::from(piece.set)];
            let max = usize::from(piece.max);
            let mut n = 0;
            while n < max && at + n < bytes.len() && set.contains(bytes[at + n]) {
                n += 1;
            }
            let step = usize::from(piece.step.max(1));
            n -= n % step;
            if n < usize::from(piece.min) {
                failed = Some(Mismatch {
                    at: at + n,
                    expected: set.name,
                });
                break;
            }
            group_overflow = (n == max
                && piece.min < piece.max
                && at + n < bytes.len()
                && set.contains(bytes[at + n]))
            .then_some(at + n);
            at += n;
        }
        match failed {
            None => {
                first_group.get_or_insert((start, at));
                last_group = (start, at);
                overflow = group_overflow;
            }
            Some(_) if group.optional => at = start,
            Some(mismatch) => return Err(mismatch),
        }
    }
    Ok(Matched {
        len: at,
        first_group: first_group.unwrap_or((0, 0)),
        last_group,
        overflow,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(code: &str, value: &str) -> Result<Matched, Mismatch> {
        match_value(lookup(code).unwrap(), value.as_bytes())
    }

    #[test]
    fn the_table_has_the_reference_formats() {
        let ai = lookup("00").unwrap();
        assert_eq!(
            (ai.format, ai.fnc1_required, ai.value_length()),
            ("N2+N18", false, (18, 18))
        );
        assert_eq!(ai.check_digit_length, 18);
        let ai = lookup("10").unwrap();
        assert_eq!(
            (ai.format, ai.fnc1_required, ai.value_length()),
            ("N2+X..20", true, (1, 20))
        );
        let ai = lookup("17").unwrap();
        assert_eq!(ai.title, "USE BY or EXPIRY");
        assert!(ai.date.is_some());
        assert_eq!(lookup("3103").unwrap().decimal_places, Some(3));
        assert_eq!(lookup("3922").unwrap().value_length(), (1, 15));
        assert!(lookup("3932").unwrap().currency);
        assert!(!lookup("3922").unwrap().currency);
        assert!(lookup("999").is_none());
        assert_eq!(all().len(), 541);
    }

    #[test]
    fn lengths_follow_from_the_first_two_digits() {
        assert_eq!(ai_length(b'0', b'1'), Some(2));
        assert_eq!(ai_length(b'2', b'5'), Some(3));
        assert_eq!(ai_length(b'3', b'1'), Some(4));
        assert_eq!(ai_length(b'0', b'4'), None);
        assert_eq!(ai_length(b'x', b'1'), None);
    }

    #[test]
    fn fixed_and_variable_lengths() {
        assert_eq!(m("17", "2512311012").unwrap().len, 6);
        assert_eq!(
            m("17", "2512"),
            Err(Mismatch {
                at: 4,
                expected: "a digit"
            })
        );
        let batch = m("10", "ABC-12\u{1d}17").unwrap();
        assert_eq!((batch.len, batch.overflow), (6, None));
        let long = m("10", "ABCDEFGHIJKLMNOPQRSTUVWXYZ").unwrap();
        assert_eq!((long.len, long.overflow), (20, Some(20)));
        assert_eq!(
            m("10", " x"),
            Err(Mismatch {
                at: 0,
                expected: "a character of GS1 set 82"
            })
        );
    }

    #[test]
    fn groups_optional_groups_and_steps() {
        let price = m("3932", "985000123").unwrap();
        assert_eq!((price.first_group, price.last_group), ((0, 3), (3, 9)));
        assert_eq!(m("7007", "250801250831").unwrap().len, 12);
        assert_eq!(m("7007", "250801").unwrap().len, 6);
        assert_eq!(m("7007", "2508012508").unwrap().len, 6);
        assert_eq!(m("423", "6166161").unwrap().len, 6);
        assert_eq!(m("8008", "250801121").unwrap().len, 8);
        assert_eq!(m("8008", "2508011230").unwrap().len, 10);
        assert_eq!(m("4330", "001234-").unwrap().len, 7);
        assert_eq!(m("30", "").unwrap().len, 0);
    }
}

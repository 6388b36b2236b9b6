//! GS1 element strings as scanned from GS1-128, GS1 DataMatrix, GS1 QR, GS1 DataBar:
//! `AI value [GS] AI value …`, where the FNC1 separator (`GS`, 0x1D, or a configured
//! substitute) ends every variable-length value that is not the last.
//!
//! Values are read greedily up to their maximum length or the next separator, like biip;
//! separators are accepted between any two elements (GS1 General Specifications §7.8.6).

use super::ai::{ai_length, lookup, match_value, Ai};
use super::element::{build, mismatch_error, refuse_repeated, Context, Element};
use super::error::{char_at, Fail, ScanErrorKind};

/// The separators a scan may use for FNC1.
#[derive(Debug, Clone)]
pub(crate) struct Separators {
    chars: Vec<char>,
    only_gs: bool,
}

impl Separators {
    pub(crate) fn new(chars: Vec<char>) -> Self {
        let only_gs = chars == ['\u{1d}'];
        Separators { chars, only_gs }
    }

    /// The byte length of the separator starting `rest`, if one does.
    #[inline]
    pub(crate) fn at_start(&self, rest: &str) -> Option<usize> {
        if self.only_gs {
            return (rest.as_bytes().first() == Some(&0x1d)).then_some(1);
        }
        let c = rest.chars().next()?;
        self.chars.contains(&c).then(|| c.len_utf8())
    }

    pub(crate) fn contains(&self, c: char) -> bool {
        self.chars.contains(&c)
    }
}

/// Read the AI starting at byte `i` of `data`.
pub(crate) fn read_ai(data: &str, i: usize) -> Result<&'static Ai, Fail> {
    let bytes = data.as_bytes();
    let first = bytes[i];
    if !first.is_ascii_digit() {
        return Err(Fail::new(
            ScanErrorKind::ExpectedAi {
                found: char_at(data, i),
            },
            i,
        ));
    }
    let digits = bytes[i..]
        .iter()
        .take(4)
        .take_while(|b| b.is_ascii_digit())
        .count();
    let unknown = |n: usize| {
        Fail::new(
            ScanErrorKind::UnknownAi {
                found: data[i..i + n].to_owned(),
            },
            i,
        )
    };
    if digits < 2 {
        return Err(unknown(digits));
    }
    let Some(length) = ai_length(first, bytes[i + 1]) else {
        return Err(unknown(2));
    };
    if digits < length {
        return Err(unknown(digits));
    }
    lookup(&data[i..i + length]).ok_or_else(|| unknown(length))
}

/// Parse a whole GS1 element string.  Errors are located by byte offset in `data`.
pub(crate) fn parse(
    data: &str,
    separators: &Separators,
    context: Context,
) -> Result<Vec<Element>, Fail> {
    parse_counted(data, separators, context).map_err(|(fail, _)| fail)
}

/// [`parse`], telling on failure how many elements were valid before it.
pub(crate) fn parse_counted(
    data: &str,
    separators: &Separators,
    context: Context,
) -> Result<Vec<Element>, (Fail, usize)> {
    let mut elements = Vec::with_capacity(4);
    let mut i = 0;
    // A previous variable-length value that stopped at its maximum length right here.
    let mut overflow: Option<(&'static Ai, usize)> = None;
    // The previous element, when no separator followed it.
    let mut previous: Option<&'static Ai> = None;
    while i < data.len() {
        let element = parse_one(data, i, separators, context);
        let (element, end, next_overflow) = match element {
            Ok(found) => found,
            Err(fail) => {
                let parsed = elements.len();
                return Err((
                    match (overflow, previous, &fail.kind) {
                        (Some((ai, at)), _, _) if at == i => {
                            let (_, max) = ai.value_length();
                            Fail::in_ai(ScanErrorKind::TooLong { max }, at, ai.code)
                        }
                        // Not an AI, so it ended the previous variable-length value: a character that value
                        // cannot have (or a separator the configuration does not know).
                        (_, Some(ai), ScanErrorKind::ExpectedAi { found })
                            if fail.at == i && ai.value_length().0 < ai.value_length().1 =>
                        {
                            let kind = ScanErrorKind::BadCharacter {
                                found: *found,
                                expected: ai.last_set_name(),
                            };
                            Fail::in_ai(kind, i, ai.code)
                        }
                        _ => fail,
                    },
                    parsed,
                ));
            }
        };
        if let Err(fail) = refuse_repeated(&elements, &element, i) {
            return Err((fail, elements.len()));
        }
        previous = Some(element.ai);
        elements.push(element);
        i = end;
        overflow = next_overflow;
        while let Some(n) = data.get(i..).and_then(|rest| separators.at_start(rest)) {
            i += n;
            overflow = None;
            previous = None;
        }
    }
    Ok(elements)
}

type One = (Element, usize, Option<(&'static Ai, usize)>);

fn parse_one(data: &str, i: usize, separators: &Separators, context: Context) -> Result<One, Fail> {
    let ai = read_ai(data, i)?;
    let start = i + ai.code.len();
    let rest = &data[start..];
    let matched = match_value(ai, rest.as_bytes()).map_err(|mismatch| {
        let mut fail = mismatch_error(ai, rest, mismatch, |at| {
            rest.get(at..)
                .and_then(|r| separators.at_start(r))
                .is_some()
        });
        fail.at += start;
        fail
    })?;
    let value = &rest[..matched.len];
    let element = build(ai, value, &matched, context).map_err(|mut fail| {
        fail.at += start;
        fail
    })?;
    let overflow = matched.overflow.map(|at| (ai, start + at));
    Ok((element, start + matched.len, overflow))
}

#[cfg(test)]
mod tests {
    use super::super::date::Date;
    use super::*;

    fn context() -> Context {
        Context {
            today: Date::new(2025, 6, 1).unwrap(),
            verify_dates: true,
        }
    }

    fn gs() -> Separators {
        Separators::new(vec!['\u{1d}'])
    }

    fn elements(data: &str) -> Vec<(String, String)> {
        parse(data, &gs(), context())
            .unwrap()
            .into_iter()
            .map(|e| (e.ai.code.to_owned(), e.value))
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, v)| (a.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn parses_real_element_strings() {
        // The reference's example (GS1 General Specifications) and biip's examples.
        assert_eq!(
            elements("01095011010209171719050810ABCD1234\u{1d}2110"),
            pairs(&[
                ("01", "09501101020917"),
                ("17", "190508"),
                ("10", "ABCD1234"),
                ("21", "10")
            ])
        );
        assert_eq!(
            elements("010703206980498815210526100329"),
            pairs(&[("01", "07032069804988"), ("15", "210526"), ("10", "0329")])
        );
        assert_eq!(
            elements("00373400306809981733"),
            pairs(&[("00", "373400306809981733")])
        );
        assert_eq!(
            elements("0105901234123457310300125017251231\u{1d}\u{1d}10L1"),
            pairs(&[
                ("01", "05901234123457"),
                ("3103", "001250"),
                ("17", "251231"),
                ("10", "L1")
            ])
        );
    }

    #[test]
    fn alternative_separators() {
        let seps = Separators::new(vec!['\u{1d}', '|']);
        let found = parse("10AB|17251231", &seps, context()).unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].date, Date::new(2025, 12, 31));
    }

    #[test]
    fn says_what_and_where() {
        let fail = |data: &str| parse(data, &gs(), context()).unwrap_err();
        let f = fail("01059012341234570412");
        assert_eq!((f.kind.code(), f.at), ("unknown_ai", 16));
        let f = fail("010590123412345723");
        assert_eq!(
            (f.kind, f.at),
            (ScanErrorKind::UnknownAi { found: "23".into() }, 16)
        );
        let f = fail("0105901234123457x");
        assert_eq!(
            (f.kind, f.at),
            (ScanErrorKind::ExpectedAi { found: 'x' }, 16)
        );
        let f = fail("17251301");
        assert_eq!((f.kind.code(), f.ai, f.at), ("date", Some("17"), 2));
        let f = fail("1725123");
        assert_eq!((f.kind.code(), f.ai, f.at), ("too_short", Some("17"), 7));
        let f = fail("10ABCDEFGHIJKLMNOPQRSTUVWXYZ");
        assert_eq!(
            (f.kind, f.ai, f.at),
            (ScanErrorKind::TooLong { max: 20 }, Some("10"), 22)
        );
        let f = fail("0105901234123458");
        assert_eq!((f.kind.code(), f.ai, f.at), ("check_digit", Some("01"), 15));
        let f = fail("10AB CD");
        let space = ScanErrorKind::BadCharacter {
            found: ' ',
            expected: "a character of GS1 set 82",
        };
        assert_eq!((f.kind, f.ai, f.at), (space, Some("10"), 4));
        let f = fail("\u{1d}10AB");
        assert_eq!((f.kind.code(), f.at), ("expected_ai", 0));
        let f = fail("3103001\u{1d}");
        assert_eq!((f.kind.code(), f.at), ("too_short", 7));
    }
}

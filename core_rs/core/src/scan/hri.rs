//! GS1 human-readable interpretation: `(01)09501101020917(17)190508(10)ABCD1234`.
//!
//! White space is ignored (no AI value may contain it).  A value runs to the next
//! `(` that opens a 2–4 digit AI and its `)`, so a `(` inside a batch number survives.

use super::ai::lookup;
use super::element::{parse_exact, refuse_repeated, Context, Element};
use super::error::{Fail, ScanErrorKind};

/// `data` without white space, and where each of its bytes was in `data`.
struct Compact {
    text: String,
    origin: Vec<usize>,
}

impl Compact {
    fn new(data: &str) -> Compact {
        let mut text = String::with_capacity(data.len());
        let mut origin = Vec::with_capacity(data.len() + 1);
        for (at, c) in data.char_indices() {
            if !c.is_whitespace() {
                text.push(c);
                origin.extend(std::iter::repeat_n(at, c.len_utf8()));
            }
        }
        origin.push(data.len());
        Compact { text, origin }
    }

    fn origin(&self, at: usize) -> usize {
        let end = self.origin.last().copied().unwrap_or(0);
        self.origin.get(at).copied().unwrap_or(end)
    }
}

/// The length of `(NN)`/`(NNN)`/`(NNNN)` at the start of `rest`, if it is one.
fn ai_parenthesis(rest: &[u8]) -> Option<usize> {
    if rest.first() != Some(&b'(') {
        return None;
    }
    let digits = rest[1..].iter().take_while(|b| b.is_ascii_digit()).count();
    ((2..=4).contains(&digits) && rest.get(1 + digits) == Some(&b')')).then_some(digits + 2)
}

/// Parse HRI text.  Errors are located by byte offset in `data`.
pub(crate) fn parse(data: &str, context: Context) -> Result<Vec<Element>, Fail> {
    let compact = Compact::new(data);
    let text = compact.text.as_str();
    let bytes = text.as_bytes();
    let mut elements = Vec::with_capacity(4);
    let mut i = 0;
    if bytes.is_empty() {
        return Err(Fail::new(ScanErrorKind::Empty, 0));
    }
    while i < bytes.len() {
        let Some(head) = ai_parenthesis(&bytes[i..]) else {
            let problem = if bytes[i] == b'(' {
                "expected a 2 to 4 digit application identifier and ')'"
            } else {
                "expected '(' and an application identifier"
            };
            return Err(Fail::new(ScanErrorKind::Hri { problem }, compact.origin(i)));
        };
        let code = &text[i + 1..i + head - 1];
        let Some(ai) = lookup(code) else {
            let kind = ScanErrorKind::UnknownAi {
                found: code.to_owned(),
            };
            return Err(Fail::new(kind, compact.origin(i + 1)));
        };
        let start = i + head;
        let end = (start..bytes.len())
            .find(|&k| ai_parenthesis(&bytes[k..]).is_some())
            .unwrap_or(bytes.len());
        let element = parse_exact(ai, &text[start..end], context).map_err(|mut fail| {
            fail.at = compact.origin(start + fail.at);
            fail
        })?;
        refuse_repeated(&elements, &element, compact.origin(i))?;
        elements.push(element);
        i = end;
    }
    Ok(elements)
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

    fn pairs(data: &str) -> Vec<(&'static str, String)> {
        parse(data, context())
            .unwrap()
            .into_iter()
            .map(|e| (e.ai.code, e.value))
            .collect()
    }

    #[test]
    fn parses_hri() {
        assert_eq!(
            pairs("(01)09501101020917(17)190508(10)ABCD1234(21)10"),
            vec![
                ("01", "09501101020917".into()),
                ("17", "190508".into()),
                ("10", "ABCD1234".into()),
                ("21", "10".into())
            ]
        );
        assert_eq!(
            pairs(" (01) 07032069804988 (15)210526 (10)0329 "),
            vec![
                ("01", "07032069804988".into()),
                ("15", "210526".into()),
                ("10", "0329".into())
            ]
        );
        assert_eq!(
            pairs("(10)A(1)B(21)7"),
            vec![("10", "A(1)B".into()), ("21", "7".into())]
        );
    }

    #[test]
    fn says_what_and_where() {
        let fail = |data: &str| parse(data, context()).unwrap_err();
        // "(99x)" is no AI, so it continues the GTIN's value.
        let f = fail("(01)09501101020917(99x)1");
        assert_eq!((f.kind.code(), f.at), ("too_long", 18));
        let f = fail("(01)09501101020917(9)1");
        assert_eq!((f.kind.code(), f.at), ("too_long", 18));
        let f = fail("(1)09501101020917");
        assert_eq!((f.kind.code(), f.at), ("hri", 0));
        let f = fail("(01)09501101020917(23)1");
        assert_eq!((f.kind.code(), f.at), ("unknown_ai", 19));
        let f = fail("(17)251301");
        assert_eq!((f.kind.code(), f.ai, f.at), ("date", Some("17"), 4));
        let f = fail("(01) 0950110102091 8(17)250101");
        assert_eq!((f.kind.code(), f.ai, f.at), ("check_digit", Some("01"), 19));
        let f = fail("01095011010209");
        assert_eq!((f.kind.code(), f.at), ("hri", 0));
    }
}

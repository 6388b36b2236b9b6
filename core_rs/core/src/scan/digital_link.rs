//! GS1 Digital Link URIs (GS1 Digital Link Standard: URI Syntax):
//! `https://any.domain/[prefix/]01/09501101020917/10/ABCD1234/21/10?17=190508`.
//!
//! The path holds one primary key and its qualifiers, in the standard's order; the query
//! holds data attributes keyed by AI.  Query parameters that are not AIs are ignored; for a
//! repeated AI the last value counts.  Keys may be numeric AIs or the standard's short names
//! (`gtin`, `lot`, `ser`, …).  Compressed Digital Link URIs are not supported.

use super::ai::{lookup, Ai};
use super::element::{parse_exact, refuse_repeated, Context, Element};
use super::error::{Fail, ScanErrorKind};

/// Primary keys and the qualifiers each may have, in order.
const PRIMARY_KEYS: &[(&str, &[&str])] = &[
    ("01", &["22", "10", "21", "235"]),
    ("8006", &["22", "10", "21"]),
    ("8013", &[]),
    ("8010", &["8011"]),
    ("414", &["254", "7040"]),
    ("415", &["8020"]),
    ("417", &["7040"]),
    ("8017", &["8019"]),
    ("8018", &["8019"]),
    ("255", &[]),
    ("00", &[]),
    ("253", &[]),
    ("401", &[]),
    ("402", &[]),
    ("8003", &[]),
    ("8004", &["7040"]),
];

/// Short names of path keys (GS1 Digital Link 1.1).
const SHORT_NAMES: &[(&str, &str)] = &[
    ("gtin", "01"),
    ("itip", "8006"),
    ("gmn", "8013"),
    ("cpid", "8010"),
    ("gln", "414"),
    ("payTo", "415"),
    ("partyGln", "417"),
    ("gsrnp", "8017"),
    ("gsrn", "8018"),
    ("gcn", "255"),
    ("sscc", "00"),
    ("gdti", "253"),
    ("ginc", "401"),
    ("gsin", "402"),
    ("grai", "8003"),
    ("giai", "8004"),
    ("cpv", "22"),
    ("lot", "10"),
    ("ser", "21"),
    ("tpx", "235"),
    ("cpsn", "8011"),
    ("glnx", "254"),
    ("uic-ext", "7040"),
    ("refNo", "8020"),
    ("srin", "8019"),
];

fn key_code(segment: &str) -> &str {
    SHORT_NAMES
        .iter()
        .find(|(name, _)| *name == segment)
        .map_or(segment, |&(_, code)| code)
}

fn fail(problem: impl Into<String>, at: usize) -> Fail {
    Fail::new(
        ScanErrorKind::DigitalLink {
            problem: problem.into(),
        },
        at,
    )
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Percent-decode (`+` is a space in the query); malformed escapes stay as they are.
fn decode(text: &str, plus_is_space: bool) -> String {
    if !text
        .bytes()
        .any(|b| b == b'%' || (plus_is_space && b == b'+'))
    {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(high), Some(low)) => {
                    out.push(high * 16 + low);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if plus_is_space => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Parse one element from a decoded `value`; errors point into the URI near `at`.
fn element(
    ai: &'static Ai,
    value: &str,
    at: usize,
    raw_len: usize,
    context: Context,
) -> Result<Element, Fail> {
    parse_exact(ai, value, context).map_err(|mut f| {
        f.at = at + f.at.min(raw_len);
        f
    })
}

/// Whether `data` looks like an http(s) URI (then it is parsed as a Digital Link).
pub(crate) fn is_uri(data: &str) -> bool {
    let b = data.as_bytes();
    let starts =
        |prefix: &[u8]| b.len() >= prefix.len() && b[..prefix.len()].eq_ignore_ascii_case(prefix);
    starts(b"https://") || starts(b"http://")
}

/// Parse a Digital Link URI.  Errors are located by byte offset in `uri`.
pub(crate) fn parse(uri: &str, context: Context) -> Result<Vec<Element>, Fail> {
    let Some(scheme_end) = uri.find("://") else {
        return Err(fail("expected an http:// or https:// URI", 0));
    };
    if !is_uri(uri) {
        return Err(fail("expected an http:// or https:// URI", 0));
    }
    let after = scheme_end + 3;
    let end = uri[after..].find('#').map_or(uri.len(), |i| after + i);
    let (before_query, query_at) = match uri[after..end].find('?') {
        Some(i) => (after + i, Some(after + i + 1)),
        None => (end, None),
    };
    let path_at = uri[after..before_query]
        .find('/')
        .map_or(before_query, |i| after + i);
    let path = &uri[path_at..before_query];

    // Segments of the path with their offsets; skip a path prefix up to the primary key.
    let mut segments = Vec::new();
    let mut offset = path_at;
    for segment in path.split('/') {
        segments.push((segment, offset));
        offset += segment.len() + 1;
    }
    let Some(first) = segments
        .iter()
        .position(|(s, _)| PRIMARY_KEYS.iter().any(|(code, _)| *code == key_code(s)))
    else {
        return Err(fail(
            "no GS1 primary key (01, 00, 414, 8004, …) in the path",
            path_at,
        ));
    };
    let pairs = &segments[first..];
    if pairs.len() % 2 != 0 {
        let (_, at) = pairs[pairs.len() - 1];
        return Err(fail("the path must hold key/value pairs", at));
    }

    let mut elements = Vec::with_capacity(4);
    let (pk_segment, _) = pairs[0];
    let pk_code = key_code(pk_segment);
    let qualifiers = PRIMARY_KEYS
        .iter()
        .find(|(code, _)| *code == pk_code)
        .map_or(&[][..], |&(_, q)| q);
    let mut next_qualifier = 0;
    for (index, pair) in pairs.chunks_exact(2).enumerate() {
        let ((key, key_at), (raw, value_at)) = (pair[0], pair[1]);
        let code = key_code(key);
        if index > 0 {
            match qualifiers[next_qualifier.min(qualifiers.len())..]
                .iter()
                .position(|q| *q == code)
            {
                Some(found) => next_qualifier += found + 1,
                None => {
                    let problem = if qualifiers.is_empty() {
                        format!("primary key {pk_code} takes no qualifier, found {key}")
                    } else {
                        format!(
                            "expected one of the qualifiers {} (in this order) after {pk_code}, found {key}",
                            qualifiers.join(", ")
                        )
                    };
                    return Err(fail(problem, key_at));
                }
            }
        }
        let ai = lookup(code).ok_or_else(|| fail(format!("unknown key {key}"), key_at))?;
        let mut value = decode(raw, false);
        if code == "01" && value.len() < 14 {
            value = format!("{value:0>14}");
        }
        elements.push(element(ai, &value, value_at, raw.len(), context)?);
    }

    if let Some(query_at) = query_at {
        // Data attributes: the last value of each AI, in the order the AIs first appear.
        let mut attributes: Vec<(String, String, usize, usize)> = Vec::new();
        let mut at = query_at;
        for part in uri[query_at..end].split('&') {
            let part_at = at;
            at += part.len() + 1;
            let Some((key, raw)) = part.split_once('=') else {
                continue;
            };
            if raw.is_empty() {
                continue;
            }
            let key = decode(key, true);
            let value = decode(raw, true);
            let value_at = part_at + part.len() - raw.len();
            match attributes.iter_mut().find(|(k, ..)| *k == key) {
                Some(existing) => *existing = (key, value, value_at, raw.len()),
                None => attributes.push((key, value, value_at, raw.len())),
            }
        }
        for (key, value, value_at, raw_len) in attributes {
            if let Some(ai) = lookup(&key) {
                let attribute = element(ai, &value, value_at, raw_len, context)?;
                refuse_repeated(&elements, &attribute, value_at)?;
                elements.push(attribute);
            }
        }
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

    fn pairs(uri: &str) -> Vec<(&'static str, String)> {
        parse(uri, context())
            .unwrap()
            .into_iter()
            .map(|e| (e.ai.code, e.value))
            .collect()
    }

    fn p(list: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
        list.iter().map(|(a, v)| (*a, v.to_string())).collect()
    }

    #[test]
    fn parses_digital_links() {
        assert_eq!(
            pairs("https://id.gs1.org/01/09501101020917/10/ABCD1234/21/10?17=190508"),
            p(&[
                ("01", "09501101020917"),
                ("10", "ABCD1234"),
                ("21", "10"),
                ("17", "190508")
            ])
        );
        assert_eq!(
            pairs("https://id.gs1.org/00/106141412345678908?02=00614141123452&37=25&10=ABC123"),
            p(&[
                ("00", "106141412345678908"),
                ("02", "00614141123452"),
                ("37", "25"),
                ("10", "ABC123")
            ])
        );
        assert_eq!(
            pairs("HTTPS://example.com/shop/gtin/614141123452/lot/A%2FB?3103=000195&x=1&3103=000200#f"),
            p(&[("01", "00614141123452"), ("10", "A/B"), ("3103", "000200")])
        );
        assert!(is_uri("http://x/01/1"));
        assert!(!is_uri("htt://x"));
    }

    #[test]
    fn says_what_is_wrong() {
        let fail = |uri: &str| parse(uri, context()).unwrap_err();
        let f = fail("https://example.com/products/123");
        assert_eq!((f.kind.code(), f.at), ("digital_link", 19));
        let f = fail("https://id.gs1.org/01/09501101020917/21/10/10/AB");
        assert_eq!((f.kind.code(), f.at), ("digital_link", 43));
        let f = fail("https://id.gs1.org/01/09501101020917/10");
        assert_eq!(f.kind.code(), "digital_link");
        let f = fail("https://id.gs1.org/01/09501101020918");
        assert_eq!((f.kind.code(), f.ai, f.at), ("check_digit", Some("01"), 35));
        let f = fail("https://id.gs1.org/01/09501101020917?17=251301");
        assert_eq!((f.kind.code(), f.ai, f.at), ("date", Some("17"), 40));
    }
}

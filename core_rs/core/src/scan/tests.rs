//! The parser end to end: real codes, error messages, and properties.

use proptest::prelude::*;

use super::*;

fn today() -> Date {
    Date::new(2025, 11, 28).unwrap()
}

fn parse(text: &str) -> Result<Scan, ScanError> {
    ScanParser::default().parse(text, today())
}

/// A compact, complete description of a scan for table-driven tests.
fn describe(scan: &Scan) -> String {
    let mut out = String::from(scan.kind().name());
    if let Some(s) = &scan.symbology {
        out += &format!(" {}", s.identifier());
    }
    out += &format!(" key={}", scan.lookup_key().unwrap_or("-"));
    match &scan.interpretation {
        Interpretation::Gtin(g) => out += &format!(" {}", g.format),
        Interpretation::Rcn(r) => {
            out += &format!(
                " {} {}={} item={}",
                r.format,
                r.measure.name(),
                r.value,
                r.item_reference
            )
        }
        Interpretation::Gs1(g) => {
            out += &format!(" {}", g.syntax.name());
            for e in &g.elements {
                out += &format!(" {}={}", e.ai.code, e.value);
                if let Some(d) = e.date {
                    out += &format!("[{d}");
                    if let Some(t) = e.time {
                        out += &format!(" {t}");
                    }
                    out += "]";
                }
                if let Some(d) = e.decimal {
                    out += &format!("[{d}");
                    if let Some(c) = e.currency {
                        out += &format!(" {c}");
                    }
                    out += "]";
                }
            }
        }
        Interpretation::Sscc(_) => {}
        Interpretation::Internal(i) => out += &format!(" {} value={}", i.kind, i.value),
    }
    out
}

fn ok(text: &str) -> String {
    match parse(text) {
        Ok(scan) => describe(&scan),
        Err(e) => panic!("{text:?}: {e}"),
    }
}

fn err(text: &str) -> (String, usize, String) {
    match parse(text) {
        Ok(scan) => panic!("{text:?} parsed as {}", describe(&scan)),
        Err(e) => (e.kind.code().to_owned(), e.position, e.to_string()),
    }
}

#[test]
fn gtins_with_and_without_symbology_identifiers() {
    let cases = [
        ("5901234123457", "gtin key=05901234123457 GTIN-13"),
        ("]E05901234123457", "gtin ]E0 key=05901234123457 GTIN-13"),
        ("  5901234123457\r\n", "gtin key=05901234123457 GTIN-13"),
        ("96385074", "gtin key=00000096385074 GTIN-8"),
        ("]E496385074", "gtin ]E4 key=00000096385074 GTIN-8"),
        ("036000291452", "gtin key=00036000291452 GTIN-12"),
        ("]E0036000291452", "gtin ]E0 key=00036000291452 GTIN-12"),
        ("]E00036000291452", "gtin ]E0 key=00036000291452 GTIN-12"),
        ("15901234123454", "gtin key=15901234123454 GTIN-14"),
        ("]I115901234123454", "gtin ]I1 key=15901234123454 GTIN-14"),
        // UPC-E: 8 digits when valid as UPC-E but not as EAN-8; any form after ]E0.
        ("04252614", "gtin key=00042100005264 UPC-E"),
        ("]E004252614", "gtin ]E0 key=00042100005264 UPC-E"),
        ("]E0425261", "gtin ]E0 key=00042100005264 UPC-E"),
        // EAN-13 with a 2-digit add-on: the add-on is not part of the product code.
        ("]E3590123412345712", "gtin ]E3 key=05901234123457 GTIN-13"),
    ];
    for (text, expected) in cases {
        assert_eq!(ok(text), expected, "{text:?}");
    }
}

#[test]
fn gs1_element_strings_hri_and_digital_links() {
    let cases = [
        // GS1 General Specifications' example, with and without ]C1, in HRI and as a DL.
        (
            "]C101095011010209171719050810ABCD1234\u{1d}2110",
            "gs1 ]C1 key=09501101020917 element_string 01=09501101020917 17=190508[2019-05-08] 10=ABCD1234 21=10",
        ),
        (
            "01095011010209171719050810ABCD1234\u{1d}2110",
            "gs1 key=09501101020917 element_string 01=09501101020917 17=190508[2019-05-08] 10=ABCD1234 21=10",
        ),
        (
            "(01)09501101020917(17)190508(10)ABCD1234(21)10",
            "gs1 key=09501101020917 hri 01=09501101020917 17=190508[2019-05-08] 10=ABCD1234 21=10",
        ),
        (
            "https://id.gs1.org/01/09501101020917/10/ABCD1234/21/10?17=190508",
            "gs1 key=09501101020917 digital_link 01=09501101020917 10=ABCD1234 21=10 17=190508[2019-05-08]",
        ),
        (
            "]Q3https://example.pl/01/09501101020917?17=190508",
            "gs1 ]Q3 key=09501101020917 digital_link 01=09501101020917 17=190508[2019-05-08]",
        ),
        // A variable-measure trade item: weight, best-before with day 00, batch.
        (
            "]C10195901234123450310300125015251200\u{1d}10L-2025/11",
            "gs1 ]C1 key=95901234123450 element_string 01=95901234123450 3103=001250[1.250] 15=251200[2025-12-31] 10=L-2025/11",
        ),
        // GS1 DataMatrix with a leading GS (FNC1 in first position sent as GS).
        (
            "]d2\u{1d}010590123412345721ABC123\u{1d}17270228",
            "gs1 ]d2 key=05901234123457 element_string 01=05901234123457 21=ABC123 17=270228[2027-02-28]",
        ),
        // SSCC label: SSCC, content GTIN, count.
        (
            "]C100373400306809981733020590123412345737120",
            "gs1 ]C1 key=05901234123457 element_string 00=373400306809981733 02=05901234123457 37=120",
        ),
        // biip's examples without a symbology identifier.
        (
            "010703206980498815210526100329",
            "gs1 key=07032069804988 element_string 01=07032069804988 15=210526[2021-05-26] 10=0329",
        ),
        // 8 digits are a GS1 message only with an identifier saying so (without, a GTIN-8).
        (
            "]C115210527",
            "gs1 ]C1 key=- element_string 15=210527[2021-05-27]",
        ),
        // Price with an ISO currency code (985 = PLN) and a date with a time.
        (
            "]C1393298500001999\u{1d}70032512312359",
            "gs1 ]C1 key=- element_string 3932=98500001999[19.99 985] 7003=2512312359[2025-12-31 23:59:00]",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(ok(text), expected, "{text:?}");
    }
}

#[test]
fn sscc_rcn_and_internal_codes() {
    let cases = [
        ("373400306809981733", "sscc key=373400306809981733"),
        ("157035381410375177", "sscc key=157035381410375177"),
        // Polish default: 28 + item 12345 + 1.234 kg; lookup by the zeroed base code.
        (
            "2812345012345",
            "rcn key=02812345000007 GTIN-13 weight=1.234 item=12345",
        ),
        (
            "]E02812345012345",
            "rcn ]E0 key=02812345000007 GTIN-13 weight=1.234 item=12345",
        ),
        // Prefix 20 has no default layout: an ordinary (shop-internal) GTIN.
        ("2000000000015", "gtin key=02000000000015 GTIN-13"),
        ("A-03-2", "internal key=A-03-2 location value=A-03-2"),
        ("]C0T-0042", "internal ]C0 key=T-0042 tote value=T-0042"),
        ("OP-0001", "internal key=OP-0001 badge value=OP-0001"),
        (
            "ZK 18/2026",
            "internal key=ZK 18/2026 order value=ZK 18/2026",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(ok(text), expected, "{text:?}");
    }
}

#[test]
fn errors_say_what_is_wrong_and_where() {
    let cases: [(&str, &str, usize, &str); 15] = [
        ("5901234123458", "check_digit", 12, "GTIN-13 check digit is 8, expected 7"),
        ("]E05901234123458", "check_digit", 15, "GTIN-13 check digit is 8, expected 7"),
        ("]E059012341234", "length", 3, "an EAN-13/UPC code has 6, 7, 8, 12 or 13 digits, not 11"),
        ("]E059012341x3457", "not_a_digit", 11, "character 'x' at position 12 is not a digit"),
        ("]C1010590123412345717251301", "date", 21, "AI 17: 13 is not a month"),
        ("]C1010590123412345717250230", "date", 21, "AI 17: 2025-02 has no day 30"),
        (
            "]C110ABCDEFGHIJKLMNOPQRSTUVWXYZ17251231",
            "too_long",
            25,
            "AI 10: value is longer than 20 characters; it goes on at position 26",
        ),
        (
            "]C1010590123412345723x",
            "unknown_ai",
            19,
            "unknown application identifier 23 at position 20",
        ),
        ("]C10105901234123458", "check_digit", 18, "AI 01: check digit is 8, expected 7"),
        (
            "]C1010590123412345710AB CD",
            "character",
            23,
            "AI 10: character ' ' at position 24 is not allowed here, expected a character of GS1 set 82",
        ),
        ("373400306809981734", "check_digit", 17, "SSCC check digit is 4, expected 3"),
        ("]E1", "symbology", 0, "]E1 is an EAN add-on symbol alone; scan the main barcode"),
        ("]C1\u{1d}", "empty", 3, "the scan is empty"),
        ("hello", "unrecognised", 0, "not a GTIN, GS1 code, SSCC or configured internal code"),
        ("]X", "symbology", 0, "\"]X\" is not a symbology identifier"),
    ];
    for (text, code, position, message) in cases {
        assert_eq!(
            err(text),
            (code.to_owned(), position, message.to_owned()),
            "{text:?}"
        );
    }
    assert_eq!(err("").0, "empty");
    assert_eq!(err(" \u{1d} ").0, "empty");
    assert_eq!(err("]E212345").0, "symbology");
}

#[test]
fn positions_count_characters_not_bytes() {
    let (code, position, _) = err("]C110Łódź");
    assert_eq!((code.as_str(), position), ("character", 5));
}

#[test]
fn configured_separators_and_layouts() {
    let parser = ScanParser::from_json(
        r#"{
            "separators": ["\u001d", "|"],
            "rcn": [{"prefix": "22", "measure": "price", "pattern": "PPPPPPCVVVVV"}],
            "internal": [{"kind": "badge", "regex": "99(?P<value>[0-9]{6})"}]
        }"#,
    )
    .unwrap();
    let scan = parser.parse("]C110AB|17251231", today()).unwrap();
    assert_eq!(scan.batch(), Some("AB"));
    assert_eq!(scan.expiry(), Date::new(2025, 12, 31));
    let scan = parser.parse("99001234", today()).unwrap();
    assert_eq!(describe(&scan), "internal key=99001234 badge value=001234");
    // A German-style price code with a price check digit (GS1 GenSpec §7.9.4).
    let mut code = b"221234614685".to_vec();
    code[6] = b'0' + price_weight_check_digit(&code[7..12]).unwrap();
    code.push(b'0' + gtin::check_digit(&code));
    let scan = parser
        .parse(std::str::from_utf8(&code).unwrap(), today())
        .unwrap();
    assert_eq!(scan.kind(), ScanKind::Rcn);
    assert_eq!(scan.quantity(), None);
    match scan.interpretation {
        Interpretation::Rcn(r) => assert_eq!(
            (r.measure, r.value.to_string()),
            (Measure::Price, "146.85".into())
        ),
        other => panic!("{other:?}"),
    }
    // 28 is no longer a weight prefix in this configuration.
    assert_eq!(
        parser.parse("2812345012345", today()).unwrap().kind(),
        ScanKind::Gtin
    );
}

#[test]
fn config_errors_name_the_setting() {
    let setting = |json: &str| ScanParser::from_json(json).unwrap_err().setting;
    assert_eq!(setting(r#"{"separators": ["-"]}"#), "separators[0]");
    assert_eq!(setting(r#"{"separators": ["||"]}"#), "separators[0]");
    assert_eq!(
        setting(r#"{"rcn": [{"prefix": "28", "measure": "weight", "pattern": "PPP"}]}"#),
        "rcn[0].pattern"
    );
    assert_eq!(
        setting(r#"{"internal": [{"kind": "tote", "regex": "("}]}"#),
        "internal[0].regex"
    );
    assert_eq!(setting(r#"{"verify_dates": "yes"}"#), "verify_dates");
    let message = ScanParser::from_json(r#"{"separators": ["-"]}"#)
        .unwrap_err()
        .to_string();
    assert!(
        message.starts_with("scan configuration, separators[0]: '-' can be part of a GS1 value"),
        "{message}"
    );
}

#[test]
fn accessors() {
    let scan = parse("]C10195901234123450310300125017251231\u{1d}10L1\u{1d}21S-9").unwrap();
    assert_eq!(scan.gtin(), Some("95901234123450"));
    assert_eq!(scan.batch(), Some("L1"));
    assert_eq!(scan.serial(), Some("S-9"));
    assert_eq!(scan.expiry(), Date::new(2025, 12, 31));
    assert_eq!(scan.best_before(), None);
    assert_eq!(
        scan.quantity(),
        Some(Quantity {
            value: Decimal {
                mantissa: 1250,
                scale: 3
            },
            unit: QuantityUnit::Kilogram
        })
    );
    assert_eq!(
        scan.data(),
        "0195901234123450310300125017251231\u{1d}10L1\u{1d}21S-9"
    );
    let gs1 = scan.gs1().unwrap();
    assert_eq!(
        gs1.hri(),
        "(01)95901234123450(3103)001250(17)251231(10)L1(21)S-9"
    );
    assert_eq!(
        gs1.element_string(),
        "019590123412345031030012501725123110L1\u{1d}21S-9"
    );
    let rcn = parse("2812345012345").unwrap();
    assert_eq!(
        rcn.quantity().map(|q| (q.value.to_string(), q.unit.name())),
        Some(("1.234".into(), "kg"))
    );
    let count = parse("]C100373400306809981733020590123412345737120").unwrap();
    assert_eq!(
        count
            .quantity()
            .map(|q| (q.value.to_string(), q.unit.name())),
        Some(("120".into(), "pcs"))
    );
    assert_eq!(count.sscc(), Some("373400306809981733"));
    assert_eq!(count.gtin(), None);
}

#[test]
fn dates_follow_the_window_of_today() {
    let parser = ScanParser::default();
    let expiry = |today: Date| {
        parser
            .parse("]C117760101", today)
            .unwrap()
            .expiry()
            .unwrap()
            .year
    };
    assert_eq!(expiry(Date::new(2025, 1, 1).unwrap()), 1976);
    assert_eq!(expiry(Date::new(2026, 1, 1).unwrap()), 2076);
    let relaxed = ScanParser::from_json(r#"{"verify_dates": false}"#).unwrap();
    let scan = relaxed.parse("]C11700000010AB", today()).unwrap();
    assert_eq!((scan.expiry(), scan.batch()), (None, Some("AB")));
}

// ---- properties ----

fn with_check_digit(payload: &str) -> String {
    format!("{payload}{}", gtin::check_digit(payload.as_bytes()))
}

fn cset82() -> impl Strategy<Value = String> {
    // GS1 character set 82 without '(' (a '(' + digits + ')' inside a value is ambiguous
    // in HRI, where it would open the next AI).
    proptest::string::string_regex("[!\"%&')*+,\\-./0-9:;<=>?A-Z_a-z]{1,20}").unwrap()
}

fn date6() -> impl Strategy<Value = String> {
    (0u8..100, 1u8..=12, 0u8..=28).prop_map(|(y, m, d)| format!("{y:02}{m:02}{d:02}"))
}

fn element() -> impl Strategy<Value = (&'static str, String)> {
    prop_oneof![
        // (A key of zeros only is refused: one non-zero digit.)
        "[0-9]{12}[1-9]".prop_map(|p| ("01", with_check_digit(&p))),
        "[0-9]{12}[1-9]".prop_map(|p| ("02", with_check_digit(&p))),
        "[0-9]{16}[1-9]".prop_map(|p| ("00", with_check_digit(&p))),
        cset82().prop_map(|v| ("10", v)),
        cset82().prop_map(|v| ("21", v)),
        date6().prop_map(|v| ("17", v)),
        date6().prop_map(|v| ("11", v)),
        "[0-9]{6}".prop_map(|v| ("3103", v)),
        "[0-9]{6}".prop_map(|v| ("3922", v)),
        "[0-9]{1,8}".prop_map(|v| ("37", v)),
        ("(985|978|840|203)", "[0-9]{1,15}").prop_map(|(c, v)| ("3932", c + &v)),
        cset82().prop_map(|v| ("400", v)),
    ]
}

fn gs1_elements(scan: &Scan) -> Vec<(String, String, Option<Date>, Option<Decimal>)> {
    scan.elements()
        .iter()
        .map(|e| (e.ai.code.to_owned(), e.value.clone(), e.date, e.decimal))
        .collect()
}

proptest! {
    #[test]
    fn any_valid_gtin_parses_back_to_itself(payload in prop_oneof!["[0-9]{7}", "[0-9]{11}", "[1-9][0-9]{11}", "[1-9][0-9]{12}"]) {
        let code = with_check_digit(&payload);
        let parser = ScanParser::from_json(r#"{"rcn": [], "internal": []}"#).unwrap();
        let scan = parser.parse(&code, today()).unwrap();
        let gtin14 = format!("{code:0>14}");
        prop_assert_eq!(scan.gtin(), Some(gtin14.as_str()));
        prop_assert_eq!(scan.kind(), ScanKind::Gtin);
        // With a wrong check digit it is never accepted as that GTIN.
        let last = code.as_bytes()[code.len() - 1];
        let wrong = format!("{}{}", &code[..code.len() - 1], char::from(b'0' + (last - b'0' + 1) % 10));
        // (8 digits may still be a valid UPC-E, which expands to another GTIN.)
        let other = parser.parse(&wrong, today());
        let wrong14 = format!("{wrong:0>14}");
        prop_assert!(other.map(|s| s.gtin() != Some(wrong14.as_str())).unwrap_or(true));
    }

    #[test]
    fn hri_element_string_and_digital_link_parse_equal(drawn in proptest::collection::vec(element(), 1..5)) {
        // One value per AI (the same AI twice with different values is refused).
        let mut elements: Vec<(&str, String)> = Vec::new();
        for (ai, value) in drawn {
            if elements.iter().all(|(seen, _)| *seen != ai) {
                elements.push((ai, value));
            }
        }
        let mut raw = String::from("]C1");
        let mut hri = String::new();
        for (index, (ai, value)) in elements.iter().enumerate() {
            raw += ai;
            raw += value;
            if ai::lookup(ai).unwrap().fnc1_required && index + 1 < elements.len() {
                raw.push('\u{1d}');
            }
            hri += &format!("({ai}){value}");
        }
        let from_raw = parse(&raw);
        let from_hri = parse(&hri);
        prop_assert_eq!(from_raw.is_ok(), true, "{:?}: {:?}", raw, from_raw);
        let (from_raw, from_hri) = (from_raw.unwrap(), from_hri.unwrap());
        prop_assert_eq!(gs1_elements(&from_raw), gs1_elements(&from_hri));
        prop_assert_eq!(from_raw.gs1().unwrap().hri(), hri);
        // A Digital Link of the same data attributes, keyed by a GTIN.
        let gtin = with_check_digit("590123412345");
        let query: Vec<String> = elements.iter().filter(|(ai, _)| *ai != "01").map(|(ai, v)| {
            let encoded: String = v.bytes().map(|b| if b.is_ascii_alphanumeric() { char::from(b).to_string() } else { format!("%{b:02X}") }).collect();
            format!("{ai}={encoded}")
        }).collect();
        let uri = format!("https://example.pl/01/{gtin}?{}", query.join("&"));
        let from_link = parse(&uri).unwrap();
        let mut expected: Vec<_> = gs1_elements(&from_raw).into_iter().filter(|e| e.0 != "01").collect();
        // The last value of a repeated AI wins, at the place the AI first appeared.
        let mut deduped: Vec<(String, String, Option<Date>, Option<Decimal>)> = Vec::new();
        for e in expected.drain(..) {
            match deduped.iter_mut().find(|d| d.0 == e.0) {
                Some(d) => *d = e,
                None => deduped.push(e),
            }
        }
        let linked = gs1_elements(&from_link);
        prop_assert_eq!(&linked[1..], &deduped[..]);
    }

    #[test]
    fn never_panics(text in "\\PC{0,60}") {
        let _ = parse(&text);
    }

    #[test]
    fn never_panics_on_gs1_like_input(text in "(\\]C1|\\]d2|\\]E0|\\(|)[0-9A-Z\u{1d}()%/?=&.:]{0,60}") {
        let _ = parse(&text);
    }

    #[test]
    fn errors_point_inside_the_text(text in "[0-9A-Za-z\u{1d}()\\]/:. ąę]{0,40}") {
        if let Err(e) = parse(&text) {
            prop_assert!(e.position <= text.chars().count(), "{:?} {:?}", text, e);
        }
    }
}

// ---- issue 11, "Scan parsing": what is refused, and how it is reported ----

/// `(text, code, position, AI, message)`: one row per refusal.
type Refusal = (
    &'static str,
    &'static str,
    usize,
    Option<&'static str>,
    &'static str,
);

fn assert_refusals(rows: &[Refusal]) {
    for &(text, code, position, ai, message) in rows {
        let error = match parse(text) {
            Ok(scan) => panic!("{text:?} parsed as {}", describe(&scan)),
            Err(error) => error,
        };
        assert_eq!(
            (
                error.kind.code(),
                error.position,
                error.ai,
                error.to_string().as_str()
            ),
            (code, position, ai, message),
            "{text:?}"
        );
    }
}

#[test]
fn a_wrong_check_digit_is_reported_never_reread_as_gs1() {
    assert_refusals(&[
        // A STABILO pen's EAN-13 4006381333931 misread: digits 400… are also AI 400 (order
        // number), which once made it a GS1 message without a product.
        (
            "4006381333932",
            "check_digit",
            12,
            None,
            "GTIN-13 check digit is 2, expected 1",
        ),
        (
            "]E04006381333932",
            "check_digit",
            15,
            None,
            "GTIN-13 check digit is 2, expected 1",
        ),
        (
            "]C04006381333932",
            "check_digit",
            15,
            None,
            "GTIN-13 check digit is 2, expected 1",
        ),
        (
            "5901234123458",
            "check_digit",
            12,
            None,
            "GTIN-13 check digit is 8, expected 7",
        ),
        // 10… is AI 10 (batch), 17…/15… dates, 37… a count: all GTINs here.
        (
            "10123456789010",
            "check_digit",
            13,
            None,
            "GTIN-14 check digit is 0, expected 9",
        ),
        (
            "17251231",
            "check_digit",
            7,
            None,
            "GTIN-8 check digit is 1, expected 5",
        ),
        (
            "15210527",
            "check_digit",
            7,
            None,
            "GTIN-8 check digit is 7, expected 4",
        ),
        (
            "036000291453",
            "check_digit",
            11,
            None,
            "GTIN-12 check digit is 3, expected 2",
        ),
        (
            "15901234123455",
            "check_digit",
            13,
            None,
            "GTIN-14 check digit is 5, expected 4",
        ),
        (
            "]I115901234123455",
            "check_digit",
            16,
            None,
            "GTIN-14 check digit is 5, expected 4",
        ),
        // 18 digits: an SSCC (00… or 10… would also be element strings).
        (
            "373400306809981734",
            "check_digit",
            17,
            None,
            "SSCC check digit is 4, expected 3",
        ),
        (
            "106141412345678909",
            "check_digit",
            17,
            None,
            "SSCC check digit is 9, expected 8",
        ),
    ]);
    // With an identifier saying GS1 (or a separator), digits are element strings.
    assert_eq!(
        ok("]C115210527"),
        "gs1 ]C1 key=- element_string 15=210527[2021-05-27]"
    );
    assert_eq!(
        ok("]C110123456789010"),
        "gs1 ]C1 key=- element_string 10=123456789010"
    );
    assert_eq!(
        ok("10ABC\u{1d}15210527"),
        "gs1 key=- element_string 10=ABC 15=210527[2021-05-27]"
    );
}

#[test]
fn keys_of_zeros_only_are_refused() {
    assert_refusals(&[
        (
            "0000000000000",
            "all_zero",
            0,
            None,
            "GTIN-13 is all zeros; it identifies nothing",
        ),
        (
            "]E00000000000000",
            "all_zero",
            3,
            None,
            "GTIN-13 is all zeros; it identifies nothing",
        ),
        (
            "00000000",
            "all_zero",
            0,
            None,
            "GTIN-8 is all zeros; it identifies nothing",
        ),
        (
            "]E000000000",
            "all_zero",
            3,
            None,
            "UPC-E is all zeros; it identifies nothing",
        ),
        (
            "000000000000",
            "all_zero",
            0,
            None,
            "GTIN-12 is all zeros; it identifies nothing",
        ),
        (
            "00000000000000",
            "all_zero",
            0,
            None,
            "GTIN-14 is all zeros; it identifies nothing",
        ),
        (
            "000000000000000000",
            "all_zero",
            0,
            None,
            "SSCC is all zeros; it identifies nothing",
        ),
        (
            "]C10100000000000000",
            "all_zero",
            5,
            Some("01"),
            "AI 01: the key is all zeros; it identifies nothing",
        ),
        (
            "(00)000000000000000000",
            "all_zero",
            4,
            Some("00"),
            "AI 00: the key is all zeros; it identifies nothing",
        ),
        (
            "https://id.gs1.org/01/0",
            "all_zero",
            22,
            Some("01"),
            "AI 01: the key is all zeros; it identifies nothing",
        ),
    ]);
}

#[test]
fn the_same_ai_twice_needs_the_same_value() {
    assert_refusals(&[
        (
            "]C1010590123412345710A\u{1d}10B",
            "repeated_ai",
            23,
            Some("10"),
            "AI 10: given twice with different values (again at position 24)",
        ),
        (
            "0105901234123457\u{1d}0105901234123464",
            "repeated_ai",
            17,
            Some("01"),
            "AI 01: given twice with different values (again at position 18)",
        ),
        (
            "(01)05901234123457(17)251231(17)261231",
            "repeated_ai",
            28,
            Some("17"),
            "AI 17: given twice with different values (again at position 29)",
        ),
        (
            "https://id.gs1.org/01/09501101020917/10/ABC?10=XYZ",
            "repeated_ai",
            47,
            Some("10"),
            "AI 10: given twice with different values (again at position 48)",
        ),
    ]);
    // The same value twice is the same statement: accepted.
    assert_eq!(
        ok("]C1010590123412345710A\u{1d}10A"),
        "gs1 ]C1 key=05901234123457 element_string 01=05901234123457 10=A 10=A"
    );
}

#[test]
fn empty_values_and_unknown_currencies_are_refused() {
    assert_refusals(&[
        (
            "]C1010590123412345730",
            "empty_value",
            21,
            Some("30"),
            "AI 30: the value at position 22 is empty",
        ),
        (
            "]C130\u{1d}10A",
            "empty_value",
            5,
            Some("30"),
            "AI 30: the value at position 6 is empty",
        ),
        (
            "(30)(10)A",
            "empty_value",
            4,
            Some("30"),
            "AI 30: the value at position 5 is empty",
        ),
        (
            "]C17004",
            "empty_value",
            7,
            Some("7004"),
            "AI 7004: the value at position 8 is empty",
        ),
        (
            "]C13932123000019999",
            "currency",
            7,
            Some("3932"),
            "AI 3932: 123 at position 8 is not an ISO 4217 currency code",
        ),
        (
            "3912000100",
            "currency",
            4,
            Some("3912"),
            "AI 3912: 000 at position 5 is not an ISO 4217 currency code",
        ),
        (
            "(01)05901234123457(3932)11100001999",
            "currency",
            24,
            Some("3932"),
            "AI 3932: 111 at position 25 is not an ISO 4217 currency code",
        ),
    ]);
    assert_eq!(
        ok("]C10105901234123457300\u{1d}3932978000199"),
        "gs1 ]C1 key=05901234123457 element_string 01=05901234123457 30=0 3932=978000199[1.99 978]"
    );
}

#[test]
fn key_ais_with_a_wrong_check_digit_say_so() {
    assert_refusals(&[
        // GLN of the ship-to location, GDTI, GRAI, GSIN, GIAI-less: without an identifier.
        (
            "4145901234123458",
            "check_digit",
            15,
            Some("414"),
            "AI 414: check digit is 8, expected 7",
        ),
        (
            "4105901234123458",
            "check_digit",
            15,
            Some("410"),
            "AI 410: check digit is 8, expected 7",
        ),
        (
            "2535901234123458A1",
            "check_digit",
            15,
            Some("253"),
            "AI 253: check digit is 8, expected 7",
        ),
        (
            "800305901234123458X",
            "check_digit",
            17,
            Some("8003"),
            "AI 8003: check digit is 8, expected 7",
        ),
        (
            "]C140259012341234567894",
            "check_digit",
            22,
            Some("402"),
            "AI 402: check digit is 4, expected 5",
        ),
        (
            "0205901234123458\u{1d}3712",
            "check_digit",
            15,
            Some("02"),
            "AI 02: check digit is 8, expected 7",
        ),
    ]);
}

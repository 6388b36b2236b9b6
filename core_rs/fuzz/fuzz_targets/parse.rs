//! The scan parser must not panic on any input, must locate every error inside the text,
//! and a GS1 message it read must read back the same from its own element string.
//!
//! Input: two bytes choose "today" (the two-digit-year window), the rest is the scan text
//! (invalid UTF-8 replaced), parsed with the default and with a custom configuration.
#![no_main]

use std::sync::OnceLock;

use kolektor_core::scan::{Date, ScanParser};
use libfuzzer_sys::fuzz_target;

fn parsers() -> &'static [ScanParser; 2] {
    static PARSERS: OnceLock<[ScanParser; 2]> = OnceLock::new();
    PARSERS.get_or_init(|| {
        let custom = ScanParser::from_json(
            r#"{
                "separators": ["\u001d", "|", "¦"],
                "verify_dates": false,
                "rcn": [
                    {"prefix": "22", "measure": "price", "pattern": "PPPPPPCVVVVV"},
                    {"prefix": "02", "measure": "count", "pattern": "PPPPPPPPVVVV"},
                    {"prefix": "20", "measure": "weight", "pattern": "PPPPPPPCVVVV", "verify_check_digit": false}
                ],
                "internal": [{"kind": "badge", "regex": "99(?P<value>[0-9]{6})"}]
            }"#,
        )
        .expect("valid configuration");
        [ScanParser::default(), custom]
    })
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let today = Date {
        year: 1900 + i32::from(data[0]) * 2,
        month: 1 + data[1] % 12,
        day: 1 + (data[1] / 12) % 28,
    };
    let text = String::from_utf8_lossy(&data[2..]);
    for parser in parsers() {
        match parser.parse(&text, today) {
            Ok(scan) => {
                assert_eq!(scan.text(), text);
                let _ = (scan.lookup_key(), scan.quantity(), scan.expiry(), scan.data());
                if let Some(gs1) = scan.gs1() {
                    let again = format!("]C1{}", gs1.element_string());
                    let reread = parser
                        .parse(&again, today)
                        .unwrap_or_else(|e| panic!("{again:?}: {e}"));
                    assert_eq!(reread.elements(), scan.elements(), "{again:?}");
                    let _ = gs1.hri();
                }
            }
            Err(error) => {
                assert!(error.position <= text.chars().count(), "{error:?}");
                let _ = error.to_string();
            }
        }
    }
});

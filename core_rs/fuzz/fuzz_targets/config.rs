//! Any configuration JSON is either refused with a `ConfigError` or gives a parser that
//! reads the usual scans without panicking.
#![no_main]

use kolektor_core::scan::{Date, ScanParser};
use libfuzzer_sys::fuzz_target;

const SCANS: &[&str] = &[
    "5901234123457",
    "2812345012345",
    "]C101095011010209171719050810ABCD1234\u{1d}2110",
    "https://id.gs1.org/01/09501101020917/10/ABCD1234?17=190508",
    "A-03-2",
    "ZK 18/2026",
];

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else {
        return;
    };
    match ScanParser::from_json(json) {
        Ok(parser) => {
            let today = Date { year: 2025, month: 11, day: 28 };
            for scan in SCANS {
                let _ = parser.parse(scan, today);
            }
        }
        Err(error) => {
            let _ = error.to_string();
        }
    }
});

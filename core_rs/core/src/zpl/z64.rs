//! `:B64:` and `:Z64:` graphic data: base64 text, optionally of zlib-deflated bytes,
//! followed by a CRC of the base64 text.
//!
//! Form: `:Z64:<base64 of the zlib stream>:<crc>` or `:B64:<base64 of the bytes>:<crc>`,
//! where `<crc>` is four hex digits of **CRC-16/XMODEM** (polynomial 0x1021, initial value
//! 0, no reflection, no final XOR) computed over the base64 text, and the printer rejects
//! the field when it does not match.
//!
//! The variant was checked against fields written by Zebra's own ZebraDesigner and sent to
//! Zebra printers (a ZT420 at 203 dpi among them), e.g. `:Z64:eJxjYBhkgLEBgampdpACAIKcAwc=:D425`;
//! zebrafy's earlier reflected 0x8408 / 0xFFFF variant gives `D780` for that text, and
//! its issue #17 reports such fields silently refused by a ZD420 while XMODEM printed.

use std::io::{Read, Write};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use flate2::read::ZlibDecoder;
use flate2::write::ZlibEncoder;
use flate2::Compression;

use super::ZplError;

/// The zlib level used for Z64: 3.  On a whole 4 × 6 in label at 203 dpi (the image of
/// `bench/zpl.py`, threshold) levels 1 / 3 / 6 / 9 take 0.17 / 0.52 / 0.79 / 1.9 ms and
/// give 10.0 / 5.4 / 4.7 / 4.6 kB of base64: level 3 is half the size of level 1 and
/// within 15 % of level 6 at two thirds of its time (`docs/zpl.md`).
pub const ZLIB_LEVEL: u32 = 3;

const fn crc_table() -> [u16; 256] {
    let mut table = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = (i as u16) << 8;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
            bit += 1;
        }
        table[i] = crc;
        i += 1;
    }
    table
}

static CRC_TABLE: [u16; 256] = crc_table();

/// CRC-16/XMODEM of `data`.
///
/// ```
/// use kolektor_core::zpl::z64::crc16;
/// assert_eq!(crc16(b"123456789"), 0x31C3); // the catalogue's check value
/// assert_eq!(crc16(b"eJxjYBhkgLEBgampdpACAIKcAwc="), 0xD425);
/// ```
pub fn crc16(data: &[u8]) -> u16 {
    data.iter().fold(0u16, |crc, &byte| {
        (crc << 8) ^ CRC_TABLE[usize::from((crc >> 8) as u8 ^ byte)]
    })
}

fn push_crc(out: &mut String, start: usize) {
    let crc = crc16(&out.as_bytes()[start..]);
    out.push(':');
    out.push_str(&format!("{crc:04X}"));
}

/// Append `:Z64:<base64(zlib(raw))>:<crc>`.
pub fn encode_z64(raw: &[u8], level: u32, out: &mut String) {
    let mut encoder = ZlibEncoder::new(
        Vec::with_capacity(raw.len() / 8 + 64),
        Compression::new(level),
    );
    encoder
        .write_all(raw)
        .expect("writing to a Vec cannot fail");
    let deflated = encoder.finish().expect("writing to a Vec cannot fail");
    out.push_str(":Z64:");
    let start = out.len();
    STANDARD.encode_string(&deflated, out);
    push_crc(out, start);
}

/// Append `:B64:<base64(raw)>:<crc>`.
pub fn encode_b64(raw: &[u8], out: &mut String) {
    out.push_str(":B64:");
    let start = out.len();
    STANDARD.encode_string(raw, out);
    push_crc(out, start);
}

/// Decode `:Z64:…:crc` or `:B64:…:crc` data that must give exactly `total` bytes.
pub fn decode(data: &str, total: usize) -> Result<Vec<u8>, ZplError> {
    let (kind, rest) = data.split_at(5.min(data.len()));
    let compressed = match kind {
        ":Z64:" => true,
        ":B64:" => false,
        _ => {
            return Err(ZplError::decode(
                "the data does not start with :Z64: or :B64:",
            ))
        }
    };
    let name = &kind[1..4];
    let (text, stated) = rest.rsplit_once(':').ok_or_else(|| {
        ZplError::decode(format!(
            "{name} data has no CRC (it must end with ':' and four hex digits)"
        ))
    })?;
    let text: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let stated = stated.trim();
    let stated_value = (stated.len() == 4)
        .then(|| u16::from_str_radix(stated, 16).ok())
        .flatten()
        .ok_or_else(|| ZplError::decode(format!("{name} CRC {stated:?} is not four hex digits")))?;
    let computed = crc16(text.as_bytes());
    if computed != stated_value {
        return Err(ZplError::Crc {
            stated: stated.to_string(),
            computed,
        });
    }
    let bytes = STANDARD
        .decode(text.as_bytes())
        .map_err(|e| ZplError::decode(format!("{name} data is not valid base64: {e}")))?;
    let raw = if compressed {
        let mut raw = Vec::with_capacity(total);
        ZlibDecoder::new(&bytes[..])
            .take(total as u64 + 1)
            .read_to_end(&mut raw)
            .map_err(|e| ZplError::decode(format!("Z64 data is not a valid zlib stream: {e}")))?;
        raw
    } else {
        bytes
    };
    if raw.len() != total {
        let held = if raw.len() > total {
            format!("more than {total}")
        } else {
            raw.len().to_string()
        };
        return Err(ZplError::decode(format!(
            "{name} data holds {held} bytes, c says {total}"
        )));
    }
    Ok(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Z64 fields written by ZebraDesigner (Zebra's label software) and printed by Zebra
    /// printers, as found in public code that sends them to the printer: text, CRC and
    /// the c of their ^GFA.
    const ZEBRADESIGNER: [(&str, &str, usize); 3] = [
        ("eJxjYBhkgLEBgampdpACAIKcAwc=", "D425", 384),
        ("eJxjYBgAwNiAwNRUSwYAAFO1Awc=", "11A8", 256),
        ("eJxjYKAzYGxAYGqqJRMAAF/NAwc=", "F6A2", 256),
    ];

    #[test]
    fn crc_matches_printer_accepted_fields() {
        for (text, crc, total) in ZEBRADESIGNER {
            assert_eq!(format!("{:04X}", crc16(text.as_bytes())), crc);
            let raw = decode(&format!(":Z64:{text}:{crc}"), total).unwrap();
            assert_eq!(raw.len(), total);
        }
    }

    #[test]
    fn round_trip_and_rejection() {
        let raw: Vec<u8> = (0..1000u32).map(|i| (i * i % 251) as u8).collect();
        for z in [true, false] {
            let mut out = String::new();
            if z {
                encode_z64(&raw, ZLIB_LEVEL, &mut out);
            } else {
                encode_b64(&raw, &mut out);
            }
            assert_eq!(decode(&out, raw.len()).unwrap(), raw);
            // Change one base64 character: the CRC no longer matches.
            let mut bad = out.clone().into_bytes();
            bad[10] = if bad[10] == b'A' { b'B' } else { b'A' };
            let error = decode(std::str::from_utf8(&bad).unwrap(), raw.len()).unwrap_err();
            assert!(matches!(error, ZplError::Crc { .. }), "{error}");
        }
    }

    #[test]
    fn messages() {
        let message = |data: &str, total| decode(data, total).unwrap_err().to_string();
        assert_eq!(
            message(":Z64:eJxjYBhkgLEBgampdpACAIKcAwc=:D426", 384),
            "cannot decode ^GF: CRC mismatch: the field says D426, the data gives D425 \
             (CRC-16/XMODEM of the base64 text); the data was changed or cut"
        );
        assert_eq!(
            message(":Z64:eJxjYBhkgLEBgampdpACAIKcAwc=", 384),
            "cannot decode ^GF: Z64 data has no CRC (it must end with ':' and four hex digits)"
        );
        assert_eq!(
            message(":Z64:eJxjYBhkgLEBgampdpACAIKcAwc=:D425", 100),
            "cannot decode ^GF: Z64 data holds more than 100 bytes, c says 100"
        );
        assert_eq!(
            message(":Z64:eJxjYBhkgLEBgampdpACAIKcAwc=:D425", 400),
            "cannot decode ^GF: Z64 data holds 384 bytes, c says 400"
        );
        assert_eq!(
            message(":B64:AAAA:XYZ1", 3),
            "cannot decode ^GF: B64 CRC \"XYZ1\" is not four hex digits"
        );
    }
}

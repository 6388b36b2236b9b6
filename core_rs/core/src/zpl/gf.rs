//! The `^GFA` command: a bitmap written into a label, and read back.
//!
//! `^GFA,b,c,d,data` — `c` is the bitmap's size in bytes (rows × `d`), `d` the bytes per
//! row (`ceil(width / 8)`), and for ASCII data (`A`) `b` equals `c` (the ZPL guide: "for
//! ASCII download, the parameter should match parameter c"; ZebraDesigner writes `b = c`
//! for Z64 too).  The data is one of:
//!
//! | encoding | data | use |
//! |---|---|---|
//! | [`GraphicEncoding::Z64`] | `:Z64:<base64 of zlib>:<crc>` | the smallest; every current Zebra firmware |
//! | [`GraphicEncoding::Acs`] | ACS-compressed hex | the most compatible (old firmware, other brands' ZPL emulations) |
//! | [`GraphicEncoding::B64`] | `:B64:<base64>:<crc>` | uncompressed base64; rarely useful |
//! | [`GraphicEncoding::Hex`] | plain hex | uncompressed; for debugging |
//!
//! The ZPL guide gives 1–99999 for `b` and `c`; [`encode_graphic`] writes what it is given,
//! and the label builder splits larger images into bands (see `label.rs`).

use super::acs;
use super::graphic::Bitmap;
use super::z64;
use super::ZplError;

/// How the bitmap is written in `^GFA`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum GraphicEncoding {
    /// `:Z64:` — zlib + base64 + CRC.
    #[default]
    Z64,
    /// ACS-compressed ASCII hex.
    Acs,
    /// `:B64:` — base64 + CRC, uncompressed.
    B64,
    /// Plain ASCII hex, uncompressed.
    Hex,
}

impl GraphicEncoding {
    /// The encoding for its name: `z64`, `acs`, `b64` or `hex` (either case).
    pub fn from_name(name: &str) -> Result<GraphicEncoding, ZplError> {
        match name.to_ascii_lowercase().as_str() {
            "z64" => Ok(GraphicEncoding::Z64),
            "acs" => Ok(GraphicEncoding::Acs),
            "b64" => Ok(GraphicEncoding::B64),
            "hex" => Ok(GraphicEncoding::Hex),
            _ => Err(ZplError::invalid(format!(
                "graphic encoding {name:?} is not one of z64, acs, b64, hex"
            ))),
        }
    }

    /// The lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            GraphicEncoding::Z64 => "z64",
            GraphicEncoding::Acs => "acs",
            GraphicEncoding::B64 => "b64",
            GraphicEncoding::Hex => "hex",
        }
    }
}

/// Append `^GFA,c,c,d,<data>` for the bitmap.
pub fn write_graphic(bitmap: &Bitmap, encoding: GraphicEncoding, out: &mut String) {
    let c = bitmap.bits().len();
    let d = bitmap.bytes_per_row();
    out.push_str(&format!("^GFA,{c},{c},{d},"));
    match encoding {
        GraphicEncoding::Z64 => z64::encode_z64(bitmap.bits(), z64::ZLIB_LEVEL, out),
        GraphicEncoding::B64 => z64::encode_b64(bitmap.bits(), out),
        GraphicEncoding::Acs => acs::encode(bitmap, out),
        GraphicEncoding::Hex => acs::encode_plain(bitmap, out),
    }
}

/// `^GFA,c,c,d,<data>` for the bitmap.
///
/// ```
/// use kolektor_core::zpl::{encode_graphic, Bitmap, GraphicEncoding};
/// let bitmap = Bitmap::from_packed(16, 2, vec![0xff, 0x00, 0xff, 0x00]).unwrap();
/// assert_eq!(encode_graphic(&bitmap, GraphicEncoding::Acs), "^GFA,4,4,2,FF,:");
/// assert_eq!(encode_graphic(&bitmap, GraphicEncoding::Hex), "^GFA,4,4,2,FF00FF00");
/// ```
pub fn encode_graphic(bitmap: &Bitmap, encoding: GraphicEncoding) -> String {
    let mut out = String::with_capacity(32 + bitmap.bits().len() / 4);
    write_graphic(bitmap, encoding, &mut out);
    out
}

/// A decoded `^GFA`: its bitmap (as wide as `d × 8`; a graphic field does not say how
/// many of the last byte's bits are used) and the encoding it was written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphicField {
    pub bitmap: Bitmap,
    pub encoding: GraphicEncoding,
}

fn parse_count(name: &str, text: &str, meaning: &str) -> Result<usize, ZplError> {
    text.trim()
        .parse::<usize>()
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| {
            ZplError::decode(format!(
                "{name} ({meaning}) is {:?}, not a positive whole number",
                text.trim()
            ))
        })
}

/// Decode the `^GF` command that starts `command` (at `^GF`) and runs to the next `^` or
/// `~` or the end.
fn decode_one(command: &str) -> Result<GraphicField, ZplError> {
    let body = &command[3..];
    let end = body.find(['^', '~']).unwrap_or(body.len());
    let body = &body[..end];
    let mut parts = body.splitn(5, ',');
    let format = parts.next().unwrap_or_default().trim();
    match format {
        "A" | "a" => {}
        "B" | "b" | "C" | "c" => {
            return Err(ZplError::decode(format!(
                "^GF{format} (binary) is not supported, only ^GFA (ASCII hex, ACS, B64, Z64)"
            )))
        }
        other => {
            return Err(ZplError::decode(format!(
                "format {other:?} is not A, B or C"
            )))
        }
    }
    let (Some(b), Some(c), Some(d), Some(data)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ZplError::decode(
            "^GFA needs four parameters and data: ^GFA,b,c,d,data",
        ));
    };
    let b = parse_count("b", b, "bytes transmitted")?;
    let c = parse_count("c", c, "bitmap bytes")?;
    let d = parse_count("d", d, "bytes per row")?;
    if c % d != 0 {
        return Err(ZplError::decode(format!(
            "c ({c}) is not a multiple of d ({d}): the rows would not be whole"
        )));
    }
    if b != c {
        return Err(ZplError::decode(format!(
            "b ({b}) must equal c ({c}) for ^GFA (the ZPL guide: for ASCII data b matches c)"
        )));
    }
    let rows = c / d;
    if d * 8 > super::graphic::MAX_DOTS || rows > super::graphic::MAX_DOTS {
        return Err(ZplError::decode(format!(
            "{} × {rows} dots is larger than a label can be ({} dots)",
            d * 8,
            super::graphic::MAX_DOTS
        )));
    }
    let data = data.trim();
    let (bits, encoding) = if data.starts_with(":Z64:") {
        (z64::decode(data, c)?, GraphicEncoding::Z64)
    } else if data.starts_with(":B64:") {
        (z64::decode(data, c)?, GraphicEncoding::B64)
    } else {
        let plain = data
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || b.is_ascii_whitespace());
        let encoding = if plain {
            GraphicEncoding::Hex
        } else {
            GraphicEncoding::Acs
        };
        (acs::decode(data, d, c)?, encoding)
    };
    Ok(GraphicField {
        bitmap: Bitmap::from_packed(d * 8, rows, bits)?,
        encoding,
    })
}

fn starts(zpl: &str) -> impl Iterator<Item = usize> + '_ {
    zpl.as_bytes()
        .windows(3)
        .enumerate()
        .filter(|(_, w)| {
            w[0] == b'^' && w[1].eq_ignore_ascii_case(&b'G') && w[2].eq_ignore_ascii_case(&b'F')
        })
        .map(|(i, _)| i)
}

/// Decode the first `^GF` command in `zpl` (a bare `^GFA,…` or a whole label).
///
/// ```
/// use kolektor_core::zpl::decode_graphic;
/// let field = decode_graphic("^XA^FO0,0^GFA,4,4,2,FF,:^FS^XZ").unwrap();
/// assert_eq!((field.bitmap.width(), field.bitmap.height()), (16, 2));
/// assert!(field.bitmap.pixel(7, 1) && !field.bitmap.pixel(8, 1));
/// ```
pub fn decode_graphic(zpl: &str) -> Result<GraphicField, ZplError> {
    let start = starts(zpl)
        .next()
        .ok_or_else(|| ZplError::decode("there is no ^GF command"))?;
    decode_one(&zpl[start..])
}

/// Decode every `^GF` command in `zpl`, in order; errors name the field (1-based).
pub fn decode_graphics(zpl: &str) -> Result<Vec<GraphicField>, ZplError> {
    starts(zpl)
        .enumerate()
        .map(|(k, start)| {
            decode_one(&zpl[start..]).map_err(|e| match e {
                ZplError::Decode(message) => {
                    ZplError::Decode(format!("graphic field {}: {message}", k + 1))
                }
                other => other,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn validates_the_counts() {
        let message = |zpl: &str| decode_graphic(zpl).unwrap_err().to_string();
        assert_eq!(
            message("^XA^XZ"),
            "cannot decode ^GF: there is no ^GF command"
        );
        assert_eq!(
            message("^GFA,4,4,3,FFFFFF"),
            "cannot decode ^GF: c (4) is not a multiple of d (3): the rows would not be whole"
        );
        assert_eq!(
            message("^GFA,8,4,2,FFFF"),
            "cannot decode ^GF: b (8) must equal c (4) for ^GFA (the ZPL guide: for ASCII \
             data b matches c)"
        );
        assert_eq!(
            message("^GFA,4,4,x,FFFF"),
            "cannot decode ^GF: d (bytes per row) is \"x\", not a positive whole number"
        );
        assert_eq!(
            message("^GFA,4,4,0,FFFF"),
            "cannot decode ^GF: d (bytes per row) is \"0\", not a positive whole number"
        );
        assert_eq!(
            message("^GFB,4,4,2,...."),
            "cannot decode ^GF: ^GFB (binary) is not supported, only ^GFA (ASCII hex, ACS, B64, Z64)"
        );
        assert_eq!(
            message("^GFA,4,4"),
            "cannot decode ^GF: ^GFA needs four parameters and data: ^GFA,b,c,d,data"
        );
    }

    #[test]
    fn a_zebradesigner_field_decodes() {
        let field = decode_graphic(
            "^FO256,544^GFA,00384,00384,00004,:Z64:\neJxjYBhkgLEBgampdpACAIKcAwc=:D425\n^FS",
        )
        .unwrap();
        assert_eq!(field.encoding, GraphicEncoding::Z64);
        assert_eq!((field.bitmap.width(), field.bitmap.height()), (32, 96));
    }

    #[test]
    fn several_fields_in_a_label() {
        let zpl = "^XA^FO0,0^GFA,2,2,1,F0,^FS^FO0,10^GFA,2,2,1,,0F^FS^XZ";
        let fields = decode_graphics(zpl).unwrap();
        assert_eq!(fields.len(), 2);
        assert_eq!(
            decode_graphics(
                zpl.replace("0F^FS^XZ", "0F^FS^FO0,20^GFA,2,2,1,Q^FS^XZ")
                    .as_str()
            )
            .unwrap_err()
            .to_string(),
            "cannot decode ^GF: graphic field 3: the data ends with a repeat count"
        );
    }

    proptest! {
        #[test]
        fn every_encoding_round_trips(
            (width, height, bits) in (1usize..90, 1usize..20).prop_flat_map(|(w, h)| {
                let d = w.div_ceil(8);
                let byte = prop_oneof![Just(0u8), Just(0xffu8), Just(0x0fu8), any::<u8>()];
                (Just(w), Just(h), prop::collection::vec(byte, d * h))
            })
        ) {
            let bitmap = Bitmap::from_packed(width, height, bits).unwrap();
            for encoding in [GraphicEncoding::Z64, GraphicEncoding::Acs, GraphicEncoding::B64, GraphicEncoding::Hex] {
                let zpl = encode_graphic(&bitmap, encoding);
                let field = decode_graphic(&zpl).unwrap();
                prop_assert_eq!(field.bitmap.bits(), bitmap.bits());
                prop_assert_eq!(field.bitmap.height(), height);
                prop_assert_eq!(field.bitmap.width(), bitmap.bytes_per_row() * 8);
                prop_assert!(!zpl[4..].contains('^') && !zpl.contains('~'));
                // ACS output without any run, fill or repeat is plain hex, and reads as such.
                let same = field.encoding == encoding
                    || (encoding == GraphicEncoding::Acs && field.encoding == GraphicEncoding::Hex);
                prop_assert!(same, "{:?} read back as {:?}", encoding, field.encoding);
            }
        }
    }
}

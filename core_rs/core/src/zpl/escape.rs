//! Writing user data into `^FD` field data so that it cannot break out of its field.
//!
//! In a ZPL stream `^` starts a format command (so `^FS`, `^XZ` … inside data would end the
//! field or the label) and `~` starts a control command that the printer runs the moment
//! it reads it (`~JR` resets the printer).  Neither may ever appear raw in field data.
//!
//! The rules, the same for every field:
//!
//! * `^`, `~`, the hex indicator `_`, `\`, the C0 control characters and DEL are written
//!   as `_XX` (two upper-case hex digits of the byte) and the field gets `^FH_`, which
//!   tells the printer to turn `_XX` back into the byte.  A field gets `^FH_` exactly when
//!   its data needs an escape.
//! * Everything else — printable ASCII and all non-ASCII characters — is written raw as
//!   UTF-8; labels start with `^CI28`, so the printer reads field data as UTF-8 and Polish
//!   letters (ą ć ę ł ń ó ś ź ż) print as they are.  UTF-8 never contains the bytes of `^`
//!   or `~` inside a multi-byte character, so raw UTF-8 is safe.
//! * Inside a field block (`^FB`) a line break is ZPL's `\&` and a backslash is `\\`
//!   (ZPL's own escapes there; they mean the same whether the printer applies `^FH`
//!   before or after the block's escapes).
//!
//! Barcodes have their own rules on top (Code 128 invocation codes, the DataMatrix escape
//! character); see [`super::code128`] and [`datamatrix_data`].

use super::ZplError;

/// The `^FH` hex indicator used by text and QR fields.
pub const HEX_INDICATOR: char = '_';

/// The `^FH` hex indicator used by DataMatrix fields, whose `^BX` escape character is `_`
/// (the two must differ; ZPL applies `^FH` first, then the DataMatrix escapes).
pub const DATAMATRIX_HEX_INDICATOR: char = '\\';

/// The DataMatrix escape character, written explicitly as the 7th `^BX` parameter: `_1` is
/// FNC1, `__` a literal underscore.
pub const DATAMATRIX_ESCAPE: char = '_';

/// Field data ready to be written after `^FD`, and whether it needs `^FH`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldData {
    /// The escaped data.
    pub data: String,
    /// True when the data contains hex escapes, so the field must be preceded by `^FH`.
    pub hex: bool,
}

impl FieldData {
    /// `^FH<indicator>` when needed, then `^FD<data>`.
    pub(crate) fn write_fd(&self, indicator: char, out: &mut String) {
        if self.hex {
            out.push_str("^FH");
            out.push(indicator);
        }
        out.push_str("^FD");
        out.push_str(&self.data);
    }
}

fn is_control(c: char) -> bool {
    (c as u32) < 0x20 || c == '\x7f'
}

fn push_hex(out: &mut String, indicator: char, byte: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push(indicator);
    out.push(HEX[usize::from(byte >> 4)] as char);
    out.push(HEX[usize::from(byte & 0x0f)] as char);
}

/// Escape `text` for a text field; `in_block` when the field has a `^FB` field block.
///
/// ```
/// use kolektor_core::zpl::escape::text_data;
/// let field = text_data("50% ^XZ~JR_x", false);
/// assert_eq!(field.data, "50% _5EXZ_7EJR_5Fx");
/// assert!(field.hex);
/// assert_eq!(text_data("Łódź, ul. Piotrkowska 1", false).data, "Łódź, ul. Piotrkowska 1");
/// assert_eq!(text_data("a\\b\nc", true).data, "a\\\\b\\&c");
/// ```
pub fn text_data(text: &str, in_block: bool) -> FieldData {
    let mut data = String::with_capacity(text.len() + 8);
    let mut hex = false;
    for c in text.chars() {
        match c {
            '\n' if in_block => data.push_str("\\&"),
            '\\' if in_block => data.push_str("\\\\"),
            '^' | '~' | '_' | '\\' => {
                push_hex(&mut data, HEX_INDICATOR, c as u8);
                hex = true;
            }
            c if is_control(c) => {
                push_hex(&mut data, HEX_INDICATOR, c as u8);
                hex = true;
            }
            c => data.push(c),
        }
    }
    FieldData { data, hex }
}

/// The text a printer prints for field data written by [`text_data`]: `_XX` escapes
/// become their bytes, and inside a block `\&` becomes a line break and `\\` a backslash.
///
/// Used by tests (and by anyone reading labels back); an escape [`text_data`] never writes
/// is an error.
pub fn unescape_text_data(data: &str, in_block: bool) -> Result<String, ZplError> {
    let bytes = data.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'_' => {
                let byte = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| {
                        ZplError::invalid(format!("bad hex escape at byte {i} of {data:?}"))
                    })?;
                out.push(byte);
                i += 3;
            }
            b'\\' if in_block => {
                match bytes.get(i + 1) {
                    Some(b'&') => out.push(b'\n'),
                    Some(b'\\') => out.push(b'\\'),
                    _ => {
                        return Err(ZplError::invalid(format!(
                            "bad field-block escape at byte {i} of {data:?}"
                        )))
                    }
                }
                i += 2;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| ZplError::invalid("escaped data is not UTF-8"))
}

/// Check that barcode data is ASCII, naming the first character that is not.
pub(crate) fn require_ascii(what: &str, data: &str) -> Result<(), ZplError> {
    match data.chars().position(|c| !c.is_ascii()) {
        None => Ok(()),
        Some(at) => Err(ZplError::invalid(format!(
            "{what} data must be ASCII; {:?} at position {} is not (percent-encode URLs, \
             transliterate text)",
            data.chars().nth(at).unwrap_or_default(),
            at + 1
        ))),
    }
}

/// Escape QR code data (ASCII only): `^`, `~`, `_` and control characters as `_XX`.
pub fn qr_data(data: &str) -> Result<FieldData, ZplError> {
    require_ascii("QR code", data)?;
    let mut out = String::with_capacity(data.len() + 8);
    let mut hex = false;
    for c in data.chars() {
        if matches!(c, '^' | '~' | '_') || is_control(c) {
            push_hex(&mut out, HEX_INDICATOR, c as u8);
            hex = true;
        } else {
            out.push(c);
        }
    }
    Ok(FieldData { data: out, hex })
}

/// One piece of DataMatrix data: text, or FNC1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataMatrixPart<'a> {
    /// Characters to encode.
    Text(&'a str),
    /// FNC1: in the first position it makes the symbol GS1 DataMatrix, later it is the
    /// separator after a variable-length element (read back as ASCII 29, GS).
    Fnc1,
}

/// DataMatrix data with `_` as the escape character: `_1` = FNC1, `__` = `_`; `^`, `~`,
/// `\` and control characters as `\XX` with `^FH\` (the hex escapes are applied first).
pub fn datamatrix_data(parts: &[DataMatrixPart<'_>]) -> Result<FieldData, ZplError> {
    let mut out = String::new();
    let mut hex = false;
    for part in parts {
        match part {
            DataMatrixPart::Fnc1 => {
                out.push(DATAMATRIX_ESCAPE);
                out.push('1');
            }
            DataMatrixPart::Text(text) => {
                require_ascii("DataMatrix", text)?;
                for c in text.chars() {
                    if c == DATAMATRIX_ESCAPE {
                        out.push(DATAMATRIX_ESCAPE);
                        out.push(DATAMATRIX_ESCAPE);
                    } else if matches!(c, '^' | '~' | '\\') || is_control(c) {
                        push_hex(&mut out, DATAMATRIX_HEX_INDICATOR, c as u8);
                        hex = true;
                    } else {
                        out.push(c);
                    }
                }
            }
        }
    }
    Ok(FieldData { data: out, hex })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn polish_text_is_written_raw() {
        let field = text_data("Zażółć gęślą jaźń — ĄĆĘŁŃÓŚŹŻ", false);
        assert_eq!(field.data, "Zażółć gęślą jaźń — ĄĆĘŁŃÓŚŹŻ");
        assert!(!field.hex);
    }

    #[test]
    fn commands_in_text_are_escaped() {
        let field = text_data("^XZ~JR\r\n_", false);
        assert_eq!(field.data, "_5EXZ_7EJR_0D_0A_5F");
        assert!(field.hex);
        let mut out = String::new();
        field.write_fd(HEX_INDICATOR, &mut out);
        assert_eq!(out, "^FH_^FD_5EXZ_7EJR_0D_0A_5F");
    }

    #[test]
    fn block_line_breaks_and_backslashes() {
        let field = text_data("ul. Długa 5\\7\n00-001 Warszawa", true);
        assert_eq!(field.data, "ul. Długa 5\\\\7\\&00-001 Warszawa");
        assert!(!field.hex);
        assert_eq!(
            unescape_text_data(&field.data, true).unwrap(),
            "ul. Długa 5\\7\n00-001 Warszawa"
        );
    }

    #[test]
    fn qr_data_is_ascii_with_hex_escapes() {
        let field = qr_data("https://example.com/t?a=1&b=x_y~z").unwrap();
        assert_eq!(field.data, "https://example.com/t?a=1&b=x_5Fy_7Ez");
        assert!(field.hex);
        assert_eq!(
            qr_data("https://example.com/łódź").unwrap_err().to_string(),
            "QR code data must be ASCII; 'ł' at position 21 is not (percent-encode URLs, \
             transliterate text)"
        );
    }

    #[test]
    fn datamatrix_escapes() {
        let field = datamatrix_data(&[
            DataMatrixPart::Fnc1,
            DataMatrixPart::Text("10AB_C"),
            DataMatrixPart::Fnc1,
            DataMatrixPart::Text("21^~\\\x1d"),
        ])
        .unwrap();
        assert_eq!(field.data, "_110AB__C_121\\5E\\7E\\5C\\1D");
        assert!(field.hex);
    }

    proptest! {
        #[test]
        fn any_text_round_trips_and_never_leaks_a_command(text in any::<String>(), block in any::<bool>()) {
            let field = text_data(&text, block);
            prop_assert!(!field.data.contains('^'));
            prop_assert!(!field.data.contains('~'));
            prop_assert!(!field.data.chars().any(is_control));
            prop_assert_eq!(unescape_text_data(&field.data, block).unwrap(), text.clone());
            prop_assert_eq!(field.hex, field.data.contains('_'));
        }

        #[test]
        fn hostile_ascii_round_trips(text in "[\\^~_\\\\\n\r\x00-\x1fA-Z]{0,40}", block in any::<bool>()) {
            let field = text_data(&text, block);
            prop_assert!(!field.data.contains('^') && !field.data.contains('~'));
            prop_assert_eq!(unescape_text_data(&field.data, block).unwrap(), text);
        }

        #[test]
        fn qr_data_never_leaks_a_command(text in "[ -~\x00-\x1f]{0,60}") {
            let field = qr_data(&text).unwrap();
            prop_assert!(!field.data.contains('^') && !field.data.contains('~'));
            prop_assert_eq!(unescape_text_data(&field.data, false).unwrap(), text);
        }
    }
}

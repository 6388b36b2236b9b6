//! ISO/IEC 15424 symbology identifiers: `]` + code character + modifier, sent by the
//! scanner before the data when "AIM ID" transmission is enabled.

use super::error::{Fail, ScanErrorKind};

/// A symbology identifier found at the start of a scan, e.g. `]E0`, `]C1`, `]d2`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Symbology {
    identifier: String,
}

/// How the symbology tells the parser to read the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// `]E0`: EAN-13, UPC-A or UPC-E.
    EanUpc,
    /// `]E3`: EAN-13/UPC with a 2- or 5-digit add-on after the 13 digits.
    EanUpcWithAddOn,
    /// `]E1`, `]E2`: an add-on symbol on its own.
    AddOn,
    /// `]E4`: EAN-8.
    Ean8,
    /// `]I1`: ITF-14.
    Itf14,
    /// `]C1` GS1-128, `]e0`–`]e2` GS1 DataBar / composite, `]J1` GS1 DotCode.
    Gs1,
    /// `]d2` GS1 DataMatrix, `]Q3` GS1 QR Code: GS1 element strings or a Digital Link URI.
    Gs1TwoD,
    /// Any other symbology (Code 128, Code 39, plain Data Matrix and QR, …).
    Other,
}

/// ISO/IEC 15424 code characters and their symbologies.
const CODES: &[(u8, &str)] = &[
    (b'A', "Code 39"),
    (b'B', "Telepen"),
    (b'C', "Code 128"),
    (b'D', "Code One"),
    (b'E', "EAN/UPC"),
    (b'F', "Codabar"),
    (b'G', "Code 93"),
    (b'H', "Code 11"),
    (b'I', "ITF"),
    (b'J', "DotCode"),
    (b'K', "Code 16K"),
    (b'L', "PDF417"),
    (b'M', "MSI"),
    (b'N', "Anker"),
    (b'O', "Codablock"),
    (b'P', "Plessey Code"),
    (b'Q', "QR Code"),
    (b'R', "Straight 2 of 5 (2-bar start/stop)"),
    (b'S', "Straight 2 of 5 (3-bar start/stop)"),
    (b'T', "Code 49"),
    (b'U', "MaxiCode"),
    (b'X', "other barcode"),
    (b'Y', "system expansion"),
    (b'Z', "non-barcode"),
    (b'c', "Channel Code"),
    (b'd', "Data Matrix"),
    (b'e', "GS1 DataBar / composite"),
    (b'o', "OCR"),
    (b'p', "PosiCode"),
    (b's', "SuperCode"),
    (b'z', "Aztec Code"),
];

impl Symbology {
    /// Read the identifier at the start of `text` (which starts with `]`); `base` is the
    /// byte offset of `text` in the scan, for errors.
    pub(crate) fn extract(text: &str, base: usize) -> Result<Symbology, Fail> {
        let bytes = text.as_bytes();
        let bad = || {
            let found: String = text.chars().take(3).collect();
            Fail::new(ScanErrorKind::BadSymbologyIdentifier { found }, base)
        };
        let code = *bytes.get(1).ok_or_else(bad)?;
        if !CODES.iter().any(|&(c, _)| c == code) {
            return Err(bad());
        }
        let modifiers = if code == b'Y' {
            // System expansion: the digit says how many more modifier characters follow.
            match bytes.get(2) {
                Some(d) if d.is_ascii_digit() => usize::from(d - b'0') + 1,
                _ => return Err(bad()),
            }
        } else {
            1
        };
        let end = 2 + modifiers;
        match text.get(..end) {
            Some(identifier) if bytes.len() >= end && identifier.is_ascii() => Ok(Symbology {
                identifier: identifier.to_owned(),
            }),
            _ => Err(bad()),
        }
    }

    /// The identifier as scanned, e.g. `]E0`.
    pub fn identifier(&self) -> &str {
        &self.identifier
    }

    /// The code character and modifier, e.g. `E0`.
    fn code(&self) -> &str {
        &self.identifier[1..]
    }

    /// How this symbology's data is read.
    pub fn family(&self) -> Family {
        match self.code() {
            "E0" => Family::EanUpc,
            "E3" => Family::EanUpcWithAddOn,
            "E1" | "E2" => Family::AddOn,
            "E4" => Family::Ean8,
            "I1" => Family::Itf14,
            "C1" | "e0" | "e1" | "e2" | "J1" => Family::Gs1,
            "d2" | "Q3" => Family::Gs1TwoD,
            _ => Family::Other,
        }
    }

    /// A readable name, e.g. "GS1-128", "EAN-13/UPC", "Code 128".
    pub fn name(&self) -> &'static str {
        match self.code() {
            "E0" => "EAN-13/UPC",
            "E1" => "EAN 2-digit add-on",
            "E2" => "EAN 5-digit add-on",
            "E3" => "EAN-13/UPC with add-on",
            "E4" => "EAN-8",
            "I1" => "ITF-14",
            "C1" => "GS1-128",
            "e0" => "GS1 DataBar",
            "e1" | "e2" => "GS1 Composite",
            "d2" => "GS1 DataMatrix",
            "Q3" => "GS1 QR Code",
            "J1" => "GS1 DotCode",
            _ => {
                let code = self.identifier.as_bytes()[1];
                CODES
                    .iter()
                    .find(|&&(c, _)| c == code)
                    .map_or("unknown", |&(_, name)| name)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extract(text: &str) -> Result<Symbology, Fail> {
        Symbology::extract(text, 0)
    }

    #[test]
    fn recognises_gs1_symbologies() {
        let cases = [
            ("]E05901234123457", "]E0", Family::EanUpc, "EAN-13/UPC"),
            ("]E496385074", "]E4", Family::Ean8, "EAN-8"),
            ("]C101", "]C1", Family::Gs1, "GS1-128"),
            ("]d2010", "]d2", Family::Gs1TwoD, "GS1 DataMatrix"),
            ("]Q3https://", "]Q3", Family::Gs1TwoD, "GS1 QR Code"),
            ("]e001", "]e0", Family::Gs1, "GS1 DataBar"),
            ("]I115901234123454", "]I1", Family::Itf14, "ITF-14"),
            ("]C0ABC", "]C0", Family::Other, "Code 128"),
            ("]Q1https://", "]Q1", Family::Other, "QR Code"),
            ("]Y21abc", "]Y21a", Family::Other, "system expansion"),
        ];
        for (text, identifier, family, name) in cases {
            let s = extract(text).unwrap();
            assert_eq!(
                (s.identifier(), s.family(), s.name()),
                (identifier, family, name)
            );
        }
    }

    #[test]
    fn rejects_what_is_not_an_identifier() {
        for text in ["]", "]J", "]W1abc", "]Yx", "]Y9ab", "]E\u{e9}"] {
            assert_eq!(
                extract(text).unwrap_err().kind.code(),
                "symbology",
                "{text}"
            );
        }
    }
}

//! The one error type of the ZPL module; its `Display` text is the message users see.

use std::fmt;

/// Why a label, an element or a graphic field could not be built or decoded.
///
/// Every variant's text says what was wrong and, where it helps, what would be right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZplError {
    /// A resolution other than 8, 12 or 24 dots per millimetre.
    Resolution { dpmm: u32 },
    /// A grayscale or 1-bit image whose byte count does not match its size.
    ImageSize {
        /// What the image is ("image" for grayscale, "1-bit image" for packed bits).
        what: &'static str,
        len: usize,
        /// The two factors of the expected length, as they are named in the message.
        per_row: usize,
        rows: usize,
    },
    /// An element's parameter or data that cannot be printed; the message names it.
    Invalid(String),
    /// A GS1 element string that is not valid; the message names the element.
    Gs1(String),
    /// A `^GF` command that cannot be decoded; the message says where and why.
    Decode(String),
    /// `:B64:`/`:Z64:` data whose CRC does not match the one written after it.
    Crc { stated: String, computed: u16 },
}

impl ZplError {
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        ZplError::Invalid(message.into())
    }

    pub(crate) fn gs1(message: impl Into<String>) -> Self {
        ZplError::Gs1(message.into())
    }

    pub(crate) fn decode(message: impl Into<String>) -> Self {
        ZplError::Decode(message.into())
    }
}

impl fmt::Display for ZplError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ZplError::Resolution { dpmm } => write!(
                f,
                "resolution {dpmm} dpmm is not supported: use 8, 12 or 24 dots per mm \
                 (203, 300 or 600 dpi)"
            ),
            ZplError::ImageSize {
                what,
                len,
                per_row,
                rows,
            } => write!(
                f,
                "{what} has {len} bytes, expected {per_row} × {rows} = {}",
                per_row * rows
            ),
            ZplError::Invalid(message) | ZplError::Gs1(message) => f.write_str(message),
            ZplError::Decode(message) => write!(f, "cannot decode ^GF: {message}"),
            ZplError::Crc { stated, computed } => write!(
                f,
                "cannot decode ^GF: CRC mismatch: the field says {stated}, the data gives \
                 {computed:04X} (CRC-16/XMODEM of the base64 text); the data was changed or cut"
            ),
        }
    }
}

impl std::error::Error for ZplError {}

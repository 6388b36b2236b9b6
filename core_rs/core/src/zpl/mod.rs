//! ZPL II labels for Zebra printers, and `^GF` graphics.
//!
//! Everything here is pure: it turns values into ZPL text (and ZPL graphic fields back
//! into bitmaps) and never talks to a printer.
//!
//! * [`units`] — the three supported resolutions (8, 12 and 24 dots per mm, that is
//!   203, 300 and 600 dpi), millimetre → dot conversion, field rotation.
//! * [`escape`] — how user text is written into `^FD` field data so that nothing in it
//!   can end the field or reach the printer as a command (`^FH` hex escapes).
//! * [`gs1`] — GS1 element strings (AI + value) from pairs or from a parenthesised
//!   human-readable string; where FNC1 separators go.
//! * [`code128`] — Code 128 symbol encoding (optimal subset B/C choice) written as ZPL
//!   mode-N invocation codes, so that the printer's own subset logic plays no part.
//! * [`label`] — the label builder: a layout in millimetres rendered at one resolution
//!   as `^XA^CI28^PW…^LL…^LH0,0 … ^PQ1^XZ`; text, Code 128, GS1-128, QR,
//!   DataMatrix (plain and GS1), boxes, lines and graphics.
//! * [`graphic`] — 1-bit bitmaps: from grayscale by threshold or Floyd–Steinberg
//!   dithering, from PIL's packed 1-bit images, or from packed ZPL bits.
//! * [`acs`] — the ASCII-hex Alternative Compression Scheme of `^GFA`.
//! * [`z64`] — `:Z64:` / `:B64:` data: base64, zlib and the CRC-16 Zebra checks.
//! * [`gf`] — the `^GFA` command: encoding a bitmap and decoding any `^GFA` (plain hex,
//!   ACS, B64, Z64) back into bits, validating the counts and the CRC.
//! * [`raster`] — grayscale rasters as PDF renderers give them (rows with a stride): the
//!   box holding the ink, and a region as a bitmap (PDF labels → `^GF`).
//! * [`bc_field`] — `^BC` field data read back into the symbol and interpretation line the
//!   printer prints (label previews).
//!
//! The model, the escaping rules and the encodings are described in `docs/zpl.md`.

pub mod acs;
pub mod bc_field;
pub mod code128;
pub mod escape;
pub mod gf;
pub mod graphic;
pub mod gs1;
pub mod label;
pub mod raster;
pub mod units;
pub mod z64;

mod error;

pub use error::ZplError;
pub use gf::{decode_graphic, decode_graphics, encode_graphic, GraphicEncoding, GraphicField};
pub use graphic::{Bitmap, Conversion};
pub use label::{
    Code128, DataMatrix, DataMatrixContent, Element, GraphicBox, GraphicImage, Gs1Code128,
    Justification, Label, Line, Qr, QrErrorCorrection, Text, TextBlock,
};
pub use units::{Dpmm, Rotation};

//! Kolektor's pure core: domain logic with no I/O.
//!
//! Everything here is a pure function or a small state machine, so it can be tested
//! exhaustively on its own and called from the Trio server through the thin PyO3
//! binding in `core_rs/python` (the Python module `kolektor._core`).
//!
//! * [`gtin`] — check digits of GTIN-8/12/13/14 (EAN/UPC) and their GTIN-14 form.
//! * [`nip`] — the Polish tax identification number (NIP) and its checksum.
//! * [`scan`] — what a scanned code means: GTINs, GS1 element strings, variable-measure
//!   EAN-13, GS1 Digital Link, internal codes.
//! * [`pick`] — the pick engine: the state of picking one order and the verdict for each scan.
//! * [`zpl`] — ZPL labels and `^GF` graphics for Zebra printers.

pub mod gtin;
pub mod nip;
pub mod pick;
pub mod scan;
pub mod zpl;

//! Kolektor's pure core: domain logic with no I/O.
//!
//! Everything here is a pure function or a small value type, so it can be tested
//! exhaustively on its own and called from the Trio server through the thin PyO3
//! binding in `core_rs/python` (the Python module `kolektor._core`).
//!
//! * [`gtin`] — check digits of GTIN-8/12/13/14 (EAN/UPC) and their GTIN-14 form.
//! * [`nip`] — the Polish tax identification number (NIP) and its checksum.

pub mod gtin;
pub mod nip;

//! The pick engine: the state of picking one order and the verdict for each scan.
//!
//! The server parses and resolves each raw scan (see [`crate::scan`]) and hands the engine
//! a [`ScanInput`]: the operation id, the lookup key, an optional quantity carried by the
//! code, and batch / expiry / serial if the code had them.  [`PickSession::scan`] answers
//! at once with a [`Verdict`] — counted, line complete, order complete, wrong product,
//! over-pick, unknown code, batch / expiry / serial required, duplicate serial, line
//! closed short, order finished, or a duplicate of an operation seen before.  Manual
//! entry, undo and shortage reports go through the same session.
//!
//! Everything is pure: no I/O and no clock.  Quantities are exact fixed-point ([`Qty`],
//! 1/10 000 of a base unit, like Subiekt's four decimal places).  The state serialises to
//! JSON or compact bytes ([`PickSession::to_json`], [`PickSession::to_bytes`]) and a
//! rebuilt session gives the same verdicts, duplicate detection included.
//!
//! The rules for people are in `docs/picking.md`.
//!
//! * [`qty`] — fixed-point quantities.
//! * [`order`] — lines, barcodes and their validation.
//! * [`verdict`] — verdicts.
//! * [`session`] — the state machine.
//! * [`snapshot`] — serialisation and its format version.

pub mod error;
pub mod order;
pub mod qty;
pub mod session;
pub mod snapshot;
pub mod verdict;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

pub use error::PickError;
pub use order::{Barcode, LineId, LineSpec, Missing, Tolerance};
pub use qty::{Qty, QtyError};
pub use session::{Action, LineStatus, LineView, ManualEntry, PickSession, Progress, ScanInput};
pub use snapshot::{FORMAT_VERSION, OLDEST_VERSION};
pub use verdict::{LineTally, Verdict};

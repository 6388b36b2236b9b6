//! Errors: bad construction, bad arguments and unreadable snapshots.
//!
//! A refused *scan* is not an error — it is a [`Verdict`](super::Verdict).  Errors are for
//! inputs the caller should never send (an empty id, a line that is not on the order, a
//! non-positive quantity) and for state that cannot be rebuilt.  Nothing is changed when
//! an error is returned.

use std::fmt;

use super::order::LineId;
use super::qty::{Qty, QtyError};

/// Why an order could not be built, an operation was refused as malformed, or a snapshot
/// could not be read.  Messages name the line and the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickError {
    /// An order needs at least one line.
    NoLines,
    /// Two lines share a line id.
    DuplicateLineId { line_id: LineId },
    /// A line's ordered quantity is zero or negative.
    OrderedNotPositive { line_id: LineId, ordered: Qty },
    /// A line's ordered quantity is above [`Qty::MAX`].
    OrderedTooLarge { line_id: LineId },
    /// A line's tolerance below ordered is negative, or not less than the ordered quantity
    /// (the line would be complete with nothing picked).
    ToleranceBelow {
        line_id: LineId,
        below: Qty,
        ordered: Qty,
    },
    /// A line's tolerance above ordered is negative or above [`Qty::MAX`].
    ToleranceAbove { line_id: LineId, above: Qty },
    /// A barcode on a line is empty.
    EmptyBarcode { line_id: LineId },
    /// A line lists the same barcode twice.
    DuplicateBarcode { line_id: LineId, barcode: String },
    /// A barcode's multiplier (quantity per scan) is zero or negative.
    MultiplierNotPositive {
        line_id: LineId,
        barcode: String,
        multiplier: Qty,
    },
    /// A line that needs serial numbers has a barcode counting more than one unit per scan:
    /// one serial number names one unit.
    SerialMultiplier {
        line_id: LineId,
        barcode: String,
        multiplier: Qty,
    },
    /// A scan, entry or undo id is empty.
    EmptyId { field: &'static str },
    /// A scan's lookup key is empty.
    EmptyKey { scan_id: String },
    /// A quantity given with a scan or manual entry is zero or negative.
    QuantityNotPositive { id: String, quantity: Qty },
    /// A manual entry or shortage names a line that is not on the order.
    UnknownLine { line_id: LineId },
    /// A shortage report without a reason.
    EmptyReason { line_id: LineId },
    /// A shortage reported for a line that is already fully picked.
    NothingShort { line_id: LineId },
    /// A quantity that could not be read.
    Quantity { field: String, error: QtyError },
    /// The snapshot is not valid JSON / binary for this format.
    Malformed {
        format: &'static str,
        message: String,
    },
    /// The snapshot's format version is not one this build reads (1 to `supported`).
    UnsupportedVersion { found: u32, supported: u32 },
    /// The snapshot reads but contradicts itself (e.g. more picked than ordered).
    Inconsistent { message: String },
}

impl fmt::Display for PickError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PickError::NoLines => write!(f, "an order needs at least one line"),
            PickError::DuplicateLineId { line_id } => {
                write!(f, "line {line_id}: line id appears more than once")
            }
            PickError::OrderedNotPositive { line_id, ordered } => {
                write!(
                    f,
                    "line {line_id}: ordered quantity must be positive, not {ordered}"
                )
            }
            PickError::OrderedTooLarge { line_id } => write!(
                f,
                "line {line_id}: ordered quantity is above {} base units",
                Qty::MAX
            ),
            PickError::ToleranceBelow {
                line_id,
                below,
                ordered,
            } => write!(
                f,
                "line {line_id}: tolerance below must be at least 0 and less than the ordered \
                 {ordered}, not {below}"
            ),
            PickError::ToleranceAbove { line_id, above } => write!(
                f,
                "line {line_id}: tolerance above must be between 0 and {} base units, not {above}",
                Qty::MAX
            ),
            PickError::EmptyBarcode { line_id } => write!(f, "line {line_id}: a barcode is empty"),
            PickError::DuplicateBarcode { line_id, barcode } => {
                write!(f, "line {line_id}: barcode {barcode:?} is listed twice")
            }
            PickError::MultiplierNotPositive {
                line_id,
                barcode,
                multiplier,
            } => write!(
                f,
                "line {line_id}: barcode {barcode:?} multiplier must be positive, not {multiplier}"
            ),
            PickError::SerialMultiplier {
                line_id,
                barcode,
                multiplier,
            } => write!(
                f,
                "line {line_id}: barcode {barcode:?} counts {multiplier} per scan, \
                 but the line needs a serial number per unit (multiplier must be 1)"
            ),
            PickError::EmptyId { field } => write!(f, "{field} is empty"),
            PickError::EmptyKey { scan_id } => write!(f, "scan {scan_id:?}: key is empty"),
            PickError::QuantityNotPositive { id, quantity } => {
                write!(f, "{id:?}: quantity must be positive, not {quantity}")
            }
            PickError::UnknownLine { line_id } => write!(f, "line {line_id} is not on this order"),
            PickError::EmptyReason { line_id } => {
                write!(f, "line {line_id}: a shortage needs a reason")
            }
            PickError::NothingShort { line_id } => {
                write!(f, "line {line_id} is fully picked; nothing is short")
            }
            PickError::Quantity { field, error } => write!(f, "{field}: {error}"),
            PickError::Malformed { format, message } => {
                write!(f, "pick state ({format}) is malformed: {message}")
            }
            PickError::UnsupportedVersion { found, supported } => write!(
                f,
                "pick state has format version {found}; this build reads versions 1 to {supported}"
            ),
            PickError::Inconsistent { message } => {
                write!(f, "pick state is inconsistent: {message}")
            }
        }
    }
}

impl std::error::Error for PickError {}

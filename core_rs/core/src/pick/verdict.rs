//! The verdict for each scan, manual entry, undo and shortage report.

use super::order::{LineId, Missing, Tolerance};
use super::qty::Qty;

/// A line's counts as the verdict leaves them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LineTally {
    pub line_id: LineId,
    pub ordered: Qty,
    /// Picked after the operation (for a refusal: unchanged).
    pub picked: Qty,
    /// The line's tolerance (none for most lines).
    pub tolerance: Tolerance,
}

impl LineTally {
    /// Picked enough: at least `ordered − below`.
    pub fn is_full(&self) -> bool {
        self.picked >= self.ordered.minus(self.tolerance.below)
    }

    /// Still to pick: `ordered − picked` while the line is not complete, zero once it is
    /// (also when it is complete within its tolerance with less or more than ordered).
    pub fn remaining(&self) -> Qty {
        if self.is_full() {
            Qty::ZERO
        } else {
            self.ordered.minus(self.picked)
        }
    }

    /// Complete, but not exactly as ordered: within the line's tolerance.
    pub fn within_tolerance(&self) -> bool {
        self.is_full() && self.picked != self.ordered
    }
}

/// What happened to one operation.  Only the four counting verdicts change counts
/// forward; [`Verdict::Undone`] takes one back; [`Verdict::ShortageReported`] closes a line.
/// Every other verdict changed nothing.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// Counted `added` on the line; the line still needs more.
    Counted { line: LineTally, added: Qty },
    /// Counted, and the line is now fully picked; other lines still need picking.
    LineComplete { line: LineTally, added: Qty },
    /// Counted, and every line of the order is now fully picked.
    OrderComplete { line: LineTally, added: Qty },
    /// Counted, and nothing is left to pick, but some lines were closed short.
    OrderCompleteWithShortages { line: LineTally, added: Qty },
    /// The code is in the shop's catalogue but on no line of this order.
    WrongProduct,
    /// The code is not known at all.
    UnknownCode,
    /// Counting `attempted` would take the line beyond what it accepts (`ordered + above`)
    /// by `excess` — or the line is already complete and takes nothing more (`excess` is
    /// then all of `attempted`); refused.
    OverPick {
        line: LineTally,
        attempted: Qty,
        excess: Qty,
    },
    /// The line needs a batch number and the scan has none; nothing counted.  `missing`
    /// lists everything absent (the verdict names the first of batch, expiry, serial).
    BatchRequired { line: LineTally, missing: Missing },
    /// The line needs an expiry date and the scan has none; nothing counted.
    ExpiryRequired { line: LineTally, missing: Missing },
    /// The line needs a serial number and the scan has none; nothing counted.
    SerialRequired { line: LineTally, missing: Missing },
    /// This serial number was already counted for this product on this order; refused.
    DuplicateSerial { line: LineTally },
    /// The scan's line was closed by a shortage report; refused.
    LineClosedShort { line: LineTally },
    /// Nothing is left to pick (every line complete or closed short); refused.
    OrderFinished { with_shortages: bool },
    /// The operation id was seen before: nothing done, here is the first verdict.
    Duplicate { first: Box<Verdict> },
    /// The last counted action (`undone_id`, which counted `removed`) was taken back.
    Undone {
        line: LineTally,
        removed: Qty,
        undone_id: String,
    },
    /// An undo with no counted action left to take back.
    NothingToUndo,
    /// The line is closed short (what was picked stays picked); `order_finished` tells
    /// whether this closed the last open line.
    ShortageReported {
        line: LineTally,
        order_finished: bool,
    },
}

impl Verdict {
    /// The verdict's kind as a stable snake_case name (the Python `Verdict.kind`).
    pub fn kind(&self) -> &'static str {
        match self {
            Verdict::Counted { .. } => "counted",
            Verdict::LineComplete { .. } => "line_complete",
            Verdict::OrderComplete { .. } => "order_complete",
            Verdict::OrderCompleteWithShortages { .. } => "order_complete_with_shortages",
            Verdict::WrongProduct => "wrong_product",
            Verdict::UnknownCode => "unknown_code",
            Verdict::OverPick { .. } => "over_pick",
            Verdict::BatchRequired { .. } => "batch_required",
            Verdict::ExpiryRequired { .. } => "expiry_required",
            Verdict::SerialRequired { .. } => "serial_required",
            Verdict::DuplicateSerial { .. } => "duplicate_serial",
            Verdict::LineClosedShort { .. } => "line_closed_short",
            Verdict::OrderFinished { .. } => "order_finished",
            Verdict::Duplicate { .. } => "duplicate",
            Verdict::Undone { .. } => "undone",
            Verdict::NothingToUndo => "nothing_to_undo",
            Verdict::ShortageReported { .. } => "shortage_reported",
        }
    }

    /// The quantity this verdict counted (for the four counting verdicts).
    pub fn counted(&self) -> Option<Qty> {
        match self {
            Verdict::Counted { added, .. }
            | Verdict::LineComplete { added, .. }
            | Verdict::OrderComplete { added, .. }
            | Verdict::OrderCompleteWithShortages { added, .. } => Some(*added),
            _ => None,
        }
    }

    /// The operation was accepted: it counted, undid, or recorded a shortage.  A duplicate
    /// answers as its first verdict did (a replay of an accepted operation is no error).
    pub fn ok(&self) -> bool {
        match self {
            Verdict::Duplicate { first } => first.ok(),
            Verdict::Undone { .. } | Verdict::ShortageReported { .. } => true,
            other => other.counted().is_some(),
        }
    }

    /// The line the verdict is about, with its counts.
    pub fn line(&self) -> Option<&LineTally> {
        match self {
            Verdict::Counted { line, .. }
            | Verdict::LineComplete { line, .. }
            | Verdict::OrderComplete { line, .. }
            | Verdict::OrderCompleteWithShortages { line, .. }
            | Verdict::OverPick { line, .. }
            | Verdict::BatchRequired { line, .. }
            | Verdict::ExpiryRequired { line, .. }
            | Verdict::SerialRequired { line, .. }
            | Verdict::DuplicateSerial { line }
            | Verdict::LineClosedShort { line }
            | Verdict::Undone { line, .. }
            | Verdict::ShortageReported { line, .. } => Some(line),
            Verdict::WrongProduct
            | Verdict::UnknownCode
            | Verdict::OrderFinished { .. }
            | Verdict::Duplicate { .. }
            | Verdict::NothingToUndo => None,
        }
    }

    /// Capture data the scan lacked (for the three `*Required` verdicts).
    pub fn missing(&self) -> Option<Missing> {
        match self {
            Verdict::BatchRequired { missing, .. }
            | Verdict::ExpiryRequired { missing, .. }
            | Verdict::SerialRequired { missing, .. } => Some(*missing),
            _ => None,
        }
    }

    /// Nothing is left to pick after this verdict (for counting verdicts, refusals after
    /// the end and shortage reports; `false` for everything else).
    pub fn order_finished(&self) -> bool {
        match self {
            Verdict::OrderComplete { .. }
            | Verdict::OrderCompleteWithShortages { .. }
            | Verdict::OrderFinished { .. } => true,
            Verdict::ShortageReported { order_finished, .. } => *order_finished,
            _ => false,
        }
    }

    /// A verdict that leaves its operation id open: the scan asked for data (batch,
    /// expiry, serial, or another serial number), so the same id may be sent again with
    /// the data and is then judged afresh.  Every other verdict is final for its id.
    pub fn is_open(&self) -> bool {
        matches!(
            self,
            Verdict::BatchRequired { .. }
                | Verdict::ExpiryRequired { .. }
                | Verdict::SerialRequired { .. }
                | Verdict::DuplicateSerial { .. }
        )
    }
}

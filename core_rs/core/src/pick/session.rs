//! The state machine: picking one order, one operation at a time.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::error::PickError;
use super::order::{LineId, LineSpec, Missing};
use super::qty::Qty;
use super::verdict::{LineTally, Verdict};

/// One scan, already parsed and resolved by the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScanInput<'a> {
    /// The client's id for this scan (unique per physical scan; replays reuse it).
    pub scan_id: &'a str,
    /// Lookup key: the GTIN-14 for product codes, else the raw code.
    pub key: &'a str,
    /// A quantity carried by the code itself (variable-weight EAN, GS1 AI 30/310n); it
    /// replaces the barcode's multiplier.
    pub quantity: Option<Qty>,
    pub batch: Option<&'a str>,
    /// The expiry date as the server formats it (ISO `YYYY-MM-DD`); not interpreted here.
    pub expiry: Option<&'a str>,
    pub serial: Option<&'a str>,
    /// The code is in the shop's catalogue: a code on no line is then a wrong product,
    /// otherwise an unknown code.
    pub known_product: bool,
}

impl<'a> ScanInput<'a> {
    /// A plain scan of `key` with no quantity or capture data, not known to the catalogue.
    pub fn new(scan_id: &'a str, key: &'a str) -> ScanInput<'a> {
        ScanInput {
            scan_id,
            key,
            quantity: None,
            batch: None,
            expiry: None,
            serial: None,
            known_product: false,
        }
    }
}

/// A quantity typed in by the picker for one line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ManualEntry<'a> {
    /// The client's id for this entry (same namespace as scan ids).
    pub entry_id: &'a str,
    pub line_id: LineId,
    /// Positive.
    pub quantity: Qty,
    pub batch: Option<&'a str>,
    pub expiry: Option<&'a str>,
    pub serial: Option<&'a str>,
}

impl<'a> ManualEntry<'a> {
    /// An entry of `quantity` on `line_id` with no capture data.
    pub fn new(entry_id: &'a str, line_id: LineId, quantity: Qty) -> ManualEntry<'a> {
        ManualEntry {
            entry_id,
            line_id,
            quantity,
            batch: None,
            expiry: None,
            serial: None,
        }
    }
}

/// A counted operation still in effect (the undo stack holds these, oldest first).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Action {
    /// The scan or entry id that counted.
    pub id: String,
    pub line_id: LineId,
    pub quantity: Qty,
    /// Entered by hand rather than scanned.
    pub manual: bool,
    pub batch: Option<String>,
    pub expiry: Option<String>,
    pub serial: Option<String>,
}

/// Where a line stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LineStatus {
    /// Still needs picking.
    Open,
    /// Picked as ordered, or within the line's tolerance.
    Complete,
    /// Closed by a shortage report.
    Short,
}

impl LineStatus {
    /// `"open"`, `"complete"` or `"short"`.
    pub fn name(self) -> &'static str {
        match self {
            LineStatus::Open => "open",
            LineStatus::Complete => "complete",
            LineStatus::Short => "short",
        }
    }
}

/// A read-only view of one line and its progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineView<'a> {
    pub spec: &'a LineSpec,
    pub picked: Qty,
    /// The shortage reason, when the line is closed short.
    pub shortage: Option<&'a str>,
}

impl LineView<'_> {
    pub fn line_id(&self) -> LineId {
        self.spec.line_id
    }

    pub fn ordered(&self) -> Qty {
        self.spec.ordered
    }

    /// Still to pick: `ordered − picked` while the line is not complete, zero once it is.
    pub fn remaining(&self) -> Qty {
        self.tally().remaining()
    }

    /// Complete when picked is within `[ordered − below, ordered + above]` (exactly as
    /// ordered for a line without tolerance).
    pub fn status(&self) -> LineStatus {
        if self.shortage.is_some() {
            LineStatus::Short
        } else if self.picked >= self.spec.complete_from() {
            LineStatus::Complete
        } else {
            LineStatus::Open
        }
    }

    /// Complete with a picked quantity other than ordered (within the line's tolerance).
    pub fn within_tolerance(&self) -> bool {
        self.status() == LineStatus::Complete && self.picked != self.spec.ordered
    }

    pub fn tally(&self) -> LineTally {
        LineTally {
            line_id: self.spec.line_id,
            ordered: self.spec.ordered,
            picked: self.picked,
            tolerance: self.spec.tolerance,
        }
    }
}

/// The order at a glance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Progress {
    pub lines: usize,
    pub open: usize,
    pub complete: usize,
    pub short: usize,
    /// Counted actions still in effect.
    pub actions: usize,
    /// Operation ids seen (scans, entries, undos).
    pub operations: usize,
    /// Every line picked as ordered or within its tolerance (never true with a shortage).
    pub is_complete: bool,
    pub has_shortages: bool,
    /// Nothing left to pick: every line complete or closed short.
    pub is_finished: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LineState {
    pub(crate) spec: LineSpec,
    pub(crate) picked: Qty,
    pub(crate) shortage: Option<String>,
}

impl LineState {
    fn view(&self) -> LineView<'_> {
        LineView {
            spec: &self.spec,
            picked: self.picked,
            shortage: self.shortage.as_deref(),
        }
    }

    fn tally(&self) -> LineTally {
        self.view().tally()
    }

    /// Complete: picked at least `ordered − below`.
    fn is_full(&self) -> bool {
        self.picked >= self.spec.complete_from()
    }

    /// What the line can still take: `ordered + above − picked`.
    fn room(&self) -> Qty {
        self.spec.accepts_up_to().minus(self.picked)
    }
}

/// The hash maps' hasher: foldhash (fast on short keys such as scan ids and GTINs, seeded
/// per map).  Iteration order never shows: snapshots sort.
type Hasher = foldhash::fast::RandomState;
type Map<K, V> = HashMap<K, V, Hasher>;

fn map<K, V>(capacity: usize) -> Map<K, V> {
    HashMap::with_capacity_and_hasher(capacity, Hasher::default())
}

/// Serial numbers are unique per product (or per line for a line without a product).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum SerialOwner {
    Product(i64),
    Line(LineId),
}

impl SerialOwner {
    fn of(spec: &LineSpec) -> SerialOwner {
        match spec.product_id {
            Some(product) => SerialOwner::Product(product),
            None => SerialOwner::Line(spec.line_id),
        }
    }
}

fn present(value: Option<&str>) -> Option<&str> {
    value.filter(|text| !text.is_empty())
}

/// The state of picking one order.  Pure: no I/O, no clock.
///
/// Every operation is judged at once and returns a [`Verdict`]; operation ids (scan ids,
/// manual entry ids, undo ids — one namespace) make every operation idempotent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PickSession {
    pub(crate) lines: Vec<LineState>,
    by_id: Map<LineId, usize>,
    /// Barcode key → (line index, multiplier), in line order.
    by_key: Map<String, Vec<(usize, Qty)>>,
    /// Every operation id seen → its verdict (the first one, or the latest while open).
    pub(crate) operations: Map<String, Verdict>,
    /// Counted actions in effect, oldest first: the undo stack.
    pub(crate) actions: Vec<Action>,
    /// Serial number → owners that have it counted.
    serials: Map<String, Vec<SerialOwner>>,
    open_lines: usize,
    short_lines: usize,
}

impl PickSession {
    /// A new session for these lines, nothing picked.  Each line is validated
    /// ([`LineSpec::validate`]) and line ids must be unique.
    pub fn new(specs: Vec<LineSpec>) -> Result<PickSession, PickError> {
        if specs.is_empty() {
            return Err(PickError::NoLines);
        }
        let mut by_id = map(specs.len());
        let mut by_key: Map<String, Vec<(usize, Qty)>> = map(specs.len() * 2);
        for (index, spec) in specs.iter().enumerate() {
            spec.validate()?;
            if by_id.insert(spec.line_id, index).is_some() {
                return Err(PickError::DuplicateLineId {
                    line_id: spec.line_id,
                });
            }
            for barcode in &spec.barcodes {
                by_key
                    .entry(barcode.code.clone())
                    .or_default()
                    .push((index, barcode.multiplier));
            }
        }
        let open_lines = specs.len();
        Ok(PickSession {
            lines: specs
                .into_iter()
                .map(|spec| LineState {
                    spec,
                    picked: Qty::ZERO,
                    shortage: None,
                })
                .collect(),
            by_id,
            by_key,
            // Room for a few operations per line before the first growth.
            operations: map(open_lines * 4),
            actions: Vec::new(),
            serials: map(0),
            open_lines,
            short_lines: 0,
        })
    }

    // ----- reading --------------------------------------------------------------------

    /// The lines in order, with their progress.
    pub fn lines(&self) -> impl ExactSizeIterator<Item = LineView<'_>> {
        self.lines.iter().map(LineState::view)
    }

    /// One line by id.
    pub fn line(&self, line_id: LineId) -> Option<LineView<'_>> {
        self.by_id
            .get(&line_id)
            .map(|&index| self.lines[index].view())
    }

    /// Counted actions still in effect, oldest first (the last one is what `undo` takes
    /// back).
    pub fn actions(&self) -> &[Action] {
        &self.actions
    }

    /// The recorded verdict of an operation id, if it was seen.
    pub fn operation(&self, id: &str) -> Option<&Verdict> {
        self.operations.get(id)
    }

    /// Every line picked as ordered or within its tolerance.  Never true once a line is
    /// closed short.
    pub fn is_complete(&self) -> bool {
        self.open_lines == 0 && self.short_lines == 0
    }

    /// Some line was closed short.
    pub fn has_shortages(&self) -> bool {
        self.short_lines > 0
    }

    /// Nothing left to pick: every line complete or closed short.
    pub fn is_finished(&self) -> bool {
        self.open_lines == 0
    }

    /// Counts for the whole order.
    pub fn progress(&self) -> Progress {
        let lines = self.lines.len();
        Progress {
            lines,
            open: self.open_lines,
            complete: lines - self.open_lines - self.short_lines,
            short: self.short_lines,
            actions: self.actions.len(),
            operations: self.operations.len(),
            is_complete: self.is_complete(),
            has_shortages: self.has_shortages(),
            is_finished: self.is_finished(),
        }
    }

    // ----- operations -----------------------------------------------------------------

    /// Judge one scan, and count it if it fits.
    ///
    /// Order of checks: a seen id ([`Verdict::Duplicate`], unless its verdict was open —
    /// see [`Verdict::is_open`]); the order finished; the key on no line (wrong product or
    /// unknown code); the line to fill (the first line in line order, among those with
    /// this barcode, that is open and has room for the whole quantity — else over-pick or
    /// closed short); capture data; serial uniqueness; then it counts.
    pub fn scan(&mut self, input: &ScanInput<'_>) -> Result<Verdict, PickError> {
        if input.scan_id.is_empty() {
            return Err(PickError::EmptyId { field: "scan id" });
        }
        if input.key.is_empty() {
            return Err(PickError::EmptyKey {
                scan_id: input.scan_id.to_owned(),
            });
        }
        if let Some(quantity) = input.quantity {
            check_positive(input.scan_id, quantity)?;
        }
        let seen = match self.lookup(input.scan_id) {
            Ok(seen) => seen,
            Err(duplicate) => return Ok(duplicate),
        };
        let verdict = match self.place_scan(input) {
            Ok((index, quantity)) => self.judge_and_count(
                index,
                quantity,
                input.scan_id,
                false,
                input.batch,
                input.expiry,
                input.serial,
            ),
            Err(refusal) => refusal,
        };
        self.record(input.scan_id, seen, &verdict);
        Ok(verdict)
    }

    /// Judge a quantity typed in for one line, and count it if it fits.  Same rules as a
    /// scan, on the named line only: no other line is tried.
    pub fn manual(&mut self, entry: &ManualEntry<'_>) -> Result<Verdict, PickError> {
        if entry.entry_id.is_empty() {
            return Err(PickError::EmptyId { field: "entry id" });
        }
        check_positive(entry.entry_id, entry.quantity)?;
        let index = self.index_of(entry.line_id)?;
        let seen = match self.lookup(entry.entry_id) {
            Ok(seen) => seen,
            Err(duplicate) => return Ok(duplicate),
        };
        let line = &self.lines[index];
        let verdict = if self.is_finished() {
            self.finished_verdict()
        } else if line.shortage.is_some() {
            Verdict::LineClosedShort { line: line.tally() }
        } else if line.is_full() || entry.quantity > line.room() {
            over_pick(line, entry.quantity)
        } else {
            self.judge_and_count(
                index,
                entry.quantity,
                entry.entry_id,
                true,
                entry.batch,
                entry.expiry,
                entry.serial,
            )
        };
        self.record(entry.entry_id, seen, &verdict);
        Ok(verdict)
    }

    /// Take back the last counted action still in effect.  `action_id` makes the undo
    /// idempotent: a replayed undo returns [`Verdict::Duplicate`] and takes back nothing
    /// more.  The undone scan's id stays seen, so replaying *it* does not count it again.
    pub fn undo(&mut self, action_id: &str) -> Result<Verdict, PickError> {
        if action_id.is_empty() {
            return Err(PickError::EmptyId { field: "undo id" });
        }
        let seen = match self.lookup(action_id) {
            Ok(seen) => seen,
            Err(duplicate) => return Ok(duplicate),
        };
        let verdict = match self.actions.pop() {
            None => Verdict::NothingToUndo,
            Some(action) => {
                let index = self.by_id[&action.line_id];
                let was_open = self.is_line_open(index);
                let line = &mut self.lines[index];
                line.picked = line.picked.minus(action.quantity);
                if let Some(serial) = &action.serial {
                    let owner = SerialOwner::of(&line.spec);
                    self.forget_serial(serial, owner);
                }
                if !was_open && self.is_line_open(index) {
                    self.open_lines += 1;
                }
                Verdict::Undone {
                    line: self.lines[index].tally(),
                    removed: action.quantity,
                    undone_id: action.id,
                }
            }
        };
        self.record(action_id, seen, &verdict);
        Ok(verdict)
    }

    /// Close a line short: what was picked stays, nothing more is accepted on it, and the
    /// order can then only finish "with shortages".  Reporting a line that is already
    /// short returns the same verdict again (the first reason is kept).
    pub fn report_shortage(&mut self, line_id: LineId, reason: &str) -> Result<Verdict, PickError> {
        let index = self.index_of(line_id)?;
        if reason.trim().is_empty() {
            return Err(PickError::EmptyReason { line_id });
        }
        let line = &self.lines[index];
        if line.shortage.is_none() {
            if line.is_full() {
                return Err(PickError::NothingShort { line_id });
            }
            self.lines[index].shortage = Some(reason.to_owned());
            self.open_lines -= 1;
            self.short_lines += 1;
        }
        Ok(Verdict::ShortageReported {
            line: self.lines[index].tally(),
            order_finished: self.is_finished(),
        })
    }

    // ----- internals ------------------------------------------------------------------

    fn index_of(&self, line_id: LineId) -> Result<usize, PickError> {
        self.by_id
            .get(&line_id)
            .copied()
            .ok_or(PickError::UnknownLine { line_id })
    }

    fn is_line_open(&self, index: usize) -> bool {
        let line = &self.lines[index];
        line.shortage.is_none() && !line.is_full()
    }

    /// `Err(duplicate)` for an id already judged with a final verdict; otherwise whether
    /// the id was seen (with an open verdict, so it is judged afresh).
    fn lookup(&self, id: &str) -> Result<bool, Verdict> {
        match self.operations.get(id) {
            None => Ok(false),
            Some(first) if first.is_open() => Ok(true),
            Some(first) => Err(Verdict::Duplicate {
                first: Box::new(first.clone()),
            }),
        }
    }

    fn record(&mut self, id: &str, seen: bool, verdict: &Verdict) {
        if seen {
            if let Some(slot) = self.operations.get_mut(id) {
                *slot = verdict.clone();
            }
        } else {
            self.operations.insert(id.to_owned(), verdict.clone());
        }
    }

    fn finished_verdict(&self) -> Verdict {
        Verdict::OrderFinished {
            with_shortages: self.has_shortages(),
        }
    }

    /// The line a scan goes to and the quantity it counts, or the refusal.
    fn place_scan(&self, input: &ScanInput<'_>) -> Result<(usize, Qty), Verdict> {
        if self.is_finished() {
            return Err(self.finished_verdict());
        }
        let Some(candidates) = self.by_key.get(input.key) else {
            return Err(if input.known_product {
                Verdict::WrongProduct
            } else {
                Verdict::UnknownCode
            });
        };
        // The open line with the most room, for the over-pick verdict.
        let mut roomiest: Option<(usize, Qty)> = None;
        let mut first_short: Option<usize> = None;
        for &(index, multiplier) in candidates {
            let line = &self.lines[index];
            let quantity = input.quantity.unwrap_or(multiplier);
            if line.shortage.is_some() {
                first_short.get_or_insert(index);
                continue;
            }
            if line.is_full() {
                continue;
            }
            if quantity <= line.room() {
                return Ok((index, quantity));
            }
            let roomier = match roomiest {
                None => true,
                Some((best, _)) => line.room() > self.lines[best].room(),
            };
            if roomier {
                roomiest = Some((index, quantity));
            }
        }
        Err(if let Some((index, quantity)) = roomiest {
            over_pick(&self.lines[index], quantity)
        } else if let Some(index) = first_short {
            Verdict::LineClosedShort {
                line: self.lines[index].tally(),
            }
        } else {
            // Every line with this barcode is already complete.
            let (index, multiplier) = candidates[0];
            over_pick(&self.lines[index], input.quantity.unwrap_or(multiplier))
        })
    }

    /// Capture data and serial checks on the chosen line, then count.  The quantity is
    /// known to fit.
    #[allow(clippy::too_many_arguments)]
    fn judge_and_count(
        &mut self,
        index: usize,
        quantity: Qty,
        id: &str,
        manual: bool,
        batch: Option<&str>,
        expiry: Option<&str>,
        serial: Option<&str>,
    ) -> Verdict {
        let (batch, expiry, serial) = (present(batch), present(expiry), present(serial));
        let line = &self.lines[index];
        let spec = &line.spec;
        let missing = Missing {
            batch: spec.requires_batch && batch.is_none(),
            expiry: spec.requires_expiry && expiry.is_none(),
            serial: spec.requires_serial && serial.is_none(),
        };
        let tally = line.tally();
        if missing.batch {
            return Verdict::BatchRequired {
                line: tally,
                missing,
            };
        }
        if missing.expiry {
            return Verdict::ExpiryRequired {
                line: tally,
                missing,
            };
        }
        if missing.serial {
            return Verdict::SerialRequired {
                line: tally,
                missing,
            };
        }
        let owner = SerialOwner::of(spec);
        if let Some(serial) = serial {
            if self
                .serials
                .get(serial)
                .is_some_and(|owners| owners.contains(&owner))
            {
                return Verdict::DuplicateSerial { line: tally };
            }
        }
        // Count.
        let line = &mut self.lines[index];
        line.picked = line.picked.plus(quantity);
        let line_full = line.is_full();
        let tally = line.tally();
        if line_full {
            self.open_lines -= 1;
        }
        if let Some(serial) = serial {
            self.serials
                .entry(serial.to_owned())
                .or_default()
                .push(owner);
        }
        self.actions.push(Action {
            id: id.to_owned(),
            line_id: tally.line_id,
            quantity,
            manual,
            batch: batch.map(str::to_owned),
            expiry: expiry.map(str::to_owned),
            serial: serial.map(str::to_owned),
        });
        let added = quantity;
        if self.open_lines == 0 {
            if self.short_lines == 0 {
                Verdict::OrderComplete { line: tally, added }
            } else {
                Verdict::OrderCompleteWithShortages { line: tally, added }
            }
        } else if line_full {
            Verdict::LineComplete { line: tally, added }
        } else {
            Verdict::Counted { line: tally, added }
        }
    }

    fn forget_serial(&mut self, serial: &str, owner: SerialOwner) {
        if let Some(owners) = self.serials.get_mut(serial) {
            if let Some(position) = owners.iter().position(|o| *o == owner) {
                owners.swap_remove(position);
            }
            if owners.is_empty() {
                self.serials.remove(serial);
            }
        }
    }

    /// Rebuild from a snapshot's parts: replay the actions onto fresh lines, check that
    /// everything agrees, restore the operations.
    pub(crate) fn restore(
        specs: Vec<LineSpec>,
        shortages: Vec<Option<String>>,
        actions: Vec<Action>,
        operations: Vec<(String, Verdict)>,
    ) -> Result<PickSession, PickError> {
        let inconsistent = |message: String| PickError::Inconsistent { message };
        let mut session = PickSession::new(specs)?;
        for action in actions {
            let index = session.by_id.get(&action.line_id).copied().ok_or_else(|| {
                inconsistent(format!(
                    "action {:?} is on line {}, which is not on the order",
                    action.id, action.line_id
                ))
            })?;
            if !action.quantity.is_positive() {
                return Err(inconsistent(format!(
                    "action {:?} counts {}, not a positive quantity",
                    action.id, action.quantity
                )));
            }
            let line = &mut session.lines[index];
            if action.quantity > line.room() {
                return Err(inconsistent(format!(
                    "line {}: actions count more than the ordered {}{}",
                    action.line_id,
                    line.spec.ordered,
                    if line.spec.tolerance.above.is_positive() {
                        format!(" and its tolerance of {}", line.spec.tolerance.above)
                    } else {
                        String::new()
                    }
                )));
            }
            if line.is_full() {
                return Err(inconsistent(format!(
                    "action {:?} counts on line {}, which was already complete",
                    action.id, action.line_id
                )));
            }
            line.picked = line.picked.plus(action.quantity);
            let owner = SerialOwner::of(&line.spec);
            if line.is_full() {
                session.open_lines -= 1;
            }
            if let Some(serial) = &action.serial {
                let owners = session.serials.entry(serial.clone()).or_default();
                if owners.contains(&owner) {
                    return Err(inconsistent(format!(
                        "serial {serial:?} is counted twice on line {}",
                        action.line_id
                    )));
                }
                owners.push(owner);
            }
            session.actions.push(action);
        }
        for (index, shortage) in shortages.into_iter().enumerate() {
            if let Some(reason) = shortage {
                let line = &mut session.lines[index];
                if reason.trim().is_empty() {
                    return Err(PickError::EmptyReason {
                        line_id: line.spec.line_id,
                    });
                }
                if line.is_full() {
                    return Err(PickError::NothingShort {
                        line_id: line.spec.line_id,
                    });
                }
                line.shortage = Some(reason);
                session.open_lines -= 1;
                session.short_lines += 1;
            }
        }
        let mut recorded = map(operations.len());
        for (id, verdict) in operations {
            if id.is_empty() {
                return Err(inconsistent("an operation id is empty".to_owned()));
            }
            if matches!(
                verdict,
                Verdict::Duplicate { .. } | Verdict::ShortageReported { .. }
            ) {
                return Err(inconsistent(format!(
                    "operation {id:?} has a {} verdict, which is never recorded",
                    verdict.kind()
                )));
            }
            if recorded.contains_key(&id) {
                return Err(inconsistent(format!("operation {id:?} is listed twice")));
            }
            recorded.insert(id, verdict);
        }
        let mut action_ids = HashSet::with_capacity(session.actions.len());
        for action in &session.actions {
            if !action_ids.insert(action.id.as_str()) {
                return Err(inconsistent(format!(
                    "action {:?} is listed twice",
                    action.id
                )));
            }
            if recorded
                .get(&action.id)
                .is_none_or(|verdict| verdict.counted() != Some(action.quantity))
            {
                return Err(inconsistent(format!(
                    "action {:?} has no counting verdict of {}",
                    action.id, action.quantity
                )));
            }
        }
        session.operations = recorded;
        Ok(session)
    }
}

fn check_positive(id: &str, quantity: Qty) -> Result<(), PickError> {
    if quantity.is_positive() && quantity <= Qty::MAX {
        Ok(())
    } else {
        Err(PickError::QuantityNotPositive {
            id: id.to_owned(),
            quantity,
        })
    }
}

fn over_pick(line: &LineState, attempted: Qty) -> Verdict {
    let tally = line.tally();
    Verdict::OverPick {
        line: tally,
        attempted,
        excess: over_pick_excess(&tally, attempted),
    }
}

/// How much of a refused scan the line cannot take: beyond `ordered + above` for a line
/// still open; all of it for a line already complete (it takes nothing more).  For a line
/// without tolerance both are `picked + attempted − ordered`.
pub(crate) fn over_pick_excess(line: &LineTally, attempted: Qty) -> Qty {
    if line.is_full() {
        attempted
    } else {
        line.picked
            .plus(attempted)
            .minus(line.ordered.plus(line.tolerance.above))
    }
}

//! Serialising a [`PickSession`] so the server can persist it and rebuild it after a
//! restart.
//!
//! Two encodings of one structure (format versions [`OLDEST_VERSION`] to
//! [`FORMAT_VERSION`]):
//!
//! * JSON (`to_json` / `from_json`) for inspection and debugging; quantities are decimal
//!   strings (`"1.25"`).
//! * Binary (`to_bytes` / `from_bytes`): the magic bytes `KPS` followed by the same
//!   structure in [postcard](https://docs.rs/postcard) (varint integers, quantities as the
//!   raw `i64` in 1/10 000).  About a quarter of the JSON size.
//!
//! The structure: `version`, `lines` (the order as given plus each line's shortage
//! reason), `actions` (the undo stack: counted actions in effect, oldest first; a line's
//! picked quantity is the sum of its actions, so it is not stored) and `operations`
//! (every operation id seen with a compact form of its verdict, sorted by id).  The
//! layout is described for people in `docs/picking.md`.
//!
//! Versions: 1 has no tolerances; 2 adds each line's `tolerance` (`below`, `above`).  A
//! session is written in the oldest version that holds it — version 1 when no line has a
//! tolerance, byte for byte as before, so states of ordinary orders stay readable by older
//! builds — and both versions are read.
//!
//! Reading checks everything the constructor checks, replays the actions (never more than
//! ordered plus the tolerance above, serials unique, each action backed by a counting
//! verdict) and refuses a version it does not know, so a rebuilt session gives the same
//! verdicts as the original.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::error::PickError;
use super::order::{Barcode, LineId, LineSpec, Missing, Tolerance};
use super::qty::Qty;
use super::session::{over_pick_excess, Action, PickSession};
use super::verdict::{LineTally, Verdict};

/// The newest snapshot format this build writes and reads (2: lines carry tolerances).
pub const FORMAT_VERSION: u32 = 2;

/// The oldest snapshot format this build reads (1: no tolerances).
pub const OLDEST_VERSION: u32 = 1;

/// The first bytes of the binary form.
pub const MAGIC: &[u8; 3] = b"KPS";

#[derive(Serialize)]
struct SnapshotOut<'a> {
    version: u32,
    lines: Vec<LineOut<'a>>,
    actions: &'a [Action],
    operations: Vec<(&'a str, Stored<&'a str>)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SnapshotIn<L> {
    version: u32,
    lines: Vec<L>,
    actions: Vec<Action>,
    operations: Vec<(String, Stored<String>)>,
}

#[derive(Serialize)]
struct LineOut<'a> {
    line_id: LineId,
    product_id: Option<i64>,
    ordered: Qty,
    barcodes: Vec<(&'a str, Qty)>,
    requires_batch: bool,
    requires_expiry: bool,
    requires_serial: bool,
    shortage: Option<&'a str>,
    /// Written for every line in version 2 (as the plain value), for none in version 1.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "the_tolerance"
    )]
    tolerance: Option<Tolerance>,
}

/// The tolerance itself, not wrapped as an option: a version 2 line always has one.
fn the_tolerance<S: serde::Serializer>(
    tolerance: &Option<Tolerance>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    tolerance.unwrap_or_default().serialize(serializer)
}

/// A line of a version 1 snapshot (no tolerance).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LineInV1 {
    line_id: LineId,
    product_id: Option<i64>,
    ordered: Qty,
    barcodes: Vec<(String, Qty)>,
    requires_batch: bool,
    requires_expiry: bool,
    requires_serial: bool,
    shortage: Option<String>,
}

/// A line of a version 2 snapshot: version 1's fields, then the tolerance.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LineInV2 {
    line_id: LineId,
    product_id: Option<i64>,
    ordered: Qty,
    barcodes: Vec<(String, Qty)>,
    requires_batch: bool,
    requires_expiry: bool,
    requires_serial: bool,
    shortage: Option<String>,
    tolerance: Tolerance,
}

/// A version 1 line is a version 2 line without a tolerance.
impl From<LineInV1> for LineInV2 {
    fn from(line: LineInV1) -> LineInV2 {
        LineInV2 {
            line_id: line.line_id,
            product_id: line.product_id,
            ordered: line.ordered,
            barcodes: line.barcodes,
            requires_batch: line.requires_batch,
            requires_expiry: line.requires_expiry,
            requires_serial: line.requires_serial,
            shortage: line.shortage,
            tolerance: Tolerance::NONE,
        }
    }
}

impl LineInV2 {
    /// The line's spec and its shortage reason.
    fn into_parts(self) -> (LineSpec, Option<String>) {
        let spec = LineSpec {
            line_id: self.line_id,
            product_id: self.product_id,
            ordered: self.ordered,
            barcodes: self
                .barcodes
                .into_iter()
                .map(|(code, multiplier)| Barcode { code, multiplier })
                .collect(),
            requires_batch: self.requires_batch,
            requires_expiry: self.requires_expiry,
            requires_serial: self.requires_serial,
            tolerance: self.tolerance,
        };
        (spec, self.shortage)
    }
}

#[derive(Deserialize)]
struct VersionProbe {
    version: u32,
}

/// A verdict without what the line already says (its `ordered`): `[line_id, …]` tuples.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Stored<S> {
    /// line, added, picked
    Counted(LineId, Qty, Qty),
    LineComplete(LineId, Qty, Qty),
    OrderComplete(LineId, Qty, Qty),
    OrderCompleteWithShortages(LineId, Qty, Qty),
    WrongProduct,
    UnknownCode,
    /// line, attempted, picked
    OverPick(LineId, Qty, Qty),
    /// line, picked, missing (bits: batch 1, expiry 2, serial 4)
    BatchRequired(LineId, Qty, u8),
    ExpiryRequired(LineId, Qty, u8),
    SerialRequired(LineId, Qty, u8),
    /// line, picked
    DuplicateSerial(LineId, Qty),
    LineClosedShort(LineId, Qty),
    /// with shortages
    OrderFinished(bool),
    /// line, removed, picked, undone id
    Undone(LineId, Qty, Qty, S),
    NothingToUndo,
}

fn store(verdict: &Verdict) -> Stored<&str> {
    use Stored as S;
    match verdict {
        Verdict::Counted { line, added } => S::Counted(line.line_id, *added, line.picked),
        Verdict::LineComplete { line, added } => S::LineComplete(line.line_id, *added, line.picked),
        Verdict::OrderComplete { line, added } => {
            S::OrderComplete(line.line_id, *added, line.picked)
        }
        Verdict::OrderCompleteWithShortages { line, added } => {
            S::OrderCompleteWithShortages(line.line_id, *added, line.picked)
        }
        Verdict::WrongProduct => S::WrongProduct,
        Verdict::UnknownCode => S::UnknownCode,
        Verdict::OverPick {
            line, attempted, ..
        } => S::OverPick(line.line_id, *attempted, line.picked),
        Verdict::BatchRequired { line, missing } => {
            S::BatchRequired(line.line_id, line.picked, missing.bits())
        }
        Verdict::ExpiryRequired { line, missing } => {
            S::ExpiryRequired(line.line_id, line.picked, missing.bits())
        }
        Verdict::SerialRequired { line, missing } => {
            S::SerialRequired(line.line_id, line.picked, missing.bits())
        }
        Verdict::DuplicateSerial { line } => S::DuplicateSerial(line.line_id, line.picked),
        Verdict::LineClosedShort { line } => S::LineClosedShort(line.line_id, line.picked),
        Verdict::OrderFinished { with_shortages } => S::OrderFinished(*with_shortages),
        Verdict::Undone {
            line,
            removed,
            undone_id,
        } => S::Undone(line.line_id, *removed, line.picked, undone_id),
        Verdict::NothingToUndo => S::NothingToUndo,
        // Never recorded: duplicates answer from the record, shortages have no id.
        Verdict::Duplicate { .. } | Verdict::ShortageReported { .. } => {
            unreachable!("{} verdicts are never recorded", verdict.kind())
        }
    }
}

fn load(
    id: &str,
    stored: Stored<String>,
    lines: &HashMap<LineId, (Qty, Tolerance)>,
) -> Result<Verdict, PickError> {
    use Stored as S;
    let tally = |line_id: LineId, picked: Qty| -> Result<LineTally, PickError> {
        let (ordered, tolerance) = *lines.get(&line_id).ok_or_else(|| PickError::Inconsistent {
            message: format!("operation {id:?} names line {line_id}, which is not on the order"),
        })?;
        Ok(LineTally {
            line_id,
            ordered,
            picked,
            tolerance,
        })
    };
    Ok(match stored {
        S::Counted(line, added, picked) => Verdict::Counted {
            line: tally(line, picked)?,
            added,
        },
        S::LineComplete(line, added, picked) => Verdict::LineComplete {
            line: tally(line, picked)?,
            added,
        },
        S::OrderComplete(line, added, picked) => Verdict::OrderComplete {
            line: tally(line, picked)?,
            added,
        },
        S::OrderCompleteWithShortages(line, added, picked) => Verdict::OrderCompleteWithShortages {
            line: tally(line, picked)?,
            added,
        },
        S::WrongProduct => Verdict::WrongProduct,
        S::UnknownCode => Verdict::UnknownCode,
        S::OverPick(line, attempted, picked) => {
            let line = tally(line, picked)?;
            Verdict::OverPick {
                line,
                attempted,
                excess: over_pick_excess(&line, attempted),
            }
        }
        S::BatchRequired(line, picked, bits) => Verdict::BatchRequired {
            line: tally(line, picked)?,
            missing: Missing::from_bits(bits),
        },
        S::ExpiryRequired(line, picked, bits) => Verdict::ExpiryRequired {
            line: tally(line, picked)?,
            missing: Missing::from_bits(bits),
        },
        S::SerialRequired(line, picked, bits) => Verdict::SerialRequired {
            line: tally(line, picked)?,
            missing: Missing::from_bits(bits),
        },
        S::DuplicateSerial(line, picked) => Verdict::DuplicateSerial {
            line: tally(line, picked)?,
        },
        S::LineClosedShort(line, picked) => Verdict::LineClosedShort {
            line: tally(line, picked)?,
        },
        S::OrderFinished(with_shortages) => Verdict::OrderFinished { with_shortages },
        S::Undone(line, removed, picked, undone_id) => Verdict::Undone {
            line: tally(line, picked)?,
            removed,
            undone_id,
        },
        S::NothingToUndo => Verdict::NothingToUndo,
    })
}

impl PickSession {
    fn snapshot(&self) -> SnapshotOut<'_> {
        let mut operations: Vec<(&str, Stored<&str>)> = self
            .operations
            .iter()
            .map(|(id, verdict)| (id.as_str(), store(verdict)))
            .collect();
        operations.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let tolerances = self.lines.iter().any(|line| line.spec.tolerance.is_some());
        SnapshotOut {
            version: if tolerances {
                FORMAT_VERSION
            } else {
                OLDEST_VERSION
            },
            lines: self
                .lines
                .iter()
                .map(|line| LineOut {
                    line_id: line.spec.line_id,
                    product_id: line.spec.product_id,
                    ordered: line.spec.ordered,
                    barcodes: line
                        .spec
                        .barcodes
                        .iter()
                        .map(|b| (b.code.as_str(), b.multiplier))
                        .collect(),
                    requires_batch: line.spec.requires_batch,
                    requires_expiry: line.spec.requires_expiry,
                    requires_serial: line.spec.requires_serial,
                    shortage: line.shortage.as_deref(),
                    tolerance: tolerances.then_some(line.spec.tolerance),
                })
                .collect(),
            actions: &self.actions,
            operations,
        }
    }

    /// The state as JSON (version 1 without tolerances, else [`FORMAT_VERSION`]);
    /// deterministic: equal states give equal text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.snapshot()).expect("a pick snapshot always serialises")
    }

    /// The state in the compact binary form: [`MAGIC`] then postcard.  Deterministic.
    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_extend(&self.snapshot(), MAGIC.to_vec())
            .expect("a pick snapshot always serialises")
    }

    /// Rebuild a session from [`PickSession::to_json`]'s output.
    pub fn from_json(text: &str) -> Result<PickSession, PickError> {
        let malformed = |error: serde_json::Error| PickError::Malformed {
            format: "JSON",
            message: error.to_string(),
        };
        let probe: VersionProbe = serde_json::from_str(text).map_err(malformed)?;
        check_version(probe.version)?;
        if probe.version == OLDEST_VERSION {
            let snapshot: SnapshotIn<LineInV1> = serde_json::from_str(text).map_err(malformed)?;
            Self::from_snapshot(snapshot)
        } else {
            let snapshot: SnapshotIn<LineInV2> = serde_json::from_str(text).map_err(malformed)?;
            Self::from_snapshot(snapshot)
        }
    }

    /// Rebuild a session from [`PickSession::to_bytes`]'s output.
    pub fn from_bytes(bytes: &[u8]) -> Result<PickSession, PickError> {
        let malformed = |message: String| PickError::Malformed {
            format: "binary",
            message,
        };
        let body = bytes
            .strip_prefix(MAGIC.as_slice())
            .ok_or_else(|| malformed("does not start with the magic bytes \"KPS\"".to_owned()))?;
        let (version, _) =
            postcard::take_from_bytes::<u32>(body).map_err(|e| malformed(e.to_string()))?;
        check_version(version)?;
        if version == OLDEST_VERSION {
            Self::from_postcard::<LineInV1>(body)
        } else {
            Self::from_postcard::<LineInV2>(body)
        }
    }

    fn from_postcard<L: Into<LineInV2> + for<'de> Deserialize<'de>>(
        body: &[u8],
    ) -> Result<PickSession, PickError> {
        let malformed = |message: String| PickError::Malformed {
            format: "binary",
            message,
        };
        let (snapshot, rest) = postcard::take_from_bytes::<SnapshotIn<L>>(body)
            .map_err(|e| malformed(e.to_string()))?;
        if !rest.is_empty() {
            return Err(malformed(format!("{} bytes after the end", rest.len())));
        }
        Self::from_snapshot(snapshot)
    }

    fn from_snapshot<L: Into<LineInV2>>(snapshot: SnapshotIn<L>) -> Result<PickSession, PickError> {
        check_version(snapshot.version)?;
        let mut specs = Vec::with_capacity(snapshot.lines.len());
        let mut shortages = Vec::with_capacity(snapshot.lines.len());
        for line in snapshot.lines {
            let (spec, shortage) = line.into().into_parts();
            specs.push(spec);
            shortages.push(shortage);
        }
        let lines: HashMap<LineId, (Qty, Tolerance)> = specs
            .iter()
            .map(|s| (s.line_id, (s.ordered, s.tolerance)))
            .collect();
        let operations = snapshot
            .operations
            .into_iter()
            .map(|(id, stored)| load(&id, stored, &lines).map(|verdict| (id, verdict)))
            .collect::<Result<Vec<_>, _>>()?;
        PickSession::restore(specs, shortages, snapshot.actions, operations)
    }
}

fn check_version(found: u32) -> Result<(), PickError> {
    if (OLDEST_VERSION..=FORMAT_VERSION).contains(&found) {
        Ok(())
    } else {
        Err(PickError::UnsupportedVersion {
            found,
            supported: FORMAT_VERSION,
        })
    }
}

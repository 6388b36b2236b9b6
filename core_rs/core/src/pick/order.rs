//! The lines of one order, as the picker must pick them.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::error::PickError;
use super::qty::Qty;

/// A line's id (Subiekt's `ob_Id` of the ZK position, or any id unique on the order).
pub type LineId = i64;

/// A barcode that maps to a line's product, and how much one scan of it counts.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Barcode {
    /// The lookup key as the server resolves scans: the GTIN-14 for product codes, else the
    /// raw code.
    pub code: String,
    /// Base units one scan adds (12 for a 12-pack barcode; Subiekt's `kk_Ilosc`).
    pub multiplier: Qty,
}

impl Barcode {
    /// A barcode counting `multiplier` base units per scan.
    pub fn new(code: impl Into<String>, multiplier: Qty) -> Barcode {
        Barcode {
            code: code.into(),
            multiplier,
        }
    }
}

/// How far a line's picked quantity may fall short of or go beyond the ordered quantity and
/// the line still count as complete — for goods sold by weight or length, where a scale
/// label never hits the ordered weight exactly ("towar ważony").  Both are absolute
/// quantities in base units, zero or more; the server computes them from its settings.
/// A line is complete when its picked quantity is within `[ordered − below, ordered +
/// above]`; the default, no tolerance, means exactly as ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tolerance {
    /// How much less than ordered still completes the line.
    pub below: Qty,
    /// How much more than ordered the line accepts.
    pub above: Qty,
}

impl Tolerance {
    /// No tolerance: the line is complete when picked exactly as ordered.
    pub const NONE: Tolerance = Tolerance {
        below: Qty::ZERO,
        above: Qty::ZERO,
    };

    /// A tolerance of `below` under and `above` over the ordered quantity.
    pub const fn new(below: Qty, above: Qty) -> Tolerance {
        Tolerance { below, above }
    }

    /// Either side is not zero.
    pub const fn is_some(self) -> bool {
        self.below.raw() != 0 || self.above.raw() != 0
    }
}

/// One line of the order: what to pick, how much, and what must be captured.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LineSpec {
    /// Unique on the order.
    pub line_id: LineId,
    /// The product (Subiekt's `tw_Id`), if the line has one; a product on two lines is
    /// recognised by its barcodes, this id only scopes serial numbers.
    pub product_id: Option<i64>,
    /// Ordered quantity in base units, positive.
    pub ordered: Qty,
    /// Barcodes that count toward this line (may be empty: manual entry only).
    pub barcodes: Vec<Barcode>,
    /// A batch (lot) number must come with every scan.
    pub requires_batch: bool,
    /// An expiry date must come with every scan.
    pub requires_expiry: bool,
    /// A serial number must come with every scan (one unit per scan).
    pub requires_serial: bool,
    /// How far picked may be from ordered for the line to be complete (none by default).
    #[serde(default)]
    pub tolerance: Tolerance,
}

impl LineSpec {
    /// A line with no barcodes and no capture requirements.
    pub fn new(line_id: LineId, product_id: Option<i64>, ordered: Qty) -> LineSpec {
        LineSpec {
            line_id,
            product_id,
            ordered,
            barcodes: Vec::new(),
            requires_batch: false,
            requires_expiry: false,
            requires_serial: false,
            tolerance: Tolerance::NONE,
        }
    }

    /// The least picked quantity that completes the line: `ordered − below`.
    pub fn complete_from(&self) -> Qty {
        self.ordered.minus(self.tolerance.below)
    }

    /// The most the line accepts: `ordered + above`.
    pub fn accepts_up_to(&self) -> Qty {
        self.ordered.plus(self.tolerance.above)
    }

    /// Set the tolerance (builder style).
    pub fn with_tolerance(mut self, below: Qty, above: Qty) -> LineSpec {
        self.tolerance = Tolerance::new(below, above);
        self
    }

    /// Add a barcode (builder style).
    pub fn with_barcode(mut self, code: impl Into<String>, multiplier: Qty) -> LineSpec {
        self.barcodes.push(Barcode::new(code, multiplier));
        self
    }

    /// Set the capture requirements (builder style).
    pub fn requiring(mut self, batch: bool, expiry: bool, serial: bool) -> LineSpec {
        self.requires_batch = batch;
        self.requires_expiry = expiry;
        self.requires_serial = serial;
        self
    }

    /// Check the line on its own: positive ordered quantity, a tolerance of zero or more
    /// that leaves something to pick (below less than ordered), non-empty barcodes listed
    /// once each with positive multipliers, multiplier 1 where serials are required.
    pub fn validate(&self) -> Result<(), PickError> {
        let line_id = self.line_id;
        if !self.ordered.is_positive() {
            return Err(PickError::OrderedNotPositive {
                line_id,
                ordered: self.ordered,
            });
        }
        if self.ordered > Qty::MAX {
            return Err(PickError::OrderedTooLarge { line_id });
        }
        let Tolerance { below, above } = self.tolerance;
        if below < Qty::ZERO || below >= self.ordered {
            return Err(PickError::ToleranceBelow {
                line_id,
                below,
                ordered: self.ordered,
            });
        }
        if above < Qty::ZERO || above > Qty::MAX {
            return Err(PickError::ToleranceAbove { line_id, above });
        }
        let mut seen = HashSet::with_capacity(self.barcodes.len());
        for barcode in &self.barcodes {
            if barcode.code.is_empty() {
                return Err(PickError::EmptyBarcode { line_id });
            }
            if !seen.insert(barcode.code.as_str()) {
                return Err(PickError::DuplicateBarcode {
                    line_id,
                    barcode: barcode.code.clone(),
                });
            }
            if !barcode.multiplier.is_positive() || barcode.multiplier > Qty::MAX {
                return Err(PickError::MultiplierNotPositive {
                    line_id,
                    barcode: barcode.code.clone(),
                    multiplier: barcode.multiplier,
                });
            }
            if self.requires_serial && barcode.multiplier != Qty::ONE {
                return Err(PickError::SerialMultiplier {
                    line_id,
                    barcode: barcode.code.clone(),
                    multiplier: barcode.multiplier,
                });
            }
        }
        Ok(())
    }
}

/// The capture data a line needs and a scan lacks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Missing {
    pub batch: bool,
    pub expiry: bool,
    pub serial: bool,
}

impl Missing {
    /// Anything missing.
    pub const fn any(self) -> bool {
        self.batch || self.expiry || self.serial
    }

    /// As bits: batch = 1, expiry = 2, serial = 4 (the snapshot form).
    pub const fn bits(self) -> u8 {
        (self.batch as u8) | (self.expiry as u8) << 1 | (self.serial as u8) << 2
    }

    /// From [`Missing::bits`].
    pub const fn from_bits(bits: u8) -> Missing {
        Missing {
            batch: bits & 1 != 0,
            expiry: bits & 2 != 0,
            serial: bits & 4 != 0,
        }
    }

    /// Names of the missing fields, in the order batch, expiry, serial.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        [
            (self.batch, "batch"),
            (self.expiry, "expiry"),
            (self.serial, "serial"),
        ]
        .into_iter()
        .filter_map(|(missing, name)| missing.then_some(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Qty {
        Qty::parse(text).unwrap()
    }

    #[test]
    fn a_valid_line_validates() {
        let line = LineSpec::new(1, Some(7), q("2"))
            .with_barcode("05901234123457", Qty::ONE)
            .with_barcode("15901234123454", q("12"));
        assert_eq!(line.validate(), Ok(()));
    }

    #[test]
    fn errors_name_the_line_and_the_field() {
        let cases = [
            (
                LineSpec::new(3, None, Qty::ZERO),
                "line 3: ordered quantity must be positive, not 0",
            ),
            (
                LineSpec::new(4, None, q("1")).with_barcode("", Qty::ONE),
                "line 4: a barcode is empty",
            ),
            (
                LineSpec::new(5, None, q("1"))
                    .with_barcode("A", Qty::ONE)
                    .with_barcode("A", q("2")),
                "line 5: barcode \"A\" is listed twice",
            ),
            (
                LineSpec::new(6, None, q("1")).with_barcode("A", q("-1")),
                "line 6: barcode \"A\" multiplier must be positive, not -1",
            ),
            (
                LineSpec::new(7, None, q("1"))
                    .with_barcode("A", q("12"))
                    .requiring(false, false, true),
                "line 7: barcode \"A\" counts 12 per scan, but the line needs a serial number \
                 per unit (multiplier must be 1)",
            ),
        ];
        for (line, message) in cases {
            assert_eq!(line.validate().unwrap_err().to_string(), message);
        }
    }

    #[test]
    fn missing_bits_round_trip() {
        for bits in 0..8 {
            assert_eq!(Missing::from_bits(bits).bits(), bits);
        }
        let missing = Missing::from_bits(5);
        assert_eq!(missing.names().collect::<Vec<_>>(), ["batch", "serial"]);
    }
}

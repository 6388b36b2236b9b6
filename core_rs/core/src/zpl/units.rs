//! Printer resolutions, millimetre → dot conversion and field rotation.
//!
//! Zebra names its print heads by dots per millimetre (8, 12, 24) but builds them at
//! 203, 300 and 600 dots per inch.  A layout is defined once in millimetres and turned
//! into dots with the head's real pitch (`dpi / 25.4` dots per mm), rounded to the nearest
//! dot, so it prints at the same physical size on all three.  A 4 × 6 in label
//! (101.6 × 152.4 mm) is therefore exactly 812 × 1218 dots at 8 dpmm, 1200 × 1800 at 12
//! and 2400 × 3600 at 24 — the sizes in the ZPL guide.

use super::ZplError;

/// A supported print-head resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dpmm {
    /// 8 dots/mm, 203 dpi — most desktop and packing-station printers.
    D8,
    /// 12 dots/mm, 300 dpi.
    D12,
    /// 24 dots/mm, 600 dpi.
    D24,
}

impl Dpmm {
    /// Every supported resolution, lowest first.
    pub const ALL: [Dpmm; 3] = [Dpmm::D8, Dpmm::D12, Dpmm::D24];

    /// The resolution for a dots-per-millimetre number; anything but 8, 12 or 24 is an error.
    ///
    /// ```
    /// use kolektor_core::zpl::Dpmm;
    /// assert_eq!(Dpmm::from_dpmm(12), Ok(Dpmm::D12));
    /// assert!(Dpmm::from_dpmm(6).is_err());
    /// ```
    pub fn from_dpmm(dpmm: u32) -> Result<Dpmm, ZplError> {
        match dpmm {
            8 => Ok(Dpmm::D8),
            12 => Ok(Dpmm::D12),
            24 => Ok(Dpmm::D24),
            _ => Err(ZplError::Resolution { dpmm }),
        }
    }

    /// The nominal dots per millimetre: 8, 12 or 24.
    pub fn dpmm(self) -> u32 {
        match self {
            Dpmm::D8 => 8,
            Dpmm::D12 => 12,
            Dpmm::D24 => 24,
        }
    }

    /// The real dots per inch: 203, 300 or 600.
    pub fn dpi(self) -> u32 {
        match self {
            Dpmm::D8 => 203,
            Dpmm::D12 => 300,
            Dpmm::D24 => 600,
        }
    }

    /// `mm` in dots, not rounded.
    pub fn dots_exact(self, mm: f64) -> f64 {
        mm * f64::from(self.dpi()) / 25.4
    }

    /// `mm` in whole dots, rounded to the nearest (halves away from zero).
    ///
    /// ```
    /// use kolektor_core::zpl::Dpmm;
    /// assert_eq!(Dpmm::D8.dots(101.6), 812);
    /// assert_eq!(Dpmm::D12.dots(152.4), 1800);
    /// assert_eq!(Dpmm::D8.dots(0.375), 3);
    /// ```
    pub fn dots(self, mm: f64) -> i64 {
        self.dots_exact(mm).round() as i64
    }
}

/// Field rotation, as ZPL names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Rotation {
    /// `N`: normal, reading left to right.
    #[default]
    Normal,
    /// `R`: rotated 90° clockwise, reading top to bottom.
    Rotated90,
    /// `I`: inverted 180°.
    Inverted180,
    /// `B`: rotated 270° (read from the bottom up).
    Bottom270,
}

impl Rotation {
    /// The rotation for a ZPL letter `N`, `R`, `I` or `B` (either case).
    pub fn from_letter(letter: &str) -> Result<Rotation, ZplError> {
        match letter {
            "N" | "n" => Ok(Rotation::Normal),
            "R" | "r" => Ok(Rotation::Rotated90),
            "I" | "i" => Ok(Rotation::Inverted180),
            "B" | "b" => Ok(Rotation::Bottom270),
            _ => Err(ZplError::invalid(format!(
                "rotation {letter:?} is not one of N (normal), R (90° clockwise), \
                 I (180°), B (270°)"
            ))),
        }
    }

    /// The ZPL letter.
    pub fn letter(self) -> char {
        match self {
            Rotation::Normal => 'N',
            Rotation::Rotated90 => 'R',
            Rotation::Inverted180 => 'I',
            Rotation::Bottom270 => 'B',
        }
    }
}

/// Check that a millimetre value is a finite number (NaN and infinities never reach ZPL).
pub(crate) fn finite(name: &str, mm: f64) -> Result<f64, ZplError> {
    if mm.is_finite() {
        Ok(mm)
    } else {
        Err(ZplError::invalid(format!(
            "{name} must be a finite number of mm, not {mm}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_by_six_inches_is_the_zpl_guides_size_at_every_resolution() {
        let sizes: Vec<_> = Dpmm::ALL
            .iter()
            .map(|d| (d.dots(101.6), d.dots(152.4)))
            .collect();
        assert_eq!(sizes, [(812, 1218), (1200, 1800), (2400, 3600)]);
    }

    #[test]
    fn only_the_three_zebra_resolutions_are_accepted() {
        for n in [0, 6, 7, 9, 11, 16, 23, 25, 300] {
            assert_eq!(
                Dpmm::from_dpmm(n).unwrap_err().to_string(),
                format!(
                    "resolution {n} dpmm is not supported: use 8, 12 or 24 dots per mm \
                     (203, 300 or 600 dpi)"
                )
            );
        }
        for d in Dpmm::ALL {
            assert_eq!(Dpmm::from_dpmm(d.dpmm()), Ok(d));
        }
    }

    #[test]
    fn rotation_letters_round_trip() {
        for r in [
            Rotation::Normal,
            Rotation::Rotated90,
            Rotation::Inverted180,
            Rotation::Bottom270,
        ] {
            assert_eq!(Rotation::from_letter(&r.letter().to_string()), Ok(r));
        }
        assert!(Rotation::from_letter("90").is_err());
    }
}

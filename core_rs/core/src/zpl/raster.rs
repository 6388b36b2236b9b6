//! Grayscale rasters as PDF renderers give them, and the part of them that carries ink.
//!
//! A renderer (PDFium) writes a page into a buffer of rows, one byte per pixel (0 = black
//! … 255 = white), each row `stride` bytes apart — the stride may be larger than the width
//! (rows aligned to 4 bytes).  Turning a page into a label needs two things from such a
//! raster, both here so that no per-pixel loop runs in Python:
//!
//! * [`GrayRaster::ink_box`] — the smallest rectangle holding every pixel darker than the
//!   threshold (the page without its white margins), so the label can be cropped, centred
//!   and, only if it is too large, scaled;
//! * [`GrayRaster::to_bitmap`] — a rectangle of the raster as a 1-bit [`Bitmap`], by the
//!   same threshold (or dithering) as any other image.

use super::graphic::{Bitmap, Conversion};
use super::ZplError;

/// A rectangle in pixels: top-left corner and size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub x: usize,
    pub y: usize,
    pub width: usize,
    pub height: usize,
}

/// A borrowed grayscale raster: `height` rows of `width` pixels, `stride` bytes apart.
#[derive(Debug, Clone, Copy)]
pub struct GrayRaster<'a> {
    pixels: &'a [u8],
    width: usize,
    height: usize,
    stride: usize,
}

/// How many pixels are compared at once when looking for ink: the minimum of a chunk is
/// a loop the compiler vectorises, and most of a label page is white.
const CHUNK: usize = 64;

fn darkest(pixels: &[u8]) -> u8 {
    pixels.iter().fold(u8::MAX, |low, &p| low.min(p))
}

fn has_ink(row: &[u8], threshold: u8) -> bool {
    row.chunks(CHUNK).any(|chunk| darkest(chunk) < threshold)
}

/// The index of the first pixel darker than `threshold`, skipping white chunks whole.
fn first_ink(pixels: &[u8], threshold: u8) -> Option<usize> {
    let (index, chunk) = pixels
        .chunks(CHUNK)
        .enumerate()
        .find(|(_, chunk)| darkest(chunk) < threshold)?;
    let x = chunk.iter().position(|&p| p < threshold)?;
    Some(index * CHUNK + x)
}

/// The index of the last pixel darker than `threshold`, skipping white chunks whole.
fn last_ink(pixels: &[u8], threshold: u8) -> Option<usize> {
    let (index, chunk) = pixels
        .chunks(CHUNK)
        .enumerate()
        .rev()
        .find(|(_, chunk)| darkest(chunk) < threshold)?;
    let x = chunk.iter().rposition(|&p| p < threshold)?;
    Some(index * CHUNK + x)
}

impl<'a> GrayRaster<'a> {
    /// A raster over `pixels`; the buffer must hold `height` rows `stride` bytes apart (the
    /// last row needs only `width` bytes).
    ///
    /// ```
    /// use kolektor_core::zpl::raster::GrayRaster;
    /// let raster = GrayRaster::new(&[255; 12], 3, 3, 4).unwrap();
    /// assert_eq!(raster.ink_box(128), None);
    /// assert!(GrayRaster::new(&[255; 10], 3, 3, 4).is_err());
    /// ```
    pub fn new(
        pixels: &'a [u8],
        width: usize,
        height: usize,
        stride: usize,
    ) -> Result<GrayRaster<'a>, ZplError> {
        if width == 0 || height == 0 {
            return Err(ZplError::invalid(format!(
                "image size {width} × {height} is not possible: width and height must be at \
                 least 1 pixel"
            )));
        }
        if stride < width {
            return Err(ZplError::invalid(format!(
                "row stride {stride} is less than the width {width}: each row needs at least \
                 one byte per pixel"
            )));
        }
        let needed = stride * (height - 1) + width;
        if pixels.len() < needed {
            return Err(ZplError::invalid(format!(
                "image has {} bytes, expected at least {needed} for {height} rows of {width} \
                 pixels {stride} bytes apart",
                pixels.len()
            )));
        }
        Ok(GrayRaster {
            pixels,
            width,
            height,
            stride,
        })
    }

    pub fn width(&self) -> usize {
        self.width
    }

    pub fn height(&self) -> usize {
        self.height
    }

    fn row(&self, y: usize) -> &'a [u8] {
        &self.pixels[y * self.stride..y * self.stride + self.width]
    }

    /// The smallest rectangle holding every pixel darker than `threshold` (the same rule as
    /// [`Conversion::Threshold`]), or `None` when the raster is blank.
    ///
    /// Rows are skipped from the top and the bottom while they are white; then each row in
    /// between is searched only outside the columns already known to hold ink, so a page
    /// with wide margins costs little more than its inked area.
    ///
    /// ```
    /// use kolektor_core::zpl::raster::{GrayRaster, Region};
    /// let mut page = vec![255u8; 10 * 6];
    /// page[2 * 10 + 3] = 0; // (3, 2)
    /// page[4 * 10 + 7] = 100; // (7, 4)
    /// let raster = GrayRaster::new(&page, 10, 6, 10).unwrap();
    /// assert_eq!(raster.ink_box(128), Some(Region { x: 3, y: 2, width: 5, height: 3 }));
    /// assert_eq!(raster.ink_box(100), Some(Region { x: 3, y: 2, width: 1, height: 1 }));
    /// ```
    pub fn ink_box(&self, threshold: u8) -> Option<Region> {
        let top = (0..self.height).find(|&y| has_ink(self.row(y), threshold))?;
        let bottom = (top..self.height)
            .rev()
            .find(|&y| has_ink(self.row(y), threshold))
            .unwrap_or(top);
        let (mut left, mut right) = (self.width, 0usize);
        for y in top..=bottom {
            let row = self.row(y);
            if let Some(x) = first_ink(&row[..left], threshold) {
                left = x;
            }
            let from = (right + 1).max(left);
            if from < self.width {
                if let Some(x) = last_ink(&row[from..], threshold) {
                    right = from + x;
                }
            }
            right = right.max(left);
        }
        Some(Region {
            x: left,
            y: top,
            width: right - left + 1,
            height: bottom - top + 1,
        })
    }

    /// `region` of the raster (the whole raster when `None`) as a 1-bit bitmap.
    ///
    /// ```
    /// use kolektor_core::zpl::raster::{GrayRaster, Region};
    /// use kolektor_core::zpl::Conversion;
    /// let page = [255, 0, 0, 9, 255, 0, 255, 9]; // 3 × 2, stride 4
    /// let raster = GrayRaster::new(&page, 3, 2, 4).unwrap();
    /// let part = Region { x: 1, y: 0, width: 2, height: 2 };
    /// let bitmap = raster.to_bitmap(Some(part), Conversion::Threshold(128)).unwrap();
    /// assert_eq!(bitmap.bits(), [0b1100_0000, 0b1000_0000]);
    /// ```
    pub fn to_bitmap(
        &self,
        region: Option<Region>,
        conversion: Conversion,
    ) -> Result<Bitmap, ZplError> {
        let region = region.unwrap_or(Region {
            x: 0,
            y: 0,
            width: self.width,
            height: self.height,
        });
        let inside = region.width > 0
            && region.height > 0
            && region.x + region.width <= self.width
            && region.y + region.height <= self.height;
        if !inside {
            return Err(ZplError::invalid(format!(
                "crop of {} × {} at ({}, {}) is not inside the {} × {} image",
                region.width, region.height, region.x, region.y, self.width, self.height
            )));
        }
        if region.x == 0 && region.width == self.width && self.stride == self.width {
            let start = region.y * self.stride;
            let pixels = &self.pixels[start..start + region.width * region.height];
            return Bitmap::from_gray(pixels, region.width, region.height, conversion);
        }
        let mut pixels = Vec::with_capacity(region.width * region.height);
        for y in region.y..region.y + region.height {
            pixels.extend_from_slice(&self.row(y)[region.x..region.x + region.width]);
        }
        Bitmap::from_gray(&pixels, region.width, region.height, conversion)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The ink box by looking at every pixel.
    fn brute_force(pixels: &[u8], width: usize, height: usize, stride: usize) -> Option<Region> {
        let dark: Vec<(usize, usize)> = (0..height)
            .flat_map(|y| (0..width).map(move |x| (x, y)))
            .filter(|&(x, y)| pixels[y * stride + x] < 128)
            .collect();
        let (x0, x1) = (
            dark.iter().map(|p| p.0).min()?,
            dark.iter().map(|p| p.0).max()?,
        );
        let (y0, y1) = (
            dark.iter().map(|p| p.1).min()?,
            dark.iter().map(|p| p.1).max()?,
        );
        Some(Region {
            x: x0,
            y: y0,
            width: x1 - x0 + 1,
            height: y1 - y0 + 1,
        })
    }

    #[test]
    fn a_blank_page_has_no_ink() {
        let page = vec![200u8; 300 * 20];
        assert_eq!(
            GrayRaster::new(&page, 300, 20, 300).unwrap().ink_box(128),
            None
        );
    }

    #[test]
    fn padding_past_the_width_is_not_ink() {
        // Stride 8, width 5: the three padding bytes of each row are black.
        let mut page = vec![0u8; 8 * 4];
        for y in 0..4 {
            page[y * 8..y * 8 + 5].fill(255);
        }
        page[2 * 8 + 4] = 0;
        let raster = GrayRaster::new(&page, 5, 4, 8).unwrap();
        assert_eq!(
            raster.ink_box(128),
            Some(Region {
                x: 4,
                y: 2,
                width: 1,
                height: 1
            })
        );
    }

    #[test]
    fn sizes_are_checked() {
        assert_eq!(
            GrayRaster::new(&[0; 10], 4, 3, 3).unwrap_err().to_string(),
            "row stride 3 is less than the width 4: each row needs at least one byte per pixel"
        );
        assert_eq!(
            GrayRaster::new(&[0; 10], 4, 3, 4).unwrap_err().to_string(),
            "image has 10 bytes, expected at least 12 for 3 rows of 4 pixels 4 bytes apart"
        );
        let raster = GrayRaster::new(&[0; 12], 4, 3, 4).unwrap();
        let outside = Region {
            x: 2,
            y: 0,
            width: 3,
            height: 1,
        };
        assert_eq!(
            raster
                .to_bitmap(Some(outside), Conversion::Threshold(128))
                .unwrap_err()
                .to_string(),
            "crop of 3 × 1 at (2, 0) is not inside the 4 × 3 image"
        );
    }

    fn page() -> impl Strategy<Value = (Vec<u8>, usize, usize, usize)> {
        (1usize..150, 1usize..40, 0usize..9).prop_flat_map(|(width, height, pad)| {
            let stride = width + pad;
            let dots = prop::collection::vec((0..width, 0..height, 0u8..255), 0..6);
            dots.prop_map(move |dots| {
                let mut pixels = vec![255u8; stride * height];
                for (x, y, value) in dots {
                    pixels[y * stride + x] = value;
                }
                (pixels, width, height, stride)
            })
        })
    }

    proptest! {
        #[test]
        fn ink_box_is_the_tightest_box((pixels, width, height, stride) in page()) {
            let raster = GrayRaster::new(&pixels, width, height, stride).unwrap();
            let found = raster.ink_box(128);
            prop_assert_eq!(found, brute_force(&pixels, width, height, stride));
            if let Some(region) = found {
                let inside = raster.to_bitmap(Some(region), Conversion::Threshold(128)).unwrap();
                let whole = raster.to_bitmap(None, Conversion::Threshold(128)).unwrap();
                prop_assert_eq!(inside.black_dots(), whole.black_dots());
                for y in 0..region.height {
                    for x in 0..region.width {
                        prop_assert_eq!(
                            inside.pixel(x, y),
                            whole.pixel(region.x + x, region.y + y)
                        );
                    }
                }
            }
        }
    }
}

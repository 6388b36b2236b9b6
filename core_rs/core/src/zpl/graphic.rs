//! 1-bit bitmaps as ZPL wants them: rows of whole bytes, most significant bit first,
//! 1 = black (a dot is printed).
//!
//! Grayscale images (one byte per pixel, 0 = black … 255 = white, as PIL's "L" mode gives)
//! become bitmaps by a plain threshold — right for text and barcodes, whose edges must stay
//! sharp — or by Floyd–Steinberg error diffusion, right for photos and logos with shading,
//! where the density of black dots follows the gray level.  PIL's "1" mode images (packed,
//! 1 = white) are inverted.  Bits past the image width in the last byte of a row are 0, so
//! nothing prints there.

use super::ZplError;

/// The largest width or height accepted, in dots (ZPL's own limit for label dimensions).
pub const MAX_DOTS: usize = 32_000;

/// How grayscale becomes black and white.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conversion {
    /// A pixel is black when its value is below the level (128 splits 0–255 in halves).
    Threshold(u8),
    /// Floyd–Steinberg dithering; each pixel is decided against the level and the error
    /// is spread to its neighbours, so the share of black dots is about `1 − gray / 255`.
    /// Pure black (0) and pure white (255) pixels print as they are and take no part in
    /// the diffusion, so text and bars next to shading stay sharp.
    Dither(u8),
}

impl Default for Conversion {
    fn default() -> Self {
        Conversion::Threshold(128)
    }
}

/// A 1-bit bitmap in ZPL's layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bitmap {
    width: usize,
    height: usize,
    bytes_per_row: usize,
    bits: Vec<u8>,
}

fn check_size(width: usize, height: usize) -> Result<(), ZplError> {
    if width == 0 || height == 0 || width > MAX_DOTS || height > MAX_DOTS {
        return Err(ZplError::invalid(format!(
            "image size {width} × {height} is not possible: width and height must be 1 to \
             {MAX_DOTS} dots"
        )));
    }
    Ok(())
}

/// The mask of the bits that belong to the image in the last byte of a row.
fn last_byte_mask(width: usize) -> u8 {
    match width % 8 {
        0 => 0xff,
        used => 0xffu8 << (8 - used),
    }
}

impl Bitmap {
    /// An all-white bitmap.
    pub fn new(width: usize, height: usize) -> Result<Bitmap, ZplError> {
        check_size(width, height)?;
        let bytes_per_row = width.div_ceil(8);
        Ok(Bitmap {
            width,
            height,
            bytes_per_row,
            bits: vec![0; bytes_per_row * height],
        })
    }

    /// A bitmap from packed bits in ZPL's layout (1 = black, rows padded to whole bytes).
    /// Padding bits are cleared.
    pub fn from_packed(width: usize, height: usize, mut bits: Vec<u8>) -> Result<Bitmap, ZplError> {
        check_size(width, height)?;
        let bytes_per_row = width.div_ceil(8);
        if bits.len() != bytes_per_row * height {
            return Err(ZplError::ImageSize {
                what: "1-bit image",
                len: bits.len(),
                per_row: bytes_per_row,
                rows: height,
            });
        }
        let mask = last_byte_mask(width);
        if mask != 0xff {
            for row in bits.chunks_exact_mut(bytes_per_row) {
                row[bytes_per_row - 1] &= mask;
            }
        }
        Ok(Bitmap {
            width,
            height,
            bytes_per_row,
            bits,
        })
    }

    /// A bitmap from PIL's "1" mode bytes (`Image.tobytes()`): packed, most significant bit
    /// first, rows padded to whole bytes, **1 = white** — inverted here.
    pub fn from_pil_1bit(packed: &[u8], width: usize, height: usize) -> Result<Bitmap, ZplError> {
        check_size(width, height)?;
        let bytes_per_row = width.div_ceil(8);
        if packed.len() != bytes_per_row * height {
            return Err(ZplError::ImageSize {
                what: "1-bit image",
                len: packed.len(),
                per_row: bytes_per_row,
                rows: height,
            });
        }
        Bitmap::from_packed(width, height, packed.iter().map(|b| !b).collect())
    }

    /// A bitmap from grayscale pixels (row by row, one byte each, 0 = black, 255 = white).
    ///
    /// ```
    /// use kolektor_core::zpl::{Bitmap, Conversion};
    /// let gray = [0, 255, 127, 128, 0, 0, 0, 0, 0, 255];
    /// let bitmap = Bitmap::from_gray(&gray, 10, 1, Conversion::Threshold(128)).unwrap();
    /// assert_eq!(bitmap.bits(), [0b1010_1111, 0b1000_0000]);
    /// ```
    pub fn from_gray(
        pixels: &[u8],
        width: usize,
        height: usize,
        conversion: Conversion,
    ) -> Result<Bitmap, ZplError> {
        check_size(width, height)?;
        if pixels.len() != width * height {
            return Err(ZplError::ImageSize {
                what: "image",
                len: pixels.len(),
                per_row: width,
                rows: height,
            });
        }
        let mut bitmap = Bitmap::new(width, height)?;
        match conversion {
            Conversion::Threshold(level) => bitmap.threshold(pixels, level),
            Conversion::Dither(level) => bitmap.dither(pixels, level),
        }
        Ok(bitmap)
    }

    fn threshold(&mut self, pixels: &[u8], level: u8) {
        let width = self.width;
        let full = width / 8;
        for (row, out) in pixels
            .chunks_exact(width)
            .zip(self.bits.chunks_exact_mut(self.bytes_per_row))
        {
            for (chunk, byte) in row.chunks_exact(8).zip(out.iter_mut()) {
                let mut packed = 0u8;
                for &p in chunk {
                    packed = (packed << 1) | u8::from(p < level);
                }
                *byte = packed;
            }
            let rest = &row[full * 8..];
            if !rest.is_empty() {
                let mut packed = 0u8;
                for (k, &p) in rest.iter().enumerate() {
                    packed |= u8::from(p < level) << (7 - k);
                }
                out[full] = packed;
            }
        }
    }

    fn dither(&mut self, pixels: &[u8], level: u8) {
        let width = self.width;
        let level = i32::from(level);
        // Pure black (0) and pure white (255) pixels print as they are and take no part
        // in the diffusion (they neither take nor pass on error): text, lines and bars
        // inside or beside a shaded area stay crisp, and the white bulk of a label costs
        // almost nothing.
        //
        // `above[x + 1]`: error passed down to pixel x of this row; `below[x + 1]`: error
        // for pixel x of the next row (shifted by one so that x − 1 is always in range).
        // The error passed right and the two partial sums of the row below stay in
        // registers, and the black/white decision is branch-free: dithered areas are
        // exactly where a branch would be mispredicted half the time.
        let mut above = vec![0i32; width + 2];
        let mut below = vec![0i32; width + 2];
        for (row, out) in pixels
            .chunks_exact(width)
            .zip(self.bits.chunks_exact_mut(self.bytes_per_row))
        {
            let mut right = 0i32; // 7/16 of the error of the pixel to the left
            let mut pending_left = 0i32; // below[x]: from pixels x − 2 and x − 1
            let mut pending = 0i32; // below[x + 1]: from pixel x − 1
            for (index, (chunk, byte_out)) in row.chunks(8).zip(out.iter_mut()).enumerate() {
                let x0 = index * 8;
                if chunk.len() == 8 && chunk.iter().all(|&p| p == 0 || p == 255) {
                    *byte_out = chunk
                        .iter()
                        .fold(0u8, |byte, &p| (byte << 1) | u8::from(p == 0));
                    below[x0] = pending_left;
                    below[x0 + 1] = pending;
                    below[x0 + 2..x0 + 8].fill(0);
                    (right, pending_left, pending) = (0, 0, 0);
                    continue;
                }
                let mut byte = 0u8;
                for (k, &p) in chunk.iter().enumerate() {
                    let x = x0 + k;
                    let pure = p == 0 || p == 255;
                    let value = i32::from(p) + if pure { 0 } else { above[x + 1] + right };
                    let black = value < level;
                    let error = if pure {
                        0
                    } else {
                        value - 255 * i32::from(!black)
                    };
                    byte = (byte << 1) | u8::from(black);
                    // 7/16 right, 3/16 below left, 5/16 below, the rest (≈1/16) below
                    // right: the whole error is passed on, so the density is exact on
                    // average.
                    right = error * 7 / 16;
                    let below_left = error * 3 / 16;
                    let straight_below = error * 5 / 16;
                    below[x] = pending_left + below_left;
                    pending_left = pending + straight_below;
                    pending = error - right - below_left - straight_below;
                }
                *byte_out = byte << (8 - chunk.len());
            }
            below[width] = pending_left;
            below[width + 1] = pending;
            std::mem::swap(&mut above, &mut below);
        }
    }

    /// Width in dots.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Height in dots (rows).
    pub fn height(&self) -> usize {
        self.height
    }

    /// Bytes per row (`d` of `^GF`): `ceil(width / 8)`.
    pub fn bytes_per_row(&self) -> usize {
        self.bytes_per_row
    }

    /// The packed bits, row after row.
    pub fn bits(&self) -> &[u8] {
        &self.bits
    }

    /// The packed bits, taken out.
    pub fn into_bits(self) -> Vec<u8> {
        self.bits
    }

    /// True when the dot at (x, y) is black; false outside the bitmap.
    pub fn pixel(&self, x: usize, y: usize) -> bool {
        x < self.width
            && y < self.height
            && self.bits[y * self.bytes_per_row + x / 8] & (0x80 >> (x % 8)) != 0
    }

    /// Set the dot at (x, y); outside the bitmap nothing happens.
    pub fn set(&mut self, x: usize, y: usize, black: bool) {
        if x < self.width && y < self.height {
            let byte = &mut self.bits[y * self.bytes_per_row + x / 8];
            let bit = 0x80 >> (x % 8);
            if black {
                *byte |= bit;
            } else {
                *byte &= !bit;
            }
        }
    }

    /// The number of black dots.
    pub fn black_dots(&self) -> usize {
        self.bits.iter().map(|b| b.count_ones() as usize).sum()
    }

    /// `count` rows from `start` (clipped to the bitmap) as a bitmap of their own.
    pub fn rows(&self, start: usize, count: usize) -> Result<Bitmap, ZplError> {
        let end = (start + count).min(self.height);
        if start >= end {
            return Err(ZplError::invalid(format!(
                "rows {start}..{} are outside a bitmap of {} rows",
                start + count,
                self.height
            )));
        }
        Ok(Bitmap {
            width: self.width,
            height: end - start,
            bytes_per_row: self.bytes_per_row,
            bits: self.bits[start * self.bytes_per_row..end * self.bytes_per_row].to_vec(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gradient(width: usize, height: usize) -> Vec<u8> {
        (0..height)
            .flat_map(|_| (0..width).map(move |x| (x * 255 / (width - 1)) as u8))
            .collect()
    }

    #[test]
    fn threshold_of_a_gradient_has_one_edge_per_row() {
        let bitmap =
            Bitmap::from_gray(&gradient(256, 4), 256, 4, Conversion::Threshold(128)).unwrap();
        for y in 0..4 {
            let row: Vec<bool> = (0..256).map(|x| bitmap.pixel(x, y)).collect();
            let edges = row.windows(2).filter(|w| w[0] != w[1]).count();
            assert_eq!(edges, 1);
            assert!(row[0] && !row[255]);
            assert_eq!(row.iter().filter(|&&b| b).count(), 128);
        }
    }

    #[test]
    fn dithering_density_follows_the_gray_level() {
        for gray in [16u8, 64, 128, 192, 240] {
            let (w, h) = (200, 200);
            let bitmap =
                Bitmap::from_gray(&vec![gray; w * h], w, h, Conversion::Dither(128)).unwrap();
            let share = bitmap.black_dots() as f64 / (w * h) as f64;
            let expected = 1.0 - f64::from(gray) / 255.0;
            assert!(
                (share - expected).abs() < 0.01,
                "gray {gray}: {share} vs {expected}"
            );
        }
    }

    #[test]
    fn pure_pixels_inside_shading_print_as_they_are() {
        // A mid-gray field crossed by a black and a white line, one dot wide.
        let (w, h) = (64, 64);
        let mut pixels = vec![128u8; w * h];
        for x in 0..w {
            pixels[20 * w + x] = 0;
            pixels[40 * w + x] = 255;
        }
        let bitmap = Bitmap::from_gray(&pixels, w, h, Conversion::Dither(128)).unwrap();
        assert!((0..w).all(|x| bitmap.pixel(x, 20)));
        assert!((0..w).all(|x| !bitmap.pixel(x, 40)));
        let gray_rows = (0..h).filter(|&y| y != 20 && y != 40);
        let black: usize = gray_rows
            .map(|y| (0..w).filter(|&x| bitmap.pixel(x, y)).count())
            .sum();
        assert!((black as f64 / (62 * 64) as f64 - 0.5).abs() < 0.02);
    }

    #[test]
    fn pure_black_and_white_are_the_same_either_way() {
        let pixels: Vec<u8> = (0..13 * 7)
            .map(|i| if i % 3 == 0 { 0 } else { 255 })
            .collect();
        let a = Bitmap::from_gray(&pixels, 13, 7, Conversion::Threshold(128)).unwrap();
        let b = Bitmap::from_gray(&pixels, 13, 7, Conversion::Dither(128)).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn padding_bits_are_white() {
        let bitmap = Bitmap::from_gray(&[0; 3 * 2], 3, 2, Conversion::Threshold(128)).unwrap();
        assert_eq!(bitmap.bits(), [0b1110_0000, 0b1110_0000]);
        let dithered = Bitmap::from_gray(&[0; 3 * 2], 3, 2, Conversion::Dither(128)).unwrap();
        assert_eq!(dithered.bits(), [0b1110_0000, 0b1110_0000]);
        let pil = Bitmap::from_pil_1bit(&[0b0101_0000, 0b0000_0000], 3, 2).unwrap();
        assert_eq!(pil.bits(), [0b1010_0000, 0b1110_0000]);
    }

    #[test]
    fn sizes_are_checked() {
        assert_eq!(
            Bitmap::from_gray(&[0; 1000], 812, 1218, Conversion::Threshold(128))
                .unwrap_err()
                .to_string(),
            "image has 1000 bytes, expected 812 × 1218 = 989016"
        );
        assert_eq!(
            Bitmap::from_pil_1bit(&[0; 10], 812, 1218)
                .unwrap_err()
                .to_string(),
            "1-bit image has 10 bytes, expected 102 × 1218 = 124236"
        );
        assert_eq!(
            Bitmap::new(0, 5).unwrap_err().to_string(),
            "image size 0 × 5 is not possible: width and height must be 1 to 32000 dots"
        );
    }
}

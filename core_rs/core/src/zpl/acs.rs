//! ASCII hex graphic data and its Alternative Compression Scheme (ACS).
//!
//! Plain `^GFA` data is two hex digits per byte.  ACS shortens it with:
//!
//! * `G`–`Y`: repeat the next hex digit 1–19 times; `g`–`z`: 20, 40 … 400 times; several
//!   count letters add up (`hM0` = 47 zeros);
//! * `,`: fill the rest of the row with `0`;
//! * `!`: fill the rest of the row with `1` — read here as the hex digit `1` (the ZPL
//!   guide's wording, as BinaryKits.Zpl and zebrash read it); the encoder never writes it;
//! * `:`: repeat the previous row.
//!
//! The encoder works row by row (counts never cross a row end), writes `:` for a row equal
//! to the one before, `,` for trailing zeros, counts for runs of three or more.  The
//! decoder reads the data as one stream of hex digits cut into rows of `2 × d` digits, so
//! it also accepts plain hex and counts that run across a row end.

use super::graphic::Bitmap;
use super::ZplError;

const HEX: &[u8; 16] = b"0123456789ABCDEF";

fn push_count(out: &mut String, mut count: usize) {
    while count >= 400 {
        out.push('z');
        count -= 400;
    }
    if count >= 20 {
        out.push(char::from(b'f' + (count / 20) as u8));
        count %= 20;
    }
    if count > 0 {
        out.push(char::from(b'F' + count as u8));
    }
}

fn push_run(out: &mut String, nibble: u8, count: usize) {
    let digit = char::from(HEX[usize::from(nibble)]);
    if count <= 2 {
        for _ in 0..count {
            out.push(digit);
        }
    } else {
        push_count(out, count);
        out.push(digit);
    }
}

/// The hex digit (nibble) `i` of a row.
#[inline]
fn nibble(row: &[u8], i: usize) -> u8 {
    let byte = row[i / 2];
    if i.is_multiple_of(2) {
        byte >> 4
    } else {
        byte & 0x0f
    }
}

/// Append the bitmap as ACS-compressed hex.
pub fn encode(bitmap: &Bitmap, out: &mut String) {
    let d = bitmap.bytes_per_row();
    let mut previous: Option<&[u8]> = None;
    for row in bitmap.bits().chunks_exact(d) {
        if previous == Some(row) {
            out.push(':');
            continue;
        }
        previous = Some(row);
        // Everything after the last non-zero digit becomes ','.
        let used = match row.iter().rposition(|&b| b != 0) {
            None => {
                out.push(',');
                continue;
            }
            Some(last) => 2 * last + if row[last] & 0x0f != 0 { 2 } else { 1 },
        };
        let mut i = 0;
        while i < used {
            let digit = nibble(row, i);
            let mut j = i + 1;
            if j % 2 == 1 && j < used && nibble(row, j) == digit {
                j += 1;
            }
            if j % 2 == 0 {
                // On a byte boundary: skip whole bytes of the same two digits at once.
                let whole = digit * 0x11;
                while j + 1 < used && row[j / 2] == whole {
                    j += 2;
                }
            }
            while j < used && nibble(row, j) == digit {
                j += 1;
            }
            push_run(out, digit, j - i);
            i = j;
        }
        if used < 2 * d {
            out.push(',');
        }
    }
}

/// Append the bitmap as plain hex (two digits per byte, no compression).
pub fn encode_plain(bitmap: &Bitmap, out: &mut String) {
    out.reserve(bitmap.bits().len() * 2);
    for &byte in bitmap.bits() {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
}

/// Expand hex or ACS data of `total` bytes in rows of `bytes_per_row` bytes.
/// Carriage returns, line feeds, spaces and tabs are skipped, as printers do.
pub fn decode(data: &str, bytes_per_row: usize, total: usize) -> Result<Vec<u8>, ZplError> {
    let rows = total / bytes_per_row;
    let row_digits = 2 * bytes_per_row;
    let mut out: Vec<u8> = Vec::with_capacity(total);
    let mut row: Vec<u8> = Vec::with_capacity(row_digits);
    let mut count = 0usize;
    let too_long = |row_number: usize| {
        ZplError::decode(format!(
            "the data continues past c = {total} bytes ({rows} rows) at row {}",
            row_number + 1
        ))
    };
    // Move a finished row of digits into `out`.
    let finish = |row: &mut Vec<u8>, out: &mut Vec<u8>| -> Result<(), ZplError> {
        if out.len() >= total {
            return Err(too_long(out.len() / bytes_per_row));
        }
        out.extend(row.chunks_exact(2).map(|pair| (pair[0] << 4) | pair[1]));
        row.clear();
        Ok(())
    };
    for (position, c) in data.bytes().enumerate() {
        match c {
            b'\r' | b'\n' | b' ' | b'\t' => {}
            b'G'..=b'Y' => count += usize::from(c - b'F'),
            b'g'..=b'z' => count += 20 * usize::from(c - b'f'),
            b'0'..=b'9' | b'A'..=b'F' | b'a'..=b'f' => {
                let digit = match c {
                    b'0'..=b'9' => c - b'0',
                    b'A'..=b'F' => c - b'A' + 10,
                    _ => c - b'a' + 10,
                };
                let mut n = count.max(1);
                count = 0;
                while n > 0 {
                    let take = n.min(row_digits - row.len());
                    row.extend(std::iter::repeat_n(digit, take));
                    n -= take;
                    if row.len() == row_digits {
                        finish(&mut row, &mut out)?;
                    }
                }
            }
            b',' | b'!' => {
                if count > 0 {
                    return Err(ZplError::decode(format!(
                        "a repeat count is followed by {:?} at position {}, not a hex digit",
                        char::from(c),
                        position + 1
                    )));
                }
                let fill = if c == b',' { 0 } else { 1 };
                row.resize(row_digits, fill);
                finish(&mut row, &mut out)?;
            }
            b':' => {
                if count > 0 || !row.is_empty() {
                    return Err(ZplError::decode(format!(
                        "':' (repeat the previous row) at position {} is not at the start of a row",
                        position + 1
                    )));
                }
                if out.is_empty() {
                    return Err(ZplError::decode(
                        "':' (repeat the previous row) on the first row",
                    ));
                }
                if out.len() >= total {
                    return Err(too_long(out.len() / bytes_per_row));
                }
                out.extend_from_within(out.len() - bytes_per_row..);
            }
            other => {
                return Err(ZplError::decode(format!(
                    "{:?} at position {} is neither hex nor ACS",
                    char::from(other),
                    position + 1
                )))
            }
        }
    }
    if count > 0 {
        return Err(ZplError::decode("the data ends with a repeat count"));
    }
    if !row.is_empty() || out.len() != total {
        return Err(ZplError::decode(format!(
            "the data ends after {} of {rows} rows{}; c = {total} bytes",
            out.len() / bytes_per_row,
            if row.is_empty() {
                String::new()
            } else {
                format!(" and {} of {row_digits} hex digits of the next", row.len())
            }
        )));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn acs(bits: Vec<u8>, width: usize, height: usize) -> String {
        let mut out = String::new();
        encode(&Bitmap::from_packed(width, height, bits).unwrap(), &mut out);
        out
    }

    #[test]
    fn rows_runs_and_repeats() {
        // 4 bytes per row: a row of FF, the same again, a blank row, one with a tail of 0.
        let bits = vec![
            0xff, 0xff, 0xff, 0xff, //
            0xff, 0xff, 0xff, 0xff, //
            0, 0, 0, 0, //
            0x80, 0x00, 0x01, 0x00, //
        ];
        assert_eq!(acs(bits.clone(), 32, 4), "NF:,8J01,");
        assert_eq!(decode("NF:,8J01,", 4, 16).unwrap(), bits);
    }

    #[test]
    fn counts_are_letters_that_add_up() {
        let mut out = String::new();
        push_count(&mut out, 327);
        assert_eq!(out, "vM");
        out.clear();
        push_count(&mut out, 847);
        assert_eq!(out, "zzhM");
        // The ZPL guide's example: vMB and MvB are both 327 B's.
        assert_eq!(decode("vMB,", 164, 164).unwrap()[..163], [0xbb; 163]);
        assert_eq!(decode("MvB,", 164, 164).unwrap()[163], 0xb0);
    }

    #[test]
    fn plain_hex_and_lower_case_are_accepted() {
        assert_eq!(
            decode("0aFf\r\n10 01", 2, 4).unwrap(),
            [0x0a, 0xff, 0x10, 0x01]
        );
    }

    #[test]
    fn exclamation_fills_with_the_digit_one() {
        assert_eq!(decode("F!", 2, 2).unwrap(), [0xf1, 0x11]);
    }

    #[test]
    fn bad_data_says_where() {
        let message = |data: &str| decode(data, 2, 4).unwrap_err().to_string();
        assert_eq!(
            message(":"),
            "cannot decode ^GF: ':' (repeat the previous row) on the first row"
        );
        assert_eq!(
            message("F:"),
            "cannot decode ^GF: ':' (repeat the previous row) at position 2 is not at the start of a row"
        );
        assert_eq!(
            message("FFFF,,"),
            "cannot decode ^GF: the data continues past c = 4 bytes (2 rows) at row 3"
        );
        assert_eq!(
            message("FFFF0"),
            "cannot decode ^GF: the data ends after 1 of 2 rows and 1 of 4 hex digits of the next; c = 4 bytes"
        );
        assert_eq!(
            message("FFFF#"),
            "cannot decode ^GF: '#' at position 5 is neither hex nor ACS"
        );
        assert_eq!(
            message("K,"),
            "cannot decode ^GF: a repeat count is followed by ',' at position 2, not a hex digit"
        );
    }

    proptest! {
        #[test]
        fn any_bitmap_round_trips(
            (width, height, bits) in (1usize..70, 1usize..12).prop_flat_map(|(w, h)| {
                let d = w.div_ceil(8);
                let byte = prop_oneof![Just(0u8), Just(0xffu8), any::<u8>()];
                (Just(w), Just(h), prop::collection::vec(byte, d * h))
            })
        ) {
            let bitmap = Bitmap::from_packed(width, height, bits).unwrap();
            let mut out = String::new();
            encode(&bitmap, &mut out);
            prop_assert!(!out.contains('!'));
            let decoded = decode(&out, bitmap.bytes_per_row(), bitmap.bits().len()).unwrap();
            prop_assert_eq!(&decoded[..], bitmap.bits());
            let mut plain = String::new();
            encode_plain(&bitmap, &mut plain);
            prop_assert!(out.len() <= plain.len() + height);
            prop_assert_eq!(&decode(&plain, bitmap.bytes_per_row(), bitmap.bits().len()).unwrap()[..], bitmap.bits());
        }
    }
}

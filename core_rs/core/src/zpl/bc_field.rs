//! `^BC` field data read back: the Code 128 symbol a Zebra printer prints for a field, and
//! its interpretation line — what a label preview draws.
//!
//! Three of `^BC`'s modes (its sixth parameter) are read:
//!
//! * **N** (normal, the default): the data is followed literally, with the invocation codes
//!   of the ZPL guide's `^BC` table — `>9` / `>:` / `>;` start A / B / C (without one the
//!   printer starts in B), `>5` code C, `>6` code B, `>7` code A, `>8` FNC1, and the escapes
//!   `>0` (`>`), `><` (`^`), `>=` (`~`, subset B).  Kolektor's own builder writes this mode
//!   ([`super::code128`]), so reading it back is exact.
//! * **A** (automatic): the printer chooses the subsets; `>8` is FNC1.  The symbol here is
//!   the shortest B/C one — the printer may choose other subsets, but the data read from
//!   the bars is the same.
//! * **D** (UCC/EAN): GS1-128 from the human-readable form `(00)…(10)…`: FNC1 first,
//!   parentheses not encoded, FNC1 after variable-length elements; the interpretation line
//!   keeps the parentheses.
//!
//! Mode U and the rarely used FNC2/FNC3/FNC4/SHIFT codes are errors naming what is not
//! supported, so a preview never draws bars that differ from the printed ones.

use super::code128::{Item, Symbol};
use super::gs1;
use super::ZplError;

const START_A: u8 = 103;
const START_B: u8 = 104;
const START_C: u8 = 105;
const CODE_A: u8 = 101;
const CODE_B: u8 = 100;
const CODE_C: u8 = 99;
const FNC1: u8 = 102;

/// The `^BC` mode: how the field data becomes a symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BcMode {
    Normal,
    Automatic,
    Ucc,
}

impl BcMode {
    /// `N`, `A` or `D` (upper or lower case).
    pub fn from_letter(letter: &str) -> Result<BcMode, ZplError> {
        match letter {
            "N" | "n" | "" => Ok(BcMode::Normal),
            "A" | "a" => Ok(BcMode::Automatic),
            "D" | "d" => Ok(BcMode::Ucc),
            other => Err(ZplError::invalid(format!(
                "^BC mode {other:?} is not supported (only N, A and D)"
            ))),
        }
    }
}

/// What a `^BC` field prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BcField {
    /// The symbol (its bars: [`Symbol::bars`]).
    pub symbol: Symbol,
    /// The interpretation line: the data characters, without function codes.
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Set {
    A,
    B,
    C,
}

impl Set {
    fn name(self) -> char {
        match self {
            Set::A => 'A',
            Set::B => 'B',
            Set::C => 'C',
        }
    }
}

/// Read `^BC` field data (after `^FH` escapes are applied) in `mode`.
///
/// ```
/// use kolektor_core::zpl::bc_field::{read_field, BcMode};
/// let field = read_field(">:ZK 12/2026 #1", BcMode::Normal).unwrap();
/// assert_eq!(field.text, "ZK 12/2026 #1");
/// let sscc = read_field(">;>800373400306809981733", BcMode::Normal).unwrap();
/// assert_eq!(sscc.text, "00373400306809981733");
/// let ucc = read_field("(00)373400306809981733", BcMode::Ucc).unwrap();
/// assert_eq!(ucc.symbol.bars(), sscc.symbol.bars());
/// assert_eq!(ucc.text, "(00)373400306809981733");
/// ```
pub fn read_field(data: &str, mode: BcMode) -> Result<BcField, ZplError> {
    if let Some((position, c)) = data.chars().enumerate().find(|(_, c)| !c.is_ascii()) {
        return Err(ZplError::invalid(format!(
            "^BC field data may only contain ASCII; {c:?} at position {} is not",
            position + 1
        )));
    }
    if data.is_empty() {
        return Err(ZplError::invalid("^BC field data is empty"));
    }
    match mode {
        BcMode::Normal => read_normal(data),
        BcMode::Automatic => read_automatic(data),
        BcMode::Ucc => {
            let elements = gs1::parse_hri(data)?;
            Ok(BcField {
                symbol: Symbol::gs1(&elements),
                text: gs1::hri(&elements),
            })
        }
    }
}

fn read_normal(data: &str) -> Result<BcField, ZplError> {
    let bytes = data.as_bytes();
    let (mut set, mut i) = match bytes {
        [b'>', b'9', ..] => (Set::A, 2),
        [b'>', b':', ..] => (Set::B, 2),
        [b'>', b';', ..] => (Set::C, 2),
        _ => (Set::B, 0),
    };
    let mut values = vec![match set {
        Set::A => START_A,
        Set::B => START_B,
        Set::C => START_C,
    }];
    let mut text = String::with_capacity(data.len());
    while i < bytes.len() {
        let byte = bytes[i];
        if byte == b'>' {
            let Some(&code) = bytes.get(i + 1) else {
                return Err(ZplError::invalid(
                    "^BC field data ends with a lone \">\" (an invocation code needs a \
                     second character; \">0\" is a \">\")",
                ));
            };
            i += 2;
            match (code, set) {
                (b'8', _) => values.push(FNC1),
                (b'5', Set::A | Set::B) => {
                    values.push(CODE_C);
                    set = Set::C;
                }
                (b'6', Set::A | Set::C) => {
                    values.push(CODE_B);
                    set = Set::B;
                }
                (b'7', Set::B | Set::C) => {
                    values.push(CODE_A);
                    set = Set::A;
                }
                (b'0', Set::A | Set::B) => {
                    values.push(b'>' - b' ');
                    text.push('>');
                }
                (b'<', Set::A | Set::B) => {
                    values.push(b'^' - b' ');
                    text.push('^');
                }
                (b'=', Set::B) => {
                    values.push(b'~' - b' ');
                    text.push('~');
                }
                (b'9' | b':' | b';', _) => {
                    return Err(ZplError::invalid(format!(
                        "^BC start code \">{}\" at position {} is not at the start of the data",
                        char::from(code),
                        i - 1
                    )))
                }
                (other, set) => {
                    return Err(ZplError::invalid(format!(
                        "^BC invocation code \">{}\" in subset {} is not supported",
                        char::from(other),
                        set.name()
                    )))
                }
            }
            continue;
        }
        match set {
            Set::C => {
                let pair = bytes
                    .get(i..i + 2)
                    .filter(|p| p.iter().all(u8::is_ascii_digit));
                let Some(pair) = pair else {
                    return Err(ZplError::invalid(format!(
                        "^BC subset C takes pairs of digits; {:?} at position {} is not one",
                        &data[i..(i + 2).min(data.len())],
                        i + 1
                    )));
                };
                values.push((pair[0] - b'0') * 10 + (pair[1] - b'0'));
                text.push(char::from(pair[0]));
                text.push(char::from(pair[1]));
                i += 2;
            }
            Set::B if (b' '..=b'~').contains(&byte) => {
                values.push(byte - b' ');
                text.push(char::from(byte));
                i += 1;
            }
            Set::A if (b' '..=b'_').contains(&byte) => {
                values.push(byte - b' ');
                text.push(char::from(byte));
                i += 1;
            }
            Set::A if byte < b' ' => {
                values.push(byte + 64);
                i += 1;
            }
            set => {
                return Err(ZplError::invalid(format!(
                    "^BC subset {} cannot carry {:?} (position {})",
                    set.name(),
                    char::from(byte),
                    i + 1
                )))
            }
        }
    }
    if values.len() == 1 {
        return Err(ZplError::invalid(
            "^BC field data has no characters to encode",
        ));
    }
    Ok(BcField {
        symbol: Symbol::from_values(values, data.to_string()),
        text,
    })
}

fn read_automatic(data: &str) -> Result<BcField, ZplError> {
    let bytes = data.as_bytes();
    let mut items = Vec::with_capacity(bytes.len());
    let mut text = String::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'>' {
            match bytes.get(i + 1) {
                Some(b'8') => items.push(Item::Fnc1),
                Some(b'0') => {
                    items.push(Item::Char(b'>'));
                    text.push('>');
                }
                other => {
                    return Err(ZplError::invalid(format!(
                        "^BC mode A: invocation code \">{}\" is not supported (only >8 FNC1 \
                         and >0)",
                        other.map(|&c| char::from(c)).unwrap_or(' ')
                    )))
                }
            }
            i += 2;
            continue;
        }
        items.push(Item::Char(bytes[i]));
        text.push(char::from(bytes[i]));
        i += 1;
    }
    Ok(BcField {
        symbol: Symbol::encode(&items)?,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn without_a_start_code_the_printer_starts_in_b() {
        let field = read_field("AB12", BcMode::Normal).unwrap();
        assert_eq!(field.symbol.values(), [START_B, 33, 34, 17, 18]);
        assert_eq!(field.text, "AB12");
    }

    #[test]
    fn subset_switches_and_escapes() {
        let field = read_field(">:a>0b><c>=>51234>6x>7A", BcMode::Normal).unwrap();
        assert_eq!(field.text, "a>b^c~1234xA");
        assert_eq!(
            field.symbol.values(),
            [START_B, 65, 30, 66, 62, 67, 94, CODE_C, 12, 34, CODE_B, 88, CODE_A, 33]
        );
        let control = read_field(">9A\u{1}", BcMode::Normal).unwrap();
        assert_eq!(control.symbol.values(), [START_A, 33, 65]);
        assert_eq!(control.text, "A");
    }

    #[test]
    fn what_is_not_read_is_an_error() {
        let message = |data: &str, mode| read_field(data, mode).unwrap_err().to_string();
        assert_eq!(
            message(">;123", BcMode::Normal),
            "^BC subset C takes pairs of digits; \"3\" at position 5 is not one"
        );
        assert_eq!(
            message(">:A>2", BcMode::Normal),
            "^BC invocation code \">2\" in subset B is not supported"
        );
        assert_eq!(
            message("AB>:C", BcMode::Normal),
            "^BC start code \">:\" at position 3 is not at the start of the data"
        );
        assert_eq!(
            message(">9a", BcMode::Normal),
            "^BC subset A cannot carry 'a' (position 3)"
        );
        assert_eq!(
            message("Łódź", BcMode::Normal),
            "^BC field data may only contain ASCII; 'Ł' at position 1 is not"
        );
        assert_eq!(
            message("AB>", BcMode::Normal),
            "^BC field data ends with a lone \">\" (an invocation code needs a second \
             character; \">0\" is a \">\")"
        );
        assert_eq!(
            message(">:", BcMode::Normal),
            "^BC field data has no characters to encode"
        );
        assert_eq!(
            BcMode::from_letter("U").unwrap_err().to_string(),
            "^BC mode \"U\" is not supported (only N, A and D)"
        );
    }

    #[test]
    fn automatic_mode_reads_fnc1() {
        let field = read_field(">80037340030680998173310ABC", BcMode::Automatic).unwrap();
        assert_eq!(field.text, "0037340030680998173310ABC");
        assert_eq!(field.symbol.values()[..2], [START_C, FNC1]);
    }

    fn printable() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                (b'0'..=b'9').prop_map(char::from),
                (b' '..=b'~').prop_map(char::from)
            ],
            1..30,
        )
        .prop_map(|chars| chars.into_iter().collect())
    }

    proptest! {
        #[test]
        fn the_builders_fields_read_back_to_the_same_symbol(text in printable()) {
            let built = Symbol::plain(&text).unwrap();
            let read = read_field(built.zpl_data(), BcMode::Normal).unwrap();
            prop_assert_eq!(read.symbol.bars(), built.bars());
            prop_assert_eq!(&read.text, &text);
            let automatic = text.replace('>', ">0");
            prop_assert_eq!(read_field(&automatic, BcMode::Automatic).unwrap().text, text);
        }
    }
}

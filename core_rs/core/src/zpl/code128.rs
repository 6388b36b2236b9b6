//! Code 128 and GS1-128 symbols, written for ZPL's `^BC` in mode `N`.
//!
//! The symbol is computed here: the shortest sequence of subset B (printable ASCII) and
//! subset C (digit pairs) symbol characters, found by dynamic programming, with FNC1
//! where GS1 needs it.  It is written as ZPL's mode-N field data, where the printer
//! follows explicit invocation codes (`>:` start B, `>;` start C, `>5` code C, `>6` code B,
//! `>8` FNC1) instead of choosing subsets itself — so the bars do not depend on a
//! firmware's automatic or UCC/EAN mode (mode `D`, whose handling of check digits and
//! separators differs between firmware versions).  Because the symbol is known, so is its
//! width, which the label builder uses to centre the GS1 human-readable line and to check
//! that a barcode fits.
//!
//! In subset B, three characters have ZPL meanings and are written with invocation codes
//! from the `^BC` table: `>` as `>0`, `^` as `><`, `~` as `>=`.  Nothing else in the data
//! is special, so Code 128 fields never need `^FH`.

use super::gs1;
use super::ZplError;

/// One thing to encode: a character (printable ASCII) or FNC1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Char(u8),
    Fnc1,
}

const START_B: u8 = 104;
const START_C: u8 = 105;
const CODE_C: u8 = 99;
const CODE_B: u8 = 100;
const FNC1: u8 = 102;
const STOP: usize = 106;

/// Bar and space widths (in modules) of every symbol character; the stop has seven.
const PATTERNS: [&str; 107] = [
    "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212",
    "221213", "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221",
    "223211", "221132", "221231", "213212", "223112", "312131", "311222", "321122", "321221",
    "312212", "322112", "322211", "212123", "212321", "232121", "111323", "131123", "131321",
    "112313", "132113", "132311", "211313", "231113", "231311", "112133", "112331", "132131",
    "113123", "113321", "133121", "313121", "211331", "231131", "213113", "213311", "213131",
    "311123", "311321", "331121", "312113", "312311", "332111", "314111", "221411", "431111",
    "111224", "111422", "121124", "121421", "141122", "141221", "112214", "112412", "122114",
    "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111", "111242",
    "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
    "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311",
    "113141", "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
];

/// A Code 128 symbol: its symbol values and the same symbol as ZPL mode-N data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    values: Vec<u8>,
    zpl: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Set {
    B = 0,
    C = 1,
}

const NEVER: u32 = u32::MAX / 4;

fn is_digit(item: Option<&Item>) -> bool {
    matches!(item, Some(Item::Char(c)) if c.is_ascii_digit())
}

impl Symbol {
    /// Encode items with the fewest symbol characters.
    pub fn encode(items: &[Item]) -> Result<Symbol, ZplError> {
        if items.is_empty() {
            return Err(ZplError::invalid("Code 128 data is empty"));
        }
        for (position, item) in items.iter().enumerate() {
            if let Item::Char(c) = item {
                if !(b' '..=b'~').contains(c) {
                    return Err(ZplError::invalid(format!(
                        "Code 128 data may only contain printable ASCII (space to ~); \
                         {:?} at position {} is not",
                        char::from(*c),
                        position + 1
                    )));
                }
            }
        }
        let n = items.len();
        // cost[i][set]: fewest symbol characters for items[i..] when in `set` at i.
        let mut cost = vec![[0u32; 2]; n + 1];
        let stay = |cost: &[[u32; 2]], i: usize, set: Set| -> u32 {
            match set {
                Set::B => 1 + cost[i + 1][0],
                Set::C => match items[i] {
                    Item::Fnc1 => 1 + cost[i + 1][1],
                    Item::Char(c) if c.is_ascii_digit() && is_digit(items.get(i + 1)) => {
                        1 + cost[i + 2][1]
                    }
                    Item::Char(_) => NEVER,
                },
            }
        };
        for i in (0..n).rev() {
            let (b, c) = (stay(&cost, i, Set::B), stay(&cost, i, Set::C));
            cost[i] = [b.min(1 + c), c.min(1 + b)];
        }

        let mut set = if stay(&cost, 0, Set::C) <= stay(&cost, 0, Set::B) {
            Set::C
        } else {
            Set::B
        };
        let mut values = Vec::with_capacity(n + 4);
        let mut zpl = String::with_capacity(2 * n + 4);
        match set {
            Set::B => {
                values.push(START_B);
                zpl.push_str(">:");
            }
            Set::C => {
                values.push(START_C);
                zpl.push_str(">;");
            }
        }
        let mut i = 0;
        while i < n {
            let other = match set {
                Set::B => Set::C,
                Set::C => Set::B,
            };
            if 1 + stay(&cost, i, other) < stay(&cost, i, set) {
                set = other;
                match set {
                    Set::B => {
                        values.push(CODE_B);
                        zpl.push_str(">6");
                    }
                    Set::C => {
                        values.push(CODE_C);
                        zpl.push_str(">5");
                    }
                }
            }
            match (items[i], set) {
                (Item::Fnc1, _) => {
                    values.push(FNC1);
                    zpl.push_str(">8");
                    i += 1;
                }
                (Item::Char(c), Set::B) => {
                    values.push(c - b' ');
                    match c {
                        b'>' => zpl.push_str(">0"),
                        b'^' => zpl.push_str("><"),
                        b'~' => zpl.push_str(">="),
                        _ => zpl.push(char::from(c)),
                    }
                    i += 1;
                }
                (Item::Char(c), Set::C) => {
                    let Some(Item::Char(d)) = items.get(i + 1) else {
                        unreachable!("subset C is only chosen for digit pairs")
                    };
                    values.push((c - b'0') * 10 + (d - b'0'));
                    zpl.push(char::from(c));
                    zpl.push(char::from(*d));
                    i += 2;
                }
            }
        }
        Ok(Symbol { values, zpl })
    }

    /// A plain Code 128 symbol for printable-ASCII text.
    ///
    /// ```
    /// use kolektor_core::zpl::code128::Symbol;
    /// assert_eq!(Symbol::plain("AB1234").unwrap().zpl_data(), ">:AB>51234");
    /// assert_eq!(Symbol::plain("a>b^c~").unwrap().zpl_data(), ">:a>0b><c>=");
    /// ```
    pub fn plain(data: &str) -> Result<Symbol, ZplError> {
        if let Some((position, c)) = data.chars().enumerate().find(|(_, c)| !c.is_ascii()) {
            return Err(ZplError::invalid(format!(
                "Code 128 data may only contain printable ASCII (space to ~); {c:?} at \
                 position {} is not",
                position + 1
            )));
        }
        let items: Vec<Item> = data.bytes().map(Item::Char).collect();
        Symbol::encode(&items)
    }

    /// A GS1-128 symbol: FNC1 first, then the elements with FNC1 after every
    /// variable-length element but the last.
    ///
    /// ```
    /// use kolektor_core::zpl::{code128::Symbol, gs1};
    /// let sscc = gs1::parse_hri("(00)373400306809981733").unwrap();
    /// assert_eq!(Symbol::gs1(&sscc).zpl_data(), ">;>800373400306809981733");
    /// ```
    pub fn gs1(elements: &[gs1::Element]) -> Symbol {
        let mut items = vec![Item::Fnc1];
        for (k, element) in elements.iter().enumerate() {
            items.extend(element.ai.bytes().map(Item::Char));
            items.extend(element.value.bytes().map(Item::Char));
            if element.variable_length() && k + 1 < elements.len() {
                items.push(Item::Fnc1);
            }
        }
        Symbol::encode(&items).expect("GS1 elements are validated printable ASCII")
    }

    /// A symbol from its values (start character first, no check character or stop) and
    /// the field data that wrote them; for reading `^BC` fields back ([`super::bc_field`]).
    pub(crate) fn from_values(values: Vec<u8>, zpl: String) -> Symbol {
        Symbol { values, zpl }
    }

    /// The field data for `^BC…,N` (mode N).
    pub fn zpl_data(&self) -> &str {
        &self.zpl
    }

    /// Symbol values from the start character on, without check character and stop.
    pub fn values(&self) -> &[u8] {
        &self.values
    }

    /// The modulo-103 check character the printer adds.
    pub fn check_value(&self) -> u8 {
        let weighted: u32 = self
            .values
            .iter()
            .enumerate()
            .map(|(i, &v)| u32::from(v) * (i as u32).max(1))
            .sum();
        (weighted % 103) as u8
    }

    /// Width in modules, from the first bar to the last (quiet zones not included).
    pub fn modules(&self) -> u32 {
        11 * (self.values.len() as u32 + 1) + 13
    }

    /// The symbol as modules, `true` for a bar: data, check character and stop.
    pub fn bars(&self) -> Vec<bool> {
        let mut bars = Vec::with_capacity(self.modules() as usize);
        let check = self.check_value();
        let all = self
            .values
            .iter()
            .map(|&v| PATTERNS[usize::from(v)])
            .chain([PATTERNS[usize::from(check)], PATTERNS[STOP]]);
        for pattern in all {
            for (k, width) in pattern.bytes().enumerate() {
                bars.extend(std::iter::repeat_n(k % 2 == 0, usize::from(width - b'0')));
            }
        }
        bars
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// An independent reader: bars → symbol values → items, following the subsets.
    fn read(bars: &[bool]) -> Vec<Item> {
        let mut runs = Vec::new();
        let mut k = 0;
        while k < bars.len() {
            let start = k;
            while k < bars.len() && bars[k] == bars[start] {
                k += 1;
            }
            runs.push((b'0' + (k - start) as u8) as char);
        }
        let runs: String = runs.into_iter().collect();
        let mut values = Vec::new();
        let mut at = 0;
        while at + 6 <= runs.len() {
            let pattern = &runs[at..at + 6];
            if &runs[at..] == PATTERNS[STOP] {
                break;
            }
            values.push(PATTERNS.iter().position(|p| *p == pattern).unwrap() as u8);
            at += 6;
        }
        let (check, data) = values.split_last().unwrap();
        let weighted: u32 = data
            .iter()
            .enumerate()
            .map(|(i, &v)| u32::from(v) * (i as u32).max(1))
            .sum();
        assert_eq!(u32::from(*check), weighted % 103, "check character");
        let mut set = match data[0] {
            START_B => Set::B,
            START_C => Set::C,
            other => panic!("start {other}"),
        };
        let mut items = Vec::new();
        for &v in &data[1..] {
            match (v, set) {
                (FNC1, _) => items.push(Item::Fnc1),
                (CODE_C, Set::B) => set = Set::C,
                (CODE_B, Set::C) => set = Set::B,
                (v, Set::B) => items.push(Item::Char(v + b' ')),
                (v, Set::C) => {
                    items.push(Item::Char(b'0' + v / 10));
                    items.push(Item::Char(b'0' + v % 10));
                }
            }
        }
        items
    }

    #[test]
    fn patterns_are_eleven_modules_and_distinct() {
        for (v, p) in PATTERNS.iter().enumerate() {
            let sum: u32 = p.bytes().map(|b| u32::from(b - b'0')).sum();
            assert_eq!(sum, if v == STOP { 13 } else { 11 }, "value {v}");
            assert_eq!(PATTERNS.iter().filter(|q| q == &p).count(), 1);
        }
    }

    #[test]
    fn sscc_is_start_c_fnc1_and_ten_pairs() {
        let sscc = gs1::parse_hri("(00)373400306809981733").unwrap();
        let symbol = Symbol::gs1(&sscc);
        assert_eq!(
            symbol.values(),
            [105, 102, 0, 37, 34, 0, 30, 68, 9, 98, 17, 33]
        );
        assert_eq!(symbol.modules(), 156);
        assert_eq!(read(&symbol.bars()), {
            let mut items = vec![Item::Fnc1];
            items.extend(b"00373400306809981733".iter().map(|&c| Item::Char(c)));
            items
        });
    }

    #[test]
    fn variable_elements_get_a_separator_but_not_the_last() {
        let elements = gs1::parse_hri("(01)05901234123457(10)ABC12(17)271231(21)X1").unwrap();
        let symbol = Symbol::gs1(&elements);
        assert_eq!(
            symbol.zpl_data(),
            ">;>8010590123412345710>6ABC>512>81727123121>6X1"
        );
    }

    #[test]
    fn odd_digit_runs_switch_where_it_is_shortest() {
        assert_eq!(Symbol::plain("12345").unwrap().zpl_data(), ">;1234>65");
        assert_eq!(Symbol::plain("X12").unwrap().zpl_data(), ">:X12");
        assert_eq!(Symbol::plain("X1234").unwrap().zpl_data(), ">:X>51234");
        assert_eq!(Symbol::plain("1").unwrap().zpl_data(), ">:1");
    }

    #[test]
    fn rejects_what_code_128_cannot_carry() {
        assert_eq!(
            Symbol::plain("AB\nC").unwrap_err().to_string(),
            "Code 128 data may only contain printable ASCII (space to ~); '\\n' at position 3 is not"
        );
        assert_eq!(
            Symbol::plain("Łódź").unwrap_err().to_string(),
            "Code 128 data may only contain printable ASCII (space to ~); 'Ł' at position 1 is not"
        );
        assert_eq!(
            Symbol::plain("").unwrap_err().to_string(),
            "Code 128 data is empty"
        );
    }

    /// The fewest symbols by brute force over every subset assignment is what the DP finds.
    fn brute_force(items: &[Item], set: Set) -> u32 {
        if items.is_empty() {
            return 0;
        }
        let b = 1 + brute_force(&items[1..], Set::B);
        let c = match items[0] {
            Item::Fnc1 => 1 + brute_force(&items[1..], Set::C),
            Item::Char(x) if x.is_ascii_digit() && is_digit(items.get(1)) => {
                1 + brute_force(&items[2..], Set::C)
            }
            _ => NEVER,
        };
        match set {
            Set::B => b.min(1 + c),
            Set::C => c.min(1 + b),
        }
    }

    fn items() -> impl Strategy<Value = Vec<Item>> {
        prop::collection::vec(
            prop_oneof![
                4 => (b'0'..=b'9').prop_map(Item::Char),
                2 => (b' '..=b'~').prop_map(Item::Char),
                1 => Just(Item::Fnc1),
            ],
            1..18,
        )
    }

    proptest! {
        #[test]
        fn any_data_reads_back_from_the_bars(items in items()) {
            let symbol = Symbol::encode(&items).unwrap();
            prop_assert_eq!(read(&symbol.bars()), items.clone());
            prop_assert_eq!(symbol.bars().len() as u32, symbol.modules());
            let shortest = 1 + brute_force(&items, Set::B).min(brute_force(&items, Set::C));
            prop_assert_eq!(symbol.values().len() as u32, shortest);
            prop_assert!(!symbol.zpl_data().contains('^') && !symbol.zpl_data().contains('~'));
        }
    }
}

//! A parsed GS1 message — element string, human-readable text or Digital Link URI — and
//! convenient accessors for what a warehouse reads from it.

use super::date::Date;
use super::decimal::Decimal;
use super::element::Element;

/// How the GS1 data was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gs1Syntax {
    /// `AI value [GS] AI value …` as GS1-128, GS1 DataMatrix, GS1 QR and DataBar carry it.
    ElementString,
    /// `(AI)value(AI)value…`, the human-readable interpretation.
    Hri,
    /// `https://domain/01/…?…`, a GS1 Digital Link URI.
    DigitalLink,
}

impl Gs1Syntax {
    /// `"element_string"`, `"hri"` or `"digital_link"`.
    pub fn name(self) -> &'static str {
        match self {
            Gs1Syntax::ElementString => "element_string",
            Gs1Syntax::Hri => "hri",
            Gs1Syntax::DigitalLink => "digital_link",
        }
    }
}

/// The elements of one GS1 message, in the order scanned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gs1 {
    pub syntax: Gs1Syntax,
    pub elements: Vec<Element>,
}

/// What a quantity counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuantityUnit {
    Kilogram,
    Piece,
}

impl QuantityUnit {
    /// `"kg"` or `"pcs"`.
    pub fn name(self) -> &'static str {
        match self {
            QuantityUnit::Kilogram => "kg",
            QuantityUnit::Piece => "pcs",
        }
    }
}

/// A quantity carried by the code: a weight in kilograms or a count of pieces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Quantity {
    pub value: Decimal,
    pub unit: QuantityUnit,
}

impl Gs1 {
    /// The first element with exactly this AI.
    pub fn get(&self, ai: &str) -> Option<&Element> {
        self.elements.iter().find(|e| e.ai.code == ai)
    }

    fn value(&self, ai: &str) -> Option<&str> {
        self.get(ai).map(|e| e.value.as_str())
    }

    /// AI 01: the GTIN of the trade item.
    pub fn gtin(&self) -> Option<&str> {
        self.value("01")
    }

    /// AI 02: the GTIN of the trade items contained in a logistic unit.
    pub fn content_gtin(&self) -> Option<&str> {
        self.value("02")
    }

    /// AI 00: the SSCC of a logistic unit.
    pub fn sscc(&self) -> Option<&str> {
        self.value("00")
    }

    /// AI 10: batch or lot number.
    pub fn batch(&self) -> Option<&str> {
        self.value("10")
    }

    /// AI 21: serial number.
    pub fn serial(&self) -> Option<&str> {
        self.value("21")
    }

    /// AI 17: expiration date.
    pub fn expiry(&self) -> Option<Date> {
        self.get("17").and_then(|e| e.date)
    }

    /// AI 15: best-before date.
    pub fn best_before(&self) -> Option<Date> {
        self.get("15").and_then(|e| e.date)
    }

    /// AI 310n: net weight in kilograms.
    pub fn net_weight_kg(&self) -> Option<Decimal> {
        self.elements
            .iter()
            .find(|e| e.ai.code.len() == 4 && e.ai.code.starts_with("310"))
            .and_then(|e| e.decimal)
    }

    /// AI 30 (variable count of items), else AI 37 (count of trade items in a logistic unit).
    pub fn count(&self) -> Option<Decimal> {
        let digits = self.value("30").or_else(|| self.value("37"))?;
        Decimal::from_digits(digits.as_bytes(), 0)
    }

    /// The quantity the code states: the net weight (310n), else the count (30, 37).
    pub fn quantity(&self) -> Option<Quantity> {
        if let Some(value) = self.net_weight_kg() {
            return Some(Quantity {
                value,
                unit: QuantityUnit::Kilogram,
            });
        }
        self.count().map(|value| Quantity {
            value,
            unit: QuantityUnit::Piece,
        })
    }

    /// The GTIN to look the product up by: AI 01, else AI 02, else the SSCC (AI 00).
    pub fn lookup_key(&self) -> Option<&str> {
        self.gtin()
            .or_else(|| self.content_gtin())
            .or_else(|| self.sscc())
    }

    /// The message as GS1 human-readable text, e.g. `(01)09501101020917(17)190508`.
    pub fn hri(&self) -> String {
        self.elements.iter().map(Element::hri).collect()
    }

    /// The message as an element string, with `GS` after each value whose AI requires a
    /// separator (except the last).
    pub fn element_string(&self) -> String {
        let mut out = String::new();
        for (index, element) in self.elements.iter().enumerate() {
            out.push_str(element.ai.code);
            out.push_str(&element.value);
            if element.ai.fnc1_required && index + 1 < self.elements.len() {
                out.push('\u{1d}');
            }
        }
        out
    }
}

//! The label builder.
//!
//! A [`Label`] has a size in millimetres and one resolution.  Elements are placed in
//! millimetres from the top-left corner (`^FO`, the top-left of the element's box) and
//! turned into dots at the label's resolution when they are added, with every check done
//! then — an element that cannot print is an error from [`Label::add`], and a label that
//! was built renders without errors.  The same layout code run for 8, 12 and 24 dpmm gives
//! the same physical label on each printer.
//!
//! Scaling rules: positions and lengths round to the nearest dot; barcode module widths
//! round to the nearest whole dot and are at least 1 dot (`^BY` and the QR magnification
//! accept at most 10 dots, so at 24 dpmm larger modules are printed at 10 dots); font
//! heights must come to at least 10 dots (font 0's minimum).
//!
//! Output: `^XA^CI28^PW…^LL…^LH0,0`, one line per element, `^PQn^XZ`.

use super::code128::Symbol;
use super::escape::{self, DataMatrixPart, FieldData};
use super::gf::{write_graphic, GraphicEncoding};
use super::graphic::Bitmap;
use super::gs1;
use super::units::{finite, Dpmm, Rotation};
use super::ZplError;

/// Default Code 128 module: 0.375 mm (3 dots at 203 dpi, 4 at 300, 9 at 600).
pub const CODE128_MODULE_MM: f64 = 0.375;
/// Default GS1-128 module: 0.5 mm, GS1's minimum X-dimension for logistic labels
/// (4 dots at 203 dpi, 6 at 300, 10 — the most `^BY` allows — at 600).
pub const GS1_128_MODULE_MM: f64 = 0.5;
/// Default QR and DataMatrix module: 0.5 mm.
pub const MATRIX_MODULE_MM: f64 = 0.5;
/// Default thickness of boxes and lines: 0.25 mm.
pub const LINE_MM: f64 = 0.25;
/// Height of the GS1-128 human-readable line, and its distance from the bars.
pub const GS1_HRI_HEIGHT_MM: f64 = 3.0;
pub const GS1_HRI_GAP_MM: f64 = 1.0;
/// The largest `c` (bytes) of one `^GF`, per the ZPL guide; larger images become bands.
pub const MAX_GRAPHIC_FIELD_BYTES: usize = 99_999;
/// ZPL's largest coordinate and dimension, in dots.
const MAX_DOTS: i64 = 32_000;
/// Font 0's smallest height and width, in dots.
const MIN_FONT_DOTS: i64 = 10;
/// The most `^BY` (module width) and `^BQ` (magnification) accept, in dots.
const MAX_MODULE_DOTS: i64 = 10;
/// GS1-128 carries at most 48 data characters (GS1 General Specifications).
const GS1_128_MAX_DATA: usize = 48;
/// `^BX` truncates field data at 3072 bytes.
const DATAMATRIX_MAX_DATA: usize = 3072;

/// Justification of a field block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Justification {
    #[default]
    Left,
    Center,
    Right,
    /// Justified (both edges; the last line is left-aligned).
    Justified,
}

impl Justification {
    /// From `L`, `C`, `R` or `J` (either case).
    pub fn from_letter(letter: &str) -> Result<Justification, ZplError> {
        match letter {
            "L" | "l" => Ok(Justification::Left),
            "C" | "c" => Ok(Justification::Center),
            "R" | "r" => Ok(Justification::Right),
            "J" | "j" => Ok(Justification::Justified),
            _ => Err(ZplError::invalid(format!(
                "justification {letter:?} is not one of L, C, R, J"
            ))),
        }
    }

    fn letter(self) -> char {
        match self {
            Justification::Left => 'L',
            Justification::Center => 'C',
            Justification::Right => 'R',
            Justification::Justified => 'J',
        }
    }
}

/// A field block (`^FB`): text wrapped into `width`, at most `lines` lines; `\n` in the text
/// breaks a line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextBlock {
    pub width: f64,
    pub lines: u32,
    /// Extra space between lines in mm (may be negative).
    pub line_spacing: f64,
    pub justification: Justification,
}

impl TextBlock {
    /// A one-line, left-justified block `width` mm wide.
    pub fn new(width: f64) -> TextBlock {
        TextBlock {
            width,
            lines: 1,
            line_spacing: 0.0,
            justification: Justification::Left,
        }
    }
}

/// Text in the scalable font 0 (`^A0`).
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub x: f64,
    pub y: f64,
    pub text: String,
    /// Character height in mm.
    pub height: f64,
    /// Character width in mm; the height when `None`.
    pub width: Option<f64>,
    pub rotation: Rotation,
    pub block: Option<TextBlock>,
}

impl Text {
    pub fn new(x: f64, y: f64, text: impl Into<String>, height: f64) -> Text {
        Text {
            x,
            y,
            text: text.into(),
            height,
            width: None,
            rotation: Rotation::Normal,
            block: None,
        }
    }
}

/// A Code 128 barcode of printable ASCII, with the printer's interpretation line below.
#[derive(Debug, Clone, PartialEq)]
pub struct Code128 {
    pub x: f64,
    pub y: f64,
    pub data: String,
    /// Bar height in mm.
    pub height: f64,
    /// Module (narrowest bar) width in mm.
    pub module: f64,
    pub rotation: Rotation,
    /// Print the human-readable line below the bars.
    pub hri: bool,
}

impl Code128 {
    pub fn new(x: f64, y: f64, data: impl Into<String>, height: f64) -> Code128 {
        Code128 {
            x,
            y,
            data: data.into(),
            height,
            module: CODE128_MODULE_MM,
            rotation: Rotation::Normal,
            hri: true,
        }
    }
}

/// A GS1-128 barcode; the human-readable line with parenthesised AIs is printed by the
/// builder below the bars (centred), rotated with them.
#[derive(Debug, Clone, PartialEq)]
pub struct Gs1Code128 {
    pub x: f64,
    pub y: f64,
    pub elements: Vec<gs1::Element>,
    pub height: f64,
    pub module: f64,
    pub rotation: Rotation,
    pub hri: bool,
}

impl Gs1Code128 {
    pub fn new(x: f64, y: f64, elements: Vec<gs1::Element>, height: f64) -> Gs1Code128 {
        Gs1Code128 {
            x,
            y,
            elements,
            height,
            module: GS1_128_MODULE_MM,
            rotation: Rotation::Normal,
            hri: true,
        }
    }
}

/// QR error correction level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QrErrorCorrection {
    /// ~7 % of the symbol may be lost.
    L,
    /// ~15 %.
    M,
    /// ~25 % — the default: labels get scuffed.
    #[default]
    Q,
    /// ~30 %.
    H,
}

impl QrErrorCorrection {
    /// From `L`, `M`, `Q` or `H` (either case).
    pub fn from_letter(letter: &str) -> Result<QrErrorCorrection, ZplError> {
        match letter {
            "L" | "l" => Ok(QrErrorCorrection::L),
            "M" | "m" => Ok(QrErrorCorrection::M),
            "Q" | "q" => Ok(QrErrorCorrection::Q),
            "H" | "h" => Ok(QrErrorCorrection::H),
            _ => Err(ZplError::invalid(format!(
                "QR error correction {letter:?} is not one of L, M, Q, H"
            ))),
        }
    }

    fn letter(self) -> char {
        match self {
            QrErrorCorrection::L => 'L',
            QrErrorCorrection::M => 'M',
            QrErrorCorrection::Q => 'Q',
            QrErrorCorrection::H => 'H',
        }
    }

    /// The most bytes a version-40 symbol holds at this level (byte mode).
    fn capacity(self) -> usize {
        match self {
            QrErrorCorrection::L => 2953,
            QrErrorCorrection::M => 2331,
            QrErrorCorrection::Q => 1663,
            QrErrorCorrection::H => 1273,
        }
    }
}

/// A QR code (model 2, automatic data mode).  `^BQ` has no rotation: QR codes read at any
/// angle.
#[derive(Debug, Clone, PartialEq)]
pub struct Qr {
    pub x: f64,
    pub y: f64,
    /// ASCII data (percent-encode URLs).
    pub data: String,
    pub module: f64,
    pub error_correction: QrErrorCorrection,
}

impl Qr {
    pub fn new(x: f64, y: f64, data: impl Into<String>) -> Qr {
        Qr {
            x,
            y,
            data: data.into(),
            module: MATRIX_MODULE_MM,
            error_correction: QrErrorCorrection::Q,
        }
    }
}

/// What a DataMatrix carries.
#[derive(Debug, Clone, PartialEq)]
pub enum DataMatrixContent {
    /// ASCII text.
    Text(String),
    /// GS1 element strings: a leading FNC1 makes the symbol GS1 DataMatrix.
    Gs1(Vec<gs1::Element>),
}

/// A DataMatrix ECC 200 symbol.
#[derive(Debug, Clone, PartialEq)]
pub struct DataMatrix {
    pub x: f64,
    pub y: f64,
    pub content: DataMatrixContent,
    pub module: f64,
    pub rotation: Rotation,
}

impl DataMatrix {
    pub fn new(x: f64, y: f64, content: DataMatrixContent) -> DataMatrix {
        DataMatrix {
            x,
            y,
            content,
            module: MATRIX_MODULE_MM,
            rotation: Rotation::Normal,
        }
    }
}

/// A rectangle outline (`^GB`); a thickness of half the smaller side or more fills it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GraphicBox {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub thickness: f64,
    /// Corner rounding, 0 (square) to 8.
    pub rounding: u8,
}

impl GraphicBox {
    pub fn new(x: f64, y: f64, width: f64, height: f64) -> GraphicBox {
        GraphicBox {
            x,
            y,
            width,
            height,
            thickness: LINE_MM,
            rounding: 0,
        }
    }
}

/// A horizontal or vertical line from (x, y) to the right or down.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    pub x: f64,
    pub y: f64,
    pub length: f64,
    pub thickness: f64,
    pub vertical: bool,
}

impl Line {
    pub fn new(x: f64, y: f64, length: f64) -> Line {
        Line {
            x,
            y,
            length,
            thickness: LINE_MM,
            vertical: false,
        }
    }
}

/// A bitmap printed dot for dot (it must already be at the label's resolution).
#[derive(Debug, Clone, PartialEq)]
pub struct GraphicImage {
    pub x: f64,
    pub y: f64,
    pub bitmap: Bitmap,
    pub encoding: GraphicEncoding,
}

/// Anything that can be added to a label.
#[derive(Debug, Clone, PartialEq)]
pub enum Element {
    Text(Text),
    Code128(Code128),
    Gs1Code128(Gs1Code128),
    Qr(Qr),
    DataMatrix(DataMatrix),
    Box(GraphicBox),
    Line(Line),
    Graphic(GraphicImage),
}

macro_rules! element_from {
    ($($variant:ident($type:ty)),*) => {
        $(impl From<$type> for Element {
            fn from(value: $type) -> Element {
                Element::$variant(value)
            }
        })*
    };
}
element_from!(
    Text(Text),
    Code128(Code128),
    Gs1Code128(Gs1Code128),
    Qr(Qr),
    DataMatrix(DataMatrix),
    Box(GraphicBox),
    Line(Line),
    Graphic(GraphicImage)
);

/// A millimetre value as messages show it: up to two decimals, no trailing zeros.
fn mm(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A label being built.
///
/// ```
/// use kolektor_core::zpl::{Dpmm, Label, Text};
/// let mut label = Label::new(101.6, 152.4, Dpmm::D8).unwrap();
/// label.add(Text::new(5.0, 5.0, "Zażółć gęślą jaźń", 4.0)).unwrap();
/// assert_eq!(
///     label.zpl(),
///     "^XA^CI28^PW812^LL1218^LH0,0\n^FO40,40^A0N,32,32^FDZażółć gęślą jaźń^FS\n^PQ1^XZ\n"
/// );
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    dpmm: Dpmm,
    width_mm: f64,
    height_mm: f64,
    width_dots: u32,
    height_dots: u32,
    copies: u32,
    body: String,
}

impl Label {
    /// An empty label of `width_mm` × `height_mm` at `dpmm`.
    pub fn new(width_mm: f64, height_mm: f64, dpmm: Dpmm) -> Result<Label, ZplError> {
        let mut dots = [0u32; 2];
        for (k, (name, value)) in [("width", width_mm), ("height", height_mm)]
            .into_iter()
            .enumerate()
        {
            let value = finite(&format!("label {name}"), value)?;
            let n = dpmm.dots(value);
            if !(1..=MAX_DOTS).contains(&n) {
                return Err(ZplError::invalid(format!(
                    "label {name} {} mm is {n} dots at {} dpi; it must be 1 to {MAX_DOTS} dots",
                    mm(value),
                    dpmm.dpi()
                )));
            }
            dots[k] = n as u32;
        }
        Ok(Label {
            dpmm,
            width_mm,
            height_mm,
            width_dots: dots[0],
            height_dots: dots[1],
            copies: 1,
            body: String::new(),
        })
    }

    /// Print `copies` of the label (`^PQ`), 1 to 99 999 999.
    pub fn set_copies(&mut self, copies: u32) -> Result<(), ZplError> {
        if !(1..=99_999_999).contains(&copies) {
            return Err(ZplError::invalid(format!(
                "copies must be 1 to 99999999, not {copies}"
            )));
        }
        self.copies = copies;
        Ok(())
    }

    pub fn dpmm(&self) -> Dpmm {
        self.dpmm
    }

    pub fn width_dots(&self) -> u32 {
        self.width_dots
    }

    pub fn height_dots(&self) -> u32 {
        self.height_dots
    }

    pub fn width_mm(&self) -> f64 {
        self.width_mm
    }

    pub fn height_mm(&self) -> f64 {
        self.height_mm
    }

    /// `mm` in dots at this label's resolution.
    pub fn dots(&self, mm: f64) -> i64 {
        self.dpmm.dots(mm)
    }

    /// The whole label.
    pub fn zpl(&self) -> String {
        format!(
            "^XA^CI28^PW{}^LL{}^LH0,0\n{}^PQ{}^XZ\n",
            self.width_dots, self.height_dots, self.body, self.copies
        )
    }

    /// Add an element.  On error the label is unchanged.
    pub fn add(&mut self, element: impl Into<Element>) -> Result<&mut Label, ZplError> {
        let mut out = String::new();
        match element.into() {
            Element::Text(text) => self.render_text(&text, &mut out)?,
            Element::Code128(code) => self.render_code128(&code, &mut out)?,
            Element::Gs1Code128(code) => self.render_gs1_128(&code, &mut out)?,
            Element::Qr(qr) => self.render_qr(&qr, &mut out)?,
            Element::DataMatrix(dm) => self.render_datamatrix(&dm, &mut out)?,
            Element::Box(b) => self.render_box(&b, &mut out)?,
            Element::Line(line) => self.render_line(&line, &mut out)?,
            Element::Graphic(graphic) => self.render_graphic(&graphic, &mut out)?,
        }
        self.body.push_str(&out);
        Ok(self)
    }

    // ----- conversions and checks -------------------------------------------------

    fn origin(&self, what: &str, x: f64, y: f64) -> Result<(u32, u32), ZplError> {
        let x = finite(&format!("{what} x"), x)?;
        let y = finite(&format!("{what} y"), y)?;
        let (dx, dy) = (self.dots(x), self.dots(y));
        if dx < 0 || dy < 0 || dx > i64::from(self.width_dots) || dy > i64::from(self.height_dots) {
            return Err(ZplError::invalid(format!(
                "{what} at x = {} mm, y = {} mm is outside the {} × {} mm label",
                mm(x),
                mm(y),
                mm(self.width_mm),
                mm(self.height_mm)
            )));
        }
        Ok((dx as u32, dy as u32))
    }

    /// A positive length in whole dots, at least 1.
    fn length(&self, what: &str, value: f64) -> Result<u32, ZplError> {
        let value = finite(what, value)?;
        if value <= 0.0 {
            return Err(ZplError::invalid(format!(
                "{what} must be more than 0 mm, not {}",
                mm(value)
            )));
        }
        let dots = self.dots(value).max(1);
        if dots > MAX_DOTS {
            return Err(ZplError::invalid(format!(
                "{what} {} mm is more than {MAX_DOTS} dots",
                mm(value)
            )));
        }
        Ok(dots as u32)
    }

    /// A module width in whole dots, 1 to `max`.
    fn module(&self, what: &str, value: f64, max: i64) -> Result<u32, ZplError> {
        let dots = i64::from(self.length(what, value)?);
        Ok(dots.min(max) as u32)
    }

    fn font(&self, what: &str, value: f64) -> Result<u32, ZplError> {
        let dots = self.length(what, value)?;
        if i64::from(dots) < MIN_FONT_DOTS {
            return Err(ZplError::invalid(format!(
                "{what} {} mm is {dots} dots at {} dpi; font 0 needs at least {MIN_FONT_DOTS} \
                 dots ({} mm)",
                mm(value),
                self.dpmm.dpi(),
                mm((MIN_FONT_DOTS as f64 - 0.5) * 25.4 / f64::from(self.dpmm.dpi()) + 0.005)
            )));
        }
        Ok(dots)
    }

    /// Check that something `extent` dots long from (x, y) along the rotation's reading
    /// direction ends on the label.
    fn check_fits(
        &self,
        what: &str,
        (x, y): (u32, u32),
        extent: u32,
        rotation: Rotation,
    ) -> Result<(), ZplError> {
        let (start, room, axis, side) = match rotation {
            Rotation::Normal | Rotation::Inverted180 => (x, self.width_dots, "x", "wide"),
            Rotation::Rotated90 | Rotation::Bottom270 => (y, self.height_dots, "y", "high"),
        };
        if start + extent > room {
            let scale = 25.4 / f64::from(self.dpmm.dpi());
            return Err(ZplError::invalid(format!(
                "{what} is {} mm long ({extent} dots) and does not fit from {axis} = {} mm on \
                 the {} mm {side} label",
                mm(f64::from(extent) * scale),
                mm(f64::from(start) * scale),
                mm(if axis == "x" {
                    self.width_mm
                } else {
                    self.height_mm
                }),
            )));
        }
        Ok(())
    }

    // ----- elements -------------------------------------------------------------

    fn render_text(&self, text: &Text, out: &mut String) -> Result<(), ZplError> {
        let (x, y) = self.origin("text", text.x, text.y)?;
        let height = self.font("text height", text.height)?;
        let width = match text.width {
            Some(w) => self.font("text width", w)?,
            None => height,
        };
        out.push_str(&format!(
            "^FO{x},{y}^A0{},{height},{width}",
            text.rotation.letter()
        ));
        if let Some(block) = &text.block {
            let block_width = self.length("text block width", block.width)?;
            if !(1..=9999).contains(&block.lines) {
                return Err(ZplError::invalid(format!(
                    "text block lines must be 1 to 9999, not {}",
                    block.lines
                )));
            }
            let spacing = self.dots(finite("text block line spacing", block.line_spacing)?);
            if !(-9999..=9999).contains(&spacing) {
                return Err(ZplError::invalid(format!(
                    "text block line spacing {} mm is out of range",
                    mm(block.line_spacing)
                )));
            }
            out.push_str(&format!(
                "^FB{block_width},{},{spacing},{},0",
                block.lines,
                block.justification.letter()
            ));
        }
        escape::text_data(&text.text, text.block.is_some()).write_fd(escape::HEX_INDICATOR, out);
        out.push_str("^FS\n");
        Ok(())
    }

    fn render_code128(&self, code: &Code128, out: &mut String) -> Result<(), ZplError> {
        let origin = self.origin("Code 128", code.x, code.y)?;
        let symbol = Symbol::plain(&code.data)?;
        let module = self.module("Code 128 module", code.module, MAX_MODULE_DOTS)?;
        let height = self.length("Code 128 height", code.height)?;
        self.check_fits(
            &format!("Code 128 {:?}", code.data),
            origin,
            symbol.modules() * module,
            code.rotation,
        )?;
        out.push_str(&format!(
            "^FO{},{}^BY{module}^BC{},{height},{},N,N,N^FD{}^FS\n",
            origin.0,
            origin.1,
            code.rotation.letter(),
            if code.hri { 'Y' } else { 'N' },
            symbol.zpl_data()
        ));
        Ok(())
    }

    fn render_gs1_128(&self, code: &Gs1Code128, out: &mut String) -> Result<(), ZplError> {
        let (x, y) = self.origin("GS1-128", code.x, code.y)?;
        if code.elements.is_empty() {
            return Err(ZplError::gs1("a GS1 barcode needs at least one element"));
        }
        let characters = gs1::data_length(&code.elements);
        if characters > GS1_128_MAX_DATA {
            return Err(ZplError::gs1(format!(
                "GS1-128 carries at most {GS1_128_MAX_DATA} data characters; {} has \
                 {characters} (use GS1 DataMatrix or two barcodes)",
                gs1::hri(&code.elements)
            )));
        }
        let symbol = Symbol::gs1(&code.elements);
        let module = self.module("GS1-128 module", code.module, MAX_MODULE_DOTS)?;
        let bars = self.length("GS1-128 height", code.height)?;
        let width = symbol.modules() * module;
        let hri = gs1::hri(&code.elements);
        self.check_fits(&format!("GS1-128 {hri}"), (x, y), width, code.rotation)?;
        let (text, gap) = if code.hri {
            (
                self.length("GS1-128 text", GS1_HRI_HEIGHT_MM)?,
                self.length("GS1-128 gap", GS1_HRI_GAP_MM)?,
            )
        } else {
            (0, 0)
        };
        // Bars and the human-readable line as one box that rotates about its top-left.
        let below = bars + gap;
        let above = text + gap;
        let (bars_at, text_at) = match code.rotation {
            Rotation::Normal => ((x, y), (x, y + below)),
            Rotation::Rotated90 => ((x + above, y), (x, y)),
            Rotation::Inverted180 => ((x, y + above), (x, y)),
            Rotation::Bottom270 => ((x, y), (x + below, y)),
        };
        let r = code.rotation.letter();
        out.push_str(&format!(
            "^FO{},{}^BY{module}^BC{r},{bars},N,N,N,N^FD{}^FS\n",
            bars_at.0,
            bars_at.1,
            symbol.zpl_data()
        ));
        if code.hri {
            out.push_str(&format!(
                "^FO{},{}^A0{r},{text},{text}^FB{width},1,0,C,0",
                text_at.0, text_at.1
            ));
            escape::text_data(&hri, true).write_fd(escape::HEX_INDICATOR, out);
            out.push_str("^FS\n");
        }
        Ok(())
    }

    fn render_qr(&self, qr: &Qr, out: &mut String) -> Result<(), ZplError> {
        let (x, y) = self.origin("QR code", qr.x, qr.y)?;
        let magnification = self.module("QR module", qr.module, MAX_MODULE_DOTS)?;
        if qr.data.is_empty() {
            return Err(ZplError::invalid("QR code data is empty"));
        }
        let field = escape::qr_data(&qr.data)?;
        let capacity = qr.error_correction.capacity();
        if qr.data.len() > capacity {
            return Err(ZplError::invalid(format!(
                "QR code data has {} bytes; at error correction {} a QR code holds at most \
                 {capacity}",
                qr.data.len(),
                qr.error_correction.letter()
            )));
        }
        out.push_str(&format!("^FO{x},{y}^BQN,2,{magnification}"));
        let data = FieldData {
            data: format!("{}A,{}", qr.error_correction.letter(), field.data),
            hex: field.hex,
        };
        data.write_fd(escape::HEX_INDICATOR, out);
        out.push_str("^FS\n");
        Ok(())
    }

    fn render_datamatrix(&self, dm: &DataMatrix, out: &mut String) -> Result<(), ZplError> {
        let (x, y) = self.origin("DataMatrix", dm.x, dm.y)?;
        let module = self.module("DataMatrix module", dm.module, MAX_DOTS)?;
        let element_text: Vec<String>;
        let mut parts = Vec::new();
        match &dm.content {
            DataMatrixContent::Text(text) => {
                if text.is_empty() {
                    return Err(ZplError::invalid("DataMatrix data is empty"));
                }
                parts.push(DataMatrixPart::Text(text));
            }
            DataMatrixContent::Gs1(elements) => {
                if elements.is_empty() {
                    return Err(ZplError::gs1("a GS1 barcode needs at least one element"));
                }
                element_text = elements
                    .iter()
                    .map(|e| format!("{}{}", e.ai, e.value))
                    .collect();
                parts.push(DataMatrixPart::Fnc1);
                for (k, (element, text)) in elements.iter().zip(&element_text).enumerate() {
                    parts.push(DataMatrixPart::Text(text));
                    if element.variable_length() && k + 1 < elements.len() {
                        parts.push(DataMatrixPart::Fnc1);
                    }
                }
            }
        }
        let field = escape::datamatrix_data(&parts)?;
        if field.data.len() > DATAMATRIX_MAX_DATA {
            return Err(ZplError::invalid(format!(
                "DataMatrix field data has {} bytes; ^BX takes at most {DATAMATRIX_MAX_DATA}",
                field.data.len()
            )));
        }
        out.push_str(&format!(
            "^FO{x},{y}^BX{},{module},200,,,,{}",
            dm.rotation.letter(),
            escape::DATAMATRIX_ESCAPE
        ));
        field.write_fd(escape::DATAMATRIX_HEX_INDICATOR, out);
        out.push_str("^FS\n");
        Ok(())
    }

    fn render_box(&self, b: &GraphicBox, out: &mut String) -> Result<(), ZplError> {
        let (x, y) = self.origin("box", b.x, b.y)?;
        let width = self.length("box width", b.width)?;
        let height = self.length("box height", b.height)?;
        let thickness = self
            .length("box thickness", b.thickness)?
            .min(width)
            .min(height);
        if b.rounding > 8 {
            return Err(ZplError::invalid(format!(
                "box rounding must be 0 to 8, not {}",
                b.rounding
            )));
        }
        out.push_str(&format!("^FO{x},{y}^GB{width},{height},{thickness}"));
        if b.rounding > 0 {
            out.push_str(&format!(",B,{}", b.rounding));
        }
        out.push_str("^FS\n");
        Ok(())
    }

    fn render_line(&self, line: &Line, out: &mut String) -> Result<(), ZplError> {
        let (x, y) = self.origin("line", line.x, line.y)?;
        let length = self.length("line length", line.length)?;
        let thickness = self.length("line thickness", line.thickness)?.min(length);
        let (w, h) = if line.vertical {
            (thickness, length)
        } else {
            (length, thickness)
        };
        out.push_str(&format!("^FO{x},{y}^GB{w},{h},{thickness}^FS\n"));
        Ok(())
    }

    fn render_graphic(&self, graphic: &GraphicImage, out: &mut String) -> Result<(), ZplError> {
        let (x, y) = self.origin("graphic", graphic.x, graphic.y)?;
        let bitmap = &graphic.bitmap;
        let (w, h) = (bitmap.width() as u64, bitmap.height() as u64);
        if u64::from(x) + w > u64::from(self.width_dots)
            || u64::from(y) + h > u64::from(self.height_dots)
        {
            return Err(ZplError::invalid(format!(
                "graphic of {w} × {h} dots at ({x}, {y}) does not fit the {} × {} dot label \
                 ({} dpi); render images at the label's resolution",
                self.width_dots,
                self.height_dots,
                self.dpmm.dpi()
            )));
        }
        let max_rows = MAX_GRAPHIC_FIELD_BYTES / bitmap.bytes_per_row();
        let bands = bitmap.height().div_ceil(max_rows);
        if bands <= 1 {
            out.push_str(&format!("^FO{x},{y}"));
            write_graphic(bitmap, graphic.encoding, out);
            out.push_str("^FS\n");
            return Ok(());
        }
        let rows_per_band = bitmap.height().div_ceil(bands);
        for band in 0..bands {
            let start = band * rows_per_band;
            let part = bitmap.rows(start, rows_per_band)?;
            out.push_str(&format!("^FO{x},{}", y as usize + start));
            write_graphic(&part, graphic.encoding, out);
            out.push_str("^FS\n");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label() -> Label {
        Label::new(101.6, 152.4, Dpmm::D8).unwrap()
    }

    fn one(element: impl Into<Element>) -> String {
        let mut label = label();
        label.add(element).unwrap();
        let zpl = label.zpl();
        zpl.lines().nth(1).unwrap().to_string()
    }

    fn error(element: impl Into<Element>) -> String {
        label().add(element).unwrap_err().to_string()
    }

    #[test]
    fn text_fields() {
        assert_eq!(
            one(Text::new(5.0, 10.0, "Nadawca", 4.5)),
            "^FO40,80^A0N,36,36^FDNadawca^FS"
        );
        let mut text = Text::new(5.0, 10.0, "Jan Kowalski\nul. Długa 5/7", 7.0);
        text.rotation = Rotation::Rotated90;
        text.width = Some(6.0);
        text.block = Some(TextBlock {
            width: 91.5,
            lines: 4,
            line_spacing: 0.5,
            justification: Justification::Center,
        });
        assert_eq!(
            one(text),
            "^FO40,80^A0R,56,48^FB731,4,4,C,0^FDJan Kowalski\\&ul. Długa 5/7^FS"
        );
        assert_eq!(
            one(Text::new(0.0, 0.0, "^XZ~JR", 3.0)),
            "^FO0,0^A0N,24,24^FH_^FD_5EXZ_7EJR^FS"
        );
    }

    #[test]
    fn text_errors() {
        assert_eq!(
            error(Text::new(5.0, 5.0, "x", 1.0)),
            "text height 1 mm is 8 dots at 203 dpi; font 0 needs at least 10 dots (1.19 mm)"
        );
        assert_eq!(
            error(Text::new(120.0, 5.0, "x", 3.0)),
            "text at x = 120 mm, y = 5 mm is outside the 101.6 × 152.4 mm label"
        );
        assert_eq!(
            error(Text::new(f64::NAN, 5.0, "x", 3.0)),
            "text x must be a finite number of mm, not NaN"
        );
    }

    #[test]
    fn code128_is_mode_n_with_explicit_subsets() {
        assert_eq!(
            one(Code128::new(5.0, 20.0, "AD123456789PL", 15.0)),
            "^FO40,160^BY3^BCN,120,Y,N,N,N^FD>:AD1>523456789>6PL^FS"
        );
    }

    #[test]
    fn barcodes_that_do_not_fit_are_errors() {
        let mut code = Code128::new(50.0, 20.0, "AD1234567890123456789PL", 15.0);
        code.module = 0.5;
        assert_eq!(
            error(code),
            "Code 128 \"AD1234567890123456789PL\" is 105.6 mm long (844 dots) and does not fit \
             from x = 50.05 mm on the 101.6 mm wide label"
        );
    }

    #[test]
    fn gs1_128_with_its_human_readable_line_in_every_rotation() {
        let sscc = gs1::parse_hri("(00)373400306809981733").unwrap();
        let mut lines = Vec::new();
        for rotation in ["N", "R", "I", "B"] {
            let mut label = label();
            let mut code = Gs1Code128::new(5.0, 20.0, sscc.clone(), 25.0);
            code.rotation = Rotation::from_letter(rotation).unwrap();
            label.add(code).unwrap();
            lines.push(
                label
                    .zpl()
                    .lines()
                    .skip(1)
                    .take(2)
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
        }
        assert_eq!(
            lines,
            [
                "^FO40,160^BY4^BCN,200,N,N,N,N^FD>;>800373400306809981733^FS\n\
                 ^FO40,368^A0N,24,24^FB624,1,0,C,0^FD(00)373400306809981733^FS",
                "^FO72,160^BY4^BCR,200,N,N,N,N^FD>;>800373400306809981733^FS\n\
                 ^FO40,160^A0R,24,24^FB624,1,0,C,0^FD(00)373400306809981733^FS",
                "^FO40,192^BY4^BCI,200,N,N,N,N^FD>;>800373400306809981733^FS\n\
                 ^FO40,160^A0I,24,24^FB624,1,0,C,0^FD(00)373400306809981733^FS",
                "^FO40,160^BY4^BCB,200,N,N,N,N^FD>;>800373400306809981733^FS\n\
                 ^FO248,160^A0B,24,24^FB624,1,0,C,0^FD(00)373400306809981733^FS",
            ]
        );
    }

    #[test]
    fn gs1_128_length_limit() {
        let elements =
            gs1::parse_hri("(01)05901234123457(10)ABCDEFGHIJKLMNOPQRST(21)ABCDEFGHIJKL").unwrap();
        assert_eq!(
            error(Gs1Code128::new(0.0, 0.0, elements, 20.0)),
            "GS1-128 carries at most 48 data characters; \
             (01)05901234123457(10)ABCDEFGHIJKLMNOPQRST(21)ABCDEFGHIJKL has 52 \
             (use GS1 DataMatrix or two barcodes)"
        );
    }

    #[test]
    fn qr_and_datamatrix() {
        assert_eq!(
            one(Qr::new(60.0, 90.0, "https://kolektor.example/t/AD123_4")),
            "^FO480,719^BQN,2,4^FH_^FDQA,https://kolektor.example/t/AD123_5F4^FS"
        );
        let elements = gs1::parse_hri("(01)05901234123457(17)271231(10)AB_12(21)S1").unwrap();
        let mut dm = DataMatrix::new(5.0, 90.0, DataMatrixContent::Gs1(elements));
        dm.rotation = Rotation::Inverted180;
        assert_eq!(
            one(dm),
            "^FO40,719^BXI,4,200,,,,_^FD_10105901234123457172712311\
             0AB__12_121S1^FS"
        );
        assert_eq!(
            one(DataMatrix::new(
                5.0,
                90.0,
                DataMatrixContent::Text("a^b".into())
            )),
            "^FO40,719^BXN,4,200,,,,_^FH\\^FDa\\5Eb^FS"
        );
    }

    #[test]
    fn boxes_lines_and_rounding() {
        let mut b = GraphicBox::new(2.0, 2.0, 97.6, 148.4);
        b.thickness = 0.5;
        assert_eq!(one(b), "^FO16,16^GB780,1186,4^FS");
        b.rounding = 2;
        assert_eq!(one(b), "^FO16,16^GB780,1186,4,B,2^FS");
        b.rounding = 9;
        assert_eq!(error(b), "box rounding must be 0 to 8, not 9");
        let mut line = Line::new(2.0, 50.0, 97.6);
        assert_eq!(one(line), "^FO16,400^GB780,2,2^FS");
        line.vertical = true;
        assert_eq!(one(line), "^FO16,400^GB2,780,2^FS");
    }

    #[test]
    fn module_widths_scale_in_whole_dots() {
        let widths: Vec<_> = Dpmm::ALL
            .iter()
            .map(|&d| {
                let mut label = Label::new(101.6, 152.4, d).unwrap();
                label.add(Code128::new(5.0, 5.0, "X1", 10.0)).unwrap();
                let sscc = gs1::parse_hri("(00)373400306809981733").unwrap();
                label.add(Gs1Code128::new(5.0, 40.0, sscc, 10.0)).unwrap();
                let mut qr = Qr::new(5.0, 80.0, "x");
                qr.module = 0.75;
                label.add(qr).unwrap();
                let zpl = label.zpl();
                let by: Vec<&str> = zpl
                    .match_indices("^BY")
                    .map(|(i, _)| &zpl[i + 3..i + 5])
                    .collect();
                let bq = &zpl[zpl.find("^BQN,2,").unwrap() + 7..][..2];
                format!("{} {} {}", by[0], by[1], bq)
            })
            .collect();
        assert_eq!(widths, ["3^ 4^ 6^", "4^ 6^ 9^", "9^ 10 10"]);
    }

    #[test]
    fn large_graphics_are_split_into_bands() {
        let bitmap = Bitmap::new(812, 1218).unwrap();
        let mut label = label();
        label
            .add(GraphicImage {
                x: 0.0,
                y: 0.0,
                bitmap,
                encoding: GraphicEncoding::Acs,
            })
            .unwrap();
        let zpl = label.zpl();
        let heads: Vec<&str> = zpl
            .lines()
            .filter(|l| l.starts_with("^FO"))
            .map(|l| &l[..l.find(",:").unwrap_or(l.len()).min(30)])
            .collect();
        assert_eq!(
            heads,
            [
                "^FO0,0^GFA,62118,62118,102,",
                "^FO0,609^GFA,62118,62118,102,"
            ]
        );
        let fields = super::super::decode_graphics(&zpl).unwrap();
        assert_eq!(
            fields.iter().map(|f| f.bitmap.height()).sum::<usize>(),
            1218
        );
    }

    #[test]
    fn graphics_must_fit() {
        let bitmap = Bitmap::new(1200, 10).unwrap();
        let message = label()
            .add(GraphicImage {
                x: 0.0,
                y: 0.0,
                bitmap,
                encoding: GraphicEncoding::Z64,
            })
            .unwrap_err()
            .to_string();
        assert_eq!(
            message,
            "graphic of 1200 × 10 dots at (0, 0) does not fit the 812 × 1218 dot label \
             (203 dpi); render images at the label's resolution"
        );
    }

    #[test]
    fn label_size_and_copies() {
        let mut label = Label::new(100.0, 150.0, Dpmm::D12).unwrap();
        label.set_copies(3).unwrap();
        assert_eq!(label.zpl(), "^XA^CI28^PW1181^LL1772^LH0,0\n^PQ3^XZ\n");
        assert_eq!(
            Label::new(0.0, 150.0, Dpmm::D8).unwrap_err().to_string(),
            "label width 0 mm is 0 dots at 203 dpi; it must be 1 to 32000 dots"
        );
        assert_eq!(
            label.set_copies(0).unwrap_err().to_string(),
            "copies must be 1 to 99999999, not 0"
        );
    }
}

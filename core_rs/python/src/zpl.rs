//! `kolektor._core` ZPL types: `ZplLabel`, `TextBlock`, `GraphicField`, and the functions
//! `encode_graphic`, `decode_graphic`, `decode_graphics`, `code128_modules`, `ink_box`,
//! `code128_field_modules`.
//!
//! A thin layer: arguments are converted and checked for type and range, everything else
//! is `kolektor_core::zpl`; its errors become `ValueError` with the core's message.

use kolektor_core::zpl::bc_field::{self, BcMode};
use kolektor_core::zpl::raster::{GrayRaster, Region};
use kolektor_core::zpl::{
    self, gs1, Bitmap, Code128, Conversion, DataMatrix, DataMatrixContent, Dpmm, GraphicBox,
    GraphicEncoding, GraphicField, GraphicImage, Gs1Code128, Justification, Label, Line, Qr,
    QrErrorCorrection, Rotation, Text, TextBlock, ZplError,
};
use pyo3::exceptions::{PyIndexError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

fn value_error(error: ZplError) -> PyErr {
    PyValueError::new_err(error.to_string())
}

fn dots_arg(name: &str, value: i64) -> PyResult<usize> {
    if value < 1 {
        return Err(PyValueError::new_err(format!(
            "{name} must be at least 1 dot, not {value}"
        )));
    }
    Ok(value as usize)
}

fn threshold_arg(threshold: i64) -> PyResult<u8> {
    u8::try_from(threshold)
        .map_err(|_| PyValueError::new_err(format!("threshold must be 0 to 255, not {threshold}")))
}

/// Where a grayscale image's rows are and which part of it is wanted: `stride` bytes from
/// one row to the next (default: the width), `crop` as (x, y, width, height) in pixels.
#[derive(Clone, Copy, Default)]
struct Layout {
    stride: Option<i64>,
    crop: Option<(i64, i64, i64, i64)>,
}

fn region_arg((x, y, width, height): (i64, i64, i64, i64)) -> PyResult<Region> {
    let field = |name: &str, value: i64| {
        usize::try_from(value).map_err(|_| {
            PyValueError::new_err(format!("crop {name} must not be negative, not {value}"))
        })
    };
    Ok(Region {
        x: field("x", x)?,
        y: field("y", y)?,
        width: field("width", width)?,
        height: field("height", height)?,
    })
}

/// A grayscale ("L") or 1-bit ("1") image as a bitmap, converted as asked.
fn bitmap_from(
    image: &[u8],
    width: i64,
    height: i64,
    mode: &str,
    dither: bool,
    threshold: i64,
    layout: Layout,
) -> PyResult<Bitmap> {
    let width = dots_arg("width", width)?;
    let height = dots_arg("height", height)?;
    let level = threshold_arg(threshold)?;
    let strided = layout.stride.is_some() || layout.crop.is_some();
    match mode {
        "L" if strided => {
            let conversion = if dither {
                Conversion::Dither(level)
            } else {
                Conversion::Threshold(level)
            };
            let stride = dots_arg("stride", layout.stride.unwrap_or(width as i64))?;
            let raster = GrayRaster::new(image, width, height, stride).map_err(value_error)?;
            let region = layout.crop.map(region_arg).transpose()?;
            raster.to_bitmap(region, conversion)
        }
        "L" => {
            let conversion = if dither {
                Conversion::Dither(level)
            } else {
                Conversion::Threshold(level)
            };
            Bitmap::from_gray(image, width, height, conversion)
        }
        "1" if strided => {
            return Err(PyValueError::new_err(
                "stride and crop apply to grayscale (\"L\") images only",
            ))
        }
        "1" => Bitmap::from_pil_1bit(image, width, height),
        other => {
            return Err(PyValueError::new_err(format!(
            "mode {other:?} is not \"L\" (grayscale, one byte per pixel) or \"1\" (PIL's packed \
                 1-bit, 1 = white)"
        )))
        }
    }
    .map_err(value_error)
}

/// GS1 elements from a human-readable string or from (AI, value) pairs.
fn gs1_elements(value: &Bound<'_, PyAny>) -> PyResult<Vec<gs1::Element>> {
    if let Ok(text) = value.cast::<PyString>() {
        return gs1::parse_hri(text.to_str()?).map_err(value_error);
    }
    let pairs: Vec<(String, String)> = value.extract().map_err(|_| {
        PyTypeError::new_err(
            "GS1 elements must be a string like \"(00)373400306809981733\" or a sequence of \
             (AI, value) pairs of strings",
        )
    })?;
    gs1::from_pairs(&pairs).map_err(value_error)
}

/// A field block for `ZplLabel.text`: wrap into `width` mm, at most `lines` lines.
#[pyclass(name = "TextBlock", module = "kolektor._core", frozen)]
pub struct PyTextBlock {
    block: TextBlock,
}

#[pymethods]
impl PyTextBlock {
    #[new]
    #[pyo3(signature = (width, lines = 1, align = "L", line_spacing = 0.0))]
    fn new(width: f64, lines: i64, align: &str, line_spacing: f64) -> PyResult<Self> {
        let justification = Justification::from_letter(align).map_err(value_error)?;
        let lines = u32::try_from(lines)
            .ok()
            .filter(|n| (1..=9999).contains(n))
            .ok_or_else(|| {
                PyValueError::new_err(format!("text block lines must be 1 to 9999, not {lines}"))
            })?;
        if !(width.is_finite() && width > 0.0) {
            return Err(PyValueError::new_err(format!(
                "text block width must be more than 0 mm, not {width}"
            )));
        }
        Ok(PyTextBlock {
            block: TextBlock {
                width,
                lines,
                line_spacing,
                justification,
            },
        })
    }

    #[getter]
    fn width(&self) -> f64 {
        self.block.width
    }

    #[getter]
    fn lines(&self) -> u32 {
        self.block.lines
    }

    #[getter]
    fn align(&self) -> &'static str {
        match self.block.justification {
            Justification::Left => "L",
            Justification::Center => "C",
            Justification::Right => "R",
            Justification::Justified => "J",
        }
    }

    #[getter]
    fn line_spacing(&self) -> f64 {
        self.block.line_spacing
    }

    fn __repr__(&self) -> String {
        format!(
            "TextBlock(width={:?}, lines={}, align='{}', line_spacing={:?})",
            self.block.width,
            self.block.lines,
            self.align(),
            self.block.line_spacing
        )
    }
}

/// A label being built: positions and sizes in millimetres, rendered at one resolution.
#[pyclass(name = "ZplLabel", module = "kolektor._core")]
pub struct PyZplLabel {
    label: Label,
    copies: u32,
}

fn rotation(letter: &str) -> PyResult<Rotation> {
    Rotation::from_letter(letter).map_err(value_error)
}

#[pymethods]
impl PyZplLabel {
    #[new]
    #[pyo3(signature = (width_mm, height_mm, dpmm = 8, *, copies = 1))]
    fn new(width_mm: f64, height_mm: f64, dpmm: i64, copies: i64) -> PyResult<Self> {
        let dpmm = match u32::try_from(dpmm) {
            Ok(n) => Dpmm::from_dpmm(n).map_err(value_error)?,
            Err(_) => {
                return Err(PyValueError::new_err(format!(
                    "resolution {dpmm} dpmm is not supported: use 8, 12 or 24 dots per mm \
                     (203, 300 or 600 dpi)"
                )))
            }
        };
        let mut label = Label::new(width_mm, height_mm, dpmm).map_err(value_error)?;
        let copies = u32::try_from(copies).map_err(|_| {
            PyValueError::new_err(format!("copies must be 1 to 99999999, not {copies}"))
        })?;
        label.set_copies(copies).map_err(value_error)?;
        Ok(PyZplLabel { label, copies })
    }

    /// Dots per millimetre: 8, 12 or 24.
    #[getter]
    fn dpmm(&self) -> u32 {
        self.label.dpmm().dpmm()
    }

    /// Dots per inch: 203, 300 or 600.
    #[getter]
    fn dpi(&self) -> u32 {
        self.label.dpmm().dpi()
    }

    #[getter]
    fn width_mm(&self) -> f64 {
        self.label.width_mm()
    }

    #[getter]
    fn height_mm(&self) -> f64 {
        self.label.height_mm()
    }

    #[getter]
    fn width_dots(&self) -> u32 {
        self.label.width_dots()
    }

    #[getter]
    fn height_dots(&self) -> u32 {
        self.label.height_dots()
    }

    #[getter]
    fn copies(&self) -> u32 {
        self.copies
    }

    /// `mm` in whole dots at this label's resolution.
    fn dots(&self, mm: f64) -> i64 {
        self.label.dots(mm)
    }

    #[pyo3(signature = (x, y, text, *, height, width = None, rotation = "N", block = None))]
    #[allow(clippy::too_many_arguments)]
    fn text(
        &mut self,
        x: f64,
        y: f64,
        text: &str,
        height: f64,
        width: Option<f64>,
        rotation: &str,
        block: Option<PyRef<'_, PyTextBlock>>,
    ) -> PyResult<()> {
        let element = Text {
            x,
            y,
            text: text.to_string(),
            height,
            width,
            rotation: self::rotation(rotation)?,
            block: block.map(|b| b.block),
        };
        self.label.add(element).map_err(value_error)?;
        Ok(())
    }

    #[pyo3(signature = (x, y, data, *, height, module = 0.375, rotation = "N", hri = true))]
    #[allow(clippy::too_many_arguments)]
    fn code128(
        &mut self,
        x: f64,
        y: f64,
        data: &str,
        height: f64,
        module: f64,
        rotation: &str,
        hri: bool,
    ) -> PyResult<()> {
        let element = Code128 {
            x,
            y,
            data: data.to_string(),
            height,
            module,
            rotation: self::rotation(rotation)?,
            hri,
        };
        self.label.add(element).map_err(value_error)?;
        Ok(())
    }

    #[pyo3(signature = (x, y, elements, *, height, module = 0.5, rotation = "N", hri = true))]
    #[allow(clippy::too_many_arguments)]
    fn gs1_128(
        &mut self,
        x: f64,
        y: f64,
        elements: &Bound<'_, PyAny>,
        height: f64,
        module: f64,
        rotation: &str,
        hri: bool,
    ) -> PyResult<()> {
        let element = Gs1Code128 {
            x,
            y,
            elements: gs1_elements(elements)?,
            height,
            module,
            rotation: self::rotation(rotation)?,
            hri,
        };
        self.label.add(element).map_err(value_error)?;
        Ok(())
    }

    #[pyo3(signature = (x, y, data, *, module = 0.5, error_correction = "Q"))]
    fn qr(
        &mut self,
        x: f64,
        y: f64,
        data: &str,
        module: f64,
        error_correction: &str,
    ) -> PyResult<()> {
        let element = Qr {
            x,
            y,
            data: data.to_string(),
            module,
            error_correction: QrErrorCorrection::from_letter(error_correction)
                .map_err(value_error)?,
        };
        self.label.add(element).map_err(value_error)?;
        Ok(())
    }

    #[pyo3(signature = (x, y, data, *, module = 0.5, rotation = "N", gs1 = false))]
    #[allow(clippy::too_many_arguments)]
    fn datamatrix(
        &mut self,
        x: f64,
        y: f64,
        data: &Bound<'_, PyAny>,
        module: f64,
        rotation: &str,
        gs1: bool,
    ) -> PyResult<()> {
        let content = if gs1 {
            DataMatrixContent::Gs1(gs1_elements(data)?)
        } else {
            let text = data.cast::<PyString>().map_err(|_| {
                PyTypeError::new_err(
                    "DataMatrix data must be a string (or GS1 elements with gs1=True)",
                )
            })?;
            DataMatrixContent::Text(text.to_str()?.to_string())
        };
        let element = DataMatrix {
            x,
            y,
            content,
            module,
            rotation: self::rotation(rotation)?,
        };
        self.label.add(element).map_err(value_error)?;
        Ok(())
    }

    #[pyo3(name = "box", signature = (x, y, width, height, *, thickness = 0.25, rounding = 0))]
    fn add_box(
        &mut self,
        x: f64,
        y: f64,
        width: f64,
        height: f64,
        thickness: f64,
        rounding: i64,
    ) -> PyResult<()> {
        let rounding = u8::try_from(rounding)
            .ok()
            .filter(|r| *r <= 8)
            .ok_or_else(|| {
                PyValueError::new_err(format!("box rounding must be 0 to 8, not {rounding}"))
            })?;
        let element = GraphicBox {
            x,
            y,
            width,
            height,
            thickness,
            rounding,
        };
        self.label.add(element).map_err(value_error)?;
        Ok(())
    }

    #[pyo3(signature = (x, y, length, *, thickness = 0.25, vertical = false))]
    fn line(
        &mut self,
        x: f64,
        y: f64,
        length: f64,
        thickness: f64,
        vertical: bool,
    ) -> PyResult<()> {
        let element = Line {
            x,
            y,
            length,
            thickness,
            vertical,
        };
        self.label.add(element).map_err(value_error)?;
        Ok(())
    }

    #[pyo3(signature = (x, y, image, width, height, *, mode = "L", dither = false, threshold = 128, encoding = "z64", stride = None, crop = None))]
    #[allow(clippy::too_many_arguments)]
    fn graphic(
        &mut self,
        py: Python<'_>,
        x: f64,
        y: f64,
        image: &[u8],
        width: i64,
        height: i64,
        mode: &str,
        dither: bool,
        threshold: i64,
        encoding: &str,
        stride: Option<i64>,
        crop: Option<(i64, i64, i64, i64)>,
    ) -> PyResult<()> {
        let encoding = GraphicEncoding::from_name(encoding).map_err(value_error)?;
        let label = &mut self.label;
        let layout = Layout { stride, crop };
        py.detach(|| {
            let bitmap = bitmap_from(image, width, height, mode, dither, threshold, layout)?;
            let element = GraphicImage {
                x,
                y,
                bitmap,
                encoding,
            };
            label.add(element).map_err(value_error)?;
            Ok(())
        })
    }

    /// The label's ZPL.
    fn zpl(&self) -> String {
        self.label.zpl()
    }

    fn __repr__(&self) -> String {
        format!(
            "ZplLabel(width_mm={:?}, height_mm={:?}, dpmm={}, copies={})",
            self.label.width_mm(),
            self.label.height_mm(),
            self.label.dpmm().dpmm(),
            self.copies
        )
    }
}

/// A decoded `^GFA` graphic field.
#[pyclass(name = "GraphicField", module = "kolektor._core", frozen)]
pub struct PyGraphicField {
    field: GraphicField,
}

#[pymethods]
impl PyGraphicField {
    /// Width in dots: bytes per row × 8.
    #[getter]
    fn width(&self) -> usize {
        self.field.bitmap.width()
    }

    #[getter]
    fn height(&self) -> usize {
        self.field.bitmap.height()
    }

    #[getter]
    fn bytes_per_row(&self) -> usize {
        self.field.bitmap.bytes_per_row()
    }

    /// The packed bits: rows of `bytes_per_row` bytes, most significant bit first, 1 = black.
    #[getter]
    fn bits<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.field.bitmap.bits())
    }

    /// The encoding the field was written in: "z64", "acs", "b64" or "hex".
    #[getter]
    fn encoding(&self) -> &'static str {
        self.field.encoding.name()
    }

    /// The number of black dots.
    fn black_dots(&self) -> usize {
        self.field.bitmap.black_dots()
    }

    /// True when the dot at (x, y) is black.
    fn pixel(&self, x: i64, y: i64) -> PyResult<bool> {
        let bitmap = &self.field.bitmap;
        if x < 0 || y < 0 || x as usize >= bitmap.width() || y as usize >= bitmap.height() {
            return Err(PyIndexError::new_err(format!(
                "({x}, {y}) is outside the {} × {} graphic",
                bitmap.width(),
                bitmap.height()
            )));
        }
        Ok(bitmap.pixel(x as usize, y as usize))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyGraphicField>()
            .is_ok_and(|o| o.get().field.bitmap == self.field.bitmap)
    }

    fn __repr__(&self) -> String {
        format!(
            "GraphicField(width={}, height={}, bytes_per_row={}, encoding='{}')",
            self.width(),
            self.height(),
            self.bytes_per_row(),
            self.encoding()
        )
    }
}

/// `^GFA,c,c,d,<data>` for a grayscale or 1-bit image.
#[pyfunction]
#[pyo3(signature = (image, width, height, *, mode = "L", dither = false, threshold = 128, encoding = "z64", stride = None, crop = None))]
#[allow(clippy::too_many_arguments)]
fn encode_graphic(
    py: Python<'_>,
    image: &[u8],
    width: i64,
    height: i64,
    mode: &str,
    dither: bool,
    threshold: i64,
    encoding: &str,
    stride: Option<i64>,
    crop: Option<(i64, i64, i64, i64)>,
) -> PyResult<String> {
    let encoding = GraphicEncoding::from_name(encoding).map_err(value_error)?;
    let layout = Layout { stride, crop };
    py.detach(|| {
        let bitmap = bitmap_from(image, width, height, mode, dither, threshold, layout)?;
        Ok(zpl::encode_graphic(&bitmap, encoding))
    })
}

/// Decode the first `^GF` in `zpl`.
#[pyfunction]
fn decode_graphic(py: Python<'_>, zpl: &str) -> PyResult<PyGraphicField> {
    let field = py
        .detach(|| zpl::decode_graphic(zpl))
        .map_err(value_error)?;
    Ok(PyGraphicField { field })
}

/// Decode every `^GF` in `zpl`, in order.
#[pyfunction]
fn decode_graphics(py: Python<'_>, zpl: &str) -> PyResult<Vec<PyGraphicField>> {
    let fields = py
        .detach(|| zpl::decode_graphics(zpl))
        .map_err(value_error)?;
    Ok(fields
        .into_iter()
        .map(|field| PyGraphicField { field })
        .collect())
}

/// The modules of the Code 128 symbol for `data` (printable ASCII), from the first bar to
/// the last — the shortest B/C symbol `ZplLabel.code128` prints, with its check character
/// and stop: `'1'` a bar, `'0'` a space, one character per module (quiet zones not
/// included).  For drawing the same barcode elsewhere (a PDF).
#[pyfunction]
fn code128_modules(data: &str) -> PyResult<String> {
    let symbol = zpl::code128::Symbol::plain(data).map_err(value_error)?;
    Ok(symbol
        .bars()
        .into_iter()
        .map(|bar| if bar { '1' } else { '0' })
        .collect())
}

/// The smallest rectangle `(x, y, width, height)` holding every pixel of a grayscale image
/// darker than `threshold`, or None for a blank image; rows `stride` bytes apart.
#[pyfunction]
#[pyo3(signature = (image, width, height, *, stride = None, threshold = 128))]
fn ink_box(
    py: Python<'_>,
    image: &[u8],
    width: i64,
    height: i64,
    stride: Option<i64>,
    threshold: i64,
) -> PyResult<Option<(usize, usize, usize, usize)>> {
    let width = dots_arg("width", width)?;
    let height = dots_arg("height", height)?;
    let stride = dots_arg("stride", stride.unwrap_or(width as i64))?;
    let level = threshold_arg(threshold)?;
    let raster = GrayRaster::new(image, width, height, stride).map_err(value_error)?;
    let found = py.detach(|| raster.ink_box(level));
    Ok(found.map(|r| (r.x, r.y, r.width, r.height)))
}

/// What a `^BC` field prints: its modules (`'1'` a bar, `'0'` a space, from the first bar
/// to the stop) and its interpretation line, for field data (after `^FH` escapes) in mode
/// `"N"`, `"A"` or `"D"`.
#[pyfunction]
#[pyo3(signature = (data, mode = "N"))]
fn code128_field_modules(data: &str, mode: &str) -> PyResult<(String, String)> {
    let mode = BcMode::from_letter(mode).map_err(value_error)?;
    let field = bc_field::read_field(data, mode).map_err(value_error)?;
    let modules = field
        .symbol
        .bars()
        .into_iter()
        .map(|bar| if bar { '1' } else { '0' })
        .collect();
    Ok((modules, field.text))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyZplLabel>()?;
    m.add_class::<PyTextBlock>()?;
    m.add_class::<PyGraphicField>()?;
    m.add_function(wrap_pyfunction!(encode_graphic, m)?)?;
    m.add_function(wrap_pyfunction!(decode_graphic, m)?)?;
    m.add_function(wrap_pyfunction!(decode_graphics, m)?)?;
    m.add_function(wrap_pyfunction!(code128_modules, m)?)?;
    m.add_function(wrap_pyfunction!(ink_box, m)?)?;
    m.add_function(wrap_pyfunction!(code128_field_modules, m)?)?;
    Ok(())
}

//! Scan parsing for Python: thin wrappers over `kolektor_core::scan` that convert types
//! (dates to `datetime.date`, decimals to `decimal.Decimal`) and hold no logic.
//!
//! Values are converted when read, so parsing costs one Rust parse and one small object.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use kolektor_core::scan::{
    self, Date, Decimal, Element, Interpretation, Scan, ScanParser as CoreParser,
};
use pyo3::create_exception;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDate, PyDateTime, PyDict, PyString, PyTuple, PyType};

create_exception!(
    kolektor._core,
    ScanError,
    PyValueError,
    "A scan that cannot be interpreted; `.position` (0-based), `.code`, `.ai` and `.params` say where and what."
);
create_exception!(
    kolektor._core,
    ScanConfigError,
    PyValueError,
    "A scan parser configuration that cannot be used; `.setting` names the setting."
);

fn scan_error(py: Python<'_>, error: &scan::ScanError) -> PyErr {
    let err = ScanError::new_err(error.to_string());
    let value = err.value(py);
    let _ = value.setattr(intern!(py, "position"), error.position);
    let _ = value.setattr(intern!(py, "code"), error.kind.code());
    let _ = value.setattr(intern!(py, "ai"), error.ai);
    let params = PyDict::new(py);
    for (name, text) in error.kind.params() {
        let _ = params.set_item(name, text);
    }
    let _ = value.setattr(intern!(py, "params"), params);
    err
}

fn config_error(py: Python<'_>, error: &scan::ConfigError) -> PyErr {
    let err = ScanConfigError::new_err(error.to_string());
    let _ = err
        .value(py)
        .setattr(intern!(py, "setting"), error.setting.as_str());
    err
}

fn py_decimal<'py>(py: Python<'py>, value: Decimal) -> PyResult<Bound<'py, PyAny>> {
    static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    DECIMAL
        .import(py, "decimal", "Decimal")?
        .call1((value.to_string(),))
}

/// Python's `repr()` of an optional string.
fn py_repr(py: Python<'_>, text: Option<&str>) -> PyResult<String> {
    match text {
        None => Ok("None".to_owned()),
        Some(text) => Ok(PyString::new(py, text).repr()?.to_string()),
    }
}

fn py_date(py: Python<'_>, date: Date) -> PyResult<Bound<'_, PyDate>> {
    PyDate::new(py, date.year, date.month, date.day)
}

/// Today's date as Python sees it (`datetime.date.today()`), asked again when the clock
/// enters another quarter hour (every time zone's midnight is on a quarter hour).
fn today(py: Python<'_>) -> PyResult<Date> {
    static CACHE: AtomicU64 = AtomicU64::new(0);
    let slot = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 900 + 1) as u32;
    let packed = CACHE.load(Ordering::Relaxed);
    if (packed >> 32) as u32 == slot {
        let year = ((packed >> 16) & 0xffff) as i32;
        return Ok(Date {
            year,
            month: ((packed >> 8) & 0xff) as u8,
            day: (packed & 0xff) as u8,
        });
    }
    static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    let now = DATE.import(py, "datetime", "date")?.call_method0("today")?;
    let date = read_date(&now)?;
    let packed = (u64::from(slot) << 32)
        | ((date.year as u64 & 0xffff) << 16)
        | (u64::from(date.month) << 8)
        | u64::from(date.day);
    CACHE.store(packed, Ordering::Relaxed);
    Ok(date)
}

fn read_date(value: &Bound<'_, PyAny>) -> PyResult<Date> {
    let py = value.py();
    Ok(Date {
        year: value.getattr(intern!(py, "year"))?.extract()?,
        month: value.getattr(intern!(py, "month"))?.extract()?,
        day: value.getattr(intern!(py, "day"))?.extract()?,
    })
}

/// Interprets scanned text: GTIN/UPC, GS1 element strings (raw, HRI, Digital Link),
/// SSCC, variable-measure EAN-13, internal codes.
#[pyclass(frozen, module = "kolektor._core", name = "ScanParser")]
pub struct PyScanParser {
    inner: CoreParser,
}

#[pymethods]
impl PyScanParser {
    #[new]
    #[pyo3(signature = (config_json = None))]
    fn new(py: Python<'_>, config_json: Option<&str>) -> PyResult<Self> {
        let inner = match config_json {
            None => Ok(CoreParser::default()),
            Some(json) => CoreParser::from_json(json),
        }
        .map_err(|e| config_error(py, &e))?;
        Ok(PyScanParser { inner })
    }

    /// Interpret `text`; `today` (default: the current date) places two-digit years.
    #[pyo3(signature = (text, today = None))]
    fn parse(
        &self,
        py: Python<'_>,
        text: &str,
        today: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyScan> {
        let today = match today {
            Some(date) => read_date(date)
                .map_err(|_| PyTypeError::new_err("today must be a datetime.date"))?,
            None => self::today(py)?,
        };
        self.inner
            .parse(text, today)
            .map(|inner| PyScan { inner })
            .map_err(|e| scan_error(py, &e))
    }

    /// The configuration in effect, as JSON.
    #[getter]
    fn config_json(&self) -> String {
        self.inner.config().to_json()
    }

    /// The default configuration, as JSON.
    #[staticmethod]
    fn default_config_json() -> String {
        scan::ScanConfig::default().to_json()
    }

    fn __repr__(&self) -> String {
        "ScanParser(...)".to_owned()
    }
}

/// One interpreted scan.
#[pyclass(frozen, eq, module = "kolektor._core", name = "Scan")]
#[derive(PartialEq)]
pub struct PyScan {
    inner: Scan,
}

fn elements_tuple<'py>(py: Python<'py>, elements: &[Element]) -> PyResult<Bound<'py, PyTuple>> {
    let items = elements
        .iter()
        .map(|e| Bound::new(py, PyGs1Element { inner: e.clone() }))
        .collect::<PyResult<Vec<_>>>()?;
    PyTuple::new(py, items)
}

#[pymethods]
impl PyScan {
    /// The text as given to the parser.
    #[getter]
    fn text(&self) -> &str {
        self.inner.text()
    }

    /// The text without surrounding white space/separators and the symbology identifier.
    #[getter]
    fn data(&self) -> &str {
        self.inner.data()
    }

    /// "gtin", "gs1", "rcn", "sscc" or "internal".
    #[getter]
    fn kind(&self) -> &'static str {
        self.inner.kind().name()
    }

    /// The symbology identifier the scan started with, e.g. "]E0", or None.
    #[getter]
    fn symbology(&self) -> Option<&str> {
        self.inner
            .symbology
            .as_ref()
            .map(scan::Symbology::identifier)
    }

    /// The symbology's name, e.g. "GS1-128", or None.
    #[getter]
    fn symbology_name(&self) -> Option<&'static str> {
        self.inner.symbology.as_ref().map(scan::Symbology::name)
    }

    #[getter]
    fn lookup_key(&self) -> Option<&str> {
        self.inner.lookup_key()
    }

    #[getter]
    fn gtin(&self) -> Option<&str> {
        self.inner.gtin()
    }

    #[getter]
    fn gtin_format(&self) -> Option<&'static str> {
        self.inner.gtin_format().map(scan::GtinFormat::name)
    }

    #[getter]
    fn elements<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        elements_tuple(py, self.inner.elements())
    }

    #[getter]
    fn gs1_syntax(&self) -> Option<&'static str> {
        self.inner.gs1().map(|g| g.syntax.name())
    }

    #[getter]
    fn sscc(&self) -> Option<&str> {
        self.inner.sscc()
    }

    #[getter]
    fn batch(&self) -> Option<&str> {
        self.inner.batch()
    }

    #[getter]
    fn serial(&self) -> Option<&str> {
        self.inner.serial()
    }

    #[getter]
    fn expiry<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDate>>> {
        self.inner.expiry().map(|d| py_date(py, d)).transpose()
    }

    #[getter]
    fn best_before<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDate>>> {
        self.inner.best_before().map(|d| py_date(py, d)).transpose()
    }

    #[getter]
    fn quantity<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner
            .quantity()
            .map(|q| py_decimal(py, q.value))
            .transpose()
    }

    #[getter]
    fn quantity_unit(&self) -> Option<&'static str> {
        self.inner.quantity().map(|q| q.unit.name())
    }

    #[getter]
    fn rcn_measure(&self) -> Option<&'static str> {
        match &self.inner.interpretation {
            Interpretation::Rcn(r) => Some(r.measure.name()),
            _ => None,
        }
    }

    #[getter]
    fn rcn_value<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        match &self.inner.interpretation {
            Interpretation::Rcn(r) => py_decimal(py, r.value).map(Some),
            _ => Ok(None),
        }
    }

    #[getter]
    fn item_reference(&self) -> Option<&str> {
        match &self.inner.interpretation {
            Interpretation::Rcn(r) => Some(&r.item_reference),
            _ => None,
        }
    }

    #[getter]
    fn internal_kind(&self) -> Option<&str> {
        match &self.inner.interpretation {
            Interpretation::Internal(i) => Some(&i.kind),
            _ => None,
        }
    }

    #[getter]
    fn internal_value(&self) -> Option<&str> {
        match &self.inner.interpretation {
            Interpretation::Internal(i) => Some(&i.value),
            _ => None,
        }
    }

    /// Every property in a dict; the elements as a list of their dicts.
    fn as_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("text", self.text())?;
        d.set_item("kind", self.kind())?;
        d.set_item("symbology", self.symbology())?;
        d.set_item("lookup_key", self.lookup_key())?;
        d.set_item("gtin", self.gtin())?;
        d.set_item("gtin_format", self.gtin_format())?;
        d.set_item("sscc", self.sscc())?;
        d.set_item("batch", self.batch())?;
        d.set_item("serial", self.serial())?;
        d.set_item("expiry", self.expiry(py)?)?;
        d.set_item("best_before", self.best_before(py)?)?;
        d.set_item("quantity", self.quantity(py)?)?;
        d.set_item("quantity_unit", self.quantity_unit())?;
        d.set_item("rcn_measure", self.rcn_measure())?;
        d.set_item("rcn_value", self.rcn_value(py)?)?;
        d.set_item("item_reference", self.item_reference())?;
        d.set_item("internal_kind", self.internal_kind())?;
        d.set_item("internal_value", self.internal_value())?;
        d.set_item("gs1_syntax", self.gs1_syntax())?;
        let elements = self
            .inner
            .elements()
            .iter()
            .map(|e| element_dict(py, e))
            .collect::<PyResult<Vec<_>>>()?;
        d.set_item("elements", elements)?;
        Ok(d)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Scan(kind={}, lookup_key={}, text={})",
            py_repr(py, Some(self.kind()))?,
            py_repr(py, self.lookup_key())?,
            py_repr(py, Some(self.text()))?
        ))
    }
}

/// One GS1 element string: an application identifier and its value.
#[pyclass(frozen, eq, module = "kolektor._core", name = "Gs1Element")]
#[derive(PartialEq)]
pub struct PyGs1Element {
    inner: Element,
}

fn element_dict<'py>(py: Python<'py>, e: &Element) -> PyResult<Bound<'py, PyDict>> {
    let element = PyGs1Element { inner: e.clone() };
    let d = PyDict::new(py);
    d.set_item("ai", e.ai.code)?;
    d.set_item("value", e.value.as_str())?;
    d.set_item("title", e.ai.title)?;
    d.set_item("date", element.date(py)?)?;
    d.set_item("datetime", element.datetime(py)?)?;
    d.set_item("decimal", element.decimal(py)?)?;
    d.set_item("currency", element.currency())?;
    Ok(d)
}

#[pymethods]
impl PyGs1Element {
    /// The application identifier, e.g. "17".
    #[getter]
    fn ai(&self) -> &'static str {
        self.inner.ai.code
    }

    #[getter]
    fn value(&self) -> &str {
        &self.inner.value
    }

    /// GS1's data title, e.g. "USE BY or EXPIRY".
    #[getter]
    fn title(&self) -> &'static str {
        self.inner.ai.title
    }

    #[getter]
    fn description(&self) -> &'static str {
        self.inner.ai.description
    }

    /// GS1's format notation, e.g. "N2+N6".
    #[getter]
    fn format(&self) -> &'static str {
        self.inner.ai.format
    }

    #[getter]
    fn date<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDate>>> {
        self.inner.date.map(|d| py_date(py, d)).transpose()
    }

    /// The date and time, for AIs with a time of day (7003, 8008, …).
    #[getter]
    fn datetime<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDateTime>>> {
        match (self.inner.date, self.inner.time) {
            (Some(d), Some(t)) => PyDateTime::new(
                py, d.year, d.month, d.day, t.hour, t.minute, t.second, 0, None,
            )
            .map(Some),
            _ => Ok(None),
        }
    }

    #[getter]
    fn decimal<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner.decimal.map(|d| py_decimal(py, d)).transpose()
    }

    /// ISO 4217 numeric currency code, e.g. "985" (PLN), for 391n/393n.
    #[getter]
    fn currency(&self) -> Option<&str> {
        self.inner.currency.as_ref().map(scan::Currency::as_str)
    }

    /// The element as human-readable text, e.g. "(17)250531".
    #[getter]
    fn hri(&self) -> String {
        self.inner.hri()
    }

    fn as_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        element_dict(py, &self.inner)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Gs1Element(ai={}, value={})",
            py_repr(py, Some(self.inner.ai.code))?,
            py_repr(py, Some(&self.inner.value))?
        ))
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<PyScanParser>()?;
    m.add_class::<PyScan>()?;
    m.add_class::<PyGs1Element>()?;
    m.add("ScanError", py.get_type::<ScanError>())?;
    m.add("ScanConfigError", py.get_type::<ScanConfigError>())?;
    Ok(())
}

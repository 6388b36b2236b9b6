//! The pick engine for Python: `PickLine`, `PickSession`, `Verdict`, `LineProgress`,
//! `PickProgress`, `PickAction`.
//!
//! Quantities go in as `Decimal`, `int` or `str` (never `float`) and come out as
//! `decimal.Decimal`.  Core errors become `ValueError` with the core's message.  All
//! rules live in `kolektor_core::pick`; this file only converts.

use kolektor_core::pick::{
    Action, LineSpec, LineStatus, LineTally, LineView, ManualEntry, PickError, PickSession, Qty,
    ScanInput, Tolerance, Verdict, FORMAT_VERSION,
};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyString, PyTuple, PyType};

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();

fn value_error(error: PickError) -> PyErr {
    PyValueError::new_err(error.to_string())
}

/// Whole quantities `0..SMALL` are served from a cache of `Decimal` objects (they are
/// immutable): most picked, remaining and added quantities are small whole numbers, and
/// building a `Decimal` costs more than the rest of a verdict.
const SMALL: i64 = 1024;
static SMALL_DECIMALS: PyOnceLock<Vec<Py<PyAny>>> = PyOnceLock::new();

/// A `Qty` as `decimal.Decimal` (shortest exact form: `Decimal('1.25')`, `Decimal('12')`).
fn decimal(py: Python<'_>, qty: Qty) -> PyResult<Bound<'_, PyAny>> {
    let raw = qty.raw();
    if raw % Qty::SCALE == 0 && (0..SMALL).contains(&(raw / Qty::SCALE)) {
        let cache = SMALL_DECIMALS.get_or_try_init(py, || {
            let class = DECIMAL.import(py, "decimal", "Decimal")?;
            (0..SMALL)
                .map(|units| Ok(class.call1((units,))?.unbind()))
                .collect::<PyResult<Vec<_>>>()
        })?;
        return Ok(cache[(raw / Qty::SCALE) as usize].bind(py).clone());
    }
    DECIMAL
        .import(py, "decimal", "Decimal")?
        .call1((qty.to_string(),))
}

fn opt_decimal(py: Python<'_>, qty: Option<Qty>) -> PyResult<Option<Bound<'_, PyAny>>> {
    qty.map(|qty| decimal(py, qty)).transpose()
}

/// Read a quantity given as `Decimal`, `int` or `str`; `field` names it in errors.
fn qty_arg(value: &Bound<'_, PyAny>, field: &str) -> PyResult<Qty> {
    let invalid =
        |error: kolektor_core::pick::QtyError| PyValueError::new_err(format!("{field}: {error}"));
    if value.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(format!(
            "{field}: a quantity is a Decimal, int or str, not bool"
        )));
    }
    if value.is_instance_of::<PyInt>() {
        return match value.extract::<i64>() {
            Ok(units) => Qty::from_units(units).map_err(invalid),
            Err(_) => Err(invalid(kolektor_core::pick::QtyError::OutOfRange {
                text: value.str()?.to_string(),
            })),
        };
    }
    if let Ok(text) = value.cast::<PyString>() {
        return Qty::parse(text.to_str()?).map_err(invalid);
    }
    let py = value.py();
    if value.is_instance(DECIMAL.import(py, "decimal", "Decimal")?)? {
        return Qty::parse(value.str()?.to_str()?).map_err(invalid);
    }
    let kind = if value.is_instance_of::<PyFloat>() {
        "float (floats are not exact)".to_owned()
    } else {
        value.get_type().name()?.to_string()
    };
    Err(PyTypeError::new_err(format!(
        "{field}: a quantity is a Decimal, int or str, not {kind}"
    )))
}

/// An expiry given as `str` (kept as is) or `datetime.date` (ISO `YYYY-MM-DD`).
fn expiry_arg(value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
    let Some(value) = value else { return Ok(None) };
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(Some(text.to_str()?.to_owned()));
    }
    let py = value.py();
    let is_datetime = value.is_instance(DATETIME.import(py, "datetime", "datetime")?)?;
    if !is_datetime && value.is_instance(DATE.import(py, "datetime", "date")?)? {
        return Ok(Some(value.call_method0("isoformat")?.extract()?));
    }
    Err(PyTypeError::new_err(format!(
        "expiry: a str or datetime.date, not {}",
        value.get_type().name()?
    )))
}

// ----- PickLine --------------------------------------------------------------------------

/// One line of the order: what to pick, how much, which barcodes count toward it and
/// what must be captured with each scan.
#[pyclass(frozen, eq, hash, module = "kolektor._core", name = "PickLine")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyPickLine {
    spec: LineSpec,
}

#[pymethods]
impl PyPickLine {
    #[new]
    #[pyo3(signature = (line_id, product_id, ordered, barcodes = None, *, requires_batch = false, requires_expiry = false, requires_serial = false, tolerance_below = None, tolerance_above = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        line_id: i64,
        product_id: Option<i64>,
        ordered: &Bound<'_, PyAny>,
        barcodes: Option<Vec<Bound<'_, PyAny>>>,
        requires_batch: bool,
        requires_expiry: bool,
        requires_serial: bool,
        tolerance_below: Option<&Bound<'_, PyAny>>,
        tolerance_above: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let ordered = qty_arg(ordered, &format!("line {line_id}: ordered"))?;
        let side = |value: Option<&Bound<'_, PyAny>>, name: &str| {
            value.map_or(Ok(Qty::ZERO), |value| {
                qty_arg(value, &format!("line {line_id}: {name}"))
            })
        };
        let below = side(tolerance_below, "tolerance_below")?;
        let above = side(tolerance_above, "tolerance_above")?;
        let mut spec = LineSpec::new(line_id, product_id, ordered)
            .requiring(requires_batch, requires_expiry, requires_serial)
            .with_tolerance(below, above);
        for item in barcodes.unwrap_or_default() {
            if let Ok(code) = item.cast::<PyString>() {
                spec = spec.with_barcode(code.to_str()?, Qty::ONE);
                continue;
            }
            let (code, multiplier): (String, Bound<'_, PyAny>) = item.extract().map_err(|_| {
                PyTypeError::new_err(format!(
                    "line {line_id}: a barcode is a str or a (str, quantity) pair"
                ))
            })?;
            let multiplier = qty_arg(
                &multiplier,
                &format!("line {line_id}: barcode {code:?} multiplier"),
            )?;
            spec = spec.with_barcode(code, multiplier);
        }
        spec.validate().map_err(value_error)?;
        Ok(PyPickLine { spec })
    }

    #[getter]
    fn line_id(&self) -> i64 {
        self.spec.line_id
    }

    #[getter]
    fn product_id(&self) -> Option<i64> {
        self.spec.product_id
    }

    #[getter]
    fn ordered<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.spec.ordered)
    }

    #[getter]
    fn barcodes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let pairs = self
            .spec
            .barcodes
            .iter()
            .map(|b| Ok((b.code.as_str(), decimal(py, b.multiplier)?)))
            .collect::<PyResult<Vec<_>>>()?;
        PyTuple::new(py, pairs)
    }

    #[getter]
    fn requires_batch(&self) -> bool {
        self.spec.requires_batch
    }

    #[getter]
    fn requires_expiry(&self) -> bool {
        self.spec.requires_expiry
    }

    #[getter]
    fn requires_serial(&self) -> bool {
        self.spec.requires_serial
    }

    /// How much less than ordered still completes the line (0: none).
    #[getter]
    fn tolerance_below<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.spec.tolerance.below)
    }

    /// How much more than ordered the line accepts (0: none).
    #[getter]
    fn tolerance_above<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.spec.tolerance.above)
    }

    fn __repr__(&self) -> String {
        let spec = &self.spec;
        let barcodes: Vec<String> = spec
            .barcodes
            .iter()
            .map(|b| format!("({:?}, {})", b.code, b.multiplier))
            .collect();
        let product = spec
            .product_id
            .map_or_else(|| "None".to_owned(), |p| p.to_string());
        let mut flags = String::new();
        for (on, name) in [
            (spec.requires_batch, "requires_batch"),
            (spec.requires_expiry, "requires_expiry"),
            (spec.requires_serial, "requires_serial"),
        ] {
            if on {
                flags.push_str(&format!(", {name}=True"));
            }
        }
        let Tolerance { below, above } = spec.tolerance;
        if spec.tolerance.is_some() {
            flags.push_str(&format!(
                ", tolerance_below='{below}', tolerance_above='{above}'"
            ));
        }
        format!(
            "PickLine({}, {product}, '{}', [{}]{flags})",
            spec.line_id,
            spec.ordered,
            barcodes.join(", ")
        )
    }
}

// ----- Verdict ---------------------------------------------------------------------------

/// The verdict for one scan, manual entry, undo or shortage report.
#[pyclass(frozen, eq, hash, module = "kolektor._core", name = "Verdict")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyVerdict {
    verdict: Verdict,
}

impl PyVerdict {
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Vec<(&'static str, Bound<'py, PyAny>)>> {
        let v = &self.verdict;
        let mut fields: Vec<(&'static str, Bound<'py, PyAny>)> = vec![
            ("kind", v.kind().into_pyobject(py)?.into_any()),
            ("ok", PyBool::new(py, v.ok()).to_owned().into_any()),
        ];
        if let Some(line) = v.line() {
            fields.push(("line_id", line.line_id.into_pyobject(py)?.into_any()));
        }
        if let Some(added) = v.counted() {
            fields.push(("added", decimal(py, added)?));
        }
        match v {
            Verdict::OverPick {
                attempted, excess, ..
            } => {
                fields.push(("attempted", decimal(py, *attempted)?));
                fields.push(("excess", decimal(py, *excess)?));
            }
            Verdict::Undone {
                removed, undone_id, ..
            } => {
                fields.push(("removed", decimal(py, *removed)?));
                fields.push(("undone_id", undone_id.into_pyobject(py)?.into_any()));
            }
            _ => {}
        }
        if let Some(line) = v.line() {
            fields.push(("picked", decimal(py, line.picked)?));
            fields.push(("remaining", decimal(py, line.remaining())?));
            fields.push(("ordered", decimal(py, line.ordered)?));
            if line.tolerance.is_some() {
                push_tolerance(py, &mut fields, line)?;
            }
        }
        if let Some(missing) = v.missing() {
            let names: Vec<&str> = missing.names().collect();
            fields.push(("missing", PyTuple::new(py, names)?.into_any()));
        }
        if matches!(
            v,
            Verdict::OrderFinished { .. } | Verdict::ShortageReported { .. }
        ) || v.counted().is_some()
        {
            fields.push((
                "order_finished",
                PyBool::new(py, v.order_finished()).to_owned().into_any(),
            ));
            fields.push((
                "with_shortages",
                PyBool::new(py, self.with_shortages()).to_owned().into_any(),
            ));
        }
        Ok(fields)
    }
}

/// A toleranced line's fields: `tolerance_below`, `tolerance_above`, `within_tolerance`.
fn push_tolerance<'py>(
    py: Python<'py>,
    fields: &mut Vec<(&'static str, Bound<'py, PyAny>)>,
    line: &LineTally,
) -> PyResult<()> {
    fields.push(("tolerance_below", decimal(py, line.tolerance.below)?));
    fields.push(("tolerance_above", decimal(py, line.tolerance.above)?));
    let within = PyBool::new(py, line.within_tolerance())
        .to_owned()
        .into_any();
    fields.push(("within_tolerance", within));
    Ok(())
}

#[pymethods]
impl PyVerdict {
    /// The kind: `counted`, `line_complete`, `order_complete`,
    /// `order_complete_with_shortages`, `wrong_product`, `unknown_code`, `over_pick`,
    /// `batch_required`, `expiry_required`, `serial_required`, `duplicate_serial`,
    /// `line_closed_short`, `order_finished`, `duplicate`, `undone`, `nothing_to_undo`,
    /// `shortage_reported`.
    #[getter]
    fn kind(&self) -> &'static str {
        self.verdict.kind()
    }

    /// The operation was accepted (counted, undone, shortage recorded); a duplicate
    /// answers as its first verdict did.
    #[getter]
    fn ok(&self) -> bool {
        self.verdict.ok()
    }

    #[getter]
    fn line_id(&self) -> Option<i64> {
        self.verdict.line().map(|line| line.line_id)
    }

    #[getter]
    fn added<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        opt_decimal(py, self.verdict.counted())
    }

    #[getter]
    fn picked<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        opt_decimal(py, self.verdict.line().map(|line| line.picked))
    }

    #[getter]
    fn remaining<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        opt_decimal(py, self.verdict.line().map(|line| line.remaining()))
    }

    #[getter]
    fn ordered<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        opt_decimal(py, self.verdict.line().map(|line| line.ordered))
    }

    /// The line's tolerance below ordered (None without a line; 0 without a tolerance).
    #[getter]
    fn tolerance_below<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        opt_decimal(py, self.verdict.line().map(|line| line.tolerance.below))
    }

    /// The line's tolerance above ordered (None without a line; 0 without a tolerance).
    #[getter]
    fn tolerance_above<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        opt_decimal(py, self.verdict.line().map(|line| line.tolerance.above))
    }

    /// The line is complete with a picked quantity other than ordered, within its
    /// tolerance (False without a line).
    #[getter]
    fn within_tolerance(&self) -> bool {
        self.verdict.line().is_some_and(LineTally::within_tolerance)
    }

    #[getter]
    fn attempted<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        match &self.verdict {
            Verdict::OverPick { attempted, .. } => opt_decimal(py, Some(*attempted)),
            _ => Ok(None),
        }
    }

    #[getter]
    fn excess<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        match &self.verdict {
            Verdict::OverPick { excess, .. } => opt_decimal(py, Some(*excess)),
            _ => Ok(None),
        }
    }

    #[getter]
    fn removed<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        match &self.verdict {
            Verdict::Undone { removed, .. } => opt_decimal(py, Some(*removed)),
            _ => Ok(None),
        }
    }

    #[getter]
    fn undone_id(&self) -> Option<&str> {
        match &self.verdict {
            Verdict::Undone { undone_id, .. } => Some(undone_id),
            _ => None,
        }
    }

    #[getter]
    fn missing<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let names: Vec<&str> = self
            .verdict
            .missing()
            .map(|missing| missing.names().collect())
            .unwrap_or_default();
        PyTuple::new(py, names)
    }

    #[getter]
    fn order_finished(&self) -> bool {
        self.verdict.order_finished()
    }

    #[getter]
    fn with_shortages(&self) -> bool {
        match &self.verdict {
            Verdict::OrderCompleteWithShortages { .. } => true,
            Verdict::OrderFinished { with_shortages } => *with_shortages,
            Verdict::ShortageReported { order_finished, .. } => *order_finished,
            _ => false,
        }
    }

    #[getter]
    fn first(&self) -> Option<PyVerdict> {
        match &self.verdict {
            Verdict::Duplicate { first } => Some(PyVerdict {
                verdict: (**first).clone(),
            }),
            _ => None,
        }
    }

    /// The fields that apply to this kind, as a dict (`first` nested as a dict).
    fn as_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (name, value) in self.fields(py)? {
            dict.set_item(name, value)?;
        }
        if let Some(first) = self.first() {
            dict.set_item("first", first.as_dict(py)?)?;
        }
        Ok(dict)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let mut parts = Vec::new();
        for (name, value) in self.fields(py)? {
            if name != "ok" {
                parts.push(format!("{name}={}", value.repr()?));
            }
        }
        if let Some(first) = self.first() {
            parts.push(format!("first={}", first.__repr__(py)?));
        }
        Ok(format!("Verdict({})", parts.join(", ")))
    }
}

fn verdict(result: Result<Verdict, PickError>) -> PyResult<PyVerdict> {
    result
        .map(|verdict| PyVerdict { verdict })
        .map_err(value_error)
}

// ----- LineProgress, PickProgress, PickAction ---------------------------------------------

/// One line's progress.
#[pyclass(frozen, eq, hash, module = "kolektor._core", name = "LineProgress")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyLineProgress {
    line_id: i64,
    product_id: Option<i64>,
    tally: LineTally,
    line_status: LineStatus,
    reason: Option<String>,
}

impl PyLineProgress {
    fn of(view: LineView<'_>) -> Self {
        PyLineProgress {
            line_id: view.line_id(),
            product_id: view.spec.product_id,
            tally: view.tally(),
            line_status: view.status(),
            reason: view.shortage.map(str::to_owned),
        }
    }
}

#[pymethods]
impl PyLineProgress {
    #[getter]
    fn line_id(&self) -> i64 {
        self.line_id
    }

    #[getter]
    fn product_id(&self) -> Option<i64> {
        self.product_id
    }

    #[getter]
    fn ordered<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.tally.ordered)
    }

    #[getter]
    fn picked<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.tally.picked)
    }

    /// Still to pick: ordered − picked while the line is not complete, 0 once it is (also
    /// when it is complete within its tolerance).
    #[getter]
    fn remaining<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.tally.remaining())
    }

    /// How much less than ordered still completes the line (0: none).
    #[getter]
    fn tolerance_below<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.tally.tolerance.below)
    }

    /// How much more than ordered the line accepts (0: none).
    #[getter]
    fn tolerance_above<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.tally.tolerance.above)
    }

    /// Complete with a picked quantity other than ordered (within the tolerance).
    #[getter]
    fn within_tolerance(&self) -> bool {
        self.line_status == LineStatus::Complete && self.tally.within_tolerance()
    }

    /// `"open"`, `"complete"` or `"short"`.
    #[getter]
    fn status(&self) -> &'static str {
        self.line_status.name()
    }

    #[getter]
    fn is_complete(&self) -> bool {
        self.line_status == LineStatus::Complete
    }

    #[getter]
    fn is_short(&self) -> bool {
        self.line_status == LineStatus::Short
    }

    #[getter]
    fn shortage_reason(&self) -> Option<&str> {
        self.reason.as_deref()
    }

    fn __repr__(&self) -> String {
        format!(
            "LineProgress(line_id={}, picked='{}', ordered='{}', status='{}')",
            self.line_id,
            self.tally.picked,
            self.tally.ordered,
            self.line_status.name()
        )
    }
}

/// The order at a glance.
#[pyclass(frozen, module = "kolektor._core", name = "PickProgress")]
pub struct PyPickProgress {
    progress: kolektor_core::pick::Progress,
    lines: Py<PyTuple>,
}

#[pymethods]
impl PyPickProgress {
    /// Number of lines on the order.
    #[getter]
    fn line_count(&self) -> usize {
        self.progress.lines
    }

    #[getter]
    fn lines_open(&self) -> usize {
        self.progress.open
    }

    #[getter]
    fn lines_complete(&self) -> usize {
        self.progress.complete
    }

    #[getter]
    fn lines_short(&self) -> usize {
        self.progress.short
    }

    /// Counted actions in effect (what `undo` can take back).
    #[getter]
    fn actions(&self) -> usize {
        self.progress.actions
    }

    /// Operation ids seen (scans, entries, undos).
    #[getter]
    fn operations(&self) -> usize {
        self.progress.operations
    }

    #[getter]
    fn is_complete(&self) -> bool {
        self.progress.is_complete
    }

    #[getter]
    fn has_shortages(&self) -> bool {
        self.progress.has_shortages
    }

    #[getter]
    fn is_finished(&self) -> bool {
        self.progress.is_finished
    }

    /// Per-line progress, in line order.
    #[getter]
    fn lines<'py>(&self, py: Python<'py>) -> Bound<'py, PyTuple> {
        self.lines.bind(py).clone()
    }

    fn __repr__(&self) -> String {
        let p = &self.progress;
        format!(
            "PickProgress(lines={}, open={}, complete={}, short={}, actions={})",
            p.lines, p.open, p.complete, p.short, p.actions
        )
    }
}

/// A counted scan or manual entry still in effect.
#[pyclass(frozen, eq, hash, module = "kolektor._core", name = "PickAction")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyPickAction {
    action: Action,
}

#[pymethods]
impl PyPickAction {
    /// The scan or entry id.
    #[getter]
    fn action_id(&self) -> &str {
        &self.action.id
    }

    #[getter]
    fn line_id(&self) -> i64 {
        self.action.line_id
    }

    #[getter]
    fn quantity<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.action.quantity)
    }

    #[getter]
    fn manual(&self) -> bool {
        self.action.manual
    }

    #[getter]
    fn batch(&self) -> Option<&str> {
        self.action.batch.as_deref()
    }

    #[getter]
    fn expiry(&self) -> Option<&str> {
        self.action.expiry.as_deref()
    }

    #[getter]
    fn serial(&self) -> Option<&str> {
        self.action.serial.as_deref()
    }

    fn __repr__(&self) -> String {
        let a = &self.action;
        let mut text = format!(
            "PickAction({:?}, line_id={}, quantity='{}'",
            a.id, a.line_id, a.quantity
        );
        if a.manual {
            text.push_str(", manual=True");
        }
        for (name, value) in [
            ("batch", &a.batch),
            ("expiry", &a.expiry),
            ("serial", &a.serial),
        ] {
            if let Some(value) = value {
                text.push_str(&format!(", {name}={value:?}"));
            }
        }
        text.push(')');
        text
    }
}

// ----- PickSession -----------------------------------------------------------------------

/// The state of picking one order; every operation returns a `Verdict` at once.
#[pyclass(eq, module = "kolektor._core", name = "PickSession")]
#[derive(PartialEq)]
pub struct PyPickSession {
    inner: PickSession,
}

#[pymethods]
impl PyPickSession {
    /// The newest snapshot format version this build reads and writes (2: lines carry
    /// tolerances; a session without tolerances is written as version 1, as before).
    #[classattr]
    const FORMAT_VERSION: u32 = FORMAT_VERSION;

    #[new]
    fn new(lines: Vec<Bound<'_, PyAny>>) -> PyResult<Self> {
        let specs = lines
            .iter()
            .map(|line| {
                line.cast::<PyPickLine>()
                    .map(|line| line.get().spec.clone())
                    .map_err(|_| {
                        PyTypeError::new_err(format!(
                            "lines must be PickLine objects, not {}",
                            line.get_type().name().map_or("?".into(), |n| n.to_string())
                        ))
                    })
            })
            .collect::<PyResult<Vec<_>>>()?;
        PickSession::new(specs)
            .map(|inner| PyPickSession { inner })
            .map_err(value_error)
    }

    /// Judge one scan (already parsed and resolved by the server) and count it if it fits.
    #[pyo3(signature = (scan_id, key, *, quantity = None, batch = None, expiry = None, serial = None, known_product = false))]
    #[allow(clippy::too_many_arguments)]
    fn scan(
        &mut self,
        scan_id: &str,
        key: &str,
        quantity: Option<&Bound<'_, PyAny>>,
        batch: Option<&str>,
        expiry: Option<&Bound<'_, PyAny>>,
        serial: Option<&str>,
        known_product: bool,
    ) -> PyResult<PyVerdict> {
        let quantity = quantity.map(|q| qty_arg(q, "quantity")).transpose()?;
        let expiry = expiry_arg(expiry)?;
        verdict(self.inner.scan(&ScanInput {
            scan_id,
            key,
            quantity,
            batch,
            expiry: expiry.as_deref(),
            serial,
            known_product,
        }))
    }

    /// Judge a quantity typed in for one line and count it if it fits.
    #[pyo3(signature = (entry_id, line_id, quantity, *, batch = None, expiry = None, serial = None))]
    fn manual(
        &mut self,
        entry_id: &str,
        line_id: i64,
        quantity: &Bound<'_, PyAny>,
        batch: Option<&str>,
        expiry: Option<&Bound<'_, PyAny>>,
        serial: Option<&str>,
    ) -> PyResult<PyVerdict> {
        let quantity = qty_arg(quantity, "quantity")?;
        let expiry = expiry_arg(expiry)?;
        verdict(self.inner.manual(&ManualEntry {
            entry_id,
            line_id,
            quantity,
            batch,
            expiry: expiry.as_deref(),
            serial,
        }))
    }

    /// Take back the last counted action still in effect (idempotent by `action_id`).
    fn undo(&mut self, action_id: &str) -> PyResult<PyVerdict> {
        verdict(self.inner.undo(action_id))
    }

    /// Close a line short with a reason; what was picked stays.
    fn report_shortage(&mut self, line_id: i64, reason: &str) -> PyResult<PyVerdict> {
        verdict(self.inner.report_shortage(line_id, reason))
    }

    /// The recorded verdict of an operation id, or None if it was never seen.
    fn verdict_for(&self, operation_id: &str) -> Option<PyVerdict> {
        self.inner.operation(operation_id).map(|verdict| PyVerdict {
            verdict: verdict.clone(),
        })
    }

    /// Progress of one line; `ValueError` if it is not on the order.
    fn line(&self, line_id: i64) -> PyResult<PyLineProgress> {
        self.inner
            .line(line_id)
            .map(PyLineProgress::of)
            .ok_or_else(|| value_error(PickError::UnknownLine { line_id }))
    }

    /// Progress of every line, in line order.
    #[getter]
    fn lines<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.inner.lines().map(PyLineProgress::of))
    }

    /// Counted actions still in effect, oldest first.
    #[getter]
    fn actions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(
            py,
            self.inner.actions().iter().map(|action| PyPickAction {
                action: action.clone(),
            }),
        )
    }

    /// Counts for the whole order, with per-line progress.
    fn progress(&self, py: Python<'_>) -> PyResult<PyPickProgress> {
        Ok(PyPickProgress {
            progress: self.inner.progress(),
            lines: self.lines(py)?.unbind(),
        })
    }

    #[getter]
    fn is_complete(&self) -> bool {
        self.inner.is_complete()
    }

    #[getter]
    fn has_shortages(&self) -> bool {
        self.inner.has_shortages()
    }

    #[getter]
    fn is_finished(&self) -> bool {
        self.inner.is_finished()
    }

    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    #[staticmethod]
    fn from_json(text: &str) -> PyResult<PyPickSession> {
        PickSession::from_json(text)
            .map(|inner| PyPickSession { inner })
            .map_err(value_error)
    }

    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.to_bytes())
    }

    #[staticmethod]
    fn from_bytes(data: &[u8]) -> PyResult<PyPickSession> {
        PickSession::from_bytes(data)
            .map(|inner| PyPickSession { inner })
            .map_err(value_error)
    }

    /// Pickle support through the binary form.
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyBytes>,))> {
        let py = slf.py();
        let from_bytes = slf.get_type().getattr("from_bytes")?;
        Ok((from_bytes, (slf.borrow().to_bytes(py),)))
    }

    fn __repr__(&self) -> String {
        let p = self.inner.progress();
        format!(
            "PickSession(lines={}, open={}, complete={}, short={}, actions={})",
            p.lines, p.open, p.complete, p.short, p.actions
        )
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyPickLine>()?;
    m.add_class::<PyPickSession>()?;
    m.add_class::<PyVerdict>()?;
    m.add_class::<PyLineProgress>()?;
    m.add_class::<PyPickProgress>()?;
    m.add_class::<PyPickAction>()?;
    Ok(())
}

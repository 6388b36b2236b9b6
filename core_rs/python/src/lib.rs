//! The Python module `kolektor._core`: a thin PyO3 layer over `kolektor-core`.
//!
//! Errors from the core become `ValueError` with the core's message; nothing here
//! holds logic of its own.  The typed interface is in `kolektor/_core.pyi`.

use kolektor_core::{gtin, nip};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

mod pick;
mod scan;
mod zpl;

/// Return the GS1 check digit for a GTIN payload (the code without its last digit).
#[pyfunction]
fn gtin_check_digit(payload: &str) -> PyResult<u8> {
    gtin::check_digit(payload).map_err(|e| PyValueError::new_err(format!("{payload:?}: {e}")))
}

/// Validate a GTIN-8/12/13/14 and return its 14-digit form; `ValueError` says why not.
#[pyfunction]
fn gtin_normalize(code: &str) -> PyResult<String> {
    gtin::normalize(code).map_err(|e| PyValueError::new_err(format!("{code:?}: {e}")))
}

/// Validate a NIP written in any usual way and return its ten digits.
#[pyfunction]
fn nip_normalize(text: &str) -> PyResult<String> {
    nip::normalize(text).map_err(|e| PyValueError::new_err(format!("{text:?}: {e}")))
}

/// The NIP checksum digit for nine digits, or None when no valid NIP starts so.
#[pyfunction]
fn nip_checksum(first_nine: &str) -> Option<u8> {
    nip::checksum(first_nine)
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(gtin_check_digit, m)?)?;
    m.add_function(wrap_pyfunction!(gtin_normalize, m)?)?;
    m.add_function(wrap_pyfunction!(nip_normalize, m)?)?;
    m.add_function(wrap_pyfunction!(nip_checksum, m)?)?;
    scan::register(m)?;
    pick::register(m)?;
    zpl::register(m)?;
    Ok(())
}

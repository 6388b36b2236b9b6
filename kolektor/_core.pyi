"""Typed interface of ``kolektor._core``, the Rust extension built from ``core_rs/python``."""

__version__: str

def gtin_check_digit(payload: str) -> int:
    """GS1 check digit for a GTIN without its last digit; ``ValueError`` on a non-digit."""

def gtin_normalize(code: str) -> str:
    """Validate a GTIN-8/12/13/14 and return it as 14 digits; ``ValueError`` says what is wrong."""

def nip_normalize(text: str) -> str:
    """Validate a NIP (dashes, spaces and a ``PL`` prefix allowed) and return its 10 digits."""

def nip_checksum(first_nine: str) -> int | None:
    """NIP checksum digit for nine digits, or None when no valid NIP starts with them."""

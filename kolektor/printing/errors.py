"""A print that did not happen, in words the packer can act on.

:class:`PrinterError` carries a stable ``code`` (what the lead's code branches on), the
catalog key of a sentence that names the printer, where it is, what is wrong and what to do
(„Drukarka „Pakowanie 1” (192.168.1.50:9100): brak etykiet — załóż nową rolkę i naciśnij
FEED.”), and ``retryable``: whether printing the same labels again later can work.  Every
printer problem is retryable — once a person has fixed the printer, the reprint button
works; a label that is not ZPL or an address that cannot be a printer's is not.

Codes: ``unreachable`` (connection refused, no route, unknown host), ``timeout`` (no
connection or sending stalled), ``no_answer`` (connected, no host status within the time:
newer firmware is silent in MEDIA OUT / HEAD OPEN / RIBBON OUT), ``bad_answer`` (the
status is not one), ``connection_lost`` (the connection broke while sending — labels may
be half-printed), the host-status problems ``head_open``, ``paper_out``, ``ribbon_out``,
``temperature`` (over or under), ``corrupt_ram``, ``diagnostic_mode``, ``paused``,
``buffer_full``; CUPS: ``queue_unknown``, ``queue_stopped``, ``queue_rejecting``,
``cups_unavailable`` (no scheduler answers), ``cups_missing`` (``lp`` not installed),
``cups_failed`` (CUPS refused the job); and ``invalid_label``, ``bad_address``.
"""

from __future__ import annotations

from kolektor.i18n import Language, Message, t
from kolektor.printing.host_status import HostStatus
from kolektor.printing.target import BadAddress
from kolektor.printing.zpl import LabelError

PROBLEM_CODES: dict[str, str] = {
    "head_open": "head_open",
    "paper_out": "paper_out",
    "ribbon_out": "ribbon_out",
    "over_temperature": "temperature",
    "under_temperature": "temperature",
    "corrupt_ram": "corrupt_ram",
    "diagnostic_mode": "diagnostic_mode",
    "paused": "paused",
    "buffer_full": "buffer_full",
}
"""Host-status problem → error code (both temperature problems are ``temperature``)."""


class PrinterError(Exception):
    """Printing failed; see the module docstring for the codes.

    ``key``/``params`` render the message (:func:`kolektor.i18n.describe` works on it);
    ``printer`` is the printer's name, ``status`` the host status that refused the print
    (Zebra), ``problems`` every problem it reported, the first one named in the message."""

    def __init__(
        self,
        code: str,
        printer: str,
        where: Message,
        /,
        *,
        retryable: bool = True,
        key: str | None = None,
        status: HostStatus | None = None,
        **params: object,
    ) -> None:
        super().__init__(f"{code}: {printer}")
        self.code = code
        self.printer = printer
        self.key = key or f"printing.error.{code}"
        self.params: dict[str, object] = {"printer": printer, "where": where, **params}
        self.retryable = retryable
        self.status = status
        self.problems: tuple[str, ...] = status.problems() if status else ()

    def message(self, language: Language = "pl") -> str:
        """The sentence for the packer's device and the dashboard."""
        return t(self.key, language, **self.params)


def refused_by_status(printer: str, where: Message, status: HostStatus) -> PrinterError:
    """The error for a host status with problems: the first problem names it."""
    first = status.problems()[0]
    return PrinterError(
        PROBLEM_CODES[first],
        printer,
        where,
        key=f"printing.error.{first}",
        status=status,
    )


def invalid_label(printer: str, where: Message, error: LabelError) -> PrinterError:
    """Nothing was sent: label ``error.index`` is not a complete ZPL format."""
    return PrinterError(
        "invalid_label",
        printer,
        where,
        retryable=False,
        detail=Message(error.key, error.params),
        index=error.index,
    )


def bad_address(printer: str, where: Message, error: BadAddress) -> PrinterError:
    """The printer's address (or CUPS queue name) cannot be used; fix the settings."""
    return PrinterError(
        "bad_address", printer, where, retryable=False, detail=Message(error.key, error.params)
    )

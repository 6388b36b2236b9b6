"""Zebra's host status (``~HS``): what the printer says about itself before a label is sent.

The host sends ``~HS``; the printer answers with three strings, each framed
``<STX>…<ETX><CR><LF>`` and made of comma-separated decimal fields.  The layout used here is
the one in Zebra's ZPL II Programming Guide, command ``~HS`` "Host Status Return"
(45541L-004 Rev. A, pp. 171–172, and https://docs.zebra.com/us/en/printers/software/zpl-pg/
zpl-commands/~hs4.html):

String 1 ``aaa,b,c,dddd,eee,f,g,h,iii,j,k,l``
    ``aaa`` communication settings (a bit field), ``b`` paper out, ``c`` pause, ``dddd`` label
    length in dots, ``eee`` formats in the receive buffer, ``f`` receive buffer full, ``g``
    communications diagnostic mode, ``h`` partial format in progress, ``iii`` unused
    (``000``), ``j`` corrupt RAM (configuration lost), ``k`` under temperature, ``l`` over
    temperature.
String 2 ``mmm,n,o,p,q,r,s,t,uuuuuuuu,v,www``
    ``mmm`` function settings (a bit field), ``n`` unused, ``o`` head up (open), ``p``
    ribbon out, ``q`` thermal transfer mode, ``r`` print mode (0 rewind, 1 peel-off,
    2 tear-off, 3 cutter, 4 applicator, 5 delayed cut…), ``s`` print width mode, ``t`` label
    waiting (peel-off), ``uuuuuuuu`` labels remaining in the batch, ``v`` format while
    printing (always 1), ``www`` graphic images stored.
String 3 ``xxxx,y``
    ``xxxx`` the printer's ZPL password, ``y`` static RAM installed.  The password is
    checked for shape and **never kept**.

The guide also says that newer firmware sends **no answer at all** while the printer is in
MEDIA OUT, RIBBON OUT, HEAD OPEN, REWINDER FULL or HEAD OVER-TEMPERATURE; the client
(:mod:`kolektor.printing.zebra`) turns silence into an error, this module parses what does
come.  Printers that add fields after the documented ones are accepted (the documented
fields are read by position); fewer fields, a field that is not a number, or a missing
frame is a :class:`HostStatusError` naming what is wrong.  Field layout from the guide only;
not checked against a physical printer here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

STX = 0x02
ETX = 0x03

_FRAME = re.compile(rb"\x02([^\x02\x03]*)\x03")

STRING_FIELDS: tuple[tuple[str, ...], ...] = (
    (
        "interface_settings",
        "paper_out",
        "paused",
        "label_length_dots",
        "formats_in_buffer",
        "buffer_full",
        "diagnostic_mode",
        "partial_format",
        "unused",
        "corrupt_ram",
        "under_temperature",
        "over_temperature",
    ),
    (
        "function_settings",
        "unused",
        "head_open",
        "ribbon_out",
        "thermal_transfer",
        "print_mode",
        "print_width_mode",
        "label_waiting",
        "labels_remaining",
        "format_while_printing",
        "graphics_stored",
    ),
    ("password", "static_ram"),
)
"""The documented fields of strings 1, 2 and 3, in order (names as :class:`HostStatus`)."""

PROBLEMS: tuple[str, ...] = (
    "head_open",
    "paper_out",
    "ribbon_out",
    "over_temperature",
    "under_temperature",
    "corrupt_ram",
    "diagnostic_mode",
    "paused",
    "buffer_full",
)
"""The problem codes of :meth:`HostStatus.problems`, in the order a person fixes them:
close the head before loading paper, load paper and ribbon, let the head cool or warm up,
then resume a printer that paused itself — and only then is a full buffer worth waiting
for.  ``diagnostic_mode`` is a problem because a printer in communications diagnostic mode
prints what it receives as a hex dump instead of the label."""


class HostStatusError(ValueError):
    """The printer's answer to ``~HS`` is not a host status.  ``key`` and ``params`` name
    the defect in the message catalog (``printing.status.*``)."""

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True, slots=True)
class HostStatus:
    """One ``~HS`` answer, decoded.  Flags are True when the printer reports the condition."""

    paper_out: bool
    paused: bool
    label_length_dots: int
    formats_in_buffer: int
    buffer_full: bool
    diagnostic_mode: bool
    partial_format: bool
    """A format has begun (``^XA``) and not ended yet — another sender mid-label, or one
    that was cut off; informational, not a problem."""
    corrupt_ram: bool
    under_temperature: bool
    over_temperature: bool
    head_open: bool
    ribbon_out: bool
    thermal_transfer: bool
    print_mode: int
    labels_remaining: int
    """Labels still to print from formats already received (``^PQ`` batches)."""
    graphics_stored: int
    interface_settings: int = 0
    function_settings: int = 0

    def problems(self) -> tuple[str, ...]:
        """What stops the printer from printing the next label now, as stable codes from
        :data:`PROBLEMS` in the order a person should fix them; empty when it is ready."""
        return tuple(code for code in PROBLEMS if getattr(self, code))

    @property
    def ready(self) -> bool:
        return not self.problems()


def answer_complete(data: bytes | bytearray) -> bool:
    """Whether ``data`` holds all three strings of an answer (the reader stops there)."""
    return data.count(ETX) >= len(STRING_FIELDS)


def parse_host_status(data: bytes) -> HostStatus:
    """Decode the printer's answer to ``~HS`` (the bytes as read from the socket).

    Bytes between the frames may only be the ``<CR><LF>`` line ends (and other whitespace).
    Raises :class:`HostStatusError` for anything else."""
    if not data.strip():
        raise HostStatusError("printing.status.empty")
    frames = list(_FRAME.finditer(data))
    outside = _FRAME.sub(b"", data)
    if outside.strip():
        raise HostStatusError("printing.status.unframed", sample=_sample(outside.strip()))
    if len(frames) < len(STRING_FIELDS):
        raise HostStatusError(
            "printing.status.too_few_strings", found=len(frames), expected=len(STRING_FIELDS)
        )
    if len(frames) > len(STRING_FIELDS):
        raise HostStatusError(
            "printing.status.too_many_strings", found=len(frames), expected=len(STRING_FIELDS)
        )
    values: dict[str, int] = {}
    for number, (frame, names) in enumerate(zip(frames, STRING_FIELDS, strict=True), start=1):
        fields = frame.group(1).split(b",")
        if len(fields) < len(names):
            raise HostStatusError(
                "printing.status.too_few_fields",
                string=number,
                found=len(fields),
                expected=len(names),
            )
        for position, (name, raw) in enumerate(zip(names, fields, strict=False), start=1):
            text = raw.strip()
            if not (text.isdigit() and text.isascii()):
                # The password is the only field allowed to be anything; it is not kept.
                if name == "password":
                    continue
                raise HostStatusError(
                    "printing.status.not_a_number",
                    string=number,
                    position=position,
                    sample=_sample(text),
                )
            if name not in {"unused", "password"}:
                values[name] = int(text)
    return HostStatus(
        paper_out=_flag(values, "paper_out", 1),
        paused=_flag(values, "paused", 1),
        label_length_dots=values["label_length_dots"],
        formats_in_buffer=values["formats_in_buffer"],
        buffer_full=_flag(values, "buffer_full", 1),
        diagnostic_mode=_flag(values, "diagnostic_mode", 1),
        partial_format=_flag(values, "partial_format", 1),
        corrupt_ram=_flag(values, "corrupt_ram", 1),
        under_temperature=_flag(values, "under_temperature", 1),
        over_temperature=_flag(values, "over_temperature", 1),
        head_open=_flag(values, "head_open", 2),
        ribbon_out=_flag(values, "ribbon_out", 2),
        thermal_transfer=_flag(values, "thermal_transfer", 2),
        print_mode=values["print_mode"],
        labels_remaining=values["labels_remaining"],
        graphics_stored=values["graphics_stored"],
        interface_settings=values["interface_settings"],
        function_settings=values["function_settings"],
    )


def _flag(values: dict[str, int], name: str, string: int) -> bool:
    value = values[name]
    if value not in (0, 1):
        names = STRING_FIELDS[string - 1]
        raise HostStatusError(
            "printing.status.not_a_flag",
            string=string,
            position=names.index(name) + 1,
            sample=str(value),
        )
    return value == 1


def _sample(raw: bytes | bytearray, limit: int = 24) -> str:
    """A short, printable excerpt of what the printer sent, for the message."""
    text = raw.decode("ascii", errors="replace")
    text = "".join(ch if ch.isprintable() else "·" for ch in text)
    return text if len(text) <= limit else text[:limit] + "…"

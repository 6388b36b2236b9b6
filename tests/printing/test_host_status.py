"""Zebra's ``~HS`` answer read into a :class:`HostStatus`: flags, counters, and the
problems in the order a packer fixes them; garbled answers name what is wrong."""

from __future__ import annotations

import pytest

from kolektor.i18n import t
from kolektor.printing.host_status import HostStatusError, answer_complete, parse_host_status


def answer(string1: str, string2: str, string3: str = "1234,0") -> bytes:
    """Three strings framed as a printer sends them."""
    return b"".join(b"\x02" + s.encode() + b"\x03\r\n" for s in (string1, string2, string3))


READY_1 = "030,0,0,1218,000,0,0,0,000,0,0,0"
READY_2 = "001,0,0,0,0,2,6,0,00000000,1,000"


@pytest.mark.parametrize(
    ("string1", "string2", "problems"),
    [
        (READY_1, READY_2, ()),
        ("030,1,0,1218,000,0,0,0,000,0,0,0", READY_2, ("paper_out",)),
        ("030,0,1,1218,000,0,0,0,000,0,0,0", READY_2, ("paused",)),
        (READY_1, "001,0,1,0,0,2,6,0,00000000,1,000", ("head_open",)),
        (READY_1, "001,0,0,1,1,2,6,0,00000000,1,000", ("ribbon_out",)),
        ("030,0,0,1218,012,1,0,0,000,0,0,0", READY_2, ("buffer_full",)),
        ("030,0,0,1218,000,0,0,0,000,0,0,1", READY_2, ("over_temperature",)),
        ("030,0,0,1218,000,0,0,0,000,0,1,0", READY_2, ("under_temperature",)),
        ("030,0,0,1218,000,0,0,0,000,1,0,0", READY_2, ("corrupt_ram",)),
        ("030,0,0,1218,000,0,1,0,000,0,0,0", READY_2, ("diagnostic_mode",)),
        # After paper ran out and the head was opened to load it, the printer also paused:
        # the head comes first, then the paper, then resuming.
        (
            "030,1,1,1218,000,0,0,0,000,0,0,0",
            "001,0,1,0,0,2,6,0,00000000,1,000",
            ("head_open", "paper_out", "paused"),
        ),
    ],
)
def test_problems_are_read_from_the_flags(
    string1: str, string2: str, problems: tuple[str, ...]
) -> None:
    status = parse_host_status(answer(string1, string2))
    assert status.problems() == problems
    assert status.ready is (problems == ())


def test_counters_and_modes_are_read() -> None:
    status = parse_host_status(
        answer("030,0,0,1218,003,0,0,1,000,0,0,0", "001,0,0,0,1,1,6,0,00000012,1,004")
    )
    assert status.label_length_dots == 1218
    assert status.formats_in_buffer == 3
    assert status.partial_format is True
    assert status.labels_remaining == 12
    assert status.thermal_transfer is True
    assert status.print_mode == 1  # peel-off
    assert status.graphics_stored == 4
    assert status.interface_settings == 30
    assert status.problems() == ()  # a partial format or labels in progress are no problem


def test_the_printers_password_is_not_kept() -> None:
    status = parse_host_status(answer(READY_1, READY_2, "9876,1"))
    assert "9876" not in repr(status)


def test_extra_fields_of_newer_firmware_are_accepted() -> None:
    status = parse_host_status(answer(READY_1 + ",0,0", READY_2 + ",1"))
    assert status.ready


def test_an_answer_is_complete_with_its_third_string() -> None:
    full = answer(READY_1, READY_2)
    assert answer_complete(full)
    assert not answer_complete(full[: full.rindex(b"\x03")])


@pytest.mark.parametrize(
    ("data", "key", "polish"),
    [
        (b"", "printing.status.empty", "pusta odpowiedź"),
        (b"\r\n", "printing.status.empty", "pusta odpowiedź"),
        (b"HTTP/1.1 400 Bad Request\r\n", "printing.status.unframed", "tekst spoza ramek"),
        (
            b"\x02" + READY_1.encode() + b"\x03\r\n\x02" + READY_2.encode() + b"\x03\r\n",
            "printing.status.too_few_strings",
            "2 wiersze zamiast 3",
        ),
        (
            answer(READY_1, READY_2) + b"\x021234,0\x03\r\n",
            "printing.status.too_many_strings",
            "4 wiersze zamiast 3",
        ),
        (
            answer("030,0,0,1218", READY_2),
            "printing.status.too_few_fields",
            "wiersz 1 ma 4 pola zamiast co najmniej 12",
        ),
        (
            answer(READY_1, "001,0,X,0,0,2,6,0,00000000,1,000"),
            "printing.status.not_a_number",
            "wiersz 2, pole 3: „X” nie jest liczbą",
        ),
        (
            answer("030,2,0,1218,000,0,0,0,000,0,0,0", READY_2),
            "printing.status.not_a_flag",
            "wiersz 1, pole 2: „2” zamiast 0 albo 1",
        ),
        (
            answer("030,0,0,12µ8,000,0,0,0,000,0,0,0", READY_2),
            "printing.status.not_a_number",
            "wiersz 1, pole 4",
        ),
    ],
)
def test_a_garbled_answer_names_what_is_wrong(data: bytes, key: str, polish: str) -> None:
    with pytest.raises(HostStatusError) as caught:
        parse_host_status(data)
    assert caught.value.key == key
    assert polish in t(caught.value.key, "pl", **caught.value.params)

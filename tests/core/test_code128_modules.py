"""``kolektor._core.code128_modules``: the Code 128 symbol as modules, for drawing the barcode
outside ZPL (the badge sheet's PDF) — read back with a decoder of its own, and the same
symbol ``ZplLabel.code128`` prints."""

from __future__ import annotations

import re
from itertools import groupby

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kolektor._core import ZplLabel, code128_modules
from tests.barcodes import code128_field_text, decode_code128


def runs(modules: str) -> list[int]:
    return [len(list(group)) for _, group in groupby(modules)]


@pytest.mark.parametrize(
    ("data", "width"),
    [
        ("OP-0001", 11 * (1 + 3 + 1 + 2 + 1) + 13),  # start B, "OP-", code C, 00 01, check
        ("OP-407215938826", 11 * (1 + 3 + 1 + 6 + 1) + 13),
        ("1234", 11 * (1 + 2 + 1) + 13),  # start C, 12 34
        ("OP-990099", 11 * (1 + 3 + 1 + 3 + 1) + 13),  # "99" in C is not a switch
        ("a>b^c~ ", 11 * (1 + 7 + 1) + 13),
    ],
)
def test_the_modules_read_back_as_the_data(data: str, width: int) -> None:
    modules = code128_modules(data)
    assert set(modules) == {"0", "1"} and modules[0] == modules[-1] == "1"
    assert len(modules) == width
    assert decode_code128(runs(modules)) == data


@given(st.text(st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=40))
def test_any_printable_ascii_reads_back_and_matches_the_label(data: str) -> None:
    modules = code128_modules(data)
    assert decode_code128(runs(modules)) == data
    label = ZplLabel(400, 30)
    label.code128(5, 5, data, height=10, module=0.25)
    [field] = re.findall(r"\^BC[^\^]*\^FD(.*)\^FS", label.zpl())
    assert code128_field_text(field) == data
    # The label's symbol has as many characters (start, data, check), so the same width.
    assert len(modules) == 11 * (len(_symbol_characters(field)) + 1) + 13


def _symbol_characters(field: str) -> list[str]:
    """The symbol characters of a mode-N field (start and switches included)."""
    characters, subset, i = [], "B", 0
    while i < len(field):
        if field[i] == ">":
            command = field[i + 1]
            subset = {":": "B", "6": "B", ";": "C", "5": "C"}.get(command, subset)
            characters.append(field[i : i + 2])
            i += 2
        else:
            step = 2 if subset == "C" else 1
            characters.append(field[i : i + step])
            i += step
    return characters


@pytest.mark.parametrize("data", ["", "zażółć", "tab\there", "\x00"])
def test_what_code128_cannot_carry_is_refused(data: str) -> None:
    with pytest.raises(ValueError, match="Code 128"):
        code128_modules(data)

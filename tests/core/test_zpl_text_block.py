"""``kolektor._core.TextBlock``: the ^FB field block of ``ZplLabel.text``."""

from __future__ import annotations

import pytest

from kolektor import _core


def test_defaults_and_repr() -> None:
    block = _core.TextBlock(60)
    assert (block.width, block.lines, block.align, block.line_spacing) == (60.0, 1, "L", 0.0)
    assert repr(block) == "TextBlock(width=60.0, lines=1, align='L', line_spacing=0.0)"


@pytest.mark.parametrize(("align", "letter"), [("L", "L"), ("c", "C"), ("R", "R"), ("J", "J")])
def test_justification_reaches_the_field_block(align: str, letter: str) -> None:
    label = _core.ZplLabel(100, 150)
    block = _core.TextBlock(50, lines=2, align=align, line_spacing=0.5)
    label.text(5, 5, "a\nb", height=3, block=block)
    assert f"^FB400,2,4,{letter},0^FDa\\&b^FS" in label.zpl()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"width": 0}, "text block width must be more than 0 mm, not 0"),
        ({"width": 10, "lines": 0}, "text block lines must be 1 to 9999, not 0"),
        ({"width": 10, "align": "X"}, 'justification "X" is not one of L, C, R, J'),
    ],
)
def test_invalid_blocks(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError) as error:
        _core.TextBlock(**kwargs)  # type: ignore[arg-type]
    assert str(error.value).startswith(message)

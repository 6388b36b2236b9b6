"""The scanner protocol's parsing: every malformed message is named, never crashes."""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kolektor.scanner.protocol import (
    MAX_MESSAGE_BYTES,
    Claim,
    Hello,
    LabelRequest,
    Login,
    Manual,
    Pack,
    ProtocolError,
    ReprintLabel,
    Scan,
    SetStation,
    encode,
    parse_message,
)
from kolektor.store.picking import PackageInput


def frame(**fields: object) -> str:
    return json.dumps({"v": 1, **fields})


def test_scan_with_everything() -> None:
    message = parse_message(
        frame(
            type="scan",
            ref="r1",
            order_id=7,
            scan_id="d1-000042",
            code="]C10105901234123457",
            scanned_at="2026-11-28T09:15:02.120Z",
            batch="L0425",
            expiry="2027-03-31",
            serial="SN-1",
        )
    )
    assert message == Scan(
        "r1",
        order_id=7,
        scan_id="d1-000042",
        code="]C10105901234123457",
        scanned_at=datetime(2026, 11, 28, 9, 15, 2, 120000, tzinfo=UTC),
        batch="L0425",
        expiry=date(2027, 3, 31),
        serial="SN-1",
    )


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"type": "hello", "device_id": "tc52-01", "station": {"printer": "Zebra-1"}},
         Hello(None, "tc52-01", {"printer": "Zebra-1"})),
        ({"type": "login", "badge": " OP-0001 "}, Login(None, badge="OP-0001")),
        ({"type": "login", "login": "anna", "pin": "1111"}, Login(None, login="anna", pin="1111")),
        ({"type": "claim", "order_id": 3, "takeover": True}, Claim(None, 3, True)),
        ({"type": "manual", "order_id": 3, "entry_id": "m1", "line_id": 9, "quantity": "1.25"},
         Manual(None, 3, "m1", 9, Decimal("1.25"))),
        ({"type": "pack", "order_id": 3, "request_id": "p1",
          "packages": [{"weight_kg": "2.5", "template": "b"}, {"weight_kg": 1}]},
         Pack(None, 3, "p1", (PackageInput(Decimal("2.5"), template="B"),
                              PackageInput(Decimal("1"))))),
        ({"type": "set_station", "station_id": 4}, SetStation(None, 4)),
        ({"type": "set_station", "station_id": None}, SetStation(None, None)),
        ({"type": "label", "order_id": 3}, LabelRequest(None, 3)),
        ({"type": "reprint_label", "order_id": 3, "request_id": "r1"},
         ReprintLabel(None, 3, "r1")),
    ],
)  # fmt: skip
def test_messages_parse_to_typed_objects(fields: dict[str, object], expected: object) -> None:
    assert parse_message(frame(**fields)) == expected


@pytest.mark.parametrize(
    ("raw", "code", "params"),
    [
        ("not json", "bad_message", {"field": "-", "problem": "not_json"}),
        ("[1, 2]", "bad_message", {"field": "-", "problem": "not_object"}),
        (json.dumps({"v": 2, "type": "ping"}), "unsupported_version", {"version": 2}),
        (frame(type="dance"), "unknown_type", {"type": "dance"}),
        (frame(type="scan", order_id=1, scan_id="s"), "bad_message",
         {"field": "code", "problem": "missing"}),
        (frame(type="scan", order_id="1", scan_id="s", code="x"), "bad_message",
         {"field": "order_id", "problem": "not_id"}),
        (frame(type="scan", order_id=1, scan_id="s" * 65, code="x"), "bad_message",
         {"field": "scan_id", "problem": "too_long"}),
        (frame(type="scan", order_id=1, scan_id="s", code="x", expiry="31.03.2027"),
         "bad_message", {"field": "expiry", "problem": "not_date"}),
        (frame(type="manual", order_id=1, entry_id="e", line_id=2, quantity="-1"),
         "bad_message", {"field": "quantity", "problem": "not_positive"}),
        (frame(type="manual", order_id=1, entry_id="e", line_id=2, quantity="0.00001"),
         "bad_message", {"field": "quantity", "problem": "too_precise"}),
        (frame(type="pack", order_id=1, request_id="p", packages=[{"template": "D"}]),
         "bad_message", {"field": "packages[1].template", "problem": "not_template"}),
        (frame(type="pack", order_id=1, request_id="p", packages=[{"weight_kg": "abc"}]),
         "bad_message", {"field": "packages[1].weight_kg", "problem": "not_number"}),
        (frame(type="login"), "bad_message", {"field": "badge", "problem": "missing"}),
        (frame(type="set_station"), "bad_message", {"field": "station_id", "problem": "missing"}),
        (frame(type="set_station", station_id="Stół 1"), "bad_message",
         {"field": "station_id", "problem": "not_id"}),
        (frame(type="reprint_label", order_id=3), "bad_message",
         {"field": "request_id", "problem": "missing"}),
        ("x" * (MAX_MESSAGE_BYTES + 1), "too_large", {"limit": MAX_MESSAGE_BYTES}),
    ],
)  # fmt: skip
def test_malformed_messages_name_the_problem(
    raw: str, code: str, params: dict[str, object]
) -> None:
    with pytest.raises(ProtocolError) as error:
        parse_message(raw)
    assert (error.value.code, error.value.params) == (code, params)


def test_reference_comes_back_with_the_error() -> None:
    with pytest.raises(ProtocolError) as error:
        parse_message(frame(type="claim", ref="abc"))
    assert error.value.ref == "abc"


@given(st.one_of(st.text(max_size=300), st.binary(max_size=300),
                 st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                              lambda c: st.lists(c, max_size=4)
                              | st.dictionaries(st.text(max_size=10), c, max_size=6),
                              max_leaves=20).map(json.dumps)))  # fmt: skip
def test_no_input_raises_anything_but_protocol_error(raw: str | bytes) -> None:
    with contextlib.suppress(ProtocolError):
        parse_message(raw)


def test_encode_writes_decimals_as_exact_strings_and_polish_as_is() -> None:
    text = encode("verdict", "r9", added=Decimal("12.0000"), weight=Decimal("0.4560"),
                  message="Zły towar")  # fmt: skip
    assert json.loads(text) == {
        "v": 1, "type": "verdict", "ref": "r9", "added": "12", "weight": "0.4560",
        "message": "Zły towar",
    }  # fmt: skip
    assert "Zły" in text

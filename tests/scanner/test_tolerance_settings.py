"""The ``tolerance`` setting (weighed goods, issue 11): saved validated through the office
settings, refused with a Polish message naming the wrong field, and turned into a line's
tolerance rounded down to the unit's decimal places; pieces are never toleranced."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kolektor.i18n import describe
from kolektor.scanner.tolerance import DEFAULT_TOLERANCE, LineTolerance, load_tolerance
from kolektor.settings import SettingInvalid, current_settings, save_setting
from kolektor.store.engine import Store
from kolektor.store.orders import OrderLineRecord


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(f"sqlite:///{tmp_path / 'kolektor.db'}")
    opened.upgrade()
    return opened


def kg_line(quantity: str, *, unit: str = "kg", symbol: str = "WAG-0001") -> OrderLineRecord:
    q = Decimal(quantity)
    return OrderLineRecord(
        id=1, position=1, subiekt_line_id=11, product_id=300, symbol=symbol, name="Ser gouda",
        kind=1, quantity=q, unit=unit, base_quantity=q, price_net=Decimal(30),
        price_gross=Decimal("32.90"), discount_percent=Decimal(0), value_net=Decimal(0),
        value_vat=Decimal(0), value_gross=Decimal(0), vat_symbol="5", vat_rate=Decimal(5),
        barcodes=(), location=None, picked_quantity=Decimal(0), requires_batch=False,
        requires_expiry=False, requires_serial=False,
    )  # fmt: skip


def test_the_default_tolerates_kilograms_only_rounded_down_to_grams() -> None:
    assert DEFAULT_TOLERANCE.for_line(kg_line("1.467")) == LineTolerance(
        Decimal("0.029"), Decimal("0.029")
    )
    # 2 % of 0.3 kg is 6 g: the absolute 10 g is larger and wins.
    assert DEFAULT_TOLERANCE.for_line(kg_line("0.3")) == LineTolerance(
        Decimal("0.010"), Decimal("0.010")
    )
    # Below ordered it stops a gram short: something must be picked.
    assert DEFAULT_TOLERANCE.for_line(kg_line("0.005")) == LineTolerance(
        Decimal("0.004"), Decimal("0.010")
    )
    assert DEFAULT_TOLERANCE.for_line(kg_line("2", unit="szt.")) is None
    assert DEFAULT_TOLERANCE.for_line(replace(kg_line("1.5"), requires_serial=True)) is None
    packs = replace(kg_line("2", unit="kg"), base_quantity=Decimal(24))
    assert DEFAULT_TOLERANCE.for_line(packs) is None


def test_saved_settings_are_normalized_and_a_product_entry_wins(store: Store) -> None:
    value = {
        "units": {"KG": {"percent": 1, "decimals": 3}, "m": {"absolute": "0.05"}},
        "products": [{"symbol": "wag-0001", "percent": "5", "absolute": 0.01}],
    }
    saved = store.run_sync(save_setting, "tolerance", value, actor="operator:biuro")
    assert saved == {
        "units": {"kg": {"percent": "1", "absolute": "0", "decimals": 3},
                  "m": {"percent": "0", "absolute": "0.05", "decimals": 4}},
        "products": [{"symbol": "wag-0001", "percent": "5", "absolute": "0.01",
                      "decimals": 4}],
    }  # fmt: skip
    assert store.read_sync(current_settings)["tolerance"] == saved
    settings = store.read_sync(load_tolerance)
    assert settings.for_line(kg_line("1.467")) == LineTolerance(
        Decimal("0.0733"), Decimal("0.0733")
    )
    assert settings.for_line(kg_line("1.467", symbol="WAG-0002")) == LineTolerance(
        Decimal("0.014"), Decimal("0.014")
    )


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ({"units": {"kg": {"percent": "2,5"}}}, "„units.kg.percent”"),
        ({"units": {"kg": {"percent": "60"}}}, "„units.kg.percent”"),
        ({"units": {"kg": {"absolute": "0.0105", "decimals": 3}}}, "„units.kg.absolute”"),
        ({"units": {"kg": {"percent": "2", "decimals": 7}}}, "„units.kg.decimals”"),
        ({"units": {"kg": {"decimals": 3}}}, "„units.kg”"),
        ({"units": {"szt.": {"percent": "1"}}}, "„units.szt.”"),
        ({"products": [{"percent": "1"}]}, "„products[0]”"),
        (
            {"products": [{"product_id": 7, "percent": "1"}, {"product_id": 7, "percent": "2"}]},
            "„products[1]”",
        ),
        ({"units": {"kg": {"percent": "2", "procent": "3"}}}, "„units.kg.procent”"),
    ],
)
def test_a_wrong_value_is_refused_in_polish_naming_the_field(
    store: Store, value: Any, field: str
) -> None:
    with pytest.raises(SettingInvalid) as refused:
        store.run_sync(save_setting, "tolerance", value, actor="operator:biuro")
    message = describe(refused.value, "pl")
    assert field in message and "tolerance" in message, message
    assert store.read_sync(current_settings)["tolerance"] == DEFAULT_TOLERANCE.as_json()

"""Weighed goods ("towar ważony"): how far a line's picked weight may be from the ordered
weight for the line to be complete — the ``tolerance`` setting.

A scale label never hits the ordered weight: a line of 1.467 kg is picked as a 1.475 kg or a
1.457 kg label.  The office sets an allowance per unit of measure (``kg``, ``g``, ``m``,
``l``…) and per product (by Subiekt's symbol ``tw_Symbol`` or id ``tw_Id``), each as a
percentage of the ordered quantity and/or an absolute quantity; **the larger of the two
wins**, and a product's entry replaces its unit's.  The allowance applies below and above
the ordered quantity alike and is rounded **down** to the unit's decimal places
(``decimals``; Subiekt keeps quantities with 4, weights usually with 3) — so 2 % / 0.010 kg of
1.467 kg is 0.029 kg: the line is complete at 1.438–1.496 kg.

Never toleranced: pieces (``szt.``), lines that need serial numbers (one serial names one
unit), and lines ordered in another unit than the product's base unit (packs: the ZK's
quantity differs from its base quantity) — those must be picked exactly.  Below ordered the
allowance stops one step (``10^-decimals``) short of the ordered quantity: something must be
picked.

The value (``GET``/``PUT /api/settings``; ``docs/api.md``)::

    {"units": {"kg": {"percent": "2", "absolute": "0.010", "decimals": 3}},
     "products": [{"symbol": "SER-GOUDA", "percent": "5"}, {"product_id": 412, "absolute": "0.05"}]}

Pure apart from :func:`load_tolerance` (one store read).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal, InvalidOperation
from typing import Any, Final

from sqlalchemy.engine import Connection

from kolektor.settings import OfficeSetting, SettingInvalid
from kolektor.store import settings as settings_store
from kolektor.store.orders import OrderLineRecord

TOLERANCE: Final = "tolerance"
"""The setting's key."""
PIECES: Final = frozenset({"szt"})
"""Units never toleranced (normalized: lower case, no trailing dot)."""
MAX_PERCENT: Final = Decimal(50)
MAX_ABSOLUTE: Final = Decimal(1000)
MAX_DECIMALS: Final = 4
"""Subiekt keeps quantities with four decimal places."""
MAX_ENTRIES: Final = 500
GOODS_KIND: Final = 1
ENTRY_FIELDS: Final = ("percent", "absolute", "decimals")
PRODUCT_KEYS: Final = ("symbol", "product_id")
EXAMPLE: Final = (
    '{"units": {"kg": {"percent": "2", "absolute": "0.010", "decimals": 3}}, "products": []}'
)


def unit_key(unit: str) -> str:
    """A unit symbol as compared: ``KG``, ``kg.`` and `` kg`` are one unit."""
    return unit.strip().lower().rstrip(".")


@dataclass(frozen=True, slots=True)
class Allowance:
    """An allowance: ``percent`` of the ordered quantity or ``absolute``, whichever is
    larger, rounded down to ``decimals`` places."""

    percent: Decimal
    absolute: Decimal
    decimals: int

    def amount(self, ordered: Decimal) -> Decimal:
        larger = max(ordered * self.percent / 100, self.absolute)
        return larger.quantize(Decimal(1).scaleb(-self.decimals), rounding=ROUND_FLOOR)

    def as_json(self) -> dict[str, Any]:
        return {"percent": _text(self.percent), "absolute": _text(self.absolute),
                "decimals": self.decimals}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ProductAllowance:
    """A product's own allowance, by its Subiekt symbol or id."""

    symbol: str | None
    product_id: int | None
    allowance: Allowance

    def matches(self, line: OrderLineRecord) -> bool:
        if self.product_id is not None:
            return line.product_id == self.product_id
        return (line.symbol or "").strip().casefold() == (self.symbol or "").casefold()

    def as_json(self) -> dict[str, Any]:
        key = (
            {"symbol": self.symbol} if self.symbol is not None else {"product_id": self.product_id}
        )
        return key | self.allowance.as_json()


@dataclass(frozen=True, slots=True)
class LineTolerance:
    """A line's tolerance in its base unit: complete within ``[ordered − below, ordered +
    above]``."""

    below: Decimal
    above: Decimal


@dataclass(frozen=True, slots=True)
class ToleranceSettings:
    """Allowances per unit (by :func:`unit_key`) and per product."""

    units: Mapping[str, Allowance]
    products: tuple[ProductAllowance, ...]

    def for_line(self, line: OrderLineRecord) -> LineTolerance | None:
        """The line's tolerance, or None when it must be picked exactly."""
        if line.kind != GOODS_KIND or line.product_id is None or line.requires_serial:
            return None
        if unit_key(line.unit) in PIECES or line.quantity != line.base_quantity:
            return None
        product = next((p for p in self.products if p.matches(line)), None)
        allowance = product.allowance if product else self.units.get(unit_key(line.unit))
        if allowance is None:
            return None
        ordered = line.base_quantity
        amount = allowance.amount(ordered)
        step = Decimal(1).scaleb(-allowance.decimals)
        below = max(min(amount, ordered - step), Decimal(0))
        if amount <= 0:
            return None
        return LineTolerance(below=below, above=amount)

    def as_json(self) -> dict[str, Any]:
        return {"units": {unit: a.as_json() for unit, a in self.units.items()},
                "products": [p.as_json() for p in self.products]}  # fmt: skip


DEFAULT_TOLERANCE: Final = ToleranceSettings(
    units={"kg": Allowance(Decimal(2), Decimal("0.010"), 3)}, products=()
)
"""2 % or 0.010 kg for goods sold by the kilogram; nothing else toleranced."""


def _text(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)


def _quantity(value: Any, field: str, limit: Decimal) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise SettingInvalid("settings.tolerance.not_number", field=field, value=str(value)[:40])
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise SettingInvalid(
            "settings.tolerance.not_number", field=field, value=str(value)[:40]
        ) from None
    if not number.is_finite() or not Decimal(0) <= number <= limit:
        raise SettingInvalid(
            "settings.tolerance.range", field=field, value=str(value)[:40], max=_text(limit)
        )
    return number


def _decimals(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DECIMALS:
        raise SettingInvalid("settings.tolerance.decimals", field=field, value=str(value)[:40])
    return value


def _allowance(value: Any, field: str, extra: tuple[str, ...], default_decimals: int) -> Allowance:
    if not isinstance(value, Mapping):
        raise SettingInvalid("settings.tolerance.entry_not_object", field=field)
    allowed = (*extra, *ENTRY_FIELDS)
    for name in value:
        if name not in allowed:
            wrong = f"{field}.{str(name)[:40]}"
            raise SettingInvalid("settings.unknown_field", key=TOLERANCE, field=wrong,
                                 allowed=", ".join(allowed))  # fmt: skip
    if "percent" not in value and "absolute" not in value:
        raise SettingInvalid("settings.tolerance.no_allowance", field=field)
    decimals = (
        _decimals(value["decimals"], f"{field}.decimals")
        if "decimals" in value
        else default_decimals
    )
    percent = _quantity(value.get("percent", 0), f"{field}.percent", MAX_PERCENT)
    absolute = _quantity(value.get("absolute", 0), f"{field}.absolute", MAX_ABSOLUTE)
    if absolute != absolute.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_FLOOR):
        raise SettingInvalid("settings.tolerance.absolute_decimals", field=f"{field}.absolute",
                             value=_text(absolute), decimals=decimals)  # fmt: skip
    return Allowance(percent, absolute, decimals)


def parse_tolerance(value: Any) -> ToleranceSettings:
    """The settings a stored or submitted value describes; :class:`SettingInvalid` naming
    the first field that is wrong (``units.kg.percent``, ``products[2].symbol``…)."""
    if not isinstance(value, Mapping):
        raise SettingInvalid("settings.not_object", key=TOLERANCE, example=EXAMPLE)
    for name in value:
        if name not in ("units", "products"):
            raise SettingInvalid("settings.unknown_field", key=TOLERANCE,
                                 field=str(name)[:40], allowed="units, products")  # fmt: skip
    units_value = value.get("units", {})
    products_value = value.get("products", [])
    if not isinstance(units_value, Mapping):
        raise SettingInvalid("settings.tolerance.units_not_object", example=EXAMPLE)
    if not isinstance(products_value, list):
        raise SettingInvalid("settings.tolerance.products_not_list", example=EXAMPLE)
    if len(units_value) + len(products_value) > MAX_ENTRIES:
        raise SettingInvalid("settings.tolerance.too_many", max=MAX_ENTRIES)
    units: dict[str, Allowance] = {}
    for name, entry in units_value.items():
        unit = unit_key(str(name))
        field = f"units.{str(name)[:20]}"
        if not unit or len(str(name).strip()) > 10:
            raise SettingInvalid("settings.tolerance.unit_name", field=field)
        if unit in PIECES:
            raise SettingInvalid("settings.tolerance.pieces", field=field)
        if unit in units:
            raise SettingInvalid("settings.tolerance.unit_twice", field=field)
        units[unit] = _allowance(entry, field, (), MAX_DECIMALS)
    products: list[ProductAllowance] = []
    seen: dict[tuple[str, str], str] = {}
    for index, entry in enumerate(products_value):
        field = f"products[{index}]"
        if not isinstance(entry, Mapping):
            raise SettingInvalid("settings.tolerance.entry_not_object", field=field)
        keys = [key for key in PRODUCT_KEYS if key in entry]
        if len(keys) != 1:
            raise SettingInvalid("settings.tolerance.product_key", field=field)
        symbol: str | None = None
        product_id: int | None = None
        if keys[0] == "symbol":
            raw = entry["symbol"]
            if not isinstance(raw, str) or not raw.strip() or len(raw.strip()) > 20:
                raise SettingInvalid("settings.tolerance.symbol", field=f"{field}.symbol")
            symbol = raw.strip()
            identity = ("symbol", symbol.casefold())
        else:
            raw = entry["product_id"]
            if isinstance(raw, bool) or not isinstance(raw, int) or not 0 < raw < 2**31:
                raise SettingInvalid("settings.tolerance.product_id",
                                     field=f"{field}.product_id")  # fmt: skip
            product_id = raw
            identity = ("product_id", str(raw))
        if identity in seen:
            raise SettingInvalid("settings.tolerance.product_twice", field=field,
                                 first=seen[identity])  # fmt: skip
        seen[identity] = field
        allowance = _allowance(entry, field, PRODUCT_KEYS, MAX_DECIMALS)
        products.append(ProductAllowance(symbol, product_id, allowance))
    return ToleranceSettings(units, tuple(products))


def normalize_tolerance(value: Any) -> dict[str, Any]:
    """The value as stored: validated, numbers as decimal strings."""
    return parse_tolerance(value).as_json()


SETTING: Final = OfficeSetting(
    key=TOLERANCE, default=DEFAULT_TOLERANCE.as_json(), normalize=normalize_tolerance
)


def load_tolerance(conn: Connection) -> ToleranceSettings:
    """The saved settings, or :data:`DEFAULT_TOLERANCE` when the office saved none."""
    stored = settings_store.get_setting(conn, TOLERANCE)
    return DEFAULT_TOLERANCE if stored is None else parse_tolerance(stored)

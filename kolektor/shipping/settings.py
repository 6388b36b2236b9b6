"""The office's shipping setting (``shipping``, ``PUT /api/settings/shipping``): the shop as
the sender on labels, which Subiekt payment forms mean cash on delivery, and the GS1
company prefix for parcel SSCCs.

```json
{"sender": {"company": "Sklep Przykład sp. z o.o.", "first_name": "", "last_name": "",
            "street": "Długa", "building_number": "5/7", "post_code": "00-001",
            "city": "Warszawa", "country_code": "PL", "email": "sklep@example.com",
            "phone": "601234567"},
 "cod_payment_forms": [4],
 "gs1_prefix": null}
```

``sender`` null: carriers use the account's own data (InPost, Allegro) and Kolektor's own
label leaves the sender block empty.  A payment form in ``cod_payment_forms`` (Subiekt's
``dok_PlatnoscId`` of e.g. „Pobranie”) makes the order's gross value cash on delivery.
``gs1_prefix`` (7–10 digits, from GS1 Polska) gives every parcel an SSCC printed as GS1-128
on Kolektor's own label.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy.engine import Connection

from kolektor.settings import OfficeSetting, SettingInvalid
from kolektor.shipping.carrier import Party
from kolektor.store import settings as settings_store

KEY: Final = "shipping"
SENDER_FIELDS: Final = (
    "company", "first_name", "last_name", "street", "building_number", "post_code", "city",
    "country_code", "email", "phone",
)  # fmt: skip
_POST_CODE: Final = re.compile(r"^\d{2}-\d{3}$")
_GS1_PREFIX: Final = re.compile(r"^\d{7,10}$")
DEFAULT: Final[dict[str, Any]] = {"sender": None, "cod_payment_forms": [], "gs1_prefix": None}


@dataclass(frozen=True, slots=True)
class ShippingSettings:
    sender: Party | None = None
    cod_payment_forms: frozenset[int] = frozenset()
    gs1_prefix: str | None = None


def normalize(value: Any) -> dict[str, Any]:
    """The setting as stored, or :class:`SettingInvalid` naming the field."""
    if not isinstance(value, Mapping):
        raise SettingInvalid("settings.shipping.object")
    unknown = set(value) - set(DEFAULT)
    if unknown:
        raise SettingInvalid("settings.shipping.unknown", field=sorted(unknown)[0],
                             known=", ".join(DEFAULT))  # fmt: skip
    result = dict(DEFAULT)
    sender = value.get("sender")
    if sender is not None:
        result["sender"] = _sender(sender)
    forms = value.get("cod_payment_forms", [])
    if not isinstance(forms, list) or not all(
        isinstance(f, int) and not isinstance(f, bool) and f > 0 for f in forms
    ):
        raise SettingInvalid("settings.shipping.cod_payment_forms", field="cod_payment_forms")
    result["cod_payment_forms"] = sorted(set(forms))
    prefix = value.get("gs1_prefix")
    if prefix is not None:
        if not isinstance(prefix, str) or not _GS1_PREFIX.match(prefix.strip()):
            raise SettingInvalid("settings.shipping.gs1_prefix", field="gs1_prefix")
        result["gs1_prefix"] = prefix.strip()
    return result


def _sender(sender: Any) -> dict[str, str]:
    if not isinstance(sender, Mapping):
        raise SettingInvalid("settings.shipping.sender_object", field="sender",
                             known=", ".join(SENDER_FIELDS))  # fmt: skip
    unknown = set(sender) - set(SENDER_FIELDS)
    if unknown:
        raise SettingInvalid("settings.shipping.unknown", field=f"sender.{sorted(unknown)[0]}",
                             known=", ".join(SENDER_FIELDS))  # fmt: skip
    fields: dict[str, str] = {}
    for name in SENDER_FIELDS:
        text = sender.get(name, "")
        if not isinstance(text, str) or len(text) > 100:
            raise SettingInvalid("settings.shipping.text", field=f"sender.{name}")
        fields[name] = " ".join(text.split())
    fields["country_code"] = (fields["country_code"] or "PL").upper()
    if not (fields["company"] or fields["last_name"]):
        raise SettingInvalid("settings.shipping.sender_name", field="sender.company")
    for name in ("street", "city", "post_code"):
        if not fields[name]:
            raise SettingInvalid("settings.shipping.required", field=f"sender.{name}")
    if fields["country_code"] == "PL" and not _POST_CODE.match(fields["post_code"]):
        raise SettingInvalid("settings.shipping.post_code", field="sender.post_code")
    return fields


SETTING: Final = OfficeSetting(key=KEY, default=dict(DEFAULT), normalize=normalize)
"""The setting as the office API shows and changes it."""


def load(conn: Connection) -> ShippingSettings:
    """The setting now (the default when never saved)."""
    stored = settings_store.get_setting(conn, KEY) or DEFAULT
    sender = stored.get("sender")
    return ShippingSettings(
        sender=Party(**sender) if isinstance(sender, Mapping) else None,
        cod_payment_forms=frozenset(int(f) for f in stored.get("cod_payment_forms") or ()),
        gs1_prefix=stored.get("gs1_prefix"),
    )

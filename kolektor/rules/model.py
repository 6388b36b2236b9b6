"""Document rules: conditions over a ZK, the actions a rule decides, and the rule itself.

Every condition is a small frozen dataclass with

* ``evaluate(ctx, language) -> ConditionResult`` — whether it holds for the order and why,
  in words for the office (``uwagi zawierają „fakturę”``, ``NIP 526-025-09-95 jest
  poprawny``);
* ``describe(language)`` — the condition itself in words (``uwagi zawierają „faktur”``).

A condition about a fact that is unknown (the delivery method before Allegro is asked, a ZK
without a payment form, an amount in another currency) does not hold, and its result has
``known=False`` — so ``Not`` of it does not hold either.

The JSON form of rules is in :mod:`kolektor.rules.parse`; ``docs/rules.md`` describes every
condition and action for the office.  Pure Python, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import ClassVar, Final, TypeAlias

from kolektor._core import nip_normalize
from kolektor.i18n import Language, t
from kolektor.rules.context import (
    ALLEGRO_CATEGORY,
    CountrySource,
    Phrase,
    RuleContext,
    country_code,
    find_phrase,
    fold,
    is_allegro_checkout_id,
)

__all__ = [
    "CARRIERS",
    "CARRIER_SERVICES",
    "DEFAULT_EMAIL_TEMPLATE",
    "PARCEL_TEMPLATES",
    "Actions",
    "AmountAbove",
    "AmountBelow",
    "CategoryIn",
    "Condition",
    "ConditionResult",
    "CountryIn",
    "DeliveryMethodIn",
    "DocumentKind",
    "HasFlag",
    "HasNip",
    "InvoiceRequested",
    "IsAllegro",
    "Not",
    "PaymentMethodIn",
    "RemarksContain",
    "Rule",
    "alternatives",
    "message",
    "money",
    "quote",
]


def message(key: str, language: Language, /, **params: object) -> str:
    """Render ``rules.model.<key>`` of the catalog (:mod:`kolektor.messages.rules`)."""
    return t(f"rules.model.{key}", language, **params)


def quote(text: str, language: Language) -> str:
    """``„text”`` in Polish, ``“text”`` in English."""
    return f"„{text}”" if language == "pl" else f"“{text}”"


def alternatives(items: Iterable[str], language: Language, *, negative: bool = False) -> str:
    """``a, b lub c`` (``a, b ani c`` when ``negative``); ``a, b or c`` in English."""
    listed = list(items)
    if len(listed) <= 1:
        return "".join(listed)
    word = message("nor" if negative else "or", language)
    return f"{', '.join(listed[:-1])} {word} {listed[-1]}"


def money(amount: Decimal, currency: str, language: Language) -> str:
    """``1 234,50 PLN`` in Polish, ``1,234.50 PLN`` in English: two decimals, more only when
    they are not zeros (Subiekt keeps four: ``149.9150`` is ``149,915``)."""
    exponent = amount.normalize().as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    text = f"{amount:,.{places}f}"
    if language == "pl":
        text = text.replace(",", " ").replace(".", ",")
    return f"{text} {currency}"


def _number(value: int, language: Language) -> str:
    return message("number", language, id=value)


def _value(value: int | str, language: Language) -> str:
    """An id (``nr 3``) or a quoted name."""
    return _number(value, language) if isinstance(value, int) else quote(value, language)


# -- results -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ConditionResult:
    """Whether a condition holds for an order, and why (in the office's words)."""

    held: bool
    reason: str
    known: bool = True
    """False when the fact the condition looks at is unknown (then ``held`` is False)."""


def _yes(reason: str) -> ConditionResult:
    return ConditionResult(True, reason)


def _no(reason: str) -> ConditionResult:
    return ConditionResult(False, reason)


def _unknown(reason: str) -> ConditionResult:
    return ConditionResult(False, reason, known=False)


def _nonempty(values: tuple[object, ...], kind: str) -> None:
    if not values:
        raise ValueError(f"{kind} needs at least one value")


# -- conditions ----------------------------------------------------------------------------


class _ConditionBase:
    __slots__ = ()
    kind: ClassVar[str]
    """The condition's key in JSON (``"remarks_contain"``)."""

    def evaluate(self, ctx: RuleContext, language: Language = "pl") -> ConditionResult:
        raise NotImplementedError

    def describe(self, language: Language = "pl") -> str:
        raise NotImplementedError


_NIP_JUNK: Final = re.compile(r"[\s-]")


@dataclass(frozen=True, slots=True)
class HasNip(_ConditionBase):
    """The customer has a NIP; with ``valid`` (the default) one whose checksum is right.

    ``valid=False`` holds for anything typed in the NIP field, even an invalid or foreign
    tax number (``DE123456789``).
    """

    valid: bool = True
    kind: ClassVar[str] = "has_nip"

    def evaluate(self, ctx: RuleContext, language: Language = "pl") -> ConditionResult:
        raw = (ctx.nip_raw or "").strip()
        if ctx.nip is not None:
            shown, is_valid = raw or _format_nip(ctx.nip), True
        elif raw:
            shown, is_valid = raw, _nip_ok(raw)
        else:
            return _no(message("has_nip.none", language))
        if not self.valid:
            key = "has_nip.entered_valid" if is_valid else "has_nip.entered_invalid"
            return _yes(message(key, language, nip=shown))
        if is_valid:
            return _yes(message("has_nip.valid", language, nip=shown))
        digits = _NIP_JUNK.sub("", raw)
        if digits[:2].upper() == "PL":
            digits = digits[2:]
        key = "has_nip.bad_checksum" if re.fullmatch(r"[0-9]{10}", digits) else "has_nip.bad_format"
        return _no(message(key, language, nip=quote(raw, language)))

    def describe(self, language: Language = "pl") -> str:
        return message("has_nip.describe.valid" if self.valid else "has_nip.describe.any", language)


def _nip_ok(text: str) -> bool:
    try:
        nip_normalize(text)
    except ValueError:
        return False
    return True


def _format_nip(nip: str) -> str:
    """``526-025-09-95``."""
    return f"{nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}"


@dataclass(frozen=True, slots=True)
class RemarksContain(_ConditionBase):
    """The remarks (``dok_Uwagi`` or ``dok_UwagiExt``) contain one of ``texts``.

    Case and diacritics are ignored, longer words match by their stem, and a negated
    mention (``bez faktury``, ``Faktura: nie``) does not count — see
    :func:`kolektor.rules.context.find_phrase`.  ``ValueError`` when ``texts`` is empty or
    one of them has no letter or digit.
    """

    texts: tuple[str, ...]
    phrases: tuple[Phrase, ...] = field(init=False, repr=False, compare=False)
    kind: ClassVar[str] = "remarks_contain"

    def __post_init__(self) -> None:
        _nonempty(self.texts, self.kind)
        object.__setattr__(self, "phrases", tuple(Phrase.compile(t) for t in self.texts))

    def evaluate(self, ctx: RuleContext, language: Language = "pl") -> ConditionResult:
        fields = (("remarks", ctx.remarks), ("remarks_ext", ctx.remarks_ext))
        if not any(text.strip() for _, text in fields):
            return _no(message("remarks.empty", language))
        negated = None
        for phrase in self.phrases:
            for name, text in fields:
                for found in find_phrase(phrase, text):
                    if found.negation is None:
                        key = f"remarks.found.{name}"
                        return _yes(message(key, language, found=quote(found.text, language)))
                    if negated is None:
                        negated = (name, found)
        if negated is not None:
            name, found = negated
            where = "before" if found.negation_before else "after"
            return _no(
                message(
                    f"remarks.negated_{where}.{name}",
                    language,
                    found=quote(found.text, language),
                    negation=quote(found.negation or "", language),
                )
            )
        texts = alternatives((quote(t, language) for t in self.texts), language, negative=True)
        return _no(message("remarks.missing", language, texts=texts))

    def describe(self, language: Language = "pl") -> str:
        texts = alternatives((quote(t, language) for t in self.texts), language)
        return message("remarks.describe", language, texts=texts)


@dataclass(frozen=True, slots=True)
class IsAllegro(_ConditionBase):
    """An Allegro order: its external id is an Allegro checkout-form UUID (36 characters), or
    its category is named ``Allegro`` (case and diacritics ignored)."""

    kind: ClassVar[str] = "is_allegro"

    def evaluate(self, ctx: RuleContext, language: Language = "pl") -> ConditionResult:
        if ctx.external_id is not None and is_allegro_checkout_id(ctx.external_id):
            return _yes(message("allegro.uuid", language, id=ctx.external_id.strip()))
        category = (ctx.category or "").strip()
        if fold(category) == fold(ALLEGRO_CATEGORY):
            return _yes(message("allegro.category", language, category=quote(category, language)))
        none = message("none", language)
        return _no(
            message(
                "allegro.no",
                language,
                id=quote(ctx.external_id, language) if ctx.external_id else none,
                category=quote(category, language) if category else none,
            )
        )

    def describe(self, language: Language = "pl") -> str:
        return message("allegro.describe", language)


@dataclass(frozen=True, slots=True)
class InvoiceRequested(_ConditionBase):
    """The buyer asked for an invoice (Allegro's ``invoice.required``); unknown = None."""

    kind: ClassVar[str] = "invoice_requested"

    def evaluate(self, ctx: RuleContext, language: Language = "pl") -> ConditionResult:
        if ctx.invoice_requested is None:
            return _unknown(message("invoice.unknown", language))
        if ctx.invoice_requested:
            return _yes(message("invoice.yes", language))
        return _no(message("invoice.no", language))

    def describe(self, language: Language = "pl") -> str:
        return message("invoice.describe", language)


def _compare_amount(
    kind: str, amount: Decimal, currency: str, ctx: RuleContext, language: Language
) -> ConditionResult:
    order_currency = ctx.currency.strip().upper()
    if order_currency != currency:
        return _unknown(
            message("amount.other_currency", language, currency=order_currency, expected=currency)
        )
    held = ctx.value_gross > amount if kind == "amount_above" else ctx.value_gross < amount
    return ConditionResult(
        held,
        message(
            f"{kind}.{'yes' if held else 'no'}",
            language,
            value=money(ctx.value_gross, order_currency, language),
            amount=money(amount, currency, language),
        ),
    )


@dataclass(frozen=True, slots=True)
class AmountAbove(_ConditionBase):
    """The ZK's gross value is strictly above ``amount``; compared only in the same currency."""

    amount: Decimal
    currency: str = "PLN"
    kind: ClassVar[str] = "amount_above"

    def evaluate(self, ctx: RuleContext, language: Language = "pl") -> ConditionResult:
        return _compare_amount(self.kind, self.amount, self.currency, ctx, language)

    def describe(self, language: Language = "pl") -> str:
        amount = money(self.amount, self.currency, language)
        return message("amount_above.describe", language, amount=amount)


@dataclass(frozen=True, slots=True)
class AmountBelow(_ConditionBase):
    """The ZK's gross value is strictly below ``amount``; compared only in the same currency."""

    amount: Decimal
    currency: str = "PLN"
    kind: ClassVar[str] = "amount_below"

    def evaluate(self, ctx: RuleContext, language: Language = "pl") -> ConditionResult:
        return _compare_amount(self.kind, self.amount, self.currency, ctx, language)

    def describe(self, language: Language = "pl") -> str:
        amount = money(self.amount, self.currency, language)
        return message("amount_below.describe", language, amount=amount)


def _name_in(name: str, values: Iterable[int | str]) -> bool:
    folded = fold(name.strip())
    return any(isinstance(v, str) and fold(v.strip()) == folded for v in values)


@dataclass(frozen=True, slots=True)
class PaymentMethodIn(_ConditionBase):
    """The ZK's payment form is one of ``values``: Subiekt ids (int) or names (str, case and
    diacritics ignored).  Unknown when the ZK has no payment form."""

    values: tuple[int | str, ...]
    kind: ClassVar[str] = "payment_method_in"

    def __post_init__(self) -> None:
        _nonempty(self.values, self.kind)

    def evaluate(self, ctx: RuleContext, language: Language = "pl") -> ConditionResult:
        form_id, name = ctx.payment_form_id, ctx.payment_form
        if form_id is None:
            return _unknown(message("payment.none", language))
        if name is None:
            if form_id in self.values:
                return _yes(message("payment.yes", language, payment=_number(form_id, language)))
            nameless = message("payment.nameless", language, id=form_id)
            if any(isinstance(v, str) for v in self.values):
                return _unknown(nameless)
            return _no(message("payment.no", language, payment=_number(form_id, language)))
        shown = f"{quote(name, language)} ({_number(form_id, language)})"
        held = form_id in self.values or _name_in(name, self.values)
        return ConditionResult(
            held, message(f"payment.{'yes' if held else 'no'}", language, payment=shown)
        )

    def describe(self, language: Language = "pl") -> str:
        values = alternatives((_value(v, language) for v in self.values), language)
        return message("payment.describe", language, values=values)


@dataclass(frozen=True, slots=True)
class DeliveryMethodIn(_ConditionBase):
    """The delivery method's name contains one of ``values`` — matched like remarks (case,
    diacritics, stems; no negation guard), so ``InPost`` covers ``Allegro Paczkomaty InPost``
    and ``Allegro Kurier24 InPost``.  Unknown until the delivery method is known."""

    values: tuple[str, ...]
    phrases: tuple[Phrase, ...] = field(init=False, repr=False, compare=False)
    kind: ClassVar[str] = "delivery_method_in"

    def __post_init__(self) -> None:
        _nonempty(self.values, self.kind)
        object.__setattr__(self, "phrases", tuple(Phrase.compile(v) for v in self.values))

    def evaluate(self, ctx: RuleContext, language: Language = "pl") -> ConditionResult:
        method = ctx.delivery_method
        if method is None or not method.strip():
            return _unknown(message("delivery.unknown", language))
        shown = quote(method.strip(), language)
        for phrase in self.phrases:
            found = find_phrase(phrase, method)
            if found:
                return _yes(
                    message(
                        "delivery.yes", language, method=shown, found=quote(found[0].text, language)
                    )
                )
        values = alternatives((quote(v, language) for v in self.values), language, negative=True)
        return _no(message("delivery.no", language, method=shown, values=values))

    def describe(self, language: Language = "pl") -> str:
        values = alternatives((quote(v, language) for v in self.values), language)
        return message("delivery.describe", language, values=values)


@dataclass(frozen=True, slots=True)
class CategoryIn(_ConditionBase):
    """The ZK's category is one of ``values``: ids (int) or names (str, case and diacritics
    ignored).  A ZK without a category does not match."""

    values: tuple[int | str, ...]
    kind: ClassVar[str] = "category_in"

    def __post_init__(self) -> None:
        _nonempty(self.values, self.kind)

    def evaluate(self, ctx: RuleContext, language: Language = "pl") -> ConditionResult:
        category_id, name = ctx.category_id, (ctx.category or "").strip()
        if category_id is None and not name:
            return _no(message("category.none", language))
        held = (category_id is not None and category_id in self.values) or (
            bool(name) and _name_in(name, self.values)
        )
        number = _number(category_id, language) if category_id is not None else ""
        if name:
            shown = f"{quote(name, language)} ({number})" if number else quote(name, language)
        else:
            shown = number
        return ConditionResult(
            held, message(f"category.{'yes' if held else 'no'}", language, category=shown)
        )

    def describe(self, language: Language = "pl") -> str:
        values = alternatives((_value(v, language) for v in self.values), language)
        return message("category.describe", language, values=values)


@dataclass(frozen=True, slots=True)
class HasFlag(_ConditionBase):
    """The ZK carries one of the Subiekt flags ``ids``."""

    ids: tuple[int, ...]
    kind: ClassVar[str] = "has_flag"

    def __post_init__(self) -> None:
        _nonempty(self.ids, self.kind)

    def evaluate(self, ctx: RuleContext, language: Language = "pl") -> ConditionResult:
        if not ctx.flag_ids:
            return _no(message("flag.none", language))
        matching = sorted(ctx.flag_ids.intersection(self.ids))
        if matching:
            return _yes(message("flag.yes", language, flag=_number(matching[0], language)))
        flags = ", ".join(_number(f, language) for f in sorted(ctx.flag_ids))
        return _no(message("flag.no", language, flags=flags))

    def describe(self, language: Language = "pl") -> str:
        values = alternatives((_number(i, language) for i in self.ids), language)
        return message("flag.describe", language, values=values)


@dataclass(frozen=True, slots=True)
class CountryIn(_ConditionBase):
    """The order's country is one of ``values``: names (``Polska``, ``Niemcy``, ``Germany``)
    or ISO codes (``PL``, ``DE``).  Known names and codes of the same country are the same
    (:data:`~kolektor.rules.context.COUNTRIES`); other names compare as text.  The country is
    the delivery address's, else the buyer's, else Poland."""

    values: tuple[str, ...]
    kind: ClassVar[str] = "country_in"

    def __post_init__(self) -> None:
        _nonempty(self.values, self.kind)

    def evaluate(self, ctx: RuleContext, language: Language = "pl") -> ConditionResult:
        code = country_code(ctx.country)
        folded = fold(ctx.country.strip())
        held = False
        for value in self.values:
            value_code = country_code(value)
            if (code is not None and value_code == code) or fold(value.strip()) == folded:
                held = True
                break
        source = message(f"country.source.{CountrySource(ctx.country_source).value}", language)
        return ConditionResult(
            held,
            message(
                f"country.{'yes' if held else 'no'}",
                language,
                country=quote(ctx.country, language),
                source=source,
            ),
        )

    def describe(self, language: Language = "pl") -> str:
        values = alternatives((quote(v, language) for v in self.values), language)
        return message("country.describe", language, values=values)


@dataclass(frozen=True, slots=True)
class Not(_ConditionBase):
    """The opposite of ``condition`` — but an unknown fact stays unknown: ``Not`` of a
    condition on an unknown fact does not hold either."""

    condition: Condition
    kind: ClassVar[str] = "not"

    def evaluate(self, ctx: RuleContext, language: Language = "pl") -> ConditionResult:
        inner = self.condition.evaluate(ctx, language)
        if not inner.known:
            return inner
        return ConditionResult(not inner.held, inner.reason)

    def describe(self, language: Language = "pl") -> str:
        return message("not.describe", language, condition=self.condition.describe(language))


Condition: TypeAlias = (
    HasNip
    | RemarksContain
    | IsAllegro
    | InvoiceRequested
    | AmountAbove
    | AmountBelow
    | PaymentMethodIn
    | DeliveryMethodIn
    | CategoryIn
    | HasFlag
    | CountryIn
    | Not
)
"""Any condition of a rule."""

CONDITION_TYPES: Final[tuple[type[_ConditionBase], ...]] = (
    HasNip,
    RemarksContain,
    IsAllegro,
    InvoiceRequested,
    AmountAbove,
    AmountBelow,
    PaymentMethodIn,
    DeliveryMethodIn,
    CategoryIn,
    HasFlag,
    CountryIn,
    Not,
)


# -- actions and rules -----------------------------------------------------------------------


class DocumentKind(StrEnum):
    """The document a ZK is realized into."""

    FS = "FS"
    """Faktura sprzedaży — VAT invoice."""
    PA = "PA"
    """Paragon — fiscal receipt."""
    PAI = "PAi"
    """Paragon imienny — named receipt (keeps the buyer)."""
    WZ = "WZ"
    """Wydanie zewnętrzne — goods-issue note."""


DEFAULT_EMAIL_TEMPLATE: Final = "dokument"

CARRIER_SERVICES: Final[dict[str, tuple[str, ...]]] = {
    "own": ("pickup", "own_transport", "other_courier"),
    "inpost": (
        "inpost_locker_standard",
        "inpost_courier_standard",
        "inpost_courier_express_1000",
        "inpost_courier_express_1200",
        "inpost_courier_express_1700",
        "inpost_courier_c2c",
    ),
    "allegro": ("allegro",),
}
"""Each carrier and its services, the default first.  ``allegro`` has one: the delivery
method the buyer chose on Allegro (read from the order when the shipment is created)."""
CARRIERS: Final = tuple(CARRIER_SERVICES)
PARCEL_TEMPLATES: Final = ("A", "B", "C")
"""InPost's locker sizes (small, medium, large)."""


@dataclass(frozen=True, slots=True)
class Actions:
    """What happens to an order a rule decides about."""

    document: DocumentKind
    print: bool = True
    """Print the document at the packing station."""
    printer: str | None = None
    """The printer's name; None = the station's default printer."""
    email: bool = True
    """E-mail the document to the customer with :attr:`email_template`."""
    email_template: str = DEFAULT_EMAIL_TEMPLATE
    allegro: bool = False
    """Attach the document to the Allegro order (only done for Allegro orders)."""
    label: bool = True
    """Create the courier shipment and print its label."""
    packing_note: str | None = None
    """A note shown to the person packing the order (``Prezent — nie wkładaj paragonu do
    paczki``); None: none."""
    carrier: str = "own"
    """Who carries the parcels (:data:`CARRIERS`): ``own`` — Kolektor's own label (personal
    pickup, own transport, a courier not integrated); ``inpost`` — InPost ShipX;
    ``allegro`` — Allegro "Wysyłam z Allegro" (Allegro orders only)."""
    service: str | None = None
    """The carrier's service (:data:`CARRIER_SERVICES`); None: the carrier's default."""
    parcel_template: str | None = None
    """The parcel size for locker services (``A``/``B``/``C``) when the packer gives none."""

    @property
    def carrier_service(self) -> str:
        """The service, or the carrier's default one."""
        return self.service or CARRIER_SERVICES[self.carrier][0]

    def describe(self, language: Language = "pl") -> str:
        """The actions in words: ``FS: drukuj na domyślnej drukarce stanowiska, …``."""
        parts = []
        if self.print:
            parts.append(
                message("actions.print", language, printer=quote(self.printer, language))
                if self.printer
                else message("actions.print_default", language)
            )
        else:
            parts.append(message("actions.no_print", language))
        parts.append(
            message("actions.email", language, template=quote(self.email_template, language))
            if self.email
            else message("actions.no_email", language)
        )
        parts.append(message("actions.allegro" if self.allegro else "actions.no_allegro", language))
        if self.label:
            parts.append(
                message(
                    "actions.label_by",
                    language,
                    carrier=message(f"carrier.{self.carrier}", language),
                    service=message(f"service.{self.carrier_service}", language),
                )
                + (
                    message("actions.parcel_template", language, template=self.parcel_template)
                    if self.parcel_template
                    else ""
                )
            )
        else:
            parts.append(message("actions.no_label", language))
        if self.packing_note:
            parts.append(
                message("actions.packing_note", language, note=quote(self.packing_note, language))
            )
        return f"{self.document.value}: {', '.join(parts)}"


@dataclass(frozen=True, slots=True)
class Rule:
    """A named rule: when all ``conditions`` hold (an empty tuple always holds), ``actions``."""

    name: str
    conditions: tuple[Condition, ...]
    actions: Actions
    enabled: bool = True

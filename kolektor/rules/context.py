"""The facts a document rule looks at, and how texts in them are compared.

A :class:`RuleContext` is a small immutable snapshot of one ZK and its customer, built from
the stored order with :meth:`RuleContext.from_order`.  Facts that come from elsewhere later
(the delivery method and "the buyer asked for an invoice", both from Allegro) are inputs;
``None`` means *unknown*, and a condition on an unknown fact does not hold.

Texts are compared *folded*: case and diacritics ignored (``"FAKTURĘ"`` and ``"fakture"``
are the same), see :func:`fold`.  Searching the remarks uses :class:`Phrase` — word
stems and a negation guard, described in ``docs/rules.md`` and on :func:`find_phrase`.

Pure Python, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from kolektor.store.orders import OrderRecord

__all__ = [
    "ALLEGRO_CATEGORY",
    "COUNTRIES",
    "DEFAULT_COUNTRY",
    "CountrySource",
    "Found",
    "Phrase",
    "RuleContext",
    "Word",
    "country_code",
    "find_phrase",
    "fold",
    "is_allegro_checkout_id",
    "words",
]

ALLEGRO_CATEGORY: Final = "Allegro"
"""A ZK whose category has this name (case and diacritics ignored) is an Allegro order."""

DEFAULT_COUNTRY: Final = "Polska"
"""The country of an order whose addresses name none (Subiekt's default)."""

_ALLEGRO_UUID: Final = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE
)
_NO_NAMES: Final[Mapping[int, str]] = MappingProxyType({})
_ZERO: Final = Decimal(0)


class CountrySource(StrEnum):
    """Where :attr:`RuleContext.country` was taken from."""

    DELIVERY = "delivery"
    BILLING = "billing"
    DEFAULT = "default"


@dataclass(frozen=True, slots=True)
class RuleContext:
    """What the rules know about one order.  Every field has a default, so a hypothetical
    order ("what if the remarks said …") is easy to build."""

    order_number: str | None = None
    """``ZK 18/2026`` — only for messages."""
    nip: str | None = None
    """The customer's NIP, 10 digits, already checksum-validated by the intake; None = none."""
    nip_raw: str | None = None
    """The NIP as typed in Subiekt (dashes, a ``PL`` prefix, or something invalid)."""
    remarks: str = ""
    """``dok_Uwagi``."""
    remarks_ext: str = ""
    """``dok_UwagiExt`` (extended remarks)."""
    external_id: str | None = None
    """The Allegro checkout-form UUID or the shop's order number."""
    category_id: int | None = None
    category: str | None = None
    value_gross: Decimal = _ZERO
    currency: str = "PLN"
    payment_form_id: int | None = None
    """Subiekt's payment form id; None = the ZK has none (the fact is unknown)."""
    payment_form: str | None = None
    """Its name, when the caller knew it."""
    delivery_method: str | None = None
    """The delivery method's name (from Allegro or the shop); None = unknown."""
    invoice_requested: bool | None = None
    """The buyer ticked "I want an invoice" (Allegro ``invoice.required``); None = unknown."""
    flag_ids: frozenset[int] = frozenset()
    country: str = DEFAULT_COUNTRY
    """Country name of the delivery address, else of the buyer's address, else Poland."""
    country_source: CountrySource = CountrySource.DEFAULT

    @classmethod
    def from_order(
        cls,
        order: OrderRecord,
        *,
        payment_forms: Mapping[int, str] = _NO_NAMES,
        delivery_method: str | None = None,
        invoice_requested: bool | None = None,
    ) -> RuleContext:
        """The facts of a stored order.

        ``payment_forms`` maps Subiekt payment-form ids to their names (so a rule can say
        "payment method is Pobranie"); the delivery method and whether the buyer asked for an
        invoice are not in the ZK and come from the caller (None = unknown).
        """
        delivery_country = (order.delivery.country or "").strip() if order.delivery else ""
        billing_country = (order.billing.country or "").strip() if order.billing else ""
        country, source = DEFAULT_COUNTRY, CountrySource.DEFAULT
        if delivery_country:
            country, source = delivery_country, CountrySource.DELIVERY
        elif billing_country:
            country, source = billing_country, CountrySource.BILLING
        payment_form = (
            payment_forms.get(order.payment_form_id) if order.payment_form_id is not None else None
        )
        return cls(
            order_number=order.number,
            nip=order.nip,
            nip_raw=order.nip_raw,
            remarks=order.remarks,
            remarks_ext=order.remarks_ext,
            external_id=order.external_id,
            category_id=order.category_id,
            category=order.category,
            value_gross=order.value_gross,
            currency=order.currency,
            payment_form_id=order.payment_form_id,
            payment_form=payment_form,
            delivery_method=delivery_method,
            invoice_requested=invoice_requested,
            flag_ids=frozenset(order.flag_ids),
            country=country,
            country_source=source,
        )


def is_allegro_checkout_id(external_id: str | None) -> bool:
    """True for an Allegro checkout-form id: a UUID, 36 characters (any letter case)."""
    return external_id is not None and _ALLEGRO_UUID.fullmatch(external_id.strip()) is not None


# -- folding -------------------------------------------------------------------------------

# Letters NFKD does not decompose into a base letter and a mark.
_EXTRA_FOLD: Final = str.maketrans(
    {"ł": "l", "đ": "d", "ø": "o", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "ŀ": "l"}
)


def fold(text: str) -> str:
    """``text`` without case and diacritics: casefold, NFKD, drop combining marks, ``ł``→``l``.

    >>> fold("Proszę o FAKTURĘ, Łódź")
    'prosze o fakture, lodz'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_EXTRA_FOLD)


# -- words and phrases -------------------------------------------------------------------------

_WORD: Final = re.compile(r"\w+")
_VOWELS: Final = frozenset("aeiouy")
_WHOLE_WORD_MAX: Final = 3
"""Search words this short (abbreviations: WZ, FV, VAT) must match a whole word."""

NEGATIONS_BEFORE: Final = frozenset({"nie", "bez", "brak", "zamiast", "ani"})
"""A found phrase with one of these among the two words before it (same clause) is negated."""
NEGATIONS_AFTER: Final = frozenset({"nie", "brak"})
"""``Faktura: nie`` / ``Faktura VAT - brak``: after a separator these negate the phrase."""
_AFTER_NIE: Final = (
    "jest",
    "sa",
    "byl",
    "potrzeb",
    "wymag",
    "trzeba",
    "musi",
    "dotycz",
    "wystaw",
    "drukow",
    "dolacz",
    "wysyl",
    "dawa",
    "chce",
)
"""``faktura nie jest potrzebna``: ``nie`` right after a phrase negates it when it ends the
clause or is followed by a word starting with one of these (folded) stems."""
_CLAUSE_BREAKS: Final = frozenset(",.;:!?()[]{}|\n\r\t–—•")
"""Punctuation that ends a clause: a negation does not reach across it."""
_SEPARATORS: Final = frozenset(":=-–—")
"""``Faktura: nie``, ``Faktura = nie``, ``Faktura - nie``."""


@dataclass(frozen=True, slots=True)
class Word:
    """A word of a text: as written, folded, and where it is (in the NFC text)."""

    text: str
    folded: str
    start: int
    end: int


def words(text: str) -> tuple[str, tuple[Word, ...]]:
    """The NFC form of ``text`` and its words (runs of letters, digits and ``_``)."""
    text = unicodedata.normalize("NFC", text)
    return text, tuple(
        Word(m.group(), fold(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)
    )


@dataclass(frozen=True, slots=True)
class _Term:
    """One word of a search phrase: the folded prefix it needs and whether it is whole."""

    prefix: str
    whole: bool

    def matches(self, word: str) -> bool:
        return word == self.prefix if self.whole else word.startswith(self.prefix)


@dataclass(frozen=True, slots=True)
class Phrase:
    """A text to search for, compiled into terms (see :func:`find_phrase`)."""

    text: str
    terms: tuple[_Term, ...]

    @classmethod
    def compile(cls, text: str) -> Phrase:
        """``ValueError`` when ``text`` has no letter or digit to search for."""
        _, found = words(text)
        if not found:
            raise ValueError(f"{text!r} contains no word to search for")
        return cls(text, tuple(_term(w.folded) for w in found))


def _term(word: str) -> _Term:
    if len(word) <= _WHOLE_WORD_MAX or any(c.isdigit() for c in word):
        return _Term(word, whole=True)
    if word[-1] in _VOWELS and len(word) > _WHOLE_WORD_MAX + 1:
        return _Term(word[:-1], whole=False)
    return _Term(word, whole=False)


@dataclass(frozen=True, slots=True)
class Found:
    """An occurrence of a phrase in a text."""

    text: str
    """The words found, as written (``"fakturę VAT"``)."""
    negation: str | None = None
    """The words that negate it, as written (``"bez"``, ``"nie chcę"``, ``": NIE"``), if any."""
    negation_before: bool = True
    """Whether :attr:`negation` stands before the phrase (else after it)."""


def find_phrase(phrase: Phrase, text: str) -> tuple[Found, ...]:
    """Every occurrence of ``phrase`` in ``text``, each with the negation that cancels it.

    Matching, after folding both texts (:func:`fold`) and splitting them into words:

    * the phrase's words must follow one another in the text;
    * a phrase word of at most three characters, or one with a digit, must equal a word of
      the text (``WZ`` does not match ``wzór``; ``FV`` and ``VAT`` likewise);
    * a longer word matches every word that *starts* with it, after one final vowel
      (a, e, i, o, u, y) is dropped — ``faktura`` matches ``fakturę``, ``faktury``,
      ``fakturą``, ``fakturka``; ``paragon`` matches ``paragonu``; a stem such as
      ``faktur`` works the same way.

    An occurrence is *negated* when, within its clause (punctuation such as ``,``, ``.``,
    ``:`` or ``;`` ends a clause):

    * one of the two words before it is ``nie``, ``bez``, ``brak``, ``zamiast`` or ``ani``
      (``bez faktury``, ``nie chcę faktury``, ``zamiast paragonu``); or
    * it is followed — directly or after one more word — by ``:``, ``=`` or a dash and then
      ``nie`` or ``brak`` (``Faktura: NIE``, ``Faktura VAT - brak``); or
    * it is followed — directly or after one more word — by ``nie`` that ends the clause or
      precedes a word like ``jest``, ``potrzebna``, ``wymagana``, ``wystawiać``
      (``faktura nie jest potrzebna``; but ``fakturę, nie paragon`` keeps the invoice).
    """
    text, found = words(text)
    terms = phrase.terms
    results: list[Found] = []
    for i in range(len(found) - len(terms) + 1):
        if all(term.matches(found[i + j].folded) for j, term in enumerate(terms)):
            last = i + len(terms) - 1
            written = text[found[i].start : found[last].end]
            before = _negation_before(text, found, i)
            if before is not None:
                results.append(Found(written, before, negation_before=True))
                continue
            after = _negation_after(text, found, last)
            results.append(
                Found(written, after, negation_before=False) if after else Found(written)
            )
    return tuple(results)


def _gap(text: str, found: tuple[Word, ...], left: int) -> str:
    """The text between word ``left`` and the next word."""
    return text[found[left].end : found[left + 1].start]


def _breaks(gap: str) -> bool:
    return any(c in _CLAUSE_BREAKS for c in gap)


def _negation_before(text: str, found: tuple[Word, ...], i: int) -> str | None:
    for j in (i - 1, i - 2):
        if j < 0 or _breaks(_gap(text, found, j)):
            return None
        if found[j].folded in NEGATIONS_BEFORE:
            return text[found[j].start : found[i - 1].end]
    return None


def _negation_after(text: str, found: tuple[Word, ...], last: int) -> str | None:
    for k in (last, last + 1):
        if k + 1 >= len(found):
            return None
        if k > last and not _gap(text, found, last).isspace():
            return None  # one more word is allowed only when nothing but spaces precede it
        gap = _gap(text, found, k)
        negation = found[k + 1]
        stripped = gap.strip()
        if stripped and all(c in _SEPARATORS for c in stripped):
            if negation.folded in NEGATIONS_AFTER:
                return text[found[last].end : negation.end].strip()
        elif gap.isspace() and negation.folded == "nie":
            following = k + 2
            if following >= len(found) or _breaks(_gap(text, found, k + 1)):
                return text[found[last].end : negation.end].strip()
            if found[following].folded.startswith(_AFTER_NIE):
                return text[found[last].end : found[following].end].strip()
    return None


# -- countries -----------------------------------------------------------------------------

COUNTRIES: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "PL": ("Polska", "Poland", "Rzeczpospolita Polska"),
        "DE": ("Niemcy", "Germany", "Deutschland"),
        "CZ": ("Czechy", "Czechia", "Czech Republic", "Republika Czeska", "Česko"),
        "SK": ("Słowacja", "Slovakia", "Republika Słowacka", "Slovensko"),
        "LT": ("Litwa", "Lithuania", "Lietuva"),
        "LV": ("Łotwa", "Latvia", "Latvija"),
        "EE": ("Estonia", "Eesti"),
        "UA": ("Ukraina", "Ukraine", "Україна"),
        "BY": ("Białoruś", "Belarus"),
        "RU": ("Rosja", "Russia"),
        "MD": ("Mołdawia", "Moldova"),
        "AT": ("Austria", "Österreich"),
        "HU": ("Węgry", "Hungary", "Magyarország"),
        "RO": ("Rumunia", "Romania", "România"),
        "BG": ("Bułgaria", "Bulgaria"),
        "HR": ("Chorwacja", "Croatia", "Hrvatska"),
        "SI": ("Słowenia", "Slovenia", "Slovenija"),
        "IT": ("Włochy", "Italy", "Italia"),
        "FR": ("Francja", "France"),
        "ES": ("Hiszpania", "Spain", "España"),
        "PT": ("Portugalia", "Portugal"),
        "NL": ("Holandia", "Niderlandy", "Netherlands", "Nederland"),
        "BE": ("Belgia", "Belgium", "België", "Belgique"),
        "LU": ("Luksemburg", "Luxembourg"),
        "DK": ("Dania", "Denmark", "Danmark"),
        "SE": ("Szwecja", "Sweden", "Sverige"),
        "FI": ("Finlandia", "Finland", "Suomi"),
        "IE": ("Irlandia", "Ireland"),
        "GR": ("Grecja", "Greece"),
        "CY": ("Cypr", "Cyprus"),
        "MT": ("Malta",),
        "GB": ("Wielka Brytania", "Zjednoczone Królestwo", "United Kingdom", "UK"),
        "NO": ("Norwegia", "Norway", "Norge"),
        "CH": ("Szwajcaria", "Switzerland", "Schweiz", "Suisse"),
        "IS": ("Islandia", "Iceland"),
        "LI": ("Liechtenstein",),
        "TR": ("Turcja", "Turkey", "Türkiye"),
        "US": ("Stany Zjednoczone", "USA", "United States"),
        "CA": ("Kanada", "Canada"),
    }
)
"""ISO 3166 codes with the names Subiekt (``sl_Panstwo``) and people use for them."""

_COUNTRY_BY_NAME: Final[Mapping[str, str]] = MappingProxyType(
    {fold(name): code for code, names in COUNTRIES.items() for name in (code, *names)}
)


def country_code(name_or_code: str) -> str | None:
    """The ISO code of a country given by code or by a known name, else None.

    >>> country_code("NIEMCY"), country_code("pl"), country_code("Narnia")
    ('DE', 'PL', None)
    """
    return _COUNTRY_BY_NAME.get(fold(name_or_code.strip()))

"""Amounts in words, as printed on Polish invoices and receipts ("słownie").

Polish: ``sto dwadzieścia trzy złote 45/100``.  The currency noun agrees with the whole
number: 1 → *złoty*; a number ending in 2–4 but not in 12–14 → *złote*; anything else
(0, 5–21, 25…, 112…) → *złotych*.  The same rule picks *tysiąc/tysiące/tysięcy* for each
group of thousands, and *grosz/grosze/groszy* when the grosze are written out in words.
A group equal to one is written in full (*jeden tysiąc*, *jeden milion*), the form used on
bank forms and by invoicing programs.

English: ``one hundred twenty-three zlotys 45/100`` (American style, no "and").

Supported currencies: PLN, EUR, USD, GBP, CHF, CZK; any other code is written after the
number unchanged (``sto SEK 00/100``).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

Language = Literal["pl", "en"]
CentsStyle = Literal["fraction", "words"]

_PL_UNITS = (
    "zero", "jeden", "dwa", "trzy", "cztery", "pięć", "sześć", "siedem", "osiem", "dziewięć",
)  # fmt: skip
_PL_TEENS = (
    "dziesięć", "jedenaście", "dwanaście", "trzynaście", "czternaście",
    "piętnaście", "szesnaście", "siedemnaście", "osiemnaście", "dziewiętnaście",
)  # fmt: skip
_PL_TENS = (
    "", "", "dwadzieścia", "trzydzieści", "czterdzieści",
    "pięćdziesiąt", "sześćdziesiąt", "siedemdziesiąt", "osiemdziesiąt", "dziewięćdziesiąt",
)  # fmt: skip
_PL_HUNDREDS = (
    "", "sto", "dwieście", "trzysta", "czterysta",
    "pięćset", "sześćset", "siedemset", "osiemset", "dziewięćset",
)  # fmt: skip
_PL_SCALES: tuple[tuple[str, str, str], ...] = (
    ("", "", ""),
    ("tysiąc", "tysiące", "tysięcy"),
    ("milion", "miliony", "milionów"),
    ("miliard", "miliardy", "miliardów"),
    ("bilion", "biliony", "bilionów"),
)

_EN_UNITS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
    "seventeen", "eighteen", "nineteen",
)  # fmt: skip
_EN_TENS = (
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
)  # fmt: skip
_EN_SCALES = ("", "thousand", "million", "billion", "trillion")

_PL_CURRENCIES: dict[str, tuple[tuple[str, str, str], tuple[str, str, str]]] = {
    "PLN": (("złoty", "złote", "złotych"), ("grosz", "grosze", "groszy")),
    "EUR": (("euro", "euro", "euro"), ("cent", "centy", "centów")),
    "USD": (("dolar", "dolary", "dolarów"), ("cent", "centy", "centów")),
    "GBP": (("funt", "funty", "funtów"), ("pens", "pensy", "pensów")),
    "CHF": (("frank", "franki", "franków"), ("centym", "centymy", "centymów")),
    "CZK": (("korona", "korony", "koron"), ("halerz", "halerze", "halerzy")),
}
_PL_FEMININE = frozenset({"CZK"})
"""Currencies whose noun is feminine: *dwie korony*, *jedna korona*."""

_EN_CURRENCIES: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "PLN": (("zloty", "zlotys"), ("grosz", "groszy")),
    "EUR": (("euro", "euros"), ("cent", "cents")),
    "USD": (("dollar", "dollars"), ("cent", "cents")),
    "GBP": (("pound", "pounds"), ("penny", "pence")),
    "CHF": (("franc", "francs"), ("centime", "centimes")),
    "CZK": (("koruna", "korunas"), ("haler", "halers")),
}

MAX_AMOUNT = 10**15 - 1
"""The largest whole part written in words (just under a thousand trillion)."""

CENT = Decimal("0.01")


def polish_plural(count: int, forms: tuple[str, str, str]) -> str:
    """The form of a noun after ``count``: ``(one, few, many)`` — *złoty, złote, złotych*."""
    one, few, many = forms
    count = abs(count)
    if count == 1:
        return one
    if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
        return few
    return many


def _pl_below_thousand(number: int, *, feminine: bool = False) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(number, 100)
    if hundreds:
        words.append(_PL_HUNDREDS[hundreds])
    tens, units = divmod(rest, 10)
    if tens == 1:
        words.append(_PL_TEENS[units])
        return words
    if tens:
        words.append(_PL_TENS[tens])
    if units:
        words.append("dwie" if feminine and units == 2 else _PL_UNITS[units])
    return words


def _groups(number: int) -> list[int]:
    """Groups of three digits, least significant first."""
    groups = []
    while True:
        number, group = divmod(number, 1000)
        groups.append(group)
        if not number:
            return groups


def _check(number: int) -> None:
    if number < 0:
        raise ValueError(f"a non-negative number is needed, not {number}")
    if number > MAX_AMOUNT:
        raise ValueError(f"{number} is too large to write in words")


def number_in_words(number: int, language: Language = "pl", *, feminine: bool = False) -> str:
    """A non-negative whole number in words: ``123`` → ``sto dwadzieścia trzy``.

    ``feminine`` (Polish only) gives *jedna*/*dwie* for a feminine noun that follows.
    """
    _check(number)
    if number == 0:
        return _PL_UNITS[0] if language == "pl" else _EN_UNITS[0]
    if language == "en":
        return _en_number(number)
    if feminine and number == 1:
        return "jedna"
    words: list[str] = []
    groups = _groups(number)
    for scale in range(len(groups) - 1, -1, -1):
        group = groups[scale]
        if not group:
            continue
        words += _pl_below_thousand(group, feminine=feminine and scale == 0)
        if scale:
            words.append(polish_plural(group, _PL_SCALES[scale]))
    return " ".join(words)


def _en_below_thousand(number: int) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(number, 100)
    if hundreds:
        words += [_EN_UNITS[hundreds], "hundred"]
    if rest >= 20:
        tens, units = divmod(rest, 10)
        words.append(_EN_TENS[tens] + (f"-{_EN_UNITS[units]}" if units else ""))
    elif rest:
        words.append(_EN_UNITS[rest])
    return words


def _en_number(number: int) -> str:
    words: list[str] = []
    groups = _groups(number)
    for scale in range(len(groups) - 1, -1, -1):
        group = groups[scale]
        if not group:
            continue
        words += _en_below_thousand(group)
        if scale:
            words.append(_EN_SCALES[scale])
    return " ".join(words)


def currency_noun(count: int, currency: str = "PLN", language: Language = "pl") -> str:
    """The currency's name after ``count`` whole units (*złote*, *zlotys*, or the code)."""
    code = currency.upper()
    if language == "pl":
        pl_forms = _PL_CURRENCIES.get(code)
        return polish_plural(count, pl_forms[0]) if pl_forms else code
    en_forms = _EN_CURRENCIES.get(code)
    if en_forms is None:
        return code
    return en_forms[0][0] if abs(count) == 1 else en_forms[0][1]


def _cents_in_words(cents: int, currency: str, language: Language) -> str:
    code = currency.upper()
    words = number_in_words(cents, language)
    if language == "pl":
        pl_forms = _PL_CURRENCIES.get(code)
        noun = polish_plural(cents, pl_forms[1]) if pl_forms else f"{cents:02d}/100"
        return f"{words} {noun}" if pl_forms else noun
    en_forms = _EN_CURRENCIES.get(code)
    if en_forms is None:
        return f"{cents:02d}/100"
    return f"{words} {en_forms[1][0] if cents == 1 else en_forms[1][1]}"


def amount_in_words(
    amount: Decimal | int | str,
    currency: str = "PLN",
    language: Language = "pl",
    *,
    cents: CentsStyle = "fraction",
) -> str:
    """An amount in words with its currency, rounded half up to 0.01.

    ``cents="fraction"`` (the default, as on invoices) ends with ``45/100``;
    ``cents="words"`` writes them out: *czterdzieści pięć groszy*.  A negative amount (a
    correction) starts with *minus*.

    >>> amount_in_words(Decimal("123.45"))
    'sto dwadzieścia trzy złote 45/100'
    """
    value = Decimal(amount).quantize(CENT, ROUND_HALF_UP)
    sign = "minus " if value < 0 else ""
    whole, fraction = divmod(abs(value), 1)
    units = int(whole)
    hundredths = int((fraction * 100).to_integral_value())
    feminine = language == "pl" and currency.upper() in _PL_FEMININE
    words = number_in_words(units, language, feminine=feminine)
    text = f"{sign}{words} {currency_noun(units, currency, language)}"
    if cents == "words":
        return f"{text} {_cents_in_words(hundredths, currency, language)}"
    return f"{text} {hundredths:02d}/100"

"""The facts of an order and how texts in them are searched (stems, negations)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kolektor.rules.context import (
    CountrySource,
    Found,
    Phrase,
    RuleContext,
    country_code,
    find_phrase,
    fold,
    is_allegro_checkout_id,
    words,
)
from tests.rules.orders import ALLEGRO_ID, address, order


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("FAKTURĘ", "fakture"),
        ("Zażółć gęślą jaźń", "zazolc gesla jazn"),
        ("ŁÓDŹ", "lodz"),
        ("Straße", "strasse"),
        # Decomposed input (NFD) folds the same as composed.
        ("fakture\u0328", "fakture"),
        ("ﬁrma", "firma"),
    ],
)
def test_fold_ignores_case_and_diacritics(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_words_keep_positions_in_the_nfc_text() -> None:
    text, found = words("Proszę o WZ-kę")
    assert text == "Proszę o WZ-kę"
    assert [(w.text, w.folded, w.start, w.end) for w in found] == [
        ("Proszę", "prosze", 0, 6),
        ("o", "o", 7, 8),
        ("WZ", "wz", 9, 11),
        ("kę", "ke", 12, 14),
    ]


@pytest.mark.parametrize(
    ("search", "text", "expected"),
    [
        # stems: a final vowel of a longer word is dropped, then words are matched by prefix
        ("faktura", "Proszę o fakturę VAT", (Found("fakturę"),)),
        ("faktura", "FAKTURY proszę", (Found("FAKTURY"),)),
        ("faktura", "z fakturą", (Found("fakturą"),)),
        ("faktur", "fakturka", (Found("fakturka"),)),
        ("fakturę", "faktura na firmę", (Found("faktura"),)),
        ("paragon", "do paragonu", (Found("paragonu"),)),
        ("faktura", "zafakturować", ()),
        # short words (abbreviations) and words with digits match whole words only
        ("WZ", "WZ do zamówienia", (Found("WZ"),)),
        ("WZ", "wzór", ()),
        ("WZ", "Proszę o WZ-kę", (Found("WZ"),)),
        ("FV", "FV23", ()),
        ("23", "VAT 23%", (Found("23"),)),
        ("2026", "20261", ()),
        # phrases: words one after another
        ("faktura VAT", "Proszę o fakturę VAT 23%", (Found("fakturę VAT"),)),
        ("faktura VAT", "faktura bez VAT", ()),
        ("na firmę", "faktura na firmę", (Found("na firmę"),)),
        # every occurrence, negated or not
        (
            "paragon",
            "bez paragonu, ale paragon",
            (Found("paragonu", "bez"), Found("paragon")),
        ),
    ],
)
def test_find_phrase_matches_stems_and_whole_short_words(
    search: str, text: str, expected: tuple[Found, ...]
) -> None:
    assert find_phrase(Phrase.compile(search), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # negation before, within two words of the same clause
        ("bez faktury", Found("faktury", "bez")),
        ("Nie chcę faktury", Found("faktury", "Nie chcę")),
        ("nie potrzebuję faktury", Found("faktury", "nie potrzebuję")),
        ("brak faktury", Found("faktury", "brak")),
        ("zamiast faktury paragon", Found("faktury", "zamiast")),
        ("ani faktury, ani paragonu", Found("faktury", "ani")),
        ("Proszę nie dzwonić, faktura na firmę", Found("faktura")),
        ("Nie dzwonić. Faktura", Found("Faktura")),
        ("nie wysyłać SMS faktura", Found("faktura")),
        # negation after a separator, directly or after one more word
        ("Faktura: NIE", Found("Faktura", ": NIE", negation_before=False)),
        ("Faktura VAT: nie", Found("Faktura", "VAT: nie", negation_before=False)),
        ("Faktura - brak", Found("Faktura", "- brak", negation_before=False)),
        ("faktura = nie", Found("faktura", "= nie", negation_before=False)),
        ("Faktura: tak", Found("Faktura")),
        ("Faktura: nie dotyczy", Found("Faktura", ": nie", negation_before=False)),
        # "nie" right after: negates when it ends the clause or precedes jest/potrzebna/…
        (
            "faktura nie jest potrzebna",
            Found("faktura", "nie jest", negation_before=False),
        ),
        ("Faktura nie.", Found("Faktura", "nie", negation_before=False)),
        ("faktura nie potrzebna", Found("faktura", "nie potrzebna", negation_before=False)),
        (
            "fakturę VAT nie wystawiać",
            Found("fakturę", "VAT nie wystawiać", negation_before=False),
        ),
        # … but not when a comma or another word follows: "fakturę, nie paragon" wants an invoice
        ("Proszę o fakturę, nie paragon", Found("fakturę")),
        ("fakturę nie paragon", Found("fakturę")),
        ("Faktura, nie", Found("Faktura")),
    ],
)
def test_negations_are_recognised(text: str, expected: Found) -> None:
    assert find_phrase(Phrase.compile("faktura"), text) == (expected,)


def test_a_phrase_needs_a_word() -> None:
    with pytest.raises(ValueError, match="contains no word"):
        Phrase.compile(" - ! ")


@pytest.mark.parametrize(
    ("external_id", "expected"),
    [
        (ALLEGRO_ID, True),
        (ALLEGRO_ID.upper(), True),
        (f" {ALLEGRO_ID} ", True),
        (ALLEGRO_ID[:-1], False),
        ("SKLEP-10234", False),
        ("", False),
        (None, False),
    ],
)
def test_allegro_checkout_ids_are_uuids(external_id: str | None, expected: bool) -> None:
    assert is_allegro_checkout_id(external_id) is expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("PL", "PL"),
        ("pl", "PL"),
        ("Polska", "PL"),
        ("POLAND", "PL"),
        ("Niemcy", "DE"),
        ("Deutschland", "DE"),
        (" Słowacja ", "SK"),
        ("Slowacja", "SK"),
        ("Republika Czeska", "CZ"),
        ("UK", "GB"),
        ("Narnia", None),
        ("XX", None),
    ],
)
def test_country_codes_from_names_and_codes(value: str, code: str | None) -> None:
    assert country_code(value) == code


def test_from_order_takes_every_fact() -> None:
    record = order(
        number="ZK 7/2026",
        nip="5260250995",
        nip_raw="526-025-09-95",
        remarks="Proszę o fakturę",
        remarks_ext="Dostawa po 16:00",
        external_id=ALLEGRO_ID,
        category_id=3,
        category="Allegro",
        value_gross=Decimal("149.9150"),
        currency="PLN",
        payment_form_id=4,
        flag_ids=(2, 5),
        billing=address("Polska"),
        delivery=address("Niemcy"),
    )
    ctx = RuleContext.from_order(
        record,
        payment_forms={4: "Pobranie", 5: "Przelew"},
        delivery_method="Allegro Paczkomaty InPost",
        invoice_requested=True,
    )
    assert ctx == RuleContext(
        order_number="ZK 7/2026",
        nip="5260250995",
        nip_raw="526-025-09-95",
        remarks="Proszę o fakturę",
        remarks_ext="Dostawa po 16:00",
        external_id=ALLEGRO_ID,
        category_id=3,
        category="Allegro",
        value_gross=Decimal("149.9150"),
        currency="PLN",
        payment_form_id=4,
        payment_form="Pobranie",
        delivery_method="Allegro Paczkomaty InPost",
        invoice_requested=True,
        flag_ids=frozenset({2, 5}),
        country="Niemcy",
        country_source=CountrySource.DELIVERY,
    )


def test_from_order_leaves_unknown_facts_unknown() -> None:
    ctx = RuleContext.from_order(order(payment_form_id=9))
    assert ctx == RuleContext(
        order_number="ZK 18/2026",
        value_gross=Decimal("100.0000"),
        payment_form_id=9,
        payment_form=None,
        delivery_method=None,
        invoice_requested=None,
        country="Polska",
        country_source=CountrySource.DEFAULT,
    )


@pytest.mark.parametrize(
    ("billing", "delivery", "country", "source"),
    [
        (address("Czechy"), address("Niemcy"), "Niemcy", CountrySource.DELIVERY),
        (address("Czechy"), address(None), "Czechy", CountrySource.BILLING),
        (address("Czechy"), None, "Czechy", CountrySource.BILLING),
        (address(" "), address(None), "Polska", CountrySource.DEFAULT),
        (None, None, "Polska", CountrySource.DEFAULT),
    ],
)
def test_country_is_the_delivery_addresses_else_the_buyers_else_poland(
    billing: object, delivery: object, country: str, source: CountrySource
) -> None:
    ctx = RuleContext.from_order(order(billing=billing, delivery=delivery))
    assert (ctx.country, ctx.country_source) == (country, source)

"""Every condition holding, not holding and on an unknown fact; descriptions; actions."""

from __future__ import annotations

import string
from decimal import Decimal

import pytest

from kolektor import i18n
from kolektor.i18n import LANGUAGES
from kolektor.rules.context import CountrySource, RuleContext
from kolektor.rules.model import (
    Actions,
    AmountAbove,
    AmountBelow,
    CategoryIn,
    Condition,
    ConditionResult,
    CountryIn,
    DeliveryMethodIn,
    DocumentKind,
    HasFlag,
    HasNip,
    InvoiceRequested,
    IsAllegro,
    Not,
    PaymentMethodIn,
    RemarksContain,
    money,
)
from tests.rules.orders import ALLEGRO_ID

MESSAGES = {k: v for k, v in i18n.MESSAGES.items() if k.startswith("rules.model.")}
"""This module's part of the catalog (:mod:`kolektor.messages`)."""

C = RuleContext

CASES: list[tuple[Condition, RuleContext, ConditionResult]] = [
    # has_nip
    (
        HasNip(),
        C(nip="5260250995", nip_raw="526-025-09-95"),
        ConditionResult(True, "NIP 526-025-09-95 jest poprawny"),
    ),
    (HasNip(), C(nip="5260250995"), ConditionResult(True, "NIP 526-025-09-95 jest poprawny")),
    # The intake normally validates; a raw NIP it did not normalize is checked here too.
    (
        HasNip(),
        C(nip_raw="PL 5260250995"),
        ConditionResult(True, "NIP PL 5260250995 jest poprawny"),
    ),
    (
        HasNip(),
        C(nip_raw="526-025-09-96"),
        ConditionResult(False, "NIP „526-025-09-96” jest niepoprawny — zła cyfra kontrolna"),
    ),
    (
        HasNip(),
        C(nip_raw="DE123456789"),
        ConditionResult(False, "NIP „DE123456789” jest niepoprawny — polski NIP ma 10 cyfr"),
    ),
    (HasNip(), C(nip_raw="  "), ConditionResult(False, "zamówienie nie ma NIP-u")),
    (HasNip(), C(), ConditionResult(False, "zamówienie nie ma NIP-u")),
    (
        HasNip(valid=False),
        C(nip_raw="DE123456789"),
        ConditionResult(True, "wpisano NIP DE123456789 (niepoprawny)"),
    ),
    (
        HasNip(valid=False),
        C(nip="5260250995", nip_raw="5260250995"),
        ConditionResult(True, "wpisano NIP 5260250995 (poprawny)"),
    ),
    (HasNip(valid=False), C(), ConditionResult(False, "zamówienie nie ma NIP-u")),
    # remarks_contain
    (
        RemarksContain(("faktur", "FV")),
        C(remarks="Proszę o FV"),
        ConditionResult(True, "uwagi zawierają „FV”"),
    ),
    (
        RemarksContain(("faktura",)),
        C(remarks="Dostawa po 16", remarks_ext="Proszę o fakturę na firmę"),
        ConditionResult(True, "uwagi rozszerzone zawierają „fakturę”"),
    ),
    (
        RemarksContain(("faktur",)),
        C(remarks="bez faktury", remarks_ext="Faktura: tak"),
        ConditionResult(True, "uwagi rozszerzone zawierają „Faktura”"),
    ),
    (
        RemarksContain(("faktur",)),
        C(remarks="Nie chcę faktury"),
        ConditionResult(False, "„faktury” w uwagach się nie liczy — przed nim stoi „Nie chcę”"),
    ),
    (
        RemarksContain(("faktur",)),
        C(remarks_ext="Faktura VAT: NIE"),
        ConditionResult(
            False, "„Faktura” w uwagach rozszerzonych się nie liczy — po nim stoi „VAT: NIE”"
        ),
    ),
    (
        RemarksContain(("faktur", "FV")),
        C(remarks="Dostawa po 16:00"),
        ConditionResult(False, "uwagi nie zawierają „faktur” ani „FV”"),
    ),
    (
        RemarksContain(("faktur",)),
        C(remarks=" ", remarks_ext=""),
        ConditionResult(False, "uwagi są puste"),
    ),
    # is_allegro
    (
        IsAllegro(),
        C(external_id=ALLEGRO_ID),
        ConditionResult(
            True, f"identyfikator zamówienia {ALLEGRO_ID} to UUID formularza zakupu Allegro"
        ),
    ),
    (
        IsAllegro(),
        C(external_id="B_558812", category="ALLEGRO "),
        ConditionResult(True, "kategoria zamówienia to „ALLEGRO”"),
    ),
    (
        IsAllegro(),
        C(external_id="SKLEP-10234", category="Sklep internetowy"),
        ConditionResult(
            False,
            "zamówienie nie jest z Allegro (identyfikator: „SKLEP-10234”; "
            "kategoria: „Sklep internetowy”)",
        ),
    ),
    (
        IsAllegro(),
        C(),
        ConditionResult(
            False, "zamówienie nie jest z Allegro (identyfikator: brak; kategoria: brak)"
        ),
    ),
    # invoice_requested
    (
        InvoiceRequested(),
        C(invoice_requested=True),
        ConditionResult(True, "kupujący zaznaczył, że chce faktury"),
    ),
    (
        InvoiceRequested(),
        C(invoice_requested=False),
        ConditionResult(False, "kupujący nie prosił o fakturę"),
    ),
    (
        InvoiceRequested(),
        C(),
        ConditionResult(False, "nie wiadomo, czy kupujący chce faktury", known=False),
    ),
    # amount_above, amount_below
    (
        AmountAbove(Decimal(450)),
        C(value_gross=Decimal("1512.5000")),
        ConditionResult(True, "wartość brutto 1 512,50 PLN jest wyższa niż 450,00 PLN"),
    ),
    (
        AmountAbove(Decimal("450.00")),
        C(value_gross=Decimal("450.00")),
        ConditionResult(False, "wartość brutto 450,00 PLN nie jest wyższa niż 450,00 PLN"),
    ),
    (
        AmountBelow(Decimal("100"), "EUR"),
        C(value_gross=Decimal("99.99"), currency="eur"),
        ConditionResult(True, "wartość brutto 99,99 EUR jest niższa niż 100,00 EUR"),
    ),
    (
        AmountBelow(Decimal("100")),
        C(value_gross=Decimal("100")),
        ConditionResult(False, "wartość brutto 100,00 PLN nie jest niższa niż 100,00 PLN"),
    ),
    (
        AmountAbove(Decimal(450)),
        C(value_gross=Decimal(5000), currency="EUR"),
        ConditionResult(
            False,
            "zamówienie jest w EUR, a warunek dotyczy kwot w PLN — nie porównano",
            known=False,
        ),
    ),
    # payment_method_in
    (
        PaymentMethodIn(("pobranie",)),
        C(payment_form_id=4, payment_form="Pobranie"),
        ConditionResult(True, "forma płatności „Pobranie” (nr 4) jest na liście"),
    ),
    (
        PaymentMethodIn(("Gotowka", 4)),
        C(payment_form_id=4, payment_form="Przelew"),
        ConditionResult(True, "forma płatności „Przelew” (nr 4) jest na liście"),
    ),
    (
        PaymentMethodIn(("Gotówka",)),
        C(payment_form_id=4, payment_form="Przelew"),
        ConditionResult(False, "forma płatności „Przelew” (nr 4) nie jest na liście"),
    ),
    (
        PaymentMethodIn((4,)),
        C(payment_form_id=4),
        ConditionResult(True, "forma płatności nr 4 jest na liście"),
    ),
    (
        PaymentMethodIn((5,)),
        C(payment_form_id=4),
        ConditionResult(False, "forma płatności nr 4 nie jest na liście"),
    ),
    (
        PaymentMethodIn(("Pobranie",)),
        C(payment_form_id=4),
        ConditionResult(False, "forma płatności nr 4 — jej nazwa jest nieznana", known=False),
    ),
    (
        PaymentMethodIn(("Pobranie",)),
        C(),
        ConditionResult(False, "zamówienie nie ma formy płatności", known=False),
    ),
    # delivery_method_in
    (
        DeliveryMethodIn(("Orlen", "InPost")),
        C(delivery_method="Allegro Paczkomaty InPost"),
        ConditionResult(True, "sposób dostawy „Allegro Paczkomaty InPost” zawiera „InPost”"),
    ),
    (
        DeliveryMethodIn(("paczkomat",)),
        C(delivery_method="Allegro Paczkomaty InPost"),
        ConditionResult(True, "sposób dostawy „Allegro Paczkomaty InPost” zawiera „Paczkomaty”"),
    ),
    (
        DeliveryMethodIn(("InPost", "Orlen")),
        C(delivery_method="Allegro Kurier DPD"),
        ConditionResult(
            False, "sposób dostawy „Allegro Kurier DPD” nie zawiera „InPost” ani „Orlen”"
        ),
    ),
    (
        DeliveryMethodIn(("InPost",)),
        C(),
        ConditionResult(False, "sposób dostawy jest nieznany", known=False),
    ),
    # category_in
    (
        CategoryIn(("sklep internetowy",)),
        C(category_id=3, category="Sklep internetowy"),
        ConditionResult(True, "kategoria „Sklep internetowy” (nr 3) jest na liście"),
    ),
    (CategoryIn((3,)), C(category_id=3), ConditionResult(True, "kategoria nr 3 jest na liście")),
    (
        CategoryIn((4, "Allegro")),
        C(category_id=3, category="Sklep"),
        ConditionResult(False, "kategoria „Sklep” (nr 3) nie jest na liście"),
    ),
    (CategoryIn((3,)), C(), ConditionResult(False, "zamówienie nie ma kategorii")),
    # has_flag
    (
        HasFlag((1, 2)),
        C(flag_ids=frozenset({2})),
        ConditionResult(True, "zamówienie ma flagę nr 2"),
    ),
    (
        HasFlag((1, 2)),
        C(flag_ids=frozenset({6, 5})),
        ConditionResult(False, "flaga zamówienia (nr 5, nr 6) nie jest na liście"),
    ),
    (HasFlag((1,)), C(), ConditionResult(False, "zamówienie nie ma flagi")),
    # country_in
    (
        CountryIn(("PL",)),
        C(),
        ConditionResult(True, "kraj „Polska” jest na liście (domyślnie — adresy nie podają kraju)"),
    ),
    (
        CountryIn(("Germany", "AT")),
        C(country="NIEMCY", country_source=CountrySource.DELIVERY),
        ConditionResult(True, "kraj „NIEMCY” jest na liście (z adresu dostawy)"),
    ),
    (
        CountryIn(("Narnia",)),
        C(country="narnia", country_source=CountrySource.BILLING),
        ConditionResult(True, "kraj „narnia” jest na liście (z adresu nabywcy)"),
    ),
    (
        CountryIn(("PL",)),
        C(country="Czechy", country_source=CountrySource.BILLING),
        ConditionResult(False, "kraj „Czechy” nie jest na liście (z adresu nabywcy)"),
    ),
    # not
    (
        Not(IsAllegro()),
        C(external_id="SKLEP-1"),
        ConditionResult(
            True, "zamówienie nie jest z Allegro (identyfikator: „SKLEP-1”; kategoria: brak)"
        ),
    ),
    (Not(HasNip()), C(nip="5260250995"), ConditionResult(False, "NIP 526-025-09-95 jest poprawny")),
    # An unknown fact stays unknown: "not asked for an invoice" does not hold either.
    (
        Not(InvoiceRequested()),
        C(),
        ConditionResult(False, "nie wiadomo, czy kupujący chce faktury", known=False),
    ),
]


@pytest.mark.parametrize(("condition", "ctx", "expected"), CASES)
def test_condition_results_say_why(
    condition: Condition, ctx: RuleContext, expected: ConditionResult
) -> None:
    assert condition.evaluate(ctx) == expected


EN_CASES: list[tuple[Condition, RuleContext, ConditionResult]] = [
    (HasNip(), C(nip="5260250995"), ConditionResult(True, "NIP 526-025-09-95 is valid")),
    (
        RemarksContain(("faktur",)),
        C(remarks="bez faktury"),
        ConditionResult(False, "“faktury” in the remarks does not count — it is preceded by “bez”"),
    ),
    (
        RemarksContain(("faktur", "FV")),
        C(remarks="x"),
        ConditionResult(False, "the remarks do not contain “faktur” or “FV”"),
    ),
    (
        AmountAbove(Decimal("1000")),
        C(value_gross=Decimal("1234.5")),
        ConditionResult(True, "the gross value 1,234.50 PLN is above 1,000.00 PLN"),
    ),
    (
        CountryIn(("DE",)),
        C(),
        ConditionResult(
            False,
            "the country “Polska” is not in the list (by default — the addresses name no country)",
        ),
    ),
    (
        InvoiceRequested(),
        C(),
        ConditionResult(
            False, "it is not known whether the buyer asked for an invoice", known=False
        ),
    ),
]


@pytest.mark.parametrize(("condition", "ctx", "expected"), EN_CASES)
def test_condition_results_in_english(
    condition: Condition, ctx: RuleContext, expected: ConditionResult
) -> None:
    assert condition.evaluate(ctx, "en") == expected


@pytest.mark.parametrize(
    ("condition", "pl", "en"),
    [
        (HasNip(), "ma poprawny NIP", "has a valid NIP"),
        (
            HasNip(valid=False),
            "ma wpisany NIP (także niepoprawny)",
            "has a NIP entered (even an invalid one)",
        ),
        (
            RemarksContain(("faktur", "FV", "rachunek")),
            "uwagi zawierają „faktur”, „FV” lub „rachunek”",
            "remarks contain “faktur”, “FV” or “rachunek”",
        ),
        (IsAllegro(), "zamówienie z Allegro", "is an Allegro order"),
        (InvoiceRequested(), "kupujący chce faktury", "the buyer asked for an invoice"),
        (
            AmountAbove(Decimal("450")),
            "wartość brutto powyżej 450,00 PLN",
            "gross value above 450.00 PLN",
        ),
        (
            AmountBelow(Decimal("100.5"), "EUR"),
            "wartość brutto poniżej 100,50 EUR",
            "gross value below 100.50 EUR",
        ),
        (
            PaymentMethodIn(("Pobranie", 3)),
            "forma płatności: „Pobranie” lub nr 3",
            "payment method: “Pobranie” or no. 3",
        ),
        (
            DeliveryMethodIn(("InPost",)),
            "sposób dostawy zawiera „InPost”",
            "delivery method contains “InPost”",
        ),
        (
            CategoryIn((3, "Allegro")),
            "kategoria: nr 3 lub „Allegro”",
            "category: no. 3 or “Allegro”",
        ),
        (HasFlag((1, 2)), "flaga nr 1 lub nr 2", "flag no. 1 or no. 2"),
        (CountryIn(("PL",)), "kraj dostawy: „PL”", "delivery country: “PL”"),
        (Not(IsAllegro()), "nie: zamówienie z Allegro", "not: is an Allegro order"),
    ],
)
def test_conditions_describe_themselves(condition: Condition, pl: str, en: str) -> None:
    assert (condition.describe("pl"), condition.describe("en")) == (pl, en)


@pytest.mark.parametrize(
    "make",
    [
        lambda: RemarksContain(()),
        lambda: RemarksContain(("…",)),
        lambda: PaymentMethodIn(()),
        lambda: DeliveryMethodIn(()),
        lambda: DeliveryMethodIn(("-",)),
        lambda: CategoryIn(()),
        lambda: HasFlag(()),
        lambda: CountryIn(()),
    ],
)
def test_conditions_refuse_what_could_never_match(make: object) -> None:
    with pytest.raises(ValueError):
        make()  # type: ignore[operator]


def test_conditions_compare_by_value() -> None:
    assert RemarksContain(("faktur",)) == RemarksContain(("faktur",))
    assert hash(RemarksContain(("faktur",))) == hash(RemarksContain(("faktur",)))
    assert Not(IsAllegro()) == Not(IsAllegro())
    assert AmountAbove(Decimal("450")) == AmountAbove(Decimal("450.00"))


@pytest.mark.parametrize(
    ("actions", "pl", "en"),
    [
        (
            Actions(DocumentKind.FS, allegro=True),
            "FS: drukuj na domyślnej drukarce stanowiska, wyślij e-mailem (szablon „dokument”), "
            "dołącz do zamówienia Allegro, etykieta Kolektora — odbiór osobisty",
            "FS: print on the station's default printer, e-mail it (template “dokument”), "
            "attach to the Allegro order, Kolektor's own label — personal pickup",
        ),
        (
            Actions(
                DocumentKind.PAI,
                print=True,
                printer="Biuro HP",
                email=False,
                email_template="paragon",
                allegro=False,
                label=False,
            ),
            "PAi: drukuj na „Biuro HP”, bez e-maila, bez Allegro, bez etykiety kuriera",
            "PAi: print on “Biuro HP”, no e-mail, no Allegro, no courier label",
        ),
        (
            Actions(DocumentKind.WZ, print=False),
            "WZ: bez drukowania, wyślij e-mailem (szablon „dokument”), bez Allegro, "
            "etykieta Kolektora — odbiór osobisty",
            "WZ: no printing, e-mail it (template “dokument”), no Allegro, "
            "Kolektor's own label — personal pickup",
        ),
    ],
)
def test_actions_describe_themselves(actions: Actions, pl: str, en: str) -> None:
    assert (actions.describe("pl"), actions.describe("en")) == (pl, en)


def test_action_defaults() -> None:
    assert Actions(DocumentKind.PA) == Actions(
        document=DocumentKind.PA,
        print=True,
        printer=None,
        email=True,
        email_template="dokument",
        allegro=False,
        label=True,
    )


@pytest.mark.parametrize(
    ("amount", "currency", "pl", "en"),
    [
        (Decimal("0"), "PLN", "0,00 PLN", "0.00 PLN"),
        (Decimal("1234567.5"), "PLN", "1 234 567,50 PLN", "1,234,567.50 PLN"),
        (Decimal("149.9150"), "EUR", "149,915 EUR", "149.915 EUR"),
        (Decimal("12.5000"), "PLN", "12,50 PLN", "12.50 PLN"),
        (Decimal("1E+2"), "PLN", "100,00 PLN", "100.00 PLN"),
    ],
)
def test_money_is_written_the_local_way(amount: Decimal, currency: str, pl: str, en: str) -> None:
    assert (money(amount, currency, "pl"), money(amount, currency, "en")) == (pl, en)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_with_the_same_fields(key: str) -> None:
    texts = MESSAGES[key]
    assert set(texts) == set(LANGUAGES)
    assert all(texts[language].strip() for language in LANGUAGES)
    assert _fields(texts["pl"]) == _fields(texts["en"])

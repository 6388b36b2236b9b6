"""The office's order list in the store: filters, the search, both orders and keyset paging
(kolektor.store.order_search), on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa

from kolektor.store import OrderStatus, Store, operators, orders
from kolektor.store.order_search import (
    CursorError,
    ListedOrder,
    OrderKey,
    OrderSearch,
    decode_cursor,
    encode_cursor,
    operator_id_of,
    pickers,
    search_orders,
    search_words,
)
from kolektor.store.search_text import fold, order_search_text
from kolektor.store.tables import documents, order_search, utcnow
from kolektor.store.tables import orders as orders_table
from tests.store.samples import CUSTOMER, fingerprint, zk

WARSAW_NOON = datetime(2026, 3, 10, 12, 0)


def add(store: Store, zk_id: int, *, issued: datetime = WARSAW_NOON, **changes: Any) -> int:
    order = zk(id=zk_id, number=f"ZK {zk_id}/2026", issued_at=issued, **changes)
    return store.run_sync(orders.import_order, order, fingerprint=fingerprint(order),
                          nip="5260250995")  # fmt: skip


def set_columns(store: Store, order_id: int, **values: Any) -> None:
    store.run_sync(
        lambda conn: conn.execute(
            orders_table.update().where(orders_table.c.id == order_id).values(**values)
        )
    )


def page(store: Store, search: OrderSearch, **kwargs: Any) -> list[int]:
    return [o.id for o in store.read_sync(search_orders, search, **kwargs).orders]


def every_page(store: Store, search: OrderSearch, size: int) -> list[list[int]]:
    """The whole list, page by page, following each page's key."""
    pages, after = [], None
    while True:
        found = store.read_sync(search_orders, search, after=after, limit=size)
        pages.append([o.id for o in found.orders])
        if found.next_key is None:
            return pages
        after = found.next_key


# -- the search text -------------------------------------------------------------------------


def test_folding_ignores_case_polish_letters_and_spacing() -> None:
    assert fold("  ŻÓŁTA   Łódź\tSp. z O.O. ") == "zolta lodz sp z o o"
    assert (
        fold("b.nowak@Poczta.fm, 526-025-09-95; 100%_x") == "b nowak poczta fm 526 025 09 95 100 x"
    )
    assert fold("Олена Шевченко") == "олена шевченко"  # other scripts stay letters
    assert fold("Grzegorz Brzęczyszczykiewicz") == "grzegorz brzeczyszczykiewicz"
    assert fold("ĄĆĘŁŃÓŚŹŻ ąćęłńóśźż") == "acelnoszz acelnoszz"


def test_the_search_text_holds_every_searched_field_once() -> None:
    header = {
        "number": "ZK 18/2026", "original_number": "SKLEP-000123", "external_id": "7e2b-ab",
        "customer_name": "Pracownia Żółć", "customer_symbol": "ZOLC", "nip": "5260250995",
        "nip_raw": "526-025-09-95", "email": "Biuro@Zolc.pl",
        "billing": {"name": "Pracownia Żółć", "full_name": "Pracownia Żółć sp. z o.o."},
        "delivery": {"name": "Jan Śliwa", "full_name": None}, "remarks": "nie szukane",
    }  # fmt: skip
    # Each field folded (punctuation: spaces), once; the text starts with a space (a word
    # start is "a space, then the word").
    assert order_search_text(header) == (
        " zk 18 2026 | sklep 000123 | 7e2b ab | pracownia zolc | zolc | 5260250995 | "
        "526 025 09 95 | biuro zolc pl | pracownia zolc sp z o o | jan sliwa"
    )
    assert order_search_text({"number": None}) == ""


def test_search_words_are_folded_unique_and_bounded() -> None:
    assert search_words("  Łódź  ŁÓDŹ zk ") == ("lodz", "zk")
    assert search_words("ZK 5/2026 % poczta.fm") == ("zk", "5 2026", "poczta fm")
    assert search_words("") == () and search_words(" % - ") == ()
    with pytest.raises(ValueError, match="200"):
        search_words("x" * 201)
    with pytest.raises(ValueError, match="8 words"):
        search_words("a b c d e f g h i")


def test_an_imported_order_is_found_by_what_the_office_types(store: Store) -> None:
    shop = add(store, 1, original_number="SKLEP-000777", external_id=None)
    allegro = add(store, 2, original_number=None, external_id="29ae5b10-aa77-11ef-b3c1-0242ac")
    person = add(
        store, 3, external_id=None, billing=None, delivery=None,
        customer=dataclasses.replace(CUSTOMER, name="Bożena Ćwiklińska", symbol="CWIK",
                                     email="b.cwiklinska@poczta.fm", nip=None),
    )  # fmt: skip

    def found(text: str) -> list[int]:
        return sorted(page(store, OrderSearch(words=search_words(text))))

    assert found("zk 2/2026") == [allegro]
    assert found("sklep-000777") == [shop]
    assert found("29AE5B10") == [allegro]
    assert found("cwiklinska") == [person]  # typed without Polish letters
    assert found("ĆWIKLIŃSKA bożena") == [person]  # every word, any order
    assert found("bożena nowak") == []
    assert found("brzęczyszczykiewicz") == [shop, allegro]  # the name to deliver to
    assert found("poczta.fm") == [person]
    assert found("526-025-09-95") == [shop, allegro]  # the NIP as printed on the ZK…
    assert found("5260250995") == [shop, allegro, person]  # …and as digits
    assert found("żółć") == [shop, allegro]  # the company's name (person 3 is someone else)
    assert found("1%6") == [] and found("2_26") == []  # LIKE's wildcards are plain characters
    assert found("2026") == [shop, allegro, person]  # a part of the number
    assert found("026") == []  # …but only from the start of a word


def test_a_search_finding_many_orders_and_one_finding_few_agree(store: Store) -> None:
    """Up to FEW_MATCHES found orders are read by id and sorted; beyond, the list is read
    in its order checking each text: the same orders in the same order either way."""
    from kolektor.store import order_search as module

    ids = [add(store, n, issued=datetime(2026, 3, 1 + n % 28, 9)) for n in range(1, 13)]
    for sort in ("urgent", "newest"):
        search = OrderSearch(words=search_words("zk 2026"), sort=sort)
        few = page(store, search)
        original = module.FEW_MATCHES
        module.FEW_MATCHES = 3
        try:
            many = page(store, search)
            paged = [i for p in every_page(store, search, 5) for i in p]
        finally:
            module.FEW_MATCHES = original
        assert few == many == paged and sorted(few) == sorted(ids)


def test_a_deleted_order_takes_its_search_text_along(store: Store) -> None:
    order_id = add(store, 1)
    store.run_sync(lambda conn: conn.execute(orders_table.delete()))
    assert store.read_sync(lambda conn: conn.execute(sa.select(order_search)).all()) == []
    assert page(store, OrderSearch(words=search_words("zk"))) == [] and order_id


def test_a_refreshed_order_is_found_by_its_new_content(store: Store) -> None:
    order_id = add(store, 1)
    changed = zk(id=1, number="ZK 1/2026", issued_at=WARSAW_NOON,
                 customer=dataclasses.replace(CUSTOMER, name="Nowa Firma Źdźbło"))  # fmt: skip
    store.run_sync(orders.refresh_order, order_id, changed, fingerprint="f" * 64, nip=None)
    assert page(store, OrderSearch(words=search_words("zdzblo"))) == [order_id]


# -- the list's two orders and keyset paging ------------------------------------------------


@pytest.fixture
def ties(store: Store) -> list[int]:
    """Seven orders, several issued at the same moment and with equal priorities."""
    same = datetime(2026, 3, 10, 12, 0)
    ids = [add(store, n, issued=same if n in (2, 3, 4, 6) else datetime(2026, 3, n, 9))
           for n in range(1, 8)]  # fmt: skip
    set_columns(store, ids[4], priority=3)
    set_columns(store, ids[5], priority=3)
    return ids


def test_most_urgent_first_pages_through_every_order_once(store: Store, ties: list[int]) -> None:
    a, b, c, d, e, f, g = ties
    # Priority 3 first (e issued on the 5th, f at noon on the 10th), then the oldest issue
    # date (a on the 1st, g on the 7th, b, c and d all at noon on the 10th: by id).
    expected = [e, f, a, g, b, c, d]
    assert page(store, OrderSearch(), limit=100) == expected
    for size in (1, 2, 3):
        pages = every_page(store, OrderSearch(), size)
        assert [i for p in pages for i in p] == expected
        assert all(len(p) == size for p in pages[:-1]) and pages[-1]


def test_newest_first_pages_through_every_order_once(store: Store, ties: list[int]) -> None:
    a, b, c, d, e, f, g = ties
    # Noon on the 10th: f, d, c, b (the highest id first, whatever the priority); then g on
    # the 7th, e on the 5th, a on the 1st.
    expected = [f, d, c, b, g, e, a]
    assert page(store, OrderSearch(sort="newest")) == expected
    for size in (1, 2, 4):
        pages = every_page(store, OrderSearch(sort="newest"), size)
        assert [i for p in pages for i in p] == expected


def test_a_page_lists_whole_orders(store: Store) -> None:
    first = add(store, 1, issued=datetime(2026, 1, 15, 9, 30))
    second = add(store, 2, issued=datetime(2026, 1, 16, 9, 30), external_id=None)
    jan = store.run_sync(operators.create_operator, login="jan", name="Jan", role="picker",
                         pin="1234")  # fmt: skip
    store.run_sync(orders.change_status, first, "picking", reason=None, actor="operator:jan")
    set_columns(store, first, claimed_by=jan)
    found = store.read_sync(search_orders, OrderSearch(), limit=1)
    order = found.orders[0]
    assert found == type(found)(
        orders=[
            ListedOrder(
                id=first, subiekt_id=1, number="ZK 1/2026", original_number="SKLEP-000123",
                external_id="7e2b6a10-3f4c-11ef-9a6b-0242ac120002", status=OrderStatus.PICKING,
                status_reason=None, status_changed_at=order.status_changed_at,
                customer_name="Pracownia Żółć", nip="5260250995",
                issued_at=datetime(2026, 1, 15, 8, 30, tzinfo=UTC),
                due_at=datetime(2026, 7, 1, 10, tzinfo=UTC), currency="PLN",
                value_gross=Decimal("149.9150"), priority=0, claimed_by=jan,
                claimed_by_login="jan", subiekt_changed_at=None, line_count=3,
                allegro=True,
            )
        ],
        next_key=OrderKey(0, datetime(2026, 1, 15, 8, 30, tzinfo=UTC), first),
    )  # fmt: skip
    last = store.read_sync(search_orders, OrderSearch(), after=found.next_key, limit=1)
    assert [o.id for o in last.orders] == [second] and last.next_key is None


def test_several_statuses_are_merged_in_the_lists_order(store: Store) -> None:
    ids = [add(store, n, issued=datetime(2026, 3, n, 9)) for n in range(1, 9)]
    for order_id in ids[::2]:
        store.run_sync(orders.change_status, order_id, "picking", reason=None, actor="t")
    for order_id in ids[1::4]:
        store.run_sync(orders.change_status, order_id, "problem", reason="brak", actor="t")
    picking_or_problem = OrderSearch(statuses=(OrderStatus.PICKING, OrderStatus.PROBLEM))
    expected = [ids[0], ids[1], ids[2], ids[4], ids[5], ids[6]]
    assert page(store, picking_or_problem) == expected
    assert [i for p in every_page(store, picking_or_problem, 4) for i in p] == expected
    newest = dataclasses.replace(picking_or_problem, sort="newest")
    assert [i for p in every_page(store, newest, 2) for i in p] == expected[::-1]
    # Skipping by count across statuses: the database sorts them in one query.
    assert page(store, picking_or_problem, offset=2, limit=3) == expected[2:5]
    assert page(store, OrderSearch(statuses=(OrderStatus.NEW,))) == [ids[3], ids[7]]
    assert page(store, OrderSearch(statuses=(OrderStatus.DONE,))) == []


def test_offset_after_a_cursor_skips_within_the_rest(store: Store, ties: list[int]) -> None:
    a, g = ties[0], ties[6]
    first = store.read_sync(search_orders, OrderSearch(), limit=1)  # e
    assert page(store, OrderSearch(), after=first.next_key, offset=1, limit=2) == [a, g]


# -- filters ---------------------------------------------------------------------------------


def test_the_date_filter_takes_whole_days_of_polish_time(store: Store) -> None:
    # Issued in Subiekt (Polish time): late on the 9th, just after midnight on the 10th…
    late = add(store, 1, issued=datetime(2026, 3, 9, 23, 59))
    early = add(store, 2, issued=datetime(2026, 3, 10, 0, 1))
    evening = add(store, 3, issued=datetime(2026, 3, 10, 23, 30))
    add(store, 4, issued=datetime(2026, 3, 11, 0, 0))
    from kolektor.store.orders import SUBIEKT_TIMEZONE

    def day(d: int) -> datetime:
        return datetime(2026, 3, d, tzinfo=SUBIEKT_TIMEZONE)

    tenth = OrderSearch(issued_from=day(10), issued_before=day(11))
    assert sorted(page(store, tenth)) == [early, evening]
    assert sorted(page(store, OrderSearch(issued_before=day(10)))) == [late]


def test_operator_document_and_source_filters(store: Store) -> None:
    allegro = add(store, 1, external_id="29ae5b10-aa77-11ef-b3c1-0242ac120002")
    shop = add(store, 2, external_id=None)
    blank = add(store, 3, external_id="", category=None)
    numbered = add(store, 4, external_id="SKLEP-2026-000123", category=None)
    by_category = add(store, 5, external_id=None, category=" ALLEGRO ")
    anna = store.run_sync(operators.create_operator, login="anna", name="Anna", role="picker",
                          pin="1234")  # fmt: skip
    set_columns(store, shop, claimed_by=anna)

    def document(order_id: int, kind: str, generation: int = 1) -> None:
        store.run_sync(lambda conn: conn.execute(documents.insert().values(
            order_id=order_id, generation=generation, kind=kind, number=f"{kind} 1/2026",
            filename="x.pdf", media_type="application/pdf", content=b"%PDF", sha256="0" * 64,
            size=4, created_at=utcnow())))  # fmt: skip

    document(allegro, "FS")
    document(shop, "PAi")
    # Allegro as the rules tell it: a checkout-form id (a UUID), or the category "Allegro".
    assert sorted(page(store, OrderSearch(source="allegro"))) == [allegro, by_category]
    assert sorted(page(store, OrderSearch(source="shop"))) == [shop, blank, numbered]
    listed = {o.id: o.allegro for o in store.read_sync(search_orders, OrderSearch()).orders}
    assert listed == {allegro: True, shop: False, blank: False, numbered: False,
                      by_category: True}  # fmt: skip
    assert page(store, OrderSearch(operator_id=anna)) == [shop]
    assert page(store, OrderSearch(document="FS")) == [allegro]
    assert page(store, OrderSearch(document="PAi", operator_id=anna)) == [shop]
    assert page(store, OrderSearch(document="WZ")) == []
    assert store.read_sync(operator_id_of, "  ANNA ") == anna
    assert store.read_sync(operator_id_of, "nikt") is None


def test_pickers_are_everyone_who_may_scan(store: Store) -> None:
    created = {
        login: store.run_sync(operators.create_operator, login=login, name=login.title(),
                              role=role, password="dobre-haslo-1")
        for login, role in (("zofia", "picker"), ("adam", "admin"), ("biuro", "office"),
                            ("piotr", "packer"), ("kasia", "supervisor"))
    }  # fmt: skip
    store.run_sync(operators.set_active, created["piotr"], False)
    found = store.read_sync(pickers)
    assert [(p.login, p.role, p.active) for p in found] == [
        ("adam", "admin", True), ("kasia", "supervisor", True), ("piotr", "packer", False),
        ("zofia", "picker", True),
    ]  # fmt: skip


# -- cursors ---------------------------------------------------------------------------------


def test_a_cursor_is_bound_to_its_search_and_refuses_edits() -> None:
    search = OrderSearch(statuses=(OrderStatus.NEW,), words=("kowalska",), sort="newest")
    key = OrderKey(2, datetime(2026, 3, 10, 11, 0, 0, 123456, tzinfo=UTC), 41)
    cursor = encode_cursor(search, key)
    assert decode_cursor(search, cursor) == key
    same = OrderSearch(statuses=(OrderStatus.NEW,), words=("kowalska",), sort="newest")
    assert decode_cursor(same, cursor) == key

    def edited(change: Any) -> str:
        import base64

        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        change(raw)
        return base64.urlsafe_b64encode(json.dumps(raw).encode()).decode().rstrip("=")

    with pytest.raises(CursorError, match="other_search"):
        decode_cursor(dataclasses.replace(search, sort="urgent"), cursor)
    with pytest.raises(CursorError, match="other_search"):
        decode_cursor(dataclasses.replace(search, statuses=()), cursor)
    bad = [
        "", "x", cursor[:-3], cursor + "ą", "A" * 401, "bnVsbA",  # "null"
        edited(lambda r: r.__setitem__(4, "41")), edited(lambda r: r.__setitem__(4, 0)),
        edited(lambda r: r.__setitem__(4, 2**40)), edited(lambda r: r.__setitem__(3, "wczoraj")),
        edited(lambda r: r.__setitem__(3, "2026-03-10T11:00:00")),  # no zone
        edited(lambda r: r.__setitem__(3, "0001-01-01T00:00:00+05:00")),  # before year 1
        edited(lambda r: r.__setitem__(2, True)), edited(lambda r: r.__setitem__(0, 2)),
        edited(lambda r: r.append(1)),
    ]  # fmt: skip
    for text in bad:
        with pytest.raises(CursorError):
            decode_cursor(search, text)


def test_a_search_refuses_what_it_cannot_list() -> None:
    with pytest.raises(ValueError, match="sort"):
        OrderSearch(sort="random")
    with pytest.raises(ValueError, match="document"):
        OrderSearch(document="FV")
    with pytest.raises(ValueError, match="source"):
        OrderSearch(source="ebay")


def test_the_migration_fills_the_search_text_of_stored_orders(store_url: str) -> None:
    """An existing store with orders, upgraded to 0006: every order gets its search text."""
    from alembic import command

    from kolektor.store.engine import alembic_config

    opened = Store.open(store_url)
    try:
        config = alembic_config()
        with opened.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0005")
        # Orders as a 0005 store holds them (no search text yet): the columns without defaults.
        columns = {
            "subiekt_id": ":id", "number": ":number", "status": "'new'",
            "status_changed_at": ":now", "fingerprint": ":fp", "issued_at": ":now",
            "customer_name": ":name", "nip": "'5260250995'", "remarks": "''",
            "remarks_ext": "''", "currency": "'PLN'", "value_net": "0", "value_gross": "0",
            "flag_ids": "'[]'", "custom_fields": "'{}'", "imported_at": ":now",
            "updated_at": ":now", "billing": ":billing",
        }  # fmt: skip
        insert = sa.text(
            f"INSERT INTO orders (id, {', '.join(columns)}) "
            f"VALUES (:id, {', '.join(columns.values())})"
        )
        with opened.engine.begin() as connection:
            for n, name in ((1, "Łucja Żak"), (2, "Hurtownia Źródło")):
                billing = json.dumps({"name": f"{name} (płatnik)", "full_name": None})
                connection.execute(insert, {"id": n, "number": f"ZK {n}/2026", "name": name,
                                            "now": datetime(2026, 3, 1, 9), "fp": "0" * 64,
                                            "billing": billing})  # fmt: skip
        opened.upgrade()
        texts = opened.read_sync(
            lambda conn: conn.execute(
                sa.select(order_search.c.order_id, order_search.c.text).order_by("order_id")
            ).all()
        )
        assert [tuple(row) for row in texts] == [
            (1, " zk 1 2026 | lucja zak | 5260250995 | lucja zak platnik"),
            (2, " zk 2 2026 | hurtownia zrodlo | 5260250995 | hurtownia zrodlo platnik"),
        ]
        assert page(opened, OrderSearch(words=search_words("źródło"))) == [2]
    finally:
        opened.close()


def test_customer_without_a_name_is_found_by_the_billing_name(store: Store) -> None:
    order_id = add(store, 5, customer=None)
    assert page(store, OrderSearch(words=search_words("pracownia zolc"))) == [order_id]

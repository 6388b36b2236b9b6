"""The Subiekt reader on the demo database, through pyodbc and the SQLite ODBC driver."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from kolektor import _core
from kolektor.demo.generator import DemoSummary
from kolektor.intake.loop import normalized_nip
from kolektor.subiekt import queries
from kolektor.subiekt.connection import SubiektUnavailable
from kolektor.subiekt.models import Barcode, SubiektOrder, UnitConversion
from kolektor.subiekt.reader import DocumentState, LinkedDocument, SubiektReader
from tests.subiekt_fixtures import settings_for

FOUR_PLACES = Decimal("0.0001").as_tuple().exponent


@pytest.fixture(scope="module")
def orders(demo_db: DemoSummary) -> dict[int, SubiektOrder]:
    reader = SubiektReader(settings_for(demo_db.path))
    try:
        return {order.id: order for order in reader.open_orders()}
    finally:
        reader.close()


def raw_text(path: Path, sql: str, *params: object) -> str:
    """A text column read with plain sqlite3, decoded from CP1250 as Subiekt stores it."""
    with sqlite3.connect(path) as connection:
        (value,) = connection.execute(sql, params).fetchone()
    return bytes(value).decode("cp1250")


def test_all_open_zks_and_nothing_else(
    demo_db: DemoSummary, orders: dict[int, SubiektOrder]
) -> None:
    ex = demo_db.examples
    assert sorted(orders) == sorted(demo_db.open_zk_ids)
    assert len(orders) >= 60
    for not_open in (ex.realized_zk_to_fs, ex.supplier_order_status5, ex.fs_from_zk, ex.receipt):
        assert not_open not in orders
    assert {o.status for o in orders.values()} == {5, 6, 7}
    # The number prefix plays no part: ZAM-numbered ZKs are orders too.
    assert all(orders[i].number.startswith("ZAM ") for i in ex.zk_other_prefix)


def test_polish_letters_come_out_right(
    demo_db: DemoSummary, orders: dict[int, SubiektOrder]
) -> None:
    order = orders[demo_db.examples.zk_pack_line]
    assert order.customer is not None
    stored = raw_text(
        demo_db.path,
        "SELECT CAST(adr_NazwaPelna AS BLOB) FROM adr__Ewid WHERE adr_IdObiektu = ? "
        "AND adr_TypAdresu = 1",
        order.customer.id,
    )
    assert order.customer.name == stored
    texts = " ".join(
        [o.customer.name for o in orders.values() if o.customer]
        + [line.name for o in orders.values() for line in o.lines]
        + [o.remarks for o in orders.values()]
        + [o.delivery.city for o in orders.values() if o.delivery]
    )
    assert set("ąćęłńóśżŁŚŻ") <= set(texts)


def test_decoding_as_iso_8859_2_would_garble_names(demo_db: DemoSummary) -> None:
    """Subiekt's varchar is Windows-1250; ISO-8859-2 differs exactly for ą ś ź Ą Ś Ź."""
    wrong = SubiektReader(settings_for(demo_db.path, encoding="iso-8859-2"))
    right = SubiektReader(settings_for(demo_db.path))
    try:
        wrong_names = {o.id: o.customer.name for o in wrong.open_orders() if o.customer}
        right_names = {o.id: o.customer.name for o in right.open_orders() if o.customer}
    finally:
        wrong.close()
        right.close()
    differing = [i for i in right_names if right_names[i] != wrong_names[i]]
    assert differing
    assert all(set(right_names[i]) & set("ąśźĄŚŹ") for i in differing)


def test_money_is_decimal_with_four_places_and_totals_add_up(
    orders: dict[int, SubiektOrder],
) -> None:
    for order in orders.values():
        amounts = [order.value_net, order.value_gross]
        for line in order.lines:
            amounts += [
                line.quantity,
                line.base_quantity,
                line.price_net,
                line.price_gross,
                line.value_net,
                line.value_vat,
                line.value_gross,
                line.vat_rate,
            ]
        assert all(type(a) is Decimal and a.as_tuple().exponent == FOUR_PLACES for a in amounts)
        assert sum(line.value_gross for line in order.lines) == order.value_gross, order.number
        assert sum(line.value_net for line in order.lines) == order.value_net, order.number


def test_pack_barcodes_carry_their_quantity(
    demo_db: DemoSummary, orders: dict[int, SubiektOrder]
) -> None:
    ex = demo_db.examples
    order = orders[ex.zk_pack_line]
    pack_line = next(line for line in order.lines if line.product_id == ex.pack6_product_id)
    assert pack_line.unit == "opak."
    assert pack_line.base_quantity == pack_line.quantity * 6
    product = order.products[ex.pack6_product_id]
    assert product.barcodes[0].primary and product.barcodes[0].quantity == 1
    assert Barcode(ex.pack6_barcode, Decimal("6.0000")) in product.barcodes
    assert UnitConversion("opak.", Decimal("6.0000")) in product.units
    for barcode in product.barcodes:
        _core.gtin_normalize(barcode.code)

    carton = orders[ex.zk_carton_line]
    carton_product = carton.products[ex.pack12_product_id]
    assert Barcode(ex.pack12_barcode, Decimal("12.0000")) in carton_product.barcodes
    assert len(ex.pack12_barcode) == 14  # a GTIN-14 on the carton

    extra = orders[ex.zk_extra_barcode_line].products[ex.extra_barcode_product_id]
    assert Barcode(ex.extra_barcode, Decimal("1.0000")) in extra.barcodes


def test_weighted_goods_services_and_one_off_lines(
    demo_db: DemoSummary, orders: dict[int, SubiektOrder]
) -> None:
    ex = demo_db.examples
    weighted = orders[ex.zk_weighted_line]
    kg_line = next(line for line in weighted.lines if line.product_id == ex.weighted_product_id)
    assert kg_line.unit == "kg" and kg_line.quantity != kg_line.quantity.to_integral()
    assert weighted.products[ex.weighted_product_id].sold_by_weight
    assert weighted.products[ex.weighted_product_id].primary_barcode.startswith("2")

    service = next(
        line
        for line in orders[ex.zk_service_line].lines
        if line.product_id == ex.service_product_id
    )
    assert service.kind == 2
    one_off = [line for line in orders[ex.zk_one_off_service].lines if line.product_id is None]
    assert one_off and all(line.name and line.symbol is None for line in one_off)


def test_customers_addresses_and_nips(
    demo_db: DemoSummary, orders: dict[int, SubiektOrder]
) -> None:
    ex = demo_db.examples
    company = orders[ex.zk_pack_line]
    assert company.customer is not None and not company.customer.is_person
    assert company.customer.email and company.customer.phone
    assert "-" in (company.customer.nip or "")
    assert normalized_nip(company) == _core.nip_normalize(company.customer.nip or "")
    assert company.delivery is not None and company.delivery != company.billing

    for zk_id in (ex.zk_uuid_in_custom_field, ex.zk_shop_number, ex.zk_spaced_nip):
        nip = normalized_nip(orders[zk_id])
        assert nip is not None and len(nip) == 10 and nip.isdigit()

    person = orders[ex.zk_weighted_line]
    assert person.customer is not None and person.customer.is_person
    assert normalized_nip(person) is None

    assert orders[ex.zk_no_delivery_address].delivery is None
    assert orders[ex.zk_foreign_delivery].delivery.country == "Niemcy"  # type: ignore[union-attr]

    moved = orders[ex.zk_moved_customer]
    assert moved.customer is not None and moved.billing is not None
    assert moved.billing.street_line != moved.customer.address.street_line  # type: ignore[union-attr]


def test_external_ids_from_remarks_custom_field_and_original_number(
    demo_db: DemoSummary, orders: dict[int, SubiektOrder]
) -> None:
    ex = demo_db.examples
    in_remarks = orders[ex.zk_uuid_in_remarks]
    assert in_remarks.external_id is not None
    assert in_remarks.external_id in in_remarks.remarks.lower()
    assert in_remarks.category == "Allegro"

    in_field = orders[ex.zk_uuid_in_custom_field]
    assert in_field.external_id == in_field.custom_fields[demo_db.allegro_field_column].lower()
    assert in_field.external_id not in in_field.remarks.lower()

    shop = orders[ex.zk_shop_number]
    assert shop.original_number and shop.external_id == shop.original_number
    assert shop.external_id.startswith("SKLEP-")

    without = [
        o
        for o in orders.values()
        if not o.original_number and not o.custom_fields and "Allegro" not in o.remarks
    ]
    assert without and all(o.external_id is None for o in without)


def test_location_source_is_configurable(demo_db: DemoSummary) -> None:
    ex = demo_db.examples
    field = settings_for(
        demo_db.path,
        location=replace(
            settings_for(demo_db.path).location, column=demo_db.location_field_column, custom=True
        ),
    )
    for settings, expect_prefix in ((settings_for(demo_db.path), False), (field, True)):
        reader = SubiektReader(settings)
        try:
            products = reader.products([ex.located_product_id, ex.unlocated_product_id])
        finally:
            reader.close()
        located = products[ex.located_product_id].location
        assert located is not None and located.startswith("R") is expect_prefix
        assert products[ex.unlocated_product_id].location is None


@pytest.mark.parametrize(
    ("filter_name", "expected"),
    [("warehouse", "zk_second_warehouse"), ("category", "allegro"), ("flag", "zk_flagged")],
)
def test_filters_by_warehouse_category_and_flag(
    demo_db: DemoSummary, orders: dict[int, SubiektOrder], filter_name: str, expected: str
) -> None:
    ex = demo_db.examples
    changes = {
        "warehouse": {"warehouses": (demo_db.second_warehouse_id,)},
        "category": {"categories": (ex.allegro_category_id,)},
        "flag": {"flags": (ex.urgent_flag_id,)},
    }[filter_name]
    reader = SubiektReader(settings_for(demo_db.path, **changes))
    try:
        chosen = {order.id for order in reader.open_orders()}
        count = reader.count_open_orders()
    finally:
        reader.close()
    assert count == len(chosen) > 0
    if expected == "zk_second_warehouse":
        assert chosen == set(ex.zk_second_warehouse)
    elif expected == "allegro":
        assert chosen == {i for i, o in orders.items() if o.category_id == ex.allegro_category_id}
        assert ex.zk_uuid_in_remarks in chosen
    else:
        assert ex.zk_flagged in chosen
        assert chosen == {i for i, o in orders.items() if ex.urgent_flag_id in o.flag_ids}


def test_what_became_of_zks_that_are_no_longer_open(demo_db: DemoSummary) -> None:
    ex = demo_db.examples
    reader = SubiektReader(settings_for(demo_db.path))
    try:
        states = reader.document_states(
            [ex.realized_zk_to_fs, ex.realized_zk_to_pai, ex.realized_zk_to_wz, 999_999]
        )
    finally:
        reader.close()
    assert states[999_999] == DocumentState(999_999, exists=False)
    kinds = {
        zk: [(d.kind, d.id) for d in states[zk].realized_by]
        for zk in (ex.realized_zk_to_fs, ex.realized_zk_to_pai, ex.realized_zk_to_wz)
    }
    assert kinds == {
        ex.realized_zk_to_fs: [("FS", ex.fs_from_zk)],
        ex.realized_zk_to_pai: [("PAi", ex.pai_from_zk)],
        ex.realized_zk_to_wz: [("WZ", ex.wz_from_zk)],
    }
    assert states[ex.realized_zk_to_fs].status == 8
    assert isinstance(states[ex.realized_zk_to_fs].realized_by[0], LinkedDocument)


def test_every_statement_runs_on_the_sqlite_odbc_driver(demo_db: DemoSummary) -> None:
    import pyodbc

    connection = pyodbc.connect(settings_for(demo_db.path).connection_string)
    try:
        for sql in queries.all_statements():
            cursor = connection.cursor()
            params = [1] * sql.count("?")
            cursor.execute(sql, *params).fetchall()
            cursor.close()
    finally:
        connection.close()


def test_missing_driver_is_explained(demo_db: DemoSummary) -> None:
    settings = settings_for(demo_db.path, connection_string="Driver={No Such Driver};Database=x")
    with pytest.raises(SubiektUnavailable, match="ODBC") as error:
        SubiektReader(settings).probe()
    assert error.value.sqlstate == "01000" or error.value.sqlstate == "IM002"


def test_missing_database_file_is_an_error_not_a_new_database(tmp_path: Path) -> None:
    missing = tmp_path / "nie-ma.db"
    with pytest.raises(SubiektUnavailable):
        SubiektReader(settings_for(missing)).probe()
    assert not missing.exists()


def test_a_database_without_subiekts_tables_is_named_so(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    with pytest.raises(SubiektUnavailable, match="Subiekt"):
        SubiektReader(settings_for(empty)).open_orders()


def test_catalog_of_barcodes_covers_every_product_code(demo_db: DemoSummary) -> None:
    from kolektor.catalog import Catalog, barcode_key

    reader = SubiektReader(settings_for(demo_db.path))
    try:
        codes = reader.barcodes()
    finally:
        reader.close()
    ex = demo_db.examples
    catalog = Catalog(codes)
    assert barcode_key(ex.pack6_barcode) in catalog
    assert barcode_key(ex.pack12_barcode) in catalog
    assert barcode_key(ex.extra_barcode) in catalog
    assert barcode_key("5901234123457") not in catalog  # GS1 Poland's example, not the shop's
    assert len(catalog) >= demo_db.goods

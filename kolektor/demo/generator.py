"""A seeded generator of a Subiekt GT demo database (SQLite) with realistic Polish data.

:func:`create_subiekt_database` builds the demo shop's database and the tests' fixtures:
the same ``seed``, ``products``, ``orders`` and ``today`` give the same bytes of data.

What is in it (default sizes):

* dictionaries — warehouses ``MAG`` "Magazyn główny" (main) and ``SKL`` "Sklep
  stacjonarny"; VAT rates 23/8/5/0/zw with ids 100001–100005; countries Polska (1),
  Niemcy, Czechy, Słowacja, Litwa; document categories "Allegro", "Sklep internetowy",
  "Hurt"; payment forms; flags "Pilne", "Do wyjaśnienia", "Klient VIP" (group 1); custom
  field definitions "Allegro ID" (ZK, ``pw_Dane.pwd_Tekst01``) and "Lokalizacja" (towar,
  ``pwd_Tekst02``); numbering options; the own company's address (``adr_TypAdresu`` 8);
* ``products`` products: goods named like "Kawa ziarnista Łódzka 1 kg" with EAN-13 primary
  barcodes (GS1 Poland prefix 590, valid check digit); some with a pack barcode in
  ``tw_KodKreskowy`` — an EAN-13 of a 6-pack (``kk_Ilosc`` 6, unit ``opak.`` = 6) or a
  GTIN-14 of a 12-carton (indicator digit 1 before the unit's first 12 digits, ``kk_Ilosc``
  12, unit ``karton`` = 12) — some with another single-unit EAN (``kk_Ilosc`` 1); goods sold
  by weight (base unit ``kg``) whose primary barcode is a restricted-circulation base code
  laid out ``28 IIIII 00000 C``: prefix 28, five-digit item number, the weight part (grams)
  zeroed and the EAN-13 check digit (no separate weight check digit); four services
  (``tw_Rodzaj`` 2, no barcode);
* the bin location of each good twice: ``tw_Pole1`` = ``A-03-2`` (aisle-rack-shelf) and the
  custom field "Lokalizacja" = the same with an ``R`` in front (``RA-03-2``), so a test can
  tell which source was read; a few goods have no location;
* stock in both warehouses; ``st_StanRez`` = the base quantities of the goods on open ZKs
  with status 7 of that warehouse, never more than ``st_Stan``;
* customers: companies with valid NIPs written ``526-025-09-95``, ``PL5260250995``,
  ``5260250995`` or ``526 025 09 95`` (in ``adr__Ewid.adr_NIP`` and in every snapshot),
  private persons without NIP; e-mails in ``kh_EMail`` and/or ``adr_Email``, phones in
  ``tel__Ewid``; two suppliers;
* ``orders`` open ZKs (``dok_Typ`` 16, status 5/6/7), most in ``MAG``, a few in ``SKL``,
  numbered ``ZK n/yyyy`` and a few ``ZAM n/yyyy``; 1–12 lines; values gross-based and
  consistent; remarks asking for an invoice, a receipt or a WZ in varied case, plain
  remarks; Allegro checkout-form ids in the remarks or the custom field, shop numbers in
  ``dok_NrPelnyOryg`` and ``dok_Tytul``; delivery addresses (one in Germany); flags;
  due dates (``dok_TerminRealizacji``, a day at midnight) as in a shop that keeps up: a
  few overdue, some due today, most in the coming days (:meth:`_Builder.due_dates`);
* noise a reader must skip: realized ZKs (status 8, ``dok_StatusEx`` 4) with the FS, PAi or
  WZ made from them (``dok_DoDokId``), a standalone FS, receipts (PA subtype 0), supplier
  orders ZD (``dok_Typ`` 15) with status 5 and 7 — same status numbers as open ZKs.

Every ``DemoExamples`` field names one row that shows a case.  Assumptions not verified on a
live Subiekt (ids of countries and VAT rates, ``kat_Typ``, ``fp_Typ``, flag object type -8
for a ZK, delivery-address layout) are noted where the values are written.
"""

from __future__ import annotations

import os
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from kolektor._core import gtin_check_digit, nip_checksum
from kolektor.demo import names
from kolektor.demo.database import (
    ALLEGRO_FIELD,
    CENT,
    FS_TYPE,
    LOCATION_FIELD,
    PA_TYPE,
    PRODUCT_OBJECT_TYPE,
    WZ_TYPE,
    ZD_TYPE,
    ZK_OBJECT_TYPE,
    ZK_TYPE,
    Address,
    PricedLine,
    SubiektDatabase,
    ZkLine,
    as_decimal,
)

MIN_PRODUCTS = 60
MIN_ORDERS = 25
ALLEGRO_COLUMN = "pwd_Tekst01"
LOCATION_COLUMN = "pwd_Tekst02"
POLAND_ID, GERMANY_ID, CZECHIA_ID = 1, 2, 3
VAT_IDS = {"23": 100001, "8": 100002, "5": 100003, "0": 100004, "zw": 100005}


@dataclass(frozen=True, slots=True)
class DemoExamples:
    """Ids of rows that show one case each (all exist for any seed and size)."""

    pack6_product_id: int
    """Has an EAN-13 6-pack barcode (``kk_Ilosc`` 6) and the unit ``opak.`` = 6."""
    pack6_barcode: str
    pack12_product_id: int
    """Has a GTIN-14 12-carton barcode (``kk_Ilosc`` 12) and the unit ``karton`` = 12."""
    pack12_barcode: str
    extra_barcode_product_id: int
    """Has a second single-unit EAN-13 in ``tw_KodKreskowy`` (``kk_Ilosc`` 1)."""
    extra_barcode: str
    weighted_product_id: int
    """Sold by weight (``kg``); primary barcode is a ``28…`` restricted-circulation code."""
    service_product_id: int
    """"Usługa pakowania prezentu" — ``tw_Rodzaj`` 2, no barcode, no stock."""
    located_product_id: int
    """``tw_Pole1`` and the "Lokalizacja" custom field differ only by the ``R`` prefix."""
    unlocated_product_id: int
    """A good with neither location."""
    out_of_stock_product_id: int
    """``st_Stan`` 0 in the main warehouse."""

    company_dashed_nip_id: int
    """Company whose NIP is written ``NNN-NNN-NN-NN``."""
    company_pl_nip_id: int
    """Company whose NIP is written ``PLNNNNNNNNNN``."""
    company_plain_nip_id: int
    """Company whose NIP is written as 10 digits."""
    company_spaced_nip_id: int
    """Company whose NIP is written ``NNN NNN NN NN``."""
    person_id: int
    """A private person (``kh_Osoba`` 1, no NIP)."""
    moved_customer_id: int
    """A customer whose current address differs from the one printed on ``zk_moved_customer``."""
    supplier_id: int

    zk_pack_line: int
    """Line in ``opak.`` (``ob_IloscMag`` = 6 × ``ob_Ilosc``); company with dashed NIP;
    remark "Proszę o fakturę."; a separate delivery address; status 7."""
    zk_carton_line: int
    """Line in ``karton`` (12 per unit)."""
    zk_extra_barcode_line: int
    """Line of the product with a second single-unit barcode."""
    zk_weighted_line: int
    """Line in ``kg`` with a fractional quantity; private person; remark "paragon"."""
    zk_service_line: int
    """Goods and the gift-wrapping service (``ob_TowRodzaj`` 2)."""
    zk_one_off_service: int
    """A one-off service line: ``ob_TowId`` NULL, name in ``ob_Opis``."""
    zk_uuid_in_remarks: int
    """``dok_Uwagi`` = ``Allegro: <uuid> ; Klient: <login>``; category Allegro; status 5."""
    zk_uuid_in_custom_field: int
    """Allegro checkout-form id only in the ZK custom field "Allegro ID"; PL-prefixed NIP."""
    zk_shop_number: int
    """Shop order number in ``dok_NrPelnyOryg`` and ``dok_Tytul``; plain NIP."""
    zk_other_prefix: tuple[int, ...]
    """Numbered ``ZAM n/yyyy`` (one in each warehouse)."""
    zk_second_warehouse: tuple[int, ...]
    """In warehouse ``SKL``."""
    zk_delivery_address: int
    """Delivery snapshot different from the billing one."""
    zk_no_delivery_address: int
    """``dok_AdresDostawyAdreshId`` NULL; no remarks."""
    zk_moved_customer: int
    """Billing snapshot differs from the kontrahent's current address."""
    zk_foreign_delivery: int
    """Delivery to Germany (``adrh_IdPanstwo`` = Niemcy)."""
    zk_remark_invoice: int
    """Remark "faktura"."""
    zk_remark_invoice_upper: int
    """Remark "PROSZĘ O FAKTURĘ VAT"."""
    zk_remark_receipt: int
    """Remark "Paragon proszę"."""
    zk_remark_wz: int
    """Remark "WZ"."""
    zk_remark_tricky: int
    """Remark mentioning "paragonu" and "faktury" while asking for neither."""
    zk_plain_remark: int
    """A remark that asks for no document ("Proszę dzwonić przed dostawą."), and no external
    order id anywhere (a walk-in order of the ``SKL`` shop, status 7)."""
    zk_flagged: int
    """Flag "Pilne" with a comment (``fl_Wartosc``, object type -8)."""
    zk_shortage: int
    """Status 6 with a line for more than is available in the warehouse."""
    zk_many_lines: int
    """Twelve lines."""
    zk_cash_on_delivery: int
    """Payment form "Pobranie" (cash on delivery)."""
    zk_spaced_nip: int
    """Company whose NIP is written with spaces."""
    zk_status5: int
    zk_status6: int
    zk_status7: int

    realized_zk_to_fs: int
    """ZK with status 8, ``dok_StatusEx`` 4, realized into ``fs_from_zk``."""
    fs_from_zk: int
    realized_zk_to_pai: int
    pai_from_zk: int
    """PA with ``dok_Podtyp`` 2 (named receipt) made from ``realized_zk_to_pai``."""
    realized_zk_to_wz: int
    wz_from_zk: int
    standalone_fs: int
    receipt: int
    """PA with ``dok_Podtyp`` 0 and no buyer."""
    supplier_order_status5: int
    """ZD (``dok_Typ`` 15) with ``dok_Status`` 5 — not a customer order."""
    supplier_order_status7: int

    allegro_category_id: int
    shop_category_id: int
    wholesale_category_id: int
    urgent_flag_id: int
    """Flag "Pilne"."""
    allegro_field_id: int
    """``pw_Pole`` "Allegro ID" (ZK, -8) stored in ``pwd_Tekst01``."""
    location_field_id: int
    """``pw_Pole`` "Lokalizacja" (towar, -14) stored in ``pwd_Tekst02``."""
    cash_on_delivery_form_id: int
    transfer_form_id: int


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What :func:`create_subiekt_database` made: counts, handy ids and examples."""

    path: Path
    seed: int
    today: date
    products: int
    """``tw__Towar`` rows (goods, goods sold by weight and services)."""
    goods: int
    weighted_goods: int
    services: int
    customers: int
    companies: int
    persons: int
    documents: int
    lines: int
    open_zk_ids: tuple[int, ...]
    main_warehouse_id: int
    second_warehouse_id: int
    main_warehouse_symbol: str
    second_warehouse_symbol: str
    poland_id: int
    germany_id: int
    czechia_id: int
    vat_ids: dict[str, int]
    """``vat_Id`` by ``vat_Symbol`` (``23``, ``8``, ``5``, ``0``, ``zw``)."""
    allegro_field_column: str
    """``pw_Dane`` column of the ZK custom field "Allegro ID"."""
    location_field_column: str
    """``pw_Dane`` column of the product custom field "Lokalizacja"."""
    examples: DemoExamples


def create_subiekt_database(
    path: Path | str | os.PathLike[str],
    *,
    seed: int = 2026,
    products: int = 320,
    orders: int = 72,
    today: date | None = None,
) -> DemoSummary:
    """Create (or replace) the demo Subiekt GT database at ``path``.

    ``products`` (at least 60) and ``orders`` (open ZKs, at least 25) set the size;
    ``today`` the date the data is "as of" (open orders are from the week before it).
    Deterministic: the same arguments give the same data.
    """
    if products < MIN_PRODUCTS:
        raise ValueError(f"products must be at least {MIN_PRODUCTS}")
    if orders < MIN_ORDERS:
        raise ValueError(f"orders must be at least {MIN_ORDERS}")
    day = today or date.today()
    target = Path(path)
    with SubiektDatabase.create(target) as db:
        builder = _Builder(db, random.Random(seed), day, products, orders)
        examples = builder.build()
        counts = {
            name: int(db.connection.execute(sql).fetchone()[0])
            for name, sql in {
                "products": "SELECT COUNT(*) FROM tw__Towar",
                "documents": "SELECT COUNT(*) FROM dok__Dokument",
                "lines": "SELECT COUNT(*) FROM dok_Pozycja",
            }.items()
        }
        return DemoSummary(
            path=target,
            seed=seed,
            today=day,
            products=counts["products"],
            goods=len(builder.goods),
            weighted_goods=len(builder.weighted),
            services=len(builder.services),
            customers=len(builder.companies) + len(builder.persons),
            companies=len(builder.companies),
            persons=len(builder.persons),
            documents=counts["documents"],
            lines=counts["lines"],
            open_zk_ids=tuple(sorted(builder.open_zk_ids)),
            main_warehouse_id=builder.main_mag,
            second_warehouse_id=builder.second_mag,
            main_warehouse_symbol="MAG",
            second_warehouse_symbol="SKL",
            poland_id=POLAND_ID,
            germany_id=GERMANY_ID,
            czechia_id=CZECHIA_ID,
            vat_ids=dict(VAT_IDS),
            allegro_field_column=ALLEGRO_COLUMN,
            location_field_column=LOCATION_COLUMN,
            examples=examples,
        )


@dataclass(slots=True)
class _Product:
    id: int
    name: str
    price: Decimal
    vat: str
    unit: str
    weighted: bool = False
    pack: int | None = None
    pack_unit: str | None = None
    pack_barcode: str | None = None
    extra_barcode: str | None = None


@dataclass(slots=True)
class _Customer:
    id: int
    company: bool
    name: str
    full_name: str
    address: Address
    nip: str = ""
    login: str = ""


@dataclass(slots=True)
class _Order:
    """Arguments of one open ZK, filled by a scenario."""

    customer: _Customer
    lines: list[ZkLine] = field(default_factory=list)
    status: int = 7
    warehouse: int = 0
    prefix: str = "ZK"
    remarks: str = ""
    original_number: str = ""
    title: str = ""
    category: int | None = None
    payment: int | None = None
    delivery: Address | None = None
    billing: Address | None = None
    allegro_id: str | None = None
    flag: tuple[int, str] | None = None


class _Builder:
    def __init__(
        self, db: SubiektDatabase, rng: random.Random, today: date, products: int, orders: int
    ) -> None:
        self.db = db
        self.rng = rng
        self.today = today
        self.n_products = products
        self.n_orders = orders
        self.codes: set[str] = set()
        self.goods: list[_Product] = []
        self.weighted: list[_Product] = []
        self.services: list[_Product] = []
        self.companies: list[_Customer] = []
        self.persons: list[_Customer] = []
        self.suppliers: list[_Customer] = []
        self.available: dict[tuple[int, int], Decimal] = {}
        self.open_zk_ids: list[int] = []
        self.symbols: set[str] = set()
        self.ex: dict[str, object] = {}
        self.main_mag = 0
        self.second_mag = 0
        self.categories: dict[str, int] = {}
        self.forms: dict[str, int] = {}
        self.flags: list[int] = []
        self.shop_number = 4100 + rng.randrange(500)

    # -- overall --------------------------------------------------------------------------

    def build(self) -> DemoExamples:
        self.dictionaries()
        self.make_products()
        self.make_customers()
        self.make_stock()
        self.make_history()
        self.make_open_orders()
        return DemoExamples(**self.ex)  # type: ignore[arg-type]

    def at(self, days_ago: int, hour: int | None = None) -> datetime:
        moment = time(
            hour if hour is not None else self.rng.randrange(8, 21), self.rng.randrange(60)
        )
        return datetime.combine(self.today - timedelta(days=days_ago), moment).replace(
            second=self.rng.randrange(60)
        )

    def ids(self, table: str) -> int:
        return self.db.next_id(table)

    # -- dictionaries -------------------------------------------------------------------

    def dictionaries(self) -> None:
        db = self.db
        # Country ids are the demo's own; only the default adrh_IdPanstwo = 1 suggests that
        # 1 is Polska (kh_Parametr.khp_IdPanstwo defaults to 15 — not verified).
        for pa_id, name, code in (
            (POLAND_ID, "Polska", "PL"),
            (GERMANY_ID, "Niemcy", "DE"),
            (CZECHIA_ID, "Czechy", "CZ"),
            (4, "Słowacja", "SK"),
            (5, "Litwa", "LT"),
        ):
            db.insert(
                "sl_Panstwo",
                pa_Id=pa_id,
                pa_Nazwa=name,
                pa_KodPanstwaUE=code,
                pa_CzlonekUE=1,
                pa_KodPanstwaISO=code,
            )
        db.set_counter("sl_Panstwo", 6)
        # VAT ids 100001… as GT numbers them; which id holds which rate is assumed.
        for position, (symbol, vat_id) in enumerate(VAT_IDS.items(), start=1):
            db.insert(
                "sl_StawkaVAT",
                vat_Id=vat_id,
                vat_Nazwa="zwolniony" if symbol == "zw" else f"{symbol}%",
                vat_Stawka=0 if symbol == "zw" else int(symbol),
                vat_Symbol=symbol,
                vat_CzySystemowa=1,
                vat_CzyWidoczna=1,
                vat_Pozycja=position,
                vat_PozSprzedaz=position,
                vat_PozZakup=position,
                vat_PozRR=position,
                vat_PozDomyslna=position,
                vat_Rodzaj=1 if symbol == "zw" else 0,
            )
        db.set_counter("sl_StawkaVAT", max(VAT_IDS.values()) + 1)
        self.main_mag = self.ids("sl_Magazyn")
        db.insert(
            "sl_Magazyn",
            mag_Id=self.main_mag,
            mag_Symbol="MAG",
            mag_Nazwa="Magazyn główny",
            mag_Opis="Magazyn wysyłkowy – hala przy ul. Źródłowej",
            mag_Glowny=1,
        )
        self.second_mag = self.ids("sl_Magazyn")
        db.insert(
            "sl_Magazyn",
            mag_Id=self.second_mag,
            mag_Symbol="SKL",
            mag_Nazwa="Sklep stacjonarny",
            mag_Opis="Sklep przy Piotrkowskiej",
        )
        # kat_Typ: meaning not verified; 0 is used for every document category here.
        for key, name in (
            ("allegro", "Allegro"),
            ("shop", "Sklep internetowy"),
            ("wholesale", "Hurt"),
            ("retail", "Sprzedaż detaliczna"),
        ):
            self.categories[key] = self.ids("sl_Kategoria")
            db.insert("sl_Kategoria", kat_Id=self.categories[key], kat_Nazwa=name, kat_Typ=0)
        # fp_Typ: meaning not verified; the demo uses 1 transfer, 2 cash, 3 card, 4 credit.
        for key, name, kind, days in (
            ("transfer", "Przelew", 1, 7),
            ("transfer14", "Przelew 14 dni", 1, 14),
            ("cash", "Gotówka", 2, 0),
            ("card", "Karta płatnicza", 3, 0),
            ("cod", "Pobranie", 4, 0),
            ("p24", "Przelewy24", 1, 0),
        ):
            self.forms[key] = self.ids("sl_FormaPlatnosci")
            db.insert(
                "sl_FormaPlatnosci",
                fp_Id=self.forms[key],
                fp_Nazwa=name,
                fp_Termin=days,
                fp_Typ=kind,
                fp_Glowna=1 if key == "transfer" else 0,
            )
        group = self.ids("fl_Grupy")
        db.insert("fl_Grupy", flp_Id=group, flp_Nazwa="Zamówienia od klientów")
        for number, text in enumerate(names.FLAGS, start=1):
            flag_id = self.ids("fl__Flagi")
            db.insert(
                "fl__Flagi", flg_Id=flag_id, flg_Numer=number, flg_Text=text, flg_IdGrupy=group
            )
            self.flags.append(flag_id)
        allegro_field = self.ids("pw_Pole")
        db.insert(
            "pw_Pole",
            pwp_Id=allegro_field,
            pwp_TypObiektu=ZK_OBJECT_TYPE,
            pwp_Pole=ALLEGRO_COLUMN,
            pwp_Typ=3,
            pwp_Nazwa=ALLEGRO_FIELD,
        )
        location_field = self.ids("pw_Pole")
        db.insert(
            "pw_Pole",
            pwp_Id=location_field,
            pwp_TypObiektu=PRODUCT_OBJECT_TYPE,
            pwp_Pole=LOCATION_COLUMN,
            pwp_Typ=3,
            pwp_Nazwa=LOCATION_FIELD,
        )
        for doc_type, monthly in ((ZK_TYPE, 0), (ZD_TYPE, 0), (FS_TYPE, 1), (PA_TYPE, 0), (11, 0)):
            db.insert("nr_Parametr", np_Typ=doc_type, np_NrRok=1, np_NrMiesiac=monthly)
        own = self.ids("adr__Ewid")
        db.insert(
            "adr__Ewid",
            adr_Id=own,
            adr_IdObiektu=1,
            adr_TypAdresu=8,
            adr_Nazwa="Kolektor Demo",
            adr_NazwaPelna="Sklep Kolektor Demo Sp. z o.o.",
            adr_Ulica="ul. Źródłowa",
            adr_NrDomu="24",
            adr_Kod="91-735",
            adr_Miejscowosc="Łódź",
            adr_IdPanstwo=POLAND_ID,
            adr_NIP=self.nip("dashed"),
            adr_Telefon="+48 42 630 12 34",
        )
        self.ex.update(
            allegro_category_id=self.categories["allegro"],
            shop_category_id=self.categories["shop"],
            wholesale_category_id=self.categories["wholesale"],
            urgent_flag_id=self.flags[0],
            allegro_field_id=allegro_field,
            location_field_id=location_field,
            cash_on_delivery_form_id=self.forms["cod"],
            transfer_form_id=self.forms["transfer"],
        )

    # -- products -----------------------------------------------------------------------

    def ean13(self, prefix: str) -> str:
        while True:
            payload = prefix + "".join(str(self.rng.randrange(10)) for _ in range(12 - len(prefix)))
            code = payload + str(gtin_check_digit(payload))
            if code not in self.codes:
                self.codes.add(code)
                return code

    def price(self, base: float, size_index: int) -> Decimal:
        """A shelf price: ``x.99`` from 10 zł up, ``x.y9`` below."""
        value = base * (1 + 0.85 * size_index) * self.rng.uniform(0.9, 1.15)
        if value >= 10:
            return Decimal(int(value)) + Decimal("0.99")
        return Decimal(f"{value:.1f}") + Decimal("0.09")

    def location(self) -> str:
        """Aisle-rack-shelf, e.g. ``A-03-2``."""
        aisle, rack, shelf = (
            self.rng.choice("ABCDEF"),
            self.rng.randrange(1, 25),
            self.rng.randrange(1, 6),
        )
        return f"{aisle}-{rack:02d}-{shelf}"

    def make_products(self) -> None:
        n_services = len(names.SERVICES)
        n_weighted = min(len(names.WEIGHTED_PRODUCTS), max(3, self.n_products // 24))
        n_goods = self.n_products - n_services - n_weighted
        combos = [
            (template, brand, size, index)
            for template in names.PRODUCT_TEMPLATES
            for brand in template.brands
            for index, size in enumerate(template.sizes)
        ]
        if n_goods > len(combos):
            most = len(combos) + n_services + n_weighted
            raise ValueError(f"products must be at most {most}")
        chosen = sorted(self.rng.sample(range(len(combos)), n_goods))
        company_codes: dict[str, str] = {}
        sequence: dict[str, int] = {}
        pack6_done = pack12_done = extra_done = False
        for number in chosen:
            template, brand, size, index = combos[number]
            sequence[template.group] = sequence.get(template.group, 0) + 1
            symbol = f"{template.group}-{sequence[template.group]:04d}"
            company = company_codes.setdefault(
                template.group, f"590{self.rng.randrange(1000, 9999)}"
            )
            product = _Product(
                id=self.ids("tw__Towar"),
                name=f"{template.name} {brand} {size}".strip(),
                price=self.price(template.price, index),
                vat=template.vat,
                unit="szt.",
            )
            location = "" if self.rng.random() < 0.04 else self.location()
            self.add_product(product, symbol, self.ean13(company), location)
            pack = None
            if 6 in template.packs and not pack6_done:
                pack, pack6_done = 6, True
            elif 12 in template.packs and not pack12_done:
                pack, pack12_done = 12, True
            elif template.packs and self.rng.random() < 0.3:
                pack = self.rng.choice(template.packs)
            if pack is not None:
                self.add_pack(product, pack)
            if (not extra_done and pack is None) or (pack is None and self.rng.random() < 0.1):
                product.extra_barcode = self.ean13(company)
                self.db.insert(
                    "tw_KodKreskowy",
                    kk_Id=self.ids("tw_KodKreskowy"),
                    kk_IdTowar=product.id,
                    kk_Kod=product.extra_barcode,
                    kk_Ilosc=1,
                )
                extra_done = True
            self.goods.append(product)
            if not location and "unlocated_product_id" not in self.ex:
                self.ex["unlocated_product_id"] = product.id
            elif location and "located_product_id" not in self.ex:
                self.ex["located_product_id"] = product.id
        if "unlocated_product_id" not in self.ex:
            last = self.goods[-1]
            self.db.update("tw__Towar", {"tw_Id": last.id}, tw_Pole1="")
            self.db.delete(
                "pw_Dane", {"pwd_TypObiektu": PRODUCT_OBJECT_TYPE, "pwd_IdObiektu": last.id}
            )
            self.ex["unlocated_product_id"] = last.id
        for item, (name, price, vat) in enumerate(names.WEIGHTED_PRODUCTS[:n_weighted], start=1):
            product = _Product(
                id=self.ids("tw__Towar"),
                name=name,
                price=Decimal(str(price)),
                vat=vat,
                unit="kg",
                weighted=True,
            )
            payload = f"28{item:05d}00000"
            code = payload + str(gtin_check_digit(payload))
            self.codes.add(code)
            self.add_product(product, f"WAG-{item:04d}", code, self.location())
            self.weighted.append(product)
        for symbol, name, price, vat in names.SERVICES:
            product = _Product(
                id=self.ids("tw__Towar"), name=name, price=Decimal(str(price)), vat=vat, unit="usł."
            )
            self.add_product(product, symbol, "", "", kind=2)
            self.services.append(product)
        for pack_size in (6, 12):  # a small catalogue may miss a template with such packs
            if not any(p.pack == pack_size for p in self.goods):
                plain = next(p for p in self.goods if p.pack is None and not p.extra_barcode)
                self.add_pack(plain, pack_size)
        pack6 = next(p for p in self.goods if p.pack == 6)
        pack12 = next(p for p in self.goods if p.pack == 12)
        extra = next(p for p in self.goods if p.extra_barcode)
        self.ex.update(
            pack6_product_id=pack6.id,
            pack6_barcode=pack6.pack_barcode,
            pack12_product_id=pack12.id,
            pack12_barcode=pack12.pack_barcode,
            extra_barcode_product_id=extra.id,
            extra_barcode=extra.extra_barcode,
            weighted_product_id=self.weighted[0].id,
            service_product_id=self.service(names.GIFT_WRAP_SERVICE).id,
        )

    def service(self, symbol: str) -> _Product:
        index = [entry[0] for entry in names.SERVICES].index(symbol)
        return self.services[index]

    def add_product(
        self, product: _Product, symbol: str, barcode: str, location: str, kind: int = 1
    ) -> None:
        db = self.db
        vat_id = VAT_IDS[product.vat]
        db.insert(
            "tw__Towar",
            tw_Id=product.id,
            tw_Rodzaj=kind,
            tw_Symbol=symbol,
            tw_Nazwa=product.name,
            tw_Opis=product.name if kind == 1 else "",
            tw_IdVatSp=vat_id,
            tw_IdVatZak=vat_id,
            tw_JednMiary=product.unit,
            tw_JednMiarySprz=product.unit,
            tw_JednMiaryZak=product.unit,
            tw_PodstKodKresk=barcode,
            tw_IdTypKodu=1 if barcode else None,
            tw_Pole1=location,
            tw_SklepInternet=1,
            tw_SerwisAukcyjny=1 if kind == 1 else 0,
            tw_Masa=Decimal(str(round(self.rng.uniform(0.05, 3.0), 3))) if kind == 1 else None,
            tw_WagaEtykiet=1 if product.weighted else 0,
        )
        rate = Decimal(0) if product.vat == "zw" else Decimal(product.vat)
        net = (product.price / (1 + rate / 100)).quantize(CENT, ROUND_HALF_UP)
        wholesale = (net * Decimal("0.9")).quantize(CENT, ROUND_HALF_UP)
        db.insert(
            "tw_Cena",
            tc_Id=self.ids("tw_Cena"),
            tc_IdTowar=product.id,
            tc_CenaNetto0=(net * Decimal("0.6")).quantize(CENT, ROUND_HALF_UP),
            tc_CenaBrutto0=(product.price * Decimal("0.6")).quantize(CENT, ROUND_HALF_UP),
            tc_CenaNetto1=net,
            tc_CenaBrutto1=product.price,
            tc_CenaNetto2=wholesale,
            tc_CenaBrutto2=(wholesale * (1 + rate / 100)).quantize(CENT, ROUND_HALF_UP),
        )
        if location:
            db.set_custom_field(PRODUCT_OBJECT_TYPE, product.id, LOCATION_FIELD, "R" + location)

    def add_pack(self, product: _Product, pack: int) -> None:
        if pack == 6:
            unit = "opak."
            code = self.ean13(f"590{self.rng.randrange(1000, 9999)}")
        else:
            unit = "karton"
            base = self.db.select_one("tw__Towar", {"tw_Id": product.id})["tw_PodstKodKresk"]
            payload = "1" + str(base)[:12]
            code = payload + str(gtin_check_digit(payload))
            self.codes.add(code)
        product.pack, product.pack_unit, product.pack_barcode = pack, unit, code
        self.db.insert(
            "tw_KodKreskowy",
            kk_Id=self.ids("tw_KodKreskowy"),
            kk_IdTowar=product.id,
            kk_Kod=code,
            kk_Ilosc=pack,
        )
        self.db.insert(
            "tw_JednMiary",
            jm_Id=self.ids("tw_JednMiary"),
            jm_IdTowar=product.id,
            jm_IdJednMiary=unit,
            jm_Przelicznik=pack,
        )

    # -- customers ----------------------------------------------------------------------

    def nip(self, form: str) -> str:
        while True:
            digits = str(self.rng.randrange(1, 10)) + "".join(
                str(self.rng.randrange(10)) for _ in range(8)
            )
            check = nip_checksum(digits)
            if check is not None:
                break
        nip = digits + str(check)
        if form == "dashed":
            return f"{nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}"
        if form == "pl":
            return "PL" + nip
        if form == "spaced":
            return f"{nip[:3]} {nip[3:6]} {nip[6:8]} {nip[8:]}"
        return nip

    def postcode(self, start: str) -> str:
        """Complete the start of a postcode (``91``, ``81-7``…) to ``NN-NNN``."""
        digits = start.replace("-", "")
        digits += "".join(str(self.rng.randrange(10)) for _ in range(5 - len(digits)))
        return f"{digits[:2]}-{digits[2:]}"

    def address(self, name: str, full_name: str = "", nip: str = "") -> Address:
        city, start = self.rng.choice(names.CITIES)
        street = self.rng.choice(names.STREETS)
        if not street.startswith(("Aleja", "Plac")) and self.rng.random() < 0.7:
            street = "ul. " + street
        flat = str(self.rng.randrange(1, 80)) if self.rng.random() < 0.45 else ""
        return Address(
            name=name,
            full_name=full_name or name,
            street=street,
            house_number=str(self.rng.randrange(1, 160)) + self.rng.choice(("", "", "", "A", "B")),
            flat_number=flat,
            postcode=self.postcode(start),
            city=city,
            country_id=POLAND_ID,
            nip=nip,
        )

    def phone(self) -> tuple[str, bool]:
        if self.rng.random() < 0.2:
            area = self.rng.choice(("22", "42", "12", "61", "71", "58"))
            digits = "".join(str(self.rng.randrange(10)) for _ in range(7))
            return f"({area}) {digits[:3]} {digits[3:5]} {digits[5:]}", False
        digits = self.rng.choice(("50", "51", "53", "60", "66", "69", "72", "79", "88")) + "".join(
            str(self.rng.randrange(10)) for _ in range(7)
        )
        style = self.rng.randrange(3)
        if style == 0:
            return f"+48 {digits[:3]} {digits[3:6]} {digits[6:]}", True
        if style == 1:
            return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}", True
        return digits, True

    def symbol(self, text: str) -> str:
        base = text.upper()[:17].rstrip()
        candidate, number = base, 1
        while candidate in self.symbols:
            number += 1
            candidate = f"{base}-{number}"
        self.symbols.add(candidate)
        return candidate

    def make_customers(self) -> None:
        n_companies = min(len(names.COMPANIES), max(8, self.n_orders // 3))
        n_persons = max(10, self.n_orders // 2)
        forms = ["dashed", "pl", "plain", "spaced"]
        for index, (short, full) in enumerate(names.COMPANIES[:n_companies]):
            form = forms[index] if index < len(forms) else self.rng.choice(forms)
            nip = self.nip(form)
            customer = _Customer(
                id=self.ids("kh__Kontrahent"),
                company=True,
                name=short,
                full_name=full,
                address=self.address(short, full, nip),
                nip=nip,
            )
            self.add_customer(customer, kind=2)
            self.companies.append(customer)
        for _ in range(n_persons):
            female = self.rng.random() < 0.5
            first = self.rng.choice(names.FEMALE_FIRST_NAMES if female else names.MALE_FIRST_NAMES)
            surname = self.rng.choice(names.SURNAMES)[1 if female else 0]
            full = f"{first} {surname}"
            customer = _Customer(
                id=self.ids("kh__Kontrahent"),
                company=False,
                name=full,
                full_name=full,
                address=self.address(full),
                login=self.rng.choice(names.ALLEGRO_LOGINS),
            )
            self.add_customer(customer, kind=2, first=first, surname=surname)
            self.persons.append(customer)
        for short, full in names.SUPPLIERS:
            nip = self.nip("plain")
            supplier = _Customer(
                id=self.ids("kh__Kontrahent"),
                company=True,
                name=short,
                full_name=full,
                address=self.address(short, full, nip),
                nip=nip,
            )
            self.add_customer(supplier, kind=1)
            self.suppliers.append(supplier)
        self.ex.update(
            company_dashed_nip_id=self.companies[0].id,
            company_pl_nip_id=self.companies[1].id,
            company_plain_nip_id=self.companies[2].id,
            company_spaced_nip_id=self.companies[3].id,
            person_id=self.persons[0].id,
            moved_customer_id=self.persons[1].id,
            supplier_id=self.suppliers[0].id,
        )

    def add_customer(
        self, customer: _Customer, *, kind: int, first: str = "", surname: str = ""
    ) -> None:
        db = self.db
        email = self.email(customer, first, surname)
        phone, mobile = self.phone()
        symbol = self.symbol(customer.name if customer.company else f"{surname} {first[:1]}")
        email_place = self.rng.randrange(4)
        db.insert(
            "kh__Kontrahent",
            kh_Id=customer.id,
            kh_Symbol=symbol,
            kh_Rodzaj=kind,
            kh_EMail=email if email_place in (0, 1) else "",
            kh_Osoba=0 if customer.company else 1,
            kh_Imie=first,
            kh_Nazwisko=surname,
            kh_PlatPrzelew=1 if customer.company else 0,
            kh_KlientSklepuInternetowego=0 if customer.company else 1,
            kh_CzynnyPodatnikVAT=1 if customer.company else 0,
            kh_DataDodania=self.at(self.rng.randrange(60, 900), 9),
        )
        address = customer.address
        adr_id = self.ids("adr__Ewid")
        db.insert(
            "adr__Ewid",
            adr_Id=adr_id,
            adr_IdObiektu=customer.id,
            adr_TypAdresu=1,
            adr_Nazwa=address.name,
            adr_NazwaPelna=address.full_name,
            adr_Telefon=phone if self.rng.random() < 0.5 else "",
            adr_Ulica=address.street,
            adr_NrDomu=address.house_number,
            adr_NrLokalu=address.flat_number,
            adr_Kod=address.postcode,
            adr_Miejscowosc=address.city,
            adr_Poczta=address.city,
            adr_IdPanstwo=POLAND_ID,
            adr_NIP=customer.nip,
            adr_Symbol=symbol,
        )
        if email_place in (1, 2, 3) and email:
            db.insert(
                "adr_Email", am_Id=self.ids("adr_Email"), am_IdAdres=adr_id, am_Email=email,
                am_Podstawowy=1,
            )  # fmt: skip
            if email_place == 3:
                db.insert(
                    "adr_Email", am_Id=self.ids("adr_Email"), am_IdAdres=adr_id,
                    am_Email="faktury." + email, am_Podstawowy=0,
                )  # fmt: skip
        if customer.company or self.rng.random() < 0.8:
            db.insert(
                "tel__Ewid", tel_Id=self.ids("tel__Ewid"), tel_IdAdresu=adr_id, tel_Numer=phone,
                tel_Nazwa="komórka" if mobile else "biuro", tel_Podstawowy=1,
                tel_SMS=1 if mobile else 0,
            )  # fmt: skip

    def email(self, customer: _Customer, first: str, surname: str) -> str:
        if customer.company:
            slug = _ascii(customer.name.split()[-1]).lower()
            return f"{self.rng.choice(('biuro', 'kontakt', 'zamowienia'))}@{slug}.pl"
        login = f"{_ascii(first).lower()}.{_ascii(surname).lower()}"
        if self.rng.random() < 0.4:
            login += str(self.rng.randrange(1, 99))
        return f"{login}@{self.rng.choice(names.EMAIL_DOMAINS)}"

    # -- stock --------------------------------------------------------------------------

    def make_stock(self) -> None:
        out_of_stock = self.goods[-1].id
        for product in [*self.goods, *self.weighted]:
            for mag in (self.main_mag, self.second_mag):
                roll = self.rng.random()
                if product.weighted:
                    stock = Decimal(str(round(self.rng.uniform(4, 60), 3)))
                elif mag == self.second_mag:
                    stock = Decimal(self.rng.randrange(1, 30) if roll < 0.6 else 0)
                elif product.id == out_of_stock or roll < 0.06:
                    stock = Decimal(0)
                elif roll < 0.25:
                    stock = Decimal(self.rng.randrange(1, 20))
                else:
                    stock = Decimal(self.rng.randrange(20, 240))
                self.db.insert(
                    "tw_Stan",
                    st_TowId=product.id,
                    st_MagId=mag,
                    st_Stan=stock,
                    st_StanMin=Decimal(5) if not product.weighted and mag == self.main_mag else 0,
                )
                self.available[(product.id, mag)] = stock
        self.ex["out_of_stock_product_id"] = out_of_stock

    # -- orders -------------------------------------------------------------------------

    def quantity(self, product: _Product, unit: str | None) -> Decimal:
        if product.weighted:
            return Decimal(self.rng.randrange(150, 2500)) / 1000
        if unit is not None:
            return Decimal(self.rng.choice((1, 1, 1, 2, 3)))
        roll = self.rng.random()
        if roll < 0.6:
            return Decimal(1)
        if roll < 0.9:
            return Decimal(self.rng.randrange(2, 4))
        return Decimal(self.rng.randrange(4, 11))

    def line(self, product: _Product, order: _Order, unit: str | None = None) -> bool:
        """Add a line of ``product`` to ``order`` if the warehouse can cover it (status 7
        reserves, so it must); False when it cannot."""
        if any(item.product_id == product.id for item in order.lines):
            return False
        quantity = self.quantity(product, unit)
        factor = product.pack if unit is not None and product.pack else 1
        key = (product.id, order.warehouse)
        if order.status == 7:
            if self.available[key] < quantity * factor:
                return False
            self.available[key] -= quantity * factor
        order.lines.append(ZkLine(product.id, quantity, unit))
        return True

    def force_line(
        self, product: _Product, order: _Order, quantity: Decimal, unit: str | None = None
    ) -> None:
        """Add a line that must be there; stock is raised first if a reservation needs it."""
        factor = product.pack if unit is not None and product.pack else 1
        key = (product.id, order.warehouse)
        needed = quantity * factor
        if order.status == 7:
            if self.available[key] < needed:
                raise_by = needed - self.available[key] + 10
                self.db.connection.execute(
                    "UPDATE tw_Stan SET st_Stan = st_Stan + ? WHERE st_TowId = ? AND st_MagId = ?",
                    (float(raise_by), product.id, order.warehouse),
                )
                self.available[key] += raise_by
            self.available[key] -= needed
        order.lines.append(ZkLine(product.id, quantity, unit))

    def fill(self, order: _Order, count: int) -> None:
        pool = [*self.goods, *self.goods, *self.weighted]
        attempts = 0
        while len(order.lines) < count and attempts < 500:
            attempts += 1
            product = self.rng.choice(pool)
            in_packs = product.pack_unit if self.rng.random() < 0.3 else None
            self.line(product, order, in_packs)

    def new_order(self, customer: _Customer, status: int | None = None) -> _Order:
        roll = self.rng.random()
        chosen = status if status is not None else (7 if roll < 0.6 else 6 if roll < 0.8 else 5)
        return _Order(customer=customer, status=chosen, warehouse=self.main_mag)

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=1))

    def as_allegro(self, order: _Order, *, in_remarks: bool = True) -> None:
        order.category = self.categories["allegro"]
        order.payment = self.forms["cod"] if self.rng.random() < 0.2 else self.forms["p24"]
        checkout = self.uuid()
        login = order.customer.login or self.rng.choice(names.ALLEGRO_LOGINS)
        if in_remarks:
            allegro = f"Allegro: {checkout} ; Klient: {login}"
            order.remarks = f"{allegro} ; {order.remarks}" if order.remarks else allegro
        else:
            order.allegro_id = checkout
            if self.rng.random() < 0.5:
                order.original_number = f"B_{self.rng.randrange(10_000_000, 99_999_999)}"

    def as_shop(self, order: _Order) -> None:
        self.shop_number += self.rng.randrange(1, 7)
        order.category = self.categories["shop"]
        order.payment = self.rng.choice(
            (self.forms["transfer"], self.forms["p24"], self.forms["cod"], self.forms["card"])
        )
        order.original_number = f"SKLEP-{self.today.year}-{self.shop_number:06d}"
        order.title = f"Zamówienie nr {self.shop_number} ze sklepu internetowego"

    def delivery_for(self, customer: _Customer) -> Address:
        other = self.address(customer.name, customer.full_name)
        return Address(
            name=customer.name if self.rng.random() < 0.7 else self.rng.choice(names.COMPANIES)[0],
            full_name=customer.full_name,
            street=other.street,
            house_number=other.house_number,
            flat_number=other.flat_number,
            postcode=other.postcode,
            city=other.city,
            country_id=POLAND_ID,
            phone=self.phone()[0],
        )

    def scenarios(self) -> list[tuple[str, Callable[[], _Order]]]:
        companies, persons = self.companies, self.persons
        product = {p.id: p for p in [*self.goods, *self.weighted, *self.services]}
        pack6 = product[int(str(self.ex["pack6_product_id"]))]
        pack12 = product[int(str(self.ex["pack12_product_id"]))]
        extra = product[int(str(self.ex["extra_barcode_product_id"]))]

        def pack_line() -> _Order:
            order = self.new_order(companies[0], 7)
            self.as_shop(order)
            order.remarks = "Proszę o fakturę."
            self.force_line(pack6, order, Decimal(2), pack6.pack_unit)
            self.fill(order, 3)
            order.delivery = self.delivery_for(companies[0])
            return order

        def carton_line() -> _Order:
            order = self.new_order(companies[4], 6)
            order.category = self.categories["wholesale"]
            order.payment = self.forms["transfer14"]
            self.force_line(pack12, order, Decimal(2), pack12.pack_unit)
            self.fill(order, 2)
            return order

        def extra_barcode_line() -> _Order:
            order = self.new_order(persons[2], 6)
            self.as_shop(order)
            self.force_line(extra, order, Decimal(2))
            self.fill(order, 2)
            return order

        def weighted_line() -> _Order:
            order = self.new_order(persons[0], 7)
            self.as_shop(order)
            order.remarks = "paragon"
            self.force_line(self.weighted[0], order, Decimal("0.475"))
            self.fill(order, 3)
            return order

        def service_line() -> _Order:
            order = self.new_order(persons[3], 7)
            self.as_shop(order)
            order.remarks = self.rng.choice(names.PLAIN_REMARKS)
            self.fill(order, 2)
            order.lines.append(ZkLine(self.service(names.GIFT_WRAP_SERVICE).id, Decimal(1)))
            return order

        def one_off() -> _Order:
            order = self.new_order(persons[4], 6)
            self.as_shop(order)
            self.fill(order, 2)
            order.lines.append(
                ZkLine(None, Decimal(1), None, Decimal("15.00"), names.ONE_OFF_SERVICE)
            )
            return order

        def uuid_in_remarks() -> _Order:
            order = self.new_order(persons[5], 5)
            self.as_allegro(order, in_remarks=True)
            self.fill(order, 2)
            return order

        def uuid_in_field() -> _Order:
            order = self.new_order(companies[1], 7)
            self.as_allegro(order, in_remarks=False)
            order.remarks = "faktura"
            self.fill(order, 2)
            return order

        def shop_number() -> _Order:
            order = self.new_order(companies[2], 7)
            self.as_shop(order)
            self.fill(order, 3)
            return order

        def spaced_nip() -> _Order:
            order = self.new_order(companies[3], 6)
            self.as_shop(order)
            order.remarks = "Faktura na firmę"
            self.fill(order, 2)
            return order

        def zam_main() -> _Order:
            order = self.new_order(persons[6], 7)
            order.prefix = "ZAM"
            self.as_shop(order)
            self.fill(order, 2)
            return order

        def zam_second() -> _Order:
            order = self.new_order(persons[7], 6)
            order.prefix = "ZAM"
            order.warehouse = self.second_mag
            order.category = self.categories["retail"]
            order.payment = self.forms["cash"]
            self.fill(order, 2)
            return order

        def second_warehouse() -> _Order:
            order = self.new_order(persons[8], 7)
            order.warehouse = self.second_mag
            order.category = self.categories["retail"]
            order.payment = self.forms["card"]
            order.remarks = names.PLAIN_REMARKS[0]
            self.fill(order, 2)
            return order

        def moved() -> _Order:
            customer = persons[1]
            order = self.new_order(customer, 7)
            self.as_allegro(order)
            order.billing = self.address(customer.name, customer.full_name)
            self.fill(order, 2)
            return order

        def foreign() -> _Order:
            customer = persons[9]
            order = self.new_order(customer, 7)
            self.as_shop(order)
            order.delivery = Address(
                name=customer.name,
                street="Große Scharrnstraße",
                house_number="12",
                postcode="15230",
                city="Frankfurt (Oder)",
                country_id=GERMANY_ID,
                phone="+49 335 123456",
            )
            self.fill(order, 2)
            return order

        def remark(text: str, customer: _Customer) -> Callable[[], _Order]:
            def make() -> _Order:
                order = self.new_order(customer)
                self.as_shop(order)
                order.remarks = text
                self.fill(order, self.rng.randrange(1, 4))
                return order

            return make

        def flagged() -> _Order:
            order = self.new_order(self.rng.choice(persons), 7)
            self.as_allegro(order)
            order.flag = (self.flags[0], names.FLAG_COMMENTS[0])
            self.fill(order, 2)
            return order

        def shortage() -> _Order:
            order = self.new_order(self.rng.choice(persons), 6)
            self.as_shop(order)
            scarce = min(self.goods, key=lambda p: (self.available[(p.id, self.main_mag)], p.id))
            needed = self.available[(scarce.id, self.main_mag)] + 3
            order.lines.append(ZkLine(scarce.id, needed))
            self.fill(order, 2)
            return order

        def many_lines() -> _Order:
            order = self.new_order(companies[5], 5)
            order.category = self.categories["wholesale"]
            order.payment = self.forms["transfer14"]
            order.remarks = "Faktura, proszę wysłać całość jedną paczką."
            self.fill(order, 12)
            return order

        def cash_on_delivery() -> _Order:
            order = self.new_order(self.rng.choice(persons), 7)
            self.as_shop(order)
            order.payment = self.forms["cod"]
            self.fill(order, 2)
            return order

        def plain() -> _Order:
            order = self.new_order(persons[0], 6)
            self.as_shop(order)
            self.fill(order, 1)
            return order

        return [
            ("zk_pack_line", pack_line),
            ("zk_carton_line", carton_line),
            ("zk_extra_barcode_line", extra_barcode_line),
            ("zk_weighted_line", weighted_line),
            ("zk_service_line", service_line),
            ("zk_one_off_service", one_off),
            ("zk_uuid_in_remarks", uuid_in_remarks),
            ("zk_uuid_in_custom_field", uuid_in_field),
            ("zk_shop_number", shop_number),
            ("zk_spaced_nip", spaced_nip),
            ("zam_main", zam_main),
            ("zam_second", zam_second),
            ("zk_plain_remark", second_warehouse),
            ("zk_moved_customer", moved),
            ("zk_foreign_delivery", foreign),
            ("zk_remark_invoice", remark("faktura", self.rng.choice(companies))),
            ("zk_remark_invoice_upper", remark("PROSZĘ O FAKTURĘ VAT", companies[6])),
            ("zk_remark_receipt", remark("Paragon proszę", self.rng.choice(persons))),
            ("zk_remark_wz", remark("WZ", companies[7])),
            ("zk_remark_tricky", remark(names.TRICKY_REMARK, self.rng.choice(persons))),
            ("zk_flagged", flagged),
            ("zk_shortage", shortage),
            ("zk_many_lines", many_lines),
            ("zk_cash_on_delivery", cash_on_delivery),
            ("zk_no_delivery_address", plain),
        ]

    def random_order(self) -> _Order:
        company = self.rng.random() < 0.35
        customer = self.rng.choice(self.companies if company else self.persons)
        order = self.new_order(customer)
        channel = self.rng.random()
        if not company and channel < 0.15:
            order.warehouse = self.second_mag
            order.category = self.categories["retail"]
            order.payment = self.rng.choice((self.forms["cash"], self.forms["card"]))
        elif company and channel < 0.25:
            order.category = self.categories["wholesale"]
            order.payment = self.forms["transfer14"]
        elif channel < 0.55:
            self.as_allegro(order, in_remarks=self.rng.random() < 0.7)
        else:
            self.as_shop(order)
        roll = self.rng.random()
        if roll < 0.2:
            extra = self.rng.choice(names.PLAIN_REMARKS)
        elif roll < 0.3:
            extra = self.rng.choice(names.INVOICE_REMARKS)
        elif roll < 0.37:
            extra = self.rng.choice(names.RECEIPT_REMARKS)
        elif roll < 0.4:
            extra = self.rng.choice(names.WZ_REMARKS)
        else:
            extra = ""
        if extra:
            order.remarks = f"{order.remarks} ; {extra}" if order.remarks else extra
        if self.rng.random() < 0.45:
            order.delivery = self.delivery_for(customer)
        if self.rng.random() < 0.05:
            order.billing = self.address(customer.name, customer.full_name, customer.nip)
        if self.rng.random() < 0.1:
            index = self.rng.randrange(len(self.flags))
            order.flag = (self.flags[index], names.FLAG_COMMENTS[index])
        count = self.rng.choice((1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 6, 8, 10, 12))
        self.fill(order, count)
        if not order.lines:
            order.status = 6
            self.fill(order, 1)
        return order

    def make_open_orders(self) -> None:
        scenarios = self.scenarios()
        assert len(scenarios) <= MIN_ORDERS <= self.n_orders
        moments = sorted(self.at(self.rng.randrange(0, 8)) for _ in range(self.n_orders))
        moments = [min(m, datetime.combine(self.today, time(23, 59))) for m in moments]
        plan: list[tuple[str, _Order]] = []
        for index in range(self.n_orders):
            if index < len(scenarios):
                key, make = scenarios[index]
                plan.append((key, make()))
            else:
                plan.append(("", self.random_order()))
        order_of = self.rng.sample(range(self.n_orders), self.n_orders)
        dated = sorted(zip(order_of, plan, strict=True), key=lambda pair: pair[0])
        other_prefix: list[int] = []
        second: list[int] = []
        by_status: dict[int, int] = {}
        issued_at: dict[int, datetime] = {}
        for position, (key, order) in dated:
            zk_id = self.db.add_open_zk(
                order.customer.id,
                order.lines,
                warehouse_id=order.warehouse,
                status=order.status,
                prefix=order.prefix,
                issued=moments[position],
                remarks=order.remarks,
                original_number=order.original_number,
                title=order.title,
                category_id=order.category,
                payment_form_id=order.payment,
                delivery=order.delivery,
                billing=order.billing,
                allegro_checkout_id=order.allegro_id,
                issued_by="Sello" if order.category == self.categories["allegro"] else "Szef",
            )
            self.open_zk_ids.append(zk_id)
            issued_at[zk_id] = moments[position]
            if order.flag is not None:
                self.db.set_flag(
                    ZK_OBJECT_TYPE, zk_id, order.flag[0], order.flag[1], moments[position]
                )
            if order.prefix != "ZK":
                other_prefix.append(zk_id)
            if order.warehouse == self.second_mag:
                second.append(zk_id)
            by_status.setdefault(order.status, zk_id)
            if key.startswith("zk_"):
                self.ex[key] = zk_id
            if key == "zk_pack_line":
                self.ex["zk_delivery_address"] = zk_id
        self.ex.update(
            zk_other_prefix=tuple(sorted(other_prefix)),
            zk_second_warehouse=tuple(sorted(second)),
            zk_status5=by_status[5],
            zk_status6=by_status[6],
            zk_status7=by_status[7],
        )
        self.due_dates(issued_at)

    def due_dates(self, issued_at: dict[int, datetime]) -> None:
        """Give the open ZKs the due dates of a shop that keeps up with its orders: about
        one in fourteen overdue (a day or two ago, never before it was issued), one in
        eight due today, the rest due in the next one to five days — so the scanner's queue
        shows a few orders that need attention among many that do not.  Drawn last, after
        everything else, so the rest of the data does not change with it."""
        for zk_id in sorted(issued_at):
            issued = issued_at[zk_id].date()
            draw = self.rng.random()
            if draw < 0.07 and issued < self.today - timedelta(days=1):
                due = max(issued + timedelta(days=1), self.today - timedelta(days=2))
            elif draw < 0.2:
                due = self.today
            else:
                due = self.today + timedelta(days=self.rng.choice((1, 1, 2, 2, 3, 4, 5)))
            self.db.update(
                "dok__Dokument",
                {"dok_Id": zk_id},
                dok_TerminRealizacji=datetime.combine(due, time(0, 0)),
            )

    # -- history: realized orders and other documents -----------------------------------

    def priced(self, customer_lines: list[ZkLine]) -> list[PricedLine]:
        return [self.db.price_line(line) for line in customer_lines]

    def history_lines(self, count: int) -> list[ZkLine]:
        products = self.rng.sample(self.goods, count)
        return [ZkLine(p.id, self.quantity(p, None)) for p in products]

    def realize(self, customer: _Customer, days_ago: int, final: str) -> tuple[int, int]:
        """A ZK from ``days_ago`` realized into ``final`` (FS, PAi or WZ)."""
        when = self.at(days_ago)
        zk_id = self.db.add_open_zk(
            customer.id,
            self.history_lines(self.rng.randrange(1, 4)),
            status=6,
            issued=when,
            remarks="faktura" if final == "FS" else "",
            category_id=self.categories["shop"],
            payment_form_id=self.forms["p24"],
        )
        done = self.at(days_ago - 1, self.rng.randrange(8, 17))
        zk_lines = self.db.select("dok_Pozycja", {"ob_DokHanId": zk_id})
        lines = self.priced(
            [ZkLine(int(row["ob_TowId"]), as_decimal(row["ob_Ilosc"])) for row in zk_lines]
        )
        payer = self.db.snapshot_address(self.main_address(customer), None, done)

        def issue(
            doc_type: int,
            prefix: str,
            subtype: int = 0,
            monthly: bool = False,
            sources: list[int] | None = None,
        ) -> int:
            return self.db.add_document(
                doc_type,
                lines,
                warehouse_id=self.main_mag,
                status=1,
                issued=done,
                number_prefix=prefix,
                subtype=subtype,
                monthly_numbering=monthly,
                customer_id=customer.id,
                payer_snapshot_id=payer,
                based_on_id=zk_id,
                category_id=self.categories["shop"],
                payment_form_id=self.forms["p24"],
                warehouse_lines=sources is not None,
                source_line_ids=sources,
            )

        if final == "FS":
            final_id = issue(FS_TYPE, "FS", monthly=True)
        elif final == "PAi":
            final_id = issue(PA_TYPE, "PAi", subtype=2)
            self.db.update("dok__Dokument", {"dok_Id": final_id}, dok_StatusFiskal=1)
        else:
            final_id = issue(WZ_TYPE, "WZ", subtype=1, sources=[int(r["ob_Id"]) for r in zk_lines])
        self.db.update("dok__Dokument", {"dok_Id": zk_id}, dok_Status=8, dok_StatusEx=4)
        return zk_id, final_id

    def main_address(self, customer: _Customer) -> int:
        row = self.db.select_one("adr__Ewid", {"adr_IdObiektu": customer.id, "adr_TypAdresu": 1})
        return int(row["adr_Id"])

    def make_history(self) -> None:
        realized: dict[str, tuple[int, int]] = {}
        plan = [
            ("FS", self.companies[0]),
            ("PAi", self.persons[0]),
            ("WZ", self.companies[2]),
            ("FS", self.companies[1]),
            ("PAi", self.persons[3]),
            ("FS", self.companies[5]),
        ]
        days = sorted((self.rng.randrange(10, 40) for _ in plan), reverse=True)
        for (final, customer), days_ago in zip(plan, days, strict=True):
            pair = self.realize(customer, days_ago, final)
            realized.setdefault(final, pair)
        standalone = self.db.add_document(
            FS_TYPE,
            self.priced(self.history_lines(3)),
            warehouse_id=self.main_mag,
            status=1,
            issued=self.at(9),
            number_prefix="FS",
            monthly_numbering=True,
            customer_id=self.companies[6].id,
            payer_snapshot_id=self.db.snapshot_address(
                self.main_address(self.companies[6]), None, self.at(9)
            ),
            category_id=self.categories["wholesale"],
            payment_form_id=self.forms["transfer14"],
        )
        receipts = [
            self.db.add_document(
                PA_TYPE,
                self.priced(self.history_lines(self.rng.randrange(1, 3))),
                warehouse_id=self.second_mag,
                status=1,
                issued=self.at(days_ago),
                number_prefix="PA",
                category_id=self.categories["retail"],
                payment_form_id=self.forms["cash"],
            )
            for days_ago in (9, 8)
        ]
        for receipt in receipts:
            self.db.update("dok__Dokument", {"dok_Id": receipt}, dok_StatusFiskal=1)
        supplier_orders = []
        for status, supplier in ((5, self.suppliers[0]), (7, self.suppliers[1])):
            when = self.at(self.rng.randrange(2, 6))
            supplier_orders.append(
                self.db.add_document(
                    ZD_TYPE,
                    self.priced(self.history_lines(3)),
                    warehouse_id=self.main_mag,
                    status=status,
                    issued=when,
                    number_prefix="ZD",
                    customer_id=supplier.id,
                    payer_snapshot_id=self.db.snapshot_address(
                        self.main_address(supplier), None, when
                    ),
                    remarks="Dostawa na magazyn główny, rampa od ul. Źródłowej.",
                    payment_form_id=self.forms["transfer14"],
                )
            )
        self.ex.update(
            realized_zk_to_fs=realized["FS"][0],
            fs_from_zk=realized["FS"][1],
            realized_zk_to_pai=realized["PAi"][0],
            pai_from_zk=realized["PAi"][1],
            realized_zk_to_wz=realized["WZ"][0],
            wz_from_zk=realized["WZ"][1],
            standalone_fs=standalone,
            receipt=receipts[0],
            supplier_order_status5=supplier_orders[0],
            supplier_order_status7=supplier_orders[1],
        )


_ASCII = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


def _ascii(text: str) -> str:
    return "".join(ch for ch in text.translate(_ASCII) if ch.isalnum())

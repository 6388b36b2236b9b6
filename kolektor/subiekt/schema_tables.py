"""Column data of the Subiekt GT tables in :mod:`kolektor.subiekt.schema` (data only).

Every table is a :class:`TableSpec`: its exact name, what it is for, its columns as a small
text table and its keys.  A column line reads::

    name   sql_type   [NULL]   [DEFAULT literal]   [-- note]

A column is ``NOT NULL`` unless the line says ``NULL``.  ``DEFAULT`` is written only where
the database declares one (``HasDefaultValue`` in the scaffold).  Columns are listed in the
order of the scaffold's model classes (the database's column order); nullable columns that
Kolektor or a simulator has no use for are left out, every ``NOT NULL`` column is kept.

Source of every name, type, length, nullability, default, key and index: the EF Core
scaffold of a recent Subiekt GT database (with KSeF columns) in ``bsdnetpl/SubiektGTModels``
— ``SubiektGTModels/Models/TestowyContext.cs`` and the model classes (``DokDokument.cs``,
``KhKontrahent.cs``…); nullability cross-checked with the ``INFORMATION_SCHEMA`` scan in
``Wilendar/PPM-CC-Laravel`` (``_DOCS/SUBIEKT_GT_DATABASE_SCHEMA.md``, 2026), which shows that
newer versions add a few more ``NOT NULL`` columns (``kh_RolaOdbiorcyKSeF``,
``kh_SKPodmiotReprezentujacy``, ``tw_ObjetySysKaucyjnym``…) that are not modelled here.

An EF scaffold omits a default that equals the CLR default of a non-nullable property (0,
false): such columns are declared here ``NOT NULL`` without a default, the strict reading — an
``INSERT`` must name them, as Subiekt's own ``INSERT`` statements name every column.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TableSpec:
    name: str
    doc: str
    columns: str
    primary_key: tuple[str, ...]
    indexes: tuple[tuple[str, tuple[str, ...], bool], ...] = ()
    """``(index name, columns, unique)`` as in the real database."""


def _numbered(template: str, count: int = 10) -> str:
    """Lines ``template.format(n=01..count)`` — for ``pwd_Tekst01..10`` and the like."""
    return "\n".join(template.format(n=f"{n:02d}") for n in range(1, count + 1))


def _plain(template: str, numbers: range) -> str:
    return "\n".join(template.format(n=n) for n in numbers)


DOK__DOKUMENT = TableSpec(
    name="dok__Dokument",
    doc="""One row per document of every kind (two underscores in the name).

    ``dok_Typ`` says the kind: 16 ZK (order from a customer), 15 ZD (order to a supplier),
    2 FS (VAT invoice), 21 PA (receipt; ``dok_Podtyp`` 2 = PAi, named receipt), 11 WZ
    (goods issue), 6 KFS… An order is open while ``dok_Status`` is 5, 6 or 7 (7 = stock
    reserved) and realized at 8, with bit 4 of ``dok_StatusEx``.  A document made "na
    podstawie" another one points at it with ``dok_DoDokId``.  The buyer is
    ``dok_PlatnikId`` (kontrahent) with the address snapshot ``dok_PlatnikAdreshId``
    (``adr_Historia``); the delivery address is ``dok_AdresDostawyAdreshId``.
    ``dok_NrPelny`` is the rendered number (prefix configurable, not unique);
    ``dok_NrPelnyOryg`` the external number (30 characters).""",
    columns="""
    dok_Id                          int
    dok_Typ                         int
    dok_Podtyp                      int
    dok_MagId                       int             NULL
    dok_Nr                          int             NULL
    dok_NrRoz                       char(3)         NULL DEFAULT ''
    dok_NrPelny                     varchar(30)     DEFAULT ''
    dok_NrPelnyOryg                 varchar(30)     DEFAULT ''
    dok_DoDokId                     int             NULL
    dok_DoDokNrPelny                varchar(30)     DEFAULT ''
    dok_DoDokDataWyst               datetime        NULL
    dok_MscWyst                     varchar(40)     DEFAULT ''
    dok_DataWyst                    datetime
    dok_DataMag                     datetime
    dok_DataOtrzym                  datetime        NULL
    dok_PlatnikId                   int             NULL
    dok_PlatnikAdreshId             int             NULL
    dok_OdbiorcaId                  int             NULL
    dok_OdbiorcaAdreshId            int             NULL
    dok_PlatId                      int             NULL   -- sl_FormaPlatnosci.fp_Id (no FK)
    dok_PlatTermin                  datetime        NULL
    dok_Wystawil                    varchar(40)     DEFAULT ''
    dok_Odebral                     varchar(40)     DEFAULT ''
    dok_PersonelId                  int             NULL
    dok_CenyPoziom                  int             NULL
    dok_CenyTyp                     int             NULL
    dok_CenyKurs                    money           NULL
    dok_CenyNarzut                  money
    dok_RabatProc                   money
    dok_WartUsNetto                 money
    dok_WartUsBrutto                money
    dok_WartTwNetto                 money
    dok_WartTwBrutto                money
    dok_WartOpZwr                   money
    dok_WartOpWyd                   money
    dok_WartMag                     money
    dok_WartMagP                    money
    dok_WartMagR                    money
    dok_WartNetto                   money
    dok_WartVat                     money
    dok_WartBrutto                  money
    dok_KwWartosc                   money           NULL DEFAULT 0
    dok_KwGotowka                   money           NULL
    dok_KwKarta                     money           NULL
    dok_KwDoZaplaty                 money           NULL
    dok_KwKredyt                    money           NULL
    dok_KwReszta                    money           NULL
    dok_Waluta                      char(3)         NULL
    dok_WalutaKurs                  money           DEFAULT 1
    dok_Uwagi                       varchar(500)    DEFAULT ''
    dok_KatId                       int             NULL
    dok_Tytul                       varchar(50)     DEFAULT ''
    dok_Podtytul                    varchar(50)     DEFAULT ''
    dok_Status                      int
    dok_StatusKsieg                 int
    dok_StatusFiskal                int
    dok_StatusBlok                  bit
    dok_JestTylkoDoOdczytu          bit
    dok_JestRuchMag                 bit
    dok_JestZmianaDatyDokKas        bit             DEFAULT 1
    dok_JestHOP                     bit
    dok_JestVatNaEksport            bit
    dok_JestVatAuto                 bit
    dok_Algorytm                    int
    dok_KartaId                     int             NULL
    dok_KredytId                    int             NULL
    dok_RodzajOperacjiVat           int
    dok_StatusEx                    int             NULL DEFAULT 0
    dok_ObiektGT                    int             NULL
    dok_Rozliczony                  bit
    dok_RejId                       int             NULL
    dok_TerminRealizacji            datetime        NULL
    dok_WalutaLiczbaJednostek       int             DEFAULT 1
    dok_CenyLiczbaJednostek         int             DEFAULT 1
    dok_KwPrzelew                   money           NULL
    dok_DefiniowalnyId              int             NULL
    dok_TransakcjaId                int             NULL
    dok_TransakcjaSymbol            varchar(30)     NULL
    dok_TransakcjaData              datetime        NULL
    dok_NaliczajFundusze            bit
    dok_PrzetworzonoZKwZD           bit             NULL
    dok_ProceduraMarzy              int
    dok_FakturaUproszczona          bit
    dok_DataZakonczenia             datetime        NULL
    dok_MetodaKasowa                bit
    dok_TypNrIdentNabywcy           int
    dok_NrIdentNabywcy              varchar(20)     NULL
    dok_AdresDostawyId              int             NULL
    dok_AdresDostawyAdreshId        int             NULL
    dok_VenderoId                   int             NULL
    dok_VenderoSymbol               varchar(30)     NULL
    dok_VenderoData                 datetime        NULL
    dok_SelloId                     int             NULL
    dok_SelloSymbol                 varchar(100)    NULL
    dok_SelloData                   datetime        NULL
    dok_UwagiExt                    varchar(3500)   DEFAULT ''
    dok_DokumentFiskalnyDlaPodatnikaVat bit
    dok_CesjaPlatnikOdbiorca        bit
    dok_WartOplRecykl               money
    dok_SzybkaPlatnosc              bit
    dok_MechanizmPodzielonejPlatnosci bit
    dok_IdPanstwaKonsumenta         int             NULL
    dok_ZnacznikiGTUNaPozycji       bit
    dok_NumerKSeF                   varchar(64)     NULL
    dok_DataNumeruKSeF              datetime        NULL
    dok_DodatkoweInfoRodzajuTransportu varchar(350) DEFAULT ''
    dok_CzasWysylkiTransportu       varchar(8)      DEFAULT ''
    dok_CzasPrzewozuTransportu      varchar(3)      DEFAULT ''
    dok_StatusKSeF                  int
    dok_KorektaDanychNabywcy        bit
    dok_FormaDokumentowania         int
    dok_CzekaNaKSeF                 bit
    dok_VatRozliczanyPrzezUslugobiorce bit
    dok_PodlegaOplSpec              bit             DEFAULT 1
    """,
    primary_key=("dok_Id",),
    indexes=(
        ("IX_dok__Dokument", ("dok_DoDokId", "dok_Typ", "dok_Podtyp"), False),
        ("IX_dok__Dokument_1", ("dok_DataWyst",), False),
        (
            "IX_dok__Dokument_2",
            ("dok_Typ", "dok_MagId", "dok_Nr", "dok_NrRoz", "dok_DataWyst"),
            False,
        ),
        ("IX_dok__Dokument_3", ("dok_DataOtrzym",), False),
        (
            "IX_dok__Dokument_4",
            ("dok_Typ", "dok_Podtyp", "dok_NrPelnyOryg", "dok_PlatnikId"),
            False,
        ),
        (
            "IX_dok__Dokument_5",
            ("dok_Id", "dok_NrPelny", "dok_DoDokNrPelny", "dok_OdbiorcaAdreshId"),
            False,
        ),
        ("IX_dok__Dokument_6", ("dok_Status", "dok_Id"), False),
        ("IX_dok__Dokument_7", ("dok_Typ", "dok_Id"), False),
        ("IX_dok__Dokument_8", ("dok_PlatnikId", "dok_Id", "dok_OdbiorcaId"), False),
    ),
)

DOK_POZYCJA = TableSpec(
    name="dok_Pozycja",
    doc="""Lines of all documents.

    ``ob_DokHanId`` is the commercial document (ZK, FS, PA…), ``ob_DokMagId`` the warehouse
    document (WZ, PZ, MM); an FS line and its automatic WZ share one row.  ``ob_Ilosc`` is
    in the line's unit ``ob_Jm`` (e.g. ``opak.``), ``ob_IloscMag`` in the product's base
    unit.  ``ob_TowId`` is NULL for one-off service lines, whose name is ``ob_Opis``.
    ``ob_DoId`` points at a source line (WZ line ← ZK line).  The line values
    ``ob_WartNetto/Vat/Brutto`` are what the buyer pays.""",
    columns="""
    ob_Id                           int
    ob_DoId                         int             NULL
    ob_Znak                         smallint        DEFAULT 1
    ob_Status                       int             NULL
    ob_DokHanId                     int             NULL
    ob_DokMagId                     int             NULL
    ob_TowId                        int             NULL
    ob_TowRodzaj                    int             DEFAULT 1
    ob_Opis                         varchar(255)    NULL
    ob_DokHanLp                     int             NULL
    ob_DokMagLp                     int             NULL
    ob_Ilosc                        money
    ob_IloscMag                     money
    ob_Jm                           varchar(10)     NULL
    ob_CenaMag                      money
    ob_CenaWaluta                   money
    ob_CenaNetto                    money
    ob_CenaBrutto                   money
    ob_Rabat                        money
    ob_WartMag                      money
    ob_WartNetto                    money
    ob_WartVat                      money
    ob_WartBrutto                   money
    ob_VatId                        int             NULL
    ob_VatProc                      money
    ob_Termin                       datetime        NULL
    ob_MagId                        int             NULL
    ob_NumerSeryjny                 varchar(40)     NULL DEFAULT ''
    ob_KategoriaId                  int             NULL
    ob_PrzyczynaKorektyId           int             NULL
    ob_TowPkwiu                     varchar(20)     NULL DEFAULT ''
    ob_TowKodCN                     varchar(10)     NULL
    ob_SyncId                       varchar(255)    NULL
    ob_OznaczenieGTU                int             NULL
    ob_KsefUUID                     varchar(50)     NULL
    ob_WegielOpisPochodzenia        varchar(255)    DEFAULT ''
    ob_WegielDataWprowadzeniaLubNabycia varchar(255) DEFAULT ''
    """,
    primary_key=("ob_Id",),
    indexes=(
        ("IX_dok_Pozycja", ("ob_DokHanId",), False),
        ("IX_dok_Pozycja_1", ("ob_DokMagId",), False),
        ("IX_dok_Pozycja_2", ("ob_DoId",), False),
        ("IX_dok_Pozycja_3", ("ob_TowId",), False),
        ("IX_dok_Pozycja_6", ("ob_TowId", "ob_DokHanId", "ob_Id", "ob_DoId"), False),
    ),
)

DOK_VAT = TableSpec(
    name="dok_Vat",
    doc="""Per-document VAT summary: one row per VAT rate used on the document.""",
    columns="""
    vt_Id                           int
    vt_DokId                        int
    vt_VatId                        int
    vt_VatProc                      money
    vt_WartNetto                    money
    vt_WartVat                      money
    vt_WartBrutto                   money
    """,
    primary_key=("vt_Id",),
    indexes=(("IX_dok_Vat", ("vt_DokId",), False),),
)

KH__KONTRAHENT = TableSpec(
    name="kh__Kontrahent",
    doc="""Customers and suppliers (kontrahenci).

    Name, address and NIP are **not** here: they live in ``adr__Ewid`` (the row with
    ``adr_IdObiektu = kh_Id AND adr_TypAdresu = 1``).  ``kh_Osoba`` = 1 marks a natural
    person (``kh_Imie``/``kh_Nazwisko``); ``kh_Rodzaj`` 0 supplier+customer, 1 supplier,
    2 customer, 3 none.  The scaffold lists 158 columns; the nullable ones Kolektor has no
    use for are left out.""",
    columns="""
    kh_Id                           int
    kh_Symbol                       varchar(20)
    kh_Rodzaj                       int
    kh_REGON                        varchar(20)     DEFAULT ''
    kh_IdOdbiorca                   int             NULL
    kh_Kontakt                      varchar(60)     DEFAULT ''
    kh_PESEL                        varchar(11)     DEFAULT ''
    kh_NrDowodu                     varchar(20)     DEFAULT ''
    kh_OrganWyd                     varchar(255)    DEFAULT ''
    kh_CentrumAut                   bit
    kh_InstKredytowa                bit
    kh_PrefKontakt                  varchar(50)     DEFAULT ''
    kh_WWW                          varchar(255)    DEFAULT ''
    kh_EMail                        varchar(255)    DEFAULT ''
    kh_IdGrupa                      int             NULL
    kh_IdFormaP                     int             NULL
    kh_Cena                         int             NULL
    kh_PlatOdroczone                bit
    kh_OdbDet                       bit
    kh_IdRabat                      int             NULL
    kh_MaxDokKred                   int
    kh_MaxWartDokKred               money           DEFAULT 0
    kh_MaxWartKred                  money           DEFAULT 0
    kh_MaxDniSp                     int
    kh_NrAnalitykaD                 varchar(5)      DEFAULT ''
    kh_NrAnalitykaO                 varchar(5)      DEFAULT ''
    kh_Uwagi                        varchar(255)    DEFAULT ''
    kh_ZgodaDO                      bit
    kh_ZgodaMark                    bit
    kh_ZgodaEMail                   bit
    kh_CzyKomunikat                 bit
    kh_Komunikat                    varchar(255)    DEFAULT ''
    kh_KomunikatZawsze              bit             DEFAULT 1
    kh_Pole1                        varchar(50)     DEFAULT ''
    kh_Pole2                        varchar(50)     DEFAULT ''
    kh_Pole3                        varchar(50)     DEFAULT ''
    kh_Pole4                        varchar(50)     DEFAULT ''
    kh_Pole5                        varchar(50)     DEFAULT ''
    kh_Pole6                        varchar(50)     DEFAULT ''
    kh_Pole7                        varchar(50)     DEFAULT ''
    kh_Pole8                        varchar(50)     DEFAULT ''
    kh_Jednorazowy                  bit
    kh_Pracownik                    varchar(60)     DEFAULT ''
    kh_Zablokowany                  bit
    kh_AdresKoresp                  bit
    kh_UpowaznienieVAT              bit
    kh_ProcKarta                    money
    kh_ProcKredyt                   money
    kh_ProcGotowka                  money
    kh_ProcPozostalo                money
    kh_IdKategoriaKH                int             NULL
    kh_EwVATSpMcOdliczenia          int
    kh_EwVATZakRodzaj               int             DEFAULT 2
    kh_EwVATZakSposobOdliczenia     int
    kh_EwVATZakMcOdliczenia         int
    kh_TransakcjaVATSp              int
    kh_TransakcjaVATZak             int
    kh_PodVATZarejestrowanyWUE      bit
    kh_OpisOperacji                 varchar(255)    DEFAULT ''
    kh_PlatPrzelew                  bit
    kh_GaduGadu                     varchar(20)     DEFAULT ''
    kh_Skype                        varchar(255)    DEFAULT ''
    kh_Powitanie                    varchar(255)    DEFAULT ''
    kh_AdresDostawy                 bit
    kh_IdOpiekun                    int             NULL
    kh_Imie                         varchar(20)     DEFAULT ''
    kh_Nazwisko                     varchar(51)     DEFAULT ''
    kh_CRM                          bit
    kh_Potencjalny                  bit
    kh_IdDodal                      int             NULL
    kh_IdZmienil                    int             NULL
    kh_DataDodania                  datetime        NULL
    kh_DataZmiany                   datetime        NULL
    kh_ProcPrzelew                  money
    kh_Osoba                        bit
    kh_KRS                          varchar(255)    NULL
    kh_Domena                       varchar(50)     NULL DEFAULT ''
    kh_Akcyza                       int             DEFAULT 1
    kh_EFakturyZgoda                bit
    kh_MetodaKasowa                 bit
    kh_StatusAkcyza                 int
    kh_CzynnyPodatnikVAT            bit
    kh_WzwIdFS                      int
    kh_WzwIdWZ                      int
    kh_WzwIdWZVAT                   int
    kh_WzwIdZK                      int
    kh_WzwIdZKZAL                   int
    kh_ZgodaNewsletterVendero       bit
    kh_KlientSklepuInternetowego    bit
    kh_WzwIdZD                      int
    kh_WzwIdCrmTransakcja           int
    kh_StosujRabatWMultistore       bit
    kh_CelZakupu                    int
    kh_StosujIndywidualnyCennikWSklepieInternetowym bit
    kh_OdbiorcaCesjaPlatnosci       bit
    kh_BrakPPDlaRozrachunkowAuto    bit
    kh_DomyslnaWaluta               char(3)         NULL
    kh_StosujSzybkaPlatnosc         bit             DEFAULT 1
    kh_OstrzezenieTerminPlatnosciPrzekroczony int
    kh_PodatekCukrowyNaliczaj       int
    kh_WzwIdKFS                     int
    kh_KsefDodatkoweInfoPoprzedzEtykietaPola bit
    kh_KsefPoleDodatkoweInformacjeEksportNaPodstSql bit
    kh_VatRozliczanyPrzezUslugobiorce bit
    kh_VatRozliczanyPrzezUslugobiorceFW bit
    kh_ProducentRolny               bit
    kh_NaliczajOplSpec              bit             DEFAULT 1
    """,
    primary_key=("kh_Id",),
)

_ADDRESS_COLUMNS = """
    {p}_Id                          int
    {p}_{owner}                     int
    {first}
    {p}_Nazwa                       varchar(53)     DEFAULT ''
    {p}_NazwaPelna                  varchar(255)    {full_default}
    {p}_Telefon                     varchar(35)     DEFAULT ''
    {p}_Faks                        varchar(35)     DEFAULT ''
    {p}_Ulica                       varchar(60)     DEFAULT ''
    {p}_NrDomu                      varchar(10)     DEFAULT ''
    {p}_NrLokalu                    varchar(10)     DEFAULT ''
    {p}_Adres                       varchar(82)     {adres}
    {p}_Kod                         varchar(8)      DEFAULT ''
    {p}_Miejscowosc                 varchar(40)     DEFAULT ''
    {p}_IdWojewodztwo               int             NULL
    {p}_IdPanstwo                   int             NULL{country_default}
    {p}_NIP                         varchar(20)     DEFAULT ''
    {p}_Poczta                      varchar(40)     DEFAULT ''
    {p}_Gmina                       varchar(40)     DEFAULT ''
    {p}_Powiat                      varchar(40)     DEFAULT ''
    {p}_Skrytka                     varchar(10)     DEFAULT ''
    {p}_Symbol                      varchar(20)     DEFAULT ''
    {p}_IdGminy                     int             NULL
    {p}_IdWersja                    int             NULL
    {p}_IdZmienil                   int             NULL
    {p}_DataZmiany                  datetime        NULL
    {p}_NrUrzeduSkarbowego          varchar(8)      NULL
    {p}_NrEORI                      varchar(17)     DEFAULT ''
"""

ADR__EWID = TableSpec(
    name="adr__Ewid",
    doc="""Current addresses of many kinds of objects, among them the kontrahent's name,
    address and NIP.

    ``adr_IdObiektu`` is the owner's id and ``adr_TypAdresu`` the kind: 1 main address of a
    kontrahent (holds ``adr_Nazwa``, ``adr_NazwaPelna`` and ``adr_NIP``), 2 correspondence,
    11 delivery, 8 own company.  ``(adr_IdObiektu, adr_TypAdresu)`` is unique.
    ``adr_Adres`` is a **computed** column in SQL Server (``adr_Ulica + ' ' + adr_NrDomu``
    and ``'/' + adr_NrLokalu`` when there is a flat number); here it is a plain column that
    the writers fill with the same value.""",
    columns=_ADDRESS_COLUMNS.format(
        p="adr",
        owner="IdObiektu",
        first="adr_TypAdresu                   int",
        full_default="DEFAULT ''",
        adres="-- computed in SQL Server",
        country_default="",
    ),
    primary_key=("adr_Id",),
    indexes=(
        ("IX_adr__Ewid", ("adr_IdObiektu", "adr_TypAdresu"), True),
        ("IX_adr__Ewid_1", ("adr_Id", "adr_NIP"), False),
        ("IX_adr__Ewid_Miejscowosc", ("adr_Miejscowosc",), False),
        ("IX_adr__Ewid_Podmiot", ("adr_TypAdresu",), False),
    ),
)

ADR_HISTORIA = TableSpec(
    name="adr_Historia",
    doc="""Address snapshots: the buyer, recipient or delivery address as printed on a
    document, frozen when the document was issued (``dok_PlatnikAdreshId``,
    ``dok_OdbiorcaAdreshId``, ``dok_AdresDostawyAdreshId``).  It may differ from the
    kontrahent's current ``adr__Ewid`` row (the customer moved).  ``adrh_IdAdresu`` is the
    ``adr__Ewid`` row the snapshot was taken from.""",
    columns=_ADDRESS_COLUMNS.format(
        p="adrh",
        owner="IdAdresu",
        first="",
        full_default="",
        adres="DEFAULT ''",
        country_default=" DEFAULT 1",
    ),
    primary_key=("adrh_Id",),
    indexes=(("IX_adr_Historia", ("adrh_IdAdresu", "adrh_Id"), False),),
)

ADR_EMAIL = TableSpec(
    name="adr_Email",
    doc="""E-mail addresses of an address (``am_IdAdres`` → ``adr__Ewid.adr_Id``);
    ``am_Podstawowy`` marks the main one.  Besides these, a kontrahent may have
    ``kh__Kontrahent.kh_EMail``.""",
    columns="""
    am_Id                           int
    am_IdAdres                      int
    am_Email                        varchar(100)    DEFAULT ''
    am_Rodzaj                       int             DEFAULT 1
    am_Podstawowy                   bit
    """,
    primary_key=("am_Id",),
)

TEL__EWID = TableSpec(
    name="tel__Ewid",
    doc="""Phone numbers of an address (``tel_IdAdresu`` → ``adr__Ewid.adr_Id``);
    ``tel_Podstawowy`` marks the main one, ``tel_SMS`` a mobile that takes text messages.""",
    columns="""
    tel_Id                          int
    tel_IdAdresu                    int
    tel_Faks                        bit
    tel_Rodzaj                      int             DEFAULT 1
    tel_Nazwa                       varchar(50)     DEFAULT ''
    tel_Numer                       varchar(35)
    tel_Podstawowy                  bit
    tel_SMS                         bit
    """,
    primary_key=("tel_Id",),
    indexes=(("IX_tel__Ewid", ("tel_IdAdresu",), False),),
)

KH_ADRESY_DOSTAWY = TableSpec(
    name="kh_AdresyDostawy",
    doc="""A kontrahent's saved delivery addresses: links the kontrahent
    (``adk_IdKhnt``) to an address snapshot (``adk_IdAdresuHist`` → ``adr_Historia``).""",
    columns="""
    adk_Id                          int
    adk_IdKhnt                      int
    adk_IdAdresuHist                int
    """,
    primary_key=("adk_Id",),
)

TW__TOWAR = TableSpec(
    name="tw__Towar",
    doc="""Products (towary) and services.

    ``tw_Rodzaj``: 1 towar (goods), 2 usługa (service), 4 opakowanie, 8 komplet, 16 opłata.
    ``tw_PodstKodKresk`` is the primary barcode, further barcodes are in ``tw_KodKreskowy``;
    ``tw_JednMiary`` the base unit (alternative units in ``tw_JednMiary`` the table).
    ``tw_Pole1..8`` are free text fields (shops often keep the bin location in one of them).
    There is no ``tw_Aktywny``/``tw_EAN``/``tw_Lokalizacja`` column.""",
    columns="""
    tw_Id                           int
    tw_Zablokowany                  bit
    tw_Rodzaj                       int             DEFAULT 1
    tw_Symbol                       varchar(20)     DEFAULT ''
    tw_Nazwa                        varchar(50)     DEFAULT ''
    tw_Opis                         varchar(255)    DEFAULT ''
    tw_IdVatSp                      int             NULL
    tw_IdVatZak                     int             NULL
    tw_JakPrzySp                    bit             DEFAULT 1
    tw_JednMiary                    varchar(10)     DEFAULT ''
    tw_PKWiU                        varchar(20)     DEFAULT ''
    tw_SWW                          varchar(20)     DEFAULT ''
    tw_IdRabat                      int             NULL
    tw_IdOpakowanie                 int             NULL
    tw_PrzezWartosc                 bit             DEFAULT 1
    tw_IdPodstDostawca              int             NULL
    tw_DostSymbol                   varchar(20)     DEFAULT ''
    tw_CzasDostawy                  int             NULL
    tw_UrzNazwa                     varchar(50)     DEFAULT ''
    tw_PLU                          int             NULL
    tw_PodstKodKresk                varchar(20)     DEFAULT ''
    tw_IdTypKodu                    int             NULL
    tw_CenaOtwarta                  bit
    tw_WagaEtykiet                  bit             NULL DEFAULT 0
    tw_KontrolaTW                   bit
    tw_StanMin                      money           NULL
    tw_JednStanMin                  varchar(10)     NULL DEFAULT ''
    tw_DniWaznosc                   int             NULL
    tw_IdGrupa                      int             NULL
    tw_WWW                          varchar(255)    DEFAULT ''
    tw_SklepInternet                bit
    tw_Pole1                        varchar(50)     DEFAULT ''
    tw_Pole2                        varchar(50)     DEFAULT ''
    tw_Pole3                        varchar(50)     DEFAULT ''
    tw_Pole4                        varchar(50)     DEFAULT ''
    tw_Pole5                        varchar(50)     DEFAULT ''
    tw_Pole6                        varchar(50)     DEFAULT ''
    tw_Pole7                        varchar(50)     DEFAULT ''
    tw_Pole8                        varchar(50)     DEFAULT ''
    tw_Uwagi                        varchar(255)    DEFAULT ''
    tw_Usuniety                     bit
    tw_Objetosc                     money           NULL
    tw_Masa                         money           NULL
    tw_JednMiaryZak                 varchar(10)     DEFAULT ''
    tw_JMZakInna                    bit
    tw_KodTowaru                    varchar(20)     NULL
    tw_IdKrajuPochodzenia           int             NULL
    tw_JednMiarySprz                varchar(10)     DEFAULT ''
    tw_JMSprzInna                   bit
    tw_SerwisAukcyjny               bit
    tw_IdProducenta                 int             NULL
    tw_SprzedazMobilna              bit
    tw_Wysokosc                     money           NULL
    tw_Szerokosc                    money           NULL
    tw_Glebokosc                    money           NULL
    tw_StanMaks                     money           NULL
    tw_Akcyza                       bit
    tw_AkcyzaZaznacz                bit
    tw_ObrotMarza                   bit
    tw_OdwrotneObciazenie           bit
    tw_ProgKwotowyOO                int
    tw_DodawalnyDoZW                bit
    tw_Komunikat                    varchar(255)    NULL
    tw_KomunikatDokumenty           int             DEFAULT 3
    tw_MechanizmPodzielonejPlatnosci bit
    tw_GrupaJpkVat                  int             DEFAULT -1
    tw_OplCukrowaPodlega            bit
    tw_OplCukrowaInneSlodzace       bit
    tw_OplCukrowaSok                bit
    tw_OplCukrowaKofeinaPodlega     bit
    tw_OplCukrowaNapojWeglElektr    bit
    tw_MasaNetto                    money           NULL
    tw_AkcyzaMarkaWyrobow           varchar(350)    DEFAULT ''
    tw_AkcyzaWielkoscProducenta     varchar(15)     DEFAULT ''
    tw_WegielPodlegaOswiadczeniu    bit
    tw_WegielOpisPochodzenia        varchar(255)    DEFAULT ''
    tw_PodlegaOplacieNaFunduszOchronyRolnictwa bit
    """,
    primary_key=("tw_Id",),
)

TW_KOD_KRESKOWY = TableSpec(
    name="tw_KodKreskowy",
    doc="""Additional barcodes of a product; ``kk_Ilosc`` is the quantity (in base units) the
    barcode stands for — 6 or 12 for a pack, 1 for another single-unit barcode.
    ``(kk_IdTowar, kk_Kod)`` is unique.""",
    columns="""
    kk_Id                           int
    kk_IdTowar                      int
    kk_Kod                          varchar(20)     DEFAULT ''
    kk_Ilosc                        money           NULL
    """,
    primary_key=("kk_Id",),
    indexes=(("IX_tw_KodKreskowy", ("kk_IdTowar", "kk_Kod"), True),),
)

TW_JEDN_MIARY = TableSpec(
    name="tw_JednMiary",
    doc="""Alternative units of a product: ``jm_IdJednMiary`` (unit symbol, e.g. ``opak.``)
    equals ``jm_Przelicznik`` base units.""",
    columns="""
    jm_Id                           int
    jm_IdTowar                      int
    jm_IdJednMiary                  varchar(10)     DEFAULT ''
    jm_Przelicznik                  money
    jm_DlaNaklejek                  bit
    """,
    primary_key=("jm_Id",),
    indexes=(("IX_tw_JednMiary", ("jm_IdTowar", "jm_IdJednMiary"), True),),
)

TW_STAN = TableSpec(
    name="tw_Stan",
    doc="""Stock per product and warehouse: ``st_Stan`` on hand, ``st_StanRez`` reserved by
    open orders with reservation (ZK status 7).  Available = ``st_Stan - st_StanRez``.""",
    columns="""
    st_TowId                        int
    st_MagId                        int
    st_Stan                         money
    st_StanMin                      money
    st_StanRez                      money
    st_StanMax                      money
    """,
    primary_key=("st_TowId", "st_MagId"),
    indexes=(
        ("IX_tw_Stany", ("st_TowId", "st_MagId"), True),
        ("IX_tw_Stany_1", ("st_TowId", "st_MagId", "st_Stan", "st_StanRez"), False),
    ),
)

TW_CENA = TableSpec(
    name="tw_Cena",
    doc="""Prices of a product (one row per product): net and gross price per price level
    (``tc_CenaNetto1..10``/``tc_CenaBrutto1..10``; level names in ``tw_Parametr``).""",
    columns="\n".join(
        [
            "tc_Id                           int",
            "tc_IdTowar                      int",
            "tc_CenaNetto0                   money           NULL",
            "tc_CenaBrutto0                  money           NULL",
            "tc_WalutaId                     char(3)         NULL",
            "tc_WalutaJedn                   varchar(10)     DEFAULT ''",
            "tc_PodstawaKC                   int             NULL DEFAULT 0",
            _plain("tc_CenaNetto{n}    money    NULL", range(1, 11)),
            _plain("tc_CenaBrutto{n}   money    NULL", range(1, 11)),
            _plain("tc_IdWaluta{n}     char(3)  DEFAULT 'PLN'", range(0, 11)),
        ]
    ),
    primary_key=("tc_Id",),
    indexes=(("IX_tw_Cena", ("tc_IdTowar",), True),),
)

SL_MAGAZYN = TableSpec(
    name="sl_Magazyn",
    doc="""Warehouses; ``mag_Symbol`` (3 characters) appears in some document numbers,
    ``mag_Glowny`` marks the main one.""",
    columns="""
    mag_Id                          int
    mag_Symbol                      varchar(3)
    mag_Nazwa                       varchar(50)     DEFAULT ''
    mag_Status                      int             DEFAULT 1
    mag_Opis                        varchar(255)    NULL
    mag_Analityka                   varchar(5)      NULL
    mag_Glowny                      bit
    mag_POS                         bit
    mag_POSNazwa                    varchar(255)    NULL
    mag_POSAdres                    varchar(82)     NULL DEFAULT ''
    """,
    primary_key=("mag_Id",),
)

SL_STAWKA_VAT = TableSpec(
    name="sl_StawkaVAT",
    doc="""VAT rates.  Documents and products point at ``vat_Id`` (ids like 100001, not the
    rate); ``vat_Stawka`` is the rate in percent, ``vat_Symbol`` what is printed (``23``,
    ``zw``).""",
    columns="""
    vat_Id                          int
    vat_Nazwa                       varchar(50)     DEFAULT ''
    vat_Stawka                      money
    vat_Symbol                      varchar(20)     DEFAULT ''
    vat_CzySystemowa                bit
    vat_CzyWidoczna                 bit
    vat_Pozycja                     int
    vat_PozSprzedaz                 int
    vat_PozZakup                    int
    vat_PozRR                       int
    vat_PozDomyslna                 int
    vat_Rodzaj                      int
    vat_StawkaZagraniczna           bit
    vat_StawkaZagranicznaPdst       bit             NULL
    vat_IdPanstwo                   int             NULL
    vat_UePanstwo                   bit             NULL
    """,
    primary_key=("vat_Id",),
)

SL_KATEGORIA = TableSpec(
    name="sl_Kategoria",
    doc="""Document categories (``dok_KatId``); shops often use them as the sales channel
    (Allegro, web shop, wholesale).""",
    columns="""
    kat_Id                          int
    kat_Nazwa                       varchar(50)     DEFAULT ''
    kat_Typ                         int
    kat_Podtytul                    varchar(60)     DEFAULT ''
    """,
    primary_key=("kat_Id",),
)

SL_PANSTWO = TableSpec(
    name="sl_Panstwo",
    doc="""Countries (``adr_IdPanstwo``, ``adrh_IdPanstwo``); ``pa_KodPanstwaUE`` is the
    two-letter EU code, ``pa_CzlonekUE`` marks EU members.""",
    columns="""
    pa_Id                           int
    pa_Nazwa                        varchar(50)     DEFAULT ''
    pa_KodPanstwaUE                 varchar(2)      DEFAULT ''
    pa_CzlonekUE                    bit
    pa_KodPanstwaISO                varchar(2)      NULL
    """,
    primary_key=("pa_Id",),
)

SL_FORMA_PLATNOSCI = TableSpec(
    name="sl_FormaPlatnosci",
    doc="""Payment forms (transfer, cash, card, cash on delivery…).  ``dok_PlatId`` has no
    foreign key in the scaffold; public integration code joins it to ``fp_Id``.""",
    columns="""
    fp_Id                           int
    fp_Nazwa                        varchar(50)     DEFAULT ''
    fp_Termin                       int
    fp_Typ                          int
    fp_RachBankId                   int             NULL
    fp_CentId                       int             NULL
    fp_InstKredytId                 int             NULL
    fp_Glowna                       bit             NULL
    fp_Aktywna                      bit             DEFAULT 1
    fp_TerminalPlatniczy            bit
    fp_FormaPlatnosciWysylajJako    int             NULL
    fp_OpisPlatnosciInna            varchar(256)    NULL
    """,
    primary_key=("fp_Id",),
)

FL_GRUPY = TableSpec(
    name="fl_Grupy",
    doc="""Flag groups; every flag (``fl__Flagi``) belongs to one.""",
    columns="""
    flp_Id                          int
    flp_Nazwa                       varchar(50)     DEFAULT ''
    """,
    primary_key=("flp_Id",),
)

FL__FLAGI = TableSpec(
    name="fl__Flagi",
    doc="""Flag definitions (coloured markers the office sets on documents, kontrahenci,
    products): ``flg_Text`` is the label, ``flg_IdGrupy`` the group.""",
    columns="""
    flg_Id                          int
    flg_Numer                       int
    flg_Text                        varchar(50)     DEFAULT ''
    flg_IdGrupy                     int
    flg_Domyslna                    bit
    flg_DomyslnyKomentarz           varchar(1000)   DEFAULT ''
    flg_IdUprNadaj                  int             NULL
    flg_IdUprZdejmij                int             NULL
    """,
    primary_key=("flg_Id",),
    indexes=(("GN_fl__Flagi", ("flg_IdGrupy", "flg_Numer"), True),),
)

FL_WARTOSC = TableSpec(
    name="fl_Wartosc",
    doc="""Flags set on objects: at most one flag per object and flag group
    (``flw_TypObiektu`` is the object type, e.g. -8 for a ZK; ``flw_IdObiektu`` its id).
    ``flw_IdUzytkownika`` is the Subiekt operator (``pd_Uzytkownik``) who set it.""",
    columns="""
    flw_IdGrupyFlag                 int
    flw_TypObiektu                  int
    flw_IdObiektu                   int
    flw_IdFlagi                     int             NULL
    flw_Komentarz                   varchar(1000)   DEFAULT ''
    flw_IdUzytkownika               int
    flw_CzasOstatniejZmiany         datetime
    """,
    primary_key=("flw_IdGrupyFlag", "flw_TypObiektu", "flw_IdObiektu"),
)

PW_POLE = TableSpec(
    name="pw_Pole",
    doc="""Definitions of extended custom fields ("pola własne"): for object type
    ``pwp_TypObiektu`` (-8 ZK, -14 towar…) the field named ``pwp_Nazwa`` is stored in the
    ``pw_Dane`` column named by ``pwp_Pole`` (e.g. ``pwd_Tekst01``); ``pwp_Typ`` 3 = text.""",
    columns="""
    pwp_Id                          int
    pwp_TypObiektu                  int
    pwp_Pole                        varchar(128)
    pwp_Typ                         int
    pwp_Format                      int
    pwp_Nazwa                       varchar(50)     DEFAULT ''
    pwp_RodzajSlownika              int
    pwp_Wymagane                    bit
    pwp_DefData                     int             NULL
    pwp_DefLiczba                   int             NULL
    pwp_DefTekst                    varchar(255)    NULL
    pwp_DefKwota                    money           NULL
    pwp_IdSlownika                  int             NULL
    pwp_Select                      varchar(8000)   NULL
    pwp_DefFk                       int             NULL
    pwp_SortSelect                  bit             NULL
    pwp_SelectWhere                 varchar(8000)   NULL
    pwp_DefFlaga                    bit             NULL
    """,
    primary_key=("pwp_Id",),
    indexes=(
        ("IX_pw_Pole_pwp_Nazwa", ("pwp_Nazwa",), False),
        ("IX_pw_Pole_pwp_TypObiektu", ("pwp_TypObiektu",), False),
    ),
)

PW_DANE = TableSpec(
    name="pw_Dane",
    doc="""Values of extended custom fields: one row per object (``pwd_TypObiektu``,
    ``pwd_IdObiektu``; ``pwd_IdPozycji`` NULL for header fields, a line id for line
    fields) with ten columns of each kind.  ``pwd_Id`` comes from ``ins_ident`` like every
    other id.""",
    columns="\n".join(
        [
            "pwd_Id                          int",
            "pwd_TypObiektu                  int",
            "pwd_IdObiektu                   int",
            "pwd_IdPozycji                   int             NULL",
            _numbered("pwd_Data{n}    datetime      NULL"),
            _numbered("pwd_Liczba{n}  int           NULL"),
            _numbered("pwd_Tekst{n}   varchar(255)  NULL"),
            _numbered("pwd_Kwota{n}   money         NULL"),
            _numbered("pwd_Fk{n}      int           NULL"),
            _numbered("pwd_Flaga{n}   bit           NULL"),
        ]
    ),
    primary_key=("pwd_Id",),
    indexes=(("IX_pw_Dane", ("pwd_IdObiektu", "pwd_TypObiektu", "pwd_IdPozycji"), True),),
)

INS_IDENT = TableSpec(
    name="ins_ident",
    doc="""Id counters, one row per table (``ido_nazwa`` = table name).  Subiekt allocates
    every id with the stored procedure ``spIdentyfikator 'table', count, @id OUTPUT`` —
    never ``MAX(id) + 1`` and never IDENTITY.  The collation is case-insensitive, and Subiekt
    itself passes names in varying case (``'dok__dokument'``).""",
    columns="""
    ido_wartosc                     int             DEFAULT 1
    ido_nazwa                       varchar(50)
    ido_minIdValue                  int             NULL
    """,
    primary_key=("ido_nazwa",),
)

NR_PARAMETR = TableSpec(
    name="nr_Parametr",
    doc="""Numbering options per document type (``np_Typ`` = ``dok_Typ``) and user-defined
    document kind: whether the number carries the distinguisher, warehouse symbol, month,
    year, day…  Document numbers are assigned by Subiekt's application logic from these.""",
    columns="""
    np_Typ                          int
    np_NrRoz                        bit
    np_NrSymbolRej                  bit
    np_NrMiesiac                    bit
    np_NrRok                        bit
    np_NrLuka                       int
    np_NrRodzaj                     int
    np_NrSymbolUzyt                 bit
    np_DefiniowalnyId               int
    np_NrDzien                      bit
    """,
    primary_key=("np_Typ", "np_DefiniowalnyId"),
)

ALL_TABLES: tuple[TableSpec, ...] = (
    DOK__DOKUMENT,
    DOK_POZYCJA,
    DOK_VAT,
    KH__KONTRAHENT,
    ADR__EWID,
    ADR_HISTORIA,
    ADR_EMAIL,
    TEL__EWID,
    KH_ADRESY_DOSTAWY,
    TW__TOWAR,
    TW_KOD_KRESKOWY,
    TW_JEDN_MIARY,
    TW_STAN,
    TW_CENA,
    SL_MAGAZYN,
    SL_STAWKA_VAT,
    SL_KATEGORIA,
    SL_PANSTWO,
    SL_FORMA_PLATNOSCI,
    FL_GRUPY,
    FL__FLAGI,
    FL_WARTOSC,
    PW_POLE,
    PW_DANE,
    INS_IDENT,
    NR_PARAMETR,
)

"""``/api/stats``, ``/api/stats.csv`` and ``/api/stats/chart.svg`` over real HTTP: the
numbers of known scans and status moves as JSON, the CSV file parsed back as Polish Excel
reads it, the SVG parsed as XML with its bars and labels, and every bad parameter refused
in Polish naming it."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from typing import Any

import pytest

from kolektor.store.stats import today
from tests.office import Office
from tests.store.stats_floor import Floor, july, utc

SVG = "{http://www.w3.org/2000/svg}"
JULY = {"from": "2026-07-06", "to": "2026-07-08"}
NO_LEAD = {"count": 0, "median": None, "average": None}


def fig(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "orders": 0, "lines": 0, "units": "0.0000", "scans": 0, "wrong_scans": 0,
        "over_picks": 0, "shortages": 0, "typed": 0, "minutes_per_order": None,
        "minutes_per_line": None, "to_packed": NO_LEAD, "to_done": NO_LEAD,
    }  # fmt: skip
    return {**base, **changes}


def lead(count: int, median: str, average: str) -> dict[str, Any]:
    return {"count": count, "median": median, "average": average}


ANNA_6 = fig(orders=1, lines=2, units="6.7500", scans=7, wrong_scans=2, over_picks=1, typed=1,
             minutes_per_order="12.00", minutes_per_line="6.00")  # fmt: skip
ANNA_7 = fig(orders=1, lines=2, units="6.5000", scans=1, wrong_scans=1, shortages=1,
             minutes_per_order="30.00", minutes_per_line="15.00")  # fmt: skip
MAREK_6 = fig(to_packed=lead(1, "60.00", "60.00"), to_done=lead(1, "90.00", "90.00"))
MAREK_7 = fig(to_packed=lead(2, "300.00", "300.00"))
ALL = fig(orders=2, lines=4, units="13.2500", scans=8, wrong_scans=3, over_picks=1, shortages=1,
          typed=1, minutes_per_order="21.00", minutes_per_line="10.50",
          to_packed=lead(3, "60.00", "220.00"), to_done=lead(1, "90.00", "90.00"))  # fmt: skip


@pytest.fixture
def floor(office: Office) -> Floor:
    """The July floor (``tests/store/stats_floor.py``) in the demo server's store; its ZKs
    are numbered far from the demo's."""
    return july(office.store, first_zk=900_001)


async def test_the_numbers_per_operator_and_day(office: Office, floor: Floor) -> None:
    async with office.client() as client:
        await office.login(client, "kierownik", "kierownik-demo")
        response = await client.get("/api/stats", params=JULY)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body == {
        "from": "2026-07-06", "to": "2026-07-08", "group": "day", "operator": None,
        "time_zone": "Europe/Warsaw", "today": today().isoformat(),
        "periods": [
            {"period": "2026-07-06", **ANNA_6, "to_packed": MAREK_6["to_packed"],
             "to_done": MAREK_6["to_done"]},
            {"period": "2026-07-07", **ANNA_7, "to_packed": MAREK_7["to_packed"]},
            {"period": "2026-07-08", **fig()},
        ],
        "operators": [
            {"login": "anna", "name": "Anna Kowalska",
             "totals": {**ALL, "to_packed": NO_LEAD, "to_done": NO_LEAD},
             "periods": [{"period": "2026-07-06", **ANNA_6},
                         {"period": "2026-07-07", **ANNA_7}]},
            {"login": "marek", "name": "Marek Żółkiewski",
             "totals": fig(to_packed=lead(3, "60.00", "220.00"),
                           to_done=lead(1, "90.00", "90.00")),
             "periods": [{"period": "2026-07-06", **MAREK_6},
                         {"period": "2026-07-07", **MAREK_7}]},
        ],
        "totals": ALL,
    }  # fmt: skip


async def test_one_operator_by_the_hour(office: Office, floor: Floor) -> None:
    async with office.client() as client:
        await office.login(client, "biuro", "biuro-demo")
        day = {"from": "2026-07-07", "to": "2026-07-07", "group": "hour", "operator": "ANNA"}
        response = await client.get("/api/stats", params=day)
    body = response.json()
    assert (body["operator"], [p["login"] for p in body["operators"]]) == ("anna", ["anna"])
    assert len(body["periods"]) == 24
    busy = {p["period"]: p for p in body["periods"] if p != {"period": p["period"], **fig()}}
    assert busy == {
        "2026-07-07T00:00": {"period": "2026-07-07T00:00", **ANNA_7, "shortages": 0},
        "2026-07-07T10:00": {"period": "2026-07-07T10:00", **fig(shortages=1)},
    }


async def test_without_dates_the_last_seven_days(office: Office) -> None:
    async with office.client() as client:
        await office.login(client, "biuro", "biuro-demo")
        body = (await client.get("/api/stats")).json()
    last = today()
    assert (body["from"], body["to"], body["group"]) == (
        (last - timedelta(days=6)).isoformat(), last.isoformat(), "day",
    )  # fmt: skip
    assert [p["period"] for p in body["periods"]] == [
        (last - timedelta(days=n)).isoformat() for n in range(6, -1, -1)
    ]


HEADER_PL = [
    "Okres", "Login pracownika", "Pracownik", "Zebrane zamówienia", "Pozycje",
    "Zebrana ilość", "Skany", "Błędne skany", "Nadmiar („za dużo”)", "Braki",
    "Ilości wpisane ręcznie", "Minuty na zamówienie", "Minuty na pozycję",
    "Od ZK do spakowania (mediana, min)", "Od ZK do spakowania (średnio, min)",
    "Od ZK do zakończenia (mediana, min)", "Od ZK do zakończenia (średnio, min)",
]  # fmt: skip


async def test_the_csv_file_opens_in_polish_excel(office: Office, floor: Floor) -> None:
    async with office.client() as client:
        await office.login(client, "biuro", "biuro-demo")
        response = await client.get("/api/stats.csv", params=JULY)
        english = await client.get("/api/stats.csv", params={**JULY, "lang": "en"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == (
        'attachment; filename="kolektor-statystyki-2026-07-06-2026-07-08.csv"'
    )
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    text = response.content.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    whole = "2026-07-06–2026-07-08"
    everyone = "Wszyscy pracownicy"
    assert rows == [
        HEADER_PL,
        ["2026-07-06", "anna", "Anna Kowalska", "1", "2", "6,7500", "7", "2", "1", "0", "1",
         "12,00", "6,00", "", "", "", ""],
        ["2026-07-06", "marek", "Marek Żółkiewski", "0", "0", "0,0000", "0", "0", "0", "0",
         "0", "", "", "60,00", "60,00", "90,00", "90,00"],
        ["2026-07-06", "", everyone, "1", "2", "6,7500", "7", "2", "1", "0", "1", "12,00",
         "6,00", "60,00", "60,00", "90,00", "90,00"],
        ["2026-07-07", "anna", "Anna Kowalska", "1", "2", "6,5000", "1", "1", "0", "1", "0",
         "30,00", "15,00", "", "", "", ""],
        ["2026-07-07", "marek", "Marek Żółkiewski", "0", "0", "0,0000", "0", "0", "0", "0",
         "0", "", "", "300,00", "300,00", "", ""],
        ["2026-07-07", "", everyone, "1", "2", "6,5000", "1", "1", "0", "1", "0", "30,00",
         "15,00", "300,00", "300,00", "", ""],
        ["2026-07-08", "", everyone, "0", "0", "0,0000", "0", "0", "0", "0", "0", "", "", "",
         "", "", ""],
        [whole, "anna", "Anna Kowalska", "2", "4", "13,2500", "8", "3", "1", "1", "1", "21,00",
         "10,50", "", "", "", ""],
        [whole, "marek", "Marek Żółkiewski", "0", "0", "0,0000", "0", "0", "0", "0", "0", "",
         "", "60,00", "220,00", "90,00", "90,00"],
        [whole, "", everyone, "2", "4", "13,2500", "8", "3", "1", "1", "1", "21,00", "10,50",
         "60,00", "220,00", "90,00", "90,00"],
    ]  # fmt: skip
    english_rows = list(csv.reader(io.StringIO(english.content.decode("utf-8-sig")),
                                   delimiter=";"))  # fmt: skip
    assert english_rows[0][:4] == ["Period", "Operator's login", "Operator", "Orders picked"]
    assert english_rows[-1][2:6] == ["All operators", "2", "4", "13,2500"]


def svg_of(content: bytes) -> ET.Element:
    root = ET.fromstring(content)
    assert root.tag == f"{SVG}svg"
    return root


def texts(root: ET.Element) -> list[str]:
    return [node.text or "" for node in root.iter(f"{SVG}text")]


def bars(root: ET.Element) -> dict[str, str]:
    """Each bar's tooltip → its colour."""
    return {
        rect.findtext(f"{SVG}title") or "": rect.get("fill") or ""
        for rect in root.iter(f"{SVG}rect")
        if rect.find(f"{SVG}title") is not None
    }


async def test_the_chart_is_an_accessible_svg_with_bars_and_labels(
    office: Office, floor: Floor
) -> None:
    async with office.client() as client:
        await office.login(client, "biuro", "biuro-demo")
        scans = await client.get("/api/stats/chart.svg", params={**JULY, "metric": "scans"})
        total = await client.get("/api/stats/chart.svg",
                                 params={**JULY, "metric": "scans", "series": "total"})  # fmt: skip
        minutes = await client.get(
            "/api/stats/chart.svg", params={**JULY, "metric": "minutes_per_order", "lang": "en"}
        )
        empty = await client.get("/api/stats/chart.svg",
                                 params={"from": "2026-06-01", "to": "2026-06-30"})  # fmt: skip
    assert scans.status_code == 200, scans.text
    assert scans.headers["content-type"] == "image/svg+xml; charset=utf-8"
    assert "default-src 'none'" in scans.headers["content-security-policy"]
    root = svg_of(scans.content)
    assert (root.get("role"), root.get("aria-labelledby")) == ("img", "chart-title chart-desc")
    title = "Skany, dzień po dniu, 2026-07-06 – 2026-07-08"
    assert root.findtext(f"{SVG}title") == title
    assert root.findtext(f"{SVG}desc") == (
        f"Wykres słupkowy: {title}. W całym zakresie: Anna Kowalska (anna): 8; "
        "Marek Żółkiewski (marek): 0."
    )
    assert bars(root) == {
        "Anna Kowalska (anna), 2026-07-06: 7": "#0072b2",
        "Anna Kowalska (anna), 2026-07-07: 1": "#0072b2",
    }
    labels = texts(root)
    assert {title, "06.07", "07.07", "08.07", "Anna Kowalska (anna)",
            "Marek Żółkiewski (marek)"} <= set(labels)  # fmt: skip
    assert {"0", "2", "4", "6", "8"} <= set(labels)  # the axis

    together = svg_of(total.content)
    assert bars(together) == {
        "Wszyscy pracownicy, 2026-07-06: 7": "#0072b2",
        "Wszyscy pracownicy, 2026-07-07: 1": "#0072b2",
    }
    per_order = svg_of(minutes.content)
    assert per_order.findtext(f"{SVG}title") == (
        "Minutes per order, day by day, 2026-07-06 – 2026-07-08"
    )
    assert set(bars(per_order)) == {
        "Anna Kowalska (anna), 2026-07-06: 12", "Anna Kowalska (anna), 2026-07-07: 30",
    }  # fmt: skip
    nothing = svg_of(empty.content)
    assert bars(nothing) == {}
    assert "Brak danych w tym okresie." in texts(nothing)


async def test_names_are_escaped_in_the_chart_and_defused_in_the_csv(
    office: Office, floor: Floor
) -> None:
    name = '=HYPERLINK("http://zlo.example")<svg onload="x">&amp; Ö'
    floor.add_operator("zly", name, "picker")
    order_id = floor.order(datetime(2026, 7, 6, 8, 0))
    floor.scan(order_id, "zly", utc(2026, 7, 6, 10, 0), "counted")
    async with office.client() as client:
        await office.login(client, "biuro", "biuro-demo")
        chart = await client.get("/api/stats/chart.svg", params={**JULY, "metric": "scans"})
        sheet = await client.get("/api/stats.csv", params=JULY)
    root = svg_of(chart.content)
    assert f"{name} (zly)" in texts(root)
    assert f"{name} (zly), 2026-07-06: 1" in bars(root)
    assert b"<svg onload" not in chart.content
    rows = list(csv.reader(io.StringIO(sheet.content.decode("utf-8-sig")), delimiter=";"))
    mine = next(row for row in rows if row[1] == "zly")
    assert mine[:4] == ["2026-07-06", "zly", f"'{name}", "0"]


@pytest.mark.parametrize(
    ("params", "parameter", "message"),
    [
        ({"from": "2026-7-6"}, "from",
         "Parametr from: „2026-7-6” to nie data w postaci RRRR-MM-DD od 2000-01-01 do "
         "2099-12-31."),
        ({"to": "2026-02-30"}, "to",
         "Parametr to: „2026-02-30” to nie data w postaci RRRR-MM-DD od 2000-01-01 do "
         "2099-12-31."),
        ({"from": "1999-12-31", "to": "2000-01-01"}, "from",
         "Parametr from: „1999-12-31” to nie data w postaci RRRR-MM-DD od 2000-01-01 do "
         "2099-12-31."),
        ({"from": "2026-07-08", "to": "2026-07-06"}, "from",
         "Data początkowa 2026-07-08 jest późniejsza niż końcowa 2026-07-06."),
        ({"from": "2025-01-01", "to": "2026-01-02"}, "from",
         "Zakres od 2025-01-01 do 2026-01-02 ma 367 dni — dzień po dniu najwyżej 366 dni. "
         "Zawęź zakres."),
        ({"from": "2026-07-01", "to": "2026-08-01", "group": "hour"}, "from",
         "Zakres od 2026-07-01 do 2026-08-01 ma 32 dni — godzina po godzinie najwyżej 31 dni. "
         "Zawęź zakres."),
        ({"group": "week"}, "group",
         "Parametr group: „week” nie jest dozwolony (dozwolone: day, hour)."),
        ({"operator": "ewa"}, "operator", "Nie ma pracownika o loginie „ewa”."),
        ({"operator": "x" * 65}, "operator",
         f"Parametr operator ma niepoprawną wartość „{'x' * 40}”."),
    ],
)  # fmt: skip
async def test_bad_parameters_are_refused_naming_them(
    office: Office, params: dict[str, str], parameter: str, message: str
) -> None:
    async with office.client() as client:
        await office.login(client, "biuro", "biuro-demo")
        for path in ("/api/stats", "/api/stats.csv", "/api/stats/chart.svg"):
            response = await client.get(path, params=params)
            assert (response.status_code, response.json()) == (400, {
                "error": "bad_parameter", "message": message, "parameter": parameter,
            }), path  # fmt: skip


@pytest.mark.parametrize(
    ("path", "params", "message"),
    [
        ("/api/stats/chart.svg", {"metric": "lines"},
         "Parametr metric: „lines” nie jest dozwolony (dozwolone: orders, scans, wrong_scans, "
         "minutes_per_order)."),
        ("/api/stats/chart.svg", {"series": "all"},
         "Parametr series: „all” nie jest dozwolony (dozwolone: operators, total)."),
        ("/api/stats.csv", {"lang": "de"},
         "Parametr lang: „de” nie jest dozwolony (dozwolone: pl, en)."),
    ],
)  # fmt: skip
async def test_bad_chart_and_file_parameters(
    office: Office, path: str, params: dict[str, str], message: str
) -> None:
    async with office.client() as client:
        await office.login(client, "biuro", "biuro-demo")
        response = await client.get(path, params=params)
        english = await client.get(path, params=params, headers={"Accept-Language": "en"})
    assert (response.status_code, response.json()["message"]) == (400, message)
    assert english.json()["message"].startswith(f"Parameter {next(iter(params))}: ")

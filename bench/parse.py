"""Scan parsing: ``kolektor._core.ScanParser`` against the ``biip`` library, same scans.

A deterministic corpus of realistic scans (EAN-13 with and without ``]E0``, EAN-8, UPC-A/E,
GTIN-14 cartons, GS1-128 with 2–5 AIs, GS1 DataMatrix, Digital Link URIs, Polish weight
codes, internal codes) goes through both parsers in one process.  Prints µs per scan
(median of the repeats) for Kolektor's parse, for Kolektor's parse plus reading what the
pick engine reads (kind, lookup key, batch, expiry, quantity), for biip's parse, and the
ratios; then checks that both interpret every scan the same way (biip is lent Kolektor's
Polish weight-code layout, which it does not ship; internal codes are Kolektor's only).

    .venv/bin/python bench/parse.py [--scans 10000] [--repeat 5] [--seed 2025]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock
from urllib.parse import quote

import biip
from biip import ParseConfig
from biip.checksums import gs1_standard_check_digit
from biip.rcn import _RCN_RULES, Rcn, RcnRegion, _MeasureType, _Strategy

from kolektor import _core

GS = "\x1d"


def check(payload: str) -> str:
    return payload + str(gs1_standard_check_digit(payload))


class Corpus:
    """Realistic scans of a Polish shop's warehouse, generated from a seed."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.today = dt.date.today()

    def digits(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(n))

    def ean13(self) -> str:
        company = self.rng.choice(["590", "590", "590", "400", "800", "500", "871", "303"])
        return check(company + self.digits(12 - len(company)))

    def date(self) -> str:
        day = self.today + dt.timedelta(days=self.rng.randrange(-30, 900))
        text = day.strftime("%y%m%d")
        return text[:4] + "00" if self.rng.random() < 0.1 else text

    def batch(self) -> str:
        alphabet = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
        shape = self.rng.choice(["L{}", "{}", "B{}-{}", "{}/{}"])
        parts = [
            "".join(self.rng.choice(alphabet) for _ in range(self.rng.randint(3, 8)))
            for _ in range(2)
        ]
        return shape.format(*parts)[:20]

    def sscc(self) -> str:
        return check(self.rng.choice("0123456789") + "590" + self.digits(13))

    def gs1_elements(self, count: int) -> list[tuple[str, str]]:
        gtin = check(self.rng.choice("0159") + self.ean13()[:12])
        elements = [("01", gtin)]
        optional = [
            ("17", self.date),
            ("15", self.date),
            ("11", self.date),
            ("10", self.batch),
            ("21", lambda: self.digits(self.rng.randint(6, 12))),
            ("3103", lambda: self.digits(6)),
            ("3102", lambda: self.digits(6)),
            ("30", lambda: str(self.rng.randint(1, 480))),
        ]
        for ai, make in self.rng.sample(optional, count - 1):
            elements.append((ai, make()))
        # Fixed-length AIs first, as GS1 recommends; variable ones end with GS.
        elements.sort(key=lambda e: e[0] in ("10", "21", "30"))
        return elements

    @staticmethod
    def element_string(elements: list[tuple[str, str]]) -> str:
        out = ""
        for index, (ai, value) in enumerate(elements):
            out += ai + value
            if ai in ("10", "21", "30") and index + 1 < len(elements):
                out += GS
        return out

    def scan(self) -> str:
        kind = self.rng.choices(
            ["ean13", "ean8", "upca", "upce", "carton", "gs1-128", "sscc-label", "datamatrix",
             "link", "weight", "internal"],
            weights=[30, 5, 3, 2, 5, 14, 4, 10, 5, 10, 12],
        )[0]  # fmt: skip
        rng = self.rng
        if kind == "ean13":
            return rng.choice(["", "]E0"]) + self.ean13()
        if kind == "ean8":
            return rng.choice(["", "]E4"]) + check("590" + self.digits(4))
        if kind == "upca":
            return check("0" + self.digits(10))
        if kind == "upce":
            # Sent bare: biip reads "]E0" + 8 digits as an EAN-8 (a disagreement by design).
            upc = biip.upc.Upc.parse("0" + self.digits(6))
            return upc.payload + str(upc.check_digit)
        if kind == "carton":
            return rng.choice(["", "]I1"]) + check("1" + self.ean13()[:12])
        if kind == "gs1-128":
            return rng.choice(["]C1", "]C1", ""]) + self.element_string(
                self.gs1_elements(rng.randint(2, 5))
            )
        if kind == "sscc-label":
            label = [
                ("00", self.sscc()),
                ("02", check("0" + self.ean13()[:12])),
                ("37", str(rng.randint(1, 240))),
            ]
            return (
                rng.choice(["]C1", "", "]C1"]) + self.element_string(label)
                if rng.random() < 0.7
                else self.sscc()
            )
        if kind == "datamatrix":
            elements = [
                ("01", check("0" + self.ean13()[:12])),
                ("17", self.date()),
                ("10", self.batch()),
                ("21", self.digits(12)),
            ]
            return "]d2" + self.element_string(elements)
        if kind == "link":
            gtin = check("0" + self.ean13()[:12])
            return (
                f"https://id.gs1.org/01/{gtin}/10/{quote(self.batch(), safe='')}?17={self.date()}"
            )
        if kind == "weight":
            return check(
                rng.choice(["27", "28", "29"]) + self.digits(5) + f"{rng.randint(50, 25000):05d}"
            )
        return rng.choice(
            [
                f"{rng.choice('ABCDEF')}-{rng.randint(1, 24):02d}-{rng.randint(1, 5)}",
                f"T-{rng.randint(1, 999):04d}",
                f"OP-{rng.randint(1, 40):04d}",
                f"ZK {rng.randint(1, 9999)}/{self.today.year}",
            ]
        )  # fmt: skip


@contextmanager
def biip_with_kolektors_polish_layout() -> Iterator[ParseConfig]:
    """biip has no Polish region: lend it Kolektor's default layout under another region."""
    default = json.loads(_core.ScanParser.default_config_json())["rcn"]
    rules = {
        rule["prefix"]: _Strategy(_MeasureType(rule["measure"]), rule["pattern"], rule["decimals"])
        for rule in default
    }
    with mock.patch.dict(_RCN_RULES, {RcnRegion.DENMARK: rules}):
        yield ParseConfig(rcn_region=RcnRegion.DENMARK)


def elements_of(items: Any, biip_side: bool) -> list[tuple[Any, ...]]:
    return [(e.ai.ai if biip_side else e.ai, e.value, e.date, e.datetime, e.decimal) for e in items]


def same(scan: Any, result: Any) -> bool:
    """Whether biip's reading of the kind Kolektor chose is Kolektor's reading."""
    if scan.kind == "gtin":
        return result.gtin is not None and result.gtin.as_gtin_14() == scan.gtin
    if scan.kind == "rcn":
        rcn = result.gtin
        return (
            isinstance(rcn, Rcn)
            and rcn.without_variable_measure().as_gtin_14() == scan.lookup_key
            and rcn.weight == scan.rcn_value
        )
    if scan.kind == "sscc":
        return result.sscc is not None and result.sscc.value == scan.sscc
    source = (
        result.gs1_digital_link_uri if scan.gs1_syntax == "digital_link" else result.gs1_message
    )
    return source is not None and elements_of(source.element_strings, True) == elements_of(
        scan.elements, False
    )


def per_scan_us(run: Callable[[], object], scans: int, repeat: int) -> float:
    run()  # warm-up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) / scans * 1e6)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()

    corpus = Corpus(args.seed)
    texts = [corpus.scan() for _ in range(args.scans)]
    kolektor = _core.ScanParser()
    parse = kolektor.parse

    def kolektor_parse() -> None:
        for text in texts:
            parse(text)

    def kolektor_read() -> None:
        for text in texts:
            scan = parse(text)
            _ = (scan.kind, scan.lookup_key, scan.batch, scan.expiry, scan.quantity)

    with biip_with_kolektors_polish_layout() as config:
        biip_parse_ = biip.parse

        def biip_parse() -> None:
            for text in texts:
                biip_parse_(text, config=config)

        k_us = per_scan_us(kolektor_parse, len(texts), args.repeat)
        kr_us = per_scan_us(kolektor_read, len(texts), args.repeat)
        b_us = per_scan_us(biip_parse, len(texts), max(1, args.repeat // 2))

        kinds: Counter[str] = Counter()
        identical = kolektor_only = 0
        different: list[str] = []
        for text in texts:
            scan = parse(text)
            kinds[scan.kind] += 1
            if scan.kind == "internal":
                kolektor_only += 1
            elif same(scan, biip_parse_(text, config=config)):
                identical += 1
            else:
                different.append(text)

    print(
        f"corpus: {len(texts)} scans (seed {args.seed}): "
        + ", ".join(f"{k} {n}" for k, n in kinds.most_common())
    )
    print(f"kolektor._core  parse                   {k_us:8.2f} µs/scan")
    print(f"kolektor._core  parse + read the fields {kr_us:8.2f} µs/scan")
    print(f"biip {biip.__version__:10} parse                   {b_us:8.2f} µs/scan")
    print(
        f"ratio biip / kolektor: {b_us / k_us:6.1f}× (parse), {b_us / kr_us:6.1f}× (parse + read)"
    )
    print(
        f"interpretations: {identical} identical, {kolektor_only} internal codes (Kolektor only), "
        f"{len(different)} different"
    )
    for text in different[:10]:
        print(f"  different: {text!r}")


if __name__ == "__main__":
    main()

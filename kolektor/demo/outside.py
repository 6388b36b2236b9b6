"""The demo's stand-ins for the outside world: InPost ShipX, Allegro and a Zebra label
printer, each a fake from :mod:`kolektor.fakes` on loopback, in its own process.

:func:`start_outside` starts them (each on a free port it reports on its first line),
writes the ``[inpost]`` and ``[allegro]`` sections that point Kolektor at them, and the
virtual Zebra's printer and packing station into the store; :meth:`Outside.stop` ends them.
The virtual printer keeps every label it receives in ``<demo>/labels`` as ``NNNN.zpl`` and a
``NNNN.png`` preview — what a real Zebra would have printed.  The Allegro fake knows the
demo's Allegro orders (their checkout-form ids are read from the demo Subiekt database) and
the demo application ``kolektor-demo``; connect its seller in the panel (Konta Allegro): the
fake's confirmation page stands in for Allegro's.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Final

from kolektor.demo.database import SubiektDatabase
from kolektor.store import stations
from kolektor.store.engine import Store

SHIPX_TOKEN: Final = "demo-shipx-token"
SHIPX_ORGANIZATION: Final = 1
ALLEGRO_CLIENT: Final = ("kolektor-demo", "kolektor-demo-secret")
ALLEGRO_SELLER: Final = "sklep_demo"
PRINTER_NAME: Final = "Zebra (demo)"
STATION_NAME: Final = "Pakowanie 1"
_UUID: Final = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
_ADDRESS: Final = re.compile(r"(https?://)?127\.0\.0\.1:(\d+)")


class OutsideFailed(RuntimeError):
    """A fake did not start; the message says which and what it printed."""


@dataclass
class Outside:
    """The running fakes and where they listen."""

    shipx_url: str = ""
    allegro_url: str = ""
    zebra_address: str = ""
    labels_dir: Path = Path()
    processes: list[subprocess.Popen[str]] = field(default_factory=list)

    def config_sections(self) -> str:
        """``[inpost]`` and ``[allegro]`` pointing at the fakes (appended to kolektor.toml)."""
        client_id, secret = ALLEGRO_CLIENT
        return (
            "\n# The demo's fakes of InPost ShipX and Allegro (kolektor/demo/outside.py).\n"
            f'[inpost]\nurl = "{self.shipx_url}"\norganization_id = {SHIPX_ORGANIZATION}\n'
            f'token = "{SHIPX_TOKEN}"\n\n'
            f'[allegro]\nclient_id = "{client_id}"\nclient_secret = "{secret}"\n'
            f'environment = "production"\napi_url = "{self.allegro_url}"\n'
            f'auth_url = "{self.allegro_url}"\napp_name = "Kolektor-demo"\n'
        )

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()


def _start(command: list[str], what: str, log: IO[str]) -> tuple[subprocess.Popen[str], str]:
    """Start a fake and read the address it prints on its first line."""
    process = subprocess.Popen(
        [sys.executable, "-m", *command], stdout=subprocess.PIPE, stderr=log, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    line = process.stdout.readline()
    match = _ADDRESS.search(line)
    if match is None:
        process.kill()
        raise OutsideFailed(f"{what} did not start: {line.strip() or 'no output'}")
    return process, match.group(0)


def allegro_orders(database: Path) -> list[str]:
    """The checkout-form ids of the demo's Allegro orders (in remarks or the custom field)."""
    found: list[str] = []
    with SubiektDatabase(database) as db:
        texts = [str(row[0] or "") for row in db.connection.execute(
            "SELECT dok_Uwagi FROM dok__Dokument WHERE dok_Typ = 16")]  # fmt: skip
        texts += [str(row[0] or "") for row in db.connection.execute(
            "SELECT pwd_Tekst01 FROM pw_Dane")]  # fmt: skip
    for text in texts:
        for match in _UUID.finditer(text):
            if match.group(0).lower() not in found:
                found.append(match.group(0).lower())
    return found


def start_outside(folder: Path, database: Path) -> Outside:
    """Start the fakes for the demo in ``folder`` (their output in ``outside.log``)."""
    outside = Outside(labels_dir=folder / "labels")
    outside.labels_dir.mkdir(mode=0o700, exist_ok=True)
    seed = folder / "allegro-seed.json"
    client_id, secret = ALLEGRO_CLIENT
    seed.write_text(json.dumps({
        "apps": [{"client_id": client_id, "client_secret": secret}],
        "sellers": [{"login": ALLEGRO_SELLER}],
        "checkout_forms": [{"seller": ALLEGRO_SELLER, "form_id": form}
                           for form in allegro_orders(database)],
        "retry_after": 1,
    }), encoding="utf-8")  # fmt: skip
    log = (folder / "outside.log").open("a", encoding="utf-8")
    try:
        process, outside.shipx_url = _start(
            ["kolektor.fakes.shipx", "--port", "0", "--token", SHIPX_TOKEN,
             "--organization", str(SHIPX_ORGANIZATION), "--latency", "0.3"], "ShipX", log,
        )  # fmt: skip
        outside.processes.append(process)
        process, outside.allegro_url = _start(
            ["kolektor.fakes.allegro", "--port", "0", "--seed", str(seed)], "Allegro", log
        )
        outside.processes.append(process)
        process, address = _start(
            ["kolektor.fakes.zebra", "--port", "0", "--dir", str(outside.labels_dir), "--png"],
            "Zebra", log,
        )  # fmt: skip
        outside.processes.append(process)
        outside.zebra_address = address.removeprefix("http://")
    except BaseException:
        outside.stop()
        raise
    finally:
        log.close()
    return outside


def install_printer(store: Store, outside: Outside) -> None:
    """The virtual Zebra as the label printer of the demo's one packing station (its
    address changes with every start; the station stays)."""
    existing = {p.name: p for p in store.run_sync(stations.list_printers)}
    printer = store.run_sync(
        stations.save_printer, name=PRINTER_NAME, kind="zebra", address=outside.zebra_address,
        printer_id=existing[PRINTER_NAME].id if PRINTER_NAME in existing else None,
    )  # fmt: skip
    known = {s.name: s for s in store.run_sync(stations.list_stations)}
    if STATION_NAME not in known:
        store.run_sync(stations.save_station, name=STATION_NAME, label_printer_id=printer.id)

"""The demo Subiekt GT database: a seeded generator and a helper that writes like Subiekt.

* :func:`create_subiekt_database` — build an SQLite file with Subiekt's tables and realistic
  Polish data (products, customers, open ZK orders and the noise around them);
* :class:`SubiektDatabase` — change that file the way Subiekt would (CP1250 text, ids from
  ``ins_ident``), e.g. add an open ZK as a shop synchronizer does.
"""

from kolektor.demo.database import Address, SubiektDatabase, SubiektDataError, ZkLine
from kolektor.demo.generator import DemoExamples, DemoSummary, create_subiekt_database

__all__ = [
    "Address",
    "DemoExamples",
    "DemoSummary",
    "SubiektDataError",
    "SubiektDatabase",
    "ZkLine",
    "create_subiekt_database",
]

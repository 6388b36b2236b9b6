"""Kolektor: order fulfilment for shops that run InsERT Subiekt GT.

Orders (ZK documents) are read from Subiekt by SQL, picked and packed on handheld
scanners, and finalised (label, sales document, print, e-mail, Allegro) without a
person in the office.  See ``docs/architecture.md`` for the map of the package.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kolektor")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

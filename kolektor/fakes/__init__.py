"""Loopback fakes of the outside services Kolektor talks to, for tests and ``make demo``."""

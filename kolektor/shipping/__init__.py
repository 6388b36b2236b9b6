"""Shipping: courier shipments and their labels (issue 13).

:mod:`.carrier` is the interface every courier integration implements; the integrations
(InPost ShipX, Allegro "Wysyłam z Allegro", Kolektor's own label) live beside it.
"""

"""Intake: keeping Kolektor's orders in step with Subiekt's open ZKs.

:mod:`~kolektor.intake.plan` decides (pure: given what Subiekt has and what the store has,
what must change); :mod:`~kolektor.intake.loop` does it (a Trio task that reads Subiekt in a
worker thread, applies the plan to the store and retries with back-off when Subiekt is
unreachable).
"""

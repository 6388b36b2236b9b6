"""Subiekt GT: the schema subset Kolektor knows (:mod:`.schema`), the typed objects it reads
(:mod:`.models`), the SQL it sends (:mod:`.queries`), the connection (:mod:`.connection`) and
the reader (:mod:`.reader`).  Subiekt is only ever *read* here; documents are written through
Sfera (a later issue)."""

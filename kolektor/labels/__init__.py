"""Label images: Kolektor's own shipping label as ZPL (:mod:`.own`), carriers' PDF labels
turned into ZPL for Zebra printers (:mod:`.pdf_zpl`), and PNG previews of both for the
packing device and the order page (:mod:`.preview`).  Pure and blocking: no I/O but
rendering, so callers run the PDF and preview functions in a worker thread.  Failures are
:class:`~kolektor.labels.errors.LabelImageError` with a ``labels.*`` catalog key."""

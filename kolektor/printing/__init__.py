"""Label printers: a Zebra on the network (raw TCP 9100) or a raw CUPS queue.

A packing station's label printer is a :class:`~kolektor.printing.target.PrinterTarget`
(one row of the ``printers`` table).  :func:`kolektor.printing.send.print_labels` prints an
order's labels on it in package order, each a complete ZPL format (``^XA…^XZ``, checked by
:mod:`kolektor.printing.zpl` before a byte leaves):

* a **Zebra** (:mod:`kolektor.printing.zebra`) is asked for its host status first (``~HS``,
  parsed by :mod:`kolektor.printing.host_status`): paper out, head open, paused… refuse the
  print before anything is sent, so the packer fixes the printer and presses reprint;
* a **CUPS queue** (:mod:`kolektor.printing.cups`, with the few IPP questions of
  :mod:`kolektor.printing.ipp`) is checked for being stopped or rejecting jobs, and a job
  name already in the queue's history is not printed a second time after a crash.

Every failure is a :class:`~kolektor.printing.errors.PrinterError`: a stable ``code``, a
Polish sentence naming the printer and what to do, and whether printing again can work.
Setup for the office: ``docs/printing.md``.
"""

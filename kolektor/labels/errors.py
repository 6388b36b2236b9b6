"""The errors of label images: one type with a catalog key, and the preview's refusal."""

from __future__ import annotations

from kolektor.i18n import t


class LabelImageError(Exception):
    """A label that cannot be built, converted or previewed; the message names what is wrong.

    :attr:`key` and :attr:`params` name it in the catalog (``labels.*``,
    :mod:`kolektor.messages.labels`) for the edge to render in the reader's language
    (:func:`kolektor.i18n.describe`); ``str()`` is the English text, for the log.  None of
    these is worth retrying: the same input fails the same way."""

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(t(key, "en", **params))
        self.key = key
        self.params = params


class PreviewUnsupported(LabelImageError):
    """A label the preview does not draw: a ZPL command outside its subset (:attr:`command`,
    e.g. ``^BX``), or text that is not ZPL at all (EPL; :attr:`command` is empty).  Show
    the carrier's PDF instead (:func:`kolektor.labels.preview.pdf_preview_png`)."""

    def __init__(self, command: str) -> None:
        if command:
            super().__init__("labels.preview.unsupported", command=command)
        else:
            super().__init__("labels.preview.no_label")
        self.command = command

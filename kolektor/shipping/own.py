"""Kolektor's own label, as a carrier: personal pickup, own transport, or a courier that is
not integrated yet — so every packed order still gets a label on its parcels.

Nothing is bought and nobody outside is asked: the "shipment" is confirmed the moment it
is created, its id is the request's key, and each parcel's label is built here
(:func:`kolektor.labels.own.own_label_zpl`: sender, receiver, ZK number, parcel n of m,
weight, the courier remarks, a Code 128 of the ZK number — or the parcel's GS1-128 SSCC
when the office set a GS1 company prefix).  The labels are made again from the request on
every call, so :meth:`OwnLabels.find` has nothing to find and never needs to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import trio

from kolektor.i18n import Language, t
from kolektor.labels.errors import LabelImageError
from kolektor.labels.own import OwnLabelData, own_label_zpl, sscc
from kolektor.shipping.carrier import (
    CarrierError,
    CarrierShipment,
    LabelFile,
    Party,
    ShipmentRequest,
    ShipmentState,
    Tracking,
)


@dataclass
class OwnLabels:
    """The ``own`` carrier."""

    sender: Party = field(default_factory=Party)
    """Used when the request names no sender (the ``shipping`` setting has none)."""
    language: Language = "pl"
    width_mm: float = 101.6
    height_mm: float = 152.4
    name: str = "own"

    async def find(self, request: ShipmentRequest) -> CarrierShipment | None:
        return None

    async def create(self, request: ShipmentRequest) -> CarrierShipment:
        return CarrierShipment(
            carrier=self.name, shipment_id=request.key, state=ShipmentState.CONFIRMED,
            carrier_status="confirmed", tracking_numbers=self._codes(request),
        )  # fmt: skip

    async def refresh(self, shipment: CarrierShipment) -> CarrierShipment:
        return shipment

    async def labels(self, shipment: CarrierShipment, request: ShipmentRequest) -> list[LabelFile]:
        return await trio.to_thread.run_sync(self._labels, request)

    def _codes(self, request: ShipmentRequest) -> tuple[str, ...]:
        """The parcels' SSCCs when the shop has a GS1 company prefix (the request's
        ``options["gs1_prefix"]``): serial = order id × 100 + parcel number."""
        prefix = request.options.get("gs1_prefix")
        if not prefix:
            return ()
        return tuple(
            sscc(str(prefix), request.order_id * 100 + number)
            for number in range(1, len(request.parcels) + 1)
        )

    def _labels(self, request: ShipmentRequest) -> list[LabelFile]:
        codes = self._codes(request)
        service = t(f"rules.model.service.{request.service}", self.language)
        files = []
        for number, parcel in enumerate(request.parcels, start=1):
            data = OwnLabelData(
                sender=request.sender or self.sender, receiver=request.receiver,
                reference=request.reference, package=number, packages=len(request.parcels),
                weight_kg=parcel.weight_kg, remarks=request.comments, service=service,
                sscc=codes[number - 1] if codes else None, language=self.language,
            )  # fmt: skip
            try:
                zpl = own_label_zpl(data, dpi=request.dpi, width_mm=self.width_mm,
                                    height_mm=self.height_mm)  # fmt: skip
            except LabelImageError as error:
                params: dict[str, Any] = dict(error.params)
                raise CarrierError(
                    "invalid_request", error.key, retryable=False, **params
                ) from None
            files.append(LabelFile(number, "zpl", zpl.encode("utf-8"),
                                   codes[number - 1] if codes else None, request.dpi))  # fmt: skip
        return files

    async def cancel(self, shipment: CarrierShipment) -> CarrierShipment:
        return CarrierShipment(
            carrier=self.name, shipment_id=shipment.shipment_id,
            state=ShipmentState.CANCELLED, carrier_status="cancelled",
        )  # fmt: skip

    async def tracking(self, shipment: CarrierShipment) -> Tracking:
        return Tracking("own", t("shipping.own_no_tracking", self.language))


__all__ = ["OwnLabels"]

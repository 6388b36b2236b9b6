"""Building the pipeline from the configuration: the writer (Sfera or the simulator), the
renderer of Kolektor's own PDFs, and the step handlers."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import trio

from kolektor.allegro import allegro_app
from kolektor.auth.keys import instance_secret
from kolektor.auth.sealed import Sealer
from kolektor.config import Config
from kolektor.documents.render import render_document
from kolektor.documents.subiekt import read_document
from kolektor.finalize.labels import ShippingLabels, StationPrinter, convert_pdf
from kolektor.finalize.pipeline import Pipeline
from kolektor.finalize.steps import StepEnvironment, build_handlers
from kolektor.finalize.writer import DocumentWriter, SqlLookup
from kolektor.shipping.carrier import Carrier
from kolektor.shipping.own import OwnLabels
from kolektor.store.engine import Store


def simulator_database(connection_string: str) -> Path:
    """The SQLite file behind the demo's ODBC connection string (``Database=…``)."""
    match = re.search(r"(?i)(?:^|;)\s*Database\s*=\s*([^;]+)", connection_string)
    if match is None:
        raise ValueError(
            'subiekt.writer = "simulator" needs Database=<file> in subiekt.connection_string'
        )
    return Path(match.group(1).strip().strip("{}"))


def make_writer(config: Config) -> DocumentWriter:
    if config.subiekt.writer == "simulator":
        from kolektor.finalize.simulator import SimulatorFaults, SubiektSimulator

        return SubiektSimulator(
            simulator_database(config.subiekt.connection_string),
            language=config.language,
            faults=SimulatorFaults.from_environment(),  # only a bench sets it
        )
    from kolektor.finalize.sfera import SferaSettings, SferaWriter

    sfera = config.sfera
    settings = SferaSettings(
        server=sfera.server,
        database=sfera.database,
        operator=sfera.operator,
        operator_password=sfera.operator_password,
        sql_user=sfera.sql_user,
        sql_password=sfera.sql_password,
        start_arguments=sfera.start_arguments,
        warehouse_id=sfera.warehouse_id,
        fiscal_printer_id=sfera.fiscal_printer_id,
        call_timeout=sfera.call_timeout,
        encrypt_passwords=sfera.encrypt_passwords,
        warehouse_from_zk=sfera.warehouse_from_zk,
        invoice_form=sfera.invoice_form,
        dismiss_dialogs=sfera.dismiss_dialogs,
        dynamic_dispatch=sfera.dynamic_dispatch,
        session_retries=sfera.session_retries,
        start_retries=sfera.start_retries,
        in_doubt_wait=sfera.in_doubt_wait,
        mark_remarks=sfera.mark_remarks,
    )
    return SferaWriter(settings, SqlLookup(config.subiekt), language=config.language)


def make_carriers(config: Config, store: Store) -> dict[str, Carrier]:
    """The carriers this installation can buy shipments from: Kolektor's own label always,
    InPost when ``[inpost]`` has an organization and a token, Allegro when ``[allegro]``
    names an application (its seller accounts are connected in the panel).  Blocking (the
    instance secret may be read from its file)."""
    carriers: dict[str, Carrier] = {"own": OwnLabels(language=config.language)}
    app = allegro_app(config)
    if app is not None:
        from kolektor.allegro.client import AllegroClients
        from kolektor.shipping.allegro import AllegroCarrier

        sealer = Sealer(instance_secret(config))
        carriers["allegro"] = AllegroCarrier(AllegroClients(app, store, sealer))
    if config.inpost.configured:
        from kolektor.shipping.inpost import InPostCarrier, InPostSettings

        assert config.inpost.organization_id is not None
        carriers["inpost"] = InPostCarrier(
            InPostSettings(
                config.inpost.url,
                config.inpost.organization_id,
                config.inpost.token,
                timeout=config.inpost.timeout,
                language=config.language,
            )
        )
    return carriers


def build_pipeline(
    config: Config,
    store: Store,
    *,
    worker: str | None = None,
    carriers: Mapping[str, Carrier] | None = None,
    **options: float,
) -> tuple[Pipeline, DocumentWriter]:
    """The pipeline for the steps ``[pipeline] steps`` names (the others are left to the
    process that runs them), with its retry deadline, alert time and step time limit;
    ``carriers`` are the ones the server shares with the office's routes (default: made
    here, :func:`make_carriers`)."""
    writer = make_writer(config)

    def render_pdf(document_id: int) -> bytes:
        return render_document(read_document(config.subiekt, document_id),
                               language=config.language)  # fmt: skip

    environment = StepEnvironment(
        writer=writer,
        store=store,
        render_pdf=render_pdf,
        label_provider=ShippingLabels(
            store,
            make_carriers(config, store) if carriers is None else carriers,
            StationPrinter(config.language),
            convert_pdf,
            language=config.language,
        ),
        writer_limiter=trio.CapacityLimiter(1),
        language=config.language,
    )
    handlers = {
        step: handler
        for step, handler in build_handlers(environment).items()
        if step in config.pipeline.steps
    }
    settings = {
        "retry_for": config.pipeline.retry_hours * 3600,
        "alert_after": config.pipeline.alert_minutes * 60,
        "step_seconds": config.pipeline.step_seconds,
        **options,
    }
    pipeline = Pipeline(
        store,
        handlers,
        worker=worker,
        language=config.language,
        **settings,  # type: ignore[arg-type]
    )
    return pipeline, writer

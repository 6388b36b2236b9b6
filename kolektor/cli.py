"""The ``kolektor`` command: ``serve``, ``demo``, ``check``, ``db upgrade``, ``operator add``.

Exit codes: 0 success, 1 something does not work (``check``), 2 unusable configuration or
command line.  Messages are in Polish unless ``--lang en`` or ``KOLEKTOR_LANG=en``.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import trio

from kolektor.config import DEFAULT_CONFIG_NAME, Config, ConfigError, load_config
from kolektor.i18n import Language, normalize_language, t
from kolektor.logs import configure_logging


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kolektor",
        description="Kolektor — kompletacja zamówień z Subiekta GT"
        " / order fulfilment for Subiekt GT",
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help="plik konfiguracji / configuration file"
        f" (default: $KOLEKTOR_CONFIG or ./{DEFAULT_CONFIG_NAME})",
    )
    parser.add_argument("--lang", choices=["pl", "en"], default=None, help="język / language")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("serve", help="uruchom serwer / run the server")
    work = commands.add_parser(
        "work", help="tylko finalizacja zamówień / only the finalization workers"
    )
    work.add_argument(
        "--once", action="store_true", help="zakończ, gdy nie ma pracy / stop when idle"
    )
    work.add_argument("--name", default=None, help="nazwa pracownika / worker name")
    work.add_argument(
        "--lease-seconds",
        type=float,
        default=300.0,
        help="po ilu sekundach zadanie martwego pracownika wraca do kolejki"
        " / seconds before a dead worker's job is taken over",
    )
    demo = commands.add_parser("demo", help="uruchom demo / run the demo")
    demo.add_argument(
        "--dir", type=Path, default=Path("demo-data"), help="katalog demo / demo folder"
    )
    demo.add_argument("--port", type=int, default=8080)
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--reset", action="store_true", help="utwórz dane od nowa / start afresh")
    demo.add_argument(
        "--prepare-only", action="store_true", help="tylko przygotuj dane / only prepare the data"
    )
    commands.add_parser(
        "check", help="sprawdź konfigurację i połączenia / check config and connections"
    )
    db = commands.add_parser("db", help="magazyn danych / the store")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="DB_COMMAND")
    db_commands.add_parser("upgrade", help="zaktualizuj schemat / migrate the schema")
    operator = commands.add_parser("operator", help="operatorzy / operators")
    operator_commands = operator.add_subparsers(dest="operator_command", required=True)
    add = operator_commands.add_parser("add", help="dodaj operatora / add an operator")
    add.add_argument("--login", required=True)
    add.add_argument("--name", required=True)
    add.add_argument(
        "--role", required=True, choices=["picker", "packer", "supervisor", "office", "admin"]
    )
    add.add_argument("--badge", default=None, help="kod identyfikatora / badge barcode")
    add.add_argument("--pin", default=None, help="PIN (4–8 cyfr / digits)")
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="czytaj hasło z stdin / read password from stdin",
    )
    return parser


def _config_path(arg: Path | None) -> Path:
    if arg is not None:
        return arg
    return Path(os.environ.get("KOLEKTOR_CONFIG", DEFAULT_CONFIG_NAME))


def _load(args: argparse.Namespace, language: Language | None) -> Config:
    return load_config(_config_path(args.config), language=language)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    language = normalize_language(args.lang) if args.lang else None
    try:
        if args.command == "demo":
            from kolektor.demo.run import run_demo

            return run_demo(
                args.dir,
                host=args.host,
                port=args.port,
                reset=args.reset,
                serve=not args.prepare_only,
                language=language,
            )
        config = _load(args, language)
    except ConfigError as error:
        print(error.render(), file=sys.stderr)
        return 2
    configure_logging(config.log_level)
    if args.command == "serve":
        return serve(config)
    if args.command == "work":
        return work(config, once=args.once, name=args.name, lease_seconds=args.lease_seconds)
    if args.command == "check":
        from kolektor.check import run_check

        return run_check(config)
    if args.command == "db":
        return db_upgrade(config)
    if args.command == "operator":
        return add_operator(config, args)
    raise AssertionError(args.command)  # argparse rejects unknown commands


def serve(config: Config) -> int:
    from kolektor.server.serve import serve_until_signal

    def ready(binds: list[str]) -> None:
        for url in binds:
            print(t("serve.listening", config.language, url=url), flush=True)

    trio.run(lambda: serve_until_signal(config, on_ready=ready))
    return 0


def work(config: Config, *, once: bool, name: str | None, lease_seconds: float = 300.0) -> int:
    """Run the finalization pipeline without the HTTP server (a separate worker process,
    e.g. on the Windows machine that has Sfera)."""
    import signal

    from kolektor.finalize.setup import build_pipeline
    from kolektor.store.engine import Store

    store = Store.open(config.store_url)
    store.upgrade()
    pipeline, writer = build_pipeline(config, store, worker=name, lease_seconds=lease_seconds)

    async def main() -> None:
        if once:
            await pipeline.run_until_idle()
            return
        async with trio.open_nursery() as nursery:
            await nursery.start(lambda task_status: pipeline.run(task_status=task_status))
            with trio.open_signal_receiver(signal.SIGINT, signal.SIGTERM) as signals:
                async for _ in signals:
                    nursery.cancel_scope.cancel()
                    break

    try:
        trio.run(main)
    finally:
        writer.close()
        store.close()
    return 0


def db_upgrade(config: Config) -> int:
    from kolektor.store.engine import Store, StoreError

    try:
        store = Store.open(config.store_url)
        try:
            store.upgrade()
            revision = store.current_revision()
        finally:
            store.close()
    except StoreError as error:
        print(t("db.failed", config.language, error=error), file=sys.stderr)
        return 1
    print(t("db.upgraded", config.language, revision=revision))
    return 0


def add_operator(config: Config, args: argparse.Namespace) -> int:
    from kolektor.store import operators
    from kolektor.store.engine import Store, StoreError

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n") or None
    elif args.role in {"office", "admin", "supervisor"}:
        password = getpass.getpass("Hasło / password: ") or None
    else:
        password = None
    try:
        store = Store.open(config.store_url)
        try:
            store.upgrade()
            operator_id = store.run_sync(
                operators.create_operator,
                login=args.login,
                name=args.name,
                role=args.role,
                password=password,
                pin=args.pin,
                badge_code=args.badge,
            )
        finally:
            store.close()
    except (StoreError, ValueError) as error:
        print(str(error), file=sys.stderr)
        return 1
    print(f"{args.login}: id {operator_id}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

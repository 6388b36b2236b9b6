"""The ``kolektor`` command: ``serve``, ``demo``, ``check``, ``db upgrade``, ``operator add``,
``tls ca|cert``.

Exit codes: 0 success, 1 something does not work (``check``; the server cannot start — one
line on stderr says why), 2 unusable configuration or command line.  Messages are in Polish
unless ``--lang en`` or ``KOLEKTOR_LANG=en``.  Every command runs under umask 077, so what
Kolektor creates is private to the user running it.  Secrets never come from arguments (they
stay in the shell history and the process list): they are asked for, or read from stdin.
"""

from __future__ import annotations

import argparse
import errno
import getpass
import os
import socket
import ssl
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import trio

from kolektor.config import DEFAULT_CONFIG_NAME, Config, ConfigError, load_config
from kolektor.i18n import Language, describe, normalize_language, t
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
        default=60.0,
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
    tls = commands.add_parser("tls", help="certyfikaty HTTPS / HTTPS certificates")
    tls_commands = tls.add_subparsers(dest="tls_command", required=True, metavar="TLS_COMMAND")
    tls_ca = tls_commands.add_parser("ca", help="utwórz lokalne CA / create a local CA")
    tls_cert = tls_commands.add_parser(
        "cert", help="wystaw certyfikat serwera / issue the server certificate"
    )
    for tls_command in (tls_ca, tls_cert):
        tls_command.add_argument(
            "--dir", type=Path, default=Path("certs"), help="katalog certyfikatów / folder"
        )
    tls_ca.add_argument("--name", default=None, help="nazwa sklepu / shop name")
    tls_ca.add_argument(
        "--force", action="store_true", help="zastąp istniejące CA / replace the existing CA"
    )
    tls_cert.add_argument(
        "--host",
        action="append",
        required=True,
        help="adres IP lub nazwa serwera, można powtórzyć / server IP or name, repeatable",
    )
    tls_cert.add_argument(
        "--days", type=int, default=397, help="ważność w dniach / validity in days (≤ 397)"
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
    # Refused with advice (a PIN on the command line stays in the shell history).
    add.add_argument("--pin", nargs="?", const="", default=None, help=argparse.SUPPRESS)
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="czytaj hasło z stdin / read password from stdin",
    )
    pin = add.add_mutually_exclusive_group()
    pin.add_argument(
        "--pin-stdin",
        action="store_true",
        help="czytaj PIN z stdin (po haśle, gdy --password-stdin) / read the PIN from stdin"
        " (after the password with --password-stdin); bez tego PIN jest pytany / otherwise"
        " it is asked for",
    )
    pin.add_argument("--no-pin", action="store_true", help="bez PIN-u / without a PIN")
    unlock = operator_commands.add_parser(
        "unlock",
        help="odblokuj konto po nieudanych logowaniach / lift a lockout after failed logins",
    )
    unlock.add_argument("login")
    return parser


def _config_path(arg: Path | None) -> Path:
    if arg is not None:
        return arg
    return Path(os.environ.get("KOLEKTOR_CONFIG", DEFAULT_CONFIG_NAME))


def _load(args: argparse.Namespace, language: Language | None) -> Config:
    return load_config(_config_path(args.config), language=language)


def main(argv: Sequence[str] | None = None) -> int:
    # Whatever Kolektor creates (store, documents, logs, keys) is private to its user.
    previous_umask = os.umask(0o077)
    try:
        return _main(argv)
    finally:
        os.umask(previous_umask)


def _main(argv: Sequence[str] | None) -> int:
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
        if args.command == "tls":
            return tls_command(args, language)
        config = _load(args, language)
    except ConfigError as error:
        print(error.render(), file=sys.stderr)
        return 2
    # The long-running commands write to [logging] file when set; the others, run by a
    # person at a terminal, to standard error.
    log_file = config.logging.file if args.command in {"serve", "work"} else None
    try:
        configure_logging(config.log_level, file=log_file, max_mb=config.logging.max_mb,
                          keep=config.logging.keep)  # fmt: skip
    except OSError as error:
        print(t("log.file_failed", config.language, path=log_file,
                error=error.strerror or error), file=sys.stderr)  # fmt: skip
        return 1
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
        return operator_command(config, args)
    raise AssertionError(args.command)  # argparse rejects unknown commands


def serve(config: Config) -> int:
    def ready(binds: list[str]) -> None:
        for url in binds:
            print(t("serve.listening", config.language, url=url), flush=True)

    return serve_until_stopped(config, ready, port_hint="config")


def serve_until_stopped(
    config: Config, on_ready: Callable[[list[str]], None], *, port_hint: str
) -> int:
    """Serve until SIGINT or SIGTERM and return 0; when the server cannot start, print one
    line saying why and how to fix it on stderr and return 1.

    The TLS certificate and the listening address are tried before anything else starts,
    exactly as Hypercorn will use them; ``port_hint`` (``config`` or ``demo``) says where a
    different port is set."""
    from kolektor.server.serve import serve_until_signal

    problem = _start_problem(config, port_hint)
    if problem is None:
        started = False

        def ready(binds: list[str]) -> None:
            nonlocal started
            started = True
            on_ready(binds)

        try:
            trio.run(lambda: serve_until_signal(config, on_ready=ready))
            return 0
        except Exception as error:
            # Only start-up failures become a line (the address taken meanwhile, the store
            # not opening); anything later is a bug and keeps its traceback.
            problem = None if started else _late_start_problem(error, config, port_hint)
            if problem is None:
                raise
    print(problem, file=sys.stderr, flush=True)
    return 1


def _address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _port_hint(config: Config, port_hint: str) -> str:
    port = config.server.port
    suggestion = port + 1 if port < 65535 else 8080
    if port_hint == "demo":
        return t("serve.port_in_demo", config.language, suggestion=suggestion)
    return t("serve.port_in_config", config.language, suggestion=suggestion, path=config.path)


_ADDRESS_IN_USE = {errno.EADDRINUSE, 10048}  # 10048: WSAEADDRINUSE
_ADDRESS_NOT_HERE = {errno.EADDRNOTAVAIL, 10049}  # 10049: WSAEADDRNOTAVAIL
_NO_PERMISSION = {errno.EACCES, errno.EPERM, 10013}  # 10013: WSAEACCES


def bind_problem(error: OSError, config: Config, port_hint: str) -> str:
    """The one-line explanation of a failure to listen on ``server.host``/``server.port``."""
    host, port, language = config.server.host, config.server.port, config.language
    address = _address(host, port)
    code = getattr(error, "winerror", None) or error.errno
    detail = error.strerror or str(error)
    if code in _ADDRESS_IN_USE:
        return t("serve.address_in_use", language, address=address,
                 how=_port_hint(config, port_hint))  # fmt: skip
    if isinstance(error, PermissionError) or code in _NO_PERMISSION:
        return t("serve.permission_denied", language, address=address, port=port,
                 how=_port_hint(config, port_hint))  # fmt: skip
    if isinstance(error, socket.gaierror) or code in _ADDRESS_NOT_HERE:
        return t("serve.unknown_host", language, address=address, host=host, error=detail)
    return t("serve.bind_failed", language, address=address, error=detail, path=config.path)


def _start_problem(config: Config, port_hint: str) -> str | None:
    """Load the TLS certificate and listen on the address once, as Hypercorn will; the
    explanation when either fails, None when both work."""
    from kolektor.server.serve import hypercorn_config

    hypercorn = hypercorn_config(config)
    try:
        hypercorn.create_ssl_context()
    except (ssl.SSLError, OSError, ValueError) as error:
        detail = getattr(error, "reason", None) or getattr(error, "strerror", None) or error
        return t("serve.tls_failed", config.language, certificate=config.server.tls_certificate,
                 key=config.server.tls_key, error=detail)  # fmt: skip
    try:
        sockets = hypercorn.create_sockets()
    except OSError as error:
        return bind_problem(error, config, port_hint)
    opened = [*sockets.secure_sockets, *sockets.insecure_sockets, *sockets.quic_sockets]
    try:
        for sock in opened:
            if sock.type == socket.SOCK_STREAM:
                sock.listen()
    except OSError as error:
        return bind_problem(error, config, port_hint)
    finally:
        for sock in opened:
            sock.close()
    return None


def _leaves(error: BaseException) -> Iterator[BaseException]:
    """The exceptions inside (nested) exception groups; Trio wraps what its tasks raise."""
    if isinstance(error, BaseExceptionGroup):
        for inner in error.exceptions:
            yield from _leaves(inner)
    else:
        yield error


def store_problem(error: Exception, language: Language, key: str) -> str:
    """The line saying why the store could not be used: ``key`` with the error, or, when
    the store was migrated by a newer Kolektor, what to install."""
    from kolektor.store.engine import StoreNewerError

    if isinstance(error, StoreNewerError):
        return t("check.store_newer", language, url=error.url, revision=error.revision,
                 head=error.head)  # fmt: skip
    return t(key, language, error=describe(error, language))


def _late_start_problem(error: BaseException, config: Config, port_hint: str) -> str | None:
    from kolektor.store.engine import StoreError

    for leaf in _leaves(error):
        if isinstance(leaf, StoreError):
            return store_problem(leaf, config.language, "serve.store_failed")
        if isinstance(leaf, OSError) and (
            (getattr(leaf, "winerror", None) or leaf.errno) in _ADDRESS_IN_USE
        ):
            return bind_problem(leaf, config, port_hint)
    return None


def tls_command(args: argparse.Namespace, language: Language | None) -> int:
    """``kolektor tls ca|cert`` — needs no kolektor.toml (it usually comes before one)."""
    from kolektor import tls

    if args.tls_command == "ca":
        return tls.command_ca(
            args.dir,
            name=args.name,
            force=args.force,
            language=language,
            out=sys.stdout,
            err=sys.stderr,
        )
    return tls.command_cert(
        args.dir,
        hosts=args.host,
        days=args.days,
        config_dir=_config_path(args.config).parent,
        language=language,
        out=sys.stdout,
        err=sys.stderr,
    )


def work(config: Config, *, once: bool, name: str | None, lease_seconds: float = 60.0) -> int:
    """Run the finalization pipeline without the HTTP server (a separate worker process,
    e.g. on the Windows machine that has Sfera)."""
    import signal

    from kolektor.finalize.pipeline import Leftover
    from kolektor.finalize.setup import build_pipeline
    from kolektor.store.engine import Store, StoreError
    from kolektor.supervise import Supervisor

    try:
        store = Store.open(config.store_url)
    except StoreError as error:
        print(store_problem(error, config.language, "work.store_failed"), file=sys.stderr)
        return 1
    try:
        store.upgrade(badge_key=_badge_key(config))
    except StoreError as error:
        store.close()
        print(store_problem(error, config.language, "work.store_failed"), file=sys.stderr)
        return 1
    pipeline, writer = build_pipeline(config, store, worker=name, lease_seconds=lease_seconds)
    left = Leftover()

    async def main() -> None:
        nonlocal left
        if once:
            left = await pipeline.run_until_idle()
            return
        async with trio.open_nursery() as nursery:
            await Supervisor().start(nursery, "pipeline", pipeline.run)
            with trio.open_signal_receiver(signal.SIGINT, signal.SIGTERM) as signals:
                async for _ in signals:
                    nursery.cancel_scope.cancel()
                    break

    try:
        trio.run(main)
    finally:
        writer.close()
        store.close()
    if not left.nothing:
        print(t("work.left", config.language, waiting=left.waiting,
                leased=left.leased_elsewhere), file=sys.stderr)  # fmt: skip
        return 1
    return 0


def _badge_key(config: Config) -> bytes:
    """The instance's badge key: operators' badges are stored hashed with it, and the
    migration that hashes badges kept in plain text needs it (blocking)."""
    from kolektor.auth.keys import badge_key

    return badge_key(config)


def db_upgrade(config: Config) -> int:
    from kolektor.store.engine import Store, StoreError

    try:
        key = _badge_key(config)
        store = Store.open(config.store_url)
        try:
            store.upgrade(badge_key=key)
            revision = store.current_revision()
        finally:
            store.close()
    except StoreError as error:
        print(store_problem(error, config.language, "db.failed"), file=sys.stderr)
        return 1
    print(t("db.upgraded", config.language, revision=revision))
    return 0


def operator_command(config: Config, args: argparse.Namespace) -> int:
    if args.operator_command == "add":
        return add_operator(config, args)
    if args.operator_command == "unlock":
        return unlock_operator(config, args.login)
    raise AssertionError(args.operator_command)  # argparse rejects unknown commands


def unlock_operator(config: Config, login: str) -> int:
    """Lift a lockout from the command line (e.g. the only admin locked themselves out)."""
    from kolektor.store import operators
    from kolektor.store.engine import Store, StoreError

    try:
        store = Store.open(config.store_url)
        try:
            found = store.read_sync(operators.get_by_login, login)
            if found is None:
                print(t("operator.unknown_login", config.language, login=login), file=sys.stderr)
                return 1
            store.run_sync(operators.unlock, found.id, actor="cli")
        finally:
            store.close()
    except StoreError as error:
        print(describe(error, config.language), file=sys.stderr)
        return 1
    print(t("operator.unlocked", config.language, login=found.login))
    return 0


PIN_ATTEMPTS = 3
"""How many times ``operator add`` asks for a PIN (typed twice) before giving up."""


class _Refused(Exception):
    """The command cannot go on; ``str()`` is the message, :attr:`exit_code` the code."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _stdin_lines(args: argparse.Namespace, language: Language) -> list[str]:
    """The lines ``--password-stdin`` and ``--pin-stdin`` ask for, in that order."""
    wanted = [
        key for key, asked in (("password", args.password_stdin), ("pin", args.pin_stdin)) if asked
    ]
    lines = []
    for number, key in enumerate(wanted, start=1):
        line = sys.stdin.readline()
        if not line:
            what = t(f"operator.stdin_{key}", language)
            raise _Refused(t("operator.stdin_missing", language, line=number, what=what), 2)
        lines.append(line.rstrip("\r\n"))
    return lines


def _ask_pin(language: Language) -> str:
    """Ask for the PIN twice without echo until both agree and it is 4–8 digits."""
    from kolektor.store.operators import OperatorError, validate_pin

    for _ in range(PIN_ATTEMPTS):
        pin = getpass.getpass(t("operator.pin_prompt", language))
        try:
            validate_pin(pin)
        except OperatorError as error:
            print(error.message(language), file=sys.stderr)
            continue
        if getpass.getpass(t("operator.pin_repeat", language)) == pin:
            return pin
        print(t("operator.pin_mismatch", language), file=sys.stderr)
    raise _Refused(t("operator.pin_gave_up", language, attempts=PIN_ATTEMPTS), 1)


def _operator_secrets(
    args: argparse.Namespace, language: Language
) -> tuple[str | None, str | None]:
    """The new operator's password and PIN, from stdin or asked for; never from argv."""
    from kolektor.store.operators import SCANNER_ROLES, OperatorError, validate_pin

    if args.pin is not None:
        raise _Refused(t("operator.pin_argument", language), 2)
    ask_pin = args.role in SCANNER_ROLES and not (args.pin_stdin or args.no_pin)
    if ask_pin and not sys.stdin.isatty():  # refused before anything is asked or read
        raise _Refused(t("operator.pin_no_terminal", language, role=args.role), 2)
    lines = _stdin_lines(args, language)
    password: str | None = None
    if args.password_stdin:
        password = lines.pop(0) or None
    elif args.role in {"office", "admin", "supervisor"}:
        password = getpass.getpass(t("operator.password_prompt", language)) or None
    pin: str | None = None
    if args.pin_stdin:
        pin = lines.pop(0)
        try:
            validate_pin(pin)
        except OperatorError as error:
            raise _Refused(error.message(language), 1) from None
    elif ask_pin:
        pin = _ask_pin(language)
    return password, pin


def add_operator(config: Config, args: argparse.Namespace) -> int:
    from kolektor.store import operators
    from kolektor.store.engine import Store, StoreError

    try:
        password, pin = _operator_secrets(args, config.language)
    except _Refused as refused:
        print(refused, file=sys.stderr)
        return refused.exit_code
    try:
        badge_key = _badge_key(config)
        store = Store.open(config.store_url)
        try:
            store.upgrade(badge_key=badge_key)
            operator_id = store.run_sync(
                operators.create_operator,
                login=args.login,
                name=args.name,
                role=args.role,
                password=password,
                pin=pin,
                badge_code=args.badge,
                badge_key=badge_key,
            )
        finally:
            store.close()
    except operators.OperatorError as error:
        print(error.message(config.language), file=sys.stderr)
        return 1
    except StoreError as error:
        print(store_problem(error, config.language, "db.failed"), file=sys.stderr)
        return 1
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return 1
    print(f"{args.login}: id {operator_id}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

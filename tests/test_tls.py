"""HTTPS: the local CA and server certificates, ``kolektor check`` on the configured
certificate, ``kolektor tls ca|cert``, and the real server over https:// and wss://."""

from __future__ import annotations

import json
import os
import ssl
import stat
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from ipaddress import ip_address
from pathlib import Path

import httpx
import pytest
import trio
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from trio_websocket import open_websocket_url

from kolektor.cli import main
from kolektor.config import Config, ServerSettings, load_config, render_config
from kolektor.demo.generator import DemoSummary
from kolektor.demo.run import DEMO_EXTERNAL_ID_RULES, odbc_connection_string
from kolektor.server.serve import run_server
from kolektor.store.engine import Store
from kolektor.tls import (
    CA_CERTIFICATE,
    CA_DAYS,
    CA_KEY,
    SERVER_CERTIFICATE,
    SERVER_DAYS,
    SERVER_KEY,
    TlsError,
    check_tls,
    covers,
    create_ca,
    issue_server_certificate,
    parse_host,
)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """Umask 0: a file is then only private if it was created with mode 0600 itself."""
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


def certificates(path: Path) -> list[x509.Certificate]:
    return x509.load_pem_x509_certificates(path.read_bytes())


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def config_with_tls(
    folder: Path, certificate: Path | None, key: Path | None, *, host: str = "0.0.0.0"
) -> Config:
    """A real kolektor.toml naming the files relative to itself, loaded the usual way."""
    lines = "[server]\n"
    for name, path in (("tls_certificate", certificate), ("tls_key", key)):
        if path is not None:
            lines += f'{name} = "{path.relative_to(folder).as_posix()}"\n'
    text = render_config(connection_string="DSN=nothing", host=host, language="en")
    path = folder / "kolektor.toml"
    path.write_text(text.replace("[server]\n", lines, 1), encoding="utf-8")
    return load_config(path)


# --- the CA and server certificates -------------------------------------------------------


def test_ca_is_a_ten_year_ca_that_signs_only_certificates(tmp_path: Path, open_umask: None) -> None:
    folder = tmp_path / "certs"
    create_ca(folder, name="Sklep Testowy", language="pl")

    (ca,) = certificates(folder / CA_CERTIFICATE)
    assert ca.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == (
        "Kolektor — lokalne CA (Sklep Testowy)"
    )
    assert ca.issuer == ca.subject
    ca.verify_directly_issued_by(ca)
    constraints = ca.extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.critical
    assert constraints.value.ca and constraints.value.path_length == 0
    usage = ca.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical
    assert usage.value.key_cert_sign and usage.value.crl_sign
    assert not usage.value.digital_signature
    assert ca.not_valid_after_utc - ca.not_valid_before_utc == timedelta(days=CA_DAYS)
    assert ca.not_valid_before_utc <= datetime.now(UTC)
    assert CA_DAYS >= 10 * 365

    assert mode(folder / CA_KEY) == 0o600
    key = serialization.load_pem_private_key((folder / CA_KEY).read_bytes(), password=None)
    assert key.public_key() == ca.public_key()


def test_server_certificate_names_addresses_and_chains_to_the_ca(
    tmp_path: Path, open_umask: None
) -> None:
    folder = tmp_path / "certs"
    create_ca(folder, name="Sklep Testowy")
    issued = issue_server_certificate(folder, ["192.168.1.10", "Kolektor.Local", "::1"])

    leaf, ca = certificates(folder / SERVER_CERTIFICATE)
    assert leaf == issued.certificate
    assert ca == certificates(folder / CA_CERTIFICATE)[0]
    leaf.verify_directly_issued_by(ca)
    names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.IPAddress) == [
        ip_address("192.168.1.10"),
        ip_address("::1"),
    ]
    assert names.get_values_for_type(x509.DNSName) == ["kolektor.local"]
    usage = leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(usage) == [ExtendedKeyUsageOID.SERVER_AUTH]
    assert not leaf.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert leaf.not_valid_after_utc - leaf.not_valid_before_utc == timedelta(days=SERVER_DAYS)
    assert SERVER_DAYS == 397
    assert mode(folder / SERVER_KEY) == 0o600
    key = serialization.load_pem_private_key((folder / SERVER_KEY).read_bytes(), password=None)
    assert key.public_key() == leaf.public_key()

    # Python's own verifier (what every client does) accepts it for its names only.
    context = ssl.create_default_context(cafile=folder / CA_CERTIFICATE)
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(folder / SERVER_CERTIFICATE, folder / SERVER_KEY)
    for name, accepted in (("kolektor.local", True), ("192.168.1.10", True), ("other", False)):
        assert handshake(context, server, name) == accepted, name

    # Renewal: a new key and certificate from the same CA.
    renewed = issue_server_certificate(folder, ["192.168.1.10"], days=30)
    assert renewed.certificate.serial_number != leaf.serial_number
    assert certificates(folder / SERVER_CERTIFICATE)[0] == renewed.certificate
    assert renewed.certificate.not_valid_after_utc - renewed.certificate.not_valid_before_utc == (
        timedelta(days=30)
    )
    assert (
        serialization.load_pem_private_key(
            (folder / SERVER_KEY).read_bytes(), password=None
        ).public_key()
        == renewed.certificate.public_key()
    )
    assert mode(folder / SERVER_KEY) == 0o600


def handshake(client: ssl.SSLContext, server: ssl.SSLContext, hostname: str) -> bool:
    """A TLS handshake in memory: whether ``client`` accepts ``server`` as ``hostname``."""
    client_in, client_out = ssl.MemoryBIO(), ssl.MemoryBIO()
    server_in, server_out = ssl.MemoryBIO(), ssl.MemoryBIO()
    client_side = client.wrap_bio(client_in, client_out, server_hostname=hostname)
    server_side = server.wrap_bio(server_in, server_out, server_side=True)
    for _ in range(10):
        for side in (client_side, server_side):
            try:
                side.do_handshake()
            except ssl.SSLWantReadError:
                continue
            except ssl.SSLCertVerificationError:
                return False
            if side is client_side:
                return True
        server_in.write(client_out.read())
        client_in.write(server_out.read())
    raise AssertionError("the handshake did not finish")


def test_an_existing_ca_is_kept_unless_forced(tmp_path: Path) -> None:
    folder = tmp_path / "certs"
    create_ca(folder, name="Sklep")
    before = (folder / CA_CERTIFICATE).read_bytes(), (folder / CA_KEY).read_bytes()
    with pytest.raises(TlsError) as refused:
        create_ca(folder, name="Sklep")
    assert "already exists" in refused.value.render("en")
    assert ((folder / CA_CERTIFICATE).read_bytes(), (folder / CA_KEY).read_bytes()) == before

    create_ca(folder, name="Sklep", force=True)
    assert (folder / CA_CERTIFICATE).read_bytes() != before[0]
    assert (folder / CA_KEY).read_bytes() != before[1]


@pytest.mark.parametrize(
    "host", ["https://kolektor.local", "kolektor.local:8443", "sklep_1.local", "192.168.1", ""]
)
def test_what_is_not_an_address_or_a_name_is_refused(host: str) -> None:
    with pytest.raises(TlsError):
        parse_host(host)


def test_server_certificates_stay_within_397_days(tmp_path: Path) -> None:
    create_ca(tmp_path)
    for days in (0, SERVER_DAYS + 1):
        with pytest.raises(TlsError) as refused:
            issue_server_certificate(tmp_path, ["127.0.0.1"], days=days)
        assert "1 to 397 days" in refused.value.render("en")
    assert not (tmp_path / SERVER_CERTIFICATE).exists()


def test_a_certificate_needs_the_ca(tmp_path: Path) -> None:
    with pytest.raises(TlsError) as refused:
        issue_server_certificate(tmp_path, ["127.0.0.1"])
    assert "kolektor tls ca --dir" in refused.value.render("en")


def test_wildcard_names_cover_one_label() -> None:
    names = [parse_host("*.sklep.pl"), parse_host("10.0.0.5")]
    assert covers(names, "kolektor.sklep.pl")
    assert covers(names, "KOLEKTOR.sklep.pl.")
    assert not covers(names, "sklep.pl")
    assert not covers(names, "a.b.sklep.pl")
    assert covers(names, "10.0.0.5")
    assert not covers(names, "10.0.0.6")


# --- kolektor check ---------------------------------------------------------------------


@pytest.fixture
def certs(tmp_path: Path) -> Path:
    folder = tmp_path / "certs"
    create_ca(folder, name="Sklep")
    return folder


def test_check_without_tls_says_plain_http_is_for_loopback_or_trusted_networks(
    tmp_path: Path,
) -> None:
    works, message = check_tls(config_with_tls(tmp_path, None, None))
    assert works
    assert "plain HTTP" in message
    assert "127.0.0.1 or on a trusted network" in message
    assert "docs/tls.md" in message


def test_check_accepts_a_good_certificate(tmp_path: Path, certs: Path) -> None:
    issued = issue_server_certificate(certs, ["192.168.1.10", "kolektor.local"])
    for host in ("0.0.0.0", "::", "192.168.1.10", "kolektor.local"):
        config = config_with_tls(tmp_path, issued.chain_path, issued.key_path, host=host)
        works, message = check_tls(config)
        assert works, message
        until = issued.certificate.not_valid_after_utc.date()
        assert message == (
            f"HTTPS ({issued.chain_path}): certificate for 192.168.1.10, kolektor.local,"
            f" valid until {until} (396 days left)"
        )


def test_check_warns_a_month_before_expiry(tmp_path: Path, certs: Path) -> None:
    issued = issue_server_certificate(certs, ["192.168.1.10"], days=29)
    works, message = check_tls(config_with_tls(tmp_path, issued.chain_path, issued.key_path))
    assert not works
    assert "expires on" in message
    assert f"kolektor tls cert --dir {certs} --host 192.168.1.10" in message

    issued = issue_server_certificate(certs, ["192.168.1.10"], days=32)
    works, message = check_tls(config_with_tls(tmp_path, issued.chain_path, issued.key_path))
    assert works, message


def test_check_fails_an_expired_certificate(tmp_path: Path, certs: Path) -> None:
    long_ago = datetime.now(UTC) - timedelta(days=SERVER_DAYS + 1)
    issued = issue_server_certificate(certs, ["192.168.1.10"], now=long_ago)
    config = config_with_tls(tmp_path, issued.chain_path, issued.key_path)
    works, message = check_tls(config)
    assert not works
    assert "expired on" in message and "kolektor tls cert" in message

    works, message = check_tls(config, now=long_ago - timedelta(days=1))
    assert not works
    assert "check this computer's clock" in message


def test_check_fails_a_key_of_another_certificate(tmp_path: Path, certs: Path) -> None:
    issued = issue_server_certificate(certs, ["192.168.1.10"])
    other = tmp_path / "other"
    create_ca(other)
    other_issued = issue_server_certificate(other, ["192.168.1.10"])
    config = config_with_tls(tmp_path, issued.chain_path, other_issued.key_path)
    works, message = check_tls(config)
    assert not works
    assert f"the key {other_issued.key_path} does not belong to the certificate" in message


def test_check_names_a_host_missing_from_the_certificate(tmp_path: Path, certs: Path) -> None:
    issued = issue_server_certificate(certs, ["192.168.1.10", "kolektor.local"])
    config = config_with_tls(tmp_path, issued.chain_path, issued.key_path, host="192.168.1.20")
    works, message = check_tls(config)
    assert not works
    assert "192.168.1.20 from [server] host is not in the certificate" in message
    assert "--host 192.168.1.10 --host kolektor.local --host 192.168.1.20" in message


def test_check_fails_a_chain_out_of_order_and_an_encrypted_key(tmp_path: Path, certs: Path) -> None:
    issued = issue_server_certificate(certs, ["192.168.1.10"])
    other = tmp_path / "other"
    create_ca(other)
    wrong_chain = tmp_path / "wrong.crt"
    leaf = issued.certificate.public_bytes(serialization.Encoding.PEM)
    wrong_chain.write_bytes(leaf + (other / CA_CERTIFICATE).read_bytes())
    works, message = check_tls(config_with_tls(tmp_path, wrong_chain, issued.key_path))
    assert not works
    assert "certificate no. 1 is not signed by the next one" in message

    key = serialization.load_pem_private_key(issued.key_path.read_bytes(), password=None)
    encrypted = tmp_path / "encrypted.key"
    encrypted.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"haslo"),
        )
    )
    works, message = check_tls(config_with_tls(tmp_path, issued.chain_path, encrypted))
    assert not works
    assert "encrypted with a passphrase" in message


def test_kolektor_check_prints_the_https_line(
    tmp_path: Path, certs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    issued = issue_server_certificate(certs, ["192.168.1.10"], days=20)
    config = config_with_tls(tmp_path, issued.chain_path, issued.key_path)
    main(["--config", str(config.path), "--lang", "en", "check"])  # Subiekt is not there
    out = capsys.readouterr().out
    assert f"  ✗ HTTPS ({issued.chain_path}): the certificate expires on" in out


# --- kolektor tls ca / cert -------------------------------------------------------------


def test_cli_makes_a_ca_and_a_certificate_without_a_configuration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "certs"
    config = tmp_path / "kolektor.toml"  # does not exist yet: the commands do not need it
    ca = ["--config", str(config), "--lang", "en", "tls", "ca", "--dir", str(folder)]
    assert main([*ca, "--name", "Sklep X"]) == 0
    out = capsys.readouterr().out
    assert "Created the local CA “Kolektor — local CA (Sklep X)”" in out

    assert main(ca) == 1
    assert "already exists" in capsys.readouterr().err

    cert = ["--config", str(config), "--lang", "en", "tls", "cert", "--dir", str(folder)]
    assert main([*cert, "--host", "127.0.0.1", "--host", "kolektor.local"]) == 0
    out = capsys.readouterr().out
    assert "Server certificate for 127.0.0.1, kolektor.local" in out
    assert "Settings → Security → Encryption & credentials → Install a certificate" in out
    assert "certutil -addstore -f Root kolektor-ca.crt" in out
    snippet = out.split("[server]\n", 1)[1].split("\n\n", 1)[0]
    assert snippet == 'tls_certificate = "certs/kolektor.crt"\ntls_key = "certs/kolektor.key"'

    # What it says to write into kolektor.toml is a working HTTPS configuration.
    text = render_config(connection_string="DSN=nothing", language="en")
    config.write_text(text.replace("[server]\n", f"[server]\n{snippet}\n", 1), "utf-8")
    loaded = load_config(config)
    assert loaded.server.tls
    assert check_tls(loaded)[0]

    assert main(["--lang", "pl", "tls", "cert", "--dir", str(folder), "--host", "x/y"]) == 1
    assert "nie jest adresem IP ani nazwą DNS" in capsys.readouterr().err


def test_cli_tls_ca_force_replaces_the_ca(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "certs"
    assert main(["tls", "ca", "--dir", str(folder)]) == 0
    before = (folder / CA_KEY).read_bytes()
    assert main(["--lang", "en", "tls", "ca", "--dir", str(folder), "--force"]) == 0
    assert "Devices trusting the previous one will not trust" in capsys.readouterr().out
    assert (folder / CA_KEY).read_bytes() != before


def causes(error: BaseException | None) -> Iterator[BaseException]:
    while error is not None:
        yield error
        error = error.__cause__ or error.__context__


# --- the real server over HTTPS and WSS ---------------------------------------------------


async def test_server_speaks_https_and_wss_with_the_local_ca(
    subiekt_db: DemoSummary, tmp_path: Path
) -> None:
    folder = tmp_path / "certs"
    create_ca(folder, name="Test")
    issued = issue_server_certificate(folder, ["127.0.0.1"])
    path = tmp_path / "kolektor.toml"
    path.write_text(
        render_config(
            connection_string=odbc_connection_string(subiekt_db.path),
            extra=DEMO_EXTERNAL_ID_RULES,
        ),
        encoding="utf-8",
    )
    config = load_config(path)
    config = replace(
        config,
        server=ServerSettings(
            host="127.0.0.1", port=0, tls_certificate=issued.chain_path, tls_key=issued.key_path
        ),
        subiekt=replace(config.subiekt, poll_interval=3600),
    )
    store = Store.open(config.store_url)
    async with trio.open_nursery() as server:
        binds = await server.start(
            lambda task_status: run_server(config, store=store, task_status=task_status)
        )
        assert binds[0].startswith("https://127.0.0.1:")  # what kolektor serve prints
        port = int(binds[0].rsplit(":", 1)[1])
        trusting = ssl.create_default_context(cafile=folder / CA_CERTIFICATE)

        with trio.fail_after(30):
            async with httpx.AsyncClient(verify=trusting) as client:
                health = await client.get(f"https://127.0.0.1:{port}/health")
            assert health.status_code == 200
            assert health.json()["status"] in {"ok", "degraded", "starting"}

            # A device without the CA installed refuses the certificate.
            async with httpx.AsyncClient() as client:
                with pytest.raises(httpx.ConnectError) as refused:
                    await client.get(f"https://127.0.0.1:{port}/health")
            assert any(
                isinstance(error, ssl.SSLCertVerificationError) for error in causes(refused.value)
            )

            # Plain HTTP on the HTTPS port gets no answer.
            async with httpx.AsyncClient() as client:
                try:
                    plain = await client.get(f"http://127.0.0.1:{port}/health")
                except httpx.TransportError:
                    pass
                else:
                    assert plain.status_code != 200

            async with open_websocket_url(
                f"wss://127.0.0.1:{port}/scanner/ws", ssl_context=trusting
            ) as socket:
                await socket.send_message(
                    json.dumps({"v": 1, "type": "hello", "device_id": "tls-1"})
                )
                reply = json.loads(await socket.get_message())
            assert reply["type"] == "welcome", reply
        server.cancel_scope.cancel()
    store.close()

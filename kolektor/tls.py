"""HTTPS for Kolektor: a small local certificate authority (CA), server certificates it
signs, and the ``kolektor check`` line about the configured certificate.

A shop without a certificate of its own runs ``kolektor tls ca`` once and ``kolektor tls
cert`` for the server's addresses; the CA certificate (never its key) is then installed on the
handhelds and office PCs, which trust every server certificate the CA signs (docs/tls.md).

Server certificates are valid for :data:`SERVER_DAYS` (397) days.  Browsers' root programmes
(Apple, Google, Mozilla, the CA/Browser Forum rules) accept public server certificates valid
for at most 398 days, and Apple devices refuse *any* TLS server certificate valid for more
than 825 days, whatever CA signed it.  Chrome and Android do not apply the 398-day limit to a
user-installed CA today, but a certificate inside it is accepted by every client whatever
policy it applies; 397 stays one day under because validity counts both ends, as public CAs
do.  ``kolektor check`` warns :data:`EXPIRY_WARNING_DAYS` days before the end.

Keys are ECDSA P-256 (accepted by every browser and Android version in use), written with
mode 0600 from the start; files are replaced atomically, so a server starting meanwhile reads
either the old or the new file, never half of one.
"""

from __future__ import annotations

import ipaddress
import itertools
import os
import re
import socket
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes, PublicKeyTypes
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kolektor.config import Config
from kolektor.i18n import Language, t

CA_CERTIFICATE = "kolektor-ca.crt"
CA_KEY = "kolektor-ca.key"
SERVER_CERTIFICATE = "kolektor.crt"
"""The chain: the server certificate, then the CA certificate."""
SERVER_KEY = "kolektor.key"

CA_DAYS = 3652
"""Ten years (with their leap days): the CA is installed on every device once."""
SERVER_DAYS = 397
EXPIRY_WARNING_DAYS = 30
BACKDATE = timedelta(hours=1)
"""Certificates start an hour early, so a handheld whose clock is a little behind does not
see a certificate that is "not valid yet"."""

ANY_ADDRESS = frozenset({"", "0.0.0.0", "::"})
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_NAME_LIMIT = 64  # RFC 5280 ub-common-name

SigningKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
Host = x509.DNSName | x509.IPAddress


class TlsError(Exception):
    """A certificate or key cannot be made or used; :meth:`render` says why."""

    def __init__(self, message: str, /, **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.params = params

    def render(self, language: Language | None = None) -> str:
        return t(self.message, language, **self.params)


@dataclass(frozen=True, slots=True)
class Authority:
    certificate: x509.Certificate
    key: SigningKey


@dataclass(frozen=True, slots=True)
class Issued:
    certificate: x509.Certificate
    chain_path: Path
    key_path: Path


def parse_host(text: str) -> Host:
    """An IP address or a DNS name (``*.`` allowed as the first label) for the SAN."""
    value = text.strip()
    try:
        return x509.IPAddress(ipaddress.ip_address(value))
    except ValueError:
        pass
    try:
        name = value.rstrip(".").encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise TlsError("tls.bad_host", host=text) from None
    labels = name.split(".")
    wildcard = labels[0] == "*" and len(labels) > 2
    checked = labels[1:] if wildcard else labels
    if (
        not name
        or len(name) > 253
        or not all(_LABEL.fullmatch(label) for label in checked)
        or labels[-1].isdigit()
    ):
        raise TlsError("tls.bad_host", host=text)
    return x509.DNSName(name)


def host_text(host: Host) -> str:
    return str(host.value)


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def _fit(text: str, limit: int = _NAME_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _write(path: Path, data: bytes, *, private: bool) -> None:
    """Write ``data`` to ``path`` atomically; a private file is 0600 from its creation."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    descriptor = os.open(
        temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if private else 0o644
    )
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _key_pem(key: SigningKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _cert_pem(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


def _public_der(key: PublicKeyTypes) -> bytes:
    return key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def create_ca(
    directory: Path,
    *,
    name: str | None = None,
    language: Language | None = None,
    force: bool = False,
    now: datetime | None = None,
) -> Authority:
    """Create the CA's key and self-signed certificate in ``directory``.

    Refuses (:class:`TlsError`) to replace an existing CA unless ``force``: every device
    trusting the old CA would have to get the new one."""
    certificate_path, key_path = directory / CA_CERTIFICATE, directory / CA_KEY
    existing = [path for path in (certificate_path, key_path) if path.exists()]
    if existing and not force:
        raise TlsError("tls.ca_exists", path=existing[0], dir=directory)
    shop = (name or "").strip() or socket.gethostname()
    empty_name = len(t("tls.ca_common_name", language, shop=""))
    common_name = t("tls.ca_common_name", language, shop=_fit(shop, _NAME_LIMIT - empty_name))
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Kolektor"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    key = ec.generate_private_key(ec.SECP256R1())
    start = _now(now) - BACKDATE
    public = key.public_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=CA_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    directory.mkdir(parents=True, exist_ok=True)
    _write(key_path, _key_pem(key), private=True)
    _write(certificate_path, _cert_pem(certificate), private=False)
    return Authority(certificate, key)


def load_ca(directory: Path) -> Authority:
    certificate_path, key_path = directory / CA_CERTIFICATE, directory / CA_KEY
    if not certificate_path.is_file() or not key_path.is_file():
        raise TlsError("tls.no_ca", dir=directory)
    certificate = _load_certificates(certificate_path)[0]
    key = _load_key(key_path)
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise TlsError("tls.not_key", path=key_path)
    if _public_der(key.public_key()) != _public_der(certificate.public_key()):
        raise TlsError("tls.key_mismatch", certificate=certificate_path, key=key_path)
    return Authority(certificate, key)


def issue_server_certificate(
    directory: Path,
    hosts: Sequence[str],
    *,
    days: int = SERVER_DAYS,
    now: datetime | None = None,
) -> Issued:
    """Sign a server certificate for ``hosts`` (IP addresses and DNS names) with the CA in
    ``directory``; write its key and the chain (server certificate, CA certificate)."""
    if not 1 <= days <= SERVER_DAYS:
        raise TlsError("tls.bad_days", days=days, limit=SERVER_DAYS)
    names: list[Host] = []
    for text in hosts:
        host = parse_host(text)
        if host not in names:
            names.append(host)
    if not names:
        raise TlsError("tls.no_hosts")
    authority = load_ca(directory)
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key()
    start = _now(now) - BACKDATE
    certificate = (
        x509.CertificateBuilder()
        .subject_name(
            x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, _fit(host_text(names[0])))])
        )
        .issuer_name(authority.certificate.subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=days))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(authority.key.public_key()),
            critical=False,
        )
        .sign(authority.key, hashes.SHA256())
    )
    chain_path, key_path = directory / SERVER_CERTIFICATE, directory / SERVER_KEY
    _write(key_path, _key_pem(key), private=True)
    _write(chain_path, _cert_pem(certificate) + _cert_pem(authority.certificate), private=False)
    return Issued(certificate, chain_path, key_path)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise TlsError("tls.unreadable", path=path, error=error.strerror or error) from None


def _load_certificates(path: Path) -> list[x509.Certificate]:
    try:
        certificates = x509.load_pem_x509_certificates(_read(path))
    except ValueError:
        raise TlsError("tls.not_certificate", path=path) from None
    return certificates


def _load_key(path: Path) -> PrivateKeyTypes:
    try:
        return serialization.load_pem_private_key(_read(path), password=None)
    except TypeError:
        raise TlsError("tls.key_encrypted", path=path) from None
    except (ValueError, UnsupportedAlgorithm):
        raise TlsError("tls.not_key", path=path) from None


def load_server_pair(certificate_path: Path, key_path: Path) -> list[x509.Certificate]:
    """The chain in ``certificate_path`` (server certificate first), checked the way the
    server will use it: every certificate signed by the next, the key belonging to the first,
    and Python's ``ssl`` (what Hypercorn uses) accepting the pair."""
    chain = _load_certificates(certificate_path)
    key = _load_key(key_path)
    if _public_der(key.public_key()) != _public_der(chain[0].public_key()):
        raise TlsError("tls.key_mismatch", certificate=certificate_path, key=key_path)
    for position, (certificate, issuer) in enumerate(itertools.pairwise(chain)):
        try:
            certificate.verify_directly_issued_by(issuer)
        except (ValueError, TypeError, InvalidSignature):
            raise TlsError(
                "tls.chain_order", path=certificate_path, position=position + 1
            ) from None
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        context.load_cert_chain(certificate_path, key_path)
    except ssl.SSLError as error:
        raise TlsError("tls.ssl_rejected", error=error.reason or error) from None
    return chain


def subject_names(certificate: x509.Certificate) -> list[Host]:
    try:
        extension = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    except x509.ExtensionNotFound:
        return []
    return [name for name in extension.value if isinstance(name, x509.DNSName | x509.IPAddress)]


def covers(names: Sequence[Host], host: str) -> bool:
    """Whether a browser asking for ``host`` accepts a certificate for ``names``."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        wanted = host.rstrip(".").lower()
        for name in names:
            if not isinstance(name, x509.DNSName):
                continue
            pattern = name.value.lower()
            if pattern == wanted:
                return True
            if pattern.startswith("*.") and "." in wanted:
                first, rest = wanted.split(".", 1)
                if first and rest == pattern[2:]:
                    return True
        return False
    return any(isinstance(name, x509.IPAddress) and name.value == address for name in names)


def _renew_fix(language: Language, path: Path, names: Sequence[Host]) -> str:
    hosts = " ".join(f"--host {host_text(name)}" for name in names) or "--host …"
    return t("tls.renew_fix", language, dir=path.parent, hosts=hosts)


def check_tls(config: Config, *, now: datetime | None = None) -> tuple[bool, str]:
    """``kolektor check``: whether HTTPS will work with the configured certificate and key,
    and warnings for an ending certificate or a ``[server] host`` it does not name."""
    language = config.language
    certificate_path, key_path = config.server.tls_certificate, config.server.tls_key
    if certificate_path is None or key_path is None:
        return True, t("check.tls_off", language)
    try:
        chain = load_server_pair(certificate_path, key_path)
    except TlsError as error:
        return False, t(
            "check.tls_failed", language, path=certificate_path, error=error.render(language)
        )
    certificate = chain[0]
    names = subject_names(certificate)
    shown = ", ".join(host_text(name) for name in names)
    until = certificate.not_valid_after_utc
    since = certificate.not_valid_before_utc
    moment = _now(now)
    if not names:
        return False, t("check.tls_no_names", language, path=certificate_path)
    if moment < since:
        return False, t(
            "check.tls_not_yet_valid", language, path=certificate_path, since=since.date()
        )
    fix = _renew_fix(language, certificate_path, names)
    if moment >= until:
        return False, t(
            "check.tls_expired", language, path=certificate_path, until=until.date(), fix=fix
        )
    left = (until - moment).days
    if until - moment <= timedelta(days=EXPIRY_WARNING_DAYS):
        return False, t(
            "check.tls_expiring",
            language,
            path=certificate_path,
            until=until.date(),
            days=left,
            fix=fix,
        )
    host = config.server.host
    if host not in ANY_ADDRESS and not covers(names, host):
        try:
            wanted = [*names, parse_host(host)]
        except TlsError:
            wanted = names
        return False, t(
            "check.tls_host_missing",
            language,
            path=certificate_path,
            host=host,
            names=shown,
            fix=_renew_fix(language, certificate_path, wanted),
        )
    return True, t(
        "check.tls_ok", language, path=certificate_path, names=shown, until=until.date(), days=left
    )


def _relative(path: Path, base: Path) -> str:
    """``path`` as kolektor.toml in ``base`` names it: relative when inside, else absolute."""
    absolute = path.resolve()
    try:
        return absolute.relative_to(base.resolve()).as_posix()
    except ValueError:
        return absolute.as_posix()


def command_ca(
    directory: Path,
    *,
    name: str | None,
    force: bool,
    language: Language | None,
    out: TextIO,
    err: TextIO,
) -> int:
    """``kolektor tls ca``: 0 when the CA was made, 1 when refused."""
    replaced = (directory / CA_CERTIFICATE).exists()
    try:
        authority = create_ca(directory, name=name, language=language, force=force)
    except TlsError as error:
        print(error.render(language), file=err)
        return 1
    except OSError as error:
        print(t("tls.unwritable", language, dir=directory, error=error), file=err)
        return 1
    common_name = authority.certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    print(
        t(
            "tls.ca_created",
            language,
            name=common_name[0].value,
            until=authority.certificate.not_valid_after_utc.date(),
            certificate=directory / CA_CERTIFICATE,
            key=directory / CA_KEY,
            dir=directory,
        ),
        file=out,
    )
    if replaced:
        print(t("tls.ca_replaced", language), file=out)
    return 0


def command_cert(
    directory: Path,
    *,
    hosts: Sequence[str],
    days: int,
    config_dir: Path,
    language: Language | None,
    out: TextIO,
    err: TextIO,
) -> int:
    """``kolektor tls cert``: issue the server certificate and say what to do with it."""
    try:
        issued = issue_server_certificate(directory, hosts, days=days)
    except TlsError as error:
        print(error.render(language), file=err)
        return 1
    except OSError as error:
        print(t("tls.unwritable", language, dir=directory, error=error), file=err)
        return 1
    names = subject_names(issued.certificate)
    ca_path = directory / CA_CERTIFICATE
    until = issued.certificate.not_valid_after_utc.date()
    lines = [
        t(
            "tls.cert_created",
            language,
            path=issued.chain_path,
            key=issued.key_path,
            names=", ".join(host_text(name) for name in names),
            until=until,
            days=days,
        ),
        "",
        t("tls.config_intro", language),
        "",
        "[server]",
        f'tls_certificate = "{_relative(issued.chain_path, config_dir)}"',
        f'tls_key = "{_relative(issued.key_path, config_dir)}"',
        "",
        t("tls.open_url", language, host=host_text(names[0])),
        "",
        t("tls.install_intro", language, path=ca_path),
        t("tls.install_android", language),
        t("tls.install_windows", language, file=CA_CERTIFICATE),
        t("tls.install_linux", language, file=CA_CERTIFICATE),
        "",
        t("tls.renew", language, until=until),
    ]
    print("\n".join(lines), file=out)
    return 0

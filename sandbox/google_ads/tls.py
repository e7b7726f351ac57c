"""A self-signed CA and a server certificate for ``127.0.0.1`` and ``localhost`` (cryptography).

The google-ads client always opens a TLS channel, and gRPC reads the trusted roots from
``GRPC_DEFAULT_SSL_ROOTS_FILE_PATH`` **once per process** (TOOLCHAIN.md). So the sandbox keeps one
certificate set per machine user in a stable directory and reuses it across servers, processes and
pytest workers: a process that trusted ``ca.pem`` once can talk to every later sandbox.

Files in the directory: ``ca.pem`` (the CA certificate clients trust), ``server.pem`` (the server
certificate, signed by the CA, SAN ``DNS:localhost`` + ``IP:127.0.0.1``) and ``server.key``
(PKCS#8, mode 0600). Keys are EC P-256; certificates are valid for 10 years and are remade when
missing, unreadable or within 30 days of expiry. Creation takes a file lock and renames files into
place, so concurrent starters never see half-written files.
"""

from __future__ import annotations

import fcntl
import ipaddress
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

VALID_DAYS = 3650
RENEW_BEFORE = timedelta(days=30)
CA_NAME = "adpilot sandbox CA"


def default_tls_dir() -> Path:
    """The per-user directory the certificates live in (under the system temp dir)."""
    return Path(tempfile.gettempdir()) / f"adpilot-sandbox-tls-{os.getuid()}"


@dataclass(frozen=True)
class TlsFiles:
    """Paths of one certificate set.

    Attributes:
        ca_cert: the CA certificate (PEM) a client trusts (``GRPC_DEFAULT_SSL_ROOTS_FILE_PATH``).
        server_cert: the server certificate (PEM).
        server_key: the server's private key (PEM, PKCS#8).
    """

    ca_cert: Path
    server_cert: Path
    server_key: Path

    def server_credentials_pair(self) -> tuple[bytes, bytes]:
        """``(private key PEM, certificate chain PEM)`` for ``grpc.ssl_server_credentials``."""
        return self.server_key.read_bytes(), self.server_cert.read_bytes()


def _files(directory: Path) -> TlsFiles:
    return TlsFiles(directory / "ca.pem", directory / "server.pem", directory / "server.key")


def _still_valid(files: TlsFiles, now: datetime) -> bool:
    try:
        for path in (files.ca_cert, files.server_cert):
            cert = x509.load_pem_x509_certificate(path.read_bytes())
            if cert.not_valid_after_utc - RENEW_BEFORE < now:
                return False
        serialization.load_pem_private_key(files.server_key.read_bytes(), password=None)
    except (OSError, ValueError):
        return False
    return True


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _make(now: datetime) -> tuple[bytes, bytes, bytes]:
    """(CA cert PEM, server cert PEM, server key PEM)."""
    ca_key = ec.generate_private_key(ec.SECP256R1())
    start, end = now - timedelta(days=1), now + timedelta(days=VALID_DAYS)
    usage = dict.fromkeys(
        (
            "content_commitment",
            "key_encipherment",
            "data_encipherment",
            "key_agreement",
            "encipher_only",
            "decipher_only",
        ),
        False,
    )
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name(CA_NAME))
        .issuer_name(_name(CA_NAME))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True, **usage),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    san = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    server = (
        x509.CertificateBuilder()
        .subject_name(_name("localhost"))
        .issuer_name(_name(CA_NAME))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.SubjectAlternativeName(san), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    pem = serialization.Encoding.PEM
    return ca.public_bytes(pem), server.public_bytes(pem), key_pem


def _write(path: Path, data: bytes, mode: int) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    tmp.replace(path)


def ensure_certificates(directory: Path | None = None) -> TlsFiles:
    """Return the certificate set in ``directory``, creating or renewing it when needed.

    Args:
        directory: where the files live (default :func:`default_tls_dir`).

    Returns:
        The paths; ``ca_cert`` is what clients must trust.

    Raises:
        OSError: the directory cannot be created or written.
    """
    directory = directory or default_tls_dir()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    files = _files(directory)
    now = datetime.now(UTC)
    if _still_valid(files, now):
        return files
    with (directory / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not _still_valid(files, now):  # another process may have made them meanwhile
                ca, cert, key = _make(now)
                _write(files.server_key, key, 0o600)
                _write(files.server_cert, cert, 0o644)
                _write(files.ca_cert, ca, 0o644)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return files

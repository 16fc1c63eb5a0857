"""A local test certification authority for development and tests — never for production.

It plays the part of the Kazakh НУЦ РК in a development setup: it issues each commission member a signing
certificate shaped like a Kazakh one (``CN=<full name>, SERIALNUMBER=IIN<12 digits>, C=KZ``) and publishes a
CRL. Everything lives in one directory::

    root-key.pem  root-cert.pem  config.json  revoked.json  crl.der
    keys/<iin>.pem  certs/<iin>.pem

Keys are ECDSA P-256 (fast to generate; pyHanko/pyca verify them) and are stored unencrypted (0600): the
directory is a development fixture, not a key store.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

ROOT_COMMON_NAME = "Ustaz Test CA (not for production)"
ROOT_VALIDITY = timedelta(days=3653)
LEAF_VALIDITY = timedelta(days=730)
CRL_VALIDITY = timedelta(days=7)
# re-sign the CRL when less than this is left, so relying parties never see a stale one
CRL_REFRESH_MARGIN = timedelta(days=1)

_IIN = re.compile(r"^\d{12}$")


class TestCAError(Exception):
    """Base class of the test CA's errors."""

    __test__ = False  # pytest: not a test class despite the name


class TestCANotInitialised(TestCAError):
    """The directory holds no test CA; run ``TestCA.init`` first."""


@dataclass(frozen=True)
class Credential:
    """A member's signing key and certificate, as the test CA issued them."""

    certificate: bytes  # DER
    private_key: bytes  # PKCS#8 PEM, unencrypted

    @property
    def certificate_pem(self) -> bytes:
        return x509.load_der_x509_certificate(self.certificate).public_bytes(serialization.Encoding.PEM)

    @property
    def asn1_certificate(self) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(self.certificate)

    def load_private_key(self) -> ec.EllipticCurvePrivateKey:
        return serialization.load_pem_private_key(self.private_key, password=None)  # type: ignore[return-value]


def _now() -> datetime:
    return datetime.now(UTC)


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _check_iin(iin: str) -> str:
    if not isinstance(iin, str) or not _IIN.match(iin):
        raise ValueError("iin must be exactly 12 ASCII digits")
    return iin


class TestCA:
    """A test CA kept in ``directory``; ``root_cert`` is a pyca ``cryptography.x509.Certificate``."""

    __test__ = False  # pytest: not a test class despite the name

    def __init__(self, directory: Path, root_key: ec.EllipticCurvePrivateKey, root_cert: x509.Certificate,
                 crl_url: str | None) -> None:
        self.directory = Path(directory)
        self.root_key = root_key
        self.root_cert = root_cert
        self.crl_url = crl_url

    # -- creation and loading ------------------------------------------------------------------------------

    @classmethod
    def init(cls, directory: Path, *, crl_url: str | None = None) -> TestCA:
        """Create the CA in ``directory`` unless it exists (idempotent); ``crl_url`` goes into new certificates."""
        directory = Path(directory)
        if (directory / "root-cert.pem").exists():
            ca = cls.load(directory)
            if crl_url is not None and crl_url != ca.crl_url:
                ca.crl_url = crl_url
                ca._save_config()
            return ca
        directory.mkdir(parents=True, exist_ok=True)
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([
            x509.NameAttribute(NameOID.COMMON_NAME, ROOT_COMMON_NAME),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Ustaz"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"),
        ])
        now = _now()
        ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + ROOT_VALIDITY)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(
                digital_signature=False, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                encipher_only=False, decipher_only=False), critical=True)
            .add_extension(ski, critical=False)
            .sign(key, hashes.SHA256())
        )
        _write_private(directory / "root-key.pem", _key_pem(key))
        (directory / "root-cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        ca = cls(directory, key, cert, crl_url)
        ca._save_config()
        ca._write_revoked({})
        ca._sign_crl()
        return ca

    @classmethod
    def load(cls, directory: Path) -> TestCA:
        directory = Path(directory)
        try:
            key_pem = (directory / "root-key.pem").read_bytes()
            cert_pem = (directory / "root-cert.pem").read_bytes()
        except FileNotFoundError as exc:
            raise TestCANotInitialised(f"no test CA in {directory}; run TestCA.init first") from exc
        config_path = directory / "config.json"
        config = json.loads(config_path.read_text()) if config_path.exists() else {}
        key = serialization.load_pem_private_key(key_pem, password=None)
        return cls(directory, key, x509.load_pem_x509_certificate(cert_pem), config.get("crl_url"))  # type: ignore[arg-type]

    def _save_config(self) -> None:
        (self.directory / "config.json").write_text(json.dumps({"crl_url": self.crl_url}, indent=2))

    # -- certificates -------------------------------------------------------------------------------------

    def root_pem(self) -> bytes:
        return self.root_cert.public_bytes(serialization.Encoding.PEM)

    def root_der(self) -> bytes:
        return self.root_cert.public_bytes(serialization.Encoding.DER)

    def issue(self, iin: str, full_name: str, *, not_before: datetime | None = None,
              not_after: datetime | None = None) -> Credential:
        """Issue (or re-issue, replacing the old one) a member's signing certificate and key."""
        _check_iin(iin)
        now = _now()
        not_before = not_before or now - timedelta(days=1)
        not_after = not_after or now + LEAF_VALIDITY
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([
            x509.NameAttribute(NameOID.COMMON_NAME, full_name),
            # Kazakh qualified certificates carry the ИИН here, as "IIN" + 12 digits
            x509.NameAttribute(NameOID.SERIAL_NUMBER, f"IIN{iin}"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"),
        ])
        builder = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self.root_cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before)
            .not_valid_after(not_after)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.root_key.public_key()),
                           critical=False)
        )
        if self.crl_url:
            # certvalidator only consults (even supplied) CRLs for certificates that declare a distribution point
            builder = builder.add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
                full_name=[x509.UniformResourceIdentifier(self.crl_url)], relative_name=None, reasons=None,
                crl_issuer=None)]), critical=False)
        cert = builder.sign(self.root_key, hashes.SHA256())
        _write_private(self.directory / "keys" / f"{iin}.pem", _key_pem(key))
        cert_path = self.directory / "certs" / f"{iin}.pem"
        cert_path.parent.mkdir(parents=True, exist_ok=True)
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        return Credential(certificate=cert.public_bytes(serialization.Encoding.DER), private_key=_key_pem(key))

    def credential_for(self, iin: str) -> Credential | None:
        _check_iin(iin)
        key_path = self.directory / "keys" / f"{iin}.pem"
        cert_path = self.directory / "certs" / f"{iin}.pem"
        if not (key_path.exists() and cert_path.exists()):
            return None
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        return Credential(certificate=cert.public_bytes(serialization.Encoding.DER),
                          private_key=key_path.read_bytes())

    # -- revocation ---------------------------------------------------------------------------------------

    def _read_revoked(self) -> dict[str, str]:
        path = self.directory / "revoked.json"
        return json.loads(path.read_text()) if path.exists() else {}

    def _write_revoked(self, revoked: dict[str, str]) -> None:
        (self.directory / "revoked.json").write_text(json.dumps(revoked, indent=2, sort_keys=True))

    def revoke(self, iin: str, *, when: datetime | None = None) -> int:
        """Revoke the member's current certificate; returns its serial number."""
        credential = self.credential_for(iin)
        if credential is None:
            raise TestCAError(f"no certificate issued for {iin}")
        serial = x509.load_der_x509_certificate(credential.certificate).serial_number
        revoked = self._read_revoked()
        revoked[format(serial, "x")] = (when or _now()).astimezone(UTC).isoformat()
        self._write_revoked(revoked)
        self._sign_crl()
        return serial

    def _sign_crl(self) -> bytes:
        now = _now()
        revoked = self._read_revoked()
        number = int((self.directory / "crl-number").read_text()) + 1 if (self.directory / "crl-number").exists() else 1
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.root_cert.subject)
            .last_update(now - timedelta(minutes=5))
            .next_update(now + CRL_VALIDITY)
            .add_extension(x509.CRLNumber(number), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.root_key.public_key()),
                           critical=False)
        )
        for serial_hex, when in sorted(revoked.items()):
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder()
                .serial_number(int(serial_hex, 16))
                .revocation_date(datetime.fromisoformat(when))
                .build()
            )
        crl = builder.sign(self.root_key, hashes.SHA256())
        der = crl.public_bytes(serialization.Encoding.DER)
        (self.directory / "crl.der").write_bytes(der)
        (self.directory / "crl-number").write_text(str(number))
        return der

    def crl_der(self) -> bytes:
        """The current CRL (DER), re-signed first when it is missing or near its next update."""
        path = self.directory / "crl.der"
        if path.exists():
            der = path.read_bytes()
            next_update = x509.load_der_x509_crl(der).next_update_utc
            if next_update is not None and next_update - _now() > CRL_REFRESH_MARGIN:
                return der
        return self._sign_crl()

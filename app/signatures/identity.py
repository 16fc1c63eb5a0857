"""Who signed: the ИИН and name a (Kazakh-shaped) certificate carries.

Kazakh certificates put the ИИН in the subject's serialNumber attribute (OID 2.5.4.5) as ``IIN`` + 12 digits
(legal-entity certificates add ``OU=BIN…``, which is not the signer's identity and is ignored here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509

_IIN_VALUE = re.compile(r"^IIN(\d{12})$", re.IGNORECASE)

# key algorithm OID prefixes -> family; GOST ones cannot be verified by pyca/cryptography
GOST_OID_PREFIXES = (
    "1.2.398.3.10.1.",  # Kazakh GOST 34.310-2004 / 34.311-95 (and their 2015 successors)
    "1.2.643.7.1.",  # GOST R 34.10/34.11-2012 (TC 26)
    "1.2.643.2.2.",  # CryptoPro GOST R 34.10-2001
)
_FAMILY_BY_OID = {
    "1.2.840.113549.1.1.1": "rsa",
    "1.2.840.113549.1.1.10": "rsa",  # RSASSA-PSS key
    "1.2.840.10045.2.1": "ecdsa",
    "1.3.101.112": "eddsa",
    "1.3.101.113": "eddsa",
}

CertificateInput = asn1_x509.Certificate | bytes


def is_gost_oid(dotted: str) -> bool:
    return dotted.startswith(GOST_OID_PREFIXES)


def algorithm_family(dotted_oid: str) -> str:
    """``rsa``, ``ecdsa``, ``eddsa``, ``gost`` or ``other`` for a public-key or signature algorithm OID."""
    if is_gost_oid(dotted_oid):
        return "gost"
    if dotted_oid in _FAMILY_BY_OID:
        return _FAMILY_BY_OID[dotted_oid]
    if dotted_oid.startswith("1.2.840.113549.1.1."):
        return "rsa"
    if dotted_oid.startswith("1.2.840.10045.4."):
        return "ecdsa"
    return "other"


def load_certificate(cert: CertificateInput) -> asn1_x509.Certificate:
    """An asn1crypto certificate from itself, DER bytes or PEM bytes."""
    if isinstance(cert, asn1_x509.Certificate):
        return cert
    if isinstance(cert, bytes | bytearray):
        data = bytes(cert)
        if pem.detect(data):
            _, _, data = pem.unarmor(data)
        return asn1_x509.Certificate.load(data)
    raise TypeError("expected an asn1crypto Certificate or DER/PEM bytes")


def _subject_values(name: asn1_x509.Name, field: str) -> list[str]:
    values = []
    for rdn in name.chosen:
        for attribute in rdn:
            if attribute["type"].native == field:
                values.append(str(attribute["value"].native))
    return values


def iin_from_certificate(cert: CertificateInput) -> str | None:
    """The 12-digit ИИН from ``SERIALNUMBER=IIN…`` in the subject, or None when there is none."""
    certificate = load_certificate(cert)
    for value in _subject_values(certificate.subject, "serial_number"):
        match = _IIN_VALUE.match(value.strip())
        if match:
            return match.group(1)
    return None


def _common_name(name: asn1_x509.Name) -> str | None:
    values = _subject_values(name, "common_name")
    return values[0] if values else None


@dataclass(frozen=True)
class SignerIdentity:
    iin: str | None
    common_name: str | None
    serial: str  # certificate serial number, lowercase hex
    issuer_cn: str | None
    not_before: datetime
    not_after: datetime
    algorithm: str  # key family: "rsa", "ecdsa", "eddsa", "gost" or "other"

    @classmethod
    def from_certificate(cls, cert: CertificateInput) -> SignerIdentity:
        certificate = load_certificate(cert)
        validity = certificate["tbs_certificate"]["validity"]
        key_oid = certificate["tbs_certificate"]["subject_public_key_info"]["algorithm"]["algorithm"].dotted
        return cls(
            iin=iin_from_certificate(certificate),
            common_name=_common_name(certificate.subject),
            serial=format(certificate.serial_number, "x"),
            issuer_cn=_common_name(certificate.issuer),
            not_before=validity["not_before"].native,
            not_after=validity["not_after"].native,
            algorithm=algorithm_family(key_oid),
        )

"""Reading an incoming CMS (base64 from NCALayer, or DER) without trusting anything in it yet."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import cms, pem
from asn1crypto import x509 as asn1_x509
from pyhanko.sign.general import extract_certificate_info

from app.signatures.identity import is_gost_oid


class MalformedCms(ValueError):
    """The bytes are not a detached CMS SignedData with exactly one signer whose certificate is included."""


@dataclass(frozen=True)
class ParsedCms:
    der: bytes
    content_info: cms.ContentInfo
    signed_data: cms.SignedData
    signer_info: cms.SignerInfo
    signer_cert: asn1_x509.Certificate
    other_certs: list[asn1_x509.Certificate]

    @property
    def signing_time(self) -> datetime | None:
        """The signer's own claim (signed attribute signingTime), not a trusted timestamp."""
        for attribute in self.signer_info["signed_attrs"]:
            if attribute["type"].native == "signing_time":
                values = attribute["values"]
                # an empty value set is junk, not a time: no claim (parse_cms reads it once, so it cannot raise later)
                moment = values[0].native if len(values) else None
                return moment if isinstance(moment, datetime) else None
        return None

    @property
    def is_gost(self) -> bool:
        """Whether the signer's key, signature or digest algorithm is GOST (pyca/cryptography cannot verify it)."""
        oids = (
            self.signer_cert["tbs_certificate"]["subject_public_key_info"]["algorithm"]["algorithm"].dotted,
            self.signer_info["signature_algorithm"]["algorithm"].dotted,
            self.signer_info["digest_algorithm"]["algorithm"].dotted,
        )
        return any(is_gost_oid(oid) for oid in oids)


def decode_cms(value: bytes | str) -> bytes:
    """DER bytes from DER, PEM or base64 (text or bytes) input."""
    if isinstance(value, str):
        value = value.encode("ascii", "ignore")
    if not isinstance(value, bytes | bytearray) or not value:
        raise MalformedCms("empty CMS")
    data = bytes(value)
    # DER of anything holding a certificate is longer than 127 bytes: 0x30 then a long-form length byte,
    # which base64 text (ASCII) can never have
    if len(data) > 1 and data[0] == 0x30 and data[1] & 0x80:
        return data
    if pem.detect(data):
        try:
            return pem.unarmor(data)[2]
        except ValueError as exc:
            raise MalformedCms("bad PEM") from exc
    try:
        return base64.b64decode(b"".join(data.split()), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise MalformedCms("neither DER nor base64") from exc


def parse_cms(value: bytes | str) -> ParsedCms:
    der = decode_cms(value)
    try:
        content_info = cms.ContentInfo.load(der, strict=True)
        if content_info["content_type"].native != "signed_data":
            raise MalformedCms("not a SignedData")
        signed_data = content_info["content"]
        if len(signed_data["signer_infos"]) != 1:
            raise MalformedCms("exactly one signer expected")
        signer_info = signed_data["signer_infos"][0]
        if signer_info["signed_attrs"].native is None:
            # without signed attributes there is no messageDigest/signingTime to bind data and time
            raise MalformedCms("no signed attributes")
        certs = extract_certificate_info(signed_data)
        parsed = ParsedCms(der=der, content_info=content_info, signed_data=signed_data, signer_info=signer_info,
                           signer_cert=certs.signer_cert, other_certs=list(certs.other_certs))
        # force asn1crypto's lazy parsing now, so that junk fails here rather than deep inside validation
        parsed.is_gost  # noqa: B018
        parsed.signer_cert.subject.native  # noqa: B018
        parsed.signing_time  # noqa: B018
        return parsed
    except MalformedCms:
        raise
    except Exception as exc:  # asn1crypto raises ValueError, TypeError, KeyError… on junk
        raise MalformedCms(str(exc) or type(exc).__name__) from exc

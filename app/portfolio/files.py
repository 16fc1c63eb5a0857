"""Evidence files: checked by content, with a name that must agree with it, size-limited, stored
under UPLOAD_DIR with random names, with a SHA-256 checksum; served only through the scoped
download view."""

from __future__ import annotations

import hashlib
import io
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from app.errors import RuleViolation
from app.i18n import _
from models.portfolio import EvidenceFile

#: sniffed kind -> (content type, extension stored with)
KINDS = {
    "pdf": ("application/pdf", ".pdf"),
    "jpeg": ("image/jpeg", ".jpg"),
    "png": ("image/png", ".png"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
}
#: sniffed kind -> the extensions a file of that kind may be named with. The name must agree with
#: the content: a PDF named ".html" would open as a page in a browser or an HTML viewer.
EXTENSIONS = {
    "pdf": (".pdf",),
    "jpeg": (".jpg", ".jpeg"),
    "png": (".png",),
    "docx": (".docx",),
    "xlsx": (".xlsx",),
}
KIND_NAMES = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG", "docx": "DOCX", "xlsx": "XLSX"}


def sniff(data: bytes) -> str | None:
    """The kind of a file from its first bytes (and, for Office files, its zip directory)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


@dataclass
class CheckedUpload:
    original_name: str
    data: bytes
    kind: str

    @property
    def content_type(self) -> str:
        return KINDS[self.kind][0]


def check_upload(filename: str, stream) -> CheckedUpload:
    """Read and check one upload; raise RuleViolation with the reason in the user's language."""
    limit = int(current_app.config["MAX_UPLOAD_BYTES"])
    data = stream.read(limit + 1)
    name = Path(filename or "").name[:255] or "file"
    if not data:
        raise RuleViolation(_("The file %(name)s is empty.", name=name))
    if len(data) > limit:
        raise RuleViolation(
            _("The file %(name)s is larger than %(limit)d MB.", name=name, limit=max_upload_mb())
        )
    kind = sniff(data)
    if kind is None:
        raise RuleViolation(_("The file %(name)s is not a PDF, JPEG, PNG, DOCX or XLSX document.", name=name))
    if Path(name).suffix.lower() not in EXTENSIONS[kind]:
        raise RuleViolation(
            _("The file %(name)s is a %(kind)s document: its name must end in %(extensions)s.",
              name=name, kind=KIND_NAMES[kind], extensions=", ".join(EXTENSIONS[kind]))
        )
    return CheckedUpload(name, data, kind)


def max_upload_mb() -> int:
    return max(1, int(current_app.config["MAX_UPLOAD_BYTES"]) // (1024 * 1024))


def upload_accept() -> str:
    """The ``accept`` attribute of a file input: every allowed extension."""
    return ",".join(ext for kind in KINDS for ext in EXTENSIONS[kind])


def upload_hint() -> str:
    """What an upload form says it takes: the allowed types and the size limit, translated."""
    return _("Allowed: %(types)s; up to %(limit)d MB per file. The file name must match its type.",
             types=", ".join(KIND_NAMES[kind] for kind in KINDS), limit=max_upload_mb())


def upload_dir() -> Path:
    path = Path(current_app.config["UPLOAD_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def stored_path(stored_name: str) -> Path:
    return upload_dir() / stored_name[:2] / stored_name


def attach(session, record, upload: CheckedUpload, user_id: int | None, written: list[Path]) -> EvidenceFile:
    """Write the file and add its row; ``written`` collects paths to delete if the transaction fails."""
    stored_name = secrets.token_hex(16) + KINDS[upload.kind][1]
    path = stored_path(stored_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(upload.data)
    written.append(path)
    evidence = EvidenceFile(
        record_type=record.__tablename__,
        record_id=record.id,
        person_id=record.person_id,
        tenant_id=record.tenant_id,
        academic_year_id=getattr(record, "academic_year_id", None),  # an appeal's files belong to no year
        original_name=upload.original_name,
        stored_name=stored_name,
        content_type=upload.content_type,
        size=len(upload.data),
        sha256=hashlib.sha256(upload.data).hexdigest(),
        uploaded_by_id=user_id,
    )
    session.add(evidence)
    return evidence


def discard(paths: list[Path]) -> None:
    """Remove files written for a transaction that did not commit: nothing half-saved."""
    for path in paths:
        path.unlink(missing_ok=True)

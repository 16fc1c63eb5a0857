"""The document store: issued PDFs on disk under their SHA-256 (UPLOAD_DIR/documents/ab/abcd….pdf).

Content-addressed, so a document is written once and never changed in place (a signature adds a
new revision, hence a new file), and a file whose bytes no longer match its name is refused.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from flask import current_app


class DocumentMissing(Exception):
    """The stored file is gone or no longer matches its hash."""


def _root() -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / "documents"


def _path(sha256: str) -> Path:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise DocumentMissing(sha256)
    return _root() / sha256[:2] / f"{sha256}.pdf"


def save(data: bytes) -> str:
    """Store ``data``; returns its SHA-256 (hex), the key to load it by."""
    digest = hashlib.sha256(data).hexdigest()
    path = _path(digest)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)  # atomic: a reader never sees half a file
    return digest


def load(sha256: str) -> bytes:
    path = _path(sha256)
    try:
        data = path.read_bytes()
    except OSError:
        raise DocumentMissing(sha256) from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise DocumentMissing(sha256)
    return data

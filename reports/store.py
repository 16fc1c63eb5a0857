"""The document store: issued PDFs on disk under their SHA-256 (UPLOAD_DIR/documents/ab/abcd….pdf).

Content-addressed, so a document is written once and never changed in place (a signature adds a
new revision, hence a new file), and a file whose bytes no longer match its name is refused.
Report exports are kept the same way in a folder of their own (UPLOAD_DIR/exports/ab/abcd….xlsx):
``folder`` and ``ext`` name the kind of file; the defaults are the documents'.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from flask import current_app

DOCUMENTS, PDF = "documents", "pdf"
#: the kinds of stored files: folder → the extensions kept in it
KINDS = {"documents": ("pdf",), "exports": ("pdf", "xlsx")}
_CHUNK = 1 << 20


class DocumentMissing(Exception):
    """The stored file is gone or no longer matches its hash."""


def _root(folder: str = DOCUMENTS) -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / folder


def _path(sha256: str, folder: str = DOCUMENTS, ext: str = PDF) -> Path:
    if ext not in KINDS.get(folder, ()):
        raise DocumentMissing(sha256)
    if not isinstance(sha256, str) or len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise DocumentMissing(sha256)
    return _root(folder) / sha256[:2] / f"{sha256}.{ext}"


def save(data: bytes, *, folder: str = DOCUMENTS, ext: str = PDF) -> str:
    """Store ``data``; returns its SHA-256 (hex), the key to load it by."""
    digest = hashlib.sha256(data).hexdigest()
    path = _path(digest, folder, ext)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)  # atomic: a reader never sees half a file
    return digest


def _digest_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def temporary_path(*, folder: str, ext: str) -> Path:
    """A fresh file name in the store's folder to write a large file to (then ``save_file`` it):
    the same file system, so storing it is a rename, not a copy."""
    if ext not in KINDS.get(folder, ()):
        raise ValueError(ext)
    root = _root(folder)
    root.mkdir(parents=True, exist_ok=True)
    return root / f"{os.getpid()}-{os.urandom(8).hex()}.{ext}.tmp"


def save_file(temporary: Path, *, folder: str, ext: str) -> str:
    """Store a written file (``temporary_path``) under its SHA-256, read in chunks; it is moved, not copied."""
    digest = _digest_of(temporary)
    path = _path(digest, folder, ext)
    if path.exists():
        temporary.unlink(missing_ok=True)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.replace(temporary, path)
    return digest


def load(sha256: str, *, folder: str = DOCUMENTS, ext: str = PDF) -> bytes:
    path = _path(sha256, folder, ext)
    try:
        data = path.read_bytes()
    except OSError:
        raise DocumentMissing(sha256) from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise DocumentMissing(sha256)
    return data


def checked_path(sha256: str, *, folder: str, ext: str) -> Path:
    """The stored file's path once its bytes are checked against its name (read in chunks: a large
    export is sent from disk, never held in memory)."""
    path = _path(sha256, folder, ext)
    try:
        if _digest_of(path) != sha256:
            raise DocumentMissing(sha256)
    except OSError:
        raise DocumentMissing(sha256) from None
    return path

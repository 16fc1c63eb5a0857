"""No side effects on GET, checked at the database: every INSERT, UPDATE or DELETE that runs while a
GET or HEAD request is being handled is recorded, whichever code issued it (ORM flush, Core, raw SQL).

Usable by any test::

    with GetWriteRecorder(db.engine) as recorder:
        browser("teacher").get("/some/page")
    assert recorder.writes == []

or, for a whole run, wrapped around every test by an autouse fixture (see ``forbid_writes_on_get``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import has_request_context, request
from sqlalchemy import event

#: Tables a GET may write: the server-side session's idle clock (an access log, the one exception
#: of issue 9 point 6). Everything else a GET writes is a bug.
#: The dashboards' summary cache (models/report.py) too: a derived copy of counts that a dashboard
#: brings up to date when it opens a few changes behind (reports/stats.py ensure_fresh).
ALLOWED_TABLES = frozenset({"user_session", "portfolio_access", "report_count", "report_node", "report_dirty",
                            "report_freeze"})
SAFE_METHODS = ("GET", "HEAD")
_WRITE = re.compile(r'^\s*(?:WITH\b.*?\)\s*)?(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z_][\w.]*)"?',
                    re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Write:
    method: str
    url: str
    verb: str
    table: str

    def __str__(self) -> str:
        return f"{self.method} {self.url}: {self.verb} {self.table}"


def write_target(statement: str) -> tuple[str, str] | None:
    """(verb, table) of a data-changing SQL statement, None for anything else."""
    match = _WRITE.match(statement)
    if not match:
        return None
    return match.group(1).split()[0].upper(), match.group(2).split(".")[-1].lower()


class GetWriteRecorder:
    """Records the writes of GET/HEAD requests on ``engine`` between ``__enter__`` and ``__exit__``."""

    def __init__(self, engine, allowed: frozenset[str] = ALLOWED_TABLES) -> None:
        self.engine = engine
        self.allowed = allowed
        self.writes: list[Write] = []

    def __enter__(self) -> GetWriteRecorder:
        event.listen(self.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)

    def _seen(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if not has_request_context() or request.method not in SAFE_METHODS:
            return
        target = write_target(statement)
        if target and target[1] not in self.allowed:
            self.writes.append(Write(request.method, request.full_path.rstrip("?"), *target))


def forbid_writes_on_get(app):
    """A generator for an autouse fixture: fails the test if any GET it made wrote to the database.

    In a conftest: ``@pytest.fixture(autouse=True) def _no_get_writes(request): ...`` calling this
    with the session's app when the test uses it."""
    from app.extensions import db

    with app.app_context():
        engine = db.engine
    with GetWriteRecorder(engine) as recorder:
        yield recorder
    assert not recorder.writes, "GET requests wrote to the database:\n" + "\n".join(map(str, recorder.writes))

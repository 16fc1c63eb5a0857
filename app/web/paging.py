"""Counts and pages of the staff lists at national size.

An exact COUNT of a republic-wide list reads every row it counts (≈ 50 ms at 575k teachers, on each
page view) and OFFSET 100000 walks 100k index entries (130–160 ms). So the HTML lists:

- count exactly up to ``LIST_EXACT_COUNT_LIMIT`` rows (a capped count: ``LIMIT limit + 1`` inside);
  beyond it the number shown is the planner's estimate on PostgreSQL ("≈ 575 400"), exact elsewhere;
- number their pages up to that limit, and go deeper with keyset links ("Next": the rows after the
  last one shown, by the list's order and id), which cost the same on page 1 and page 20 000.

The REST API keeps exact counts and every page reachable (it never sets a ``ListPage``).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from app.web.params import BadParameter

#: rows counted exactly on an HTML list before the estimate takes over
LIST_EXACT_COUNT_LIMIT = 10_000


@dataclass
class ListPage:
    """What one HTML list request asks of the data interface, and what it learned."""

    view: str
    #: (the order it was made in, order value, id) of the last row of the previous page: the page
    #: starts after it
    after: tuple[str, Any, int] | None = None
    exact_limit: int = LIST_EXACT_COUNT_LIMIT
    approximate: bool = False
    #: the cursor of the row after which the next page starts (None: no further page or no keyset order)
    next_cursor: str | None = None
    extra: dict = field(default_factory=dict)


_current: ContextVar[ListPage | None] = ContextVar("ustaz_list_page", default=None)


def current_list_page() -> ListPage | None:
    return _current.get()


def begin(page: ListPage):
    return _current.set(page)


def end(token) -> None:
    _current.reset(token)


def cursor_arg(view: str) -> str:
    return f"_after_{view}"


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date)):
        return {"d": value.isoformat()}
    if isinstance(value, Decimal):
        return {"n": str(value)}
    return value


def encode_cursor(order: str, value: Any, pk: int) -> str:
    raw = json.dumps([order, _plain(value), pk], ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _refused() -> BadParameter:
    from app.i18n import _

    return BadParameter(_("The page link is damaged: open the list from its first page."))


def decode_cursor(text: str) -> tuple[str, Any, int]:
    """The (order, order value, id) a "Next" link carries; anything else is a 400 in the user's language."""
    refused = _refused()
    if not isinstance(text, str) or len(text) > 800:
        raise refused
    try:
        order, value, pk = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise refused from None
    if not isinstance(order, str) or len(order) > 100:
        raise refused
    if isinstance(value, dict) and len(value) == 1:
        (kind, raw), = value.items()
        try:
            if kind == "d" and isinstance(raw, str):
                value = dt.datetime.fromisoformat(raw) if "T" in raw else dt.date.fromisoformat(raw)
            elif kind == "n" and isinstance(raw, str):
                value = Decimal(raw)
            else:
                raise ValueError(kind)
        except (ValueError, ArithmeticError):
            raise refused from None
    if isinstance(pk, bool) or not isinstance(pk, int) or not 0 < pk < 2**63 or isinstance(value, (list, dict)):
        raise refused
    if isinstance(value, str) and len(value) > 500:
        raise refused
    return order, value, pk


def check_cursor_value(value: Any, column_type: Any) -> None:
    """The cursor's value must be of the order column's type (ids for the id order): a value of
    another type is a damaged link (a 400), never a database error."""
    expected: type = int
    if column_type is not None:
        try:
            expected = column_type.python_type
        except NotImplementedError:
            return
    kind = type(value)
    if expected is float:
        fits = kind in (int, float)
    elif expected is int:
        fits = kind is int
    else:
        fits = kind is expected
    if not fits:
        raise _refused()


def planner_estimate(session, statement) -> int:
    """PostgreSQL's estimate of the rows a SELECT returns (EXPLAIN: a fraction of a millisecond)."""
    compiled = statement.compile(dialect=session.get_bind().dialect, compile_kwargs={"render_postcompile": True})
    plan = session.connection().exec_driver_sql("EXPLAIN (FORMAT JSON) " + compiled.string, compiled.params).scalar()
    plan = plan if isinstance(plan, list) else json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def count_or_estimate(session, rows, limit: int = LIST_EXACT_COUNT_LIMIT) -> int:
    """How many rows a SELECT returns: exact up to ``limit`` (a capped count), an ``ApproximateCount``
    past it on PostgreSQL (exact elsewhere). For counters over tables of the whole country."""
    from sqlalchemy import func, select

    capped = session.execute(select(func.count()).select_from(rows.limit(limit + 1).subquery())).scalar_one()
    if capped <= limit:
        return capped
    if session.get_bind().dialect.name != "postgresql":
        return session.execute(select(func.count()).select_from(rows.subquery())).scalar_one()
    return ApproximateCount(max(planner_estimate(session, rows), capped))


class ApproximateCount(int):
    """A row count that is the planner's estimate: arithmetic as an int, shown as "≈ 575 400"."""

    def __html__(self) -> Markup:
        return Markup("≈ {}").format(f"{int(self):,}".replace(",", "\u202f"))

    def __str__(self) -> str:
        return str(self.__html__())


def links(listing: ListPage, page: int | None, page_size: int) -> dict:
    """URLs of the first page and of the keyset "Next" page, from the current request's arguments."""
    from flask import request, url_for

    args = request.args.to_dict()
    cursor, numbered = cursor_arg(listing.view), f"page_{listing.view}"
    args.pop(cursor, None)
    args.pop(numbered, None)
    first = url_for(request.endpoint, **(request.view_args or {}), **args)
    found = {"first_url": first, "next_url": None}
    deep = listing.after is not None or ((page or 0) + 1) * page_size >= listing.exact_limit
    if listing.next_cursor and listing.approximate and deep:
        found["next_url"] = url_for(request.endpoint, **(request.view_args or {}), **args, **{cursor: listing.next_cursor})
    return found

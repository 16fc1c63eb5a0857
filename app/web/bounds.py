"""One place that parses and bounds what every view and API takes from a URL.

- ids: ``parse_id`` (used by the scoped data interface for show/edit/delete/REST/relations) and a
  bounded ``int`` URL converter, so an id that does not fit the database's integer is "not found";
- FAB's list parameters (``page_*``, ``psize_*``, ``_oc_*``/``_od_*``, ``_flt_*``) and the REST
  ``q=`` argument, checked before any view runs;
- JSON bodies: an object of bounded depth.

Anything out of bounds is a 400 with a message in the user's language (see app/web/errors.py).
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, current_app, request
from sqlalchemy import JSON
from werkzeug.exceptions import BadRequest, NotFound
from werkzeug.routing import IntegerConverter

from app.i18n import _

#: the largest id of an INTEGER primary key (PostgreSQL int4; SQLite accepts more, PostgreSQL not)
MAX_ID = 2**31 - 1
#: deepest list page a user can open: deep OFFSETs are slow at national size (STACK-NOTES);
#: beyond it, the search narrows the list
MAX_PAGE = 10_000
MAX_PAGE_SIZE = 100
#: nesting of a REST q= (rison) or a JSON body: our bodies are flat objects of a few levels
MAX_NESTING = 32
MAX_QUERY_ARG = 4_096

_DIGITS = re.compile(r"\d{1,10}")
_LIST_PARAM = re.compile(r"^(page|psize|_oc|_od)_(\w+)$")
_FILTER_PARAM = re.compile(r"^_flt_(\d+)_(\w+)$")


class InputRejected(BadRequest):
    """A request parameter out of bounds; ``description`` is the user's sentence."""


def parse_id(value: Any) -> int | None:
    """A positive database id, or None for anything else (non-numeric, negative, too big)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value <= MAX_ID else None
    if isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        number = int(value)
        return number if 0 < number <= MAX_ID else None
    return None


def parse_bounded_int(value: Any, low: int, high: int) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if low <= value <= high else None
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"-?\d{1,12}", text):
            number = int(text)
            return number if low <= number <= high else None
    return None


class BoundedIntConverter(IntegerConverter):
    """``<int:…>`` routes match only ids the database can hold: bigger ones are a plain 404."""

    def __init__(self, map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def reject(message: str) -> InputRejected:
    return InputRejected(description=message)


def nesting_depth(text: str, opening: str = "{[(", closing: str = "}])") -> int:
    """Bracket depth of a JSON or rison text, ignoring brackets inside quoted strings."""
    depth = deepest = 0
    quote = None
    escaped = False
    for char in text:
        if quote:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                quote = None
            continue
        if char in "\"'":
            quote = char
        elif char in opening:
            depth += 1
            deepest = max(deepest, depth)
        elif char in closing:
            depth -= 1
    return deepest


def _requested_view():
    """The FAB view serving this request (its blueprint is named after the class)."""
    name = (request.endpoint or "").split(".")[0]
    for view in current_app.appbuilder.baseviews:
        if view.__class__.__name__ == name:
            return view
    return None


def check_list_args() -> None:
    """FAB reads page_<View>, psize_<View>, _oc_/_od_<View> and _flt_<n>_<column> unchecked."""
    view = None
    for key, value in request.args.items(multi=True):
        if len(value) > MAX_QUERY_ARG:
            raise reject(_("A request parameter is too long."))
        match = _LIST_PARAM.match(key)
        filter_match = _FILTER_PARAM.match(key)
        if not match and not filter_match:
            continue
        view = view or _requested_view()
        if match:
            kind = match.group(1)
            if kind == "page" and parse_bounded_int(value, 0, MAX_PAGE) is None:
                raise reject(_("The page number must be a whole number from 0 to %(max)d; narrow the search to see more.", max=MAX_PAGE))
            if kind == "psize" and parse_bounded_int(value, 1, MAX_PAGE_SIZE) is None:
                raise reject(_("The page size must be a whole number from 1 to %(max)d.", max=MAX_PAGE_SIZE))
            if kind == "_od" and value not in ("asc", "desc"):
                raise reject(_("The sort direction must be ascending or descending."))
            if kind == "_oc" and value not in (getattr(view, "order_columns", None) or []):
                raise reject(_("This list cannot be sorted by that column."))
        elif view is not None and hasattr(view, "_filters"):
            _check_filter(view, int(filter_match.group(1)), filter_match.group(2), value)


BOOLEAN_FILTER_VALUES = frozenset({"y", "n"})


def _check_filter(view, index: int, column: str, value: str) -> None:
    """A search filter: a known filter of the column, and a value that fits the column's type."""
    filters = view._filters.get_search_filters().get(column)
    if filters is None:
        return  # FAB ignores filters on columns outside the search ("Filter column not allowed")
    if index >= len(filters):
        raise reject(_("Unknown search filter."))
    datamodel = view.datamodel
    column_type = getattr(datamodel.list_columns.get(column), "type", None)
    if isinstance(column_type, JSON):
        raise reject(_("This column cannot be searched."))
    if datamodel.is_boolean(column):
        # FAB passes anything but "y" through as text (even ""), which PostgreSQL refuses for a boolean.
        if value.lower() not in BOOLEAN_FILTER_VALUES:
            raise reject(_("Choose yes or no."))
        return
    if value in ("", "__None"):
        return
    if datamodel.is_relation(column):
        if parse_id(value) is None:
            raise reject(_("The selected item does not exist."))
    elif datamodel.is_integer(column):
        if parse_bounded_int(value, -MAX_ID, MAX_ID) is None:
            raise reject(_("Enter a whole number."))
    elif datamodel.is_float(column) or datamodel.is_numeric(column):
        try:
            number = float(value)
        except ValueError:
            number = None
        if number is None or number != number or abs(number) > 1e12:
            raise reject(_("Enter a number."))
    elif datamodel.is_date(column):
        from app.web.dates import parse_date

        # as the page writes it (31.12.2026) or ISO, years 1900–2200 (app/web/dates.py)
        if parse_date(value) is None:
            label = str((getattr(view, "label_columns", None) or {}).get(column, column))
            raise reject(_("%(field)s: a date such as 31.12.2026.", field=label))
    elif datamodel.is_datetime(column):
        import datetime as dt

        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?", value):
                raise ValueError(value)
            dt.date.fromisoformat(value[:10])
        except ValueError:
            raise reject(_("Enter a date as YYYY-MM-DD.")) from None


def check_rest_args() -> None:
    """REST ``q=`` (rison or JSON): parseable, shallow, with bounded paging; bodies are objects."""
    q = request.args.get("q")
    if q is not None:
        if len(q) > MAX_QUERY_ARG:
            raise reject(_("A request parameter is too long."))
        if nesting_depth(q) > MAX_NESTING:
            raise reject(_("The query is nested too deeply."))
        args = _parse_rison(q)
        if isinstance(args, dict):
            if "page" in args and parse_bounded_int(args["page"], 0, MAX_PAGE) is None:
                raise reject(_("The page number must be a whole number from 0 to %(max)d; narrow the search to see more.", max=MAX_PAGE))
            if "page_size" in args and parse_bounded_int(args["page_size"], -1, MAX_QUERY_ARG) is None:
                raise reject(_("The page size must be a whole number from 1 to %(max)d.", max=MAX_PAGE_SIZE))
    if request.method in ("POST", "PUT", "PATCH") and request.is_json:
        raw = request.get_data(cache=True, as_text=True)
        if nesting_depth(raw, "{[", "}]") > MAX_NESTING:
            raise reject(_("The request body is nested too deeply."))
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            raise reject(_("The request body must be a JSON object."))
        _check_relation_ids(body)


def _check_relation_ids(body: dict) -> None:
    """Related ids in a REST body are loaded by marshmallow before any of our checks run."""
    view = _requested_view()
    datamodel = getattr(view, "datamodel", None)
    if datamodel is None:
        return
    for key, value in body.items():
        if not isinstance(key, str) or key not in datamodel.list_properties or not datamodel.is_relation(key):
            continue
        values = value if isinstance(value, list) else [value]
        if len(values) > MAX_PAGE_SIZE or any(v is not None and parse_id(v) is None for v in values):
            raise InputRejected(description=_("The selected item does not exist."))


def _parse_rison(text: str) -> Any:
    import json

    import prison

    try:
        return prison.loads(text)
    except Exception:  # prison raises several kinds (and recurses on junk): any is a bad q
        try:
            return json.loads(text)
        except ValueError:
            raise reject(_("The query parameter q is not valid.")) from None


def check_action_name() -> None:
    """FAB's /action/<name>/<pk> and /action_post look an unknown action up as None."""
    endpoint = request.endpoint or ""
    if endpoint.endswith(".action") or endpoint.endswith(".action_post"):
        name = (request.view_args or {}).get("name") if endpoint.endswith(".action") else request.form.get("action")
        view = _requested_view()
        if view is None or name not in (getattr(view, "actions", None) or {}):
            raise NotFound(_("There is no such action here."))


def init_app(app: Flask) -> None:
    # Before any route is added: rules bind their converters when they are registered.
    app.url_map.converters["int"] = BoundedIntConverter

    @app.before_request
    def _bounded_input() -> None:
        if request.endpoint in (None, "static") or request.endpoint.endswith(".static"):
            return
        if request.path.startswith("/api/"):
            check_rest_args()
        else:
            check_list_args()
            check_action_name()

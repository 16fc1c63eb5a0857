"""Finding rows of a growable table for an autocomplete field: scoped, searched, one page at a time.

The same function answers the endpoint (views/autocomplete.py), renders a field's chosen values
and checks a submitted id, so what a form accepts is exactly what it offers: the acting user's
scope (tenants.scope), the view's ``*_form_query_rel_fields``, and nothing more.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, String, false, or_, select
from sqlalchemy.orm import Query

from app.i18n import current_locale
from app.identifiers import mask_iin
from app.people import search_key
from app.web.bounds import parse_id
from models.collation import kazakh_order
from models.person import Person
from tenants.scope import current_scope, scope_clause

#: options per page of the dropdown; more come as the user scrolls
PAGE_SIZE = 20
#: deeper pages mean "type more": OFFSET grows linearly and nobody scrolls 1,000 names
MAX_PAGE = 50
#: a search term longer than any name, ИИН or code is not a search
MAX_TERM = 100
#: ids a multiple field may carry in one submission
MAX_CHOSEN = 100
#: text columns searched when a model has them (names in three languages, codes, numbers, titles)
TEXT_COLUMNS = ("name", "name_kk", "name_ru", "name_en", "code", "number", "title", "signer_name", "username",
                "last_name", "first_name", "email", "description")


def allowed(interface: Any, rel_filters: list | None) -> Query:
    """Every row the field may offer: the scope, then the view's own filters for the relation."""
    model = interface.obj
    query = interface.session.query(model)
    clause = scope_clause(model, current_scope())
    if clause is not None:
        query = query.filter(clause)
    if rel_filters:
        query = interface.get_filters().add_filter_list(rel_filters).apply_all(query)
    return query


def chosen(interface: Any, rel_filters: list | None, raw_ids: Iterable[Any]) -> tuple[list[Any], bool]:
    """The rows of the given ids that the field may offer, and whether every id was one of them."""
    raw = list(raw_ids)
    ids = [parse_id(value) for value in raw]
    wanted = list(dict.fromkeys(i for i in ids if i is not None))
    if not wanted:
        return [], not raw
    model = interface.obj
    rows = allowed(interface, rel_filters).filter(model.id.in_(wanted)).all()
    by_id = {row.id: row for row in rows}
    found = [by_id[i] for i in wanted if i in by_id]
    return found, len(found) == len(wanted) and None not in ids


def search(interface: Any, rel_filters: list | None, term: str, page: int) -> tuple[list[Any], bool]:
    """One page of matching rows (1-based) and whether another page follows."""
    model = interface.obj
    query = allowed(interface, rel_filters)
    term = " ".join(term.split())
    if term:
        query = query.filter(matches(model, term))
    query = query.order_by(*ordering(model))
    rows = query.offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1).all()
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def label(obj: Any) -> str:
    """What the option says: what FAB's select showed, and a teacher's ИИН masked as the lists mask it."""
    if isinstance(obj, Person):
        return f"{obj.full_name} · {mask_iin(obj.iin)}" if obj.iin else obj.full_name
    return str(obj)


def _person_clause(term: str) -> ColumnElement[bool]:
    if term.isdigit():
        return Person.iin.startswith(term, autoescape=True)
    return Person.search_name.contains(search_key(*term.split()), autoescape=True)


def _text_clause(column, term: str) -> ColumnElement[bool]:
    from app.extensions import db

    if db.engine.dialect.name == "postgresql":  # ILIKE folds Cyrillic there, served by trigram indexes
        return column.ilike(f"%{_escaped(term)}%", escape="\\")
    # SQLite's LIKE folds ASCII only (STACK-NOTES): also try the term as typed, lower and capitalised
    variants = dict.fromkeys((term, term.lower(), term.capitalize(), term.upper()))
    return or_(column.ilike(f"%{_escaped(term)}%", escape="\\"),
               *(column.contains(v, autoescape=True) for v in variants))


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def matches(model: type, term: str) -> ColumnElement[bool]:
    """Rows whose name, ИИН, code or number contains the term (a teacher's by their name or ИИН)."""
    if model is Person:
        return _person_clause(term)
    parts: list[ColumnElement[bool]] = []
    columns = model.__mapper__.columns
    for name in TEXT_COLUMNS:
        column = columns.get(name)
        if column is not None and isinstance(column.type, String):
            parts.append(_text_clause(getattr(model, name), term))
    if "person_id" in columns:  # an application, a member, a sheet: found by the teacher's name or ИИН
        parts.append(model.person_id.in_(select(Person.id).where(_person_clause(term))))
    number = parse_id(term.lstrip("№#").strip())
    if number is not None and "id" in columns:
        parts.append(model.id == number)
    return or_(*parts) if parts else false()


def ordering(model: type) -> list[Any]:
    """Names in Kazakh alphabetical order (the UI language's name first), then the id."""
    if model is Person:
        return [kazakh_order(Person.last_name), kazakh_order(Person.first_name), Person.id]
    columns = model.__mapper__.columns
    locale = current_locale()
    # English names are optional (labels fall back to Kazakh): order English pages by the Kazakh name
    for name in (f"name_{locale}" if locale in ("kk", "ru") else "name_kk", "name", "last_name", "title"):
        if name in columns:
            return [kazakh_order(getattr(model, name)), model.id]
    return [model.id.desc()]

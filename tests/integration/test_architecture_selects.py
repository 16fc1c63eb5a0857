"""Architecture test: no form or search widget renders a <select> over a table that can grow.

"Can grow" is data (models/bounded.py): every model is growable unless declared a bounded
directory. At national size one such select carried 22,271 organizations (3.3 MB, STACK-NOTES).
Every registered view's add, edit and search forms are checked, and every other WTForms form
class of the application (app/, views/).
"""

from __future__ import annotations

import re

import wtforms
from flask_appbuilder.fields import QuerySelectField
from sqlalchemy import event
from wtforms import SelectFieldBase
from wtforms.fields.core import UnboundField

from app.extensions import db
from models.bounded import can_grow

FORMS = ("add_form", "edit_form", "search_form")
_TABLE = re.compile(r'\b(?:FROM|JOIN)\s+"?(\w+)"?', re.IGNORECASE)


def _growable_tables() -> dict[str, str]:
    from flask_appbuilder import Model

    return {m.local_table.name: m.class_.__name__ for m in Model.registry.mappers if can_grow(m.class_)}


def _fields(form_class) -> list[tuple[str, UnboundField]]:
    found = []
    for name in dir(form_class):
        field = getattr(form_class, name, None)
        if isinstance(field, UnboundField):
            found.append((name, field))
    return found


def _related_model(view, name: str) -> type | None:
    datamodel = getattr(view, "datamodel", None)
    try:
        return datamodel.get_related_model(name) if datamodel is not None and datamodel.is_relation(name) else None
    except Exception:  # noqa: BLE001 - an extra field that is no column of the model
        return None


def _tables_read_by_choices(app, form_class, name: str) -> set[str]:
    """The tables the field's choices come from: bind it and list its options, recording the SQL."""
    seen: list[str] = []

    def record(conn, cursor, statement, *args):
        seen.append(statement)

    with app.test_request_context("/"):
        from flask_login import login_user

        from tests.helpers import user

        login_user(user("national"))
        event.listen(db.engine, "before_cursor_execute", record)
        try:
            form = form_class(meta={"csrf": False})
            field = form[name]
            if isinstance(field, SelectFieldBase):
                list(field.iter_choices())
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
            db.session.rollback()
    return {table for statement in seen for table in _TABLE.findall(statement)}


def select_violations(app, views, extra_forms=()) -> tuple[list[str], int]:
    """(problems, fields checked): every field that would render a select over a growable table."""
    growable = _growable_tables()
    problems: list[str] = []
    checked = 0
    owners = [(type(v).__name__, kind, v, getattr(v, kind, None)) for v in views for kind in FORMS]
    owners += [(f.__module__ + "." + f.__name__, "form", None, f) for f in extra_forms]
    for owner, kind, view, form_class in owners:
        if form_class is None:
            continue
        for name, unbound in _fields(form_class):
            if not issubclass(unbound.field_class, SelectFieldBase):
                continue  # not a <select> (autocomplete fields are plain inputs filled by the endpoint)
            checked += 1
            model = _related_model(view, name) if view is not None else None
            if issubclass(unbound.field_class, QuerySelectField):
                if model is None or can_grow(model):
                    problems.append(f"{owner}.{kind}.{name}: a select over {getattr(model, '__name__', '?')}")
                continue
            tables = _tables_read_by_choices(app, form_class, name) & set(growable)
            if tables:
                problems.append(f"{owner}.{kind}.{name}: a select filled from {sorted(growable[t] for t in tables)}")
    return problems, checked


def _application_form_classes() -> list[type]:
    """Hand-written WTForms of the application (FAB's generated forms are checked through their views)."""
    found, todo = [], [wtforms.Form]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in ("app", "views", "tenants"):
            found.append(cls)
    return found


def test_no_form_renders_a_select_over_a_growable_table(app, ctx):
    problems, checked = select_violations(app, app.appbuilder.baseviews, _application_form_classes())
    assert problems == [], "\n".join(problems)
    assert checked >= 30  # not vacuous: the bounded directories' selects were looked at


def test_the_check_catches_a_whole_table_select(app, ctx):
    from flask_appbuilder import ModelView
    from flask_appbuilder.models.sqla.interface import SQLAInterface
    from flask_wtf import FlaskForm
    from wtforms import SelectField

    from models.person import Person
    from tenants.models import Tenant

    class WholeTableView(ModelView):
        datamodel = SQLAInterface(Person)
        add_columns = ["last_name", "tenant", "position"]
        search_columns = ["tenant", "category"]

    view = WholeTableView()
    view.appbuilder = app.appbuilder
    view._init_forms()

    class HandWritten(FlaskForm):
        organization = SelectField(choices=lambda: [(t.id, t.name_kk) for t in db.session.query(Tenant).all()])

    problems, _ = select_violations(app, [view], [HandWritten])
    assert any("WholeTableView.add_form.tenant" in p for p in problems), problems
    assert any("WholeTableView.search_form.tenant" in p for p in problems), problems
    assert any("HandWritten.form.organization" in p and "Tenant" in p for p in problems), problems
    assert not any(".position" in p or ".category" in p for p in problems), problems


def test_growth_is_default_deny():
    from models.directories import Position
    from models.person import Person
    from tenants.models import Tenant

    class BrandNewModel:  # a model nobody declared: growable
        pass

    assert can_grow(BrandNewModel) and can_grow(Person) and can_grow(Tenant)
    assert not can_grow(Position)

"""Autocomplete instead of whole-table selects for relations to tables that can grow.

FAB renders every relation in add, edit and search forms as a <select> holding the whole related
table (22,271 organizations at national size: 3.3 MB per page). ``autocomplete_forms(view)``
swaps each such field, over a model that ``models.bounded.can_grow``, for a field that renders only
its chosen values and asks ``/autocomplete/<view>/<form>/<column>/`` (views/autocomplete.py) for
one page of matches as the user types. FAB's own AJAX select loads the whole list in one request,
so it does not help here. Choices, chosen values and submitted ids all go through app.web.lookup.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from flask import request, url_for
from flask_appbuilder.fields import QuerySelectField, QuerySelectMultipleField
from markupsafe import Markup, escape
from wtforms import Field
from wtforms.fields.core import UnboundField
from wtforms.validators import ValidationError
from wtforms.widgets import html_params

from app.i18n import _
from app.web import lookup
from models.bounded import can_grow

#: the view's form attribute -> the form's name in the endpoint's URL
FORMS = {"add_form": "add", "edit_form": "edit", "search_form": "search"}
#: the form's name -> the view's attribute holding its relation filters
REL_FILTERS = {"add": "add_form_query_rel_fields", "edit": "edit_form_query_rel_fields",
               "search": "search_form_query_rel_fields"}
#: the form's name -> the view method whose permission opens its choices
METHODS = {"add": "add", "edit": "edit", "search": "list"}


@dataclass(frozen=True)
class Source:
    """Where a field's choices come from: a relation of one view's model, seen from one of its forms."""

    view: str
    form: str
    column: str
    datamodel: Any = field(compare=False, repr=False)
    rel_filters: tuple = field(default=(), compare=False)

    @property
    def interface(self) -> Any:
        return self.datamodel.get_related_interface(self.column)

    def url(self) -> str:
        return url_for("AutocompleteView.options", view=self.view, form=self.form, column=self.column)

    def chosen(self, raw_ids: list[Any]) -> tuple[list[Any], bool]:
        return lookup.chosen(self.interface, list(self.rel_filters), raw_ids)

    def search(self, term: str, page: int) -> tuple[list[Any], bool]:
        return lookup.search(self.interface, list(self.rel_filters), term, page)


def _messages() -> str:
    """select2's sentences in the page's language (it ships English only)."""
    return json.dumps({
        "searching": _("Searching…"),
        "noResults": _("Nothing found"),
        "loadingMore": _("Loading more…"),
        "errorLoading": _("The list could not be loaded."),
    }, ensure_ascii=False)


class AutocompleteWidget:
    """A select holding only the chosen options; app/static/js/autocomplete.js fetches the rest."""

    def __call__(self, field: AutocompleteField, **kwargs: Any) -> Markup:
        attrs = {
            "id": kwargs.pop("id", field.id),
            "name": field.name,
            "class": "form-control ustaz-autocomplete",
            "data_url": field.source.url(),
            "data_placeholder": _("Type to search…"),
            "data_messages": _messages(),
            "data_allow_clear": "true" if field.allow_blank or field.multiple else "false",
            "multiple": field.multiple,
            "aria_label": str(field.label.text) if field.label else None,
        }
        chosen = field.chosen_objects()
        selected = "" if field.source.form == "search" else " selected"
        options = [] if field.multiple else ['<option value=""></option>']
        options += [f'<option value="{obj.id}"{selected}>{escape(lookup.label(obj))}</option>' for obj in chosen]
        return Markup(f"<select {html_params(**{k: v for k, v in attrs.items() if v is not None})}>"
                      f"{''.join(options)}</select>")


class AutocompleteField(Field):
    """A many-to-one relation chosen by typing; the submitted id must be one the field offers."""

    widget = AutocompleteWidget()
    multiple = False

    def __init__(self, label: Any = None, validators: Any = None, source: Source | None = None,
                 allow_blank: bool = True, **kwargs: Any) -> None:
        super().__init__(label, validators, **kwargs)
        self.source = source
        self.allow_blank = allow_blank
        self._refused = False

    def process_data(self, value: Any) -> None:
        self.data = value

    def process_formdata(self, valuelist: list[str]) -> None:
        raw = _submitted(valuelist)[:1]
        found, complete = self.source.chosen(raw) if raw else ([], True)
        self.data = found[0] if found else None
        self._refused = not complete

    def pre_validate(self, form: Any) -> None:
        if self._refused:
            raise ValidationError(_("Not a valid choice"))

    def chosen_objects(self) -> list[Any]:
        if self.source.form == "search":
            return _filtered_values(self)
        return [self.data] if self.data is not None else []


class AutocompleteMultipleField(AutocompleteField):
    """A many-to-many relation chosen by typing."""

    multiple = True

    def process_data(self, value: Any) -> None:
        self.data = list(value or [])

    def process_formdata(self, valuelist: list[str]) -> None:
        raw = _submitted(valuelist)
        if len(raw) > lookup.MAX_CHOSEN:
            self.data, self._refused = [], True
            return
        self.data, complete = self.source.chosen(raw) if raw else ([], True)
        self._refused = not complete

    def chosen_objects(self) -> list[Any]:
        if self.source.form == "search":
            return _filtered_values(self)
        return list(self.data or [])


def _submitted(valuelist: list[str]) -> list[str]:
    return [v for v in valuelist if v not in ("", "__None")]


def _filtered_values(field: AutocompleteField) -> list[Any]:
    """A search form is rendered empty: its chosen values are the list URL's filters on the column
    (``_flt_0_tenant=17``), shown with their labels when they lie inside the scope."""
    pattern = re.compile(rf"_flt_\d+_{re.escape(field.name)}")
    raw = [v for key in request.args if pattern.fullmatch(key) for v in request.args.getlist(key)]
    return field.source.chosen(raw[:lookup.MAX_CHOSEN])[0] if raw else []


def autocomplete_forms(view: Any) -> None:
    """Swap every whole-table relation select of the view's add, edit and search forms (idempotent)."""
    datamodel = getattr(view, "datamodel", None)
    if datamodel is None:
        return
    for attribute, form_name in FORMS.items():
        form = getattr(view, attribute, None)
        if form is None:
            continue
        rel_filters = getattr(view, REL_FILTERS[form_name], None) or {}
        for name in dir(form):
            unbound = getattr(form, name, None)
            if not isinstance(unbound, UnboundField) or not issubclass(unbound.field_class, QuerySelectField):
                continue
            if not datamodel.is_relation(name) or not can_grow(datamodel.get_related_model(name)):
                continue
            source = Source(type(view).__name__, form_name, name, datamodel, tuple(rel_filters.get(name) or ()))
            kwargs = {k: v for k, v in unbound.kwargs.items()
                      if k in ("description", "validators", "default", "render_kw", "allow_blank")}
            label = unbound.args[0] if unbound.args else unbound.kwargs.get("label")
            field_class = (AutocompleteMultipleField if issubclass(unbound.field_class, QuerySelectMultipleField)
                           else AutocompleteField)
            setattr(form, name, field_class(label, source=source, **kwargs))


def source_of(view: Any, form_name: str, column: str) -> Source | None:
    """Where the view's autocomplete field for a column of one of its forms takes its choices from."""
    attribute = next((a for a, f in FORMS.items() if f == form_name), None)
    form = getattr(view, attribute, None) if attribute else None
    unbound = getattr(form, column, None) if form is not None and not column.startswith("_") else None
    if not isinstance(unbound, UnboundField) or not issubclass(unbound.field_class, AutocompleteField):
        return None
    return unbound.kwargs["source"]

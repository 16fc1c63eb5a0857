"""Stored structures as people read them: labelled tables and short sentences, never JSON, a
Python ``repr`` or an ISO timestamp.

Job results, audit values and score explanations are kept as plain data (codes, numbers, ISO
dates, nested dicts). The page that shows one passes the labels of its keys (from the label
module of that concept); a key without a label is written out in words as a last resort."""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from markupsafe import Markup, escape

from app.i18n import _
from app.web.display import shown_date, shown_datetime

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
#: a stored structure longer than this is not parsed back (it is shown as a count of characters)
MAX_PARSED = 20_000

Labels = Mapping[str, Any]
#: per key, how its value is shown (codes to words, ids to names)
Formatters = Mapping[str, Callable[[Any], Any]]


def key_label(key: Any, labels: Labels | None = None) -> str:
    """The label of a key; unknown keys in words ("rejected_count" -> "Rejected count")."""
    if labels and key in labels:
        return str(labels[key])
    text = str(key).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def iso_shown(text: str) -> str | None:
    """An ISO date or timestamp as people write it (timestamps in local time, to the minute)."""
    try:
        if ISO_DATE.match(text):
            return shown_date(dt.date.fromisoformat(text))
        if ISO_DATETIME.match(text):
            value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
            if value.tzinfo is not None:
                value = value.astimezone(dt.UTC).replace(tzinfo=None)
            return shown_datetime(value)
    except ValueError:
        return None
    return None


def parsed(value: Any) -> Any:
    """A structure stored as text (JSON, or a Python repr written by an older version) back as data;
    any other value unchanged."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if len(text) > MAX_PARSED or (text[:1], text[-1:]) not in (("{", "}"), ("[", "]")):
        return value
    try:
        return json.loads(text)
    except ValueError:
        pass
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return value


def number(value: float | int) -> str:
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def text_of(value: Any, labels: Labels | None = None, formatters: Formatters | None = None) -> str:
    """Any value as one line of text: lists joined, nested mappings as "label: value" in brackets."""
    value = parsed(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, (int, float)):
        return number(value)
    if isinstance(value, dt.datetime):
        return shown_datetime(value)
    if isinstance(value, dt.date):
        return shown_date(value)
    if isinstance(value, Mapping):
        parts = []
        for key, item in value.items():
            shown = _formatted(key, item, labels, formatters)
            inner = shown if isinstance(shown, str) else text_of(shown, labels, formatters)
            if isinstance(parsed(item), Mapping) and inner:
                inner = f"({inner})"
            parts.append(f"{key_label(key, labels)}: {inner}" if inner != "" else key_label(key, labels))
        return "; ".join(parts)
    if isinstance(value, (list, tuple, set)):
        return ", ".join(text_of(item, labels, formatters) for item in value)
    text = str(value)
    return iso_shown(text) or text


def _formatted(key: Any, value: Any, labels: Labels | None, formatters: Formatters | None) -> Any:
    if formatters and key in formatters:
        return formatters[key](value)
    return text_of(value, labels, formatters)


def cell(value: Any, labels: Labels | None = None, formatters: Formatters | None = None) -> Markup:
    """A value for a table cell: a mapping becomes a nested table, anything else a line of text."""
    value = parsed(value)
    if isinstance(value, Markup):
        return value
    if isinstance(value, Mapping) and value:
        return table(value.items(), labels, formatters)
    return escape(text_of(value, labels, formatters))


def table(rows: Iterable[tuple[Any, Any]], labels: Labels | None = None, formatters: Formatters | None = None,
          *, skip_empty: bool = True) -> Markup:
    """Key / value rows as a two-column table: keys labelled, values shown (formatters first)."""
    lines = []
    for key, value in rows:
        shown = formatters[key](value) if formatters and key in formatters else value
        content = cell(shown, labels, formatters)
        if skip_empty and not str(content).strip():
            continue
        label = key_label(key, labels)
        label = label[:1].upper() + label[1:]
        lines.append(f"<tr><th style='width:35%'>{escape(label)}</th><td>{content}</td></tr>")
    if not lines:
        return Markup("")
    return Markup(f"<table class='table table-condensed' style='margin:0'>{''.join(lines)}</table>")

"""Stored scores and rule sets as staff read them: the engine's explained result as sentences and a
table per indicator, the snapshot it was scored on as labelled records, a rule set's parameters and
rules with the editor's labels (app.scoring.ruleset_form) — never JSON, codes or ISO dates.

Kept apart from views/scoring.py (the views and the rule-set editor) so the pages' formatters are
one import there."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from app.attestation.labels import category_name, mode_label, outcome_label
from app.i18n import _
from app.web import readable

#: keys of a snapshot's records that are internal references, not something a reader checks
HIDDEN_RECORD_KEYS = {"id", "lesson", "observer", "person_id"}


def _directory_names() -> dict[str, dict[str, str]]:
    """Codes of the directories the rules and snapshots use, in the reader's language (read once
    per request: a rule set's page labels every rule with them)."""
    from flask import g, has_app_context

    from app.extensions import db
    from models.directories import CourseProgram, EducationLevel, Position

    cached = g.get("ustaz_directory_names") if has_app_context() else None
    if cached is None:
        cached = {key: {row.code: row.localized_name() for row in db.session.query(model)}
                  for key, model in (("education_level", EducationLevel), ("position", Position),
                                     ("program", CourseProgram))}
        if has_app_context():
            g.ustaz_directory_names = cached
    return cached


def _indicator(code: str) -> str:
    from views.profile import INDICATOR_TITLES

    title = INDICATOR_TITLES.get(code)
    return f"{code} {title}" if title else code


# Scores ------------------------------------------------------------------------------------------
def indicators_text(failing: str | None) -> str:
    """The indicators not met ("1.2,4"), as a list of codes a reader can look up in the table."""
    return ", ".join(code.strip() for code in (failing or "").split(",") if code.strip())


def explained_result(result: Any) -> Markup:
    """The engine's explained result: what it gives, and why, indicator by indicator."""
    if not isinstance(result, dict) or not result:
        return Markup("")
    lines = [_("Points: %(points)s", points=readable.number(result.get("total_points") or 0)),
             _("All indicators met") if result.get("portfolio_met") else _("Not every indicator is met")]
    ozp = result.get("ozp") if isinstance(result.get("ozp"), dict) else {}
    if ozp.get("exempt"):
        lines.append(_("ОЗП: exempt"))
    elif ozp:
        required = readable.number(ozp.get("required_percent") or 0)
        lines.append(_("ОЗП: met (at least %(p)s%%)", p=required) if ozp.get("met")
                     else _("ОЗП: below %(p)s%%", p=required))
    outcome = outcome_label(result.get("outcome"))
    if result.get("awarded_category"):
        outcome = f"{outcome} ({category_name(result['awarded_category'])})"
    lines.append(_("The criteria give: %(outcome)s", outcome=outcome))
    head = "".join(f"<th>{escape(h)}</th>" for h in (_("Indicator"), _("State"), _("Points"), _("Why")))
    rows = []
    for code, entry in (result.get("indicators") or {}).items():
        if not isinstance(entry, dict):
            continue
        if not entry.get("applicable"):
            state, css = _("not applicable"), ""
        elif entry.get("met"):
            state, css = _("met"), "success"
        else:
            state, css = _("not met"), "danger"
        reasons = "; ".join(str(r) for r in entry.get("reasons") or [])
        rows.append(f"<tr class='{css}'><td>{escape(_indicator(code))}</td><td>{escape(state)}</td>"
                    f"<td>{escape(readable.number(entry.get('points') or 0))}</td><td>{escape(reasons)}</td></tr>")
    summary = " · ".join(escape(line) for line in lines)
    return Markup(f"<p>{summary}</p><table class='table table-condensed'><tr>{head}</tr>{''.join(rows)}</table>")


def snapshot_table(snapshot: Any) -> Markup:
    """The case the score was computed from: the teacher's situation, then each section's records."""
    from app.scoring.engine import level_name
    from app.scoring.messages import field_names

    if not isinstance(snapshot, dict) or not snapshot:
        return Markup("")
    labels = field_names()
    names = _directory_names()
    formatters = {
        "education_level": lambda code: names["education_level"].get(code, code),
        "position": lambda code: names["position"].get(code, code),
        "program": lambda code: names["program"].get(code, code),
        "requested_category": category_name,
        "current_category": category_name,
        "mode": mode_label,
        "level": level_name,
    }
    case = [(key, value) for key, value in snapshot.items() if key not in ("profile", "rule_set")]
    profile = snapshot.get("profile") if isinstance(snapshot.get("profile"), dict) else {}
    sections = []
    for key, records in profile.items():
        if isinstance(records, list):
            shown = [readable.text_of({k: v for k, v in record.items() if k not in HIDDEN_RECORD_KEYS}, labels,
                                      formatters) if isinstance(record, dict) else readable.text_of(record)
                     for record in records]
            value = Markup("<br>").join(shown) if shown else _("none")
            sections.append((key, Markup(f"<span class='badge'>{len(records)}</span> ") + value))
        else:
            sections.append((key, readable.text_of(records)))
    return readable.table(case, labels, formatters) + readable.table(sections, labels)


# Rule sets ---------------------------------------------------------------------------------------
def _rule_labels() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """The editor's labels: the set's parameters, a rule's parameters, and the keys of their tables."""
    from app.scoring import ruleset_form

    names = _directory_names()
    return ruleset_form.parameter_labels(), ruleset_form.rule_parameter_labels(), ruleset_form.key_labels(names)


def parameters_table(parameters: Any) -> Markup:
    """A rule set's parameters, labelled as the editor labels them; tables by category, level …"""
    if not isinstance(parameters, dict) or not parameters:
        return Markup("")
    names, _rule_names, keys = _rule_labels()
    labels = {**keys, **names}
    return readable.table(parameters.items(), labels, _code_lists(keys, parameters))


def rule_parameters_text(params: Any) -> str:
    """A rule's parameters as one line: "Minimum observed lessons …: 5; …"."""
    if not isinstance(params, dict) or not params:
        return ""
    _names, rule_names, keys = _rule_labels()
    return readable.text_of(params, {**keys, **rule_names}, _code_lists(keys, params))


def _code_lists(keys: dict[str, str], data: dict) -> dict[str, Any]:
    """Lists of codes (positions, categories, documents) in words."""
    return {key: (lambda codes: ", ".join(keys.get(str(c), str(c)) for c in codes))
            for key, value in data.items() if isinstance(value, list)}


def rule_scope_label(column: str):
    """A rule's education level, position or category in words ("*": any)."""

    def shown(code: str | None) -> str:
        if code in (None, "", "*"):
            return _("any")
        if column == "category":
            return category_name(code)
        return _directory_names().get(column, {}).get(code, code)

    return shown


def rule_kind_label(kind: str | None) -> str:
    from app.scoring import ruleset_form

    return ruleset_form.kind_labels().get(kind or "", kind or "")

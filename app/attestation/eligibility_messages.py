"""Eligibility (app.attestation.eligibility) in the reader's language: the reasons a teacher may
not apply and the problems of an eligibility case. Called at the edge — the CLI inside
force_locale(), pages in the request's locale — never stored translated."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from app.i18n import _
from app.scoring.messages import SHOWN_PROBLEMS, category_name, problem_text
from app.scoring.validation import Problem

__all__ = ["describe_problem", "describe_problems", "reason_message", "shown_date"]


def shown_date(value) -> str:
    """An ISO date (or a date) as dd.mm.yyyy; anything else as it is."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value if value is not None else "")


def _number(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# Reasons ----------------------------------------------------------------------------------------
def reason_message(reason) -> str:
    """One reason (an ``eligibility.Reason`` or its ``as_dict()``) as a sentence."""
    if isinstance(reason, dict):
        code, p = str(reason.get("code", "")), dict(reason.get("params") or {})
    else:
        code, p = reason.code, dict(reason.params or {})
    if code == "sequence":
        if not p.get("next"):
            return _("%(current)s is the highest category: it can only be confirmed, not assigned.",
                     current=_capital(category_name(p.get("current"))))
        return _("The principle of sequence: from %(current)s only %(next)s can be assigned (or the current "
                 "category confirmed), not %(requested)s.", current=category_name(p.get("current")),
                 next=category_name(p.get("next")), requested=category_name(p.get("requested")))
    if code == "confirm_not_current":
        if p.get("current") == "teacher":
            return _("A teacher without a category has no category to confirm.")
        return _("Only the current category can be confirmed: %(current)s, not %(requested)s.",
                 current=category_name(p.get("current")), requested=category_name(p.get("requested")))
    if code == "experience":
        return _("Pedagogical experience (years): %(actual)s; %(category)s requires at least %(minimum)s.",
                 actual=_number(p.get("actual")), category=category_name(p.get("category")),
                 minimum=_number(p.get("minimum")))
    if code == "banned":
        return _("Banned from attestation for breaking the ОЗП rules: applications are accepted from "
                 "%(until)s.", until=shown_date(p.get("until")))
    if code == "duplicate":
        return _("There is already an application in this period (the commission decides once a year).")
    if code == "window_closed":
        return _("Applications are accepted from %(opens)s to %(closes)s.", opens=shown_date(p.get("opens")),
                 closes=shown_date(p.get("closes")))
    if code == "category_expired":
        return _("The current category was valid until %(until)s: it can no longer be confirmed.",
                 until=shown_date(p.get("until")))
    return _("The teacher may not apply.")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# Problems of a case -----------------------------------------------------------------------------
def _field_names() -> dict[str, str]:
    return {
        "position": _("position"), "education_level": _("education level"),
        "current_category": _("current category"),
        "current_category_since": _("date the current category was assigned"),
        "requested_category": _("requested category"), "mode": _("mode"),
        "experience_years": _("pedagogical experience (years)"), "as_of": _("assessment date"),
        "ozp_violations": _("breaches of the ОЗП rules"), "extensions": _("extensions of the category"),
        "applications_this_period": _("applications in this period"), "window": _("application window"),
        "reason": _("reason"), "years": _("years"), "opens": _("opens"), "closes": _("closes"),
    }


_ITEM = re.compile(r"^(\w+)\[(\d+)\](?:\.(\w+))?$")


def field_label(problem: Problem) -> str:
    """Where the problem is, in words."""
    where = problem.field
    names = _field_names()
    item = _ITEM.match(where)
    if item:
        records, index, key = item.groups()
        if key:
            return _("%(records)s, item %(n)d: %(field)s", records=names.get(records, records), n=int(index) + 1,
                     field=names.get(key, key))
        return _("%(records)s, item %(n)d", records=names.get(records, records), n=int(index) + 1)
    if "." in where:
        parent, key = where.split(".", 1)
        return _("%(records)s: %(field)s", records=names.get(parent, parent), field=names.get(key, key))
    return names.get(where, where)


def _problem_text(problem: Problem) -> str:
    p = problem.params
    if problem.code == "not_list_of_dates":
        return _("expected a list of dates as YYYY-MM-DD")
    if problem.code == "window_reversed":
        return _("the window closes (%(closes)s) before it opens (%(opens)s)", closes=shown_date(p.get("closes")),
                 opens=shown_date(p.get("opens")))
    if problem.code == "not_object" and not problem.field:
        return _("The eligibility case must be a JSON object.")
    return problem_text(problem)


def describe_problem(problem: Problem, *, technical: bool = False) -> str:
    """One problem as a sentence: where (the JSON path for the CLI, words for pages) and what."""
    where = problem.field if technical else (field_label(problem) if problem.field else "")
    text = _("%(field)s: %(problem)s", field=where, problem=_problem_text(problem)) if where else _problem_text(problem)
    return text if technical else _capital(text)


def describe_problems(problems: Iterable[Problem], *, technical: bool = False,
                      limit: int = SHOWN_PROBLEMS) -> list[str]:
    """Sentences for the first ``limit`` problems, and "… and N more" for the rest."""
    problems = list(problems)
    lines = [describe_problem(p, technical=technical) for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(_("… and %(count)d more", count=len(problems) - limit))
    return lines

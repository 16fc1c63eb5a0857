"""A dashboard as sections of plain tables: the one shape the page, the XLSX and the PDF all render.

Every number that counts rows is a ``Cell`` with the measure (and key, and node) it drills into, so
each renderer can link it to the rows behind it (``/reports/rows/<measure>/``). Ratios and averages
are plain values. Codes become words here, at render time, in the reader's language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask import current_app, has_app_context
from sqlalchemy import select

from app.attestation import states
from app.attestation.labels import category_name, level_label, mode_label, outcome_label, state_label
from app.i18n import _
from app.portfolio.sections import indicator_title
from app.scoring.defaults import CATEGORIES, INDICATORS
from reports.forecast import ENOUGH, NO_COMMISSIONS, NOTHING_TO_DO, SHORT, decision_deadline, forecast
from reports.measures import OZP_BANDS
from reports.stats import Dashboard, Figures

#: outcomes in the order the tables show them
OUTCOMES = ("assigned", "confirmed", "lowered", "not_assigned")


@dataclass
class Cell:
    value: int | float | str | None
    #: a count of rows: the measure (and key, and node) of the list behind it
    measure: str | None = None
    key: str | None = None
    node_id: int | None = None

    @property
    def drills(self) -> bool:
        return self.measure is not None


@dataclass
class Section:
    code: str
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    total: list[Cell] | None = None
    #: "bars" (horizontal bars of the first numeric column), "funnel", "histogram", or None
    chart: str | None = None
    note: str | None = None
    #: the measure whose columns the chart draws (default: the first numeric column's)
    chart_measure: str | None = None


def _label(text) -> Cell:
    return Cell(str(text))


def _count(figures: Figures, measure: str, key: str | None = None, node_id: int | None = None) -> Cell:
    return Cell(figures.count(measure, key), measure, key, node_id)


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"


def kpi_section(d: Dashboard) -> Section:
    labels = {
        "organizations": _("Education organizations"), "teachers": _("Teachers"), "users": _("Users"),
        "commissions": _("Attestation commissions"), "attestees": _("Attestees this period"),
        "materials": _("Materials uploaded"),
    }
    rows = [[_label(label), _count(d.figures, code)] for code, label in labels.items() if d.shows(code)]
    return Section("kpi", _("Key figures"), [_("Indicator"), _("Count")], rows)


def funnel_section(d: Dashboard) -> Section:
    f = d.figures
    rows = [[_label(state_label(code)), _count(f, "applications_by_state", code)]
            for code in states.STATES if f.count("applications_by_state", code)]
    overdue = f.count("overdue")
    note = None
    if overdue:
        oldest = min((k for k in f.keys("review_due") if d.period and d.period.today and k < d.period.today.isoformat()),
                     default=None)
        if oldest:
            from app.web.display import shown_date

            note = _("The oldest overdue review was due on %(date)s.", date=shown_date(dt.date.fromisoformat(oldest)))
            rows.append([_label(_("Oldest overdue, due on %(date)s", date=shown_date(dt.date.fromisoformat(oldest)))),
                         _count(f, "review_due", oldest)])
    rows.append([_label(_("Overdue reviews (past the one-month deadline)")), _count(f, "overdue")])
    total = [_label(_("All applications")), _count(f, "applications_by_state")]
    return Section("funnel", _("Applications by state"), [_("State"), _("Applications")], rows, total, "funnel", note)


def outcomes_section(d: Dashboard) -> Section:
    f = d.figures
    pairs = sorted({tuple(k.split("|")[:2]) for k in f.keys("outcomes_by_request")},
                   key=lambda p: (CATEGORIES.index(p[0]) if p[0] in CATEGORIES else 99, p[1]))
    columns = [_("Requested category"), _("Mode"), *(outcome_label(o) for o in OUTCOMES)]
    rows = [[_label(category_name(category)), _label(mode_label(mode)),
             *(_count(f, "outcomes_by_request", f"{category}|{mode}|{o}") for o in OUTCOMES)] for category, mode in pairs]
    total = [_label(_("All")), _label(""), *(_count(f, "outcomes", o) for o in OUTCOMES)]
    return Section("outcomes", _("Outcomes by requested category and mode"), columns, rows, total, "bars")


def _categories() -> list[tuple[str, str]]:
    """(key, name) of the categories teachers hold, in rank order; "" is no category."""
    from app.extensions import db
    from models.directories import QualificationCategory

    found = db.session.execute(select(QualificationCategory).order_by(QualificationCategory.rank,
                                                                      QualificationCategory.id)).scalars()
    return [(str(c.id), str(c)) for c in found]


def categories_section(d: Dashboard) -> Section:
    categories = [(key, name) for key, name in _categories()]
    held = set(d.figures.keys("categories"))
    shown = [(k, n) for k, n in categories if k in held] + ([("", _("No category"))] if "" in held else [])
    columns = [_("Node"), *(n for _k, n in shown), _("Teachers")]
    rows = [[_label(child), *(_count(f, "categories", k, child.id) for k, _n in shown), _count(f, "teachers", None, child.id)]
            for child, f in d.children]
    total = [_label(_("All")), *(_count(d.figures, "categories", k) for k, _n in shown), _count(d.figures, "teachers")]
    return Section("categories", _("Categories held by teachers"), columns, rows, total, "bars")


def breakdown_section(d: Dashboard) -> Section:
    columns = [_("Node"), _("Level"), _("Education organizations"), _("Teachers"), _("Attestees this period"),
               _("Decided"), _("Overdue reviews")]
    rows = [[_label(child), _label(level_label(child.level)), _count(f, "organizations", None, child.id),
             _count(f, "teachers", None, child.id), _count(f, "attestees", None, child.id),
             _count(f, "decided", None, child.id), _count(f, "overdue", None, child.id)] for child, f in d.children]
    f = d.figures
    total = [_label(_("All")), _label(""), _count(f, "organizations"), _count(f, "teachers"), _count(f, "attestees"),
             _count(f, "decided"), _count(f, "overdue")]
    return Section("breakdown", _("By subordinate node"), columns, rows, total)


def indicators_section(d: Dashboard) -> Section:
    f = d.figures
    failed = sorted(((code, f.count("failed_indicators", code)) for code in INDICATORS), key=lambda p: (-p[1], p[0]))
    attestees = f.count("attestees")
    rows = [[_label(f"{code} {indicator_title(code)}"), _count(f, "failed_indicators", code), _label(_percent(n, attestees))]
            for code, n in failed if n]
    return Section("indicators", _("Portfolio indicators most often not met"),
                   [_("Indicator"), _("Attestees who do not meet it"), _("Share of attestees")], rows, None, "bars",
                   _("Counted on the scores of the submitted applications."))


def coverage_section(d: Dashboard) -> Section:
    f = d.figures
    covered, teachers = f.count("observation_covered"), f.count("teachers")
    rows = [[_label(_("Teachers with 5 or more observed lessons and an external observer this school year")),
             _count(f, "observation_covered"), _label(_percent(covered, teachers))]]
    return Section("coverage", _("Observation coverage"), [_("Teachers"), _("Count"), _("Share of teachers")], rows)


def ozp_section(d: Dashboard) -> Section:
    f = d.figures
    rows = [[_label(f"{low}–{low + 9 if low < 90 else 100}%"), _count(f, "ozp_bands", str(low))] for low in OZP_BANDS]
    total = [_label(_("All results")), Cell(sum(f.count("ozp_bands", str(low)) for low in OZP_BANDS))]
    return Section("ozp", _("Knowledge test (OZP) results: each teacher's latest"),
                   [_("Percent correct"), _("Results")], rows, total, "histogram")


def workload_section(d: Dashboard) -> Section:
    f = d.figures
    members, attestees, decided = f.count("voting_members"), f.count("attestees"), f.count("decided")
    per_member = f"{attestees / members:.1f}" if members else "—"
    days = f"{f.count('decision_days') / decided:.1f}" if decided else "—"
    rows = [
        [_label(_("Commissions this period")), _count(f, "period_commissions")],
        [_label(_("Voting members")), _count(f, "voting_members")],
        [_label(_("Attestees this period")), _count(f, "attestees")],
        [_label(_("Applications per voting member")), _label(per_member)],
        [_label(_("Decided")), _count(f, "decided")],
        [_label(_("Average days from submission to decision")), _label(days)],
    ]
    return Section("workload", _("Commission workload"), [_("Indicator"), _("Value")], rows)


def forecast_section(d: Dashboard, today: dt.date) -> Section:
    period = d.period
    pace = float(current_app.config.get("REPORT_REVIEWS_PER_DAY", 8)) if has_app_context() else 8.0
    deadline = decision_deadline(period.closes_on, period.decisions_by, period.review_days) if period else None
    words = {ENOUGH: _("Capacity is enough"), SHORT: _("Capacity is short"),
             NO_COMMISSIONS: _("No commission is formed"), NOTHING_TO_DO: _("Nothing left to decide")}

    def row(label, f: Figures, node_id: int | None) -> list[Cell]:
        result = forecast(submitted=f.count("attestees"), decided=f.count("decided"),
                          commissions=f.count("period_commissions"), today=today,
                          opens_on=period.opens_on if period else None, closes_on=period.closes_on if period else None,
                          deadline=deadline, reviews_per_day=pace)
        return [_label(label), _count(f, "attestees", None, node_id), Cell(result.expected), _count(f, "decided", None, node_id),
                Cell(result.capacity), Cell(result.shortfall), _label(words[result.status])]

    columns = [_("Node"), _("Submitted"), _("Expected by the window's close"), _("Decided"),
               _("Review capacity until the deadline"), _("Shortfall"), _("Forecast")]
    # commissions sit at organizations, districts, regions and the republic: an organization's own
    # row would count its applications against no commission, so rows are for departments only
    rows = [row(child, f, child.id) for child, f in d.children if child.level != "organization"]
    from app.web.display import shown_date

    note = _("Deadline for decisions: %(date)s; assumed pace: %(pace)s applications a day per commission.",
             date=shown_date(deadline) if deadline else "—", pace=f"{pace:g}")
    return Section("forecast", _("Capacity forecast"), columns, rows, row(_("All"), d.figures, None), None, note)


def sections(d: Dashboard, *, today: dt.date) -> list[Section]:
    """The dashboard's sections the user may see (a section whose rows they cannot list is left out)."""
    found = [kpi_section(d)]
    if d.children and d.shows("teachers"):
        found.append(breakdown_section(d))
    if d.shows("applications_by_state"):
        found.append(funnel_section(d))
        found.append(outcomes_section(d))
    from reports.appeal_sections import appeal_sections

    found.extend(appeal_sections(d, today))
    if d.shows("categories"):
        found.append(categories_section(d))
    if d.shows("failed_indicators"):
        found.append(indicators_section(d))
    if d.shows("observation_covered"):
        found.append(coverage_section(d))
    if d.shows("ozp_bands"):
        found.append(ozp_section(d))
    if d.shows("voting_members") and d.shows("attestees"):
        found.append(workload_section(d))
        if d.period is not None:
            found.append(forecast_section(d, today))
    return found


__all__ = ["Cell", "OUTCOMES", "Section", "sections"]

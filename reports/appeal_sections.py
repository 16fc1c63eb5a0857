"""The appeals monitoring sections (issue 16): the seed's table — appeals by type × state — with the
overdue ones first, the same by subordinate node, and the answers given.

Every count is a cell of a measure of reports/measures.py (appeals, appeals_by_type, appeals_by_stage,
appeals_overdue, appeal_answers), so each number links to the list of the very rows it counts.
"""

from __future__ import annotations

import datetime as dt

from app.appeals.labels import RESOLUTION_LABELS, STATE_LABELS, TYPE_LABELS
from app.appeals.states import RESOLUTIONS
from app.i18n import _, _l
from reports.measures import APPEAL_STAGES
from reports.sections import Cell, Section, _count, _label, _percent
from reports.stats import Dashboard, Figures

#: the table's columns: an answer split by its resolution, the other states as they are
STAGE_LABELS = {
    "filed": STATE_LABELS["filed"],
    "in_review": STATE_LABELS["in_review"],
    "upheld": _l("Answered: upheld"),
    "rejected": _l("Answered: rejected"),
    "closed": STATE_LABELS["closed"],
    "answered": STATE_LABELS["answered"],
}


def stage_label(code: str | None) -> str:
    return str(STAGE_LABELS.get(code or "", ""))


def type_name(code: str | None) -> str:
    """A type in words (never its code: the types are validated when filed)."""
    from app.appeals.labels import type_label

    return type_label(code)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def appeal_state_words(state: str | None, resolution: str | None) -> str:
    """An appeal's state in words, with the answer once there is one."""
    from app.appeals.labels import state_label
    from app.appeals.states import ANSWERED

    if state == ANSWERED and resolution in RESOLUTIONS:
        return stage_label(resolution)
    shown = state_label(state)
    label = RESOLUTION_LABELS.get(resolution or "")
    return f"{shown}, {_lower_first(str(label))}" if label is not None else shown


def appeal_key_label(code: str, key: str) -> str:
    """The key of an appeals figure in words (the drill list's heading), never a code."""
    kind, _bar, rest = key.partition("|")
    if code == "appeals":
        return f"{type_name(kind)}, {_lower_first(stage_label(rest) or rest)}"
    if code == "appeals_due":
        try:
            from app.web.display import shown_date

            day = shown_date(dt.date.fromisoformat(rest))
        except ValueError:
            day = rest
        return _("%(type)s, answer due on %(date)s", type=type_name(kind), date=day)
    if code == "appeals_by_stage":
        return stage_label(key) or key
    if code == "appeal_answers":
        return str(RESOLUTION_LABELS.get(key, key))
    return type_name(key)


def _stage_cells(f: Figures, node_id: int | None) -> list[Cell]:
    return [_count(f, "appeals_by_stage", stage, node_id) for stage in APPEAL_STAGES]


def _oldest_overdue(f: Figures, today: dt.date) -> dt.date | None:
    """The earliest answer date among the open appeals past it (keys of appeals_due are type|date)."""
    days = [k.partition("|")[2] for k in f.keys("appeals_due")]
    past = [d for d in days if d < today.isoformat()]
    return dt.date.fromisoformat(min(past)) if past else None


def appeals_section(d: Dashboard, today: dt.date) -> Section:
    """Rows: the seven types; columns: overdue first, then the states, then all appeals of the type."""
    f = d.figures
    columns = [_("Type of appeal"), _("Overdue"), *(stage_label(s) for s in APPEAL_STAGES), _("All appeals")]
    rows = [[_label(TYPE_LABELS[kind]), _count(f, "appeals_overdue", kind),
             *(_count(f, "appeals", f"{kind}|{stage}") for stage in APPEAL_STAGES), _count(f, "appeals_by_type", kind)]
            for kind in TYPE_LABELS]
    total = [_label(_("All")), _count(f, "appeals_overdue"), *_stage_cells(f, None), _count(f, "appeals_by_type")]
    note = None
    oldest = _oldest_overdue(f, today)
    if oldest is not None:
        from app.web.display import shown_date

        note = _("The oldest overdue appeal was due on %(date)s.", date=shown_date(oldest))
    return Section("appeals", _("Appeals by type and state"), columns, rows, total, "bars", note,
                   chart_measure="appeals")


def appeal_nodes_section(d: Dashboard) -> Section:
    """The same columns for each node one level below (region → districts → organizations)."""
    columns = [_("Node"), _("Overdue"), *(stage_label(s) for s in APPEAL_STAGES), _("All appeals")]
    rows = [[_label(child), _count(f, "appeals_overdue", None, child.id), *_stage_cells(f, child.id),
             _count(f, "appeals_by_type", None, child.id)] for child, f in d.children]
    f = d.figures
    total = [_label(_("All")), _count(f, "appeals_overdue"), *_stage_cells(f, None), _count(f, "appeals_by_type")]
    return Section("appeal_nodes", _("Appeals by subordinate node"), columns, rows, total, "bars",
                   chart_measure="appeals_by_stage")


def appeal_answers_section(d: Dashboard) -> Section:
    """Every answer given (the appeal answered or closed since): upheld or rejected."""
    f = d.figures
    answered = f.count("appeal_answers")
    rows = [[_label(RESOLUTION_LABELS[r]), _count(f, "appeal_answers", r), _label(_percent(f.count("appeal_answers", r),
                                                                                          answered))]
            for r in RESOLUTIONS]
    total = [_label(_("All answers")), _count(f, "appeal_answers"), _label(_percent(answered, answered))]
    return Section("appeal_answers", _("Answers to appeals"), [_("Answer"), _("Appeals"), _("Share of answers")],
                   rows, total)


def appeal_sections(d: Dashboard, today: dt.date) -> list[Section]:
    """The appeals sections, for readers who may list appeals (stats.MEASURE_PERMISSION)."""
    if not d.shows("appeals"):
        return []
    found = [appeals_section(d, today)]
    if d.children:
        found.append(appeal_nodes_section(d))
    found.append(appeal_answers_section(d))
    return found


__all__ = ["STAGE_LABELS", "appeal_key_label", "appeal_sections", "appeal_state_words", "stage_label", "type_name"]

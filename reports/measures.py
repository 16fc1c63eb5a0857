"""The numbers of the dashboards, each defined once: which rows, in which period, split by which key.

A measure is a query over one model, narrowed to a period when it belongs to one, and broken down by
a key (a grouping expression, or a few named conditions). The same definition gives
- the live count of a scope (reports/stats.py, for scopes the summaries cannot serve),
- the rows behind a number (the drill-down list, and its export),
- the summary refresh (reports/summary.py: the same counts grouped by owning tenant).
So a number on a dashboard and the list it opens are the same query by construction; the tests check
that the summaries agree with the live lists.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Integer, String, and_, case, cast, exists, func, literal, not_, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

import models  # noqa: F401 - the model registry first (app.security.models and models import each other)
from app.appeals import states as appeal_states
from app.appeals.types import TYPES as APPEAL_TYPES
from app.attestation import states
from app.scoring.defaults import INDICATORS
from app.security.models import UstazUser
from models.appeal import Appeal
from models.attestation import Application
from models.career import OzpResult
from models.commission import VOTING_ROLES, Commission, CommissionMember
from models.directories import AcademicYear, AttestationPeriod
from models.observation import ObservationSheet
from models.person import Person
from models.portfolio import EvidenceFile
from tenants.models import Tenant, TenantLevel

#: applications waiting for the commission: the one-month review deadline runs (DOMAIN.md §5)
REVIEW_PENDING = (states.SUBMITTED, states.ACCEPTED, states.UNDER_REVIEW, states.REVIEWED)
#: applications that are not attestees: never submitted, or withdrawn
NOT_ATTESTEES = (states.DRAFT, states.WITHDRAWN)
#: ОЗП percent bands of the distribution: "0" is 0–9.99 … "90" is 90–100
OZP_BANDS = tuple(range(0, 100, 10))
#: what makes observation coverage (DOMAIN.md §6, 1.2): lessons on different days, an external observer
COVERAGE_LESSONS = 5
#: the columns of the appeals table: an answer split by its resolution, so upheld and rejected show apart
APPEAL_STAGES = ("filed", "in_review", "upheld", "rejected", "closed")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Period:
    """The period a dashboard shows, with its academic year's bounds (observations and ОЗП are by year)."""

    id: int
    academic_year_id: int | None
    year_starts: dt.date | None
    year_ends: dt.date | None
    state: str
    opens_on: dt.date | None = None
    closes_on: dt.date | None = None
    decisions_by: dt.date | None = None
    review_days: int = 30
    #: the day "overdue" is counted on (the country's today)
    today: dt.date | None = None

    @classmethod
    def of(cls, period: AttestationPeriod, today: dt.date | None = None) -> Period:
        year: AcademicYear | None = period.academic_year
        return cls(period.id, period.academic_year_id, year.starts_on if year else None,
                   year.ends_on if year else None, period.state, period.applications_open_on,
                   period.applications_close_on, period.decisions_by, period.review_days or 30, today)


class days_between(FunctionElement):  # noqa: N801 - used like a SQL function
    """Whole calendar days from ``start`` to ``end`` (both datetimes), on PostgreSQL and SQLite."""

    type = Integer()
    inherit_cache = True


@compiles(days_between)
def _days_between_default(element, compiler, **kw):
    start, end = list(element.clauses)
    return (f"CAST(julianday(date({compiler.process(end, **kw)})) - "
            f"julianday(date({compiler.process(start, **kw)})) AS INTEGER)")


@compiles(days_between, "postgresql")
def _days_between_postgresql(element, compiler, **kw):
    start, end = list(element.clauses)
    return f"(CAST({compiler.process(end, **kw)} AS DATE) - CAST({compiler.process(start, **kw)} AS DATE))"


@dataclass(frozen=True)
class Measure:
    code: str
    model: type
    #: the conditions on the model's rows (the period's, when it belongs to one)
    where: Callable[[Period | None], list[ColumnElement[bool]]] = lambda period: []
    #: grouped measures: the key of a row
    key: Callable[[], ColumnElement] | None = None
    #: split measures: key → the condition a row meets to count under it (a row may count under several)
    split: Callable[[], dict[str, ColumnElement[bool]]] | None = None
    #: sums this expression instead of counting rows
    summed: Callable[[], ColumnElement] | None = None
    period_bound: bool = False
    #: the drill-down list offers no rows (the number is a sum of days, not a count of rows)
    listable: bool = True
    #: counted in the summaries (False: derived from another measure there, e.g. overdue from review_due)
    summarised: bool = True
    #: the column that says which tenant owns a row
    owner: Callable[[], ColumnElement] = field(default=lambda: None)  # type: ignore[assignment]
    #: the keys a drill-down may ask for (None: any; an unknown key is then an empty list, not an error)
    valid_key: Callable[[str], bool] | None = None

    def owner_column(self) -> ColumnElement:
        column = self.owner()
        return column if column is not None else self.model.tenant_id

    def conditions(self, period: Period | None) -> list[ColumnElement[bool]]:
        if self.period_bound and period is None:
            return [literal(False)]
        return self.where(period)

    def keys(self) -> dict[str, ColumnElement[bool]] | None:
        return self.split() if self.split else None

    def key_condition(self, key: str | None) -> ColumnElement[bool] | None:
        """The condition of the rows counted under ``key`` (None: all of the measure's rows)."""
        if key is None:
            return None
        if self.split is not None:
            conditions = self.split()
            return conditions.get(key, literal(False))
        if self.key is not None:
            return self.key() == key
        return None if key == "" else literal(False)

    def value(self) -> ColumnElement:
        return func.coalesce(func.sum(self.summed()), 0) if self.summed else func.count()


def _in_period(period: Period | None) -> list[ColumnElement[bool]]:
    return [Application.period_id == (period.id if period else -1)]


def _attestees(period: Period | None) -> list[ColumnElement[bool]]:
    return [*_in_period(period), Application.state.not_in(NOT_ATTESTEES)]


def _indicator_failed(code: str) -> ColumnElement[bool]:
    indicator = Application.score[("indicators", code)]
    return and_(Application.score.is_not(None), indicator[("applicable",)].as_boolean().is_(True),
                indicator[("met",)].as_boolean().is_(False))


def _latest_ozp(period: Period | None) -> list[ColumnElement[bool]]:
    """Each teacher's latest valid ОЗП result (the one an application would be decided on)."""
    newer = OzpResult.__table__.alias("newer")
    return [OzpResult.annulled.is_(False),
            not_(exists().where(newer.c.person_id == OzpResult.person_id, newer.c.annulled.is_(False),
                                or_(newer.c.taken_on > OzpResult.taken_on,
                                    and_(newer.c.taken_on == OzpResult.taken_on, newer.c.id > OzpResult.id))))]


def _ozp_bands() -> dict[str, ColumnElement[bool]]:
    bands = {}
    for low in OZP_BANDS:
        upper = OzpResult.percent < low + 10 if low < 90 else literal(True)
        bands[str(low)] = and_(OzpResult.percent >= low, upper) if low else upper
    return bands


def _covered(period: Period | None) -> list[ColumnElement[bool]]:
    """Teachers with ≥ 5 observed lessons on different days this academic year, ≥ 1 by an external observer."""
    if period is None or period.academic_year_id is None:
        return [literal(False)]
    later = ObservationSheet.__table__.alias("later")
    sheets = (
        select(ObservationSheet.person_id)
        .where(ObservationSheet.academic_year_id == period.academic_year_id, ObservationSheet.status == "submitted",
               # a corrected sheet counts once: through its correction
               not_(exists().where(later.c.supersedes_id == ObservationSheet.id, later.c.status == "submitted")))
        .group_by(ObservationSheet.person_id)
        .having(and_(func.count(func.distinct(ObservationSheet.observed_on)) >= COVERAGE_LESSONS,
                     func.max(case((ObservationSheet.observer_kind == "external", 1), else_=0)) == 1))
    )
    return [Person.id.in_(sheets)]


def _voting_members(period: Period | None) -> list[ColumnElement[bool]]:
    commissions = select(Commission.id).where(Commission.period_id == (period.id if period else -1))
    return [CommissionMember.commission_id.in_(commissions), CommissionMember.removed_on.is_(None),
            CommissionMember.role.in_(VOTING_ROLES)]


def _decided(period: Period | None) -> list[ColumnElement[bool]]:
    return [*_in_period(period), Application.decided_on.is_not(None), Application.submitted_on.is_not(None)]


def overdue_day(period: Period | None) -> dt.date:
    """The day "overdue" is counted on: the period's (the dashboard's today), else the country's today."""
    if period is not None and period.today is not None:
        return period.today
    from app.web.display import local_today

    return local_today()


def appeal_stage() -> ColumnElement:
    """An appeal's column in the appeals table: its state, an answer split by the resolution."""
    answered = Appeal.state == appeal_states.ANSWERED
    return case((and_(answered, Appeal.resolution == appeal_states.UPHELD), literal(appeal_states.UPHELD, String)),
                (and_(answered, Appeal.resolution == appeal_states.REJECTED), literal(appeal_states.REJECTED, String)),
                else_=Appeal.state)


def _open_appeals(period: Period | None) -> list[ColumnElement[bool]]:
    return [Appeal.state.in_(appeal_states.OPEN_STATES)]


def _appeal_key(key: str) -> bool:
    kind, _bar, stage = key.partition("|")
    return kind in APPEAL_TYPES and stage in (*APPEAL_STAGES, *appeal_states.STATES)


def _appeal_due_key(key: str) -> bool:
    kind, _bar, day = key.partition("|")
    if kind not in APPEAL_TYPES or not _ISO_DAY.fullmatch(day):
        return False
    try:
        dt.date.fromisoformat(day)
    except ValueError:
        return False
    return True


MEASURES: dict[str, Measure] = {m.code: m for m in (
    # the KPI panel (and GET /api/v1/dashboard/kpi)
    Measure("organizations", Tenant, where=lambda p: [Tenant.level == TenantLevel.ORGANIZATION.value],
            owner=lambda: Tenant.id),
    Measure("teachers", Person),
    Measure("users", UstazUser),
    Measure("commissions", Commission),
    Measure("materials", EvidenceFile),
    Measure("attestees", Application, where=_attestees, period_bound=True),
    # the attestation of the period
    Measure("applications_by_state", Application, where=_in_period, key=lambda: Application.state, period_bound=True),
    Measure("outcomes", Application, where=lambda p: [*_in_period(p), Application.outcome.is_not(None)],
            key=lambda: Application.outcome, period_bound=True),
    Measure("outcomes_by_request", Application, where=lambda p: [*_in_period(p), Application.outcome.is_not(None)],
            key=lambda: Application.requested_category + "|" + Application.mode + "|" + Application.outcome,
            period_bound=True),
    Measure("review_due", Application,
            where=lambda p: [*_in_period(p), Application.state.in_(REVIEW_PENDING), Application.review_due_on.is_not(None)],
            key=lambda: cast(Application.review_due_on, String), period_bound=True),
    # past the review deadline today: the summaries hold review_due by date, dashboards sum the past dates
    Measure("overdue", Application,
            where=lambda p: [*_in_period(p), Application.state.in_(REVIEW_PENDING),
                             Application.review_due_on < (p.today if p and p.today else dt.date.today())],
            period_bound=True, summarised=False),
    Measure("failed_indicators", Application, where=_attestees,
            split=lambda: {code: _indicator_failed(code) for code in INDICATORS}, period_bound=True),
    Measure("decided", Application, where=_decided, period_bound=True),
    Measure("decision_days", Application, where=_decided, period_bound=True, listable=False,
            summed=lambda: days_between(Application.submitted_on, Application.decided_on)),
    Measure("period_commissions", Commission, where=lambda p: [Commission.period_id == (p.id if p else -1)],
            period_bound=True),
    Measure("voting_members", CommissionMember, where=_voting_members, period_bound=True),
    # teachers
    Measure("categories", Person, key=lambda: func.coalesce(cast(Person.category_id, String), "")),
    Measure("observation_covered", Person, where=_covered, period_bound=True),
    Measure("ozp_bands", OzpResult, where=_latest_ozp, split=_ozp_bands),
    # appeals (DOMAIN.md §5): not bound to a period — a running backlog answered within days, most of
    # it about no application; owned by the teacher's organization like the application.
    # The summaries hold type × stage; by type and by stage are their sums (reports/stats._derive).
    Measure("appeals", Appeal, key=lambda: Appeal.appeal_type + "|" + appeal_stage(), valid_key=_appeal_key),
    Measure("appeals_by_type", Appeal, key=lambda: Appeal.appeal_type, summarised=False,
            valid_key=lambda k: k in APPEAL_TYPES),
    Measure("appeals_by_stage", Appeal, key=appeal_stage, summarised=False,
            valid_key=lambda k: k in (*APPEAL_STAGES, *appeal_states.STATES)),
    # open appeals by type and answer date; overdue ones are those due before today (derived, like "overdue")
    Measure("appeals_due", Appeal, where=_open_appeals,
            key=lambda: Appeal.appeal_type + "|" + cast(Appeal.due_on, String), valid_key=_appeal_due_key),
    Measure("appeals_overdue", Appeal, where=lambda p: [*_open_appeals(p), Appeal.due_on < overdue_day(p)],
            key=lambda: Appeal.appeal_type, summarised=False, valid_key=lambda k: k in APPEAL_TYPES),
    # every answer given, the appeal still answered or closed since
    Measure("appeal_answers", Appeal, where=lambda p: [Appeal.resolution.is_not(None)], key=lambda: Appeal.resolution,
            valid_key=lambda k: k in appeal_states.RESOLUTIONS),
)}

#: the KPI panel, in the order it is shown
KPI = ("organizations", "teachers", "users", "commissions", "attestees", "materials")


def grouped_select(measure: Measure, period: Period | None, extra: list[ColumnElement[bool]] | None = None,
                   by_owner: bool = False):
    """Selects of (owner?, key, value) rows for ``measure``: one select, or one per split key."""
    conditions = [*measure.conditions(period), *(extra or [])]
    owner = [measure.owner_column()] if by_owner else []
    if measure.split is not None:
        selects = []
        for key, condition in measure.split().items():
            selects.append(select(*owner, literal(key, String).label("key"), measure.value().label("value"))
                           .select_from(measure.model).where(*conditions, condition)
                           .group_by(*owner))
        return selects
    key = measure.key() if measure.key is not None else literal("", String)
    statement = (select(*owner, key.label("key"), measure.value().label("value"))
                 .select_from(measure.model).where(*conditions))
    group = [*owner, key] if measure.key is not None else owner
    return [statement.group_by(*group) if group else statement]


def rows_select(measure: Measure, period: Period | None, key: str | None):
    """The rows behind a number: select(model) narrowed to the measure, the period and the key."""
    statement = select(measure.model).where(*measure.conditions(period))
    condition = measure.key_condition(key)
    return statement.where(condition) if condition is not None else statement


__all__ = ["APPEAL_STAGES", "KPI", "MEASURES", "Measure", "OZP_BANDS", "Period", "REVIEW_PENDING", "appeal_stage",
           "days_between", "grouped_select", "overdue_day", "rows_select"]

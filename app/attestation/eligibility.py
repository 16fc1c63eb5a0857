"""Eligibility to apply (DOMAIN.md §12, issue 10): may this teacher apply, on this date, for this
category, in this mode — and if not, every reason why.

The rule is a pure function (``check``): no Flask request, no database; every number it uses comes
from the rule set's ``parameters`` (a key an older stored rule set lacks falls back to
``DEFAULT_PARAMETERS``). Reasons are codes and plain parameters, never sentences: the edges put
them in the reader's language (``app.attestation.eligibility_messages``). ``read_case`` checks the
JSON contract of docs/eligibility.md with the problem vocabulary of ``app.scoring.validation``.

The last section holds the two database look-ups the CLI (and later the workflow) needs: the
application window and the parameters of the period around a date. They take the session as an
argument.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from app.scoring.defaults import CATEGORIES, DEFAULT_PARAMETERS, EDUCATION_LEVELS, POSITIONS
from app.scoring.validation import MODES, InvalidInput, _Checks, next_category

__all__ = [
    "CASE_FIELDS",
    "EXTENSION_REASONS",
    "REASON_CODES",
    "EligibilityCase",
    "EligibilityResult",
    "Extension",
    "Reason",
    "Window",
    "ban_until",
    "category_valid_until",
    "check",
    "default_window",
    "parameter",
    "parameters_for",
    "period_for",
    "prepare",
    "read_case",
    "window_for",
    "years_after",
]

#: every reason ``check`` may return, in the order it returns them
REASON_CODES = ("sequence", "confirm_not_current", "experience", "banned", "duplicate", "window_closed",
                "category_expired")
#: why a category's validity is extended (DOMAIN §4): temporary disability, maternity leave, transfer
#: to the Ministry / education departments / methodical offices
EXTENSION_REASONS = ("disability", "maternity", "transfer")
EXTENSION_ALIASES = {"temporary_disability": "disability", "maternity_leave": "maternity"}
CASE_FIELDS = ("position", "education_level", "current_category", "current_category_since", "requested_category",
               "mode", "experience_years", "as_of", "ozp_violations", "extensions", "applications_this_period",
               "window")
REQUIRED_FIELDS = ("position", "current_category", "requested_category", "mode", "experience_years", "as_of")


# The case and the result ------------------------------------------------------------------------
@dataclass(frozen=True)
class Extension:
    """One extension of the current category's validity: ``years`` (1..max_extension_years)."""

    reason: str
    years: int


@dataclass(frozen=True)
class Window:
    """The application window of a period; both bounds are days on which one may apply."""

    opens: dt.date
    closes: dt.date

    def __contains__(self, day: dt.date) -> bool:
        return self.opens <= day <= self.closes


@dataclass(frozen=True)
class EligibilityCase:
    position: str
    education_level: str | None
    current_category: str
    current_category_since: dt.date | None
    requested_category: str
    mode: str
    experience_years: float
    as_of: dt.date
    ozp_violations: list[dt.date] = field(default_factory=list)
    extensions: list[Extension] = field(default_factory=list)
    applications_this_period: int = 0
    #: None: the caller has not supplied one and the window is not checked
    window: Window | None = None


@dataclass
class Reason:
    """Why the teacher may not apply: a stable ``code`` (REASON_CODES) and plain JSON parameters."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}


@dataclass
class EligibilityResult:
    eligible: bool
    reasons: list[Reason]
    #: the last day the current category may be confirmed (None: no category or no assignment date)
    category_valid_until: dt.date | None
    #: the day an ОЗП ban ends, from which the teacher may apply again (None: no breach counted)
    ban_until: dt.date | None

    @property
    def codes(self) -> list[str]:
        return [reason.code for reason in self.reasons]

    def as_dict(self) -> dict[str, Any]:
        return {
            "eligible": self.eligible,
            "reasons": [reason.as_dict() for reason in self.reasons],
            "category_valid_until": _iso(self.category_valid_until),
            "ban_until": _iso(self.ban_until),
        }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


# Dates and parameters ---------------------------------------------------------------------------
def years_after(day: dt.date, years: int) -> dt.date:
    """The same month and day ``years`` later; 29 February becomes 28 February (DOMAIN §12).
    The counterpart of ``app.scoring.snapshot.years_before``."""
    year = min(dt.MAXYEAR, day.year + int(years))
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def parameter(parameters: dict | None, key: str) -> Any:
    """A parameter of the rule set, or the default when the stored set predates it. A table (e.g.
    ``ban_years_repeat``) missing some keys gets the default for those keys."""
    default = DEFAULT_PARAMETERS[key]
    value = (parameters or {}).get(key)
    if value is None:
        return copy.deepcopy(default)
    if isinstance(default, dict) and isinstance(value, dict):
        return {**default, **value}
    return value


def category_valid_until(case: EligibilityCase, parameters: dict | None) -> dt.date | None:
    """The assignment date + validity years by position + every extension's years, added at once."""
    if case.current_category == "teacher" or case.current_category_since is None:
        return None
    years = int(parameter(parameters, "category_validity_years")[case.position])
    years += sum(int(extension.years) for extension in case.extensions)
    return years_after(case.current_category_since, years)


def ban_until(case: EligibilityCase, parameters: dict | None) -> dt.date | None:
    """The day the ОЗП ban ends (only breaches on or before ``as_of`` count): one breach → its date
    + ``ban_years_first``; two or more → the latest + ``ban_years_repeat[position]``."""
    counted = sorted(day for day in case.ozp_violations if day <= case.as_of)
    if not counted:
        return None
    if len(counted) == 1:
        return years_after(counted[0], int(parameter(parameters, "ban_years_first")))
    return years_after(counted[-1], int(parameter(parameters, "ban_years_repeat")[case.position]))


# The rule ---------------------------------------------------------------------------------------
def check(case: EligibilityCase, parameters: dict | None) -> EligibilityResult:
    """Every reason why the teacher may not apply (DOMAIN §12), in the order of REASON_CODES."""
    reasons: list[Reason] = []
    current, requested = case.current_category, case.requested_category
    if case.mode == "assign":
        expected = next_category(current)
        if requested != expected:
            reasons.append(Reason("sequence", {"current": current, "requested": requested, "next": expected}))
    elif requested != current:
        reasons.append(Reason("confirm_not_current", {"current": current, "requested": requested}))

    minimum = parameter(parameters, "min_experience_years").get(requested)
    if minimum is not None and case.experience_years < minimum:
        reasons.append(Reason("experience", {"category": requested, "minimum": _plain(minimum),
                                             "actual": _plain(case.experience_years)}))

    banned_until = ban_until(case, parameters)
    if banned_until is not None and case.as_of < banned_until:
        reasons.append(Reason("banned", {"until": banned_until.isoformat()}))

    if case.applications_this_period >= 1:
        reasons.append(Reason("duplicate", {"applications": case.applications_this_period}))

    if case.window is not None and case.as_of not in case.window:
        reasons.append(Reason("window_closed", {"opens": case.window.opens.isoformat(),
                                                "closes": case.window.closes.isoformat()}))

    valid_until = category_valid_until(case, parameters)
    if case.mode == "confirm" and valid_until is not None and case.as_of > valid_until:
        reasons.append(Reason("category_expired", {"until": valid_until.isoformat()}))

    return EligibilityResult(eligible=not reasons, reasons=reasons, category_valid_until=valid_until,
                             ban_until=banned_until)


def _plain(number: float) -> int | float:
    """3.0 → 3 in a reason's parameters (JSON and messages show what was meant)."""
    number = float(number)
    return int(number) if number.is_integer() else number


# Reading the JSON contract ----------------------------------------------------------------------
def read_case(data: Any, parameters: dict | None = None) -> EligibilityCase:
    """An EligibilityCase from the JSON of docs/eligibility.md; InvalidInput with every problem.

    ``parameters`` (the rule set's) bounds an extension's years (``max_extension_years``).
    """
    checks = _Checks()
    if not isinstance(data, dict):
        checks.add("not_object", "")
        raise InvalidInput(checks.problems)
    checks.only_known(data, CASE_FIELDS, "")
    for key in REQUIRED_FIELDS:
        if data.get(key) is None:
            checks.add("missing", key)

    def given(key: str) -> bool:
        return data.get(key) is not None

    position = checks.choice(data["position"], POSITIONS, "position") if given("position") else None
    education_level = (checks.choice(data["education_level"], EDUCATION_LEVELS, "education_level")
                       if given("education_level") else None)
    current = (checks.choice(data["current_category"], CATEGORIES, "current_category")
               if given("current_category") else None)
    requested = (checks.choice(data["requested_category"], CATEGORIES[1:], "requested_category")
                 if given("requested_category") else None)
    mode = checks.choice(data["mode"], MODES, "mode") if given("mode") else None
    experience = checks.number(data["experience_years"], "experience_years") if given("experience_years") else None
    as_of = checks.date(data["as_of"], "as_of") if given("as_of") else None
    since = None
    if given("current_category_since"):
        since = checks.date(data["current_category_since"], "current_category_since")

    violations: list[dt.date] = []
    raw = data.get("ozp_violations")
    if raw is not None and not isinstance(raw, list):
        checks.add("not_list_of_dates", "ozp_violations")
    for index, item in enumerate(raw if isinstance(raw, list) else []):
        day = checks.date(item, f"ozp_violations[{index}]")
        if day is not None:
            violations.append(day)

    extensions = _extensions(checks, data.get("extensions"), int(parameter(parameters, "max_extension_years")))

    applications = 0
    if given("applications_this_period"):
        count = checks.number(data["applications_this_period"], "applications_this_period", integer=True)
        applications = int(count) if count is not None else 0

    window = _window(checks, data.get("window"))

    if checks.problems:
        raise InvalidInput(checks.problems)
    return EligibilityCase(
        position=position, education_level=education_level, current_category=current,
        current_category_since=since, requested_category=requested, mode=mode, experience_years=float(experience),
        as_of=as_of, ozp_violations=violations, extensions=extensions, applications_this_period=applications,
        window=window,
    )


def _extensions(checks: _Checks, raw: Any, max_years: int) -> list[Extension]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        checks.add("not_list", "extensions")
        return []
    extensions = []
    for index, item in enumerate(raw):
        where = f"extensions[{index}]"
        if not isinstance(item, dict):
            checks.add("not_object", where)
            continue
        checks.only_known(item, ("reason", "years"), where + ".")
        reason = item.get("reason")
        reason = EXTENSION_ALIASES.get(reason, reason) if isinstance(reason, str) else reason
        reason = checks.choice(reason, EXTENSION_REASONS, where + ".reason")
        years = None
        if item.get("years") is None:
            checks.add("missing", where + ".years")
        else:
            years = checks.number(item["years"], where + ".years", integer=True, minimum=1, maximum=max_years)
        if reason is not None and years is not None:
            extensions.append(Extension(reason, int(years)))
    return extensions


def _window(checks: _Checks, raw: Any) -> Window | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        checks.add("not_object", "window")
        return None
    checks.only_known(raw, ("opens", "closes"), "window.")
    bounds = {}
    for key in ("opens", "closes"):
        if raw.get(key) is None:
            checks.add("missing", f"window.{key}")
        else:
            bounds[key] = checks.date(raw[key], f"window.{key}")
    opens, closes = bounds.get("opens"), bounds.get("closes")
    if opens is None or closes is None:
        return None
    if closes < opens:
        checks.add("window_reversed", "window.closes", opens=opens.isoformat(), closes=closes.isoformat())
        return None
    return Window(opens, closes)


# Database helpers -------------------------------------------------------------------------------
# Not part of the pure rule: they read the attestation period and rule sets through ``session``.

def default_window(as_of: dt.date) -> Window:
    """1 September – 31 December of the academic year (1 September – 31 August) containing ``as_of``."""
    start = as_of.year if as_of.month >= 9 else as_of.year - 1
    return Window(dt.date(start, 9, 1), dt.date(start, 12, 31))


def period_for(session, as_of: dt.date):
    """The active AttestationPeriod whose academic year contains ``as_of`` (None: there is none)."""
    from sqlalchemy import select

    from models.directories import AcademicYear, AttestationPeriod

    return session.execute(
        select(AttestationPeriod)
        .join(AcademicYear, AttestationPeriod.academic_year_id == AcademicYear.id)
        .where(AcademicYear.starts_on <= as_of, AcademicYear.ends_on >= as_of, AttestationPeriod.is_active.is_(True))
        .order_by(AttestationPeriod.applications_open_on.desc(), AttestationPeriod.id.desc())
    ).scalars().first()


def window_for(session, as_of: dt.date) -> Window:
    """The application window of the period around ``as_of``, else ``default_window``."""
    period = period_for(session, as_of)
    if period is None:
        return default_window(as_of)
    return Window(period.applications_open_on, period.applications_close_on)


def parameters_for(session, as_of: dt.date) -> dict:
    """The parameters of the rule set pinned by the period around ``as_of`` (a draft is never used),
    else of the newest published rule set, else DEFAULT_PARAMETERS."""
    from app.scoring import rulesets

    period = period_for(session, as_of)
    if period is not None and period.rule_set is not None and period.rule_set.status != "draft":
        return rulesets.as_data(period.rule_set).parameters
    try:
        return rulesets.load(session).parameters
    except LookupError:
        return copy.deepcopy(DEFAULT_PARAMETERS)


def prepare(session, data: Any) -> tuple[EligibilityCase, dict]:
    """The case read from JSON data and the parameters to check it with, the window filled in from
    the database when the case has none; InvalidInput (every problem) when the data is not a case."""
    as_of = data.get("as_of") if isinstance(data, dict) else None
    try:
        day = dt.date.fromisoformat(as_of) if isinstance(as_of, str) else None
    except ValueError:
        day = None
    parameters = parameters_for(session, day) if day is not None else copy.deepcopy(DEFAULT_PARAMETERS)
    case = read_case(data, parameters)
    if case.window is None:
        case = replace(case, window=window_for(session, case.as_of))
    return case, parameters

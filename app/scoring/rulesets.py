"""Rule sets in the database: seeding the default, loading one for the engine, publishing,
cloning, and keeping published sets immutable."""

from __future__ import annotations

import copy
import datetime as dt

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from app.errors import RuleViolation
from app.i18n import _
from app.scoring.defaults import APPLIES_FROM, CATEGORIES, DEFAULT_PARAMETERS, DEFAULT_RULES
from app.scoring.engine import Rule, RuleSetData
from app.scoring.validation import InvalidInput, Problem, parse_json, validate_rule_set
from models.base import utcnow
from models.criteria import RuleSet, RuleSetRule, ScoreResult

DEFAULT_NAME = "Default (DOMAIN §11), order №83 as amended by №72 of 02.04.2024"
#: the draft editor's two JSON texts: the default set is ~15 k characters
MAX_EDITOR_CHARS = 300_000


def ensure_default_rule_set(session) -> RuleSet | None:
    if session.execute(select(RuleSet.id)).first():
        return None
    rule_set = RuleSet(name=DEFAULT_NAME, order_reference="№83 of 27.01.2016 as amended by №72 of 02.04.2024",
                       effective_from=dt.date(2024, 4, 2), status="published", published_on=utcnow(),
                       parameters=copy.deepcopy(DEFAULT_PARAMETERS))
    for indicator, kind, params in DEFAULT_RULES:
        rule_set.rules.append(RuleSetRule(indicator=indicator, kind=kind, params=copy.deepcopy(params)))
        start = APPLIES_FROM.get(indicator)
        if start:
            for category in CATEGORIES[1:CATEGORIES.index(start)]:
                rule_set.rules.append(RuleSetRule(indicator=indicator, kind=kind, category=category, applicable=False,
                                                  params={}))
    session.add(rule_set)
    session.flush()
    return rule_set


def default_data() -> RuleSetData:
    """The default rule set as plain data, without a database (tests, benchmarks, what-if baselines)."""
    rules = []
    for indicator, kind, params in DEFAULT_RULES:
        rules.append(Rule(indicator=indicator, kind=kind, params=copy.deepcopy(params)))
        start = APPLIES_FROM.get(indicator)
        if start:
            rules += [Rule(indicator=indicator, kind=kind, params={}, category=c, applicable=False)
                      for c in CATEGORIES[1:CATEGORIES.index(start)]]
    return RuleSetData(name=DEFAULT_NAME, parameters=copy.deepcopy(DEFAULT_PARAMETERS), rules=tuple(rules))


def load(session, name: str | None = None) -> RuleSetData:
    """The named rule set, or the newest published one; as plain data for the engine."""
    query = select(RuleSet)
    if name:
        query = query.where(RuleSet.name == name)
    else:
        query = query.where(RuleSet.status == "published").order_by(RuleSet.effective_from.desc(), RuleSet.id.desc())
    rule_set = session.execute(query).scalars().first()
    if rule_set is None:
        raise LookupError(f"no rule set {name!r}" if name else "no published rule set")
    return as_data(rule_set)


def load_for(session, as_of: dt.date) -> RuleSetData:
    """The rule set pinned by the attestation period around ``as_of``, else the newest published."""
    from models.directories import AttestationPeriod

    period = session.execute(
        select(AttestationPeriod)
        .where(AttestationPeriod.rule_set_id.is_not(None), AttestationPeriod.applications_open_on <= as_of)
        .order_by(AttestationPeriod.applications_open_on.desc())
    ).scalars().first()
    if period is not None and period.rule_set is not None and period.rule_set.status != "draft":
        return as_data(period.rule_set)
    return load(session)


def as_data(rule_set: RuleSet) -> RuleSetData:
    rules = tuple(
        Rule(indicator=r.indicator, kind=r.kind, params=dict(r.params or {}), education_level=r.education_level,
             position=r.position, category=r.category, applicable=r.applicable)
        for r in rule_set.rules
    )
    return RuleSetData(name=rule_set.name, parameters=dict(rule_set.parameters or {}), rules=rules)


def publish(rule_set: RuleSet) -> None:
    """A draft becomes the published version; InvalidInput when the engine could not score with it."""
    if rule_set.status != "draft":
        raise RuleViolation(_("Only a draft can be published."))
    problems = content_problems(rule_set)
    if problems:
        raise InvalidInput(problems)
    rule_set.status, rule_set.published_on = "published", utcnow()


def clone(session, rule_set: RuleSet, name: str) -> RuleSet:
    copy_ = RuleSet(name=name, order_reference=rule_set.order_reference, effective_from=rule_set.effective_from,
                    status="draft", parameters=copy.deepcopy(rule_set.parameters), previous=rule_set)
    for rule in rule_set.rules:
        copy_.rules.append(RuleSetRule(indicator=rule.indicator, kind=rule.kind, education_level=rule.education_level,
                                       position=rule.position, category=rule.category, applicable=rule.applicable,
                                       params=copy.deepcopy(rule.params)))
    session.add(copy_)
    return copy_


def _was_published(rule_set: RuleSet | None) -> bool:
    if rule_set is None:
        return False
    history = inspect(rule_set).attrs.status.history
    before = history.deleted[0] if history.deleted else rule_set.status
    return before != "draft"


@event.listens_for(Session, "before_flush")
def _published_sets_are_immutable(session: Session, flush_context, instances) -> None:
    for obj in list(session.dirty) + list(session.deleted) + list(session.new):
        if isinstance(obj, RuleSet) and obj not in session.new and _was_published(obj):
            state = inspect(obj)
            changed = {a.key for a in state.mapper.column_attrs if state.attrs[a.key].history.has_changes()}
            # retiring a published set is the one change allowed
            if obj in session.deleted or changed - {"status"} or obj.status not in ("published", "retired"):
                raise RuleViolation(_("A published rule set is immutable: clone it to make a new version."))
        if isinstance(obj, RuleSetRule) and (obj in session.new or obj in session.deleted or session.is_modified(obj)):
            state = inspect(obj)
            ids = {v for h in (state.attrs.rule_set_id.history,) for v in (*h.added, *h.unchanged, *h.deleted) if v}
            ids |= {v.id for v in (*state.attrs.rule_set.history.added, *state.attrs.rule_set.history.unchanged,
                                   *state.attrs.rule_set.history.deleted) if v is not None and v.id}
            with session.no_autoflush:
                parents = [session.get(RuleSet, i) for i in ids]
            # the set it belongs to now and the one it belonged to before
            if any(p is not None and p not in session.new and _was_published(p) for p in parents):
                raise RuleViolation(_("A published rule set is immutable: clone it to make a new version."))
        if isinstance(obj, ScoreResult) and obj not in session.new:
            raise RuleViolation(_("A stored score never changes: score again instead."))


def rules_as_json(rule_set: RuleSet) -> list[dict]:
    return [{"indicator": r.indicator, "education_level": r.education_level, "position": r.position,
             "category": r.category, "applicable": r.applicable, "kind": r.kind, "params": r.params}
            for r in rule_set.rules]


def content_problems(rule_set: RuleSet) -> list[Problem]:
    """What keeps a stored rule set from being scored with (rules may be changed one by one)."""
    return validate_rule_set(rule_set.parameters, rules_as_json(rule_set))


def replace_content(rule_set: RuleSet, parameters_text: str, rules_text: str) -> None:
    """Replace a draft's parameters and rules from JSON text that a person typed.

    The text is bounded (size, depth) and checked against what the engine reads
    (app.scoring.validation); InvalidInput lists every problem and nothing is changed.
    """
    if rule_set.status != "draft":
        raise RuleViolation(_("A published rule set is immutable: clone it to make a new version."))
    problems: list[Problem] = []
    parsed = {}
    for where, text in (("parameters", parameters_text), ("rules", rules_text)):
        try:
            parsed[where] = parse_json(text or "", where, max_chars=MAX_EDITOR_CHARS)
        except InvalidInput as exc:
            problems += exc.problems
    if problems:
        raise InvalidInput(problems)
    problems = validate_rule_set(parsed["parameters"], parsed["rules"])
    if problems:
        raise InvalidInput(problems)
    rule_set.parameters = parsed["parameters"]
    rule_set.rules = [
        RuleSetRule(indicator=rule["indicator"], kind=rule["kind"], education_level=rule.get("education_level", "*"),
                    position=rule.get("position", "*"), category=rule.get("category", "*"),
                    applicable=rule.get("applicable", True), params=rule.get("params", {}))
        for rule in parsed["rules"]
    ]

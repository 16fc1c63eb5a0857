"""Rule sets in the database: seeding the default, loading one for the engine, publishing,
cloning, and keeping published sets immutable."""

from __future__ import annotations

import copy
import datetime as dt

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session, object_session

from app.errors import RuleViolation
from app.i18n import _
from app.scoring.defaults import APPLIES_FROM, CATEGORIES, DEFAULT_NAMES, DEFAULT_PARAMETERS, DEFAULT_RULES
from app.scoring.engine import Rule, RuleSetData
from app.scoring.validation import InvalidInput, Problem, parse_json, validate_rule_set
from models.base import utcnow
from models.criteria import RuleSet, RuleSetRule, ScoreResult

DEFAULT_NAME = "Default (DOMAIN §11), order №83 as amended by №72 of 02.04.2024"
#: the draft editor's two JSON texts: the default set is ~15 k characters
MAX_EDITOR_CHARS = 300_000
LANGUAGES = ("kk", "ru", "en")
#: what a clone's names end with until it is published (or renamed): data in each language, so
#: that publishing can take it off again and a published set's name never says "draft"
DRAFT_MARKS = {"kk": " (жоба)", "ru": " (черновик)", "en": " (draft)"}
NAME_COLUMNS = tuple(f"name_{lang}" for lang in LANGUAGES)
#: the length of the name columns in each language
NAME_LENGTH = 200


def ensure_default_rule_set(session) -> RuleSet | None:
    if session.execute(select(RuleSet.id)).first():
        return None
    rule_set = RuleSet(name=DEFAULT_NAME, order_reference="№83 of 27.01.2016 as amended by №72 of 02.04.2024",
                       effective_from=dt.date(2024, 4, 2), status="published", published_on=utcnow(),
                       parameters=copy.deepcopy(DEFAULT_PARAMETERS),
                       **{f"name_{lang}": DEFAULT_NAMES[lang] for lang in LANGUAGES})
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


def display_name(session, key: str | None) -> str:
    """The name people read for the set with this key (a case's, a result's or a stored score's
    ``rule_set``), in the UI language. A draft's name is never shown this way: only those who
    edit the criteria see drafts, on the criteria pages."""
    if not key:
        return ""
    rule_set = session.execute(select(RuleSet).where(RuleSet.name == key, RuleSet.status != "draft")).scalars().first()
    return rule_set.localized_name() if rule_set is not None else ""


def as_data(rule_set: RuleSet) -> RuleSetData:
    rules = tuple(
        Rule(indicator=r.indicator, kind=r.kind, params=dict(r.params or {}), education_level=r.education_level,
             position=r.position, category=r.category, applicable=r.applicable)
        for r in rule_set.rules
    )
    return RuleSetData(name=rule_set.name, parameters=dict(rule_set.parameters or {}), rules=rules)


def publish(rule_set: RuleSet) -> None:
    """A draft becomes the published version; InvalidInput when the engine could not score with it.
    A clone's draft mark comes off its names: teachers read a published set's name."""
    if rule_set.status != "draft":
        raise RuleViolation(_("Only a draft can be published."))
    problems = content_problems(rule_set)
    if problems:
        raise InvalidInput(problems)
    rule_set.status, rule_set.published_on = "published", utcnow()
    session = object_session(rule_set)
    for lang in LANGUAGES:
        column, mark = f"name_{lang}", DRAFT_MARKS[lang]
        name = getattr(rule_set, column)
        if not (name and name.endswith(mark) and len(name) > len(mark)):
            continue
        name = name[: -len(mark)]
        # the version it was cloned from keeps its name: this one is told apart by its date
        if session is not None and session.execute(
                select(RuleSet.id).where(getattr(RuleSet, column) == name, RuleSet.id != rule_set.id)).first():
            suffix = f" ({rule_set.published_on:%d.%m.%Y})"
            name = name[: NAME_LENGTH - len(suffix)] + suffix
        setattr(rule_set, column, name)


def draft_names(rule_set: RuleSet) -> dict[str, str]:
    """A clone's names: the original's in each language, marked as a draft (within the column)."""
    names = {}
    for lang in LANGUAGES:
        base = getattr(rule_set, f"name_{lang}", None) or rule_set.localized_name(lang)
        mark = DRAFT_MARKS[lang]
        names[f"name_{lang}"] = base[: NAME_LENGTH - len(mark)] + mark
    return names


def clone(session, rule_set: RuleSet, name: str) -> RuleSet:
    copy_ = RuleSet(name=name, order_reference=rule_set.order_reference, effective_from=rule_set.effective_from,
                    status="draft", parameters=copy.deepcopy(rule_set.parameters), previous=rule_set,
                    **draft_names(rule_set))
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
            # retiring a published set is the one change of its content allowed; its names in the
            # three languages are what people read, not what is scored: they may be corrected
            if obj in session.deleted or changed - {"status", *NAME_COLUMNS} or \
                    obj.status not in ("published", "retired"):
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


def update_content(rule_set: RuleSet, parameters: dict, changes: dict[int, tuple[bool, dict]]) -> None:
    """Set a draft's parameters and, rule by rule (``{rule id: (applicable, params)}``), whether
    each rule applies and its parameters: the per-indicator form's save.

    The whole resulting content is checked like any other (app.scoring.validation); InvalidInput
    carries every problem with its path (``rules[i]`` is ``rule_set.rules[i]``) and nothing is
    changed. Rules keep their ids; which rules exist is changed on the rules' own pages.
    """
    if rule_set.status != "draft":
        raise RuleViolation(_("A published rule set is immutable: clone it to make a new version."))
    rules = rules_as_json(rule_set)
    for index, rule in enumerate(rule_set.rules):
        if rule.id in changes:
            rules[index]["applicable"], rules[index]["params"] = changes[rule.id]
    problems = validate_rule_set(parameters, rules)
    if problems:
        raise InvalidInput(problems)
    rule_set.parameters = parameters
    for rule, content in zip(rule_set.rules, rules, strict=True):
        if (rule.applicable, rule.params) != (content["applicable"], content["params"]):
            rule.applicable, rule.params = content["applicable"], content["params"]

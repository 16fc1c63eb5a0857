"""Disputes of values that came from a national registry (issue 15, point 2).

A value a registry gave us (a profile record, a teacher's name, an organization's name) is not
corrected here by hand: whoever reads it may **dispute** it. The dispute goes to the node whose
staff keep that registry's data for the record (``DATA_OWNERS``, data), moves through
``TRANSITIONS`` (data) and ends with an answer. An accepted dispute means the data owner corrects
the registry itself: our copy changes with the registry's next sync, never by hand.

Plain Python: the operations take the acting user (never the request) and add their rows to the
caller's transaction; notifications are rows of the same transaction, their e-mails leave after the
commit (app/notifications). The caller commits (app/web/commit.commit_or_flash).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from app.errors import RuleViolation
from app.i18n import _, _l
from models.base import utcnow
from models.integration import RegistryDispute
from models.person import Person
from models.records import ProfileRecordMixin
from tenants.models import Tenant, TenantLevel

FILED, IN_REVIEW, ACCEPTED, REJECTED = "filed", "in_review", "accepted", "rejected"
STATES = (FILED, IN_REVIEW, ACCEPTED, REJECTED)
#: states awaiting the data owner (a user has at most one open dispute per record)
OPEN_STATES = (FILED, IN_REVIEW)
REVIEW, ACCEPT, REJECT = "review", "accept", "reject"
#: (state, action) -> the state it leads to; anything else is refused
TRANSITIONS: dict[tuple[str, str], str] = {
    (FILED, REVIEW): IN_REVIEW,
    (FILED, ACCEPT): ACCEPTED,
    (FILED, REJECT): REJECTED,
    (IN_REVIEW, ACCEPT): ACCEPTED,
    (IN_REVIEW, REJECT): REJECTED,
}
#: registry -> the levels of the node that keeps its data: the nearest such node above the record's
#: organization owns the dispute. НОБД is kept by the education departments (the district's; the
#: region's for an organization run by the region); the national operators' data by the republic.
DATA_OWNERS: dict[str, tuple[str, ...]] = {
    "nobd": (TenantLevel.DISTRICT.value, TenantLevel.REGION.value),
    "uto": (TenantLevel.REPUBLIC.value,),
    "mnvo": (TenantLevel.REPUBLIC.value,),
    "orleu": (TenantLevel.REPUBLIC.value,),
    "gbdfl": (TenantLevel.REPUBLIC.value,),
    "gbdul": (TenantLevel.REPUBLIC.value,),
}
MAX_TEXT = 4000
#: columns that are bookkeeping, not values a registry gave: never "the disputed field"
BOOKKEEPING = frozenset({
    "id", "tenant_id", "region_id", "district_id", "person_id", "source", "collected_on", "entered_by_id",
    "entered_by_name", "dispute_note", "disputed_on", "created_on", "changed_on", "external_id", "search_name",
    "path", "academic_year_id",
})
#: the values of a person a dispute may name (the registry's; e-mail and phone are edited, not disputed)
PERSON_FIELDS = ("last_name", "first_name", "middle_name", "iin", "birth_date", "sex")
#: the values of a node a dispute may name
TENANT_FIELDS = ("name_kk", "name_ru", "code", "parent_id", "address")

STATE_LABELS = {
    FILED: _l("Filed"),
    IN_REVIEW: _l("In review"),
    ACCEPTED: _l("Accepted"),
    REJECTED: _l("Rejected"),
}


def state_label(state: str | None) -> str:
    return str(STATE_LABELS.get(state or "", STATE_LABELS[FILED]))


# --- pure rules ---------------------------------------------------------------------------------

def is_registry(source: str | None) -> bool:
    """Does this source name a registry whose values are disputed (not corrected by hand)?"""
    return source in DATA_OWNERS


def next_state(state: str, action: str) -> str:
    """The state ``action`` leads to from ``state``, or RuleViolation in the user's words."""
    target = TRANSITIONS.get((state, action))
    if target is not None:
        return target
    if state not in OPEN_STATES:
        raise RuleViolation(_("This dispute is already answered."))
    raise RuleViolation(_("This dispute is already in review."))


def data_owner(chain: Sequence[tuple[int, str]], source: str) -> int:
    """The node that owns a dispute of ``source``: ``chain`` is (id, level) of the nodes from the root
    down to where the search starts (the record's organization). The nearest node of the registry's
    levels wins; where the tree has none, the republic's root keeps it."""
    if not chain:
        raise ValueError("empty chain")
    levels = DATA_OWNERS.get(source, (TenantLevel.REPUBLIC.value,))
    for node_id, level in reversed(chain):
        if level in levels:
            return node_id
    return chain[0][0]


def clean_text(text: Any, label: str) -> str:
    """A dispute's text or an answer: required, at most MAX_TEXT characters."""
    value = str(text or "").strip()
    if not value:
        raise RuleViolation(_("%(field)s: fill in this field.", field=label))
    if len(value) > MAX_TEXT:
        raise RuleViolation(_("%(field)s: at most %(limit)d characters.", field=label, limit=MAX_TEXT))
    return value


# --- records --------------------------------------------------------------------------------------

@functools.cache
def record_models() -> dict[str, type]:
    """Table name -> model of everything a dispute can be about."""
    from flask_appbuilder import Model

    found: dict[str, type] = {Person.__tablename__: Person, Tenant.__tablename__: Tenant}
    for mapper in Model.registry.mappers:
        cls = mapper.class_
        if isinstance(cls, type) and issubclass(cls, ProfileRecordMixin) and hasattr(cls, "__tablename__"):
            found[cls.__tablename__] = cls
    return found


def record_of(dispute: RegistryDispute) -> Any | None:
    """The disputed record (unscoped: callers have the dispute in their scope, or read the record)."""
    from app.extensions import db

    model = record_models().get(dispute.record_type)
    return db.session.get(model, dispute.record_id) if model is not None else None


def person_of(record: Any) -> int | None:
    """The teacher a record is about (a node is about nobody)."""
    if isinstance(record, Person):
        return record.id
    return getattr(record, "person_id", None)


def _start(record: Any) -> Tenant | None:
    """Where the data owner is looked for: the record's organization (the job's organization for an
    employment), the person's organization; for a node, the node above it."""
    from app.extensions import db

    if isinstance(record, Tenant):
        if record.parent_id is None:
            return record
        return record.parent or db.session.get(Tenant, record.parent_id)
    node = getattr(record, "organization", None) or getattr(record, "tenant", None)
    if node is None and getattr(record, "tenant_id", None) is not None:
        node = db.session.get(Tenant, record.tenant_id)
    return node


def route(record: Any, source: str) -> int:
    """The id of the node that owns a dispute of ``record``'s ``source`` value."""
    from app.extensions import db

    start = _start(record)
    if start is None or not start.path:
        raise RuleViolation(_("This record belongs to no organization, so nobody could answer a dispute of it."))
    ids = [int(part) for part in start.path.strip("/").split("/") if part]
    with db.session.no_autoflush:
        levels = dict(db.session.execute(select(Tenant.id, Tenant.level).where(Tenant.id.in_(ids))).all())
    return data_owner([(i, levels[i]) for i in ids if i in levels], source)


def _check_field(record: Any, field: str | None) -> str | None:
    if field is None or not str(field).strip():
        return None
    field = str(field).strip()
    columns = {c.key for c in type(record).__mapper__.column_attrs}
    if isinstance(record, Person):
        columns &= set(PERSON_FIELDS)
    elif isinstance(record, Tenant):
        columns &= set(TENANT_FIELDS)
    if field not in columns or field in BOOKKEEPING:
        raise RuleViolation(_("Choose the value you dispute from the list."))
    return field


def _actor_name(actor: Any) -> str | None:
    from app.audit import user_display_name

    return user_display_name(actor)


# --- operations ---------------------------------------------------------------------------------

def file_dispute(record: Any, text: str, actor: Any, field: str | None = None) -> RegistryDispute:
    """``actor`` disputes a value of ``record`` that came from a registry (the caller has checked
    that they may read the record). Routed to the registry's data owner; the teacher is notified."""
    from app.extensions import db

    if not isinstance(record, (ProfileRecordMixin, Person, Tenant)) or getattr(record, "id", None) is None:
        raise RuleViolation(_("This record cannot be disputed."))
    source = getattr(record, "source", None)
    if not is_registry(source):
        raise RuleViolation(_("This value was entered by hand, not taken from a national registry: ask whoever "
                              "keeps it to correct it."))
    text = clean_text(text, _("What is wrong"))
    field = _check_field(record, field)
    actor_id = getattr(actor, "id", None)
    if actor_id is not None and _open_dispute_of(record, actor_id) is not None:
        raise RuleViolation(_("You have already disputed this record: wait for the answer to your dispute."))
    dispute = RegistryDispute(
        tenant_id=route(record, source), source=source, record_type=record.__tablename__, record_id=record.id,
        person_id=person_of(record), field=field, text=text, state=FILED, filed_by_id=actor_id,
        filed_by_name=_actor_name(actor),
    )
    db.session.add(dispute)
    _mark_contested(record, text, utcnow())
    db.session.flush()
    _notify(dispute, "dispute_filed", to_teacher=True, to_filer=False, skip=actor_id)
    return dispute


def dispute_or_note(record: Any, text: str, actor: Any) -> RegistryDispute | None:
    """What "this is wrong" does to a record: a registry's record gets a dispute for the registry's
    data owner; a record entered by hand gets a note for whoever keeps it (they correct it)."""
    if is_registry(record.source):
        return file_dispute(record, text, actor)
    record.dispute_note, record.disputed_on = text, utcnow()
    return None


def take_into_review(dispute: RegistryDispute, actor: Any, scope: Any = None) -> RegistryDispute:
    """The data owner starts looking into a filed dispute; the teacher is told."""
    _check_answerer(dispute, actor, scope)
    dispute.state = next_state(dispute.state, REVIEW)
    _notify(dispute, "dispute_in_review", to_teacher=True, to_filer=False, skip=getattr(actor, "id", None))
    return dispute


def answer(dispute: RegistryDispute, actor: Any, accepted: bool, answer_text: str,
           scope: Any = None) -> RegistryDispute:
    """The data owner answers: accepted (the registry will be corrected; our copy follows at its next
    sync) or rejected, with the answer's text. The teacher and the filer are told."""
    _check_answerer(dispute, actor, scope)
    text = clean_text(answer_text, _("Answer"))
    dispute.state = next_state(dispute.state, ACCEPT if accepted else REJECT)
    dispute.answer = text
    dispute.answered_by_id, dispute.answered_by_name = getattr(actor, "id", None), _actor_name(actor)
    dispute.answered_on = utcnow()
    _release(dispute)
    kind = "dispute_accepted" if dispute.state == ACCEPTED else "dispute_rejected"
    _notify(dispute, kind, to_teacher=True, to_filer=True, skip=getattr(actor, "id", None))
    return dispute


def may_answer(actor: Any, dispute: RegistryDispute, scope: Any = None) -> bool:
    """Users who write disputes (roles: resource "Dispute") and whose scope holds the dispute's node."""
    from tenants.scope import can_write, current_scope

    return _writes_disputes(actor) and can_write(dispute, scope if scope is not None else current_scope())


def _writes_disputes(actor: Any) -> bool:
    from flask import current_app, has_app_context

    from app.security.roles import roles_grant

    admin = current_app.config.get("AUTH_ROLE_ADMIN", "Admin") if has_app_context() else "Admin"
    return roles_grant((role.name for role in getattr(actor, "roles", None) or []), "Dispute", admin_role=admin)


def _check_answerer(dispute: RegistryDispute, actor: Any, scope: Any) -> None:
    from tenants.scope import ScopeError

    if not may_answer(actor, dispute, scope):
        raise ScopeError(_("This dispute is for another data owner to answer."))


def _open_dispute_of(record: Any, user_id: int) -> RegistryDispute | None:
    from app.extensions import db

    with db.session.no_autoflush:
        return db.session.execute(
            select(RegistryDispute).where(
                RegistryDispute.record_type == record.__tablename__, RegistryDispute.record_id == record.id,
                RegistryDispute.filed_by_id == user_id, RegistryDispute.state.in_(OPEN_STATES),
            ).limit(1)
        ).scalar_one_or_none()


def open_disputes(record_type: str, record_id: int, excluding: int | None = None) -> int:
    from sqlalchemy import func

    from app.extensions import db

    query = select(func.count(RegistryDispute.id)).where(
        RegistryDispute.record_type == record_type, RegistryDispute.record_id == record_id,
        RegistryDispute.state.in_(OPEN_STATES))
    if excluding is not None:
        query = query.where(RegistryDispute.id != excluding)
    with db.session.no_autoflush:
        return int(db.session.execute(query).scalar_one())


#: disputes read with a page of records, at most (a record has a handful)
READ_LIMIT = 500


def disputes_of(record_type: str, record_ids: Sequence[int]) -> dict[int, list[RegistryDispute]]:
    """record id -> its disputes, newest first, in one statement. Whoever may read a record reads its
    disputes, wherever they are owned: callers pass ids of records read through the scope."""
    from app.extensions import db

    ids = sorted({int(i) for i in record_ids})
    if not ids:
        return {}
    found: dict[int, list[RegistryDispute]] = {}
    rows = db.session.execute(
        select(RegistryDispute).where(RegistryDispute.record_type == record_type, RegistryDispute.record_id.in_(ids))
        .order_by(RegistryDispute.id.desc()).limit(READ_LIMIT)
    ).scalars()
    for dispute in rows:
        found.setdefault(dispute.record_id, []).append(dispute)
    return found


def about_teacher(person_id: int | None):
    """The disputes a teacher reads in the portal: those about them (a district or the republic owns
    them, outside the teacher's own scope; the rule is theirs as a notification is its recipient's)."""
    from sqlalchemy import false

    return RegistryDispute.person_id == person_id if person_id is not None else false()


def _mark_contested(record: Any, note: str | None, when: Any) -> None:
    """A profile record shows it is contested by its dispute note (the one column of a registry record
    that may be written here). A record whose academic year is closed, or that breaks an entry rule the
    registry's data does not meet, keeps its note as it was: the dispute itself is recorded anyway."""
    from app.extensions import db
    from app.portfolio.rules import violation

    if not isinstance(record, ProfileRecordMixin):
        return
    before = record.dispute_note, record.disputed_on
    record.dispute_note, record.disputed_on = note, when
    if violation(db.session, record, "dirty") is not None:
        record.dispute_note, record.disputed_on = before


def _release(dispute: RegistryDispute) -> None:
    """The last open dispute of a record answered: the record is no longer shown as contested."""
    record = record_of(dispute)
    if isinstance(record, ProfileRecordMixin) and record.dispute_note is not None \
            and open_disputes(dispute.record_type, dispute.record_id, excluding=dispute.id) == 0:
        _mark_contested(record, None, None)


def notify_filed(dispute: RegistryDispute, actor_id: int | None) -> None:
    """A dispute filed on the teacher's behalf by another operation (an upheld appeal): they are told."""
    _notify(dispute, "dispute_filed", to_teacher=True, to_filer=False, skip=actor_id)


def _notify(dispute: RegistryDispute, kind: str, *, to_teacher: bool, to_filer: bool, skip: int | None) -> None:
    """The teacher the dispute is about (their portal page) and, with ``to_filer``, whoever filed it
    (the record's page, or the portal when the filer is the teacher); never the one acting."""
    from app.notifications import add_notifications, link_for, users_of_persons

    params = {"dispute_id": dispute.id, "registry": dispute.source, "answer": dispute.answer or ""}
    teacher = users_of_persons([dispute.person_id]).get(dispute.person_id) if dispute.person_id else None
    rows = []
    if to_teacher and teacher is not None:
        rows.append((teacher, link_for("portal.disputes")))
    if to_filer and dispute.filed_by_id is not None and dispute.filed_by_id != teacher:
        model = record_models().get(dispute.record_type)
        link = link_for(f"{model.__name__}View.show", pk=dispute.record_id) if model is not None else None
        rows.append((dispute.filed_by_id, link))
    add_notifications([(user_id, kind, params, link, f"dispute:{dispute.id}:{kind}")
                       for user_id, link in rows if user_id != skip])


__all__ = [
    "ACCEPTED", "DATA_OWNERS", "FILED", "IN_REVIEW", "OPEN_STATES", "REJECTED", "STATES", "TRANSITIONS", "answer",
    "about_teacher", "data_owner", "dispute_or_note", "disputes_of", "file_dispute", "is_registry", "may_answer", "next_state",
    "notify_filed",
    "record_models", "record_of", "route", "state_label", "take_into_review",
]

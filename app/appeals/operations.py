"""Filing, reviewing, answering and closing an appeal. Each operation checks, changes, leaves its
trace (the ORM audit; amendments for what upholding changes) and notifies the teacher after the
commit; the caller commits. Messages are sentences in the user's language (RuleViolation)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select

from app.appeals import states
from app.appeals.rules import deadlines_for, due_on, filing_closed, is_overdue
from app.appeals.types import ROUTE_REPUBLIC, TYPES
from app.attestation import states as application_states
from app.attestation.operations import Actor, today
from app.errors import RuleViolation
from app.extensions import db
from app.i18n import _
from models.appeal import Appeal
from models.attestation import Application
from models.base import utcnow
from models.person import Person
from tenants.models import Tenant
from tenants.scope import can_read

TEXT_LIMIT = 4000
#: profile sections an upload-access appeal may reopen (record tables entered by hand)
REOPENABLE = ("knowledge_quality", "contest_participant", "methodical_material", "speech", "publication",
              "working_group", "practice_transmission", "course", "class_management")


@dataclass
class NewAppeal:
    appeal_type: str
    text: str
    application_id: int | None = None
    details: dict = field(default_factory=dict)


def _root() -> Tenant:
    return db.session.execute(select(Tenant).where(Tenant.parent_id.is_(None)).order_by(Tenant.id).limit(1)).scalar_one()


def filer_relation(actor: Actor, person: Person) -> bool:
    """The teacher themself, or staff of the teacher's organization who may write applications for
    them (the director, the responsible person)."""
    if actor.person_id is not None and actor.person_id == person.id:
        return True
    scope = actor.scope
    return (actor.writes_applications and not scope.self_only and scope.level == "organization"
            and scope.tenant_id == person.tenant_id)


def relations(actor: Actor, appeal: Appeal) -> set[str]:
    found: set[str] = set()
    if appeal.person is not None and filer_relation(actor, appeal.person):
        found.add(states.FILER)
    body = appeal.body or db.session.get(Tenant, appeal.body_id)
    if (body is not None and not actor.scope.self_only and actor.scope.contains_path(body.path)
            and actor.person_id != appeal.person_id):
        found.add(states.BODY)
    return found


def _body_for(kind_route: str, application: Application | None, person: Person) -> Tenant:
    """The node that answers: the commission's for an application's matters, the republic's for the
    testing centre's; otherwise the department over the teacher's organization."""
    if kind_route == ROUTE_REPUBLIC:
        return _root()
    if application is not None and application.commission is not None:
        return application.commission.tenant
    organization = person.tenant
    parent = db.session.get(Tenant, organization.parent_id) if organization.parent_id else None
    return parent or organization


#: files one appeal may carry (each checked like profile evidence: app/portfolio/files.py)
MAX_FILES = 5


def file_appeal(actor: Actor, person: Person, new: NewAppeal, uploads: list | tuple = (),
                written: list | None = None) -> Appeal:
    """File an appeal with its files (``uploads``: checked uploads; ``written`` collects the stored
    paths, which the caller removes if the transaction does not commit)."""
    kind = TYPES.get(new.appeal_type)
    if kind is None:
        raise RuleViolation(_("Choose the type of the appeal."))
    if not can_read(person, actor.scope) or not filer_relation(actor, person):
        raise RuleViolation(_("An appeal is filed by the teacher, or by their organization's head for them."))
    text = (new.text or "").strip()
    if not text:
        raise RuleViolation(_("Write what you ask for and why."))
    if len(text) > TEXT_LIMIT:
        raise RuleViolation(_("The text is too long: at most %(limit)d characters.", limit=TEXT_LIMIT))
    application = None
    if new.application_id is not None:
        application = db.session.get(Application, new.application_id)
        if application is None or application.person_id != person.id or not can_read(application, actor.scope):
            raise RuleViolation(_("Choose one of the teacher's applications."))
    if kind.needs_application and application is None:
        raise RuleViolation(_("This type of appeal is about an application: choose it."))
    day = today()
    deadlines = deadlines_for(db.session, kind.code, day)
    details = _checked_details(kind.code, application, person, new.details or {})
    if kind.after_decision:
        decided = application.decided_on.date() if application.decided_on else None
        if application.state not in (application_states.DECIDED, application_states.IN_PROTOCOL,
                                     application_states.CERTIFIED) or decided is None:
            raise RuleViolation(_("The commission has not decided on this application yet."))
        closed_on = filing_closed(decided, day, deadlines)
        if closed_on is not None:
            raise RuleViolation(_("An appeal against this decision could be filed until %(day)s.",
                                  day=closed_on.strftime("%d.%m.%Y")))
    open_same = db.session.execute(
        select(Appeal.id).where(Appeal.person_id == person.id, Appeal.appeal_type == kind.code,
                                Appeal.application_id.is_(None) if application is None else Appeal.application_id == application.id,
                                Appeal.state.in_(states.OPEN_STATES)).limit(1)
    ).scalar()
    if open_same is not None:
        raise RuleViolation(_("The same appeal is already waiting for its answer."))
    body = _body_for(kind.route, application, person)
    appeal = Appeal(
        appeal_type=kind.code, person_id=person.id, person=person, tenant_id=person.tenant_id, body_id=body.id,
        body=body, application_id=application.id if application else None,
        commission_id=application.commission_id if application else None, details=details, text=text,
        state=states.FILED, filed_on=utcnow(), due_on=due_on(day, deadlines), rule_id=deadlines.rule_id,
        filed_by_id=actor.user_id, filed_by_name=actor.name,
        on_behalf=actor.person_id != person.id,
    )
    if len(uploads) > MAX_FILES:
        raise RuleViolation(_("At most %(count)d files can be attached to an appeal.", count=MAX_FILES))
    db.session.add(appeal)
    db.session.flush()
    if uploads:
        from app.portfolio.files import attach

        for upload in uploads:
            attach(db.session, appeal, upload, actor.user_id, written if written is not None else [])
    _notify(appeal, "appeal_filed")
    return appeal


def checked_uploads(files) -> list:
    """The form's files checked (type, size, name) — RuleViolation with the reason otherwise."""
    from app.portfolio.files import check_upload

    chosen = [f for f in files if f and f.filename]
    if len(chosen) > MAX_FILES:
        raise RuleViolation(_("At most %(count)d files can be attached to an appeal.", count=MAX_FILES))
    return [check_upload(f.filename, f.stream) for f in chosen]


def files_of(appeal_ids: list[int]) -> dict[int, list]:
    """The files of these appeals (one query), by appeal."""
    from models.portfolio import EvidenceFile

    found: dict[int, list] = {}
    if not appeal_ids:
        return found
    for evidence in db.session.execute(select(EvidenceFile).where(
            EvidenceFile.record_type == Appeal.__tablename__, EvidenceFile.record_id.in_(appeal_ids))
            .order_by(EvidenceFile.id)).scalars():
        found.setdefault(evidence.record_id, []).append(evidence)
    return found


def _checked_details(code: str, application: Application | None, person: Person, details: dict) -> dict:
    """What the type needs beyond the text, checked when filed (the effect checks again when upheld)."""
    if code == "withdraw_application":
        if application.state in application_states.FINAL_STATES:
            raise RuleViolation(_("This application is decided or withdrawn: it can no longer be withdrawn "
                                  "(appeal against the decision instead)."))
        return {}
    if code == "upload_access":
        sections = [s for s in details.get("sections") or [] if s in REOPENABLE]
        if not sections:
            raise RuleViolation(_("Name the profile sections to reopen."))
        return {"sections": sorted(set(sections))}
    if code == "commission_composition":
        action = details.get("action")
        if action not in ("add", "remove"):
            raise RuleViolation(_("Say whether a member should be added or removed."))
        if action == "remove":
            member_id = details.get("member_id")
            if not isinstance(member_id, int):
                raise RuleViolation(_("Choose the member to remove."))
            return {"action": action, "member_id": member_id}
        iin = str(details.get("iin") or "").strip()
        role = details.get("role") or "member"
        return {"action": action, "iin": iin, "role": role, "last_name": str(details.get("last_name") or "")[:100],
                "first_name": str(details.get("first_name") or "")[:100]}
    if code == "attestee_list":
        commission_id = details.get("commission_id")
        if not isinstance(commission_id, int):
            raise RuleViolation(_("Choose the commission the application belongs to."))
        if application.state in application_states.FINAL_STATES:
            raise RuleViolation(_("This application is decided or withdrawn: it can no longer be moved."))
        return {"commission_id": commission_id}
    return {}


def review(actor: Actor, appeal: Appeal) -> None:
    _move(actor, appeal, "review")
    _notify(appeal, "appeal_in_review")


def answer(actor: Actor, appeal: Appeal, upheld: bool, text: str) -> None:
    """Answer; upholding has the type's effect in the same transaction (app/appeals/effects.py)."""
    text = (text or "").strip()
    if not text:
        raise RuleViolation(_("Write the answer."))
    if len(text) > TEXT_LIMIT:
        raise RuleViolation(_("The text is too long: at most %(limit)d characters.", limit=TEXT_LIMIT))
    _move(actor, appeal, "answer")
    appeal.resolution = states.UPHELD if upheld else states.REJECTED
    appeal.answer = text
    appeal.answered_on, appeal.answered_by_id, appeal.answered_by_name = utcnow(), actor.user_id, actor.name
    if upheld:
        from app.appeals.effects import apply_effect

        appeal.effect = apply_effect(actor, appeal)
    _notify(appeal, "appeal_answered")


def close(actor: Actor, appeal: Appeal) -> None:
    _move(actor, appeal, "close")
    appeal.closed_on = utcnow()
    _notify(appeal, "appeal_closed")


def _move(actor: Actor, appeal: Appeal, action: str) -> None:
    if not can_read(appeal, actor.scope):
        raise RuleViolation(_("This appeal is not in your area."))
    target = states.next_state(appeal.state, action, relations(actor, appeal))
    if target is None:
        if action in ("review", "answer") and states.BODY not in relations(actor, appeal):
            raise RuleViolation(_("This appeal is answered by %(body)s.", body=appeal.body))
        raise RuleViolation(_("This cannot be done with an appeal in this state."))
    appeal.state = target


def may(actor: Actor, appeal: Appeal, action: str) -> bool:
    return states.next_state(appeal.state, action, relations(actor, appeal)) is not None and can_read(appeal, actor.scope)


def _notify(appeal: Appeal, kind: str) -> None:
    """The teacher at each step; the filer too when the director filed for them."""
    from app.notifications import notify, users_of_persons

    params = {"appeal": appeal.id, "appeal_type": appeal.appeal_type, "resolution": appeal.resolution or "",
              "due": appeal.due_on.isoformat()}
    teacher = users_of_persons([appeal.person_id]).get(appeal.person_id)
    if teacher:  # the teacher follows it in the portal
        notify([teacher], kind, params, link="/portal/appeals")
    if appeal.filed_by_id and appeal.filed_by_id != teacher:  # the head who filed it, on the staff pages
        notify([appeal.filed_by_id], kind, params, link=f"/appeals/show/{appeal.id}")


def overdue(appeal: Appeal, day: dt.date | None = None) -> bool:
    return is_overdue(appeal.state, appeal.due_on, day or today())


__all__ = ["NewAppeal", "REOPENABLE", "answer", "close", "file_appeal", "may", "overdue", "relations", "review"]

"""What upholding each type of appeal does (issue 16, point 2). Upholding is the one way to change a
decided or closed record: every effect runs inside ``amending()`` (the closed period's guard lets it
through), writes an Amendment (what, before, after, the appeal as reason) and returns codes and ids
for the appeal's ``effect``, shown in words by the pages. The caller's transaction holds it all."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from app.appeals.operations import REOPENABLE
from app.appeals.rules import deadlines_for
from app.attestation import states as app_states
from app.attestation.operations import Actor, today
from app.attestation.periods import amending
from app.errors import RuleViolation
from app.extensions import db
from app.i18n import _
from models.appeal import Amendment, Appeal, ProfileAccess
from models.attestation import Application, ApplicationEvent, Review
from models.base import utcnow


def apply_effect(actor: Actor, appeal: Appeal) -> dict[str, Any]:
    effect = EFFECTS.get(appeal.appeal_type)
    if effect is None:
        return {"kind": "answer_only"}
    with amending():
        result = effect(actor, appeal)
        db.session.flush()
    return result


def _reason(appeal: Appeal) -> str:
    return _("Upheld appeal №%(number)s", number=appeal.id)


def _amend(actor: Actor, appeal: Appeal, kind: str, before: dict, after: dict,
           application: Application | None = None) -> Amendment:
    amendment = Amendment(appeal_id=appeal.id, application_id=application.id if application else appeal.application_id,
                          kind=kind, before=before, after=after, made_on=utcnow(), made_by_id=actor.user_id,
                          made_by_name=actor.name, tenant_id=appeal.tenant_id)
    db.session.add(amendment)
    return amendment


def _event(application: Application, actor: Actor, action: str, before: str, reason: str) -> None:
    db.session.add(ApplicationEvent(application=application, tenant_id=application.tenant_id, action=action,
                                    from_state=before, to_state=application.state, actor_id=actor.user_id,
                                    actor_name=actor.name, reason=reason))


def _application(appeal: Appeal) -> Application:
    application = db.session.get(Application, appeal.application_id) if appeal.application_id else None
    if application is None:
        raise RuleViolation(_("The application of this appeal no longer exists."))
    return application


def withdraw_application(actor: Actor, appeal: Appeal) -> dict[str, Any]:
    application = _application(appeal)
    if application.state in app_states.FINAL_STATES:
        raise RuleViolation(_("This application is decided or withdrawn: it can no longer be withdrawn "
                              "(appeal against the decision instead)."))
    before = application.state
    application.state, application.state_reason = app_states.WITHDRAWN, _reason(appeal)
    _event(application, actor, "amend", before, _reason(appeal))
    _amend(actor, appeal, "application_withdrawn", {"state": before}, {"state": app_states.WITHDRAWN}, application)
    return {"kind": "application_withdrawn", "application": application.id}


def withdraw_decision(actor: Actor, appeal: Appeal) -> dict[str, Any]:
    """The decision is annulled: its certificates revoked, the teacher's category rolled back to the one
    held before, an amending order recorded, and the application back in review (votes cleared)."""
    from models.career import CategoryRecord
    from models.directories import QualificationCategory
    from models.documents import Certificate, Order
    from models.records import Source

    application = _application(appeal)
    if application.state not in (app_states.DECIDED, app_states.IN_PROTOCOL, app_states.CERTIFIED):
        raise RuleViolation(_("This application has no decision to annul."))
    before = {"state": application.state, "outcome": application.outcome, "awarded_category": application.awarded_category,
              "decided_on": application.decided_on.isoformat() if application.decided_on else None,
              "protocol": application.protocol_id}
    order = None
    if application.protocol_id is not None:
        order = db.session.execute(select(Order).where(Order.protocol_id == application.protocol_id)).scalar_one_or_none()
    revoked = []
    for certificate in db.session.execute(select(Certificate).where(
            Certificate.application_id == application.id, Certificate.revoked_on.is_(None))).scalars():
        certificate.revoked_on = utcnow()
        certificate.revocation_reason = _reason(appeal)
        revoked.append(certificate.number)
    person = application.person
    category_before = person.category.code if person.category is not None else None
    if application.state == app_states.CERTIFIED and order is not None:
        # the category the order gave goes; the one held when applying comes back
        for record in db.session.execute(select(CategoryRecord).where(
                CategoryRecord.person_id == person.id, CategoryRecord.source == Source.ORDER.value,
                CategoryRecord.order_number == order.number)).scalars():
            db.session.delete(record)
        held = db.session.execute(select(QualificationCategory).where(
            QualificationCategory.code == application.current_category)).scalar_one_or_none()
        person.category_id = held.id if held is not None else None
    state_before = application.state
    application.state = app_states.UNDER_REVIEW
    application.outcome = application.awarded_category = application.decision = None
    application.chair_corresponds, application.chair_comment, application.decided_on = None, None, None
    application.protocol_id = None
    application.state_reason = _reason(appeal)
    for review in db.session.execute(select(Review).where(Review.application_id == application.id)).scalars():
        review.corresponds, review.comment, review.voted_on = None, None, None
    _event(application, actor, "amend", state_before, _reason(appeal))
    order_number = f"{order.number}-{appeal.id}" if order is not None else f"A-{appeal.id}"
    after = {"state": app_states.UNDER_REVIEW, "revoked": revoked, "amending_order": order_number,
             "category_before": category_before,
             "category_after": person.category.code if person.category is not None else None}
    amendment = _amend(actor, appeal, "decision_annulled", before, after, application)
    db.session.flush()
    for number in revoked:
        _notify_revoked(appeal, number)
    return {"kind": "decision_annulled", "application": application.id, "revoked": revoked,
            "amending_order": order_number, "amendment": amendment.id}


def _notify_revoked(appeal: Appeal, number: str) -> None:
    from app.notifications import notify, users_of_persons

    user = users_of_persons([appeal.person_id]).get(appeal.person_id)
    if user:
        notify([user], "certificate_revoked", {"number": number, "category": "", "reason": _reason(appeal)})


def upload_access(actor: Actor, appeal: Appeal) -> dict[str, Any]:
    sections = [s for s in (appeal.details or {}).get("sections") or [] if s in REOPENABLE]
    if not sections:
        raise RuleViolation(_("Name the profile sections to reopen."))
    days = deadlines_for(db.session, appeal.appeal_type, today()).reopen_days
    until = today() + dt.timedelta(days=days)
    db.session.add(ProfileAccess(person_id=appeal.person_id, appeal_id=appeal.id, sections=sections, until=until,
                                 tenant_id=appeal.tenant_id))
    _amend(actor, appeal, "sections_reopened", {}, {"sections": sections, "until": until.isoformat()})
    return {"kind": "sections_reopened", "sections": sections, "until": until.isoformat()}


def commission_composition(actor: Actor, appeal: Appeal) -> dict[str, Any]:
    from app.attestation import commissions as ops
    from models.commission import Commission, CommissionMember

    details = appeal.details or {}
    commission = db.session.get(Commission, appeal.commission_id) if appeal.commission_id else None
    if commission is None:
        raise RuleViolation(_("The commission of this appeal no longer exists."))
    reason = _reason(appeal)
    if details.get("action") == "remove":
        member = db.session.get(CommissionMember, details.get("member_id"))
        if member is None or member.commission_id != commission.id:
            raise RuleViolation(_("This member is not on the commission."))
        ops.remove_member(member, reason)
        _amend(actor, appeal, "member_removed", {"member": member.id}, {"removed": True})
        return {"kind": "member_removed", "member": member.id, "commission": commission.id}
    new = ops.NewMember(iin=details.get("iin") or "", role=details.get("role") or "member",
                        last_name=details.get("last_name") or None, first_name=details.get("first_name") or None,
                        reason=reason)
    member = ops.add_member(commission, new, None)
    db.session.flush()
    _amend(actor, appeal, "member_added", {}, {"member": member.id, "role": member.role})
    return {"kind": "member_added", "member": member.id, "commission": commission.id}


def attestee_list(actor: Actor, appeal: Appeal) -> dict[str, Any]:
    """The application moves to the commission it belongs to (same period, one the teacher may apply
    to); the votes taken by the old commission's members go."""
    from models.commission import Commission
    from tenants.scope import commissions_for_applying

    application = _application(appeal)
    if application.state in app_states.FINAL_STATES:
        raise RuleViolation(_("This application is decided or withdrawn: it can no longer be moved."))
    target = db.session.get(Commission, (appeal.details or {}).get("commission_id"))
    allowed = set(db.session.execute(commissions_for_applying(application.person.tenant, application.period_id)
                                     .with_only_columns(Commission.id)).scalars()) if target is not None else set()
    if target is None or target.id not in allowed:
        raise RuleViolation(_("The application cannot be moved to that commission."))
    if target.id == application.commission_id:
        raise RuleViolation(_("The application is already with that commission."))
    before = {"commission": application.commission_id, "state": application.state}
    for review in db.session.execute(select(Review).where(Review.application_id == application.id)).scalars():
        db.session.delete(review)
    application.commission_id = target.id
    application.commission = target
    if application.state in (app_states.UNDER_REVIEW, app_states.REVIEWED):
        state_before = application.state
        application.state = app_states.ACCEPTED  # the new commission starts its own review
        _event(application, actor, "amend", state_before, _reason(appeal))
    _amend(actor, appeal, "application_moved", before, {"commission": target.id, "state": application.state},
           application)
    return {"kind": "application_moved", "application": application.id, "commission": target.id}


def ozp_results(actor: Actor, appeal: Appeal) -> dict[str, Any]:
    """Fetch the teacher's results from УТО again; when УТО cannot be asked, the matter goes to its
    data owner as a dispute (app/integrations/disputes.py)."""
    from app.integrations.http import RegistryError
    from app.integrations.uto import refetch_person

    person = appeal.person
    try:
        counts = refetch_person(person.iin)
    except RegistryError as exc:
        dispute = _dispute_to_owner(actor, appeal)
        return {"kind": "ozp_disputed", "dispute": dispute, "registry_error": exc.code}
    _amend(actor, appeal, "ozp_refetched", {}, {"created": counts.created, "updated": counts.updated})
    return {"kind": "ozp_refetched", "created": counts.created, "updated": counts.updated,
            "unchanged": counts.unchanged}


def _dispute_to_owner(actor: Actor, appeal: Appeal) -> int:
    """A dispute of the teacher's УТО data, owned by the appeal's body (the republic: УТО's data owner
    in app/integrations/disputes.DATA_OWNERS), the teacher told like for any dispute."""
    from models.integration import RegistryDispute

    dispute = RegistryDispute(source="uto", record_type="person", record_id=appeal.person_id, person_id=appeal.person_id,
                              text=appeal.text[:4000], state="filed", filed_by_id=actor.user_id,
                              filed_by_name=actor.name, tenant_id=appeal.body_id)
    db.session.add(dispute)
    db.session.flush()
    from app.integrations.disputes import notify_filed

    notify_filed(dispute, actor.user_id)
    return dispute.id


EFFECTS = {
    "withdraw_application": withdraw_application,
    "withdraw_decision": withdraw_decision,
    "upload_access": upload_access,
    "commission_composition": commission_composition,
    "attestee_list": attestee_list,
    "ozp_results": ozp_results,
}

"""The protocol of a commission session (DOMAIN.md §5 step 8): gather, form, sign.

The secretary (or the chair) gathers the session's decided applications into a protocol; from
then on their decisions are frozen (``in_protocol`` has no step out but the order). A job renders
the PDF in the commission's language and fixes its SHA-256; then every voting member present signs
it, each signature an incremental PAdES revision over the document as it stood (app/signatures).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from app.attestation import states
from app.attestation.commissions import active_members
from app.attestation.operations import UNKNOWN_MEMBERSHIP, Actor, Refused, _move, membership, today
from app.attestation.periods import frozen_message
from app.extensions import db
from app.i18n import _
from models.attestation import Application
from models.base import utcnow
from models.commission import CHAIR, SECRETARY, VOTING_ROLES, Commission, CommissionMember
from models.documents import FAILED, FORMING, SIGNED, SIGNING, Protocol, ProtocolSignature

#: the most applications one protocol gathers (a session's list; the PDF stays a document, not a book)
MAX_APPLICATIONS = 500


def keeps_record(actor: Actor, commission: Commission, member: CommissionMember | None = UNKNOWN_MEMBERSHIP
                 ) -> CommissionMember | None:
    """The actor's membership when they keep the commission's record (secretary or chair); a page that
    has the membership already passes it."""
    if member is UNKNOWN_MEMBERSHIP:
        member = membership(actor, commission.id)
    return member if member is not None and member.role in (SECRETARY, CHAIR) else None


def gatherable(commission_id: int):
    """The decided applications of a commission not yet in a protocol (a select, for lists and counts)."""
    return (select(Application)
            .where(Application.commission_id == commission_id, Application.state == states.DECIDED,
                   Application.protocol_id.is_(None))
            .order_by(Application.decided_on, Application.id))


def _next_number(commission_id: int) -> str:
    count = db.session.scalar(select(func.count(Protocol.id)).where(Protocol.commission_id == commission_id))
    return str((count or 0) + 1)


def form_protocol(actor: Actor, commission: Commission, session_date: dt.date | None = None,
                  present_member_ids: list[int] | None = None, application_ids: list[int] | None = None) -> Protocol:
    """Gather the decided applications (all, or those of ``application_ids``: the session's) into a new
    protocol; its PDF is rendered by ``render_job``."""
    if keeps_record(actor, commission) is None:
        raise Refused([_("Only the commission's secretary or chair forms its protocol.")])
    if commission.period is not None and commission.period.is_frozen:
        raise Refused([frozen_message()])
    session_date = session_date or today()
    if session_date > today():
        raise Refused([_("The date of the session cannot be in the future.")])
    members = active_members(commission)
    known = {m.id for m in members}
    present = sorted(known if present_member_ids is None else set(present_member_ids))
    if not set(present) <= known:
        raise Refused([_("Only current members of the commission can be marked present.")])
    if not any(m.id in present and m.role == CHAIR for m in members):
        raise Refused([_("The chair must be present: the chair signs the protocol.")])
    chosen = gatherable(commission.id)
    if application_ids is not None:
        chosen = chosen.where(Application.id.in_(sorted(set(application_ids))[:MAX_APPLICATIONS]))
    applications = db.session.execute(chosen.limit(MAX_APPLICATIONS)).scalars().all()
    if not applications:
        raise Refused([_("There are no decided applications to put into a protocol.")])
    protocol = Protocol(commission_id=commission.id, tenant_id=commission.tenant_id, number=_next_number(commission.id),
                        session_date=session_date, language=commission.language if commission.language in ("kk", "ru")
                        else "kk", state=FORMING, present_member_ids=present, created_by_id=actor.user_id)
    db.session.add(protocol)
    db.session.flush()
    found = states.transition(states.DECIDED, "gather", {states.SECRETARY})
    for application in applications:
        application.protocol_id = protocol.id
        _move(application, actor, found)
    from app.jobs import after_commit

    after_commit(start_rendering, protocol.id, actor.user_id)
    return protocol


def start_rendering(protocol_id: int, user_id: int | None) -> None:
    """After the commit: the PDF job (RQ when configured), its id kept on the protocol for progress."""
    from app.jobs import enqueue_for

    enqueue_for(Protocol, protocol_id, render_job, description=_("Protocol PDF"), user_id=user_id)


def render_job(ctx, protocol_id: int) -> dict:
    """Render, store and fix the hash of a protocol's PDF; then ask its signers to sign."""
    from reports import store
    from reports.documents import protocol_pdf

    protocol = db.session.get(Protocol, protocol_id)
    if protocol is None or protocol.state not in (FORMING, FAILED):
        return {"skipped": True}
    ctx.progress(10)
    try:
        pdf = protocol_pdf(protocol, progress=lambda share: ctx.progress(10 + int(80 * share)))
        digest = store.save(pdf)
    except Exception:
        # whatever broke (the renderer, the disk), the page offers "try again" instead of waiting forever
        db.session.rollback()
        protocol = db.session.get(Protocol, protocol_id)
        protocol.state = FAILED
        db.session.commit()
        raise
    protocol.formed_sha256 = protocol.current_sha256 = digest
    protocol.formed_on = utcnow()
    protocol.state = SIGNING
    _notify_signers(protocol)
    from app.jobs import commit_and_run

    commit_and_run()
    ctx.progress(100)
    return {"protocol": protocol.number, "applications": len(protocol.applications), "sha256": digest}


def rendering_stalled(protocol: Protocol) -> bool:
    """Still "being formed" although its job has ended (a killed worker): the keeper may start it again."""
    from models.job import JobRecord

    if protocol.state != FORMING or protocol.job_id is None:
        return False
    job = db.session.get(JobRecord, protocol.job_id)
    return job is None or job.state in ("failed", "finished")


def retry_rendering(actor: Actor, protocol: Protocol) -> None:
    if keeps_record(actor, protocol.commission) is None:
        raise Refused([_("Only the commission's secretary or chair forms its protocol.")])
    if protocol.state != FAILED and not rendering_stalled(protocol):
        raise Refused([_("The protocol's PDF is already being made or made.")])
    protocol.state = FORMING
    protocol.job_id = None
    from app.jobs import after_commit

    after_commit(start_rendering, protocol.id, actor.user_id)


# Signers ---------------------------------------------------------------------------------------
def required_signers(protocol: Protocol) -> list[CommissionMember]:
    """The chair and the voting members present at the session: the protocol is final when all have signed.

    A member removed from the commission after the session no longer signs it (the removal is recorded
    with its reason); one who signed before leaving stays among the signers.
    """
    present = set(protocol.present_member_ids or [])
    signed = {s.member_id for s in protocol.signatures}
    members = db.session.execute(
        select(CommissionMember).where(CommissionMember.commission_id == protocol.commission_id)
        .order_by(CommissionMember.id)
    ).scalars().all()
    return [m for m in members if m.id in present and m.role in VOTING_ROLES
            and (m.removed_on is None or m.id in signed)]


def signature_rows(protocol: Protocol) -> list[tuple[CommissionMember, ProtocolSignature | None]]:
    signed = {s.member_id: s for s in protocol.signatures}
    return [(member, signed.get(member.id)) for member in required_signers(protocol)]


def missing_signers(protocol: Protocol) -> list[CommissionMember]:
    return [member for member, signature in signature_rows(protocol) if signature is None]


def _notify_signers(protocol: Protocol, only: list[CommissionMember] | None = None, reminder: bool = False) -> int:
    from app.notifications import link_for, notify, users_of_persons

    members = only if only is not None else required_signers(protocol)
    users = sorted(set(users_of_persons([m.person_id for m in members]).values()))
    if users:
        notify(users, "protocol_reminder" if reminder else "protocol_to_sign",
               {"protocol": protocol.number, "commission": protocol.commission.name},
               link=link_for("ProtocolView.show", pk=protocol.id))
    return len(users)


def remind_signers(actor: Actor, protocol: Protocol) -> int:
    """The secretary's reminder to the members who have not signed yet; returns how many were reminded."""
    if keeps_record(actor, protocol.commission) is None:
        raise Refused([_("Only the commission's secretary or chair forms its protocol.")])
    if protocol.state != SIGNING:
        raise Refused([_("The protocol is not awaiting signatures.")])
    return _notify_signers(protocol, missing_signers(protocol), reminder=True)


def signer_membership(actor: Actor, protocol: Protocol) -> CommissionMember:
    """The actor's place among the protocol's signers, or a refusal saying why not."""
    if protocol.state != SIGNING:
        raise Refused([_("The protocol is not awaiting signatures.")])
    member = membership(actor, protocol.commission_id)
    if member is None or member.id not in {m.id for m in required_signers(protocol)}:
        raise Refused([_("Only the chair and the voting members present at the session sign the protocol.")])
    if any(s.member_id == member.id for s in protocol.signatures):
        raise Refused([_("You have already signed this protocol.")])
    return member


def settle_after_removal(commission_id: int) -> None:
    """A signer left the commission: its protocols awaiting only them are final now."""
    for protocol in db.session.execute(select(Protocol).where(Protocol.commission_id == commission_id,
                                                              Protocol.state == SIGNING)).scalars():
        if protocol.signatures and not missing_signers(protocol):
            protocol.state = SIGNED
            protocol.signed_on = utcnow()
            _notify_signed(protocol)


def record_signature(protocol: Protocol, member: CommissionMember, signature: ProtocolSignature) -> None:
    """Keep a verified signature; the protocol is final when every required signer has signed."""
    protocol.signatures.append(signature)  # the loaded collection too: it decides below who is missing
    protocol.current_sha256 = signature.result_sha256
    db.session.flush()
    if not missing_signers(protocol):
        protocol.state = SIGNED
        protocol.signed_on = utcnow()
        _notify_signed(protocol)


def _notify_signed(protocol: Protocol) -> None:
    from app.notifications import link_for, notify, users_of_persons

    keepers = [m.person_id for m in active_members(protocol.commission) if m.role in (SECRETARY, CHAIR)]
    users = set(users_of_persons(keepers).values()) | set(_order_issuers(protocol))
    if users:
        notify(sorted(users), "protocol_signed", {"protocol": protocol.number, "commission": protocol.commission.name},
               link=link_for("ProtocolView.show", pk=protocol.id))


def _order_issuers(protocol: Protocol) -> list[int]:
    """Users who may issue the order: the heads at the commission's node (OrgHead or the department staff)."""
    from flask_appbuilder.security.sqla.models import Role, assoc_user_role

    from app.security.models import User
    from app.security.roles import ORDER_ISSUING_ROLES

    return list(db.session.execute(
        select(User.id).join(assoc_user_role, assoc_user_role.c.user_id == User.id)
        .join(Role, Role.id == assoc_user_role.c.role_id)
        .where(User.tenant_id == protocol.tenant_id, Role.name.in_(ORDER_ISSUING_ROLES), User.active)
    ).scalars().unique())


def overdue_unsigned(before: dt.datetime):
    """Protocols still awaiting signatures that were formed before ``before`` (for reminders)."""
    return select(Protocol).where(Protocol.state == SIGNING, Protocol.formed_on < before).order_by(Protocol.id)


__all__ = ["MAX_APPLICATIONS", "form_protocol", "gatherable", "keeps_record", "missing_signers", "record_signature",
           "remind_signers", "render_job", "required_signers", "retry_rendering", "signature_rows",
           "signer_membership"]

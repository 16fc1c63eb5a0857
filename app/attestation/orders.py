"""The order (приказ) and the certificates (DOMAIN.md §5 step 9).

The head of the commission's organization (or of the authority, for district, region and republic
commissions) issues an order on a signed protocol: it makes the decisions effective — each
teacher's category, validity and history change — and a job issues a certificate per category
assigned, confirmed or lowered. Certificates are public by number (/verify/<number>): the number
carries a random part so that nobody can walk through them.
"""

from __future__ import annotations

import datetime as dt
import secrets

from flask import current_app
from sqlalchemy import select

from app.attestation import states
from app.attestation.commissions import parameters_of
from app.attestation.operations import Actor, Refused, _move, today
from app.extensions import db
from app.i18n import _
from models.attestation import Application
from models.base import utcnow
from models.career import CategoryRecord
from models.directories import QualificationCategory
from models.documents import SIGNED, Certificate, Order, Protocol
from models.records import Source
from tenants.scope import can_write

#: outcomes that give a certificate (a category not assigned gives none)
CERTIFIED_OUTCOMES = ("assigned", "confirmed", "lowered")
#: the "category" of a teacher who holds none: lowered to it, the category is withdrawn and no certificate issued
NO_CATEGORY = "teacher"
#: Crockford's base-32 alphabet: no I, L, O, U, nothing to misread on paper or a phone
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: certificates rendered and committed together by the issuing job
CHUNK = 50


def new_certificate_number(year: int) -> str:
    """``2026-7KQ3-M9XD``: the year and 40 random bits, URL-safe, unique by the database's constraint."""
    random_part = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"{year}-{random_part[:4]}-{random_part[4:]}"


def gets_certificate(application: Application) -> bool:
    """A category assigned, confirmed or lowered to (not lowered to none, not "not assigned")."""
    return (application.outcome in CERTIFIED_OUTCOMES and bool(application.awarded_category)
            and application.awarded_category != NO_CATEGORY)


def valid_until(application: Application, issued_on: dt.date) -> dt.date | None:
    """The order's date + the validity of a category for the teacher's position (a versioned parameter)."""
    years = parameters_of(application.period)["category_validity_years"]
    count = int(years.get(application.position_kind, years.get("teacher", 5)))
    try:
        return issued_on.replace(year=issued_on.year + count)
    except ValueError:  # 29 February
        return issued_on.replace(year=issued_on.year + count, day=28)


def issues_orders_for(actor: Actor, protocol: Protocol) -> bool:
    """The order is issued at the commission's own node: its organization's head, or the authority of a
    district, region or the republic (a national administrator may act for any)."""
    scope = actor.scope
    if scope.self_only:
        return False
    return bool(scope.unrestricted) or (scope.tenant_id == protocol.tenant_id
                                        and can_write(Order(tenant_id=protocol.tenant_id, tenant=protocol.tenant),
                                                      scope))


def issue_order(actor: Actor, protocol: Protocol, number: str, issued_on: dt.date | None, head_name: str,
                head_position: str | None = None) -> Order:
    """Issue the order on a signed protocol; its decisions take effect in the same transaction."""
    number, head_name = (number or "").strip()[:40], (head_name or "").strip()[:300]
    problems = []
    if protocol.state != SIGNED:
        problems.append(_("The order can be issued only on a protocol signed by every member."))
    if db.session.scalar(select(Order.id).where(Order.protocol_id == protocol.id)) is not None:
        problems.append(_("An order has already been issued on this protocol."))
    if not number:
        problems.append(_("Give the order's number."))
    if not head_name:
        problems.append(_("Give the name of the head who signs the order."))
    issued_on = issued_on or today()
    if issued_on > today():
        problems.append(_("The order's date cannot be in the future."))
    if protocol.session_date and issued_on < protocol.session_date:
        problems.append(_("The order's date cannot be before the session."))
    order = Order(protocol_id=protocol.id, commission_id=protocol.commission_id, tenant_id=protocol.tenant_id,
                  number=number, issued_on=issued_on, head_name=head_name,
                  head_position=(head_position or "").strip()[:300] or None, issued_by_id=actor.user_id)
    if not issues_orders_for(actor, protocol):
        problems.append(_("Only the head of the commission's organization or authority issues its order."))
    elif number and db.session.scalar(select(Order.id).where(Order.tenant_id == protocol.tenant_id,
                                                             Order.number == number)) is not None:
        problems.append(_("An order with this number already exists."))
    if problems:
        raise Refused(problems)
    db.session.add(order)
    db.session.flush()
    _take_effect(actor, order, protocol)
    from app.jobs import after_commit

    after_commit(start_issuing, order.id, actor.user_id)
    return order


def _take_effect(actor: Actor, order: Order, protocol: Protocol) -> None:
    """Each decision: the application becomes effective; a category held goes into the teacher's history."""
    categories = {c.code: c for c in db.session.execute(select(QualificationCategory)).scalars()}
    found = states.transition(states.IN_PROTOCOL, "certify", {states.AUTHORITY})
    for application in protocol.applications:
        _move(application, actor, found)
        person = application.person
        if application.outcome == "lowered" and application.awarded_category == NO_CATEGORY:
            person.category_id = None  # lowered below the first category: the teacher holds none from now on
            continue
        if not gets_certificate(application):
            continue
        category = categories.get(application.awarded_category)
        if category is None:
            continue
        db.session.add(CategoryRecord(
            person_id=person.id, tenant_id=application.tenant_id, category_id=category.id,
            assigned_on=order.issued_on, valid_until=valid_until(application, order.issued_on),
            confirmed=application.outcome == "confirmed", order_number=order.number, source=Source.ORDER.value,
            entered_by_id=actor.user_id, entered_by_name=actor.name))
        person.category_id = category.id


def start_issuing(order_id: int, user_id: int | None) -> None:
    """After the commit: the job making the order's PDF and its certificates, with progress."""
    from app.jobs import enqueue_for

    enqueue_for(Order, order_id, issue_certificates_job, description=_("Certificates"), user_id=user_id)


def certificate_for(application: Application, order: Order) -> Certificate:
    # the relationships too, not only the ids: the PDF is rendered before the row is flushed
    return Certificate(
        number=new_certificate_number(order.issued_on.year), person_id=application.person_id,
        application_id=application.id, order=order, order_id=order.id, commission=order.protocol.commission,
        commission_id=order.commission_id, tenant_id=application.tenant_id, holder_name=str(application.person),
        category=application.awarded_category, outcome=application.outcome, issued_on=order.issued_on,
        valid_until=valid_until(application, order.issued_on), language=order.protocol.language)


def _render_order(order: Order) -> None:
    """The order's PDF: every decision of its protocol, with the validity of each category held."""
    from reports import store
    from reports.documents import order_pdf

    applications = db.session.execute(
        select(Application).where(Application.protocol_id == order.protocol_id).order_by(Application.id)
    ).scalars().all()
    order.sha256 = store.save(order_pdf(order, [(a, valid_until(a, order.issued_on) if gets_certificate(a) else None)
                                                for a in applications]))


def issue_certificates_job(ctx, order_id: int) -> dict:
    """The order's PDF, then a certificate per category assigned, confirmed or lowered to; idempotent and
    resumable by chunk (each chunk committed with its holders' notifications)."""
    from app.jobs import commit_and_run
    from app.notifications import add_notifications, link_for, users_of_persons
    from reports import store
    from reports.documents import certificate_pdf

    order = db.session.get(Order, order_id)
    if order is None:
        return {"issued": 0}
    if order.sha256 is None:
        _render_order(order)
        commit_and_run()
    done = set(db.session.execute(select(Certificate.application_id).where(Certificate.order_id == order_id))
               .scalars())
    todo = db.session.execute(
        select(Application.id).where(Application.protocol_id == order.protocol_id,
                                     Application.outcome.in_(CERTIFIED_OUTCOMES),
                                     Application.awarded_category.is_not(None),
                                     Application.awarded_category != NO_CATEGORY)
        .order_by(Application.id)).scalars().all()
    todo = [application_id for application_id in todo if application_id not in done]
    issued = 0
    for start in range(0, len(todo), CHUNK):
        ids = todo[start:start + CHUNK]
        # one query per chunk (the commit of the previous chunk expired what was loaded)
        chunk = db.session.execute(select(Application).where(Application.id.in_(ids)).order_by(Application.id)
                                   ).scalars().all()
        order = db.session.get(Order, order_id)
        made = []
        for application in chunk:
            certificate = certificate_for(application, order)
            certificate.sha256 = store.save(certificate_pdf(certificate))
            db.session.add(certificate)
            made.append(certificate)
        db.session.flush()
        users = users_of_persons([c.person_id for c in made])
        add_notifications([
            (users.get(c.person_id), "certificate_issued", {"number": c.number, "category": c.category},
             link_for("CertificateView.show", pk=c.id), f"certificate:{c.id}")
            for c in made if users.get(c.person_id)])
        commit_and_run()
        issued += len(made)
        ctx.progress(int(100 * (start + len(chunk)) / len(todo)))
    ctx.progress(100)
    return {"issued": issued, "already": len(done)}


# Revocation and re-issue -----------------------------------------------------------------------
def manages_certificate(actor: Actor, certificate: Certificate) -> bool:
    """The authority that issued the certificate's order, or one above it: not the holder's school."""
    scope = actor.scope
    order = certificate.order
    return not scope.self_only and order is not None and can_write(order, scope)


def _locked(certificate: Certificate) -> Certificate:
    """The certificate row locked and reloaded: two revocations or re-issues run one after the other."""
    db.session.execute(select(Certificate.id).where(Certificate.id == certificate.id).with_for_update())
    db.session.refresh(certificate)
    return certificate


def revoke_certificate(actor: Actor, certificate: Certificate, reason: str) -> None:
    """Revoke with a reason (an upheld appeal, an error); the page /verify/<number> says so from now on."""
    if not manages_certificate(actor, certificate):
        raise Refused([_("Only the authority that issued the order revokes its certificates.")])
    certificate = _locked(certificate)
    if certificate.revoked_on is not None:
        raise Refused([_("This certificate has already been revoked.")])
    reason = (reason or "").strip()
    if not reason:
        raise Refused([_("Give the reason.")])
    certificate.revoked_on = utcnow()
    certificate.revocation_reason = reason[:4000]
    _notify_holder(certificate, "certificate_revoked")


def reissue_certificate(actor: Actor, certificate: Certificate, reason: str) -> Certificate:
    """A new certificate with a new number for the same decision (a correction); the old one is revoked,
    the new one points to it. A revoked certificate is not re-issued: its decision no longer stands."""
    if not manages_certificate(actor, certificate):
        raise Refused([_("Only the authority that issued the order re-issues its certificates.")])
    certificate = _locked(certificate)
    if db.session.scalar(select(Certificate.id).where(Certificate.replaces_id == certificate.id)) is not None:
        raise Refused([_("This certificate has already been re-issued.")])
    if certificate.revoked_on is not None:
        raise Refused([_("This certificate has been revoked: it cannot be re-issued.")])
    reason = (reason or "").strip()
    if not reason:
        raise Refused([_("Give the reason.")])
    application = db.session.get(Application, certificate.application_id)
    fresh = certificate_for(application, certificate.order)
    fresh.replaces_id = certificate.id
    from reports import store
    from reports.documents import certificate_pdf

    try:
        fresh.sha256 = store.save(certificate_pdf(fresh))
    except Exception:  # noqa: BLE001 - the renderer or the disk: nothing is changed, the user may try again
        current_app.logger.exception("certificate %s: the re-issued PDF could not be made", certificate.id)
        raise Refused([_("The new certificate could not be made: try again later.")]) from None
    db.session.add(fresh)
    certificate.revoked_on = utcnow()
    certificate.revocation_reason = reason[:4000]
    db.session.flush()
    _notify_holder(fresh, "certificate_issued")
    return fresh


def _notify_holder(certificate: Certificate, kind: str) -> None:
    from app.notifications import link_for, notify, users_of_persons

    user_id = users_of_persons([certificate.person_id]).get(certificate.person_id)
    if user_id:
        notify([user_id], kind, {"number": certificate.number, "category": certificate.category,
                                 "reason": certificate.revocation_reason or ""},
               link=link_for("CertificateView.show", pk=certificate.id))


__all__ = ["CERTIFIED_OUTCOMES", "NO_CATEGORY", "gets_certificate", "issue_certificates_job", "issue_order",
           "issues_orders_for", "manages_certificate", "new_certificate_number", "reissue_certificate",
           "revoke_certificate", "valid_until"]

"""What each attestation document says: rows → the template's context → reports.render.render_pdf.

Every builder runs inside ``force_locale(document language)`` so that labels and reasons are
written in the language the document is issued in, whoever's request or job makes it.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app

from app.attestation.labels import category_name, level_label, member_role_label, mode_label, outcome_label
from app.attestation.messages import reason_sentence
from app.i18n import _, force_locale
from reports.render import qr_data_uri, render_pdf


def _position(application) -> str:
    person = application.person
    position = getattr(person, "position", None)
    return position.localized_name() if position is not None else ""


def _ozp(application) -> str:
    snapshot, score = application.snapshot or {}, application.score or {}
    ozp = score.get("ozp") or {}
    if ozp.get("exempt"):
        return _("exempt")
    percent = snapshot.get("ozp_percent")
    if percent is None:
        return _("no result")
    required = ozp.get("required_percent")
    return f"{percent:g}%" + (f" / {required:g}%" if isinstance(required, (int, float)) else "")


def _portfolio(application) -> str:
    score = application.score or {}
    if not score:
        return ""
    met = _("met") if score.get("portfolio_met") else _("not met")
    return _("%(points)s points, %(met)s", points=score.get("total_points", 0), met=met)


def _votes(application) -> str:
    tally = (application.decision or {}).get("tally") or {}
    return _("%(yes)s for, %(no)s against", yes=tally.get("corresponds", 0), no=tally.get("against", 0))


def _outcome(application) -> str:
    if application.awarded_category:
        return f"{outcome_label(application.outcome)}: {category_name(application.awarded_category)}"
    return outcome_label(application.outcome)


def protocol_rows(protocol) -> list[dict]:
    rows = []
    for application in protocol.applications:
        rows.append({
            "name": str(application.person),
            "position": _position(application),
            "organization": application.tenant.localized_name() if application.tenant else "",
            "category": category_name(application.requested_category),
            "mode": mode_label(application.mode),
            "ozp": _ozp(application),
            "portfolio": _portfolio(application),
            "votes": _votes(application),
            "chair": (_("corresponds") if application.chair_corresponds else _("does not correspond"))
            if application.chair_corresponds is not None else "",
            "outcome": _outcome(application),
            "reasons": [reason_sentence(r) for r in (application.decision or {}).get("reasons", [])],
            "flagged": application.flagged,
        })
    return rows


def protocol_pdf(protocol, progress: Callable[[float], None] | None = None) -> bytes:
    commission = protocol.commission
    members_by_id = {m.id: m for m in commission.members}
    with force_locale(protocol.language):
        present = [members_by_id[i] for i in protocol.present_member_ids or [] if i in members_by_id]
        members = [{"name": str(m.person), "role": member_role_label(m.role),
                    "organization": m.organization.localized_name() if m.organization else ""} for m in present]
        signers = [{"name": str(m.person), "role": member_role_label(m.role)} for m in present
                   if m.role in ("chair", "member")]
        context = {
            "number": protocol.number, "session_date": protocol.session_date,
            "commission_name": commission.name, "level": level_label(commission.level),
            "period": str(commission.period) if commission.period else "",
            "members": members, "signers": signers, "rows": protocol_rows(protocol),
        }
        if progress:
            progress(0.3)
        return render_pdf("protocol.html", context, locale=protocol.language)


def order_pdf(order, applications) -> bytes:
    protocol = order.protocol
    language = protocol.language
    with force_locale(language):
        rows = [{"name": str(a.person), "organization": a.tenant.localized_name() if a.tenant else "",
                 "outcome": _outcome(a), "valid_until": valid_until} for a, valid_until in applications]
        context = {
            "number": order.number, "issued_on": order.issued_on,
            "authority": order.tenant.localized_name() if order.tenant else "",
            "protocol_number": protocol.number, "protocol_date": protocol.session_date,
            "commission_name": protocol.commission.name, "rows": rows,
            "head_name": order.head_name, "head_position": order.head_position or "",
        }
        return render_pdf("order.html", context, locale=language)


def verify_url(number: str) -> str:
    return f"{current_app.config['PUBLIC_URL'].rstrip('/')}/verify/{number}"


def certificate_pdf(certificate) -> bytes:
    language = certificate.language
    with force_locale(language):
        statements = {
            "assigned": _("has been assigned the qualification category"),
            "confirmed": _("has confirmed the qualification category"),
            "lowered": _("has been given, by attestation, the qualification category"),
        }
        url = verify_url(certificate.number)
        order = certificate.order
        context = {
            "number": certificate.number, "holder": certificate.holder_name,
            "statement": statements.get(certificate.outcome, ""), "category": category_name(certificate.category),
            "commission_name": certificate.commission.name if certificate.commission else "",
            "order_number": order.number if order else "", "order_date": order.issued_on if order else None,
            "issued_on": certificate.issued_on, "valid_until": certificate.valid_until,
            "authority": order.tenant.localized_name() if order and order.tenant else "",
            "verify_url": url, "qr": qr_data_uri(url),
        }
        return render_pdf("certificate.html", context, locale=language)


def amending_order_pdf(amendment) -> bytes:
    """The order that annuls a decision on an upheld appeal (app/appeals/effects.withdraw_decision), made
    from its amendment: what it annuls, which certificates it revokes, which category stands again."""
    from sqlalchemy import select

    from app.extensions import db
    from models.attestation import Application
    from models.documents import Order

    appeal = amendment.appeal
    application = db.session.get(Application, amendment.application_id) if amendment.application_id else None
    before, after = amendment.before or {}, amendment.after or {}
    original = None
    protocol_id = before.get("protocol")  # the annulled application left its protocol: the amendment remembers it
    if protocol_id:
        original = db.session.execute(select(Order).where(Order.protocol_id == protocol_id)).scalar_one_or_none()
    language = original.protocol.language if original is not None else "kk"
    with force_locale(language):
        context = {
            "number": after.get("amending_order") or "", "issued_on": amendment.made_on.date(),
            "authority": appeal.body.localized_name() if appeal.body else "",
            "appeal_number": appeal.id, "appeal_date": appeal.filed_on.date(),
            "commission_name": application.commission.name if application and application.commission else "",
            "teacher": str(application.person) if application else "", "application_number": amendment.application_id,
            "original_order": original.number if original is not None else "",
            "revoked": ", ".join(after.get("revoked") or []),
            "category": category_name(after.get("category_after") or "teacher"),
            "made_by": amendment.made_by_name or "",
        }
        return render_pdf("amending_order.html", context, locale=language)

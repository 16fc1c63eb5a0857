"""Demo: a session already through its documents — the protocol formed, signed by the chair and the
voting member with test keys, the order issued and the certificates made — through the same
operations as the pages (app/attestation/protocols.py, signing.py, orders.py).

The test CA (``flask ustaz ca init``) is created on the way; ``flask ustaz ca root`` prints its root
so that anyone can check the demo protocol's signatures.
"""

from __future__ import annotations

from sqlalchemy import select

from app.attestation.operations import Actor, today
from app.extensions import db
from models.attestation import Application
from models.commission import Commission
from models.documents import FORMING, Certificate
from tenants.scope import scope_for_user, use_scope

#: the demo order's number and the head who signs it
DEMO_ORDER_NUMBER = "ДЕМО-1"
DEMO_HEAD = ("Нұрланов Ержан Бекұлы", "Аудандық білім бөлімінің басшысы")


class _Progress:
    """The job context when the demo runs a job's body itself (RQ would run it later, after the seed)."""

    def progress(self, percent: int, message: str | None = None) -> None:
        return None


def _actor(user) -> Actor:
    name = " ".join(p for p in (user.first_name, user.last_name) if p) or None
    return Actor(user_id=user.id, name=name, person_id=user.person_id, scope=scope_for_user(user))


def seed_documents(session, commission: Commission, applications: list[Application], users: dict) -> dict[str, int]:
    from app.attestation import orders, protocols, signing
    from app.jobs import commit_and_run
    from app.security.models import User

    session.commit()
    people = [u.person for u in session.execute(select(User).where(User.person_id.is_not(None))).scalars()]
    signing.issue_test_certificates(people)
    secretary, chair, member, head = users["secretary"], users["chair"], users["commission"], users["district"]
    signer_persons = {chair.person_id, secretary.person_id, member.person_id}
    present = [m.id for m in commission.members if m.person_id in signer_persons]
    actor = _actor(secretary)
    with use_scope(actor.scope):
        protocol = protocols.form_protocol(actor, commission, today(), present, [a.id for a in applications])
        commit_and_run()  # in-process: the PDF is rendered here; with RQ it is queued
        if protocol.state == FORMING:
            protocols.render_job(_Progress(), protocol.id)
    for user in (chair, member):
        actor = _actor(user)
        with use_scope(actor.scope):
            signing.sign_with_test_key(actor, db.session.get(type(protocol), protocol.id))
            commit_and_run()
    actor = _actor(head)
    with use_scope(actor.scope):
        order = orders.issue_order(actor, protocol, DEMO_ORDER_NUMBER, today(), *DEMO_HEAD)
        commit_and_run()
        if not session.execute(select(Certificate.id).where(Certificate.order_id == order.id)).first():
            orders.issue_certificates_job(_Progress(), order.id)
    certificates = session.execute(select(Certificate.id).where(Certificate.order_id == order.id)).scalars().all()
    return {"protocols": 1, "orders": 1, "certificates": len(certificates)}

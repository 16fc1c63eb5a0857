"""Lookups used across tests (inside an app context)."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.security.models import User
from models.person import Person
from tenants.models import Tenant


def user(username: str) -> User:
    return db.session.execute(select(User).where(User.username == username)).scalar_one()


def home(username: str) -> Tenant:
    return user(username).tenant


def organizations_under(node: Tenant) -> list[Tenant]:
    return list(
        db.session.execute(
            select(Tenant).where(Tenant.path.startswith(node.path), Tenant.level == "organization").order_by(Tenant.id)
        ).scalars()
    )


def persons_under(node: Tenant) -> list[Person]:
    ids = [t.id for t in organizations_under(node)]
    return list(db.session.execute(select(Person).where(Person.tenant_id.in_(ids)).order_by(Person.id)).scalars())


def statements_for(client, url: str) -> int:
    """How many SQL statements one page costs (the page must answer 200)."""
    from sqlalchemy import event

    statements = []

    def count(*args, **kwargs):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)

"""Rules for persons: the ИИН is the key, birth date and sex come from it."""

from __future__ import annotations

from app.i18n import _
from app.identifiers import reason_message, validate_iin
from models.person import Person


def normalise_person(person: Person) -> str | None:
    """Derive what the ИИН tells and tidy names; return a message when the person is invalid.

    A person from a registry keeps the registry's name, ИИН, birth date and sex as they are: a change
    is refused (it is disputed instead), nothing is derived (app/integrations/readonly.py)."""
    from app.integrations.readonly import from_registry, keep_registry_values

    refused = keep_registry_values(person)
    if refused:
        return refused
    if from_registry(person):
        return _organization_problem(person)
    person.iin = (person.iin or "").strip()
    check = validate_iin(person.iin)
    if not check.valid:
        return _("Invalid IIN: %(reason)s", reason=reason_message(check.reason or ""))
    person.birth_date, person.sex = check.birth_date, check.sex
    for attr in ("last_name", "first_name", "middle_name"):
        value = (getattr(person, attr) or "").strip()
        setattr(person, attr, value or None)
    if not person.last_name or not person.first_name:
        return _("Last name and first name are required.")
    problem = _organization_problem(person)
    if problem:
        return problem
    person.search_name = search_key(person.last_name, person.first_name, person.middle_name)
    return iin_taken_message(person)


def _organization_problem(person: Person) -> str | None:
    if person.tenant is not None and person.tenant.level != "organization":
        return _("A teacher belongs to an education organization.")
    return None


def iin_taken_message(person: Person) -> str | None:
    """Refuse an ИИН held by another person, without telling who holds it or where.

    The ИИН is unique nationally, so the write must be refused either way; but "already
    registered" is said only when the holder is inside the acting user's (read) scope. Elsewhere
    the reply is the neutral one, and both come from one query on one code path: the scope is a
    column of the same SELECT, so neither the text nor the timing tells a foreign holder apart.
    """
    from sqlalchemy import case, select, true

    from app.extensions import db
    from tenants.scope import current_scope, scope_clause

    visible = scope_clause(Person, current_scope())
    with db.session.no_autoflush:
        taken = db.session.execute(
            select(case((visible if visible is not None else true(), 1), else_=0))
            .where(Person.iin == person.iin, Person.id != (person.id or -1))
            .limit(1)
        ).first()
    if taken is None:
        return None
    if taken[0]:
        return _("This IIN is already registered in your area: open that teacher's record instead of adding a new one.")
    return unavailable_iin_message()


def unavailable_iin_message() -> str:
    """The neutral refusal: the number cannot be used here, whatever the reason."""
    return _("This IIN cannot be registered here. Check the number; if it is correct, ask your education department.")


def search_key(*parts: str | None) -> str:
    """Lower-cased full name: SQLite's LIKE does not fold Cyrillic case (STACK-NOTES)."""
    return " ".join(p for p in parts if p).casefold()

"""Rules for persons: the ИИН is the key, birth date and sex come from it."""

from __future__ import annotations

from app.i18n import _
from app.identifiers import reason_message, validate_iin
from models.person import Person


def normalise_person(person: Person) -> str | None:
    """Derive what the ИИН tells and tidy names; return a message when the person is invalid."""
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
    if person.tenant is not None and person.tenant.level != "organization":
        return _("A teacher belongs to an education organization.")
    person.search_name = search_key(person.last_name, person.first_name, person.middle_name)
    from sqlalchemy import select

    from app.extensions import db

    with db.session.no_autoflush:
        taken = db.session.execute(select(Person.id).where(Person.iin == person.iin, Person.id != (person.id or -1))).first()
    if taken:
        return _("This IIN is already registered on the platform; ask your education department to transfer the person.")
    return None


def search_key(*parts: str | None) -> str:
    """Lower-cased full name: SQLite's LIKE does not fold Cyrillic case (STACK-NOTES)."""
    return " ".join(p for p in parts if p).casefold()

"""What the forms that add a person, a commission member or an organization take from ГБД ФЛ and
ГБД ЮЛ (issue 15, point 3). Plain Python: no request inside; the lookup is a parameter so the rules
are tested with a fake registry.

- A person added by ИИН gets the name ГБД ФЛ holds, whatever was typed: ГБД ФЛ is the authority on
  names, so its name wins and the record is marked ``gbdfl`` (disputed, not edited by hand, and
  re-read by the ГБД ФЛ sync). The user is told when the typed name was replaced.
- An organization added by БИН gets from ГБД ЮЛ only the names and address left empty. Its source
  stays ``manual``: ГБД ЮЛ gives the long legal name, which the departments often shorten, and no
  place in the tree; a ``gbdul`` source would freeze both against hand edits. ``collected_on`` says
  when the registry gave the values.
- When a registry cannot say (down, slow, not configured) nothing is filled: what was typed is
  saved and the user is told why; with nothing typed the usual refusal gets the reason.

Outcomes are codes; the sentences are made at render time (``note``, ``reason``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from app.i18n import _
from app.integrations.http import RegistryError
from app.integrations.lookups import OrganizationFacts, PersonFacts, lookup_organization, lookup_person
from models.base import utcnow
from models.person import Person
from models.records import Source
from tenants.models import Tenant, TenantLevel

GBDFL, GBDUL = Source.GBDFL.value, Source.GBDUL.value

#: the registry filled the empty fields
FILLED = "filled"
#: the registry's name replaced the one typed
REPLACED = "replaced"
#: the registry agrees with what was typed
CONFIRMED = "confirmed"
#: the registry holds nobody under this number: what was typed is kept
NOT_FOUND = "not_found"
#: the registry could not say (``error`` tells why): what was typed is kept
UNAVAILABLE = "unavailable"
#: not asked: the number is invalid or already taken (the record's own rules refuse it)
SKIPPED = "skipped"

PersonLookup = Callable[[str], PersonFacts | None]
OrganizationLookup = Callable[[str], OrganizationFacts | None]


@dataclass(frozen=True)
class Prefill:
    registry: str
    outcome: str
    #: RegistryError.code when UNAVAILABLE
    error: str | None = None
    #: the full name typed, when the registry's replaced it (to tell the user)
    typed: str | None = None
    #: the record still lacks what the registry was asked for (its rules will refuse it)
    missing: bool = False


def ask_gbdfl(iin: str, lookup: PersonLookup | None = None) -> tuple[PersonFacts | None, str | None]:
    """ГБД ФЛ's person under the ИИН (None: it holds nobody), and the error code when it could not say."""
    try:
        return (lookup or lookup_person)(iin), None
    except RegistryError as exc:
        return None, exc.code


def ask_gbdul(bin_: str, lookup: OrganizationLookup | None = None) -> tuple[OrganizationFacts | None, str | None]:
    try:
        return (lookup or lookup_organization)(bin_), None
    except RegistryError as exc:
        return None, exc.code


def _folded(value: str | None) -> str:
    return " ".join((value or "").split()).casefold()


def full_name(last: str | None, first: str | None, middle: str | None) -> str:
    return " ".join(" ".join((p or "").split()) for p in (last, first, middle) if p and p.strip())


def same_name(facts: PersonFacts, last: str | None, first: str | None, middle: str | None) -> bool:
    """The typed name is the registry's, letter case and spacing aside."""
    return (_folded(last), _folded(first), _folded(middle)) == (
        _folded(facts.last_name), _folded(facts.first_name), _folded(facts.middle_name))


def name_outcome(facts: PersonFacts, last: str | None, first: str | None, middle: str | None) -> Prefill:
    """How the registry's name relates to what was typed."""
    if not _folded(last) or not _folded(first):
        return Prefill(GBDFL, FILLED)
    if same_name(facts, last, first, middle):
        return Prefill(GBDFL, CONFIRMED)
    return Prefill(GBDFL, REPLACED, typed=full_name(last, first, middle))


def take_person_facts(person: Person, facts: PersonFacts, now: dt.datetime | None = None) -> None:
    """The registry's name on the record, marked as ГБД ФЛ's (birth date and sex come from the ИИН)."""
    person.last_name, person.first_name, person.middle_name = facts.last_name, facts.first_name, facts.middle_name
    person.source = GBDFL
    person.collected_on = now or utcnow()


def person_from_gbdfl(person: Person, lookup: PersonLookup | None = None, now: dt.datetime | None = None) -> Prefill:
    """Before a new person is saved: the name ГБД ФЛ holds under its ИИН (see the module's rules)."""
    from app.identifiers import validate_iin
    from app.people import iin_taken_message

    person.iin = (person.iin or "").strip()
    if not validate_iin(person.iin).valid or iin_taken_message(person) is not None:
        return Prefill(GBDFL, SKIPPED)
    typed = (person.last_name, person.first_name, person.middle_name)
    missing = not _folded(typed[0]) or not _folded(typed[1])
    facts, error = ask_gbdfl(person.iin, lookup)
    if error is not None:
        return Prefill(GBDFL, UNAVAILABLE, error=error, missing=missing)
    if facts is None:
        return Prefill(GBDFL, NOT_FOUND, missing=missing)
    outcome = name_outcome(facts, *typed)
    take_person_facts(person, facts, now)
    return outcome


def organization_from_gbdul(node: Tenant, lookup: OrganizationLookup | None = None,
                            now: dt.datetime | None = None) -> Prefill:
    """Before a new organization is saved: its empty names and address from ГБД ЮЛ by БИН."""
    from sqlalchemy import select

    from app.extensions import db
    from app.identifiers import validate_bin

    code = (node.code or "").strip()
    if node.level != TenantLevel.ORGANIZATION.value or not validate_bin(code).valid:
        return Prefill(GBDUL, SKIPPED)
    empty = [name for name in ("name_kk", "name_ru", "address") if not (getattr(node, name) or "").strip()]
    if not {"name_kk", "name_ru"} & set(empty):
        return Prefill(GBDUL, SKIPPED)  # both names typed: nothing to ask for
    with db.session.no_autoflush:
        taken = db.session.execute(select(Tenant.id).where(Tenant.code == code).limit(1)).first()
    if taken is not None:
        return Prefill(GBDUL, SKIPPED)  # the tree holds this БИН already: the save is refused anyway
    facts, error = ask_gbdul(code, lookup)
    if error is not None:
        return Prefill(GBDUL, UNAVAILABLE, error=error, missing=True)
    if facts is None:
        return Prefill(GBDUL, NOT_FOUND, missing=True)
    values = {"name_kk": facts.name_kk, "name_ru": facts.name_ru, "address": facts.address}
    for name in empty:
        if values[name]:
            setattr(node, name, values[name])
    node.code = code
    node.collected_on = now or utcnow()
    return Prefill(GBDUL, FILLED)


# --- words ------------------------------------------------------------------------------------


def reason(prefill: Prefill | None) -> str | None:
    """Why the registry gave nothing, as a sentence (None when it gave something or was not asked)."""
    from app.integrations.labels import error_label

    if prefill is None:
        return None
    person = prefill.registry == GBDFL
    if prefill.outcome == NOT_FOUND:
        return (_("The State database of individuals has no person with this IIN.") if person
                else _("The State database of legal entities has no organization with this BIN."))
    if prefill.outcome == UNAVAILABLE:
        asked = (_("The State database of individuals could not be asked.") if person
                 else _("The State database of legal entities could not be asked."))
        return f"{asked} {error_label(prefill.error)}."
    return None


def note(prefill: Prefill | None) -> tuple[str, str] | None:
    """What to tell the user after the record was saved, and how loudly (a flash category)."""
    if prefill is None:
        return None
    person = prefill.registry == GBDFL
    if prefill.outcome == FILLED:
        return (_("The name was filled in from the State database of individuals.") if person
                else _("The empty names and address were filled in from the State database of legal entities."),
                "info")
    if prefill.outcome == REPLACED:
        return (_("The State database of individuals holds this IIN under another name: the record has the "
                  "registry's name, not the one typed (%(typed)s).", typed=prefill.typed), "warning")
    why = reason(prefill)
    if why is None:
        return None
    saved = _("The name was saved as typed.") if person else _("The names were saved as typed.")
    return f"{why} {saved}", "warning"


def explain(refusal: str, prefill: Prefill | None) -> str:
    """A refusal, with the registry's reason when the record lacks what the registry could not give."""
    why = reason(prefill) if prefill is not None and prefill.missing else None
    return f"{refusal} {why}" if why else refusal

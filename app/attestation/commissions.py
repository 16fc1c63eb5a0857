"""Commissions: forming one, its composition by ИИН, and what it must hold before review starts.

Operations change the session and leave the commit to the caller (``app.jobs.commit_and_run``),
so a view can refuse and roll back as one unit.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.attestation import states
from app.attestation.periods import OPEN, PLANNED, frozen_message, is_amending
from app.errors import RuleViolation
from app.extensions import db
from app.i18n import _
from app.identifiers import IinCheck, reason_message, validate_iin
from app.integrations import prefill as prefill_rules
from app.integrations.prefill import GBDFL, PersonLookup, Prefill
from app.people import search_key
from app.scoring.defaults import DEFAULT_PARAMETERS
from models.attestation import Application
from models.base import utcnow
from models.commission import CHAIR, MEMBER_ROLES, SECRETARY, VOTING_ROLES, Commission, CommissionMember
from models.directories import AttestationPeriod
from models.person import Person
from tenants.models import Tenant
from tenants.scope import Scope, can_read, can_write

#: states after which the composition changes only with a reason
REVIEW_STARTED = (states.UNDER_REVIEW, states.REVIEWED, states.DECIDED, states.IN_PROTOCOL, states.CERTIFIED)


def parameters_of(period: AttestationPeriod | None) -> dict:
    """The pinned rule set's parameters over the defaults (older sets lack the newer keys)."""
    stored = dict(period.rule_set.parameters or {}) if period is not None and period.rule_set is not None else {}
    return {**DEFAULT_PARAMETERS, **stored}


def level_for_category(category: str, parameters: dict) -> str:
    return parameters.get("commission_levels", DEFAULT_PARAMETERS["commission_levels"]).get(category, "organization")


def create_commission(scope: Scope, tenant: Tenant, period: AttestationPeriod, name: str, language: str = "kk",
                      created_by_id: int | None = None) -> Commission:
    """A commission of the actor's own node (a director's organization, a department's district…)."""
    name = (name or "").strip()
    if not name:
        raise RuleViolation(_("Give the commission a name."))
    if len(name) > 300:
        raise RuleViolation(_("The name is too long (at most %(n)d characters).", n=300))
    if language not in ("kk", "ru"):
        raise RuleViolation(_("The protocol language is Kazakh or Russian."))
    if not scope.unrestricted and tenant.id != scope.tenant_id:
        raise RuleViolation(_("A commission is formed for your own organization or department."))
    if not can_write(tenant, scope) and not scope.unrestricted:
        raise RuleViolation(_("This record is outside your area of responsibility."))
    if period.is_frozen:
        raise RuleViolation(frozen_message())
    if period.state not in (PLANNED, OPEN):
        raise RuleViolation(_("Commissions are formed for a planned or open period."))
    commission = Commission(name=name, tenant=tenant, tenant_id=tenant.id, period=period, level=tenant.level,
                            language=language, created_by_id=created_by_id)
    db.session.add(commission)
    return commission


def review_started(commission: Commission) -> bool:
    return db.session.execute(
        select(func.count(Application.id)).where(Application.commission_id == commission.id,
                                                 Application.state.in_(REVIEW_STARTED))
    ).scalar_one() > 0


def active_members(commission: Commission) -> list[CommissionMember]:
    return [m for m in commission.members if m.removed_on is None]


@dataclass(frozen=True)
class NewMember:
    iin: str
    role: str
    last_name: str | None = None
    first_name: str | None = None
    middle_name: str | None = None
    position_note: str | None = None
    reason: str | None = None


def add_member(commission: Commission, new: NewMember, scope: Scope | None = None,
               lookup: PersonLookup | None = None) -> CommissionMember:
    """Add a person by ИИН (``add_member_noted`` without what ГБД ФЛ said)."""
    return add_member_noted(commission, new, scope, lookup)[0]


def add_member_noted(commission: Commission, new: NewMember, scope: Scope | None = None,
                     lookup: PersonLookup | None = None) -> tuple[CommissionMember, Prefill | None]:
    """Add a person by ИИН, and what ГБД ФЛ said when it was asked (for the page to tell).

    A person missing from our registry is created with the name ГБД ФЛ holds (it wins over a typed
    one), or, when ГБД ФЛ holds nobody or cannot be asked, with the name entered.

    A person registered outside the adder's scope is linked only when the name matches our record:
    the name entered or, with none entered, the one ГБД ФЛ gives (the adder may ask ГБД ФЛ anyway:
    audited and throttled). Our database never reveals a name the adder does not already know
    (the ИИН oracle stays closed), and an adder without a name is answered alike whether the ИИН is
    held elsewhere or nowhere.
    """
    if commission.period.is_frozen and not is_amending():
        raise RuleViolation(frozen_message())
    if new.role not in MEMBER_ROLES:
        raise RuleViolation(_("Choose the member's role: chair, secretary or member."))
    iin = (new.iin or "").strip()
    check = validate_iin(iin)
    if not check.valid:
        raise RuleViolation(_("Invalid IIN: %(reason)s", reason=reason_message(check.reason or "")))
    started = review_started(commission)
    if started and not (new.reason or "").strip():
        raise RuleViolation(_("Review has started: give the reason for changing the composition."))
    members = active_members(commission)
    if new.role in (CHAIR, SECRETARY) and any(m.role == new.role for m in members):
        raise RuleViolation(_("The commission already has a chair.") if new.role == CHAIR
                            else _("The commission already has a secretary."))
    person = db.session.execute(select(Person).where(Person.iin == iin)).scalar_one_or_none()
    typed = (new.last_name, new.first_name, new.middle_name)
    named = bool((new.last_name or "").strip() and (new.first_name or "").strip())
    prefill: Prefill | None = None
    if person is None:
        person, prefill = _new_person(commission, iin, check, typed, named, lookup)
    elif scope is not None and not can_read(person, scope):
        if not named:
            facts, error = prefill_rules.ask_gbdfl(iin, lookup)
            if facts is None:  # the same answer as for an IIN nobody holds
                outcome = prefill_rules.UNAVAILABLE if error else prefill_rules.NOT_FOUND
                raise RuleViolation(prefill_rules.explain(_name_needed(), Prefill(GBDFL, outcome, error, missing=True)))
            if not prefill_rules.same_name(facts, person.last_name, person.first_name, person.middle_name):
                raise RuleViolation(_name_needed())
            prefill = Prefill(GBDFL, prefill_rules.FILLED)
        elif not _same_name(person, new):
            raise RuleViolation(_("The name entered does not match the registry for this IIN."))
    if any(m.person_id == person.id for m in members):
        raise RuleViolation(_("This person is already on the commission."))
    own = db.session.execute(
        select(func.count(Application.id)).where(Application.commission_id == commission.id,
                                                 Application.person_id == person.id,
                                                 Application.state != states.WITHDRAWN)
    ).scalar_one()
    if own:
        raise RuleViolation(_("This person has applied to this commission: a member never reviews their own application."))
    organization_id = person.tenant_id if person.tenant is not None and person.tenant.level == "organization" else None
    member = CommissionMember(commission=commission, tenant_id=commission.tenant_id, person=person, role=new.role,
                              organization_id=organization_id, position_note=(new.position_note or "").strip()[:300] or None,
                              change_reason=(new.reason or "").strip() or None)
    db.session.add(member)
    _notify_member(member, "member_added")
    return member, prefill


def _new_person(commission: Commission, iin: str, check: IinCheck, typed: tuple[str | None, ...], named: bool,
                lookup: PersonLookup | None) -> tuple[Person, Prefill]:
    """A person our registry lacks: named by ГБД ФЛ when it holds them, else by the adder."""
    facts, error = prefill_rules.ask_gbdfl(iin, lookup)
    if facts is None:
        prefill = Prefill(GBDFL, prefill_rules.UNAVAILABLE if error else prefill_rules.NOT_FOUND, error,
                          missing=not named)
        if not named:
            raise RuleViolation(prefill_rules.explain(_name_needed(), prefill))
        last, first, middle = ((value or "").strip()[:100] or None for value in typed)
    else:
        prefill = prefill_rules.name_outcome(facts, *typed)
        last, first, middle = facts.last_name, facts.first_name, facts.middle_name
    person = Person(iin=iin, last_name=last, first_name=first, middle_name=middle,
                    search_name=search_key(last, first, middle), birth_date=check.birth_date, sex=check.sex,
                    tenant_id=commission.tenant_id)
    if facts is not None:
        prefill_rules.take_person_facts(person, facts)
    db.session.add(person)
    db.session.flush()
    return person, prefill


def _name_needed() -> str:
    return _("Enter the person's last and first name as in their identity document.")


def _same_name(person: Person, new: NewMember) -> bool:
    def folded(value: str | None) -> str:
        return " ".join((value or "").split()).casefold()

    return (bool(folded(new.last_name)) and folded(new.last_name) == folded(person.last_name)
            and folded(new.first_name) == folded(person.first_name))


def remove_member(member: CommissionMember, reason: str | None) -> None:
    commission = member.commission
    if commission.period.is_frozen and not is_amending():
        raise RuleViolation(frozen_message())
    if member.removed_on is not None:
        raise RuleViolation(_("This member has already left the commission."))
    if review_started(commission) and not (reason or "").strip():
        raise RuleViolation(_("Review has started: give the reason for changing the composition."))
    member.removed_on = utcnow()
    member.change_reason = (reason or "").strip() or member.change_reason
    _notify_member(member, "member_removed")
    from app.attestation.protocols import settle_after_removal

    db.session.flush()
    settle_after_removal(commission.id)


def composition_problems(commission: Commission) -> list[str]:
    """What keeps the commission from starting review (chair, secretary, minimum voting members)."""
    parameters = parameters_of(commission.period)
    members = active_members(commission)
    problems = []
    if not any(m.role == CHAIR for m in members):
        problems.append(_("The commission has no chair."))
    if not any(m.role == SECRETARY for m in members):
        problems.append(_("The commission has no secretary."))
    voting = sum(1 for m in members if m.role in VOTING_ROLES)
    minimum = int(parameters.get("commission_min_voting", DEFAULT_PARAMETERS["commission_min_voting"]))
    if voting < minimum:
        problems.append(_("The commission has %(n)d voting members (the chair included); at least %(min)d are needed.",
                          n=voting, min=minimum))
    return problems


def _notify_member(member: CommissionMember, kind: str) -> None:
    from app.notifications import notify, users_of_persons

    users = users_of_persons([member.person_id])
    if users:
        notify(users.values(), kind, {"commission": member.commission.name, "role": member.role},
               link=f"/commissions/show/{member.commission_id}")

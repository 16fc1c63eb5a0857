"""Each step of an application: check who may act (the transition table and the actor's relation
to the application), check the rules, change state, record the event (the timeline; the audit
trail records the row changes itself), and notify those concerned after the commit.

Operations change the session; the caller commits with ``app.jobs.commit_and_run()`` (so e-mails
and jobs leave only with a committed change) or rolls back on ``RuleViolation``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, literal, null, select, union_all
from sqlalchemy.orm import joinedload

from app.attestation import states
from app.attestation.commissions import active_members, composition_problems, level_for_category, parameters_of
from app.attestation.conflicts import ApplicantFacts, MemberFacts, conflicts
from app.attestation.decision import DecisionRefused, Vote, decide
from app.attestation.messages import conflict_message, decision_refusal_message, refusal_message
from app.attestation.periods import OPEN, frozen_message
from app.errors import RuleViolation
from app.extensions import db
from app.i18n import _
from app.scoring.defaults import CATEGORIES, DEFAULT_PARAMETERS
from models.attestation import Application, ApplicationEvent, Review
from models.base import utcnow
from models.commission import CHAIR, SECRETARY, VOTING_ROLES, Commission, CommissionMember
from models.directories import AttestationPeriod
from models.person import Person
from tenants.scope import Scope, commissions_for_applying


class Refused(RuleViolation):
    """A step refused for one or more reasons, each a sentence in the user's language."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(" ".join(messages))
        self.messages = messages


def today() -> dt.date:
    """Dates of the workflow are the country's dates (DISPLAY_TIMEZONE; deadlines in calendar days)."""
    from app.web.display import local_today

    return local_today()


# Who is acting ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Actor:
    user_id: int | None
    name: str | None
    person_id: int | None
    scope: Scope
    #: may write applications (Application write permission)
    writes_applications: bool = False


#: relations(): the membership is not known yet, look it up
UNKNOWN_MEMBERSHIP: Any = object()


def relations(actor: Actor, application: Application, member: CommissionMember | None = UNKNOWN_MEMBERSHIP) -> set[str]:
    """The actor's relations to the application (states.APPLICANT, SECRETARY, CHAIR, MEMBER).

    A page that has the actor's membership already passes it (one query less per page)."""
    found: set[str] = set()
    if actor.person_id is not None and actor.person_id == application.person_id:
        found.add(states.APPLICANT)
    elif (actor.writes_applications and actor.scope.level == "organization"
          and actor.scope.tenant_id == application.tenant_id and not actor.scope.self_only):
        # the director or the responsible person acting for a teacher of their organization
        found.add(states.APPLICANT)
    if member is UNKNOWN_MEMBERSHIP:
        member = membership(actor, application.commission_id)
    if member is not None and member.person_id != application.person_id:
        if member.role == SECRETARY:
            found.add(states.SECRETARY)
        if member.role == CHAIR:
            found |= {states.CHAIR, states.MEMBER}
        if member.role in VOTING_ROLES:
            found.add(states.MEMBER)
    return found


def membership(actor: Actor, commission_id: int | None) -> CommissionMember | None:
    if actor.person_id is None or commission_id is None:
        return None
    return db.session.execute(
        select(CommissionMember).where(CommissionMember.commission_id == commission_id,
                                       CommissionMember.person_id == actor.person_id,
                                       CommissionMember.removed_on.is_(None))
    ).scalars().first()


def _step(application: Application, actor: Actor, action: str, reason: str | None = None) -> states.Transition:
    if application.period is not None and application.period.is_frozen:
        raise Refused([frozen_message()])
    try:
        found = states.transition(application.state, action, relations(actor, application))
    except states.TransitionRefused as exc:
        raise Refused([refusal_message(exc.code, exc.action, exc.state)]) from None
    if found.needs_reason and not (reason or "").strip():
        raise Refused([_("Give the reason.")])
    return found


def _move(application: Application, actor: Actor, found: states.Transition, reason: str | None = None) -> None:
    before = application.state
    application.state = found.target
    if reason is not None:
        application.state_reason = reason.strip()[:4000] or None
    db.session.add(ApplicationEvent(application=application, tenant_id=application.tenant_id, action=found.action,
                                    from_state=before, to_state=found.target, actor_id=actor.user_id,
                                    actor_name=actor.name, reason=(reason or "").strip()[:4000] or None))


# Drafting ------------------------------------------------------------------------------------
WORD = re.compile(r"[\w'’-]+", re.UNICODE)


def count_words(text: str | None) -> int:
    return len(WORD.findall(text or ""))


@dataclass
class Draft:
    requested_category: str
    mode: str
    commission_id: int | None
    test_language: str
    essay: str | None


def open_period(session=None) -> AttestationPeriod | None:
    session = session or db.session
    return session.execute(
        select(AttestationPeriod).where(AttestationPeriod.state == OPEN)
        .options(joinedload(AttestationPeriod.rule_set))
        .order_by(AttestationPeriod.applications_open_on.desc(), AttestationPeriod.id.desc())
    ).scalars().first()


def _check_draft(person: Person, period: AttestationPeriod, draft: Draft) -> Commission | None:
    problems = []
    if draft.requested_category not in CATEGORIES[1:]:
        problems.append(_("Choose the category you apply for."))
    if draft.mode not in ("assign", "confirm"):
        problems.append(_("Choose assignment or confirmation."))
    if draft.test_language not in ("kk", "ru"):
        problems.append(_("Choose the test language: Kazakh or Russian."))
    if draft.essay is not None and len(draft.essay) > 20_000:
        problems.append(_("The essay is too long."))
    commission = None
    if draft.commission_id is not None:
        commission = db.session.execute(
            commissions_for_applying(person.tenant, period.id).where(Commission.id == draft.commission_id)
        ).scalar_one_or_none()
        if commission is None:
            problems.append(_("Choose a commission among those available to you."))
        elif draft.requested_category in CATEGORIES[1:]:
            wanted = level_for_category(draft.requested_category, parameters_of(period))
            if commission.level != wanted:
                problems.append(_("This category is attested by a commission of another level; choose one of the right level."))
    if problems:
        raise Refused(problems)
    return commission


def create_application(actor: Actor, person: Person, draft: Draft) -> Application:
    """A draft application of ``person`` in the open period (the teacher, or their organization's staff)."""
    period = open_period()
    if period is None:
        raise Refused([_("No attestation period is open.")])
    if period.is_frozen:
        raise Refused([frozen_message()])
    probe = Application(person_id=person.id, tenant_id=person.tenant_id, state=states.DRAFT)
    if states.APPLICANT not in relations(actor, probe):
        raise Refused([_("You can apply for yourself, or for a teacher of your organization.")])
    commission = _check_draft(person, period, draft)
    from app.scoring.snapshot import category_code, position_kind

    application = Application(
        person=person, tenant_id=person.tenant_id, period=period, commission=commission,
        requested_category=draft.requested_category, mode=draft.mode, test_language=draft.test_language,
        essay=(draft.essay or "").strip() or None, essay_words=count_words(draft.essay),
        current_category=category_code(person.category), position_kind=position_kind(person.position),
        state=states.DRAFT, created_by_id=actor.user_id,
    )
    db.session.add(application)
    db.session.add(ApplicationEvent(application=application, tenant_id=person.tenant_id, action="create",
                                    from_state=None, to_state=states.DRAFT, actor_id=actor.user_id,
                                    actor_name=actor.name))
    return application


def update_draft(actor: Actor, application: Application, draft: Draft) -> None:
    if application.period.is_frozen:
        raise Refused([frozen_message()])
    if application.state != states.DRAFT:
        raise Refused([_("Only a draft can be changed; a submitted application is frozen.")])
    if states.APPLICANT not in relations(actor, application):
        raise Refused([refusal_message("not_your_role")])
    commission = _check_draft(application.person, application.period, draft)
    application.requested_category, application.mode = draft.requested_category, draft.mode
    application.commission, application.test_language = commission, draft.test_language
    application.essay = (draft.essay or "").strip() or None
    application.essay_words = count_words(draft.essay)


# Eligibility from the database -----------------------------------------------------------------
def eligibility_case(application: Application, as_of: dt.date):
    """The eligibility case (app.attestation.eligibility) of an application, from the teacher's records."""
    return person_case(application.person, application.period, application.requested_category, application.mode,
                       as_of, exclude_application_id=application.id, current_category=application.current_category,
                       position=application.position_kind)


def person_case(person: Person, period: AttestationPeriod, requested: str, mode: str, as_of: dt.date, *,
                exclude_application_id: int | None = None, current_category: str | None = None,
                position: str | None = None):
    """The eligibility case of a teacher asking for ``requested`` by ``mode`` in ``period`` (before
    or after an application exists): five statements, whatever is asked."""
    from app.attestation.eligibility import EligibilityCase, Window
    from app.portfolio.experience import experience_days
    from app.scoring.snapshot import category_code, position_kind
    from models.career import CategoryRecord, Employment, ExperienceCredit, OzpResult

    pid = person.id
    current = current_category or category_code(person.category)
    # one statement for the five facts: (kind, first date, second date, number)
    facts = [
        select(literal("job"), Employment.starts_on, Employment.ends_on, literal(0))
        .where(Employment.person_id == pid, Employment.is_pedagogical),
        select(literal("credit"), null(), null(), ExperienceCredit.days).where(ExperienceCredit.person_id == pid),
        select(literal("ban"), OzpResult.taken_on, null(), literal(0))
        .where(OzpResult.person_id == pid, OzpResult.violation_act.is_not(None)),
        select(literal("others"), null(), null(), func.count(Application.id)).where(
            Application.person_id == pid, Application.period_id == period.id, Application.state != states.WITHDRAWN,
            Application.id != (exclude_application_id or -1)),
    ]
    if current != "teacher" and person.category_id is not None:
        facts.append(select(literal("since"), func.max(CategoryRecord.assigned_on), null(), literal(0))
                     .where(CategoryRecord.person_id == pid, CategoryRecord.category_id == person.category_id))
    rows = db.session.execute(union_all(*facts)).all()
    employments = [(r[1], r[2]) for r in rows if r[0] == "job"]
    credits = [int(r[3] or 0) for r in rows if r[0] == "credit"]
    violations = [r[1] for r in rows if r[0] == "ban"]
    others = sum(int(r[3] or 0) for r in rows if r[0] == "others")
    since = next((r[1] for r in rows if r[0] == "since"), None)
    days = experience_days(employments, credits, today=as_of)
    education = person.tenant.education_level.code if person.tenant and person.tenant.education_level else None
    return EligibilityCase(
        position=position or position_kind(person.position), education_level=education,
        current_category=current, current_category_since=since,
        requested_category=requested, mode=mode,
        experience_years=round(days / 365.25, 2), as_of=as_of, ozp_violations=sorted(violations), extensions=[],
        applications_this_period=others,
        window=Window(period.applications_open_on, period.applications_close_on),
    )


@dataclass(frozen=True)
class ApplyOption:
    """One (category, mode) a teacher could ask for, and every reason they may not (empty: eligible)."""

    category: str
    mode: str
    reasons: list


def apply_options(person: Person, period: AttestationPeriod, as_of: dt.date) -> list[ApplyOption]:
    """Every category and mode the teacher could ask for in ``period``, each with its eligibility: the
    records are read once, the rule (pure) is run per option."""
    from dataclasses import replace

    from app.attestation.eligibility import check

    base = person_case(person, period, CATEGORIES[1], "assign", as_of)
    parameters = parameters_of(period)
    options = []
    for category in CATEGORIES[1:]:
        for mode in ("assign", "confirm"):
            result = check(replace(base, requested_category=category, mode=mode), parameters)
            options.append(ApplyOption(category, mode, list(result.reasons)))
    return options


def check_eligibility(application: Application, as_of: dt.date):
    from app.attestation.eligibility import check

    return check(eligibility_case(application, as_of), parameters_of(application.period))


def documents_of(application: Application):
    """The required documents and which of them the profile holds (live: for a draft)."""
    from app.attestation.documents import document_facts, documents_status

    return documents_status(document_facts(application), application.current_category,
                            parameters_of(application.period))


# The steps -----------------------------------------------------------------------------------
def submit(actor: Actor, application: Application) -> None:
    """Check eligibility (every reason), the commission and the essay; freeze the profile; send it."""
    found = _step(application, actor, "submit")
    from app.attestation.eligibility_messages import reason_message

    day = today()
    result = check_eligibility(application, day)
    problems = [reason_message(r) for r in result.reasons]
    parameters = parameters_of(application.period)
    words = parameters.get("essay_words", DEFAULT_PARAMETERS["essay_words"])
    application.essay_words = count_words(application.essay)
    if not words["min"] <= application.essay_words <= words["max"]:
        problems.append(_("The essay has %(n)d words; it must have from %(min)d to %(max)d.",
                          n=application.essay_words, min=words["min"], max=words["max"]))
    if application.commission is None:
        problems.append(_("Choose a commission."))
    else:
        _check_draft(application.person, application.period, Draft(application.requested_category, application.mode,
                                                                   application.commission_id, application.test_language,
                                                                   application.essay))
        chair = next((m for m in active_members(application.commission) if m.role == CHAIR), None)
        if chair is not None and chair.person_id == application.person_id:
            problems.append(_("You chair this commission: apply to another one."))
    if problems:
        raise Refused(problems)
    application.eligibility = {**result.as_dict(), "documents": [d.as_dict() for d in documents_of(application)]}
    freeze(application, day)
    application.submitted_on = utcnow()
    application.review_due_on = day + dt.timedelta(days=application.period.review_days or parameters["review_days"])
    _move(application, actor, found)
    commission = application.commission
    recipients = [m.person_id for m in active_members(commission) if m.role in (CHAIR, SECRETARY)]
    _notify_persons(recipients, "application_submitted", application, extra_users=_directors(application))


def freeze(application: Application, as_of: dt.date) -> None:
    """The digital profile as the engine reads it, frozen with its explained score."""
    from app.portfolio.profile import load_profile
    from app.scoring.cases import CaseError, read_case
    from app.scoring.engine import score
    from app.scoring.rulesets import as_data
    from app.scoring.snapshot import build_case
    from tenants.scope import Scope, use_scope

    # the applicant's own records, read whoever submits (the teacher or their director)
    with use_scope(Scope.everything()):
        profile = load_profile(application.person_id)
    rules = as_data(application.period.rule_set)
    case = build_case(profile, as_of, application.requested_category, application.mode,
                      period_years=rules.parameters.get("attestation_period_years"),
                      commission_levels=rules.parameters.get("commission_levels"))
    case["rule_set"] = rules.name
    application.snapshot = case
    try:
        parsed, _name = read_case(case)
    except CaseError:
        application.score = None
        return
    application.score = score(parsed, rules)


def accept(actor: Actor, application: Application) -> None:
    found = _step(application, actor, "accept")
    _move(application, actor, found)
    _notify_persons([application.person_id], "application_accepted", application,
                    due_on=application.review_due_on.isoformat() if application.review_due_on else None)


def return_(actor: Actor, application: Application, reason: str) -> None:
    found = _step(application, actor, "return", reason)
    _move(application, actor, found, reason)
    _notify_persons([application.person_id], "application_returned", application, reason=reason.strip()[:500])


def redraft(actor: Actor, application: Application) -> None:
    found = _step(application, actor, "redraft")
    application.snapshot = application.score = application.eligibility = None
    _move(application, actor, found)


def withdraw(actor: Actor, application: Application, reason: str | None = None) -> None:
    found = _step(application, actor, "withdraw", reason)
    was = application.state
    _move(application, actor, found, reason)
    if was not in (states.DRAFT, states.RETURNED) and application.commission is not None:
        recipients = [m.person_id for m in active_members(application.commission) if m.role in (CHAIR, SECRETARY)]
        _notify_persons(recipients, "application_withdrawn", application)


def eligible_voters(application: Application) -> tuple[list[CommissionMember], dict[int, list[str]]]:
    """Voting members without a conflict with the applicant, and the conflicts of the others."""
    commission = application.commission
    parameters = parameters_of(application.period)
    applicant = ApplicantFacts(application.person_id, application.tenant_id, application.position_kind)
    voters, conflicted = [], {}
    for member in active_members(commission):
        if member.role not in VOTING_ROLES:
            continue
        found = conflicts(MemberFacts(member.person_id, member.organization_id), applicant, commission.level, parameters)
        if found:
            conflicted[member.id] = found
        else:
            voters.append(member)
    return voters, conflicted


def start_review(actor: Actor, application: Application) -> None:
    """Send the application to the voting members: each gets a review to fill."""
    found = _step(application, actor, "start_review")
    problems = composition_problems(application.commission)
    voters, _conflicted = eligible_voters(application)
    if not voters:
        problems.append(_("No voting member of the commission is free of conflicts with this applicant."))
    if problems:
        raise Refused(problems)
    existing = {r.member_id for r in application.reviews}
    for member in voters:
        if member.id not in existing:
            db.session.add(Review(application=application, commission_id=application.commission_id,
                                  tenant_id=application.tenant_id, member=member))
    _move(application, actor, found)
    _notify_persons([m.person_id for m in voters], "review_requested", application,
                    due_on=application.review_due_on.isoformat() if application.review_due_on else None)


def vote(actor: Actor, application: Application, corresponds: bool, comment: str | None) -> Review:
    """A voting member's vote on the frozen portfolio; a member in conflict never votes."""
    if application.period.is_frozen:
        raise Refused([frozen_message()])
    if application.state != states.UNDER_REVIEW:
        raise Refused([_("Votes are recorded while the application is under review.")])
    member = membership(actor, application.commission_id)
    if member is None or member.role not in VOTING_ROLES:
        raise Refused([_("Only the chair and the members of this commission vote.")])
    applicant = ApplicantFacts(application.person_id, application.tenant_id, application.position_kind)
    found = conflicts(MemberFacts(member.person_id, member.organization_id), applicant, application.commission.level,
                      parameters_of(application.period))
    if found:
        raise Refused([_("You cannot vote on this application: %(why)s.", why=conflict_message(found[0]))])
    review = next((r for r in application.reviews if r.member_id == member.id), None)
    if review is None:
        review = Review(application=application, commission_id=application.commission_id,
                        tenant_id=application.tenant_id, member=member)
        db.session.add(review)
    review.corresponds = bool(corresponds)
    review.comment = (comment or "").strip()[:4000] or None
    review.voted_on = utcnow()
    review.opened_on = review.opened_on or review.voted_on
    voters, _conflicted = eligible_voters(application)
    voted = {r.member_id for r in application.reviews if r.corresponds is not None} | {member.id}
    if all(m.id in voted for m in voters):
        recipients = [m.person_id for m in active_members(application.commission) if m.role in (CHAIR, SECRETARY)]
        _notify_persons(recipients, "votes_complete", application)
    return review


def _votes(application: Application) -> tuple[list[Vote], int]:
    voters, _conflicted = eligible_voters(application)
    ids = {m.id for m in voters}
    votes = [Vote(r.member_id, r.member.role == CHAIR, r.corresponds) for r in application.reviews if r.member_id in ids]
    return votes, len(voters)


def complete_review(actor: Actor, application: Application) -> None:
    found = _step(application, actor, "complete_review")
    from app.attestation.decision import tally

    votes, voting = _votes(application)
    counted = tally(votes, voting, parameters_of(application.period))
    if not counted.quorum_met:
        numerator, denominator = (parameters_of(application.period)["quorum"][k] for k in ("numerator", "denominator"))
        raise Refused([decision_refusal_message("no_quorum", {"voted": counted.voted, "voting": voting,
                                                              "needed": -(-voting * numerator // denominator)})])
    _move(application, actor, found)


def decide_application(actor: Actor, application: Application, corresponds: bool, comment: str | None) -> None:
    """The chair's decision, then the final decision by formula, stored with its reasons."""
    found = _step(application, actor, "decide")
    votes, voting = _votes(application)
    score = application.score or {}
    try:
        decision = decide(score, votes, voting, bool(corresponds), parameters_of(application.period),
                          mode=application.mode, requested_category=application.requested_category,
                          current_category=application.current_category, chair_reason=comment)
    except DecisionRefused as exc:
        raise Refused([decision_refusal_message(exc.code, exc.params)]) from None
    application.chair_corresponds = bool(corresponds)
    application.chair_comment = (comment or "").strip()[:4000] or None
    application.decision = decision.as_dict()
    application.flagged = decision.flagged
    application.outcome, application.awarded_category = decision.outcome, decision.awarded_category
    application.decided_on = utcnow()
    _move(application, actor, found)
    secretary = [m.person_id for m in active_members(application.commission) if m.role == SECRETARY]
    _notify_persons([application.person_id, *secretary], "application_decided", application,
                    extra_users=_directors(application), outcome=decision.outcome,
                    awarded_category=decision.awarded_category)


#: the steps a page or the API takes by name (vote and decide carry a choice: their own calls)
STEPS = {
    "submit": lambda actor, a, reason: submit(actor, a),
    "accept": lambda actor, a, reason: accept(actor, a),
    "return": lambda actor, a, reason: return_(actor, a, reason or ""),
    "redraft": lambda actor, a, reason: redraft(actor, a),
    "start_review": lambda actor, a, reason: start_review(actor, a),
    "complete_review": lambda actor, a, reason: complete_review(actor, a),
    "withdraw": lambda actor, a, reason: withdraw(actor, a, reason),
}


def take_step(actor: Actor, application: Application, action: str, reason: str | None = None) -> None:
    """One named step (STEPS); an unknown name is refused like a step from the wrong state."""
    step = STEPS.get(action)
    if step is None:
        raise Refused([refusal_message("not_allowed_from_state", action, application.state)])
    step(actor, application, reason)


# Notifications -------------------------------------------------------------------------------
def _directors(application: Application) -> list[int]:
    """Users heading the applicant's organization (role OrgHead at that node)."""
    from flask_appbuilder.security.sqla.models import Role, assoc_user_role

    from app.security.models import User

    rows = db.session.execute(
        select(User.id).join(assoc_user_role, assoc_user_role.c.user_id == User.id)
        .join(Role, Role.id == assoc_user_role.c.role_id)
        .where(User.tenant_id == application.tenant_id, Role.name == "OrgHead", User.active)
    ).scalars().all()
    return list(rows)


def _notify_persons(person_ids: list[int], kind: str, application: Application, extra_users: list[int] | None = None,
                    **params) -> None:
    from app.notifications import notify, users_of_persons

    users = set(users_of_persons([p for p in person_ids if p is not None]).values()) | set(extra_users or [])
    if not users:
        return
    base = {"application_id": application.id, "teacher": str(application.person) if application.person else "",
            "requested_category": application.requested_category, "mode": application.mode}
    notify(sorted(users), kind, {**base, **{k: v for k, v in params.items() if v is not None}},
           link=f"/applications/show/{application.id}")


def actor_for(user) -> Actor:
    """The acting user of a request or a job."""
    from flask import current_app, has_request_context

    from tenants.scope import current_scope

    writes = False
    if has_request_context() and getattr(user, "is_authenticated", False):
        writes = current_app.appbuilder.sm.has_access("can_write", "Application")
    name = " ".join(p for p in (getattr(user, "first_name", None), getattr(user, "last_name", None)) if p) or None
    return Actor(user_id=getattr(user, "id", None), name=name, person_id=getattr(user, "person_id", None),
                 scope=current_scope(), writes_applications=writes)


__all__ = ["STEPS", "take_step", "Actor", "Draft", "Refused", "accept", "actor_for", "check_eligibility", "complete_review",
           "count_words", "create_application", "decide_application", "eligible_voters", "freeze", "open_period",
           "redraft", "relations", "return_", "start_review", "submit", "today", "update_draft", "vote", "withdraw"]

"""Demo attestation: the previous period (closed) and the open one — the academic year that
contains the day the demo is built, never a fixed year — with commissions at all four levels, the
logins `chair`, `secretary` and `commission` on the district commission of `district`, and
applications in every state and with each outcome. The demo `teacher` has no application in the
open period and may apply, so the journey can be walked."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from app.attestation import states
from app.attestation.decision import Vote, decide
from app.attestation.operations import count_words, freeze, today
from models.attestation import Application, ApplicationEvent, Review
from models.base import utcnow
from models.commission import CHAIR, MEMBER, SECRETARY, Commission, CommissionMember
from models.criteria import RuleSet
from models.directories import AcademicYear, AttestationPeriod, QualificationCategory
from models.person import Person
from tenants.models import Tenant

ESSAY = " ".join(
    ["Мен өз жұмысымда оқушылардың функционалдық сауаттылығын дамытуға, зерттеушілік дағдыларын қалыптастыруға",
     "және әр баланың жеке қабілетін ескеруге көп көңіл бөлемін."] * 1
)


def demo_essay(words: int = 270) -> str:
    base = ESSAY.split()
    return " ".join(base[i % len(base)] for i in range(words))


def academic_year_start(day: dt.date) -> int:
    return day.year if day.month >= 9 else day.year - 1


def _year(session, start: int) -> AcademicYear:
    code = f"{start}-{start + 1}"
    year = session.execute(select(AcademicYear).where(AcademicYear.code == code)).scalar_one_or_none()
    if year is None:
        year = AcademicYear(code=code, name_kk=f"{code} оқу жылы", name_ru=f"{code} учебный год",
                            name_en=f"Academic year {code}", starts_on=dt.date(start, 9, 1),
                            ends_on=dt.date(start + 1, 8, 31), sort_order=start)
        session.add(year)
        session.flush()
    return year


def seed_periods(session, day: dt.date) -> tuple[AttestationPeriod, AttestationPeriod]:
    rule_set = session.execute(select(RuleSet).where(RuleSet.status == "published")
                               .order_by(RuleSet.effective_from.desc())).scalars().first()
    start = academic_year_start(day)
    periods = []
    for year_start, state in ((start - 1, "closed"), (start, "open")):
        year = _year(session, year_start)
        closes = dt.date(year_start, 12, 31)
        if state == "open" and day > closes:  # a demo built after December still has an open window
            closes = min(year.ends_on, day + dt.timedelta(days=60))
        period = AttestationPeriod(
            code=f"attestation-{year_start}", academic_year=year, rule_set=rule_set, state=state,
            name_kk=f"{year_start}–{year_start + 1} аттестаттау кезеңі", name_ru=f"Аттестация {year_start}–{year_start + 1}",
            name_en=f"Attestation {year_start}–{year_start + 1}", applications_open_on=dt.date(year_start, 9, 1),
            applications_close_on=closes, commissions_formed_by=dt.date(year_start, 9, 10),
            decisions_by=dt.date(year_start + 1, 5, 31), sort_order=year_start,
            stage_order="application,ozp,portfolio" if year_start >= 2025 else "ozp,application,portfolio",
        )
        session.add(period)
        periods.append(period)
    session.flush()
    return periods[0], periods[1]


COMMISSIONS = [
    ("republic", "Республикалық аттестаттау комиссиясы"),
    ("region_a", "Облыстық аттестаттау комиссиясы"),
    ("district_a1", "Аудандық аттестаттау комиссиясы"),
    ("school_a1", "Мектептің аттестаттау комиссиясы"),
]


def seed_attestation(session, rng: random.Random, named: dict[str, Tenant], persons: list[Person],
                     users: dict) -> dict[str, int]:
    day = today()
    _closed, period = seed_periods(session, day)
    by_org: dict[int, list[Person]] = {}
    for person in persons:
        by_org.setdefault(person.tenant_id, []).append(person)
    teacher_user = users["teacher"]
    demo_teacher_id = teacher_user.person_id
    used: set[int] = {demo_teacher_id}

    def pick(tenant: Tenant, count: int, exclude_org: int | None = None) -> list[Person]:
        pool = [p for p in persons if p.tenant.path.startswith(tenant.path) and p.id not in used
                and p.tenant_id != exclude_org]
        chosen = pool[:count]
        used.update(p.id for p in chosen)
        return chosen

    commissions = {}
    for key, name in COMMISSIONS:
        tenant = named[key]
        commission = Commission(name=name, tenant=tenant, tenant_id=tenant.id, period=period, level=tenant.level,
                                language="kk")
        session.add(commission)
        exclude = named["school_a1"].id if key == "district_a1" else None
        people = pick(tenant, 6, exclude_org=exclude)
        roles = [CHAIR, SECRETARY, MEMBER, MEMBER, MEMBER, MEMBER]
        for person, role in zip(people, roles, strict=False):
            session.add(CommissionMember(commission=commission, tenant_id=tenant.id, person=person, role=role,
                                         organization_id=person.tenant_id))
        commissions[key] = (commission, people)
    session.flush()
    # the district commission's logins: chair, secretary and a voting member
    district_commission, people = commissions["district_a1"]
    for username, person in (("chair", people[0]), ("secretary", people[1]), ("commission", people[2])):
        users[username].person = person
        users[username].first_name, users[username].last_name = person.first_name, person.last_name
    session.flush()
    seeded = _seed_applications(session, rng, named, persons, period, district_commission, people, used)
    # a session already through its documents: a signed protocol, its order and the certificates
    signed = _seed_applications(session, rng, named, persons, period, district_commission, people, used,
                                rows=DEMO_SIGNED_SESSION)
    session.flush()
    from app.demo_documents import seed_documents

    documents = seed_documents(session, district_commission, signed, users)
    return {"commissions": len(commissions), "applications": len(seeded) + len(signed), **documents}


#: (state, mode, current, requested, outcome wanted or None, chair corresponds)
DEMO_APPLICATIONS = [
    (states.DRAFT, "assign", "moderator", "expert", None, None),
    (states.SUBMITTED, "assign", "moderator", "expert", None, None),
    (states.ACCEPTED, "assign", "moderator", "expert", None, None),
    (states.RETURNED, "assign", "moderator", "expert", None, None),
    (states.UNDER_REVIEW, "assign", "moderator", "expert", None, None),
    (states.UNDER_REVIEW, "confirm", "expert", "expert", None, None),
    (states.REVIEWED, "assign", "moderator", "expert", None, None),
    (states.DECIDED, "assign", "moderator", "expert", "assigned", True),
    (states.DECIDED, "confirm", "expert", "expert", "confirmed", True),
    (states.DECIDED, "confirm", "expert", "expert", "lowered", False),
    (states.DECIDED, "assign", "moderator", "expert", "not_assigned", False),
    (states.WITHDRAWN, "assign", "moderator", "expert", None, None),
]
#: the applications of the demo's signed protocol (the rows above stay decided, for forming one live)
DEMO_SIGNED_SESSION = [
    (states.DECIDED, "assign", "moderator", "expert", "assigned", True),
    (states.DECIDED, "confirm", "expert", "expert", "confirmed", True),
    (states.DECIDED, "assign", "moderator", "expert", "not_assigned", False),
]
PATH = {
    states.DRAFT: [], states.SUBMITTED: ["submit"], states.ACCEPTED: ["submit", "accept"],
    states.RETURNED: ["submit", "return"], states.UNDER_REVIEW: ["submit", "accept", "start_review"],
    states.REVIEWED: ["submit", "accept", "start_review", "complete_review"],
    states.DECIDED: ["submit", "accept", "start_review", "complete_review", "decide"],
    states.WITHDRAWN: ["submit", "withdraw"],
}


def _complete_snapshot(application: Application, rules, as_of: dt.date) -> None:
    """Demo evidence for an applicant who is to pass: the frozen case gets a complete expert-level
    portfolio and the engine scores that case (the stored result is the engine's, not written by hand)."""
    from app.scoring.cases import read_case
    from app.scoring.engine import score

    case = dict(application.snapshot)
    school_year = dt.date(as_of.year if as_of.month >= 9 else as_of.year - 1, 9, 1)
    lessons = [{"lesson": f"demo:{i}:{i}", "date": (school_year + dt.timedelta(days=7 * i + 3)).isoformat(),
                "observer": 1000 + i, "external": i == 0, "percent": 82.0} for i in range(5)]
    level = {"id": 1, "level": "district"}
    case["ozp_percent"] = 84.0
    case["experience_years"] = max(float(case.get("experience_years") or 0), 6.0)
    case["profile"] = {
        **case["profile"],
        "knowledge_quality": [{"id": i, "year": school_year.year - i, "quality_percent": 60.0 + i} for i in range(3)],
        "knowledge_analysis": True, "observations": lessons,
        "student_contests": [{**level, "winner": True}], "teacher_contests": [{**level, "winner": False}],
        "methodical_materials": [level], "speeches": [level], "working_groups": [level],
        "courses": [{"id": 1, "program": "demo-72", "hours": 72, "in_profile": True}],
    }
    application.snapshot = case
    parsed, _name = read_case(case)
    application.score = score(parsed, rules)


def _seed_applications(session, rng, named, persons, period, commission, members, used,
                       rows=None) -> list[Application]:
    from app.scoring.snapshot import position_kind

    categories = {c.code: c for c in session.execute(select(QualificationCategory)).scalars()}
    district = named["district_a1"]
    applicants = [p for p in persons if p.tenant.path.startswith(district.path) and p.id not in used
                  and p.tenant_id not in {m.tenant_id for m in members}]
    voting = [m for m in commission.members if m.role in (CHAIR, MEMBER)]
    parameters = period.rule_set.parameters or {}
    now = utcnow()
    pool = iter(applicants)
    from app.scoring.rulesets import as_data

    rules = as_data(period.rule_set)
    seeded = []
    for state, mode, current, requested, outcome, corresponds in rows or DEMO_APPLICATIONS:
        submitted = now - dt.timedelta(days=40)
        application = None
        person = next(pool)
        used.add(person.id)
        person.category = categories[current]
        application = Application(
            person=person, tenant_id=person.tenant_id, period=period, commission=commission, state=states.DRAFT,
            requested_category=requested, mode=mode, current_category=current,
            test_language=rng.choice(["kk", "ru"]), position_kind=position_kind(person.position),
            essay=demo_essay(), essay_words=count_words(demo_essay()),
        )
        session.add(application)
        session.flush()
        if state != states.DRAFT:
            from app.attestation.operations import documents_of

            application.eligibility = {"documents": [d.as_dict() for d in documents_of(application)]}
            freeze(application, submitted.date())
            if outcome in ("assigned", "confirmed"):
                _complete_snapshot(application, rules, submitted.date())
        if state != states.DRAFT:
            application.submitted_on = submitted
            application.review_due_on = submitted.date() + dt.timedelta(days=period.review_days)
        previous = None
        for action in ["create", *PATH[state]]:
            target = {"create": states.DRAFT, "submit": states.SUBMITTED, "accept": states.ACCEPTED,
                      "return": states.RETURNED, "start_review": states.UNDER_REVIEW,
                      "complete_review": states.REVIEWED, "decide": states.DECIDED,
                      "withdraw": states.WITHDRAWN}[action]
            reason = {"return": "Эссе толық емес: қайта қарап, жіберіңіз.",
                      "withdraw": "Келесі жылы тапсырамын."}.get(action)
            session.add(ApplicationEvent(application=application, tenant_id=application.tenant_id, action=action,
                                         from_state=previous, to_state=target, reason=reason, actor_name="Demo"))
            previous = target
            if reason:
                application.state_reason = reason
        application.state = state
        if state in (states.UNDER_REVIEW, states.REVIEWED, states.DECIDED):
            votes = []
            for position, member in enumerate(voting):
                vote = None
                if state != states.UNDER_REVIEW or position < 2:
                    vote = corresponds if corresponds is not None and position < 4 else (position % 3 != 2)
                session.add(Review(application=application, commission_id=commission.id, tenant_id=person.tenant_id,
                                   member=member, corresponds=vote, voted_on=now if vote is not None else None,
                                   opened_on=now if vote is not None else None))
                votes.append(Vote(member.id, member.role == CHAIR, vote))
            if state == states.DECIDED:
                decision = decide(application.score or {}, votes, len(voting), bool(corresponds), parameters, mode=mode,
                                  requested_category=requested, current_category=current)
                application.decision = decision.as_dict()
                application.outcome, application.awarded_category = decision.outcome, decision.awarded_category
                application.chair_corresponds, application.flagged = bool(corresponds), decision.flagged
                application.decided_on = now
        seeded.append(application)
    return seeded

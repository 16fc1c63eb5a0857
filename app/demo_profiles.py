"""Demo digital profiles: registry data for every teacher, and portfolios for the teachers of a
few organizations — some complete for moderator, some for expert, some with gaps."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from models.career import CategoryRecord, Diploma, Employment, ExperienceCredit, OzpResult
from models.directories import AcademicYear, ApprovedContest, CourseProgram, EventLevel, PublicationVenue
from models.person import Person
from models.portfolio import (
    ClassManagement,
    Contest,
    ContestParticipant,
    Course,
    KnowledgeQuality,
    MethodicalMaterial,
    PracticeTransmission,
    Publication,
    Speech,
    WorkingGroup,
)

UNIVERSITIES = [
    "Ш. Уәлиханов атындағы Көкшетау университеті",
    "Е.А. Бөкетов атындағы Қарағанды университеті",
    "Абай атындағы Қазақ ұлттық педагогикалық университеті",
    "Л.Н. Гумилев атындағы Еуразия ұлттық университеті",
]
PROFILE_KINDS = ("moderator", "expert", "gaps", "researcher")


def seed_profiles(session, rng: random.Random, organizations: list, persons: list[Person]) -> int:
    levels = {x.code: x for x in session.execute(select(EventLevel)).scalars()}
    years = list(session.execute(select(AcademicYear).order_by(AcademicYear.starts_on)).scalars())
    contests = list(session.execute(select(ApprovedContest)).scalars())
    programs = list(session.execute(select(CourseProgram)).scalars())
    venues = list(session.execute(select(PublicationVenue)).scalars())
    count = 0
    for person in persons:
        started = dt.date(rng.randrange(1990, 2021), 9, 1)
        session.add(Employment(person=person, tenant_id=person.tenant_id, organization_id=person.tenant_id,
                               position=person.position, subject=person.subject, workload=1, starts_on=started,
                               is_main=True, source="nobd"))
        session.add(Diploma(person=person, tenant_id=person.tenant_id, institution=rng.choice(UNIVERSITIES),
                            specialty=str(person.subject or "Педагогика"), graduated_on=dt.date(started.year, 6, 25),
                            number=f"ЖБ-Б {rng.randrange(1000000, 9999999)}", source="mnvo"))
        count += 2
        if person.id % 9 == 0:
            session.add(ExperienceCredit(person=person, tenant_id=person.tenant_id, days=730,
                                         reason="2012–2014: әдістемелік кабинеттің әдіскері (бұйрық №45)"))
            count += 1
        if person.category and person.category.rank > 0:
            assigned = dt.date(rng.randrange(2021, 2025), 6, 30)
            session.add(CategoryRecord(person=person, tenant_id=person.tenant_id, category=person.category,
                                       assigned_on=assigned, valid_until=assigned.replace(year=assigned.year + 5),
                                       order_number=f"№{rng.randrange(10, 999)}-ж", source="nobd"))
            session.add(OzpResult(person=person, tenant_id=person.tenant_id, taken_on=assigned - dt.timedelta(days=120),
                                  language=rng.choice("kr") == "k" and "kk" or "ru", percent=rng.randrange(55, 95),
                                  source="uto"))
            count += 2
    featured = [o for o in organizations[:12] if o.education_level.code in ("secondary", "preschool", "special")]
    for org in featured:
        teachers = [p for p in persons if p.tenant_id == org.id]
        student_contest = Contest(kind="students", tenant_id=org.id, approved_contest=contests[0],
                                  event_level=levels["district"], held_on=dt.date(2025, 3, 14), academic_year=years[0])
        teacher_contest = Contest(kind="teachers", tenant_id=org.id, other_name="«Жыл мұғалімі» аудандық конкурсы",
                                  event_level=levels["district"], held_on=dt.date(2025, 11, 5), academic_year=years[1])
        session.add_all([student_contest, teacher_contest])
        for index, teacher in enumerate(teachers):
            kind = PROFILE_KINDS[index % len(PROFILE_KINDS)]
            level = levels["organization"] if kind == "moderator" else levels["district"]
            if kind == "researcher":
                level = levels["region"]
            common = {"person": teacher, "tenant_id": org.id, "entered_by_name": "Жауапты тұлға Demo"}
            for year in years[:3] if kind != "gaps" else years[:1]:
                session.add(KnowledgeQuality(**common, academic_year=year, class_group=f"{rng.randrange(5, 11)}«{rng.choice('АӘБ')}»",
                                             quality_percent=rng.randrange(45, 90), success_percent=100,
                                             monitoring_analysis="Білім сапасының динамикасы оң." if kind != "gaps" else None))
            session.add(ContestParticipant(**common, contest=student_contest, academic_year=years[0],
                                           participant_name=f"Оқушы {index + 1}", status="teacher_of_winner" if index % 2 else "participant"))
            if kind != "gaps":
                session.add(ContestParticipant(**common, contest=teacher_contest, academic_year=years[1],
                                               participant_iin=teacher.iin, participant_name=teacher.full_name, status="participant"))
                session.add(MethodicalMaterial(**common, academic_year=years[1], title="Функционалдық сауаттылықты дамыту тапсырмалары",
                                               council_level=level, protocol_number=f"№{index + 2}", protocol_date=dt.date(2025, 10, 20)))
                session.add(Speech(**common, academic_year=years[1], title="Критериалды бағалау тәжірибесі", event_name="Әдістемелік семинар",
                                   event_level=level, held_on=dt.date(2025, 11, 12)))
                session.add(WorkingGroup(**common, academic_year=years[1], name="Пәндік олимпиада қазылар алқасы", role="jury",
                                         event_level=level, starts_on=dt.date(2025, 9, 15)))
            if kind == "researcher":
                session.add(Publication(**common, academic_year=years[1], title="Жобалық оқыту әдісі", venue=venues[0],
                                        author_count=2, published_on=dt.date(2025, 10, 1)))
                session.add(PracticeTransmission(**common, academic_year=years[1], title="Облыстық тәжірибе алмасу",
                                                 event_level=levels["region"], coverage_count=3, held_on=dt.date(2025, 11, 1)))
            hours = 0
            chosen = [p for p in programs if (p.hours or 0) < 72][:1] if kind == "gaps" else programs[:2]
            for program in chosen:
                session.add(Course(person=teacher, tenant_id=org.id, academic_year=years[1], program=program,
                                   provider=program.provider, hours=program.hours, in_profile=True,
                                   certificate_number=f"{rng.randrange(10**7, 10**8)}", completed_on=dt.date(2025, 6, 20),
                                   source="orleu"))
                hours += program.hours
            session.add(ClassManagement(**common, academic_year=years[1], class_group="7«А»"))
            count += 8
    return count

"""Demo lesson observations: the demo teacher's lessons this school year (one observed by two
observers), and the demo observer — a methodist of district2's methodical office — granted the
demo teacher's school in the neighbouring district."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from app.observation import sheets as ops
from models.grant import AccessGrant
from models.observation import ObservationSheet
from models.person import Person


def seed_observations(session, rng: random.Random, named: dict, users: dict, today: dt.date | None = None) -> int:
    today = today or dt.date.today()
    start = dt.date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    observer, director = users["observer"], users["director"]
    granted_school = named["school_a1"]
    session.add(AccessGrant(user_id=observer.id, object_type="tenant", object_id=granted_school.id,
                            reason="Әдістемелік кабинеттің әдіскері"))
    teacher = users["teacher"].person
    days = [start + dt.timedelta(days=7 * week + 1) for week in range(5)]
    days = [d for d in days if d <= today] or [start]
    count = 0
    for index, day in enumerate(days):
        observers = [director] if index else [director, observer]
        for who in observers:
            count += _sheet(session, rng, teacher, who, day, dt.time(9, 0), feedback=(index == 0 and who is director))
    visited = session.execute(
        select(Person).where(Person.tenant_id == named["school_a2"].id).order_by(Person.id).limit(1)
    ).scalar_one()
    count += _sheet(session, rng, visited, observer, days[0], dt.time(11, 0))
    others = session.execute(
        select(Person).where(Person.tenant_id == teacher.tenant_id, Person.id != teacher.id).order_by(Person.id).limit(4)
    ).scalars().all()
    for index, person in enumerate(others):
        for week in range(index + 1):
            day = start + dt.timedelta(days=7 * week + 2)
            if day <= today:
                count += _sheet(session, rng, person, director, day, dt.time(10, 0))
    return count


def _sheet(session, rng, person, observer, day, starts, feedback: bool = False) -> int:
    sheet = ObservationSheet(person=person, observed_on=day, starts_at=starts,
                             ends_at=dt.time(starts.hour, 45), event_type="lesson", class_group="7«А»")
    ops.prepare_sheet(session, sheet, observer)
    session.add(sheet)
    session.flush()
    chosen = {c.id: (rng.choice((2, 3, 3, 4, 4)), None) for c in sheet.template.criteria}
    ops.record_answers(session, sheet, chosen)
    sheet.recommendations = "Кері байланыс тәсілдерін әртараптандыру ұсынылады."
    ops.submit(sheet)
    if feedback:
        session.flush()
        ops.give_feedback(sheet, "Рахмет, ұсыныстарды келесі сабақта ескеремін.")
    return 1

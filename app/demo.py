"""The deterministic demo dataset: 3 regions, 6 districts, ~33 organizations, ~300 teachers,
and one user per role. Same seed, same data, every time."""

from __future__ import annotations

import datetime as dt
import random

from flask import current_app
from sqlalchemy import select

from app.audit import audit_disabled
from app.identifiers import make_bin, make_iin
from app.people import search_key
from app.security.models import User
from models.directories import EducationLevel, OrganizationType, Position, QualificationCategory, Subject
from models.person import Person
from tenants.models import Tenant, TenantLevel

SEED = 20251001

#: region KATO -> [(district KATO, kk, ru, en)]
DISTRICTS = {
    "110000000": [
        ("111010000", "Көкшетау қаласы", "город Кокшетау", "Kokshetau"),
        ("116800000", "Бурабай ауданы", "Бурабайский район", "Burabay District"),
    ],
    "350000000": [
        ("351010000", "Қарағанды қаласы", "город Караганда", "Karaganda"),
        ("352410000", "Теміртау қаласы", "город Темиртау", "Temirtau"),
    ],
    "610000000": [
        ("612010000", "Түркістан қаласы", "город Туркестан", "Turkistan"),
        ("615600000", "Сайрам ауданы", "Сайрамский район", "Sayram District"),
    ],
}
#: per district: (organization type, kk pattern, ru pattern, en pattern)
ORGANIZATIONS = [
    ("school", "№{n} жалпы білім беретін мектеп", "Общеобразовательная школа №{n}", "Secondary school No. {n}"),
    ("gymnasium", "№{n} гимназия", "Гимназия №{n}", "Gymnasium No. {n}"),
    ("kindergarten", "«Балапан» №{n} балабақша", "Детский сад №{n} «Балапан»", "Kindergarten No. {n} 'Balapan'"),
    ("creativity_centre", "Балалар шығармашылық орталығы №{n}", "Дом детского творчества №{n}", "Children's creativity centre No. {n}"),
    ("special_school", "№{n} арнаулы мектеп", "Специальная школа №{n}", "Special school No. {n}"),
]
COLLEGE = ("college", "{city} жоғары колледжі", "Высший колледж {city_ru}", "{city_en} Higher College")

KAZAKH_MALE = ["Асқар", "Ерлан", "Нұрлан", "Дәурен", "Бауыржан", "Ғалым", "Қайрат", "Мұрат", "Серік", "Әлихан", "Жандос", "Талғат"]
KAZAKH_FEMALE = ["Айгүл", "Гүлнар", "Әсел", "Динара", "Жанар", "Мөлдір", "Сәуле", "Ақмарал", "Құралай", "Назым", "Ұлжан", "Іңкәр"]
KAZAKH_SURNAMES = ["Ахметов", "Сейітов", "Жұмабаев", "Құрманов", "Әбдірахманов", "Нұрғалиев", "Оспанов", "Төлеуов", "Қасымов", "Бекмағамбетов", "Ысқақов", "Серікбаев"]
KAZAKH_PATRONYMIC_MALE = ["Асқарұлы", "Ерланұлы", "Нұрланұлы", "Серікұлы", "Мұратұлы", "Қайратұлы"]
KAZAKH_PATRONYMIC_FEMALE = ["Асқарқызы", "Ерланқызы", "Нұрланқызы", "Серікқызы", "Мұратқызы", "Қайратқызы"]
RUSSIAN_MALE = ["Александр", "Сергей", "Дмитрий", "Андрей", "Игорь", "Владимир"]
RUSSIAN_FEMALE = ["Ольга", "Елена", "Наталья", "Татьяна", "Ирина", "Светлана"]
RUSSIAN_SURNAMES = ["Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Новиков"]
RUSSIAN_PATRONYMIC = ["Александров", "Сергеев", "Викторов", "Николаев", "Петров", "Иванов"]

DEMO_LOGINS = [
    ("national", "NationalAdmin", "republic", "Ұлттық әкімші"),
    ("region", "RegionStaff", "region_a", "Облыс қызметкері"),
    ("district", "DistrictStaff", "district_a1", "Аудан қызметкері"),
    ("district2", "DistrictStaff", "district_a2", "Аудан қызметкері 2"),
    ("director", "OrgHead", "school_a1", "Мектеп директоры"),
    ("entry", "OrgDataEntry", "school_a1", "Жауапты тұлға"),
    ("observer", "Observer", "district_a2", "Бақылаушы"),
    ("teacher", "Teacher", "school_a1", "Педагог"),
    ("commission", "CommissionMember", "district_a1", "Комиссия мүшесі"),
    ("chair", "CommissionMember", "district_a1", "Комиссия төрағасы"),
    ("secretary", "CommissionMember", "district_a1", "Комиссия хатшысы"),
    ("auditor", "Auditor", "region_a", "Аудитор"),
]


def _female(surname: str) -> str:
    if surname.endswith(("ов", "ев", "ин")):
        return surname + "а"
    return surname


def _person(rng: random.Random, serial: int, organization: Tenant, refs: dict) -> Person:
    sex = rng.choice("MF")
    if rng.random() < 0.7:
        first = rng.choice(KAZAKH_MALE if sex == "M" else KAZAKH_FEMALE)
        last = rng.choice(KAZAKH_SURNAMES)
        middle = rng.choice(KAZAKH_PATRONYMIC_MALE if sex == "M" else KAZAKH_PATRONYMIC_FEMALE)
    else:
        first = rng.choice(RUSSIAN_MALE if sex == "M" else RUSSIAN_FEMALE)
        last = rng.choice(RUSSIAN_SURNAMES)
        middle = rng.choice(RUSSIAN_PATRONYMIC) + ("ич" if sex == "M" else "на")
    if sex == "F":
        last = _female(last)
    born = dt.date(1962, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 38))
    iin = make_iin(born, sex, serial)
    level = organization.education_level.code if organization.education_level else "secondary"
    position = refs["positions"]["educator" if level == "preschool" else "teacher"]
    if level == "tvet" and rng.random() < 0.3:
        position = refs["positions"]["master_training"]
    subject = refs["subjects"]["preschool"] if level == "preschool" else rng.choice(refs["subject_list"])
    category = rng.choices(refs["category_list"], weights=[30, 30, 25, 10, 5])[0]
    return Person(
        iin=iin,
        last_name=last,
        first_name=first,
        middle_name=middle,
        search_name=search_key(last, first, middle),
        birth_date=born,
        sex=sex,
        tenant=organization,
        position=position,
        subject=subject,
        category=category,
    )


def seed_demo(session, teachers_per_organization: int = 9) -> dict[str, int]:
    """Build the demo dataset on top of the reference data (which must be loaded)."""
    rng = random.Random(SEED)
    with audit_disabled():
        return _seed(session, rng, teachers_per_organization)


def _seed(session, rng: random.Random, per_org: int) -> dict[str, int]:
    refs = {
        "levels": {x.code: x for x in session.execute(select(EducationLevel)).scalars()},
        "types": {x.code: x for x in session.execute(select(OrganizationType)).scalars()},
        "positions": {x.code: x for x in session.execute(select(Position)).scalars()},
        "subjects": {x.code: x for x in session.execute(select(Subject)).scalars()},
        "categories": {x.code: x for x in session.execute(select(QualificationCategory)).scalars()},
    }
    refs["subject_list"] = [s for code, s in sorted(refs["subjects"].items()) if code != "preschool"]
    refs["category_list"] = [refs["categories"][c] for c in ("none", "moderator", "expert", "researcher", "master")]
    republic = session.execute(select(Tenant).where(Tenant.level == TenantLevel.REPUBLIC.value)).scalar_one()
    regions = {t.code: t for t in session.execute(select(Tenant).where(Tenant.level == "region")).scalars()}
    named: dict[str, Tenant] = {"republic": republic}
    organizations: list[Tenant] = []
    bin_serial = 1000
    for r_index, (region_code, districts) in enumerate(DISTRICTS.items()):
        region = regions[region_code]
        named[f"region_{'abc'[r_index]}"] = region
        for d_index, (kato, kk, ru, en) in enumerate(districts):
            district = Tenant(level="district", parent=region, code=kato, name_kk=kk, name_ru=ru, name_en=en)
            session.add(district)
            session.flush()
            named[f"district_{'abc'[r_index]}{d_index + 1}"] = district
            for o_index, (type_code, kk_p, ru_p, en_p) in enumerate(ORGANIZATIONS):
                number = 10 * (d_index + 1) + o_index + 1
                org_type = refs["types"][type_code]
                bin_serial += 7
                org = Tenant(
                    level="organization",
                    parent=district,
                    code=make_bin(dt.date(1995 + o_index, 1 + d_index, 1), bin_serial),
                    name_kk=f"{kk}, {kk_p.format(n=number)}",
                    name_ru=f"{ru_p.format(n=number)}, {ru}",
                    name_en=f"{en_p.format(n=number)}, {en}",
                    education_level=org_type.education_level,
                    organization_type=org_type,
                )
                session.add(org)
                organizations.append(org)
                if o_index == 0:
                    named[f"school_{'abc'[r_index]}{d_index + 1}"] = org
        city_kk, city_ru, city_en = districts[0][1].split()[0], districts[0][2].split()[-1], districts[0][3]
        bin_serial += 7
        college_type = refs["types"][COLLEGE[0]]
        college = Tenant(
            level="organization",
            parent=region,
            code=make_bin(dt.date(1990, 9, 1), bin_serial),
            name_kk=COLLEGE[1].format(city=city_kk),
            name_ru=COLLEGE[2].format(city_ru=city_ru),
            name_en=COLLEGE[3].format(city_en=city_en),
            education_level=college_type.education_level,
            organization_type=college_type,
        )
        session.add(college)
        organizations.append(college)
    session.flush()
    serial = 1
    persons = []
    for org in organizations:
        for _ in range(per_org):
            person = _person(rng, serial, org, refs)
            serial += 3
            session.add(person)
            persons.append(person)
    session.flush()
    users = _demo_users(session, named, persons)
    from app.demo_profiles import seed_profiles

    records = seed_profiles(session, rng, organizations, persons)
    session.flush()
    from app.demo_observations import seed_observations

    demo_users = {u.username: u for u in session.execute(select(User)).scalars()}
    sheets = seed_observations(session, rng, named, demo_users)
    session.flush()
    from app.demo_attestation import seed_attestation

    attestation = seed_attestation(session, rng, named, persons, demo_users)
    session.commit()
    return {"organizations": len(organizations), "teachers": len(persons), "users": users, "profile records": records,
            "observation sheets": sheets, **attestation}


def _methodist(session, district: Tenant, persons: list[Person]) -> Person:
    """The demo observer: a methodist of the district's methodical office (an external observer)."""
    position = session.execute(select(Position).where(Position.code == "methodist")).scalar_one()
    methodist = Person(iin=make_iin(dt.date(1979, 3, 8), "F", 90_001), last_name="Оспанова", first_name="Сәуле",
                       middle_name="Қайратқызы", search_name=search_key("Оспанова", "Сәуле", "Қайратқызы"),
                       birth_date=dt.date(1979, 3, 8), sex="F", tenant=district, position=position)
    session.add(methodist)
    session.flush()
    return methodist


def _demo_users(session, named: dict[str, Tenant], persons: list[Person]) -> int:
    from flask_appbuilder.security.sqla.models import Role
    from werkzeug.security import generate_password_hash

    config = current_app.config
    password = generate_password_hash(
        config["DEMO_PASSWORD"], method=config.get("FAB_PASSWORD_HASH_METHOD", "scrypt")
    )
    roles = {r.name: r for r in session.execute(select(Role)).scalars()}
    # the demo teacher holds moderator, so the journey "apply for expert" can be walked
    school_teacher = [p for p in persons if p.tenant is named["school_a1"] and p.category.code == "moderator"][-1]
    methodist = _methodist(session, named["school_a2"], persons)
    for username, role, node, label in DEMO_LOGINS:
        person = {"teacher": school_teacher, "observer": methodist}.get(username)
        first, last = (person.first_name, person.last_name) if person else (label, "Demo")
        session.add(
            User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@demo.ustaz.kz",
                password=password,
                active=True,
                tenant=named[node],
                person=person,
                roles=[roles[role]],
            )
        )
    return len(DEMO_LOGINS)

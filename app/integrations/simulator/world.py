"""The simulator's data: six registries' records built on demand from (seed, index), so 575k teachers
cost a few arrays, not gigabytes. Same seed and size, same records (docs/registries.md, The simulator).

People: ``index < teachers`` are teachers, the rest (a tenth more) are people ГБД ФЛ knows who teach
nowhere. Organizations: one per 25 teachers; teacher ``i`` works at organization ``(i + seed) % C``
and is its head when ``i < C``, so every organization has exactly one head. Codes (organization types,
positions, subjects, categories, course programs) are those of our directories (app/reference.py).
"""

from __future__ import annotations

import datetime as dt
import random
from array import array
from collections.abc import Callable, Iterator
from functools import lru_cache
from itertools import accumulate
from typing import Any, TypeVar

from app.identifiers import make_bin, make_iin
from app.integrations.simulator import names
from app.integrations.simulator.feed import Feed
from app.integrations.simulator.geography import (
    DISTRICT_AREAS,
    DISTRICT_WEIGHTS,
    REGION_AREAS,
    STREETS_RU,
    VILLAGES_RU,
    Area,
)
from app.reference import CATEGORIES, COURSES, ORGANIZATION_TYPES, POSITIONS, SUBJECTS
from app.scoring.defaults import DEFAULT_PARAMETERS

T = TypeVar("T")

# --- people -----------------------------------------------------------------------------------------
BORN_FROM = dt.date(1960, 1, 1)
DAYS = 14_610  # 1960-01-01 .. 1999-12-31: a block of people has one birth date each
STEP = 7_919  # neighbouring indices get birth dates years apart (coprime with DAYS: a bijection)
STEP_BACK = pow(STEP, -1, DAYS)
SERIAL_WIDTH = 10  # ИИН serials a block owns: make_iin skips the rare serial with no check digit
FEMALE_SHARE = 0.75  # most of Kazakhstan's teachers are women
LAST_DAY = dt.date(2025, 12, 31)  # nothing happens after it, so the data does not depend on today

# --- organizations ----------------------------------------------------------------------------------
#: (type code, family, weight, kk name, ru name): the family decides who works there
KINDS = (
    ("school", "school", 48, "№{n} жалпы білім беретін мектеп", "Общеобразовательная школа №{n}"),
    ("gymnasium", "school", 7, "№{n} мектеп-гимназия", "Школа-гимназия №{n}"),
    ("lyceum", "school", 3, "№{n} мектеп-лицей", "Школа-лицей №{n}"),
    ("kindergarten", "preschool", 20, "№{n} «{kg_kk}» бөбекжай-бақшасы", "Ясли-сад №{n} «{kg_ru}»"),
    ("mini_centre", "preschool", 3, "№{n} мектепке дейінгі шағын орталық", "Мини-центр №{n}"),
    ("special_school", "special", 2, "№{n} арнаулы мектеп-интернат", "Специальная школа-интернат №{n}"),
    ("ppk", "special", 1, "№{n} психологиялық-педагогикалық түзету кабинеті",
     "Кабинет психолого-педагогической коррекции №{n}"),
    ("creativity_centre", "additional", 2, "№{n} балалар шығармашылық орталығы", "Дом детского творчества №{n}"),
    ("music_school", "additional", 2, "№{n} балалар музыка мектебі", "Детская музыкальная школа №{n}"),
    ("sports_school", "additional", 2, "№{n} балалар-жасөспірімдер спорт мектебі",
     "Детско-юношеская спортивная школа №{n}"),
    ("college", "college", 0, "№{n} {profile_kk} колледж", "{profile_ru} колледж №{n}"),
)
COLLEGE = len(KINDS) - 1
KIND_CUMULATIVE = list(accumulate(k[2] for k in KINDS[:-1]))
COLLEGE_SHARE = 0.05  # colleges are run by the region: their district fields are null
CLOSED_SHARE = 0.01
KINDERGARTENS = (("Балапан", "Балапан"), ("Айгөлек", "Айголек"), ("Қарлығаш", "Карлыгаш"), ("Ақбота", "Акбота"),
                 ("Құлыншақ", "Кулыншак"), ("Болашақ", "Болашак"), ("Шұғыла", "Шугыла"), ("Еркетай", "Еркетай"))
COLLEGE_PROFILES = (("жоғары педагогикалық", "Высший педагогический"), ("политехникалық", "Политехнический"),
                    ("медициналық", "Медицинский"), ("аграрлық-техникалық", "Аграрно-технический"),
                    ("гуманитарлық-техникалық", "Гуманитарно-технический"))
#: a renamed organization takes a name (kk, ru genitive): the mutation of НОБД organizations
HONOREES = (("Абай", "Абая"), ("Жамбыл", "Жамбыла"), ("Ы. Алтынсарин", "И. Алтынсарина"),
            ("М. Әуезов", "М. Ауэзова"), ("Ш. Уәлиханов", "Ч. Валиханова"), ("А. Байтұрсынұлы", "А. Байтурсынова"),
            ("М. Жұмабаев", "М. Жумабаева"), ("Қ. Сәтбаев", "К. Сатпаева"))
SCHEDULE_LENGTH = 1000  # organizations are dealt to districts in rounds of this many, by weight

# --- who works where ------------------------------------------------------------------------------
STAFF = {
    "school": (("teacher", 86), ("educator", 2), ("psychologist", 3), ("social_pedagogue", 3),
               ("speech_therapist", 1), ("methodist", 2), ("additional_teacher", 3)),
    "preschool": (("educator", 82), ("speech_therapist", 5), ("psychologist", 5), ("methodist", 4),
                  ("additional_teacher", 4)),
    "special": (("teacher", 50), ("educator", 15), ("speech_therapist", 17), ("psychologist", 12),
                ("social_pedagogue", 6)),
    "additional": (("additional_teacher", 90), ("methodist", 10)),
    "college": (("teacher", 76), ("master_training", 15), ("psychologist", 3), ("methodist", 3),
                ("social_pedagogue", 3)),
}
SCHOOL_SUBJECTS = (("primary", 20), ("mathematics", 12), ("kazakh_language", 9), ("english", 9),
                   ("russian_language", 7), ("physical_education", 6), ("kazakh_literature", 4), ("physics", 4),
                   ("history_kz", 4), ("informatics", 4), ("russian_literature", 3), ("chemistry", 3), ("biology", 3),
                   ("geography", 3), ("art_work", 3), ("world_history", 2), ("music", 2), ("self_knowledge", 2))
COLLEGE_SUBJECTS = (("mathematics", 3), ("informatics", 3), ("physics", 2), ("kazakh_language", 2),
                    ("russian_language", 2), ("english", 2), ("history_kz", 1), ("chemistry", 1), ("biology", 1),
                    ("physical_education", 1))
WORKLOADS = (("1.00", 40), ("1.25", 20), ("1.50", 15), ("0.75", 12), ("0.50", 8), ("1.75", 5))
SECOND_JOB_SHARE = 0.12
LEFT_SHARE = 0.02

# --- the other registries -------------------------------------------------------------------------
#: how many records a teacher has, 0.. (weights): УТО results, МНВО diplomas, Өрлеу certificates
RESULT_COUNTS = (25, 35, 25, 15)
DIPLOMA_COUNTS = (4, 80, 16)
CERTIFICATE_COUNTS = (10, 20, 30, 25, 15)
COUNT_CHUNK = 4096  # per-teacher counts come in seeded chunks: a teacher's count depends on (seed, index)
ANNULMENT_REASONS = ("Тестілеу кезінде ұялы телефон пайдаланылды", "Бөгде адамның көмегі анықталды",
                     "Тестілеу ережелері бұзылды")
UNIVERSITIES = ("әл-Фараби атындағы Қазақ ұлттық университеті", "Л.Н. Гумилев атындағы Еуразия ұлттық университеті",
                "Абай атындағы Қазақ ұлттық педагогикалық университеті",
                "Академик Е.А. Бөкетов атындағы Қарағанды университеті",
                "М. Әуезов атындағы Оңтүстік Қазақстан университеті", "Қ. Жұбанов атындағы Ақтөбе өңірлік университеті",
                "Ш. Уәлиханов атындағы Көкшетау университеті", "Х. Досмұхамедов атындағы Атырау университеті",
                "Қожа Ахмет Ясауи атындағы Халықаралық қазақ-түрік университеті",
                "М. Қозыбаев атындағы Солтүстік Қазақстан университеті", "Павлодар педагогикалық университеті")
SPECIALTIES = {
    "mathematics": "Математика", "physics": "Физика", "chemistry": "Химия", "biology": "Биология",
    "geography": "География", "history_kz": "Тарих", "world_history": "Тарих", "informatics": "Информатика",
    "kazakh_language": "Қазақ тілі мен әдебиеті", "kazakh_literature": "Қазақ тілі мен әдебиеті",
    "russian_language": "Орыс тілі мен әдебиеті", "russian_literature": "Орыс тілі мен әдебиеті",
    "english": "Шетел тілі: екі шетел тілі", "physical_education": "Дене шынықтыру және спорт",
    "music": "Музыкалық білім", "art_work": "Көркем еңбек және сызу",
    "primary": "Бастауыш оқытудың педагогикасы мен әдістемесі",
    "preschool": "Мектепке дейінгі оқыту және тәрбиелеу", "special_pedagogy": "Дефектология",
}
PEDAGOGY = "Педагогика және психология"  # a master's degree, or a teacher of no subject
OTHER_COURSES = (("Функционалдық сауаттылықты дамыту", "«Өрлеу» БАҰО", 36),
                 ("Қашықтықтан оқыту технологиялары", "«Talap» КЕАҚ", 72),
                 ("Оқушылардың зерттеу дағдыларын дамыту", "НЗМ ПШО", 36))
COURSE_HOURS = (36, 48, 72, 80, 108, 120)

# --- our directories: only their codes go out -----------------------------------------------------
TYPE_CODES = {t[0] for t in ORGANIZATION_TYPES}
POSITION_CODES = {p[0] for p in POSITIONS}
SUBJECT_CODES = {s[0] for s in SUBJECTS}
CATEGORY_CODES = {c[0] for c in CATEGORIES}
PROGRAMS = tuple((c[0], c[1], c[4], c[5]) for c in COURSES)  # (code, kk name, provider, hours)
#: the category an ОЗП percent reaches, highest first (the default rule set's thresholds; its
#: "teacher" is our directory's "none")
REACHES = tuple(sorted(((float(v), "none" if k == "teacher" else k)
                        for k, v in DEFAULT_PARAMETERS["ozp_thresholds"].items()), reverse=True))

_unknown = ({k[0] for k in KINDS} - TYPE_CODES) | ({p for s in STAFF.values() for p, _w in s} - POSITION_CODES) \
    | ({s for s, _w in SCHOOL_SUBJECTS + COLLEGE_SUBJECTS} - SUBJECT_CODES) | (set(SPECIALTIES) - SUBJECT_CODES) \
    | ({c for _t, c in REACHES} - CATEGORY_CODES) | ({"head", "deputy_head"} - POSITION_CODES)
if _unknown:  # a directory changed under us: better to fail at start than to send codes nobody knows
    raise RuntimeError(f"simulator codes missing from app/reference.py: {sorted(_unknown)}")


def rng(*parts: Any) -> random.Random:
    return random.Random(":".join(str(p) for p in parts))


@lru_cache(maxsize=64)
def _cumulative(table: tuple[tuple[str, int], ...]) -> tuple[list[str], list[int]]:
    return [v for v, _w in table], list(accumulate(w for _v, w in table))


def weighted(r: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    values, cumulative = _cumulative(table)  # tables are constants: their sums are computed once
    return r.choices(values, cum_weights=cumulative)[0]


def another(r: random.Random, draw: Callable[[random.Random], T], old: T) -> T:
    """A value other than ``old``: a mutation must always show in the record."""
    while (value := draw(r)) == old:
        pass
    return value


def counts(seed: int, kind: str, owners: int, weights: tuple[int, ...]) -> bytes:
    """How many records each teacher has, drawn in C: one byte a teacher through a weighted table."""
    table, cumulative = bytearray(), 0
    for value, weight in enumerate(weights):
        cumulative += weight
        table.extend([value] * (round(256 * cumulative / sum(weights)) - len(table)))
    out = bytearray()
    for chunk in range(0, owners, COUNT_CHUNK):
        out += rng(seed, "counts", kind, chunk // COUNT_CHUNK).randbytes(COUNT_CHUNK).translate(table)
    return bytes(out[:owners])


def _deal(seed: int) -> tuple[list[int], list[int], list[int]]:
    """Organizations dealt to districts by weight in rounds: (district of each place in a round,
    its place among that district's, how many places each district has in a round)."""
    total = sum(DISTRICT_WEIGHTS)
    shares = [w * SCHEDULE_LENGTH / total for w in DISTRICT_WEIGHTS]
    places = [int(s) for s in shares]
    for d in sorted(range(len(shares)), key=lambda d: places[d] - shares[d])[:SCHEDULE_LENGTH - sum(places)]:
        places[d] += 1
    schedule = [d for d, n in enumerate(places) for _ in range(n)]
    rng(seed, "deal").shuffle(schedule)
    seen = [0] * len(places)
    rank = []
    for d in schedule:
        rank.append(seen[d])
        seen[d] += 1
    return schedule, rank, places


class World:
    def __init__(self, seed: int = 1, teachers: int = 1000) -> None:
        self.seed, self.teachers = seed, max(0, teachers)
        self.people = self.teachers + self.teachers // 10  # ГБД ФЛ knows people who are not teachers too
        self.org_count = max(1, self.teachers // 25)
        self.iin_serial = 5000 + seed * 37 % 500  # the demo's ИИН serials stay far below 5000
        self.day_shift = seed * 7_919 % DAYS
        if self.iin_serial + (self.people // DAYS + 1) * SERIAL_WIDTH > 9999:
            raise ValueError(f"{self.people} people do not fit the simulator's ИИН serials")
        self.bin_shift = seed * 13 % 300
        if 10_000 + ((self.org_count + 300) // 300) * SERIAL_WIDTH > 99_999:
            raise ValueError(f"{self.org_count} organizations do not fit the simulator's БИН serials")
        self.schedule, self.schedule_rank, self.places = _deal(seed)
        # what teachers need of each organization, kept small: its kind, whether closed, its area
        self.kinds = bytearray(self.org_count)
        self.closed = bytearray(self.org_count)
        self.area_orgs: dict[int, array] = {}
        for j in range(self.org_count):
            kind, closed = self._org_shape(rng(seed, "o", j))
            self.kinds[j], self.closed[j] = kind, closed
            self.area_orgs.setdefault(self.area_of(j), array("I")).append(j)
        self.organization = lru_cache(maxsize=4096)(self._organization)
        self.bin_of = lru_cache(maxsize=None)(self._bin_of)  # at most one string per organization
        # a teacher's 0-4 results, diplomas or certificates sit side by side in a page: built once
        self._person = lru_cache(maxsize=1024)(self._new_person)
        self._subject = lru_cache(maxsize=1024)(self._new_subject)
        t = self.teachers
        self.feeds = {
            ("nobd", "organizations"): Feed(self.org_count, 1, None, self._org_record),
            ("nobd", "teachers"): Feed(t, 1, None, self._teacher),
            ("uto", "results"): Feed(t, len(RESULT_COUNTS) - 1, counts(seed, "uto", t, RESULT_COUNTS), self._result),
            ("mnvo", "diplomas"): Feed(t, len(DIPLOMA_COUNTS) - 1, counts(seed, "mnvo", t, DIPLOMA_COUNTS), self._diploma),
            ("orleu", "certificates"): Feed(t, len(CERTIFICATE_COUNTS) - 1, counts(seed, "orleu", t, CERTIFICATE_COUNTS),
                                            self._certificate),
        }

    # --- people ---------------------------------------------------------------------------------------
    def _born_sex_iin(self, index: int, r: random.Random) -> tuple[dt.date, str, str]:
        block, within = divmod(index, DAYS)
        born = BORN_FROM + dt.timedelta(days=(within * STEP + self.day_shift) % DAYS)
        sex = "F" if r.random() < FEMALE_SHARE else "M"
        serial = self.iin_serial + block * SERIAL_WIDTH
        iin = make_iin(born, sex, serial)
        if int(iin[7:11]) - serial >= SERIAL_WIDTH:  # would meet the next block's ИИН
            raise ValueError(f"no ИИН within the block of person {index}")
        return born, sex, iin

    def iin_of(self, index: int) -> str:
        return self._born_sex_iin(index, rng(self.seed, "p", index))[2]

    def _new_person(self, index: int) -> tuple[dict, str]:
        """A person as first registered, and their name group (for a changed surname of the same kind).
        Cached: callers copy before they change it."""
        r = rng(self.seed, "p", index)
        born, sex, iin = self._born_sex_iin(index, r)
        group, last, first, middle = names.full_name(r, sex)
        return {"iin": iin, "last_name": last, "first_name": first, "middle_name": middle,
                "birth_date": born.isoformat(), "sex": sex}, group

    def person(self, index: int) -> dict:
        """ГБД ФЛ's record: a teacher's current name (a surname changed in НОБД is changed here too)."""
        teachers = self.feeds[("nobd", "teachers")]
        if index < self.teachers and index in teachers.moves.changed:
            current = teachers.record(index)
            return {k: current[k] for k in ("iin", "last_name", "first_name", "middle_name", "birth_date", "sex")}
        return dict(self._person(index)[0])

    def persons(self) -> Iterator[dict]:
        return (self.person(i) for i in range(self.people))

    def _index_of(self, iin: str) -> int | None:
        """The person holding this ИИН, from its digits: birth date and serial give the index back."""
        if len(iin) != 12 or not iin.isdigit() or iin[6] not in "34":
            return None
        try:
            day = (dt.date(1900 + int(iin[0:2]), int(iin[2:4]), int(iin[4:6])) - BORN_FROM).days
        except ValueError:
            return None
        block = (int(iin[7:11]) - self.iin_serial) // SERIAL_WIDTH
        if not 0 <= day < DAYS or block < 0:
            return None
        index = block * DAYS + (day - self.day_shift) * STEP_BACK % DAYS
        return index if index < self.people and self.iin_of(index) == iin else None

    def person_by_iin(self, iin: str) -> dict | None:
        index = self._index_of(iin)
        return None if index is None else self.person(index)

    def records_of(self, registry: str, collection: str, iin: str) -> list[dict]:
        """Every record of one teacher in a per-teacher feed (a lookup by ИИН, for appeals)."""
        found = self._index_of(iin)
        if found is None or found >= self.teachers:
            return []
        return self.feeds[(registry, collection)].owned(found)

    # --- organizations --------------------------------------------------------------------------------
    @staticmethod
    def _org_shape(r: random.Random) -> tuple[int, int]:
        """The first draws of an organization's generator: its kind and whether it is closed."""
        kind = COLLEGE if r.random() < COLLEGE_SHARE else r.choices(range(COLLEGE), cum_weights=KIND_CUMULATIVE)[0]
        return kind, int(r.random() < CLOSED_SHARE)

    def _place(self, j: int) -> tuple[int, int]:
        """(district index, number): numbers are unique within a district."""
        rounds, at = divmod(j + self.seed * 101 % SCHEDULE_LENGTH, SCHEDULE_LENGTH)
        district = self.schedule[at]
        return district, rounds * self.places[district] + self.schedule_rank[at] + 1

    def area_of(self, j: int) -> int:
        """The node an organization hangs under: a district, or (colleges) its region after the districts."""
        district = self._place(j)[0]
        if self.kinds[j] != COLLEGE:
            return district
        return len(DISTRICT_AREAS) + REGION_AREAS.index(_region_area(DISTRICT_AREAS[district]))

    def _bin_of(self, j: int) -> str:
        rounds, month = divmod(j + self.bin_shift, 300)  # 25 years of registration months, then again
        return make_bin(dt.date(1995 + month // 12, 1 + month % 12, 1), 10_000 + rounds * SERIAL_WIDTH)

    def _index_of_bin(self, bin_: str) -> int | None:
        if len(bin_) != 12 or not bin_.isdigit():
            return None
        year = 1900 + int(bin_[0:2]) if int(bin_[0:2]) >= 90 else 2000 + int(bin_[0:2])
        month = (year - 1995) * 12 + int(bin_[2:4]) - 1
        rounds = (int(bin_[6:11]) - 10_000) // SERIAL_WIDTH
        if not 0 <= month < 300 or rounds < 0:
            return None
        j = rounds * 300 + month - self.bin_shift
        return j if 0 <= j < self.org_count and self.bin_of(j) == bin_ else None

    def _organization(self, j: int, times: int) -> dict:
        """Everything both НОБД and ГБД ЮЛ say of organization ``j`` after ``times`` renames."""
        r = rng(self.seed, "o", j)
        kind, closed = self._org_shape(r)
        code, _family, _weight, kk, ru = KINDS[kind]
        district, number = self._place(j)
        local = DISTRICT_AREAS[district]
        area = _region_area(local) if kind == COLLEGE else local
        kg_kk, kg_ru = r.choice(KINDERGARTENS)
        profile_kk, profile_ru = r.choice(COLLEGE_PROFILES)
        name_kk = kk.format(n=number, kg_kk=kg_kk, profile_kk=profile_kk)
        name_ru = ru.format(n=number, kg_ru=kg_ru, profile_ru=profile_ru)
        honoree = r.randrange(len(HONOREES))  # drawn even if unused: a rename changes nothing but the names
        if times:
            honoree_kk, honoree_ru = HONOREES[(honoree + times) % len(HONOREES)]
            name_kk, name_ru = f"{honoree_kk} атындағы {name_kk}", f"{name_ru} имени {honoree_ru}"
        street = f"{r.choice(STREETS_RU)}, {r.randint(1, 180)}"
        address = f"{_place_ru(local)}, {r.choice(VILLAGES_RU) + ', ' if local.rural else ''}{street}"
        rounds, month = divmod(j + self.bin_shift, 300)
        head = (j - self.seed) % self.org_count
        head_name = None
        if head < self.teachers:
            person = self._person(head)[0]
            head_name = " ".join(p for p in (person["last_name"], person["first_name"], person["middle_name"]) if p)
        return {
            "bin": self.bin_of(j), "name_kk": name_kk, "name_ru": name_ru, "organization_type": code,
            "region_kato": area.region_kato, "region_name_kk": area.region_kk, "region_name_ru": area.region_ru,
            "district_kato": area.district_kato, "district_name_kk": area.district_kk,
            "district_name_ru": area.district_ru, "address": address, "status": "closed" if closed else "active",
            "registered_on": dt.date(1995 + month // 12, 1 + month % 12, r.randint(1, 28)).isoformat(),
            "head_name": head_name,
        }

    def _org_record(self, j: int, times: int) -> dict:
        org = self.organization(j, times)
        return {k: v for k, v in org.items() if k not in ("registered_on", "head_name")}

    def legal_entity(self, bin_: str) -> dict | None:
        """ГБД ЮЛ's record of a БИН: the organization's current names (a rename is the registry's too)."""
        j = self._index_of_bin(bin_)
        if j is None:
            return None
        times = self.feeds[("nobd", "organizations")].moves.changed.get(j, (0, 0))[1]
        org = self.organization(j, times)
        return {k: org[k] for k in ("bin", "name_kk", "name_ru", "address", "registered_on", "head_name", "status")}

    def legal_entities(self) -> Iterator[dict]:
        for j in range(self.org_count):
            entity = self.legal_entity(self.bin_of(j))
            if entity is not None:
                yield entity

    def _neighbour(self, r: random.Random, j: int, avoid: set[int]) -> int | None:
        """Another organization of the same family in the same area (a second job, a move)."""
        family = KINDS[self.kinds[j]][1]
        near = self.area_orgs.get(self.area_of(j), array("I"))
        for _try in range(8):
            other = near[r.randrange(len(near))] if near else j
            if other not in avoid and KINDS[self.kinds[other]][1] == family:
                return other
        return None

    # --- НОБД teachers --------------------------------------------------------------------------------
    def _post(self, r: random.Random, j: int, rank: int) -> tuple[str, str | None]:
        """(position, subject) of a teacher of rank ``rank`` at organization ``j`` (rank 0: its head)."""
        code, family = KINDS[self.kinds[j]][:2]
        if rank == 0:
            return "head", None
        if rank == 1 and family in ("school", "college", "special"):
            return "deputy_head", None
        return self._staff(r, code, family, weighted(r, STAFF[family]))

    @staticmethod
    def _staff(r: random.Random, code: str, family: str, position: str) -> tuple[str, str | None]:
        if position == "teacher":
            if family == "special":
                return position, "special_pedagogy" if r.random() < 0.6 else "primary"
            return position, weighted(r, COLLEGE_SUBJECTS if family == "college" else SCHOOL_SUBJECTS)
        if position == "educator":
            return position, "preschool"
        if position == "additional_teacher":
            if code == "music_school":
                return position, "music"
            if code == "sports_school":
                return position, "physical_education"
            return position, r.choice(("art_work", "music", "physical_education"))
        return position, None

    def _new_subject(self, index: int) -> str | None:
        """A teacher's first subject: the first draws of their НОБД record (for their diploma)."""
        return self._post(rng(self.seed, "t", index), (index + self.seed) % self.org_count, index // self.org_count)[1]

    def _teacher(self, index: int, times: int) -> dict:
        person, group = self._person(index)
        person = dict(person)  # the cached one stays as first registered
        r = rng(self.seed, "t", index)
        j, rank = (index + self.seed) % self.org_count, index // self.org_count
        position, subject = self._post(r, j, rank)
        born = int(person["birth_date"][:4])
        first_year = max(born + 22, 2005 if rank < 2 else 1985)
        starts = dt.date(r.randint(min(first_year, 2025), 2025), 9, 1)
        workload = "1.00" if rank < 2 else weighted(r, WORKLOADS)
        main = {"employment_id": f"{self.seed}-{index}-0", "organization_bin": self.bin_of(j),
                "position_code": position, "subject_code": subject, "workload": workload,
                "starts_on": starts.isoformat(), "ends_on": None, "is_main": True}
        jobs = [main]
        held = {j}
        family = KINDS[self.kinds[j]][1]
        if rank >= 2 and family in ("school", "college", "additional") and r.random() < SECOND_JOB_SHARE:
            other = self._neighbour(r, j, held)
            if other is not None:
                held.add(other)
                jobs.append({"employment_id": f"{self.seed}-{index}-1", "organization_bin": self.bin_of(other),
                             "position_code": position, "subject_code": subject,
                             "workload": r.choice(("0.25", "0.50")),
                             "starts_on": dt.date(r.randint(max(starts.year, 2018), 2025), 9, 1).isoformat(),
                             "ends_on": None, "is_main": False})
        status = "active"
        if self.closed[j] or (rank >= 2 and r.random() < LEFT_SHARE):
            status = "left"
            for job in jobs:
                begun = dt.date.fromisoformat(job["starts_on"])
                job["ends_on"] = min(begun + dt.timedelta(days=r.randint(200, 3000)), LAST_DAY).isoformat()
        staff = rank >= 2  # the head and deputy keep their posts; a teacher who has left does not move
        for t in range(1, times + 1):  # each change in turn, so every mutation shows
            self._change(rng(self.seed, "tm", index, t), person, group, main, held, index, t,
                         position=staff, move=staff and status == "active")
        return {**person, "status": status, "employments": jobs}

    def _change(self, m: random.Random, person: dict, group: str, main: dict, held: set[int], index: int, t: int,
                *, position: bool, move: bool) -> None:
        """One mutation of a teacher: a new workload, position or surname, or a move to another organization."""
        options = ["workload"] + ["position"] * position + ["move"] * move + ["surname"] * (person["sex"] == "F")
        change = m.choice(options)
        j = self._index_of_bin(main["organization_bin"])
        if change == "move" and j is not None:
            other = self._neighbour(m, j, held)
            if other is not None:
                held.add(other)
                main.update(employment_id=f"{self.seed}-{index}-{10 + t}", organization_bin=self.bin_of(other),
                            starts_on=dt.date(2025, 9, 1).isoformat())
                return
            change = "workload"
        if change == "position" and j is not None:
            code, family = KINDS[self.kinds[j]][:2]
            choices = tuple((p, w) for p, w in STAFF[family] if p != main["position_code"])
            main["position_code"], main["subject_code"] = self._staff(m, code, family, weighted(m, choices))
        elif change == "surname":
            person["last_name"] = names.other_surname(m, person["sex"], group, person["last_name"])
        else:
            main["workload"] = weighted(m, tuple((w, n) for w, n in WORKLOADS if w != main["workload"]))

    # --- УТО, МНВО, Өрлеу -----------------------------------------------------------------------------
    def _result(self, slot: int, times: int) -> dict:
        teacher, k = divmod(slot, len(RESULT_COUNTS) - 1)
        r = rng(self.seed, "u", slot)
        taken = dt.date(2021 + k + r.randrange(2), r.choice((3, 4, 5, 10, 11, 12)), r.randint(1, 28))
        percent = round(min(100.0, max(15.0, r.gauss(67, 13))), 2)
        for t in range(1, times + 1):  # a recount: always another percent
            percent = another(rng(self.seed, "um", slot, t), lambda m: round(m.uniform(30, 100), 2), percent)
        person, group = self._person(teacher)
        annulled = r.random() < 0.03
        return {"result_id": 1_000_000 + slot, "iin": person["iin"], "taken_on": taken.isoformat(),
                "language": "kk" if (group == "kazakh") == (r.random() < 0.85) else "ru",
                "percent": f"{percent:.2f}",
                "category_code": next((code for threshold, code in REACHES if percent >= threshold), None),
                "violation_act": f"АКТ-{taken.year}-{slot:07d}" if annulled else None,
                "violation_on": taken.isoformat() if annulled else None, "annulled": annulled,
                "annulment_reason": r.choice(ANNULMENT_REASONS) if annulled else None}

    def _diploma(self, slot: int, times: int) -> dict:
        teacher, k = divmod(slot, len(DIPLOMA_COUNTS) - 1)
        r = rng(self.seed, "d", slot)
        person = self._person(teacher)[0]
        subject = self._subject(teacher)
        born = int(person["birth_date"][:4])
        graduated = dt.date(min(born + 21 + r.randrange(3) + k * (2 + r.randrange(8)), 2025), 6, r.randint(15, 30))
        if k:
            qualification, series = "магистр", "ЖБ-М"
        elif graduated.year >= 2005:
            qualification, series = "бакалавр", "ЖБ-Б"
        else:
            qualification, series = "маман", "ЖБ"
        number = r.randrange(10**6, 10**7)
        for t in range(1, times + 1):  # a duplicate issued: a new number
            number = another(rng(self.seed, "dm", slot, t), lambda m: m.randrange(10**6, 10**7), number)
        return {"diploma_id": f"D{self.seed}-{slot}", "iin": person["iin"], "institution": r.choice(UNIVERSITIES),
                "specialty": SPECIALTIES.get(subject or "", PEDAGOGY) if not k else PEDAGOGY,
                "qualification": qualification, "number": f"{series} №{number}",
                "graduated_on": graduated.isoformat()}

    def _certificate(self, slot: int, times: int) -> dict:
        teacher, k = divmod(slot, len(CERTIFICATE_COUNTS) - 1)
        r = rng(self.seed, "c", slot)
        if r.random() < 0.8:
            code, name, provider, hours = r.choice(PROGRAMS)
        else:
            code, (name, provider, hours) = None, r.choice(OTHER_COURSES)
        completed = dt.date(min(2019 + k + r.randrange(3), 2025), r.randint(1, 12), r.randint(1, 28))
        for t in range(1, times + 1):  # the hours corrected
            hours = rng(self.seed, "cm", slot, t).choice([h for h in COURSE_HOURS if h != hours])
        return {"certificate_id": 5_000_000 + slot, "iin": self._person(teacher)[0]["iin"], "program_code": code,
                "program_name": name, "provider": provider, "hours": int(hours),
                "certificate_number": f"{completed.year}-{slot:08d}", "completed_on": completed.isoformat()}


def _region_area(area: Area) -> Area:
    return next(a for a in REGION_AREAS if a.region_kato == area.region_kato)


def _place_ru(area: Area) -> str:
    """The start of an address: the city, or the district of a rural school."""
    if area.district_ru is None:
        return area.region_ru
    if area.region_ru.startswith("город "):  # a district of Astana, Almaty or Shymkent
        return f"г. {area.region_ru[6:]}, {area.district_ru}"
    return area.district_ru.replace("город ", "г. ")

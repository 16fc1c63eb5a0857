"""The simulator's data: six registries' records generated on demand from (seed, index), so 575k
teachers cost a few arrays, not gigabytes. Same seed and size, same records (docs/registries.md)."""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import random
import threading
from array import array
from collections.abc import Callable, Iterator
from typing import Any

from app.identifiers import make_bin, make_iin
from app.reference import COURSES, POSITIONS, SUBJECTS

#: (KATO, kk, ru, [(district KATO, kk, ru)]): the demo's three regions first, then more real ones
REGIONS = [
    ("110000000", "Ақмола облысы", "Акмолинская область",
     [("111010000", "Көкшетау қаласы", "город Кокшетау"), ("116800000", "Бурабай ауданы", "Бурабайский район")]),
    ("350000000", "Қарағанды облысы", "Карагандинская область",
     [("351010000", "Қарағанды қаласы", "город Караганда"), ("352410000", "Теміртау қаласы", "город Темиртау")]),
    ("610000000", "Түркістан облысы", "Туркестанская область",
     [("612010000", "Түркістан қаласы", "город Туркестан"), ("615600000", "Сайрам ауданы", "Сайрамский район")]),
    ("150000000", "Ақтөбе облысы", "Актюбинская область",
     [("151010000", "Ақтөбе қаласы", "город Актобе"), ("154200000", "Мұғалжар ауданы", "Мугалжарский район")]),
    ("230000000", "Атырау облысы", "Атырауская область",
     [("231010000", "Атырау қаласы", "город Атырау"), ("234000000", "Махамбет ауданы", "Махамбетский район")]),
    ("590000000", "Солтүстік Қазақстан облысы", "Северо-Казахстанская область",
     [("591010000", "Петропавл қаласы", "город Петропавловск"), ("594200000", "Есіл ауданы", "Есильский район")]),
]
ORG_KINDS = [("school", "№{n} жалпы білім беретін мектеп", "Общеобразовательная школа №{n}"),
             ("gymnasium", "№{n} гимназия", "Гимназия №{n}"),
             ("kindergarten", "№{n} «Балапан» балабақшасы", "Детский сад №{n} «Балапан»")]
COLLEGE = ("college", "№{n} жоғары колледж", "Высший колледж №{n}")
MALE = ["Асқар", "Ерлан", "Нұрлан", "Дәурен", "Ғалым", "Қайрат", "Мұрат", "Серік", "Әлихан", "Александр", "Сергей"]
FEMALE = ["Айгүл", "Гүлнар", "Әсел", "Динара", "Жанар", "Мөлдір", "Сәуле", "Құралай", "Ұлжан", "Іңкәр", "Ольга"]
SURNAMES = ["Ахметов", "Сейітов", "Жұмабаев", "Құрманов", "Әбдірахманов", "Нұрғалиев", "Оспанов", "Төлеуов",
            "Қасымов", "Ысқақов", "Һашимов", "Иванов", "Петров"]
PATRONYMS = ["Асқар", "Ерлан", "Нұрлан", "Серік", "Мұрат", "Қайрат"]
UNIVERSITIES = ["Әл-Фараби атындағы Қазақ ұлттық университеті", "Л.Н. Гумилев атындағы Еуразия ұлттық университеті",
                "Абай атындағы Қазақ ұлттық педагогикалық университеті", "Қарағанды университеті"]
DAYS = 14_600  # birth dates from 1960-01-01: an ИИН block holds one person a day and sex
BORN_FROM = dt.date(1960, 1, 1)
TEACHER_POSITIONS = [p[0] for p in POSITIONS if p[0] not in ("head", "deputy_head")]
SUBJECT_CODES = [s[0] for s in SUBJECTS]
PROGRAMS = [(c[0], c[1], c[4], c[5]) for c in COURSES]  # (code, kk, ru, en, provider, hours)
CATEGORIES = ["moderator", "expert", "researcher", "master", None]


def rng(*parts: Any) -> random.Random:
    return random.Random(":".join(str(p) for p in parts))


def count_of(seed: int, kind: str, index: int, top: int) -> int:
    """How many records of ``kind`` a teacher has (0..top), cheap enough for 575k at start-up."""
    digest = hashlib.blake2b(f"{seed}:{kind}:{index}".encode(), digest_size=2).digest()
    return int.from_bytes(digest, "big") % (top + 1)


class Feed:
    """One collection: records in slots (owner * per_owner + k), a slot's revision is slot + 1
    until a mutation gives it a new revision above every other."""

    def __init__(self, owners: int, per_owner: int, exists: Callable[[int], bool],
                 make: Callable[[int, int], dict]) -> None:
        self.slots = owners * per_owner
        self.exists, self.make = exists, make
        self.prefix = array("l", [0])  # prefix[s] = existing slots below s
        running = 0
        for slot in range(self.slots):
            running += exists(slot)
            self.prefix.append(running)
        self.mutated: dict[int, tuple[int, int]] = {}  # slot -> (revision, times mutated)
        self.mutated_slots: list[int] = []  # sorted base slots that moved
        self.moved: list[tuple[int, int]] = []  # (revision, slot), ascending
        self.next_revision = self.slots + 1
        self.lock = threading.Lock()

    def record(self, slot: int) -> dict:
        revision, times = self.mutated.get(slot, (slot + 1, 0))
        return {**self.make(slot, times), "revision": revision}

    def total_above(self, since: int) -> int:
        base_from = min(max(since, 0), self.slots)
        base = self.prefix[self.slots] - self.prefix[base_from]
        base -= len(self.mutated_slots) - bisect.bisect_left(self.mutated_slots, base_from)
        moved = len(self.moved) - bisect.bisect_right(self.moved, (since, 1 << 62))
        return base + moved

    def page(self, since: int, limit: int) -> tuple[list[dict], bool, int]:
        with self.lock:
            total = self.total_above(since)
            items: list[dict] = []
            slot = max(since, 0)
            while slot < self.slots and len(items) < limit:
                if self.exists(slot) and slot not in self.mutated:
                    items.append(self.record(slot))
                slot += 1
            if len(items) < limit:
                start = bisect.bisect_right(self.moved, (max(since, slot), 1 << 62))
                for _revision, moved_slot in self.moved[start:start + limit - len(items)]:
                    items.append(self.record(moved_slot))
            return items, total > len(items), total

    def before(self, since: int, count: int) -> list[dict]:
        """Some records at or below ``since`` (a page that repeats rows)."""
        found, slot = [], min(since, self.slots) - 1
        while slot >= 0 and len(found) < count:
            if self.exists(slot) and slot not in self.mutated:
                found.append(self.record(slot))
            slot -= 1
        return found

    def mutate(self, fraction: float, salt: int) -> int:
        with self.lock:
            existing = self.prefix[self.slots]
            wanted = min(existing, max(1, round(existing * fraction))) if existing else 0
            chooser, chosen, tries = rng("mutate", salt), set(), 0
            while len(chosen) < wanted and tries < wanted * 50:
                slot = chooser.randrange(self.slots)
                tries += 1
                if self.exists(slot):
                    chosen.add(slot)
            for slot in sorted(chosen):
                old = self.mutated.get(slot)
                if old is None:
                    bisect.insort(self.mutated_slots, slot)
                else:
                    self.moved.remove((old[0], slot))
                self.mutated[slot] = (self.next_revision, (old[1] if old else 0) + 1)
                self.moved.append((self.next_revision, slot))
                self.next_revision += 1
            return len(chosen)

    def everything(self) -> Iterator[dict]:
        for slot in range(self.slots):
            if self.exists(slot):
                yield self.record(slot)


class World:
    def __init__(self, seed: int = 1, teachers: int = 1000) -> None:
        self.seed, self.teachers = seed, max(0, teachers)
        self.people = self.teachers + self.teachers // 10  # ГБД ФЛ holds people who are not teachers too
        self.org_count = max(1, self.teachers // 25)
        self.orgs = [self._organization(j) for j in range(self.org_count)]
        self.org_by_bin = {o["bin"]: o for o in self.orgs}
        s = seed
        self.feeds = {
            ("nobd", "organizations"): Feed(self.org_count, 1, lambda slot: True, self._org_record),
            ("nobd", "teachers"): Feed(self.teachers, 1, lambda slot: True, self._teacher),
            ("uto", "results"): Feed(self.teachers, 3, lambda slot: slot % 3 < count_of(s, "uto", slot // 3, 3), self._result),
            ("mnvo", "diplomas"): Feed(self.teachers, 2, lambda slot: slot % 2 < 1 + (count_of(s, "mnvo", slot // 2, 9) == 0) - (count_of(s, "mnvo", slot // 2, 19) == 0), self._diploma),
            ("orleu", "certificates"): Feed(self.teachers, 4, lambda slot: slot % 4 < count_of(s, "orleu", slot // 4, 4), self._certificate),
        }

    # --- people -------------------------------------------------------------------------------
    def person(self, index: int) -> dict:
        r = rng(self.seed, "p", index)
        block, day = divmod(index, DAYS)
        day = (day + self.seed * 7919) % DAYS
        sex = "M" if r.random() < 0.3 else "F"
        born = BORN_FROM + dt.timedelta(days=day)
        iin = make_iin(born, sex, 5000 + block * 100)
        surname = r.choice(SURNAMES)
        if sex == "F" and surname.endswith(("ов", "ев", "ин")):
            surname += "а"
        patronym = r.choice(PATRONYMS)
        middle = None if r.random() < 0.1 else patronym + ("ұлы" if sex == "M" else "қызы")
        return {"iin": iin, "last_name": surname, "first_name": r.choice(MALE if sex == "M" else FEMALE),
                "middle_name": middle, "birth_date": born.isoformat(), "sex": sex}

    def person_by_iin(self, iin: str) -> dict | None:
        index = self._index_of(iin)
        return None if index is None else self.person(index)

    def iin_of(self, teacher: int) -> str:
        return self.person(teacher)["iin"]

    def records_of(self, registry: str, collection: str, iin: str) -> list[dict]:
        """Every record of one teacher in a per-teacher feed (a lookup by ИИН, for appeals)."""
        found = self._index_of(iin)
        if found is None or found >= self.teachers:
            return []
        feed = self.feeds[(registry, collection)]
        per = feed.slots // max(self.teachers, 1)
        return [feed.record(slot) for slot in range(found * per, found * per + per) if feed.exists(slot)]

    def _index_of(self, iin: str) -> int | None:
        try:
            born = dt.date(1900 + int(iin[0:2]), int(iin[2:4]), int(iin[4:6]))
            block = (int(iin[7:11]) - 5000) // 100
        except (ValueError, IndexError):
            return None
        day = (born - BORN_FROM).days
        if not 0 <= day < DAYS or block < 0:
            return None
        index = block * DAYS + (day - self.seed * 7919) % DAYS
        return index if index < self.people and self.person(index)["iin"] == iin else None

    # --- organizations -----------------------------------------------------------------------
    def _organization(self, j: int) -> dict:
        r = rng(self.seed, "o", j)
        region = REGIONS[j % len(REGIONS)]
        college = r.random() < 0.05
        district = None if college else region[3][(j // len(REGIONS)) % len(region[3])]
        code, kk, ru = COLLEGE if college else ORG_KINDS[j % len(ORG_KINDS)]
        registered = dt.date(1995 + (j + self.seed) % 25, 1 + (j // 25) % 12, 1)
        return {
            "bin": make_bin(registered, 10_000 + j), "name_kk": kk.format(n=j + 1), "name_ru": ru.format(n=j + 1),
            "organization_type": code, "region_kato": region[0], "region_name_kk": region[1],
            "region_name_ru": region[2], "district_kato": district[0] if district else None,
            "district_name_kk": district[1] if district else None, "district_name_ru": district[2] if district else None,
            "address": f"{(district or region)[2]}, ул. Абая, {1 + j % 200}",
            "status": "closed" if r.random() < 0.01 else "active", "registered_on": registered.isoformat(),
            "head_name": f"{r.choice(SURNAMES)} {r.choice(MALE)}",
        }

    def _org_record(self, slot: int, times: int) -> dict:
        org = {k: v for k, v in self.orgs[slot].items() if k not in ("registered_on", "head_name")}
        if times:
            org["name_kk"] += f" ({times})"
            org["name_ru"] += f" ({times})"
        return org

    # --- feeds --------------------------------------------------------------------------------
    def _teacher(self, index: int, times: int) -> dict:
        person = self.person(index)
        r = rng(self.seed, "t", index)
        main_org = self.orgs[(index * 7 + self.seed) % self.org_count]
        subject = r.choice(SUBJECT_CODES)
        jobs = [{"employment_id": f"{self.seed}-{index}-0", "organization_bin": main_org["bin"],
                 "position_code": "teacher" if r.random() < 0.85 else r.choice(TEACHER_POSITIONS),
                 "subject_code": subject, "workload": r.choice(["1.00", "1.25", "1.50", "0.75"]),
                 "starts_on": dt.date(2000 + r.randrange(25), 9, 1).isoformat(), "ends_on": None, "is_main": True}]
        if r.random() < 0.2 and self.org_count > 1:
            other = self.orgs[(index * 11 + 3) % self.org_count]
            if other is not main_org:
                jobs.append({"employment_id": f"{self.seed}-{index}-1", "organization_bin": other["bin"],
                             "position_code": "teacher", "subject_code": subject, "workload": "0.50",
                             "starts_on": "2021-09-01", "ends_on": None, "is_main": False})
        status = "active"
        if times:  # a mutation: a new workload, a new surname or a move to another school
            m = rng(self.seed, "tm", index, times)
            change = m.randrange(3)
            if change == 0:
                jobs[0]["workload"] = m.choice(["0.50", "1.75", "2.00"])
            elif change == 1:
                person["last_name"] = m.choice(SURNAMES) + ("а" if person["sex"] == "F" else "")
            elif self.org_count > 1:
                jobs[0]["organization_bin"] = self.orgs[(index * 7 + self.seed + times) % self.org_count]["bin"]
        return {**person, "status": status, "employments": jobs}

    def _result(self, slot: int, times: int) -> dict:
        teacher, k = divmod(slot, 3)
        r = rng(self.seed, "u", slot)
        percent = r.randrange(3000, 10000) / 100 if not times else rng(self.seed, "um", slot, times).randrange(3000, 10000) / 100
        annulled = r.random() < 0.03
        return {"result_id": 1_000_000 + slot, "iin": self.iin_of(teacher),
                "taken_on": dt.date(2021 + k, 1 + r.randrange(12), 1 + r.randrange(28)).isoformat(),
                "language": r.choice(["kk", "ru"]), "percent": f"{percent:.2f}",
                "category_code": CATEGORIES[min(4, int((percent - 30) // 15))] if percent >= 50 else None,
                "violation_act": "Акт №" + str(slot) if annulled else None,
                "violation_on": None, "annulled": annulled,
                "annulment_reason": "Ұялы телефон пайдаланылды" if annulled else None}

    def _diploma(self, slot: int, times: int) -> dict:
        teacher, k = divmod(slot, 2)
        r = rng(self.seed, "d", slot)
        return {"diploma_id": f"D{self.seed}-{slot}", "iin": self.iin_of(teacher), "institution": r.choice(UNIVERSITIES),
                "specialty": "Педагогика және психология" if k else r.choice(["Математика", "Физика", "Тарих", "Қазақ тілі"]),
                "qualification": "бакалавр" if not k else "магистр", "number": f"ЖБ-Б {r.randrange(10**6, 10**7)}",
                "graduated_on": dt.date(1985 + r.randrange(35) + 2 * k, 6, 30).isoformat()}

    def _certificate(self, slot: int, times: int) -> dict:
        teacher, k = divmod(slot, 4)
        r = rng(self.seed, "c", slot)
        code, name, provider, hours = r.choice(PROGRAMS) if r.random() < 0.8 else (None, "Жаңа әдістемелер", "«Өрлеу» БАҰО", 36)
        if times:
            hours = int(hours) + 8 * times
        return {"certificate_id": 5_000_000 + slot, "iin": self.iin_of(teacher), "program_code": code,
                "program_name": name, "provider": provider or "«Өрлеу» БАҰО", "hours": int(hours),
                "certificate_number": f"OR-{slot:08d}",
                "completed_on": dt.date(2020 + (k + r.randrange(5)) % 6, 1 + r.randrange(12), 1 + r.randrange(28)).isoformat()}

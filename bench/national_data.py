"""The national dataset (DOMAIN.md §1) generated into PostgreSQL with COPY: the tenant tree, 575,433
teachers with their registry records, 93,107 applicants with full portfolios, observation sheets and
applications, 13,295 commissions with members, protocols, orders and certificates, and the users the
benchmark logs in as. Deterministic for a seed; ``scale`` shrinks every count (the smoke test uses 0.001).

The app builds the schema (Alembic), the reference directories, the periods and the roles; everything
else is written here as the app would write it (ИИН with a valid check digit, search_name as
app.people.search_key makes it, region_id / district_id stamped as tenants.models does).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from dataclasses import dataclass, field

import psycopg

from bench import national_names as names
from bench.national_copy import Copier

TARGET = {"districts": 220, "organizations": 23_735, "persons": 575_433, "applicants": 93_107,
          "commissions": 13_295, "teacher_accounts": 2_000}
#: education level of an organization (share of organizations) and its teachers per organization (mean)
LEVEL_MIX = {"preschool": (0.45, 14), "secondary": (0.32, 46), "additional": (0.14, 17), "tvet": (0.04, 60),
             "special": (0.05, 22)}
CATEGORY_WEIGHTS = {"none": 35, "moderator": 30, "expert": 20, "researcher": 10, "master": 5}
CATEGORY_ORDER = ("none", "moderator", "expert", "researcher", "master")
#: category -> the level of events, councils and the commission it calls for (DOMAIN.md §3)
CATEGORY_LEVEL = {"moderator": "organization", "expert": "district", "researcher": "region", "master": "republic"}
#: the application states of an open period in December (share of applications)
STATE_MIX = {"draft": 6, "submitted": 16, "accepted": 10, "returned": 3, "under_review": 20, "reviewed": 8,
             "decided": 14, "withdrawn": 3, "in_protocol": 6, "certified": 14}
PATHS = {
    "draft": [], "submitted": ["submit"], "accepted": ["submit", "accept"], "returned": ["submit", "return"],
    "under_review": ["submit", "accept", "start_review"],
    "reviewed": ["submit", "accept", "start_review", "complete_review"],
    "decided": ["submit", "accept", "start_review", "complete_review", "decide"],
    "withdrawn": ["submit", "withdraw"],
    "in_protocol": ["submit", "accept", "start_review", "complete_review", "decide", "form_protocol"],
    "certified": ["submit", "accept", "start_review", "complete_review", "decide", "form_protocol", "certify"],
}
ACTION_TARGET = {"create": "draft", "submit": "submitted", "accept": "accepted", "return": "returned",
                 "start_review": "under_review", "complete_review": "reviewed", "decide": "decided",
                 "withdraw": "withdrawn", "form_protocol": "in_protocol", "certify": "certified"}
DECIDED_STATES = ("decided", "in_protocol", "certified")
NOW = dt.datetime(2026, 12, 1, 9, 0)


@dataclass(frozen=True)
class Plan:
    scale: float
    districts: int
    organizations: int
    persons: int
    applicants: int
    commissions: int
    teacher_accounts: int

    @classmethod
    def at(cls, scale: float) -> Plan:
        def n(key: str, least: int) -> int:
            return max(least, round(TARGET[key] * scale))

        districts = n("districts", 2)
        organizations = n("organizations", districts * 2)
        persons = n("persons", organizations * 6)
        return cls(scale, districts, organizations, persons, n("applicants", 20), n("commissions", 4),
                   n("teacher_accounts", 10))


@dataclass(slots=True)
class Org:
    id: int
    region_id: int
    district_id: int | None
    path: str
    level: str
    persons: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Teacher:
    id: int
    org: Org
    sex: str
    last: str
    first: str
    middle: str
    iin: str
    birth: dt.date
    position: str
    subject_id: int | None
    category: str
    hired: dt.date


@dataclass
class Refs:
    """Ids of the reference data the app seeded (directories, periods, templates, roles)."""

    ids: dict[str, dict[str, int]]
    years: list[tuple[int, dt.date]]
    period_id: int
    republic_id: int
    regions: list[int]
    templates: dict[str, tuple[int, list[int]]]
    roles: dict[str, int]
    subjects: list[int]
    rules: object = None
    period_rule_parameters: dict = field(default_factory=dict)


class Generator:
    """Builds rows table by table; ``run`` loads them in foreign-key order."""

    def __init__(self, conn: psycopg.Connection, refs: Refs, plan: Plan, seed: int, password_hash: str) -> None:
        self.conn, self.refs, self.plan = conn, refs, plan
        self.rng = random.Random(seed)
        self.copier = Copier(conn)
        self.password_hash = password_hash
        self.orgs: list[Org] = []
        self.districts: list[tuple[int, int]] = []  # (district id, region id)
        self.teachers: list[Teacher] = []
        self.next_user = 1 + (conn.execute("SELECT COALESCE(max(id), 0) FROM ab_user").fetchone()[0])
        self.head_user: dict[int, int] = {}  # org id -> its head's user (the internal observer)
        self.methodist_user: dict[int, int] = {}  # district or region id -> a methodist observer
        self.members: dict[int, list[tuple[int, int, str]]] = {}  # commission -> [(member id, person id, role)]
        self.commission_tenant: dict[int, int] = {}
        self.picked: dict[str, int] = {}

    # -- helpers -----------------------------------------------------------------------------------
    def _timed(self, table: str, func, *args) -> None:
        started = time.perf_counter()
        func(*args)
        print(f"  {table:<28} {time.perf_counter() - started:6.1f} s", flush=True)

    def run(self) -> Copier:
        steps = [("tenants", self.tenants), ("persons", self.persons), ("commissions", self.commissions),
                 ("users", self.users), ("registry records", self.registry_records),
                 ("portfolios", self.portfolios), ("observation sheets", self.observations),
                 ("applications", self.applications), ("protocols and certificates", self.documents)]
        for name, step in steps:
            self._timed(name, step)
        return self.copier

    # -- the tenant tree -------------------------------------------------------------------------------
    def _spread(self, total: int, weights: list[float]) -> list[int]:
        """``total`` split in proportion to ``weights``, summing exactly; every share at least 1 when
        there is enough to go round (a small scale leaves some regions without districts)."""
        least = 1 if total >= len(weights) else 0
        scale = sum(weights)
        shares = [max(least, int(total * w / scale)) for w in weights]
        gap, index = total - sum(shares), 0
        while gap:
            slot = index % len(shares)
            if gap > 0:
                shares[slot] += 1
                gap -= 1
            elif shares[slot] > least:
                shares[slot] -= 1
                gap += 1
            index += 1
        return shares

    def tenants(self) -> None:
        from app.identifiers import make_bin

        regions = self.refs.regions
        next_id = 1 + self.conn.execute("SELECT max(id) FROM tenant").fetchone()[0]
        # the three cities have a few city districts, the oblasts a dozen each
        per_region = self._spread(self.plan.districts, [5 if i < 3 else 12 for i in range(len(regions))])
        rows = []
        for region_id, count in zip(regions, per_region):
            for d in range(count):
                root = names.DISTRICT_ROOTS[(next_id + d) % len(names.DISTRICT_ROOTS)]
                rows.append((next_id, region_id, "district", f"/{self.refs.republic_id}/{region_id}/{next_id}/",
                             f"D{next_id:08d}", region_id, next_id, None, None, None, True,
                             f"{root} ауданы ({next_id})", f"{root} район ({next_id})", None))
                self.districts.append((next_id, region_id))
                next_id += 1
        weights = [self.rng.uniform(0.4, 1.8) for _ in self.districts]
        per_district = self._spread(self.plan.organizations, weights)
        levels = list(LEVEL_MIX)
        shares = [LEVEL_MIX[k][0] for k in levels]
        for (district_id, region_id), count in zip(self.districts, per_district):
            for n in range(count):
                level = self.rng.choices(levels, shares)[0]
                kind, kk, ru = self.rng.choice(names.ORGANIZATION_KINDS[level])
                # colleges are run by the region department: they hang under the region, not a district
                parent = region_id if level == "tvet" else district_id
                path = (f"/{self.refs.republic_id}/{region_id}/{next_id}/" if level == "tvet"
                        else f"/{self.refs.republic_id}/{region_id}/{district_id}/{next_id}/")
                label = {"name": self.rng.choice(names.KINDERGARTEN_NAMES), "n": n + 1}
                code = make_bin(dt.date(1990 + next_id % 30, 1 + next_id % 12, 1), next_id)
                rows.append((next_id, parent, "organization", path, code, region_id,
                             None if level == "tvet" else district_id, self.refs.ids["education_level"][level],
                             self.refs.ids["organization_type"][kind], None, True,
                             kk.format(**label) + f" ({next_id})", ru.format(**label) + f" ({next_id})", None))
                self.orgs.append(Org(next_id, region_id, None if level == "tvet" else district_id, path, level))
                next_id += 1
        self.copier.copy("tenant", ["id", "parent_id", "level", "path", "code", "region_id", "district_id",
                                    "education_level_id", "organization_type_id", "address", "is_active",
                                    "name_kk", "name_ru", "name_en"], rows)

    # -- teachers --------------------------------------------------------------------------------------
    def _name(self, sex: str) -> tuple[str, str, str]:
        rng = self.rng
        if rng.random() < 0.75:
            last = rng.choice(names.KAZAKH_SURNAMES)
            first = rng.choice(names.KAZAKH_MALE if sex == "M" else names.KAZAKH_FEMALE)
            middle = rng.choice(names.KAZAKH_FATHERS) + ("ұлы" if sex == "M" else "қызы")
        else:
            last = rng.choice(names.RUSSIAN_SURNAMES)
            first = rng.choice(names.RUSSIAN_MALE if sex == "M" else names.RUSSIAN_FEMALE)
            middle = rng.choice(names.RUSSIAN_FATHERS) + ("ич" if sex == "M" else "на")
        if sex == "F" and last.endswith(("ов", "ев", "ин")):
            last += "а"
        return last, first, middle

    def _position(self, org: Org, first: bool) -> str:
        if first:
            return "head"
        roll = self.rng.random()
        if roll < 0.03:
            return "deputy_head"
        if org.level == "preschool":
            return "educator"
        if org.level == "additional":
            return "additional_teacher"
        if org.level == "tvet" and roll < 0.3:
            return "master_training"
        return "psychologist" if roll < 0.05 else "teacher"

    def persons(self) -> None:
        from app.identifiers import make_iin

        means = [LEVEL_MIX[o.level][1] * self.rng.uniform(0.5, 1.5) for o in self.orgs]
        per_org = self._spread(self.plan.persons, means)
        categories, weights = list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values())
        taken: set[str] = set()
        preschool_subject = self.refs.ids["subject"]["preschool"]
        person_id = 1
        for org, count in zip(self.orgs, per_org):
            for k in range(count):
                sex = "M" if self.rng.random() < 0.18 else "F"
                birth = dt.date(1962, 1, 1) + dt.timedelta(days=self.rng.randrange(0, 365 * 38))
                iin = make_iin(birth, sex, (person_id * 7) % 10_000)
                serial = person_id
                while iin in taken:  # the same birth date, sex and serial twice: the next serial
                    serial += 1
                    iin = make_iin(birth, sex, serial % 10_000)
                taken.add(iin)
                last, first, middle = self._name(sex)
                subject = preschool_subject if org.level == "preschool" else self.rng.choice(self.refs.subjects)
                hired = dt.date(min(2024, birth.year + 22 + self.rng.randrange(0, 15)), 9, 1)
                self.teachers.append(Teacher(person_id, org, sex, last, first, middle, iin, birth,
                                             self._position(org, k == 0), subject,
                                             self.rng.choices(categories, weights)[0], hired))
                org.persons.append(person_id)
                person_id += 1
        self._choose_methodists()
        self.copier.copy("person", ["id", "iin", "last_name", "first_name", "middle_name", "search_name", "birth_date",
                                    "sex", "position_id", "subject_id", "category_id", "tenant_id", "region_id",
                                    "district_id", "created_on", "changed_on"], self._person_rows())

    def _person_rows(self):
        from app.people import search_key

        ids = self.refs.ids
        for t in self.teachers:
            yield (t.id, t.iin, t.last, t.first, t.middle, search_key(t.last, t.first, t.middle), t.birth, t.sex,
                   ids["position"][t.position], t.subject_id, ids["qualification_category"][t.category], t.org.id,
                   t.org.region_id, t.org.district_id, NOW, NOW)

    def teacher(self, person_id: int) -> Teacher:
        return self.teachers[person_id - 1]

    # -- commissions -----------------------------------------------------------------------------------
    def commissions(self) -> None:
        """Republic, region and district commissions, the rest at the largest organizations."""
        from models.commission import CHAIR, MEMBER, SECRETARY

        total = self.plan.commissions
        upper = [(self.refs.republic_id, "republic")] + [(r, "region") for r in self.refs.regions]
        upper += [(d, "district") for d, _r in self.districts]
        upper = upper[:max(1, total // 2)]
        big_orgs = sorted(self.orgs, key=lambda o: -len(o.persons))[:max(0, total - len(upper))]
        owners = upper + [(o.id, "organization") for o in big_orgs]
        by_tenant = self._persons_under()
        used: set[int] = set()
        commission_rows, member_rows = [], []
        member_id = 1
        for commission_id, (tenant_id, level) in enumerate(owners, start=1):
            size = {"organization": 5, "district": 7, "region": 7, "republic": 9}[level]
            people = self._pick_members(by_tenant.get(tenant_id, []), size, used)
            commission_rows.append((commission_id, f"Аттестаттау комиссиясы №{commission_id}", self.refs.period_id,
                                    level, "kk", True, tenant_id, *self._stamp(tenant_id), NOW, NOW))
            self.commission_tenant[commission_id] = tenant_id
            members = []
            for index, person_id in enumerate(people):
                role = CHAIR if index == 0 else SECRETARY if index == 1 else MEMBER
                member_rows.append((member_id, commission_id, person_id, role, self.teacher(person_id).org.id,
                                    NOW, tenant_id, *self._stamp(tenant_id), NOW, NOW))
                members.append((member_id, person_id, role))
                member_id += 1
            self.members[commission_id] = members
        self.copier.copy("commission", ["id", "name", "period_id", "level", "language", "is_active", "tenant_id",
                                        "region_id", "district_id", "created_on", "changed_on"], commission_rows)
        self.copier.copy("commission_member", ["id", "commission_id", "person_id", "role", "organization_id",
                                               "added_on", "tenant_id", "region_id", "district_id", "created_on",
                                               "changed_on"], member_rows)
        self.member_persons = used

    def _stamp(self, tenant_id: int) -> tuple[int | None, int | None]:
        """region_id and district_id of a node, as tenants.models copies them onto owned rows."""
        if tenant_id == self.refs.republic_id:
            return None, None
        if tenant_id in self._region_set:
            return tenant_id, None
        if tenant_id in self._district_region:
            return self._district_region[tenant_id], tenant_id
        org = self._org_by_id[tenant_id]
        return org.region_id, org.district_id

    @property
    def _region_set(self) -> set[int]:
        return set(self.refs.regions)

    @property
    def _district_region(self) -> dict[int, int]:
        if not hasattr(self, "_district_map"):
            self._district_map = dict(self.districts)
        return self._district_map

    @property
    def _org_by_id(self) -> dict[int, Org]:
        if not hasattr(self, "_org_map"):
            self._org_map = {o.id: o for o in self.orgs}
        return self._org_map

    def _persons_under(self) -> dict[int, list[int]]:
        """Every node -> a sample of persons in its subtree (enough to pick a commission from)."""
        under: dict[int, list[int]] = {self.refs.republic_id: []}
        for org in self.orgs:
            sample = org.persons[1:4]  # the head stays out: heads observe, they do not sit here
            under.setdefault(org.id, org.persons[1:])
            for node in (org.region_id, org.district_id, self.refs.republic_id):
                if node is not None and len(under.setdefault(node, [])) < 60:
                    under[node].extend(sample)
        return under

    def _pick_members(self, pool: list[int], size: int, used: set[int]) -> list[int]:
        chosen = [p for p in pool if p not in used][:size]
        used.update(chosen)
        return chosen

    # -- users -------------------------------------------------------------------------------------------
    def users(self) -> None:
        rows, roles = [], []

        def add(username: str, role: str, tenant_id: int | None, person_id: int | None, first: str, last: str) -> int:
            user_id = self.next_user
            self.next_user += 1
            region_id, district_id = self._stamp(tenant_id) if tenant_id else (None, None)
            rows.append((user_id, first[:64], last[:64], username, self.password_hash, True,
                         f"{username}@national.ustaz.kz", 0, 0, NOW, NOW, person_id, tenant_id, region_id,
                         district_id, "kk"))
            roles.append((user_id, self.refs.roles[role]))
            return user_id

        region, district = self._typical_nodes()
        self.picked.update(region=region, district=district)
        add("national", "NationalAdmin", self.refs.republic_id, None, "Ұлттық", "әкімші")
        add("region", "RegionStaff", region, None, "Облыс", "қызметкері")
        add("district", "DistrictStaff", district, None, "Аудан", "қызметкері")
        for org in self.orgs:  # the head of every organization: the internal observer of its lessons
            head = self.teacher(org.persons[0])
            self.head_user[org.id] = add(f"head{org.id}", "OrgHead", org.id, head.id, head.first, head.last)
        for node, person_id in self.methodists.items():
            methodist = self.teacher(person_id)
            self.methodist_user[node] = add(f"methodist{node}", "Observer", node, methodist.id, methodist.first,
                                            methodist.last)
        self._member_users(add)
        self._teacher_users(add)
        self.copier.copy("ab_user", ["id", "first_name", "last_name", "username", "password", "active", "email",
                                     "login_count", "fail_login_count", "created_on", "changed_on", "person_id",
                                     "tenant_id", "region_id", "district_id", "locale"], rows)
        self.copier.copy("ab_user_role", ["user_id", "role_id"], roles)

    def _typical_nodes(self) -> tuple[int, int]:
        """The region and the district of median size (by teachers): the benchmark's staff work there."""
        counts: dict[int, int] = {}
        for org in self.orgs:
            counts[org.region_id] = counts.get(org.region_id, 0) + len(org.persons)
            if org.district_id is not None:
                counts[org.district_id] = counts.get(org.district_id, 0) + len(org.persons)
        regions = sorted((counts.get(r, 0), r) for r in self.refs.regions if counts.get(r))
        districts = sorted((counts.get(d, 0), d) for d, _r in self.districts if counts.get(d))
        return regions[len(regions) // 2][1], districts[len(districts) // 2][1]

    def _choose_methodists(self) -> None:
        """Per district and region, the last teacher of its first organization is its methodist (the
        external observer of lessons)."""
        self.methodists: dict[int, int] = {}
        for org in self.orgs:
            if len(org.persons) < 2:
                continue
            for node in (org.district_id, org.region_id):
                if node is not None and node not in self.methodists:
                    self.methodists[node] = org.persons[-1]
                    self.teacher(org.persons[-1]).position = "methodist"

    def _member_users(self, add) -> None:
        """A CommissionMember login for every member; the typical district's commission gets readable names."""
        bench_commission = next((c for c, t in self.commission_tenant.items() if t == self.picked["district"]), None)
        self.picked["commission"] = bench_commission or 1
        for commission_id, members in self.members.items():
            for _member_id, person_id, role in members:
                username = f"m{person_id}"
                if commission_id == self.picked["commission"] and role in ("chair", "secretary"):
                    username = role
                person = self.teacher(person_id)
                add(username, "CommissionMember", person.org.id, person_id, person.first, person.last)

    def _teacher_users(self, add) -> None:
        """Teacher logins for the portal: the first ones applicants (the home shows an application)."""
        skip = self.member_persons | {o.persons[0] for o in self.orgs} | set(self.methodists.values())
        pool = [t for t in self.teachers if t.id not in skip]
        step = max(1, len(pool) // self.plan.teacher_accounts)
        self.teacher_logins = [t.id for t in pool[::step][: self.plan.teacher_accounts]]
        for index, person_id in enumerate(self.teacher_logins, start=1):
            person = self.teacher(person_id)
            add(f"teacher{index:05d}", "Teacher", person.org.id, person_id, person.first, person.last)

    # -- registry records ---------------------------------------------------------------------------------
    def _common(self, t: Teacher, year: int | None, source: str) -> tuple:
        return (t.id, t.org.id, t.org.region_id, t.org.district_id, year, source, NOW, NOW, NOW)

    COMMON = ["person_id", "tenant_id", "region_id", "district_id", "academic_year_id", "source", "collected_on",
              "created_on", "changed_on"]

    def registry_records(self) -> None:
        ids, rng = self.refs.ids, self.rng
        employment, diplomas, categories, tests, credits = [], [], [], [], []
        for t in self.teachers:
            employment.append((*self._common(t, None, "nobd"), t.org.id, ids["position"][t.position], t.subject_id,
                               "1.00", t.hired, True, True))
            diplomas.append((*self._common(t, None, "mnvo"), rng.choice(names.UNIVERSITIES), "Педагогика және әдістеме",
                             f"ЖБ-Б {1_000_000 + t.id}", dt.date(t.hired.year, 6, 25)))
            if t.category != "none":
                assigned = dt.date(2021 + t.id % 5, 6, 30)
                categories.append((*self._common(t, None, "nobd"), ids["qualification_category"][t.category], assigned,
                                   assigned.replace(year=assigned.year + 5), False, f"№{t.id % 900 + 10}-ж",
                                   ids["event_level"][CATEGORY_LEVEL[t.category]]))
            if t.category != "none" or t.id % 3 == 0:
                tests.append((*self._common(t, None, "uto"), dt.date(2026, 3, 1) + dt.timedelta(days=t.id % 150),
                              "kk" if t.id % 3 else "ru", f"{55 + t.id % 40}.00", False))
            if t.id % 33 == 0:
                credits.append((*self._common(t, None, "manual"), 730, "Әдістемелік кабинеттің әдіскері (бұйрық №45)"))
        c = self.COMMON
        self.copier.copy("employment", c + ["organization_id", "position_id", "subject_id", "workload", "starts_on",
                                            "is_main", "is_pedagogical"], employment)
        self.copier.copy("diploma", c + ["institution", "specialty", "number", "graduated_on"], diplomas)
        self.copier.copy("category_record", c + ["category_id", "assigned_on", "valid_until", "confirmed",
                                                 "order_number", "issuing_level_id"], categories)
        self.copier.copy("ozp_result", c + ["taken_on", "language", "percent", "annulled"], tests)
        self.copier.copy("experience_credit", c + ["days", "reason"], credits)

    # -- applicants and their portfolios -------------------------------------------------------------------
    def _choose_applicants(self) -> list[Teacher]:
        logins = [self.teacher(p) for p in self.teacher_logins[: len(self.teacher_logins) // 2]]
        skip = (self.member_persons | {o.persons[0] for o in self.orgs} | set(self.methodists.values())
                | set(self.teacher_logins))
        pool = [t for t in self.teachers if t.id not in skip]
        rest = self.rng.sample(pool, min(len(pool), self.plan.applicants - len(logins)))
        return sorted(logins + rest, key=lambda t: t.id)

    def _requested(self, t: Teacher) -> tuple[str, str]:
        """The category applied for and the mode, by the principle of sequence."""
        rank = CATEGORY_ORDER.index(t.category)
        if t.category == "master" or (rank > 0 and self.rng.random() < 0.2):
            return t.category, "confirm"
        return CATEGORY_ORDER[rank + 1], "assign"

    def portfolios(self) -> None:
        self.applicants = self._choose_applicants()
        self.requests = {t.id: self._requested(t) for t in self.applicants}
        self.complete = {t.id: self.rng.random() < 0.8 for t in self.applicants}
        tables: dict[str, list] = {k: [] for k in ("knowledge_quality", "contest_participant", "methodical_material",
                                                   "speech", "working_group", "publication", "practice_transmission",
                                                   "course", "class_management")}
        contests: dict[tuple, int] = {}
        contest_rows: list[tuple] = []
        for t in self.applicants:
            self._portfolio(t, tables, contests, contest_rows)
        self.copier.copy("contest", ["id", "kind", "approved_contest_id", "event_level_id", "held_on",
                                     "academic_year_id", "tenant_id", "region_id", "district_id", "created_on",
                                     "changed_on"], contest_rows)
        c = self.COMMON + ["entered_by_name"]
        columns = {
            "knowledge_quality": ["class_group", "subject_id", "quality_percent", "success_percent",
                                  "monitoring_analysis"],
            "contest_participant": ["contest_id", "participant_iin", "participant_name", "status"],
            "methodical_material": ["title", "kind", "council_level_id", "protocol_number", "protocol_date"],
            "speech": ["title", "event_name", "event_level_id", "held_on"],
            "working_group": ["name", "role", "event_level_id", "order_number", "starts_on"],
            "publication": ["title", "venue_id", "author_count", "published_on"],
            "practice_transmission": ["title", "event_level_id", "coverage_count", "held_on"],
            "course": ["program_id", "provider", "hours", "in_profile", "certificate_number", "completed_on"],
            "class_management": ["class_group", "role"],
        }
        for table, rows in tables.items():
            self.copier.copy(table, c + columns[table], rows)

    def _portfolio(self, t: Teacher, tables: dict, contests: dict, contest_rows: list) -> None:
        ids, years = self.refs.ids, self.refs.years
        requested, _mode = self.requests[t.id]
        complete = self.complete[t.id]
        level = ids["event_level"][CATEGORY_LEVEL.get(requested, "organization")]
        this_year, last_year = years[-1][0], years[-2][0]

        def common(year: int) -> tuple:
            return (*self._common(t, year, "manual"), "Жауапты тұлға")

        for year_id, _start in years[-3:] if complete else years[-1:]:
            tables["knowledge_quality"].append((*common(year_id), f"{5 + t.id % 6}«А»", t.subject_id,
                                                f"{50 + t.id % 40}.00", "100.00",
                                                "Білім сапасының динамикасы оң." if complete else None))
        for kind, status in (("students", "teacher_of_winner" if t.id % 4 == 0 else "participant"),
                             ("teachers", "winner" if t.id % 7 == 0 else "participant")):
            contest_id = self._contest(t.org.id, kind, level, contests, contest_rows)
            name = f"Оқушы {t.id % 30 + 1}" if kind == "students" else f"{t.last} {t.first}"
            tables["contest_participant"].append((*common(last_year), contest_id,
                                                  t.iin if kind == "teachers" else None, name, status))
        if complete:
            tables["methodical_material"].append((*common(last_year), "Функционалдық сауаттылықты дамыту тапсырмалары",
                                                  "methodical_manual", level, f"№{t.id % 50 + 1}",
                                                  dt.date(2025, 10, 20)))
            tables["speech"].append((*common(this_year), "Критериалды бағалау тәжірибесі", "Әдістемелік семинар",
                                     level, dt.date(2026, 10, 12)))
            tables["working_group"].append((*common(last_year), "Пәндік олимпиада қазылар алқасы", "jury", level,
                                            f"№{t.id % 90 + 1}", dt.date(2025, 9, 15)))
            tables["class_management"].append((*common(this_year), "7«А»", "class_teacher"))
        if requested in ("researcher", "master"):
            tables["publication"].append((*common(last_year), "Жобалық оқыту әдісі", ids["publication_venue_first"],
                                          2, dt.date(2025, 10, 1)))
            tables["practice_transmission"].append((*common(this_year), "Тәжірибе алмасу", level, 3,
                                                    dt.date(2026, 11, 1)))
        programs = self.refs.ids["course_program"]
        chosen = ["orleu_updated_content_80", "orleu_digital_72"] if complete else ["nis_criteria_36"]
        for code in chosen:
            tables["course"].append((*common(last_year), programs[code], "«Өрлеу» БАҰО",
                                     self.refs.ids["course_hours"][code], True, f"{10**7 + t.id}",
                                     dt.date(2025, 6, 20)))

    def _contest(self, org_id: int, kind: str, level: int, contests: dict, rows: list) -> int:
        key = (org_id, kind, level)
        if key not in contests:
            contests[key] = len(rows) + 1
            approved = self.refs.ids["approved_contest_" + kind]
            rows.append((contests[key], kind, approved, level, dt.date(2025, 3, 14), self.refs.years[-2][0], org_id,
                         *self._stamp(org_id), NOW, NOW))
        return contests[key]

    # -- lesson observations --------------------------------------------------------------------------------
    def observations(self) -> None:
        """Five or six sheets of this school year per applicant (one by an external methodist), each
        with an answer per criterion; totals computed as the app computes them."""
        year_id, year_start = self.refs.years[-1]
        points = {1: 1, 2: 2, 3: 3, 4: 4}
        sheets, answers = [], []
        sheet_id = 1
        for t in self.applicants:
            template_id, criteria = self.refs.templates[t.org.level]
            count = 6 if t.id % 3 == 0 else 5
            for k in range(count):
                external = k == 0
                node = t.org.district_id or t.org.region_id
                observer = self.methodist_user[node] if external else self.head_user[t.org.id]
                levels = [2 + (t.id * 7 + k * 3 + i) % 3 for i in range(len(criteria))]
                total, most = sum(points[v] for v in levels), 4 * len(criteria)
                day = year_start + dt.timedelta(days=7 + 12 * k + t.id % 5)
                starts = dt.time(8 + (t.id + k) % 6, 0)
                sheets.append((sheet_id, t.id, observer, "external" if external else "internal", template_id, year_id,
                               day, starts, dt.time(starts.hour, 45), "lesson", "7«А»", t.subject_id, "submitted",
                               dt.datetime.combine(day, dt.time(15, 0)), total, most,
                               f"{100 * total / most:.2f}", "Кері байланыс тәсілдерін әртараптандыру ұсынылады.",
                               t.org.id, t.org.region_id, t.org.district_id, NOW, NOW))
                answers.extend(f"{sheet_id}\t{c}\t{v}\t{points[v]}" for c, v in zip(criteria, levels))
                sheet_id += 1
        self.copier.copy("observation_sheet", [
            "id", "person_id", "observer_id", "observer_kind", "template_id", "academic_year_id", "observed_on",
            "starts_at", "ends_at", "event_type", "class_group", "subject_id", "status", "submitted_on",
            "total_points", "max_points", "percent", "recommendations", "tenant_id", "region_id", "district_id",
            "created_on", "changed_on"], sheets)
        self.copier.copy_lines("sheet_answer", ["sheet_id", "criterion_id", "level", "points"], answers)

    # -- applications -------------------------------------------------------------------------------------
    def applications(self) -> None:
        from bench.national_cases import Cases

        cases = Cases(self.refs.rules, self.refs.period_rule_parameters)
        commission_at = self._commission_index()
        states, weights = list(STATE_MIX), list(STATE_MIX.values())
        apps, events, reviews = [], [], []
        self.decided_by_commission: dict[tuple[int, str], list[tuple]] = {}
        text = names.essay(150)
        for app_id, t in enumerate(self.applicants, start=1):
            requested, mode = self.requests[t.id]
            state = self.rng.choices(states, weights)[0]
            commission = self._commission_for(t, requested, commission_at)
            row = self._application(app_id, t, requested, mode, state, commission, cases, text)
            apps.append(row)
            self._events(app_id, t, state, events)
            self._reviews(app_id, t, state, commission, reviews)
        self.app_rows = {row[0]: row for row in apps}
        self.copier.copy("application", self.APPLICATION_COLUMNS, apps)
        self.copier.copy("application_event", ["application_id", "action", "from_state", "to_state", "actor_name",
                                               "reason", "at", "tenant_id", "region_id", "district_id"], events)
        self.copier.copy("review", ["application_id", "commission_id", "member_id", "opened_on", "corresponds",
                                    "voted_on", "tenant_id", "region_id", "district_id", "created_on", "changed_on"],
                         reviews)

    APPLICATION_COLUMNS = [
        "id", "person_id", "period_id", "commission_id", "requested_category", "mode", "current_category",
        "position_kind", "test_language", "essay", "essay_words", "state", "submitted_on", "review_due_on",
        "decided_on", "state_reason", "snapshot", "score", "eligibility", "chair_corresponds", "decision", "flagged",
        "outcome", "awarded_category", "protocol_id", "tenant_id", "region_id", "district_id", "created_on",
        "changed_on"]

    def _commission_index(self) -> dict[tuple[int, str], int]:
        found: dict[tuple[int, str], int] = {}
        for commission_id, tenant_id in self.commission_tenant.items():
            found.setdefault((tenant_id, self._level_of(tenant_id)), commission_id)
        return found

    def _level_of(self, tenant_id: int) -> str:
        if tenant_id == self.refs.republic_id:
            return "republic"
        if tenant_id in self._region_set:
            return "region"
        return "district" if tenant_id in self._district_region else "organization"

    def _commission_for(self, t: Teacher, requested: str, index: dict) -> int:
        """The commission of the category's level among the teacher's ancestors, else the nearest one above."""
        chain = [(t.org.id, "organization"), (t.org.district_id, "district"), (t.org.region_id, "region"),
                 (self.refs.republic_id, "republic")]
        wanted = CATEGORY_LEVEL.get(requested, "organization")
        start = [level for _node, level in chain].index(wanted)
        for node, level in chain[start:] + chain[:start][::-1]:
            if node is not None and (node, level) in index:
                return index[(node, level)]
        return 1

    def _application(self, app_id, t, requested, mode, state, commission, cases, text) -> tuple:
        current = "teacher" if t.category == "none" else t.category
        submitted = None if state == "draft" else NOW - dt.timedelta(days=20 + t.id % 60)
        frozen = state not in ("draft", "returned")
        snapshot, score = cases.case(t.org.level, requested, current, mode, self.complete[t.id]) if frozen else (None, None)
        decision = outcome = awarded = corresponds = None
        if state in DECIDED_STATES:
            corresponds = self.complete[t.id]
            decision, outcome, awarded = cases.decision(t.org.level, requested, current, mode, self.complete[t.id],
                                                        corresponds, len(self._voting(commission)))
            self.decided_by_commission.setdefault((commission, state), []).append((app_id, t, outcome, awarded))
        # app.scoring.snapshot.position_kind, on the position code
        kind = t.position if t.position in ("head", "deputy_head") else (
            "methodist" if t.position == "methodist" else "teacher")
        return (app_id, t.id, self.refs.period_id, commission, requested, mode, current, kind,
                "kk" if t.id % 3 else "ru", text, 150, state, submitted,
                submitted.date() + dt.timedelta(days=30) if submitted else None,
                NOW if state in DECIDED_STATES else None,
                "Эссе толық емес: қайта қарап, жіберіңіз." if state == "returned" else None,
                snapshot, score, '{"documents": []}' if submitted else None, corresponds, decision,
                False, outcome, awarded, None, t.org.id, t.org.region_id, t.org.district_id, NOW, NOW)

    def _voting(self, commission: int) -> list[tuple[int, int, str]]:
        return [m for m in self.members.get(commission, []) if m[2] in ("chair", "member")]

    def _events(self, app_id: int, t: Teacher, state: str, events: list) -> None:
        previous = None
        for action in ["create", *PATHS[state]]:
            target = ACTION_TARGET[action]
            reason = {"return": "Эссе толық емес.", "withdraw": "Келесі жылы тапсырамын."}.get(action)
            events.append((app_id, action, previous, target, "Бенчмарк", reason, NOW, t.org.id, t.org.region_id,
                           t.org.district_id))
            previous = target

    def _reviews(self, app_id: int, t: Teacher, state: str, commission: int, reviews: list) -> None:
        if state not in ("under_review", "reviewed", *DECIDED_STATES):
            return
        for position, (member_id, _person, _role) in enumerate(self._voting(commission)):
            voted = state != "under_review" or position < 2
            vote = (self.complete[t.id] or position % 3 == 2) if voted else None
            reviews.append((app_id, commission, member_id, NOW if voted else None, vote, NOW if voted else None,
                            t.org.id, t.org.region_id, t.org.district_id, NOW, NOW))

    # -- protocols, orders, certificates --------------------------------------------------------------------
    def documents(self) -> None:
        """One protocol per commission for its applications in a protocol: signing (in_protocol) or
        signed with an order and certificates (certified)."""
        from app.attestation.orders import CERTIFIED_OUTCOMES

        protocols, signatures, orders, certificates, links = [], [], [], [], []
        for (commission, state), rows in sorted(self.decided_by_commission.items()):
            if state == "decided":
                continue
            protocol_id = len(protocols) + 1
            tenant_id = self.commission_tenant[commission]
            stamp = self._stamp(tenant_id)
            voting = self._voting(commission)
            signed = state == "certified"
            protocols.append((protocol_id, commission, f"{protocol_id}-{state[:1].upper()}", dt.date(2026, 11, 20),
                              "kk", "signed" if signed else "signing", json.dumps([m[0] for m in voting]),
                              f"{protocol_id:064x}", NOW, f"{protocol_id + 1:064x}", NOW if signed else None,
                              tenant_id, *stamp, NOW, NOW))
            for index, (member_id, person_id, _role) in enumerate(voting if signed else voting[:1]):
                person = self.teacher(person_id)
                signatures.append((protocol_id, commission, member_id, person_id, "test_key", person.iin,
                                   f"{person.last} {person.first}", f"{protocol_id:08x}{index:04x}", "not_checked",
                                   NOW, f"Signature{index + 1}", True, f"{protocol_id + index:064x}", "\\x3000",
                                   tenant_id, *stamp))
            links.extend((protocol_id, app_id) for app_id, *_rest in rows)
            if signed:
                order_id = len(orders) + 1
                orders.append((order_id, protocol_id, commission, f"Б-{order_id}", dt.date(2026, 11, 25),
                               "Нұрланов Ержан Бекұлы", "Білім бөлімінің басшысы", tenant_id, *stamp, NOW, NOW))
                for app_id, t, outcome, awarded in rows:
                    if outcome in CERTIFIED_OUTCOMES and awarded:
                        certificates.append((f"KZ-2026-{app_id:07d}", t.id, app_id, order_id, commission,
                                             f"{t.last} {t.first} {t.middle}", awarded, outcome, dt.date(2026, 11, 25),
                                             dt.date(2031, 11, 25), "kk", t.org.id, t.org.region_id,
                                             t.org.district_id, NOW, NOW))
        self.copier.copy("protocol", ["id", "commission_id", "number", "session_date", "language", "state",
                                      "present_member_ids", "formed_sha256", "formed_on", "current_sha256",
                                      "signed_on", "tenant_id", "region_id", "district_id", "created_on",
                                      "changed_on"], protocols)
        self.copier.copy("protocol_signature", [
            "protocol_id", "commission_id", "member_id", "person_id", "method", "signer_iin", "signer_name",
            "certificate_serial", "revocation", "signed_at", "field_name", "embedded", "result_sha256", "cms",
            "tenant_id", "region_id", "district_id"], signatures)
        self.copier.copy("attestation_order", ["id", "protocol_id", "commission_id", "number", "issued_on",
                                               "head_name", "head_position", "tenant_id", "region_id", "district_id",
                                               "created_on", "changed_on"], orders)
        self.copier.copy("certificate", ["number", "person_id", "application_id", "order_id", "commission_id",
                                         "holder_name", "category", "outcome", "issued_on", "valid_until", "language",
                                         "tenant_id", "region_id", "district_id", "created_on", "changed_on"],
                         certificates)
        self._link_protocols(links)

    def _link_protocols(self, links: list[tuple[int, int]]) -> None:
        """application.protocol_id, set after the protocols exist (a foreign key)."""
        started = time.perf_counter()
        with self.conn.cursor() as cur:
            cur.execute("CREATE TEMP TABLE bench_links (protocol_id int, application_id int)")
            with cur.copy("COPY bench_links FROM STDIN") as copy:
                copy.write("".join(f"{p}\t{a}\n" for p, a in links))
            cur.execute("UPDATE application a SET protocol_id = l.protocol_id FROM bench_links l "
                        "WHERE a.id = l.application_id")
            cur.execute("DROP TABLE bench_links")
        self.copier.note("application (protocol links)", time.perf_counter() - started, len(links))

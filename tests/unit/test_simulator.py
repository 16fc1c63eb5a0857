"""The registry simulator keeps the wire contract (docs/registries.md): deterministic records with valid
ИИН/БИН and our directories' codes, feeds that a reader following the highest-revision cursor copies
exactly (also through its faults), mutations that an incremental read finds and nothing else, lookups
and their errors. No database: the simulator runs in a thread and is read with requests."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import Counter

import pytest
import requests

from app.identifiers import make_iin, validate_bin, validate_iin
from app.integrations.simulator import run_simulator
from app.integrations.simulator.geography import DISTRICT_AREAS, REGION_AREAS
from app.integrations.simulator.world import World
from app.reference import CATEGORIES, COURSES, ORGANIZATION_TYPES, POSITIONS, SUBJECTS

#: (registry, collection, key)
FEEDS = (("nobd", "organizations", "bin"), ("nobd", "teachers", "iin"), ("uto", "results", "result_id"),
         ("mnvo", "diplomas", "diploma_id"), ("orleu", "certificates", "certificate_id"))
TIMEOUT = 0.2  # the client's; the simulator's hang is 0.3 s, so a timeout fault is a timeout here


def truth(url: str, registry: str) -> dict:
    return requests.get(f"{url}/_truth/{registry}", timeout=30).json()


def keyed(records: list[dict], key: str) -> dict:
    return {r[key]: r for r in records}


class Reader:
    """A tolerant reader as the contract asks of a sync: retries 5xx, 429 (after Retry-After), timeouts
    and truncated JSON; upserts by key; the next cursor is the highest revision of the page."""

    def __init__(self, url: str) -> None:
        self.url, self.session, self.seen = url, requests.Session(), Counter()

    def get(self, path: str, params: dict) -> dict:
        for _attempt in range(80):
            try:
                response = self.session.get(f"{self.url}/{path}", params=params, timeout=TIMEOUT)
            except requests.Timeout:
                self.seen["timeout"] += 1
                continue
            if response.status_code == 429:
                self.seen["rate_limited"] += 1
                time.sleep(float(response.headers["Retry-After"]))
                continue
            if response.status_code >= 500:
                self.seen["server_error"] += 1
                continue
            assert response.status_code == 200, response.text
            try:
                return response.json()
            except ValueError:
                self.seen["bad_json"] += 1
        raise AssertionError(f"{path} never answered")

    def feed(self, registry: str, collection: str, key: str, since: int = 0, limit: int = 50) -> tuple[dict, int]:
        held: dict = {}
        cursor = since
        while True:
            page = self.get(f"{registry}/v1/{collection}", {"since": cursor, "limit": limit})
            revisions = [item["revision"] for item in page["items"]]
            if len(set(revisions)) < len(revisions) or any(r <= cursor for r in revisions):
                self.seen["repeat"] += 1
            elif revisions != sorted(revisions):
                self.seen["shuffle"] += 1
            for item in page["items"]:
                if item[key] not in held or item["revision"] >= held[item[key]]["revision"]:
                    held[item[key]] = item
            cursor = max([cursor, *revisions])
            if not page["has_more"]:
                return held, cursor


# --- the data ---------------------------------------------------------------------------------------

def test_the_same_seed_gives_the_same_truth_and_another_seed_another():
    with run_simulator(seed=5, teachers=120) as first, run_simulator(seed=5, teachers=120) as again, \
            run_simulator(seed=6, teachers=120) as other:
        for registry in ("nobd", "gbdfl", "gbdul", "uto", "mnvo", "orleu"):
            assert truth(first, registry) == truth(again, registry), registry
        assert truth(first, "nobd")["teachers"] != truth(other, "nobd")["teachers"]
        assert {p["iin"] for p in truth(first, "gbdfl")["persons"]}.isdisjoint(
            p["iin"] for p in truth(other, "gbdfl")["persons"])


def test_every_iin_and_bin_is_valid_and_unique_at_10000_teachers():
    world = World(seed=3, teachers=10_000)
    persons = list(world.persons())
    assert len(persons) == 11_000  # every teacher and a tenth more who are not teachers
    assert len({p["iin"] for p in persons}) == len(persons)
    for person in persons:
        check = validate_iin(person["iin"])
        assert check.valid, person
        assert (check.birth_date.isoformat(), check.sex) == (person["birth_date"], person["sex"])
        assert dt.date(1960, 1, 1) <= check.birth_date < dt.date(2000, 1, 1)
        assert int(person["iin"][7:11]) >= 5000  # far from the demo's serials
    bins = [world.bin_of(j) for j in range(world.org_count)]
    assert len(set(bins)) == len(bins) == 400
    assert all(validate_bin(b).valid for b in bins)
    teachers = world.feeds[("nobd", "teachers")]
    assert [teachers.record(i)["iin"] for i in range(0, 10_000, 97)] == [persons[i]["iin"] for i in range(0, 10_000, 97)]


def test_records_use_our_directories_real_places_and_cyrillic_names():
    from app.demo import DISTRICTS

    world = World(seed=2, teachers=2_000)
    data = {name: list(world.feeds[(registry, name)].everything()) for registry, name, _key in FEEDS}
    orgs = data["organizations"]
    assert {o["organization_type"] for o in orgs} <= {t[0] for t in ORGANIZATION_TYPES}
    assert {"school", "kindergarten", "college"} <= {o["organization_type"] for o in orgs}
    colleges = [o for o in orgs if o["organization_type"] == "college"]
    assert colleges and all(o["district_kato"] is None and o["district_name_ru"] is None for o in colleges)
    areas = {(a.region_kato, a.district_kato): a for a in DISTRICT_AREAS + REGION_AREAS}
    for org in orgs:
        area = areas[(org["region_kato"], org["district_kato"])]
        assert (org["region_name_kk"], org["district_name_ru"]) == (area.region_kk, area.district_ru)
    for region, districts in DISTRICTS.items():  # the demo's places, exactly
        for kato, kk, ru, _en in districts:
            assert (areas[(region, kato)].district_kk, areas[(region, kato)].district_ru) == (kk, ru)
    assert len({a.district_kato for a in DISTRICT_AREAS}) == len(DISTRICT_AREAS) >= 60
    larger = World(seed=2, teachers=30_000)  # every region has organizations, the large ones more
    regions = Counter(larger.organization(j, 0)["region_kato"] for j in range(larger.org_count))
    assert len(regions) == 20 and regions["750000000"] > 5 * regions["620000000"]
    per_org = Counter(j["organization_bin"] for t in data["teachers"] for j in t["employments"] if j["is_main"])
    assert set(per_org) == {o["bin"] for o in orgs} and max(per_org.values()) <= 26
    assert all(sum(j["position_code"] == "head" for t in data["teachers"] for j in t["employments"]
                   if j["organization_bin"] == o["bin"]) == 1 for o in orgs[:50])
    jobs = [j for t in data["teachers"] for j in t["employments"]]
    assert {j["position_code"] for j in jobs} <= {p[0] for p in POSITIONS}
    assert {j["subject_code"] for j in jobs} - {None} <= {s[0] for s in SUBJECTS}
    assert {r["category_code"] for r in data["results"]} - {None} <= {c[0] for c in CATEGORIES}
    assert {c["program_code"] for c in data["certificates"]} - {None} <= {c[0] for c in COURSES}
    assert {t["status"] for t in data["teachers"]} == {"active", "left"}
    names = " ".join(t["last_name"] + t["first_name"] + (t["middle_name"] or "") for t in data["teachers"])
    assert set("әғқңөұүһі") <= set(names.lower())
    assert "ұлы" in names and "қызы" in names and ("Сергеевич" in names or "Сергеевна" in names)
    for teacher in data["teachers"]:
        assert teacher["employments"][0]["is_main"] and validate_iin(teacher["iin"]).valid
    # per teacher: 0-3 results, 0-2 diplomas, 0-4 certificates, all of known teachers
    iins = {t["iin"] for t in data["teachers"]}
    for name, top in (("results", 3), ("diplomas", 2), ("certificates", 4)):
        per = Counter(r["iin"] for r in data[name])
        assert set(per) <= iins and max(per.values()) == top and len(per) < len(iins)


def test_teachers_stay_plausible_through_many_changes():
    import random

    world = World(seed=13, teachers=1_500)
    teachers = world.feeds[("nobd", "teachers")]
    first = list(teachers.everything())
    for round_ in range(3):
        teachers.mutate(1, random.Random(round_))
    for old, new in zip(first, teachers.everything()):
        assert new["revision"] > 1_500 and (old["iin"], old["birth_date"], old["first_name"]) == (
            new["iin"], new["birth_date"], new["first_name"])
        jobs = new["employments"]
        assert jobs[0]["is_main"] and not any(j["is_main"] for j in jobs[1:])
        assert len({j["organization_bin"] for j in jobs}) == len(jobs)
        for job in jobs:
            assert job["ends_on"] is None or job["ends_on"] >= job["starts_on"]
            assert job["starts_on"] >= f"{int(new['birth_date'][:4]) + 20}"
            assert job["position_code"] in {p[0] for p in POSITIONS}
        assert (new["status"] == "left") == all(j["ends_on"] for j in jobs)
        if new["last_name"] != old["last_name"]:
            assert new["sex"] == "F"
    heads = Counter(j["organization_bin"] for t in teachers.everything() for j in t["employments"]
                    if j["position_code"] == "head")
    assert set(heads.values()) == {1} and len(heads) == world.org_count


def test_575k_teachers_start_in_little_time_and_memory():
    started = time.monotonic()
    world = World(seed=1, teachers=575_000)
    assert time.monotonic() - started < 5
    teachers = world.feeds[("nobd", "teachers")]
    items, has_more, total = teachers.page(574_000, 1000)
    assert (len(items), has_more, total) == (1000, False, 1000)
    assert [i["revision"] for i in items] == list(range(574_001, 575_001))
    # the per-teacher feeds keep 4 bytes a teacher, not a record
    assert all(feed.cum.itemsize * len(feed.cum) < 3_000_000 for feed in world.feeds.values())


# --- feeds --------------------------------------------------------------------------------------------

def test_reading_every_feed_by_the_highest_revision_copies_the_truth_exactly():
    with run_simulator(seed=4, teachers=150) as url:
        reader = Reader(url)
        for registry, collection, key in FEEDS:
            expected = keyed(truth(url, registry)[collection], key)
            held, cursor = reader.feed(registry, collection, key, limit=37)
            assert held == expected, collection
            assert cursor == max(r["revision"] for r in expected.values())
            first = requests.get(f"{url}/{registry}/v1/{collection}", params={"since": 0, "limit": 5000}, timeout=5).json()
            assert first["total"] == len(first["items"]) == len(expected) and not first["has_more"]
            revisions = [i["revision"] for i in first["items"]]
            assert revisions == sorted(set(revisions))
            for since in (0, revisions[len(revisions) // 3], cursor - 1, cursor, cursor + 10):
                page = requests.get(f"{url}/{registry}/v1/{collection}", params={"since": since, "limit": 7},
                                    timeout=5).json()
                above = sorted(r for r in revisions if r > since)
                assert page["total"] == len(above) and [i["revision"] for i in page["items"]] == above[:7]
                assert page["has_more"] == (len(above) > 7)
        assert not reader.seen


def test_through_half_the_requests_failing_a_tolerant_reader_still_copies_the_truth():
    with run_simulator(seed=11, teachers=200, fault_rate=0.5, hang=0.3) as url:
        reader = Reader(url)
        for registry, collection, key in FEEDS:
            held, _cursor = reader.feed(registry, collection, key, limit=25)
            assert held == keyed(truth(url, registry)[collection], key), collection
        # every kind of fault happened (the fault generator is seeded, so this run is always the same)
        assert set(reader.seen) == {"timeout", "server_error", "rate_limited", "bad_json", "repeat", "shuffle"}


def test_after_a_mutation_an_incremental_read_brings_exactly_the_changed_records():
    with run_simulator(seed=9, teachers=300) as url:
        reader = Reader(url)
        for registry, collection, key in FEEDS:
            before, cursor = reader.feed(registry, collection, key, limit=500)
            size = len(before)
            answer = requests.post(f"{url}/_mutate/{registry}", params={"fraction": 0.1, "collection": collection},
                                   timeout=5).json()
            assert answer["changed"] == round(size * 0.1)
            changed, new_cursor = reader.feed(registry, collection, key, since=cursor, limit=13)
            now = keyed(truth(url, registry)[collection], key)
            assert len(changed) == answer["changed"] and new_cursor == max(r["revision"] for r in changed.values())
            for k, record in changed.items():
                assert record == now[k] and record["revision"] > cursor
                assert {**record, "revision": 0} != {**before[k], "revision": 0}, "a mutation must show"
            assert {k: v for k, v in now.items() if k not in changed} == {k: v for k, v in before.items()
                                                                          if k not in changed}
            # a full read again: every record once, at its current revision only
            page = requests.get(f"{url}/{registry}/v1/{collection}", params={"since": 0, "limit": 5000}, timeout=5).json()
            assert page["total"] == len(page["items"]) == size and keyed(page["items"], key) == now
            # the same records changed again move above the cursor again, still once each
            requests.post(f"{url}/_mutate/{registry}", params={"fraction": 1, "collection": collection}, timeout=5)
            again = requests.get(f"{url}/{registry}/v1/{collection}", params={"since": new_cursor, "limit": 5000},
                                 timeout=5).json()
            assert again["total"] == len(again["items"]) == size
            assert keyed(again["items"], key) == keyed(truth(url, registry)[collection], key)


def test_a_renamed_organization_and_a_changed_surname_are_the_lookups_too():
    with run_simulator(seed=10, teachers=200) as url:
        before = truth(url, "nobd")
        requests.post(f"{url}/_mutate/nobd", params={"fraction": 1, "collection": "organizations"}, timeout=5)
        requests.post(f"{url}/_mutate/nobd", params={"fraction": 1}, timeout=5)
        nobd = truth(url, "nobd")
        for old, new in zip(before["organizations"], nobd["organizations"]):  # a rename changes the names only
            assert (old["name_kk"], old["name_ru"]) != (new["name_kk"], new["name_ru"])
            assert {**old, "name_kk": "", "name_ru": "", "revision": 0} == {**new, "name_kk": "", "name_ru": "", "revision": 0}
        assert keyed(truth(url, "gbdul")["organizations"], "bin") == {
            o["bin"]: {**{k: o[k] for k in ("bin", "name_kk", "name_ru", "address", "status")},
                       "registered_on": o_ul["registered_on"], "head_name": o_ul["head_name"]}
            for o, o_ul in ((o, requests.get(f"{url}/gbdul/v1/organizations/{o['bin']}", timeout=5).json())
                            for o in nobd["organizations"])}
        assert any("атындағы" in o["name_kk"] for o in nobd["organizations"])
        persons = keyed(truth(url, "gbdfl")["persons"], "iin")
        for teacher in nobd["teachers"]:
            assert persons[teacher["iin"]]["last_name"] == teacher["last_name"]


def test_a_per_teacher_feed_answers_one_iin_at_once():
    with run_simulator(seed=11, teachers=100) as url:
        results = truth(url, "uto")["results"]
        iin = Counter(r["iin"] for r in results).most_common(1)[0][0]
        page = requests.get(f"{url}/uto/v1/results", params={"iin": iin}, timeout=5).json()
        assert page["has_more"] is False and page["items"] == [r for r in results if r["iin"] == iin]


# --- lookups and errors -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def small():
    with run_simulator(seed=1, teachers=20) as url:
        yield url


def test_lookups_single_and_batched_with_their_errors():
    with run_simulator(seed=12, teachers=100) as url:
        persons = truth(url, "gbdfl")["persons"]
        teachers = truth(url, "nobd")["teachers"]
        assert len(persons) == 110 and {t["iin"] for t in teachers} < {p["iin"] for p in persons}
        outsider = next(p for p in persons if p["iin"] not in {t["iin"] for t in teachers})
        for person in (persons[0], outsider):
            answer = requests.get(f"{url}/gbdfl/v1/persons/{person['iin']}", timeout=5)
            assert answer.status_code == 200 and answer.json() == person
        unknown = make_iin(dt.date(1985, 3, 14), "F", 120)
        answer = requests.get(f"{url}/gbdfl/v1/persons/{unknown}", timeout=5)
        assert (answer.status_code, answer.json()) == (404, {"error": "not_found"})
        assert requests.get(f"{url}/gbdfl/v1/persons/12345", timeout=5).status_code == 400
        batch = requests.get(f"{url}/gbdfl/v1/persons", params={"iin": f"{persons[3]['iin']},{unknown},{outsider['iin']}"},
                             timeout=5).json()
        assert batch == {"items": [persons[3], outsider]}
        too_many = ",".join(p["iin"] for p in persons[:101])
        for bad in (too_many, "", "abc", f"{persons[0]['iin']},12"):
            answer = requests.get(f"{url}/gbdfl/v1/persons", params={"iin": bad}, timeout=5)
            assert answer.status_code == 400 and "error" in answer.json(), bad
        assert len(requests.get(f"{url}/gbdfl/v1/persons", params={"iin": ",".join(p["iin"] for p in persons[:100])},
                                timeout=5).json()["items"]) == 100

        entities = truth(url, "gbdul")["organizations"]
        assert len(entities) == len(truth(url, "nobd")["organizations"]) == 4
        assert set(entities[0]) == {"bin", "name_kk", "name_ru", "address", "registered_on", "head_name", "status"}
        assert requests.get(f"{url}/gbdul/v1/organizations/{entities[1]['bin']}", timeout=5).json() == entities[1]
        both = requests.get(f"{url}/gbdul/v1/organizations", params={"bin": f"{entities[0]['bin']},{entities[2]['bin']}"},
                            timeout=5).json()
        assert both == {"items": [entities[0], entities[2]]}
        answer = requests.get(f"{url}/gbdul/v1/organizations/{entities[0]['bin'][:-1]}9", timeout=5)
        assert answer.status_code in (400, 404) and "error" in answer.json()
        assert requests.get(f"{url}/gbdul/v1/organizations", params={"bin": "x"}, timeout=5).status_code == 400


@pytest.mark.parametrize(("path", "status"), [
    ("nobd/v1/teachers?since=abc", 400), ("nobd/v1/teachers?limit=0", 400), ("nobd/v1/teachers?limit=5001", 400),
    ("nobd/v1/teachers?since=-1", 400), ("nobd/v1/pupils", 404), ("nowhere/v1/teachers", 404), ("nobd", 404),
    ("gbdfl/v1/persons/850314401236/extra", 404), ("_truth/nowhere", 404), ("_health", 200),
])
def test_errors_are_json_and_never_a_500(small, path, status):
    answer = requests.get(f"{small}/{path}", timeout=5)
    assert answer.status_code == status and answer.headers["Content-Type"].startswith("application/json")
    assert json.loads(answer.text)


def test_a_token_guards_the_registries_but_not_the_test_endpoints():
    with run_simulator(seed=1, teachers=20, token="s3cret") as url:
        assert requests.get(f"{url}/nobd/v1/teachers", timeout=5).status_code == 401
        assert requests.get(f"{url}/nobd/v1/teachers", headers={"Authorization": "Bearer nope"}, timeout=5).status_code == 401
        assert requests.get(f"{url}/nobd/v1/teachers", headers={"Authorization": "Bearer s3cret"}, timeout=5).status_code == 200
        assert requests.get(f"{url}/_truth/nobd", timeout=5).status_code == 200
        assert requests.post(f"{url}/_mutate/nobd?fraction=0.1", timeout=5).json() == {"changed": 2}
        assert requests.get(f"{url}/_health", timeout=5).json() == {"ok": True}
        for bad in ("fraction=0", "fraction=2", "fraction=x", "collection=pupils"):
            assert requests.post(f"{url}/_mutate/nobd?{bad}", timeout=5).status_code == 400
        assert requests.post(f"{url}/_mutate/gbdfl", timeout=5).status_code == 404

"""Issue 15, point 3: ГБД ФЛ by ИИН when a teacher or a commission member is added, ГБД ЮЛ by БИН when an
organization is added, against the registry simulator. The registry's name is filled in (and wins over
a typed one for persons); a registry down, failing or not configured gives a clear message and the
form still works by typing; nothing is half-written. The "Find by IIN" endpoint is for those who may
add, throttled per user, audited with the ИИН masked, and reveals nothing of our own database."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import threading
import time
from collections.abc import Iterator

import pytest
import requests
from sqlalchemy import func, select

from app.extensions import db
from app.identifiers import make_iin, mask_iin
from app.integrations.readonly import registry_writes
from models.audit import AuditRecord
from models.commission import Commission, CommissionMember
from models.person import Person
from tenants.models import Tenant
from tests.helpers import home, persons_under

DOWN = "http://127.0.0.1:9"  # nothing listens: refused at once
REGISTRY_KEYS = ("REGISTRY_GBDFL_URL", "REGISTRY_GBDUL_URL", "REGISTRY_LOOKUP_TIMEOUT", "REGISTRY_LOOKUP_RATE_LIMIT",
                 "REGISTRY_BACKOFF", "REGISTRY_BACKOFF_MAX")


@pytest.fixture(scope="module")
def sim():
    """One simulator for the module (the tests only read it): its URL and ГБД ФЛ / ГБД ЮЛ truth."""
    from app.integrations.simulator import run_simulator

    with run_simulator(seed=1, teachers=50, fault_rate=0.0) as url:
        persons = requests.get(f"{url}/_truth/gbdfl", timeout=30).json()["persons"]
        organizations = requests.get(f"{url}/_truth/gbdul", timeout=30).json()["organizations"]
        yield {"url": url, "persons": persons, "organizations": organizations}


@pytest.fixture
def registry(app):
    """Point the app's ГБД ФЛ / ГБД ЮЛ at a URL (short timeouts), and forget the lookup counters."""
    from app.security.throttle import reset_login_throttle

    saved = {k: app.config.get(k) for k in REGISTRY_KEYS}
    app.config.update({"REGISTRY_LOOKUP_TIMEOUT": (0.2, 0.2), "REGISTRY_BACKOFF": 0.01, "REGISTRY_BACKOFF_MAX": 0.02})
    reset_login_throttle(app)

    def point(url: str) -> None:
        app.config["REGISTRY_GBDFL_URL"] = app.config["REGISTRY_GBDUL_URL"] = url

    yield point
    app.config.update(saved)
    reset_login_throttle(app)


def _text(response) -> str:
    return response.get_data(as_text=True)


def _outsider(sim, index: int = 0) -> dict:
    """A person ГБД ФЛ holds and our database does not."""
    ours = set(db.session.execute(select(Person.iin)).scalars())
    return [p for p in sim["persons"] if p["iin"] not in ours][index]


def _person(iin: str) -> Person | None:
    db.session.expire_all()
    return db.session.execute(select(Person).where(Person.iin == iin)).scalar_one_or_none()


def _lookups() -> list[AuditRecord]:
    db.session.expire_all()
    return list(db.session.execute(select(AuditRecord).where(AuditRecord.action == "registry_lookup")
                                   .order_by(AuditRecord.id)).scalars())


def _add_form(iin: str, last: str = "", first: str = "", middle: str = "") -> dict:
    return {"iin": iin, "last_name": last, "first_name": first, "middle_name": middle, "tenant": home("director").id}


# --- the rules, with a fake registry -----------------------------------------------------------


def test_the_rules_of_a_new_person_with_a_fake_registry(ctx):
    from app.integrations import prefill
    from app.integrations.http import RegistryError
    from app.integrations.lookups import PersonFacts

    iin = make_iin(dt.date(1979, 4, 2), "F", 311)
    facts = PersonFacts(iin, "Сейітова", "Әсел", "Маратқызы", None, "F")

    def holds(_iin):
        return facts

    def down(_iin):
        raise RegistryError("timeout", "gbdfl")

    def person(last=None, first=None, middle=None, number=iin):
        return Person(iin=number, last_name=last, first_name=first, middle_name=middle)

    empty = person()
    assert prefill.person_from_gbdfl(empty, holds).outcome == prefill.FILLED
    assert (empty.last_name, empty.first_name, empty.middle_name, empty.source) == ("Сейітова", "Әсел", "Маратқызы", "gbdfl")
    assert empty.collected_on is not None
    same = person(" сейітова ", "ӘСЕЛ", "Маратқызы")
    assert prefill.person_from_gbdfl(same, holds).outcome == prefill.CONFIRMED and same.last_name == "Сейітова"
    other = person("Сейтова", "Асель")
    result = prefill.person_from_gbdfl(other, holds)
    assert result.outcome == prefill.REPLACED and result.typed == "Сейтова Асель"
    assert (other.last_name, other.source) == ("Сейітова", "gbdfl")
    typed = person("Қолмен", "Енгізілген")
    result = prefill.person_from_gbdfl(typed, down)
    assert (result.outcome, result.error, result.missing) == (prefill.UNAVAILABLE, "timeout", False)
    assert typed.last_name == "Қолмен" and typed.source != "gbdfl" and typed.collected_on is None
    result = prefill.person_from_gbdfl(person(), lambda _iin: None)
    assert (result.outcome, result.missing) == (prefill.NOT_FOUND, True)
    # not asked: an invalid ИИН or one already registered (the person's own rules refuse those)
    asked = []
    assert prefill.person_from_gbdfl(person(number="123"), asked.append).outcome == prefill.SKIPPED
    taken = db.session.execute(select(Person.iin)).scalars().first()
    assert prefill.person_from_gbdfl(person(number=taken), asked.append).outcome == prefill.SKIPPED
    assert asked == []


def test_the_rules_of_a_new_organization_with_a_fake_registry(ctx):
    from app.identifiers import validate_bin
    from app.integrations import prefill
    from app.integrations.http import RegistryError
    from app.integrations.lookups import OrganizationFacts

    code = next(c for c in (f"2105400{n:04d}{d}" for n in range(100) for d in range(10)) if validate_bin(c).valid)
    facts = OrganizationFacts(code, "№5 мектеп-гимназия", "Школа-гимназия №5", "Астана, Абай к-сі 1", None, None, "active")

    def node(**names):
        return Tenant(level="organization", code=code, **names)

    empty = node()
    assert prefill.organization_from_gbdul(empty, lambda _bin: facts).outcome == prefill.FILLED
    assert (empty.name_kk, empty.name_ru, empty.address) == (facts.name_kk, facts.name_ru, facts.address)
    assert empty.source != "gbdul" and empty.collected_on is not None  # a convenience, not an authority
    half = node(name_kk="Бесінші мектеп")
    prefill.organization_from_gbdul(half, lambda _bin: facts)
    assert (half.name_kk, half.name_ru) == ("Бесінші мектеп", facts.name_ru)  # what was typed is kept
    asked = []
    assert prefill.organization_from_gbdul(node(name_kk="А", name_ru="Б"), asked.append).outcome == prefill.SKIPPED
    assert prefill.organization_from_gbdul(Tenant(level="district", code="711210000"), asked.append).outcome == prefill.SKIPPED
    assert asked == []

    def down(_bin):
        raise RegistryError("server_error", "gbdul", 500)

    result = prefill.organization_from_gbdul(node(), down)
    assert (result.outcome, result.error, result.missing) == (prefill.UNAVAILABLE, "server_error", True)


# --- adding a teacher -----------------------------------------------------------------------


def test_a_teacher_added_by_iin_gets_the_name_from_gbdfl(app, browser, ctx, sim, registry):
    registry(sim["url"])
    facts = _outsider(sim)
    director = browser("director")
    director.get("/lang/en")
    page = director.get("/personview/add")
    assert page.status_code == 200
    text = _text(page)
    assert "data-registry-lookup" in text and "registry-lookup.js" in text
    answer = director.post("/personview/add", _add_form(facts["iin"]), follow_redirects=True)
    assert answer.status_code == 200
    assert "filled in from the State database of individuals" in _text(answer)
    person = _person(facts["iin"])
    assert (person.last_name, person.first_name, person.middle_name) == (
        facts["last_name"], facts["first_name"], facts["middle_name"])
    assert person.source == "gbdfl" and person.collected_on is not None
    assert person.tenant_id == home("director").id


def test_a_typed_name_that_gbdfl_contradicts_gives_way_and_the_user_is_told(app, browser, ctx, sim, registry):
    registry(sim["url"])
    facts = _outsider(sim, 1)
    director = browser("director")
    director.get("/lang/en")
    answer = director.post("/personview/add", _add_form(facts["iin"], "Басқаша", "Жазылған"), follow_redirects=True)
    text = _text(answer)
    assert "under another name" in text and "Басқаша Жазылған" in text
    person = _person(facts["iin"])
    assert (person.last_name, person.source) == (facts["last_name"], "gbdfl")
    # the registry's name is not edited by hand afterwards: it is disputed
    edit = director.post(f"/personview/edit/{person.id}", {"iin": person.iin, "last_name": "Басқаша",
                                                            "first_name": person.first_name,
                                                            "tenant": home("director").id}, follow_redirects=True)
    assert "not changed by hand" in _text(edit) and _person(facts["iin"]).last_name == facts["last_name"]


@contextlib.contextmanager
def failing_registry(kind: str) -> Iterator[str]:
    """A registry that always fails one way: 500, a hang past the client's timeout, a truncated body.
    (The simulator at fault rate 1.0 still answers some lookups: its feed-only faults pass them.)"""
    from werkzeug.serving import make_server
    from werkzeug.wrappers import Response

    def answer(environ, start_response):
        if kind == "hang":
            time.sleep(0.5)
        body, status = ('{"iin": "8', 200) if kind == "bad_json" else ('{"error": "internal"}', 500)
        return Response(body, status=status, mimetype="application/json")(environ, start_response)

    server = make_server("127.0.0.1", 0, answer, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.mark.parametrize("where", ["down", "server_error", "hang", "bad_json", "not_configured"])
def test_a_registry_that_cannot_say_leaves_manual_entry_working(app, browser, ctx, registry, where):
    iin = make_iin(dt.date(1983, 11, 23), "M", 417)
    director = browser("director")
    director.get("/lang/en")
    with failing_registry(where) as failing:
        registry({"down": DOWN, "not_configured": ""}.get(where, failing))
        # nothing typed, nothing to fill: the usual refusal and the reason; nothing written
        refused = director.post("/personview/add", _add_form(iin), follow_redirects=True)
        text = _text(refused)
        assert "Last name and first name are required." in text
        assert "The State database of individuals could not be asked." in text
        if where == "not_configured":
            assert "address is not configured" in text
        assert _person(iin) is None
        # typed: saved as typed, marked manual, and the user is told the registry was not asked
        saved = director.post("/personview/add", _add_form(iin, "Тоқтаров", "Ерлан"), follow_redirects=True)
    text = _text(saved)
    assert "could not be asked" in text and "saved as typed" in text
    person = _person(iin)
    assert (person.last_name, person.source, person.collected_on) == ("Тоқтаров", "manual", None)
    for internal in ("timeout", "server_error", "unreachable", "not_configured", "bad_payload", "gbdfl"):
        assert f">{internal}<" not in text and f" {internal} " not in text


def test_the_rest_api_adds_a_teacher_by_iin_alone(app, browser, ctx, sim, registry):
    registry(sim["url"])
    facts = _outsider(sim, 2)
    director = browser("director")
    director.get("/lang/en")
    answer = director.api("POST", "/api/v1/person/", json={"iin": facts["iin"], "tenant": home("director").id})
    assert answer.status_code == 201, answer.get_json()
    assert "filled in" in answer.get_json()["message"]
    assert _person(facts["iin"]).source == "gbdfl"
    registry(DOWN)
    iin = make_iin(dt.date(1990, 1, 9), "F", 55)
    refused = director.api("POST", "/api/v1/person/", json={"iin": iin, "tenant": home("director").id})
    assert refused.status_code == 422 and "could not be asked" in refused.get_json()["message"]
    assert _person(iin) is None


# --- the "Find by IIN" button -----------------------------------------------------------------


def test_find_by_iin_answers_with_the_registry_name_and_is_audited(app, browser, ctx, sim, registry):
    registry(sim["url"])
    facts = _outsider(sim, 3)
    director = browser("director")
    director.get("/lang/en")
    answer = director.post("/personview/lookup/", {"iin": facts["iin"]})
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    body = answer.get_json()
    assert body["found"] is True
    assert (body["last_name"], body["first_name"]) == (facts["last_name"], facts["first_name"])
    entries = _lookups()
    assert len(entries) == 1
    entry = entries[0]
    assert entry.username == "director" and entry.tenant_id == home("director").id
    assert facts["iin"] not in str(entry.changes) and facts["iin"] not in (entry.object_repr or "")
    assert entry.changes["iin"] == mask_iin(facts["iin"]) and entry.changes["found"] is True
    # the trail shows it in words
    national = browser("national")
    national.get("/lang/en")
    shown = _text(national.get(f"/auditview/show/{entry.id}"))
    assert "Looked up in a registry" in shown and "State database of individuals" in shown
    assert ">gbdfl<" not in shown and ">registry_lookup<" not in shown
    # nobody there: said so; the name is then typed
    unknown = make_iin(dt.date(1961, 7, 30), "M", 998)
    body = director.post("/personview/lookup/", {"iin": unknown}).get_json()
    assert body["found"] is False and "has no person with this IIN" in body["message"]
    assert len(_lookups()) == 2


def test_find_by_iin_refuses_invalid_numbers_and_says_when_the_registry_is_down(app, browser, ctx, registry):
    director = browser("director")
    director.get("/lang/en")
    registry(DOWN)
    for bad in ("", "12345", "abcdefghijkl", "850314401237", "9" * 400, "８５０３１４４０１２３６"):
        answer = director.post("/personview/lookup/", {"iin": bad})
        assert answer.status_code == 400 and answer.get_json()["message"].startswith("Invalid IIN"), bad
    answer = director.post("/personview/lookup/", {"iin": make_iin(dt.date(1975, 3, 3), "F", 1)})
    assert answer.status_code == 503
    assert "could not be asked" in answer.get_json()["message"] and "Type the name" in answer.get_json()["message"]
    registry("")
    answer = director.post("/personview/lookup/", {"iin": make_iin(dt.date(1975, 3, 3), "F", 1)})
    assert answer.status_code == 503 and "not configured" in answer.get_json()["message"]
    # a page of another site cannot make the director's browser look people up: the CSRF token is needed
    assert director.post("/personview/lookup/", {"iin": make_iin(dt.date(1975, 3, 3), "F", 1)}, csrf=False).status_code == 400
    assert director.get("/personview/lookup/").status_code in (404, 405)


@pytest.mark.parametrize("username", ["teacher", "auditor", "observer", "commission"])
def test_find_by_iin_is_refused_to_those_who_may_not_add(app, browser, ctx, sim, registry, username):
    registry(sim["url"])
    facts = _outsider(sim, 4)
    b = browser(username)
    answer = b.post("/personview/lookup/", {"iin": facts["iin"]})
    assert answer.status_code in (302, 403, 404)
    assert facts["last_name"] not in _text(answer)
    commission = db.session.execute(select(Commission)).scalars().first()
    answer = b.post(f"/commissions/{commission.id}/members/lookup", {"iin": facts["iin"]})
    assert answer.status_code in (302, 403, 404) and facts["last_name"] not in _text(answer)
    assert _lookups() == []


def test_find_by_iin_is_throttled_per_user(app, browser, ctx, sim, registry):
    registry(sim["url"])
    app.config["REGISTRY_LOOKUP_RATE_LIMIT"] = "3 per minute"
    facts = _outsider(sim, 5)
    director = browser("director")
    director.get("/lang/en")
    for _ in range(3):
        assert director.post("/personview/lookup/", {"iin": facts["iin"]}).status_code == 200
    refused = director.post("/personview/lookup/", {"iin": facts["iin"]})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert "Too many registry lookups" in refused.get_json()["message"]
    assert len(_lookups()) == 3  # the refused one never reached the registry
    # another user has their own allowance
    other = browser("entry")
    assert other.post("/personview/lookup/", {"iin": facts["iin"]}).status_code == 200


def test_find_by_iin_reveals_nothing_of_our_own_database(app, browser, ctx, sim, registry):
    """A teacher of another district, unknown to ГБД ФЛ: the button says "not found", not their name."""
    registry(sim["url"])
    stranger = persons_under(home("district2"))[0]
    director = browser("director")
    director.get("/lang/en")
    body = director.post("/personview/lookup/", {"iin": stranger.iin}).get_json()
    assert body["found"] is False
    assert stranger.last_name not in str(body) and stranger.first_name not in str(body)


# --- commission members -----------------------------------------------------------------------


def _director_commission() -> Commission:
    return db.session.execute(select(Commission).where(Commission.tenant_id == home("director").id)).scalars().first()


def _members(commission_id: int) -> int:
    db.session.expire_all()
    return db.session.execute(select(func.count(CommissionMember.id))
                              .where(CommissionMember.commission_id == commission_id)).scalar_one()


def test_a_member_missing_here_is_named_by_gbdfl(app, browser, ctx, sim, registry):
    registry(sim["url"])
    facts = _outsider(sim, 6)
    commission = _director_commission()
    count = _members(commission.id)
    director = browser("director")
    director.get("/lang/en")
    page = _text(director.get(f"/commissions/show/{commission.id}"))
    assert f"/commissions/{commission.id}/members/lookup" in page and "registry-lookup.js" in page
    body = director.post(f"/commissions/{commission.id}/members/lookup", {"iin": facts["iin"]}).get_json()
    assert body["found"] is True and body["last_name"] == facts["last_name"]
    answer = director.post(f"/commissions/{commission.id}/members", {"iin": facts["iin"], "role": "member"},
                           follow_redirects=True)
    assert "The member is added." in _text(answer)
    person = _person(facts["iin"])
    assert (person.last_name, person.first_name, person.source) == (facts["last_name"], facts["first_name"], "gbdfl")
    assert _members(commission.id) == count + 1


def test_a_member_with_the_registry_down_is_typed(app, browser, ctx, registry):
    registry(DOWN)
    iin = make_iin(dt.date(1972, 2, 14), "F", 803)
    commission = _director_commission()
    count = _members(commission.id)
    director = browser("director")
    director.get("/lang/en")
    refused = _text(director.post(f"/commissions/{commission.id}/members", {"iin": iin, "role": "member"},
                                  follow_redirects=True))
    assert "as in their identity document" in refused and "could not be asked" in refused
    assert _person(iin) is None and _members(commission.id) == count  # nothing half-written
    added = _text(director.post(f"/commissions/{commission.id}/members",
                                {"iin": iin, "role": "member", "last_name": "Нұрланова", "first_name": "Дана"},
                                follow_redirects=True))
    assert "The member is added." in added and "saved as typed" in added
    assert _person(iin).source == "manual" and _members(commission.id) == count + 1


def test_a_member_outside_the_scope_is_still_answered_neutrally(app, browser, ctx, sim, registry):
    """The rule of add_member stands: a person registered outside the adder's scope is linked only by
    a matching name, and an adder without one gets the answer an unknown ИИН gets."""
    registry(sim["url"])
    commission = _director_commission()
    count = _members(commission.id)
    stranger = persons_under(home("district2"))[0]
    director = browser("director")
    director.get("/lang/en")
    # ГБД ФЛ does not hold the stranger: the same refusal as for an ИИН nobody holds, no name shown
    text = _text(director.post(f"/commissions/{commission.id}/members", {"iin": stranger.iin, "role": "member"},
                               follow_redirects=True))
    nobody = make_iin(dt.date(1969, 9, 9), "M", 404)
    unknown = _text(director.post(f"/commissions/{commission.id}/members", {"iin": nobody, "role": "member"},
                                  follow_redirects=True))
    said = re.compile(r"Enter the person[^<]*")
    assert said.search(text).group(0) == said.search(unknown).group(0)
    assert stranger.last_name not in text and stranger.first_name not in text
    # ГБД ФЛ holds the ИИН under a name our record does not have: not linked, nothing told
    facts = _outsider(sim, 7)
    with registry_writes():
        stranger.iin = facts["iin"]
        db.session.commit()
    text = _text(director.post(f"/commissions/{commission.id}/members", {"iin": facts["iin"], "role": "member"},
                               follow_redirects=True))
    assert "as in their identity document" in text and stranger.last_name not in text
    assert facts["last_name"] not in text and _members(commission.id) == count
    # our record has ГБД ФЛ's name: linked (the adder could ask ГБД ФЛ for that name anyway)
    stranger = db.session.get(Person, stranger.id)
    with registry_writes():
        stranger.last_name, stranger.first_name = facts["last_name"], facts["first_name"]
        stranger.middle_name = facts["middle_name"]
        db.session.commit()
    director.post(f"/commissions/{commission.id}/members", {"iin": facts["iin"], "role": "member"})
    assert _members(commission.id) == count + 1
    assert db.session.get(Person, stranger.id).tenant_id == stranger.tenant_id  # linked, not moved or copied


def test_member_lookup_only_for_a_commission_the_user_manages(app, browser, ctx, sim, registry):
    registry(sim["url"])
    facts = _outsider(sim, 8)
    district = browser("district")  # writes commissions, reads persons: may look up for its commissions
    own = db.session.execute(select(Commission).where(Commission.tenant_id == home("district").id)).scalars().first()
    assert district.post(f"/commissions/{own.id}/members/lookup", {"iin": facts["iin"]}).get_json()["found"] is True
    assert district.post("/personview/lookup/", {"iin": facts["iin"]}).status_code in (302, 403)
    foreign = db.session.execute(select(Commission).where(Commission.tenant_id == home("district2").id)).scalars().first()
    if foreign is not None:
        answer = district.post(f"/commissions/{foreign.id}/members/lookup", {"iin": facts["iin"]})
        assert answer.status_code in (403, 404) and facts["last_name"] not in _text(answer)
    assert district.post("/commissions/999999/members/lookup", {"iin": facts["iin"]}).status_code == 404
    assert len(_lookups()) == 1


# --- organizations --------------------------------------------------------------------------


def _organization_form(code: str, name_kk: str = "", name_ru: str = "") -> dict:
    from models.directories import EducationLevel

    level = db.session.execute(select(EducationLevel.id)).scalars().first()
    return {"level": "organization", "parent": home("district").id, "code": code, "name_kk": name_kk,
            "name_ru": name_ru, "education_level": level, "is_active": "y"}


def _node(code: str) -> Tenant | None:
    db.session.expire_all()
    return db.session.execute(select(Tenant).where(Tenant.code == code)).scalar_one_or_none()


def test_an_organization_added_by_bin_gets_its_names_from_gbdul(app, browser, ctx, sim, registry):
    registry(sim["url"])
    ours = set(db.session.execute(select(Tenant.code).where(Tenant.code.is_not(None))).scalars())
    facts = next(o for o in sim["organizations"] if o["bin"] not in ours)
    national = browser("national")
    national.get("/lang/en")
    page = _text(national.get("/tenantview/add"))
    assert "/tenantview/lookup/" in page
    body = national.post("/tenantview/lookup/", {"bin": facts["bin"]}).get_json()
    assert body["found"] is True and body["name_ru"] == facts["name_ru"]
    assert national.post("/tenantview/lookup/", {"bin": "123"}).status_code == 400
    answer = national.post("/tenantview/add", _organization_form(facts["bin"]), follow_redirects=True)
    assert "filled in from the State database of legal entities" in _text(answer)
    node = _node(facts["bin"])
    assert (node.name_kk, node.name_ru, node.address) == (facts["name_kk"], facts["name_ru"], facts["address"])
    assert node.source == "manual" and node.collected_on is not None
    # refused to those who may not add organizations
    assert browser("director").post("/tenantview/lookup/", {"bin": facts["bin"]}).status_code in (302, 403)


def test_an_organization_with_the_registry_down_is_typed(app, browser, ctx, sim, registry):
    registry(DOWN)
    ours = set(db.session.execute(select(Tenant.code).where(Tenant.code.is_not(None))).scalars())
    facts = next(o for o in sim["organizations"] if o["bin"] not in ours)
    national = browser("national")
    national.get("/lang/en")
    refused = _text(national.post("/tenantview/add", _organization_form(facts["bin"]), follow_redirects=True))
    assert "The name in Kazakh and in Russian is required." in refused
    assert "The State database of legal entities could not be asked." in refused
    assert _node(facts["bin"]) is None
    assert national.post("/tenantview/lookup/", {"bin": facts["bin"]}).status_code == 503
    saved = _text(national.post("/tenantview/add", _organization_form(facts["bin"], "Жаңа мектеп", "Новая школа"),
                                follow_redirects=True))
    assert "could not be asked" not in saved  # both names typed: the registry was not needed
    node = _node(facts["bin"])
    assert (node.name_kk, node.source, node.collected_on) == ("Жаңа мектеп", "manual", None)


def test_the_button_posts_like_the_script(app, browser, ctx, registry):
    """registry-lookup.js sends multipart FormData with the token in the X-CSRFToken header."""
    registry(DOWN)
    director = browser("director")
    director.get("/lang/en")
    answer = director._open("/personview/lookup/", method="POST", content_type="multipart/form-data",
                            data={"iin": make_iin(dt.date(1975, 3, 3), "F", 1)},
                            headers={"X-CSRFToken": director.csrf(), "Accept": "application/json"})
    assert answer.status_code == 503 and "could not be asked" in answer.get_json()["message"]

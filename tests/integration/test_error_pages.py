"""Issue 9, point 3: no raw error reaches a user.

Database refusals are sentences in the user's language; 400/403/404/500 pages render inside the
layout, translated, with a way back; a server error is logged with the request id the page shows.
"""

from __future__ import annotations

import logging
import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from models.observation import ObservationTemplate
from models.person import Person
from tenants.scope import scope_clause, scope_for_user
from tests.helpers import user

RAW = re.compile(r"IntegrityError|UNIQUE constraint|FOREIGN KEY|violates|sqlalchemy|Traceback|INSERT INTO|DELETE FROM|"
                 r"pbkdf2|scrypt|object at 0x|psycopg|sqlite3", re.I)


def _page(response) -> str:
    text = response.get_data(as_text=True)
    assert not RAW.search(text), RAW.search(text).group(0)
    return text


def _person_with_records(username: str) -> tuple[int, int]:
    from app.web.database_errors import linked_rows

    scope = scope_for_user(user(username))
    for person in db.session.scalars(select(Person).where(scope_clause(Person, scope)).order_by(Person.id).limit(200)):
        count = linked_rows(person)
        if count > 1:
            return person.id, count
    pytest.fail("no person with records in the demo data")


def test_deleting_a_person_with_records_counts_them_and_keeps_everything(browser, ctx):
    pk, count = _person_with_records("director")
    rows_before = db.session.scalar(select(func.count()).select_from(Person))
    response = browser("director").post(f"/personview/delete/{pk}", follow_redirects=True)
    text = _page(response)
    assert f" {count} " in text and "жазба" in text and "мұрағат" in text  # kk: "… N records … archive"
    db.session.expire_all()
    assert db.session.get(Person, pk) is not None
    assert db.session.scalar(select(func.count()).select_from(Person)) == rows_before


def test_deleting_through_the_api_says_the_same_in_russian(browser, ctx):
    pk, count = _person_with_records("director")
    b = browser("director")
    b.get("/lang/ru")
    response = b.api("DELETE", f"/api/v1/person/{pk}")
    assert response.status_code == 422
    message = response.get_json()["message"]
    assert str(count) in message and "архив" in message, message
    db.session.expire_all()
    assert db.session.get(Person, pk) is not None


@pytest.mark.parametrize(("acting", "taken"), [("national", "teacher"), ("district2", "director")])
def test_a_taken_user_name_is_named(browser, ctx, acting, taken):
    """In the acting user's area (FAB's form check) or outside it (the database refuses): a sentence."""
    from tests.helpers import organizations_under

    User = type(user("national"))
    home = user(acting).tenant
    organization = organizations_under(home)[0] if home.level != "republic" else home
    form = {"first_name": "Жаңа", "last_name": "Қолданушы", "username": taken, "email": "new-user@demo.ustaz.kz",
            "password": "Ustaz-demo-2026!", "conf_password": "Ustaz-demo-2026!", "tenant": str(organization.id),
            "roles": str(_role_id("OrgDataEntry" if acting != "national" else "Auditor")), "active": "y"}
    users_before = db.session.scalar(select(func.count()).select_from(User))
    response = browser(acting).post("/users/add", form, follow_redirects=True)
    text = _page(response)
    assert response.status_code in (200, 422)
    assert "Бұрыннан бар" in text or "«пайдаланушы аты» өрісінің бұл мәні бос емес" in text, text[-3000:]
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(User)) == users_before


def _role_id(name: str) -> int:
    from flask_appbuilder.security.sqla.models import Role

    return db.session.execute(select(Role.id).where(Role.name == name)).scalar_one()


def test_a_taken_template_code_and_version_is_a_sentence(browser, ctx):
    template = db.session.scalars(select(ObservationTemplate).order_by(ObservationTemplate.id)).first()
    before = db.session.scalar(select(func.count()).select_from(ObservationTemplate))
    b = browser("national")
    form = {"code": template.code, "name_kk": "Көшірме", "name_ru": "Копия", "name_en": "Copy",
            "education_level": str(template.education_level_id), "event_types": "lesson"}
    response = b.post("/observationtemplateview/add", form, follow_redirects=True)
    text = _page(response)
    assert "код" in text and "нұсқа" in text, text[-2000:]  # kk: names the code and the version
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(ObservationTemplate)) == before


@pytest.mark.parametrize(
    ("url", "status", "kazakh"),
    [
        ("/personview/show/2147483647", 404, "Табылмады"),
        ("/personview/show/99999999999999999999", 404, "Табылмады"),
        ("/personview/list/?page_PersonView=abc", 400, "Бет нөмірі"),
        ("/auditview/list/", 403, None),
    ],
)
def test_error_pages_are_in_the_layout_translated_with_a_way_back(browser, url, status, kazakh):
    response = browser("entry").get(url)  # a staff user: teachers are sent to their portal
    assert response.status_code == status
    text = _page(response)
    assert 'class="navbar' in text  # the app's layout: menu and account
    assert 'href="/"' in text or "Басты бетке" in text
    if kazakh:
        assert kazakh in text
    assert response.headers["X-Request-ID"]


def test_a_server_error_shows_and_logs_its_request_id(app, browser, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("boom in a view")

    endpoint = next(rule.endpoint for rule in app.url_map.iter_rules() if rule.rule == "/profile/me")
    monkeypatch.setitem(app.view_functions, endpoint, broken)
    logger = logging.getLogger("ustaz.errors")
    monkeypatch.setattr(logger, "disabled", False)  # alembic's fileConfig disables existing loggers
    with caplog.at_level(logging.ERROR, logger="ustaz.errors"):
        response = browser("entry").get("/profile/me")
    assert response.status_code == 500
    text = _page(response)
    rid = response.headers["X-Request-ID"]
    assert rid in text and "boom" not in text and 'class="navbar' in text
    assert "Біз тарапта қате" in text  # kk: "something went wrong on our side"
    logged = [r for r in caplog.records if r.name == "ustaz.errors" and rid in r.getMessage()]
    assert logged and logged[0].exc_info is not None


def test_an_api_server_error_answers_json_with_the_request_id(app, browser, monkeypatch):
    from views.persons import PersonApi

    def broken(self, *args, **kwargs):
        raise RuntimeError("boom in the API")

    monkeypatch.setattr(PersonApi, "pre_get", broken, raising=False)
    b = browser("director")
    pk = b.api("GET", "/api/v1/person/").get_json()["ids"][0]
    response = b.api("GET", f"/api/v1/person/{pk}")
    assert response.status_code == 500
    body = response.get_json()
    assert body["request_id"] == response.headers["X-Request-ID"] and "boom" not in body["message"]

from __future__ import annotations

import pytest

from app.extensions import db
from models.person import Person


def test_state_changing_requests_need_a_csrf_token(browser, ctx):
    b = browser("director")
    from tests.helpers import home

    # a teacher with no records yet (records keep their person: deleting one with records fails)
    newcomer = Person(iin="850314401236", last_name="Жаңа", first_name="Педагог", tenant_id=home("director").id)
    db.session.add(newcomer)
    db.session.commit()
    pk = newcomer.id
    response = b.post(f"/personview/delete/{pk}", csrf=False)
    assert response.status_code == 400
    response = b.api("DELETE", f"/api/v1/person/{pk}", csrf=False)
    assert response.status_code == 400
    # Deleting by GET is refused too (FAB's compatibility route).
    b.get(f"/personview/delete/{pk}")
    db.session.expire_all()
    assert db.session.get(Person, pk) is not None
    # With the token it works.
    assert b.post(f"/personview/delete/{pk}").status_code == 302
    db.session.expire_all()
    assert db.session.get(Person, pk) is None


def test_login_without_token_is_refused(browser):
    b = browser()
    response = b.post("/login/", {"username": "district", "password": "ustaz-demo"}, csrf=False)
    assert response.status_code == 400


def test_production_refuses_a_missing_or_dev_secret(tmp_path, monkeypatch):
    from app import create_app

    monkeypatch.setenv("USTAZ_INSTANCE_DIR", str(tmp_path))
    with pytest.raises(RuntimeError):
        create_app({"USTAZ_ENV": "production", "SECRET_KEY": "", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with pytest.raises(RuntimeError):
        create_app({"USTAZ_ENV": "production", "SECRET_KEY": "short", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    app = create_app({"USTAZ_ENV": "production", "SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SECRET_KEY"] == "x" * 40


def test_environment_overrides():
    from config import environment_overrides

    found = environment_overrides(
        {"DATABASE_URL": "postgres://u@h/db", "REDIS_URL": "redis://h:6379/0", "MAX_UPLOAD_BYTES": "100"}
    )
    assert found["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
    assert found["REDIS_URL"] == "redis://h:6379/0" and found["MAX_UPLOAD_BYTES"] == 100
    assert environment_overrides({}) == {}

"""Key journeys in a real browser (Debian's chromium through playwright); skipped without them."""

from __future__ import annotations

import shutil
import threading

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
playwright = pytest.importorskip("playwright.sync_api")
if not shutil.which("chromium"):
    pytest.skip("Debian's chromium is not installed", allow_module_level=True)

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def live_server(app):
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def page():
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        tab = browser.new_page()
        tab.set_default_timeout(15_000)
        yield tab
        browser.close()


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "ustaz-demo")
    page.click("[type=submit]")
    page.wait_for_url(f"{base}/")


def test_district_officer_works_in_kazakh_then_russian(live_server, page):
    _login(page, live_server, "district")
    assert "Қош келдіңіз" in page.content()
    page.click("a.ustaz-card >> text=Педагогтер")
    page.wait_for_url("**/personview/list/**")
    assert "Жазбалар саны" in page.content()
    page.goto(f"{live_server}/lang/ru")
    page.goto(f"{live_server}/personview/list/")
    assert "Педагоги" in page.content() or "Количество записей" in page.content()
    assert "/login" not in page.url


def test_national_admin_adds_a_subject_through_the_form(live_server, page, ctx):
    from sqlalchemy import select

    from app.extensions import db
    from models.directories import Subject

    _login(page, live_server, "national")
    page.goto(f"{live_server}/subjectview/add")
    page.fill("input[name=code]", "robotics")
    page.fill("input[name=name_kk]", "Робототехника")
    page.fill("input[name=name_ru]", "Робототехника")
    with page.expect_navigation():
        page.click("form [type=submit]")
    assert "Жазба қосылды" in page.content()  # "Added Row"
    db.session.expire_all()
    assert db.session.execute(select(Subject).where(Subject.code == "robotics")).scalar_one().name_kk == "Робототехника"

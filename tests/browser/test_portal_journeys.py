"""Key journeys of issue 12 in real Chromium, at a phone's 390×844 and a desk's 1366×768: the teacher
reads home, opens the profile, gives feedback on a sheet, applies and downloads a certificate; the
director sets up a commission; a member votes. A screenshot of each journey's last page is kept in
``SCREENSHOT_DIR`` (default test-artifacts/screenshots) for review."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.test_journeys import ARGS, CHROMIUM, _watch_policy, live_server, playwright  # noqa: F401
from tests.integration.test_documents import test_ca  # noqa: F401 - a fresh test CA for the signing journey

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desk": {"width": 1366, "height": 768}}
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "test-artifacts/screenshots"))


@pytest.fixture(params=sorted(VIEWPORTS))
def tab(request):
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport=VIEWPORTS[request.param])
        page.set_default_timeout(15_000)
        page.viewport_name = request.param
        yield page
        browser.close()


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "ustaz-demo")
    with page.expect_navigation():
        page.click("[type=submit]")


def _fits_the_screen(page) -> None:
    """No horizontal scrolling: nothing is wider than the viewport."""
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the screen"


def _keep(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{page.viewport_name}.png"), full_page=True)


def test_teacher_reads_home_profile_and_answers_a_sheet(live_server, tab):  # noqa: F811 - fixture
    problems = _watch_policy(tab)
    _login(tab, live_server, "teacher")
    assert tab.url.endswith("/portal/")
    assert tab.get_attribute("html", "lang") == "kk"
    assert tab.locator("nav.navbar").count() == 0  # no admin menu
    _fits_the_screen(tab)
    tab.click("nav.tabs a[href='/portal/profile']")
    tab.wait_for_url("**/portal/profile")
    _fits_the_screen(tab)
    tab.click("ul.plain a >> nth=0")
    tab.wait_for_url("**/portal/profile/0")
    _fits_the_screen(tab)
    tab.click("nav.tabs a[href='/portal/observations']")
    tab.wait_for_url("**/portal/observations")
    _fits_the_screen(tab)
    tab.click("article:has(.badge:not(.ok)) a >> nth=0")
    tab.wait_for_url("**/portal/observations/*")
    _fits_the_screen(tab)
    tab.fill("#feedback", "Рахмет! Ұсыныстарды келесі сабақта ескеремін.")
    with tab.expect_navigation():
        tab.click("form button[type=submit] >> text=/.+/ >> nth=-1")
    assert "Рахмет! Ұсыныстарды келесі сабақта ескеремін." in tab.content()
    _fits_the_screen(tab)
    _keep(tab, "teacher-feedback")
    assert not problems, problems


def test_teacher_applies_through_the_wizard(live_server, tab, ctx):  # noqa: F811 - fixture
    from sqlalchemy import select

    from app.demo_attestation import demo_essay
    from app.extensions import db
    from models.attestation import Application
    from models.commission import Commission
    from tests.helpers import user

    problems = _watch_policy(tab)
    commission = db.session.execute(select(Commission).where(Commission.level == "district")).scalar_one()
    _login(tab, live_server, "teacher")
    tab.goto(f"{live_server}/lang/en")
    tab.goto(f"{live_server}/portal/apply")
    _fits_the_screen(tab)
    assert tab.locator("input[value='master:assign']").is_disabled()
    tab.check("input[value='expert:assign']")
    tab.select_option("#commission_id", str(commission.id))
    with tab.expect_navigation():
        tab.click("button:has-text('Save and continue')")
    tab.fill("#essay", demo_essay(262))
    assert tab.inner_text("#essay-count").endswith("262")  # the live count ran under the policy
    _fits_the_screen(tab)
    with tab.expect_navigation():
        tab.click("button:has-text('Save and continue')")
    assert "Check before you submit" in tab.content()
    with tab.expect_navigation():
        tab.click("button:has-text('Submit to the commission')")
    db.session.expire_all()
    application = db.session.execute(select(Application).where(
        Application.person_id == user("teacher").person_id).order_by(Application.id.desc())).scalars().first()
    assert application.state == "submitted"
    assert "Submitted" in tab.content()
    _fits_the_screen(tab)
    _keep(tab, "teacher-applied")
    assert not problems, problems


def test_holder_downloads_the_certificate(live_server, tab, app, ctx, test_ca):  # noqa: F811 - fixtures
    from tests.conftest import Browser
    from tests.integration.test_documents import _issued, _teacher_login

    _protocol, _order, certificates = _issued(lambda name=None: Browser(app, name))
    certificate = certificates[0]
    _teacher_login(certificate.person, "holder")
    problems = _watch_policy(tab)
    _login(tab, live_server, "holder")
    tab.click("nav.tabs a[href='/portal/results']")
    tab.wait_for_url("**/portal/results")
    _fits_the_screen(tab)
    link = tab.locator(f"a[href='/certificate/{certificate.number}.pdf']")
    assert link.is_visible()
    # the browser's own session fetches the file (a headless browser may show a PDF inline)
    response = tab.context.request.get(live_server + link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body()[:5] == b"%PDF-"
    _keep(tab, "holder-certificates")
    assert not problems, problems


def test_director_sets_up_a_commission(live_server, tab, ctx):  # noqa: F811 - fixture
    from sqlalchemy import select

    from app.extensions import db
    from models.commission import Commission

    problems = _watch_policy(tab)
    _login(tab, live_server, "director")
    tab.goto(f"{live_server}/lang/en")
    tab.goto(f"{live_server}/commissions/form")
    name = f"Commission of the school ({tab.viewport_name})"
    tab.fill("input[name=name]", name)
    with tab.expect_navigation():
        tab.click("form [type=submit] >> nth=-1")
    db.session.expire_all()
    commission = db.session.execute(select(Commission).where(Commission.name == name)).scalar_one()
    assert tab.url.endswith(f"/commissions/show/{commission.id}")
    _keep(tab, "director-commission")
    assert not problems, problems


def test_member_votes(live_server, tab, ctx):  # noqa: F811 - fixture
    from sqlalchemy import select

    from app.extensions import db
    from models.attestation import Application, Review
    from models.commission import CommissionMember
    from tests.helpers import user

    member = user("commission")
    seat = db.session.execute(select(CommissionMember).where(CommissionMember.person_id == member.person_id)
                              ).scalars().first()
    application = db.session.execute(select(Application).where(
        Application.commission_id == seat.commission_id, Application.state == "under_review",
        Application.person_id != member.person_id).order_by(Application.id)).scalars().first()
    problems = _watch_policy(tab)
    _login(tab, live_server, "commission")
    tab.goto(f"{live_server}/lang/en")
    tab.goto(f"{live_server}/applications/show/{application.id}")
    tab.check("input[name=corresponds][value=yes]")
    with tab.expect_navigation():
        tab.click("button:has-text('Vote')")
    db.session.expire_all()
    review = db.session.execute(select(Review).where(Review.application_id == application.id,
                                                     Review.member_id == seat.id)).scalar_one()
    assert review.corresponds is True
    _keep(tab, "member-voted")
    assert not problems, problems

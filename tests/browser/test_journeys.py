"""Key journeys in a real browser (Debian's chromium through playwright).

Skipped on a laptop without chromium; under ``CI=true`` a missing browser is a failure (.ci/run
installs it), never a skip.
"""

from __future__ import annotations

import os
import shutil
import threading

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
IN_CI = os.environ.get("CI", "").lower() == "true"
if IN_CI:
    import playwright.sync_api as playwright  # noqa: F401 - an ImportError fails the run
else:
    playwright = pytest.importorskip("playwright.sync_api")
if not shutil.which("chromium"):
    if IN_CI:
        pytest.fail("CI: Debian's chromium is not installed (.ci/run installs it with apt-get)", pytrace=False)
    pytest.skip("Debian's chromium is not installed", allow_module_level=True)

pytestmark = pytest.mark.browser

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
        page.click("#model_form [type=submit]")
    assert "Жазба қосылды" in page.content()  # "Added Row"
    db.session.expire_all()
    assert db.session.execute(select(Subject).where(Subject.code == "robotics")).scalar_one().name_kk == "Робототехника"


# --- The Content-Security-Policy is enforced and the UI still works (issue 9, part B) ----------
POLICY_WORDS = ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy", "Permissions policy")


def _watch_policy(page) -> list[str]:
    """What the browser refused because of our headers, and any script error (a script that could
    not run often shows up as a later error)."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if any(w in m.text for w in POLICY_WORDS) else None)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    return problems


def test_the_policy_watch_sees_a_violation(live_server, page):
    problems = _watch_policy(page)
    page.goto(f"{live_server}/login/")
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.x = 1'; "
                  "document.body.appendChild(s); }")
    page.wait_for_timeout(200)
    assert any("Content Security Policy" in p for p in problems), problems
    assert page.evaluate("() => window.x") is None  # the injected inline script did not run


def test_search_forms_show_and_delete_work_under_the_policy(live_server, page, ctx):
    from app.extensions import db
    from models.person import Person
    from tests.helpers import home

    newcomer = Person(iin="850314401236", last_name="Жаңасы", first_name="Педагог", tenant_id=home("director").id)
    db.session.add(newcomer)
    db.session.commit()
    pk = newcomer.id
    problems = _watch_policy(page)
    _login(page, live_server, "director")

    # A list with a search filter added by ab_filters.js.
    page.goto(f"{live_server}/personview/list/")
    page.click("a.accordion-toggle[href='#accordion1_href']")  # bootstrap opens the search panel
    page.click("#filter_form .dropdown-toggle")
    page.click("#filter_form a.filter[name=iin]")
    page.fill("#filter_form input[name^=_flt_]", "850314401236")
    with page.expect_navigation():
        page.click("#filter_form [type=submit]")
    assert "_flt_" in page.url and "Жаңасы" in page.content()

    # The show page.
    page.goto(f"{live_server}/personview/show/{pk}")
    assert "Жаңасы" in page.content()

    # The delete confirmation (an inline script with the nonce opens the modal; the form posts).
    page.goto(f"{live_server}/personview/list/?_flt_0_iin=850314401236")
    page.click(f'[id="btn-delete-/personview/delete/{pk}"]')
    page.wait_for_selector("#modal-confirm-ok", state="visible")
    with page.expect_navigation():
        page.click("#modal-confirm-ok")
    db.session.expire_all()
    assert db.session.get(Person, pk) is None

    # An add form with a date picker and select2 fields.
    page.goto(f"{live_server}/employmentview/add")
    page.wait_for_selector(".select2-container")  # select2 ran
    page.click(".ustaz-date input")  # app/web/dates.py: the picker in the page's language
    page.wait_for_selector(".datepicker", state="visible")  # bootstrap-datepicker ran
    assert not problems, problems


def test_autosubmit_select_works_under_the_policy(live_server, page, ctx):
    problems = _watch_policy(page)
    from tests.helpers import user

    _login(page, live_server, "director")  # the staff profile page (teachers use the portal)
    page.goto(f"{live_server}/profile/{user('teacher').person_id}")
    page.click("a[href$='/completeness']")
    page.wait_for_url("**/completeness**")
    select = page.locator("select[data-autosubmit]")
    options = select.locator("option").evaluate_all("(os) => os.filter(o => !o.selected).map(o => o.value)")
    with page.expect_navigation():
        select.select_option(options[0])
    assert f"category={options[0]}" in page.url
    assert not problems, problems


# --- The attestation (issue 10): a teacher applies, the secretary accepts ---------------------
def test_teacher_applies_and_the_secretary_accepts(live_server, page, ctx):
    from sqlalchemy import select

    from app.demo_attestation import demo_essay
    from app.extensions import db
    from models.attestation import Application
    from models.commission import Commission

    problems = _watch_policy(page)
    commission = db.session.execute(select(Commission).where(Commission.level == "district")).scalar_one()
    from tests.helpers import user

    # the director applies for a teacher of the school on the staff form (teachers use the portal's wizard)
    _login(page, live_server, "director")
    page.goto(f"{live_server}/lang/en")
    page.goto(f"{live_server}/applications/apply?person_id={user('teacher').person_id}")
    page.select_option("#requested_category", "expert")
    page.select_option("#mode", "assign")
    page.select_option("#commission_id", str(commission.id))
    page.fill("#essay", demo_essay(262))
    assert page.inner_text("#essay-words") == "262"  # the live word count ran under the policy
    with page.expect_navigation():
        page.click("button:has-text('Save the draft')")
    assert "The draft is saved" in page.content()
    assert "Documents" in page.content()
    with page.expect_navigation():
        page.click("button:has-text('Submit to the commission')")
    assert "Submitted" in page.content(), page.content()[-2000:]
    application_id = int(page.url.rstrip("/").split("/")[-1])
    page.goto(f"{live_server}/logout/")
    page.context.clear_cookies()
    _login(page, live_server, "secretary")
    page.goto(f"{live_server}/lang/en")
    page.goto(f"{live_server}/applications/show/{application_id}")
    with page.expect_navigation():
        page.click("button:has-text('Accept')")
    db.session.expire_all()
    assert db.session.get(Application, application_id).state == "accepted"
    assert not problems, problems


# --- Documents (issue 11): protocol, signatures, order, public check ---------------------------
def test_protocol_signed_order_issued_certificate_checked(live_server, page, ctx):
    from sqlalchemy import select

    from app.extensions import db
    from app.security.models import User
    from models.commission import Commission
    from models.documents import Certificate, Order, Protocol

    problems = _watch_policy(page)
    commission = db.session.execute(select(Commission).where(Commission.level == "district")).scalar_one()
    # the members with a demo login are the ones present (the others could not sign in this journey)
    with_login = set(db.session.execute(select(User.person_id).where(User.person_id.is_not(None))).scalars())
    present = {str(m.id) for m in commission.members if m.person_id in with_login}
    _login(page, live_server, "secretary")
    page.goto(f"{live_server}/lang/en")
    page.goto(f"{live_server}/commissions/show/{commission.id}")
    with page.expect_navigation():
        page.click("a:has-text('Form a protocol')")
    for box in page.query_selector_all("input[name=present]"):
        box.set_checked(box.get_attribute("value") in present)
    with page.expect_navigation():
        page.click("button:has-text('Form the protocol')")
    assert "The protocol is formed" in page.content(), page.content()[-2000:]
    protocol_id = int(page.url.rstrip("/").split("/")[-1])
    page.goto(f"{live_server}/logout/")
    page.context.clear_cookies()
    db.session.expire_all()
    signers = {m.person_id for m in db.session.get(Protocol, protocol_id).commission.members
               if m.role in ("chair", "member") and str(m.id) in present}
    for user in db.session.execute(select(User).where(User.person_id.in_(signers))).scalars():
        _login(page, live_server, user.username)
        page.goto(f"{live_server}/lang/en")
        page.goto(f"{live_server}/protocols/show/{protocol_id}")
        # NCALayer is not running here: the page's script says so, under the page's policy
        page.click("#sign-ncalayer")
        page.wait_for_selector("#sign-error:not([hidden])")
        assert "NCALayer is not running" in page.inner_text("#sign-error")
        with page.expect_navigation():
            page.click("button:has-text('Sign with the test key')")
        assert "Your signature is verified" in page.content(), page.content()[-2000:]
        page.goto(f"{live_server}/logout/")
        page.context.clear_cookies()
    db.session.expire_all()
    assert db.session.get(Protocol, protocol_id).state == "signed"
    _login(page, live_server, "district")
    page.goto(f"{live_server}/lang/en")
    page.goto(f"{live_server}/protocols/show/{protocol_id}")
    page.fill("#number", "77-А")
    page.fill("#head_name", "Нұрланов Ержан")
    with page.expect_navigation():
        page.click("button:has-text('Issue the order')")
    assert "The order is issued" in page.content(), page.content()[-2000:]
    db.session.expire_all()
    order = db.session.execute(select(Order).where(Order.protocol_id == protocol_id)).scalar_one()
    certificate = db.session.execute(select(Certificate).where(Certificate.order_id == order.id)).scalars().first()
    page.goto(f"{live_server}/logout/")
    page.context.clear_cookies()
    page.goto(f"{live_server}/verify/{certificate.number}")
    assert certificate.holder_name in page.content()
    assert not problems, problems


def test_district_officer_reads_the_dashboard_drills_down_and_exports(live_server, page, ctx):
    """Reports from the menu: a number opens the rows behind it (same total), a child node opens its
    own dashboard, and an XLSX export finishes with a file to download — under the CSP, no errors."""
    import io
    import re

    from openpyxl import load_workbook

    problems = _watch_policy(page)
    _login(page, live_server, "district")
    page.goto(f"{live_server}/reports/")
    assert page.locator("svg").count() >= 3  # the charts render (server-side SVG)
    figure = page.locator("a.ustaz-figure[data-measure=teachers]").first
    shown = int(figure.inner_text().replace("\u00a0", "").replace(" ", ""))
    figure.click()
    page.wait_for_url("**/reports/rows/teachers/**")
    assert int(page.locator(".ustaz-total").get_attribute("data-total")) == shown
    page.go_back()
    page.locator("a[href*='/reports/?node=']").first.click()
    page.wait_for_url(re.compile(r".*/reports/\?node=\d+.*"))
    assert page.locator("a.ustaz-figure").count() > 0
    page.goto(f"{live_server}/reports/")
    page.locator("form.ustaz-export button[value=xlsx]").first.click()
    page.wait_for_url("**/reports/exports/**")
    link = page.locator("a[href$='/download']").first
    with page.expect_download() as download:
        link.click()
    book = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()), read_only=True)
    assert len(book.sheetnames) >= 3
    assert problems == []

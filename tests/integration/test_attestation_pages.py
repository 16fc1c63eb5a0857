"""The attestation's pages at size: statements per page do not grow with the rows shown; the
closed-period guard holds outside the pages too (jobs, scripts); the pages speak in words."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.errors import RuleViolation
from app.extensions import db
from models.attestation import Application
from models.commission import Commission
from models.person import Person


def _statements(browser_, url: str) -> int:
    from tests.helpers import statements_for

    return statements_for(browser_, url)


def _more_applications(n: int) -> None:
    template = db.session.execute(select(Application).where(Application.state == "decided")).scalars().first()
    taken = set(db.session.execute(select(Application.person_id)).scalars())
    district_persons = db.session.execute(select(Person).where(Person.district_id == template.district_id,
                                                               Person.id.not_in(taken)).limit(n)).scalars().all()
    for person in district_persons:
        db.session.add(Application(person=person, tenant_id=person.tenant_id, period_id=template.period_id,
                                   commission_id=template.commission_id, requested_category="expert", mode="assign",
                                   state="submitted"))
    db.session.commit()


def test_application_list_statements_do_not_grow_with_rows(app, browser, ctx):
    district = browser("district")
    before = _statements(district, "/applications/list/")
    _more_applications(12)
    after = _statements(district, "/applications/list/")
    assert after <= before + 1, (before, after)
    assert after <= 70  # menu and permission checks included; measured 2026-12 at about 40


def test_commission_page_statements_do_not_grow_with_members(app, browser, ctx):
    district = browser("district")
    commission = db.session.execute(select(Commission).where(Commission.level == "district")).scalars().first()
    first = _statements(district, f"/commissions/show/{commission.id}")
    assert first <= 80
    from models.commission import CommissionMember

    taken = {m.person_id for m in commission.members}
    for person in db.session.execute(select(Person).where(Person.district_id == commission.tenant_id,
                                                          Person.id.not_in(taken)).limit(4)).scalars():
        db.session.add(CommissionMember(commission=commission, tenant_id=commission.tenant_id, person=person,
                                        role="member", organization_id=person.tenant_id))
    db.session.commit()
    assert _statements(district, f"/commissions/show/{commission.id}") <= first + 1


def test_closed_period_refuses_writes_from_scripts_and_jobs(app, ctx):
    application = db.session.execute(select(Application).where(Application.state == "decided")).scalars().first()
    application.period.state = "closed"
    db.session.commit()
    application.outcome = "assigned"
    with pytest.raises(RuleViolation):
        db.session.commit()
    db.session.rollback()
    # the period itself cannot be reopened
    application = db.session.get(Application, application.id)
    application.period.state = "open"
    with pytest.raises(RuleViolation):
        db.session.commit()
    db.session.rollback()


def test_closed_academic_year_freezes_its_period(app, ctx):
    application = db.session.execute(select(Application).where(Application.state == "submitted")).scalars().first()
    application.period.academic_year.is_closed = True
    db.session.commit()
    application.state_reason = "late change"
    with pytest.raises(RuleViolation):
        db.session.commit()
    db.session.rollback()


def test_period_admin_refuses_a_period_without_rule_set(app, browser, ctx):
    from models.directories import AttestationPeriod

    national = browser("national")
    national.get("/lang/en")
    period = db.session.execute(select(AttestationPeriod).where(AttestationPeriod.state == "open")).scalar_one()
    page = national.get(f"/attestationperiodview/edit/{period.id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Open" in text and "application → ОЗП → portfolio analysis" in text


@pytest.mark.parametrize("username", ["teacher", "secretary", "chair", "district", "director"])
def test_pages_show_words_not_codes(app, browser, ctx, username):
    b = browser(username)
    b.get("/lang/en")
    ids = db.session.execute(select(Application.id).order_by(Application.id)).scalars().all()
    pages = ["/applications/list/", "/applications/overdue", "/commissions/list/"]
    pages += [f"/applications/show/{i}" for i in ids]
    for url in pages:
        response = b.get(url)
        if response.status_code != 200:
            continue
        # what a person reads: the text between the tags (codes in links and form values are not shown)
        html = re.sub(r"<script.*?</script>", " ", response.get_data(as_text=True), flags=re.S)
        text = re.sub(r"<[^>]+>", " ", html)
        for code in ("under_review", "not_assigned", "start_review", "complete_review", "same_organization",
                     "'outcome'", "object at 0x", "None"):
            assert code not in text, (url, code)


def test_editing_a_closed_period_in_the_directory_is_refused_in_words(app, browser, ctx):
    from models.directories import AttestationPeriod

    closed = db.session.execute(select(AttestationPeriod).where(AttestationPeriod.state == "closed")).scalars().first()
    national = browser("national")
    national.get("/lang/en")
    form = national.get(f"/attestationperiodview/edit/{closed.id}")
    assert form.status_code == 200
    data = {"code": closed.code, "name_kk": "Өзгертілген", "name_ru": closed.name_ru, "name_en": closed.name_en or "",
            "sort_order": "1", "is_active": "y", "academic_year": str(closed.academic_year_id), "state": "closed",
            "rule_set": str(closed.rule_set_id), "applications_open_on": closed.applications_open_on.isoformat(),
            "applications_close_on": closed.applications_close_on.isoformat(), "review_days": "30",
            "stage_order": closed.stage_order}
    response = national.post(f"/attestationperiodview/edit/{closed.id}", data, follow_redirects=True)
    assert response.status_code < 500
    text = response.get_data(as_text=True)
    assert "can no longer be changed" in text, re.findall(r"(?:alert|help-block)[^>]*>([^<]{3,200})", text)
    db.session.expire_all()
    assert db.session.get(AttestationPeriod, closed.id).name_kk != "Өзгертілген"

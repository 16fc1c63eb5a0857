"""The dashboards' summary tables (reports/summary.py) agree with the live scoped counts, catch up
with writes, and keep a closed period's figures frozen."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from reports.measures import MEASURES

DEMO_USERS = ("national", "region", "district", "district2", "director", "entry", "observer", "teacher",
              "commission", "chair", "secretary", "auditor")
SUMMARISED = [m for m in MEASURES.values() if m.summarised]


def _dashboard(username: str, node_id: int | None = None):
    from app.extensions import db
    from reports import stats
    from tenants.scope import scope_for_user
    from tests.helpers import user

    return stats.build(db.session, scope_for_user(user(username)), node_id=node_id)


def _live(username: str, dashboard):
    from app.extensions import db
    from reports import stats
    from tenants.scope import scope_for_user
    from tests.helpers import user

    figures = stats.live_figures(db.session, scope_for_user(user(username)), dashboard.period, dashboard.node,
                                 SUMMARISED)
    stats._derive(figures, dashboard.period)
    return figures.values


@pytest.mark.parametrize("username", DEMO_USERS)
def test_every_figure_equals_the_live_count_of_the_scope(ctx, username):
    dashboard = _dashboard(username)
    assert dashboard.figures.values == _live(username, dashboard)
    # and each child node's figures equal the live count under it
    for child, figures in dashboard.children:
        child_board = _dashboard(username, child.id)
        assert figures.values == child_board.figures.values == _live(username, child_board), child.name_kk


def test_staff_dashboards_are_read_from_the_summaries_and_other_scopes_live(ctx):
    assert _dashboard("national").source == "summary"
    assert _dashboard("district").source == "summary"
    assert _dashboard("teacher").source == "live"
    assert _dashboard("chair").source == "live"


def test_a_write_marks_its_tenant_and_the_dashboard_catches_up(ctx):
    from app.extensions import db
    from models.person import Person
    from models.report import ReportDirty
    from tests.helpers import home, persons_under

    before = _dashboard("district").figures.count("teachers")
    teacher = persons_under(home("district"))[0]
    db.session.add(Person(iin="900101300017", last_name="Жаңа", first_name="Мұғалім", tenant_id=teacher.tenant_id))
    db.session.commit()
    assert db.session.get(ReportDirty, teacher.tenant_id) is not None
    board = _dashboard("district")
    assert board.figures.count("teachers") == before + 1
    assert board.pending == 0
    assert db.session.get(ReportDirty, teacher.tenant_id) is None
    # the ancestors' totals moved too
    assert _dashboard("national").figures.values == _live("national", _dashboard("national"))


def test_a_rolled_back_write_leaves_no_mark(ctx):
    from app.extensions import db
    from models.person import Person
    from models.report import ReportDirty
    from tests.helpers import home, persons_under

    _dashboard("district")  # computes everything: no marks left
    teacher = persons_under(home("district"))[0]
    db.session.add(Person(iin="900101300017", last_name="Жаңа", first_name="Мұғалім", tenant_id=teacher.tenant_id))
    db.session.flush()
    db.session.rollback()
    assert db.session.execute(select(ReportDirty)).first() is None


def test_moving_a_teacher_counts_in_the_new_organization_and_not_in_the_old(ctx):
    from app.extensions import db
    from tests.helpers import home, organizations_under, persons_under

    board = _dashboard("region")
    teacher = persons_under(home("district"))[0]
    target = next(o for o in organizations_under(home("district2")))
    teacher.tenant_id = target.id
    db.session.commit()
    after = _dashboard("region")
    assert after.figures.count("teachers") == board.figures.count("teachers")
    assert _dashboard("district").figures.count("teachers") == _live("district", _dashboard("district"))["teachers"][""]
    assert _dashboard("district2").figures.values == _live("district2", _dashboard("district2"))


def test_an_incremental_refresh_ends_where_a_full_one_does(ctx):
    from app.extensions import db
    from models.report import ReportCount
    from reports import summary
    from tests.helpers import home, persons_under

    _dashboard("national")
    for person in persons_under(home("district"))[:5]:
        person.category_id = None
    db.session.commit()
    summary.refresh_dirty(db.session)
    incremental = sorted(db.session.execute(select(ReportCount.kind, ReportCount.node_id, ReportCount.period_id,
                                                   ReportCount.measure, ReportCount.key, ReportCount.value)).all())
    summary.refresh(db.session, full=True)
    db.session.commit()
    full = sorted(db.session.execute(select(ReportCount.kind, ReportCount.node_id, ReportCount.period_id,
                                            ReportCount.measure, ReportCount.key, ReportCount.value)).all())
    assert incremental == full


def test_a_closed_periods_figures_are_frozen(ctx):
    from app.extensions import db
    from models.attestation import Application
    from models.directories import AttestationPeriod
    from models.report import ReportFreeze
    from reports import stats, summary
    from tenants.scope import scope_for_user
    from tests.helpers import user

    closed = db.session.execute(select(AttestationPeriod).where(AttestationPeriod.state == "closed")).scalars().first()
    assert closed is not None
    summary.refresh(db.session, full=True)
    db.session.commit()
    assert db.session.get(ReportFreeze, closed.id) is not None
    scope = scope_for_user(user("national"))
    frozen = stats.build(db.session, scope, period_id=closed.id).figures.values
    # rows of the closed period changed behind the guards' back: its figures stay as they were
    db.session.execute(update(Application).where(Application.period_id == closed.id).values(state="withdrawn"))
    db.session.commit()
    summary.refresh(db.session, full=True)
    db.session.commit()
    assert stats.build(db.session, scope, period_id=closed.id).figures.values == frozen
    assert stats.build(db.session, scope, period_id=closed.id).frozen


def test_a_node_out_of_scope_is_refused(ctx):
    from app.extensions import db
    from reports import stats
    from tenants.scope import ScopeError, scope_for_user
    from tests.helpers import home, user

    with pytest.raises(ScopeError):
        stats.build(db.session, scope_for_user(user("district2")), node_id=home("district").id)
    with pytest.raises(ScopeError):
        stats.build(db.session, scope_for_user(user("chair")), node_id=home("district").id)


def test_a_big_tree_never_computed_counts_its_key_figures_live_and_leaves_the_rest_to_the_job(ctx, monkeypatch,
                                                                                             browser):
    from sqlalchemy import delete

    from app.extensions import db
    from models.report import ReportCount, ReportNode
    from reports import stats

    expected = _dashboard("district").figures
    db.session.execute(delete(ReportCount))
    db.session.execute(delete(ReportNode))
    db.session.commit()
    monkeypatch.setattr(stats, "FIRST_REFRESH_INLINE_LIMIT", 0)  # the demo tree counts as the country
    board = _dashboard("district")
    assert board.computing and board.source == "live" and not board.children
    for code in stats.KPI_MEASURES:
        assert board.figures.values.get(code, {}) == expected.values.get(code, {}), code
    assert db.session.execute(select(ReportNode)).first() is None  # nothing computed inside the request
    page = browser("district").get("/reports/")
    assert page.status_code == 200 and "ustaz-figure" in page.get_data(as_text=True)
    kpi = browser("district").get("/api/v1/dashboard/kpi").get_json()
    assert kpi["teachers"] == expected.count("teachers") and kpi["attestees"] == expected.count("attestees")

"""Users never see internals (issue 12): every demo login walks the pages it reaches by following
links, and no page shows a Python object, FAB's ``__None``, raw JSON or a dict, a timestamp with
seconds' fractions or an ISO ``T``, nor answers 500."""

from __future__ import annotations

import html
import re

import pytest

from app.demo import DEMO_LOGINS
from tests.crawl import crawl, internals_in, visible_text

BUDGET = 30  # pages per login
#: a second login of the same role sees the same pages over other data: a shorter walk
BUDGET_SAME_ROLE = 10
SHOWS_PER_VIEW = 2  # pages of one shape (a view's show page, a profile, a trend) per login

#: list state in the query string: another order, page or filter of the same list
LIST_STATE = re.compile(r"[?&](?:_oc_|_od_|_flt_|psize_|page_)")


def _view_groups(app) -> dict[str, str]:
    """Route prefixes of views that are one kind of page: the reference directories (one view
    class) and the profile record views (one base class): a walk opens two of each kind."""
    from models.records import ProfileRecordMixin
    from views.directories import DIRECTORIES

    directories = {model for model, _label, _extra in DIRECTORIES}
    groups = {}
    with app.app_context():
        for view in app.appbuilder.baseviews:
            model = getattr(getattr(view, "datamodel", None), "obj", None)
            if model in directories:
                groups[f"{view.route_base}/"] = "/directory/"
            elif isinstance(model, type) and issubclass(model, ProfileRecordMixin):
                groups[f"{view.route_base}/"] = "/record/"
    return groups


def _shape(path: str, groups: dict[str, str]) -> str:
    """A page's kind: its path with numbers as N and the views of one group under one name."""
    shape = re.sub(r"\d+", "N", path.split("?", 1)[0])
    for prefix, group in groups.items():
        if shape.startswith(prefix):
            return group + shape[len(prefix):]
    return shape


def _plan(groups: dict[str, str], covered: set[str]):
    """Distinct kinds of pages first: the menu, then a record (or custom page) of each view, then a
    form of each, then a second of a kind; kinds an earlier login has opened come last."""
    shapes: dict[str, int] = {}
    paths: set[str] = set()

    def plan(link: str, found_on: str) -> int | None:
        path = link.split("?", 1)[0]
        if LIST_STATE.search(link) or path in paths:
            return None  # one variant of a page: its order, pages and filters show the same kind of rows
        shape = _shape(path, groups)
        count = shapes.get(shape, 0)
        if count >= SHOWS_PER_VIEW:
            return None
        shapes[shape] = count + 1
        paths.add(path)
        form = re.search(r"/(?:add|edit)(?:/|$)", path) is not None
        priority = 0 if found_on == "/" else 1 + form + 2 * count
        return priority + (10 if shape in covered else 0)

    return plan


@pytest.fixture
def records_of_every_kind(app, browser):
    """What the demo lacks: stored scores and their batch, a what-if job, changes in the audit trail."""
    import datetime as dt

    from app.audit import acting_as
    from app.extensions import db
    from app.jobs import enqueue
    from app.scoring import rulesets
    from app.scoring.whatif import what_if
    from app.security.models import User
    from models.criteria import RuleSet
    from models.person import Person

    assert browser("district").post("/scoreresultview/run/").status_code == 302
    with app.app_context():
        national = db.session.query(User).filter_by(username="national").one()
        district = db.session.query(User).filter_by(username="district").one()
        director = db.session.query(User).filter_by(username="director").one()
        published = db.session.query(RuleSet).filter_by(status="published").order_by(RuleSet.id).first()
        with acting_as(national.id, national.username):
            draft = rulesets.clone(db.session, published, "what-if draft")
            draft.parameters = {**draft.parameters, "review_days": 20}
            db.session.commit()
        with app.test_request_context():
            from tenants.scope import scope_for_user, use_scope

            with use_scope(scope_for_user(district)):  # a district: a national what-if takes a minute
                enqueue(what_if, draft.name, description="What-if", user=district)
        with acting_as(director.id, director.username):
            person = db.session.get(Person, director.person_id or db.session.query(Person.id).filter(
                Person.tenant_id == director.tenant_id).limit(1).scalar())
            person.birth_date = (person.birth_date or dt.date(1980, 1, 1)) + dt.timedelta(days=1)
            person.middle_name = "Test"
            db.session.commit()
        db.session.remove()


def test_no_page_shows_internals(app, browser, records_of_every_kind):
    groups, covered = _view_groups(app), set()
    problems, roles = [], set()
    for username, role, _node, _label in DEMO_LOGINS:
        b = browser(username)
        opened = 0
        for page in crawl(b, _plan(groups, covered), BUDGET_SAME_ROLE if role in roles else BUDGET):
            opened += 1
            covered.add(_shape(page.url, groups))
            if page.status >= 500:
                problems.append(f"{username} {page.url}: status {page.status}")
            if page.html:
                problems += [f"{username} {page.url}: {p}" for p in internals_in(visible_text(page.html))]
        assert opened > 3, f"{username} reached only {opened} pages"
        roles.add(role)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("text", [
    "<models.person.Person object at 0x7f3a2c>", "__None", '{"a": 1}', "[{'a': 1}]", "{'before': 1}",
    "2024-05-01 10:11:12.123456", "2024-05-01T10:11", '["a", "b"]',
])
def test_the_detector_sees_internals(text):
    assert internals_in(visible_text(f"<p>{html.escape(text)}</p>"))


@pytest.mark.parametrize("text", [
    "01.05.2024 10:11", "Баллы: 12 {{ }}", "<script>var a = {\"b\": 1}</script>", "Т10:11 сабақ",
    '<textarea>{"typed": "by the user"}</textarea>', "[1, 2]", "Индикатор 1.1 [орта/педагог]",
])
def test_the_detector_leaves_ordinary_text(text):
    assert internals_in(visible_text(text)) == []

"""Issue 12, the criteria rule sets: the editor is a form per indicator (JSON only as the advanced
export/import), names in kk/ru/en, drafts seen only by those who edit the criteria, the list's
labels in the reader's language."""

from __future__ import annotations

import json
from html.parser import HTMLParser

from sqlalchemy import select

from app.extensions import db
from app.scoring.defaults import DEFAULT_NAMES
from app.scoring.rulesets import DEFAULT_NAME
from models.criteria import RuleSet, RuleSetRule
from tests.helpers import user


class _Form(HTMLParser):
    """The values a browser would send for the page's POST form (text, hidden, ticked boxes,
    selected options), as a list of pairs."""

    def __init__(self) -> None:
        super().__init__()
        self.pairs: list[tuple[str, str]] = []
        self._inside = False
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._inside = True
        if not self._inside:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind == "checkbox":
                if "checked" in a:
                    self.pairs.append((a["name"], a.get("value") or "on"))
            elif kind in ("text", "hidden"):
                self.pairs.append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.pairs.append((self._select, a.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "form":
            self._inside = False


def form_of(page: str) -> list[tuple[str, str]]:
    parser = _Form()
    parser.feed(page)
    return parser.pairs


def with_values(pairs: list[tuple[str, str]], **changes: str | None) -> dict:
    """The form as a dict of lists (checkbox groups repeat a name); ``name=None`` unticks/empties."""
    data: dict[str, list[str]] = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    for key, value in changes.items():
        name = key.replace("__", ".")
        if value is None:
            data.pop(name, None)
        else:
            data[name] = [value]
    return data


def published() -> RuleSet:
    return db.session.execute(select(RuleSet).where(RuleSet.status == "published")).scalars().first()


def clone(national) -> RuleSet:
    assert national.post(f"/rulesetview/action/clone/{published().id}").status_code == 302
    db.session.expire_all()
    return db.session.execute(select(RuleSet).where(RuleSet.status == "draft")).scalars().first()


def rule_of(rule_set: RuleSet, kind: str) -> RuleSetRule:
    return next(r for r in rule_set.rules if r.kind == kind and r.applicable)


def stored(pk: int) -> str:
    from app.scoring.rulesets import rules_as_json

    db.session.expire_all()
    item = db.session.get(RuleSet, pk)
    return json.dumps([item.parameters, rules_as_json(item), [r.id for r in item.rules]], sort_keys=True)


def post_form(b, pk: int, data: dict):
    return b.post(f"/rulesetview/edit_rules/{pk}", data)


# 1. The editor is a form ------------------------------------------------------------------------------
def test_the_editor_is_a_labelled_form_per_indicator_not_json(browser, ctx):
    national = browser("national")
    national.get("/lang/en")
    draft = clone(national)
    hours = rule_of(draft, "hours")
    page = national.get(f"/rulesetview/edit_rules/{draft.id}").get_data(as_text=True)
    assert "<textarea" not in page  # the JSON is not the editor
    names = dict(form_of(page))
    assert names["p.ozp_thresholds.expert"] == "70" and names["p.review_days"] == "30"
    assert names[f"r{hours.id}.hours.master"] == "106" and names[f"r{hours.id}.hours_per_point"] == "36"
    assert names[f"r{rule_of(draft, 'observation').id}.min_lessons"] == "5"
    # labelled in words, indicator by indicator
    assert "Required course hours, by category" in page and "Qualification courses" in page
    assert "teacher-master" in page and "ОЗП pass thresholds (percent), by category" in page
    assert f'for="r{hours.id}.hours_per_point"' in page
    assert "Advanced: JSON export and import" in page


def test_the_form_saves_the_changed_values_in_place(browser, ctx):
    national = browser("national")
    draft = clone(national)
    hours, observation = rule_of(draft, "hours"), rule_of(draft, "observation")
    ids = [r.id for r in draft.rules]
    pairs = form_of(national.get(f"/rulesetview/edit_rules/{draft.id}").get_data(as_text=True))
    data = with_values(pairs, p__ozp_thresholds__expert="75", **{
        f"r{hours.id}.hours.master": "110,5",  # a decimal comma, as typed in kk and ru
        f"r{observation.id}.require_in_profile": None,
        f"r{hours.id}.require_in_profile": None,  # unticked
    })
    response = post_form(national, draft.id, data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.session.expire_all()
    item = db.session.get(RuleSet, draft.id)
    assert item.parameters["ozp_thresholds"]["expert"] == 75
    saved = db.session.get(RuleSetRule, hours.id)
    assert saved.params["hours"]["master"] == 110.5 and saved.params["require_in_profile"] is False
    assert [r.id for r in item.rules] == ids  # the rules keep their ids
    # everything else as it was
    assert item.parameters["level_points"] == published().parameters["level_points"]
    assert db.session.get(RuleSetRule, observation.id).params == observation.params


def test_a_refused_form_saves_nothing_and_says_why_beside_each_field(browser, ctx):
    national = browser("national")
    national.get("/lang/en")
    draft = clone(national)
    hours, observation = rule_of(draft, "hours"), rule_of(draft, "observation")
    before = stored(draft.id)
    pairs = form_of(national.get(f"/rulesetview/edit_rules/{draft.id}").get_data(as_text=True))
    data = with_values(pairs, p__ozp_thresholds__expert="lots", p__attestation_period_years="0", **{
        f"r{hours.id}.hours_per_point": "0",
        f"r{observation.id}.min_lessons": "",
        f"r{hours.id}.hours.master": "106",
    })
    data["p.ozp_thresholds.moderator"] = ["140"]
    response = post_form(national, draft.id, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert stored(draft.id) == before  # nothing half-saved
    assert "Nothing was saved" in page

    def beside(name: str) -> str:
        """The text from the input to the end of its form group."""
        start = page.index(f'name="{name}"')
        return page[start:page.index("</div>\n</div>", start) + 14]

    assert "Expected a number" in beside("p.ozp_thresholds.expert")
    assert 'value="lots"' in beside("p.ozp_thresholds.expert")  # what was typed is kept
    assert "A percent lies between 0 and 100" in beside("p.ozp_thresholds.moderator")
    assert "Must lie between 1 and 50" in beside("p.attestation_period_years")
    assert "Must be greater than zero" in beside(f"r{hours.id}.hours_per_point")
    assert "A required value is missing" in beside(f"r{observation.id}.min_lessons")
    assert 'aria-invalid="true"' in beside(f"r{observation.id}.min_lessons")
    assert "Must be greater than zero" not in beside(f"r{hours.id}.max_points")
    assert "Traceback" not in page


def test_the_problems_are_in_the_readers_language(browser, ctx):
    from flask_babel import force_locale

    from app.i18n import _

    national = browser("national")
    national.get("/lang/ru")
    draft = clone(national)
    hours = rule_of(draft, "hours")
    pairs = form_of(national.get(f"/rulesetview/edit_rules/{draft.id}").get_data(as_text=True))
    response = post_form(national, draft.id, with_values(pairs, **{f"r{hours.id}.max_points": "много"}))
    assert response.status_code == 422
    with force_locale("ru"):
        expected = _("expected a number")
    assert expected != "expected a number"
    assert expected[:1].upper() + expected[1:] in response.get_data(as_text=True)


def test_a_published_set_is_not_changed_through_the_form(browser, ctx):
    national = browser("national")
    national.get("/lang/en")
    item = published()
    before = stored(item.id)
    page = national.get(f"/rulesetview/edit_rules/{item.id}").get_data(as_text=True)
    assert "immutable" in page and "<fieldset disabled>" in page
    response = post_form(national, item.id, with_values(form_of(page), p__review_days="40"))
    assert response.status_code == 422 and "immutable" in response.get_data(as_text=True)
    assert stored(item.id) == before


def test_a_form_opened_before_the_rules_changed_is_refused(browser, ctx):
    national = browser("national")
    draft = clone(national)
    pairs = form_of(national.get(f"/rulesetview/edit_rules/{draft.id}").get_data(as_text=True))
    db.session.add(RuleSetRule(rule_set_id=draft.id, indicator="5", kind="informational", category="master",
                               params={"points": 2}))
    db.session.commit()
    before = stored(draft.id)
    response = post_form(national, draft.id, with_values(pairs, p__review_days="40"))
    assert response.status_code == 409
    assert stored(draft.id) == before


def test_readers_cannot_reach_the_editor(browser, ctx):
    national = browser("national")
    draft = clone(national)
    before = stored(draft.id)
    pairs = form_of(national.get(f"/rulesetview/edit_rules/{draft.id}").get_data(as_text=True))
    district = browser("district")
    data = with_values(pairs, p__review_days="40")
    data.pop("csrf_token")  # the reader's own token
    response = post_form(district, draft.id, data)
    assert response.status_code in (302, 403, 404)
    assert stored(draft.id) == before


def test_the_json_stays_as_an_advanced_export(browser, ctx):
    national = browser("national")
    item = published()
    response = national.get(f"/rulesetview/export_json/{item.id}")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    document = json.loads(response.get_data(as_text=True))
    assert document["names"]["kk"] == DEFAULT_NAMES["kk"] and document["parameters"] == item.parameters
    assert len(document["rules"]) == len(item.rules)


# 2. Names in three languages ------------------------------------------------------------------------
def test_the_default_set_has_three_names_shown_in_the_readers_language(browser, ctx):
    item = published()
    assert item.name == DEFAULT_NAME
    assert (item.name_kk, item.name_ru, item.name_en) == (DEFAULT_NAMES["kk"], DEFAULT_NAMES["ru"], DEFAULT_NAMES["en"])
    national = browser("national")
    for lang in ("kk", "ru", "en"):
        national.get(f"/lang/{lang}")
        page = national.get("/rulesetview/list/").get_data(as_text=True)
        assert DEFAULT_NAMES[lang] in page, lang
        others = [DEFAULT_NAMES[o] for o in ("kk", "ru", "en") if o != lang]
        assert not any(name in page for name in others), lang


def test_a_missing_translation_falls_back_to_kazakh(ctx):
    from flask_babel import force_locale

    item = RuleSet(name="x", name_kk="Қазақша", name_ru=None, name_en="")
    with force_locale("ru"):
        assert str(item) == "Қазақша"
    assert RuleSet(name="only-the-key").localized_name("en") == "only-the-key"


def test_names_are_edited_in_three_languages_and_a_published_sets_key_stays(browser, ctx):
    national = browser("national")
    item = published()
    response = national.post(f"/rulesetview/edit/{item.id}", {
        "name_kk": "Жаңа атау", "name_ru": "Новое название", "name_en": "New name", "name": "renamed",
        "order_reference": item.order_reference, "effective_from": item.effective_from.isoformat()})
    assert response.status_code < 500
    db.session.expire_all()
    item = published()
    assert item.name == DEFAULT_NAME  # the key, what scores refer to, never changes once published
    draft = clone(national)
    response = national.post(f"/rulesetview/edit/{draft.id}", {
        "name_kk": "Жоба атауы", "name_ru": "Название", "name_en": "", "name": draft.name,
        "order_reference": "", "effective_from": draft.effective_from.isoformat()})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(RuleSet, draft.id).name_kk == "Жоба атауы"
    refused = national.post(f"/rulesetview/edit/{draft.id}", {
        "name_kk": "", "name_ru": "", "name_en": "x", "name": draft.name,
        "effective_from": draft.effective_from.isoformat()})
    assert refused.status_code in (200, 422)  # the form again
    db.session.expire_all()
    assert db.session.get(RuleSet, draft.id).name_kk == "Жоба атауы"


def test_published_names_can_be_corrected_but_not_the_content(ctx):
    from app.errors import RuleViolation

    item = published()
    item.name_ru = "Исправленное название"
    db.session.commit()
    item.parameters = {**item.parameters, "review_days": 31}
    try:
        db.session.commit()
        raise AssertionError("a published set's content changed")
    except RuleViolation:
        db.session.rollback()


def test_a_clone_is_marked_draft_in_each_language_until_published(browser, ctx):
    national = browser("national")
    draft = clone(national)
    assert draft.name_kk == DEFAULT_NAMES["kk"] + " (жоба)" and draft.name_ru.endswith(" (черновик)")
    assert draft.name_en.endswith(" (draft)")
    assert national.post(f"/rulesetview/action/publish/{draft.id}").status_code == 302
    db.session.expire_all()
    item = db.session.get(RuleSet, draft.id)
    assert item.status == "published"
    day = f"{item.published_on:%d.%m.%Y}"
    # no draft mark; told apart from the version it was cloned from by its date
    assert (item.name_kk, item.name_ru, item.name_en) == tuple(f"{DEFAULT_NAMES[lang]} ({day})"
                                                               for lang in ("kk", "ru", "en"))
    renamed = clone(national)
    renamed.name_kk, renamed.name_ru = "2026 жылғы өлшемшарттар", "Критерии 2026 года"
    db.session.commit()
    assert national.post(f"/rulesetview/action/publish/{renamed.id}").status_code == 302
    db.session.expire_all()
    renamed = db.session.get(RuleSet, renamed.id)
    assert (renamed.name_kk, renamed.name_ru) == ("2026 жылғы өлшемшарттар", "Критерии 2026 года")
    assert renamed.name_en.endswith(f" ({day})") and "(draft)" not in renamed.name_en


def test_the_migration_gives_existing_sets_names(app, tmp_path):
    """0012 on a database at 0011 that holds the default set and another one."""
    import datetime as dt

    from flask_migrate import downgrade, upgrade
    from sqlalchemy import create_engine, text

    from app import create_app
    from tests.conftest import BACKEND, make_test_config

    if BACKEND != "sqlite":
        return  # the PostgreSQL pass migrates the real database at session start
    url = f"sqlite:///{tmp_path / 'm.db'}"
    other = create_app(make_test_config(url, tmp_path))
    with other.app_context():
        upgrade(revision="0011")
        engine = create_engine(url)
        with engine.begin() as conn:
            for name in (DEFAULT_NAME, "Local set"):
                conn.execute(text("INSERT INTO rule_set (name, effective_from, status, parameters) "
                                  "VALUES (:n, :d, 'published', '{}')"), {"n": name, "d": dt.date(2024, 4, 2)})
        upgrade(revision="0012")
        with engine.connect() as conn:
            rows = dict((r[0], r[1:]) for r in conn.execute(text("SELECT name, name_kk, name_ru, name_en FROM rule_set")))
        assert rows[DEFAULT_NAME] == (DEFAULT_NAMES["kk"], DEFAULT_NAMES["ru"], DEFAULT_NAMES["en"])
        assert rows["Local set"] == ("Local set", "Local set", "Local set")
        downgrade(revision="0011")
        with engine.connect() as conn:
            columns = [r[1] for r in conn.execute(text("PRAGMA table_info(rule_set)"))]
        assert "name_kk" not in columns and "name" in columns
        engine.dispose()


# 3. Drafts are not shown to readers -------------------------------------------------------------
def test_readers_see_only_published_rule_sets(browser, ctx):
    national = browser("national")
    draft = clone(national)
    draft.name_kk, draft.name_ru, draft.name_en = "ҚҰПИЯ ЖОБА", "СЕКРЕТНЫЙ ЧЕРНОВИК", "SECRET DRAFT"
    db.session.commit()
    assert "ҚҰПИЯ ЖОБА" in national.get("/rulesetview/list/").get_data(as_text=True)
    item = published()
    for username in ("district", "auditor", "director"):
        reader = browser(username)
        listing = reader.get("/rulesetview/list/")
        assert listing.status_code == 200, username
        text_ = listing.get_data(as_text=True)
        assert DEFAULT_NAMES["kk"] in text_, username
        assert "ҚҰПИЯ ЖОБА" not in text_ and draft.name not in text_, username
        compare = reader.get(f"/rulesetview/compare/{item.id}?with={item.id}").get_data(as_text=True)
        assert "ҚҰПИЯ ЖОБА" not in compare and f'value="{draft.id}"' not in compare, username
        for url in (f"/rulesetview/show/{draft.id}", f"/rulesetview/compare/{draft.id}",
                    f"/rulesetview/compare/{item.id}?with={draft.id}", f"/rulesetview/export_json/{draft.id}"):
            response = reader.get(url)
            assert response.status_code == 404, (username, url, response.status_code)
        rules = reader.get(f"/rulesetruleview/list/?_flt_0_rule_set={draft.id}").get_data(as_text=True)
        assert "informational" not in rules or str(draft.id) not in rules


def test_a_draft_rule_row_is_not_readable_by_readers(browser, ctx):
    national = browser("national")
    draft = clone(national)
    rule = rule_of(draft, "hours")
    assert browser("district").get(f"/rulesetruleview/show/{rule.id}").status_code == 404
    assert national.get(f"/rulesetruleview/show/{rule.id}").status_code == 200


def test_the_completeness_page_names_the_published_set_never_a_draft_mark(browser, ctx):
    """A published clone is scored by: the page names it as people read it, never by its key
    (which says "draft" and a number) nor with the clone's draft mark."""
    national = browser("national")
    draft = clone(national)
    assert national.post(f"/rulesetview/action/publish/{draft.id}").status_code == 302
    db.session.expire_all()
    person_id = user("teacher").person_id
    for username in ("entry", "director"):
        response = browser(username).get(f"/profile/{person_id}/completeness")
        page = response.get_data(as_text=True)
        assert response.status_code == 200, (username, page[:500])
        assert DEFAULT_NAMES["kk"] in page  # the newest published set, in Kazakh
        assert draft.name not in page and "(жоба)" not in page and "— жоба" not in page


def test_a_drafts_name_is_never_given_for_a_key(ctx):
    from app.scoring import rulesets

    item = published()
    copy_ = rulesets.clone(db.session, item, "a draft key")
    db.session.commit()
    assert rulesets.display_name(db.session, item.name) == DEFAULT_NAMES["kk"]
    assert rulesets.display_name(db.session, copy_.name) == ""
    assert rulesets.display_name(db.session, "no such set") == ""


# 4. Labels in the reader's language ---------------------------------------------------------------
def test_the_list_says_states_in_words_and_the_order_is_not_a_sort_order(browser, ctx):
    from flask_babel import force_locale

    from app.i18n import _

    national = browser("national")
    clone(national)
    for lang in ("kk", "ru"):
        national.get(f"/lang/{lang}")
        page = national.get("/rulesetview/list/").get_data(as_text=True)
        with force_locale(lang):
            published_word, draft_word, sort_order = _("published"), _("draft"), _("Order")
        assert published_word in page and draft_word in page, lang
        assert ">published<" not in page and ">draft<" not in page, lang
        # "Order" is the directories' sort order ("Сұрыптау реті", "Порядок сортировки"): the rule
        # set's order (бұйрық) has its own label
        assert sort_order not in page, lang

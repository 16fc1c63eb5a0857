"""Disputes of registry values, the pure rules: who owns a dispute of which registry (the routing
table), the state transitions, and the refusals of an empty or an overlong text."""

from __future__ import annotations

import pytest

from app.errors import RuleViolation
from app.integrations import disputes as d
from app.integrations.labels import REGISTRY_LABELS

REPUBLIC, REGION, DISTRICT, ORG = "republic", "region", "district", "organization"
#: root 1 → region 2 → district 3 → school 4; a college 5 run by the region
SCHOOL = [(1, REPUBLIC), (2, REGION), (3, DISTRICT), (4, ORG)]
COLLEGE = [(1, REPUBLIC), (2, REGION), (5, ORG)]


@pytest.fixture
def babel_app():
    from flask import Flask
    from flask_babel import Babel

    application = Flask(__name__)
    Babel(application)
    with application.app_context():
        yield application


def test_every_registry_has_a_data_owner():
    assert set(d.DATA_OWNERS) == set(REGISTRY_LABELS)


@pytest.mark.parametrize(("chain", "source", "owner"), [
    (SCHOOL, "nobd", 3),  # a school's НОБД data: its district's department
    (COLLEGE, "nobd", 2),  # an organization run by the region: the region's department
    (SCHOOL, "uto", 1),  # the national operators: the republic
    (SCHOOL, "mnvo", 1),
    (SCHOOL, "orleu", 1),
    (SCHOOL, "gbdfl", 1),
    (SCHOOL, "gbdul", 1),
    (COLLEGE, "uto", 1),
    ([(1, REPUBLIC), (2, REGION), (3, DISTRICT)], "nobd", 3),  # a node of the district (search starts above it)
    ([(1, REPUBLIC), (2, REGION)], "nobd", 2),  # a district's own node: its region
    ([(1, REPUBLIC)], "nobd", 1),  # a region's own node: nobody below the republic keeps it
    (SCHOOL, "unknown", 1),  # a registry the table does not know: the republic
])
def test_routing_table(chain, source, owner):
    assert d.data_owner(chain, source) == owner


def test_routing_is_data(monkeypatch):
    monkeypatch.setitem(d.DATA_OWNERS, "uto", (REGION,))
    assert d.data_owner(SCHOOL, "uto") == 2


@pytest.mark.parametrize(("state", "action", "target"), [
    ("filed", "review", "in_review"),
    ("filed", "accept", "accepted"),
    ("filed", "reject", "rejected"),
    ("in_review", "accept", "accepted"),
    ("in_review", "reject", "rejected"),
])
def test_allowed_transitions(state, action, target):
    assert d.next_state(state, action) == target


@pytest.mark.parametrize("state", ["in_review", "accepted", "rejected"])
def test_only_a_filed_dispute_is_taken_into_review(babel_app, state):
    with pytest.raises(RuleViolation):
        d.next_state(state, "review")


@pytest.mark.parametrize(("state", "action"), [
    (s, a) for s in ("accepted", "rejected") for a in ("accept", "reject", "review")
] + [("filed", "withdraw"), ("filed", "")])
def test_an_answered_dispute_stays_answered(babel_app, state, action):
    with pytest.raises(RuleViolation):
        d.next_state(state, action)


def test_the_table_leads_from_open_states_only():
    assert {source for source, _action in d.TRANSITIONS} == set(d.OPEN_STATES)
    assert set(d.TRANSITIONS.values()) <= set(d.STATES)


@pytest.mark.parametrize("source", ["nobd", "uto", "mnvo", "orleu", "gbdfl", "gbdul"])
def test_registries_are_disputed(source):
    assert d.is_registry(source)


@pytest.mark.parametrize("source", ["manual", "order", None, ""])
def test_hand_and_order_values_are_not_disputed(source):
    assert not d.is_registry(source)


@pytest.mark.parametrize("text", ["", "   ", None, "ж" * 4001])
def test_empty_or_overlong_text_is_refused(babel_app, text):
    with pytest.raises(RuleViolation):
        d.clean_text(text, "What is wrong")


def test_text_is_trimmed(babel_app):
    assert d.clean_text("  Тегі қате  ", "x") == "Тегі қате"
    assert len(d.clean_text("ж" * 4000, "x")) == 4000


def test_state_labels_are_words(babel_app):
    assert [d.state_label(s) for s in d.STATES] == ["Filed", "In review", "Accepted", "Rejected"]

"""Announcements, the pure rules: the words and the role an announcement may have, who may write one,
and how a title and a text are cleaned."""

from __future__ import annotations

import pytest

from app.announcements import rules
from app.security.roles import ROLE_DEFINITIONS


@pytest.fixture(autouse=True)
def babel_app():
    from flask import Flask
    from flask_babel import Babel

    application = Flask(__name__)
    Babel(application)
    with application.app_context():
        yield application


@pytest.mark.parametrize(("title", "body", "role", "refusals"), [
    ("Window closes", "On 31 December.", "Teacher", 0),
    ("Window closes", "On 31 December.", None, 0),  # every user
    ("", "On 31 December.", None, 1),
    ("Window closes", "", None, 1),
    ("", "", None, 2),
    ("x" * 200, "y" * 4000, None, 0),  # the limits themselves
    ("x" * 201, "y", None, 1),
    ("x", "y" * 4001, None, 1),
    ("x" * 201, "y" * 4001, "Nobody", 3),
    ("x", "line one\nline two\ttabbed", None, 0),  # line breaks and tabs are text
    ("x\x00", "y", None, 1),
    ("x", "y\x1b[31m", None, 1),
    ("x", "y", "Admin", 1),  # FAB's superuser role is nobody's audience
    ("x", "y", "teacher", 1),  # role codes are exact
])
def test_problems(title, body, role, refusals):
    found = rules.problems(title, body, role)
    assert len(found) == refusals, found
    assert all(isinstance(message, str) and message for message in found)


def test_every_defined_role_may_be_addressed():
    for name in ROLE_DEFINITIONS:
        assert rules.problems("x", "y", name) == []
    assert [code for code, _label in rules.role_choices()] == ["", *ROLE_DEFINITIONS]


@pytest.mark.parametrize(("roles", "allowed"), [
    ({"NationalAdmin"}, True),
    ({"RegionStaff"}, True),
    ({"DistrictStaff"}, True),
    ({"Admin"}, True),
    ({"Auditor"}, False),  # reads them only
    ({"OrgHead"}, False),
    ({"OrgDataEntry"}, False),
    ({"Teacher"}, False),
    ({"Observer"}, False),
    ({"CommissionMember"}, False),
    ({"Teacher", "DistrictStaff"}, True),
    (set(), False),
    ({"Unknown"}, False),
])
def test_who_may_announce(roles, allowed):
    assert rules.may_announce(roles) is allowed


def test_cleaning():
    assert rules.clean_title("  Window\n closes\t soon ") == "Window closes soon"
    assert rules.clean_title(None) == ""
    assert rules.clean_body("\r\n Dear colleagues,\r\nthe window closes.\r\r\n") == "Dear colleagues,\nthe window closes."
    assert rules.clean_body(None) == ""


def test_role_labels():
    assert rules.role_label("Teacher") == str(ROLE_DEFINITIONS["Teacher"].label)
    assert rules.role_label(None) == rules.role_label("") == rules.role_label("Nobody") == str(rules.EVERY_ROLE)


def test_a_refusal_carries_every_reason():
    refused = rules.Refused(["one.", "two."])
    assert refused.messages == ["one.", "two."] and str(refused) == "one. two."

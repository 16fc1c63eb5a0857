"""The workflow's pure rules: the transition table, the decision formula, conflicts of interest."""

from __future__ import annotations

import pytest

from app.attestation import states
from app.attestation.conflicts import ApplicantFacts, MemberFacts, conflicts
from app.attestation.decision import DecisionRefused, Vote, decide, tally
from app.scoring.defaults import DEFAULT_PARAMETERS

P = DEFAULT_PARAMETERS
A, S, C, M = states.APPLICANT, states.SECRETARY, states.CHAIR, states.MEMBER


@pytest.mark.parametrize(("state", "action", "who", "target"), [
    ("draft", "submit", {A}, "submitted"),
    ("submitted", "accept", {S}, "accepted"),
    ("submitted", "accept", {C, M}, "accepted"),
    ("submitted", "return", {S}, "returned"),
    ("returned", "redraft", {A}, "draft"),
    ("accepted", "start_review", {S}, "under_review"),
    ("under_review", "complete_review", {S}, "reviewed"),
    ("reviewed", "decide", {C, M}, "decided"),
    ("draft", "withdraw", {A}, "withdrawn"),
    ("under_review", "withdraw", {A}, "withdrawn"),
    ("reviewed", "withdraw", {A}, "withdrawn"),
])
def test_allowed_transitions(state, action, who, target):
    assert states.transition(state, action, who).target == target


@pytest.mark.parametrize(("state", "action", "who", "code"), [
    ("draft", "submit", {S}, "not_your_role"),
    ("draft", "submit", {M}, "not_your_role"),
    ("submitted", "accept", {A}, "not_your_role"),
    ("submitted", "accept", {M}, "not_your_role"),
    ("reviewed", "decide", {S}, "not_your_role"),
    ("reviewed", "decide", {M}, "not_your_role"),
    ("reviewed", "decide", {A}, "not_your_role"),
    ("decided", "withdraw", {A}, "not_allowed_from_state"),
    ("withdrawn", "submit", {A}, "not_allowed_from_state"),
    ("draft", "accept", {S}, "not_allowed_from_state"),
    ("under_review", "decide", {C}, "not_allowed_from_state"),
    ("submitted", "nonsense", {A, S, C, M}, "not_allowed_from_state"),
])
def test_refused_transitions(state, action, who, code):
    with pytest.raises(states.TransitionRefused) as refused:
        states.transition(state, action, who)
    assert refused.value.code == code


def test_every_state_is_reachable_and_the_table_names_known_states():
    targets = {t.target for t in states.TRANSITIONS} | {states.DRAFT}
    assert set(states.STATES[:8]) <= targets
    assert all(t.source in states.STATES and t.target in states.STATES for t in states.TRANSITIONS)
    assert states.transition("submitted", "return", {S}).needs_reason
    assert states.transition("under_review", "withdraw", {A}).needs_reason
    assert not states.transition("draft", "withdraw", {A}).needs_reason


def test_available_actions_follow_the_relation():
    assert states.available_actions("submitted", {S}) == ["accept", "return"]
    assert states.available_actions("submitted", {A}) == ["withdraw"]
    assert states.available_actions("decided", {A, S, C, M}) == []


# The decision formula -----------------------------------------------------------------------------
def votes(*values, chair_index=0):
    return [Vote(i, i == chair_index, v) for i, v in enumerate(values)]


ASSIGNED = {"outcome": "assigned", "awarded_category": "expert", "indicators": {}, "ozp": {"met": True}}
NOT_ASSIGNED = {"outcome": "not_assigned", "awarded_category": None,
                "indicators": {"1.2": {"applicable": True, "met": False}}, "ozp": {"met": False, "required_percent": 70}}
CONFIRMED = {"outcome": "confirmed", "awarded_category": "expert", "indicators": {}, "ozp": {"met": True}}


def test_quorum_is_two_thirds_of_the_voting_members():
    assert not tally(votes(True, True, True, None, None), 5, P).quorum_met  # 3 of 5 < 2/3
    assert tally(votes(True, True, True, True, None), 5, P).quorum_met  # 4 of 5
    assert tally(votes(True, True, True, True, None, None), 6, P).quorum_met  # exactly 2/3
    assert not tally([], 0, P).quorum_met
    with pytest.raises(DecisionRefused) as refused:
        decide(ASSIGNED, votes(True, True, None, None, None), 5, True, P, mode="assign", requested_category="expert",
               current_category="moderator")
    assert refused.value.code == "no_quorum" and refused.value.params["needed"] == 4


def test_the_quorum_is_data():
    params = {**P, "quorum": {"numerator": 1, "denominator": 2}}
    assert tally(votes(True, True, True, None, None), 5, params).quorum_met


def test_majority_of_votes_cast_and_the_chair_breaks_a_tie():
    assert tally(votes(True, True, False, None), 4, P).majority is True
    tie = tally(votes(False, True, True, False), 4, P)
    assert tie.tie and tie.majority is False  # the chair (index 0) voted "does not correspond"


def test_chair_agreeing_with_the_majority_keeps_the_engines_outcome():
    decision = decide(ASSIGNED, votes(True, True, True, False, True), 5, True, P, mode="assign",
                      requested_category="expert", current_category="moderator")
    assert (decision.outcome, decision.awarded_category, decision.flagged) == ("assigned", "expert", False)
    assert [r["code"] for r in decision.reasons] == ["engine", "votes", "chair"]


def test_commission_never_raises_the_criteria():
    decision = decide(NOT_ASSIGNED, votes(True, True, True, True, True), 5, True, P, mode="assign",
                      requested_category="expert", current_category="moderator")
    assert decision.outcome == "not_assigned" and decision.awarded_category is None
    codes = [r["code"] for r in decision.reasons]
    assert "ozp_not_met" in codes and "indicators_not_met" in codes


def test_chair_overriding_the_majority_needs_a_reason_and_is_flagged():
    with pytest.raises(DecisionRefused) as refused:
        decide(ASSIGNED, votes(True, True, True, True, True), 5, False, P, mode="assign",
               requested_category="expert", current_category="moderator")
    assert refused.value.code == "override_needs_reason"
    decision = decide(ASSIGNED, votes(True, True, True, True, True), 5, False, P, mode="assign",
                      requested_category="expert", current_category="moderator", chair_reason="эссе көшірілген")
    assert decision.flagged and decision.outcome == "not_assigned"
    assert {"code": "chair_overrides_majority", "params": {"reason": "эссе көшірілген"}} in decision.reasons


def test_not_corresponding_when_confirming_lowers_one_level():
    decision = decide(CONFIRMED, votes(False, False, False, False, True), 5, False, P, mode="confirm",
                      requested_category="expert", current_category="expert")
    assert (decision.outcome, decision.awarded_category) == ("lowered", "moderator")


def test_lowered_by_the_criteria_stays_lowered():
    lowered = {"outcome": "lowered", "awarded_category": "moderator", "indicators": {}, "ozp": {"met": False}}
    decision = decide(lowered, votes(True, True, True, True), 4, True, P, mode="confirm",
                      requested_category="researcher", current_category="researcher")
    assert (decision.outcome, decision.awarded_category) == ("lowered", "moderator")


# Conflicts ----------------------------------------------------------------------------------------
def test_conflicts_of_interest():
    applicant = ApplicantFacts(person_id=1, organization_id=10, position="teacher")
    assert conflicts(MemberFacts(1, 10), applicant, "district", P) == ["own_application"]
    assert conflicts(MemberFacts(2, 10), applicant, "district", P) == ["same_organization"]
    assert conflicts(MemberFacts(2, 10), applicant, "organization", P) == []  # a school's own commission
    assert conflicts(MemberFacts(2, 11), applicant, "district", P) == []
    head = ApplicantFacts(person_id=1, organization_id=10, position="head")
    assert conflicts(MemberFacts(2, 10), head, "organization", P) == ["subordinate"]
    assert conflicts(MemberFacts(2, 10), head, "organization", {**P, "conflict_subordinate": False}) == []
    off = {**P, "conflict_same_organization": {"district": False}}
    assert conflicts(MemberFacts(2, 10), applicant, "district", off) == []


def test_external_observer_definition():
    from app.observation.rules import ObserverFacts, is_external_observer

    methodist = ObserverFacts(is_methodist=True)
    district_member = ObserverFacts(commission_levels=frozenset({"district"}))
    assert is_external_observer(methodist, "district") and is_external_observer(methodist, None)
    assert is_external_observer(district_member, "district")
    assert not is_external_observer(district_member, "region")  # another level's commission
    assert is_external_observer(district_member, None)
    assert not is_external_observer(ObserverFacts(), "organization")
    assert not is_external_observer(None, "district")

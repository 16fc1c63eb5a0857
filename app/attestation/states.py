"""The application's states and the one table of allowed transitions (DOMAIN.md §5).

Pure data and lookups: who may make a transition is a *relation* of the actor to the application
(computed by app/attestation/actors.py), never a role name checked in a view.
"""

from __future__ import annotations

from dataclasses import dataclass

DRAFT, SUBMITTED, ACCEPTED, RETURNED = "draft", "submitted", "accepted", "returned"
UNDER_REVIEW, REVIEWED, DECIDED, WITHDRAWN = "under_review", "reviewed", "decided", "withdrawn"
#: come with the documents (protocol, certificate)
IN_PROTOCOL, CERTIFIED = "in_protocol", "certified"
STATES = (DRAFT, SUBMITTED, ACCEPTED, RETURNED, UNDER_REVIEW, REVIEWED, DECIDED, WITHDRAWN, IN_PROTOCOL, CERTIFIED)
#: states in which the teacher's materials and choices are frozen (a snapshot is kept)
FROZEN_STATES = (SUBMITTED, ACCEPTED, UNDER_REVIEW, REVIEWED, DECIDED, IN_PROTOCOL, CERTIFIED)
#: states that end an application
FINAL_STATES = (DECIDED, WITHDRAWN, IN_PROTOCOL, CERTIFIED)

OUTCOMES = ("assigned", "confirmed", "lowered", "not_assigned")

# Actor relations (app/attestation/actors.py decides which ones a user has for an application)
APPLICANT = "applicant"  # the teacher, or staff of the teacher's organization acting for them
SECRETARY = "secretary"  # the commission's secretary
CHAIR = "chair"  # the commission's chair
MEMBER = "member"  # a voting member of the commission (the chair too)
AUTHORITY = "authority"  # the head who issues the order (the commission's organization or authority)


@dataclass(frozen=True)
class Transition:
    action: str
    source: str
    target: str
    who: frozenset[str]
    #: a reason must be given (returning, withdrawing after submission)
    needs_reason: bool = False


def _t(action: str, source: str, target: str, *who: str, needs_reason: bool = False) -> Transition:
    return Transition(action, source, target, frozenset(who), needs_reason)


TRANSITIONS: tuple[Transition, ...] = (
    _t("submit", DRAFT, SUBMITTED, APPLICANT),
    _t("accept", SUBMITTED, ACCEPTED, SECRETARY, CHAIR),
    _t("return", SUBMITTED, RETURNED, SECRETARY, CHAIR, needs_reason=True),
    _t("redraft", RETURNED, DRAFT, APPLICANT),
    _t("start_review", ACCEPTED, UNDER_REVIEW, SECRETARY, CHAIR),
    _t("complete_review", UNDER_REVIEW, REVIEWED, SECRETARY, CHAIR),
    _t("decide", REVIEWED, DECIDED, CHAIR),
    # withdrawn by the teacher before the decision
    _t("withdraw", DRAFT, WITHDRAWN, APPLICANT),
    _t("withdraw", RETURNED, WITHDRAWN, APPLICANT),
    _t("withdraw", SUBMITTED, WITHDRAWN, APPLICANT, needs_reason=True),
    _t("withdraw", ACCEPTED, WITHDRAWN, APPLICANT, needs_reason=True),
    _t("withdraw", UNDER_REVIEW, WITHDRAWN, APPLICANT, needs_reason=True),
    _t("withdraw", REVIEWED, WITHDRAWN, APPLICANT, needs_reason=True),
    # the documents (app/attestation/protocols.py, orders.py): taken for a whole session, never one by one
    _t("gather", DECIDED, IN_PROTOCOL, SECRETARY, CHAIR),
    _t("certify", IN_PROTOCOL, CERTIFIED, AUTHORITY),
)
#: actions taken on the documents' pages for a whole protocol, not offered on an application's page
DOCUMENT_ACTIONS = ("gather", "certify")
ACTIONS = tuple(dict.fromkeys(t.action for t in TRANSITIONS))
_BY_KEY = {(t.source, t.action): t for t in TRANSITIONS}


class TransitionRefused(Exception):
    """The transition is not allowed: ``code`` says why (not_allowed_from_state, not_your_role)."""

    def __init__(self, code: str, action: str, state: str) -> None:
        super().__init__(code)
        self.code, self.action, self.state = code, action, state


def transition(state: str, action: str, relations: set[str] | frozenset[str]) -> Transition:
    """The transition ``action`` from ``state`` for an actor with ``relations``, or TransitionRefused."""
    found = _BY_KEY.get((state, action))
    if found is None:
        raise TransitionRefused("not_allowed_from_state", action, state)
    if not found.who & set(relations):
        raise TransitionRefused("not_your_role", action, state)
    return found


def available_actions(state: str, relations: set[str] | frozenset[str]) -> list[str]:
    """The actions an actor with ``relations`` may take from ``state``, in table order."""
    return [t.action for t in TRANSITIONS
            if t.source == state and t.who & set(relations) and t.action not in DOCUMENT_ACTIONS]

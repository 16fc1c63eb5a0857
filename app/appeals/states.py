"""An appeal's states and the one table of its transitions (pure data)."""

from __future__ import annotations

FILED, IN_REVIEW, ANSWERED, CLOSED = "filed", "in_review", "answered", "closed"
STATES = (FILED, IN_REVIEW, ANSWERED, CLOSED)
OPEN_STATES = (FILED, IN_REVIEW)
UPHELD, REJECTED = "upheld", "rejected"
RESOLUTIONS = (UPHELD, REJECTED)
#: how lists order appeals by state: open ones first (then by due date), answered, then closed
OPEN_FIRST_RANKS = {FILED: 0, IN_REVIEW: 0, ANSWERED: 1}

#: who acts: the body that answers, or the teacher's side (the teacher, the director who filed)
BODY, FILER = "body", "filer"

#: (state, action) -> (next state, who may)
TRANSITIONS: dict[tuple[str, str], tuple[str, frozenset[str]]] = {
    (FILED, "review"): (IN_REVIEW, frozenset({BODY})),
    (FILED, "answer"): (ANSWERED, frozenset({BODY})),
    (IN_REVIEW, "answer"): (ANSWERED, frozenset({BODY})),
    (ANSWERED, "close"): (CLOSED, frozenset({BODY, FILER})),
}
ACTIONS = tuple(dict.fromkeys(action for _state, action in TRANSITIONS))


def next_state(state: str, action: str, relations: set[str] | frozenset[str]) -> str | None:
    """The state ``action`` leads to from ``state`` for an actor with ``relations``; None when refused."""
    found = TRANSITIONS.get((state, action))
    if found is None or not (found[1] & set(relations)):
        return None
    return found[0]

"""Reading a scoring case (the JSON contract of docs/scoring.md): validated in
app.scoring.validation, then turned into the engine's Case."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.scoring.engine import Case
from app.scoring.validation import PROFILE_LISTS, CaseError, validate_case

__all__ = ["CaseError", "read_case"]


def read_case(data: Any, *, advisory: bool = False) -> tuple[Case, str | None]:
    """A Case and the rule set asked for (None: the newest published).

    Raises CaseError with every problem when the case cannot be scored (see validate_case;
    ``advisory`` skips the principle of sequence, for the readiness advisor only).
    """
    problems = validate_case(data, advisory=advisory)
    if problems:
        raise CaseError(problems)
    as_of = data.get("as_of")
    profile = dict(data["profile"])
    for key in PROFILE_LISTS:  # an absent list and null mean the same: nothing recorded
        if profile.get(key) is None:
            profile[key] = []
    return Case(
        education_level=data["education_level"],
        position=data.get("position", "teacher"),
        requested_category=data["requested_category"],
        current_category=data.get("current_category", "teacher"),
        mode=data["mode"],
        early=data.get("early", False),
        experience_years=float(data.get("experience_years", 0)),
        ozp_percent=float(data["ozp_percent"]) if data.get("ozp_percent") is not None else None,
        as_of=dt.date.fromisoformat(as_of) if as_of else dt.date.today(),
        profile=profile,
    ), data.get("rule_set")

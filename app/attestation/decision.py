"""The final decision by formula (DOMAIN.md §11 step 3): the engine's outcome, the members' votes and
the chair's decision. Pure; parameters come from the period's rule set (``quorum``).

The default formula: voting members are the chair and the members (the secretary does not vote);
the quorum is two thirds of the voting members having voted; the majority is of the votes cast, and
on a tie the chair's vote decides. The chair decides "corresponds" or "does not correspond"; when
that goes against the majority, the application is flagged for the protocol with the chair's reason.
The commission never raises the engine's result: "corresponds" keeps the engine's outcome;
"does not correspond" means not assigned (assigning) or one level lower (confirming).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.scoring.defaults import CATEGORIES, DEFAULT_PARAMETERS


@dataclass(frozen=True)
class Vote:
    member_id: int
    is_chair: bool
    corresponds: bool | None  # None: not voted


@dataclass(frozen=True)
class Tally:
    voting: int
    voted: int
    corresponds: int
    against: int
    quorum_met: bool
    #: True / False by the majority of votes cast, the chair's vote breaking a tie; None when nobody voted
    majority: bool | None
    tie: bool

    def as_dict(self) -> dict:
        return {"voting": self.voting, "voted": self.voted, "corresponds": self.corresponds, "against": self.against,
                "quorum_met": self.quorum_met, "majority": self.majority, "tie": self.tie}


@dataclass
class Decision:
    outcome: str
    awarded_category: str | None
    flagged: bool
    #: codes with plain parameters; pages write them in words (app/attestation/messages.py)
    reasons: list[dict] = field(default_factory=list)
    tally: Tally | None = None

    def as_dict(self) -> dict:
        return {"outcome": self.outcome, "awarded_category": self.awarded_category, "flagged": self.flagged,
                "reasons": self.reasons, "tally": self.tally.as_dict() if self.tally else None}


class DecisionRefused(Exception):
    """The chair cannot decide yet: ``code`` (no_quorum, override_needs_reason) and parameters."""

    def __init__(self, code: str, **params) -> None:
        super().__init__(code)
        self.code, self.params = code, params


def quorum(parameters: dict) -> tuple[int, int]:
    value = parameters.get("quorum") or DEFAULT_PARAMETERS["quorum"]
    return int(value["numerator"]), int(value["denominator"])


def tally(votes: list[Vote], voting: int, parameters: dict) -> Tally:
    """Count the votes of ``voting`` eligible voting members (those in conflict are not counted)."""
    cast = [v for v in votes if v.corresponds is not None]
    yes = sum(1 for v in cast if v.corresponds)
    no = len(cast) - yes
    numerator, denominator = quorum(parameters)
    quorum_met = voting > 0 and len(cast) * denominator >= voting * numerator
    tie = bool(cast) and yes == no
    if not cast:
        majority = None
    elif tie:
        chair = next((v for v in cast if v.is_chair), None)
        majority = chair.corresponds if chair is not None else None
    else:
        majority = yes > no
    return Tally(voting, len(cast), yes, no, quorum_met, majority, tie)


def _rank(category: str | None) -> int:
    return CATEGORIES.index(category) if category in CATEGORIES else 0


def decide(score: dict, votes: list[Vote], voting: int, chair_corresponds: bool, parameters: dict, *,
           mode: str, requested_category: str, current_category: str, chair_reason: str | None = None) -> Decision:
    """The final decision; DecisionRefused when the quorum is not met or an override has no reason."""
    counted = tally(votes, voting, parameters)
    if not counted.quorum_met:
        numerator, denominator = quorum(parameters)
        raise DecisionRefused("no_quorum", voted=counted.voted, voting=voting,
                              needed=-(-voting * numerator // denominator))
    overrides = counted.majority is not None and counted.majority != chair_corresponds
    if overrides and not (chair_reason or "").strip():
        raise DecisionRefused("override_needs_reason")
    reasons: list[dict] = [
        {"code": "engine", "params": {"outcome": score.get("outcome"), "awarded_category": score.get("awarded_category")}},
    ]
    ozp = score.get("ozp") or {}
    if ozp and not ozp.get("met", True):
        reasons.append({"code": "ozp_not_met", "params": {"required_percent": ozp.get("required_percent")}})
    failing = [code for code, r in (score.get("indicators") or {}).items() if r.get("applicable") and not r.get("met")]
    if failing:
        reasons.append({"code": "indicators_not_met", "params": {"indicators": failing}})
    reasons.append({"code": "votes", "params": counted.as_dict()})
    reasons.append({"code": "chair", "params": {"corresponds": chair_corresponds}})
    if overrides:
        reasons.append({"code": "chair_overrides_majority", "params": {"reason": (chair_reason or "").strip()}})

    engine_outcome = score.get("outcome") or ("not_assigned" if mode == "assign" else "lowered")
    engine_awarded = score.get("awarded_category")
    if chair_corresponds:
        outcome, awarded = engine_outcome, engine_awarded
    elif mode == "assign":
        outcome, awarded = "not_assigned", None
        reasons.append({"code": "commission_not_corresponds", "params": {}})
    else:
        one_lower = CATEGORIES[max(_rank(requested_category) - 1, 0)]
        engine_rank = _rank(engine_awarded) if engine_awarded else _rank(one_lower)
        awarded = CATEGORIES[min(engine_rank, _rank(one_lower))]
        outcome = "lowered"
        reasons.append({"code": "commission_not_corresponds", "params": {}})
    if outcome == "lowered" and awarded is None:
        awarded = CATEGORIES[max(_rank(current_category) - 1, 0)]
    return Decision(outcome, awarded, overrides, reasons, counted)

"""Sentences for the workflow's codes (refusals, decision reasons, conflicts), in the current locale."""

from __future__ import annotations

from app.attestation.labels import category_name, outcome_label, state_label
from app.i18n import _


def refusal_message(code: str, action: str = "", state: str = "") -> str:
    if code == "not_allowed_from_state":
        return _("This step is not possible while the application is “%(state)s”.", state=state_label(state))
    if code == "not_your_role":
        return _("This step belongs to someone else in the attestation (the teacher, the secretary or the chair).")
    return _("This step is not possible now.")


def conflict_message(code: str) -> str:
    names = {
        "own_application": _("a member never reviews their own application"),
        "same_organization": _("the member works in the applicant's organization"),
        "subordinate": _("the applicant heads the member's organization"),
    }
    return names.get(code, code)


def decision_refusal_message(code: str, params: dict) -> str:
    if code == "no_quorum":
        return _("No quorum yet: %(voted)s of %(voting)s voting members have voted, %(needed)s are needed.",
                 voted=params.get("voted", 0), voting=params.get("voting", 0), needed=params.get("needed", 0))
    if code == "override_needs_reason":
        return _("Your decision goes against the majority of the members: write the reason.")
    return _("The decision cannot be made yet.")


def reason_sentence(reason: dict) -> str:
    """One reason of the decision formula in words."""
    code, p = reason.get("code"), reason.get("params") or {}
    if code == "engine":
        if p.get("awarded_category"):
            return _("The criteria give: %(outcome)s (%(category)s).", outcome=outcome_label(p.get("outcome")),
                     category=category_name(p.get("awarded_category")))
        return _("The criteria give: %(outcome)s.", outcome=outcome_label(p.get("outcome")))
    if code == "ozp_not_met":
        return _("The knowledge test (ОЗП) result is below the required %(percent)s%%.",
                 percent=p.get("required_percent"))
    if code == "indicators_not_met":
        return _("Indicators not met: %(indicators)s.", indicators=", ".join(p.get("indicators") or []))
    if code == "votes":
        return _("Votes: %(yes)s “corresponds”, %(no)s “does not correspond”, %(voted)s of %(voting)s voting members voted.",
                 yes=p.get("corresponds", 0), no=p.get("against", 0), voted=p.get("voted", 0), voting=p.get("voting", 0))
    if code == "chair":
        return _("The chair's decision: corresponds.") if p.get("corresponds") else \
            _("The chair's decision: does not correspond.")
    if code == "chair_overrides_majority":
        return _("The chair decided against the majority of the members; reason: %(reason)s", reason=p.get("reason", ""))
    if code == "commission_not_corresponds":
        return _("The commission found that the teacher does not correspond to the requested category.")
    return _("Other reason.")


def eligibility_sentences(stored: dict | None) -> list[str]:
    """The reasons stored with an application's eligibility check, in words."""
    if not stored:
        return []
    from app.attestation.eligibility import Reason
    from app.attestation.eligibility_messages import reason_message

    return [reason_message(Reason(r.get("code", ""), r.get("params") or {})) for r in stored.get("reasons", [])]


__all__ = ["conflict_message", "decision_refusal_message", "eligibility_sentences", "reason_sentence", "refusal_message",
           "state_label"]

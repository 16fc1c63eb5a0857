"""Codes of the attestation workflow in the reader's language (pages, notifications, documents).

Engines and the database keep codes; these functions turn them into words at render time."""

from __future__ import annotations

from app.i18n import _
from app.scoring.messages import category_name

__all__ = ["category_name", "member_role_label", "mode_label", "outcome_label", "state_label", "level_label",
           "vote_label", "action_label", "protocol_state_label", "certificate_status_label", "revocation_label"]


def state_label(code: str | None) -> str:
    names = {
        "draft": _("Draft"), "submitted": _("Submitted"), "accepted": _("Accepted"), "returned": _("Returned"),
        "under_review": _("Under review"), "reviewed": _("Reviewed"), "decided": _("Decided"),
        "withdrawn": _("Withdrawn"), "in_protocol": _("In a protocol"), "certified": _("Effective by order"),
    }
    return names.get(code or "", code or "")


def outcome_label(code: str | None) -> str:
    names = {"assigned": _("Category assigned"), "confirmed": _("Category confirmed"),
             "lowered": _("Category lowered"), "not_assigned": _("Category not assigned")}
    return names.get(code or "", code or "")


def mode_label(code: str | None) -> str:
    return {"assign": _("assignment"), "confirm": _("confirmation")}.get(code or "", code or "")


def member_role_label(code: str | None) -> str:
    return {"chair": _("Chair"), "secretary": _("Secretary"), "member": _("Member")}.get(code or "", code or "")


def level_label(code: str | None) -> str:
    names = {"organization": _("organization"), "district": _("district (city)"), "region": _("region"),
             "republic": _("republic")}
    return names.get(code or "", code or "")


def vote_label(value: bool | None) -> str:
    if value is None:
        return _("not voted yet")
    return _("corresponds") if value else _("does not correspond")


def period_state_label(code: str | None) -> str:
    return {"planned": _("Planned"), "open": _("Open"), "closed": _("Closed")}.get(code or "", code or "")


def action_label(code: str | None) -> str:
    names = {
        "create": _("draft created"), "submit": _("submitted to the commission"),
        "accept": _("accepted by the commission"), "return": _("returned to the teacher"),
        "redraft": _("back to the draft"), "start_review": _("sent to the members for review"),
        "complete_review": _("review closed"), "decide": _("decision made"),
        "withdraw": _("withdrawn by the applicant"), "amend": _("amended by an appeal"),
        "gather": _("included in a protocol"), "certify": _("made effective by an order"),
    }
    return names.get(code or "", code or "")


def protocol_state_label(code: str | None) -> str:
    return {"forming": _("Being formed"), "signing": _("Awaiting signatures"), "signed": _("Signed by every member"),
            "failed": _("The PDF could not be made")}.get(code or "", code or "")


def certificate_status_label(code: str | None) -> str:
    return {"valid": _("Valid"), "expired": _("Expired"), "revoked": _("Revoked")}.get(code or "", code or "")


def revocation_label(code: str | None) -> str:
    """The revocation check of a signer's certificate, as the signature table shows it."""
    return {"good": _("not revoked"), "revoked": _("revoked"), "unknown": _("could not be checked"),
            "not_checked": _("not checked")}.get(code or "", "")

"""Appeals in words: types, states, resolutions and effects (codes are stored, words chosen at render)."""

from __future__ import annotations

from app.i18n import _l

TYPE_LABELS = {
    "withdraw_application": _l("Withdrawal of an application"),
    "withdraw_decision": _l("Withdrawal of a commission decision"),
    "upload_access": _l("Access to upload materials"),
    "commission_composition": _l("Change of commission composition"),
    "attestee_list": _l("Correction of the list of attestees"),
    "ozp_results": _l("Knowledge test results or materials not shown"),
    "other": _l("Other"),
}
STATE_LABELS = {
    "filed": _l("Filed"),
    "in_review": _l("In review"),
    "answered": _l("Answered"),
    "closed": _l("Closed"),
}
#: the profile sections an upload-access appeal may reopen (app/appeals/operations.REOPENABLE)
SECTION_LABELS = {
    "knowledge_quality": _l("Quality of knowledge"), "contest_participant": _l("Contests and competitions"),
    "methodical_material": _l("Recommended materials"), "speech": _l("Speeches"), "publication": _l("Publications"),
    "working_group": _l("Working groups and juries"), "practice_transmission": _l("Practice transmission"),
    "course": _l("Qualification courses"), "class_management": _l("Class management"),
}
RESOLUTION_LABELS = {"upheld": _l("Upheld"), "rejected": _l("Rejected")}
EFFECT_LABELS = {
    "answer_only": _l("Answered; nothing else changes"),
    "application_withdrawn": _l("The application is withdrawn"),
    "decision_annulled": _l("The decision is annulled, the certificate revoked, the category rolled back and the application returned to review"),
    "sections_reopened": _l("The profile sections are reopened"),
    "member_added": _l("The member is added to the commission"),
    "member_removed": _l("The member is removed from the commission"),
    "application_moved": _l("The application is moved to the right commission"),
    "ozp_refetched": _l("The results are fetched again from the testing centre"),
    "ozp_disputed": _l("The testing centre could not be asked: the matter went to its data owner as a dispute"),
}


def type_label(code: str | None) -> str:
    return str(TYPE_LABELS.get(code or "", TYPE_LABELS["other"]))


def state_label(code: str | None) -> str:
    return str(STATE_LABELS.get(code or "", ""))


def resolution_label(code: str | None) -> str:
    return str(RESOLUTION_LABELS.get(code or "", ""))


def effect_label(effect: dict | None) -> str:
    kind = (effect or {}).get("kind") if isinstance(effect, dict) else None
    return str(EFFECT_LABELS.get(kind or "", "")) if kind else ""

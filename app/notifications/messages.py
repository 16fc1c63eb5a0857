"""What a notification says: one subject and body per kind, written in the current locale.

Notifications store a kind and its params (codes and plain values); the words are chosen when the
inbox is shown or the e-mail is written, so each reader gets their own language
(``force_locale`` for e-mails). Codes in known params become words here, never in the callers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from flask_babel import LazyString

from app.attestation.labels import category_name, member_role_label, mode_label, outcome_label, state_label
from app.i18n import _l
from app.integrations.labels import registry_label

#: kind -> (subject, body). Lazy: str() translates into the locale active at that moment.
#: Subjects carry no params (they go into a mail header); bodies name their params.
KINDS: dict[str, tuple[LazyString, LazyString]] = {
    "application_submitted": (
        _l("New application for attestation"),
        _l("%(teacher)s has submitted application No. %(application_id)s for %(mode)s of the category "
           "“%(requested_category)s”."),
    ),
    "application_accepted": (
        _l("Your application has been accepted"),
        _l("Your application No. %(application_id)s has been accepted and passed to the commission. "
           "The review is due by %(due_on)s."),
    ),
    "application_returned": (
        _l("Your application has been returned"),
        _l("Your application No. %(application_id)s has been returned to you for corrections. Reason: %(reason)s"),
    ),
    "application_withdrawn": (
        _l("An application has been withdrawn"),
        _l("%(teacher)s has withdrawn application No. %(application_id)s."),
    ),
    "review_requested": (
        _l("An application awaits your review"),
        _l("Application No. %(application_id)s of %(teacher)s awaits your review and vote by %(due_on)s."),
    ),
    "votes_complete": (
        _l("All votes are in"),
        _l("All voting members have voted on application No. %(application_id)s of %(teacher)s: "
           "the chair can now decide."),
    ),
    "application_decided": (
        _l("The commission has decided"),
        _l("The commission has decided on application No. %(application_id)s: %(outcome)s "
           "(%(awarded_category)s)."),
    ),
    "member_added": (
        _l("You have been added to a commission"),
        _l("You have been added to the commission “%(commission)s”. Your role: %(role)s."),
    ),
    "member_removed": (
        _l("You have been removed from a commission"),
        _l("You are no longer a member of the commission “%(commission)s”."),
    ),
    "window_closing": (
        _l("Applications for attestation close soon"),
        _l("Applications for attestation are accepted until %(closes_on)s (days left: %(days)s). "
           "You have not submitted an application yet."),
    ),
    "review_due": (
        _l("A review is due soon"),
        _l("The review of application No. %(application_id)s of %(teacher)s is due by %(due_on)s "
           "and your vote is not in yet."),
    ),
    "protocol_to_sign": (
        _l("A protocol awaits your signature"),
        _l("Protocol No. %(protocol)s of the commission “%(commission)s” is formed: sign it with your ЭЦП."),
    ),
    "protocol_reminder": (
        _l("Reminder: a protocol awaits your signature"),
        _l("Protocol No. %(protocol)s of the commission “%(commission)s” is still waiting for your signature."),
    ),
    "protocol_signed": (
        _l("A protocol is signed by every member"),
        _l("Protocol No. %(protocol)s of the commission “%(commission)s” is signed by every member: "
           "the order can be issued."),
    ),
    "certificate_issued": (
        _l("Your certificate is ready"),
        _l("Certificate No. %(number)s for the category “%(category)s” is issued: download it in Ustaz."),
    ),
    "certificate_revoked": (
        _l("Your certificate has been revoked"),
        _l("Certificate No. %(number)s for the category “%(category)s” has been revoked. Reason: %(reason)s"),
    ),
    # disputes of registry values (app/integrations/disputes.py): to the teacher they are about and the filer
    "dispute_filed": (
        _l("A value about you has been disputed"),
        _l("A value about you from the registry “%(registry)s” has been disputed (dispute No. %(dispute_id)s). "
           "The data owner will answer it; you will be notified."),
    ),
    "dispute_in_review": (
        _l("A dispute is being reviewed"),
        _l("Dispute No. %(dispute_id)s of a value from the registry “%(registry)s” has been taken into review "
           "by the data owner."),
    ),
    "dispute_accepted": (
        _l("A dispute has been accepted"),
        _l("Dispute No. %(dispute_id)s of a value from the registry “%(registry)s” has been accepted: the data "
           "owner corrects the registry, and the profile changes with the registry's next update. "
           "Answer: %(answer)s"),
    ),
    "dispute_rejected": (
        _l("A dispute has been rejected"),
        _l("Dispute No. %(dispute_id)s of a value from the registry “%(registry)s” has been rejected. "
           "Answer: %(answer)s"),
    ),
    # appeals (app/appeals/operations.py): to the teacher and to whoever filed it for them
    "appeal_filed": (
        _l("Your appeal has been filed"),
        _l("Appeal No. %(appeal)s (%(appeal_type)s) has been filed. The answer is due by %(due)s."),
    ),
    "appeal_in_review": (
        _l("Your appeal is being reviewed"),
        _l("Appeal No. %(appeal)s (%(appeal_type)s) has been taken into review."),
    ),
    "appeal_answered": (
        _l("Your appeal has been answered"),
        _l("Appeal No. %(appeal)s (%(appeal_type)s) has been answered: %(resolution)s. Read the answer in Ustaz."),
    ),
    "appeal_closed": (
        _l("Your appeal is closed"),
        _l("Appeal No. %(appeal)s (%(appeal_type)s) is closed."),
    ),
}

#: the same kinds when their params call for other words
_DECIDED_WITHOUT_CATEGORY = _l("The commission has decided on application No. %(application_id)s: %(outcome)s.")
_REVIEW_OVERDUE = (
    _l("A review is overdue"),
    _l("The review of application No. %(application_id)s of %(teacher)s was due on %(due_on)s "
       "and not all votes are in."),
)
_RETURNED_WITHOUT_REASON = _l("Your application No. %(application_id)s has been returned to you for corrections.")
_UNKNOWN = (_l("Notification"), _l("There is news for you in Ustaz."))


def _date(value: Any) -> str:
    """An ISO date (or datetime) as people write it; anything unreadable is shown as it is."""
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    try:
        return dt.date.fromisoformat(str(value)[:10]).strftime("%d.%m.%Y")
    except ValueError:
        return str(value)


#: param name -> how its stored code or value is put into words
WORDS: dict[str, Callable[[Any], str]] = {
    "category": category_name,
    "awarded_category": category_name,
    "requested_category": category_name,
    "outcome": outcome_label,
    "mode": mode_label,
    "state": state_label,
    "from_state": state_label,
    "to_state": state_label,
    "role": member_role_label,
    "due_on": _date,
    "closes_on": _date,
    "registry": registry_label,
    "appeal_type": lambda code: _appeal_words("type", code),
    "resolution": lambda code: _appeal_words("resolution", code),
    "due": _date,
}


def _appeal_words(what: str, code: str) -> str:
    from app.appeals.labels import resolution_label, type_label

    return type_label(code) if what == "type" else resolution_label(code)


class _Params(dict):
    """Params for %-formatting: a placeholder the params lack (or a translation adds) is blank."""

    def __missing__(self, key: str) -> str:
        return ""


def shown_params(params: Mapping[str, Any] | None) -> dict[str, str]:
    """Every param as the words a reader sees."""
    shown: dict[str, str] = {}
    for key, value in (params or {}).items():
        if value is None or value == "":
            shown[key] = ""
        elif key in WORDS:
            shown[key] = str(WORDS[key](value))
        elif isinstance(value, bool):
            shown[key] = ""  # flags choose the wording; they are never printed
        else:
            shown[key] = str(value)
    return shown


def _templates(kind: str, params: Mapping[str, Any]) -> tuple[LazyString, LazyString]:
    subject, body = KINDS.get(kind, _UNKNOWN)
    if kind == "review_due" and params.get("overdue"):
        return _REVIEW_OVERDUE
    if kind == "application_decided" and not params.get("awarded_category"):
        return subject, _DECIDED_WITHOUT_CATEGORY
    if kind == "application_returned" and not params.get("reason"):
        return subject, _RETURNED_WITHOUT_REASON
    return subject, body


def _fill(template: LazyString, fallback: str, values: _Params) -> str:
    try:
        return str(template) % values
    except (ValueError, TypeError):  # a broken translation: the English text rather than a crash
        try:
            return fallback % values
        except (ValueError, TypeError):
            return fallback


def render(notification_or_kind: Any, params: Mapping[str, Any] | None = None) -> tuple[str, str]:
    """(subject, body) in the current locale, for a Notification or a kind and its params."""
    if isinstance(notification_or_kind, str):
        kind = notification_or_kind
    else:
        kind = notification_or_kind.kind
        params = notification_or_kind.params if params is None else params
    params = params if isinstance(params, Mapping) else {}
    if kind == "announcement":  # the author's own words, not a template (app/announcements/text.py)
        from app.announcements.text import announcement_text

        written = announcement_text(params)
        if written is not None:
            return " ".join(written[0].split()), written[1].strip()
    subject, body = _templates(kind, params)
    values = _Params(shown_params(params))
    # the subject goes into a mail header: one line, whatever a translation holds
    shown_subject = " ".join(_fill(subject, _msgid(subject), values).split())
    return shown_subject, _fill(body, _msgid(body), values).strip()


def _msgid(lazy: LazyString) -> str:
    """The English text of a lazy string (the msgid it was made with)."""
    args = getattr(lazy, "_args", ())
    return str(args[0]) if args else str(lazy)


__all__ = ["KINDS", "WORDS", "render", "shown_params"]

"""The "Find in the registry" buttons of the forms that add a teacher, a commission member or an
organization: JSON answers from ГБД ФЛ by ИИН and ГБД ЮЛ by БИН (app/integrations/prefill.py).

A person lookup reveals a name by ИИН, so each one is: reachable only from a form whose view the
user may write (persons, a commission they manage; their views check), a POST with the CSRF token
(a foreign page cannot make a user's browser look people up in their name), throttled per user
(REGISTRY_LOOKUP_RATE_LIMIT) and written to the audit trail with the ИИН masked. It never reads
our own database: what it tells is what the national registry says.

Answers: 200 {"found": true, names…, "message"} or {"found": false, "message"}; 400 an invalid
number; 429 too many lookups (Retry-After); 503 the registry cannot say. Never a 500.
"""

from __future__ import annotations

import logging
import math

from flask import Response, current_app, g, jsonify, request

from app.extensions import db
from app.i18n import _
from app.identifiers import mask_iin, reason_message, validate_bin, validate_iin
from app.integrations import prefill
from app.integrations.prefill import GBDFL, GBDUL, Prefill

log = logging.getLogger(__name__)

DEFAULT_RATE_LIMIT = "20 per minute; 300 per day"


def _answer(status: int, **body: object) -> Response:
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"  # names of people: never kept by a cache
    return response


def throttle_wait(registry: str) -> int | None:
    """Seconds this user must wait before another lookup in ``registry``, or None (counted now)."""
    from limits import parse_many

    from app.security.throttle import wait_for

    try:
        items = parse_many(str(current_app.config.get("REGISTRY_LOOKUP_RATE_LIMIT") or DEFAULT_RATE_LIMIT))
    except ValueError:  # a typo in the setting must not open the oracle
        items = parse_many(DEFAULT_RATE_LIMIT)
    return wait_for(items, "registry-lookup", registry, str(getattr(g.user, "id", "anonymous")))


def _too_many(wait: int) -> Response:
    response = _answer(429, message=_("Too many registry lookups. Try again in %(minutes)s min.",
                                      minutes=max(1, math.ceil(wait / 60))))
    response.headers["Retry-After"] = str(wait)
    return response


def _audit(iin: str, found: bool | None) -> bool:
    """One entry per person lookup, committed before the answer leaves (False: it could not be)."""
    from app.audit import record_entry
    from tenants.scope import current_scope

    masked = mask_iin(iin)
    try:
        record_entry(db.session, "registry_lookup", "person", {"registry": GBDFL, "iin": masked, "found": found},
                     tenant_id=current_scope().tenant_id, object_repr=masked)
        db.session.commit()
    except Exception:  # noqa: BLE001 - an unrecorded lookup is not answered
        db.session.rollback()
        log.exception("registry lookup: the audit entry could not be written")
        return False
    return True


def person_lookup() -> Response:
    """POST iin=…: the name ГБД ФЛ holds under the ИИН."""
    iin = (request.form.get("iin") or "").strip()
    check = validate_iin(iin)
    if not check.valid:
        return _answer(400, message=_("Invalid IIN: %(reason)s", reason=reason_message(check.reason or "")))
    wait = throttle_wait(GBDFL)
    if wait is not None:
        return _too_many(wait)
    facts, error = prefill.ask_gbdfl(iin)
    if not _audit(iin, None if error else facts is not None):
        return _answer(503, message=_("The lookup could not be recorded. Try again later."))
    type_it = _("Type the name as in the identity document.")
    if error is not None:
        return _answer(503, message=f"{prefill.reason(Prefill(GBDFL, prefill.UNAVAILABLE, error))} {type_it}")
    if facts is None:
        return _answer(200, found=False, message=f"{prefill.reason(Prefill(GBDFL, prefill.NOT_FOUND))} {type_it}")
    return _answer(200, found=True, last_name=facts.last_name, first_name=facts.first_name,
                   middle_name=facts.middle_name or "",
                   message=_("The name is filled in from the State database of individuals."))


def organization_lookup() -> Response:
    """POST bin=…: the names and address ГБД ЮЛ holds under the БИН (public facts of a legal entity)."""
    bin_ = (request.form.get("bin") or "").strip()
    check = validate_bin(bin_)
    if not check.valid:
        return _answer(400, message=_("Invalid BIN: %(reason)s", reason=reason_message(check.reason or "")))
    wait = throttle_wait(GBDUL)
    if wait is not None:
        return _too_many(wait)
    facts, error = prefill.ask_gbdul(bin_)
    type_them = _("Type the names.")
    if error is not None:
        return _answer(503, message=f"{prefill.reason(Prefill(GBDUL, prefill.UNAVAILABLE, error))} {type_them}")
    if facts is None:
        return _answer(200, found=False, message=f"{prefill.reason(Prefill(GBDUL, prefill.NOT_FOUND))} {type_them}")
    return _answer(200, found=True, name_kk=facts.name_kk, name_ru=facts.name_ru, address=facts.address or "",
                   message=_("The names and address are filled in from the State database of legal entities."))


def optional_on_add(form: type, names: tuple[str, ...], description: object | None = None) -> None:
    """Let an add form (a FAB form class of unbound fields) leave these fields empty: a registry
    fills them before the record's own rules, which still refuse a record without them."""
    from wtforms.fields.core import UnboundField
    from wtforms.validators import DataRequired, InputRequired, Optional

    for index, name in enumerate(names):
        field = getattr(form, name, None)
        if not isinstance(field, UnboundField):
            continue
        kept = [v for v in field.kwargs.get("validators") or [] if not isinstance(v, (DataRequired, InputRequired))]
        field.kwargs["validators"] = [Optional(), *kept]
        if description is not None and index == 0:
            field.kwargs["description"] = description

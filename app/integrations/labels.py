"""What the pages call the registries, the sync states and the error codes (codes are stored; the
words are chosen at render time, in the reader's language)."""

from __future__ import annotations

from app.i18n import _l

REGISTRY_LABELS = {
    "nobd": _l("NEDB (national education database)"),
    "gbdfl": _l("State database of individuals"),
    "gbdul": _l("State database of legal entities"),
    "uto": _l("National testing centre"),
    "mnvo": _l("Ministry of science and higher education (diplomas)"),
    "orleu": _l("Orleu (qualification courses)"),
}

COLLECTION_LABELS = {
    "organizations": _l("Organizations"),
    "teachers": _l("Teachers"),
    "persons": _l("Persons"),
    "results": _l("ОЗП results"),
    "diplomas": _l("Diplomas"),
    "certificates": _l("Course certificates"),
}

MODE_LABELS = {"full": _l("Full"), "incremental": _l("Incremental")}

STATE_LABELS = {
    "running": _l("Running"),
    "finished": _l("Finished"),
    "failed": _l("Failed"),
    "interrupted": _l("Interrupted (will resume)"),
    "busy": _l("Not started: another sync of this registry is running"),
}

ERROR_LABELS = {
    "not_configured": _l("The registry's address is not configured"),
    "unreachable": _l("The registry cannot be reached"),
    "timeout": _l("The registry did not answer in time"),
    "rate_limited": _l("The registry asked us to slow down"),
    "server_error": _l("The registry reported an error"),
    "bad_payload": _l("The registry sent data that could not be read"),
    "refused": _l("The registry refused the request"),
    "not_found": _l("The registry has no such record"),
    "invalid_record": _l("A record failed validation"),
    "invalid_iin": _l("A record had an invalid IIN"),
    "invalid_bin": _l("A record had an invalid BIN"),
    "unknown_person": _l("A record is about a person not in the teacher registry"),
    "unknown_organization": _l("A record names an organization that is not in the tree"),
    "unknown_region": _l("An organization names a region that is not in the tree"),
    "iin_conflict": _l("An IIN is held by another record"),
    "worker_died": _l("The worker stopped mid-run; the next run resumes it"),
    "busy": _l("Another sync of this registry is running"),
}


def registry_label(code: str | None) -> str:
    return str(REGISTRY_LABELS.get(code or "", code or ""))


def collection_label(code: str | None) -> str:
    return str(COLLECTION_LABELS.get(code or "", code or ""))


def error_label(code: str | None) -> str:
    return str(ERROR_LABELS.get(code or "", ERROR_LABELS["invalid_record"]))

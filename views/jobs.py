"""Background jobs: state, progress, result or error, visible only to the scope that started them."""

from __future__ import annotations

from functools import partial

from markupsafe import Markup, escape

from app.i18n import _, _l
from app.jobs import job_visibility_clause
from app.web import readable
from app.web.display import numbered_link
from models.job import JobRecord
from tenants.interface import ScopedSQLAInterface
from tenants.scope import current_scope
from views.base import RefreshWhileRunning, ScopedModelView


class StarterScopeInterface(ScopedSQLAInterface):
    """Jobs are read through the rule of app.jobs.job_visibility_clause, not the plain data scope."""

    def _scoped_query(self, query):
        return query.filter(job_visibility_clause(current_scope()))

STATE_LABELS = {
    "queued": _l("queued"),
    "started": _l("running"),
    "finished": _l("finished"),
    "failed": _l("failed"),
}


#: the keys of the jobs' results (app/*: what each job returns), as the job page labels them
RESULT_LABELS = {
    "refreshed": _l("Teachers refreshed"),
    "protocol": _l("Protocol"),
    "applications": _l("Applications"),
    "sha256": _l("Checksum (SHA-256)"),
    "issued": _l("Certificates issued"),
    "already": _l("Issued before"),
    "skipped": _l("Skipped"),
    "batch_key": _l("Batch"),
    "teachers": _l("Teachers"),
    "scored_now": _l("Scored now"),
    "portfolio_met": _l("Portfolio met"),
    "rule_set": _l("Rule set"),
    "rejected_count": _l("Not scored: records that cannot be scored"),
    "rejected": _l("Teachers not scored"),
    "rule_set_problems": _l("The rule set cannot be scored with"),
    "published": _l("Published rule set"),
    "draft": _l("Draft rule set"),
    "per_category": _l("By requested category"),
    "changed_count": _l("Teachers whose outcome changes"),
    "changed": _l("Outcomes that change"),
    "checked": _l("Checked"),
    "invalid_count": _l("Invalid"),
    "invalid": _l("Invalid records"),
    "periods": _l("Periods"),
    "window_closing": _l("Reminders: the application window closes"),
    "review_due": _l("Reminders: review due"),
    "review_overdue": _l("Reminders: review overdue"),
    "protocol_unsigned": _l("Reminders: protocol not signed"),
    "sent": _l("Sent"),
    "failed": _l("Not sent"),
    # inside the rows of the lists above
    "name": _l("Name"),
    "requested": _l("Requested category"),
    "reason": _l("Reason"),
    "iin": _l("IIN"),
    # registry syncs (app/integrations/jobs.py)
    "sync_run": _l("Run log"),
    "sync_state": _l("Sync"),
    "stop_reason": _l("Why it stopped"),
    "fetched": _l("Fetched"),
    "created": _l("Created"),
    "updated": _l("Updated"),
    "unchanged": _l("Unchanged"),
    "failed_records": _l("Failed"),
    # report exports (reports/exports.py)
    "export_file": _l("File"),
    "export_rows": _l("Rows exported"),
    # announcements (app/announcements/delivery.py)
    "announcement": _l("Announcement"),
    "recipients": _l("Recipients"),
    "delivered": _l("Delivered to inboxes"),
    "batches": _l("Batches written by this run"),
}


def _problems(entries) -> Markup:
    """Teachers not scored (or a rule set's problems): names and sentences, never the stored codes."""
    from app.scoring.messages import describe_all
    from app.scoring.validation import Problem

    def sentences(problems) -> list[str]:
        return describe_all(Problem.from_dict(p) for p in problems or [] if isinstance(p, dict))

    if not isinstance(entries, list) or not entries:
        return Markup("")
    if all(isinstance(e, dict) and "problems" in e for e in entries):  # per teacher
        rows = "".join(f"<li>{escape(e.get('name') or '')}: {escape('; '.join(sentences(e.get('problems'))))}</li>"
                       for e in entries)
    else:
        rows = "".join(f"<li>{escape(line)}</li>" for line in sentences(entries))
    return Markup(f"<ul class='list-unstyled' style='margin:0'>{rows}</ul>")


def _outcome_text(text: str | None) -> str:
    """What-if stores "assigned moderator": an outcome code and the category, in words."""
    from app.attestation.labels import category_name, outcome_label

    outcome, _sep, category = (text or "").partition(" ")
    shown = outcome_label(outcome)
    return f"{shown} ({category_name(category)})" if category else shown


def _changed(entries) -> Markup:
    from app.attestation.labels import category_name

    if not isinstance(entries, list) or not entries:
        return Markup("")
    head = "".join(f"<th>{escape(str(RESULT_LABELS[k]))}</th>" for k in ("name", "requested", "published", "draft"))
    rows = "".join(
        f"<tr><td>{escape(e.get('name') or '')}</td><td>{escape(category_name(e.get('requested')))}</td>"
        f"<td>{escape(_outcome_text(e.get('published')))}</td><td>{escape(_outcome_text(e.get('draft')))}</td></tr>"
        for e in entries if isinstance(e, dict))
    return Markup(f"<table class='table table-condensed' style='margin:0'><tr>{head}</tr>{rows}</table>")


def _per_category(counts) -> Markup:
    from app.attestation.labels import category_name

    if not isinstance(counts, dict) or not counts:
        return Markup("")
    labels = {"teachers": _("Teachers"), "published": _("Pass with the published rule set"),
              "draft": _("Pass with the draft")}
    return readable.table(((category_name(code), row) for code, row in counts.items()), labels)


def _invalid(entries) -> Markup:
    if not isinstance(entries, list) or not entries:
        return Markup("")
    return Markup("<ul class='list-unstyled' style='margin:0'>" + "".join(
        f"<li>{escape(e.get('name') or '')} ({escape(e.get('iin') or '')}): {escape(e.get('reason') or '')}</li>"
        for e in entries if isinstance(e, dict)) + "</ul>")


def _sync_state(code) -> str:
    from app.integrations.labels import STATE_LABELS

    return str(STATE_LABELS.get(code, "")) if isinstance(code, str) else ""


def _stop_reason(code) -> str:
    from app.integrations.labels import error_label

    return error_label(code) if isinstance(code, str) else ""


#: result keys whose value is a list or table of its own
RESULT_FORMATTERS = {"rejected": _problems, "rule_set_problems": _problems, "changed": _changed,
                     "per_category": _per_category, "invalid": _invalid, "sync_run": partial(numbered_link, "SyncRunView.show"),
                     "sync_state": _sync_state, "stop_reason": _stop_reason, "announcement": partial(numbered_link, "AnnouncementView.show")}


def result_table(result) -> Markup:
    """A job's result as a labelled table (every job returns plain data: counts, names, lists)."""
    if result in (None, "", {}, []):
        return Markup("")
    if not isinstance(result, dict):
        return readable.cell(result, RESULT_LABELS)
    return readable.table(result.items(), RESULT_LABELS, RESULT_FORMATTERS)


def _progress_bar(progress: int) -> Markup:
    value = int(progress or 0)
    return Markup(
        '<div class="progress" style="margin:0;min-width:8em"><div class="progress-bar" role="progressbar" '
        f'aria-valuenow="{value}" aria-valuemin="0" aria-valuemax="100" style="width:{value}%">{value}%</div></div>'
    )


def _error_shown(error: str | None) -> str:
    # The stored error is for the server log (exception and traceback); users get a sentence.
    if not error:
        return ""
    return str(_l("The job stopped because of an error on our side. Quote the job number when you report it."))


class JobView(RefreshWhileRunning, ScopedModelView):
    datamodel = StarterScopeInterface(JobRecord)
    class_permission_name = "Job"
    base_permissions = ["can_read"]
    running_states = ("queued", "started")
    list_title = _l("Background jobs")
    show_title = _l("Background job")
    list_columns = ["id", "description", "state_label", "progress", "message", "created_on", "ended_on"]
    show_columns = ["id", "description", "state_label", "progress", "message", "created_on", "started_on", "ended_on", "result", "error"]
    search_columns = ["description", "state", "created_on"]
    base_order = ("id", "desc")
    formatters_columns = {"progress": _progress_bar, "result": result_table, "error": _error_shown}
    label_columns = {
        "id": "#",
        "description": _l("Job"),
        "state_label": _l("State"),
        "state": _l("State"),
        "progress": _l("Progress"),
        "message": _l("Message"),
        "created_on": _l("Queued at"),
        "started_on": _l("Started at"),
        "ended_on": _l("Ended at"),
        "result": _l("Result"),
        "error": _l("Error"),
    }


JobRecord.state_label = property(lambda self: str(STATE_LABELS.get(self.state, self.state)))

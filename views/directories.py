"""Reference directories: one generated view per model, CSV/XLSX export and import."""

from __future__ import annotations

from flask import flash, request, url_for
from flask_appbuilder import expose
from flask_appbuilder.models.sqla.filters import FilterEqual
from flask_appbuilder.security.decorators import has_access

from app.directories import IMPORT_SPECS, ImportRefused, import_rows, max_import_bytes, parse_upload
from app.i18n import _, _l
from app.web.redirects import back_to
from models.directories import (
    AcademicYear,
    AppealType,
    ApprovedContest,
    AttestationPeriod,
    CourseProgram,
    EducationLevel,
    EventLevel,
    OrganizationType,
    Position,
    PublicationVenue,
    QualificationCategory,
    Subject,
)
from tenants.interface import ScopedSQLAInterface
from views.base import ScopedModelView

LABELS = {
    "code": _l("Code"),
    "name_kk": _l("Name (kk)"),
    "name_ru": _l("Name (ru)"),
    "name_en": _l("Name (en)"),
    "sort_order": _l("Order"),
    "is_active": _l("Active"),
    "rank": _l("Rank"),
    "is_legacy": _l("Legacy"),
    "successor": _l("Replaced by"),
    "is_head": _l("Head position"),
    "is_methodist": _l("Methodist position"),
    "starts_on": _l("Starts on"),
    "ends_on": _l("Ends on"),
    "is_closed": _l("Closed"),
    "academic_year": _l("Academic year"),
    "applications_open_on": _l("Applications open on"),
    "applications_close_on": _l("Applications close on"),
    "commissions_formed_by": _l("Commissions formed by"),
    "decisions_by": _l("Decisions by"),
    "approved_by": _l("Approved by"),
    "approving_region": _l("Approving region"),
    "event_level": _l("Event level"),
    "for_students": _l("For students"),
    "for_teachers": _l("For teachers"),
    "url": _l("Website"),
    "issn": _l("ISSN"),
    "provider": _l("Provider"),
    "hours": _l("Hours"),
    "education_level": _l("Education level"),
    "rule_set": _l("Criteria rule set"),
    "state": _l("State"),
    "review_days": _l("Review deadline (days from submission)"),
    "stage_order": _l("Order of stages"),
}

BASE_COLUMNS = ["code", "name_kk", "name_ru", "name_en", "sort_order", "is_active"]

#: model -> (menu label, extra columns)
DIRECTORIES = [
    (EducationLevel, _l("Education levels"), []),
    (OrganizationType, _l("Organization types"), ["education_level"]),
    (QualificationCategory, _l("Qualification categories"), ["rank", "is_legacy", "successor"]),
    (Position, _l("Positions"), ["is_head", "is_methodist"]),
    (Subject, _l("Subjects"), []),
    (EventLevel, _l("Event levels"), ["rank"]),
    (AcademicYear, _l("Academic years"), ["starts_on", "ends_on", "is_closed"]),
    (
        AttestationPeriod,
        _l("Attestation periods"),
        ["academic_year", "state", "rule_set", "applications_open_on", "applications_close_on", "review_days",
         "stage_order", "commissions_formed_by", "decisions_by"],
    ),
    (
        ApprovedContest,
        _l("Approved contests"),
        ["approved_by", "approving_region", "event_level", "for_students", "for_teachers"],
    ),
    (PublicationVenue, _l("Recommended publication venues"), ["url", "issn"]),
    (CourseProgram, _l("Course programs"), ["provider", "hours"]),
    (AppealType, _l("Appeal types"), []),
]


class DirectoryView(ScopedModelView):
    """Everyone reads; national admins edit, import and export."""

    list_template = "ustaz/directory_list.html"
    label_columns = LABELS
    base_order = ("sort_order", "asc")
    method_permission_name = {**ScopedModelView.method_permission_name, "import_file": "write"}

    @expose("/import/", methods=["POST"])
    @has_access
    def import_file(self):
        """All or nothing: on success back to the list; otherwise the list again, with every reason, as 422."""
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            return self._refused([_("Choose a CSV or XLSX file to import.")])
        try:
            # one byte more than allowed is enough to know the file is too large
            table = parse_upload(upload.filename, upload.stream.read(max_import_bytes() + 1))
        except ImportRefused as exc:
            return self._refused([str(exc)])
        result = import_rows(self.datamodel.obj, table)
        if result.errors:
            return self._refused(result.errors)
        flash(
            _("Imported: %(created)d new, %(updated)d updated.", created=result.created, updated=result.updated),
            "success",
        )
        # back to the list as it was (its filters and page), not FAB's page history
        return back_to(url_for(".list"))

    def _refused(self, errors: list[str]):
        for message in errors[:20]:
            flash(message, "danger")
        if len(errors) > 20:
            flash(_("…and %(count)d more problems.", count=len(errors) - 20), "danger")
        flash(_("Nothing was imported: correct the file and try again."), "warning")
        page = self.render_template(self.list_template, title=self.list_title, widgets=self._list())
        return page, 422


def _period_fields() -> dict:
    """The period's state and order of stages are chosen from lists, shown in words."""
    from wtforms import SelectField

    from app.attestation.labels import period_state_label

    def stage_choices():
        return [("application,ozp,portfolio", _("application → ОЗП → portfolio analysis (2025)")),
                ("ozp,application,portfolio", _("ОЗП → application → portfolio analysis (2024)")),
                ("application,portfolio,ozp", _("application → portfolio analysis → ОЗП"))]

    fields = {
        "state": SelectField(_l("State"), choices=lambda: [(s, period_state_label(s)) for s in ("planned", "open", "closed")]),
        "stage_order": SelectField(_l("Order of stages"), choices=stage_choices),
    }
    return {
        "add_form_extra_fields": fields, "edit_form_extra_fields": fields,
        "list_columns": ["code", "name_kk", "academic_year", "state_label", "is_active"],
        "label_columns": {**LABELS, "state_label": _l("State")},
    }


def directory_views() -> list[tuple[type[DirectoryView], object]]:
    views = []
    for model, label, extra in DIRECTORIES:
        columns = BASE_COLUMNS + extra
        attrs = {
            "datamodel": ScopedSQLAInterface(model),
            "class_permission_name": model.__name__,
            "list_title": label,
            "list_columns": ["code", "name_kk", "name_ru", *extra[:2], "is_active"],
            "show_columns": columns,
            "add_columns": columns,
            "edit_columns": columns,
            "search_columns": ["code", "name_kk", "name_ru", "is_active"],
            "export_columns": list(IMPORT_SPECS[model].keys()),
            "export_raw_header": True,
            "add_form_query_rel_fields": {"rule_set": [["status", FilterEqual, "published"]]},
            "edit_form_query_rel_fields": {"rule_set": [["status", FilterEqual, "published"]]},
        }
        if model is AttestationPeriod:
            attrs.update(_period_fields())
        views.append((type(f"{model.__name__}View", (DirectoryView,), attrs), label))
    return views

"""Manual entry of the digital profile: one screen per record type, for the organization's
responsible person and head, scoped to their organization's teachers; read for everyone in scope."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_appbuilder import expose
from flask_appbuilder.models.sqla.filters import FilterEqual
from flask_appbuilder.security.decorators import has_access
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectField
from wtforms.validators import DataRequired

from app.errors import RuleViolation
from app.extensions import db
from app.i18n import _, _l
from app.portfolio.rules import violation
from app.security.roles import DISPUTE
from models.career import CategoryRecord, Diploma, Employment, ExperienceCredit, OzpResult
from models.person import Person
from models.portfolio import (
    ClassManagement,
    Contest,
    ContestParticipant,
    Course,
    KnowledgeQuality,
    MethodicalMaterial,
    PracticeTransmission,
    Publication,
    Speech,
    WorkingGroup,
)
from tenants.interface import ScopedSQLAInterface
from views.base import PERMISSION_MAP, ScopedModelRestApi, ScopedModelView, commit_or_flash

LABELS = {
    "person": _l("Teacher"),
    "academic_year": _l("Academic year"),
    "source_label": _l("Source"),
    "source": _l("Source"),
    "entered_by_name": _l("Entered by"),
    "collected_on": _l("Collected on"),
    "dispute_note": _l("Dispute note"),
    "tenant": _l("Organization"),
    "class_group": _l("Class / group"),
    "subject": _l("Subject"),
    "quality_percent": _l("Quality of knowledge, %"),
    "success_percent": _l("Success rate, %"),
    "skills_dynamics": _l("Skills dynamics (special education)"),
    "monitoring_analysis": _l("Monitoring analysis and conclusions"),
    "kind": _l("Kind"),
    "approved_contest": _l("Contest from the approved list"),
    "other_name": _l("Other contest"),
    "event_level": _l("Level"),
    "council_level": _l("Council level"),
    "held_on": _l("Date"),
    "title": _l("Title"),
    "protocol_number": _l("Protocol number"),
    "protocol_date": _l("Protocol date"),
    "link": _l("Link"),
    "event_name": _l("Event"),
    "venue": _l("Recommended edition"),
    "other_venue": _l("Other edition"),
    "author_count": _l("Number of authors (the teacher included)"),
    "published_on": _l("Published on"),
    "name": _l("Name"),
    "role": _l("Role"),
    "order_number": _l("Order number"),
    "starts_on": _l("Starts on"),
    "ends_on": _l("Ends on"),
    "coverage_count": _l("Coverage (districts or regions)"),
    "program": _l("Course program"),
    "other_program": _l("Other program"),
    "provider": _l("Provider"),
    "hours": _l("Hours"),
    "in_profile": _l("In the teacher's profile"),
    "certificate_number": _l("Certificate number"),
    "completed_on": _l("Completed on"),
    "organization": _l("Organization"),
    "position": _l("Position"),
    "workload": _l("Workload (rate)"),
    "is_main": _l("Main job"),
    "is_pedagogical": _l("Pedagogical"),
    "days": _l("Days"),
    "reason": _l("Reason"),
    "institution": _l("Institution"),
    "specialty": _l("Specialty"),
    "qualification": _l("Qualification"),
    "number": _l("Number"),
    "graduated_on": _l("Graduated on"),
    "category": _l("Category"),
    "assigned_on": _l("Assigned on"),
    "valid_until": _l("Valid until"),
    "confirmed": _l("Confirmed (not assigned)"),
    "issuing_level": _l("Issued at level"),
    "taken_on": _l("Taken on"),
    "language": _l("Language"),
    "percent": _l("Result, %"),
    "category_reached": _l("Category reached"),
    "violation_act": _l("Violation act"),
    "annulled": _l("Annulled"),
    "annulment_reason": _l("Annulment reason"),
    "participants_count": _l("Participants"),
    "participant_iin": _l("Participant IIN"),
    "participant_name": _l("Participant"),
    "status_label": _l("Status"),
    "status": _l("Status"),
    "contest": _l("Contest"),
}

STATUS_LABELS = {
    "participant": _l("participant"),
    "winner": _l("winner / prize-winner"),
    "teacher_of_winner": _l("teacher of a prize-winner"),
    "methodist": _l("methodist"),
}
KIND_CHOICES = [("students", _l("Students' contest (2.1)")), ("teachers", _l("Teachers' contest (2.2)"))]
ROLE_CHOICES = [("member", _l("member")), ("jury", _l("jury")), ("expert", _l("expert")), ("head", _l("head"))]
MATERIAL_KINDS = [
    ("methodical_manual", _l("methodical manual")),
    ("author_program", _l("author program")),
    ("recommendations", _l("methodical recommendations")),
    ("digital_resource", _l("digital educational resource")),
]
CLASS_ROLES = [("class_teacher", _l("class teacher")), ("curator", _l("curator"))]

ORGANIZATION_ONLY = [["level", FilterEqual, "organization"]]


def _source_label(self) -> str:
    from app.portfolio.sections import source_label

    return source_label(self.source)


class ProfileRecordGuard:
    """Checks of a profile record before saving; the flush listener repeats them as the last word."""

    def _rules(self, item, state: str) -> None:
        problem = violation(db.session, item, state)
        if problem is not None:
            db.session.rollback()
            raise problem

    def _person_belongs(self, item) -> None:
        person = item.person or (db.session.get(Person, item.person_id) if item.person_id else None)
        if person is None:
            db.session.rollback()
            raise RuleViolation(_("Choose the teacher."))
        owner_id = item.tenant.id if item.tenant is not None else item.tenant_id
        if person.tenant_id == owner_id:
            return
        # A second job in this organization, on record before this write (never the row being written).
        with db.session.no_autoflush:
            employed = db.session.execute(
                select(Employment.id).where(
                    Employment.person_id == person.id,
                    Employment.organization_id == owner_id,
                    Employment.id != (item.id if isinstance(item, Employment) and item.id else -1),
                )
            ).first()
        if employed is None:
            db.session.rollback()
            raise RuleViolation(_("This teacher does not work in your organization."))

    def pre_add(self, item) -> None:
        super().pre_add(item)
        self._person_belongs(item)
        self._rules(item, "new")

    def pre_update(self, item) -> None:
        super().pre_update(item)
        self._person_belongs(item)
        self._rules(item, "dirty")

    def pre_delete(self, item) -> None:
        super().pre_delete(item)
        self._rules(item, "deleted")


class ProfileRecordView(ProfileRecordGuard, ScopedModelView):
    """Base of every profile record screen: source, who entered it, disputes, evidence files."""

    class_permission_name = "Portfolio"
    # a dispute note is a reader action (roles.READER_ACTIONS): read-only roles (auditors) lack it
    method_permission_name = {**PERMISSION_MAP, "dispute": DISPUTE, "upload": "write"}
    show_template = "ustaz/record_show.html"
    label_columns = LABELS
    base_order = ("id", "desc")
    add_form_query_rel_fields = {"tenant": ORGANIZATION_ONLY}
    edit_form_query_rel_fields = add_form_query_rel_fields

    @expose("/dispute/<int:pk>", methods=["POST"])
    @has_access
    def dispute(self, pk: int):
        """Anyone who can read a record may dispute it (unless read-only). A registry's record gets a
        dispute for the registry's data owner (app/integrations/disputes.py); a record entered by hand
        gets a note for whoever keeps it (they correct it)."""
        item = self.datamodel.get(pk)
        if item is None:
            abort(404)
        from app.integrations.disputes import dispute_or_note, is_registry
        from app.web.params import text_field
        from views.disputes import SENT

        note = text_field("note", max_length=4000, label=_("Dispute note"))
        if not note:
            flash(_("Write what is wrong with this record."), "danger")
        else:
            commit_or_flash(lambda: dispute_or_note(item, note, current_user),
                            str(SENT) if is_registry(item.source) else _("Your note was saved with the record."))
        return redirect(url_for(".show", pk=pk))

    @expose("/upload/<int:pk>", methods=["POST"])
    @has_access
    def upload(self, pk: int):
        """Attach evidence files to a record the user may change."""
        from app.portfolio.files import attach, check_upload, discard
        from tenants.scope import can_write, current_scope

        item = self.datamodel.get(pk)
        if item is None:
            abort(404)
        if not can_write(item, current_scope()):
            abort(403)
        files = [f for f in request.files.getlist("file") if f and f.filename]
        if not files:
            flash(_("Choose a file."), "danger")
            return redirect(url_for(".show", pk=pk))
        written = []
        try:
            problem = violation(db.session, item, "dirty")
            if problem:
                raise problem
            for upload in files:
                attach(db.session, item, check_upload(upload.filename, upload.stream), current_user.id, written)
            db.session.commit()
            flash(_("The files were attached."), "success")
        except RuleViolation as exc:
            db.session.rollback()
            discard(written)
            flash(str(exc), "danger")
        return redirect(url_for(".show", pk=pk))

    def render_template(self, template, **kwargs):
        if template == self.show_template and kwargs.get("pk") is not None:
            from app.portfolio.access_log import record_view
            from app.portfolio.profile import files_of

            kwargs["evidence_files"] = files_of(self.datamodel.obj.__tablename__, [int(kwargs["pk"])])
            record = self.shown_item(kwargs["pk"])
            if record is not None:
                record_view(record.person, current_user, "record")
                if not record.is_manual:
                    from views.disputes import dispute_rows

                    kwargs["record_disputes"] = dispute_rows(record.__tablename__, record.id)
        return super().render_template(template, **_with_upload_hints(kwargs))


def _with_upload_hints(kwargs: dict) -> dict:
    """Upload forms list the allowed types and the size limit (app/portfolio/files.py)."""
    from app.portfolio.files import upload_accept, upload_hint

    return {"upload_hint": upload_hint(), "upload_accept": upload_accept(), **kwargs}


COMMON_SHOW = ["person", "academic_year", "source_label", "entered_by_name", "collected_on", "dispute_note"]

#: model, resource, menu label, list columns, form columns, select fields {column: choices}
SCREENS = [
    (KnowledgeQuality, "Portfolio", _l("Quality of knowledge"),
     ["person", "academic_year", "class_group", "quality_percent"],
     ["person", "academic_year", "class_group", "subject", "quality_percent", "success_percent", "skills_dynamics", "monitoring_analysis"], {}),
    (MethodicalMaterial, "Portfolio", _l("Recommended materials"),
     ["person", "title", "council_level", "protocol_date"],
     ["person", "academic_year", "title", "kind", "council_level", "protocol_number", "protocol_date", "link"], {"kind": MATERIAL_KINDS}),
    (Speech, "Portfolio", _l("Speeches"),
     ["person", "title", "event_level", "held_on"],
     ["person", "academic_year", "title", "event_name", "event_level", "held_on", "link"], {}),
    (Publication, "Portfolio", _l("Publications"),
     ["person", "title", "venue", "published_on"],
     ["person", "academic_year", "title", "venue", "other_venue", "author_count", "published_on", "link"], {}),
    (WorkingGroup, "Portfolio", _l("Working groups and juries"),
     ["person", "name", "role", "event_level", "starts_on"],
     ["person", "academic_year", "name", "role", "event_level", "order_number", "starts_on"], {"role": ROLE_CHOICES}),
    (PracticeTransmission, "Portfolio", _l("Practice transmission"),
     ["person", "title", "event_level", "coverage_count", "held_on"],
     ["person", "academic_year", "title", "event_level", "coverage_count", "held_on", "link"], {}),
    (Course, "Portfolio", _l("Qualification courses"),
     ["person", "title", "hours", "completed_on"],
     ["person", "academic_year", "program", "other_program", "provider", "hours", "in_profile", "certificate_number", "completed_on"], {}),
    (ClassManagement, "Portfolio", _l("Class management"),
     ["person", "academic_year", "class_group", "role"],
     ["person", "academic_year", "class_group", "role"], {"role": CLASS_ROLES}),
    (Employment, "Career", _l("Employment"),
     ["person", "organization", "position", "starts_on", "ends_on", "is_main"],
     ["person", "organization", "position", "subject", "workload", "starts_on", "ends_on", "is_main", "is_pedagogical"], {}),
    (ExperienceCredit, "Career", _l("Experience outside the records"),
     ["person", "days", "reason"], ["person", "days", "reason"], {}),
    (Diploma, "Career", _l("Diplomas"),
     ["person", "institution", "specialty", "graduated_on"],
     ["person", "institution", "specialty", "qualification", "number", "graduated_on"], {}),
    (CategoryRecord, "Career", _l("Category history"),
     ["person", "category", "assigned_on", "valid_until"],
     ["person", "category", "assigned_on", "valid_until", "confirmed", "order_number", "issuing_level"], {}),
    (OzpResult, "Career", _l("Knowledge test (OZP) results"),
     ["person", "taken_on", "percent", "category_reached", "annulled"],
     ["person", "taken_on", "language", "percent", "category_reached", "violation_act", "annulled", "annulment_reason"],
     {"language": [("kk", "қазақ"), ("ru", "русский")]}),
]


#: relations a record's "title" reads (a course is named by its program)
TITLE_RELATIONS: dict[type, list[str]] = {Course: ["program"]}


def _select_field(label, choices) -> SelectField:
    return SelectField(label, choices=choices, validators=[DataRequired()])


def screen_views() -> list[tuple[type, type, object]]:
    """(view, api, label) for every record type of SCREENS."""
    built = []
    for model, resource, label, list_columns, form_columns, selects in SCREENS:
        model.source_label = property(_source_label)
        extra = {c: _select_field(LABELS.get(c, c), choices) for c, choices in selects.items()}
        rel_filters = {"organization": ORGANIZATION_ONLY} if "organization" in form_columns else {}
        view = type(
            f"{model.__name__}View",
            (ProfileRecordView,),
            {
                "datamodel": ScopedSQLAInterface(model),
                "class_permission_name": resource,
                "list_title": label,
                "list_columns": [*list_columns, "source_label"],
                "show_columns": [*form_columns, *[c for c in COMMON_SHOW if c not in form_columns]],
                "add_columns": form_columns,
                "edit_columns": form_columns,
                "search_columns": [c for c in ("person", "academic_year", "source") if c in form_columns or c == "source"],
                "list_loads": TITLE_RELATIONS.get(model, []),
                "add_form_extra_fields": extra,
                "edit_form_extra_fields": extra,
                "add_form_query_rel_fields": rel_filters or None,
                "edit_form_query_rel_fields": rel_filters or None,
            },
        )
        api = type(
            f"{model.__name__}Api",
            (ProfileRecordGuard, ScopedModelRestApi),
            {
                "resource_name": model.__tablename__.replace("_", "-"),
                "datamodel": ScopedSQLAInterface(model),
                "class_permission_name": resource,
                "list_columns": ["id", "person.id", "academic_year.code", "source", "entered_by_name", *[
                    c for c in form_columns if c not in ("person", "academic_year") and not _is_relation(model, c)
                ]],
                "add_columns": form_columns,
                "edit_columns": form_columns,
            },
        )
        api.show_columns = api.list_columns
        built.append((view, api, label))
    return built


def _is_relation(model, column: str) -> bool:
    return column in model.__mapper__.relationships


def _status_label(self) -> str:
    return str(STATUS_LABELS.get(self.status, self.status))


ContestParticipant.status_label = property(_status_label)
ContestParticipant.source_label = property(_source_label)


class ContestParticipantView(ProfileRecordView):
    datamodel = ScopedSQLAInterface(ContestParticipant)
    list_title = _l("Contest participants")
    list_loads = show_loads = ["contest.approved_contest"]  # a contest is named by its approved contest
    list_columns = ["contest", "participant_name", "status_label", "person", "source_label"]
    show_columns = ["contest", "participant_iin", "participant_name", "status_label", "person", *COMMON_SHOW[1:]]
    add_columns = ["contest", "participant_iin", "participant_name", "status", "person", "academic_year"]
    edit_columns = add_columns
    search_columns = ["contest", "person", "status"]
    add_form_extra_fields = {"status": _select_field(_l("Status"), list(STATUS_LABELS.items()))}
    edit_form_extra_fields = add_form_extra_fields
    add_form_query_rel_fields = None
    edit_form_query_rel_fields = None


class ContestView(ScopedModelView):
    """Contests and competitions: the event, then its participants in one dialog."""

    datamodel = ScopedSQLAInterface(Contest)
    class_permission_name = "Portfolio"
    method_permission_name = {**PERMISSION_MAP, "participants": "write"}
    list_title = _l("Contests and competitions")
    show_template = "ustaz/contest_show.html"
    label_columns = LABELS
    list_columns = ["title", "kind", "event_level", "held_on", "participants_count"]
    list_loads = ["approved_contest"]  # what "title" reads (participants_count is counted by the database)
    show_columns = ["title", "kind", "approved_contest", "other_name", "event_level", "held_on", "academic_year"]
    add_columns = ["kind", "approved_contest", "other_name", "event_level", "held_on", "academic_year"]
    edit_columns = add_columns
    search_columns = ["approved_contest", "event_level", "academic_year", "kind"]
    add_form_extra_fields = {"kind": _select_field(_l("Kind"), KIND_CHOICES)}
    edit_form_extra_fields = add_form_extra_fields
    related_views = [ContestParticipantView]
    base_order = ("held_on", "desc")

    def pre_add(self, item) -> None:
        super().pre_add(item)
        self._contest_rules(item, "new")

    def pre_update(self, item) -> None:
        super().pre_update(item)
        self._contest_rules(item, "dirty")

    def pre_delete(self, item) -> None:
        super().pre_delete(item)
        self._contest_rules(item, "deleted")

    def render_template(self, template, **kwargs):
        return super().render_template(template, **_with_upload_hints(kwargs))

    @staticmethod
    def _contest_rules(item, state: str) -> None:
        problem = violation(db.session, item, state)
        if problem is not None:
            db.session.rollback()
            raise problem

    @expose("/participants/<int:pk>", methods=["GET", "POST"])
    @has_access
    def participants(self, pk: int):
        """The participants dialog: several participants of one event at once, with files."""
        from app.portfolio.participants import MAX_ROWS, ParticipantRow, add_participants
        from app.web.params import int_arg
        from tenants.scope import can_write, current_scope

        contest = self.datamodel.get(pk)
        if contest is None:
            abort(404)
        if not can_write(contest, current_scope()):
            abort(403)
        rows_count = int_arg("rows", minimum=1, maximum=MAX_ROWS, default=5, label=_("Rows"))
        errors: list[str] = []
        if request.method == "POST":
            rows = ParticipantRow.from_form(request.form, request.files)
            errors = add_participants(contest, rows, current_user)
            if not errors:
                flash(_("Participants added: %(count)d.", count=len([r for r in rows if not r.is_blank])), "success")
                return redirect(url_for(".show", pk=pk))
            rows_count = max(rows_count, *(r.index + 1 for r in rows), 1)
        page = self.render_template(
            "ustaz/contest_participants.html",
            contest=contest,
            rows=range(rows_count),
            more_rows=min(rows_count + 5, MAX_ROWS) if rows_count < MAX_ROWS else None,
            statuses=[(k, str(v)) for k, v in STATUS_LABELS.items()],
            teacher_lookup=url_for("AutocompleteView.options", view="ContestParticipantView", form="add", column="person"),
            errors=errors,
            form_data=request.form,
            title=_("Participants"),
        )
        # refused rows: the dialog again, with what was typed and why, as "unprocessable"
        return page, 422 if errors else 200

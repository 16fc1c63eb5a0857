"""Observation templates (national admins) and sheets (observers, teachers, staff)."""

from __future__ import annotations

from flask import abort, flash, g, redirect, request, url_for
from flask_appbuilder import expose
from flask_appbuilder.actions import action
from flask_appbuilder.security.decorators import has_access
from markupsafe import Markup, escape
from wtforms import SelectField, TimeField
from wtforms.validators import DataRequired

from app.errors import RuleViolation
from app.extensions import db
from app.i18n import _, _l
from app.observation import sheets as ops
from app.web.params import BadInput, read_int, read_text, text_field
from models.observation import (
    ObservationSheet,
    ObservationTemplate,
    RubricLevel,
    TemplateCriterion,
    TemplateSection,
)
from models.person import Person
from tenants.interface import ScopedSQLAInterface
from tenants.scope import ScopeError, can_read, current_scope
from views.base import PERMISSION_MAP, ScopedModelView, commit_or_flash

EVENT_LABELS = {
    "lesson": _l("lesson"),
    "session": _l("session"),
    "activity": _l("organized activity"),
    "event": _l("event"),
}
#: the statuses of templates (draft, published) and sheets (draft, submitted, superseded), in words
STATUS_LABELS = {"draft": _l("draft"), "published": _l("published"), "submitted": _l("submitted"),
                 "superseded": _l("superseded")}
TEMPLATE_STATUSES, SHEET_STATUSES = ("draft", "published"), ("draft", "submitted", "superseded")
KIND_LABELS = {"internal": _l("internal"), "external": _l("external")}

LABELS = {
    "code": _l("Code"),
    "version": _l("Version"),
    "education_level": _l("Education level"),
    "event_types": _l("Event types"),
    "status_label": _l("Status"),
    "status": _l("Status"),
    "published_on": _l("Published on"),
    "name_kk": _l("Name (kk)"),
    "name_ru": _l("Name (ru)"),
    "name_en": _l("Name (en)"),
    "order": _l("Order"),
    "template": _l("Observation sheet template"),
    "section": _l("Section"),
    "criterion": _l("Criterion"),
    "level": _l("Level"),
    "points": _l("Points"),
    "person": _l("Teacher"),
    "observer": _l("Observer"),
    "observer_kind_label": _l("Observer"),
    "observed_on": _l("Date"),
    "starts_at": _l("Start"),
    "ends_at": _l("End"),
    "event_type": _l("Event type"),
    "event_type_label": _l("Event type"),
    "class_group": _l("Class / group"),
    "subject": _l("Subject"),
    "total_label": _l("Total"),
    "percent": _l("Percent of the maximum"),
    "recommendations": _l("Recommendations"),
    "feedback": _l("Teacher's feedback"),
    "correction_reason": _l("Reason for the correction"),
    "tenant": _l("Organization"),
}

ObservationTemplate.status_label = property(lambda self: str(STATUS_LABELS.get(self.status, self.status)))
ObservationSheet.status_label = property(lambda self: str(STATUS_LABELS.get(self.status, self.status)))
ObservationSheet.event_type_label = property(lambda self: str(EVENT_LABELS.get(self.event_type, self.event_type)))
ObservationSheet.observer_kind_label = property(
    lambda self: f"{self.observer.first_name} {self.observer.last_name} ({KIND_LABELS.get(self.observer_kind, '')})"
    if self.observer else ""
)
ObservationSheet.total_label = property(lambda self: f"{self.total_points}/{self.max_points}")


class TemplatePartView(ScopedModelView):
    class_permission_name = "ObservationTemplate"
    label_columns = LABELS
    base_order = ("order", "asc")


class RubricLevelView(TemplatePartView):
    datamodel = ScopedSQLAInterface(RubricLevel)
    list_title = _l("Rubric levels")
    list_columns = ["criterion", "level", "points", "name_kk", "name_ru"]
    add_columns = ["criterion", "level", "points", "name_kk", "name_ru", "name_en"]
    edit_columns = ["level", "points", "name_kk", "name_ru", "name_en"]  # never moved to another criterion
    base_order = ("level", "asc")


class TemplateCriterionView(TemplatePartView):
    datamodel = ScopedSQLAInterface(TemplateCriterion)
    list_title = _l("Criteria")
    list_columns = ["order", "section", "name_kk", "name_ru"]
    add_columns = ["template", "section", "order", "name_kk", "name_ru", "name_en"]
    edit_columns = ["section", "order", "name_kk", "name_ru", "name_en"]  # never moved to another template
    related_views = [RubricLevelView]


class TemplateSectionView(TemplatePartView):
    datamodel = ScopedSQLAInterface(TemplateSection)
    list_title = _l("Sections")
    list_columns = ["order", "name_kk", "name_ru"]
    add_columns = ["template", "order", "name_kk", "name_ru", "name_en"]
    edit_columns = ["order", "name_kk", "name_ru", "name_en"]


class ObservationTemplateView(ScopedModelView):
    datamodel = ScopedSQLAInterface(ObservationTemplate)
    class_permission_name = "ObservationTemplate"
    method_permission_name = {**PERMISSION_MAP, "publish": "write", "new_version": "write"}
    list_title = _l("Observation sheet templates")
    label_columns = LABELS
    list_columns = ["name_kk", "education_level", "version", "status_label", "published_on"]
    show_columns = ["code", "version", "name_kk", "name_ru", "name_en", "education_level", "event_types", "status_label",
                    "published_on"]
    add_columns = edit_columns = ["code", "name_kk", "name_ru", "name_en", "education_level", "event_types"]
    search_columns = ["education_level", "status", "code"]
    search_form_extra_fields = {"status": SelectField(_l("Status"), choices=lambda: [
        (code, str(STATUS_LABELS[code])) for code in TEMPLATE_STATUSES])}
    related_views = [TemplateSectionView, TemplateCriterionView]
    base_order = ("code", "asc")

    @action("publish", _l("Publish"), _l("Publish this version? It can no longer be changed."), "fa-check",
            multiple=False)
    def publish(self, item):
        commit_or_flash(lambda: ops.publish(item), _("The version is published."))
        return redirect(url_for(".show", pk=item.id))

    @action("new_version", _l("New version"), "", "fa-copy", multiple=False)
    def new_version(self, item):
        copy = ops.new_version(db.session, item)
        db.session.commit()
        flash(_("A new draft version was created."), "success")
        return redirect(url_for(".show", pk=copy.id))


class ReachInterface(ScopedSQLAInterface):
    """Sheets are written by their observer for teachers within reach (scope or granted schools),
    not by whoever owns the teacher's organization."""

    def check_writable(self, item) -> None:
        scope = current_scope()
        if scope.unrestricted:
            return
        person = item.person or db.session.get(Person, item.person_id)
        if item.observer_id != getattr(g.user, "id", None) or person is None or not can_read(person, scope):
            raise ScopeError(_("This teacher is outside your reach."))


class ObservationSheetView(ScopedModelView):
    datamodel = ReachInterface(ObservationSheet)
    class_permission_name = "Observation"
    method_permission_name = {**PERMISSION_MAP, "fill": "write", "submit": "write", "correct": "write",
                              "feedback": "read", "feedback_read": "read", "trend": "read"}
    list_title = _l("Lesson observation sheets")
    show_template = "ustaz/sheet_show.html"
    # what observer_kind_label reads; the sheet's table of answers with each criterion's rubric levels
    list_loads = ["observer"]
    show_loads = ["observer", "answers", "template.criteria.levels"]
    label_columns = LABELS
    list_columns = ["observed_on", "starts_at", "person", "observer_kind_label", "event_type_label", "total_label",
                    "percent", "status_label", "feedback"]
    show_columns = ["person", "observer_kind_label", "observed_on", "starts_at", "ends_at", "event_type_label",
                    "class_group", "subject", "template", "total_label", "percent", "status_label", "recommendations",
                    "correction_reason", "feedback"]
    add_columns = ["person", "observed_on", "starts_at", "ends_at", "event_type", "class_group", "subject"]
    edit_columns = ["observed_on", "starts_at", "ends_at", "event_type", "class_group", "subject", "recommendations"]
    search_columns = ["person", "observer", "observed_on", "percent", "status", "event_type"]
    search_form_extra_fields = {"status": SelectField(_l("Status"), choices=lambda: [
        (code, str(STATUS_LABELS[code])) for code in SHEET_STATUSES])}
    export_columns = ["observed_on", "starts_at", "person", "observer_kind_label", "event_type_label", "total_label",
                      "percent", "status_label"]
    # FAB has no form field for Time columns: WTForms' own, "HH:MM"
    add_form_extra_fields = {
        "event_type": SelectField(_l("Event type"), choices=list(EVENT_LABELS.items()), validators=[DataRequired()]),
        "starts_at": TimeField(_l("Start"), validators=[DataRequired()]),
        "ends_at": TimeField(_l("End"), validators=[DataRequired()]),
    }
    edit_form_extra_fields = add_form_extra_fields
    base_order = ("observed_on", "desc")
    formatters_columns = {
        "feedback": lambda text: Markup(f"<em>{escape(text)}</em>") if text else "",
        "starts_at": lambda t: t.strftime("%H:%M") if t else "",
        "ends_at": lambda t: t.strftime("%H:%M") if t else "",
        "observed_on": lambda d: d.strftime("%d.%m.%Y") if d else "",
    }

    def pre_add(self, item: ObservationSheet) -> None:
        try:
            ops.prepare_sheet(db.session, item, g.user)
        except RuleViolation:
            db.session.rollback()
            raise
        self.datamodel.check_writable(item)

    def pre_update(self, item: ObservationSheet) -> None:
        if item.observer_id != g.user.id:
            db.session.rollback()
            raise ScopeError(_("Only the observer edits their sheet."))
        if ops.value_before(item, "status") != "draft":
            db.session.rollback()
            raise RuleViolation(_("A submitted sheet can no longer be changed."))
        try:
            ops.revalidate(db.session, item)
        except RuleViolation:
            db.session.rollback()
            raise

    def pre_delete(self, item: ObservationSheet) -> None:
        self.pre_update(item)

    def post_add_redirect(self):
        sheet = db.session.query(ObservationSheet).filter_by(observer_id=g.user.id).order_by(
            ObservationSheet.id.desc()).first()
        return redirect(url_for(".fill", pk=sheet.id)) if sheet else super().post_add_redirect()

    def _own_draft(self, pk: int) -> ObservationSheet:
        sheet = self.datamodel.get(pk)
        if sheet is None:
            abort(404)
        if sheet.observer_id != g.user.id:
            abort(403)
        return sheet

    @expose("/fill/<int:pk>", methods=["GET", "POST"])
    @has_access
    def fill(self, pk: int):
        """Score the criteria of the template (levels and comments); totals are computed.

        Saving keeps every given level and comment, however many criteria are still open; submitting
        needs them all. A refused submit still keeps the draft: nothing typed is lost."""
        sheet = self._own_draft(pk)
        errors: list[str] = []
        if request.method == "POST":
            chosen, errors = self._read_answers(sheet)
            try:
                recommendations = text_field("recommendations", max_length=4000, label=_("Recommendations"))
            except BadInput as exc:
                errors.append(exc.description)
            if not errors:
                sheet.recommendations = recommendations or None
                errors = ops.record_answers(db.session, sheet, chosen)
            if errors:
                db.session.rollback()
            else:
                try:
                    db.session.commit()
                    if not request.form.get("submit"):
                        flash(_("The draft is saved."), "success")
                        return redirect(url_for(".show", pk=pk))
                    ops.submit(sheet)
                    db.session.commit()
                    flash(_("The sheet is submitted."), "success")
                    return redirect(url_for(".show", pk=pk))
                except RuleViolation as exc:
                    db.session.rollback()
                    flash(_("The draft is saved."), "info")
                    errors = [str(exc)]
            sheet = self._own_draft(pk)
        page = self.render_template("ustaz/sheet_fill.html", sheet=sheet, errors=errors, form_data=request.form,
                                    title=_("Lesson observation sheet"))
        # refused answers: the form again, with what was chosen and why, as "unprocessable"
        return page, 422 if errors else 200

    @staticmethod
    def _read_answers(sheet: ObservationSheet) -> tuple[dict[int, tuple[int | None, str]], list[str]]:
        """criterion id -> (level or None, comment) as submitted, and every problem of the form as sentences.

        Only the template's own criteria are read (other fields are ignored); a level that is not a
        number of the criterion's rubric is named by the criterion's number. No level chosen is None:
        a draft keeps the comment alone."""
        chosen: dict[int, tuple[int | None, str]] = {}
        errors: list[str] = []
        for criterion in sheet.template.criteria:
            label = _("Criterion %(number)s", number=criterion.order)
            levels = [lvl.level for lvl in criterion.levels] or [1]
            raw = request.form.get(f"level_{criterion.id}")
            try:
                comment = read_text(request.form.get(f"comment_{criterion.id}"), max_length=2000, label=label)
                level = read_int(raw, minimum=min(levels), maximum=max(levels), label=label) if raw else None
            except BadInput as exc:
                errors.append(exc.description)
                continue
            chosen[criterion.id] = (level, comment)
        return chosen, errors

    @expose("/correct/<int:pk>", methods=["POST"])
    @has_access
    def correct(self, pk: int):
        sheet = self._own_draft(pk)
        try:
            copy = ops.correction(sheet, text_field("reason", max_length=2000, label=_("Reason for the correction")))
            db.session.add(copy)
            db.session.commit()
        except RuleViolation as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            return redirect(url_for(".show", pk=pk))
        return redirect(url_for(".fill", pk=copy.id))

    @expose("/feedback/<int:pk>", methods=["POST"])
    @has_access
    def feedback(self, pk: int):
        """The teacher's answer to a sheet about them, once."""
        sheet = self.datamodel.get(pk)
        if sheet is None:
            abort(404)
        if sheet.person_id != getattr(g.user, "person_id", None):
            abort(403)
        text = text_field("feedback", max_length=4000, label=_("Teacher's feedback"))
        commit_or_flash(lambda: ops.give_feedback(sheet, text), _("Your feedback is saved; the observer will see it."))
        return redirect(url_for(".show", pk=pk))

    @expose("/feedback_read/<int:pk>", methods=["POST"])
    @has_access
    def feedback_read(self, pk: int):
        """The observer marks the teacher's answer as read (opening the sheet changes nothing)."""
        sheet = self.datamodel.get(pk)
        if sheet is None:
            abort(404)
        if sheet.observer_id != getattr(g.user, "id", None):
            abort(403)
        commit_or_flash(lambda: ops.mark_feedback_read(sheet), _("The feedback is marked as read."))
        return redirect(url_for(".show", pk=pk))

    @expose("/trend/<int:person_id>")
    @has_access
    def trend(self, person_id: int):
        """A teacher's levels per criterion across the school year's submitted sheets."""
        import datetime as dt

        from sqlalchemy import select

        from app.observation.rules import school_year
        from tenants.scope import scoped

        person = db.session.execute(scoped(select(Person).where(Person.id == person_id), Person)).scalar_one_or_none()
        if person is None:
            abort(404)
        start, end = school_year(dt.date.today())
        sheets = db.session.execute(
            scoped(select(ObservationSheet), ObservationSheet)
            .where(ObservationSheet.person_id == person_id, ObservationSheet.status == "submitted",
                   ObservationSheet.observed_on.between(start, end))
            .order_by(ObservationSheet.observed_on, ObservationSheet.starts_at)
        ).scalars().all()
        criteria: dict[int, TemplateCriterion] = {}
        levels: dict[tuple[int, int], int] = {}
        for sheet in sheets:
            for answer in sheet.answers:
                criteria.setdefault(answer.criterion_id, answer.criterion)
                levels[(answer.criterion_id, sheet.id)] = answer.level
        return self.render_template("ustaz/sheet_trend.html", person=person, sheets=sheets,
                                    criteria=sorted(criteria.values(), key=lambda c: c.order), levels=levels,
                                    title=_("Trend over the school year"))

    def render_template(self, template, **kwargs):
        if template == self.show_template and kwargs.get("pk") is not None:
            kwargs["sheet"] = self.shown_item(kwargs["pk"])
        return super().render_template(template, **kwargs)

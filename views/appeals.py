"""Appeals in the admin (app/appeals): the list (open ones first, the oldest due first), an appeal's
page with its steps as POSTs (take into review, answer upheld or rejected, close), the filing form
for a teacher (by the teacher or their organization's head), and the REST resource ``appeal``.

An appeal is owned by the teacher's organization, so the one scope shows it to the teacher, the
head and the departments above; who may answer is its body (app/appeals/operations.py)."""

from __future__ import annotations

from typing import Any

from flask import abort, g, redirect, request, url_for
from flask_appbuilder import expose
from flask_appbuilder.security.decorators import has_access
from markupsafe import Markup
from sqlalchemy import select
from wtforms import SelectField

from app.appeals import operations as ops
from app.appeals import states
from app.appeals.labels import (
    RESOLUTION_LABELS,
    SECTION_LABELS,
    STATE_LABELS,
    TYPE_LABELS,
    effect_label,
    resolution_label,
    state_label,
    type_label,
)
from app.appeals.types import TYPES
from app.attestation.operations import actor_for
from app.extensions import db
from app.i18n import _, _l
from app.web.commit import commit_or_flash
from app.web.display import shown_date, shown_datetime
from app.web.params import int_field, read_choice, text_field
from models.appeal import Amendment, Appeal
from models.attestation import Application
from models.person import Person
from tenants.interface import OpenFirstInterface, ScopedSQLAInterface
from tenants.scope import can_read, current_scope
from views.base import PERMISSION_MAP, ScopedModelRestApi, ScopedModelView

LABELS = {
    "id": "№",
    "type_label": _l("Type"),
    "appeal_type": _l("Type"),
    "person": _l("Teacher"),
    "state_label": _l("State"),
    "state": _l("State"),
    "resolution_label": _l("Resolution"),
    "filed_on": _l("Filed on"),
    "due_on": _l("Answer due"),
    "due_shown": _l("Answer due"),
    "body": _l("Answered by"),
    "application": _l("Application"),
    "text": _l("Request"),
    "answer": _l("Answer"),
    "filed_by_name": _l("Filed by"),
    "answered_by_name": _l("Answered by (person)"),
    "answered_on": _l("Answered on"),
    "effect_label": _l("What changed"),
}


def _due_shown(appeal: Appeal) -> Markup | str:
    text = shown_date(appeal.due_on)
    if ops.overdue(appeal):
        return Markup('<span class="label label-danger">%s</span> %s') % (_("overdue"), text)
    return text


Appeal.type_label = property(lambda self: type_label(self.appeal_type))
Appeal.state_label = property(lambda self: state_label(self.state))
Appeal.resolution_label = property(lambda self: resolution_label(self.resolution))
Appeal.effect_label = property(lambda self: effect_label(self.effect))
Appeal.due_shown = property(_due_shown)


class AppealInterface(OpenFirstInterface):
    """Ordered by state: open appeals first (the oldest due first), then answered, then closed."""

    STATE_RANKS = states.OPEN_FIRST_RANKS

    def then(self) -> tuple:
        return (Appeal.due_on.asc(), Appeal.id.asc())


class AppealView(ScopedModelView):
    datamodel = AppealInterface(Appeal)
    class_permission_name = "Appeal"
    route_base = "/appeals"
    method_permission_name = {**PERMISSION_MAP, "act": "write", "file_form": "write", "file": "write",
                              "mine": "read", "amending_order": "read"}
    base_permissions = ["can_read", "can_write"]
    exclude_route_methods = {"add", "edit", "delete", "action", "action_post"}
    show_template = "ustaz/appeal_show.html"
    list_title = _l("Appeals")
    show_title = _l("Appeal")
    list_columns = ["id", "type_label", "person", "state_label", "resolution_label", "filed_on", "due_shown", "body"]
    show_columns = ["id", "type_label", "person", "application", "state_label", "filed_on", "filed_by_name",
                    "due_shown", "body", "text", "resolution_label", "answer", "answered_by_name", "answered_on",
                    "effect_label"]
    search_columns = ["appeal_type", "state", "filed_on", "due_on"]
    search_form_extra_fields = {
        "appeal_type": SelectField(_l("Type"), choices=lambda: [(c, str(v)) for c, v in TYPE_LABELS.items()]),
        "state": SelectField(_l("State"), choices=lambda: [(c, str(v)) for c, v in STATE_LABELS.items()]),
    }
    order_columns = ["id", "state", "filed_on", "due_on"]
    base_order = ("state", "asc")
    label_columns = LABELS

    def _appeal(self, pk: int) -> Appeal:
        appeal = self.datamodel.get(pk)
        if appeal is None:
            abort(404)
        return appeal

    @expose("/act/<int:pk>", methods=["POST"])
    @has_access
    def act(self, pk: int):
        appeal = self._appeal(pk)
        action = read_choice(request.form.get("action"), ("review", "uphold", "reject", "close"), label=_("Action"))
        actor = actor_for(g.user)
        if action == "review":
            commit_or_flash(lambda: ops.review(actor, appeal), _("The appeal is in review; the teacher has been told."))
        elif action == "close":
            commit_or_flash(lambda: ops.close(actor, appeal), _("The appeal is closed."))
        else:
            text = text_field("answer", max_length=ops.TEXT_LIMIT, required=True, label=_("Answer"))
            commit_or_flash(lambda: ops.answer(actor, appeal, action == "uphold", text),
                            lambda: _("The appeal is answered: %(resolution)s. %(effect)s",
                                      resolution=resolution_label(appeal.resolution).lower(),
                                      effect=effect_label(appeal.effect)))
        return redirect(url_for(".show", pk=pk))

    @expose("/amending-order/<int:pk>")
    @has_access
    def amending_order(self, pk: int):
        """The amending order of an annulled decision (a PDF through the documents' renderer)."""
        from flask import Response

        from reports.documents import amending_order_pdf

        appeal = self._appeal(pk)
        amendment = db.session.execute(select(Amendment).where(Amendment.appeal_id == appeal.id,
                                                               Amendment.kind == "decision_annulled")).scalars().first()
        if amendment is None:
            abort(404)
        number = (amendment.after or {}).get("amending_order") or str(appeal.id)
        return Response(amending_order_pdf(amendment), mimetype="application/pdf",
                        headers={"Content-Disposition": f'inline; filename="order-{appeal.id}.pdf"',
                                 "X-Order-Number": number.encode("ascii", "replace").decode()})

    @expose("/mine/")
    @has_access
    def mine(self):
        """A teacher's own appeals: the filing form is one click away."""
        person_id = getattr(g.user, "person_id", None)
        if person_id is None:
            return redirect(url_for(".list"))
        return redirect(url_for(".file_form", person_id=person_id))

    @expose("/file/<int:person_id>", methods=["GET"])
    @has_access
    def file_form(self, person_id: int):
        person = self._person(person_id)
        return self.render_template("ustaz/appeal_form.html", title=_("File an appeal"), **self._form_context(person))

    @expose("/file/<int:person_id>", methods=["POST"])
    @has_access
    def file(self, person_id: int):
        person = self._person(person_id)
        kind = read_choice(request.form.get("appeal_type"), tuple(TYPES), label=_("Type"))
        text = text_field("text", max_length=ops.TEXT_LIMIT, required=True, label=_("Request"))
        application_id = int_field("application_id", maximum=2**31 - 1, label=_("Application"))
        details: dict[str, Any] = {"sections": request.form.getlist("sections")[:20],
                                   "action": request.form.get("member_action") or None,
                                   "member_id": int_field("member_id", maximum=2**31 - 1, label=_("Member to remove")),
                                   "iin": (request.form.get("iin") or "")[:12],
                                   "role": read_choice(request.form.get("role") or "member", ("member", "chair", "secretary"),
                                                       label=_("Role")),
                                   "last_name": (request.form.get("last_name") or "")[:100],
                                   "first_name": (request.form.get("first_name") or "")[:100],
                                   "commission_id": int_field("commission_id", maximum=2**31 - 1, label=_("Commission"))}
        created: list[Appeal] = []
        written: list = []
        ok = commit_or_flash(lambda: created.append(ops.file_appeal(actor_for(g.user), person, ops.NewAppeal(
            kind, text, application_id, details), ops.checked_uploads(request.files.getlist("files")), written)),
            _("The appeal is filed: you will be notified at each step."))
        if ok and created:
            return redirect(url_for(".show", pk=created[0].id))
        from app.portfolio.files import discard

        discard(written)
        return redirect(url_for(".file_form", person_id=person_id))

    def _person(self, person_id: int) -> Person:
        person = db.session.get(Person, person_id)
        if person is None or not can_read(person, current_scope()):
            abort(404)
        return person

    def _form_context(self, person: Person) -> dict[str, Any]:
        from models.commission import CommissionMember
        from tenants.scope import commissions_for_applying

        applications = db.session.execute(select(Application).where(Application.person_id == person.id)
                                          .order_by(Application.id.desc()).limit(20)).scalars().all()
        live = next((a for a in applications if a.commission_id), None)
        members = []
        commissions = []
        if live is not None:
            members = db.session.execute(select(CommissionMember).where(
                CommissionMember.commission_id == live.commission_id, CommissionMember.removed_on.is_(None))).scalars().all()
            commissions = db.session.execute(commissions_for_applying(person.tenant, live.period_id)).scalars().all()
        return {"person": person, "applications": applications, "types": [(c, str(v)) for c, v in TYPE_LABELS.items()],
                "sections": [(c, str(v)) for c, v in SECTION_LABELS.items()], "members": members,
                "commissions": commissions, "app_state_label": _application_state}

    def render_template(self, template, **kwargs):
        if template == self.show_template and kwargs.get("pk") is not None:
            appeal = self.shown_item(kwargs["pk"])
            if appeal is not None:
                actor = actor_for(g.user)
                kwargs["appeal_actions"] = {a: ops.may(actor, appeal, a) for a in ("review", "answer", "close")}
                kwargs["appeal_files"] = [{"name": f.original_name, "url": url_for("ProfileView.file", file_id=f.id)}
                                          for f in ops.files_of([appeal.id]).get(appeal.id, [])]
                kwargs["amendments"] = [
                    {"kind": effect_label({"kind": a.kind}), "on": shown_datetime(a.made_on), "by": a.made_by_name or "",
                     "order": url_for(".amending_order", pk=appeal.id) if a.kind == "decision_annulled" else None}
                    for a in db.session.execute(select(Amendment).where(Amendment.appeal_id == appeal.id)
                                                .order_by(Amendment.id)).scalars()]
        return super().render_template(template, **kwargs)


def _application_state(code: str) -> str:
    from app.attestation.labels import state_label as application_state

    return application_state(code)


class AppealApi(ScopedModelRestApi):
    """The appeals in the caller's scope (read); their codes also in words."""

    resource_name = "appeal"
    class_permission_name = "Appeal"
    datamodel = ScopedSQLAInterface(Appeal)
    include_route_methods = {"get", "get_list", "info"}
    base_permissions = ["can_read", "can_write"]
    list_columns = show_columns = ["id", "appeal_type", "person.id", "application.id", "commission.id", "body.id",
                                   "state", "resolution", "text", "answer", "filed_on", "due_on", "answered_on",
                                   "closed_on", "tenant.id"]
    order_columns = ["id", "filed_on", "due_on", "state"]
    search_columns = ["appeal_type", "state", "due_on", "filed_on"]
    base_order = ("id", "desc")

    def pre_get_list(self, data: dict[str, Any]) -> None:
        for row in data.get("result") or []:
            _words(row)

    def pre_get(self, data: dict[str, Any]) -> None:
        _words(data.get("result") or {})


def _words(row: dict[str, Any]) -> None:
    if "appeal_type" in row:
        row["type_label"] = type_label(row["appeal_type"])
    if "state" in row:
        row["state_label"] = state_label(row["state"])
    if row.get("resolution"):
        row["resolution_label"] = str(RESOLUTION_LABELS.get(row["resolution"], ""))


def register_appeal_views(appbuilder, add) -> None:
    add(AppealView, "Appeals", _l("Appeals"), "fa-envelope-open-o", "AttestationMenu", _l("Attestation"), "fa-graduation-cap")
    appbuilder.add_api(AppealApi)


__all__ = ["AppealApi", "AppealView", "register_appeal_views"]

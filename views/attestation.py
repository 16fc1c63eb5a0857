"""The attestation workflow's pages: commissions and their composition, applications with their
timeline, the frozen portfolio beside the engine's explained result, votes and the chair's decision,
overdue reviews; read-only REST resources. Views parse, call one operation, and say the result."""

from __future__ import annotations

from flask import abort, flash, g, redirect, request, url_for
from flask_appbuilder import expose
from flask_appbuilder.security.decorators import has_access, protect
from sqlalchemy import func, select
from wtforms import SelectField

from app.attestation import commissions as commission_ops
from app.attestation import operations as ops
from app.attestation import states
from app.attestation.labels import (
    action_label,
    category_name,
    level_label,
    member_role_label,
    mode_label,
    outcome_label,
    period_state_label,
    state_label,
    vote_label,
)
from app.attestation.messages import conflict_message, eligibility_sentences, reason_sentence
from app.errors import RuleViolation, reasons
from app.extensions import db
from app.i18n import _, _l
from app.integrations.prefill import note as prefill_note
from app.jobs import commit_and_run
from app.web.params import int_arg, int_field, text_field
from models.attestation import Application, Review
from models.collation import kazakh_order
from models.commission import MEMBER_ROLES, Commission, CommissionMember
from models.directories import AttestationPeriod
from models.person import Person
from tenants.interface import ScopedSQLAInterface
from tenants.models import Tenant
from tenants.scope import can_write, commissions_for_applying, current_scope, scoped
from views.base import PERMISSION_MAP, ScopedModelRestApi, ScopedModelView, commit_or_flash
from views.registry_lookup import person_lookup

LABELS = {
    "name": _l("Name"), "level_label": _l("Level"), "tenant": _l("Organization or department"),
    "period": _l("Attestation period"), "language": _l("Protocol language"), "is_active": _l("Active"),
    "person": _l("Teacher"), "requested_label": _l("Requested category"), "mode_label": _l("Mode"),
    "state_label": _l("State"), "commission": _l("Commission"), "review_due_on": _l("Review due on"),
    "outcome_label": _l("Outcome"), "submitted_on": _l("Submitted on"), "flagged": _l("Flagged for the protocol"),
}

# Words for the list columns (pages never show codes).
Application.state_label = property(lambda self: state_label(self.state))
Application.outcome_label = property(lambda self: outcome_label(self.outcome) if self.outcome else "")
Application.mode_label = property(lambda self: mode_label(self.mode))
Application.requested_label = property(lambda self: category_name(self.requested_category))
Commission.level_label = property(lambda self: level_label(self.level))

ACTION_PERMISSIONS = {**PERMISSION_MAP, "form": "write", "member_add": "write", "member_remove": "write",
                      "member_lookup": "write",
                      "apply": "write", "act": "read", "vote": "read", "decide": "read", "overdue": "read"}


def frozen_portfolio(snapshot: dict | None) -> list[tuple[str, list[str]]]:
    """The frozen profile, section by section, in words (what the members review; read only)."""
    from app.scoring.engine import level_name

    profile = (snapshot or {}).get("profile") or {}

    def level(item) -> str:
        return level_name(item.get("level") or "") if item.get("level") else _("level not given")

    def yes(value) -> str:
        return _("yes") if value else _("no")

    sections = [
        (_("Quality of knowledge"), [_("%(year)s: %(percent)s%%", year=i.get("year"), percent=i.get("quality_percent"))
                                     for i in profile.get("knowledge_quality") or []]),
        (_("Lesson observations"), [_("%(date)s: %(percent)s%%, external observer: %(external)s",
                                      date=_day(i.get("date")), percent=round(float(i.get("percent") or 0), 1),
                                      external=yes(i.get("external"))) for i in profile.get("observations") or []]),
        (_("Students' contests"), [_("%(level)s, winner: %(winner)s", level=level(i), winner=yes(i.get("winner")))
                                   for i in profile.get("student_contests") or []]),
        (_("Teachers' contests"), [_("%(level)s, winner: %(winner)s", level=level(i), winner=yes(i.get("winner")))
                                   for i in profile.get("teacher_contests") or []]),
        (_("Methodical materials"), [level(i) for i in profile.get("methodical_materials") or []]),
        (_("Speeches"), [level(i) for i in profile.get("speeches") or []]),
        (_("Publications"), [_("recommended edition: %(yes)s, authors: %(n)s", yes=yes(i.get("recommended")),
                               n=i.get("authors") or "—") for i in profile.get("publications") or []]),
        (_("Working groups"), [level(i) for i in profile.get("working_groups") or []]),
        (_("Practice transmission"), [_("%(level)s, coverage: %(n)s", level=level(i), n=i.get("coverage") or 0)
                                      for i in profile.get("practice_transmission") or []]),
        (_("Courses"), [_("%(hours)s hours, in the teacher's profile: %(yes)s", hours=i.get("hours") or 0,
                          yes=yes(i.get("in_profile"))) for i in profile.get("courses") or []]),
    ]
    return sections


def _day(value) -> str:
    import datetime as dt

    try:
        return dt.date.fromisoformat(str(value)).strftime("%d.%m.%Y")
    except ValueError:
        return ""


class CommissionView(ScopedModelView):
    datamodel = ScopedSQLAInterface(Commission)
    route_base = "/commissions"
    class_permission_name = "Commission"
    method_permission_name = ACTION_PERMISSIONS
    list_title = _l("Attestation commissions")
    label_columns = LABELS
    list_columns = ["name", "level_label", "tenant", "period", "is_active"]
    show_columns = ["name", "level_label", "tenant", "period", "language", "is_active"]
    search_columns = ["name"]
    base_order = ("name", "asc")
    # a commission changes through its own form and composition page (operations), never FAB's forms
    exclude_route_methods = {"edit", "delete", "action", "action_post"}

    @expose("/add", methods=["GET", "POST"])
    @has_access
    def add(self):
        return redirect(url_for(".form"))

    @expose("/form", methods=["GET", "POST"])
    @has_access
    def form(self):
        """A new commission of the user's own node for a planned or open period."""
        scope = current_scope()
        periods = db.session.execute(select(AttestationPeriod).where(AttestationPeriod.state.in_(("planned", "open")))
                                     .order_by(AttestationPeriod.applications_open_on.desc())).scalars().all()
        tenant = db.session.get(Tenant, scope.tenant_id) if scope.tenant_id else None
        if request.method == "POST":
            name = text_field("name", max_length=300, required=True, label=_("Name"))
            period_id = int_field("period_id", required=True, label=_("Attestation period"))
            language = request.form.get("language", "kk")
            period = db.session.get(AttestationPeriod, period_id)
            if period is None or tenant is None:
                flash(_("Choose an attestation period.") if tenant else _("Your account has no organization or department."),
                      "danger")
            else:
                holder = {}

                def create():
                    holder["c"] = commission_ops.create_commission(scope, tenant, period, name, language,
                                                                   created_by_id=g.user.id)

                if commit_or_flash(create, _("The commission is formed: now add its chair, secretary and members.")):
                    return redirect(url_for(".show", pk=holder["c"].id))
        return self.render_template("ustaz/commission_form.html", periods=periods, tenant=tenant,
                                    period_label=period_state_label, level_label=level_label)

    @expose("/show/<pk>", methods=["GET"])
    @has_access
    def show(self, pk):
        commission = self.datamodel.get(pk)
        if commission is None:
            abort(404)
        members = list(commission.members)
        counts = dict(db.session.execute(
            scoped(select(Application.state, func.count(Application.id)), Application)
            .where(Application.commission_id == commission.id).group_by(Application.state)
        ).all())
        scope = current_scope()
        may_manage = can_write(commission, scope) and self.appbuilder.sm.has_access("can_write", "Commission")
        if scope.self_only and commission.id not in scope.commission_ids:
            # a teacher is shown a commission's name, level and node, not its composition
            members, counts = [], {}
        from app.attestation.protocols import keeps_record
        from models.documents import Protocol

        protocols = [] if scope.self_only and commission.id not in scope.commission_ids else db.session.execute(
            select(Protocol).where(Protocol.commission_id == commission.id).order_by(Protocol.id.desc()).limit(20)
        ).scalars().all()
        return self.render_template(
            "ustaz/commission_show.html", commission=commission, members=members, counts=counts,
            protocols=protocols, keeper=keeps_record(ops.actor_for(g.user), commission) is not None,
            problems=commission_ops.composition_problems(commission), may_manage=may_manage, roles=MEMBER_ROLES,
            role_label=member_role_label, state_label=state_label, level_label=level_label,
            frozen=commission.period.is_frozen, title=commission.name,
            composition_hidden=scope.self_only and commission.id not in scope.commission_ids,
        )

    def _writable(self, pk) -> Commission:
        commission = self.datamodel.get(pk)
        if commission is None:
            abort(404)
        if not can_write(commission, current_scope()):
            abort(403)
        return commission

    @expose("/<int:pk>/members", methods=["POST"])
    @has_access
    def member_add(self, pk):
        commission = self._writable(pk)
        new = commission_ops.NewMember(
            iin=text_field("iin", max_length=12, required=True, label=_("IIN")),
            role=request.form.get("role", ""),
            last_name=text_field("last_name", max_length=100), first_name=text_field("first_name", max_length=100),
            middle_name=text_field("middle_name", max_length=100),
            position_note=text_field("position_note", max_length=300),
            reason=text_field("reason", max_length=2000),
        )
        added: dict = {}

        def add() -> None:
            added["member"], added["prefill"] = commission_ops.add_member_noted(commission, new, current_scope())

        if commit_or_flash(add, _("The member is added.")):
            said = prefill_note(added.get("prefill"))
            if said:  # what ГБД ФЛ did to the name (filled, replaced, could not be asked)
                flash(*said)
        return redirect(url_for(".show", pk=pk))

    @expose("/<int:pk>/members/lookup", methods=["POST"])
    @has_access
    def member_lookup(self, pk):
        """The member form's "Find by IIN" button: the name ГБД ФЛ holds (JSON; audited, throttled)."""
        self._writable(pk)
        return person_lookup()

    @expose("/member/<int:pk>/remove", methods=["POST"])
    @has_access
    def member_remove(self, pk):
        member = db.session.get(CommissionMember, pk)
        if member is None:
            abort(404)
        commission = self._writable(member.commission_id)
        reason = text_field("reason", max_length=2000)
        commit_or_flash(lambda: commission_ops.remove_member(member, reason), _("The member has left the commission."))
        return redirect(url_for(".show", pk=commission.id))


class ApplicationView(ScopedModelView):
    datamodel = ScopedSQLAInterface(Application)
    route_base = "/applications"
    class_permission_name = "Application"
    method_permission_name = ACTION_PERMISSIONS
    list_title = _l("Applications for attestation")
    label_columns = LABELS
    list_columns = ["person", "requested_label", "mode_label", "state_label", "commission", "review_due_on",
                    "outcome_label"]
    search_columns = ["state", "review_due_on", "flagged"]
    search_form_extra_fields = {"state": SelectField(_l("State"), choices=lambda: [(s, state_label(s)) for s in states.STATES[:8]])}
    base_order = ("id", "desc")
    list_template = "ustaz/application_list.html"
    # an application changes only through its steps (operations), never FAB's forms
    exclude_route_methods = {"add", "edit", "delete", "action", "action_post"}

    def render_template(self, template, **kwargs):
        kwargs.setdefault("state_filters", [(s, state_label(s)) for s in states.STATES[:8]])
        return super().render_template(template, **kwargs)


    # Applying -----------------------------------------------------------------------------------
    def _applicant(self) -> Person | None:
        """The teacher the form is for: the user themselves, or one of their organization's teachers."""
        scope = current_scope()
        person_id = int_arg("person_id") if request.method == "GET" else int_field("person_id")
        if person_id is None and g.user.person_id is not None:
            person_id = g.user.person_id
        if person_id is None:
            return None
        person = db.session.execute(scoped(select(Person).where(Person.id == person_id), Person, write=True)
                                    ).scalar_one_or_none()
        if person is None and person_id == g.user.person_id:
            person = db.session.get(Person, person_id)
        if person is None:
            abort(404)
        if person.id != g.user.person_id and scope.level != "organization":
            abort(403)
        return person

    @expose("/apply", methods=["GET", "POST"])
    @has_access
    def apply(self):
        scope = current_scope()
        person = self._applicant()
        period = ops.open_period()
        draft_id = int_arg("application_id") if request.method == "GET" else int_field("application_id")
        application = self.datamodel.get(draft_id) if draft_id else None
        if draft_id and application is None:
            abort(404)
        if application is not None:
            person = application.person
        teachers = []
        if scope.level == "organization" and not scope.self_only:
            teachers = db.session.execute(scoped(select(Person), Person, write=True)
                                          .where(Person.tenant_id == scope.tenant_id)
                                          .order_by(kazakh_order(Person.last_name), Person.id).limit(500)).scalars().all()
        if request.method == "POST" and person is not None:
            draft = ops.Draft(
                requested_category=request.form.get("requested_category", ""), mode=request.form.get("mode", ""),
                commission_id=int_field("commission_id"), test_language=request.form.get("test_language", ""),
                essay=text_field("essay", max_length=20_000),
            )
            actor = ops.actor_for(g.user)
            holder = {}

            def save():
                if application is None:
                    holder["a"] = ops.create_application(actor, person, draft)
                    db.session.flush()
                else:
                    ops.update_draft(actor, application, draft)
                    holder["a"] = application

            if commit_or_flash(save, _("The draft is saved: check it and submit it to the commission.")):
                return redirect(url_for(".show", pk=holder["a"].id))
        available = []
        if person is not None and period is not None and person.tenant is not None:
            available = db.session.execute(commissions_for_applying(person.tenant, period.id)).scalars().all()
        parameters = commission_ops.parameters_of(period)
        return self.render_template(
            "ustaz/application_form.html", person=person, period=period, application=application,
            teachers=teachers, commissions=available, categories=[(c, category_name(c)) for c in
                                                                  ("moderator", "expert", "researcher", "master")],
            levels=parameters.get("commission_levels", {}), level_label=level_label,
            words=parameters.get("essay_words", {"min": 250, "max": 300}), title=_("Apply for attestation"),
        )

    # One application --------------------------------------------------------------------------
    @expose("/show/<pk>", methods=["GET"])
    @has_access
    def show(self, pk):
        from tenants.interface import page_loads
        from views.loading import loader_options

        # with the application: the period's rule set (its parameters: who may vote) and, for a draft's
        # eligibility preview, the education level of the teacher's organization
        with page_loads(self.datamodel, loader_options(Application, ["period.rule_set", "person.tenant.education_level"])):
            application = self.datamodel.get(pk)
        if application is None:
            abort(404)
        from app.portfolio.access_log import record_view

        record_view(application.person, g.user, "application")
        actor = ops.actor_for(g.user)
        member = ops.membership(actor, application.commission_id)
        relations = ops.relations(actor, application, member)
        actions = [a for a in states.available_actions(application.state, relations) if a != "decide"]
        voters, conflicted = ([], {})
        if application.commission is not None:
            voters, conflicted = ops.eligible_voters(application)
        my_review = next((r for r in application.reviews if member is not None and r.member_id == member.id), None)
        my_conflicts = conflicted.get(member.id, []) if member is not None else []
        score = application.score or {}
        from app.attestation.documents import DocumentStatus, document_label

        eligibility = eligibility_sentences(application.eligibility)
        if application.state == states.DRAFT:
            # a preview before submitting: what would stop it, and which documents are missing
            from app.attestation.eligibility_messages import reason_message

            eligibility = [reason_message(r) for r in ops.check_eligibility(application, ops.today()).reasons]
            documents = ops.documents_of(application)
        else:
            documents = [DocumentStatus(d["code"], d["present"], d["count"], d.get("optional", False))
                         for d in (application.eligibility or {}).get("documents", [])]
        from models.documents import Certificate, Protocol

        certificates = db.session.execute(
            scoped(select(Certificate), Certificate).where(Certificate.application_id == application.id)
            .order_by(Certificate.id)).scalars().all() if self.appbuilder.sm.has_access("can_read", "Certificate") else []
        protocol = db.session.execute(scoped(select(Protocol), Protocol).where(
            Protocol.id == application.protocol_id)).scalar_one_or_none() if (
            application.protocol_id and self.appbuilder.sm.has_access("can_read", "Protocol")) else None
        return self.render_template(
            "ustaz/application_show.html", application=application, actions=actions, relations=relations,
            certificates=certificates, protocol=protocol,
            state_label=state_label, outcome_label=outcome_label, mode_label=mode_label, category_name=category_name,
            action_label=action_label, vote_label=vote_label, role_label=member_role_label,
            eligibility=eligibility, score=score, documents=documents, document_label=document_label,
            portfolio=frozen_portfolio(application.snapshot),
            decision_reasons=[reason_sentence(r) for r in (application.decision or {}).get("reasons", [])],
            may_vote=(application.state == states.UNDER_REVIEW and member is not None and member.votes
                      and not my_conflicts), my_review=my_review,
            my_conflicts=[conflict_message(c) for c in my_conflicts],
            may_decide=application.state == states.REVIEWED and states.CHAIR in relations,
            conflicted={mid: [conflict_message(c) for c in codes] for mid, codes in conflicted.items()},
            show_votes=bool(relations & {states.CHAIR, states.SECRETARY}) or application.state == states.DECIDED
            or not relations, title=str(application),
        )

    def _application(self, pk) -> Application:
        application = self.datamodel.get(pk)
        if application is None:
            abort(404)
        return application

    @expose("/act/<int:pk>", methods=["POST"])
    @has_access
    def act(self, pk):
        application = self._application(pk)
        action = request.form.get("action", "")
        if action not in ops.STEPS:
            abort(400, description=_("Unknown step."))
        reason = text_field("reason", max_length=4000)
        actor = ops.actor_for(g.user)
        commit_or_flash(lambda: ops.take_step(actor, application, action, reason), _("Done: the application is now “%(state)s”.", state=state_label(
            next((t.target for t in states.TRANSITIONS if t.action == action and t.source == application.state), "")
        )))
        return redirect(url_for(".show", pk=pk))

    @expose("/vote/<int:pk>", methods=["POST"])
    @has_access
    def vote(self, pk):
        application = self._application(pk)
        choice = request.form.get("corresponds")
        if choice not in ("yes", "no"):
            flash(_("Choose “corresponds” or “does not correspond”."), "danger")
            return redirect(url_for(".show", pk=pk)), 302
        comment = text_field("comment", max_length=4000)
        actor = ops.actor_for(g.user)
        commit_or_flash(lambda: ops.vote(actor, application, choice == "yes", comment), _("Your vote is recorded."))
        return redirect(url_for(".show", pk=pk))

    @expose("/decide/<int:pk>", methods=["POST"])
    @has_access
    def decide(self, pk):
        application = self._application(pk)
        choice = request.form.get("corresponds")
        if choice not in ("yes", "no"):
            flash(_("Choose “corresponds” or “does not correspond”."), "danger")
            return redirect(url_for(".show", pk=pk))
        comment = text_field("comment", max_length=4000)
        actor = ops.actor_for(g.user)
        commit_or_flash(lambda: ops.decide_application(actor, application, choice == "yes", comment), _("The decision is made."))
        return redirect(url_for(".show", pk=pk))

    @expose("/overdue", methods=["GET"])
    @has_access
    def overdue(self):
        """Applications past their review deadline in the user's scope (the commission's tenant and
        the levels above see them), oldest first."""
        page = int_arg("page", minimum=0, maximum=10_000, default=0)
        day = ops.today()
        query = scoped(select(Application), Application).where(
            Application.review_due_on < day,
            Application.state.in_((states.SUBMITTED, states.ACCEPTED, states.UNDER_REVIEW, states.REVIEWED)))
        total = db.session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
        rows = db.session.execute(query.order_by(Application.review_due_on, Application.id)
                                  .limit(50).offset(page * 50)).scalars().all()
        return self.render_template("ustaz/application_overdue.html", rows=rows, total=total, page=page, today=day,
                                    state_label=state_label, title=_("Overdue reviews"))


# REST: read-only resources, scoped like every other (the steps go through the pages' operations).
class _ReadOnlyApi(ScopedModelRestApi):
    include_route_methods = {"get", "get_list", "info"}


class AttestationPeriodApi(_ReadOnlyApi):
    resource_name = "attestation-period"
    class_permission_name = "AttestationPeriod"
    datamodel = ScopedSQLAInterface(AttestationPeriod)
    list_columns = show_columns = ["id", "code", "name_kk", "name_ru", "name_en", "state", "applications_open_on",
                                   "applications_close_on", "review_days", "stage_order", "academic_year.code"]


class CommissionApi(_ReadOnlyApi):
    resource_name = "commission"
    class_permission_name = "Commission"
    datamodel = ScopedSQLAInterface(Commission)
    list_columns = show_columns = ["id", "name", "level", "tenant.id", "period.id", "language", "is_active"]


class CommissionMemberApi(_ReadOnlyApi):
    resource_name = "commission-member"
    class_permission_name = "Commission"
    datamodel = ScopedSQLAInterface(CommissionMember)
    list_columns = show_columns = ["id", "commission.id", "person.id", "role", "added_on", "removed_on"]


class ApplicationApi(_ReadOnlyApi):
    """Read, plus the steps: POST /<id>/step {action, reason}, /<id>/vote and /<id>/decide
    {corresponds: bool, comment}; each goes through the same operation as the page."""

    resource_name = "application"
    class_permission_name = "Application"
    datamodel = ScopedSQLAInterface(Application)
    include_route_methods = {"get", "get_list", "info", "step", "vote", "decide"}
    method_permission_name = {**PERMISSION_MAP, "step": "read", "vote": "read", "decide": "read"}

    def _body(self) -> dict:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            abort(400, description=_("Send a JSON object."))
        return body

    def _text(self, body: dict, key: str) -> str | None:
        value = body.get(key)
        if value is not None and (not isinstance(value, str) or len(value) > 4000):
            abort(422, description=_("%(field)s: text of at most %(n)d characters.", field=key, n=4000))
        return value

    def _apply(self, pk: int, operation) -> object:
        application = self.datamodel.get(pk)
        if application is None:
            return self.response_404()
        try:
            operation(application, ops.actor_for(g.user))
            commit_and_run()
        except RuleViolation as exc:
            db.session.rollback()
            return self.response_422(message=" ".join(reasons(exc)))
        return self.response(200, id=application.id, state=application.state, state_label=state_label(application.state),
                             outcome=application.outcome, awarded_category=application.awarded_category)

    @expose("/<int:pk>/step", methods=["POST"])
    @protect()
    def step(self, pk: int):
        body = self._body()
        action, reason = body.get("action"), self._text(body, "reason")
        if not isinstance(action, str) or action not in ops.STEPS:
            return self.response_400(message=_("Unknown step."))
        return self._apply(pk, lambda a, actor: ops.take_step(actor, a, action, reason))

    def _choice(self, body: dict) -> bool:
        value = body.get("corresponds")
        if not isinstance(value, bool):
            abort(422, description=_("corresponds: true or false."))
        return value

    @expose("/<int:pk>/vote", methods=["POST"])
    @protect()
    def vote(self, pk: int):
        body = self._body()
        choice, comment = self._choice(body), self._text(body, "comment")
        return self._apply(pk, lambda a, actor: ops.vote(actor, a, choice, comment))

    @expose("/<int:pk>/decide", methods=["POST"])
    @protect()
    def decide(self, pk: int):
        body = self._body()
        choice, comment = self._choice(body), self._text(body, "comment")
        return self._apply(pk, lambda a, actor: ops.decide_application(actor, a, choice, comment))
    list_columns = ["id", "person.id", "period.id", "commission.id", "requested_category", "mode", "state",
                    "submitted_on", "review_due_on", "outcome", "awarded_category", "flagged"]
    show_columns = [*list_columns, "current_category", "test_language", "essay_words", "decided_on", "decision",
                    "score", "eligibility"]


class ReviewApi(_ReadOnlyApi):
    resource_name = "review"
    class_permission_name = "Review"
    datamodel = ScopedSQLAInterface(Review)
    list_columns = show_columns = ["id", "application.id", "member.id", "corresponds", "comment",
                                   "voted_on"]


def register_attestation_views(appbuilder, add) -> None:
    from flask import current_app

    from app.web.display import shown_value

    current_app.jinja_env.filters["localtime"] = shown_value
    attestation = ("AttestationMenu", _l("Attestation"), "fa-graduation-cap")
    add(ApplicationView, "Applications", _l("Applications"), "fa-file-text", *attestation)
    add(CommissionView, "Commissions", _l("Commissions"), "fa-users", *attestation)
    for api in (AttestationPeriodApi, CommissionApi, CommissionMemberApi, ApplicationApi, ReviewApi):
        appbuilder.add_api(api)

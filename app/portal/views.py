"""The portal's pages. Each reads through tenants/ scoping under the teacher's own scope, stays within
eight SQL statements (authentication included; tests/integration/test_portal.py counts them) and calls
the domain operations for every change."""

from __future__ import annotations

import datetime as dt
from functools import wraps

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, literal, select, union_all
from sqlalchemy.orm import defer, joinedload, selectinload

from app.attestation import operations as ops
from app.attestation import states
from app.attestation.labels import category_name, mode_label, outcome_label, state_label
from app.extensions import db
from app.i18n import _, _l, current_locale
from app.portal import is_portal_user, portal
from app.web.commit import commit_or_flash
from app.web.params import int_arg, int_field, text_field
from models.attestation import Application
from models.notification import Notification
from models.person import Person
from models.portal import PortfolioAccess, TeacherReadiness
from tenants.scope import scoped

#: the steps of an application a teacher follows, in order (withdrawn and returned are shown apart)
TIMELINE = (states.DRAFT, states.SUBMITTED, states.ACCEPTED, states.UNDER_REVIEW, states.REVIEWED, states.DECIDED,
            states.IN_PROTOCOL, states.CERTIFIED)
PAGE_SIZE = 20


def teacher_page(view):
    """Signed-in teachers only; staff go to their own home, anonymous users to the login page."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("UstazAuthDBView.login", next=request.full_path.rstrip("?")))
        if not is_portal_user(current_user):
            flash(_("The portal is for teachers; your work is on the staff pages."), "info")
            return redirect("/")
        return view(*args, **kwargs)

    return wrapped


def _person(full: bool = False, with_readiness: bool = False):
    """The signed-in teacher's person with category and organization (``full``: also the position and
    the organization's education level, which eligibility reads), through scoping, in one statement;
    ``with_readiness``: (person, stored readiness or None), still one statement."""
    from tenants.models import Tenant
    from tenants.scope import current_scope, scope_clause

    options = [joinedload(Person.category)]
    if full:
        options += [joinedload(Person.position), joinedload(Person.tenant).joinedload(Tenant.education_level)]
    query = scoped(select(Person).where(Person.id == current_user.person_id), Person).options(*options)
    if with_readiness:
        # the readiness row is scoped like any read: its scope clause is part of the join
        readable = scope_clause(TeacherReadiness, current_scope())
        on = TeacherReadiness.person_id == Person.id
        query = query.add_columns(TeacherReadiness).outerjoin(TeacherReadiness, on if readable is None else on & readable)
        row = db.session.execute(query).unique().one_or_none()
        if row is None:
            abort(404)
        return row[0], row[1]
    person = db.session.execute(query).unique().scalar_one_or_none()
    if person is None:
        abort(404)
    return person


def _advice(readiness: TeacherReadiness | None) -> list[tuple[str, str]]:
    if readiness is None:
        return []
    by_locale = (readiness.advice or {}).get("advice") or {}
    return [tuple(item) for item in by_locale.get(current_locale()) or by_locale.get("kk") or []]


#: the home page shows an application's state, not its evidence: the JSON snapshot, score, decision
#: and essay (kilobytes each, parsed on every load) stay in the database
WITHOUT_DOCUMENTS = tuple(defer(column) for column in (
    Application.snapshot, Application.score, Application.eligibility, Application.decision, Application.essay,
    Application.state_reason, Application.chair_comment))


def timeline(application: Application) -> list[dict]:
    """The application's steps: done, current (with its deadline) or to come."""
    current = application.state
    position = TIMELINE.index(current) if current in TIMELINE else -1
    if current == states.RETURNED:
        position = TIMELINE.index(states.DRAFT)
    steps = []
    for index, state in enumerate(TIMELINE):
        deadline = None
        if index == position:
            if state == states.DRAFT and application.period is not None:
                deadline = application.period.applications_close_on
            elif state in (states.SUBMITTED, states.ACCEPTED, states.UNDER_REVIEW, states.REVIEWED):
                deadline = application.review_due_on
        steps.append({"label": state_label(state), "done": index < position, "current": index == position,
                      "deadline": deadline})
    return steps


@portal.route("/")
@teacher_page
def home():
    person, readiness = _person(with_readiness=True)
    application = db.session.execute(
        scoped(select(Application), Application).where(Application.person_id == person.id)
        .options(joinedload(Application.commission), joinedload(Application.period), *WITHOUT_DOCUMENTS)
        .order_by(Application.id.desc()).limit(1)
    ).unique().scalar_one_or_none()
    unread = db.session.execute(
        select(Notification, func.count().over().label("total"))
        .where(Notification.user_id == current_user.id, Notification.read_on.is_(None))
        .order_by(Notification.id.desc()).limit(3)
    ).all()
    from app.notifications.messages import render

    return render_template(
        "portal/home.html", person=person, readiness=readiness, advice=_advice(readiness),
        application=application, steps=timeline(application) if application else [],
        unread_total=unread[0].total if unread else 0,
        unread=[{"id": n.id, "subject": render(n)[0], "when": n.created_on} for n, _total in unread],
        category_name=category_name, state_label=state_label, mode_label=mode_label, today=dt.date.today(),
        title=_("My account"),
    )


# My digital profile ------------------------------------------------------------------------------
def _section_models():
    from app.portfolio.sections import SUMMARIES

    return [(index, code, model, title, summary) for index, (code, model, title, summary) in enumerate(SUMMARIES)]


@portal.route("/profile")
@teacher_page
def profile():
    from models.directories import AcademicYear
    from models.portfolio import CompletenessConfirmation

    person = _person()
    counts_query = union_all(*[
        scoped(select(literal(index).label("section"), func.count(model.id).label("n"))
               .where(model.person_id == person.id), model)
        for index, _code, model, _title, _summary in _section_models()
    ])
    counts = {row.section: row.n for row in db.session.execute(counts_query)}
    confirmations = db.session.execute(
        scoped(select(CompletenessConfirmation), CompletenessConfirmation)
        .where(CompletenessConfirmation.person_id == person.id)
        .options(joinedload(CompletenessConfirmation.academic_year))
        .order_by(CompletenessConfirmation.id.desc()).limit(5)
    ).unique().scalars().all()
    years = db.session.execute(select(AcademicYear).order_by(AcademicYear.starts_on.desc()).limit(6)).scalars().all()
    sections = [{"index": index, "code": code, "title": str(title), "count": counts.get(index, 0)}
                for index, code, _model, title, _summary in _section_models()]
    filled = sum(1 for s in sections if s["count"])
    from app.integrations.disputes import PERSON_FIELDS, is_registry
    from app.integrations.labels import registry_label

    registry = registry_label(person.source) if is_registry(person.source) else None
    return render_template(
        "portal/profile.html", person=person, sections=sections, filled=filled,
        percent=round(100 * filled / len(sections)) if sections else 0, confirmations=confirmations, years=years,
        registry=registry, person_fields=[(f, PERSON_FIELD_LABELS[f]) for f in PERSON_FIELDS],
        title=_("My digital profile"),
    )


PERSON_FIELD_LABELS = {
    "last_name": _l("Last name"), "first_name": _l("First name"), "middle_name": _l("Middle name"),
    "iin": _l("IIN"), "birth_date": _l("Birth date"), "sex": _l("Sex"),
}


def _section(index: int):
    models = _section_models()
    if not 0 <= index < len(models):
        abort(404)
    return models[index]


@portal.route("/profile/<int:index>")
@teacher_page
def profile_section(index: int):
    from app.portfolio.profile import EAGER
    from models.portfolio import Contest, ContestParticipant, EvidenceFile

    _index, code, model, title, summary = _section(index)
    person_id = current_user.person_id
    options = [joinedload(model.academic_year), *(joinedload(getattr(model, name)) for name in EAGER.get(model, ()))]
    if model is ContestParticipant:
        options = [joinedload(model.academic_year),
                   joinedload(ContestParticipant.contest).joinedload(Contest.event_level)]
    records = db.session.execute(
        scoped(select(model).where(model.person_id == person_id), model).options(*options).order_by(model.id.desc())
        .limit(200)
    ).unique().scalars().all()
    files: dict[int, list] = {}
    if records:
        for evidence in db.session.execute(
            scoped(select(EvidenceFile).where(EvidenceFile.record_type == model.__tablename__,
                                              EvidenceFile.record_id.in_([r.id for r in records])), EvidenceFile)
        ).scalars():
            files.setdefault(evidence.record_id, []).append(evidence)
    from app.integrations.disputes import OPEN_STATES, disputes_of, is_registry, state_label

    registry_ids = [r.id for r in records if is_registry(r.source)]
    disputes = disputes_of(model.__tablename__, registry_ids) if registry_ids else {}
    rows = [{"record": r, "summary": summary(r), "files": files.get(r.id, []), "source": _source_label(r),
             "registry": is_registry(r.source), "disputes": disputes.get(r.id, []),
             "waiting": any(d.state in OPEN_STATES and d.filed_by_id == current_user.id for d in disputes.get(r.id, []))}
            for r in records]
    return render_template("portal/profile_section.html", index=index, code=code, rows=rows, title=str(title),
                           dispute_state=state_label)


def _source_label(record) -> str:
    from app.portfolio.sections import source_label

    if record.is_manual:
        who = record.entered_by_name
        return _("entered by %(name)s", name=who) if who else _("entered by hand")
    return _("from the registry %(name)s", name=source_label(record.source))


@portal.route("/profile/<int:index>/<int:record_id>/dispute", methods=["POST"])
@teacher_page
def dispute(index: int, record_id: int):

    _index, _code, model, _title, _summary = _section(index)
    record = db.session.execute(
        scoped(select(model).where(model.id == record_id, model.person_id == current_user.person_id), model)
    ).scalar_one_or_none()
    if record is None:
        abort(404)
    note = text_field("note", max_length=4000, label=_("What is wrong"))
    from app.integrations.disputes import dispute_or_note, is_registry

    if not note:
        flash(_("Write what is wrong with this record."), "danger")
    else:
        # a registry's value: a dispute for its data owner, answered in "My disputes"; else a note
        sent = (_("Your dispute is sent to the keeper of the registry's data; the answer will come to "
                  "“My disputes” and your notifications.") if is_registry(record.source)
                else _("Your note is sent to whoever keeps this record."))
        commit_or_flash(lambda: dispute_or_note(record, note, current_user), sent)
    return redirect(url_for(".profile_section", index=index))


@portal.route("/profile/person/dispute", methods=["POST"])
@teacher_page
def dispute_person():
    """The teacher disputes their own name, ИИН, birth date or sex when a registry gave them."""
    from app.integrations.disputes import PERSON_FIELDS, file_dispute
    from app.web.params import read_choice

    person = _person()
    note = text_field("note", max_length=4000, label=_("What is wrong"))
    field = request.form.get("field") or None
    if field is not None:
        field = read_choice(field, PERSON_FIELDS, label=_("Disputed value"))
    if not note:
        flash(_("Write what is wrong with this value."), "danger")
    else:
        commit_or_flash(lambda: file_dispute(person, note, current_user, field),
                        _("Your dispute is sent to the keeper of the registry's data; the answer will come to "
                          "“My disputes” and your notifications."))
    return redirect(url_for(".profile"))


@portal.route("/disputes")
@teacher_page
def disputes():
    """The disputes about the teacher (theirs or filed by their school), with their state and answer."""
    from app.integrations.disputes import OPEN_STATES, about_teacher, state_label
    from app.integrations.labels import registry_label
    from models.integration import RegistryDispute

    page = int_arg("page", minimum=1, maximum=1000, default=1, label=_("Page"))
    items = db.session.execute(
        select(RegistryDispute).where(about_teacher(current_user.person_id))
        .order_by(RegistryDispute.id.desc()).limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE)
    ).scalars().all()
    kinds = {model.__tablename__: str(title) for _index, _code, model, title, _summary in _section_models()}
    kinds[Person.__tablename__] = _("Personal data")
    rows = [{"id": d.id, "state": state_label(d.state), "open": d.state in OPEN_STATES,
             "registry": registry_label(d.source), "what": kinds.get(d.record_type, _("Record")), "text": d.text,
             "answer": d.answer, "when": d.created_on, "answered_on": d.answered_on,
             "mine": d.filed_by_id == current_user.id, "filed_by": d.filed_by_name}
            for d in items[:PAGE_SIZE]]
    return render_template("portal/disputes.html", rows=rows, more=len(items) > PAGE_SIZE, page=page,
                           title=_("My disputes"))


@portal.route("/profile/confirm", methods=["POST"])
@teacher_page
def confirm_profile():

    from app.portfolio.profile import confirm_year

    person = _person()
    year_id = int_field("academic_year", required=True, label=_("Academic year"))
    note = text_field("note", max_length=2000, label=_("Comment"))
    held = {}

    def confirm():
        held["year"] = confirm_year(person, year_id, current_user.id, note)

    commit_or_flash(confirm, lambda: _("Recorded: you have checked your data for %(year)s.", year=str(held["year"])))
    return redirect(url_for(".profile"))


# Observations ------------------------------------------------------------------------------------
@portal.route("/observations")
@teacher_page
def observations():
    from app.observation.rules import school_year
    from models.observation import ObservationSheet

    today = dt.date.today()
    back = int_arg("years_back", minimum=0, maximum=10, default=0, label=_("School year"))
    start, end = school_year(dt.date(today.year - back, today.month, min(today.day, 28)))
    sheets = db.session.execute(
        scoped(select(ObservationSheet), ObservationSheet)
        .where(ObservationSheet.person_id == current_user.person_id, ObservationSheet.status == "submitted",
               ObservationSheet.observed_on.between(start, end))
        .options(joinedload(ObservationSheet.observer), joinedload(ObservationSheet.subject))
        .order_by(ObservationSheet.observed_on, ObservationSheet.starts_at)
    ).unique().scalars().all()
    percents = [float(s.percent) for s in sheets]
    mean = round(sum(percents) / len(percents), 1) if percents else None
    trend = None
    if len(percents) >= 2:
        half = len(percents) // 2
        first, last = sum(percents[:half]) / half, sum(percents[half:]) / (len(percents) - half)
        trend = "up" if last - first >= 2 else "down" if first - last >= 2 else "flat"
    return render_template("portal/observations.html", sheets=sheets, mean=mean, trend=trend, start=start, end=end,
                           back=back, title=_("Lesson observations"))


def _sheet(sheet_id: int):
    from models.observation import ObservationSheet, SheetAnswer, TemplateCriterion

    sheet = db.session.execute(
        scoped(select(ObservationSheet), ObservationSheet)
        .where(ObservationSheet.id == sheet_id, ObservationSheet.person_id == current_user.person_id,
               ObservationSheet.status == "submitted")
        .options(joinedload(ObservationSheet.observer), joinedload(ObservationSheet.subject),
                 selectinload(ObservationSheet.answers).joinedload(SheetAnswer.criterion)
                 .joinedload(TemplateCriterion.levels))
    ).unique().scalar_one_or_none()
    if sheet is None:
        abort(404)
    return sheet


@portal.route("/observations/<int:sheet_id>")
@teacher_page
def sheet(sheet_id: int):
    found = _sheet(sheet_id)
    return render_template("portal/sheet.html", sheet=found, title=_("Observation sheet"))


@portal.route("/observations/<int:sheet_id>/feedback", methods=["POST"])
@teacher_page
def sheet_feedback(sheet_id: int):
    from app.observation.sheets import give_feedback

    found = _sheet(sheet_id)
    text = text_field("feedback", max_length=4000, label=_("Your feedback"))
    commit_or_flash(lambda: give_feedback(found, text or ""), _("Thank you: the observer will see your feedback."))
    return redirect(url_for(".sheet", sheet_id=sheet_id))


# Results, certificates, applications -------------------------------------------------------------
@portal.route("/results")
@teacher_page
def results():
    from models.documents import Certificate

    applications = db.session.execute(
        scoped(select(Application), Application).where(Application.person_id == current_user.person_id)
        .options(joinedload(Application.commission), joinedload(Application.period))
        .order_by(Application.id.desc()).limit(50)
    ).unique().scalars().all()
    certificates = db.session.execute(
        scoped(select(Certificate), Certificate).where(Certificate.person_id == current_user.person_id)
        .order_by(Certificate.id.desc()).limit(50)
    ).unique().scalars().all()
    from app.attestation.labels import certificate_status_label
    from app.web.display import local_today
    from reports.documents import verify_url

    return render_template(
        "portal/results.html", applications=applications, certificates=certificates, today=local_today(),
        state_label=state_label, outcome_label=outcome_label, category_name=category_name, mode_label=mode_label,
        status_label=certificate_status_label, verify_url=verify_url, title=_("My results and certificates"))


@portal.route("/applications/<int:application_id>")
@teacher_page
def application(application_id: int):
    from app.attestation.messages import eligibility_sentences, reason_sentence

    found = _application(application_id)
    actor = ops.actor_for(current_user)
    actions = [a for a in states.available_actions(found.state, ops.relations(actor, found)) if a in ("submit", "withdraw", "redraft")]
    indicators = []
    from app.portfolio.sections import indicator_title

    for code, result in ((found.score or {}).get("indicators") or {}).items():
        if result.get("applicable"):
            indicators.append({"title": indicator_title(code), "code": code, "met": result.get("met"),
                               "points": result.get("points"), "reasons": result.get("reasons") or []})
    return render_template(
        "portal/application.html", application=found, steps=timeline(found), actions=actions,
        indicators=indicators, eligibility=eligibility_sentences(found.eligibility),
        decision_reasons=[reason_sentence(r) for r in (found.decision or {}).get("reasons", [])],
        state_label=state_label, outcome_label=outcome_label, category_name=category_name, mode_label=mode_label,
        title=_("My application"))


def _application(application_id: int) -> Application:
    found = db.session.execute(
        scoped(select(Application), Application)
        .where(Application.id == application_id, Application.person_id == current_user.person_id)
        .options(joinedload(Application.commission), joinedload(Application.period))
    ).unique().scalar_one_or_none()
    if found is None:
        abort(404)
    return found


@portal.route("/applications/<int:application_id>/step", methods=["POST"])
@teacher_page
def application_step(application_id: int):
    found = _application(application_id)
    action = request.form.get("action", "")
    if action not in ("submit", "withdraw", "redraft"):
        abort(400, description=_("Unknown step."))
    reason = text_field("reason", max_length=4000, label=_("Reason"))
    actor = ops.actor_for(current_user)
    commit_or_flash(lambda: ops.take_step(actor, found, action, reason),
                    lambda: _("Done: the application is now “%(state)s”.", state=state_label(found.state)))
    return redirect(url_for(".application", application_id=application_id))


# Apply: a wizard over the workflow ---------------------------------------------------------------
@portal.route("/apply", methods=["GET", "POST"])
@teacher_page
def apply():
    from app.attestation import commissions as commission_ops
    from app.attestation.eligibility_messages import reason_message
    from tenants.scope import commissions_for_applying

    person = _person(full=True)
    period = ops.open_period()
    if period is None:
        return render_template("portal/apply.html", period=None, title=_("Apply for attestation"))
    draft = db.session.execute(
        scoped(select(Application), Application)
        .where(Application.person_id == person.id, Application.period_id == period.id,
               Application.state.in_((states.DRAFT, states.RETURNED)))
        .options(joinedload(Application.commission))
        .order_by(Application.id.desc()).limit(1)
    ).unique().scalar_one_or_none()
    if draft is not None and draft.state == states.RETURNED:
        return redirect(url_for(".application", application_id=draft.id))
    step = request.values.get("step", "choose" if draft is None else "essay")
    if step not in ("choose", "essay", "review"):
        step = "choose"
    parameters = commission_ops.parameters_of(period)
    if request.method == "POST":
        return _save_draft(person, draft, step)
    options = ops.apply_options(person, period, ops.today()) if step == "choose" else []
    commissions = db.session.execute(commissions_for_applying(person.tenant, period.id)).scalars().all() \
        if step == "choose" else []
    review = {}
    if step == "review" and draft is not None:
        from app.attestation.documents import document_label

        review = {"eligibility": [reason_message(r) for r in ops.check_eligibility(draft, ops.today()).reasons],
                  "documents": [(document_label(d.code), d.present, d.optional) for d in ops.documents_of(draft)]}
    return render_template(
        "portal/apply.html", period=period, draft=draft, step=step, options=options, commissions=commissions,
        levels=parameters.get("commission_levels", {}), words=parameters.get("essay_words", {"min": 250, "max": 300}),
        review=review, reason_message=reason_message, category_name=category_name, mode_label=mode_label,
        title=_("Apply for attestation"))


def _save_draft(person: Person, draft: Application | None, step: str):
    """Step "choose" creates or changes the draft's category, mode, commission and language; step
    "essay" its essay. Unreadable fields are a 422; a refused choice is said and the step shown again."""
    actor = ops.actor_for(current_user)
    if step == "choose":
        category, _sep, mode = request.form.get("option", "").partition(":")
        values = ops.Draft(requested_category=category, mode=mode, commission_id=int_field("commission_id"),
                           test_language=request.form.get("test_language", ""),
                           essay=draft.essay if draft is not None else None)

        def save():
            if draft is None:
                ops.create_application(actor, person, values)
            else:
                ops.update_draft(actor, draft, values)
        following = "essay"
    elif step == "essay" and draft is not None:
        values = ops.Draft(requested_category=draft.requested_category, mode=draft.mode,
                           commission_id=draft.commission_id, test_language=draft.test_language,
                           essay=text_field("essay", max_length=20_000, label=_("Essay")))

        def save():
            ops.update_draft(actor, draft, values)
        following = "review"
    else:
        abort(400, description=_("Start with the category and the commission."))
    if not commit_or_flash(save, _("Saved.")):
        return redirect(url_for(".apply", step=step))
    return redirect(url_for(".apply", step=following))


# Who viewed my portfolio, notifications ----------------------------------------------------------
@portal.route("/viewers")
@teacher_page
def viewers():
    from app.portfolio.access_log import role_label, what_label

    page = int_arg("page", minimum=1, maximum=1000, default=1, label=_("Page"))
    rows = db.session.execute(
        scoped(select(PortfolioAccess), PortfolioAccess).where(PortfolioAccess.person_id == current_user.person_id)
        .order_by(PortfolioAccess.last_viewed_at.desc(), PortfolioAccess.id.desc())
        .limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE)
    ).unique().scalars().all()
    return render_template("portal/viewers.html", rows=rows[:PAGE_SIZE], more=len(rows) > PAGE_SIZE, page=page,
                           role_label=role_label, what_label=what_label, title=_("Who viewed my portfolio"))


@portal.route("/notifications")
@teacher_page
def notifications():
    from app.notifications.messages import render

    page = int_arg("page", minimum=1, maximum=1000, default=1, label=_("Page"))
    items = db.session.execute(
        select(Notification).where(Notification.user_id == current_user.id)
        .order_by(Notification.id.desc()).limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE)
    ).scalars().all()
    rows = [{"id": n.id, "subject": subject, "body": body, "when": n.created_on, "unread": n.read_on is None}
            for n in items[:PAGE_SIZE] for subject, body in [render(n)]]
    return render_template("portal/notifications.html", rows=rows, more=len(items) > PAGE_SIZE, page=page,
                           title=_("Notifications"))


# Appeals (app/appeals): the teacher's own, and the form to file one ---------------------------------
@portal.route("/appeals", methods=["GET", "POST"])
@teacher_page
def appeals():
    from app.appeals import operations as appeal_ops
    from app.appeals.labels import SECTION_LABELS, TYPE_LABELS, effect_label, resolution_label
    from app.appeals.labels import state_label as appeal_state
    from models.appeal import Appeal

    person = _person()
    if request.method == "POST":
        kind = request.form.get("appeal_type", "")
        if kind not in TYPE_LABELS:
            abort(400, description=_("Choose the type of the appeal."))
        text = text_field("text", max_length=appeal_ops.TEXT_LIMIT, required=True, label=_("Request"))
        application_id = int_field("application_id", minimum=1, maximum=2**31 - 1, label=_("Application"))
        sections = [s for s in request.form.getlist("sections")[:20] if s in appeal_ops.REOPENABLE]
        new = appeal_ops.NewAppeal(kind, text, application_id, {"sections": sections})
        written: list = []
        if not commit_or_flash(lambda: appeal_ops.file_appeal(
                ops.actor_for(current_user), person, new, appeal_ops.checked_uploads(request.files.getlist("files")),
                written), _("The appeal is filed: you will be notified at each step.")):
            from app.portfolio.files import discard

            discard(written)
        return redirect(url_for(".appeals"))
    items = db.session.execute(scoped(select(Appeal), Appeal).where(Appeal.person_id == person.id)
                               .order_by(Appeal.id.desc()).limit(PAGE_SIZE)).scalars().all()
    files = appeal_ops.files_of([a.id for a in items])
    rows = [{"id": a.id, "type": TYPE_LABELS.get(a.appeal_type, ""), "state": appeal_state(a.state),
             "open": a.state in ("filed", "in_review"), "filed_on": a.filed_on, "due_on": a.due_on, "text": a.text,
             "resolution": resolution_label(a.resolution), "answer": a.answer, "effect": effect_label(a.effect),
             "overdue": appeal_ops.overdue(a), "files": files.get(a.id, [])} for a in items]
    applications = db.session.execute(scoped(select(Application.id, Application.state), Application)
                                      .where(Application.person_id == person.id).order_by(Application.id.desc())
                                      .limit(10)).all()
    return render_template("portal/appeals.html", rows=rows, types=[(c, str(v)) for c, v in TYPE_LABELS.items()],
                           applications=applications, state_label=state_label,
                           sections=[(c, str(v)) for c, v in SECTION_LABELS.items()], title=_("My appeals"))

"""Operations on observation sheets and templates. Views call these; the flush listener at the
bottom keeps submitted sheets and published templates immutable whoever tries."""

from __future__ import annotations

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from app.errors import RuleViolation
from app.i18n import _
from app.observation.rules import percent_of, school_year
from models.base import utcnow
from models.directories import AcademicYear
from models.observation import (
    ObservationSheet,
    ObservationTemplate,
    RubricLevel,
    SheetAnswer,
    TemplateCriterion,
    TemplateSection,
)
from models.person import Person

#: columns the teacher and the workflow may still write on a submitted sheet
AFTER_SUBMIT = {"feedback", "feedback_on", "feedback_read_on", "status", "changed_on"}


def current_template(session, education_level_id: int) -> ObservationTemplate | None:
    """The newest published template of an education level."""
    return session.execute(
        select(ObservationTemplate)
        .where(ObservationTemplate.education_level_id == education_level_id, ObservationTemplate.status == "published")
        .order_by(ObservationTemplate.version.desc())
    ).scalars().first()


def observer_kind(observer, person: Person) -> str:
    """Internal when the observer works in the teacher's organization, else external."""
    return "internal" if getattr(observer, "tenant_id", None) == person.tenant_id else "external"


def prepare_sheet(session, sheet: ObservationSheet, observer) -> None:
    """Fill what a new sheet derives: owner, observer, kind, template, academic year."""
    person = sheet.person or session.get(Person, sheet.person_id)
    if person is None:
        raise RuleViolation(_("Choose the teacher."))
    if getattr(observer, "person_id", None) == person.id:
        raise RuleViolation(_("Nobody observes their own lesson."))
    if sheet.ends_at and sheet.starts_at and sheet.ends_at <= sheet.starts_at:
        raise RuleViolation(_("The lesson must end after it starts."))
    org = person.tenant
    template = current_template(session, org.education_level_id) if org and org.education_level_id else None
    if template is None:
        raise RuleViolation(_("No published observation sheet exists for this teacher's education level."))
    if sheet.event_type not in (template.event_types or "").split(","):
        sheet.event_type = template.event_types.split(",")[0]
    sheet.tenant_id = person.tenant_id
    sheet.observer_id = observer.id
    sheet.observer_kind = observer_kind(observer, person)
    sheet.template = template
    sheet.max_points = template.max_points
    start, _end = school_year(sheet.observed_on)
    year = session.execute(select(AcademicYear).where(AcademicYear.starts_on == start)).scalar_one_or_none()
    sheet.academic_year_id = year.id if year else None


def revalidate(session, sheet: ObservationSheet) -> None:
    """The checks of a new sheet, again after a draft's header was edited."""
    if sheet.ends_at and sheet.starts_at and sheet.ends_at <= sheet.starts_at:
        raise RuleViolation(_("The lesson must end after it starts."))
    if sheet.event_type not in (sheet.template.event_types or "").split(","):
        raise RuleViolation(_("This sheet does not apply to this event type."))
    start, _end = school_year(sheet.observed_on)
    year = session.execute(select(AcademicYear).where(AcademicYear.starts_on == start)).scalar_one_or_none()
    sheet.academic_year_id = year.id if year else None


#: the level of a draft's answer that holds only a comment: no rubric level is chosen yet (rubric
#: levels are numbered from 1, which publishing checks)
NO_LEVEL = 0


def is_answered(answer: SheetAnswer) -> bool:
    """A level of the rubric is chosen (a draft may hold a comment without one)."""
    return answer.level != NO_LEVEL


def record_answers(session, sheet: ObservationSheet, chosen: dict[int, tuple[int | None, str | None]]) -> list[str]:
    """Write the observer's levels and comments (criterion id -> (level or None, comment)) on a draft.

    A draft keeps whatever was given: a level, a comment without a level (kept with ``NO_LEVEL``),
    or both; a criterion with neither has no answer. Only ``submit`` needs every criterion.
    Totals are computed, never typed."""
    if sheet.status != "draft":
        return [_("A submitted sheet can no longer be changed.")]
    criteria = {c.id: c for c in sheet.template.criteria}
    errors = []
    existing = {a.criterion_id: a for a in sheet.answers}
    for criterion_id, (level, comment) in chosen.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            continue
        rubric = {lvl.level: lvl for lvl in criterion.levels}
        comment = (comment or "").strip() or None
        if level is not None and level not in rubric:
            errors.append(_("Choose a level of the criterion's rubric."))
            continue
        answer = existing.get(criterion_id)
        if level is None and comment is None:
            if answer is not None:
                sheet.answers.remove(answer)
            continue
        answer = answer or SheetAnswer(criterion_id=criterion_id)
        answer.level = NO_LEVEL if level is None else level
        answer.points = 0 if level is None else rubric[level].points
        answer.comment = comment
        if answer not in sheet.answers:
            sheet.answers.append(answer)
    sheet.total_points = sum(a.points for a in sheet.answers)
    sheet.max_points = sheet.template.max_points
    sheet.percent = percent_of(sheet.total_points, sheet.max_points)
    return sorted(set(errors))


def submit(sheet: ObservationSheet) -> None:
    answered = {a.criterion_id for a in sheet.answers if is_answered(a)}
    missing = [c for c in sheet.template.criteria if c.id not in answered]
    if missing:
        raise RuleViolation(_("Answer every criterion before submitting: %(count)d left.", count=len(missing)))
    if sheet.supersedes is not None and sheet.supersedes.status != "submitted":
        raise RuleViolation(_("The sheet this corrects has already been superseded."))
    sheet.status, sheet.submitted_on = "submitted", utcnow()
    if sheet.supersedes is not None:
        sheet.supersedes.status = "superseded"


def correction(sheet: ObservationSheet, reason: str) -> ObservationSheet:
    """A new draft that will supersede a submitted sheet once submitted."""
    if sheet.status != "submitted":
        raise RuleViolation(_("Only a submitted sheet can be corrected; edit the draft instead."))
    from sqlalchemy.orm import object_session

    pending = object_session(sheet).execute(
        select(ObservationSheet.id).where(ObservationSheet.supersedes_id == sheet.id, ObservationSheet.status == "draft")
    ).first()
    if pending:
        raise RuleViolation(_("A correction of this sheet is already in progress."))
    if not (reason or "").strip():
        raise RuleViolation(_("Give the reason for the correction."))
    copy = ObservationSheet(
        person_id=sheet.person_id, tenant_id=sheet.tenant_id, observer_id=sheet.observer_id,
        observer_kind=sheet.observer_kind, template_id=sheet.template_id, academic_year_id=sheet.academic_year_id,
        observed_on=sheet.observed_on, starts_at=sheet.starts_at, ends_at=sheet.ends_at, event_type=sheet.event_type,
        class_group=sheet.class_group, subject_id=sheet.subject_id, supersedes=sheet, correction_reason=reason.strip(),
        max_points=sheet.max_points, recommendations=sheet.recommendations,
    )
    copy.answers = [SheetAnswer(criterion_id=a.criterion_id, level=a.level, points=a.points, comment=a.comment)
                    for a in sheet.answers]
    copy.total_points, copy.percent = sheet.total_points, sheet.percent
    return copy


def give_feedback(sheet: ObservationSheet, text: str) -> None:
    if sheet.status != "submitted":
        raise RuleViolation(_("Feedback is given on submitted sheets."))
    if sheet.feedback:
        raise RuleViolation(_("You have already left your feedback on this sheet."))
    if not (text or "").strip():
        raise RuleViolation(_("Write your feedback."))
    sheet.feedback, sheet.feedback_on = text.strip()[:4000], utcnow()


def mark_feedback_read(sheet: ObservationSheet) -> None:
    """The observer has read the teacher's answer (an explicit act: showing a sheet writes nothing)."""
    if not sheet.feedback:
        raise RuleViolation(_("The teacher has not answered this sheet yet."))
    if sheet.feedback_read_on is None:
        sheet.feedback_read_on = utcnow()


def publish(template: ObservationTemplate) -> None:
    if template.is_published:
        raise RuleViolation(_("This version is already published."))
    if not template.criteria or any(len(c.levels) != 4 for c in template.criteria):
        raise RuleViolation(_("Every criterion needs its four rubric levels before publishing."))
    if any(lvl.level <= NO_LEVEL for c in template.criteria for lvl in c.levels):
        raise RuleViolation(_("Rubric levels are numbered from 1."))
    template.status, template.published_on = "published", utcnow()


def new_version(session, template: ObservationTemplate) -> ObservationTemplate:
    """A draft copy of a template with the next version number; the published one stays as it is."""
    latest = session.execute(
        select(ObservationTemplate.version).where(ObservationTemplate.code == template.code)
        .order_by(ObservationTemplate.version.desc())
    ).scalars().first()
    copy = ObservationTemplate(
        code=template.code, version=(latest or 0) + 1, education_level_id=template.education_level_id,
        event_types=template.event_types, status="draft", previous=template,
        name_kk=template.name_kk, name_ru=template.name_ru, name_en=template.name_en,
    )
    sections = {}
    for section in template.sections:
        sections[section.id] = TemplateSection(order=section.order, name_kk=section.name_kk, name_ru=section.name_ru,
                                               name_en=section.name_en)
        copy.sections.append(sections[section.id])
    for criterion in template.criteria:
        new = TemplateCriterion(order=criterion.order, section=sections.get(criterion.section_id),
                                name_kk=criterion.name_kk, name_ru=criterion.name_ru, name_en=criterion.name_en)
        new.levels = [RubricLevel(level=lvl.level, points=lvl.points, name_kk=lvl.name_kk, name_ru=lvl.name_ru,
                                  name_en=lvl.name_en) for lvl in criterion.levels]
        copy.criteria.append(new)
    session.add(copy)
    return copy


def value_before(obj, attr: str):
    """An attribute's value before the pending change (its current value when unchanged)."""
    history = inspect(obj).attrs[attr].history
    return history.deleted[0] if history.deleted else getattr(obj, attr)


def _templates_of(session, obj) -> list[ObservationTemplate]:
    """Every template a write to ``obj`` touches: its template now and the one it had before."""
    if isinstance(obj, ObservationTemplate):
        return [obj]
    if isinstance(obj, (TemplateSection, TemplateCriterion)):
        ids = _touched_ids(obj, "template_id", "template")
        return [t for t in (session.get(ObservationTemplate, i) for i in ids) if t is not None]
    if isinstance(obj, RubricLevel):
        criteria = [c for c in (session.get(TemplateCriterion, i) for i in _touched_ids(obj, "criterion_id", "criterion"))
                    if c is not None]
        return [c.template for c in criteria if c.template is not None]
    return []


def _touched_ids(obj, column: str, relation: str) -> set[int]:
    state = inspect(obj)
    ids = set()
    history = state.attrs[column].history
    ids.update(v for v in (*history.added, *history.unchanged, *history.deleted) if v is not None)
    history = state.attrs[relation].history
    ids.update(v.id for v in (*history.added, *history.unchanged, *history.deleted) if v is not None and v.id)
    return ids


@event.listens_for(Session, "before_flush")
def _immutable_once_final(session: Session, flush_context, instances) -> None:
    for obj in list(session.dirty) + list(session.deleted) + list(session.new):
        if isinstance(obj, ObservationSheet) and obj in session.dirty and value_before(obj, "status") != "draft":
            state = inspect(obj)
            changed = {a.key for a in state.mapper.column_attrs if state.attrs[a.key].history.has_changes()}
            if changed - AFTER_SUBMIT:
                raise RuleViolation(_("A submitted sheet can no longer be changed."))
        if isinstance(obj, ObservationSheet) and obj in session.deleted and value_before(obj, "status") != "draft":
            raise RuleViolation(_("A submitted sheet can no longer be changed."))
        if isinstance(obj, SheetAnswer):
            sheet = obj.sheet
            if sheet is not None and sheet not in session.new and value_before(sheet, "status") != "draft" and (
                obj in session.new or obj in session.deleted or session.is_modified(obj)
            ):
                raise RuleViolation(_("A submitted sheet can no longer be changed."))
        if isinstance(obj, ObservationTemplate):
            if obj not in session.new and value_before(obj, "status") == "published":
                state = inspect(obj)
                changed = {a.key for a in state.mapper.column_attrs if state.attrs[a.key].history.has_changes()}
                if obj in session.deleted or changed:
                    raise RuleViolation(_("A published template is immutable: create a new version to change it."))
            continue
        if not isinstance(obj, (TemplateSection, TemplateCriterion, RubricLevel)):
            continue
        if obj not in session.new and obj not in session.deleted and not session.is_modified(obj):
            continue
        with session.no_autoflush:
            touched = _templates_of(session, obj)
        if any(t not in session.new and value_before(t, "status") == "published" for t in touched):
            raise RuleViolation(_("A published template is immutable: create a new version to change it."))

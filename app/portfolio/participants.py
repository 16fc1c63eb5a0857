"""The contest participants dialog (seed 002): level, participant ИИН and name, status, file,
the teacher credited (found by ИИН or name), date — many participants of one event at once,
all saved or none."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from app.errors import RuleViolation
from app.extensions import db
from app.i18n import _, _l
from app.people import search_key
from models.person import Person
from models.portfolio import Contest, ContestParticipant
from tenants.scope import scoped

#: rows of one dialog: the page offers 5 and adds 5 at a time up to this
MAX_ROWS = 50


@dataclass
class ParticipantRow:
    index: int
    participant_iin: str = ""
    participant_name: str = ""
    status: str = "participant"
    teacher: str = ""
    upload: object | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def is_blank(self) -> bool:
        return not (self.participant_iin or self.participant_name or self.teacher or self.errors)

    @classmethod
    def from_form(cls, form, files) -> list[ParticipantRow]:
        """The dialog's rows as typed; a field that cannot be stored is a row error, never a crash."""
        from app.portfolio.rules import STATUSES
        from app.web.params import BadInput, read_choice, read_text

        fields = (  # form field prefix (= attribute), longest value, label
            ("participant_iin", 12, _l("Participant IIN")),
            ("participant_name", 300, _l("Participant")),
            ("teacher", 400, _l("Teacher (IIN or name)")),
        )
        rows = []
        for index in range(MAX_ROWS):
            if f"participant_name_{index}" not in form and f"teacher_{index}" not in form:
                continue
            row = cls(index=index)
            for name, limit, label in fields:
                try:
                    setattr(row, name, read_text(form.get(f"{name}_{index}"), max_length=limit, label=label))
                except BadInput as exc:
                    row.errors.append(exc.description)
            try:
                row.status = read_choice(form.get(f"status_{index}") or "participant", STATUSES, label=_l("Status"))
            except BadInput as exc:
                row.errors.append(exc.description)
            upload = files.get(f"file_{index}")
            row.upload = upload if upload and upload.filename else None
            rows.append(row)
        return rows


def find_teacher(text: str) -> Person | None:
    """By ИИН, or by a full name that matches exactly one teacher in scope."""
    text = text.strip()
    if not text:
        return None
    if " — #" in text:  # the dialog's suggestion: "Full Name · masked ИИН — #id" (scoped below)
        number = text.rsplit(" — #", 1)[1].strip()
        if not number.isdigit() or len(number) > 18:
            return None
        return db.session.execute(scoped(select(Person).where(Person.id == int(number)), Person)).scalar_one_or_none()
    if " — " in text:  # "Full Name — ИИН"
        text = text.rsplit(" — ", 1)[1].strip()
    if text.isdigit():
        return db.session.execute(scoped(select(Person).where(Person.iin == text), Person)).scalar_one_or_none()
    found = db.session.execute(
        scoped(select(Person).where(Person.search_name == search_key(*text.split())).limit(2), Person)
    ).scalars().all()
    return found[0] if len(found) == 1 else None


def add_participants(contest: Contest, rows: list[ParticipantRow], user) -> list[str]:
    """Create every non-blank row, or nothing; return the errors (empty on success)."""
    from app.portfolio.files import attach, check_upload, discard

    errors: list[str] = []
    prepared = []
    uploads = {}
    for row in rows:
        if row.is_blank:
            continue
        line = row.index + 1
        if row.errors:
            errors.extend(_("Row %(line)d: %(problem)s", line=line, problem=problem) for problem in row.errors)
            continue
        teacher = find_teacher(row.teacher)
        if contest.kind == "teachers" and teacher is None and row.participant_iin:
            teacher = find_teacher(row.participant_iin)
        if teacher is None:
            errors.append(_("Row %(line)d: no teacher found in your organization by this IIN or name.", line=line))
            continue
        if contest.kind == "teachers" and not row.participant_name:
            row.participant_name = teacher.full_name
            row.participant_iin = row.participant_iin or teacher.iin
        participant = ContestParticipant(
            contest_id=contest.id,
            person_id=teacher.id,
            tenant_id=contest.tenant_id,
            academic_year_id=contest.academic_year_id,
            participant_iin=row.participant_iin or None,
            participant_name=row.participant_name,
            status=row.status,
        )
        if teacher.tenant_id != contest.tenant_id:
            errors.append(_("Row %(line)d: this teacher does not work in your organization.", line=line))
            continue
        from app.portfolio.rules import record_problem

        problem = record_problem(participant)
        if problem:
            errors.append(_("Row %(line)d: %(problem)s", line=line, problem=problem))
            continue
        if row.upload is not None:
            try:
                uploads[id(participant)] = check_upload(row.upload.filename, row.upload.stream)
            except RuleViolation as exc:
                errors.append(_("Row %(line)d: %(problem)s", line=line, problem=str(exc)))
                continue
        prepared.append(participant)
    if not prepared and not errors:
        errors.append(_("Fill in at least one participant."))
    if errors:
        db.session.rollback()
        return errors
    written = []
    try:
        for participant in prepared:
            db.session.add(participant)
        db.session.flush()
        for participant in prepared:
            if id(participant) in uploads:
                attach(db.session, participant, uploads[id(participant)], getattr(user, "id", None), written)
        db.session.commit()
    except RuleViolation as exc:
        db.session.rollback()
        discard(written)
        return [str(exc)]
    except Exception:
        db.session.rollback()
        discard(written)
        raise
    return []

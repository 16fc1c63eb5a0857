"""The documents an application needs (DOMAIN.md §8, seed 003) and which of them the teacher's
digital profile holds. The list is rule-set data (``required_documents``); the check is pure and
the counts come from one query per record type (``document_facts``)."""

from __future__ import annotations

from dataclasses import dataclass

from app.i18n import _
from app.scoring.defaults import DEFAULT_PARAMETERS
from app.scoring.validation import DOCUMENT_CODES

#: every document the platform knows; a rule set lists the ones it requires
DOCUMENTS = DOCUMENT_CODES
#: documents that only apply to a teacher who already holds a category
FOR_CATEGORY_HOLDERS = ("previous_ozp", "previous_category")
#: documents asked for "if any": never missing
OPTIONAL = ("retraining",)


@dataclass(frozen=True)
class DocumentStatus:
    code: str
    present: bool
    count: int
    optional: bool = False

    def as_dict(self) -> dict:
        return {"code": self.code, "present": self.present, "count": self.count, "optional": self.optional}


def required_documents(parameters: dict) -> list[str]:
    return list(parameters.get("required_documents", DEFAULT_PARAMETERS["required_documents"]))


def documents_status(facts: dict[str, int], current_category: str, parameters: dict) -> list[DocumentStatus]:
    """Each required document with whether the profile (or the application) holds it."""
    shown = []
    for code in required_documents(parameters):
        if code in FOR_CATEGORY_HOLDERS and current_category == "teacher":
            continue
        count = int(facts.get(code, 0))
        optional = code in OPTIONAL
        shown.append(DocumentStatus(code, count > 0, count, optional))
    return shown


def missing(statuses: list[DocumentStatus]) -> list[str]:
    return [s.code for s in statuses if not s.present and not s.optional]


def document_label(code: str) -> str:
    names = {
        "application": _("Application"), "identity": _("Identity document (IIN)"),
        "diploma": _("Diploma of education"), "employment": _("Proof of employment"),
        "courses": _("Qualification course certificates"), "retraining": _("Retraining certificate (if any)"),
        "previous_ozp": _("Previous knowledge test (ОЗП) certificate"),
        "previous_category": _("Previous category certificate and order"),
        "professional_achievements": _("Proof of professional achievements"),
        "student_achievements": _("Proof of students' achievements"),
        "essay": _("Essay on professional activity"),
    }
    return names.get(code, code)


def document_facts(application) -> dict[str, int]:
    """How many records of each kind the applicant's profile holds (one statement: a UNION of counts)."""
    from sqlalchemy import func, literal, select, union_all

    from app.extensions import db
    from models.career import CategoryRecord, Diploma, Employment, OzpResult
    from models.portfolio import (
        Contest,
        ContestParticipant,
        Course,
        MethodicalMaterial,
        PracticeTransmission,
        Publication,
        Speech,
        WorkingGroup,
    )

    pid = application.person_id

    def count(key: str, model, *where):
        return select(literal(key).label("key"), func.count(model.id).label("n")).where(model.person_id == pid, *where)

    def contests(key: str, kind: str):
        return (select(literal(key).label("key"), func.count(ContestParticipant.id).label("n"))
                .join(Contest, Contest.id == ContestParticipant.contest_id)
                .where(ContestParticipant.person_id == pid, Contest.kind == kind))

    rows = db.session.execute(union_all(
        contests("students", "students"), contests("teachers", "teachers"),
        *(count(model.__tablename__, model) for model in (MethodicalMaterial, Speech, Publication, WorkingGroup,
                                                          PracticeTransmission)),
        count("diploma", Diploma), count("employment", Employment), count("courses", Course),
        count("ozp", OzpResult), count("category", CategoryRecord),
    )).all()
    counts = {row.key: int(row.n) for row in rows}
    professional = counts["teachers"] + sum(counts[m.__tablename__] for m in (
        MethodicalMaterial, Speech, Publication, WorkingGroup, PracticeTransmission))
    person = application.person
    return {
        "application": 1, "identity": 1 if person is not None and person.iin else 0,
        "diploma": counts["diploma"], "employment": counts["employment"], "courses": counts["courses"],
        "retraining": 0, "previous_ozp": counts["ozp"], "previous_category": counts["category"],
        "professional_achievements": professional, "student_achievements": counts["students"],
        "essay": 1 if (application.essay or "").strip() else 0,
    }

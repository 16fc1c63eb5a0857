"""How the profile page lists each record type: a title, an indicator and a one-line summary."""

from __future__ import annotations

from dataclasses import dataclass

from app.i18n import _l
from models.career import CategoryRecord, Diploma, Employment, ExperienceCredit, OzpResult
from models.portfolio import (
    ClassManagement,
    ContestParticipant,
    Course,
    KnowledgeQuality,
    MethodicalMaterial,
    PracticeTransmission,
    Publication,
    Speech,
    WorkingGroup,
)


@dataclass
class Section:
    code: str
    title: str
    view: str
    rows: list


def _date(value) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def _join(*parts) -> str:
    """Join the non-empty parts of a summary with a middle dot."""
    return " · ".join(str(p) for p in parts if p not in (None, "", "%"))


SUMMARIES = [
    ("", Employment, _l("Employment"), lambda r: _join(r.organization, r.position, r.workload, f"{_date(r.starts_on)}–{_date(r.ends_on)}")),
    ("", ExperienceCredit, _l("Experience outside the records"), lambda r: _join(r.days, r.reason)),
    ("", Diploma, _l("Diplomas"), lambda r: _join(r.institution, r.specialty, _date(r.graduated_on))),
    ("", CategoryRecord, _l("Category history"), lambda r: _join(r.category, f"{_date(r.assigned_on)}–{_date(r.valid_until)}", r.order_number or '')),
    ("", OzpResult, _l("Knowledge test (OZP) results"), lambda r: _join(_date(r.taken_on), f"{r.percent}%", r.category_reached or '')),
    ("1.1", KnowledgeQuality, _l("Quality of knowledge"), lambda r: _join(r.academic_year, r.class_group, f"{r.quality_percent or ''}%")),
    ("2.1–2.2", ContestParticipant, _l("Contests and competitions"), lambda r: _join(r.contest, r.contest.event_level if r.contest else '', r.participant_name, r.status_label)),
    ("3.1", MethodicalMaterial, _l("Recommended materials"), lambda r: _join(r.title, r.council_level, r.protocol_number or '')),
    ("3.2", Speech, _l("Speeches"), lambda r: _join(r.title, r.event_level, _date(r.held_on))),
    ("3.3", Publication, _l("Publications"), lambda r: _join(r.title, r.venue or r.other_venue or '', _date(r.published_on))),
    ("3.4", WorkingGroup, _l("Working groups and juries"), lambda r: _join(r.name, r.event_level, _date(r.starts_on))),
    ("3.5", PracticeTransmission, _l("Practice transmission"), lambda r: _join(r.title, r.event_level, r.coverage_count)),
    ("4", Course, _l("Qualification courses"), lambda r: _join(r.title, r.hours, _date(r.completed_on))),
    ("5", ClassManagement, _l("Class management"), lambda r: _join(r.academic_year, r.class_group)),
]


def sections(profile) -> list[Section]:
    result = []
    for code, model, title, summary in SUMMARIES:
        rows = [
            {
                "record": record,
                "summary": summary(record),
                "files": profile.files.get((model.__tablename__, record.id), []),
            }
            for record in profile.of(model)
        ]
        result.append(Section(code, str(title), f"{model.__name__}View", rows))
    return result


#: where a record came from (models.records.Source), in words
SOURCE_LABELS = {
    "nobd": _l("NOBD"),
    "mnvo": _l("MNVO"),
    "uto": _l("Testing centre"),
    "gbdfl": _l("GBD FL"),
    "orleu": _l("Orleu"),
    "manual": _l("manual"),
    "order": _l("attestation order"),
}


def source_label(code: str | None) -> str:
    return str(SOURCE_LABELS.get(code or "", code or ""))


INDICATOR_TITLES = {
    "1.1": _l("Quality of knowledge"),
    "1.2": _l("Quality of teaching (lesson observations)"),
    "2.1": _l("Students' contests"),
    "2.2": _l("Teacher's contests"),
    "3.1": _l("Recommended methodical materials"),
    "3.2": _l("Speeches"),
    "3.3": _l("Publications in recommended editions"),
    "3.4": _l("Working groups and juries"),
    "3.5": _l("Practice transmission"),
    "4": _l("Qualification courses"),
    "5": _l("Class management / curatorship"),
}


def indicator_title(code: str) -> str:
    return str(INDICATOR_TITLES.get(code, code))


__all__ = ["INDICATOR_TITLES", "SOURCE_LABELS", "Section", "indicator_title", "sections", "source_label"]

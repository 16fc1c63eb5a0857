"""Load the default observation templates (one published version per education level)."""

from __future__ import annotations

from sqlalchemy import select

from models.directories import EducationLevel
from models.observation import ObservationTemplate, RubricLevel, TemplateCriterion, TemplateSection


def ensure_templates(session) -> int:
    """Create and publish the seeded template of every level that has none; never touch existing ones."""
    from app.observation.seed_data import LEVEL_POINTS, TEMPLATES
    from models.base import utcnow

    levels = {x.code: x for x in session.execute(select(EducationLevel)).scalars()}
    created = 0
    for level_code, data in TEMPLATES.items():
        code = f"obs-{level_code}"
        if level_code not in levels or session.execute(
            select(ObservationTemplate.id).where(ObservationTemplate.code == code)
        ).first():
            continue
        kk, ru, en = data["name"]
        template = ObservationTemplate(
            code=code, version=1, education_level=levels[level_code], event_types=",".join(data["event_types"]),
            name_kk=kk, name_ru=ru, name_en=en, status="published", published_on=utcnow(),
        )
        order = 0
        for s_index, section_data in enumerate(data["sections"]):
            kk, ru, en = section_data["name"]
            section = TemplateSection(order=s_index + 1, name_kk=kk, name_ru=ru, name_en=en)
            template.sections.append(section)
            for criterion_data in section_data["criteria"]:
                order += 1
                kk, ru, en = criterion_data["text"]
                criterion = TemplateCriterion(order=order, section=section, name_kk=kk, name_ru=ru, name_en=en)
                for level, (lkk, lru, len_) in enumerate(criterion_data["levels"], start=1):
                    criterion.levels.append(
                        RubricLevel(level=level, points=LEVEL_POINTS[level - 1], name_kk=lkk, name_ru=lru, name_en=len_)
                    )
                template.criteria.append(criterion)
        session.add(template)
        created += 1
    session.flush()
    return created

"""Seeded defaults of the reference directories. National admins change them in the admin."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from models.directories import (
    AcademicYear,
    AppealType,
    ApprovedContest,
    CourseProgram,
    EducationLevel,
    EventLevel,
    OrganizationType,
    Position,
    PublicationVenue,
    QualificationCategory,
    Subject,
)

EDUCATION_LEVELS = [
    ("preschool", "Мектепке дейінгі тәрбие және оқыту", "Дошкольное воспитание и обучение", "Preschool education"),
    ("secondary", "Орта білім беру", "Среднее образование", "Secondary education"),
    ("additional", "Қосымша білім беру", "Дополнительное образование", "Additional education"),
    ("tvet", "Техникалық және кәсіптік білім беру", "Техническое и профессиональное образование", "Technical and vocational education"),
    ("special", "Арнаулы білім беру", "Специальное образование", "Special education"),
]
ORGANIZATION_TYPES = [
    ("kindergarten", "preschool", "Балабақша", "Детский сад", "Kindergarten"),
    ("mini_centre", "preschool", "Шағын орталық", "Мини-центр", "Mini-centre"),
    ("school", "secondary", "Жалпы білім беретін мектеп", "Общеобразовательная школа", "Secondary school"),
    ("gymnasium", "secondary", "Гимназия", "Гимназия", "Gymnasium"),
    ("lyceum", "secondary", "Лицей", "Лицей", "Lyceum"),
    ("creativity_centre", "additional", "Балалар шығармашылық орталығы", "Дом детского творчества", "Children's creativity centre"),
    ("music_school", "additional", "Балалар музыка мектебі", "Детская музыкальная школа", "Children's music school"),
    ("sports_school", "additional", "Балалар-жасөспірімдер спорт мектебі", "Детско-юношеская спортивная школа", "Youth sports school"),
    ("college", "tvet", "Колледж", "Колледж", "College"),
    ("special_school", "special", "Арнаулы мектеп", "Специальная школа", "Special school"),
    ("ppk", "special", "Психологиялық-педагогикалық түзету кабинеті", "Кабинет психолого-педагогической коррекции", "Psychological and pedagogical correction office"),
]
#: (code, rank, legacy, successor, kk, ru, en)
CATEGORIES = [
    ("none", 0, False, None, "Педагог", "Педагог", "Teacher (no category)"),
    ("moderator", 1, False, None, "Педагог-модератор", "Педагог-модератор", "Moderator"),
    ("expert", 2, False, None, "Педагог-сарапшы", "Педагог-эксперт", "Expert"),
    ("researcher", 3, False, None, "Педагог-зерттеуші", "Педагог-исследователь", "Researcher"),
    ("master", 4, False, None, "Педагог-шебер", "Педагог-мастер", "Master"),
    ("legacy_second", 1, True, "moderator", "Екінші санат", "Вторая категория", "Second category (legacy)"),
    ("legacy_first", 2, True, "expert", "Бірінші санат", "Первая категория", "First category (legacy)"),
    ("legacy_highest", 3, True, "researcher", "Жоғары санат", "Высшая категория", "Highest category (legacy)"),
]
#: category -> (required event level rank, course hours): DOMAIN.md §3 and §6
CATEGORY_REQUIREMENTS = {"moderator": (1, 72), "expert": (2, 72), "researcher": (3, 80), "master": (4, 106)}
#: (code, head, methodist, kk, ru, en)
POSITIONS = [
    ("teacher", False, False, "Мұғалім", "Учитель", "Teacher"),
    ("educator", False, False, "Тәрбиеші", "Воспитатель", "Preschool educator"),
    ("additional_teacher", False, False, "Қосымша білім беру педагогы", "Педагог дополнительного образования", "Additional education teacher"),
    ("master_training", False, False, "Өндірістік оқыту шебері", "Мастер производственного обучения", "Master of industrial training"),
    ("psychologist", False, False, "Педагог-психолог", "Педагог-психолог", "School psychologist"),
    ("speech_therapist", False, False, "Логопед", "Логопед", "Speech therapist"),
    ("social_pedagogue", False, False, "Әлеуметтік педагог", "Социальный педагог", "Social pedagogue"),
    ("methodist", False, True, "Әдіскер", "Методист", "Methodist"),
    ("deputy_head", True, False, "Басшының орынбасары", "Заместитель руководителя", "Deputy head"),
    ("head", True, False, "Басшы", "Руководитель", "Head"),
]
SUBJECTS = [
    ("kazakh_language", "Қазақ тілі", "Казахский язык", "Kazakh language"),
    ("kazakh_literature", "Қазақ әдебиеті", "Казахская литература", "Kazakh literature"),
    ("russian_language", "Орыс тілі", "Русский язык", "Russian language"),
    ("russian_literature", "Орыс әдебиеті", "Русская литература", "Russian literature"),
    ("english", "Ағылшын тілі", "Английский язык", "English"),
    ("mathematics", "Математика", "Математика", "Mathematics"),
    ("physics", "Физика", "Физика", "Physics"),
    ("chemistry", "Химия", "Химия", "Chemistry"),
    ("biology", "Биология", "Биология", "Biology"),
    ("geography", "География", "География", "Geography"),
    ("history_kz", "Қазақстан тарихы", "История Казахстана", "History of Kazakhstan"),
    ("world_history", "Дүниежүзі тарихы", "Всемирная история", "World history"),
    ("informatics", "Информатика", "Информатика", "Computer science"),
    ("physical_education", "Дене шынықтыру", "Физическая культура", "Physical education"),
    ("music", "Музыка", "Музыка", "Music"),
    ("art_work", "Көркем еңбек", "Художественный труд", "Art and crafts"),
    ("primary", "Бастауыш сынып", "Начальные классы", "Primary school"),
    ("preschool", "Мектепке дейінгі тәрбие", "Дошкольное воспитание", "Preschool education"),
    ("self_knowledge", "Өзін-өзі тану", "Самопознание", "Self-knowledge"),
    ("special_pedagogy", "Арнайы педагогика", "Специальная педагогика", "Special pedagogy"),
]
EVENT_LEVELS = [
    ("organization", 1, "Ұйым", "Организация", "Organization"),
    ("district", 2, "Аудан (қала)", "Район (город)", "District (city)"),
    ("region", 3, "Облыс", "Область", "Region"),
    ("republic", 4, "Республика", "Республика", "Republic"),
    ("international", 5, "Халықаралық", "Международный", "International"),
]
APPEAL_TYPES = [
    ("withdraw_application", "Өтінішті кері қайтару", "Отзыв заявления", "Withdrawal of an application"),
    ("withdraw_decision", "Комиссия шешімін кері қайтару", "Отзыв решения комиссии", "Withdrawal of a commission decision"),
    ("upload_access", "Материалдарды жүктеуге рұқсат", "Доступ к загрузке материалов", "Access to upload materials"),
    ("commission_composition", "Комиссия құрамын өзгерту", "Изменение состава комиссии", "Change of commission composition"),
    ("attestee_list", "Аттестатталушылар тізімін түзету", "Корректировка списка аттестуемых", "Correction of the attestee list"),
    ("ozp_results", "ПББ нәтижелері / материалдар көрсетілмеген", "Не отображаются результаты ОЗП / материалы", "Knowledge test results or materials not shown"),
    ("other", "Басқа", "Другое", "Other"),
]
#: (code, level, students, teachers, kk, ru, en)
CONTESTS = [
    ("rep_olympiad", "republic", True, False, "Жалпы білім беретін пәндер бойынша республикалық олимпиада", "Республиканская олимпиада по общеобразовательным предметам", "Republican olympiad in school subjects"),
    ("science_projects", "republic", True, False, "Ғылыми жобалар республикалық конкурсы", "Республиканский конкурс научных проектов", "Republican science projects contest"),
    ("zhautykov", "international", True, False, "Халықаралық Жәутіков олимпиадасы", "Международная Жаутыковская олимпиада", "International Zhautykov Olympiad"),
    ("best_teacher", "republic", False, True, "«Үздік педагог» республикалық конкурсы", "Республиканский конкурс «Лучший педагог»", "Republican contest 'Best teacher'"),
    ("methodical_works", "region", False, True, "Әдістемелік жұмыстар облыстық конкурсы", "Областной конкурс методических работ", "Regional contest of methodical works"),
]
VENUES = [
    ("bilim", "«Білім – Образование» журналы", "Журнал «Білім – Образование»", "Journal 'Bilim – Obrazovanie'", None),
    ("pedagogy_psychology", "«Педагогика және психология» журналы", "Журнал «Педагогика и психология»", "Journal 'Pedagogy and Psychology'", None),
    ("kazakhstan_school", "«Қазақстан мектебі» журналы", "Журнал «Казахстанская школа»", "Journal 'Kazakhstan School'", None),
]
COURSES = [
    ("orleu_updated_content_80", "Білім беру мазмұнын жаңарту аясындағы курс", "Курс в рамках обновления содержания образования", "Updated curriculum course", "«Өрлеу» БАҰО", 80),
    ("orleu_digital_72", "Педагогтің цифрлық құзыреттілігі", "Цифровая компетентность педагога", "Teacher's digital competence", "«Өрлеу» БАҰО", 72),
    ("orleu_inclusive_72", "Инклюзивті білім беру", "Инклюзивное образование", "Inclusive education", "«Өрлеу» БАҰО", 72),
    ("nis_criteria_36", "Критериалды бағалау", "Критериальное оценивание", "Criteria-based assessment", "НЗМ ПШО", 36),
]


def _upsert(session, model, code: str, **values) -> object:
    item = session.execute(select(model).where(model.code == code)).scalar_one_or_none()
    if item is None:
        item = model(code=code, **values)
        session.add(item)
    return item


def ensure_directories(session) -> None:
    """Insert the defaults that are missing; never overwrite what an admin changed."""
    levels = {}
    for order, (code, kk, ru, en) in enumerate(EDUCATION_LEVELS):
        levels[code] = _upsert(session, EducationLevel, code, name_kk=kk, name_ru=ru, name_en=en, sort_order=order)
    session.flush()
    for order, (code, level, kk, ru, en) in enumerate(ORGANIZATION_TYPES):
        _upsert(session, OrganizationType, code, education_level=levels[level], name_kk=kk, name_ru=ru, name_en=en, sort_order=order)
    categories = {}
    for order, (code, rank, legacy, _successor, kk, ru, en) in enumerate(CATEGORIES):
        level, hours = CATEGORY_REQUIREMENTS.get(code, (None, None))
        categories[code] = _upsert(
            session, QualificationCategory, code, rank=rank, is_legacy=legacy, name_kk=kk, name_ru=ru, name_en=en,
            sort_order=order, required_event_rank=level, min_course_hours=hours,
        )
    session.flush()
    for code, *_rest in CATEGORIES:
        successor = dict((c[0], c[3]) for c in CATEGORIES)[code]
        if successor and categories[code].successor_id is None:
            categories[code].successor = categories[successor]
    for order, (code, head, methodist, kk, ru, en) in enumerate(POSITIONS):
        _upsert(session, Position, code, is_head=head, is_methodist=methodist, name_kk=kk, name_ru=ru, name_en=en, sort_order=order)
    for order, (code, kk, ru, en) in enumerate(SUBJECTS):
        _upsert(session, Subject, code, name_kk=kk, name_ru=ru, name_en=en, sort_order=order)
    event_levels = {}
    for code, rank, kk, ru, en in EVENT_LEVELS:
        event_levels[code] = _upsert(session, EventLevel, code, rank=rank, name_kk=kk, name_ru=ru, name_en=en, sort_order=rank)
    for order, (code, kk, ru, en) in enumerate(APPEAL_TYPES):
        _upsert(session, AppealType, code, name_kk=kk, name_ru=ru, name_en=en, sort_order=order)
    session.flush()
    for order, (code, level, students, teachers, kk, ru, en) in enumerate(CONTESTS):
        _upsert(
            session, ApprovedContest, code, approved_by="ministry", event_level=event_levels[level],
            for_students=students, for_teachers=teachers, name_kk=kk, name_ru=ru, name_en=en, sort_order=order,
        )
    for order, (code, kk, ru, en, url) in enumerate(VENUES):
        _upsert(session, PublicationVenue, code, name_kk=kk, name_ru=ru, name_en=en, url=url, sort_order=order)
    for order, (code, kk, ru, en, provider, hours) in enumerate(COURSES):
        _upsert(session, CourseProgram, code, name_kk=kk, name_ru=ru, name_en=en, provider=provider, hours=hours, sort_order=order)
    years = {}
    for start in (2024, 2025, 2026):
        code = f"{start}-{start + 1}"
        years[start] = _upsert(
            session, AcademicYear, code, name_kk=f"{code} оқу жылы", name_ru=f"{code} учебный год",
            name_en=f"Academic year {code}", starts_on=dt.date(start, 9, 1), ends_on=dt.date(start + 1, 8, 31),
            sort_order=start,
        )
    session.flush()
    session.flush()

"""Hostile CSV/XLSX imports of reference directories (issue 9, point 1): each file is refused with a
422, a reason in the user's language (with its row where it helps), and nothing is written."""

from __future__ import annotations

import html
import io
import zipfile

import pytest
from sqlalchemy import func, select

from app.extensions import db
from models.directories import Subject

URL = "/subjectview/import/"
HEADER = "code;name_kk;name_ru;name_en;sort_order;is_active\n"


def _subjects() -> list[tuple]:
    db.session.expire_all()
    return db.session.execute(select(Subject.code, Subject.name_kk, Subject.sort_order).order_by(Subject.id)).all()


def _xlsx(rows: list[list[object]]) -> bytes:
    from reports.xlsx import workbook_bytes

    return workbook_bytes(rows[0], rows[1:]).getvalue()


def _rezip(data: bytes, replace: dict[str, bytes | None]) -> bytes:
    """A copy of a zip with some members replaced (None: dropped)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            if item.filename in replace:
                if replace[item.filename] is not None:
                    target.writestr(item.filename, replace[item.filename])
            else:
                target.writestr(item, source.read(item.filename))
    return out.getvalue()


def _refused(b, name: str, content: bytes, kk: str, ru: str) -> None:
    before = _subjects()
    for lang, expected, nothing in (("kk", kk, "Ештеңе импортталған жоқ"), ("ru", ru, "Ничего не импортировано")):
        b.get(f"/lang/{lang}")
        response = b.post(URL, {"file": (io.BytesIO(content), name)}, content_type="multipart/form-data")
        page = html.unescape(response.get_data(as_text=True))
        assert response.status_code == 422, (lang, response.status_code, page[:300])
        assert expected in page, (lang, expected)
        assert nothing in page and "Traceback" not in page and "_csv.Error" not in page
    assert _subjects() == before


@pytest.fixture
def national(browser, ctx):
    return browser("national")


VALID_ROW = "astronomy;Астрономия;Астрономия;Astronomy;30;1\n"
BIG = 200_000  # beyond the csv module's field limit (131 072)

CASES = [
    # the csv module's field size limit, in a row and in a single huge line
    ("subjects.csv", (HEADER + "astronomy;" + "a" * BIG + ";x;x;1;1\n").encode(),
     "2-жол: мәннің ұзындығы 131072 таңбадан асады.", "Строка 2: значение длиннее 131072 символов."),
    ("subjects.csv", b"a" * (2 * BIG),
     "1-жол: мәннің ұзындығы 131072 таңбадан асады.", "Строка 1: значение длиннее 131072 символов."),
    # encodings
    ("subjects.csv", (HEADER + VALID_ROW).encode("cp1251"),
     "CSV файлы UTF-8 емес, Windows-1251 кодтауында.", "CSV-файл в кодировке Windows-1251, а не UTF-8."),
    ("subjects.csv", (HEADER + VALID_ROW).encode("utf-16"),
     "CSV файлы UTF-16 кодтауында.", "CSV-файл в кодировке UTF-16."),
    ("subjects.csv", (HEADER + "x;").encode() + b"\x98;y;z;1;1\n",
     "алғашқы оқылмайтын таңба 2-жолда", "первый нечитаемый символ в строке 2"),
    ("subjects.csv", bytes(range(256)) * 10,
     "Файл мәтіндік CSV файлы емес.", "Файл не является текстовым CSV-файлом."),
    ("subjects.csv", b"", "Файл бос.", "Файл пуст."),
    ("subjects.csv", b"\n\n  \n", "Файл бос.", "Файл пуст."),
    ("subjects.csv", HEADER.encode(), "Файлда деректер жолдары жоқ.", "В файле нет строк с данными."),
    # columns
    ("subjects.csv", b"code;name_kk\nx;y\n", "Мына бағандар жоқ: name_ru", "Отсутствуют столбцы: name_ru"),
    ("subjects.csv", b"code;name_kk;name_ru;colour\nx;y;z;red\n",
     "Белгісіз бағандар: colour.", "Неизвестные столбцы: colour."),
    ("subjects.csv", b"code;name_kk;name_ru;name_kk\nx;y;z;w\n",
     "«name_kk» бағаны екі рет кездеседі.", "Столбец «name_kk» встречается дважды."),
    ("subjects.csv", (HEADER + "x;y;z;w;1;1;surplus\n").encode(),
     "2-жолда мәндер тақырыптағы бағандардан көп.", "В строке 2 больше значений, чем столбцов в заголовке."),
    ("subjects.csv", b'\n;;\ncode;name_kk;name_ru\n"x;y;z\n',
     "Файлда тақырып жолы жоқ", "В файле нет строки заголовков"),
    # values that do not fit their column
    ("subjects.csv", (HEADER + "astronomy;Астрономия;Астрономия;A;1e400;1\n").encode(),
     "2-жол: «sort_order» бағанының мәні бүтін сан болуы керек.",
     "Строка 2: значение столбца «sort_order» должно быть целым числом."),
    ("subjects.csv", (HEADER + "astronomy;Астрономия;Астрономия;A;99999999999999999999;1\n").encode(),
     "2-жол: «sort_order» бағанының мәні бүтін сан болуы керек.",
     "Строка 2: значение столбца «sort_order» должно быть целым числом."),
    ("subjects.csv", (HEADER + "astronomy;Астрономия;Астрономия;A;100000000;1\n").encode(),
     "2-жол: «sort_order» бағанының мәні -1000000 мен 1000000 аралығындағы бүтін сан болуы керек.",
     "Строка 2: значение столбца «sort_order» должно быть целым числом от -1000000 до 1000000."),
    ("subjects.csv", (HEADER + "c" * 41 + ";Астрономия;Астрономия;A;1;1\n").encode(),
     "2-жол: «code» бағанының мәні 40 таңбадан ұзын.", "Строка 2: значение столбца «code» длиннее 40 символов."),
    ("subjects.csv", (HEADER + "astro\x00nomy;Астрономия;Астрономия;A;1;1\n").encode(),
     "Файл мәтіндік CSV файлы емес.", "Файл не является текстовым CSV-файлом."),
    ("subjects.csv", (HEADER + "astro\x07nomy;Астрономия;Астрономия;A;1;1\n").encode(),
     "2-жол: «code» бағанының мәнінде көрінбейтін басқару таңбалары бар.",
     "Строка 2: в значении столбца «code» есть невидимые управляющие символы."),
    ("subjects.csv", (HEADER + "astronomy;Астрономия;Астрономия;A;1;perhaps\n").encode(),
     "2-жол: «is_active» бағанының мәні «иә» немесе «жоқ» болуы керек.",
     "Строка 2: значение столбца «is_active» должно быть «да» или «нет»."),
    # workbooks
    ("subjects.xlsx", b"code;name_kk;name_ru\nx;y;z\n",
     "Файл XLSX кітабы емес.", "Файл не является книгой XLSX."),
    ("subjects.xlsx", _xlsx([["code", "name_kk", "name_ru"], ["x", "y", "z"]])[:300],
     "Файл XLSX кітабы емес.", "Файл не является книгой XLSX."),
    ("subjects.csv", _xlsx([["code", "name_kk", "name_ru"], ["x", "y", "z"]]),
     "Бұл CSV файлы емес, XLSX кітабы", "Это книга XLSX, а не CSV-файл"),
]


@pytest.mark.parametrize("name, content, kk, ru", CASES, ids=[f"case{i}" for i in range(len(CASES))])
def test_hostile_file_is_refused_and_nothing_written(national, name, content, kk, ru):
    _refused(national, name, content, kk, ru)


def test_damaged_workbooks_are_refused(national):
    good = _xlsx([["code", "name_kk", "name_ru"], ["astronomy", "Астрономия", "Астрономия"]])
    damaged = _rezip(good, {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row><c r='A1' t='s'><v>99",
                            "xl/sharedStrings.xml": None})
    _refused(national, "s.xlsx", damaged, "XLSX кітабы бүлінген, оны оқу мүмкін емес.",
             "Книга XLSX повреждена и не может быть прочитана.")
    not_a_workbook = _rezip(good, {"xl/workbook.xml": None})
    _refused(national, "s.xlsx", not_a_workbook, "Файл XLSX кітабы емес.", "Файл не является книгой XLSX.")
    with zipfile.ZipFile(io.BytesIO(good)) as source:
        workbook = source.read("xl/workbook.xml").decode()
    start, end = workbook.index("<sheets>"), workbook.index("</sheets>") + len("</sheets>")
    no_sheet = _rezip(good, {"xl/workbook.xml": (workbook[:start] + "<sheets/>" + workbook[end:]).encode()})
    _refused(national, "s.xlsx", no_sheet, "Кітапта бірде-бір парақ жоқ.", "В книге нет ни одного листа.")


def test_too_many_rows_and_too_large_files_are_refused(app, national):
    saved = app.config.get("IMPORT_MAX_ROWS"), app.config.get("IMPORT_MAX_BYTES")
    app.config["IMPORT_MAX_ROWS"], app.config["IMPORT_MAX_BYTES"] = 3, 65536
    try:
        rows = "".join(f"s{i};Пән {i};Предмет {i};S;{i};1\n" for i in range(5))
        _refused(national, "s.csv", (HEADER + rows).encode(), "Файлда жолдар тым көп (ең көбі — 3).",
                 "В файле слишком много строк (допускается не более 3).")
        _refused(national, "s.xlsx", _xlsx([["code", "name_kk", "name_ru"], *[[f"s{i}", "x", "y"] for i in range(5)]]),
                 "Файлда жолдар тым көп (ең көбі — 3).", "В файле слишком много строк (допускается не более 3).")
        app.config["IMPORT_MAX_BYTES"] = 2048
        _refused(national, "s.csv", (HEADER + "x;y;z;w;1;1\n" * 200).encode(), "Файл 1 МБ-тан үлкен.",
                 "Файл больше 1 МБ.")
    finally:
        app.config["IMPORT_MAX_ROWS"], app.config["IMPORT_MAX_BYTES"] = saved


def test_errors_are_all_reported_with_their_rows_and_a_good_file_still_imports(national):
    bad = HEADER + "a1;;Один;One;x;1\n" + "a2;Екі;Два;Two;2;maybe\n"
    _refused(national, "s.csv", bad.encode(), "3-жол: «is_active» бағанының мәні", "Строка 2: значение столбца «sort_order»")
    good = "\ufeff" + HEADER.replace(";", ",") + "astronomy,Астрономия,Астрономия,Astronomy,30.0,иә\n"
    response = national.post(URL, {"file": (io.BytesIO(good.encode()), "s.csv")}, content_type="multipart/form-data")
    assert response.status_code == 302
    assert db.session.execute(select(func.count()).select_from(Subject).where(Subject.code == "astronomy")).scalar_one()


def test_an_empty_required_cell_with_a_default_keeps_the_default(national):
    """approved_by may not be empty in the database: an empty cell means its default, not a crash."""
    from models.directories import ApprovedContest

    csv_text = "code;name_kk;name_ru;approved_by\nnew_olympiad;Олимпиада;Олимпиада;\n"
    response = national.post("/approvedcontestview/import/", {"file": (io.BytesIO(csv_text.encode()), "c.csv")},
                             content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.expire_all()
    item = db.session.execute(select(ApprovedContest).where(ApprovedContest.code == "new_olympiad")).scalar_one()
    assert item.approved_by == "ministry"

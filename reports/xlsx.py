"""The one XLSX writer: exports and directory downloads."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Font


def workbook_bytes(header: Sequence[str], rows: Iterable[Sequence[object]], title: str = "Ustaz") -> io.BytesIO:
    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def read_rows(data: bytes) -> list[dict[str, str]]:
    """Rows of the first sheet as dicts keyed by the header row."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        header = [str(h).strip() if h is not None else "" for h in next(rows)]
    except StopIteration:
        return []
    result = []
    for values in rows:
        if values is None or all(v is None for v in values):
            continue
        result.append({h: ("" if v is None else str(v).strip()) for h, v in zip(header, values) if h})
    return result

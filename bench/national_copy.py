"""COPY helpers for the national generator: rows go to PostgreSQL as tab-separated text, timed per table.

COPY, not ORM rows: 575k persons and millions of records must load in minutes (STACK-NOTES).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Sequence

import psycopg

NULL = "\\N"
#: lines sent to the server per write: big enough to amortise the call, small enough for memory
BATCH = 20_000


def cell(value: object) -> str:
    """One value in COPY's text format (backslash, tab and newline escaped; None is NULL)."""
    if value is None:
        return NULL
    if isinstance(value, str):
        if "\\" in value or "\t" in value or "\n" in value:
            return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
        return value
    return str(value)


def line(row: Sequence[object]) -> str:
    return "\t".join([cell(v) for v in row])


class Copier:
    """COPY into one connection; remembers rows and seconds per table for the report."""

    def __init__(self, conn: psycopg.Connection) -> None:
        self.conn = conn
        self.rows: dict[str, int] = defaultdict(int)
        self.seconds: dict[str, float] = defaultdict(float)
        self._not_null = self._required_columns()

    def _required_columns(self) -> dict[str, set[str]]:
        """NOT NULL columns without a server default: a COPY that leaves one out fails late, so check early."""
        rows = self.conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
            "AND is_nullable = 'NO' AND column_default IS NULL").fetchall()
        found: dict[str, set[str]] = defaultdict(set)
        for table, column in rows:
            found[table].add(column)
        return found

    def copy(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
        return self.copy_lines(table, columns, (line(r) for r in rows))

    def copy_lines(self, table: str, columns: Sequence[str], lines: Iterable[str]) -> int:
        missing = self._not_null.get(table, set()) - set(columns)
        if missing:
            raise ValueError(f"COPY {table}: required columns missing: {sorted(missing)}")
        started = time.perf_counter()
        count = 0
        with self.conn.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            buffer: list[str] = []
            for text in lines:
                buffer.append(text)
                if len(buffer) >= BATCH:
                    copy.write("\n".join(buffer) + "\n")
                    count += len(buffer)
                    buffer.clear()
            if buffer:
                copy.write("\n".join(buffer) + "\n")
                count += len(buffer)
        self.rows[table] += count
        self.seconds[table] += time.perf_counter() - started
        return count

    def note(self, table: str, seconds: float, rows: int = 0) -> None:
        """Time spent on a table outside COPY (generating its rows in Python, an UPDATE)."""
        self.seconds[table] += seconds
        self.rows[table] += rows


def reset_sequences(conn: psycopg.Connection) -> None:
    """Every serial column's sequence moved past the ids COPY wrote, so the app's inserts do not collide."""
    owned = conn.execute(
        "SELECT t.relname, a.attname, s.relname FROM pg_class s "
        "JOIN pg_depend d ON d.objid = s.oid AND d.deptype = 'a' "
        "JOIN pg_class t ON t.oid = d.refobjid JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid "
        "WHERE s.relkind = 'S'").fetchall()
    for table, column, sequence in owned:
        conn.execute(f'SELECT setval(%s, COALESCE((SELECT max("{column}") FROM "{table}"), 0) + 1, false)',
                     (sequence,))


def drop_secondary_indexes(conn: psycopg.Connection, tables: Sequence[str]) -> list[str]:
    """Drop the indexes that back no constraint on ``tables``; return their definitions.

    Building an index once after the load is far cheaper than maintaining it row by row (the person
    table carries 13, trigram and ICU ones among them).
    """
    rows = conn.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "JOIN pg_class t ON t.oid = i.indrelid "
        "WHERE t.relname = ANY(%s) AND NOT i.indisprimary "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)", (list(tables),)).fetchall()
    for name, _definition in rows:
        conn.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in rows]


def create_indexes(url: str, definitions: Sequence[str], workers: int = 2) -> None:
    """Rebuild the dropped indexes, on ``workers`` connections at once (one per core)."""
    from concurrent.futures import ThreadPoolExecutor

    def build(chunk: Sequence[str]) -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("SET maintenance_work_mem = '256MB'")
            for definition in chunk:
                conn.execute(definition)

    ordered = sorted(definitions, key=lambda d: ("trgm" not in d, d))  # the slow trigram ones first
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(build, [ordered[i::workers] for i in range(workers)]))

"""Kazakh alphabetical order for names, on every database: one helper, ``kazakh_order(column)``.

Under PostgreSQL's default (C/UTF-8 code point) order Ә, Ғ, Қ, Ң, Ө, Ұ, Ү, Һ, І sort after Я.
``kazakh_order`` compiles to ``<column> COLLATE "kk-KZ-x-icu"`` on PostgreSQL (ICU's Kazakh
rules: Ә right after А) and to ``<column> COLLATE kazakh`` on SQLite, a collation registered on
every SQLite connection from ``KAZAKH_ALPHABET``; elsewhere the column is left as it is.

Performance: a B-tree index serves an ORDER BY only in its own collation. The name indexes
(``ix_person_name`` on (last_name, id) and the district/region ones) are in the default collation,
so a name-ordered page at republic scale sorts instead of reading the index in order; the fix is
the same indexes built ``COLLATE "kk-KZ-x-icu"`` (see the migration SQL in the issue 12 notes).
"""

from __future__ import annotations

import functools
import sqlite3

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

#: the Kazakh Cyrillic alphabet in its order (upper case)
KAZAKH_ALPHABET = "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ"
#: PostgreSQL's ICU collation for Kazakh (PostgreSQL 15 with ICU)
POSTGRESQL_COLLATION = "kk-KZ-x-icu"
SQLITE_COLLATION = "kazakh"
#: columns that hold names and are ordered alphabetically wherever a list is sorted by them
NAME_COLUMNS = frozenset({"last_name", "first_name", "middle_name", "full_name", "holder_name", "name",
                          "name_kk", "name_ru", "name_en"})


#: upper-case letters and digits moved to private-use code points in their order, so that a plain
#: string comparison (in C) gives: punctuation and spaces, digits, the Kazakh alphabet, Latin
_KEY_TABLE = {
    **{ord(digit): chr(0xE100 + int(digit)) for digit in "0123456789"},
    **{ord(letter): chr(0xE200 + rank) for rank, letter in enumerate(KAZAKH_ALPHABET)},
    **{ord(letter): chr(0xE300 + rank) for rank, letter in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZ")},
}


@functools.lru_cache(maxsize=100_000)
def kazakh_key(text: str | None) -> tuple[str, str]:
    """A sort key in Kazakh alphabetical order: case-insensitive first, then by case; spaces and
    punctuation before digits, digits before letters, Latin after Cyrillic. SQLite calls the
    collation for every comparison of a sort: the key is a translated string (compared in C) and
    cached (names repeat)."""
    value = text or ""
    return (value.upper().translate(_KEY_TABLE), value)


def kazakh_compare(left: str | None, right: str | None) -> int:
    a, b = kazakh_key(left), kazakh_key(right)
    return (a > b) - (a < b)


class kazakh_order(FunctionElement):  # noqa: N801 - used like a SQL function: kazakh_order(Person.last_name)
    """``column`` ordered in Kazakh alphabetical order (``.asc()`` / ``.desc()`` as usual)."""

    inherit_cache = True

    def __init__(self, column) -> None:
        super().__init__(column)
        self.type = getattr(column, "type", None) or self.type


@compiles(kazakh_order)
def _plain(element, compiler, **kw) -> str:
    return compiler.process(element.clauses, **kw)


@compiles(kazakh_order, "postgresql")
def _postgresql(element, compiler, **kw) -> str:
    return f'{compiler.process(element.clauses, **kw)} COLLATE "{POSTGRESQL_COLLATION}"'


@compiles(kazakh_order, "sqlite")
def _sqlite(element, compiler, **kw) -> str:
    return f"{compiler.process(element.clauses, **kw)} COLLATE {SQLITE_COLLATION}"


def register_sqlite_collation(dbapi_connection) -> None:
    """Called on every new SQLite connection (app/extensions.py)."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.create_collation(SQLITE_COLLATION, kazakh_compare)

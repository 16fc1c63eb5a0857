"""Check that kk.po / ru.po translate every msgid of fab.pot (run with the venv python)."""
import re
import sys
from pathlib import Path

from babel.messages.pofile import read_po

HERE = Path(__file__).resolve().parent
PH = re.compile(r"%\([^)]+\)[sdif]|%[sdif]|\{[^}]*\}|</?[a-zA-Z][^>]*>")


def load(name):
    with open(HERE / name, "rb") as f:
        return read_po(f)


pot = load("fab.pot")
ok = True
for loc in ("kk", "ru"):
    cat = load(f"{loc}.po")
    n = 0
    for m in pot:
        if not m.id:
            continue
        n += 1
        t = cat.get(m.id)
        strings = t.string if t and isinstance(t.string, tuple) else ((t.string,) if t else ())
        if t is None or t.fuzzy or not strings or not all(strings):
            print(f"{loc}: missing/fuzzy/empty: {m.id!r}")
            ok = False
            continue
        src = m.id if isinstance(m.id, str) else m.id[0]
        for s in strings:
            if sorted(PH.findall(src)) != sorted(PH.findall(s)):
                print(f"{loc}: placeholder mismatch: {m.id!r} -> {s!r}")
                ok = False
    print(f"{loc}: {n} pot msgids checked, {len([m for m in cat if m.id])} entries in {loc}.po")
sys.exit(0 if ok else 1)

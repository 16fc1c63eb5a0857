"""Catalogue pipeline: extract the app's strings, add FAB's own (translations/fab/), update the
kk/ru/en catalogues (prefilling FAB's strings from fab/<lang>.po) and compile them.

    python translations/catalog.py extract update compile
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "translations"
LOCALES = ("kk", "ru", "en")
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "lazy_gettext": None,
    "_l": None,
    "lazy_ngettext": (1, 2),
}


def extract_template() -> Catalog:
    """The app's msgids (from the code and templates) plus FAB's own UI strings."""
    with open(HERE / "babel.cfg") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    template = Catalog(project="Ustaz", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    with open(HERE / "fab" / "fab.pot", "rb") as handle:
        for message in read_po(handle):
            if message.id and message.id not in template:
                template.add(message.id, None, context=message.context)
    return template


def _read(path: Path, locale: str) -> Catalog:
    if not path.exists():
        return Catalog(locale=locale, charset="utf-8")
    with open(path, "rb") as handle:
        return read_po(handle, locale=locale)


def update(template: Catalog) -> None:
    for locale in LOCALES:
        po_path = HERE / locale / "LC_MESSAGES" / "messages.po"
        po_path.parent.mkdir(parents=True, exist_ok=True)
        catalog = _read(po_path, locale)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        fab = HERE / "fab" / f"{locale}.po"
        if fab.exists():
            fab_catalog = _read(fab, locale)
            for message in catalog:
                if message.id and not message.string and message.id in fab_catalog:
                    message.string = fab_catalog[message.id].string
        with open(po_path, "wb") as handle:
            write_po(handle, catalog, width=100, omit_header=False, sort_output=True, include_lineno=False)


def compile_all() -> None:
    for locale in LOCALES:
        po_path = HERE / locale / "LC_MESSAGES" / "messages.po"
        if not po_path.exists():
            continue
        catalog = _read(po_path, locale)
        with open(po_path.with_suffix(".mo"), "wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)


def main(steps: list[str]) -> None:
    template = None
    for step in steps:
        if step == "extract":
            template = extract_template()
            with open(HERE / "messages.pot", "wb") as handle:
                write_po(handle, template, width=100, sort_output=True, include_lineno=False)
        elif step == "update":
            if template is None:
                with open(HERE / "messages.pot", "rb") as handle:
                    template = read_po(handle)
            update(template)
        elif step == "compile":
            compile_all()
        else:
            sys.exit(f"unknown step {step}: use extract, update, compile")


if __name__ == "__main__":
    main(sys.argv[1:] or ["extract", "update", "compile"])

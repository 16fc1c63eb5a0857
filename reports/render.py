"""The one document renderer: a template of reports/templates → HTML → PDF (xhtml2pdf).

Every document (protocol, order, certificate, report) comes through ``render_pdf`` in the language
it is issued in (``force_locale``), with DejaVu Sans embedded so that ә ғ қ ң ө ұ ү һ і render
(without an embedded font xhtml2pdf draws every Cyrillic letter as ■: STACK-NOTES.md). Templates
run in Jinja's sandbox and may read files only under reports/ (fonts, images); images made at
render time (QR codes) are ``data:`` URIs.
"""

from __future__ import annotations

import base64
import io
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment

from app.i18n import force_locale, gettext, ngettext
from app.web.display import shown_date, shown_datetime

REPORTS_DIR = Path(__file__).resolve().parent
TEMPLATE_DIR = REPORTS_DIR / "templates"
FONT_DIR = REPORTS_DIR / "fonts"


class RenderFailed(Exception):
    """xhtml2pdf reported errors: the document was not produced."""


@lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    # gettext resolves at call time, so one environment serves every locale under force_locale
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["date"] = shown_date
    env.filters["datetime"] = shown_datetime
    env.globals["font_dir"] = FONT_DIR.as_uri()
    env.globals["qr_data_uri"] = qr_data_uri
    return env


def qr_data_uri(text: str, scale: int = 4) -> str:
    """A QR code of ``text`` as a PNG data URI (segno: pure Python, no system libraries)."""
    import segno

    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="png", scale=scale, border=2)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def render_html(template: str, context: dict[str, Any], *, locale: str) -> str:
    with force_locale(locale):
        return _environment().get_template(template).render(locale=locale, **context)


def _link_callback(uri: str, rel: str) -> str:
    """Resolve file URIs to paths under reports/ only; anything else is refused."""
    if uri.startswith("data:"):
        return uri
    path = Path(uri.removeprefix("file://")).resolve()
    if REPORTS_DIR in path.parents:
        return str(path)
    raise RenderFailed(f"resource outside reports/: {uri}")


def html_to_pdf(html: str) -> bytes:
    from xhtml2pdf import pisa
    from xhtml2pdf.config.resources import ResourceAccessPolicy

    policy = ResourceAccessPolicy.server(base_dir=None, extra_roots=(REPORTS_DIR,), allow_remote=False)
    out = io.BytesIO()
    result = pisa.CreatePDF(html, dest=out, encoding="utf-8", link_callback=_link_callback, resource_policy=policy)
    if result.err:
        raise RenderFailed(f"{result.err} error(s) while rendering")
    return out.getvalue()


def render_pdf(template: str, context: dict[str, Any], *, locale: str) -> bytes:
    """The PDF of ``template`` rendered with ``context`` in ``locale`` (kk, ru or en)."""
    return html_to_pdf(render_html(template, context, locale=locale))

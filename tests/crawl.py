"""Walking the pages a logged-in user reaches by following links (shared by the crawling tests),
and what a reader sees of a page.

``crawl`` opens pages in the order a ``Plan`` gives them: each link found on an opened page is
offered to the plan, which returns a priority (lower opens sooner) or None to leave it."""

from __future__ import annotations

import heapq
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

HREF = re.compile(r'href="(/[a-z][^"#]*)"')
#: not pages: the language switch and logout change the session by design; files, exports, the REST
#: API and FAB's action URLs are not crawled
SKIP = re.compile(r"^/(?:lang/|logout|static/|login|api/)|/(?:download|export|file|action|action_post)(?:/|$)"
                  r"|\.(?:pdf|p7s|csv|xlsx|zip|json)$")

#: (link, the page it was found on) -> priority, or None to leave the link
Plan = Callable[[str, str], "int | None"]


@dataclass
class Opened:
    url: str
    status: int
    content_type: str
    html: str


def links(html: str) -> list[str]:
    """Same-site links of a page, unescaped, in page order, without the ones never crawled."""
    found = (h.replace("&amp;", "&") for h in HREF.findall(html))
    return [link for link in found if not SKIP.search(link)]


def crawl(b, plan: Plan, budget: int, start: str = "/") -> Iterator[Opened]:
    """Open ``start``, then the links the plan accepts, best priority first, at most ``budget`` pages."""
    queue: list[tuple[int, int, str]] = [(0, 0, start)]
    seen = {start}
    opened = 0
    while queue and opened < budget:
        _priority, _order, url = heapq.heappop(queue)
        response = b.get(url)
        opened += 1
        content_type = response.content_type or ""
        html = response.get_data(as_text=True) if "html" in content_type else ""
        yield Opened(url, response.status_code, content_type, html)
        found = links(html) if response.status_code == 200 else []
        if response.status_code in (301, 302, 303, 307, 308):  # a redirect is a link to follow
            location = urlsplit(response.location or "")
            if location.netloc in ("", "localhost"):
                found = links(f'href="{location.path}{"?" + location.query if location.query else ""}"')
        for link in found:
            if link in seen:
                continue
            priority = plan(link, url)
            if priority is None:
                continue
            seen.add(link)
            heapq.heappush(queue, (priority, len(seen), link))


# What a reader sees of a page, and internals in it ------------------------------------------------
#: what is not text a user reads: scripts, styles, and what a user types (an editor's textarea)
HIDDEN = re.compile(r"<(script|style|textarea)\b.*?</\1\s*>", re.S | re.I)
TAG = re.compile(r"<[^>]*>")
#: attribute values a user does read: the caption of an input button
VISIBLE_VALUE = re.compile(r'<input\b[^>]*\btype="(?:submit|button)"[^>]*\bvalue="([^"]*)"', re.I)
INTERNALS = {
    "a Python object": re.compile(r"object at 0x[0-9a-f]+|<[a-z_.]+\.[A-Z]\w* object"),
    "FAB's empty choice": re.compile(r"__None"),
    "raw JSON": re.compile(r'\{\s*"|\[\s*\{|\[\s*"[^"\n]*"\s*,'),
    "a Python dict": re.compile(r"\{\s*'[^'\n]*'\s*:"),
    "a timestamp with fractions of a second": re.compile(r"\d{2}:\d{2}:\d{2}\.\d+"),
    "an ISO timestamp": re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}|\bT\d{2}:\d{2}"),
}


def visible_text(page: str) -> str:
    """What a reader sees of an HTML page: its text and the captions of its buttons."""
    page = HIDDEN.sub(" ", page)
    captions = " ".join(VISIBLE_VALUE.findall(page))
    return html.unescape(TAG.sub(" ", page) + " " + captions)


def internals_in(text: str) -> list[str]:
    found = []
    for name, pattern in INTERNALS.items():
        match = pattern.search(text)
        if match:
            start = max(match.start() - 60, 0)
            found.append(f"{name}: …{' '.join(text[start:match.end() + 60].split())}…")
    return found

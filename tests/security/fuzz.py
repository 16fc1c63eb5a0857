"""A route walker with hostile values: every rule of the URL map, its path and query parameters,
the fields of its forms and the bodies of its REST endpoints.

``make test`` runs a fixed small table (``QUICK``); ``.ci/run`` sets ``USTAZ_FUZZ=full`` for every
role and the whole table. A response of 500 or more is a failure, whatever the input.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

FULL = os.environ.get("USTAZ_FUZZ", "").lower() == "full"

HUGE = "99999999999999999999"
#: values for path parameters (ids, names, formats, file names)
PATH_VALUES_QUICK = [HUGE, "abc", "-1"]
PATH_VALUES_FULL = PATH_VALUES_QUICK + ["0", "2147483648", "1.5", "0x1F", "%27%22", "<svg>", "..%2F..%2Fetc", "1e309"]
#: values for form fields and query filters
FIELD_VALUES_QUICK = [HUGE, "abc"]
FIELD_VALUES_FULL = FIELD_VALUES_QUICK + ["-1", "", "1e309", "NaN", "\x00", "2026-13-45", "'\"<script>alert(1)</script>",
                                          "x" * 20_000, "9" * 400]

#: list parameters FAB reads by view name: (name template, values)
LIST_PARAMS_QUICK = [
    ("page_{v}", "abc"), ("page_{v}", "-3"), ("page_{v}", HUGE),
    ("psize_{v}", "0"), ("psize_{v}", "-1"), ("psize_{v}", "100000000"),
]
LIST_PARAMS_FULL = LIST_PARAMS_QUICK + [("page_{v}", "1e9"), ("psize_{v}", "abc"), ("psize_{v}", HUGE)]

#: REST q= (rison) values
RISON_QUICK = [
    f"(page:{HUGE},page_size:25)",
    "(page:-1,page_size:25)",
    "(page:0,page_size:100000)",
    "(order_column:no_such_column,order_direction:asc)",
    "(filters:!((col:no_such_column,opr:eq,value:1)))",
    "(((((",
    "(a:" * 300 + "1" + ")" * 300,
]
RISON_FULL = RISON_QUICK + [
    "(order_column:id,order_direction:sideways)",
    f"(filters:!((col:tenant,opr:rel_o_m,value:{HUGE})))",
    "(filters:!((col:id,opr:eq,value:abc)))",
    f"(filters:!((col:id,opr:gt,value:{HUGE})))",
    "(columns:!(no_such_column))",
    "(keys:!(nothing))",
    "!(1,2,3)",
    "'text'",
]


def nested_json(depth: int) -> object:
    value: object = 1
    for _ in range(depth):
        value = {"a": value}
    return value


BODIES_QUICK: list[object] = [[], "text", nested_json(400)]
#: a body nested deeper than the test client's own JSON encoder can write is sent as raw text
DEEP_BODY = '{"a":' * 5000 + "1" + "}" * 5000
BODIES_FULL: list[object] = BODIES_QUICK + [None, 12, [1, 2], {"": None}]

#: never walked: they end the session (logout) or need no hostile test here (static files)
SKIP_ENDPOINTS = {"static", "appbuilder.static"}
SKIP_RULE_PREFIXES = ("/static", "/logout", "/login", "/appbuilder/", "/api/v1/security/")


def path_values() -> list[str]:
    return PATH_VALUES_FULL if FULL else PATH_VALUES_QUICK


def field_values() -> list[str]:
    return FIELD_VALUES_FULL if FULL else FIELD_VALUES_QUICK


@dataclass
class Failure:
    method: str
    url: str
    status: int
    detail: str = ""


@dataclass
class Report:
    requests: int = 0
    failures: list[Failure] = field(default_factory=list)

    def check(self, method: str, url: str, response, detail: str = "") -> None:
        self.requests += 1
        if response.status_code >= 500:
            self.failures.append(Failure(method, url[:200], response.status_code, detail[:200]))

    def summary(self) -> str:
        lines = [f"{len(self.failures)} server errors in {self.requests} requests:"]
        lines += [f"  {f.status} {f.method} {f.url} {f.detail}" for f in self.failures[:60]]
        return "\n".join(lines)


def rules(app) -> list:
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIP_ENDPOINTS or rule.rule.startswith(SKIP_RULE_PREFIXES):
            continue
        found.append(rule)
    return sorted(found, key=lambda r: r.rule)


def fill(rule, value: str) -> str:
    """The rule's URL with every path parameter set to ``value``."""
    url = rule.rule
    for name in rule.arguments:
        url = re.sub(r"<(?:[^<>:]+:)?" + re.escape(name) + r">", value, url)
    return url


def walk_paths(client, app, report: Report, values: list[str] | None = None) -> None:
    """Every rule with hostile path parameters, with each method it accepts (CSRF token sent)."""
    for rule in rules(app):
        for value in (values or path_values()) if rule.arguments else [""]:
            url = fill(rule, value)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                if method == "GET":
                    response = client.get(url)
                elif rule.rule.startswith("/api/"):
                    response = client.api(method, url, json={"x": value})
                else:
                    response = client.post(url, data={"x": value}) if method == "POST" else client.api(method, url)
                report.check(method, url, response)


def list_views(appbuilder) -> Iterator:
    for view in appbuilder.baseviews:
        if hasattr(view, "list_columns") and hasattr(view, "datamodel") and hasattr(view, "route_base") and not hasattr(view, "resource_name"):
            yield view


def walk_list_params(client, appbuilder, report: Report, light: bool = False) -> None:
    """Paging, sorting and search filters of every list; ``light``: one bad value of each kind."""
    params = LIST_PARAMS_FULL if FULL else LIST_PARAMS_QUICK
    if light:
        params = [("page_{v}", HUGE), ("psize_{v}", "-1")]
    for view in list_views(appbuilder):
        name = view.__class__.__name__
        url = f"{view.route_base}/list/"
        cases = [{template.format(v=name): value} for template, value in params]
        cases.append({f"_oc_{name}": "no_such_column", f"_od_{name}": "asc"})
        cases.append({f"_oc_{name}": "password", f"_od_{name}": "desc"})
        cases.append({f"_oc_{name}": "id", f"_od_{name}": "sideways"})
        for column in list(getattr(view, "search_columns", None) or [])[: (None if FULL else 1 if light else 3)]:
            for value in field_values()[:1] if light else field_values():
                cases.append({f"_flt_0_{column}": value})
                if FULL:
                    cases.append({f"_flt_1_{column}": value})
        for args in cases:
            response = client.get(url, query_string=args)
            report.check("GET", f"{url}?{args}", response)


def rest_apis(appbuilder) -> Iterator:
    for view in appbuilder.baseviews:
        if getattr(view, "resource_name", None) and hasattr(view, "datamodel"):
            yield view


def walk_rest(client, appbuilder, report: Report) -> None:
    risons = RISON_FULL if FULL else RISON_QUICK
    bodies = BODIES_FULL if FULL else BODIES_QUICK
    for api in rest_apis(appbuilder):
        base = f"/api/v1/{api.resource_name}/"
        for q in risons:
            for url in (base, base + "_info"):
                response = client.get(url, query_string={"q": q})
                report.check("GET", f"{url}?q={q[:60]}", response)
        for body in bodies:
            for method, url in (("POST", base), ("PUT", base + "1")):
                response = client.api(method, url, json=body)
                report.check(method, url, response, json.dumps(body)[:80])
        for method, url in (("POST", base), ("PUT", base + "1")):
            headers = {"X-CSRFToken": client.csrf(), "Content-Type": "application/json"}
            response = client._open(url, method=method, data=DEEP_BODY, headers=headers)
            report.check(method, url, response, "nested 5000 deep")
        columns = list(getattr(api, "add_columns", None) or [])
        for value in field_values():
            body = {column: value for column in columns}
            for method, url in (("POST", base), ("PUT", base + "1")):
                response = client.api(method, url, json=body)
                report.check(method, url, response, f"all fields = {value[:20]!r}")
            for column in columns if FULL else columns[:4]:
                for number in (int(HUGE), -1):
                    response = client.api("POST", base, json={column: number})
                    report.check("POST", base, response, f"{column}={number}")


FORM_FIELD = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', re.I)
FORM = re.compile(r'<form[^>]*\baction="([^"]*)"[^>]*>(.*?)</form>|<form(?![^>]*\baction=)[^>]*>(.*?)</form>', re.S | re.I)


def forms_on(page: str, page_url: str) -> list[tuple[str, list[str]]]:
    found = []
    for action, body, bare_body in FORM.findall(page):
        target = action or page_url
        names = sorted({n for n in FORM_FIELD.findall(body or bare_body) if n != "csrf_token"})
        if target.startswith("/") or target == page_url:
            found.append((target.replace("&amp;", "&"), names))
    return found


def walk_forms(client, app, appbuilder, report: Report, pages: list[str], values: list[str] | None = None) -> None:
    """Each form on the given pages, posted with every field hostile."""
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for page_url in pages:
        response = client.get(page_url)
        report.check("GET", page_url, response)
        if response.status_code != 200:
            continue
        for target, names in forms_on(response.get_data(as_text=True), page_url):
            if target.startswith(SKIP_RULE_PREFIXES) or (target, tuple(names)) in seen:
                continue
            seen.add((target, tuple(names)))
            for value in values or field_values():
                data = {name: value for name in names}
                posted = client.post(target, data=data)
                report.check("POST", target, posted, f"fields {names[:6]} = {value[:20]!r}")


def form_pages(appbuilder, client) -> list[str]:
    """Add and edit forms of every view, the list page (its search form) and a record's show page."""
    pages: list[str] = []
    show = re.compile(r'href="(/[a-z]+/show/\d+)"')
    edit = re.compile(r'href="(/[a-z]+/edit/\d+)"')
    for view in list_views(appbuilder):
        base = view.route_base
        listing = client.get(f"{base}/list/")
        if listing.status_code != 200:
            continue
        text = listing.get_data(as_text=True)
        pages.append(f"{base}/list/")
        pages.append(f"{base}/add")
        pages += show.findall(text)[:1] + edit.findall(text)[:1]
    return pages

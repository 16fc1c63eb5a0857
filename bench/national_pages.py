"""The pages the national benchmark times, who opens them, their goals, and the raw SQL of the same rows.

Each raw query is the page's rows written by hand (a page of 25 ordered as the list orders it, plus
the pager's count where the page shows one): the floor the app's time is compared with.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import psycopg

PERSON_PAGE = (
    'SELECT p.id, p.last_name, p.first_name, p.middle_name, p.iin, t.name_kk, pos.name_kk, c.name_kk '
    'FROM person p JOIN tenant t ON t.id = p.tenant_id LEFT JOIN position pos ON pos.id = p.position_id '
    'LEFT JOIN qualification_category c ON c.id = p.category_id WHERE {where} '
    'ORDER BY p.last_name COLLATE "kk-KZ-x-icu", p.id LIMIT 25')
PERSON_COUNT = "SELECT count(*) FROM person p WHERE {where}"
#: a dashboard's figures read by hand from the summaries: a node's totals and its children's (the KPI API: the node's)
DASHBOARD_RAW = ("SELECT c.node_id, c.measure, c.key, c.value FROM report_count c WHERE c.kind = 'total' "
                 "AND c.period_id IN (0, %s) AND c.node_id IN (SELECT %s UNION ALL SELECT id FROM tenant WHERE parent_id = %s)")
KPI_RAW = ("SELECT c.measure, c.key, c.value FROM report_count c WHERE c.kind = 'total' AND c.period_id IN (0, %s) "
           "AND c.node_id = %s")


@dataclass
class Page:
    key: str
    label: str
    user: str
    path: str
    raw: list[tuple[str, tuple]] = field(default_factory=list)
    #: (statistic, limit in ms) and an optional size limit in KB
    goal: tuple[str, float] | None = None
    max_kb: float | None = None


def _person_raw(where: str, params: tuple) -> list[tuple[str, tuple]]:
    return [(PERSON_PAGE.format(where=where), params), (PERSON_COUNT.format(where=where), params)]


def discover(conn: psycopg.Connection) -> dict:
    """The ids the pages need: the benchmark users' nodes, a searched name and ИИН, the commission's
    protocol and certificate."""
    one = lambda sql, *params: conn.execute(sql, params).fetchone()  # noqa: E731 - a local shorthand
    facts = {
        "district": one("SELECT tenant_id FROM ab_user WHERE username = 'district'")[0],
        "region": one("SELECT tenant_id FROM ab_user WHERE username = 'region'")[0],
        "iin": one("SELECT iin FROM person ORDER BY id DESC LIMIT 1")[0],
        "republic": one("SELECT id FROM tenant WHERE parent_id IS NULL ORDER BY id LIMIT 1")[0],
        # the period a dashboard opens on (reports.stats.choose_period: the open one)
        "period": (one("SELECT id FROM attestation_period WHERE state = 'open' "
                       "ORDER BY applications_open_on DESC, id DESC LIMIT 1") or (0,))[0],
        "teachers": [r[0] for r in conn.execute("SELECT username FROM ab_user WHERE username LIKE 'teacher%%' "
                                                "ORDER BY username")],
    }
    secretary = one("SELECT m.commission_id FROM ab_user u JOIN commission_member m ON m.person_id = u.person_id "
                    "WHERE u.username = 'secretary'")
    facts["commission"] = secretary[0] if secretary else None
    protocol = one("SELECT p.id, o.id FROM protocol p LEFT JOIN attestation_order o ON o.protocol_id = p.id "
                   "WHERE p.commission_id = %s ORDER BY (o.id IS NULL), p.id LIMIT 1", facts["commission"])
    facts["protocol"] = protocol[0] if protocol else None
    certificate = one("SELECT c.id FROM certificate c WHERE c.district_id = %s ORDER BY c.id LIMIT 1",
                      facts["district"])
    facts["certificate"] = certificate[0] if certificate else None
    return facts


def pages(facts: dict) -> list[Page]:
    district, region = facts["district"], facts["region"]
    name = "ахметов"
    listing = [
        Page("list_district", "teacher list, district scope", "district", "/personview/list/",
             _person_raw("p.district_id = %s", (district,)), ("p95", 100)),
        Page("list_region", "teacher list, region scope", "region", "/personview/list/",
             _person_raw("p.region_id = %s", (region,)), ("p95", 100)),
        Page("list_republic", "teacher list, republic scope", "national", "/personview/list/",
             _person_raw("p.tenant_id IS NOT NULL", ()), ("p50", 100), 200),
        Page("search_name", f"name search «{name}», republic", "national",
             f"/personview/list/?_flt_0_search_name={name}",
             _person_raw("p.search_name LIKE %s", (f"%{name}%",)), ("p95", 150)),
        Page("search_iin", "ИИН search, republic", "national", f"/personview/list/?_flt_0_iin={facts['iin']}",
             _person_raw("p.iin LIKE %s", (f"{facts['iin']}%",)), ("p95", 150)),
        Page("home_republic", "republic home /", "national", "/", [
            ("SELECT count(*) FROM tenant WHERE level = 'organization'", ()),
            ("SELECT count(*) FROM person WHERE tenant_id IS NOT NULL", ()),
            ("SELECT count(*) FROM ab_user WHERE tenant_id IS NOT NULL", ())], ("p95", 100)),
    ]
    return listing + _attestation_pages(facts) + dashboard_pages(facts)


def dashboard_pages(facts: dict) -> list[Page]:
    """Issue 14: the dashboards of the benchmark users' home nodes, a region opened from the republic, and
    the KPI API; each reads the summary tables the measurement refreshed first (bench/national_reports.py)."""
    period, republic, region, district = facts["period"], facts["republic"], facts["region"], facts["district"]
    return [
        Page("dashboard_republic", "dashboard, republic", "national", "/reports/",
             [(DASHBOARD_RAW, (period, republic, republic))], ("p95", 100)),
        Page("dashboard_region", "dashboard, region", "region", "/reports/",
             [(DASHBOARD_RAW, (period, region, region))]),
        Page("dashboard_district", "dashboard, district", "district", "/reports/",
             [(DASHBOARD_RAW, (period, district, district))]),
        Page("dashboard_region_node", "dashboard of a region, opened by the republic", "national",
             f"/reports/?node={region}", [(DASHBOARD_RAW, (period, region, region))]),
        Page("kpi_api", "KPI API, republic", "national", "/api/v1/dashboard/kpi", [(KPI_RAW, (period, republic))]),
    ]


def _attestation_pages(facts: dict) -> list[Page]:
    found = []
    if facts["commission"]:
        found.append(Page("review_list", "commission's review list (applications)", "secretary",
                          "/applications/list/", [
                              ("SELECT a.id, a.state, a.requested_category, p.last_name, p.first_name, c.name "
                               "FROM application a JOIN person p ON p.id = a.person_id "
                               "LEFT JOIN commission c ON c.id = a.commission_id WHERE a.commission_id = %s "
                               "ORDER BY a.id DESC LIMIT 25", (facts["commission"],)),
                              ("SELECT count(*) FROM application WHERE commission_id = %s", (facts["commission"],))]))
    if facts["protocol"]:
        found.append(Page("protocol", "protocol page", "secretary", f"/protocols/show/{facts['protocol']}", [
            ("SELECT * FROM protocol p JOIN commission c ON c.id = p.commission_id WHERE p.id = %s",
             (facts["protocol"],)),
            ("SELECT * FROM commission_member m JOIN person p ON p.id = m.person_id LEFT JOIN protocol_signature s "
             "ON s.member_id = m.id AND s.protocol_id = %s WHERE m.commission_id = %s ORDER BY m.id",
             (facts["protocol"], facts["commission"])),
            ("SELECT * FROM application WHERE protocol_id = %s ORDER BY id", (facts["protocol"],)),
            ("SELECT c.* FROM certificate c JOIN attestation_order o ON o.id = c.order_id WHERE o.protocol_id = %s "
             "ORDER BY c.holder_name COLLATE \"kk-KZ-x-icu\", c.id LIMIT 500", (facts["protocol"],))]))
    if facts["certificate"]:
        found.append(Page("certificate", "certificate page", "district", f"/certificates/show/{facts['certificate']}", [
            ("SELECT * FROM certificate c JOIN person p ON p.id = c.person_id JOIN attestation_order o "
             "ON o.id = c.order_id JOIN commission m ON m.id = c.commission_id WHERE c.id = %s",
             (facts["certificate"],)),
            ("SELECT * FROM certificate WHERE application_id = (SELECT application_id FROM certificate WHERE id = %s) "
             "ORDER BY id", (facts["certificate"],))]))
    return found


PORTAL_RAW = [
    ("SELECT * FROM person p JOIN qualification_category c ON c.id = p.category_id WHERE p.id = %s", None),
    ("SELECT * FROM teacher_readiness WHERE person_id = %s", None),
    ("SELECT * FROM application a LEFT JOIN commission c ON c.id = a.commission_id "
     "JOIN attestation_period p ON p.id = a.period_id WHERE a.person_id = %s ORDER BY a.id DESC LIMIT 1", None),
]

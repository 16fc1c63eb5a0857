"""The dashboards: figures of the user's scope, with drill-down to the level below and to the rows.

- ``/reports/?node=&period=``: a node's dashboard (default: the user's home) — its sections
  (reports/sections.py), each drillable number a link to the rows behind it, each child node a link
  to its own dashboard;
- ``/reports/rows/<measure>/?node=&period=&key=&commission=&page=``: the rows behind one number
  (reports/stats.drill_rows: the very query the number counts), 50 a page with the exact total;
- ``/reports/workload/?node=&period=``: commissions by applications per voting member (reports/workload.py).

A node out of the scope, an unknown node or period is a 404; an unreadable parameter a 400. A number
is shown only to a user who may read the rows it counts (stats.MEASURE_PERMISSION).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, request, url_for
from flask_appbuilder import BaseView, expose
from flask_appbuilder.security.decorators import has_access
from markupsafe import Markup, escape
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.attestation.labels import category_name, member_role_label, mode_label, state_label
from app.extensions import db
from app.i18n import _, _l
from app.identifiers import mask_iin
from app.security.roles import READ, RUN
from app.tenant_rules import level_label
from app.web.display import local_today, shown_date, shown_datetime
from app.web.params import MAX_INT, BadParameter, int_arg, read_text
from models.attestation import Application
from models.career import OzpResult
from models.commission import Commission, CommissionMember
from models.directories import AttestationPeriod
from models.person import Person
from models.portfolio import EvidenceFile
from reports import charts, stats
from reports.measures import MEASURES, REVIEW_PENDING, Period
from reports.sections import sections as dashboard_sections
from reports.workload import PAGE_SIZE, workload
from tenants.models import Tenant
from tenants.scope import ScopeError, current_scope

ROWS_PER_PAGE = 50
#: the deepest page a list offers (OFFSET past a million rows is the database's slowest read)
MAX_PAGE = 20_000


def _may(resource: str, permission: str = f"can_{READ}") -> bool:
    from flask import current_app

    return bool(current_app.appbuilder.sm.has_access(permission, resource))


def _link(endpoint: str | None, text: object, **values) -> Markup:
    """``text`` as a link to ``endpoint`` (None: plain escaped text)."""
    if endpoint is None:
        return escape(text)
    return Markup('<a href="%s">%s</a>') % (url_for(endpoint, **values), text)


def _number(value: int | float | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.1f}".replace(",", "\u202f")
    return f"{value:,}".replace(",", "\u202f")


def _node_arg() -> int | None:
    return int_arg("node", label=_("Node of the tenant tree"))


def _period_arg() -> int | None:
    return int_arg("period", label=_("Attestation period"))


def _page_arg() -> int:
    return int_arg("page", maximum=MAX_PAGE, default=1, label=_("Page"))


def _reached_node(node_id: int | None) -> Tenant | None:
    """The node asked for, when the user's scope reaches it (404 otherwise)."""
    if node_id is None:
        return None
    node = db.session.get(Tenant, node_id)
    scope = current_scope()
    if node is None or not (scope.unrestricted or scope.reaches_path(node.path)):
        abort(404)
    return node


def _period(period_id: int | None) -> Period | None:
    """The period asked for (404 when unknown), else the open one, else the latest."""
    chosen = stats.choose_period(db.session, period_id)
    if period_id is not None and chosen is None:
        abort(404)
    return Period.of(chosen, local_today()) if chosen is not None else None


def _period_name(period: Period | None) -> str | None:
    chosen = db.session.get(AttestationPeriod, period.id) if period is not None else None  # in the session already
    return str(chosen) if chosen is not None else None


def figure_url(measure: str, *, node_id: int | None, period: Period | None, key: str | None = None,
               commission_id: int | None = None) -> str:
    """The rows list behind a number (a key of None: every row of the measure; "" is a key of its own)."""
    values: dict[str, object] = {"measure": measure}
    if node_id is not None:
        values["node"] = node_id
    if period is not None:
        values["period"] = period.id
    if key is not None:
        values["key"] = key
    if commission_id is not None:
        values["commission"] = commission_id
    return url_for("DashboardView.rows", **values)


def figure(value: int, measure: str, **where) -> Markup:
    """A drillable number: the link the acceptance tests follow (data-* say what it counts)."""
    key = where.get("key")
    keyed = Markup(' data-key="%s"') % key if key is not None else ""
    return Markup('<a class="ustaz-figure" data-measure="%s"%s data-node="%s" data-value="%d" href="%s">%s</a>') % (
        measure, keyed, where.get("node_id") or "", int(value), figure_url(measure, **where), _number(int(value)))


# The rows lists ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Listing:
    """How one model's rows are listed: order, what to load with them, the columns."""

    order: Callable[[], list]
    options: Callable[[], list]
    headers: Callable[[], list[str]]
    #: (rows, today) -> one list of cells per row, and whether the row is to be highlighted
    cells: Callable[[list, dt.date], list[tuple[list, bool]]]


def _person_cells(rows: list[Person], today: dt.date) -> list[tuple[list, bool]]:
    show = "PersonView.show" if _may("Person") else None
    return [([_link(show, p.full_name, pk=p.id), mask_iin(p.iin), escape(p.tenant or ""),
              escape(p.category or "")], False) for p in rows]


def _application_cells(rows: list[Application], today: dt.date) -> list[tuple[list, bool]]:
    show = "ApplicationView.show" if _may("Application") else None
    commission = "CommissionView.show" if _may("Commission") else None
    found = []
    for a in rows:
        overdue = a.state in REVIEW_PENDING and a.review_due_on is not None and a.review_due_on < today
        due = escape(shown_date(a.review_due_on) if a.review_due_on else "")
        if overdue:
            due = Markup('%s <strong class="text-danger">(%s)</strong>') % (due, _("overdue"))
        found.append(([_link(show, a.person or "", pk=a.id), escape(category_name(a.requested_category)),
                       escape(mode_label(a.mode)), escape(state_label(a.state)),
                       _link(commission if a.commission_id else None, a.commission or "", pk=a.commission_id), due],
                      overdue))
    return found


def _tenant_cells(rows: list[Tenant], today: dt.date) -> list[tuple[list, bool]]:
    show = "TenantView.show" if _may("Tenant") else None
    return [([_link(show, t, pk=t.id), escape(level_label(t.level)), escape(t.code or "")], False) for t in rows]


def _user_cells(rows: list, today: dt.date) -> list[tuple[list, bool]]:
    show = "ScopedUserView.show" if _may("User") else None
    return [([_link(show, u.username, pk=u.id), escape(" ".join(p for p in (u.last_name, u.first_name) if p)),
              escape(u.tenant or "")], False) for u in rows]


def _commission_cells(rows: list[Commission], today: dt.date) -> list[tuple[list, bool]]:
    show = "CommissionView.show" if _may("Commission") else None
    return [([_link(show, c.name, pk=c.id), escape(c.tenant or ""), escape(c.period or "")], False) for c in rows]


def _member_cells(rows: list[CommissionMember], today: dt.date) -> list[tuple[list, bool]]:
    show = "CommissionView.show" if _may("Commission") else None
    return [([escape(m.person or ""), escape(member_role_label(m.role)), _link(show, m.commission, pk=m.commission_id)],
             False) for m in rows]


def _file_cells(rows: list[EvidenceFile], today: dt.date) -> list[tuple[list, bool]]:
    may = _may("Profile")
    ids = sorted({f.person_id for f in rows})
    people = {p.id: p for p in db.session.execute(select(Person).where(Person.id.in_(ids))).scalars()} if ids else {}
    return [([_link("ProfileView.file" if may else None, f.original_name, file_id=f.id),
              _link("ProfileView.show" if may else None, people.get(f.person_id, ""), person_id=f.person_id),
              escape(shown_datetime(f.uploaded_on))], False) for f in rows]


def _ozp_cells(rows: list[OzpResult], today: dt.date) -> list[tuple[list, bool]]:
    show = "OzpResultView.show" if _may("Career") else None
    return [([_link(show, r.person or "", pk=r.id), escape(f"{r.percent:.2f}".rstrip("0").rstrip(".") + " %"),
              escape(shown_date(r.taken_on))], False) for r in rows]


def _appeal_cells(rows: list, today: dt.date) -> list[tuple[list, bool]]:
    from app.appeals.rules import is_overdue
    from reports.appeal_sections import appeal_state_words, type_name

    show = "AppealView.show" if _may("Appeal") else None
    found = []
    for a in rows:
        overdue = is_overdue(a.state, a.due_on, today)
        due = escape(shown_date(a.due_on))
        if overdue:
            due = Markup('%s <strong class="text-danger">(%s)</strong>') % (due, _("overdue"))
        found.append(([_link(show, f"№{a.id}", pk=a.id), escape(type_name(a.appeal_type)), escape(a.person or ""),
                       escape(a.tenant or ""), escape(appeal_state_words(a.state, a.resolution)),
                       escape(shown_datetime(a.filed_on)), due, escape(a.body or "")], overdue))
    return found


def _appeal_order() -> list:
    """Open appeals first, the oldest due first (the overdue ones lead), as the appeals list orders them."""
    from sqlalchemy import case

    from app.appeals import states as appeal_states
    from models.appeal import Appeal

    ranks = appeal_states.OPEN_FIRST_RANKS
    rank = case(ranks, value=Appeal.state, else_=len(ranks) + 1)
    return [rank, Appeal.due_on, Appeal.id]


def _listings() -> dict[type, Listing]:
    from app.security.models import UstazUser
    from models.appeal import Appeal

    return {
        Person: Listing(lambda: [Person.last_name, Person.first_name, Person.id],
                        lambda: [selectinload(Person.category)],
                        lambda: [_("Teacher"), _("IIN"), _("Organization"), _("Qualification category")], _person_cells),
        Application: Listing(lambda: [Application.review_due_on.asc().nulls_last(), Application.id],
                             lambda: [],
                             lambda: [_("Teacher"), _("Requested category"), _("Mode"), _("State"), _("Commission"),
                                      _("Review due on")], _application_cells),
        Tenant: Listing(lambda: [Tenant.name_kk, Tenant.id], lambda: [],
                        lambda: [_("Name"), _("Level"), _("Code")], _tenant_cells),
        UstazUser: Listing(lambda: [UstazUser.username, UstazUser.id], lambda: [],
                           lambda: [_("Username"), _("Full name"), _("Organization or department")], _user_cells),
        Commission: Listing(lambda: [Commission.name, Commission.id], lambda: [],
                            lambda: [_("Commission"), _("Organization or department"), _("Attestation period")],
                            _commission_cells),
        CommissionMember: Listing(lambda: [CommissionMember.commission_id, CommissionMember.role, CommissionMember.id],
                                  lambda: [selectinload(CommissionMember.commission)],
                                  lambda: [_("Member"), _("Role"), _("Commission")], _member_cells),
        EvidenceFile: Listing(lambda: [EvidenceFile.uploaded_on.desc(), EvidenceFile.id.desc()], lambda: [],
                              lambda: [_("File"), _("Teacher"), _("Uploaded on")], _file_cells),
        OzpResult: Listing(lambda: [OzpResult.taken_on.desc(), OzpResult.id.desc()],
                           lambda: [selectinload(OzpResult.person)],
                           lambda: [_("Teacher"), _("Result"), _("Taken on")], _ozp_cells),
        Appeal: Listing(_appeal_order, lambda: [selectinload(Appeal.body)],
                        lambda: [_("Appeal"), _("Type"), _("Teacher"), _("Organization"), _("State"), _("Filed on"),
                                 _("Answer due"), _("Answered by")], _appeal_cells),
    }


# The dashboard's pieces ----------------------------------------------------------------------------

def chain_of(node: Tenant | None) -> list[Tenant]:
    """The node and its ancestors, from the top (one statement)."""
    if node is None:
        return []
    ids = [int(part) for part in (node.path or "").strip("/").split("/") if part]
    found = {t.id: t for t in db.session.execute(select(Tenant).where(Tenant.id.in_(ids))).scalars()}
    return [found[i] for i in ids if i in found]


#: rows a chart draws at most (the largest; the table beside it has every row)
CHART_ROWS = 30


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def numeric_columns(section) -> list[int]:
    """Columns (after the first) holding a number in every row."""
    return [i for i in range(1, len(section.columns))
            if section.rows and all(i < len(row) and _is_number(row[i].value) for row in section.rows)]


def section_chart(section, width: int = 460) -> Markup:
    """The chart a section asks for (``section.chart``), drawn from its own rows.

    A row's label is its leading text cells; its values its numeric columns. Several numeric columns
    that are parts of one measure (its keys: outcomes, categories) make stacked bars, every part drawn
    and none picked; a column of another measure beside them (their total) is left out. At most CHART_ROWS rows, the largest."""
    kind = getattr(section, "chart", None)
    numeric = numeric_columns(section) if kind else []
    if not numeric:
        return Markup("")
    first = numeric[0]
    labels = [", ".join(str(cell.value) for cell in row[:first] if cell.value not in (None, "")) for row in section.rows]
    # the parts: the columns counting the same measure as the first (its keys); a column of another
    # measure (the teachers beside teachers by category) is their total, not a part
    measure = getattr(section, "chart_measure", None) or section.rows[0][first].measure
    parts = [i for i in numeric if section.rows[0][i].measure == measure] if measure else numeric
    values = [[row[i].value for i in parts] for row in section.rows]
    rows = list(zip(labels, values, strict=True))
    title = str(section.title)
    if kind != "funnel" and kind != "histogram" and len(rows) > CHART_ROWS:
        rows = sorted(rows, key=lambda item: -sum(item[1]))[:CHART_ROWS]
        title = _("%(title)s: the %(n)d largest", title=title, n=CHART_ROWS)
    if kind == "stacked" or (kind == "bars" and len(parts) > 1):
        return charts.stacked(rows, [str(section.columns[i]) for i in parts], title=title, width=width)
    draw = charts.KINDS.get(kind, charts.bars)
    return draw([(label, numbers[0]) for label, numbers in rows], title=title, width=width)


@dataclass
class ShownSection:
    """A section as the page shows it: every cell already HTML (drillable numbers are links)."""

    code: str
    title: str
    columns: list[str]
    rows: list[list[Markup]]
    total: list[Markup] | None
    chart: Markup
    note: str | None
    #: its rows are the dashboard's child nodes, each name a link to that node's dashboard
    links_children: bool
    #: per column: numbers (aligned right)
    numeric: list[bool]
    #: the chart beside the table (a narrow table), else below it, wider
    side: bool


def show_sections(dashboard: stats.Dashboard, sections: list, node_id: int | None) -> list[ShownSection]:
    """The sections with each count a link to its rows (``a.ustaz-figure``) and each child node's name a
    link to its dashboard. ``node_id`` is the node asked for (None: the home dashboard)."""
    period = dashboard.period
    home = dashboard.node.id if dashboard.node is not None else None
    children = {child.id for child, _figures in dashboard.children}

    def cell_html(cell) -> Markup:
        measure = MEASURES.get(cell.measure) if cell.measure else None
        number = _is_number(cell.value)
        if measure is not None and measure.listable and dashboard.shows(cell.measure) and isinstance(cell.value, int) \
                and number:
            target = cell.node_id if cell.node_id is not None else node_id
            if node_id is None and target == home:
                # the home dashboard counts the whole scope (nationally: rows of no node too)
                target = None
            return figure(cell.value, cell.measure, node_id=target, period=period, key=cell.key)
        if number:
            return escape(_number(cell.value))
        return escape("" if cell.value is None else cell.value)

    def child_of(row) -> int | None:
        found = {cell.node_id for cell in row if cell.node_id is not None}
        return found.pop() if len(found) == 1 and found <= children else None

    shown = []
    for section in sections:
        rows, linked = [], False
        for row in section.rows:
            cells = [cell_html(cell) for cell in row]
            child = child_of(row)
            if child is not None and cells and not row[0].measure:
                cells[0] = Markup('<a class="ustaz-node" href="%s">%s</a>') % (
                    url_for("DashboardView.index", node=child, period=period.id if period else None), row[0].value)
                linked = True
            rows.append(cells)
        total = [cell_html(cell) for cell in section.total] if section.total else None
        numbers = set(numeric_columns(section))
        side = len(section.columns) <= 3
        shown.append(ShownSection(section.code, section.title, list(section.columns), rows, total,
                                  section_chart(section, 460 if side else 760), section.note, linked,
                                  [i in numbers for i in range(len(section.columns))], side))
    return shown


class DashboardView(BaseView):
    route_base = "/reports"
    class_permission_name = "Report"
    method_permission_name = {"index": READ, "rows": READ, "workload": READ}
    # the same as the exports' view on the shared "Report" resource (views/report_exports.py): FAB's
    # permission sync drops from a resource what one of its views does not declare
    base_permissions = [f"can_{READ}", f"can_{RUN}"]
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        node_id, period_id = _node_arg(), _period_arg()
        scope = current_scope()
        permitted = [code for code, resource in stats.MEASURE_PERMISSION.items() if _may(resource)]
        try:
            dashboard = stats.build(db.session, scope, node_id=node_id, period_id=period_id, permitted=permitted)
        except ScopeError:
            abort(404)
        shown = show_sections(dashboard, dashboard_sections(dashboard, today=local_today()), node_id)
        periods = db.session.execute(select(AttestationPeriod).order_by(AttestationPeriod.applications_open_on.desc(),
                                                                        AttestationPeriod.id.desc())).scalars().all()
        chain = chain_of(dashboard.node)
        # the children are listed by a section (each linked to its dashboard); otherwise by a table of their own
        listed = any(section.links_children for section in shown)
        child_measures = [] if listed else [(code, label) for code, label in (
            ("organizations", _("Education organizations")), ("teachers", _("Teachers")),
            ("attestees", _("Attestees this period"))) if dashboard.shows(code)]
        return self.render_template(
            "ustaz/dashboard.html", dashboard=dashboard, sections=shown,
            chain=chain, reachable={t.id for t in chain if scope.unrestricted or scope.reaches_path(t.path)},
            periods=periods, children=[] if listed else dashboard.children, child_measures=child_measures,
            node_id=node_id,
            level_label=level_label, shown_datetime=shown_datetime, number=_number,
            child_figure=lambda child, figures, measure: figure(
                figures.count(measure), measure, node_id=child.id, period=dashboard.period),
            may_workload=_may("Commission") and _may("Application"), may_export=_may("Report", f"can_{RUN}"),
            title=_("Reports"),
        )

    @expose("/rows/<measure>/")
    @has_access
    def rows(self, measure: str):
        code = measure if measure in MEASURES else None
        if code is None or not MEASURES[code].listable:
            abort(404)
        resource = stats.MEASURE_PERMISSION.get(code)
        if resource is None or not _may(resource):
            abort(403)
        node = _reached_node(_node_arg())
        period = _period(_period_arg())
        raw_key = request.args.get("key")
        key = None if raw_key is None else read_text(raw_key, max_length=80, label=_("Key"), error=BadParameter)
        commission_id = int_arg("commission", label=_("Commission"))
        page = _page_arg()
        try:
            found, statement = stats.drill_rows(current_scope(), code, period, node, key)
        except KeyError:
            abort(404)
        model = found.model
        if commission_id is not None:
            column = getattr(model, "commission_id", None)
            if column is None:
                abort(404)
            statement = statement.where(column == commission_id)
        listing = _listings().get(model)
        if listing is None:
            abort(404)
        total = db.session.execute(statement.with_only_columns(func.count(), maintain_column_froms=True)
                                   .order_by(None)).scalar_one()
        rows = list(db.session.execute(statement.options(*listing.options()).order_by(*listing.order())
                                       .limit(ROWS_PER_PAGE).offset((page - 1) * ROWS_PER_PAGE)).unique().scalars())
        today = local_today()
        pages = max(1, -(-total // ROWS_PER_PAGE))

        def page_url(number: int) -> str:
            args = request.args.to_dict()
            args["page"] = number
            return url_for("DashboardView.rows", measure=code, **args)

        return self.render_template(
            "ustaz/report_rows.html", measure=code, title=measure_title(code), key_label=key_label(code, key),
            node=node, period=period, total=total, headers=listing.headers(), rows=listing.cells(rows, today),
            page=page, pages=pages, page_url=page_url, number=_number,
            back=url_for("DashboardView.index", **{k: v for k, v in (("node", node.id if node else None),
                                                                      ("period", period.id if period else None))
                                                   if v is not None}),
            commission=db.session.get(Commission, commission_id) if commission_id else None, key=key,
            commission_id=commission_id, may_export=_may("Report", f"can_{RUN}"),
            period_name=_period_name(period) if found.period_bound else None,
        )

    @expose("/workload/")
    @has_access
    def workload(self):
        if not (_may("Commission") and _may("Application")):
            abort(403)
        node = _reached_node(_node_arg())
        period = _period(_period_arg())
        page = _page_arg()
        scope = current_scope()
        if node is None:
            node = stats.home_node(db.session, scope)
        found = workload(db.session, scope, node, period, page=page)
        node_id = node.id if node is not None else None
        pages = max(1, -(-found.total // PAGE_SIZE))

        def page_url(number: int) -> str:
            args = request.args.to_dict()
            args["page"] = number
            return url_for("DashboardView.workload", **args)

        def drill(value: int, measure: str, commission: Commission | None = None) -> Markup:
            return figure(value, measure, node_id=node_id, period=period,
                          commission_id=commission.id if commission is not None else None)

        return self.render_template(
            "ustaz/workload.html", workload=found, node=node, period=period, page=page, pages=pages,
            page_url=page_url, number=_number, drill=drill, chain=chain_of(node), level_label=level_label,
            may_commission=_may("Commission"), title=_("Commission workload"), period_name=_period_name(period),
            back=url_for("DashboardView.index", **{k: v for k, v in (("node", node_id), ("period",
                                                                                      period.id if period else None))
                                                   if v is not None}),
        )


def measure_title(code: str) -> str:
    """What the rows of a measure are, in words (the list's heading)."""
    titles = {
        "organizations": _("Education organizations"), "teachers": _("Teachers"), "users": _("Users"),
        "commissions": _("Attestation commissions"), "materials": _("Materials uploaded"),
        "attestees": _("Attestees of the period"), "applications_by_state": _("Applications by state"),
        "outcomes": _("Decisions of the commissions"), "outcomes_by_request": _("Decisions by requested category and mode"),
        "review_due": _("Applications awaiting review"), "overdue": _("Overdue reviews"),
        "failed_indicators": _("Applications failing a portfolio indicator"), "decided": _("Decided applications"),
        "period_commissions": _("Commissions of the period"), "voting_members": _("Voting members of the commissions"),
        "categories": _("Teachers by qualification category"),
        "observation_covered": _("Teachers with full observation coverage"), "ozp_bands": _("Knowledge test (OZP) results"),
        "appeals": _("Appeals by type and state"), "appeals_by_type": _("Appeals by type"),
        "appeals_by_stage": _("Appeals by state"), "appeals_due": _("Open appeals by answer date"),
        "appeals_overdue": _("Overdue appeals"), "appeal_answers": _("Answers to appeals"),
    }
    return titles.get(code, _("Rows behind the figure"))


def key_label(code: str, key: str | None) -> str | None:
    """The key of a number in words (a state, an outcome, a category, a band), never a code."""
    if key is None:
        return None
    from app.attestation.labels import outcome_label

    if code == "applications_by_state":
        return state_label(key)
    if code == "outcomes":
        return outcome_label(key)
    if code == "outcomes_by_request":
        parts = key.split("|")
        if len(parts) == 3:
            return f"{category_name(parts[0])}, {mode_label(parts[1])}: {outcome_label(parts[2])}"
        return key
    if code == "review_due":
        try:
            return _("review due on %(date)s", date=shown_date(dt.date.fromisoformat(key)))
        except ValueError:
            return key
    if code.startswith("appeal"):
        from reports.appeal_sections import appeal_key_label

        return appeal_key_label(code, key)
    if code == "ozp_bands":
        try:
            low = int(key)
        except ValueError:
            return key
        return f"{low}–{low + 10 if low < 90 else 100} %"
    if code == "failed_indicators":
        from app.portfolio.sections import INDICATOR_TITLES

        title = INDICATOR_TITLES.get(key)
        return f"{key} {title}" if title is not None else key
    if code == "categories":
        if key == "":
            return _("no category")
        from models.directories import QualificationCategory

        category = db.session.get(QualificationCategory, int(key)) if key.isascii() and key.isdigit() \
            and len(key) < 10 and int(key) <= MAX_INT else None
        return str(category) if category is not None else key
    return key or None


def register_report_views(appbuilder, add) -> None:
    """The dashboards' menu entry (its category is shared with the exports)."""
    add(DashboardView, "Reports", _l("Reports"), "fa-bar-chart", "ReportsMenu", _l("Reports"), "fa-bar-chart")


__all__ = ["DashboardView", "figure", "figure_url", "register_report_views"]

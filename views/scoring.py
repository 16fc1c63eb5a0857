"""Criteria configuration (rule sets) and stored scores, with batch scoring of a scope."""

from __future__ import annotations

import json
import uuid

from flask import Response, abort, current_app, flash, has_request_context, redirect, request, url_for
from flask_appbuilder import expose
from flask_appbuilder.actions import action
from flask_appbuilder.security.decorators import has_access
from flask_login import current_user
from sqlalchemy import select
from wtforms.validators import AnyOf, DataRequired

from app.attestation.labels import mode_label
from app.errors import RuleViolation
from app.extensions import db
from app.i18n import _, _l
from app.scoring import ruleset_form, rulesets
from app.scoring.defaults import CATEGORIES, EDUCATION_LEVELS, INDICATORS, POSITIONS
from app.scoring.messages import category_name, describe_all
from app.scoring.validation import KINDS, InvalidInput, Problem
from models.criteria import RuleSet, RuleSetRule, ScoreResult
from tenants.interface import ScopedSQLAInterface
from views.base import PERMISSION_MAP, ScopedModelView, commit_or_flash
from views.profile import INDICATOR_TITLES  # defined there or re-exported from app.portfolio.sections
from views.scoring_display import (
    explained_result,
    indicators_text,
    parameters_table,
    rule_kind_label,
    rule_parameters_text,
    rule_scope_label,
    snapshot_table,
)

LABELS = {
    "name": _l("Identifier (for the CLI and stored scores)"),
    "display_name": _l("Name"),
    "name_kk": _l("Name (kk)"),
    "name_ru": _l("Name (ru)"),
    "name_en": _l("Name (en)"),
    # the order (бұйрық) that approved the rules, not a sort order
    "order_reference": _l("Order (number and date)"),
    "effective_from": _l("Effective from"),
    "status": _l("Status"),
    "published_on": _l("Published on"),
    "parameters": _l("Parameters"),
    "indicator": _l("Indicator"),
    "education_level": _l("Education level"),
    "position": _l("Position"),
    "category": _l("Category"),
    "applicable": _l("Applicable"),
    "kind": _l("Rule kind"),
    "params": _l("Parameters"),
    "person": _l("Teacher"),
    "rule_set_name": _l("Rule set"),
    "rule_set_label": _l("Rule set"),
    "rules": _l("Rules"),
    "previous": _l("Previous version"),
    "requested_category": _l("Requested category"),
    "mode": _l("Mode"),
    "computed_on": _l("Computed on"),
    "portfolio_met": _l("Portfolio met"),
    "outcome": _l("Recommended outcome"),
    "outcome_label": _l("Recommended outcome"),
    "status_label": _l("Status"),
    "awarded_category": _l("Category"),
    "total_points": _l("Points"),
    "failing": _l("Indicators not met"),
    "result": _l("Explained result"),
    "snapshot": _l("Snapshot scored"),
}


STATUS_LABELS = {"draft": _l("draft"), "published": _l("published"), "retired": _l("retired")}
OUTCOME_LABELS = {"assigned": _l("assigned"), "confirmed": _l("confirmed"), "lowered": _l("lowered"),
                  "not_assigned": _l("not assigned")}
RuleSet.status_label = property(lambda self: str(STATUS_LABELS.get(self.status, self.status)))
ScoreResult.outcome_label = property(lambda self: str(OUTCOME_LABELS.get(self.outcome, self.outcome)))
ScoreResult.rule_set_label = property(lambda self: rulesets.display_name(db.session, self.rule_set_name))


def may_edit_criteria() -> bool:
    """National admins (write on the criteria) see drafts; everyone else only what is published."""
    if not has_request_context():
        return False
    try:
        return bool(current_app.appbuilder.sm.has_access("can_write", "Criteria"))
    except Exception:  # no user, no security manager: default-deny
        return False


class RuleSetInterface(ScopedSQLAInterface):
    """Rule sets as readers may see them: a draft (its name and its content) only for those who
    edit the criteria; everyone else reads published and retired sets. Applies to the list, show,
    compare, the JSON export and every action (they all read through ``get``)."""

    def _scoped_query(self, query):
        query = super()._scoped_query(query)
        return query if may_edit_criteria() else query.filter(RuleSet.status != "draft")

    def readable(self):
        return self._scoped_query(self.session.query(RuleSet))


class RuleSetRuleInterface(ScopedSQLAInterface):
    """A draft's rules, like the draft itself, only for those who edit the criteria."""

    def _scoped_query(self, query):
        query = super()._scoped_query(query)
        if may_edit_criteria():
            return query
        # a self-contained subquery (no correlation with a join to rule_set a search may add)
        drafts_hidden = select(RuleSet.id).where(RuleSet.status != "draft").correlate(None)
        return query.filter(RuleSetRule.rule_set_id.in_(drafts_hidden))


class RuleSetRuleView(ScopedModelView):
    datamodel = RuleSetRuleInterface(RuleSetRule)
    class_permission_name = "Criteria"
    list_title = _l("Rules")
    label_columns = LABELS
    list_columns = ["indicator", "education_level", "position", "category", "applicable", "kind", "params"]
    show_columns = list_columns
    add_columns = ["rule_set", "indicator", "education_level", "position", "category", "applicable", "kind"]
    edit_columns = ["indicator", "education_level", "position", "category", "applicable", "kind"]  # never moved
    # the enumerations the engine knows: a typo is a form error, not a rule set nobody can score with
    validators_columns = {
        "indicator": [AnyOf(INDICATORS, message=_l("Unknown value; choose one of: %(values)s"))],
        "kind": [AnyOf(KINDS, message=_l("Unknown value; choose one of: %(values)s"))],
        "education_level": [AnyOf(("*", *EDUCATION_LEVELS), message=_l("Unknown value; choose one of: %(values)s"))],
        "position": [AnyOf(("*", *POSITIONS), message=_l("Unknown value; choose one of: %(values)s"))],
        "category": [AnyOf(("*", *CATEGORIES), message=_l("Unknown value; choose one of: %(values)s"))],
    }
    formatters_columns = {"params": rule_parameters_text, "kind": rule_kind_label,
                          **{c: rule_scope_label(c) for c in ("education_level", "position", "category")}}
    base_order = ("indicator", "asc")


class RuleSetView(ScopedModelView):
    datamodel = RuleSetInterface(RuleSet)
    class_permission_name = "Criteria"
    method_permission_name = {**PERMISSION_MAP, "publish": "write", "clone": "write", "what_if": "write",
                              "compare": "read", "edit_rules": "write", "edit_json": "write", "export_json": "read"}
    list_title = _l("Criteria rule sets")
    show_template = "ustaz/ruleset_show.html"
    label_columns = LABELS
    list_columns = ["display_name", "status_label", "effective_from", "order_reference", "published_on"]
    show_columns = ["display_name", "name_kk", "name_ru", "name_en", "name", "order_reference", "effective_from",
                    "status_label", "published_on", "parameters"]
    add_columns = edit_columns = ["name_kk", "name_ru", "name_en", "name", "order_reference", "effective_from"]
    validators_columns = {"name_kk": [DataRequired()], "name_ru": [DataRequired()]}
    formatters_columns = {"parameters": parameters_table}
    related_views = [RuleSetRuleView]
    base_order = ("effective_from", "desc")

    @action("publish", _l("Publish"), _l("Publish this rule set? It can no longer be changed."), "fa-check", multiple=False)
    def publish(self, item):
        try:
            commit_or_flash(lambda: rulesets.publish(item), _("The rule set is published."))
        except InvalidInput as exc:  # the engine could not score with it: say why, publish nothing
            db.session.rollback()
            _flash_problems(_("This rule set cannot be published:"), exc.problems)
        return redirect(url_for(".show", pk=item.id))

    @action("what_if", _l("What-if on my scope"), "", "fa-flask", multiple=False)
    def what_if(self, item):
        """Run this (draft) rule set against the user's scope and compare with the published one."""
        from app.jobs import enqueue
        from app.scoring.whatif import what_if

        problems = rulesets.content_problems(item)
        if problems:
            _flash_problems(_("This rule set cannot be scored with:"), problems)
            return redirect(url_for(".show", pk=item.id))
        record = enqueue(what_if, item.name, description=_("What-if: %(name)s", name=item.name), user=current_user)
        return redirect(url_for("JobView.show", pk=record.id))

    @expose("/compare/<int:pk>")
    @has_access
    def compare(self, pk: int):
        """Two versions side by side: parameters and rules, differences marked."""
        from app.web.params import int_arg

        left = self.datamodel.get(pk)
        other_id = int_arg("with", label=_("Compare rule sets")) or (left.previous_id if left else None)
        right = self.datamodel.get(other_id) if other_id else None
        if left is None or right is None:
            abort(404)
        params = sorted(set(_flatten(left.parameters)) | set(_flatten(right.parameters)))
        a, b = _flatten(left.parameters), _flatten(right.parameters)
        rules_a = {_rule_key(r): r for r in left.rules}
        rules_b = {_rule_key(r): r for r in right.rules}
        rows = []
        for key in sorted(set(rules_a) | set(rules_b)):
            ra, rb = rules_a.get(key), rules_b.get(key)
            rows.append((_rule_title(ra or rb), _rule_text(ra), _rule_text(rb)))
        return self.render_template("ustaz/ruleset_compare.html", left=left, right=right,
                                    params=[(_parameter_title(k), _shown(a.get(k)), _shown(b.get(k)))
                                            for k in params], rules=rows,
                                    others=self.datamodel.readable().order_by(RuleSet.id).all(),
                                    title=_("Compare rule sets"))

    @expose("/edit_rules/<int:pk>", methods=["GET", "POST"])
    @has_access
    def edit_rules(self, pk: int):
        """The draft's parameters and each indicator's rule as labelled inputs. Everything is
        checked before anything is saved: a refused form comes back with the values typed and
        every problem beside its input (422), nothing written."""
        item = self.datamodel.get(pk)
        if item is None:
            abort(404)
        problems: list[Problem] = []
        errors: list[str] = []
        status = 200
        if request.method == "POST":
            ids = [rule.id for rule in item.rules]
            if request.form.get("rule_ids", "") != ",".join(str(i) for i in ids):
                errors, status = [_("The rules of this set were changed since the page was opened: nothing was "
                                    "saved. Enter your changes again on this page.")], 409
            else:
                changes = {rule.id: ruleset_form.read_rule(request.form, rule.id, rule.kind) for rule in item.rules}
                try:
                    rulesets.update_content(item, ruleset_form.read_parameters(request.form), changes)
                    db.session.commit()
                    flash(_("The draft is saved."), "success")
                    return redirect(url_for(".show", pk=pk))
                except InvalidInput as exc:
                    problems, status = exc.problems, 422
                except RuleViolation as exc:
                    errors, status = [str(exc)], 422
                db.session.rollback()
                item = self.datamodel.get(pk)
                if item is None:
                    abort(404)
        page = self._rule_form(item, problems, errors, request.form if status in (409, 422) else None)
        return (page, status) if status != 200 else page

    def _rule_form(self, item: RuleSet, problems: list[Problem], errors: list[str], typed):
        from models.directories import EducationLevel, Position

        names = {"education_level": {e.code: e.localized_name() for e in db.session.query(EducationLevel)},
                 "position": {p.code: p.localized_name() for p in db.session.query(Position)}}
        labels = ruleset_form.key_labels(names)
        parameters = ruleset_form.parameter_entries(item.parameters or {}, labels)
        kinds = ruleset_form.kind_labels()
        any_word = _("any")
        blocks = []
        for rule in item.rules:
            scope = " / ".join(
                any_word if value == "*" else (category_name(value) if key == "category" else
                                               names.get(key, {}).get(value, value))
                for key, value in (("education_level", rule.education_level), ("position", rule.position),
                                   ("category", rule.category)))
            blocks.append(ruleset_form.RuleBlock(
                rule_id=rule.id, name=f"r{rule.id}", indicator=rule.indicator,
                title=str(INDICATOR_TITLES.get(rule.indicator, "")), scope=scope, kind=kinds.get(rule.kind, rule.kind),
                applicable=rule.applicable,
                entries=ruleset_form.rule_entries(rule.id, rule.kind, rule.params or {}, labels)))
        if typed is not None:  # a refused form: what was typed, not what is stored
            ruleset_form.keep_typed(parameters, blocks, typed)
        errors = errors + ruleset_form.place_problems(problems, [r.id for r in item.rules], parameters, blocks)
        return self.render_template(
            "ustaz/ruleset_edit.html", item=item, errors=errors, refused=bool(problems or errors),
            parameters=parameters, rules=blocks, rule_ids=",".join(str(r.id) for r in item.rules),
            editable=item.status == "draft", title=_("Edit the rule set"))

    @expose("/edit_json/<int:pk>", methods=["GET", "POST"])
    @has_access
    def edit_json(self, pk: int):
        """Advanced: the draft's parameters and rules as JSON (export by copying, import by
        pasting), validated like the form before anything is saved: refused text is shown again
        with every problem (422), nothing written."""
        item = self.datamodel.get(pk)
        if item is None:
            abort(404)
        errors: list[str] = []
        if request.method == "POST":
            try:
                rulesets.replace_content(item, request.form.get("parameters", ""), request.form.get("rules", ""))
                db.session.commit()
                flash(_("The draft is saved."), "success")
                return redirect(url_for(".show", pk=pk))
            except InvalidInput as exc:
                errors = describe_all(exc.problems)
            except RuleViolation as exc:
                errors = [str(exc)]
            db.session.rollback()
            item = self.datamodel.get(pk)
            if item is None:
                abort(404)
        page = self.render_template(
            "ustaz/ruleset_json.html", item=item, errors=errors,
            parameters=request.form.get("parameters") or json.dumps(item.parameters, ensure_ascii=False, indent=2),
            rules=request.form.get("rules") or json.dumps(rulesets.rules_as_json(item), ensure_ascii=False, indent=1),
            title=_("JSON export and import"))
        return (page, 422) if errors else page

    @expose("/export_json/<int:pk>")
    @has_access
    def export_json(self, pk: int):
        """The rule set as one JSON file: its names, parameters and rules."""
        item = self.datamodel.get(pk)
        if item is None:
            abort(404)
        document = {"name": item.name, "names": {lang: getattr(item, f"name_{lang}") for lang in rulesets.LANGUAGES},
                    "order_reference": item.order_reference, "effective_from": item.effective_from.isoformat(),
                    "status": item.status, "parameters": item.parameters, "rules": rulesets.rules_as_json(item)}
        return Response(json.dumps(document, ensure_ascii=False, indent=1), mimetype="application/json",
                        headers={"Content-Disposition": f"attachment; filename=rule-set-{item.id}.json"})

    @action("clone", _l("Clone as a draft"), "", "fa-copy", multiple=False)
    def clone(self, item):
        word = _("draft")
        suffix = f" — {word} {uuid.uuid4().hex[:6]}"
        # the name column holds 120 characters: a long name is shortened, never a database error
        limit = RuleSet.__table__.c.name.type.length
        copy = rulesets.clone(db.session, item, item.name[: max(limit - len(suffix), 1)] + suffix)
        db.session.commit()
        flash(_("A draft copy was created."), "success")
        return redirect(url_for(".show", pk=copy.id))


class ScoreResultView(ScopedModelView):
    datamodel = ScopedSQLAInterface(ScoreResult)
    class_permission_name = "Score"
    # Scores are computed, never typed: no add, edit or delete pages (and no buttons for them).
    include_route_methods = {"list", "show", "export", "run_batch", "batch_report", "action", "action_post",
                             "download"}
    method_permission_name = {**PERMISSION_MAP, "run_batch": "write", "batch_report": "read", "add": "compute",
                              "edit": "compute", "delete": "compute"}
    base_permissions = ["can_read", "can_write"]
    list_title = _l("Scores")
    list_template = "ustaz/score_list.html"
    label_columns = LABELS
    list_columns = ["person", "requested_category", "portfolio_met", "outcome_label", "awarded_category",
                    "total_points", "failing", "computed_on"]
    show_columns = list_columns + ["rule_set_label", "mode", "result", "snapshot"]
    search_columns = ["person", "portfolio_met", "outcome", "failing", "requested_category", "computed_on", "batch_key"]
    formatters_columns = {"result": explained_result, "snapshot": snapshot_table, "failing": indicators_text,
                          "requested_category": category_name, "awarded_category": category_name, "mode": mode_label}
    base_order = ("computed_on", "desc")

    @expose("/run/", methods=["POST"])
    @has_access
    def run_batch(self):
        """Score every teacher in the user's scope for their next category, as a background job."""
        from app.jobs import enqueue
        from app.scoring.batch import score_scope

        key = uuid.uuid4().hex
        # the batch key is in the description: `flask ustaz score-batch --batch KEY` resumes it
        label = _("Scoring of the teachers in your scope")
        record = enqueue(score_scope, key, description=f"{label} ({key})", user=current_user)
        return redirect(url_for(".batch_report", job_id=record.id))

    @expose("/batch/<int:job_id>")
    @has_access
    def batch_report(self, job_id: int):
        """A scoring batch's report in the reader's language: counts, and every teacher whose
        records could not be scored with the reasons (the job stores codes, not sentences)."""
        from app.scoring.batch import score_scope
        from app.scoring.validation import Problem
        from views.jobs import STATE_LABELS, JobView

        job = JobView.datamodel.get(job_id)  # the jobs' own visibility rule, not a second copy
        if job is None or job.func != f"{score_scope.__module__}.{score_scope.__qualname__}":
            abort(404)
        result = job.result if isinstance(job.result, dict) else {}

        def sentences(problems) -> list[str]:
            return describe_all(Problem.from_dict(p) for p in problems if isinstance(p, dict))

        rejected = [(entry.get("person_id"), entry.get("name") or "", sentences(entry.get("problems") or []))
                    for entry in result.get("rejected") or [] if isinstance(entry, dict)]
        return self.render_template(
            "ustaz/score_batch.html", job=job, result=result, rejected=rejected,
            state=str(STATE_LABELS.get(job.state, job.state)), refresh=job.state in ("queued", "started"),
            rule_set_problems=sentences(result.get("rule_set_problems") or []),
            rule_set_name=rulesets.display_name(db.session, result.get("rule_set")),
            title=_("Scoring batch"))


def _flash_problems(title: str, problems) -> None:
    flash(title, "danger")
    for line in describe_all(problems):
        flash(line, "danger")


def _flatten(data, prefix: str = "") -> dict[str, object]:
    flat: dict[str, object] = {}
    for key, value in (data or {}).items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


def _rule_key(rule) -> str:
    return f"{rule.indicator} [{rule.education_level}/{rule.position}/{rule.category}]"


def _rule_text(rule) -> str:
    """A rule in words for the comparison: its kind and parameters as the editor labels them."""
    if rule is None:
        return ""
    if not rule.applicable:
        return _("does not apply")
    return f"{rule_kind_label(rule.kind)}: {rule_parameters_text(rule.params)}"


def _rule_title(rule) -> str:
    """The indicator and whom the rule is for, in words."""
    scope = [rule_scope_label(column)(getattr(rule, column))
             for column in ("education_level", "position", "category")]
    return f"{rule.indicator} · {INDICATOR_TITLES.get(rule.indicator, rule.indicator)} ({' / '.join(map(str, scope))})"


def _parameter_title(flat_key: str) -> str:
    """A flattened parameter key ("level_points.district") as the editor's labels."""
    names, keys = ruleset_form.parameter_labels(), ruleset_form.key_labels({})
    head, _dot, rest = flat_key.partition(".")
    title = names.get(head, head)
    return f"{title}: {keys.get(rest, rest)}" if rest else str(title)


def _shown(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return ruleset_form.shown_number(value) if isinstance(value, (int, float)) else str(value)

"""The tenant tree in the admin: national admins edit it, staff read their subtree."""

from __future__ import annotations

from flask import flash, g
from flask_appbuilder import expose
from flask_appbuilder.security.decorators import has_access
from markupsafe import Markup, escape
from wtforms import SelectField
from wtforms.validators import DataRequired

from app.errors import RuleViolation
from app.i18n import _, _l
from app.integrations import prefill
from app.integrations.disputes import TENANT_FIELDS
from app.security.roles import DISPUTE
from app.tenant_rules import check_tenant, level_choices, level_label
from tenants.interface import ScopedSQLAInterface
from tenants.models import Tenant
from views.base import PERMISSION_MAP, WRITE, ScopedModelRestApi, ScopedModelView
from views.disputes import RegistryValueDisputes
from views.registry_lookup import optional_on_add, organization_lookup

COLUMN_LABELS = {
    "name_kk": _l("Name (kk)"),
    "name_ru": _l("Name (ru)"),
    "name_en": _l("Name (en)"),
    "level": _l("Level"),
    "code": _l("Code (KATO / BIN)"),
    "parent": _l("Parent"),
    "education_level": _l("Education level"),
    "organization_type": _l("Organization type"),
    "address": _l("Address"),
    "is_active": _l("Active"),
    "level_label": _l("Level"),
    "children_link": _l("Subordinate"),
}
#: where the outcome of the add form's ГБД ЮЛ lookup waits for the page's message (post_add)
PREFILL_KEY = "ustaz_tenant_prefill"


def _prefilled_rules(item: Tenant) -> None:
    """An organization's empty names and address from ГБД ЮЛ by БИН, then the tree's rules."""
    found = prefill.organization_from_gbdul(item)
    setattr(g, PREFILL_KEY, found)
    error = check_tenant(item)
    if error:
        from app.extensions import db

        db.session.rollback()
        raise RuleViolation(prefill.explain(error, found))


class TenantView(RegistryValueDisputes, ScopedModelView):
    datamodel = ScopedSQLAInterface(Tenant)
    class_permission_name = "Tenant"
    # disputing a registry's value is a reader action (roles.READER_ACTIONS): auditors lack it
    method_permission_name = {**PERMISSION_MAP, "dispute": DISPUTE, "lookup": WRITE}
    disputed_fields = TENANT_FIELDS
    add_template = "ustaz/tenant_add.html"
    list_title = _l("Tenant tree")
    show_title = _l("Organization / department")
    add_title = _l("Add a node")
    edit_title = _l("Edit a node")
    list_columns = ["name_kk", "level_label", "code", "parent", "education_level", "children_link"]
    show_columns = [
        "name_kk",
        "name_ru",
        "name_en",
        "level_label",
        "code",
        "parent",
        "education_level",
        "organization_type",
        "address",
        "is_active",
    ]
    add_columns = [
        "level",
        "parent",
        "name_kk",
        "name_ru",
        "name_en",
        "code",
        "education_level",
        "organization_type",
        "address",
        "is_active",
    ]
    edit_columns = add_columns
    search_columns = ["name_kk", "name_ru", "code", "level", "parent", "education_level", "is_active"]
    export_columns = ["id", "level", "code", "name_kk", "name_ru", "name_en", "parent", "education_level"]
    label_columns = COLUMN_LABELS
    base_order = ("path", "asc")
    add_form_extra_fields = {
        "level": SelectField(_l("Level"), choices=level_choices, validators=[DataRequired()])
    }
    edit_form_extra_fields = add_form_extra_fields

    def _init_forms(self):
        super()._init_forms()
        # left empty, an organization's names come from ГБД ЮЛ by its БИН (check_tenant still requires them)
        optional_on_add(self.add_form, ("name_kk", "name_ru"),
                        _l("An organization's names left empty are taken from the State database of legal entities by its BIN."))

    def pre_add(self, item: Tenant) -> None:
        super().pre_add(item)  # the scope first: nobody outside it makes us ask ГБД ЮЛ
        _prefilled_rules(item)

    def post_add(self, item: Tenant) -> None:
        super().post_add(item)
        said = prefill.note(g.get(PREFILL_KEY))
        if said:
            flash(*said)

    def pre_update(self, item: Tenant) -> None:
        self._check_rules(item)
        super().pre_update(item)

    @expose("/lookup/", methods=["POST"])
    @has_access
    def lookup(self):
        """The add form's "Find by BIN" button: the names and address ГБД ЮЛ holds (JSON, throttled)."""
        return organization_lookup()

    def _check_rules(self, item: Tenant) -> None:
        error = check_tenant(item)
        if error:
            from app.extensions import db

            db.session.rollback()
            raise RuleViolation(error)


def _level_label(self) -> str:
    return level_label(self.level)


def _children_link(self) -> Markup:
    if self.level == "organization":
        return Markup("")
    url = f"/tenantview/list/?_flt_0_parent={self.id}"
    label = _("Open subordinate nodes")
    return Markup(f'<a href="{escape(url)}">{escape(label)}</a>')


Tenant.level_label = property(_level_label)
Tenant.children_link = property(_children_link)


class TenantApi(ScopedModelRestApi):
    resource_name = "tenant"
    datamodel = ScopedSQLAInterface(Tenant)
    class_permission_name = "Tenant"
    list_columns = ["id", "level", "code", "name_kk", "name_ru", "name_en", "parent.id", "path", "is_active", "source",
                    "collected_on"]
    show_columns = list_columns
    add_columns = ["level", "parent", "code", "name_kk", "name_ru", "name_en", "education_level", "is_active"]
    edit_columns = add_columns
    search_columns = ["name_kk", "name_ru", "code", "level", "parent"]

    def _init_model_schemas(self) -> None:
        super()._init_model_schemas()
        # an organization may be posted with its БИН only: the names come from ГБД ЮЛ
        for name in ("name_kk", "name_ru"):
            self.add_model_schema.fields[name].required = False

    def pre_add(self, item: Tenant) -> None:
        super().pre_add(item)  # the scope first: nobody outside it makes us ask ГБД ЮЛ
        _prefilled_rules(item)

    def post_headless(self):
        response = super().post_headless()
        said = prefill.note(g.get(PREFILL_KEY)) if response.status_code == 201 else None
        if said:  # what ГБД ЮЛ filled, as the form would flash it
            return self.response(201, **{**response.get_json(), "message": said[0]})
        return response

    def pre_update(self, item: Tenant) -> None:
        error = check_tenant(item)
        if error:
            from app.extensions import db

            db.session.rollback()
            raise RuleViolation(error)
        super().pre_update(item)

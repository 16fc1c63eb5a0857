"""The tenant tree in the admin: national admins edit it, staff read their subtree."""

from __future__ import annotations

from markupsafe import Markup, escape
from wtforms import SelectField
from wtforms.validators import DataRequired

from app.errors import RuleViolation
from app.i18n import _, _l
from app.integrations.disputes import TENANT_FIELDS
from app.security.roles import DISPUTE
from app.tenant_rules import check_tenant, level_choices, level_label
from tenants.interface import ScopedSQLAInterface
from tenants.models import Tenant
from views.base import PERMISSION_MAP, ScopedModelRestApi, ScopedModelView
from views.disputes import RegistryValueDisputes

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


class TenantView(RegistryValueDisputes, ScopedModelView):
    datamodel = ScopedSQLAInterface(Tenant)
    class_permission_name = "Tenant"
    # disputing a registry's value is a reader action (roles.READER_ACTIONS): auditors lack it
    method_permission_name = {**PERMISSION_MAP, "dispute": DISPUTE}
    disputed_fields = TENANT_FIELDS
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

    def pre_add(self, item: Tenant) -> None:
        self._check_rules(item)
        super().pre_add(item)

    def pre_update(self, item: Tenant) -> None:
        self._check_rules(item)
        super().pre_update(item)

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

    def pre_add(self, item: Tenant) -> None:
        error = check_tenant(item)
        if error:
            from app.extensions import db

            db.session.rollback()
            raise RuleViolation(error)
        super().pre_add(item)

    def pre_update(self, item: Tenant) -> None:
        error = check_tenant(item)
        if error:
            from app.extensions import db

            db.session.rollback()
            raise RuleViolation(error)
        super().pre_update(item)

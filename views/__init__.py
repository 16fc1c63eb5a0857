"""Registers every admin view and API; the registry also feeds role sync (menu -> resource)."""

from __future__ import annotations

from dataclasses import dataclass

from app.i18n import _l


@dataclass(frozen=True)
class MenuEntry:
    name: str
    resource: str


#: menu item name -> resource, filled by register_views()
MENU: list[MenuEntry] = []
DIRECTORY_RESOURCES: set[str] = set()


def register_views(appbuilder) -> None:
    from views.audit import AuditView
    from views.directories import directory_views
    from views.jobs import JobView
    from views.persons import PersonApi, PersonView
    from views.tenants import TenantApi, TenantView

    MENU.clear()
    DIRECTORY_RESOURCES.clear()

    def add(view, name: str, label, icon: str, category: str, category_label, category_icon: str):
        instance = appbuilder.add_view(
            view,
            name,
            label=label,
            icon=icon,
            category=category,
            category_label=category_label,
            category_icon=category_icon,
        )
        MENU.append(MenuEntry(name, view.class_permission_name))
        return instance

    # Menu names must differ from permission resources: FAB keeps both as "view menus" and would
    # prune a resource's menu_access when it syncs the resource's own permissions.
    org = ("OrganizationsMenu", _l("Organizations"), "fa-sitemap")
    add(TenantView, "Tenants", _l("Tenant tree"), "fa-sitemap", *org)
    add(PersonView, "Teachers", _l("Teachers"), "fa-users", *org)
    directories = ("DirectoriesMenu", _l("Reference directories"), "fa-book")
    for view, label in directory_views():
        DIRECTORY_RESOURCES.add(view.class_permission_name)
        add(view, f"{view.class_permission_name}List", label, "fa-list", *directories)
    from views.portfolio import ContestParticipantView, ContestView, screen_views
    from views.profile import ProfileView

    portfolio = ("DigitalProfileMenu", _l("Digital profile"), "fa-id-card")
    appbuilder.add_view_no_menu(ContestParticipantView)
    add(ContestView, "Contests", _l("Contests and competitions"), "fa-trophy", *portfolio)
    for view, api, label in screen_views():
        add(view, view.__name__, label, "fa-file-text-o", *portfolio)
        appbuilder.add_api(api)
    appbuilder.add_view(
        ProfileView, "MyProfile", label=_l("My profile"), icon="fa-user", href="/profile/me",
        category="DigitalProfileMenu", category_label=_l("Digital profile"),
    )
    MENU.append(MenuEntry("MyProfile", "Profile"))
    from views.observation import (
        ObservationSheetView,
        ObservationTemplateView,
        RubricLevelView,
        TemplateCriterionView,
        TemplateSectionView,
    )

    observation = ("ObservationMenu", _l("Lesson observation"), "fa-eye")
    for part in (RubricLevelView, TemplateCriterionView, TemplateSectionView):
        appbuilder.add_view_no_menu(part)
    add(ObservationSheetView, "ObservationSheets", _l("Lesson observation sheets"), "fa-eye", *observation)
    add(ObservationTemplateView, "ObservationTemplates", _l("Observation sheet templates"), "fa-list-ol", *observation)
    from views.scoring import RuleSetRuleView, RuleSetView, ScoreResultView

    appbuilder.add_view_no_menu(RuleSetRuleView)
    add(ScoreResultView, "Scores", _l("Scores"), "fa-calculator", *observation)
    add(RuleSetView, "RuleSets", _l("Criteria rule sets"), "fa-sliders", *directories)
    service = ("ServiceMenu", _l("Service"), "fa-cogs")
    add(JobView, "Jobs", _l("Background jobs"), "fa-tasks", *service)
    add(AuditView, "AuditTrail", _l("Audit trail"), "fa-history", *service)
    MENU.append(MenuEntry("List Users", "User"))
    appbuilder.add_api(TenantApi)
    appbuilder.add_api(PersonApi)
    from views.api_description import ApiDescription

    appbuilder.add_api(ApiDescription)
    from views.attestation import register_attestation_views

    register_attestation_views(appbuilder, add)
    from views.appeals import register_appeal_views

    register_appeal_views(appbuilder, add)
    from views.documents import register_document_views

    register_document_views(appbuilder, add)
    from views.notifications import register_notification_views

    register_notification_views(appbuilder)
    from views.report_api import register_report_api
    from views.report_exports import register_export_views
    from views.reports import register_report_views

    register_report_views(appbuilder, add)
    register_export_views(appbuilder, add)
    register_report_api(appbuilder)
    from views.registries import register_registry_views

    register_registry_views(appbuilder, add)
    from views.disputes import register_dispute_views

    register_dispute_views(appbuilder, add)
    from views.announcements import register_announcement_views

    register_announcement_views(appbuilder, add)
    from app.web.autocomplete import autocomplete_forms
    from views.autocomplete import AutocompleteView

    appbuilder.add_view_no_menu(AutocompleteView)
    for view in appbuilder.baseviews:  # FAB's own screens too (a group's users, a role's users)
        autocomplete_forms(view)
    _page_helpers()


def _page_helpers() -> None:
    """Dates in the language's format on every page, and a language switch that stays on the page."""
    from flask import current_app

    from app.web import dates, redirects

    app = current_app._get_current_object()
    dates.init_app(app)
    redirects.language_switch_returns(app)


def menu_resources() -> dict[str, str]:
    return {entry.name: entry.resource for entry in MENU}

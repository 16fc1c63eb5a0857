"""Teachers (persons keyed by ИИН) in the admin and the REST API, scoped by organization."""

from __future__ import annotations

from flask import flash, g, redirect, url_for
from flask_appbuilder import expose
from flask_appbuilder.models.sqla.filters import BaseFilter, FilterEqual
from flask_appbuilder.security.decorators import has_access
from flask_login import current_user
from markupsafe import Markup

from app.errors import RuleViolation
from app.i18n import _, _l
from app.identifiers import IinField, mask_iin
from app.integrations import prefill
from app.integrations.disputes import PERSON_FIELDS
from app.people import normalise_person, search_key
from app.security.roles import DISPUTE, RUN
from models.person import Person
from tenants.interface import ScopedSQLAInterface
from views.base import PERMISSION_MAP, WRITE, ScopedModelRestApi, ScopedModelView
from views.disputes import RegistryValueDisputes
from views.registry_lookup import optional_on_add, person_lookup

LABELS = {
    "iin": _l("IIN"),
    "iin_masked": _l("IIN"),
    "last_name": _l("Last name"),
    "first_name": _l("First name"),
    "middle_name": _l("Middle name"),
    "full_name": _l("Full name"),
    "birth_date": _l("Birth date"),
    "sex": _l("Sex"),
    "email": _l("Email"),
    "phone": _l("Phone"),
    "tenant": _l("Organization"),
    "position": _l("Position"),
    "subject": _l("Subject"),
    "category": _l("Qualification category"),
    "search_name": _l("Name contains"),
    "profile_link": _l("Digital profile"),
    # the audit trail's entry of a lookup in ГБД ФЛ (views/registry_lookup.py)
    "registry": _l("Registry"),
    "found": _l("Found in the registry"),
}
#: where the outcome of the add form's ГБД ФЛ lookup waits for the page's message (post_add)
PREFILL_KEY = "ustaz_person_prefill"


def _may_read_profiles() -> bool:
    """Whether the acting user opens teachers' profiles (asked once per request, not per row)."""
    if "ustaz_may_read_profiles" not in g:
        from flask import current_app

        g.ustaz_may_read_profiles = bool(current_app.appbuilder.sm.has_access("can_read", "Profile"))
    return g.ustaz_may_read_profiles


def profile_link(person_id: int | None) -> Markup | str:
    """A link from a teacher's record to their digital profile (/profile/<id>), for those who may open it."""
    if not person_id or not _may_read_profiles():
        return ""
    return Markup('<a href="%s"><span class="fa fa-id-card"></span> %s</a>') % (
        url_for("ProfileView.show", person_id=person_id), _("Digital profile"))


class PersonInterface(ScopedSQLAInterface):
    """Persons through the scope, without FAB's form-level "Already exists." check on the ИИН.

    That check queries through the scope, so it fired only for holders inside it and answered
    differently (another status, another page) from a holder elsewhere: an existence oracle.
    app.people.iin_taken_message checks uniqueness for both on one path instead.
    """

    def is_unique(self, col_name: str) -> bool:
        return False if col_name == "iin" else super().is_unique(col_name)


class NameContains(BaseFilter):
    """Case-insensitive name search that also works for Cyrillic on SQLite."""

    name = _l("Contains")
    arg_name = "nct"

    def apply(self, query, value):
        return query.filter(Person.search_name.contains(search_key(value), autoescape=True))


class PersonGuard:
    def _normalise(self, item: Person, found: prefill.Prefill | None = None) -> None:
        error = normalise_person(item)
        if error:
            from app.extensions import db

            db.session.rollback()
            raise RuleViolation(prefill.explain(error, found))

    def pre_add(self, item: Person) -> None:
        super().pre_add(item)  # scope first: nobody asks ГБД ФЛ for a record they may not add
        # a new person's name comes from ГБД ФЛ when it holds the ИИН (app/integrations/prefill.py)
        found = prefill.person_from_gbdfl(item)
        setattr(g, PREFILL_KEY, found)
        self._normalise(item, found)

    def pre_update(self, item: Person) -> None:
        super().pre_update(item)
        self._normalise(item)


class PersonView(RegistryValueDisputes, PersonGuard, ScopedModelView):
    datamodel = PersonInterface(Person)
    class_permission_name = "Person"
    # starting a check and disputing a registry's value are reader actions (roles.READER_ACTIONS):
    # read-only roles (auditors) lack them
    method_permission_name = {**PERMISSION_MAP, "check_iins": RUN, "dispute": DISPUTE, "lookup": WRITE}
    disputed_fields = PERSON_FIELDS
    add_template = "ustaz/person_add.html"
    list_title = _l("Teachers")
    show_title = _l("Teacher")
    add_title = _l("Add a teacher")
    edit_title = _l("Edit a teacher")
    # The full ИИН only on the teacher's own record (show, edit); lists and exports mask it.
    list_columns = ["last_name", "first_name", "middle_name", "iin_masked", "tenant", "position", "category",
                    "profile_link"]
    show_columns = [
        "profile_link",
        "iin",
        "last_name",
        "first_name",
        "middle_name",
        "birth_date",
        "sex",
        "tenant",
        "position",
        "subject",
        "category",
        "email",
        "phone",
    ]
    add_columns = [
        "iin",
        "last_name",
        "first_name",
        "middle_name",
        "tenant",
        "position",
        "subject",
        "category",
        "email",
        "phone",
    ]
    edit_columns = add_columns
    search_columns = ["search_name", "iin", "tenant", "position", "subject", "category"]
    export_columns = ["iin_masked", "last_name", "first_name", "middle_name", "birth_date", "tenant", "position", "category"]
    label_columns = LABELS
    formatters_columns = {"profile_link": profile_link}
    validators_columns = {"iin": [IinField("iin")]}
    add_form_query_rel_fields = {"tenant": [["level", FilterEqual, "organization"]]}
    edit_form_query_rel_fields = add_form_query_rel_fields
    base_order = ("last_name", "asc")

    def _init_properties(self):
        super()._init_properties()
        self._filters._search_filters["search_name"] = [NameContains("search_name", self.datamodel)]

    def _init_forms(self):
        super()._init_forms()
        # left empty, the name comes from ГБД ФЛ; the person's rules still require one in the end
        optional_on_add(self.add_form, ("last_name", "first_name"),
                        _l("Leave the name empty to take it from the State database of individuals."))

    def post_add(self, item: Person) -> None:
        super().post_add(item)
        said = prefill.note(g.get(PREFILL_KEY))
        if said:
            flash(*said)

    @expose("/lookup/", methods=["POST"])
    @has_access
    def lookup(self):
        """The add form's "Find by IIN" button: the name ГБД ФЛ holds (JSON; audited, throttled)."""
        return person_lookup()

    @expose("/check-iins/", methods=["POST"])
    @has_access
    def check_iins(self):
        """Start the ИИН check of every teacher in scope as a background job."""
        from app.checks import check_person_iins
        from app.jobs import enqueue

        record = enqueue(check_person_iins, description=_("IIN check of the teacher registry"), user=current_user)
        return redirect(url_for("JobView.show", pk=record.id))


class PersonApi(PersonGuard, ScopedModelRestApi):
    resource_name = "person"
    datamodel = PersonInterface(Person)
    class_permission_name = "Person"
    # source: manual, nobd or gbdfl (docs/registries.md); collected_on: when a registry last gave the values
    list_columns = ["id", "iin", "last_name", "first_name", "middle_name", "birth_date", "sex", "tenant.id", "tenant.name_kk",
                    "source", "collected_on"]
    show_columns = list_columns + ["position.code", "subject.code", "category.code", "email", "phone"]
    add_columns = ["iin", "last_name", "first_name", "middle_name", "tenant", "position", "subject", "category", "email", "phone"]
    edit_columns = add_columns
    search_columns = ["iin", "last_name", "first_name", "tenant"]
    order_columns = ["last_name", "iin"]

    def _init_model_schemas(self) -> None:
        super()._init_model_schemas()
        # a POST may leave the name out: it comes from ГБД ФЛ (the person's rules still require one)
        for name in ("last_name", "first_name"):
            self.add_model_schema.fields[name].required = False

    def post_headless(self):
        response = super().post_headless()
        said = prefill.note(g.get(PREFILL_KEY)) if response.status_code == 201 else None
        if said:  # what ГБД ФЛ did to the name, as the form would flash it
            return self.response(201, **{**response.get_json(), "message": said[0]})
        return response

    def pre_get_list(self, data: dict) -> None:
        # the list masks the ИИН like the admin list; GET /person/<id> gives it in full
        for row in data.get("result", []):
            if "iin" in row:
                row["iin"] = mask_iin(row["iin"])


# A property, so lists and exports can show the masked number beside the model's own column.
Person.iin_masked = property(lambda self: mask_iin(self.iin))
# The person's id under its own name: the list and show pages format it as the link to the profile.
Person.profile_link = property(lambda self: self.id)

"""The teacher's digital profile page, its completeness check, the teacher's confirmation,
and the scoped download of evidence files."""

from __future__ import annotations

from flask import abort, flash, g, redirect, send_file, url_for
from flask_appbuilder import BaseView, expose
from flask_appbuilder.security.decorators import has_access
from sqlalchemy import select

from app.extensions import db
from app.i18n import _
from app.portfolio.experience import as_years_months, experience_days
from app.portfolio.profile import Profile, load_profile
from app.portfolio.sections import INDICATOR_TITLES
from app.web.params import BadInput, choice_arg, int_field, text_field
from models.career import Employment, ExperienceCredit
from models.directories import AcademicYear, QualificationCategory
from models.portfolio import EvidenceFile
from tenants.scope import scoped
from views.base import commit_or_flash


class ProfileView(BaseView):
    route_base = "/profile"
    # its own resource: FAB would otherwise prune "write" from the shared Portfolio resource
    class_permission_name = "Profile"
    method_permission_name = {"me": "read", "show": "read", "completeness": "read", "confirm": "read", "file": "read"}
    base_permissions = ["can_read"]
    default_view = "me"

    @expose("/me")
    @has_access
    def me(self):
        person_id = getattr(g.user, "person_id", None)
        if not person_id:
            flash(_("Your account is not linked to a teacher's profile."), "warning")
            return redirect(self.appbuilder.get_url_for_index)
        return redirect(url_for(".show", person_id=person_id))

    @expose("/<int:person_id>")
    @has_access
    def show(self, person_id: int):
        from app.portfolio.access_log import record_view
        from models.person import Person

        # logged before the profile is loaded: the log's commit would expire every loaded record
        person = db.session.execute(scoped(select(Person).where(Person.id == person_id), Person)).scalar_one_or_none()
        if person is None:
            abort(404)
        record_view(person, g.user, "profile")
        profile = load_profile(person_id)
        if profile is None:
            abort(404)
        return self._page(profile)

    def _page(self, profile: Profile) -> str:
        from app.portfolio.sections import sections

        employments = profile.of(Employment)
        days = experience_days(
            [(e.starts_on, e.ends_on) for e in employments if e.is_pedagogical],
            [c.days for c in profile.of(ExperienceCredit)],
        )
        return self.render_template(
            "ustaz/profile.html",
            profile=profile,
            sections=sections(profile),
            experience=as_years_months(days),
            years=self._years(),
            categories=self._categories(),
            is_own=getattr(g.user, "person_id", None) == profile.person.id,
            title=profile.person.full_name,
        )

    @expose("/<int:person_id>/completeness")
    @has_access
    def completeness(self, person_id: int):
        """What is missing or weak for a target category: the scoring engine's explained result
        on the teacher's profile, and the readiness advice ordered by effort."""
        import datetime as dt

        from app.scoring import rulesets
        from app.scoring.advisor import advise
        from app.scoring.cases import CaseError, read_case
        from app.scoring.defaults import CATEGORIES
        from app.scoring.snapshot import build_case, category_code

        profile = load_profile(person_id)
        if profile is None:
            abort(404)
        categories = self._categories()
        current = category_code(profile.person.category)
        # no category asked: the next one up (or the current one, at the top)
        step = CATEGORIES.index(current) + 1 if current in CATEGORIES else 1
        code = choice_arg("category", CATEGORIES[1:], label=_("Category"),
                          default=CATEGORIES[min(step, len(CATEGORIES) - 1)])
        category = next((c for c in categories if c.code == code), None)
        mode = "confirm" if code == current else "assign"
        try:
            rules = rulesets.load_for(db.session, dt.date.today())
        except LookupError:
            flash(_("No published criteria rule set: ask the national administrator."), "danger")
            return redirect(url_for(".show", person_id=person_id))
        try:
            # advisory: any category may be looked at here, the principle of sequence is the score's
            case, _name = read_case(build_case(profile, dt.date.today(), requested=code, mode=mode,
                                               period_years=rules.parameters.get("attestation_period_years")),
                                    advisory=True)
        except CaseError as exc:  # recorded data the engine cannot read: say what, in the user's words
            from app.scoring.messages import describe_all

            for message in describe_all(exc.problems):
                flash(message, "danger")
            return self._page(profile), 422
        result, advice = advise(case, rules)
        return self.render_template(
            "ustaz/completeness.html",
            profile=profile,
            category=category,
            categories=categories,
            result=result,
            rule_set_name=rulesets.display_name(db.session, result.get("rule_set")),
            titles=INDICATOR_TITLES,
            advice=advice,
            gaps=[c for c, r in result["indicators"].items() if r["applicable"] and not r["met"]],
            title=_("Completeness of the profile"),
        )

    @expose("/<int:person_id>/confirm", methods=["POST"])
    @has_access
    def confirm(self, person_id: int):
        """The teacher's "I have checked my data" for an academic year, recorded."""
        if getattr(g.user, "person_id", None) != person_id:
            abort(403)
        profile = load_profile(person_id)
        if profile is None:
            abort(404)
        try:
            year_id = int_field("academic_year", required=True, label=_("Academic year"))
            note = text_field("note", max_length=2000, label=_("Comment"))
        except BadInput as exc:
            flash(exc.description, "danger")
            return self._page(profile), 422
        from app.portfolio.profile import confirm_year

        held = {}

        def confirm():
            held["year"] = confirm_year(profile.person, year_id, g.user.id, note)

        if not commit_or_flash(confirm, lambda: _("Recorded: you have checked your data for %(year)s.",
                                                   year=str(held["year"]))):
            return self._page(load_profile(person_id)), 422
        return redirect(url_for(".show", person_id=person_id))

    @expose("/file/<int:file_id>")
    @has_access
    def file(self, file_id: int):
        """Evidence files are served only here, to those whose scope holds the file."""
        from app.portfolio.files import stored_path

        evidence = db.session.execute(
            scoped(select(EvidenceFile).where(EvidenceFile.id == file_id), EvidenceFile)
        ).scalar_one_or_none()
        if evidence is None:
            abort(404)
        path = stored_path(evidence.stored_name)
        if not path.exists():
            abort(410)
        return send_file(path, mimetype=evidence.content_type, as_attachment=True, download_name=evidence.original_name)

    @staticmethod
    def _years() -> list[AcademicYear]:
        return list(db.session.execute(select(AcademicYear).order_by(AcademicYear.starts_on.desc())).scalars())

    @staticmethod
    def _categories() -> list[QualificationCategory]:
        return list(
            db.session.execute(
                select(QualificationCategory)
                .where(QualificationCategory.is_legacy.is_(False), QualificationCategory.rank > 0)
                .order_by(QualificationCategory.rank)
            ).scalars()
        )

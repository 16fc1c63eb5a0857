"""The teacher's digital profile page, its completeness check, the teacher's confirmation,
and the scoped download of evidence files."""

from __future__ import annotations

from flask import abort, flash, g, redirect, request, send_file, url_for
from flask_appbuilder import BaseView, expose
from flask_appbuilder.security.decorators import has_access
from sqlalchemy import select

from app.errors import RuleViolation
from app.extensions import db
from app.i18n import _, _l
from app.portfolio.completeness import check
from app.portfolio.experience import as_years_months, experience_days
from app.portfolio.profile import load_profile
from models.career import Employment, ExperienceCredit
from models.directories import AcademicYear, QualificationCategory
from models.portfolio import CompletenessConfirmation, EvidenceFile
from tenants.scope import scoped

SECTIONS = "views.profile_sections"


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
        from views.profile_sections import sections

        profile = load_profile(person_id)
        if profile is None:
            abort(404)
        employments = profile.of(Employment)
        days = experience_days(
            [(e.starts_on, e.ends_on) for e in employments if e.is_pedagogical],
            [c.days for c in profile.of(ExperienceCredit)],
        )
        years = self._years()
        return self.render_template(
            "ustaz/profile.html",
            profile=profile,
            sections=sections(profile),
            experience=as_years_months(days),
            years=years,
            categories=self._categories(),
            is_own=getattr(g.user, "person_id", None) == person_id,
            title=profile.person.full_name,
        )

    @expose("/<int:person_id>/completeness")
    @has_access
    def completeness(self, person_id: int):
        profile = load_profile(person_id)
        if profile is None:
            abort(404)
        categories = self._categories()
        code = request.args.get("category")
        category = next((c for c in categories if c.code == code), None)
        if category is None:
            current = profile.person.category
            category = next((c for c in categories if current is not None and c.rank == current.rank + 1), None)
            category = category or next((c for c in categories if c.rank == 1), categories[0] if categories else None)
        if category is None:
            abort(404)
        statuses = check(profile, category)
        return self.render_template(
            "ustaz/completeness.html",
            profile=profile,
            category=category,
            categories=categories,
            statuses=statuses,
            gaps=[s for s in statuses if not s.met],
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
        year = db.session.get(AcademicYear, request.form.get("academic_year", type=int) or 0)
        if year is None:
            flash(_("Choose the academic year."), "danger")
            return redirect(url_for(".show", person_id=person_id))
        db.session.add(
            CompletenessConfirmation(
                person_id=person_id,
                academic_year_id=year.id,
                tenant_id=profile.person.tenant_id,
                user_id=g.user.id,
                note=(request.form.get("note") or "").strip()[:2000] or None,
            )
        )
        try:
            db.session.commit()
            flash(_("Recorded: you have checked your data for %(year)s.", year=str(year)), "success")
        except RuleViolation as exc:
            db.session.rollback()
            flash(str(exc), "danger")
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


PROFILE_LABEL = _l("Digital profile")

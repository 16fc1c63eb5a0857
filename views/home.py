"""The landing page after login: who you are, where you stand, what you can open."""

from __future__ import annotations

from flask import g, redirect, url_for
from flask_appbuilder import IndexView, expose
from sqlalchemy import func, select

from app.extensions import db
from app.tenant_rules import level_label
from app.web.paging import count_or_estimate
from models.person import Person
from tenants.models import Tenant
from tenants.scope import current_scope, scoped


class HomeView(IndexView):
    index_template = "ustaz/home.html"

    @expose("/")
    def index(self):
        user = g.get("user")
        if user is None or not user.is_authenticated:
            return redirect(url_for(self.appbuilder.sm.auth_view.__class__.__name__ + ".login"))
        scope = current_scope()
        sm = self.appbuilder.sm
        counts = []
        if sm.has_access("can_read", "Tenant"):
            organizations = scoped(select(Tenant.id).where(Tenant.level == "organization"), Tenant)
            counts.append(("organizations", count_or_estimate(db.session, organizations), "TenantView.list"))
        if sm.has_access("can_read", "Person"):
            teachers = scoped(select(Person.id), Person)
            counts.append(("teachers", count_or_estimate(db.session, teachers), "PersonView.list"))
        if sm.has_access("can_read", "User"):
            from app.security.models import User

            users = scoped(select(User.id), User)
            counts.append(("users", count_or_estimate(db.session, users), "ScopedUserView.list"))
        tenant = db.session.get(Tenant, scope.tenant_id) if scope.tenant_id else None
        chain = []
        node = tenant
        while node is not None:
            chain.insert(0, node)
            node = node.parent
        person = db.session.get(Person, user.person_id) if user.person_id else None
        from models.observation import ObservationSheet

        # the observer's notification: teachers answered their sheets
        new_feedback = db.session.execute(
            select(func.count(ObservationSheet.id)).where(
                ObservationSheet.observer_id == user.id,
                ObservationSheet.feedback.is_not(None),
                ObservationSheet.feedback_read_on.is_(None),
            )
        ).scalar_one()
        certificates = []
        if person is not None and sm.has_access("can_read", "Certificate"):
            from models.documents import Certificate

            certificates = db.session.execute(
                scoped(select(Certificate), Certificate).where(Certificate.person_id == person.id)
                .order_by(Certificate.id.desc()).limit(5)).scalars().all()
        self.update_redirect()
        return self.render_template(
            self.index_template,
            appbuilder=self.appbuilder,
            tenant=tenant,
            chain=chain,
            level_label=level_label,
            counts=counts,
            person=person,
            new_feedback=new_feedback,
            certificates=certificates,
            roles=[_role_label(role.name) for role in user.roles],
        )


def _role_label(name: str) -> str:
    from app.security.roles import ROLE_DEFINITIONS

    definition = ROLE_DEFINITIONS.get(name)
    return str(definition.label) if definition else name

"""FAB's database login with throttling and audit, and a logout that only a POST performs."""

from __future__ import annotations

from flask import current_app, flash, g, redirect, request
from flask_appbuilder._compat import as_unicode
from flask_appbuilder.security.decorators import no_cache
from flask_appbuilder.security.forms import LoginForm_db
from flask_appbuilder.security.views import AuthDBView
from flask_appbuilder.utils.base import get_safe_redirect
from flask_appbuilder.views import expose
from flask_login import login_user, logout_user

from app.i18n import _
from app.security import sessions, throttle


class UstazAuthDBView(AuthDBView):
    """``/login/`` counts refused passwords; ``/logout/`` changes nothing on GET.

    A GET of /logout/ shows a page with the logout button: a link or an image pointing at it on
    another site cannot sign anyone out, and the POST needs the CSRF token like every POST.
    """

    logout_template = "ustaz/logout.html"
    login_template = "ustaz/login.html"  # FAB's form plus the "forgot your password?" link

    @expose("/login/", methods=["GET", "POST"])
    @no_cache
    def login(self):
        if g.user is not None and g.user.is_authenticated:
            return redirect(self._get_safe_next_url())
        form = LoginForm_db()
        if request.method == "POST":
            wait = throttle.current_throttle().wait_seconds()
            if wait is not None:
                return self._refused_for_now(form, wait)
        if form.validate_on_submit():
            # FAB's get_safe_redirect logs a warning for a missing target: only ask it about a real one
            asked = request.args.get("next")
            next_url = get_safe_redirect(asked) if asked else self.appbuilder.get_url_for_index
            user = self.appbuilder.sm.auth_user_db(form.username.data, form.password.data)
            if not user:
                throttle.note_failed_login(form.username.data, channel="browser")
                flash(as_unicode(self.invalid_login_message), "warning")
                return redirect(self.appbuilder.get_url_for_login_with(next_url))
            login_user(user, remember=False)  # sessions._start_session records it on the server
            return redirect(next_url)
        return self.render_template(self.login_template, title=self.title, form=form, appbuilder=self.appbuilder)

    def _refused_for_now(self, form: LoginForm_db, wait: int):
        form.password.data = None
        flash(throttle.too_many_attempts_message(wait), "danger")
        page = self.render_template(self.login_template, title=self.title, form=form, appbuilder=self.appbuilder)
        return page, 429, {"Retry-After": str(wait)}

    @expose("/logout/", methods=["GET", "POST"])
    @no_cache
    def logout(self):
        if request.method != "POST":
            if g.user is None or not g.user.is_authenticated:
                return redirect(self.appbuilder.get_url_for_login)
            return self.render_template(self.logout_template, title=_("Sign out"), appbuilder=self.appbuilder)
        user = self._get_authenticated_user()
        sessions.end_current_session()
        logout_user()
        if user is not None:
            self.appbuilder.sm.on_user_logout(user)
        return redirect(current_app.config.get("LOGOUT_REDIRECT_URL", self.appbuilder.get_url_for_index))

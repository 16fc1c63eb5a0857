"""Accounts for 575k teachers: activation and password reset by an e-mailed one-time link.

The token is made inside the e-mail job and only its SHA-256 is stored (models.portal.AccountToken):
no table, queue or log holds a usable link. "Forgot password" answers the same whether or not the
account exists, so it tells nobody which logins or addresses are registered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
import smtplib

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import func, or_, select, update

from app.extensions import db
from app.i18n import _, force_locale
from models.base import utcnow
from models.portal import AccountToken

log = logging.getLogger("ustaz.accounts")
account = Blueprint("account", __name__, url_prefix="/account")

ACTIVATE, RESET = "activate", "reset"
#: how long a link stays valid
LIFETIME = {ACTIVATE: dt.timedelta(days=14), RESET: dt.timedelta(hours=2)}
MIN_PASSWORD = 10


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user_id: int, purpose: str) -> str:
    """A new one-time token for the user (earlier unused ones of the same purpose die); the caller commits."""
    now = utcnow()
    db.session.execute(update(AccountToken).where(
        AccountToken.user_id == user_id, AccountToken.purpose == purpose, AccountToken.used_at.is_(None)
    ).values(used_at=now))
    token = secrets.token_urlsafe(32)
    db.session.add(AccountToken(id=digest(token), user_id=user_id, purpose=purpose, created_at=now,
                                expires_at=now + LIFETIME[purpose]))
    return token


def valid_token(token: str):
    """The live token row for a link, or None (unknown, used or expired)."""
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        return None
    row = db.session.get(AccountToken, digest(token))
    if row is None or row.used_at is not None or row.expires_at < utcnow():
        return None
    return row


def password_problem(password: str, confirm: str) -> str | None:
    if len(password) < MIN_PASSWORD:
        return _("The password needs at least %(n)d characters.", n=MIN_PASSWORD)
    if len(password) > 200:
        return _("The password is too long.")
    if password.isdigit() or password.isalpha():
        return _("Mix letters with digits or signs in the password.")
    if password != confirm:
        return _("The two passwords differ.")
    return None


def set_password(token_row: AccountToken, password: str) -> None:
    """Use the link: set the password, activate the account, end every other session of the user."""
    from werkzeug.security import generate_password_hash

    from app.security.models import User
    from models.user_session import UserSession

    user = db.session.get(User, token_row.user_id)
    now = utcnow()
    user.password = generate_password_hash(password, method=current_app.config.get(
        "FAB_PASSWORD_HASH_METHOD", "scrypt"))
    user.active = True
    user.fail_login_count = 0
    token_row.used_at = now
    db.session.execute(update(UserSession).where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
                       .values(revoked_at=now))


def send_link_job(ctx, user_id: int, purpose: str) -> dict:
    """The e-mail job: make the token, store its digest, send the link in the user's language."""
    from flask_mailman import EmailMessage

    from app.notifications.mail import _connection, _locale, mail_enabled, public_link
    from app.security.models import User

    user = db.session.get(User, user_id)
    if user is None or not user.email or purpose not in LIFETIME or not mail_enabled():
        return {"sent": 0}
    token = issue_token(user.id, purpose)
    db.session.commit()
    link = public_link(f"/account/set/{token}")
    with force_locale(_locale(user.locale)):
        if purpose == ACTIVATE:
            subject = _("Ustaz: activate your account")
            body = _("Your Ustaz account (login %(login)s) is ready. Set your password with this link; it works "
                     "once, for %(days)d days:", login=user.username, days=LIFETIME[ACTIVATE].days)
        else:
            subject = _("Ustaz: reset your password")
            body = _("Someone asked to reset the password of the Ustaz account %(login)s. If it was you, set a new "
                     "password with this link; it works once, for %(hours)d hours. If not, ignore this message.",
                     login=user.username, hours=int(LIFETIME[RESET].total_seconds() // 3600))
        note = _("This message was sent automatically; please do not reply to it.")
    try:
        EmailMessage(subject, f"{body}\n\n{link}\n\n-- \n{note}\n", current_app.config.get("MAIL_DEFAULT_SENDER"),
                     [user.email], connection=_connection()).send()
    except (smtplib.SMTPException, OSError, ValueError) as exc:
        log.warning("account link for user %s not sent: %s", user.id, type(exc).__name__)
        return {"sent": 0}
    return {"sent": 1}


def send_link(user_id: int, purpose: str) -> None:
    """Queue the e-mail after the current transaction commits (the one enqueue helper)."""
    from app.jobs import after_commit, enqueue

    after_commit(enqueue, send_link_job, user_id, purpose, description=_("Account link by e-mail"))


def invite(user_ids: list[int]) -> int:
    """Activation links for inactive accounts with an address (the CLI's bulk invitation)."""
    from app.security.models import User

    rows = db.session.execute(select(User.id).where(User.id.in_(user_ids), User.active.is_(False),
                                                    User.email.is_not(None))).scalars().all()
    for user_id in rows:
        send_link(user_id, ACTIVATE)
    return len(rows)


# Pages -------------------------------------------------------------------------------------------
@account.route("/forgot", methods=["GET", "POST"])
def forgot():
    from app.security.models import User

    if request.method == "POST":
        from app.web.params import BadInput, text_field

        try:
            login = (text_field("login", max_length=320, required=True, label=_("Login or e-mail")) or "").strip()
        except BadInput as exc:
            flash(exc.description, "danger")
            return render_template("portal/account_forgot.html", title=_("Forgot your password?")), 422
        user = db.session.execute(select(User).where(or_(User.username == login, User.email == login))
                                  .limit(2)).scalars().all()
        if len(user) == 1 and user[0].email:
            send_link(user[0].id, RESET)  # queued once this request's transaction commits
            db.session.commit()
        flash(_("If this account exists and has an e-mail address, a link to set a new password is on its way."),
              "info")
        return redirect(url_for(".forgot"))
    return render_template("portal/account_forgot.html", title=_("Forgot your password?"))


@account.route("/set/<token>", methods=["GET", "POST"])
def set_password_page(token: str):
    row = valid_token(token)
    if row is None:
        return render_template("portal/account_set.html", expired=True, title=_("Set your password")), 404
    if request.method == "POST":
        password = request.form.get("password", "")
        confirm = request.form.get("confirm", "")
        problem = password_problem(password if isinstance(password, str) else "",
                                   confirm if isinstance(confirm, str) else "")
        if problem:
            flash(problem, "danger")
            return render_template("portal/account_set.html", expired=False, title=_("Set your password")), 422
        set_password(row, password)
        db.session.commit()
        flash(_("Your password is set: sign in with it now."), "success")
        return redirect(url_for("UstazAuthDBView.login"))
    return render_template("portal/account_set.html", expired=False, title=_("Set your password"))


def create_teacher_accounts(tenant_path: str | None = None, chunk: int = 1000, send: bool = True) -> dict[str, int]:
    """Inactive Teacher accounts for the persons of a subtree who have an e-mail address and no account,
    in chunks (no whole table in memory); each gets an activation link when ``send``. The login is the
    address: an ИИН is never a login (it would be shown wherever logins are)."""
    from app.security.models import User
    from models.person import Person
    from tenants.models import Tenant

    role = current_app.appbuilder.sm.find_role("Teacher")
    created = skipped = 0
    last_id = 0
    while True:
        query = (select(Person.id, Person.email, Person.first_name, Person.last_name, Person.tenant_id)
                 .outerjoin(User, User.person_id == Person.id).where(User.id.is_(None), Person.id > last_id)
                 .order_by(Person.id).limit(chunk))
        if tenant_path:
            query = query.join(Tenant, Tenant.id == Person.tenant_id).where(Tenant.path.like(f"{tenant_path}%"))
        rows = db.session.execute(query).all()
        if not rows:
            break
        last_id = rows[-1].id
        emails = {(r.email or "").strip().lower() for r in rows if r.email}
        taken = set(db.session.execute(select(func.lower(User.email)).where(func.lower(User.email).in_(emails))
                                       ).scalars()) | set(db.session.execute(
            select(func.lower(User.username)).where(func.lower(User.username).in_(emails))).scalars())
        new_users = []
        for row in rows:
            email = (row.email or "").strip().lower()
            if not email or email in taken or "@" not in email:
                skipped += 1
                continue
            taken.add(email)
            new_users.append(User(username=email, email=email, first_name=row.first_name, last_name=row.last_name,
                                  active=False, password="!" + secrets.token_hex(16), tenant_id=row.tenant_id,
                                  person_id=row.id, roles=[role]))
        db.session.add_all(new_users)
        db.session.flush()
        if send:
            for new in new_users:
                send_link(new.id, ACTIVATE)
        from app.jobs import commit_and_run

        commit_and_run()
        created += len(new_users)
    return {"created": created, "skipped": skipped}

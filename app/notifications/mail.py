"""Notification e-mails through SMTP (Flask-Mailman), sent by a job once the notifications are committed.

E-mail is off while ``MAIL_SERVER`` is empty. Each message is written in its recipient's language
(``User.locale``, else the platform's default). One SMTP connection serves a batch; a message that
fails is logged (its notification id, never an address or a text) and the others still go; a
notification is e-mailed at most once (``emailed_on``).
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable, Sequence
from typing import Any

from flask import Flask, current_app
from flask_mailman import EmailMessage, Mail
from sqlalchemy import select

from app.extensions import db
from app.i18n import SUPPORTED_LOCALES, _, force_locale
from app.notifications.messages import render
from models.base import utcnow
from models.notification import Notification

log = logging.getLogger("ustaz.mail")

mail = Mail()

DEFAULTS: dict[str, Any] = {
    "MAIL_SERVER": None,
    "MAIL_PORT": 25,
    "MAIL_USE_TLS": False,
    "MAIL_USE_SSL": False,
    "MAIL_USERNAME": None,
    "MAIL_PASSWORD": None,
    "MAIL_DEFAULT_SENDER": "Ustaz <no-reply@ustaz.local>",
    "MAIL_TIMEOUT": 10,
    "MAIL_BACKEND": "smtp",
    "PUBLIC_URL": "http://127.0.0.1:5000",
}
#: notifications per e-mail job (one SMTP connection each)
BATCH = 200
#: commit the emailed_on stamps this often, so a crash resends little
COMMIT_EVERY = 50


def init_app(app: Flask) -> None:
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    # Flask-Mailman picks its in-memory backend under TESTING unless a backend is named
    if not app.config.get("MAIL_BACKEND"):
        app.config["MAIL_BACKEND"] = "smtp"
    mail.init_app(app)


def mail_enabled() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def queue_emails(notification_ids: Iterable[int]) -> int:
    """Enqueue the e-mail jobs for committed notifications (call after the commit); returns jobs queued."""
    from app.jobs import enqueue

    ids = [i for i in notification_ids if i is not None]
    if not ids or not mail_enabled():
        return 0
    jobs = 0
    for start in range(0, len(ids), BATCH):
        enqueue(send_emails, ids[start:start + BATCH], description="Notification e-mails")
        jobs += 1
    return jobs


def _connection():
    """An SMTP connection from the current config (read at send time: tests and USTAZ_CONFIG change it)."""
    config = current_app.config
    backend = config.get("MAIL_BACKEND") or "smtp"
    if backend != "smtp":
        return mail.get_connection(backend=backend)
    return mail.get_connection(
        backend="smtp",
        host=config["MAIL_SERVER"],
        port=int(config.get("MAIL_PORT") or 25),
        username=config.get("MAIL_USERNAME") or "",
        password=config.get("MAIL_PASSWORD") or "",
        use_tls=bool(config.get("MAIL_USE_TLS")),
        use_ssl=bool(config.get("MAIL_USE_SSL")),
        timeout=config.get("MAIL_TIMEOUT") or 10,
    )


def public_link(link: str | None) -> str:
    base = (current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    if link and link.startswith("/") and not link.startswith("//"):
        return base + link
    return base + "/inbox/"


def compose(notification: Notification, locale: str) -> tuple[str, str]:
    """Subject and plain-text body of one notification in ``locale``."""
    with force_locale(locale):
        subject, body = render(notification)
        footer = _("Open it in Ustaz: %(url)s", url=public_link(notification.link))
        note = _("This message was sent automatically; please do not reply to it.")
    return subject, f"{body}\n\n{footer}\n\n-- \n{note}\n"


def _locale(user_locale: str | None) -> str:
    if user_locale in SUPPORTED_LOCALES:
        return user_locale
    return current_app.config.get("BABEL_DEFAULT_LOCALE") or "kk"


def send_emails(ctx: Any, notification_ids: Sequence[int]) -> dict[str, int]:
    """The job: e-mail each notification not yet e-mailed whose recipient is active and has an address."""
    ids = [int(i) for i in notification_ids]
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    if not mail_enabled():
        counts["skipped"] = len(ids)
        return counts
    connection = _connection()
    reachable = True
    try:
        for start in range(0, len(ids), BATCH):
            chunk = ids[start:start + BATCH]
            rows = _pending(chunk)
            counts["skipped"] += len(chunk) - len(rows)
            for index, (notification, email, locale) in enumerate(rows):
                if not email or not email.strip():
                    counts["skipped"] += 1
                    continue
                if not reachable or (connection.connection is None and not _open(connection)):
                    # the server is down: the rest stay unsent (emailed_on empty); the inbox has them all
                    reachable = False
                    counts["failed"] += len(rows) - index
                    break
                if _send(connection, notification, email.strip(), locale):
                    notification.emailed_on = utcnow()
                    counts["sent"] += 1
                    if counts["sent"] % COMMIT_EVERY == 0:
                        db.session.commit()
                else:
                    counts["failed"] += 1
    finally:
        _close(connection)
        db.session.commit()
    return counts


def _pending(ids: list[int]) -> list[tuple[Notification, str | None, str | None]]:
    from app.security.models import User

    return [
        tuple(row)
        for row in db.session.execute(
            select(Notification, User.email, User.locale)
            .join(User, User.id == Notification.user_id)
            .where(Notification.id.in_(ids), Notification.emailed_on.is_(None), User.active.is_(True))
            .order_by(Notification.id)
        )
    ]


def _send(connection, notification: Notification, address: str, locale: str | None) -> bool:
    sender = current_app.config.get("MAIL_DEFAULT_SENDER")
    try:
        subject, body = compose(notification, _locale(locale))
        EmailMessage(subject, body, sender, [address], connection=connection).send()
    except (smtplib.SMTPException, OSError, ValueError) as exc:
        # no address, name or text in the log: the id is enough to look it up
        log.warning("notification e-mail %s not sent: %s", notification.id, type(exc).__name__)
        if isinstance(exc, (smtplib.SMTPServerDisconnected, OSError)):
            _close(connection)  # the next message reconnects
        return False
    return True


def _open(connection) -> bool:
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as exc:
        log.warning("the SMTP server cannot be reached: %s", type(exc).__name__)
        return False
    return connection.connection is not None


def _close(connection) -> None:
    try:
        connection.close()
    except (smtplib.SMTPException, OSError):
        connection.connection = None


__all__ = ["compose", "init_app", "mail", "mail_enabled", "queue_emails", "send_emails"]

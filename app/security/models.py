"""The Ustaz user: FAB's user bound to a home tenant node and optionally to a person (ИИН)."""

from __future__ import annotations

from flask_appbuilder import Model
from flask_appbuilder.security.sqla.models import User as FabUser
from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import TenantOwnedMixin


class UstazUser(TenantOwnedMixin, FabUser):
    # Not named User: FAB's own relationships resolve "User" by name in the shared registry.
    __tablename__ = "ab_user"
    # FAB's own superusers (role Admin) have no home node; everyone else must.
    __tenant_nullable__ = True

    person_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("person.id"), index=True)
    person = relationship("Person", foreign_keys=[person_id])
    #: the language the user last chose (kk, ru, en): notifications and e-mails are written in it
    locale: Mapped[str | None] = mapped_column(String(2))

    @property
    def role_names(self) -> set[str]:
        return {role.name for role in self.roles}


User = UstazUser


class PermissionStamp(Model):
    """One row whose version moves whenever any role's permissions change (sync-roles, the role
    admin). Workers cache each role set's permissions under the version they were read at, and read
    the version in the same statement as the signed-in user: no statement per page for permissions,
    and a change made by any process is seen by every worker on its next request."""

    __tablename__ = "permission_stamp"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

"""SQLAlchemy models, one aggregate per file. Importing this package registers them all."""

from models import (  # noqa: F401
    announcement,
    appeal,
    attestation,
    career,
    commission,
    criteria,
    documents,
    integration,
    notification,
    observation,
    portal,
    portfolio,
    report,
)
from models.audit import AuditRecord
from models.directories import DIRECTORY_MODELS
from models.grant import AccessGrant
from models.job import JobRecord
from models.person import Person
from models.user_session import UserSession
from tenants.models import Tenant

# The user model extends FAB's and lives with the security code; other models refer to it by name.
from app.security.models import UstazUser  # noqa: E402,F401  isort: skip

__all__ = ["AccessGrant", "AuditRecord", "DIRECTORY_MODELS", "JobRecord", "Person", "Tenant", "UserSession"]

"""SQLAlchemy models, one aggregate per file. Importing this package registers them all."""

from models import career, criteria, observation, portfolio  # noqa: F401 - registers the profile models
from models.audit import AuditRecord
from models.directories import DIRECTORY_MODELS
from models.grant import AccessGrant
from models.job import JobRecord
from models.person import Person
from tenants.models import Tenant

__all__ = ["AccessGrant", "AuditRecord", "DIRECTORY_MODELS", "JobRecord", "Person", "Tenant"]

"""Extension singletons. The AppBuilder is created per app in create_app (see STACK-NOTES)."""

from __future__ import annotations

from flask_appbuilder import Model
from flask_appbuilder.models.sqla.base import SQLA
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect

# FAB's models live on their own metadata: share it so Alembic sees one schema.
db = SQLA(metadata=Model.metadata)
migrate = Migrate()
csrf = CSRFProtect()

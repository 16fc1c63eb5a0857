"""Which tables may be offered as a whole in a dropdown: the bounded directories, declared here.

Default-deny: every other model can grow (organizations, teachers, users, commissions, rule-set
rows, …), so forms offer it through autocomplete (app/web/autocomplete.py) and the architecture
test (tests/integration/test_architecture_selects.py) fails when a form would render a <select>
over it. A new model is growable until someone adds it here on purpose.
"""

from __future__ import annotations

from flask_appbuilder.security.sqla.models import Group, Permission, PermissionView, Role, ViewMenu

from models.directories import (
    AcademicYear,
    AppealType,
    AttestationPeriod,
    EducationLevel,
    EventLevel,
    OrganizationType,
    Position,
    QualificationCategory,
    Subject,
)
from models.observation import ObservationTemplate

#: National directories that change by decree (tens of rows, a few more a year), templates of the
#: observation sheet (a handful of versions), and FAB's security tables (sized by the code's
#: views and the role list, not by the data). Approved contests, course programs and publication
#: venues are directories too, but each region adds to them every year: they are not here.
BOUNDED: frozenset[type] = frozenset({
    AcademicYear,
    AppealType,
    AttestationPeriod,
    EducationLevel,
    EventLevel,
    ObservationTemplate,
    OrganizationType,
    Position,
    QualificationCategory,
    Subject,
    Group,
    Permission,
    PermissionView,
    Role,
    ViewMenu,
})


def can_grow(model: type) -> bool:
    """True unless the model is a declared bounded directory (subclasses of one count as it)."""
    return not any(isinstance(model, type) and issubclass(model, bounded) for bounded in BOUNDED)

"""Role permissions are cached per process under the permission stamp's version: a page reads no
permission row, and a change of any role's permissions — by this process or another — is seen on
the next request."""

from __future__ import annotations

from sqlalchemy import event, select, update


def _statements(b, url: str) -> list[str]:
    from app.extensions import db

    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args, **_kwargs):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert b.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return seen


def _reads_permissions(statements: list[str]) -> bool:
    return any("ab_permission_view_role" in s for s in statements)


def test_a_page_reads_no_permission_after_the_first(app, browser, ctx):
    district = browser("district")
    district.get("/personview/list/")
    assert not _reads_permissions(_statements(district, "/personview/list/"))
    # another user with the same roles shares the cached set
    assert not _reads_permissions(_statements(browser("district2"), "/personview/list/"))


def test_a_permission_removed_elsewhere_is_refused_on_the_next_request(app, browser, ctx):
    from flask_appbuilder.security.sqla.models import Role

    from app.extensions import db

    district = browser("district")
    assert district.get("/personview/list/").status_code == 200
    role = db.session.execute(select(Role).where(Role.name == "DistrictStaff")).scalar_one()
    kept = [pv for pv in role.permissions if pv.view_menu.name != "Person"]
    assert len(kept) < len(role.permissions)
    role.permissions = kept
    db.session.commit()  # the flush moves the stamp: every worker's cached set is stale
    assert district.get("/personview/list/").status_code in (302, 403)


def test_the_stamp_moved_by_another_process_is_honoured(app, browser, ctx):
    """Another worker changed permissions and moved the stamp: this process's cached set (keyed by
    the old version) is not used."""
    from flask_appbuilder.security.sqla.models import Role, assoc_permissionview_role

    from app.extensions import db
    from app.security.models import PermissionStamp

    district = browser("district")
    assert district.get("/personview/list/").status_code == 200
    role_id = db.session.execute(select(Role.id).where(Role.name == "DistrictStaff")).scalar_one()
    # as another process would: plain SQL, no ORM flush in this process, so nothing is cleared here
    with db.engine.begin() as conn:
        conn.execute(assoc_permissionview_role.delete().where(assoc_permissionview_role.c.role_id == role_id))
        conn.execute(update(PermissionStamp).values(version=PermissionStamp.version + 1))
    assert district.get("/personview/list/").status_code in (302, 403)


def test_a_missing_stamp_row_is_made_by_the_first_change(app, browser, ctx):
    from flask_appbuilder.security.sqla.models import Role

    from app.extensions import db
    from app.security.models import PermissionStamp

    db.session.execute(PermissionStamp.__table__.delete())
    db.session.commit()
    role = db.session.execute(select(Role).where(Role.name == "DistrictStaff")).scalar_one()
    role.permissions = [pv for pv in role.permissions if pv.view_menu.name != "Person"]
    db.session.commit()
    assert db.session.execute(select(PermissionStamp.version)).scalars().all() == [1]
    assert browser("district").get("/personview/list/").status_code in (302, 403)

"""The tenant tree: one table, a materialised path of ids for subtree queries."""

from __future__ import annotations

import datetime as dt
import enum

from flask_appbuilder import Model
from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, event, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from models.base import LocalizedNameMixin, TenantOwnedMixin


class TenantLevel(str, enum.Enum):
    REPUBLIC = "republic"
    REGION = "region"
    DISTRICT = "district"
    ORGANIZATION = "organization"


#: Which parent levels a node of each level may hang under. Colleges and special schools are
#: often run by the region department directly, so an organization may sit under a region too.
ALLOWED_PARENTS: dict[TenantLevel, tuple[TenantLevel, ...]] = {
    TenantLevel.REPUBLIC: (),
    TenantLevel.REGION: (TenantLevel.REPUBLIC,),
    TenantLevel.DISTRICT: (TenantLevel.REGION,),
    TenantLevel.ORGANIZATION: (TenantLevel.DISTRICT, TenantLevel.REGION),
}


class Tenant(LocalizedNameMixin, Model):
    __tablename__ = "tenant"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("tenant.id"), index=True)
    level: Mapped[str] = mapped_column(String(16), nullable=False)
    #: "/1/4/17/": ids from the root, each followed by "/". Set on insert and on moves.
    path: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    #: KATO for regions and districts, BIN for organizations.
    code: Mapped[str | None] = mapped_column(String(20), unique=True)
    region_id: Mapped[int | None] = mapped_column(Integer, index=True)
    district_id: Mapped[int | None] = mapped_column(Integer, index=True)
    education_level_id: Mapped[int | None] = mapped_column(ForeignKey("education_level.id"))
    organization_type_id: Mapped[int | None] = mapped_column(ForeignKey("organization_type.id"))
    address: Mapped[str | None] = mapped_column(String(400))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    #: manual, or the registry the node came from (nobd) and when it was last fetched
    source: Mapped[str] = mapped_column(String(10), nullable=False, default="manual", server_default="manual")
    collected_on: Mapped[dt.datetime | None] = mapped_column(DateTime)

    parent = relationship("Tenant", remote_side=[id], back_populates="children")
    children = relationship("Tenant", back_populates="parent")
    education_level = relationship("EducationLevel")
    organization_type = relationship("OrganizationType")

    __table_args__ = (
        Index("ix_tenant_level_name", "level", "name_kk"),
        # text_pattern_ops lets PostgreSQL serve `path LIKE '/1/4/%'` from the index under any collation.
        Index("ix_tenant_path", "path", postgresql_ops={"path": "text_pattern_ops"}),
    )


def _placement(connection, node_id: int, parent_id: int | None, level: str) -> dict:
    """Path, region and district of a node, derived from its parent's row."""
    if parent_id is None:
        return {"path": f"/{node_id}/", "region_id": None, "district_id": None}
    parent = connection.execute(
        select(Tenant.path, Tenant.region_id, Tenant.district_id).where(Tenant.id == parent_id)
    ).one()
    region_id, district_id = parent.region_id, parent.district_id
    if level == TenantLevel.REGION.value:
        region_id = node_id
    if level == TenantLevel.DISTRICT.value:
        district_id = node_id
    return {"path": f"{parent.path}{node_id}/", "region_id": region_id, "district_id": district_id}


@event.listens_for(Tenant, "after_insert")
def _place_new_node(mapper, connection, target: Tenant) -> None:
    values = _placement(connection, target.id, target.parent_id, target.level)
    connection.execute(update(Tenant.__table__).where(Tenant.id == target.id).values(**values))
    from sqlalchemy.orm.attributes import set_committed_value

    for key, value in values.items():
        set_committed_value(target, key, value)


@event.listens_for(Tenant, "after_update")
def _move_subtree(mapper, connection, target: Tenant) -> None:
    from sqlalchemy import inspect

    history = inspect(target).attrs.parent_id.history
    if not history.has_changes():
        return
    old_path = target.path
    values = _placement(connection, target.id, target.parent_id, target.level)
    new_path = values["path"]
    subtree = connection.execute(
        select(Tenant.id, Tenant.parent_id, Tenant.level, Tenant.path)
        .where(Tenant.path.like(f"{old_path}%"))
        .order_by(Tenant.path)
    ).all()
    # Parents come before children when ordered by path length.
    for row in sorted(subtree, key=lambda r: len(r.path)):
        placed = (
            values if row.id == target.id else _placement(connection, row.id, row.parent_id, row.level)
        )
        connection.execute(update(Tenant.__table__).where(Tenant.id == row.id).values(**placed))
    ids = [row.id for row in subtree]
    for owned in _tenant_owned_tables():
        connection.execute(
            update(owned)
            .where(owned.c.tenant_id.in_(ids))
            .values(
                region_id=select(Tenant.region_id).where(Tenant.id == owned.c.tenant_id).scalar_subquery(),
                district_id=select(Tenant.district_id)
                .where(Tenant.id == owned.c.tenant_id)
                .scalar_subquery(),
            )
        )
    from sqlalchemy.orm.attributes import set_committed_value

    set_committed_value(target, "path", new_path)
    set_committed_value(target, "region_id", values["region_id"])
    set_committed_value(target, "district_id", values["district_id"])


def _tenant_owned_tables():
    for mapper in Model.registry.mappers:
        cls = mapper.class_
        if isinstance(cls, type) and issubclass(cls, TenantOwnedMixin) and mapper.local_table is not None:
            yield mapper.local_table


@event.listens_for(Session, "before_flush")
def _copy_region_and_district(session: Session, flush_context, instances) -> None:
    """Keep region_id / district_id of tenant-owned rows in step with their tenant_id."""
    from sqlalchemy import inspect

    for obj in list(session.new) + list(session.dirty):
        if not isinstance(obj, TenantOwnedMixin):
            continue
        state = inspect(obj)
        with session.no_autoflush:
            # The relationship wins when it was set (forms and the API set it; tenant_id is only
            # copied from it later in the flush); else the column.
            if state.attrs.tenant.history.added:
                owner = obj.tenant
            elif obj.tenant_id is not None:
                owner = session.get(Tenant, obj.tenant_id)
            else:
                owner = obj.tenant
        if owner is None:
            obj.region_id = obj.district_id = None
        else:
            obj.region_id, obj.district_id = owner.region_id, owner.district_id

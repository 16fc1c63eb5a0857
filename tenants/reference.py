"""Reference data of the tree: the republic and its 20 regions (17 oblasts + 3 cities).

KATO codes are the 2023 classifier's region codes. Districts and organizations come from the
registries (НОБД, ГБД ЮЛ) or the demo dataset.
"""

from __future__ import annotations

REPUBLIC = ("Қазақстан Республикасы", "Республика Казахстан", "Republic of Kazakhstan")

#: (KATO, kk, ru, en)
REGIONS: tuple[tuple[str, str, str, str], ...] = (
    ("710000000", "Астана қаласы", "город Астана", "Astana"),
    ("750000000", "Алматы қаласы", "город Алматы", "Almaty"),
    ("790000000", "Шымкент қаласы", "город Шымкент", "Shymkent"),
    ("100000000", "Абай облысы", "область Абай", "Abai Region"),
    ("110000000", "Ақмола облысы", "Акмолинская область", "Akmola Region"),
    ("150000000", "Ақтөбе облысы", "Актюбинская область", "Aktobe Region"),
    ("190000000", "Алматы облысы", "Алматинская область", "Almaty Region"),
    ("230000000", "Атырау облысы", "Атырауская область", "Atyrau Region"),
    ("270000000", "Батыс Қазақстан облысы", "Западно-Казахстанская область", "West Kazakhstan Region"),
    ("310000000", "Жамбыл облысы", "Жамбылская область", "Zhambyl Region"),
    ("330000000", "Жетісу облысы", "область Жетісу", "Zhetysu Region"),
    ("350000000", "Қарағанды облысы", "Карагандинская область", "Karaganda Region"),
    ("390000000", "Қостанай облысы", "Костанайская область", "Kostanay Region"),
    ("430000000", "Қызылорда облысы", "Кызылординская область", "Kyzylorda Region"),
    ("470000000", "Маңғыстау облысы", "Мангистауская область", "Mangystau Region"),
    ("550000000", "Павлодар облысы", "Павлодарская область", "Pavlodar Region"),
    ("590000000", "Солтүстік Қазақстан облысы", "Северо-Казахстанская область", "North Kazakhstan Region"),
    ("610000000", "Түркістан облысы", "Туркестанская область", "Turkistan Region"),
    ("620000000", "Ұлытау облысы", "область Ұлытау", "Ulytau Region"),
    ("630000000", "Шығыс Қазақстан облысы", "Восточно-Казахстанская область", "East Kazakhstan Region"),
)


def ensure_reference_tree(session) -> int:
    """Create the republic and the 20 regions where missing; return how many were added."""
    from sqlalchemy import select

    from tenants.models import Tenant, TenantLevel

    added = 0
    root = session.execute(select(Tenant).where(Tenant.parent_id.is_(None))).scalars().first()
    if root is None:
        root = Tenant(level=TenantLevel.REPUBLIC.value, name_kk=REPUBLIC[0], name_ru=REPUBLIC[1], name_en=REPUBLIC[2])
        session.add(root)
        session.flush()
        added += 1
    existing = set(session.execute(select(Tenant.code).where(Tenant.level == TenantLevel.REGION.value)).scalars())
    for kato, kk, ru, en in REGIONS:
        if kato in existing:
            continue
        session.add(Tenant(level=TenantLevel.REGION.value, parent=root, code=kato, name_kk=kk, name_ru=ru, name_en=en))
        added += 1
    session.flush()
    return added

"""Lookups by ИИН in ГБД ФЛ and by БИН in ГБД ЮЛ (docs/registries.md), for forms that add a person
or an organization. ГБД ФЛ is never copied in bulk: a person is fetched when somebody types their
ИИН, and `flask ustaz sync gbdfl` only re-reads the persons whose names came from it.

A form waits on these: short timeouts and one retry (REGISTRY_LOOKUP_TIMEOUT); when the registry
is down or not configured the caller gets a RegistryError and lets the user type the name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from app.integrations.http import NotFound, RegistryClient, RegistryError, client_for

BATCH = 100


@dataclass(frozen=True)
class PersonFacts:
    iin: str
    last_name: str
    first_name: str
    middle_name: str | None
    birth_date: dt.date | None
    sex: str | None


@dataclass(frozen=True)
class OrganizationFacts:
    bin: str
    name_kk: str
    name_ru: str
    address: str | None
    registered_on: dt.date | None
    head_name: str | None
    status: str | None


def _config(config: Mapping[str, Any] | None) -> Mapping[str, Any]:
    if config is not None:
        return config
    from flask import current_app

    return current_app.config


def lookup_client(registry: str, config: Mapping[str, Any] | None = None, url: str | None = None) -> RegistryClient:
    config = _config(config)
    timeout = config.get("REGISTRY_LOOKUP_TIMEOUT", (2.0, 4.0))
    connect, read = (timeout, timeout) if isinstance(timeout, int | float) else timeout
    return client_for(registry, config, url=url, connect_timeout=float(connect), read_timeout=float(read),
                      retries=min(1, int(config.get("REGISTRY_RETRIES", 1))), backoff_max=1.0)


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _text(value: Any, limit: int) -> str | None:
    return str(value).strip()[:limit] or None if value is not None else None


def person_facts(data: Any) -> PersonFacts:
    """A ГБД ФЛ answer as plain facts; a payload without a name is a bad payload."""
    if not isinstance(data, dict) or not _text(data.get("last_name"), 100) or not _text(data.get("first_name"), 100):
        raise RegistryError("bad_payload", "gbdfl")
    sex = data.get("sex") if data.get("sex") in ("M", "F") else None
    return PersonFacts(str(data.get("iin", "")), _text(data["last_name"], 100) or "", _text(data["first_name"], 100) or "",
                       _text(data.get("middle_name"), 100), _date(data.get("birth_date")), sex)


def organization_facts(data: Any) -> OrganizationFacts:
    if not isinstance(data, dict) or not (_text(data.get("name_kk"), 400) or _text(data.get("name_ru"), 400)):
        raise RegistryError("bad_payload", "gbdul")
    kk = _text(data.get("name_kk"), 400) or _text(data.get("name_ru"), 400) or ""
    ru = _text(data.get("name_ru"), 400) or kk
    return OrganizationFacts(str(data.get("bin", "")), kk, ru, _text(data.get("address"), 400),
                             _date(data.get("registered_on")), _text(data.get("head_name"), 200),
                             _text(data.get("status"), 20))


def lookup_person(iin: str, config: Mapping[str, Any] | None = None, client: RegistryClient | None = None) -> PersonFacts | None:
    """The person ГБД ФЛ holds under this ИИН, or None. Raises RegistryError when it cannot say."""
    client = client or lookup_client("gbdfl", config)
    try:
        facts = person_facts(client.get_json("person", f"v1/persons/{iin}"))
    except NotFound:
        return None
    return facts if facts.iin == iin else None


def lookup_persons(iins: Iterable[str], client: RegistryClient) -> dict[str, PersonFacts]:
    """Many persons at once (100 a call), for the re-read of names that came from ГБД ФЛ."""
    wanted = list(dict.fromkeys(iins))
    found: dict[str, PersonFacts] = {}
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start:start + BATCH]
        data = client.get_json("persons", "v1/persons", {"iin": ",".join(chunk)})
        items = data.get("items") if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise RegistryError("bad_payload", "gbdfl")
        for item in items:
            try:
                facts = person_facts(item)
            except RegistryError:
                continue
            if facts.iin in chunk:
                found[facts.iin] = facts
    return found


def lookup_organization(bin_: str, config: Mapping[str, Any] | None = None,
                        client: RegistryClient | None = None) -> OrganizationFacts | None:
    """The legal entity ГБД ЮЛ holds under this БИН, or None. Raises RegistryError when it cannot say."""
    client = client or lookup_client("gbdul", config)
    try:
        facts = organization_facts(client.get_json("organization", f"v1/organizations/{bin_}"))
    except NotFound:
        return None
    return facts if facts.bin == bin_ else None

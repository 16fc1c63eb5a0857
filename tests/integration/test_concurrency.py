"""Issue 9, point 5: concurrent REST writes on different persons never see each other's state.

8 threads × 50 mixed writes (rename, a refused ИИН taken by a neighbour, add then delete a
newcomer) as one school director through the REST API. Every answer must be the one its own
request deserves and the stored rows must hold what each thread wrote last. It runs on
PostgreSQL (TEST_DATABASE_URL, as in .ci/run): SQLite serialises writers, so races hide there.
"""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from app.extensions import db
from app.identifiers import make_iin
from models.person import Person
from tenants.scope import scope_clause, scope_for_user
from tests.conftest import BACKEND, TokenBrowser
from tests.helpers import user

THREADS = 8
WRITES_PER_THREAD = 50

pytestmark = pytest.mark.skipif(BACKEND != "postgresql", reason="runs on PostgreSQL (set TEST_DATABASE_URL, as .ci/run does)")


def _persons_in_scope(username: str, count: int) -> list[Person]:
    scope = scope_for_user(user(username))
    query = select(Person).where(scope_clause(Person, scope)).order_by(Person.id).limit(count)
    return list(db.session.scalars(query))


def _writer(app, number: int, person_id: int, neighbour_iin: str, organization_id: int) -> list[str]:
    """The thread's 50 writes; returns what went wrong (empty when every answer was right)."""
    wrong: list[str] = []
    client = TokenBrowser(app, "director")
    last_name = None
    for step in range(WRITES_PER_THREAD):
        kind = step % 5
        if kind in (0, 1, 2):
            last_name = f"Т{number}-{step}"
            response = client.api("PUT", f"/api/v1/person/{person_id}", json={"last_name": last_name, "phone": f"+7700{number:03d}{step:04d}"})
            if response.status_code != 200 or response.get_json()["result"].get("last_name") != last_name:
                wrong.append(f"rename {number}/{step}: {response.status_code} {response.get_data(as_text=True)[:200]}")
        elif kind == 3:
            response = client.api("PUT", f"/api/v1/person/{person_id}", json={"iin": neighbour_iin})
            if response.status_code != 422:
                wrong.append(f"taken IIN {number}/{step}: {response.status_code} {response.get_data(as_text=True)[:200]}")
        else:
            iin = make_iin(dt.date(1990, 1 + number, 1 + step % 28), "M" if step % 2 else "F", 9000 + number * 100 + step)
            response = client.api(
                "POST", "/api/v1/person/", json={"iin": iin, "last_name": f"Жаңа{number}", "first_name": f"Қадам{step}", "tenant": organization_id}
            )
            if response.status_code != 201:
                wrong.append(f"add {number}/{step}: {response.status_code} {response.get_data(as_text=True)[:200]}")
                continue
            new_id = response.get_json()["id"]
            shown = client.get(f"/api/v1/person/{new_id}").get_json() or {}
            if shown.get("result", {}).get("iin") != iin:
                wrong.append(f"add {number}/{step}: shown {shown}")
            deleted = client.api("DELETE", f"/api/v1/person/{new_id}")
            if deleted.status_code != 200:
                wrong.append(f"delete {number}/{step}: {deleted.status_code} {deleted.get_data(as_text=True)[:200]}")
    shown = client.get(f"/api/v1/person/{person_id}").get_json() or {}
    if shown.get("result", {}).get("last_name") != last_name:
        wrong.append(f"final {number}: {shown.get('result', {}).get('last_name')} != {last_name}")
    return wrong


def test_eight_threads_of_mixed_writes_stay_apart(app, ctx):
    persons = _persons_in_scope("director", THREADS + 1)
    assert len(persons) == THREADS + 1
    targets = [(p.id, p.iin, p.tenant_id) for p in persons]
    db.session.remove()
    start = threading.Barrier(THREADS)

    def run(number: int) -> list[str]:
        person_id, _iin, organization_id = targets[number]
        neighbour_iin = targets[(number + 1) % (THREADS + 1)][1]
        start.wait()
        return _writer(app, number, person_id, neighbour_iin, organization_id)

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(run, range(THREADS)))
    wrong = [line for result in results for line in result]
    assert wrong == [], f"{len(wrong)} wrong answers, e.g. {wrong[:5]}"

    db.session.expire_all()
    for number in range(THREADS):
        person = db.session.get(Person, targets[number][0])
        last_step = max(s for s in range(WRITES_PER_THREAD) if s % 5 in (0, 1, 2))
        assert person.last_name == f"Т{number}-{last_step}"
        assert person.iin == targets[number][1]
    leftovers = db.session.scalars(select(Person).where(Person.last_name.like("Жаңа%"))).all()
    assert leftovers == []

"""A simulator of the six national registries (docs/registries.md), with faults on purpose.

    python -m app.integrations.simulator --port 8900 --seed 1 --teachers 10000 --fault-rate 0.2

or in-process for tests: ``with run_simulator(seed=1, teachers=200, fault_rate=0.2) as url: ...``.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from app.identifiers import validate_bin, validate_iin
from app.integrations.simulator.world import World

FEEDS = {("nobd", "organizations"), ("nobd", "teachers"), ("uto", "results"), ("mnvo", "diplomas"),
         ("orleu", "certificates")}
TRUTH = {"nobd": ("organizations", "teachers"), "uto": ("results",), "mnvo": ("diplomas",),
         "orleu": ("certificates",), "gbdfl": ("persons",), "gbdul": ("organizations",)}
FAULTS = ("timeout", "server_error", "rate_limited", "bad_json", "repeat", "shuffle")
PAGE_FAULTS = ("repeat", "shuffle")
#: what /_mutate/<registry> changes, by default and on ?collection=
MUTABLE = {"nobd": ("teachers", "organizations"), "uto": ("results",), "mnvo": ("diplomas",),
           "orleu": ("certificates",)}
#: the feeds whose records belong to one teacher each: they also answer ?iin=
PER_TEACHER = ("uto", "mnvo", "orleu")
BATCH = 100


def _json(data: Any, status: int = 200, headers: dict | None = None) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), status=status, headers=headers,
                    mimetype="application/json")


class Simulator:
    def __init__(self, seed: int = 1, teachers: int = 1000, fault_rate: float = 0.0, hang: float = 15.0,
                 retry_after: float = 1.0, token: str | None = None) -> None:
        self.world = World(seed, teachers)
        self.fault_rate, self.hang, self.retry_after, self.token = fault_rate, hang, retry_after, token
        self.faults = random.Random(f"faults:{seed}")
        self.fault_lock = threading.Lock()
        self.mutations = 0
        self.mutation_lock = threading.Lock()
        self.served: dict[str, int] = {}
        self.urls = Map([
            Rule("/_health", endpoint="health"),
            Rule("/_truth/<registry>", endpoint="truth"),
            Rule("/_mutate/<registry>", endpoint="mutate", methods=["POST"]),
            Rule("/gbdfl/v1/persons", endpoint="persons"),
            Rule("/gbdfl/v1/persons/<iin>", endpoint="person"),
            Rule("/gbdul/v1/organizations", endpoint="organizations"),
            Rule("/gbdul/v1/organizations/<bin_>", endpoint="organization"),
            Rule("/<registry>/v1/<collection>", endpoint="feed"),
        ])

    # --- WSGI ---------------------------------------------------------------------------------
    def __call__(self, environ, start_response):
        request = Request(environ)
        try:
            endpoint, args = self.urls.bind_to_environ(environ).match()
            if not endpoint.startswith(("health", "truth", "mutate")):
                refused = self._authorised(request)
                if refused is not None:
                    return refused(environ, start_response)
                fault = self._fault()
                if fault in PAGE_FAULTS and endpoint != "feed":
                    fault = "server_error"  # only a feed page can repeat or shuffle rows (docs/registries.md)
                early = self._early_fault(fault)
                if early is not None:
                    return early(environ, start_response)
                response = getattr(self, f"on_{endpoint}")(request, fault=fault, **args)
                if fault == "bad_json" and response.status_code == 200:
                    # the real answer cut short, as by a proxy dropping the connection
                    body = response.get_data()
                    response.set_data(body[:max(1, len(body) // 2)])
            else:
                response = getattr(self, f"on_{endpoint}")(request, **args)
        except NotFound:
            response = _json({"error": "not_found"}, 404)
        except HTTPException as exc:
            response = _json({"error": exc.name}, exc.code or 400)
        return response(environ, start_response)

    def _authorised(self, request: Request) -> Response | None:
        if self.token and request.headers.get("Authorization") != f"Bearer {self.token}":
            return _json({"error": "unauthorized"}, 401)
        return None

    def _fault(self) -> str | None:
        """One draw per API request from a shared seeded generator: the same seed, the same mix."""
        with self.fault_lock:
            if self.fault_rate <= 0 or self.faults.random() >= self.fault_rate:
                return None
            kind = self.faults.choice(FAULTS)
            self.served[kind] = self.served.get(kind, 0) + 1
        return kind

    def _early_fault(self, fault: str | None) -> Response | None:
        """The faults that answer instead of the endpoint; the others change its answer."""
        if fault == "timeout":
            time.sleep(self.hang)  # past the client's read timeout: it has given up by now
            return _json({"error": "gateway_timeout"}, 504)
        if fault == "server_error":
            return _json({"error": "internal"}, 500)
        if fault == "rate_limited":
            return _json({"error": "too_many_requests"}, 429, {"Retry-After": f"{self.retry_after:g}"})
        return None

    # --- endpoints ----------------------------------------------------------------------------
    def on_health(self, request: Request) -> Response:
        return _json({"ok": True})

    def on_feed(self, request: Request, registry: str, collection: str, fault: str | None = None) -> Response:
        feed = self.world.feeds.get((registry, collection))
        if feed is None:
            raise NotFound()
        if "iin" in request.args and registry in PER_TEACHER:
            iin = request.args["iin"]
            if not validate_iin(iin).valid:
                return _json({"error": "invalid iin"}, 400)
            return _json({"items": self.world.records_of(registry, collection, iin), "has_more": False})
        try:
            since = int(request.args.get("since", "0"))
            limit = int(request.args.get("limit", "1000"))
        except ValueError:
            return _json({"error": "since and limit must be integers"}, 400)
        if since < 0 or not 1 <= limit <= 5000:
            return _json({"error": "since >= 0 and 1 <= limit <= 5000"}, 400)
        items, has_more, total = feed.page(since, limit)
        if fault == "repeat":
            repeated = feed.before(since, 3)
            items = repeated + items + items[:1]
        elif fault == "shuffle":
            items = items[:]
            random.Random(since).shuffle(items)
        return _json({"items": items, "has_more": has_more, "total": total})

    def on_person(self, request: Request, iin: str, fault: str | None = None) -> Response:
        if not validate_iin(iin).valid:
            return _json({"error": "invalid iin"}, 400)
        person = self.world.person_by_iin(iin)
        return _json(person) if person else _json({"error": "not_found"}, 404)

    def on_persons(self, request: Request, fault: str | None = None) -> Response:
        values = [v for v in (request.args.get("iin") or "").split(",") if v]
        if not values or len(values) > BATCH or not all(v.isdigit() and len(v) == 12 for v in values):
            return _json({"error": f"iin: 1 to {BATCH} comma-separated 12-digit numbers"}, 400)
        return _json({"items": [p for p in map(self.world.person_by_iin, values) if p]})

    def on_organization(self, request: Request, bin_: str, fault: str | None = None) -> Response:
        if not validate_bin(bin_).valid:
            return _json({"error": "invalid bin"}, 400)
        entity = self.world.legal_entity(bin_)
        return _json(entity) if entity else _json({"error": "not_found"}, 404)

    def on_organizations(self, request: Request, fault: str | None = None) -> Response:
        values = [v for v in (request.args.get("bin") or "").split(",") if v]
        if not values or len(values) > BATCH or not all(v.isdigit() and len(v) == 12 for v in values):
            return _json({"error": f"bin: 1 to {BATCH} comma-separated 12-digit numbers"}, 400)
        return _json({"items": [e for e in map(self.world.legal_entity, values) if e]})

    def on_mutate(self, request: Request, registry: str) -> Response:
        if registry not in MUTABLE:
            raise NotFound()
        collection = request.args.get("collection", MUTABLE[registry][0])
        if collection not in MUTABLE[registry]:
            return _json({"error": f"collection: one of {', '.join(MUTABLE[registry])}"}, 400)
        try:
            fraction = float(request.args.get("fraction", "0.01"))
        except ValueError:
            return _json({"error": "fraction must be a number"}, 400)
        if not 0 < fraction <= 1:
            return _json({"error": "0 < fraction <= 1"}, 400)
        with self.mutation_lock:  # the n-th mutation picks the same records in every run
            self.mutations += 1
            chooser = random.Random(f"{self.world.seed}:mutate:{registry}:{collection}:{self.mutations}")
            changed = self.world.feeds[(registry, collection)].mutate(fraction, chooser)
        return _json({"changed": changed})

    def on_truth(self, request: Request, registry: str) -> Response:
        if registry not in TRUTH:
            raise NotFound()
        return Response(self._truth(registry), mimetype="application/json")

    def _truth(self, registry: str) -> Iterator[str]:
        yield json.dumps({"registry": registry})[:-1]
        for collection in TRUTH[registry]:
            yield f', "{collection}": ['
            first = True
            for record in self._records(registry, collection):
                yield ("" if first else ",") + json.dumps(record, ensure_ascii=False)
                first = False
            yield "]"
        yield "}"

    def _records(self, registry: str, collection: str) -> Iterator[dict]:
        if (registry, collection) in FEEDS:
            yield from self.world.feeds[(registry, collection)].everything()
        elif registry == "gbdfl":
            yield from self.world.persons()
        else:
            yield from self.world.legal_entities()


def build_app(seed: int = 1, teachers: int = 1000, fault_rate: float = 0.0, hang: float = 15.0,
              retry_after: float = 1.0, token: str | None = None) -> Simulator:
    return Simulator(seed, teachers, fault_rate, hang, retry_after, token)


@contextmanager
def run_simulator(seed: int = 1, teachers: int = 200, fault_rate: float = 0.0, hang: float = 0.5,
                  retry_after: float = 0, token: str | None = None, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve the simulator on a free local port in a thread; yields its root URL."""
    import logging

    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per request drowns the test output
    server = make_server(host, 0, build_app(seed, teachers, fault_rate, hang, retry_after, token), threaded=True)
    # a short poll: shutdown waits for it, and tests start and stop many simulators
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)

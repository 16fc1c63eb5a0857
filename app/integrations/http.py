"""The one HTTP client every registry goes through (docs/registries.md).

One pooled ``requests.Session`` per process; per call a connect and a read timeout; retries with
exponential backoff and jitter on connection errors, timeouts, 5xx, 429 and malformed JSON, with a
429's or 503's ``Retry-After`` honoured (capped). The retry loop is ours rather than urllib3's
``Retry``: that one cannot retry a 200 whose body is not JSON, which the registries do send.

Every call is logged with the registry, the endpoint's *name* (never its path or parameters: they
hold ИИН and БИН), the status, the attempt and the duration — no personal data in logs.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import requests
from requests.adapters import HTTPAdapter

log = logging.getLogger("ustaz.integrations")

#: the registries we speak to, in the order a nightly run syncs them
REGISTRIES = ("nobd", "gbdfl", "gbdul", "uto", "mnvo", "orleu")

_session: requests.Session | None = None
_session_lock = threading.Lock()


class RegistryError(Exception):
    """A registry call that failed for good. ``code`` says why, for the run log and the pages:
    not_configured, unreachable, timeout, rate_limited, server_error, bad_payload, refused, not_found."""

    def __init__(self, code: str, registry: str, status: int | None = None, detail: str = "") -> None:
        super().__init__(f"{registry}: {code}" + (f" ({status})" if status else "") + (f": {detail}" if detail else ""))
        self.code, self.registry, self.status, self.detail = code, registry, status, detail


class NotFound(RegistryError):
    def __init__(self, registry: str) -> None:
        super().__init__("not_found", registry, 404)


def shared_session(pool_size: int = 16) -> requests.Session:
    """The process's session: keep-alive connections reused by every client and thread."""
    global _session
    with _session_lock:
        if _session is None:
            session = requests.Session()
            adapter = HTTPAdapter(pool_connections=len(REGISTRIES), pool_maxsize=pool_size, max_retries=0)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            session.headers["Accept"] = "application/json"
            _session = session
        return _session


@dataclass
class CallStats:
    """What a client's calls cost, for the run log: requests sent, retries, seconds waited."""

    requests: int = 0
    retries: int = 0
    waited: float = 0.0
    by_outcome: dict[str, int] = field(default_factory=dict)


@dataclass
class RegistryClient:
    registry: str
    base_url: str
    token: str | None = None
    connect_timeout: float = 3.0
    read_timeout: float = 10.0
    retries: int = 6
    backoff: float = 0.5
    backoff_max: float = 30.0
    retry_after_max: float = 60.0
    session: requests.Session | None = None
    sleep: Callable[[float], None] = time.sleep
    #: called between attempts (the sync keeps its lock's heartbeat alive through long waits)
    on_wait: Callable[[], None] | None = None
    stats: CallStats = field(default_factory=CallStats)

    def __post_init__(self) -> None:
        base = (self.base_url or "").rstrip("/")
        if base.endswith("/" + self.registry):  # a base that already names the registry
            base = base[: -len(self.registry) - 1]
        self.base_url = base

    def get_json(self, endpoint: str, path: str, params: Mapping[str, Any] | None = None) -> Any:
        """GET ``{base}/{registry}/{path}`` and return its JSON, retrying what can pass.

        ``endpoint`` names the call in the log ("teachers", "person"): the path may hold an ИИН."""
        if not self.base_url:
            raise RegistryError("not_configured", self.registry)
        url = f"{self.base_url}/{self.registry}/{path.lstrip('/')}"
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        session = self.session or shared_session()
        last: RegistryError | None = None
        for attempt in range(1, self.retries + 2):
            started = time.monotonic()
            wait: float | None = None
            try:
                response = session.get(url, params=params, headers=headers,
                                       timeout=(self.connect_timeout, self.read_timeout))
            except requests.Timeout:
                last = RegistryError("timeout", self.registry)
                self._log(endpoint, None, "timeout", attempt, started)
            except requests.RequestException as exc:
                last = RegistryError("unreachable", self.registry, detail=type(exc).__name__)
                self._log(endpoint, None, "unreachable", attempt, started)
            else:
                status = response.status_code
                if status == 200:
                    try:
                        data = response.json()
                    except (ValueError, json.JSONDecodeError):
                        last = RegistryError("bad_payload", self.registry, status)
                        self._log(endpoint, status, "bad_payload", attempt, started)
                    else:
                        self._log(endpoint, status, "ok", attempt, started)
                        return data
                elif status == 404:
                    self._log(endpoint, status, "not_found", attempt, started)
                    raise NotFound(self.registry)
                elif status == 429 or status >= 500:
                    code = "rate_limited" if status == 429 else "server_error"
                    last = RegistryError(code, self.registry, status)
                    wait = _retry_after(response.headers.get("Retry-After"), self.retry_after_max)
                    self._log(endpoint, status, code, attempt, started)
                else:  # 4xx: our request is wrong or not allowed; retrying will not help
                    self._log(endpoint, status, "refused", attempt, started)
                    raise RegistryError("refused", self.registry, status)
            if attempt > self.retries:
                break
            if wait is None:
                wait = min(self.backoff_max, self.backoff * 2 ** (attempt - 1)) * (0.5 + random.random() / 2)
            self.stats.retries += 1
            self.stats.waited += wait
            if self.on_wait is not None:
                self.on_wait()
            self.sleep(wait)
        assert last is not None
        raise last

    def _log(self, endpoint: str, status: int | None, outcome: str, attempt: int, started: float) -> None:
        self.stats.requests += 1
        self.stats.by_outcome[outcome] = self.stats.by_outcome.get(outcome, 0) + 1
        log.info("registry=%s endpoint=%s status=%s outcome=%s attempt=%d duration_ms=%.0f", self.registry,
                 endpoint, status if status is not None else "-", outcome, attempt,
                 (time.monotonic() - started) * 1000)


def _retry_after(value: str | None, cap: float) -> float | None:
    """Seconds from a Retry-After header (delta-seconds; an HTTP date is taken as "soon")."""
    if not value:
        return None
    try:
        return max(0.0, min(cap, float(value)))
    except ValueError:
        return min(cap, 1.0)


def client_for(registry: str, config: Mapping[str, Any], url: str | None = None, **overrides: Any) -> RegistryClient:
    """The client of one registry as configured (REGISTRY_<NAME>_URL / _TOKEN, REGISTRY_* timings)."""
    key = registry.upper()
    timeout = config.get("REGISTRY_TIMEOUT", (3.0, 10.0))
    connect, read = (timeout, timeout) if isinstance(timeout, int | float) else timeout
    values: dict[str, Any] = {
        "registry": registry,
        "base_url": url or config.get(f"REGISTRY_{key}_URL") or "",
        "token": config.get(f"REGISTRY_{key}_TOKEN") or None,
        "connect_timeout": float(connect),
        "read_timeout": float(read),
        "retries": int(config.get("REGISTRY_RETRIES", 6)),
        "backoff": float(config.get("REGISTRY_BACKOFF", 0.5)),
        "backoff_max": float(config.get("REGISTRY_BACKOFF_MAX", 30.0)),
        "retry_after_max": float(config.get("REGISTRY_RETRY_AFTER_MAX", 60.0)),
    }
    values.update(overrides)
    return RegistryClient(**values)

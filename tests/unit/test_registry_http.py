"""The one HTTP client: what it retries, how long it waits, what it gives up on, what it logs."""

from __future__ import annotations

import logging

import pytest
import requests

from app.integrations.http import NotFound, RegistryClient, RegistryError


class FakeResponse:
    def __init__(self, status: int, body: str = "{}", headers: dict | None = None) -> None:
        self.status_code, self._body, self.headers = status, body, headers or {}

    def json(self):
        import json

        return json.loads(self._body)


class FakeSession:
    def __init__(self, answers: list) -> None:
        self.answers, self.calls = list(answers), []

    def get(self, url, params=None, headers=None, timeout=None):
        self.calls.append((url, params, headers, timeout))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def client(answers: list, **kwargs) -> tuple[RegistryClient, FakeSession, list[float]]:
    session, waits = FakeSession(answers), []
    options = {"registry": "nobd", "base_url": "http://registry.test", "session": session, "sleep": waits.append,
               "retries": 4, "backoff": 1.0, "backoff_max": 8.0}
    options.update(kwargs)
    return RegistryClient(**options), session, waits


def test_it_retries_5xx_timeouts_and_truncated_json_then_returns_the_answer():
    c, session, waits = client([FakeResponse(500), requests.Timeout(), FakeResponse(200, '{"items": ['),
                                FakeResponse(200, '{"ok": true}')])
    assert c.get_json("teachers", "v1/teachers", {"since": 0}) == {"ok": True}
    assert len(session.calls) == 4 and c.stats.retries == 3
    # exponential backoff with jitter: 1, 2, 4 seconds, each between half and all of it
    assert [0.5 <= w / base <= 1.0 for w, base in zip(waits, (1, 2, 4), strict=True)] == [True] * 3


def test_a_429_waits_what_retry_after_says_capped():
    c, _session, waits = client([FakeResponse(429, headers={"Retry-After": "7"}),
                                 FakeResponse(503, headers={"Retry-After": "500"}), FakeResponse(200, "[]")],
                                retry_after_max=60)
    assert c.get_json("teachers", "v1/teachers") == []
    assert waits == [7.0, 60.0]


def test_it_gives_up_after_its_retries_with_the_last_reason():
    c, session, _waits = client([FakeResponse(502)] * 5)
    with pytest.raises(RegistryError) as error:
        c.get_json("teachers", "v1/teachers")
    assert error.value.code == "server_error" and len(session.calls) == 5


def test_404_and_4xx_are_not_retried():
    c, session, _ = client([FakeResponse(404)])
    with pytest.raises(NotFound):
        c.get_json("person", "v1/persons/1")
    c, session, _ = client([FakeResponse(401)])
    with pytest.raises(RegistryError) as error:
        c.get_json("person", "v1/persons/1")
    assert error.value.code == "refused" and len(session.calls) == 1


def test_unreachable_and_not_configured():
    c, _, _ = client([requests.ConnectionError()] * 5)
    with pytest.raises(RegistryError) as error:
        c.get_json("teachers", "v1/teachers")
    assert error.value.code == "unreachable"
    with pytest.raises(RegistryError) as error:
        RegistryClient("nobd", "").get_json("teachers", "v1/teachers")
    assert error.value.code == "not_configured"


def test_the_url_token_and_timeouts_sent(caplog):
    c, session, _ = client([FakeResponse(200, "{}")], base_url="http://registry.test/nobd/", token="s3cret",
                           connect_timeout=1.5, read_timeout=4)
    c.get_json("person", "v1/persons/850314401236")
    url, _params, headers, timeout = session.calls[0]
    assert url == "http://registry.test/nobd/v1/persons/850314401236"
    assert headers == {"Authorization": "Bearer s3cret"} and timeout == (1.5, 4)


def test_logs_name_the_endpoint_never_the_iin(caplog):
    c, _, _ = client([FakeResponse(500), FakeResponse(200, "{}")])
    with caplog.at_level(logging.INFO, logger="ustaz.integrations"):
        c.get_json("person", "v1/persons/850314401236", {"iin": "850314401236"})
    text = caplog.text
    assert "endpoint=person" in text and "outcome=server_error" in text and "outcome=ok" in text
    assert "duration_ms=" in text and "850314401236" not in text and "s3cret" not in text

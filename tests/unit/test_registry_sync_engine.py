"""The sync engine's pure parts: the next cursor of a page, pages that make no progress, the lock's
judgement of a holder."""

from __future__ import annotations

import datetime as dt
import os
import socket

import pytest

from app.integrations.http import RegistryError
from app.integrations.sync import _LIVE_TOKENS, _holder_alive, fetch_feed_page
from models.base import utcnow


class FakeClient:
    registry, retries, backoff, backoff_max = "nobd", 3, 0.0, 0.0

    def __init__(self, answers: list) -> None:
        self.answers, self.calls = list(answers), []

    def get_json(self, endpoint, path, params=None):
        self.calls.append(params)
        return self.answers.pop(0)

    def sleep(self, seconds: float) -> None:
        pass


def rows(*revisions: int) -> list[dict]:
    return [{"iin": str(r), "revision": r} for r in revisions]


def test_the_next_cursor_is_the_highest_revision_not_the_last_row():
    page = fetch_feed_page(FakeClient([{"items": rows(14, 11, 13, 12), "has_more": True, "total": 9}]), "v1/teachers", 10, 4)
    assert (page.cursor, page.has_more, page.remaining, len(page.items)) == (14, True, 9, 4)


def test_repeated_rows_from_earlier_pages_do_not_move_the_cursor_back():
    page = fetch_feed_page(FakeClient([{"items": rows(3, 4, 11, 12, 12), "has_more": False, "total": 2}]), "v1/teachers", 10, 4)
    assert page.cursor == 12


def test_a_page_of_old_rows_announcing_more_is_asked_again():
    client = FakeClient([{"items": rows(8, 9), "has_more": True, "total": 5},
                         {"items": rows(11, 12), "has_more": True, "total": 5}])
    assert fetch_feed_page(client, "v1/teachers", 10, 2).cursor == 12 and len(client.calls) == 2


@pytest.mark.parametrize("broken", [[], {"items": "x", "has_more": True}, {"items": [], "has_more": "yes"}, {"has_more": False}])
def test_a_broken_envelope_is_asked_again_then_given_up(broken):
    client = FakeClient([broken] * 3)
    with pytest.raises(RegistryError) as error:
        fetch_feed_page(client, "v1/teachers", 0, 10)
    assert error.value.code == "bad_payload" and len(client.calls) == 3


def test_an_empty_last_page_keeps_the_cursor():
    page = fetch_feed_page(FakeClient([{"items": [], "has_more": False, "total": 0}]), "v1/teachers", 42, 10)
    assert (page.cursor, page.has_more) == (42, False)


def _dead_pid() -> int:
    pid = 2 ** 22 - 7
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
        pid -= 1


def test_a_holder_is_alive_only_with_a_fresh_heartbeat_and_a_living_process():
    host, now = socket.gethostname()[:60], utcnow()
    old = now - dt.timedelta(seconds=301)
    assert not _holder_alive(None, now, 300)
    assert not _holder_alive(f"{host}:{os.getppid()}:t", old, 300)  # silent too long
    assert _holder_alive(f"{host}:{os.getppid()}:t", now, 300)  # another living process here
    assert not _holder_alive(f"{host}:{_dead_pid()}:t", now, 300)  # its process is gone
    assert _holder_alive("elsewhere:1:t", now, 300)  # another machine: its heartbeat is trusted
    assert not _holder_alive(f"{host}:{os.getpid()}:gone", now, 300)  # this process, a run that ended
    _LIVE_TOKENS.add("mine")
    try:
        assert _holder_alive(f"{host}:{os.getpid()}:mine", now, 300)
    finally:
        _LIVE_TOKENS.discard("mine")

"""Certificate numbers, validity and who gets a certificate: plain rules, no request."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

from app.attestation.orders import NO_CATEGORY, gets_certificate, new_certificate_number


def test_certificate_numbers_are_url_safe_random_and_carry_the_year():
    numbers = {new_certificate_number(2026) for _ in range(2000)}
    assert len(numbers) == 2000  # 40 random bits: no collision in a session's worth
    for number in numbers:
        assert re.fullmatch(r"2026-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", number), number
    # the random part is spread over the alphabet (not a counter)
    assert len({n[5] for n in numbers}) > 25


def _application(outcome, awarded):
    return SimpleNamespace(outcome=outcome, awarded_category=awarded)


def test_who_gets_a_certificate():
    assert gets_certificate(_application("assigned", "expert"))
    assert gets_certificate(_application("confirmed", "master"))
    assert gets_certificate(_application("lowered", "moderator"))
    assert not gets_certificate(_application("lowered", NO_CATEGORY))  # no category left to certify
    assert not gets_certificate(_application("not_assigned", None))
    assert not gets_certificate(_application("assigned", None))


def test_valid_until_counts_years_from_the_order(monkeypatch):
    from app.attestation import orders

    monkeypatch.setattr(orders, "parameters_of", lambda period: {"category_validity_years": {"teacher": 5,
                                                                                             "head": 4}})
    teacher = SimpleNamespace(period=None, position_kind="teacher")
    head = SimpleNamespace(period=None, position_kind="head")
    assert orders.valid_until(teacher, dt.date(2026, 12, 5)) == dt.date(2031, 12, 5)
    assert orders.valid_until(head, dt.date(2026, 12, 5)) == dt.date(2030, 12, 5)
    assert orders.valid_until(teacher, dt.date(2028, 2, 29)) == dt.date(2033, 2, 28)

import datetime as dt

import pytest

from app.identifiers import check_digit, make_bin, make_iin, validate_bin, validate_iin


@pytest.mark.parametrize(
    "number,reason",
    [
        ("", "empty"),
        ("85031440123", "length"),
        ("8503144012366", "length"),
        ("85031440123a", "digits"),
        ("８５０３１４４０１２３６", "digits"),  # full-width digits are not ASCII digits
        ("851314401236", "birth_date"),
        ("850230401236", "birth_date"),
        ("850314701236", "century"),
        ("850314001236", "century"),
        ("850314401235", "check_digit"),
    ],
)
def test_invalid_iin_gives_its_reason(number, reason):
    check = validate_iin(number)
    assert not check.valid and check.reason == reason


def test_valid_iin_tells_birth_date_and_sex():
    check = validate_iin("850314401236")
    assert check.valid
    assert check.birth_date == dt.date(1985, 3, 14) and check.sex == "F"
    male_2000s = make_iin(dt.date(2003, 12, 31), "M", 42)
    assert male_2000s[6] == "5" and validate_iin(male_2000s).birth_date == dt.date(2003, 12, 31)


def test_future_birth_date_is_refused():
    assert validate_iin(make_iin(dt.date(2030, 1, 1), "M", 1), today=dt.date(2026, 11, 23)).reason == "future"


def test_second_weights_are_used_when_first_remainder_is_ten():
    # Search a body whose first-pass remainder is 10, then check against the second pass.
    for serial in range(10000):
        body = f"850314{4}{serial:04d}"
        first = sum(w * int(d) for w, d in zip(range(1, 12), body)) % 11
        if first == 10:
            second = sum(w * int(d) for w, d in zip((3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2), body)) % 11
            assert check_digit(body) == (None if second == 10 else second)
            if second != 10:
                assert validate_iin(body + str(second)).valid
            else:
                assert validate_iin(body + "0").reason == "unissuable"
            return
    pytest.fail("no body with remainder 10 found")


def test_bin_rules():
    valid = make_bin(dt.date(2005, 6, 1), 777)
    assert validate_bin(valid).valid
    assert validate_bin(valid[:2] + "13" + valid[4:]).reason == "month"
    assert validate_bin(valid[:4] + "9" + valid[5:]).reason == "entity_type"
    assert validate_bin(valid[:5] + "7" + valid[6:]).reason == "division"
    broken = valid[:11] + str((int(valid[11]) + 1) % 10)
    assert validate_bin(broken).reason in {"check_digit", "unissuable"}

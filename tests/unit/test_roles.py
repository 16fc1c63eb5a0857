from app.security.roles import ROLE_DEFINITIONS, assignable_roles, role_rank


def test_nobody_hands_out_a_role_above_their_own():
    for name, definition in ROLE_DEFINITIONS.items():
        for given in assignable_roles({name}):
            assert ROLE_DEFINITIONS[given].rank <= definition.rank


def test_district_staff_cannot_create_region_staff_or_national_admins():
    allowed = assignable_roles({"DistrictStaff"})
    assert "DistrictStaff" in allowed and "OrgHead" in allowed and "Teacher" in allowed
    assert "RegionStaff" not in allowed and "NationalAdmin" not in allowed


def test_superuser_outranks_everyone_and_unknown_roles_rank_zero():
    assert role_rank({"Admin"}) > role_rank({"NationalAdmin"})
    assert role_rank({"Public"}) == 0
    assert assignable_roles(set()) == []


def test_every_role_of_the_issue_exists():
    assert set(ROLE_DEFINITIONS) == {
        "NationalAdmin",
        "RegionStaff",
        "DistrictStaff",
        "OrgHead",
        "OrgDataEntry",
        "Observer",
        "CommissionMember",
        "Teacher",
        "Auditor",
    }

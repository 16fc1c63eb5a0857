from app.scoring.advisor import advise
from app.scoring.cases import read_case
from app.scoring.rulesets import default_data
from tests.unit.test_scoring_engine import full_profile


def test_advice_is_ordered_by_effort_and_concrete():
    profile = full_profile()
    profile["courses"] = [{"program": "A", "hours": 56, "in_profile": True}]
    profile["speeches"] = [{"level": "organization"}]
    profile["observations"] = profile["observations"][:4]
    case, _ = read_case({"education_level": "secondary", "requested_category": "expert", "current_category": "moderator",
                         "mode": "assign", "ozp_percent": 90, "experience_years": 10, "as_of": "2025-12-15",
                         "profile": profile})
    result, advice = advise(case, default_data())
    assert not result["portfolio_met"]
    texts = [a.text for a in advice]
    assert texts[0] == "16 more course hours"
    assert "one speech at district level or higher" in texts
    assert any(t.startswith("1 more observed lessons on different days") for t in texts)
    assert [a.effort for a in advice] == sorted(a.effort for a in advice)


def test_nothing_to_advise_when_met():
    case, _ = read_case({"education_level": "secondary", "requested_category": "expert", "current_category": "moderator",
                         "mode": "assign", "ozp_percent": 90, "experience_years": 10, "as_of": "2025-12-15",
                         "profile": full_profile()})
    assert advise(case, default_data())[1] == []

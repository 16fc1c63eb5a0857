"""The default rule set of DOMAIN.md §11, as data. Seeded into the database as the first published
version; national admins change it there (new versions), never here."""

from __future__ import annotations

#: the default set's names in the three languages (its key is app.scoring.rulesets.DEFAULT_NAME)
DEFAULT_NAMES = {
    "kk": "Әдепкі критерийлер: 27.01.2016 №83 бұйрық (02.04.2024 №72 бұйрықпен өзгертілген)",
    "ru": "Критерии по умолчанию: приказ №83 от 27.01.2016 (в ред. приказа №72 от 02.04.2024)",
    "en": "Default criteria: order №83 of 27.01.2016 as amended by №72 of 02.04.2024",
}
CATEGORIES = ("teacher", "moderator", "expert", "researcher", "master")
LEVELS = ("organization", "district", "region", "republic", "international")
EDUCATION_LEVELS = ("preschool", "secondary", "additional", "tvet", "special")
POSITIONS = ("teacher", "methodist", "deputy_head", "head")
INDICATORS = ("1.1", "1.2", "2.1", "2.2", "3.1", "3.2", "3.3", "3.4", "3.5", "4", "5")

DEFAULT_PARAMETERS = {
    "level_points": {"organization": 1, "district": 2, "region": 3, "republic": 4, "international": 4},
    "required_level": {"moderator": 1, "expert": 2, "researcher": 3, "master": 4},
    "ozp_thresholds": {"teacher": 50, "moderator": 60, "expert": 70, "researcher": 80, "master": 90},
    "ozp_threshold_heads": 70,
    "head_positions": ["deputy_head", "head"],
    "ozp_exempt_confirm_categories": ["master"],
    "ozp_exempt_confirm_experience_years": 30,
    "min_experience_years": {"moderator": 2, "expert": 3, "researcher": 4, "master": 5},
    #: records count when they fall in the attestation period: this many years before the assessment
    "attestation_period_years": 5,
    # Eligibility (DOMAIN §12)
    #: a category is valid this many years from its assignment, by position (first heads: 3)
    "category_validity_years": {"teacher": 5, "methodist": 5, "deputy_head": 5, "head": 3},
    #: a breach of the ОЗП rules bans for this many years; a repeated breach, by position
    "ban_years_first": 1,
    "ban_years_repeat": {"teacher": 5, "methodist": 5, "deputy_head": 3, "head": 3},
    #: one extension of a category's validity (disability, maternity, transfer) adds at most this many years
    "max_extension_years": 2,
    # Commissions and the decision (DOMAIN §5, §11 step 3)
    #: the tenant level of the commission that attests each category
    "commission_levels": {"moderator": "organization", "expert": "district", "researcher": "region",
                          "master": "republic"},
    #: voting members (the chair included, the secretary not) a commission needs
    "commission_min_voting": 5,
    #: quorum: numerator / denominator of the voting members must have voted
    "quorum": {"numerator": 2, "denominator": 3},
    #: a member from the applicant's organization is in conflict, per commission level
    "conflict_same_organization": {"organization": False, "district": True, "region": True, "republic": True},
    #: a member who heads the applicant's organization is in conflict
    "conflict_subordinate": True,
    #: calendar days from submission to the review deadline
    "review_days": 30,
    #: the essay's length in words
    "essay_words": {"min": 250, "max": 300},
    #: documents an application needs (DOMAIN §8; app/attestation/documents.py knows them)
    "required_documents": ["application", "identity", "diploma", "employment", "courses", "retraining",
                           "previous_ozp", "previous_category", "professional_achievements",
                           "student_achievements", "essay"],
}
#: where an older stored rule set lacks a parameter, the default above applies
TENANT_LEVELS = ("organization", "district", "region", "republic")

#: (indicator, kind, parameters); rows apply to every education level and position unless narrowed
DEFAULT_RULES = [
    ("1.1", "knowledge_dynamics", {"years": 3, "early_years": 2, "requires_analysis": True, "trend_bonus": 1}),
    ("1.2", "observation", {"min_lessons": 5, "min_external": 1,
                            "min_percent": {"moderator": 60, "expert": 70, "researcher": 80, "master": 90},
                            "points_per_percent": 10}),
    ("2.1", "level_at_least", {"winner_bonus": 1}),
    ("2.2", "level_at_least", {"winner_bonus": 1}),
    ("3.1", "level_at_least", {"winner_bonus": 0}),
    ("3.2", "level_at_least", {"winner_bonus": 0}),
    ("3.3", "count_threshold", {"min_count": 1, "max_authors": 3, "points": 2}),
    ("3.4", "level_at_least", {"winner_bonus": 0}),
    ("3.5", "coverage", {"min_coverage": 3}),
    ("4", "hours", {"hours": {"moderator": 72, "expert": 72, "researcher": 80, "master": 106},
                    "hours_per_point": 36, "max_points": 4, "require_in_profile": True}),
    ("5", "informational", {"points": 1}),
]
#: indicators that apply only from this category up (3.3 and 3.5: researcher and master)
APPLIES_FROM = {"3.3": "researcher", "3.5": "researcher"}

"""A commission member's conflicts of interest with one applicant (issue 10, DOMAIN.md §5). Pure.

- own application: the member is the applicant (always);
- same organization: the member works where the applicant works (by default for district and
  higher commissions; an organization's own commission is made of its staff);
- subordinate: the applicant heads the member's organization (a head's or deputy's subordinates do
  not judge them).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.scoring.defaults import DEFAULT_PARAMETERS

OWN_APPLICATION, SAME_ORGANIZATION, SUBORDINATE = "own_application", "same_organization", "subordinate"


@dataclass(frozen=True)
class MemberFacts:
    person_id: int
    organization_id: int | None


@dataclass(frozen=True)
class ApplicantFacts:
    person_id: int
    organization_id: int | None
    position: str  # teacher, methodist, deputy_head, head


def conflicts(member: MemberFacts, applicant: ApplicantFacts, commission_level: str, parameters: dict) -> list[str]:
    """Every conflict of ``member`` with ``applicant`` on a commission of ``commission_level``."""
    found = []
    if member.person_id == applicant.person_id:
        found.append(OWN_APPLICATION)
        return found
    same_org = member.organization_id is not None and member.organization_id == applicant.organization_id
    by_level = parameters.get("conflict_same_organization", DEFAULT_PARAMETERS["conflict_same_organization"])
    if same_org and by_level.get(commission_level, False):
        found.append(SAME_ORGANIZATION)
    subordinate_rule = parameters.get("conflict_subordinate", DEFAULT_PARAMETERS["conflict_subordinate"])
    heads = parameters.get("head_positions", DEFAULT_PARAMETERS["head_positions"])
    if subordinate_rule and same_org and applicant.position in heads:
        found.append(SUBORDINATE)
    return found

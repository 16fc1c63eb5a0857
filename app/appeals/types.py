"""The seven appeal types (DOMAIN.md §5): what each is about, who answers it, and its effect."""

from __future__ import annotations

from dataclasses import dataclass

#: what an appeal is about
APPLICATION, DECISION, PROFILE, COMMISSION, ANY = "application", "decision", "profile", "commission", "any"
#: who answers: the commission's node, or the republic's (the national operator of the testing centre)
ROUTE_COMMISSION, ROUTE_REPUBLIC = "commission", "republic"


@dataclass(frozen=True)
class AppealType:
    code: str
    about: str
    route: str
    #: an application is required (the appeal is about it or its decision)
    needs_application: bool
    #: the filing window counts from the application's decision
    after_decision: bool = False


TYPES: dict[str, AppealType] = {t.code: t for t in (
    AppealType("withdraw_application", APPLICATION, ROUTE_COMMISSION, True),
    AppealType("withdraw_decision", DECISION, ROUTE_COMMISSION, True, after_decision=True),
    AppealType("upload_access", PROFILE, ROUTE_COMMISSION, False),
    AppealType("commission_composition", COMMISSION, ROUTE_COMMISSION, True),
    AppealType("attestee_list", APPLICATION, ROUTE_COMMISSION, True),
    AppealType("ozp_results", PROFILE, ROUTE_REPUBLIC, False),
    AppealType("other", ANY, ROUTE_COMMISSION, False),
)}

from .choices import STATUS_STYLES, PlanStatus, PlanType
from .index import PLANS_PER_PAGE, PlanIndexPage
from .plan import (
    PlanAdoptionStep,
    PlanAttachment,
    PlanAuthor,
    PlanPage,
    RelatedPlan,
)

__all__ = [
    "PLANS_PER_PAGE",
    "STATUS_STYLES",
    "PlanAdoptionStep",
    "PlanAttachment",
    "PlanAuthor",
    "PlanIndexPage",
    "PlanPage",
    "PlanStatus",
    "PlanType",
    "RelatedPlan",
]

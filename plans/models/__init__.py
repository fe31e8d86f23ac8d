from .index import PLANS_PER_PAGE, PlanIndexPage
from .plan import (
    STATUS_STYLES,
    PlanAdoptionStep,
    PlanAttachment,
    PlanAuthor,
    PlanPage,
    PlanStatus,
    PlanType,
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

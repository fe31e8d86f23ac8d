from django import template

from cms.models import LINK_FIELDS
from plans.models import PlanPage

register = template.Library()


@register.inclusion_tag("plans/components/adopted_plans.html")
def adopted_plans(case):
    """The live plans that name `case` (a meetings.CasePage) in one of their adoption steps."""
    plans = (
        PlanPage.objects.live()
        .public()
        .filter(adoption_steps__case=case)
        .distinct()
        .only(*LINK_FIELDS, "plan_type", "period_from", "period_to", "status")
        .order_by("title")
    )
    return {"case": case, "plans": plans}

from django import template

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
        .order_by("title")
    )
    return {"case": case, "plans": plans}

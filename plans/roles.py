"""The plans section's role: "Planredaktører" (plan editors) edit and publish the plans."""

from cms.roles import FILES_CONTRIBUTE, PUBLISH, ensure_group, grant_files, grant_pages

from .models import PlanIndexPage

PLAN_EDITORS = "Planredaktører"


def setup_plan_roles():
    plan_editors = ensure_group(PLAN_EDITORS)
    for index in PlanIndexPage.objects.all():
        grant_pages(plan_editors, index, PUBLISH)
    grant_files(plan_editors, FILES_CONTRIBUTE)
    return {PLAN_EDITORS: plan_editors}

"""The plan pages in the states the demo crawl does not reach (filters, errors) are valid HTML."""

import pytest

from plans.models import PlanPage

# What templates render: CI runs this on SQLite only.
pytestmark = [pytest.mark.django_db, pytest.mark.rendering]

URLS = [
    "/planer/",
    "/planer/?status=adopted&type=competence_plan&year=2025&tag=kompetanse",
    "/planer/?year=tjue&unit=Finnes+ikke&status=ukjent",
    "/planer/?status=draft",
]


def test_plan_pages_are_valid_html(demo_site, html_errors):
    urls = URLS + [plan.url for plan in PlanPage.objects.live()]
    errors = html_errors(urls)
    assert not errors, "\n".join(errors)

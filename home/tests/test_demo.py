"""`load_demo` is idempotent and every demo page renders within a bounded number of queries.

The demo is loaded once for the module (`module_demo_site`); what a test changes is rolled back.
Loading on a fixed day: test_demo_dates.py and meetings/tests/test_demo_meeting_plan.py.
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

# Every demo page must render within this many SQL queries (listings included).
MAX_QUERIES_PER_PAGE = 30


@pytest.mark.django_db
def test_load_demo_twice_changes_nothing(module_demo_site, demo_snapshot):
    before = demo_snapshot()
    call_command("load_demo", verbosity=0)
    assert demo_snapshot() == before


@pytest.mark.django_db
def test_load_demo_if_empty_leaves_an_existing_site_alone(module_demo_site, demo_snapshot):
    module_demo_site.get_children().first().specific.delete()
    before = demo_snapshot()
    call_command("load_demo", "--if-empty", verbosity=0)
    assert demo_snapshot() == before


@pytest.mark.django_db
def test_every_demo_page_answers_200_with_bounded_queries(module_demo_site, client):
    pages = Page.objects.live().descendant_of(module_demo_site, inclusive=True).specific()
    assert len(pages) >= 3
    for page in pages:
        url = page.get_url()
        client.get(url)  # warm caches (site root paths, settings) that every request shares
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        assert len(queries) <= MAX_QUERIES_PER_PAGE, (url, len(queries))

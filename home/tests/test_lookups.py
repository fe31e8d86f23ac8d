"""The cached shared lookups (cms/lookups.py) follow every change at once."""

import pytest
from wagtail.models import PageViewRestriction, Site

from cms.models import SiteSettings
from home.factories import StandardPageFactory
from meetings.factories import BodyIndexPageFactory, BodyPageFactory, CasePageFactory


@pytest.fixture
def case(home):
    body = BodyPageFactory(parent=BodyIndexPageFactory(parent=home), title="Driftsutvalget")
    return CasePageFactory(parent=body, title="Ny brannstasjon")


def test_a_view_restriction_added_later_closes_the_page_and_its_listings_at_once(case, client):
    body = case.get_parent()
    assert client.get(case.url).status_code == 200  # the restriction list is now cached
    assert "Ny brannstasjon" in client.get(body.url).content.decode()
    PageViewRestriction.objects.create(page=body, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(case.url).status_code == 302  # to the login page
    assert client.get(body.url).status_code == 302
    restriction = PageViewRestriction.objects.get()
    restriction.delete()
    assert client.get(case.url).status_code == 200


def test_a_restricted_case_leaves_the_public_listings(case, client):
    client.get(case.get_parent().url)
    PageViewRestriction.objects.create(page=case, restriction_type=PageViewRestriction.LOGIN)
    assert "Ny brannstasjon" not in client.get(case.get_parent().url).content.decode()


def test_a_settings_change_shows_at_once(home, client):
    page = StandardPageFactory(parent=home, title="Om kommunen")
    assert "Nykommune" not in client.get(page.url).content.decode()
    settings = SiteSettings.for_site(Site.objects.get())
    settings.municipality_name = "Nykommune"
    settings.save()
    assert "Nykommune" in client.get(page.url).content.decode()


def test_a_moved_root_page_is_served_from_the_new_site_root(home, client):
    StandardPageFactory(parent=home, title="Om kommunen", slug="om")
    assert client.get("/om/").status_code == 200
    other_home = StandardPageFactory(parent=home, title="Ny forside", slug="ny")
    site = Site.objects.get()
    site.root_page = other_home
    site.save()
    assert client.get("/om/").status_code == 404

"""Home and standard pages: tree rules, creation in the admin, what a citizen sees."""

import pytest
from wagtail.models import Page, Site
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.models import SiteSettings
from home.factories import StandardPageFactory
from home.models import HomePage, StandardPage
from meetings.models import BodyIndexPage
from plans.models import PlanIndexPage, PlanPage


def test_home_page_sits_under_the_root_only(page_rules):
    page_rules.assertAllowedParentPageTypes(HomePage, {Page})


def test_the_sections_go_under_the_home_page(page_rules):
    page_rules.assertAllowedParentPageTypes(BodyIndexPage, {HomePage})
    page_rules.assertAllowedParentPageTypes(PlanIndexPage, {HomePage})
    page_rules.assertCanCreateAt(HomePage, BodyIndexPage)
    page_rules.assertCanCreateAt(HomePage, PlanIndexPage)
    page_rules.assertCanNotCreateAt(HomePage, PlanPage)


def test_standard_pages_go_under_home_or_each_other(page_rules):
    page_rules.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
    page_rules.assertAllowedSubpageTypes(StandardPage, {StandardPage})


def test_an_editor_can_create_a_standard_page_in_the_admin(home, page_rules):
    page_rules.login()
    page_rules.assertCanCreate(
        home,
        StandardPage,
        nested_form_data(
            {
                "title": "Tilgjengelighetserklæring",
                "slug": "tilgjengelighetserklaering",
                "intro": rich_text("<p>WCAG 2.1 AA.</p>"),
                "body": streamfield([("text", rich_text("<p>Tekst</p>"))]),
                "language": "nb",
            }
        ),
    )


@pytest.fixture
def site(home):
    """The home page «Testkommune» with an about page and the municipality's site settings."""
    home.title = "Testkommune"
    home.intro = "<p>Velkommen</p>"
    home.save_revision().publish()
    about = StandardPageFactory(parent=home, title="Om nettstedet", show_in_menus=True)
    SiteSettings.objects.create(
        site=Site.objects.get(is_default_site=True),
        municipality_name="Levanger kommune",
        postal_address="Boks 130, 7601 Levanger",
        visiting_address="Håkon Den Godes gt 30 ved Torvet",
        phone="74 05 25 00",
        email="postmottak@levanger.kommune.no",
        organisation_number="938 58 7051",
        opening_hours="Man-fre 09:00-15:00",
        accessibility_page=about,
    )
    return home


def test_footer_shows_the_site_settings_on_every_page(client, site):
    for url in ["/", "/om-nettstedet/", "/sok/?q=plan"]:
        html = client.get(url).content.decode()
        for text in [
            "Levanger kommune",
            "Boks 130, 7601 Levanger",
            "Håkon Den Godes gt 30 ved Torvet",
            "74 05 25 00",
            "postmottak@levanger.kommune.no",
            "938 58 7051",
            "Man-fre 09:00-15:00",
            "Til toppen",
        ]:
            assert text in html, f"{text!r} missing on {url}"


def test_home_page_has_landmarks_navigation_and_search(client, site):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nb">' in html
    assert 'href="#innhold"' in html
    assert '<main id="innhold"' in html
    assert 'aria-label="Hovedmeny"' in html
    assert ">Om nettstedet</a>" in html
    assert 'role="search"' in html
    assert "Velkommen" in html


def test_home_page_lists_say_when_nothing_is_published(client, site):
    html = client.get("/").content.decode()
    assert "Ingen planer er publisert ennå." in html
    assert "Ingen saker er publisert ennå." in html
    assert "Ingen referater er publisert ennå." in html


def test_standard_page_has_breadcrumbs(client, site):
    html = client.get("/om-nettstedet/").content.decode()
    assert 'aria-label="Brødsmulesti"' in html
    assert '<span aria-current="page">Om nettstedet</span>' in html


def test_a_nynorsk_page_is_served_in_nynorsk(client, site):
    page = StandardPageFactory(parent=site, title="Om oss", slug="om-oss", language="nn")
    html = client.get(page.url).content.decode()
    assert '<html lang="nn">' in html
    assert "Hopp til hovudinnhaldet" in html


def test_unknown_address_gives_a_norwegian_404(client, site):
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    assert "Fant ikke siden" in response.content.decode()

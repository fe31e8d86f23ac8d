from django.test import TestCase
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.models import SiteSettings
from home.factories import HomePageFactory, StandardPageFactory
from home.models import HomePage, StandardPage


class TreeRulesTests(WagtailPageTestCase):
    def test_home_page_sits_under_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_standard_pages_go_under_home_or_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})

    def test_an_editor_can_create_a_standard_page_in_the_admin(self):
        home = HomePageFactory(parent=Page.get_first_root_node())
        self.login()
        self.assertCanCreate(
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


class HomePageRenderingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        cls.home = HomePageFactory(parent=root, title="Testkommune", intro="<p>Velkommen</p>")
        site = Site.objects.get(is_default_site=True)
        site.root_page = cls.home
        site.save()
        cls.about = StandardPageFactory(parent=cls.home, title="Om nettstedet", show_in_menus=True)
        SiteSettings.objects.create(
            site=site,
            municipality_name="Levanger kommune",
            postal_address="Boks 130, 7601 Levanger",
            visiting_address="Håkon Den Godes gt 30 ved Torvet",
            phone="74 05 25 00",
            email="postmottak@levanger.kommune.no",
            organisation_number="938 58 7051",
            opening_hours="Man-fre 09:00-15:00",
            accessibility_page=cls.about,
        )

    def test_footer_shows_the_site_settings_on_every_page(self):
        for url in ["/", "/om-nettstedet/", "/sok/?q=plan"]:
            html = self.client.get(url).content.decode()
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
                self.assertIn(text, html, f"{text!r} missing on {url}")

    def test_home_page_has_landmarks_navigation_and_search(self):
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn('<html lang="nb">', html)
        self.assertIn('href="#innhold"', html)
        self.assertIn('<main id="innhold"', html)
        self.assertIn('aria-label="Hovedmeny"', html)
        self.assertIn(">Om nettstedet</a>", html)
        self.assertIn('role="search"', html)
        self.assertIn("Velkommen", html)

    def test_home_page_lists_say_when_nothing_is_published(self):
        html = self.client.get("/").content.decode()
        self.assertIn("Ingen planer er publisert ennå.", html)
        self.assertIn("Ingen saker er publisert ennå.", html)
        self.assertIn("Ingen referater er publisert ennå.", html)

    def test_standard_page_has_breadcrumbs(self):
        html = self.client.get("/om-nettstedet/").content.decode()
        self.assertIn('aria-label="Brødsmulesti"', html)
        self.assertIn('<span aria-current="page">Om nettstedet</span>', html)

    def test_a_nynorsk_page_is_served_in_nynorsk(self):
        page = StandardPageFactory(parent=self.home, title="Om oss", slug="om-oss", language="nn")
        html = self.client.get(page.url).content.decode()
        self.assertIn('<html lang="nn">', html)
        self.assertIn("Hopp til hovudinnhaldet", html)

    def test_unknown_address_gives_a_norwegian_404(self):
        response = self.client.get("/finnes-ikke/")
        self.assertEqual(response.status_code, 404)
        self.assertIn("Fant ikke siden", response.content.decode())

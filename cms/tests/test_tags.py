"""Tag pages /tema/<tag>/ across document types, the tag overview, home page tags, admin."""

import datetime

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from home.factories import HomePageFactory
from meetings.factories import BodyIndexPageFactory, BodyPageFactory, CasePageFactory
from plans.factories import PlanIndexPageFactory, PlanPageFactory

OSLO = datetime.timezone(datetime.timedelta(hours=1))


def tagged(page, *names):
    page.tags.add(*names)
    page.save()
    return page


def published_at(page, day):
    when = datetime.datetime(2024, 1, 1, 12, tzinfo=OSLO) + datetime.timedelta(days=day)
    Page.objects.filter(pk=page.pk).update(first_published_at=when)


class TagPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        cls.home = HomePageFactory(parent=root)
        site = Site.objects.get(is_default_site=True)
        site.root_page = cls.home
        site.save()
        cls.plans = PlanIndexPageFactory(parent=cls.home)
        bodies = BodyIndexPageFactory(parent=cls.home)
        cls.body = BodyPageFactory(parent=bodies, title="Helse- og omsorgsutvalget", slug="hou")
        cls.plan = tagged(
            PlanPageFactory(parent=cls.plans, title="Temaplan folkehelse"), "Folkehelse", "Kultur"
        )
        published_at(cls.plan, 1)
        cls.case = tagged(
            CasePageFactory(parent=cls.body, body_page=cls.body, title="Sak om folkehelse"),
            "Folkehelse",
        )
        published_at(cls.case, 5)
        cls.untagged = PlanPageFactory(parent=cls.plans, title="Plan uten tema")
        cls.draft = tagged(
            PlanPageFactory(parent=cls.plans, title="Upublisert plan", live=False), "Folkehelse"
        )
        cls.private = tagged(PlanPageFactory(parent=cls.plans, title="Privat plan"), "Folkehelse")
        PageViewRestriction.objects.create(
            page=cls.private, restriction_type=PageViewRestriction.LOGIN
        )

    def test_the_tag_page_lists_published_documents_of_every_type_newest_first(self):
        response = self.client.get("/tema/folkehelse/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("<h1>Tema: Folkehelse</h1>", html)
        self.assertIn("2 publiserte dokumenter", html)
        self.assertIn(f'href="{self.case.url}"', html)
        self.assertIn(f'href="{self.plan.url}"', html)
        self.assertLess(html.index("Sak om folkehelse"), html.index("Temaplan folkehelse"))
        for hidden in ("Upublisert plan", "Privat plan", "Plan uten tema"):
            self.assertNotIn(hidden, html)

    def test_the_type_filter_narrows_the_list(self):
        html = self.client.get("/tema/folkehelse/?type=plans.planpage").content.decode()
        self.assertIn("Temaplan folkehelse", html)
        self.assertNotIn("Sak om folkehelse</a>", html)
        self.assertIn('<option value="plans.planpage" selected>', html)
        self.assertIn('<option value="meetings.casepage">', html)

    def test_an_unknown_tag_is_404(self):
        self.assertEqual(self.client.get("/tema/finnes-ikke/").status_code, 404)

    def test_tags_on_a_document_link_to_their_tag_page(self):
        from django.template.loader import render_to_string

        html = render_to_string("components/document_meta.html", {"page": self.plan})
        self.assertIn('<a href="/tema/folkehelse/">Folkehelse</a>', html)
        self.assertIn(f'<a href="{self.plan.url}versjoner/">Se tidligere versjoner</a>', html)

    def test_the_overview_and_the_home_page_show_the_tags_in_use(self):
        html = self.client.get("/tema/").content.decode()
        self.assertIn('Folkehelse <span class="tag-count">(2 dokumenter)</span>', html)
        self.assertIn('Kultur <span class="tag-count">(1 dokument)</span>', html)
        home = self.client.get("/").content.decode()
        self.assertIn("Mest brukte temaer", home)
        self.assertLess(home.index(">Folkehelse"), home.index(">Kultur"))

    def test_the_tag_page_needs_the_same_number_of_queries_for_5_and_30_documents(self):
        def count_queries():
            self.client.get("/tema/folkehelse/")  # warm the site root cache
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get("/tema/folkehelse/").status_code, 200)
            return len(queries)

        for _ in range(3):
            tagged(PlanPageFactory(parent=self.plans), "Folkehelse")
        few = count_queries()
        for _ in range(25):
            tagged(PlanPageFactory(parent=self.plans), "Folkehelse")
        self.assertEqual(count_queries(), few)
        self.assertLessEqual(few, 10)

    def test_the_admin_autocompletes_tags_from_the_shared_vocabulary(self):
        user = get_user_model().objects.create_superuser("redaktor", password="x")
        self.client.force_login(user)
        response = self.client.get("/admin/tag-autocomplete/", {"term": "folk"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Folkehelse", response.content.decode())

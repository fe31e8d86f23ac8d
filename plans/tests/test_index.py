"""The plan listing at /planer/: filters, their combinations, counts, pagination and queries."""

import re

import time_machine
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag
from wagtail.models import Page, Site

from cms.models import PageTag
from home.factories import HomePageFactory
from plans.factories import PlanIndexPageFactory, PlanPageFactory
from plans.models import PLANS_PER_PAGE, PlanPage, PlanStatus, PlanType


def make_site():
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home, PlanIndexPageFactory(parent=home)


def listed_titles(html):
    """The plan titles in the listing (not the timeline), in order."""
    listing = html.split('id="plan-list-heading"', 1)[1]
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', listing)


@time_machine.travel("2025-03-01 12:00 +01:00", tick=False)
class PlanFilterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index = make_site()
        cls.health = PlanPageFactory(
            parent=cls.index,
            title="Kompetanseplan helse",
            plan_type=PlanType.COMPETENCE_PLAN,
            owning_unit="Kvalitet- og utviklingskontoret",
            period_from=2024,
            period_to=2027,
            status=PlanStatus.ADOPTED,
        )
        cls.health.tags.add("kompetanse")
        cls.health.save_revision().publish()
        cls.hearing = PlanPageFactory(
            parent=cls.index,
            title="Handlingsplan klima",
            plan_type=PlanType.ACTION_PLAN,
            owning_unit="Teknisk",
            period_from=2025,
            period_to=2026,
            status=PlanStatus.HEARING,
            hearing_deadline="2025-04-01",
        )
        cls.old = PlanPageFactory(
            parent=cls.index,
            title="Kompetanseplan gammel",
            plan_type=PlanType.COMPETENCE_PLAN,
            owning_unit="Kvalitet- og utviklingskontoret",
            period_from=2018,
            period_to=2021,
            status=PlanStatus.REPLACED,
            replaced_by=cls.health,
        )
        cls.old.tags.add("kompetanse")
        cls.old.save_revision().publish()
        cls.open_ended = PlanPageFactory(
            parent=cls.index,
            title="Temaplan rekruttering",
            plan_type=PlanType.THEMATIC_PLAN,
            owning_unit="Helse og velferd",
            period_from=2019,
            period_to=None,
            status=PlanStatus.ADOPTED,
        )
        cls.open_ended.tags.add("rekruttering")
        cls.open_ended.save_revision().publish()
        cls.unpublished = PlanPageFactory(
            parent=cls.index, title="Upublisert plan", live=False, period_from=2025
        )

    def get(self, query=""):
        response = self.client.get(f"/planer/{query}")
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_without_filters_every_live_plan_is_listed_newest_period_first(self):
        html = self.get()
        self.assertEqual(
            listed_titles(html),
            [
                "Handlingsplan klima",
                "Kompetanseplan helse",
                "Temaplan rekruttering",
                "Kompetanseplan gammel",
            ],
        )
        self.assertIn("4 planer", html)
        self.assertNotIn("Upublisert plan", html)

    def test_filter_by_status(self):
        html = self.get("?status=adopted")
        self.assertEqual(listed_titles(html), ["Kompetanseplan helse", "Temaplan rekruttering"])
        self.assertIn("2 planer passer med filtrene.", html)
        self.assertEqual(listed_titles(self.get("?status=hearing")), ["Handlingsplan klima"])

    def test_filter_by_plan_type(self):
        html = self.get("?type=competence_plan")
        self.assertEqual(listed_titles(html), ["Kompetanseplan helse", "Kompetanseplan gammel"])

    def test_filter_by_owning_unit(self):
        html = self.get("?unit=Teknisk")
        self.assertEqual(listed_titles(html), ["Handlingsplan klima"])
        # The unit menu offers exactly the units that own a live plan.
        self.assertIn('<option value="Kvalitet- og utviklingskontoret">', html)
        self.assertNotIn("Upublisert", html)

    def test_filter_by_year_within_the_period(self):
        self.assertEqual(
            listed_titles(self.get("?year=2027")),
            ["Kompetanseplan helse", "Temaplan rekruttering"],
        )
        self.assertEqual(
            listed_titles(self.get("?year=2021")),
            ["Temaplan rekruttering", "Kompetanseplan gammel"],
        )
        # Both ends of a period count; an open-ended plan covers every later year.
        self.assertEqual(listed_titles(self.get("?year=2018")), ["Kompetanseplan gammel"])
        self.assertEqual(listed_titles(self.get("?year=2040")), ["Temaplan rekruttering"])

    def test_filter_by_tag(self):
        html = self.get("?tag=kompetanse")
        self.assertEqual(listed_titles(html), ["Kompetanseplan helse", "Kompetanseplan gammel"])
        self.assertIn('<option value="kompetanse" selected>kompetanse</option>', html)

    def test_filters_combine(self):
        self.assertEqual(
            listed_titles(self.get("?type=competence_plan&status=adopted")),
            ["Kompetanseplan helse"],
        )
        self.assertEqual(
            listed_titles(self.get("?tag=kompetanse&year=2020")), ["Kompetanseplan gammel"]
        )
        self.assertEqual(
            listed_titles(
                self.get("?status=adopted&type=thematic_plan&unit=Helse+og+velferd&year=2025")
            ),
            ["Temaplan rekruttering"],
        )

    def test_chosen_filters_stay_selected(self):
        html = self.get("?status=adopted&year=2025")
        self.assertIn('<option value="adopted" selected>Vedtatt</option>', html)
        self.assertRegex(html, r'<input type="text" name="year" value="2025"')
        self.assertIn("Fjern alle filtre", html)

    def test_empty_result_says_so(self):
        html = self.get("?status=hearing&type=strategy")
        self.assertEqual(listed_titles(html), [])
        self.assertIn("0 planer passer med filtrene.", html)
        self.assertIn("Ingen planer passer med filtrene du har valgt.", html)

    def test_bad_year_gets_an_error_next_to_the_field_and_other_filters_still_apply(self):
        html = self.get("?year=tjuetjuefem&status=adopted")
        self.assertIn("Skriv årstallet med fire sifre, for eksempel 2025.", html)
        self.assertIn('aria-describedby="id_year_helptext id_year_error"', html)
        self.assertIn('aria-invalid="true"', html)
        self.assertEqual(listed_titles(html), ["Kompetanseplan helse", "Temaplan rekruttering"])

    def test_unknown_choice_gets_a_norwegian_error(self):
        html = self.get("?unit=Finnes+ikke")
        self.assertIn("Ingen plan eies av «Finnes ikke». Velg fra listen.", html)

    def test_every_filter_control_has_a_label(self):
        html = self.get()
        for name in ["status", "type", "unit", "year", "tag"]:
            self.assertIn(f'<label for="id_{name}">', html)
            self.assertIn(f'id="id_{name}"', html)

    def test_tag_links_in_the_listing_keep_the_other_filters(self):
        html = self.get("?status=adopted")
        self.assertIn('href="?status=adopted&amp;tag=kompetanse"', html)


class PlanPaginationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index = make_site()
        for number in range(PLANS_PER_PAGE + 3):
            PlanPageFactory(
                parent=cls.index,
                title=f"Plan {number:02d}",
                status=PlanStatus.ADOPTED if number % 2 else PlanStatus.DRAFT,
                period_from=2000 + number,
                period_to=2030,
            )

    def test_pagination_keeps_the_filters_in_the_url(self):
        html = self.client.get("/planer/?year=2030").content.decode()
        self.assertIn(f"{PLANS_PER_PAGE + 3} planer passer med filtrene.", html)
        self.assertEqual(len(listed_titles(html)), PLANS_PER_PAGE)
        self.assertIn('href="?year=2030&amp;side=2"', html)
        page_two = self.client.get("/planer/?year=2030&side=2").content.decode()
        self.assertEqual(listed_titles(page_two), ["Plan 02", "Plan 01", "Plan 00"])
        self.assertIn('href="?year=2030&amp;side=1"', page_two)
        self.assertIn("Side 2 av 2", page_two)

    def test_a_page_number_out_of_range_shows_the_last_page(self):
        html = self.client.get("/planer/?side=99").content.decode()
        self.assertIn("Side 2 av 2", html)

    def test_the_timeline_shows_every_matching_plan_not_just_the_current_page(self):
        html = self.client.get("/planer/?status=adopted").content.decode()
        self.assertEqual(html.count('class="plan-timeline__bar '), (PLANS_PER_PAGE + 3) // 2)


class PlanIndexQueryCountTests(TestCase):
    """The listing must not issue queries per plan: 5 and 50 plans cost the same."""

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index = make_site()

    def add_plans(self, count):
        tags = [Tag.objects.get_or_create(name=name)[0] for name in ["felles", "emne-0", "emne-1"]]
        for number in range(PlanPage.objects.count(), count):
            plan = PlanPageFactory(
                parent=self.index,
                title=f"Plan {number}",
                period_from=2000 + number % 30,
                period_to=2004 + number % 30,
                replaced_by=self.first_plan(),
                status=PlanStatus.REPLACED if number else PlanStatus.ADOPTED,
            )
            PageTag.objects.bulk_create(
                [PageTag(content_object=plan, tag=tag) for tag in (tags[0], tags[1 + number % 2])]
            )

    def first_plan(self):
        return PlanPage.objects.order_by("pk").first()

    def count_queries(self, url):
        self.client.get(url)  # warm the per-process caches (site root paths)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'class="plan-list__item"')
        return len(queries)

    def test_queries_do_not_grow_with_the_number_of_plans(self):
        urls = ["/planer/", "/planer/?status=replaced&tag=felles&year=2003", "/planer/?side=2"]
        self.add_plans(5)
        few = {url: self.count_queries(url) for url in urls[:2]}
        self.add_plans(50)
        many = {url: self.count_queries(url) for url in urls}
        for url in urls[:2]:
            self.assertEqual(few[url], many[url], url)
        self.assertEqual(many["/planer/?side=2"], many["/planer/"])
        self.assertLessEqual(max(many.values()), 20)

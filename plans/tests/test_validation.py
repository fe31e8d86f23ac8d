"""Validation of plans, with the Norwegian messages editors see next to the field."""

import datetime

from django.core.exceptions import ValidationError
from django.test import TestCase
from wagtail.models import Page
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.factories import HomePageFactory
from plans.factories import PlanIndexPageFactory, PlanPageFactory
from plans.models import PlanAdoptionStep, PlanPage, PlanStatus, RelatedPlan


class PlanCleanTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = HomePageFactory(parent=Page.get_first_root_node())
        cls.index = PlanIndexPageFactory(parent=home)
        cls.master = PlanPageFactory(parent=cls.index, title="Kommunedelplan")
        cls.sub = PlanPageFactory(parent=cls.index, title="Temaplan", parent_plan=cls.master)
        cls.department = PlanPageFactory(
            parent=cls.index, title="Avdelingsplan", parent_plan=cls.sub
        )

    def errors(self, plan):
        with self.assertRaises(ValidationError) as raised:
            plan.full_clean()
        return raised.exception.message_dict

    def test_a_valid_plan_passes(self):
        self.master.full_clean()

    def test_the_period_cannot_end_before_it_starts(self):
        plan = self.master
        plan.period_from, plan.period_to = 2027, 2024
        self.assertEqual(
            self.errors(plan)["period_to"],
            ["Planperioden kan ikke slutte (2024) før den begynner (2027)."],
        )

    def test_a_one_year_period_and_an_open_end_are_allowed(self):
        plan = self.master
        plan.period_from, plan.period_to = 2025, 2025
        plan.full_clean()
        plan.period_to = None
        plan.full_clean()
        self.assertEqual(str(plan.period_label), "fra 2025")

    def test_a_year_must_have_four_digits(self):
        plan = self.master
        plan.period_from = 25
        self.assertIn("period_from", self.errors(plan))

    def test_a_plan_on_hearing_needs_a_deadline(self):
        plan = self.master
        plan.status = PlanStatus.HEARING
        self.assertEqual(
            self.errors(plan)["hearing_deadline"],
            ["En plan som er på høring, må ha en høringsfrist."],
        )
        plan.hearing_deadline = datetime.date(2025, 4, 1)
        plan.full_clean()

    def test_a_replaced_plan_names_its_replacement(self):
        plan = self.sub
        plan.status = PlanStatus.REPLACED
        self.assertEqual(
            self.errors(plan)["replaced_by"], ["Velg planen som erstatter denne planen."]
        )
        plan.replaced_by = self.department
        plan.full_clean()

    def test_a_plan_cannot_replace_itself(self):
        plan = self.sub
        plan.status, plan.replaced_by = PlanStatus.REPLACED, self.sub
        self.assertEqual(self.errors(plan)["replaced_by"], ["En plan kan ikke erstatte seg selv."])

    def test_a_plan_cannot_be_its_own_parent(self):
        plan = self.master
        plan.parent_plan = self.master
        self.assertEqual(
            self.errors(plan)["parent_plan"],
            ["En plan kan ikke være overordnet plan for seg selv."],
        )

    def test_a_plan_cannot_be_placed_under_one_of_its_descendants(self):
        for descendant in [self.sub, self.department]:
            plan = self.master
            plan.parent_plan = descendant
            with self.subTest(descendant=descendant.title):
                self.assertIn(
                    "En plan kan ikke være overordnet en plan den selv er underordnet.",
                    self.errors(plan)["parent_plan"][0],
                )

    def test_a_sibling_may_become_the_parent(self):
        other = PlanPageFactory(parent=self.index, title="Annen plan")
        other.parent_plan = self.department
        other.full_clean()

    def test_full_document_link_text_needs_a_target(self):
        plan = self.master
        plan.full_document_text = "Les hele planen"
        self.assertEqual(
            self.errors(plan)["full_document_url"],
            ["Velg et dokument eller oppgi en adresse til lenketeksten."],
        )

    def test_an_adoption_step_needs_a_body(self):
        step = PlanAdoptionStep(page=self.master, date=datetime.date(2023, 11, 21))
        with self.assertRaises(ValidationError) as raised:
            step.full_clean()
        self.assertEqual(
            raised.exception.message_dict["body"],
            ["Velg organet som vedtok planen, eller skriv navnet i fritekstfeltet."],
        )
        step.body_name = "Velferdsutvalg"
        step.full_clean()

    def test_a_related_plan_needs_a_plan_or_a_title_and_not_itself(self):
        related = RelatedPlan(page=self.master)
        with self.assertRaises(ValidationError) as raised:
            related.full_clean()
        self.assertIn("plan", raised.exception.message_dict)
        related.plan = self.master
        with self.assertRaises(ValidationError) as raised:
            related.full_clean()
        self.assertEqual(
            raised.exception.message_dict["plan"], ["En plan kan ikke være relatert til seg selv."]
        )


class PlanAdminFormTests(WagtailTestUtils, TestCase):
    """The same rules in the editor: the message appears next to the field."""

    @classmethod
    def setUpTestData(cls):
        home = HomePageFactory(parent=Page.get_first_root_node())
        cls.index = PlanIndexPageFactory(parent=home)

    def setUp(self):
        self.login()

    def post(self, **fields):
        data = {
            "title": "Handlingsplan klima",
            "slug": "handlingsplan-klima",
            "plan_type": "action_plan",
            "owning_unit": "Teknisk",
            "period_from": "2025",
            "period_to": "2026",
            "status": "draft",
            "summary": rich_text(""),
            "body": streamfield([]),
            "adoption_steps": inline_formset([]),
            "authors": inline_formset([]),
            "related_plans": inline_formset([]),
            "attachments": inline_formset([]),
            "language": "nb",
            "change_kind": "substantive",
        }
        data.update(fields)
        return self.client.post(
            f"/admin/pages/add/plans/planpage/{self.index.pk}/", nested_form_data(data)
        )

    def test_errors_are_shown_in_norwegian_next_to_the_fields(self):
        response = self.post(period_from="2026", period_to="2025", status="hearing")
        self.assertEqual(response.status_code, 200)
        form = response.context["form"]
        self.assertEqual(
            form.errors["period_to"],
            ["Planperioden kan ikke slutte (2025) før den begynner (2026)."],
        )
        self.assertEqual(
            form.errors["hearing_deadline"], ["En plan som er på høring, må ha en høringsfrist."]
        )
        self.assertContains(response, "En plan som er på høring, må ha en høringsfrist.")

    def test_an_adoption_step_without_a_body_is_refused(self):
        response = self.post(
            adoption_steps=inline_formset([{"body": "", "body_name": "", "date": "2023-11-21"}])
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response, "Velg organet som vedtok planen, eller skriv navnet i fritekstfeltet."
        )

    def test_a_valid_plan_is_created(self):
        response = self.post(
            status="hearing",
            hearing_deadline="2025-04-01",
            adoption_steps=inline_formset(
                [{"body": "", "body_name": "Kommunestyret", "date": "2025-06-19", "case": ""}]
            ),
        )
        self.assertEqual(response.status_code, 302)
        plan = PlanPage.objects.get(slug="handlingsplan-klima")
        self.assertEqual(plan.get_parent().pk, self.index.pk)
        self.assertEqual(plan.hearing_deadline, datetime.date(2025, 4, 1))
        self.assertEqual(str(plan.adoption_steps.get()), "Kommunestyret 19.06.2025")

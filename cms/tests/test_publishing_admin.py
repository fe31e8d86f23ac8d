"""The change note and change kind in the admin edit view, stored with each publication."""

import datetime

import time_machine
from django.contrib.auth import get_user_model
from django.test import TestCase
from wagtail.models import Page, Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.factories import HomePageFactory
from plans.factories import PlanIndexPageFactory, PlanPageFactory
from plans.models import PlanPage

OSLO = datetime.timezone(datetime.timedelta(hours=1))


def plan_form_data(plan, **overrides):
    data = {
        "title": plan.title,
        "slug": plan.slug,
        "plan_type": plan.plan_type,
        "owning_unit": plan.owning_unit,
        "period_from": plan.period_from,
        "period_to": plan.period_to,
        "status": plan.status,
        "summary": rich_text(plan.summary),
        "body": streamfield([]),
        "language": "nb",
        "tags": "",
        "change_kind": "substantive",
        "change_note": "",
    }
    # Every inline list of the type (authors, attachments, ...) submitted empty.
    form_class = PlanPage.get_edit_handler().get_form_class()
    for name in form_class.formsets:
        if name != "comments":
            data[name] = inline_formset([])
    data.update(overrides)
    return nested_form_data(data)


class ChangeNoteInTheEditViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        home = HomePageFactory(parent=root)
        site = Site.objects.get(is_default_site=True)
        site.root_page = home
        site.save()
        index = PlanIndexPageFactory(parent=home)
        cls.user = get_user_model().objects.create_superuser("redaktor", password="x")
        with time_machine.travel(datetime.datetime(2024, 1, 10, 12, tzinfo=OSLO), tick=False):
            cls.plan = PlanPageFactory(
                parent=index, title="Temaplan", slug="temaplan", summary="<p>Første tekst.</p>"
            )
            cls.plan.save_revision(user=cls.user).publish(user=cls.user)

    def setUp(self):
        self.client.force_login(self.user)
        self.edit_url = f"/admin/pages/{self.plan.pk}/edit/"

    def post(self, **overrides):
        plan = PlanPage.objects.get(pk=self.plan.pk)
        data = plan_form_data(plan, **overrides)
        data["action-publish"] = "action-publish"
        response = self.client.post(self.edit_url, data)
        self.assertEqual(
            response.status_code,
            302,
            getattr(response, "context", None)
            and response.context.get("form")
            and response.context["form"].errors,
        )
        return PlanPage.objects.get(pk=self.plan.pk)

    def test_the_edit_view_asks_for_the_change_note_and_kind(self):
        html = self.client.get(self.edit_url).content.decode()
        self.assertIn("Publisering av denne versjonen", html)
        self.assertIn('name="change_note"', html)
        self.assertIn('name="change_kind"', html)

    def test_a_correction_then_a_substantive_change_published_from_the_admin(self):
        with time_machine.travel(datetime.datetime(2024, 2, 1, 12, tzinfo=OSLO), tick=False):
            plan = self.post(
                summary=rich_text("<p>Første tekst, rettet.</p>"),
                change_kind="correction",
                change_note="Rettet tegnsetting.",
            )
        self.assertEqual(plan.change_note, "Rettet tegnsetting.")
        self.assertEqual(plan.substantive_change_at.date(), datetime.date(2024, 1, 10))
        self.assertEqual(plan.live_revision.content["change_kind"], "correction")

        # The next edit starts with an empty note, not the one of the published version.
        form = self.client.get(self.edit_url).context["form"]
        self.assertEqual(form.initial["change_note"], "")
        self.assertEqual(form.initial["change_kind"], "substantive")

        with time_machine.travel(datetime.datetime(2024, 3, 1, 12, tzinfo=OSLO), tick=False):
            plan = self.post(summary=rich_text("<p>Helt ny tekst.</p>"), change_note="Nye mål.")
        self.assertEqual(plan.substantive_change_at.date(), datetime.date(2024, 3, 1))
        html = self.client.get(plan.url + "versjoner/").content.decode()
        self.assertIn("3 publiserte versjoner", html)
        self.assertIn("Rettet tegnsetting.", html)
        self.assertIn("Nye mål.", html)

    def test_a_saved_draft_keeps_its_note(self):
        plan = PlanPage.objects.get(pk=self.plan.pk)
        data = plan_form_data(plan, change_note="Under arbeid.")
        self.client.post(self.edit_url, data)
        form = self.client.get(self.edit_url).context["form"]
        self.assertEqual(form.initial["change_note"], "Under arbeid.")


class ConcurrentEditingTests(TestCase):
    """Two editors on the same page: the later save of a stale form is refused, not silent."""

    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        home = HomePageFactory(parent=root)
        index = PlanIndexPageFactory(parent=home)
        user_model = get_user_model()
        cls.anne = user_model.objects.create_superuser("anne", password="x", first_name="Anne")
        cls.bjorn = user_model.objects.create_superuser("bjorn", password="x")
        cls.plan = PlanPageFactory(parent=index, title="Plan", slug="plan", summary="<p>A.</p>")
        cls.plan.save_revision(user=cls.anne).publish(user=cls.anne)

    def loaded_form_data(self, user, **overrides):
        self.client.force_login(user)
        response = self.client.get(f"/admin/pages/{self.plan.pk}/edit/")
        plan = PlanPage.objects.get(pk=self.plan.pk)
        data = plan_form_data(plan, **overrides)
        data["loaded_revision_id"] = str(plan.latest_revision_id)
        data["loaded_revision_created_at"] = response.context["loaded_revision_created_at"]
        return data

    def test_saving_a_form_loaded_before_someone_else_saved_is_refused(self):
        bjorn_data = self.loaded_form_data(self.bjorn, summary=rich_text("<p>Bjørns tekst.</p>"))
        anne_data = self.loaded_form_data(self.anne, summary=rich_text("<p>Annes tekst.</p>"))
        anne_data["action-publish"] = "action-publish"
        self.assertEqual(
            self.client.post(f"/admin/pages/{self.plan.pk}/edit/", anne_data).status_code, 302
        )

        self.client.force_login(self.bjorn)
        response = self.client.post(f"/admin/pages/{self.plan.pk}/edit/", bjorn_data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Siden er lagret av Anne etter at du åpnet den", response.content.decode())
        latest = PlanPage.objects.get(pk=self.plan.pk).get_latest_revision_as_object()
        self.assertIn("Annes tekst", latest.summary)

    def test_saving_an_up_to_date_form_works(self):
        data = self.loaded_form_data(self.bjorn, summary=rich_text("<p>Ny.</p>"))
        response = self.client.post(f"/admin/pages/{self.plan.pk}/edit/", data)
        self.assertEqual(response.status_code, 302)

    def autosave(self, data):
        """What Wagtail's autosave controller posts: the form as JSON request."""
        response = self.client.post(
            f"/admin/pages/{self.plan.pk}/edit/", data, headers={"accept": "application/json"}
        )
        self.assertEqual(response.status_code, 200, response.content[:500])
        body = response.json()
        self.assertTrue(body["success"], body)
        return body

    def test_the_editors_own_autosaves_never_block_publishing(self):
        data = self.loaded_form_data(self.anne, summary=rich_text("<p>Annes tekst.</p>"))
        first = self.autosave(data)
        self.autosave({**data, "overwrite_revision_id": str(first["revision_id"])})
        # The full form still carries the revision it was loaded with.
        response = self.client.post(
            f"/admin/pages/{self.plan.pk}/edit/", {**data, "action-publish": "action-publish"}
        )
        self.assertEqual(response.status_code, 302)
        plan = PlanPage.objects.get(pk=self.plan.pk)
        self.assertIn("Annes tekst", plan.summary)

    def test_another_editors_autosave_is_not_overwritten_by_a_stale_publish(self):
        anne_data = self.loaded_form_data(self.anne, summary=rich_text("<p>Annes tekst.</p>"))
        bjorn_data = self.loaded_form_data(self.bjorn, summary=rich_text("<p>Bjørns tekst.</p>"))
        self.autosave(bjorn_data)
        self.client.force_login(self.anne)
        response = self.client.post(
            f"/admin/pages/{self.plan.pk}/edit/", {**anne_data, "action-publish": "action-publish"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Siden er lagret av bjorn etter at du åpnet den", response.content.decode())
        self.assertIn("Annes tekst", response.content.decode())  # nothing typed is lost
        # The form shown again is loaded with Bjørn's revision: saving once more is deliberate.
        self.assertEqual(
            response.context["loaded_revision_created_at"],
            PlanPage.objects.get(pk=self.plan.pk).latest_revision.created_at.isoformat(),
        )

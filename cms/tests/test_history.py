"""The public version history of document pages: versions, old versions, diffs, dates, privacy."""

import datetime

import time_machine
from django.contrib.auth import get_user_model
from django.test import TestCase
from wagtail.models import Page, PageViewRestriction, Site

from cms.versions import published_versions
from home.factories import HomePageFactory
from plans.factories import PlanIndexPageFactory, PlanPageFactory

OSLO = datetime.timezone(datetime.timedelta(hours=1))


def make_site():
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home, PlanIndexPageFactory(parent=home)


def publish(page, *, user=None, **changes):
    """Publish a new revision of `page` with `changes` (as an editor would), return it."""
    draft = Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(draft, name, value)
    revision = draft.save_revision(user=user)
    revision.publish(user=user)
    return revision


def save_draft(page, **changes):
    draft = Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(draft, name, value)
    return draft.save_revision()


class VersionHistoryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index = make_site()
        cls.editor = get_user_model().objects.create_superuser("redaktor", password="x")
        with time_machine.travel(datetime.datetime(2024, 1, 10, 12, tzinfo=OSLO), tick=False):
            cls.plan = PlanPageFactory(
                parent=cls.index,
                title="Temaplan for kultur",
                slug="kultur",
                summary="<p>Kommunen skal styrke kulturtilbudet for unge.</p>",
                tags=["kultur", "ungdom"],
            )
            cls.v1 = publish(cls.plan, user=cls.editor)
        with time_machine.travel(datetime.datetime(2024, 3, 5, 12, tzinfo=OSLO), tick=False):
            cls.v2 = publish(
                cls.plan,
                user=cls.editor,
                summary="<p>Kommunen skal styrke kulturtilbudet for barn og unge.</p>",
                change_note="Rettet en utelatt målgruppe.",
                change_kind="correction",
            )
        with time_machine.travel(datetime.datetime(2024, 6, 1, 12, tzinfo=OSLO), tick=False):
            cls.v3 = publish(
                cls.plan,
                user=cls.editor,
                summary="<p>Kommunen skal doble kulturtilbudet for barn og unge.</p>",
                change_note="Nytt mål vedtatt i kommunestyret.",
                change_kind="substantive",
            )
        cls.plan.refresh_from_db()
        cls.url = cls.plan.url

    def test_history_lists_every_published_version_newest_first(self):
        response = self.client.get(self.url + "versjoner/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("3 publiserte versjoner, nyeste først", html)
        for text in [
            "Første versjon",
            "Rettelse",
            "Faglig endring",
            "Rettet en utelatt målgruppe.",
            "Nytt mål vedtatt i kommunestyret.",
            "05.03.2024",
            "10.01.2024",
        ]:
            self.assertIn(text, html)
        self.assertLess(html.index("Nytt mål vedtatt"), html.index("Rettet en utelatt"))
        self.assertIn(f'href="{self.url}versjoner/{self.v2.pk}/"', html)
        self.assertIn(f'href="{self.url}versjoner/{self.v3.pk}/endringer/"', html)
        self.assertEqual(response["X-Robots-Tag"], "noindex")

    def test_a_correction_keeps_the_last_substantive_change_and_a_substantive_change_moves_it(self):
        self.assertEqual(self.plan.first_published_at.date(), datetime.date(2024, 1, 10))
        self.assertEqual(self.plan.substantive_change_at.date(), datetime.date(2024, 6, 1))
        # The version published as a correction still shows the first publication's date;
        # each version's date comes from the history, the revisions stay as they were published.
        versions = published_versions(self.plan)
        self.assertIsNone(versions[1].substantive_change_at)
        self.assertEqual(versions[2].substantive_change_at.date(), datetime.date(2024, 6, 1))
        self.v2.refresh_from_db()
        self.assertIsNone(self.v2.content["last_substantive_change_at"])
        self.v3.refresh_from_db()
        self.assertIsNone(self.v3.content["last_substantive_change_at"])

    def test_a_correction_after_a_substantive_change_keeps_its_date(self):
        with time_machine.travel(datetime.datetime(2024, 9, 1, 12, tzinfo=OSLO), tick=False):
            publish(self.plan, change_kind="correction", change_note="Skrivefeil.")
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.substantive_change_at.date(), datetime.date(2024, 6, 1))
        self.assertEqual(self.plan.last_published_at.date(), datetime.date(2024, 9, 1))

    def test_an_old_version_is_shown_as_it_was_published_and_marked_as_old(self):
        response = self.client.get(f"{self.url}versjoner/{self.v1.pk}/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("styrke kulturtilbudet for unge", html)
        self.assertNotIn("doble kulturtilbudet", html)
        self.assertIn("Du ser på en tidligere versjon (versjon 1) fra 10.01.2024.", html)
        self.assertIn(f'<a href="{self.url}">Gå til gjeldende versjon</a>', html)
        self.assertIn('<meta name="robots" content="noindex">', html)
        self.assertTemplateUsed(response, "plans/plan_page.html")

    def test_the_current_version_redirects_to_the_page(self):
        response = self.client.get(f"{self.url}versjoner/{self.v3.pk}/")
        self.assertRedirects(response, self.url, fetch_redirect_response=False)

    def test_the_diff_marks_inserted_and_deleted_words_per_field(self):
        html = self.client.get(f"{self.url}versjoner/{self.v3.pk}/endringer/").content.decode()
        self.assertIn("Endringer i versjon 3", html)
        self.assertIn("<del>styrke</del>", html)
        self.assertIn("<ins>doble</ins>", html)
        self.assertIn("Sammendrag", html)
        self.assertNotIn("{&quot;", html)  # readable text, not raw JSON
        html = self.client.get(f"{self.url}versjoner/{self.v2.pk}/endringer/").content.decode()
        self.assertIn("<ins>barn og</ins>", html)

    def test_the_first_version_has_nothing_to_compare_with(self):
        html = self.client.get(f"{self.url}versjoner/{self.v1.pk}/endringer/").content.decode()
        self.assertIn("Dette er den første publiserte versjonen", html)

    def test_a_version_with_no_public_change_says_so(self):
        revision = publish(self.plan, change_kind="correction", change_note="Ny publisering.")
        html = self.client.get(f"{self.url}versjoner/{revision.pk}/endringer/").content.decode()
        self.assertIn("Ingen endringer i de offentlige feltene", html)

    def test_drafts_and_unpublished_revisions_are_not_reachable(self):
        draft = save_draft(self.plan, summary="<p>Hemmelig utkast.</p>")
        other = PlanPageFactory(parent=self.index, title="Annen plan", slug="annen")
        other_revision = publish(other)
        for revision in (draft, other_revision):
            for suffix in ("", "endringer/"):
                response = self.client.get(f"{self.url}versjoner/{revision.pk}/{suffix}")
                self.assertEqual(response.status_code, 404, (revision, suffix))
        self.assertNotIn(
            "Hemmelig utkast", self.client.get(self.url + "versjoner/").content.decode()
        )
        self.assertEqual(self.client.get(f"{self.url}versjoner/999999/").status_code, 404)

    def test_a_revision_awaiting_scheduled_publishing_is_not_public(self):
        draft = self.plan.get_latest_revision_as_object()
        draft.summary = "<p>Kommer senere.</p>"
        draft.go_live_at = datetime.datetime(2099, 1, 1, tzinfo=OSLO)
        revision = draft.save_revision()
        revision.publish()
        self.assertEqual(self.client.get(f"{self.url}versjoner/{revision.pk}/").status_code, 404)
        self.assertNotIn("Kommer senere", self.client.get(self.url).content.decode())

    def test_an_unpublished_page_has_no_public_history(self):
        self.plan.unpublish()
        self.assertEqual(self.client.get(self.url + "versjoner/").status_code, 404)
        self.assertEqual(self.client.get(f"{self.url}versjoner/{self.v1.pk}/").status_code, 404)

    def test_a_private_page_keeps_its_restriction_in_the_history(self):
        PageViewRestriction.objects.create(
            page=self.plan, restriction_type=PageViewRestriction.LOGIN
        )
        for url in (self.url + "versjoner/", f"{self.url}versjoner/{self.v1.pk}/"):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302, url)
            self.assertIn("login", response["Location"])


class FirstPublicationDateTests(TestCase):
    def test_a_back_dated_first_publication_dates_the_first_version(self):
        _home, index = make_site()
        plan = PlanPageFactory(parent=index, title="Strategi", slug="strategi")
        publish(plan)
        back_dated = datetime.datetime(2021, 12, 20, 12, tzinfo=OSLO)
        Page.objects.filter(pk=plan.pk).update(
            first_published_at=back_dated, last_published_at=back_dated
        )
        html = self.client.get(plan.url + "versjoner/").content.decode()
        self.assertIn("20.12.2021", html)
        plan.refresh_from_db()
        self.assertEqual(plan.substantive_change_at, back_dated)


class HistoryOnEveryDocumentTypeTests(TestCase):
    """Every document type has the history, also the invitation with its own serve()."""

    def test_history_and_old_versions_of_meetings_invitations_minutes_and_cases(self):
        from meetings.factories import (
            BodyIndexPageFactory,
            BodyPageFactory,
            CasePageFactory,
            InvitationPageFactory,
            MeetingPageFactory,
            MinutesPageFactory,
        )

        home, _index = make_site()
        body = BodyPageFactory(parent=BodyIndexPageFactory(parent=home), title="Rådet")
        meeting = MeetingPageFactory(parent=body, body_page=body, date=datetime.date(2024, 5, 20))
        pages = [
            meeting,
            InvitationPageFactory(parent=meeting),
            MinutesPageFactory(parent=meeting),
            CasePageFactory(parent=body, body_page=body, title="Sak om veier"),
        ]
        for page in pages:
            first = publish(page)
            second = publish(page, title=f"{page.title} (endret)", change_note="Ny tittel.")
            url = Page.objects.get(pk=page.pk).url
            html = self.client.get(url + "versjoner/").content.decode()
            self.assertIn("2 publiserte versjoner", html, url)
            self.assertIn("Ny tittel.", html, url)
            response = self.client.get(f"{url}versjoner/{first.pk}/")
            self.assertEqual(response.status_code, 200, url)
            self.assertIn("Du ser på en tidligere versjon", response.content.decode(), url)
            diff = self.client.get(f"{url}versjoner/{second.pk}/endringer/")
            self.assertEqual(diff.status_code, 200, url)
            self.assertIn("<ins>(endret)</ins>", diff.content.decode(), url)
            current = self.client.get(url).content.decode()
            self.assertIn(f'href="{url}versjoner/"', current, url)

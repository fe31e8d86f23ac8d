"""Tree rules and creating every page type through the Wagtail admin."""

import datetime

from django.test import TestCase
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from home.factories import HomePageFactory
from home.models import HomePage
from meetings.factories import (
    AgendaItemFactory,
    BodyIndexPageFactory,
    BodyPageFactory,
    CasePageFactory,
    MeetingPageFactory,
    PersonFactory,
)
from meetings.models import (
    BodyIndexPage,
    BodyPage,
    CasePage,
    InvitationPage,
    MeetingPage,
    MinutesPage,
    Person,
)

PROMOTE = {"language": "nb", "change_kind": "substantive", "change_note": ""}


class TreeRuleTests(WagtailPageTestCase):
    def test_the_political_tree(self):
        self.assertAllowedParentPageTypes(BodyIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(BodyIndexPage, {BodyPage})
        self.assertAllowedSubpageTypes(BodyPage, {MeetingPage, CasePage})
        self.assertAllowedSubpageTypes(MeetingPage, {InvitationPage, MinutesPage})
        self.assertAllowedParentPageTypes(InvitationPage, {MeetingPage})
        self.assertAllowedParentPageTypes(MinutesPage, {MeetingPage})
        self.assertAllowedParentPageTypes(CasePage, {BodyPage})
        self.assertAllowedSubpageTypes(CasePage, set())


class AdminCreationTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePageFactory(parent=Page.get_first_root_node())
        site = Site.objects.get(is_default_site=True)
        site.root_page = cls.home
        site.save()
        cls.index = BodyIndexPageFactory(parent=cls.home)
        cls.body = BodyPageFactory(
            parent=cls.index, title="Kompetanseforum", slug="kompetanseforum"
        )
        cls.meeting = MeetingPageFactory(parent=cls.body, date=datetime.date(2014, 9, 4))
        cls.person = PersonFactory(name="Kjetil Gulsrud Lundemoen")

    def setUp(self):
        self.user = self.login()

    def test_body_index_and_body(self):
        self.assertCanCreateAt(HomePage, BodyIndexPage)
        self.assertCanCreate(
            self.home,
            BodyIndexPage,
            nested_form_data(
                {
                    "title": "Politikk 2",
                    "slug": "politikk-2",
                    "intro": rich_text("<p>Organer</p>"),
                    **PROMOTE,
                }
            ),
        )
        self.assertCanCreate(
            self.index,
            BodyPage,
            nested_form_data(
                {
                    "title": "Driftskomiteen",
                    "slug": "driftskomiteen",
                    "kind": "committee",
                    "short_name": "DK",
                    "parent_organisation": "",
                    "mandate": rich_text("<p>Drift</p>"),
                    "members": inline_formset(
                        [
                            {
                                "person": self.person.pk,
                                "role": "leader",
                                "period_from": "2019-10-01",
                                "period_to": "",
                            }
                        ]
                    ),
                    **PROMOTE,
                }
            ),
        )

    def test_meeting_title_and_slug_default_from_body_and_date(self):
        self.assertCanCreate(
            self.body,
            MeetingPage,
            nested_form_data(
                {
                    "title": "",
                    "slug": "",
                    "date": "2014-10-14",
                    "start_time": "09:00",
                    "end_time": "14:30",
                    "place_name": "Kongsbergregionens møterom",
                    "place_address": "Kirkegt.4, Kongsberg",
                    "video_url": "",
                    "status": "planned",
                    "status_reason": "",
                    "intro": rich_text(""),
                    "agenda_items": inline_formset(
                        [
                            {
                                "number": "36",
                                "kind": "decision",
                                "title": "Strategiplan",
                                "case": "",
                                "outcome": "",
                                "exempt_basis": "",
                                "public_title": "",
                            }
                        ]
                    ),
                    **PROMOTE,
                }
            ),
        )
        meeting = MeetingPage.objects.get(date=datetime.date(2014, 10, 14))
        self.assertEqual(meeting.title, "Kompetanseforum 14.10.2014")
        self.assertEqual(meeting.url, "/politikk/kompetanseforum/moter/2014-10-14/")
        self.assertEqual(meeting.agenda_items.get().number_label, "36/14")

    def test_case_gets_number_and_slug(self):
        CasePageFactory(parent=self.body, case_year=2019, case_number=26)
        self.assertCanCreate(
            self.body,
            CasePage,
            nested_form_data(
                {
                    "title": "Temaplan kompetanse",
                    "slug": "",
                    "case_number": "",
                    "case_year": "2019",
                    "archive_reference": "2019/5699",
                    "case_officer": self.person.pk,
                    "rapporteur": "",
                    "status": "preparation",
                    "exempt_basis": "",
                    "background": rich_text("<p>Mandat</p>"),
                    "facts": rich_text(""),
                    "assessment": rich_text(""),
                    "decision": rich_text(""),
                    "flow_steps": inline_formset(
                        [
                            {
                                "body": self.body.pk,
                                "meeting": self.meeting.pk,
                                "case_number": "27",
                                "decision": "",
                            }
                        ]
                    ),
                    "proposal_points": inline_formset([{"text": "Temaplanen vedtas."}]),
                    "attachments": inline_formset([]),
                    "references": inline_formset([]),
                    **PROMOTE,
                }
            ),
        )
        case = CasePage.objects.get(title="Temaplan kompetanse")
        self.assertEqual((case.case_number, case.slug), (27, "2019-27"))
        self.assertEqual(case.url, "/politikk/kompetanseforum/saker/2019-27/")

    def case_form(self, **overrides):
        data = {
            "title": "Ny sak",
            "slug": "",
            "case_number": "26",
            "case_year": "2019",
            "archive_reference": "2019/5699",
            "case_officer": "",
            "rapporteur": "",
            "status": "preparation",
            "exempt_basis": "",
            "background": rich_text(""),
            "facts": rich_text("<p>Viktige saksopplysninger</p>"),
            "assessment": rich_text(""),
            "decision": rich_text(""),
            "flow_steps": inline_formset([]),
            "proposal_points": inline_formset([]),
            "attachments": inline_formset([]),
            "references": inline_formset([]),
            **PROMOTE,
        }
        data.update(overrides)
        return nested_form_data(data)

    def test_a_refused_form_keeps_what_was_typed_and_changes_nothing(self):
        CasePageFactory(parent=self.body, case_year=2019, case_number=26)
        url = f"/admin/pages/add/meetings/casepage/{self.body.pk}/"
        response = self.client.post(url, self.case_form(archive_reference="19/5699"))
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("Saksnummer 26/19 er allerede brukt", html)
        self.assertIn("Arkivreferansen må ha formen ÅÅÅÅ/NNNN", html)
        self.assertIn("Viktige saksopplysninger", html)  # what the editor typed is kept
        self.assertEqual(CasePage.objects.count(), 1)

    def test_an_edit_refused_leaves_the_saved_page_alone(self):
        case = CasePageFactory(parent=self.body, case_year=2019, case_number=30, title="Lagret sak")
        revisions = case.revisions.count()
        url = f"/admin/pages/{case.pk}/edit/"
        response = self.client.post(
            url,
            self.case_form(
                title="Endret tittel", archive_reference="feil", case_number="30", slug=case.slug
            ),
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Endret tittel", response.content.decode())
        case.refresh_from_db()
        self.assertEqual(
            (case.title, case.archive_reference), ("Lagret sak", case.archive_reference)
        )
        self.assertEqual(case.revisions.count(), revisions)

    def test_invitation_with_registration_form(self):
        self.assertCanCreate(
            self.meeting,
            InvitationPage,
            nested_form_data(
                {
                    "title": "Innkalling til møte i Driftskomiteen",
                    "slug": "innkalling-til-mote-i-driftskomiteen",
                    "sender": "Kongsbergregionen",
                    "recipients": "Kommunene",
                    "contact_person": self.person.pk,
                    "letter": rich_text("<p>Velkommen</p>"),
                    "closing": "Med hilsen",
                    "signatories": inline_formset(
                        [{"person": self.person.pk, "role": "Prosjektleder"}]
                    ),
                    "programme": inline_formset(
                        [{"start_time": "09:00", "end_time": "09:30", "title": "Registrering"}]
                    ),
                    "audience": "Kontaktpersoner",
                    "practical_info": "",
                    "registration_opens": "",
                    "registration_deadline": "2014-08-28",
                    "max_per_organisation": "5",
                    "capacity": "",
                    "form_fields": inline_formset(
                        [
                            {
                                "label": "Navn",
                                "field_type": "singleline",
                                "purpose": "name",
                                "required": "on",
                                "choices": "",
                                "default_value": "",
                                "help_text": "",
                            },
                            {
                                "label": "Kommune",
                                "field_type": "singleline",
                                "purpose": "organisation",
                                "required": "on",
                                "choices": "",
                                "default_value": "",
                                "help_text": "",
                            },
                        ]
                    ),
                    "confirmation_text": rich_text("<p>Takk</p>"),
                    "confirmation_email_text": "",
                    "to_address": "",
                    "from_address": "",
                    "subject": "",
                    **PROMOTE,
                }
            ),
        )
        # The address is innkalling/ whatever the title and the slug typed.
        invitation = InvitationPage.objects.get()
        self.assertEqual(invitation.slug, "innkalling")
        self.assertEqual(
            [f.purpose for f in invitation.form_fields.all()], ["name", "organisation"]
        )

    def test_invitation_form_checks_the_field_purposes(self):
        url = f"/admin/pages/add/meetings/invitationpage/{self.meeting.pk}/"

        def field(label, field_type, purpose):
            return {
                "label": label,
                "field_type": field_type,
                "purpose": purpose,
                "choices": "",
                "default_value": "",
                "help_text": "",
            }

        data = nested_form_data(
            {
                "title": "Invitasjon",
                "slug": "innkalling",
                "letter": rich_text(""),
                "signatories": inline_formset([]),
                "programme": inline_formset([]),
                "max_per_organisation": "3",
                "registration_deadline": "2014-09-04",
                "form_fields": inline_formset(
                    [
                        field("Navn", "singleline", "name"),
                        field("E-post", "singleline", "email"),
                        field("Kommune", "multiline", "other"),
                    ]
                ),
                "confirmation_text": rich_text(""),
                **PROMOTE,
            }
        )
        html = self.client.post(url, data).content.decode()
        self.assertIn("Kvoten telles per organisasjon: gi ett av skjemafeltene formålet", html)
        self.assertIn("Feltet for e-post til bekreftelsen må ha felttypen E-post.", html)
        self.assertIn("Påmeldingsfristen må være før møtedagen.", html)
        self.assertFalse(InvitationPage.objects.exists())

        data["form_fields-2-purpose"] = "organisation"
        data["form_fields-1-field_type"] = "email"
        html = self.client.post(url, data).content.decode()
        self.assertIn("Organisasjonen må være et tekstfelt eller en nedtrekksliste.", html)
        self.assertFalse(InvitationPage.objects.exists())

    def test_new_minutes_are_prefilled_from_the_agenda(self):
        AgendaItemFactory(
            page=self.meeting, number=27, title="Referat", kind="minutes", sort_order=0
        )
        AgendaItemFactory(
            page=self.meeting, number=28, title="Presentasjon og innsjekking", sort_order=1
        )
        html = self.client.get(
            f"/admin/pages/add/meetings/minutespage/{self.meeting.pk}/"
        ).content.decode()
        self.assertIn('value="Presentasjon og innsjekking"', html)
        self.assertIn('value="27"', html)
        self.assertCanCreate(
            self.meeting,
            MinutesPage,
            nested_form_data(
                {
                    "title": "Referat fra møte i Kompetanseforum",
                    "slug": "referat",
                    "intro": rich_text(""),
                    "approval_status": "draft",
                    "approved_at": "",
                    "approved_by": "",
                    "attendance": inline_formset(
                        [
                            {
                                "kind": "present",
                                "person": self.person.pk,
                                "name": "",
                                "organisation": "Kongsbergregionen",
                                "role": "PL",
                            }
                        ]
                    ),
                    "items": inline_formset(
                        [
                            {
                                "number": "27",
                                "kind": "minutes",
                                "title": "Referat",
                                "case": "",
                                "text": rich_text("<p>Godkjent.</p>"),
                                "decision": "Referatet ble godkjent.",
                                "votes_for": "",
                                "votes_against": "",
                                "votes_blank": "",
                                "exempt_basis": "",
                                "public_title": "",
                            }
                        ]
                    ),
                    "follow_ups": inline_formset(
                        [
                            {
                                "item_number": "33",
                                "action": "Sende oversikt",
                                "responsible": self.person.pk,
                                "responsible_text": "PL",
                                "deadline": "2014-10-14",
                                "status": "open",
                            }
                        ]
                    ),
                    **PROMOTE,
                }
            ),
        )
        self.assertEqual(
            MinutesPage.objects.get().follow_ups.get().deadline, datetime.date(2014, 10, 14)
        )


class PersonSnippetTests(TestCase):
    def test_people_are_searchable_and_previewable_in_the_admin(self):
        from django.contrib.auth import get_user_model

        PersonFactory(name="Greta I. Hanset", unit="Fylkesmannen i Møre og Romsdal")
        PersonFactory(name="Kjersti Bakken")
        user = get_user_model().objects.create_superuser("admin", "a@example.org", "pw")
        self.client.force_login(user)
        html = self.client.get("/admin/snippets/meetings/person/?q=Greta").content.decode()
        self.assertIn("Greta I. Hanset", html)
        self.assertNotIn("Kjersti Bakken", html)
        chooser = self.client.get("/admin/snippets/choose/meetings/person/?q=Bakken")
        self.assertEqual(chooser.status_code, 200)
        self.assertIn("Kjersti Bakken", chooser.json()["html"])
        person = Person.objects.get(name="Greta I. Hanset")
        preview = person.make_preview_request()
        self.assertIn("Fylkesmannen i Møre og Romsdal", preview.content.decode())

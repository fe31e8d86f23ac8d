"""Tree rules and creating every page type through the Wagtail admin."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

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


def test_the_political_tree(page_rules):
    page_rules.assertAllowedSubpageTypes(BodyIndexPage, {BodyPage})
    page_rules.assertAllowedSubpageTypes(BodyPage, {MeetingPage, CasePage})
    page_rules.assertAllowedSubpageTypes(MeetingPage, {InvitationPage, MinutesPage})
    page_rules.assertAllowedParentPageTypes(InvitationPage, {MeetingPage})
    page_rules.assertAllowedParentPageTypes(MinutesPage, {MeetingPage})
    page_rules.assertAllowedParentPageTypes(CasePage, {BodyPage})
    page_rules.assertAllowedSubpageTypes(CasePage, set())


@pytest.fixture
def admin(home, page_rules):
    """Kompetanseforum with a meeting and a person, and an editor logged in to the admin."""
    admin = SimpleNamespace(home=home)
    admin.index = BodyIndexPageFactory(parent=admin.home)
    admin.body = BodyPageFactory(
        parent=admin.index, title="Kompetanseforum", slug="kompetanseforum"
    )
    admin.meeting = MeetingPageFactory(parent=admin.body, date=datetime.date(2014, 9, 4))
    admin.person = PersonFactory(name="Kjetil Gulsrud Lundemoen")
    admin.user = page_rules.login()
    return admin


def test_body_index_and_body(admin, page_rules):
    page_rules.assertCanCreate(
        admin.home,
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
    page_rules.assertCanCreate(
        admin.index,
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
                            "person": admin.person.pk,
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


def test_meeting_title_and_slug_default_from_body_and_date(admin, page_rules):
    page_rules.assertCanCreate(
        admin.body,
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
    assert meeting.title == "Kompetanseforum 14.10.2014"
    assert meeting.url == "/politikk/kompetanseforum/moter/2014-10-14/"
    assert meeting.agenda_items.get().number_label == "36/14"


def test_case_gets_number_and_slug(admin, page_rules):
    CasePageFactory(parent=admin.body, case_year=2019, case_number=26)
    page_rules.assertCanCreate(
        admin.body,
        CasePage,
        nested_form_data(
            {
                "title": "Temaplan kompetanse",
                "slug": "",
                "case_number": "",
                "case_year": "2019",
                "archive_reference": "2019/5699",
                "case_officer": admin.person.pk,
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
                            "body": admin.body.pk,
                            "meeting": admin.meeting.pk,
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
    assert (case.case_number, case.slug) == (27, "2019-27")
    assert case.url == "/politikk/kompetanseforum/saker/2019-27/"


def case_form(**overrides):
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


def test_a_refused_form_keeps_what_was_typed_and_changes_nothing(client, admin):
    CasePageFactory(parent=admin.body, case_year=2019, case_number=26)
    url = f"/admin/pages/add/meetings/casepage/{admin.body.pk}/"
    response = client.post(url, case_form(archive_reference="19/5699"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Saksnummer 26/19 er allerede brukt" in html
    assert "Arkivreferansen må ha formen ÅÅÅÅ/NNNN" in html
    assert "Viktige saksopplysninger" in html  # what the editor typed is kept
    assert CasePage.objects.count() == 1


def test_an_edit_refused_leaves_the_saved_page_alone(client, admin):
    case = CasePageFactory(parent=admin.body, case_year=2019, case_number=30, title="Lagret sak")
    revisions = case.revisions.count()
    url = f"/admin/pages/{case.pk}/edit/"
    response = client.post(
        url,
        case_form(
            title="Endret tittel", archive_reference="feil", case_number="30", slug=case.slug
        ),
    )
    assert response.status_code == 200
    assert "Endret tittel" in response.content.decode()
    case.refresh_from_db()
    assert (case.title, case.archive_reference) == ("Lagret sak", case.archive_reference)
    assert case.revisions.count() == revisions


def test_invitation_with_registration_form(admin, page_rules):
    page_rules.assertCanCreate(
        admin.meeting,
        InvitationPage,
        nested_form_data(
            {
                "title": "Innkalling til møte i Driftskomiteen",
                "slug": "innkalling-til-mote-i-driftskomiteen",
                "sender": "Kongsbergregionen",
                "recipients": "Kommunene",
                "contact_person": admin.person.pk,
                "letter": rich_text("<p>Velkommen</p>"),
                "closing": "Med hilsen",
                "signatories": inline_formset(
                    [{"person": admin.person.pk, "role": "Prosjektleder"}]
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
    assert invitation.slug == "innkalling"
    assert [f.purpose for f in invitation.form_fields.all()] == ["name", "organisation"]


def test_invitation_form_checks_the_field_purposes(client, admin):
    url = f"/admin/pages/add/meetings/invitationpage/{admin.meeting.pk}/"

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
    html = client.post(url, data).content.decode()
    assert "Kvoten telles per organisasjon: gi ett av skjemafeltene formålet" in html
    assert "Feltet for e-post til bekreftelsen må ha felttypen E-post." in html
    assert "Påmeldingsfristen må være før møtedagen." in html
    assert not InvitationPage.objects.exists()

    data["form_fields-2-purpose"] = "organisation"
    data["form_fields-1-field_type"] = "email"
    html = client.post(url, data).content.decode()
    assert "Organisasjonen må være et tekstfelt eller en nedtrekksliste." in html
    assert not InvitationPage.objects.exists()


def test_new_minutes_are_prefilled_from_the_agenda(client, admin, page_rules):
    AgendaItemFactory(page=admin.meeting, number=27, title="Referat", kind="minutes", sort_order=0)
    AgendaItemFactory(
        page=admin.meeting, number=28, title="Presentasjon og innsjekking", sort_order=1
    )
    html = client.get(f"/admin/pages/add/meetings/minutespage/{admin.meeting.pk}/").content.decode()
    assert 'value="Presentasjon og innsjekking"' in html
    assert 'value="27"' in html
    page_rules.assertCanCreate(
        admin.meeting,
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
                            "person": admin.person.pk,
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
                            "responsible": admin.person.pk,
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
    assert MinutesPage.objects.get().follow_ups.get().deadline == datetime.date(2014, 10, 14)


def test_people_are_searchable_and_previewable_in_the_admin(client, db):
    PersonFactory(name="Greta I. Hanset", unit="Fylkesmannen i Møre og Romsdal")
    PersonFactory(name="Kjersti Bakken")
    user = get_user_model().objects.create_superuser("admin", "a@example.org", "pw")
    client.force_login(user)
    html = client.get("/admin/snippets/meetings/person/?q=Greta").content.decode()
    assert "Greta I. Hanset" in html
    assert "Kjersti Bakken" not in html
    chooser = client.get("/admin/snippets/choose/meetings/person/?q=Bakken")
    assert chooser.status_code == 200
    assert "Kjersti Bakken" in chooser.json()["html"]
    person = Person.objects.get(name="Greta I. Hanset")
    preview = person.make_preview_request()
    assert "Fylkesmannen i Møre og Romsdal" in preview.content.decode()

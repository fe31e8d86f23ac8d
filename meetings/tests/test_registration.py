"""The invitation's registration form: deadline, quota, waiting list, anti-abuse, e-mail, export."""

import csv
import datetime
import io
from unittest import mock

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from openpyxl import load_workbook

from meetings.factories import (
    InvitationFormFieldFactory,
    InvitationPageFactory,
    MinutesPageFactory,
)
from meetings.models import Registration
from meetings.organisations import normalise_organisation

BEFORE_DEADLINE = datetime.datetime(2019, 9, 1, 12, tzinfo=datetime.UTC)
DEADLINE_DAY = datetime.datetime(2019, 9, 10, 21, 30, tzinfo=datetime.UTC)  # 23.30 in Oslo
AFTER_DEADLINE = datetime.datetime(2019, 9, 10, 22, 30, tzinfo=datetime.UTC)  # 00.30 in Oslo


@pytest.fixture
def invitation(tree):
    tree.meeting.start_time = datetime.time(9, 30)
    tree.meeting.end_time = datetime.time(15, 0)
    tree.meeting.place_name = "Formannskapssalen"
    tree.meeting.place_address = "Rådhusplassen 1, Molde"
    tree.meeting.save_revision().publish()
    page = InvitationPageFactory(
        parent=tree.meeting,
        title="Invitasjon til dialogmøte",
        registration_deadline=datetime.date(2019, 9, 10),
        max_per_organisation=2,
        practical_info="Det blir servert lunsj.",
        confirmation_email_text="Takk for påmeldingen.",
        to_address="arrangor@example.org",
        from_address="ikke-svar@example.org",
        subject="Ny påmelding",
    )
    InvitationFormFieldFactory(page=page, label="Navn", sort_order=0, purpose="name")
    InvitationFormFieldFactory(page=page, label="Kommune", sort_order=1, purpose="organisation")
    InvitationFormFieldFactory(
        page=page, label="E-post", field_type="email", sort_order=2, purpose="email"
    )
    InvitationFormFieldFactory(
        page=page, label="Merknad", field_type="multiline", sort_order=3, required=False
    )
    return page


def person(name, municipality="Molde", **more):
    return {"navn": name, "kommune": municipality, "e_post": f"{name.lower()}@example.org", **more}


@time_machine.travel(BEFORE_DEADLINE)
def test_a_registration_is_stored_and_confirmed(invitation, register):
    response = register(invitation, person("Kari"))
    assert response.status_code == 200
    assert "Påmelding mottatt" in response.content.decode()
    registration = Registration.objects.get()
    assert registration.organisation == "Molde"
    # Only the editor's fields are stored, not the honeypot or the time check.
    assert registration.form_data == {
        "navn": "Kari",
        "kommune": "Molde",
        "e_post": "kari@example.org",
        "merknad": "",
    }
    assert not registration.waiting_list
    assert sorted(m.to[0] for m in mail.outbox) == ["arrangor@example.org", "kari@example.org"]


@time_machine.travel(DEADLINE_DAY)
def test_registration_is_open_through_the_deadline_day_in_oslo(invitation, client, register):
    assert 'class="registration-form"' in client.get(invitation.url).content.decode()
    assert register(invitation, person("Kari")).status_code == 200
    assert Registration.objects.count() == 1


@time_machine.travel(AFTER_DEADLINE)
def test_registration_closes_at_the_deadline_with_a_clear_message(invitation, client):
    html = client.get(invitation.url).content.decode()
    assert "Påmeldingsfristen gikk ut 10. september 2019." in html
    assert 'class="registration-form"' not in html
    response = client.post(invitation.url, person("Kari"))
    assert response.status_code == 403
    assert Registration.objects.count() == 0


@pytest.mark.parametrize(
    ("variant", "key"),
    [
        ("Molde", "molde"),
        ("  molde ", "molde"),
        ("Molde kommune", "molde"),
        ("MOLDE KOMMUNA", "molde"),
        ("M\u043elde", "molde"),  # Cyrillic о
        ("\u039cOLDE", "molde"),  # Greek capital Mu
        ("\uff2dolde", "molde"),  # full-width M
        ("Møre og Romsdal fylkeskommune", "møre og romsdal fylkeskommune"),
        ("Møre og  Romsdal fylkeskommuna", "møre og romsdal fylkeskommune"),
        ("Ålesund", "ålesund"),
        ("Kommune", "kommune"),
    ],
)
def test_organisation_names_are_compared_after_normalising(variant, key):
    assert normalise_organisation(variant) == key


@time_machine.travel(BEFORE_DEADLINE)
def test_the_quota_holds_for_spelling_variants_and_offers_the_waiting_list(invitation, register):
    assert register(invitation, person("Kari", "Molde")).status_code == 200
    assert register(invitation, person("Ola", " molde kommune")).status_code == 200
    response = register(invitation, person("Per", "M\u043elde"))  # Cyrillic о
    assert response.status_code == 400
    html = response.content.decode()
    assert "M\u043elde har allerede meldt på 2 personer." in html
    assert "maks 2 personer fra hver organisasjon" in html
    # The message sits next to the organisation field, and the waiting list is offered.
    field_html = html.split('for="id_kommune"')[1].split("</div>")[0]
    assert "har allerede meldt på 2 personer" in field_html
    assert 'name="rh_waiting_list"' in html
    assert Registration.objects.count() == 2

    response = register(invitation, person("Per", "M\u043elde", rh_waiting_list="on"))
    assert response.status_code == 200
    assert "Du står på venteliste" in response.content.decode()
    assert list(Registration.objects.order_by("pk").values_list("waiting_list", flat=True)) == [
        False,
        False,
        True,
    ]
    assert "ventelisten" in mail.outbox[-1].body
    # Another organisation still has its places; the waiting list takes no place.
    assert register(invitation, person("Siri", "Aukra")).status_code == 200
    assert invitation.organisation_taken("Molde") == 2


@time_machine.travel(BEFORE_DEADLINE)
def test_registrations_beyond_capacity_go_on_the_waiting_list(invitation, client, register):
    invitation.capacity = 1
    invitation.save_revision().publish()
    html = client.get(invitation.url).content.decode()
    assert "1 plass av 1 er ledig" in html
    register(invitation, person("Kari", "Molde"))
    html = client.get(invitation.url).content.decode()
    assert "Ingen, nye påmeldinger settes på venteliste" in html
    response = register(invitation, person("Ola", "Aukra"))
    assert "Du står på venteliste" in response.content.decode()
    assert list(Registration.objects.order_by("pk").values_list("waiting_list", flat=True)) == [
        False,
        True,
    ]
    assert "ventelisten" in mail.outbox[-1].body


@time_machine.travel(BEFORE_DEADLINE)
def test_the_public_form_marks_required_fields_and_starts_selects_empty(
    invitation, client, register
):
    InvitationFormFieldFactory(
        page=invitation,
        label="Rolle",
        field_type="dropdown",
        choices="Kontaktperson\nLeder",
        required=True,
        sort_order=4,
    )
    html = client.get(invitation.url).content.decode()
    assert '<option value="" selected>Velg …</option>' in html
    label = html.split('for="id_navn"')[1].split("</label>")[0]
    assert "må fylles ut" in label
    label = html.split('for="id_merknad"')[1].split("</label>")[0]
    assert "må fylles ut" not in label
    response = register(invitation, {**person("Kari"), "rolle": ""})
    assert response.status_code == 400
    assert Registration.objects.count() == 0


@time_machine.travel(BEFORE_DEADLINE)
def test_the_confirmation_has_the_meetings_time_and_place_and_no_submitted_text(
    invitation, register
):
    register(
        invitation, person("Kari", "Aukra", merknad="Kjøp billige klokker på http://spam.example")
    )
    confirmation = next(m for m in mail.outbox if m.to == ["kari@example.org"])
    assert confirmation.subject == "Påmelding: Invitasjon til dialogmøte"
    body = confirmation.body
    assert "Du er meldt på «Invitasjon til dialogmøte»." in body
    assert "Tid: 25. september 2019 kl. 09.30–15.00" in body
    assert "Sted: Formannskapssalen, Rådhusplassen 1, Molde" in body
    assert "Det blir servert lunsj." in body
    assert "Status: påmeldt" in body
    assert "Takk for påmeldingen." in body
    assert f"http://localhost{invitation.url}" in body
    # Nothing the person typed reaches the address they gave.
    for typed in ["Kari", "spam.example", "Aukra"]:
        assert typed not in body
    # The organiser, at the fixed address, gets what was typed.
    notice = next(m for m in mail.outbox if m.to == ["arrangor@example.org"])
    assert "Merknad: Kjøp billige klokker" in notice.body
    assert "rh_" not in notice.body and "Nettside" not in notice.body


@time_machine.travel(BEFORE_DEADLINE)
def test_the_confirmation_follows_the_pages_language(invitation, register):
    invitation.language = "nn"
    invitation.save_revision().publish()
    register(invitation, person("Kari"))
    body = next(m for m in mail.outbox if m.to == ["kari@example.org"]).body
    assert "Du er meld på «Invitasjon til dialogmøte»." in body
    assert "Stad: Formannskapssalen" in body


@time_machine.travel(BEFORE_DEADLINE)
def test_a_mail_failure_loses_no_registration(invitation, register):
    with (
        mock.patch("meetings.models.invitations.send_mail", side_effect=OSError("SMTP is down")),
        mock.patch("wagtail.contrib.forms.models.send_mail", side_effect=OSError("down")),
    ):
        response = register(invitation, person("Kari"))
    assert response.status_code == 200
    assert Registration.objects.count() == 1


@time_machine.travel(BEFORE_DEADLINE)
def test_a_registration_for_a_cancelled_meeting_is_refused(invitation, tree, client):
    tree.meeting.status, tree.meeting.status_reason = "cancelled", "Sykdom"
    tree.meeting.save_revision().publish()
    html = client.get(invitation.url).content.decode()
    assert "Møtet er avlyst" in html
    assert client.post(invitation.url, person("Kari")).status_code == 403


@time_machine.travel(BEFORE_DEADLINE)
def test_the_quota_cannot_be_bypassed_by_leaving_the_organisation_blank(invitation, register):
    # The organisation field is optional in the form, but the quota needs it.
    invitation.get_form_fields().filter(label="Kommune").update(required=False)
    register(invitation, person("Kari", "Molde"))
    register(invitation, person("Ola", "Molde"))
    response = register(invitation, person("Per", ""))
    assert response.status_code == 400
    assert "Oppgi organisasjonen du melder deg på for." in response.content.decode()
    response = register(invitation, person("Per", "   "))
    assert response.status_code == 400
    assert Registration.objects.count() == 2


# Anti-abuse ------------------------------------------------------------------------------


@time_machine.travel(BEFORE_DEADLINE)
def test_a_filled_honeypot_is_refused_and_nothing_is_stored(invitation, client, register):
    html = client.get(invitation.url).content.decode()
    trap = html.split('class="registration-form__trap"')[1].split("</div>")[0]
    assert 'name="rh_homepage"' in trap and 'aria-hidden="true"' in html
    assert "style=" not in trap  # hidden by the style sheet (CSP forbids inline styles)
    response = register(invitation, person("Bot", rh_homepage="http://spam.example"))
    assert response.status_code == 400
    assert "Påmeldingen ble ikke sendt" in response.content.decode()
    assert Registration.objects.count() == 0 and not mail.outbox


@time_machine.travel(BEFORE_DEADLINE)
def test_a_form_sent_at_once_or_without_its_time_is_refused(invitation, client, register):
    response = register(invitation, person("Bot"), seconds=0)
    assert response.status_code == 400
    assert "sendt for raskt" in response.content.decode()
    response = client.post(invitation.url, person("Bot"))  # no time check field at all
    assert response.status_code == 400
    html = response.content.decode()
    assert "sendt for raskt" in html
    # The form comes back with what was typed and a fresh time check, so a person can resend.
    assert 'value="Bot"' in html and 'name="rh_started" value="' in html
    assert Registration.objects.count() == 0 and not mail.outbox


@time_machine.travel(BEFORE_DEADLINE)
def test_too_many_posts_from_one_client_get_429_with_the_form(
    invitation, client, register, settings
):
    settings.REGISTRATION_RATE_LIMIT = "3/h"
    for name in ["Kari", "Ola", "Per"]:
        register(invitation, person(name, name))
    response = register(invitation, person("Siri", "Aukra"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "Det er sendt mange påmeldinger fra din adresse på kort tid." in html
    assert 'value="Siri"' in html
    assert Registration.objects.count() == 3
    # Another client is not affected.
    other = register(invitation, person("Siri", "Aukra"), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 200


# Addresses -------------------------------------------------------------------------------


def test_the_invitation_and_the_minutes_have_fixed_addresses(tree):
    invitation = InvitationPageFactory(
        parent=tree.meeting, title="Innkalling til møte i Driftskomiteen", slug="noe-annet"
    )
    minutes = MinutesPageFactory(parent=tree.meeting, title="Protokoll", slug="protokoll")
    assert invitation.url == "/politikk/driftskomiteen/moter/2019-09-25/innkalling/"
    assert minutes.url == "/politikk/driftskomiteen/moter/2019-09-25/referat/"


# Export ----------------------------------------------------------------------------------

SUBMITTED = datetime.datetime(2019, 9, 1, 12, 34, 56, 789012, tzinfo=datetime.UTC)


@pytest.fixture
def exported(invitation, register, client):
    with time_machine.travel(SUBMITTED, tick=False):
        register(invitation, person("Kari", "Molde"), seconds=0)
        register(invitation, person("Øystein", "Ålesund", e_post="oy@example.org"), seconds=0)
    Registration.objects.update(submit_time=SUBMITTED)
    assert Registration.objects.count() == 2
    user = get_user_model().objects.create_superuser("admin", "a@example.org", "pw")
    client.force_login(user)
    return f"/admin/forms/submissions/{invitation.pk}/"


@pytest.fixture
def settings_min_seconds_zero(settings):
    settings.REGISTRATION_MIN_SECONDS = 0


def test_submissions_are_listed_in_oslo_time(settings_min_seconds_zero, exported, client):
    html = client.get(exported).content.decode()
    assert "Kari" in html and "Øystein" in html
    assert "14:34" in html  # 12:34 UTC is 14:34 in Oslo in September


def test_the_csv_export_opens_in_a_norwegian_excel(settings_min_seconds_zero, exported, client):
    response = client.get(exported + "?export=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="pamelding-driftskomiteen-2019-09-25.csv"'
    )
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Innsendt dato", "Navn", "Kommune", "E-post", "Merknad", "Venteliste"]
    assert rows[1] == ["01.09.2019 14:34:56", "Kari", "Molde", "kari@example.org", "", "Nei"]
    assert rows[2][1:3] == ["Øystein", "Ålesund"]


def test_the_xlsx_export_is_in_oslo_time_without_microseconds(
    settings_min_seconds_zero, exported, client
):
    response = client.get(exported + "?export=xlsx")
    assert response.status_code == 200
    assert "pamelding-driftskomiteen-2019-09-25.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[1][:2] == (datetime.datetime(2019, 9, 1, 14, 34, 56), "Kari")

"""The invitation's registration form: deadline, quota, waiting list, e-mail and export."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail

from meetings.factories import InvitationFormFieldFactory, InvitationPageFactory
from meetings.models import Registration

BEFORE_DEADLINE = datetime.datetime(2019, 9, 1, 12, tzinfo=datetime.UTC)
DEADLINE_DAY = datetime.datetime(2019, 9, 10, 21, 30, tzinfo=datetime.UTC)  # 23.30 in Oslo
AFTER_DEADLINE = datetime.datetime(2019, 9, 10, 22, 30, tzinfo=datetime.UTC)  # 00.30 in Oslo


@pytest.fixture
def invitation(tree):
    page = InvitationPageFactory(
        parent=tree.meeting,
        registration_deadline=datetime.date(2019, 9, 10),
        max_per_organisation=2,
        organisation_field="Kommune",
        confirmation_email_field="E-post",
        confirmation_email_text="Takk for påmeldingen.",
        to_address="arrangor@example.org",
        from_address="ikke-svar@example.org",
        subject="Ny påmelding",
    )
    InvitationFormFieldFactory(page=page, label="Navn", sort_order=0)
    InvitationFormFieldFactory(page=page, label="Kommune", sort_order=1)
    InvitationFormFieldFactory(page=page, label="E-post", field_type="email", sort_order=2)
    return page


def register(client, page, name, municipality="Molde"):
    return client.post(
        page.url, {"navn": name, "kommune": municipality, "e_post": f"{name.lower()}@example.org"}
    )


@time_machine.travel(BEFORE_DEADLINE)
def test_a_registration_is_stored_and_confirmed(invitation, client):
    response = register(client, invitation, "Kari")
    assert response.status_code == 200
    assert "Påmelding mottatt" in response.content.decode()
    registration = Registration.objects.get()
    assert registration.organisation == "Molde"
    assert registration.form_data["navn"] == "Kari"
    assert not registration.waiting_list
    assert sorted(m.to[0] for m in mail.outbox) == ["arrangor@example.org", "kari@example.org"]


@time_machine.travel(DEADLINE_DAY)
def test_registration_is_open_through_the_deadline_day_in_oslo(invitation, client):
    assert 'class="registration-form"' in client.get(invitation.url).content.decode()
    assert register(client, invitation, "Kari").status_code == 200
    assert Registration.objects.count() == 1


@time_machine.travel(AFTER_DEADLINE)
def test_registration_closes_at_the_deadline_with_a_clear_message(invitation, client):
    html = client.get(invitation.url).content.decode()
    assert "Påmeldingsfristen gikk ut 10. september 2019." in html
    assert 'class="registration-form"' not in html
    response = register(client, invitation, "Kari")
    assert response.status_code == 403
    assert Registration.objects.count() == 0


@time_machine.travel(BEFORE_DEADLINE)
def test_the_quota_per_organisation_is_enforced(invitation, client):
    register(client, invitation, "Kari", "Molde")
    register(client, invitation, "Ola", " molde ")
    response = register(client, invitation, "Per", "MOLDE")
    assert response.status_code == 400
    html = response.content.decode()
    assert "MOLDE har allerede meldt på 2 personer." in html
    assert "maks 2 personer fra hver organisasjon" in html
    assert Registration.objects.count() == 2
    assert register(client, invitation, "Per", "Aukra").status_code == 200
    assert Registration.objects.count() == 3


@time_machine.travel(BEFORE_DEADLINE)
def test_registrations_beyond_capacity_go_on_the_waiting_list(invitation, client):
    invitation.capacity = 1
    invitation.save_revision().publish()
    register(client, invitation, "Kari", "Molde")
    response = register(client, invitation, "Ola", "Aukra")
    assert "Du står på venteliste" in response.content.decode()
    assert list(Registration.objects.order_by("pk").values_list("waiting_list", flat=True)) == [
        False,
        True,
    ]
    assert "venteliste" in mail.outbox[-1].body


@time_machine.travel(BEFORE_DEADLINE)
def test_a_mail_failure_loses_no_registration(invitation, client):
    with (
        mock.patch("meetings.models.invitations.send_mail", side_effect=OSError("SMTP is down")),
        mock.patch("wagtail.contrib.forms.models.send_mail", side_effect=OSError("down")),
    ):
        response = register(client, invitation, "Kari")
    assert response.status_code == 200
    assert Registration.objects.count() == 1


@time_machine.travel(BEFORE_DEADLINE)
def test_a_registration_for_a_cancelled_meeting_is_refused(invitation, tree, client):
    tree.meeting.status, tree.meeting.status_reason = "cancelled", "Sykdom"
    tree.meeting.save_revision().publish()
    html = client.get(invitation.url).content.decode()
    assert "Møtet er avlyst" in html
    assert register(client, invitation, "Kari").status_code == 403


@time_machine.travel(BEFORE_DEADLINE)
def test_submissions_are_listed_and_exported_in_the_admin(invitation, client):
    register(client, invitation, "Kari")
    user = get_user_model().objects.create_superuser("admin", "a@example.org", "pw")
    client.force_login(user)
    listing = client.get(f"/admin/forms/submissions/{invitation.pk}/")
    assert listing.status_code == 200
    assert "Kari" in listing.content.decode()
    csv = client.get(f"/admin/forms/submissions/{invitation.pk}/?export=csv")
    assert csv.status_code == 200
    content = b"".join(csv.streaming_content).decode() if csv.streaming else csv.content.decode()
    assert "Kari" in content and "Venteliste" in content and "Molde" in content
    xlsx = client.get(f"/admin/forms/submissions/{invitation.pk}/?export=xlsx")
    assert xlsx.status_code == 200


@time_machine.travel(BEFORE_DEADLINE)
def test_the_quota_cannot_be_bypassed_by_leaving_the_organisation_blank(invitation, client):
    # The organisation field is optional in the form, but the quota needs it.
    invitation.get_form_fields().filter(label="Kommune").update(required=False)
    register(client, invitation, "Kari", "Molde")
    register(client, invitation, "Ola", "Molde")
    response = register(client, invitation, "Per", "")
    assert response.status_code == 400
    assert "Oppgi organisasjonen du melder deg på for." in response.content.decode()
    response = register(client, invitation, "Per", "   ")
    assert response.status_code == 400
    assert Registration.objects.count() == 2

"""Journey 3 in Chromium: citizens register on a phone, the quota holds for a spelling
variant, the waiting list takes the rest, and the body's secretary exports the registrations.
"""

import csv
import datetime
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
# A person reads the invitation before sending: longer than the honeypot's time check (3 s).
READING_MS = 3500


def overflow(page):
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


@pytest.fixture
def invitation(home):
    from meetings.factories import (
        BodyIndexPageFactory,
        BodyPageFactory,
        InvitationFormFieldFactory,
        InvitationPageFactory,
        MeetingPageFactory,
    )

    index = BodyIndexPageFactory(parent=home)
    body = BodyPageFactory(parent=index, title="Driftskomiteen", slug="driftskomiteen")
    meeting = MeetingPageFactory(
        parent=body,
        date=timezone.localdate() + datetime.timedelta(days=30),
        start_time=datetime.time(9, 30),
        place_name="Formannskapssalen",
    )
    page = InvitationPageFactory(
        parent=meeting,
        title="Invitasjon til dialogmøte om veivedlikehold",
        max_per_organisation=1,
        practical_info="Det blir servert lunsj.",
    )
    InvitationFormFieldFactory(page=page, label="Navn", sort_order=0, purpose="name")
    InvitationFormFieldFactory(
        page=page,
        label="Kommune",
        sort_order=1,
        purpose="organisation",
        help_text="Kommunen du representerer.",
    )
    InvitationFormFieldFactory(
        page=page, label="E-post", field_type="email", sort_order=2, purpose="email"
    )
    InvitationFormFieldFactory(
        page=page,
        label="Rolle",
        field_type="dropdown",
        choices="Politiker\nAnsatt",
        sort_order=3,
    )
    return page


def fill_and_send(page, name, municipality, email, role="Ansatt"):
    page.locator("#id_navn").press_sequentially(name, delay=20)
    page.locator("#id_kommune").press_sequentially(municipality, delay=20)
    page.locator("#id_e_post").press_sequentially(email, delay=20)
    page.locator("#id_rolle").select_option(role)
    page.wait_for_timeout(READING_MS)
    page.locator("form.registration-form button[type=submit]").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_journey_3_registration_quota_waiting_list_and_export(
    live_server, browser_page, invitation
):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core import mail

    from meetings.models import Registration

    page = browser_page
    page.set_viewport_size(PHONE)

    # A citizen opens the meeting, follows «Meld deg på» and registers.
    page.goto(live_server.url + invitation.meeting.url)
    page.get_by_role("link", name="Meld deg på").click()
    assert page.url.endswith(invitation.url + "#pamelding")
    assert page.locator("#id_rolle option").first.inner_text() == "Velg …"
    assert not overflow(page)
    fill_and_send(page, "Kari Nordmann", "Molde", "kari@example.org")
    expect(page.get_by_role("heading", name="Påmelding mottatt")).to_be_visible()

    # A colleague writes the municipality another way and exceeds its quota of 1: refused,
    # with the message next to the organisation field, and nothing they typed is lost.
    page.goto(live_server.url + invitation.url)
    fill_and_send(page, "Ola Nordmann", "Molde kommune", "ola@example.org")
    error = page.locator("#id_kommune_error")
    assert "har allerede meldt på 1 personer" in error.inner_text()
    assert "id_kommune_error" in page.locator("#id_kommune").get_attribute("aria-describedby")
    assert page.locator("#id_navn").input_value() == "Ola Nordmann"
    assert not overflow(page)
    assert Registration.objects.count() == 1

    # They ask for the waiting list and send again.
    page.get_by_label("Sett meg på ventelisten hvis kvoten er full").check()
    page.locator("form.registration-form button[type=submit]").click()
    expect(page.get_by_role("heading", name="Påmelding mottatt")).to_be_visible()
    assert "Du står på venteliste" in page.locator("main").inner_text()
    assert list(Registration.objects.order_by("pk").values_list("waiting_list", flat=True)) == [
        False,
        True,
    ]
    confirmation = [m for m in mail.outbox if m.to == ["ola@example.org"]][-1]
    assert "Status: på venteliste" in confirmation.body
    assert "Sted: Formannskapssalen" in confirmation.body

    # The body's secretary logs in, opens the registrations and exports them as CSV.
    secretary = get_user_model().objects.create_user("sekretar", password="hemmelig-123")
    secretary.groups.add(Group.objects.get(name="Sekretærer – Driftskomiteen"))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "sekretar")
    page.fill("#id_password", "hemmelig-123")
    page.locator("form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/admin/")
    page.goto(live_server.url + "/admin/forms/")
    page.get_by_role("link", name=invitation.title).click()
    page.wait_for_url(f"**/admin/forms/submissions/{invitation.pk}/")
    page.get_by_text("Ola Nordmann").wait_for()
    listing = page.locator("body").inner_text()
    assert "Kari Nordmann" in listing and "Ola Nordmann" in listing
    submitted = timezone.localtime(
        Registration.objects.get(form_data__navn="Kari Nordmann").submit_time
    )
    assert submitted.strftime("%H:%M") in listing

    more = page.get_by_role("button", name=re.compile("Flere|Mer|Handlinger", re.I))
    if more.count():
        more.first.click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("CSV")).click()
    download = download_info.value
    assert re.fullmatch(
        r"pamelding-driftskomiteen-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename
    )
    content = open(download.path(), "rb").read()
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    kari = next(row for row in rows if "Kari Nordmann" in row)
    assert kari[0] == submitted.strftime("%d.%m.%Y %H:%M:%S")

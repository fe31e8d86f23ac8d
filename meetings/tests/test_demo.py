"""The three seed documents are published on the demo site with every fact visible, with the
dates, statuses, members and meeting plan a municipality would have for them today.

The demo is loaded once for the module (`module_demo_site`); what a test changes is rolled back.
The meeting plan from a fixed loading day is in test_demo_meeting_plan.py."""

import datetime
import re

import pytest
from django.utils import timezone

from meetings.models import (
    ApprovalStatus,
    BodyPage,
    CasePage,
    FollowUp,
    FollowUpStatus,
    InvitationPage,
    MeetingPage,
    MeetingStatus,
    MemberRole,
    MinutesPage,
    Person,
)

pytestmark = pytest.mark.django_db


def test_invitation_seed_is_published_in_nynorsk_with_every_fact(
    module_demo_site, client, page_html
):
    invitation = InvitationPage.objects.get()
    assert invitation.url == "/politikk/fylkesmannen-i-more-og-romsdal/moter/2020-01-22/innkalling/"
    meeting = invitation.get_parent().specific
    assert meeting.date == datetime.date(2020, 1, 22)
    assert (meeting.start_time, meeting.end_time) == (datetime.time(9, 30), datetime.time(15, 30))
    assert invitation.registration_deadline == datetime.date(2020, 1, 9)
    assert invitation.max_per_organisation == 5
    assert invitation.contact_person.phone == "71 25 85 47"
    html = page_html(invitation)
    assert '<html lang="nn">' in html
    for fact in [
        "Kommunane i Møre og Romsdal",
        "Greta I. Hanset",
        "71 25 85 47",
        "Invitasjon til møte om Kompetanseløftet 2020",
        "22. januar 2020",
        "Scandic Alexandra, Molde",
        "Fylkesmannen i Møre og Romsdal inviterer kommunane",
        "heiltidskultur",
        "Maks 5",
        "Registrering",
        "09.00",
        "09.30",
        "15.30",
        "Lunsj",
        "9. januar 2020",
        "Med helsing",
        "Kjersti Bakken (e.f.)",
        "Ass.direktør",
        "Dokumentet er elektronisk godkjent og har ingen signatur.",
    ]:
        assert fact in html, fact
    # The deadline has passed: the form is closed and says so.
    assert "Påmeldingsfristen gjekk ut" in html
    assert '<form class="registration-form"' not in html


def test_case_seed_is_published_with_flow_attachments_and_people(
    module_demo_site, client, page_html
):
    case = CasePage.objects.get(case_number=27, case_year=2019)
    assert case.url == "/politikk/driftskomiteen/saker/2019-27/"
    assert case.case_officer.name == "Kirsten Ulriksen Skogseth"
    assert case.rapporteur is None
    steps = list(case.flow_steps.all())
    assert [s.body.title for s in steps] == ["Driftskomiteen", "Administrasjonsutvalget"]
    assert steps[0].meeting.date == datetime.date(2019, 9, 25)
    assert steps[1].meeting is None
    assert case.attachments.count() == 3
    html = page_html(case)
    for fact in [
        "Temaplan kompetanse og rekruttering helse og velferd",
        "27/19",
        "2019/5699",
        "Saksordfører",
        "Ingen",
        "25.09.19",
        "Administrasjonsutvalget",
        "Temaplan rekruttering og kompetanse i helse og velferd vedtas.",
        "handlingsdelen til Kommunedelplan helse og velferd",
        "budsjett- og økonomiplanprosesser",
        "Organisasjonens behov for kompetanse",
        "Rammer for tilskudd til videreutdanning",
        "Samfunnsanalyse 15.06.19",
        "24.06.19",
        "Beskrivelser av tiltak i temaplanen",
        "PDF",
        "Andre saksdokumenter (ikke vedlagt)",
        "Mestring for alle",
        "Laila Munkeby, Fagforbundet",
        "Heidi Hembre Berg",
        "forløse innbyggernes mestringsressurser",
        "28.04.2011",
        "26.09.2019",
    ]:
        assert fact in html, fact
    # The meeting's agenda links to the case, and the case to the meeting.
    meeting = steps[0].meeting
    assert case.url in page_html(meeting)
    assert meeting.url in html


def test_minutes_seed_is_published_with_items_attendance_and_follow_ups(
    module_demo_site, client, page_html
):
    minutes = MinutesPage.objects.get()
    meeting = minutes.get_parent().specific
    assert minutes.url == "/politikk/kompetanseforum/moter/2014-09-04/referat/"
    assert (meeting.start_time, meeting.end_time) == (datetime.time(9), datetime.time(14, 30))
    assert [i.number for i in minutes.items.all()] == list(range(27, 36))
    assert minutes.attendance.count() == 10
    assert all(row.person_id for row in minutes.attendance.all())
    assert Person.objects.filter(name="Kjetil Gulsrud Lundemoen").exists()
    html = page_html(minutes)
    for fact in [
        "Referat fra møte i Kompetanseforum",
        "4. september 2014 kl. 09.00–14.30",
        "Kongsbergregionens møterom, Kirkegt.4, Kongsberg",
        "Hanne Krokrud",
        "Torleif Nordskog",
        "Hjartdal",
        "Utdanningsforbundet",
        "PL",
        "27/14 Referat",
        "Referatet fra møtet 20.6.2014 ble godkjent.",
        "28/14 Presentasjon og innsjekking",
        "Ingen av kommunene har overordnede strategiske kompetanseplaner",
        "Liv Bergset",
        "Høringsfrist settes til 4.10.2014.",
        "31/14 Videre organisering av prosjektet",
        "Enstemmig",
        "Rådmannsutvalget i septembermøtet",
        "33/14 Plan for opplæringstiltak – tidlig fase",
        "14.10.2014",
        "Oppdateringen av prosjektets nettsider prioriteres.",
        "35/14 Eventuelt",
        "Tilknytning av kompetansesamarbeid i private nettverk",
    ]:
        assert fact in html, fact
    meeting_html = page_html(meeting)
    assert minutes.url in meeting_html
    assert "Forrige møte:" in meeting_html and "Neste møte:" in meeting_html


def test_politics_index_is_in_the_menu(module_demo_site, client, page_html):
    html = client.get("/").content.decode()
    assert 'href="/politikk/"' in html
    index_html = client.get("/politikk/").content.decode()
    for title in ["Driftskomiteen", "Kompetanseforum", "Fylkesmannen i Møre og Romsdal"]:
        assert title in index_html
    # The five meetings of the seeds, all held, and the planned ones of the meeting plan.
    past = MeetingPage.objects.live().filter(date__lt=timezone.localdate())
    assert past.count() == 5
    assert set(past.values_list("status", flat=True)) == {MeetingStatus.HELD}


def test_2014_follow_ups_are_done_and_the_minutes_approved(module_demo_site, client, page_html):
    minutes = MinutesPage.objects.get()
    assert minutes.approval_status == ApprovalStatus.APPROVED
    assert minutes.approved_at == datetime.date(2014, 10, 14)
    assert not FollowUp.objects.filter(deadline__year=2014, status=FollowUpStatus.OPEN).exists()
    html = page_html(minutes)
    assert "Godkjent <time" in html and "Kompetanseforum i møtet 14.10.2014" in html
    assert len(re.findall(r"<td[^>]*>Utført</td>", html)) == 3
    forum_html = page_html(minutes.get_parent().get_parent().specific)
    open_points = forum_html.split('id="oppfolging-tittel"')[1].split("</section>")[0]
    assert "Sende ut en oversikt over tilgjengelige opplæringstiltak" not in open_points
    assert "Behandle og innarbeide høringsuttalelsene" not in open_points
    # Points without a deadline stay as the minutes left them.
    assert "Oppdatere prosjektets nettsider." in open_points


def test_the_forum_lists_those_present_as_members_without_invented_contact_data(
    module_demo_site, client, page_html
):
    forum = BodyPage.objects.get(slug="kompetanseforum")
    members = list(forum.members.select_related("person"))
    attendees = [row.person for row in MinutesPage.objects.get().attendance.all()]
    assert [m.person for m in members][: len(attendees)] == attendees
    assert members[-1].person.name == "Liv Bergset"  # the new contact person, 29/14
    assert {m.role for m in members} == {MemberRole.MEMBER}  # 31/14: no leader is chosen
    html = page_html(forum)
    section = html.split('id="medlemmer-tittel"')[1].split("</section>")[0]
    for name in ["Hanne Krokrud", "Kjetil Gulsrud Lundemoen", "Halvor Rostad", "Liv Bergset"]:
        assert name in section
    assert section.count("Medlem") >= 11
    assert "Ingen medlemmer er registrert." not in html
    # Only the phone number the invitation prints; no e-mail addresses for real people.
    assert list(Person.objects.exclude(phone="").values_list("name", "phone")) == [
        ("Greta I. Hanset", "71 25 85 47")
    ]
    assert not Person.objects.exclude(email="").exists()
    # The county governor's body names the invitation's contact person.
    governor = BodyPage.objects.get(slug="fylkesmannen-i-more-og-romsdal")
    assert "Greta I. Hanset" in page_html(governor)

"""The three seed documents are published on the demo site with every fact visible."""

import datetime

import pytest

from meetings.models import (
    CasePage,
    InvitationPage,
    MeetingPage,
    MinutesPage,
    Person,
)


def html_of(client, page):
    response = client.get(page.url)
    assert response.status_code == 200, page.url
    return response.content.decode()


@pytest.mark.django_db
def test_invitation_seed_is_published_in_nynorsk_with_every_fact(demo_site, client):
    invitation = InvitationPage.objects.get()
    assert invitation.url == "/politikk/fylkesmannen-i-more-og-romsdal/moter/2020-01-22/innkalling/"
    meeting = invitation.get_parent().specific
    assert meeting.date == datetime.date(2020, 1, 22)
    assert (meeting.start_time, meeting.end_time) == (datetime.time(9, 30), datetime.time(15, 30))
    assert invitation.registration_deadline == datetime.date(2020, 1, 9)
    assert invitation.max_per_organisation == 5
    assert invitation.contact_person.phone == "71 25 85 47"
    html = html_of(client, invitation)
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


@pytest.mark.django_db
def test_case_seed_is_published_with_flow_attachments_and_people(demo_site, client):
    case = CasePage.objects.get(case_number=27, case_year=2019)
    assert case.url == "/politikk/driftskomiteen/saker/2019-27/"
    assert case.case_officer.name == "Kirsten Ulriksen Skogseth"
    assert case.rapporteur is None
    steps = list(case.flow_steps.all())
    assert [s.body.title for s in steps] == ["Driftskomiteen", "Administrasjonsutvalget"]
    assert steps[0].meeting.date == datetime.date(2019, 9, 25)
    assert steps[1].meeting is None
    assert case.attachments.count() == 3
    html = html_of(client, case)
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
    assert case.url in html_of(client, meeting)
    assert meeting.url in html


@pytest.mark.django_db
def test_minutes_seed_is_published_with_items_attendance_and_follow_ups(demo_site, client):
    minutes = MinutesPage.objects.get()
    meeting = minutes.get_parent().specific
    assert minutes.url == "/politikk/kompetanseforum/moter/2014-09-04/referat/"
    assert (meeting.start_time, meeting.end_time) == (datetime.time(9), datetime.time(14, 30))
    assert [i.number for i in minutes.items.all()] == list(range(27, 36))
    assert minutes.attendance.count() == 10
    assert all(row.person_id for row in minutes.attendance.all())
    assert Person.objects.filter(name="Kjetil Gulsrud Lundemoen").exists()
    html = html_of(client, minutes)
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
    body_html = html_of(client, meeting.get_parent().specific)
    assert "Sende ut en oversikt over tilgjengelige opplæringstiltak" in body_html
    meeting_html = html_of(client, meeting)
    assert minutes.url in meeting_html
    assert "Forrige møte:" in meeting_html and "Neste møte:" in meeting_html


@pytest.mark.django_db
def test_politics_index_is_in_the_menu(demo_site, client):
    html = client.get("/").content.decode()
    assert 'href="/politikk/"' in html
    index_html = client.get("/politikk/").content.decode()
    for title in ["Driftskomiteen", "Kompetanseforum", "Fylkesmannen i Møre og Romsdal"]:
        assert title in index_html
    assert MeetingPage.objects.live().count() == 5

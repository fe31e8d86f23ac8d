"""The public version history follows the page's current exemptions and access restrictions."""

import datetime

import pytest
from wagtail.models import Page, PageViewRestriction

from cms.versions import published_versions
from meetings.factories import (
    AgendaItemFactory,
    CasePageFactory,
    DocumentFactory,
    MeetingPageFactory,
    MinutesPageFactory,
)
from meetings.models import (
    AgendaItem,
    CaseAttachment,
    CasePage,
    FollowUp,
    MeetingPage,
    MinutesItem,
    MinutesPage,
)

BASIS = "Offl. § 13, jf. fvl. § 13"


def publish(page_class, pk, **changes):
    """Publish the page as it is in the database now (with `changes`), like an editor would."""
    page = page_class.objects.get(pk=pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page_class.objects.get(pk=pk)


def history_urls(page):
    """The history list, every version and every diff of `page`."""
    page = Page.objects.get(pk=page.pk).specific
    versions = published_versions(page)
    assert len(versions) >= 3
    urls = [page.history_url()]
    for version in versions:
        urls += [page.version_url(version), page.version_diff_url(version)]
    return urls


def assert_never_shown(client, page, secrets):
    for url in history_urls(page):
        response = client.get(url)
        assert response.status_code in (200, 302), url
        html = response.content.decode()
        for secret in secrets:
            assert secret not in html, (url, secret)


@pytest.fixture
def file_storage(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


def test_case_made_exempt_later_is_hidden_in_every_old_version_and_diff(tree, client):
    case = CasePageFactory(
        parent=tree.body,
        title="Personalsak",
        assessment="<p>Hemmelig-vurdering av saken</p>",
        archive_reference="2019/5699",
    )
    publish(CasePage, case.pk)
    publish(CasePage, case.pk, facts="<p>Nye opplysninger</p>")
    # Before: the old versions show the assessment (the history works).
    v1 = published_versions(CasePage.objects.get(pk=case.pk))[0]
    assert "Hemmelig-vurdering" in client.get(case.version_url(v1)).content.decode()
    publish(CasePage, case.pk, exempt=True, exempt_basis=BASIS)
    assert_never_shown(client, case, ["Hemmelig-vurdering", "2019/5699"])
    html = client.get(case.version_url(v1)).content.decode()
    assert "Personalsak" in html and BASIS in html


def test_attachment_made_exempt_later_is_hidden_in_the_history(tree, client, file_storage):
    case = CasePageFactory(parent=tree.body, title="Budsjett 2020")
    document = DocumentFactory(title="Hemmelig-vedlegg", file__filename="vedlegg.pdf")
    attachment = CaseAttachment.objects.create(page=case, document=document)
    publish(CasePage, case.pk)
    publish(CasePage, case.pk, facts="<p>Nye opplysninger</p>")
    CaseAttachment.objects.filter(pk=attachment.pk).update(
        exempt=True, exempt_basis=BASIS, public_title="Vedlegg unntatt offentlighet"
    )
    publish(CasePage, case.pk)
    assert_never_shown(client, case, ["Hemmelig-vedlegg"])
    v1 = published_versions(CasePage.objects.get(pk=case.pk))[0]
    assert "Vedlegg unntatt offentlighet" in client.get(case.version_url(v1)).content.decode()


def test_agenda_item_made_exempt_later_is_hidden_in_the_history(tree, client):
    item = AgendaItemFactory(
        page=tree.meeting, number=4, title="Hemmelig-punkt", outcome="Hemmelig-utfall"
    )
    publish(MeetingPage, tree.meeting.pk)
    publish(MeetingPage, tree.meeting.pk, intro="<p>Ny ingress</p>")
    AgendaItem.objects.filter(pk=item.pk).update(
        exempt=True, exempt_basis="Kommuneloven § 11-5", public_title="Lukket sak"
    )
    publish(MeetingPage, tree.meeting.pk)
    assert_never_shown(client, tree.meeting, ["Hemmelig-punkt", "Hemmelig-utfall"])
    v1 = published_versions(MeetingPage.objects.get(pk=tree.meeting.pk))[0]
    html = client.get(tree.meeting.version_url(v1)).content.decode()
    assert "Lukket sak" in html and "Kommuneloven § 11-5" in html


def test_minutes_item_made_exempt_later_is_hidden_in_the_history(tree, client):
    minutes = MinutesPageFactory(parent=tree.meeting)
    item = MinutesItem.objects.create(
        page=minutes, number=2, title="Hemmelig-referatpunkt", text="<p>Hemmelig-referat</p>"
    )
    publish(MinutesPage, minutes.pk)
    publish(MinutesPage, minutes.pk, intro="<p>Ny ingress</p>")
    MinutesItem.objects.filter(pk=item.pk).update(
        exempt=True, exempt_basis="Kommuneloven § 11-5", public_title="Lukket sak"
    )
    publish(MinutesPage, minutes.pk)
    assert_never_shown(client, minutes, ["Hemmelig-referatpunkt", "Hemmelig-referat"])


def test_items_on_a_case_made_exempt_later_are_treated_as_exempt(tree, client):
    case = CasePageFactory(parent=tree.body, title="Personalsak")
    AgendaItemFactory(
        page=tree.meeting,
        number=5,
        title="Hemmelig-navn på saken",
        outcome="Hemmelig-utfall",
        case=case,
    )
    minutes = MinutesPageFactory(parent=tree.meeting)
    MinutesItem.objects.create(
        page=minutes,
        number=5,
        title="Hemmelig-navn på saken",
        text="<p>Hemmelig-referat</p>",
        case=case,
    )
    FollowUp.objects.create(
        page=minutes, item_number=5, action="Hemmelig-oppfølging", responsible_text="PL"
    )
    publish(MeetingPage, tree.meeting.pk)
    publish(MinutesPage, minutes.pk)
    # The case is made exempt after the meeting and its minutes were published.
    publish(CasePage, case.pk, exempt=True, exempt_basis=BASIS)
    meeting = MeetingPage.objects.get(pk=tree.meeting.pk)
    minutes = MinutesPage.objects.get(pk=minutes.pk)
    for page in [meeting, minutes]:
        html = client.get(page.url).content.decode()
        assert "Hemmelig" not in html, page
        assert "Personalsak" in html and BASIS in html
    assert "Hemmelig" not in meeting.public_agenda_text()
    assert "Personalsak" in meeting.public_agenda_text()
    assert "Hemmelig" not in minutes.public_search_text()
    assert "Hemmelig" not in client.get(tree.body.url).content.decode()


def test_exempt_case_page_shows_only_title_number_flow_and_basis(tree, client):
    case = CasePageFactory(
        parent=tree.body,
        title="Personalsak",
        archive_reference="2019/5699",
        exempt=True,
        exempt_basis=BASIS,
    )
    case = CasePage.objects.get(pk=case.pk)
    case.case_officer = case.rapporteur = _person("Hemmelig Saksbehandler")
    case.save_revision().publish()
    html = client.get(case.url).content.decode()
    assert "Personalsak" in html and BASIS in html
    for secret in ["2019/5699", "Hemmelig Saksbehandler", "Under behandling", "Saksordfører"]:
        assert secret not in html, secret
    fields = dict(CasePage.objects.get(pk=case.pk).public_diff_fields())
    assert set(fields) == {"Saksnummer", "Saksgang", "Unntatt offentlighet"}
    body_html = client.get(tree.body.url).content.decode()
    assert "Hemmelig Saksbehandler" not in body_html


def _person(name):
    from meetings.models import Person

    return Person.objects.create(name=name)


def test_private_pages_are_not_listed(tree, client):
    private_meeting = MeetingPageFactory(
        parent=tree.body, date=datetime.date(2019, 10, 1), title="Hemmelig møte"
    )
    PageViewRestriction.objects.create(page=private_meeting, restriction_type="login")
    private_case = CasePageFactory(parent=tree.body, title="Hemmelig sak")
    PageViewRestriction.objects.create(page=private_case, restriction_type="login")
    minutes = MinutesPageFactory(parent=tree.meeting, title="Hemmelig referat")
    PageViewRestriction.objects.create(page=minutes, restriction_type="login")
    FollowUp.objects.create(page=minutes, action="Hemmelig-oppfølging", responsible_text="PL")
    AgendaItemFactory(page=private_meeting, number=1, case=CasePageFactory(parent=tree.body))
    body = tree.body
    assert not body.past_meetings().filter(pk=private_meeting.pk).exists()
    assert not body.cases().filter(pk=private_case.pk).exists()
    assert not body.open_follow_ups()
    html = client.get(body.url).content.decode()
    assert "Hemmelig" not in html
    meeting_html = client.get(tree.meeting.url).content.decode()
    assert "Hemmelig" not in meeting_html
    assert tree.meeting.specific.next_meeting() is None
    assert "minutes" not in tree.meeting.specific.documents()
    linked_case = AgendaItem.objects.get(page=private_meeting).case
    assert linked_case.meetings_handled_in() == []


def test_follow_ups_of_an_exempt_minutes_item_are_not_public(tree, client):
    minutes = MinutesPageFactory(parent=tree.meeting)
    MinutesItem.objects.create(
        page=minutes,
        number=3,
        title="Hemmelig",
        exempt=True,
        exempt_basis=BASIS,
        public_title="Lukket sak",
    )
    FollowUp.objects.create(
        page=minutes, item_number=3, action="Hemmelig-oppfølging", responsible_text="PL"
    )
    FollowUp.objects.create(
        page=minutes, item_number=4, action="Offentlig oppfølging", responsible_text="PL"
    )
    publish(MinutesPage, minutes.pk)
    assert [f.action for f in tree.body.open_follow_ups()] == ["Offentlig oppfølging"]
    for url in [tree.body.url, minutes.url]:
        html = client.get(url).content.decode()
        assert "Hemmelig-oppfølging" not in html and "Offentlig oppfølging" in html
    text = MinutesPage.objects.get(pk=minutes.pk).public_search_text()
    assert "Hemmelig-oppfølging" not in text

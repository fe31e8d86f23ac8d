"""Case numbers: the next free number per body and year, refused duplicates, and the links."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from meetings.factories import AgendaItemFactory, BodyPageFactory, CasePageFactory
from meetings.models import CaseFlowStep, CasePage


def test_blank_numbers_get_the_next_free_number_in_two_saves_in_a_row(tree):
    first = CasePageFactory(parent=tree.body, case_number=None)
    second = CasePageFactory(parent=tree.body, case_number=None)
    assert (first.case_number, second.case_number) == (1, 2)
    assert second.url == "/politikk/driftskomiteen/saker/2019-2/"
    # Saving again keeps the number; the next blank one continues the series.
    first.save_revision().publish()
    first.refresh_from_db()
    assert first.case_number == 1
    assert CasePageFactory(parent=tree.body, case_number=None).case_number == 3


def test_numbering_is_per_body_and_per_year(tree):
    CasePageFactory(parent=tree.body, case_number=27)
    other = BodyPageFactory(parent=tree.index, title="Formannskapet")
    assert CasePageFactory(parent=other, case_number=None).case_number == 1
    assert CasePageFactory(parent=tree.body, case_number=None, case_year=2020).case_number == 1
    assert CasePageFactory(parent=tree.body, case_number=None).case_number == 28


@time_machine.travel(datetime.datetime(2021, 3, 1, 12, tzinfo=datetime.UTC))
def test_a_blank_year_is_this_year(tree):
    case = CasePageFactory(parent=tree.body, case_year=None, case_number=None)
    assert (case.case_year, case.number_label, case.slug) == (2021, "1/21", "2021-1")


def test_a_duplicate_number_is_refused_with_a_clear_error(tree):
    CasePageFactory(parent=tree.body, case_number=27)
    with pytest.raises(ValidationError) as caught:
        CasePageFactory(parent=tree.body, case_number=27)
    assert caught.value.message_dict["case_number"][0] == (
        "Saksnummer 27/19 er allerede brukt av en annen sak i dette organet. "
        "Neste ledige nummer er 28; la feltet stå tomt for å bruke det."
    )
    assert CasePage.objects.filter(case_number=27).count() == 1


def test_changing_a_case_to_a_taken_number_is_refused(tree):
    CasePageFactory(parent=tree.body, case_number=27)
    case = CasePageFactory(parent=tree.body, case_number=28)
    case.case_number = 27
    with pytest.raises(ValidationError):
        case.save()
    case.refresh_from_db()
    assert case.case_number == 28


def test_a_case_shows_its_flow_and_every_meeting_it_was_handled_in(tree, client):
    case = CasePageFactory(parent=tree.body, case_number=27, title="Temaplan kompetanse")
    admin = BodyPageFactory(parent=tree.index, title="Administrasjonsutvalget")
    CaseFlowStep.objects.create(page=case, body=tree.body, meeting=tree.meeting, case_number=27)
    CaseFlowStep.objects.create(page=case, body=admin)
    AgendaItemFactory(page=tree.meeting, number=27, title="Temaplan kompetanse", case=case)
    html = client.get(case.url).content.decode()
    assert "Administrasjonsutvalget" in html and "Ikke fastsatt" in html
    assert f'href="{tree.meeting.url}"' in html
    assert "27/19" in html
    meeting_html = client.get(tree.meeting.url).content.decode()
    assert f'href="{case.url}"' in meeting_html


def test_cases_and_meetings_answer_only_under_their_segment(tree, client):
    case = CasePageFactory(parent=tree.body, case_number=5)
    assert client.get(case.url).status_code == 200
    assert client.get("/politikk/driftskomiteen/2019-5/").status_code == 404
    assert client.get("/politikk/driftskomiteen/moter/2019-5/").status_code == 404
    assert client.get("/politikk/driftskomiteen/saker/2019-09-25/").status_code == 404
    assert client.get("/politikk/driftskomiteen/saker/").status_code == 404


def test_body_page_filters_cases_by_year_and_status(tree, client):
    CasePageFactory(parent=tree.body, title="Sak fra 2019", status="decided")
    CasePageFactory(parent=tree.body, title="Sak fra 2020", case_year=2020)
    html = client.get(tree.body.url + "?ar=2020").content.decode()
    assert "Sak fra 2020" in html and "Sak fra 2019" not in html
    html = client.get(tree.body.url + "?status=decided").content.decode()
    assert "Sak fra 2019" in html and "Sak fra 2020" not in html


def test_a_published_meetings_default_title_and_address_follow_its_date(tree):
    from meetings.models import MeetingPage

    meeting = MeetingPage.objects.get(pk=tree.meeting.pk)
    meeting.save_revision().publish()
    assert meeting.title == "Driftskomiteen 25.09.2019"
    meeting.date = datetime.date(2019, 10, 2)
    meeting.full_clean()
    meeting.save_revision().publish()
    meeting.refresh_from_db()
    assert (meeting.title, meeting.slug) == ("Driftskomiteen 02.10.2019", "2019-10-02")

"""Every validation rule, with its Norwegian message on the right field."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from meetings.factories import (
    CasePageFactory,
    InvitationPageFactory,
    MeetingPageFactory,
    MinutesPageFactory,
    PersonFactory,
)
from meetings.models import (
    AgendaItem,
    Attendance,
    CaseAttachment,
    CaseFlowStep,
    FollowUp,
    InvitationFormField,
    MeetingStatus,
    MinutesItem,
    ProgrammeItem,
)

T = datetime.time


def errors_of(obj):
    with pytest.raises(ValidationError) as caught:
        obj.full_clean()
    return caught.value.message_dict


def test_a_meeting_must_end_after_it_starts(tree):
    meeting = tree.meeting
    meeting.start_time, meeting.end_time = T(14, 30), T(9, 0)
    assert errors_of(meeting)["end_time"] == ["Møtet må slutte etter at det starter."]
    meeting.end_time = T(14, 30)
    assert "end_time" in errors_of(meeting)
    meeting.start_time = None
    assert "start_time" in errors_of(meeting)
    meeting.start_time, meeting.end_time = T(9), T(14, 30)
    meeting.full_clean()


def test_a_cancelled_or_postponed_meeting_needs_a_reason(tree):
    meeting = tree.meeting
    for status in (MeetingStatus.CANCELLED, MeetingStatus.POSTPONED):
        meeting.status = status
        assert errors_of(meeting)["status_reason"] == [
            "Oppgi hvorfor møtet er utsatt eller avlyst."
        ]
    meeting.status_reason = "Sykdom"
    meeting.full_clean()


def test_the_registration_deadline_must_be_before_the_meeting(tree):
    invitation = InvitationPageFactory(
        parent=tree.meeting, registration_deadline=datetime.date(2019, 9, 1)
    )
    invitation.registration_deadline = datetime.date(2019, 9, 25)
    assert errors_of(invitation)["registration_deadline"] == [
        "Påmeldingsfristen må være før møtedagen."
    ]
    invitation.registration_deadline = datetime.date(2019, 9, 24)
    invitation.registration_opens = datetime.date(2019, 9, 24)
    invitation.full_clean()
    invitation.registration_opens = datetime.date(2019, 9, 25)
    assert "registration_opens" in errors_of(invitation)


def test_quotas_and_capacity_are_at_least_one(tree):
    invitation = InvitationPageFactory(parent=tree.meeting)
    invitation.max_per_organisation = 0
    invitation.capacity = 0
    errors = errors_of(invitation)
    assert errors["max_per_organisation"] == ["Kvoten må være minst 1."]
    assert errors["capacity"] == ["Antall plasser må være minst 1."]


def test_new_registration_form_fields_are_optional_unless_the_editor_says_so():
    assert InvitationFormField().required is False
    assert InvitationFormField().purpose == "other"


@pytest.mark.parametrize("reference", ["2019/5699", "2020/1", "2019/123456"])
def test_archive_references_of_the_right_form_are_accepted(tree, reference):
    CasePageFactory(parent=tree.body, archive_reference=reference).full_clean()


@pytest.mark.parametrize("reference", ["19/5699", "2019-5699", "2019/", "abcd/12", "2019/56a"])
def test_archive_references_of_the_wrong_form_are_refused(tree, reference):
    case = CasePageFactory(parent=tree.body)
    case.archive_reference = reference
    assert errors_of(case)["archive_reference"] == [
        "Arkivreferansen må ha formen ÅÅÅÅ/NNNN, for eksempel 2019/5699."
    ]


def test_a_case_year_must_have_four_digits(tree):
    case = CasePageFactory(parent=tree.body)
    case.case_year = 19
    assert errors_of(case)["case_year"] == [
        "Saksåret må skrives med fire sifre, for eksempel 2019."
    ]


def test_an_exempt_case_needs_its_legal_basis(tree):
    case = CasePageFactory(parent=tree.body)
    case.exempt = True
    assert errors_of(case)["exempt_basis"] == ["Oppgi hjemmelen for unntaket."]


@pytest.mark.parametrize("model", [AgendaItem, CaseAttachment, MinutesItem])
def test_exempt_items_need_basis_and_public_title(tree, model):
    item = model(exempt=True, title="Personalsak")
    item.clean_fields = lambda *a, **k: None  # only the cross-field rule is under test here
    with pytest.raises(ValidationError) as caught:
        item.clean()
    assert caught.value.message_dict == {
        "exempt_basis": ["Oppgi hjemmelen for unntaket."],
        "public_title": ["Oppgi en offentlig tittel for innhold som er unntatt."],
    }
    item.exempt_basis, item.public_title = "Offl. § 13, jf. fvl. § 13", "Personalsak"
    if model is AgendaItem:
        item.case = None
    item.clean()


def test_an_agenda_item_for_an_exempt_case_must_be_exempt(tree):
    case = CasePageFactory(parent=tree.body, exempt=True, exempt_basis="Kommuneloven § 11-5")
    item = AgendaItem(page=tree.meeting, title="Sak", case=case)
    with pytest.raises(ValidationError) as caught:
        item.clean()
    assert "exempt" in caught.value.message_dict


def test_a_case_flow_meeting_must_belong_to_the_step_body(tree):
    from meetings.factories import BodyPageFactory

    other = BodyPageFactory(parent=tree.index, title="Formannskapet")
    case = CasePageFactory(parent=tree.body)
    step = CaseFlowStep(page=case, body=other, meeting=tree.meeting)
    with pytest.raises(ValidationError) as caught:
        step.clean()
    assert caught.value.message_dict == {"meeting": ["Møtet hører ikke til det valgte organet."]}
    CaseFlowStep(page=case, body=tree.body, meeting=tree.meeting).clean()


def test_approved_minutes_need_date_and_approver_not_before_the_meeting(tree):
    minutes = MinutesPageFactory(parent=tree.meeting)
    minutes.approval_status = "approved"
    errors = errors_of(minutes)
    assert errors["approved_at"] == ["Oppgi når referatet ble godkjent."]
    assert errors["approved_by"] == ["Oppgi hvem som godkjente referatet."]
    minutes.approved_at, minutes.approved_by = datetime.date(2019, 9, 1), "Driftskomiteen"
    assert errors_of(minutes)["approved_at"] == [
        "Referatet kan ikke godkjennes før møtet er holdt."
    ]
    minutes.approved_at = datetime.date(2019, 10, 14)
    minutes.full_clean()


def test_attendance_needs_a_person_or_a_name(tree):
    minutes = MinutesPageFactory(parent=tree.meeting)
    with pytest.raises(ValidationError) as caught:
        Attendance(page=minutes).clean()
    assert caught.value.message_dict == {"name": ["Velg en person eller skriv inn et navn."]}
    Attendance(page=minutes, name="Hanne Krokrud").clean()
    Attendance(page=minutes, person=PersonFactory()).clean()


def test_a_unanimous_vote_has_no_counts(tree):
    item = MinutesItem(title="Budsjett", unanimous=True, votes_for=5)
    with pytest.raises(ValidationError) as caught:
        item.clean()
    assert "unanimous" in caught.value.message_dict
    MinutesItem(title="Budsjett", votes_for=5, votes_against=2).clean()
    assert MinutesItem(votes_for=5, votes_against=2).vote_text() == "For: 5, mot: 2, blanke: 0"


def test_a_follow_up_needs_someone_responsible(tree):
    with pytest.raises(ValidationError) as caught:
        FollowUp(action="Sende oversikt").clean()
    assert "responsible_text" in caught.value.message_dict
    FollowUp(action="Sende oversikt", responsible_text="PL").clean()


def test_a_programme_entry_ends_after_it_starts(tree):
    with pytest.raises(ValidationError) as caught:
        ProgrammeItem(title="Møte", start_time=T(15, 30), end_time=T(9, 30)).clean()
    assert caught.value.message_dict == {
        "end_time": ["Programposten må slutte etter at den starter."]
    }
    ProgrammeItem(title="Registrering", start_time=T(9), end_time=T(9, 30)).clean()


def test_a_meeting_gets_title_and_slug_from_body_and_date(tree):
    meeting = MeetingPageFactory(parent=tree.body, date=datetime.date(2019, 10, 30))
    assert meeting.title == "Driftskomiteen 30.10.2019"
    assert meeting.url == "/politikk/driftskomiteen/moter/2019-10-30/"
    second = MeetingPageFactory(parent=tree.body, date=datetime.date(2019, 10, 30))
    assert second.slug == "2019-10-30-2"

"""Bodies, people, meetings, invitations, minutes and committee cases."""

from .bodies import BodyIndexPage, BodyKind, BodyMember, BodyPage, MemberRole
from .cases import (
    CaseAttachment,
    CaseFlowStep,
    CasePage,
    CaseProposalPoint,
    CaseReference,
    CaseStatus,
)
from .invitations import (
    InvitationFormField,
    InvitationPage,
    ProgrammeItem,
    Registration,
    RegistrationState,
    Signatory,
)
from .meetings import AgendaItem, AgendaItemKind, MeetingPage, MeetingStatus
from .minutes import (
    ApprovalStatus,
    Attendance,
    AttendanceKind,
    FollowUp,
    FollowUpStatus,
    MinutesItem,
    MinutesPage,
)
from .people import Person

__all__ = [
    "AgendaItem",
    "AgendaItemKind",
    "ApprovalStatus",
    "Attendance",
    "AttendanceKind",
    "BodyIndexPage",
    "BodyKind",
    "BodyMember",
    "BodyPage",
    "CaseAttachment",
    "CaseFlowStep",
    "CasePage",
    "CaseProposalPoint",
    "CaseReference",
    "CaseStatus",
    "FollowUp",
    "FollowUpStatus",
    "InvitationFormField",
    "InvitationPage",
    "MeetingPage",
    "MeetingStatus",
    "MemberRole",
    "MinutesItem",
    "MinutesPage",
    "Person",
    "ProgrammeItem",
    "Registration",
    "RegistrationState",
    "Signatory",
]

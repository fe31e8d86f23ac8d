"""Bodies, people, meetings, invitations, minutes and committee cases."""

from .bodies import BodyIndexPage, BodyMember, BodyPage, BodyRoles
from .cases import (
    CaseAttachment,
    CaseFlowStep,
    CasePage,
    CaseProposalPoint,
    CaseReference,
)
from .choices import (
    AgendaItemKind,
    ApprovalStatus,
    AttendanceKind,
    BodyKind,
    CaseStatus,
    FieldPurpose,
    FollowUpStatus,
    MeetingStatus,
    MemberRole,
    RegistrationState,
)
from .invitations import (
    InvitationFormField,
    InvitationPage,
    ProgrammeItem,
    Registration,
    Signatory,
)
from .meetings import AgendaItem, MeetingPage
from .minutes import Attendance, FollowUp, MinutesItem, MinutesPage
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
    "BodyRoles",
    "CaseAttachment",
    "CaseFlowStep",
    "CasePage",
    "CaseProposalPoint",
    "CaseReference",
    "CaseStatus",
    "FieldPurpose",
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

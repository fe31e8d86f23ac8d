"""The vocabularies of the meetings models: model modules never import each other for them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BodyKind(models.TextChoices):
    COUNCIL = "council", _("Kommunestyre/råd")
    COMMITTEE = "committee", _("Utvalg/komité")
    FORUM = "forum", _("Forum")
    WORKING_GROUP = "working_group", _("Arbeidsgruppe")
    EXTERNAL = "external", _("Ekstern arrangør")


class MemberRole(models.TextChoices):
    LEADER = "leader", _("Leder")
    DEPUTY = "deputy", _("Nestleder")
    MEMBER = "member", _("Medlem")
    SUBSTITUTE = "substitute", _("Varamedlem")
    SECRETARY = "secretary", _("Sekretær")
    OBSERVER = "observer", _("Observatør")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    HELD = "held", _("Avholdt")
    POSTPONED = "postponed", _("Utsatt")
    CANCELLED = "cancelled", _("Avlyst")


# CSS modifier (see .status--* in site.css) of each meeting status, wherever a status is shown.
MEETING_STATUS_STYLES = {
    MeetingStatus.PLANNED: "ok",
    MeetingStatus.HELD: "ok",
    MeetingStatus.POSTPONED: "warn",
    MeetingStatus.CANCELLED: "danger",
}


class AgendaItemKind(models.TextChoices):
    DECISION = "decision", _("Sak til behandling")
    MINUTES = "minutes", _("Godkjenning av protokoll/referat")
    INFORMATION = "information", _("Orienteringssak")
    REFERRED = "referred", _("Referatsak")
    DELEGATED = "delegated", _("Delegert vedtak")
    OTHER = "other", _("Eventuelt")


class CaseStatus(models.TextChoices):
    PREPARATION = "preparation", _("Under behandling")
    ON_AGENDA = "on_agenda", _("Satt på sakslisten")
    DECIDED = "decided", _("Vedtatt")
    WITHDRAWN = "withdrawn", _("Trukket")


class RegistrationState(models.TextChoices):
    OPEN = "open", _("Åpen")
    NOT_OPEN = "not_open", _("Ikke åpnet")
    CLOSED = "closed", _("Stengt")
    CANCELLED = "cancelled", _("Møtet er avlyst")
    NO_FORM = "no_form", _("Ingen påmelding")


class FieldPurpose(models.TextChoices):
    """What a registration form field is for; the quota and the confirmation read it."""

    OTHER = "other", _("Annet")
    NAME = "name", _("Navn")
    ORGANISATION = "organisation", _("Organisasjon (teller mot kvoten)")
    EMAIL = "email", _("E-post (for bekreftelse)")


class ApprovalStatus(models.TextChoices):
    DRAFT = "draft", _("Ikke godkjent")
    APPROVED = "approved", _("Godkjent")


class AttendanceKind(models.TextChoices):
    PRESENT = "present", _("Til stede")
    ABSENT = "absent", _("Forfall")
    SUBSTITUTE = "substitute", _("Vararepresentant")
    OTHER = "other", _("Andre til stede")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Åpen")
    DONE = "done", _("Utført")
    CANCELLED = "cancelled", _("Avlyst")

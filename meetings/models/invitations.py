"""Invitations (møteinnkalling/invitasjon) with a registration form from Wagtail's form builder."""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.contrib.forms.models import (
    AbstractEmailForm,
    AbstractFormField,
    AbstractFormSubmission,
)
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.routable_page.models import path
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from cms.lookups import related_rows
from cms.models import DocumentPage, lazy_context
from cms.panels import document_tabs
from cms.ratelimits import over_limit
from cms.text import html_to_text

from ..forms import InvitationPageForm, RegistrationFormBuilder
from ..organisations import normalise_organisation
from .choices import FieldPurpose, RegistrationState
from .mixins import FixedSlugMixin, ParentAwareMixin, parent_meeting_facets

logger = logging.getLogger(__name__)

RATE_LIMITED_MESSAGE = _(
    "Det er sendt mange påmeldinger fra din adresse på kort tid. Vent litt og prøv igjen. "
    "Det du har fylt ut, står fortsatt i skjemaet."
)


class InvitationPage(FixedSlugMixin, ParentAwareMixin, DocumentPage, AbstractEmailForm):
    """The notice of a meeting: letter, programme and registration; a child of the meeting.

    Its address is always `innkalling/` below the meeting. The editor marks which form field
    holds the organisation the quota counts (`InvitationFormField.purpose`) and which holds the
    e-mail address for the confirmation.
    """

    sender = models.CharField(
        _("avsender"),
        max_length=255,
        blank=True,
        help_text=_("Tom: organet som holder møtet."),
    )
    recipients = models.CharField(
        _("mottakere"),
        max_length=255,
        blank=True,
        help_text=_("For eksempel «Kommunane i Møre og Romsdal»."),
    )
    contact_person = models.ForeignKey(
        "meetings.Person",
        verbose_name=_("kontaktperson/saksbehandler"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Vises med telefonnummer."),
    )
    letter = RichTextField(
        _("brevtekst"), blank=True, features=["h3", "bold", "italic", "ol", "ul", "link"]
    )
    audience = models.CharField(
        _("målgruppe"),
        max_length=255,
        blank=True,
        help_text=_("Hvem som inviteres, for eksempel «Kontaktpersonen og leiarar»."),
    )
    practical_info = models.TextField(
        _("praktisk informasjon"), blank=True, help_text=_("For eksempel om servering.")
    )
    closing = models.CharField(
        _("hilsen"), max_length=100, blank=True, help_text=_("For eksempel «Med hilsen».")
    )
    electronically_approved = models.BooleanField(
        _("elektronisk godkjent"),
        default=False,
        help_text=_("Viser «Dokumentet er elektronisk godkjent og har ingen signatur»."),
    )
    registration_opens = models.DateField(
        _("påmeldingen åpner"), null=True, blank=True, help_text=_("Tom: åpen straks.")
    )
    registration_deadline = models.DateField(
        _("påmeldingsfrist"),
        null=True,
        blank=True,
        help_text=_("Siste dag for påmelding. Tom: dagen før møtet."),
    )
    max_per_organisation = models.PositiveSmallIntegerField(
        _("maks deltakere per organisasjon"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, _("Kvoten må være minst 1."))],
        help_text=_("For eksempel 5 personer fra hver kommune. Tom: ingen grense."),
    )
    capacity = models.PositiveIntegerField(
        _("antall plasser"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, _("Antall plasser må være minst 1."))],
        help_text=_("Valgfritt. Påmeldinger ut over dette settes på venteliste."),
    )
    confirmation_text = RichTextField(
        _("bekreftelse"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Vises etter påmelding."),
    )
    confirmation_email_text = models.TextField(
        _("tekst i bekreftelsen på e-post"),
        blank=True,
        help_text=_(
            "Sendes til adressen i feltet med formålet «E-post», sammen med møtets tid og sted. "
            "Det deltakeren skrev i skjemaet, sendes ikke med."
        ),
    )

    fixed_slug = "innkalling"
    base_form_class = InvitationPageForm
    form_builder = RegistrationFormBuilder

    content_panels = [
        *DocumentPage.content_panels,
        MultiFieldPanel(
            ["sender", "recipients", "contact_person"], heading=_("Avsender og mottakere")
        ),
        "letter",
        MultiFieldPanel(
            [
                "closing",
                InlinePanel("signatories", label=_("Underskriver")),
                "electronically_approved",
            ],
            heading=_("Underskrift"),
        ),
    ]
    programme_panels = [
        InlinePanel("programme", heading=_("Program"), label=_("Programpost")),
        "audience",
        "practical_info",
    ]
    registration_panels = [
        FormSubmissionsPanel(),
        MultiFieldPanel(
            [
                FieldRowPanel(["registration_opens", "registration_deadline"]),
                FieldRowPanel(["max_per_organisation", "capacity"]),
            ],
            heading=_("Påmelding"),
        ),
        InlinePanel("form_fields", heading=_("Skjemafelt"), label=_("Felt")),
        MultiFieldPanel(
            ["confirmation_text", "confirmation_email_text"],
            heading=_("Bekreftelse"),
        ),
        MultiFieldPanel(
            [FieldRowPanel(["from_address", "to_address"]), FieldPanel("subject")],
            heading=_("Varsel til arrangøren på e-post"),
        ),
    ]
    edit_handler = document_tabs(
        DocumentPage,
        (_("Brev"), content_panels),
        (_("Program"), programme_panels),
        (_("Påmelding"), registration_panels),
    )
    search_fields = [
        *DocumentPage.search_fields,
        index.SearchField("recipients"),
        index.SearchField("letter"),
        index.SearchField("audience"),
    ]
    api_fields = [
        "sender",
        "recipients",
        APIField("contact_person", serializer=serializers.StringRelatedField()),
        "letter",
        "programme",
        "audience",
        "practical_info",
        "closing",
        "signatories",
        "electronically_approved",
        "registration_opens",
        "registration_deadline",
        "max_per_organisation",
        "capacity",
        "tags",
        "language",
    ]
    parent_page_types = ["meetings.MeetingPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("innkalling/invitasjon")
        verbose_name_plural = _("innkallinger/invitasjoner")

    @classmethod
    def search_facets(cls, prefix):
        return parent_meeting_facets(cls)

    @property
    def meeting(self):
        return self.parent_for_validation()

    def clean(self):
        errors = {}
        meeting = self.parent_for_validation()
        meeting_date = getattr(meeting, "date", None)
        if (
            self.registration_deadline
            and meeting_date
            and self.registration_deadline >= meeting_date
        ):
            errors["registration_deadline"] = _("Påmeldingsfristen må være før møtedagen.")
        if (
            self.registration_opens
            and self.registration_deadline
            and self.registration_opens > self.registration_deadline
        ):
            errors["registration_opens"] = _("Påmeldingen må åpne før fristen.")
        if errors:
            raise ValidationError(errors)
        super().clean()

    # Registration -----------------------------------------------------------------------

    def get_submission_class(self):
        return Registration

    def get_data_fields(self):
        return [*super().get_data_fields(), ("waiting_list", _("Venteliste"))]

    def get_submissions_list_view_class(self):
        from ..views import RegistrationsListView

        return RegistrationsListView

    def field_name_for(self, purpose):
        """The clean_name of the form field the editor gave this purpose, or None."""
        for field in self.get_form_fields():
            if field.purpose == purpose:
                return field.clean_name or field.get_field_clean_name()
        return None

    def last_registration_day(self, meeting=None):
        if self.registration_deadline:
            return self.registration_deadline
        meeting = meeting or self.meeting
        if meeting is not None and meeting.date:
            return meeting.date - datetime.timedelta(days=1)
        return None

    def registration_state(self, meeting=None, today=None):
        meeting = meeting or self.meeting
        today = today or timezone.localdate()
        if not list(self.form_fields.all()):
            return RegistrationState.NO_FORM
        if meeting is not None and meeting.is_cancelled:
            return RegistrationState.CANCELLED
        if self.registration_opens and today < self.registration_opens:
            return RegistrationState.NOT_OPEN
        last_day = self.last_registration_day(meeting)
        if last_day is not None and today > last_day:
            return RegistrationState.CLOSED
        return RegistrationState.OPEN

    def registrations(self):
        return Registration.objects.filter(page=self)

    def is_full(self):
        if not self.capacity:
            return False
        return self.registrations().filter(waiting_list=False).count() >= self.capacity

    def organisation_taken(self, organisation):
        """Places (not the waiting list) taken by an organisation, however it was written."""
        return (
            self.registrations()
            .filter(organisation_key=normalise_organisation(organisation), waiting_list=False)
            .count()
        )

    def places_left(self):
        """Places not yet taken (0 when full), or None when the number of places is open."""
        if not self.capacity:
            return None
        taken = self.registrations().filter(waiting_list=False).count()
        return max(self.capacity - taken, 0)

    def quota_check(self, cleaned_data, waiting_list_wanted=False):
        """Where a registration goes under the quota: (waiting list?, error or None).

        The error is (field name, message). A registration beyond its organisation's quota is
        refused, unless the person asked for the waiting list.
        """
        if not self.max_per_organisation:
            return False, None
        field_name = self.field_name_for(FieldPurpose.ORGANISATION)
        organisation = cleaned_data.get(field_name) if field_name else None
        if not normalise_organisation(organisation):
            # Without an organisation the quota cannot be counted: refuse, never skip it.
            return False, (
                field_name,
                _(
                    "Oppgi organisasjonen du melder deg på for. Det er plass til maks %(max)s "
                    "personer fra hver organisasjon."
                )
                % {"max": self.max_per_organisation},
            )
        taken = self.organisation_taken(organisation)
        if taken < self.max_per_organisation:
            return False, None
        if waiting_list_wanted:
            return True, None
        message = _(
            "%(organisation)s har allerede meldt på %(count)s personer. Det er plass til "
            "maks %(max)s personer fra hver organisasjon, så denne påmeldingen er ikke "
            "registrert. Du kan melde deg på ventelisten nedenfor."
        ) % {"organisation": organisation.strip(), "count": taken, "max": self.max_per_organisation}
        return False, (field_name, message)

    def process_form_submission(self, form, waiting_list=False):
        """Store the registration; e-mails are sent afterwards (see send_registration_emails)."""
        field_name = self.field_name_for(FieldPurpose.ORGANISATION)
        data = form.registration_data() if hasattr(form, "registration_data") else form.cleaned_data
        organisation = str(data.get(field_name) or "").strip() if field_name else ""
        return Registration.objects.create(
            form_data=data,
            page=self,
            organisation=organisation,
            organisation_key=normalise_organisation(organisation),
            waiting_list=waiting_list or self.is_full(),
        )

    def render_email(self, form):
        """The organiser's notice: the fields the editor built, not the honeypot or time check."""
        lines = []
        data = form.registration_data() if hasattr(form, "registration_data") else {}
        for field in form:
            if field.name not in data:
                continue
            value = data[field.name]
            if isinstance(value, list):
                value = ", ".join(value)
            lines.append(f"{field.label}: {value}")
        return "\n".join(lines)

    def confirmation_email(self, submission):
        """(subject, body) of the participant's confirmation, in the page's language.

        A fixed text (the meeting, its time and place, the practical notes and the status):
        nothing the person typed is sent, so the form cannot carry anyone's text to an
        arbitrary address.
        """
        meeting = self.meeting
        with translation.override(self.language):
            subject = str(_("Påmelding: %(title)s")) % {"title": self.title}
            body = render_to_string(
                "meetings/email/registration_confirmation.txt",
                {
                    "page": self,
                    "meeting": meeting,
                    "waiting_list": submission.waiting_list,
                    "text": self.confirmation_email_text or html_to_text(self.confirmation_text),
                    "url": self.full_url,
                },
            )
        return subject, body.strip() + "\n"

    def send_registration_emails(self, form, submission):
        """Notify the organiser and confirm to the participant. A failure is logged, not lost."""
        try:
            if self.to_address:
                self.send_mail(form)
            field_name = self.field_name_for(FieldPurpose.EMAIL)
            address = form.cleaned_data.get(field_name) if field_name else None
            if address:
                subject, body = self.confirmation_email(submission)
                send_mail(subject, body, self.from_address or None, [address])
        except Exception:
            logger.exception(
                "Registration %s stored, but an e-mail could not be sent", submission.pk
            )

    @path("", name="registration")
    def registration(self, request, *args, **kwargs):
        """The invitation with its registration form; DocumentPage.serve renders it in language."""
        meeting = self.meeting
        state = self.registration_state(meeting)
        form = None
        status = 200
        if state == RegistrationState.OPEN:
            if request.method == "POST":
                form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
                if over_limit(request, "meetings.registration", settings.REGISTRATION_RATE_LIMIT):
                    form.is_valid()  # shows what was typed, with its own errors, too
                    form.add_error(None, RATE_LIMITED_MESSAGE)
                    status = 429
                elif form.is_valid():
                    submission, error = None, None
                    with transaction.atomic():
                        # The quota is counted once, under a lock on the invitation's row, so
                        # concurrent registrations are stored one at a time.
                        InvitationPage.objects.select_for_update().get(pk=self.pk)
                        waiting_list, error = self.quota_check(
                            form.cleaned_data, form.wants_waiting_list()
                        )
                        if error is None:
                            submission = self.process_form_submission(form, waiting_list)
                    if submission is not None:
                        self.send_registration_emails(form, submission)
                        return self.render_landing_page(request, submission, *args, **kwargs)
                    field_name, message = error
                    form.add_error(field_name if field_name in form.fields else None, message)
                    form.offer_waiting_list = True
                    status = 400
                else:
                    status = 400
            else:
                form = self.get_form(page=self, user=request.user)
        elif request.method == "POST":
            status = 403
        context = self.get_context(request, *args, **kwargs)
        context.update(form=form, registration_state=state, meeting=meeting)
        return TemplateResponse(request, self.get_template(request), context, status=status)

    @classmethod
    def search_result_pages(cls, ids):
        """The invitations shown as search results, with what their excerpts read."""
        return (
            cls.objects.filter(pk__in=ids)
            .select_related("contact_person")
            .prefetch_related(
                "programme", Prefetch("signatories", Signatory.objects.select_related("person"))
            )
        )

    def public_diff_fields(self):
        programme = "\n".join(item.as_text() for item in self.programme.all())
        signatories = "\n".join(s.as_text() for s in related_rows(self, "signatories", "person"))
        deadline = (
            formats.date_format(self.registration_deadline, "j. F Y")
            if self.registration_deadline
            else ""
        )
        return [
            (str(_("Avsender")), self.sender),
            (str(_("Mottakere")), self.recipients),
            (
                str(_("Kontaktperson")),
                self.contact_person.as_text() if self.contact_person else "",
            ),
            (str(_("Brevtekst")), html_to_text(self.letter)),
            (str(_("Program")), programme),
            (str(_("Målgruppe")), self.audience),
            (str(_("Praktisk informasjon")), self.practical_info),
            (
                str(_("Maks deltakere per organisasjon")),
                str(self.max_per_organisation or ""),
            ),
            (str(_("Antall plasser")), str(self.capacity or "")),
            (str(_("Påmeldingsfrist")), deadline),
            (str(_("Underskrift")), "\n".join(p for p in [self.closing, signatories] if p)),
            (
                str(_("Elektronisk godkjent")),
                str(_("Ja")) if self.electronically_approved else str(_("Nei")),
            ),
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        meeting = self.meeting
        context.update(
            meeting=meeting,
            sender_name=self.sender
            or (meeting.body_page.title if meeting and meeting.body_page_id else ""),
            programme=self.programme.all(),
            signatories=self.signatories.select_related("person"),
            last_registration_day=self.last_registration_day(meeting),
            **lazy_context(
                minutes=lambda: meeting.documents("minutes").get("minutes") if meeting else None
            ),
        )
        return context


class InvitationFormField(AbstractFormField):
    """A registration form field; its purpose tells the quota and the e-mail where to look."""

    page = ParentalKey(InvitationPage, on_delete=models.CASCADE, related_name="form_fields")
    required = models.BooleanField(_("påkrevet"), default=False)
    purpose = models.CharField(
        _("formål"),
        max_length=20,
        choices=FieldPurpose.choices,
        default=FieldPurpose.OTHER,
        help_text=_(
            "«Organisasjon»: kvoten per organisasjon telles fra dette feltet. «E-post»: "
            "bekreftelsen sendes hit."
        ),
    )

    panels = [
        "label",
        "help_text",
        "required",
        FieldPanel("field_type", classname="formbuilder-type", required_on_save=True),
        "purpose",
        FieldPanel("choices", classname="formbuilder-choices"),
        FieldPanel("default_value", classname="formbuilder-default"),
    ]

    class Meta(AbstractFormField.Meta):
        verbose_name = _("skjemafelt")
        verbose_name_plural = _("skjemafelt")


class Registration(AbstractFormSubmission):
    """A registration (påmelding); stored before any e-mail is sent."""

    organisation = models.CharField(_("organisasjon"), max_length=255, blank=True)
    organisation_key = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    waiting_list = models.BooleanField(_("venteliste"), default=False)

    class Meta(AbstractFormSubmission.Meta):
        verbose_name = _("påmelding")
        verbose_name_plural = _("påmeldinger")

    def get_data(self):
        return {**super().get_data(), "waiting_list": _("Ja") if self.waiting_list else _("Nei")}


class ProgrammeItem(Orderable):
    """One entry of the programme, e.g. registration 09.00–09.30."""

    page = ParentalKey(InvitationPage, on_delete=models.CASCADE, related_name="programme")
    start_time = models.TimeField(_("fra kl."), null=True, blank=True)
    end_time = models.TimeField(_("til kl."), null=True, blank=True)
    title = models.CharField(_("programpost"), max_length=255)

    panels = [FieldRowPanel(["start_time", "end_time"]), "title"]
    api_fields = ["start_time", "end_time", "title"]

    class Meta(Orderable.Meta):
        verbose_name = _("programpost")
        verbose_name_plural = _("program")

    def clean(self):
        super().clean()
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("Programposten må slutte etter at den starter.")})

    def time_text(self):
        times = [t.strftime("%H.%M") for t in [self.start_time, self.end_time] if t]
        return "–".join(times)

    def as_text(self):
        return " ".join(p for p in [self.time_text(), self.title] if p)


class Signatory(Orderable):
    page = ParentalKey(InvitationPage, on_delete=models.CASCADE, related_name="signatories")
    person = models.ForeignKey(
        "meetings.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(
        _("rolle/stilling"), max_length=255, blank=True, help_text=_("For eksempel «Ass.direktør».")
    )
    on_behalf = models.BooleanField(
        _("e.f."), default=False, help_text=_("Etter fullmakt: skrives «(e.f.)» etter navnet.")
    )

    panels = ["person", FieldRowPanel(["role", "on_behalf"])]
    api_fields = [
        APIField("person", serializer=serializers.StringRelatedField()),
        "role",
        "on_behalf",
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("underskriver")
        verbose_name_plural = _("underskrivere")

    def as_text(self):
        name = f"{self.person.name} (e.f.)" if self.on_behalf else self.person.name
        return ", ".join(p for p in [name, self.role] if p)

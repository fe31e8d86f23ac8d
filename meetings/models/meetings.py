"""Meetings of a body and their agendas."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from cms.models import DocumentPage
from cms.text import html_to_text

from ..forms import ParentAwarePageForm
from .mixins import (
    CurrentRestrictionsMixin,
    ExemptMixin,
    ParentAwareMixin,
    document_tabs,
    two_digit_year,
)

OSLO = timezone.get_default_timezone()


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    HELD = "held", _("Avholdt")
    POSTPONED = "postponed", _("Utsatt")
    CANCELLED = "cancelled", _("Avlyst")


class AgendaItemKind(models.TextChoices):
    DECISION = "decision", _("Sak til behandling")
    MINUTES = "minutes", _("Godkjenning av protokoll/referat")
    INFORMATION = "information", _("Orienteringssak")
    REFERRED = "referred", _("Referatsak")
    DELEGATED = "delegated", _("Delegert vedtak")
    OTHER = "other", _("Eventuelt")


class MeetingPage(CurrentRestrictionsMixin, ParentAwareMixin, DocumentPage):
    """One meeting: time, place, status and agenda; its invitation and minutes are children."""

    body_page = models.ForeignKey(
        "meetings.BodyPage",
        verbose_name=_("organ"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="meeting_pages",
    )
    date = models.DateField(_("dato"), help_text=_("Møtedatoen (norsk tid)."))
    start_time = models.TimeField(
        _("starter kl."), null=True, blank=True, help_text=_("For eksempel 09:00.")
    )
    end_time = models.TimeField(
        _("slutter kl."), null=True, blank=True, help_text=_("For eksempel 14:30.")
    )
    place_name = models.CharField(
        _("sted"), max_length=255, blank=True, help_text=_("For eksempel «Formannskapssalen».")
    )
    place_address = models.CharField(_("adresse"), max_length=255, blank=True)
    video_url = models.URLField(
        _("lenke til video/strømming"),
        blank=True,
        help_text=_("Valgfritt: lenke til direktesending eller opptak."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    status_reason = models.CharField(
        _("begrunnelse"),
        max_length=255,
        blank=True,
        help_text=_("Påkrevd når møtet er utsatt eller avlyst."),
    )
    intro = RichTextField(
        _("ingress"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Kort om hva møtet gjelder."),
    )

    base_form_class = ParentAwarePageForm
    defaulted_fields = ("title", "slug")

    content_panels = [
        FieldPanel("title", help_text=_("Tom: settes til organets navn og datoen.")),
        MultiFieldPanel(
            [
                "date",
                FieldRowPanel(["start_time", "end_time"]),
                FieldRowPanel(["place_name", "place_address"]),
                "video_url",
            ],
            heading=_("Tid og sted"),
        ),
        MultiFieldPanel(["status", "status_reason"], heading=_("Status")),
        "intro",
    ]
    agenda_panels = [
        InlinePanel("agenda_items", heading=_("Saksliste"), label=_("Sak på sakslisten"))
    ]
    edit_handler = document_tabs(
        DocumentPage,
        (_("Møte"), content_panels),
        (_("Saksliste"), agenda_panels),
    )
    search_fields = [
        *DocumentPage.search_fields,
        index.SearchField("place_name"),
        index.SearchField("intro"),
        index.SearchField("public_agenda_text"),
        index.FilterField("date"),
        index.FilterField("body_page_id"),
    ]
    api_fields = [
        "date",
        "start_time",
        "end_time",
        "place_name",
        "place_address",
        "video_url",
        "status",
        "status_reason",
        "intro",
        "agenda_items",
        "tags",
        "language",
    ]
    parent_page_types = ["meetings.BodyPage"]
    subpage_types = ["meetings.InvitationPage", "meetings.MinutesPage"]

    class Meta:
        verbose_name = _("møte")
        verbose_name_plural = _("møter")

    @property
    def start(self):
        """Aware start datetime in Europe/Oslo (midnight when no time is given)."""
        if self.date is None:
            return None
        return datetime.datetime.combine(self.date, self.start_time or datetime.time(), OSLO)

    @property
    def end(self):
        if self.date is None or self.end_time is None:
            return None
        return datetime.datetime.combine(self.date, self.end_time, OSLO)

    @property
    def is_cancelled(self):
        return self.status == MeetingStatus.CANCELLED

    def default_title(self, body):
        date_text = self.date.strftime("%d.%m.%Y")
        return f"{body.title} {date_text}" if body is not None else date_text

    def apply_defaults(self):
        from .bodies import BodyPage

        parent = self.parent_for_validation()
        if not isinstance(parent, BodyPage):
            parent = None
        if parent is not None:
            self.body_page_id = parent.pk
        if self.date:
            if not self.title:
                self.title = self.default_title(parent)
            if not self.slug:
                self.slug = self.unique_slug(self.date.isoformat(), parent)

    def full_clean(self, *args, **kwargs):
        self.apply_defaults()
        super().full_clean(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.end_time and not self.start_time:
            errors["start_time"] = _("Oppgi når møtet starter når du oppgir når det slutter.")
        elif self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("Møtet må slutte etter at det starter.")
        if self.status in (MeetingStatus.POSTPONED, MeetingStatus.CANCELLED) and not (
            self.status_reason.strip()
        ):
            errors["status_reason"] = _("Oppgi hvorfor møtet er utsatt eller avlyst.")
        if errors:
            raise ValidationError(errors)
        super().clean()

    def set_url_path(self, parent):
        """Meetings live under /<organ>/moter/<slug>/."""
        if parent is None:
            return super().set_url_path(parent)
        self.body_page_id = parent.pk
        self.url_path = f"{parent.url_path}moter/{self.slug}/"
        return self.url_path

    def time_text(self):
        """«4.9.2014 kl. 09.00–14.30» style, for lists and diffs."""
        text = formats.date_format(self.date, "j. F Y")
        if self.start_time:
            text += " kl. " + self.start_time.strftime("%H.%M")
            if self.end_time:
                text += "–" + self.end_time.strftime("%H.%M")
        return text

    def agenda(self):
        return self.agenda_items.select_related("case")

    def public_agenda_text(self):
        """The agenda as the public may see it (indexed for search; no exempt content)."""
        return "\n".join(item.public_text() for item in self.agenda_items.all())

    def siblings_in_series(self):
        return (
            MeetingPage.objects.live()
            .public()
            .filter(body_page_id=self.body_page_id)
            .exclude(pk=self.pk)
        )

    def previous_meeting(self):
        return (
            self.siblings_in_series()
            .filter(date__lt=self.date)
            .order_by("-date", "-start_time")
            .first()
        )

    def next_meeting(self):
        return (
            self.siblings_in_series()
            .filter(date__gt=self.date)
            .order_by("date", "start_time")
            .first()
        )

    def documents(self):
        """The invitation and minutes of this meeting: {"invitation": page, "minutes": page}."""
        from .invitations import InvitationPage
        from .minutes import MinutesPage

        found = {}
        for child in self.get_children().live().public().specific():
            if isinstance(child, InvitationPage):
                found.setdefault("invitation", child)
            elif isinstance(child, MinutesPage):
                found.setdefault("minutes", child)
        return found

    def public_diff_fields(self):
        return [
            (str(_("Tid")), self.time_text()),
            (str(_("Sted")), ", ".join(p for p in [self.place_name, self.place_address] if p)),
            (str(_("Video")), self.video_url),
            (
                str(_("Status")),
                " – ".join(p for p in [self.get_status_display(), self.status_reason] if p),
            ),
            (str(_("Ingress")), html_to_text(self.intro)),
            (str(_("Saksliste")), self.public_agenda_text()),
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            agenda=self.agenda(),
            previous_meeting=self.previous_meeting(),
            next_meeting=self.next_meeting(),
            show_exempt=getattr(request, "is_preview", False),
            **self.documents(),
        )
        return context


class AgendaItem(ExemptMixin, Orderable):
    """One item on a meeting's agenda, numbered in the body's series (e.g. 27/14)."""

    page = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.PositiveIntegerField(
        _("saksnummer"),
        null=True,
        blank=True,
        help_text=_("Nummeret i organets saksrekke dette året, for eksempel 27 for sak 27/14."),
    )
    kind = models.CharField(
        _("type sak"),
        max_length=12,
        choices=AgendaItemKind.choices,
        default=AgendaItemKind.DECISION,
    )
    title = models.CharField(_("tittel"), max_length=255)
    case = models.ForeignKey(
        "meetings.CasePage",
        verbose_name=_("saksframlegg"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
        help_text=_("Valgfritt: saken som behandles."),
    )
    outcome = models.TextField(
        _("utfall"), blank=True, help_text=_("Fylles ut når møtet er holdt, for eksempel vedtaket.")
    )

    panels = [
        FieldRowPanel(["number", "kind"]),
        "title",
        "case",
        "outcome",
        MultiFieldPanel(ExemptMixin.exempt_panels, heading=_("Unntatt offentlighet")),
    ]
    api_fields = ["number", "kind", "title", "case", "outcome", "exempt", "exempt_basis"]

    class Meta(Orderable.Meta):
        verbose_name = _("sak på sakslisten")
        verbose_name_plural = _("saksliste")

    def __str__(self):
        return f"{self.number_label} {self.title}".strip()

    def clean(self):
        super().clean()
        if self.case_id and self.case.exempt and not self.exempt:
            raise ValidationError(
                {"exempt": _("Saken er unntatt offentlighet; merk også denne saken som unntatt.")}
            )

    @property
    def number_label(self):
        """«27/14»: the number and the two-digit year of the meeting."""
        if self.number is None:
            return ""
        meeting = self.page
        return f"{self.number}/{two_digit_year(meeting.date.year if meeting.date else None)}"

    def public_text(self):
        parts = [self.number_label, self.display_title(self.title)]
        if self.is_exempt_for_public:
            parts.append(f"({_('Unntatt offentlighet')}: {self.public_exempt_basis})")
        else:
            parts.append(f"– {self.get_kind_display()}")
            if self.outcome:
                parts.append(f"– {self.outcome}")
        return " ".join(str(p) for p in parts if p)

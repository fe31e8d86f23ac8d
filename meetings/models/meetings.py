"""Meetings of a body and their agendas."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.utils import formats, timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable, PageManager
from wagtail.search import index

from cms.lookups import PublicPageQuerySet, related_rows
from cms.models import LINK_FIELDS, DocumentPage, lazy_context
from cms.panels import document_tabs
from cms.text import html_to_text

from ..forms import ParentAwarePageForm
from .choices import MEETING_STATUS_STYLES, AgendaItemKind, MeetingStatus
from .invitations import InvitationPage
from .minutes import MinutesPage
from .mixins import (
    BodyChildMixin,
    CurrentRestrictionsMixin,
    ExemptRowMixin,
    two_digit_year,
)

OSLO = timezone.get_default_timezone()


class MeetingPageQuerySet(PublicPageQuerySet):
    def of_body(self, body):
        return self.filter(body_page_id=getattr(body, "pk", body))

    def upcoming(self):
        return self.filter(date__gte=timezone.localdate()).order_by("date", "start_time")

    def past(self):
        return self.filter(date__lt=timezone.localdate()).order_by("-date", "-start_time")


class MeetingPage(CurrentRestrictionsMixin, BodyChildMixin, DocumentPage):
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

    objects = PageManager.from_queryset(MeetingPageQuerySet)()

    base_form_class = ParentAwarePageForm
    defaulted_fields = ("title", "slug")
    url_segment = "moter"

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

    @classmethod
    def search_facets(cls, prefix):
        return {"body": models.F(f"{prefix}body_page_id"), "date": models.F(f"{prefix}date")}

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
    def status_modifier(self):
        return MEETING_STATUS_STYLES[self.status]

    @property
    def is_cancelled(self):
        return self.status == MeetingStatus.CANCELLED

    def default_title(self, body):
        date_text = self.date.strftime("%d.%m.%Y")
        return f"{body.title} {date_text}" if body is not None else date_text

    def has_default_title(self, body):
        """Whether the title is the default one («<organ> dd.mm.åååå»), for any date."""
        prefix = re.escape(f"{body.title} ") if body is not None else ""
        return re.fullmatch(prefix + r"\d{2}\.\d{2}\.\d{4}", self.title or "") is not None

    def fill_defaults(self, body):
        # The default title follows the date; a title the editor wrote stays.
        if self.date and (not self.title or self.has_default_title(body)):
            self.title = self.default_title(body)

    def default_slug(self):
        return self.date.isoformat() if self.date else None

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

    @classmethod
    def search_result_pages(cls, ids):
        """The meetings shown as search results, with what their excerpts read."""
        return cls.objects.filter(pk__in=ids).prefetch_related(
            Prefetch("agenda_items", AgendaItem.objects.select_related("case"))
        )

    def public_agenda_text(self):
        """The agenda as the public may see it (indexed for search; no exempt content)."""
        items = related_rows(self, "agenda_items", "case")
        return "\n".join(item.public_text() for item in items)

    def siblings_in_series(self):
        """The body's other live meetings, read for a link (title and URL) only."""
        return (
            MeetingPage.objects.live()
            .public()
            .filter(body_page_id=self.body_page_id)
            .exclude(pk=self.pk)
            .only(*LINK_FIELDS)
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

    def documents(self, *names):
        """The invitation and minutes of this meeting: {"invitation": page, "minutes": page};
        with `names`, only those (one query each)."""
        found = {}
        for name, model in (("invitation", InvitationPage), ("minutes", MinutesPage)):
            if names and name not in names:
                continue
            child = model.objects.child_of(self).live().public().order_by("path").first()
            if child is not None:
                child._cached_parent_obj = self
                found[name] = child
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
        documents = SimpleLazyObject(self.documents)
        context.update(
            lazy_context(
                previous_meeting=self.previous_meeting,
                next_meeting=self.next_meeting,
                invitation=lambda: documents.get("invitation"),
                minutes=lambda: documents.get("minutes"),
            ),
            agenda=self.agenda(),
            show_exempt=getattr(request, "is_preview", False),
        )
        return context


class AgendaItem(ExemptRowMixin, Orderable):
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
    title = models.CharField(
        _("tittel"), max_length=255, blank=True, help_text=_("Tom: sakens tittel.")
    )
    case = models.ForeignKey(
        "meetings.CasePage",
        verbose_name=_("saksframlegg"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
        help_text=_("Valgfritt: saken som behandles. Tittel og nummer hentes fra saken."),
    )
    outcome = models.TextField(
        _("utfall"), blank=True, help_text=_("Fylles ut når møtet er holdt, for eksempel vedtaket.")
    )

    panels = [
        FieldRowPanel(["number", "kind"]),
        "title",
        "case",
        "outcome",
        *ExemptRowMixin.exempt_panels,
    ]
    api_fields = ["number", "kind", "title", "case", "outcome", "exempt", "exempt_basis"]

    class Meta(Orderable.Meta):
        verbose_name = _("sak på sakslisten")
        verbose_name_plural = _("saksliste")
        constraints = [ExemptRowMixin.row_key_constraint("agendaitem")]

    def __str__(self):
        return f"{self.number_label} {self.title}".strip()

    def fill_from_case(self):
        """A blank title or number is taken from the chosen case."""
        if not self.case_id:
            return
        if not (self.title or "").strip():
            self.title = self.case.title
        if self.number is None:
            self.number = self.case.case_number

    def clean(self):
        self.fill_from_case()
        if not (self.title or "").strip():
            raise ValidationError({"title": _("Skriv en tittel, eller velg saken den gjelder.")})
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
            parts.append(self.exempt_label())
        else:
            parts.append(f"– {self.get_kind_display()}")
            if self.outcome:
                parts.append(f"– {self.outcome}")
        return " ".join(str(p) for p in parts if p)

"""Minutes of a meeting: attendance, the record per agenda item, follow-ups and approval."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from wagtail.admin.panels import (
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from cms.lookups import attach_parents, related_rows
from cms.models import DocumentPage, lazy_context
from cms.panels import document_tabs
from cms.text import html_to_text

from ..forms import MinutesPageForm
from .choices import (
    AgendaItemKind,
    ApprovalStatus,
    AttendanceKind,
    FollowUpStatus,
)
from .mixins import (
    CurrentRestrictionsMixin,
    ExemptRowMixin,
    FixedSlugMixin,
    ParentAwareMixin,
    parent_meeting_facets,
    two_digit_year,
)


class MinutesPage(CurrentRestrictionsMixin, FixedSlugMixin, ParentAwareMixin, DocumentPage):
    """The record of a meeting (referat/protokoll), a child of the meeting, at `referat/`."""

    approval_status = models.CharField(
        _("godkjenning"),
        max_length=10,
        choices=ApprovalStatus.choices,
        default=ApprovalStatus.DRAFT,
    )
    approved_at = models.DateField(_("godkjent dato"), null=True, blank=True)
    approved_by = models.CharField(
        _("godkjent av"),
        max_length=255,
        blank=True,
        help_text=_("For eksempel «Kompetanseforum i møtet 14.10.2014»."),
    )
    intro = RichTextField(_("ingress"), blank=True, features=["bold", "italic", "link"])

    fixed_slug = "referat"
    base_form_class = MinutesPageForm

    content_panels = [
        *DocumentPage.content_panels,
        "intro",
        MultiFieldPanel(
            ["approval_status", FieldRowPanel(["approved_at", "approved_by"])],
            heading=_("Godkjenning"),
        ),
    ]
    attendance_panels = [
        InlinePanel("attendance", heading=_("Deltakere"), label=_("Deltaker")),
    ]
    item_panels = [
        InlinePanel(
            "items",
            heading=_("Saker"),
            label=_("Sak"),
            help_text=_("Fylles ut fra møtets saksliste når referatet opprettes."),
        )
    ]
    follow_up_panels = [
        InlinePanel("follow_ups", heading=_("Oppfølging"), label=_("Oppfølgingspunkt"))
    ]
    edit_handler = document_tabs(
        DocumentPage,
        (_("Referat"), content_panels),
        (_("Deltakere"), attendance_panels),
        (_("Saker"), item_panels),
        (_("Oppfølging"), follow_up_panels),
    )
    search_fields = [
        *DocumentPage.search_fields,
        index.SearchField("intro"),
        index.SearchField("public_search_text"),
    ]
    api_fields = [
        "approval_status",
        "approved_at",
        "approved_by",
        "intro",
        "attendance",
        "items",
        "follow_ups",
        "tags",
        "language",
    ]
    parent_page_types = ["meetings.MeetingPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("referat")
        verbose_name_plural = _("referater")

    def clean(self):
        errors = {}
        if self.approval_status == ApprovalStatus.APPROVED:
            if not self.approved_at:
                errors["approved_at"] = _("Oppgi når referatet ble godkjent.")
            if not self.approved_by.strip():
                errors["approved_by"] = _("Oppgi hvem som godkjente referatet.")
        meeting = self.parent_for_validation()
        if (
            self.approved_at
            and meeting is not None
            and getattr(meeting, "date", None)
            and self.approved_at < meeting.date
        ):
            errors["approved_at"] = _("Referatet kan ikke godkjennes før møtet er holdt.")
        if errors:
            raise ValidationError(errors)
        super().clean()

    @classmethod
    def search_facets(cls, prefix):
        return parent_meeting_facets(cls)

    @property
    def meeting(self):
        return self.get_parent().specific

    @classmethod
    def search_result_pages(cls, ids):
        """The minutes shown as search results, with what their excerpts read
        (public_diff_fields): the rows and the meetings, in one query each."""
        pages = list(
            cls.objects.filter(pk__in=ids).prefetch_related(
                Prefetch("attendance", Attendance.objects.select_related("person")),
                Prefetch("items", MinutesItem.objects.select_related("case")),
                Prefetch("follow_ups", FollowUp.objects.select_related("responsible")),
            )
        )
        attach_parents(pages, apps.get_model("meetings", "MeetingPage"))
        return pages

    def attendance_by_kind(self):
        """[(label, [attendance, ...]), ...] in the order present, absent, substitutes, others."""
        groups = {kind: [] for kind in AttendanceKind.values}
        for row in related_rows(self, "attendance", "person"):
            groups[row.kind].append(row)
        return [(AttendanceKind(kind).label, rows) for kind, rows in groups.items() if rows]

    def public_search_text(self):
        return "\n".join(text for _label, text in self.public_diff_fields())

    def exempt_item_numbers(self):
        """Numbers of the items the public may not see (their follow-ups are hidden too)."""
        return {
            item.number
            # The linked case decides exemption: fetched with the items, not once per item.
            for item in related_rows(self, "items", "case")
            if item.number is not None and item.is_exempt_for_public
        }

    def public_follow_ups(self):
        """The follow-ups the public may see: none from an exempt item."""
        hidden = self.exempt_item_numbers()
        follow_ups = related_rows(self, "follow_ups", "responsible")
        return [f for f in follow_ups if f.item_number not in hidden]

    def public_diff_fields(self):
        attendance = "\n".join(
            f"{label}: " + ", ".join(row.as_text() for row in rows)
            for label, rows in self.attendance_by_kind()
        )
        meeting = self.parent_for_validation()
        year = meeting.date.year if getattr(meeting, "date", None) else None
        approval = self.get_approval_status_display()
        if self.approval_status == ApprovalStatus.APPROVED:
            date = self.approved_at.strftime("%d.%m.%Y") if self.approved_at else ""
            approval = " ".join(str(p) for p in [approval, date, self.approved_by] if p)
        return [
            (str(_("Ingress")), html_to_text(self.intro)),
            (str(_("Til stede og fravær")), attendance),
            (
                str(_("Saker")),
                "\n\n".join(item.public_text(year) for item in related_rows(self, "items", "case")),
            ),
            (str(_("Oppfølging")), "\n".join(f.as_text() for f in self.public_follow_ups())),
            (str(_("Godkjenning")), approval),
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        meeting = self.get_parent().specific
        preview = getattr(request, "is_preview", False)
        context.update(
            lazy_context(
                invitation=lambda: meeting.documents("invitation").get("invitation"),
                attendance_groups=self.attendance_by_kind,
                items=self.shown_items,
                follow_ups=(
                    (lambda: self.follow_ups.select_related("responsible"))
                    if preview
                    else self.public_follow_ups
                ),
            ),
            meeting=meeting,
            show_exempt=preview,
        )
        return context

    def shown_items(self):
        """The items, read once: they are shown and decide which follow-ups are public (unless
        they are in memory: a preview, or a version rebuilt from a revision)."""
        if "items" not in getattr(self, "_cluster_related_objects", {}):
            prefetch_related_objects(
                [self], Prefetch("items", MinutesItem.objects.select_related("case"))
            )
        return self.items.all()


def require_person_or_text(row, person_field, text_field, message):
    """A row names someone: a registered person, or a name typed in `text_field`; else
    `message` next to that field."""
    if not getattr(row, f"{person_field}_id") and not getattr(row, text_field).strip():
        raise ValidationError({text_field: message})


class Attendance(Orderable):
    """Someone at (or absent from) the meeting: a Person, or a free name with organisation."""

    page = ParentalKey(MinutesPage, on_delete=models.CASCADE, related_name="attendance")
    kind = models.CharField(
        _("deltakelse"),
        max_length=12,
        choices=AttendanceKind.choices,
        default=AttendanceKind.PRESENT,
    )
    person = models.ForeignKey(
        "meetings.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(
        _("navn"), max_length=255, blank=True, help_text=_("Bare når personen ikke er registrert.")
    )
    organisation = models.CharField(
        _("organisasjon"),
        max_length=255,
        blank=True,
        help_text=_("For eksempel «Kongsberg» eller «Fagforbundet». Tom: personens enhet."),
    )
    role = models.CharField(
        _("rolle"), max_length=100, blank=True, help_text=_("For eksempel «PL» (prosjektleder).")
    )

    panels = ["kind", FieldRowPanel(["person", "name"]), FieldRowPanel(["organisation", "role"])]
    api_fields = [
        "kind",
        APIField("person", serializer=serializers.StringRelatedField()),
        "name",
        "organisation",
        "role",
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("deltaker")
        verbose_name_plural = _("deltakere")

    def clean(self):
        super().clean()
        require_person_or_text(self, "person", "name", _("Velg en person eller skriv inn et navn."))

    @property
    def display_name(self):
        return self.person.name if self.person_id else self.name

    @property
    def display_organisation(self):
        if self.organisation:
            return self.organisation
        return self.person.unit if self.person_id else ""

    def as_text(self):
        details = "/".join(p for p in [self.display_organisation, self.role] if p)
        return f"{self.display_name} ({details})" if details else self.display_name


class MinutesItem(ExemptRowMixin, Orderable):
    """The record of one agenda item: minutes text, decision and vote."""

    page = ParentalKey(MinutesPage, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveIntegerField(_("saksnummer"), null=True, blank=True)
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
        related_name="+",
    )
    text = RichTextField(
        _("referat"), blank=True, features=["bold", "italic", "ol", "ul", "link", "document-link"]
    )
    decision = models.TextField(_("vedtak/konklusjon"), blank=True)
    unanimous = models.BooleanField(_("enstemmig"), default=False)
    votes_for = models.PositiveSmallIntegerField(_("stemmer for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("stemmer mot"), null=True, blank=True)
    votes_blank = models.PositiveSmallIntegerField(_("blanke stemmer"), null=True, blank=True)

    panels = [
        FieldRowPanel(["number", "kind"]),
        "title",
        "case",
        "text",
        "decision",
        MultiFieldPanel(
            ["unanimous", FieldRowPanel(["votes_for", "votes_against", "votes_blank"])],
            heading=_("Avstemning"),
        ),
        *ExemptRowMixin.exempt_panels,
    ]
    api_fields = [
        "number",
        "kind",
        "title",
        "case",
        "text",
        "decision",
        "unanimous",
        "votes_for",
        "votes_against",
        "votes_blank",
        "exempt",
        "exempt_basis",
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("sak i referatet")
        verbose_name_plural = _("saker i referatet")
        constraints = [ExemptRowMixin.row_key_constraint("minutesitem")]

    def clean(self):
        super().clean()
        counts = [self.votes_for, self.votes_against, self.votes_blank]
        if self.unanimous and any(c is not None for c in counts):
            raise ValidationError(
                {"unanimous": _("Et enstemmig vedtak har ikke stemmetall; fjern ett av dem.")}
            )

    def number_label(self, year):
        """«27/14» for the meeting's `year`."""
        return f"{self.number}/{two_digit_year(year)}" if self.number is not None else ""

    @property
    def has_vote(self):
        return self.unanimous or any(
            c is not None for c in [self.votes_for, self.votes_against, self.votes_blank]
        )

    def vote_text(self):
        if self.unanimous:
            return str(_("Enstemmig"))
        if not self.has_vote:
            return ""
        return str(_("For: %(for)s, mot: %(against)s, blanke: %(blank)s")) % {
            "for": self.votes_for or 0,
            "against": self.votes_against or 0,
            "blank": self.votes_blank or 0,
        }

    def public_text(self, year=None):
        head = " ".join(p for p in [self.number_label(year), self.display_title(self.title)] if p)
        if self.is_exempt_for_public:
            return f"{head} {self.exempt_label()}"
        parts = [head, html_to_text(self.text), self.decision, self.vote_text()]
        return "\n".join(p for p in parts if p)


class FollowUpQuerySet(models.QuerySet):
    def public(self):
        """Leaves out follow-ups from an item exempt for the public."""
        exempt_item = MinutesItem.objects.exempt_for_public().filter(
            page_id=OuterRef("page_id"), number=OuterRef("item_number")
        )
        return self.exclude(Exists(exempt_item))

    def open_in(self, body):
        """Open follow-ups of the public minutes below `body`, none from an exempt item."""
        public_minutes = MinutesPage.objects.live().public().descendant_of(body)
        return (
            self.public()
            .filter(page__in=public_minutes.values("pk"), status=FollowUpStatus.OPEN)
            .select_related("page", "responsible")
            .order_by("deadline", "pk")
        )


class FollowUp(Orderable):
    """A follow-up action: what, who, deadline and status."""

    page = ParentalKey(MinutesPage, on_delete=models.CASCADE, related_name="follow_ups")
    item_number = models.PositiveIntegerField(
        _("fra sak nr."), null=True, blank=True, help_text=_("For eksempel 33 for sak 33/14.")
    )
    action = models.TextField(_("hva"))
    responsible = models.ForeignKey(
        "meetings.Person",
        verbose_name=_("ansvarlig"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responsible_text = models.CharField(
        _("ansvarlig (tekst)"),
        max_length=255,
        blank=True,
        help_text=_("For eksempel «PL» eller «Kommunene», når ansvarlig ikke er én person."),
    )
    deadline = models.DateField(_("frist"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )

    objects = FollowUpQuerySet.as_manager()

    panels = [
        "item_number",
        "action",
        FieldRowPanel(["responsible", "responsible_text"]),
        FieldRowPanel(["deadline", "status"]),
    ]
    api_fields = [
        "item_number",
        "action",
        APIField("responsible", serializer=serializers.StringRelatedField()),
        "responsible_text",
        "deadline",
        "status",
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("oppfølgingspunkt")
        verbose_name_plural = _("oppfølging")

    def clean(self):
        super().clean()
        require_person_or_text(
            self,
            "responsible",
            "responsible_text",
            _("Velg en ansvarlig person eller skriv hvem som er ansvarlig."),
        )

    @property
    def responsible_display(self):
        names = [self.responsible.name if self.responsible_id else "", self.responsible_text]
        return " / ".join(n for n in names if n)

    def as_text(self):
        deadline = self.deadline.strftime("%d.%m.%Y") if self.deadline else ""
        return " – ".join(
            str(p)
            for p in [self.action, self.responsible_display, deadline, self.get_status_display()]
            if p
        )

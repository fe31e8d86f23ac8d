"""Committee cases (saksframlegg): number, case flow, proposal, assessment and attachments."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Max, Prefetch, prefetch_related_objects
from django.utils import timezone
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
from wagtail.contrib.redirects.models import Redirect
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from cms.indexing import after_commit, index_after_commit
from cms.lookups import PublicPageQuerySet, related_rows, restricted_paths
from cms.models import (
    LINK_FIELDS,
    PROPOSAL_HEADINGS,
    ChiefExecutiveTitle,
    DocumentPage,
    lazy_context,
)
from cms.panels import document_tabs
from cms.text import html_to_text

from ..forms import CasePageForm
from .choices import CaseStatus
from .meetings import AgendaItem
from .mixins import (
    EXEMPT_LABEL,
    BodyChildMixin,
    CurrentRestrictionsMixin,
    ExemptMixin,
    ExemptRowMixin,
    two_digit_year,
)

ARCHIVE_REFERENCE_RE = re.compile(r"^\d{4}/\d{1,6}$")
CASE_EXEMPT_HELP = _(
    "Publikum ser bare tittelen, saksnummeret, saksgangen og hjemmelen. Tittelen må da "
    "være en offentlig tittel uten opplysninger som er unntatt."
)
RICH_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class CasePageQuerySet(PublicPageQuerySet):
    def of_body(self, body):
        return self.filter(body_page_id=getattr(body, "pk", body))


class CasePage(CurrentRestrictionsMixin, BodyChildMixin, ExemptMixin, DocumentPage):
    """A case in a body's series, /politikk/<organ>/saker/<år>-<nr>/."""

    body_page = models.ForeignKey(
        "meetings.BodyPage",
        verbose_name=_("organ"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="case_pages",
    )
    case_year = models.PositiveSmallIntegerField(
        _("saksår"),
        null=True,
        blank=True,
        help_text=_("Året i saksnummeret, for eksempel 2019. Tom: inneværende år."),
    )
    case_number = models.PositiveIntegerField(
        _("saksnummer"),
        null=True,
        blank=True,
        help_text=_("Nummeret i organets saksrekke, for eksempel 27. Tom: neste ledige nummer."),
    )
    archive_reference = models.CharField(
        _("arkivreferanse"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(
                ARCHIVE_REFERENCE_RE,
                _("Arkivreferansen må ha formen ÅÅÅÅ/NNNN, for eksempel 2019/5699."),
            )
        ],
        help_text=_("Formen ÅÅÅÅ/NNNN, for eksempel 2019/5699."),
    )
    case_officer = models.ForeignKey(
        "meetings.Person",
        verbose_name=_("saksbehandler"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rapporteur = models.ForeignKey(
        "meetings.Person",
        verbose_name=_("saksordfører"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Tom: ingen saksordfører."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.PREPARATION
    )
    chief_executive_title = models.CharField(
        _("forslaget er fra"),
        max_length=20,
        choices=ChiefExecutiveTitle.choices,
        default=ChiefExecutiveTitle.RADMANN,
        help_text=_("Overskriften på forslaget til innstilling. Nye saker: som i innstillingene."),
    )
    background = RichTextField(_("hjemmel/bakgrunn for saken"), blank=True, features=RICH_FEATURES)
    facts = RichTextField(_("saksopplysninger"), blank=True, features=RICH_FEATURES)
    assessment = RichTextField(_("vurdering"), blank=True, features=RICH_FEATURES)
    decision = RichTextField(
        _("vedtak"),
        blank=True,
        features=RICH_FEATURES,
        help_text=_("Vedtaket når saken er avgjort."),
    )

    objects = PageManager.from_queryset(CasePageQuerySet)()

    base_form_class = CasePageForm
    defaulted_fields = ("slug",)
    url_segment = "saker"
    # A copy must get its own number.
    exclude_fields_in_copy = [*DocumentPage.exclude_fields_in_copy, "case_number"]

    content_panels = [
        *DocumentPage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel(["case_number", "case_year"]),
                "archive_reference",
                FieldRowPanel(["case_officer", "rapporteur"]),
                "status",
            ],
            heading=_("Saksdata"),
        ),
        MultiFieldPanel(
            [FieldPanel("exempt", help_text=CASE_EXEMPT_HELP), "exempt_basis"],
            heading=_("Offentlighet"),
        ),
    ]
    flow_panels = [InlinePanel("flow_steps", heading=_("Saksgang"), label=_("Behandling"))]
    proposal_panels = [
        "chief_executive_title",
        InlinePanel(
            "proposal_points",
            heading=_("Forslag til innstilling"),
            label=_("Punkt"),
        ),
    ]
    document_panels = ["background", "facts", "assessment", "decision"]
    attachment_panels = [
        InlinePanel("attachments", heading=_("Vedlegg"), label=_("Vedlegg")),
        InlinePanel(
            "references",
            heading=_("Andre saksdokumenter (ikke vedlagt)"),
            label=_("Saksdokument"),
        ),
    ]
    edit_handler = document_tabs(
        DocumentPage,
        (_("Sak"), content_panels),
        (_("Saksgang"), flow_panels),
        (_("Innstilling"), proposal_panels),
        (_("Saksframlegg"), document_panels),
        (_("Vedlegg"), attachment_panels),
    )
    search_fields = [
        *DocumentPage.search_fields,
        index.SearchField("public_search_text"),
        index.FilterField("case_year"),
        index.FilterField("status"),
        index.FilterField("body_page_id"),
    ]
    api_fields = [
        "case_year",
        "case_number",
        "archive_reference",
        APIField("case_officer", serializer=serializers.StringRelatedField()),
        APIField("rapporteur", serializer=serializers.StringRelatedField()),
        "status",
        "exempt",
        "exempt_basis",
        "flow_steps",
        "proposal_points",
        "background",
        "facts",
        "assessment",
        "decision",
        "attachments",
        "references",
        "tags",
        "language",
    ]
    parent_page_types = ["meetings.BodyPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("sak")
        verbose_name_plural = _("saker")
        constraints = [
            models.UniqueConstraint(
                fields=["body_page", "case_year", "case_number"],
                name="meetings_case_number_unique_per_body_and_year",
                violation_error_message=_("Saksnummeret er allerede brukt i dette organet."),
            )
        ]

    @classmethod
    def search_result_pages(cls, ids):
        """The cases shown as search results, with what their excerpts read
        (public_diff_fields, public_attachments)."""
        return (
            cls.objects.filter(pk__in=ids)
            .select_related("case_officer", "rapporteur")
            .prefetch_related(
                Prefetch("flow_steps", CaseFlowStep.objects.select_related("body", "meeting")),
                "proposal_points",
                Prefetch(
                    "attachments",
                    CaseAttachment.objects.select_related("document__extracted_text"),
                ),
                "references",
            )
        )

    @classmethod
    def search_facets(cls, prefix):
        """Body and the case's own year (its number's year, not its first publication)."""
        return {
            "body": models.F(f"{prefix}body_page_id"),
            "year": models.F(f"{prefix}case_year"),
        }

    def search_reference(self):
        return self.number_label

    def public_attachments(self):
        return [
            (attachment.full_title, attachment.document)
            for attachment in self.attachments.all()
            if not attachment.is_exempt_for_public
        ]

    @property
    def proposal_heading(self):
        """«Rådmannens forslag til innstilling» or «Kommunedirektørens …»."""
        return PROPOSAL_HEADINGS.get(
            self.chief_executive_title, PROPOSAL_HEADINGS[ChiefExecutiveTitle.RADMANN]
        )

    @property
    def number_label(self):
        """«27/19»."""
        if self.case_number is None:
            return ""
        return f"{self.case_number}/{two_digit_year(self.case_year)}"

    @classmethod
    def next_free_number(cls, body_page_id, year):
        highest = cls.objects.filter(body_page_id=body_page_id, case_year=year).aggregate(
            highest=Max("case_number")
        )["highest"]
        return (highest or 0) + 1

    def fill_defaults(self, body):
        if self.case_year is None:
            self.case_year = timezone.localdate().year

    def default_slug(self):
        if self.case_number is None:
            return None
        return f"{self.case_year}-{self.case_number}"

    def save(self, *args, **kwargs):
        """Saves the case; a case without a number gets the body's next one, once.

        The number is taken inside the transaction that stores it, with the body's row locked
        (PostgreSQL; on SQLite the IMMEDIATE transaction holds the write lock), so cases
        created at the same moment get consecutive numbers. Later saves (autosave, drafts,
        publishing) keep it: the edit form shows it read-only (meetings.forms.CasePageForm).
        The pages linking the case are indexed again after the commit, since its exemption
        and title show there; an exempt case keeps no redirects from old addresses.
        """
        if self.case_number is not None:
            result = super().save(*args, **kwargs)
        else:
            with transaction.atomic():
                self.apply_defaults()
                if self.body_page_id is not None:
                    # Lock the body's page row: concurrent numbering in one body waits here.
                    list(
                        Page.objects.select_for_update()
                        .filter(pk=self.body_page_id)
                        .values_list("pk", flat=True)
                    )
                    self.case_number = self.next_free_number(self.body_page_id, self.case_year)
                    self.apply_defaults()
                result = super().save(*args, **kwargs)
        if kwargs.get("update_fields") is None and self.pk:
            for page in self.linking_pages():
                index_after_commit(page)
            if self.exempt:
                pk = self.pk
                after_commit(lambda: Redirect.objects.filter(redirect_page_id=pk).delete())
        return result

    def clean(self):
        errors = {}
        if self.case_year is not None and not 1900 <= self.case_year <= 2200:
            errors["case_year"] = _("Saksåret må skrives med fire sifre, for eksempel 2019.")
        if self.case_number is not None and self.case_number < 1:
            errors["case_number"] = _("Saksnummeret må være minst 1.")
        elif self.body_page_id and self.case_number is not None and "case_year" not in errors:
            taken = (
                CasePage.objects.filter(
                    body_page_id=self.body_page_id,
                    case_year=self.case_year,
                    case_number=self.case_number,
                )
                .exclude(pk=self.pk)
                .exists()
            )
            if taken:
                errors["case_number"] = _(
                    "Saksnummer %(number)s er allerede brukt av en annen sak i dette organet. "
                    "Neste ledige nummer er %(next)s; la feltet stå tomt for å bruke det."
                ) % {
                    "number": self.number_label,
                    "next": self.next_free_number(self.body_page_id, self.case_year),
                }
        errors.update(self.exempt_errors())
        if errors:
            raise ValidationError(errors)
        super().clean()

    def flow(self):
        return self.flow_steps.select_related("body", "meeting")

    def shown_flow(self):
        """The case flow as the page shows it: of the linked body and meeting, only what a
        link needs (title, URL, date), not their full rows."""
        return self.flow().only(
            "sort_order",
            "page_id",
            "body_id",
            "meeting_id",
            "case_number",
            "decision",
            *(f"{relation}__{name}" for relation in ("body", "meeting") for name in LINK_FIELDS),
            "meeting__date",
        )

    def linking_pages(self):
        """The pages whose public text shows this case: agendas, minutes and plans linking it.

        Their search text follows the case's exemption, so they are indexed again with it.
        """
        from wagtail.models import Page

        from .minutes import MinutesItem

        page_ids = set(AgendaItem.objects.filter(case=self.pk).values_list("page_id", flat=True))
        page_ids |= set(MinutesItem.objects.filter(case=self.pk).values_list("page_id", flat=True))
        page_ids |= set(self.adopted_plan_steps.values_list("page_id", flat=True))
        return Page.objects.filter(pk__in=page_ids).specific()

    def meetings_handled_in(self):
        """Every live meeting whose public agenda lists this case, in date order."""
        # The meeting live and outside private sections, as `MeetingPage.objects.live()
        # .public()` but joined, not as a subquery.
        items = AgendaItem.objects.public().filter(case_id=self.pk, page__live=True)
        for path in restricted_paths():
            items = items.exclude(page__path__startswith=path)
        items = (
            items.select_related("page")
            .only(
                *(field.name for field in AgendaItem._meta.concrete_fields),
                *(f"page__{name}" for name in LINK_FIELDS),
                "page__date",
                "page__start_time",
            )
            .order_by("page__date", "page__start_time")
        )
        seen, meetings = set(), []
        for item in items:
            if item.page_id not in seen:
                seen.add(item.page_id)
                meetings.append((item.page, item))
        return meetings

    def public_search_text(self):
        """What search may index: nothing but the number and legal basis of an exempt case."""
        if self.is_exempt_for_public:
            return f"{self.number_label} {self.public_exempt_basis}"
        return "\n".join(text for _label, text in self.public_diff_fields())

    def public_diff_fields(self):
        number = (str(_("Saksnummer")), self.number_label)
        steps = related_rows(self, "flow_steps", "body", "meeting")
        flow = (str(_("Saksgang")), "\n".join(s.public_text(self) for s in steps))
        if self.is_exempt_for_public:
            # The public sees the public title, number, flow and legal basis only.
            return [number, flow, (str(EXEMPT_LABEL), self.public_exempt_basis)]
        fields = [
            number,
            (str(_("Arkivreferanse")), self.archive_reference),
            (str(_("Saksbehandler")), self.case_officer.as_text() if self.case_officer else ""),
            (str(_("Saksordfører")), self.rapporteur.as_text() if self.rapporteur else ""),
            (str(_("Status")), self.get_status_display()),
            flow,
        ]
        proposal = "\n".join(
            f"{n}. {point.text}" for n, point in enumerate(self.proposal_points.all(), start=1)
        )
        attachments = "\n".join(
            f"{n}. {a.public_text()}" for n, a in enumerate(self.attachments.all(), start=1)
        )
        references = "\n".join(r.as_text() for r in self.references.all())
        return [
            *fields,
            (str(self.proposal_heading), proposal),
            (str(_("Hjemmel/bakgrunn for saken")), html_to_text(self.background)),
            (str(_("Saksopplysninger")), html_to_text(self.facts)),
            (str(_("Vurdering")), html_to_text(self.assessment)),
            (str(_("Vedtak")), html_to_text(self.decision)),
            (str(_("Vedlegg")), attachments),
            (str(_("Andre saksdokumenter (ikke vedlagt)")), references),
        ]

    def shown_proposal_points(self):
        """The proposal's points, read once: the page shows them and compares them with the
        decision (`{% proposal_diff %}`)."""
        prefetch_related_objects([self], "proposal_points")
        return self.proposal_points.all()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            lazy_context(
                proposal_points=self.shown_proposal_points,
                flow=self.shown_flow,
                attachments=lambda: list(self.attachments.select_related("document")),
                meetings_handled_in=self.meetings_handled_in,
            ),
            show_exempt=getattr(request, "is_preview", False),
        )
        return context


class CaseFlowStep(Orderable):
    """One step of the case flow (saksgang); a step without a meeting is planned."""

    page = ParentalKey(CasePage, on_delete=models.CASCADE, related_name="flow_steps")
    body = models.ForeignKey(
        "meetings.BodyPage",
        verbose_name=_("organ"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    meeting = models.ForeignKey(
        "meetings.MeetingPage",
        verbose_name=_("møte"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Tom: behandlingen er planlagt, men ikke lagt til et møte."),
    )
    case_number = models.PositiveIntegerField(
        _("saksnummer der"),
        null=True,
        blank=True,
        help_text=_("Saksnummeret i dette organet, for eksempel 27 for 27/19."),
    )
    decision = models.TextField(_("vedtak der"), blank=True)

    panels = ["body", "meeting", "case_number", "decision"]
    api_fields = ["body", "meeting", "case_number", "decision"]

    class Meta(Orderable.Meta):
        verbose_name = _("behandling")
        verbose_name_plural = _("saksgang")

    def clean(self):
        super().clean()
        if self.meeting_id and self.body_id and self.meeting.body_page_id != self.body_id:
            raise ValidationError({"meeting": _("Møtet hører ikke til det valgte organet.")})

    @property
    def number_label(self):
        if self.case_number is None:
            return ""
        year = self.meeting.date.year if self.meeting_id else self.page.case_year
        return f"{self.case_number}/{two_digit_year(year)}"

    def public_text(self, case=None):
        parts = [self.body.title]
        parts.append(
            self.meeting.date.strftime("%d.%m.%Y") if self.meeting_id else str(_("Planlagt"))
        )
        parts.append(self.number_label)
        if self.decision and not (case is not None and case.is_exempt_for_public):
            parts.append(self.decision)
        return " – ".join(p for p in parts if p)


class CaseProposalPoint(Orderable):
    page = ParentalKey(CasePage, on_delete=models.CASCADE, related_name="proposal_points")
    text = models.TextField(_("punkt"))

    panels = ["text"]
    api_fields = ["text"]

    class Meta(Orderable.Meta):
        verbose_name = _("punkt i innstillingen")
        verbose_name_plural = _("forslag til innstilling")


class CaseAttachment(ExemptRowMixin, Orderable):
    """A numbered attachment (vedlegg): a Wagtail document, exempt itself or with its case."""

    exempt_case_field = "page"

    page = ParentalKey(CasePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("dokument"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("tittel"), max_length=255, blank=True, help_text=_("Tom: dokumentets tittel.")
    )
    document_date = models.DateField(
        _("dokumentdato"), null=True, blank=True, help_text=_("Datoen på dokumentet.")
    )

    panels = [
        FieldPanel("document"),
        "title",
        "document_date",
        *ExemptRowMixin.exempt_panels,
    ]
    api_fields = ["document", "title", "document_date", "exempt", "exempt_basis"]

    class Meta(Orderable.Meta):
        verbose_name = _("vedlegg")
        verbose_name_plural = _("vedlegg")
        constraints = [ExemptRowMixin.row_key_constraint("caseattachment")]

    @property
    def full_title(self):
        return self.title or self.document.title

    def file_type(self):
        return self.document.file_extension.upper()

    def public_text(self):
        if self.is_exempt_for_public:
            return f"{self.public_exempt_title} {self.exempt_label()}"
        date = f" {self.document_date.strftime('%d.%m.%y')}" if self.document_date else ""
        return f"{self.full_title}{date} ({self.file_type()})"


class CaseReference(Orderable):
    """A document referred to in the case but not attached."""

    page = ParentalKey(CasePage, on_delete=models.CASCADE, related_name="references")
    title = models.CharField(_("tittel"), max_length=255)
    reference = models.CharField(
        _("referanse"), max_length=255, blank=True, help_text=_("For eksempel arkivreferanse.")
    )
    url = models.URLField(_("lenke"), blank=True)

    panels = ["title", "reference", "url"]
    api_fields = ["title", "reference", "url"]

    class Meta(Orderable.Meta):
        verbose_name = _("saksdokument som ikke er vedlagt")
        verbose_name_plural = _("andre saksdokumenter")

    def as_text(self):
        return " – ".join(p for p in [self.title, self.reference, self.url] if p)

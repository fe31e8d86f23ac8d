"""A plan page with its adoption steps, authors, related plans and attachments."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from wagtail.admin.panels import FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from cms.lookups import related_rows
from cms.models import LINK_FIELDS, DocumentPage
from cms.panels import document_tabs
from cms.text import html_to_text

from ..blocks import PlanBodyBlock, block_text
from .choices import STATUS_STYLES, PlanStatus, PlanType

YEAR_VALIDATORS = [MinValueValidator(1900), MaxValueValidator(2100)]


class PlanPage(DocumentPage):
    """A plan: its type, owner, period, status, adoption, authors and structured content."""

    plan_type = models.CharField(_("plantype"), max_length=32, choices=PlanType.choices)
    owning_unit = models.CharField(
        _("ansvarlig enhet"),
        max_length=255,
        help_text=_("Enheten som eier planen, for eksempel «Kvalitet- og utviklingskontoret»."),
    )
    period_from = models.PositiveSmallIntegerField(_("gjelder fra år"), validators=YEAR_VALIDATORS)
    period_to = models.PositiveSmallIntegerField(
        _("gjelder til år"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("Tomt når planen ikke har et sluttår."),
    )
    document_date = models.DateField(
        _("datert"), null=True, blank=True, help_text=_("Datoen som står på plandokumentet.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    hearing_deadline = models.DateField(
        _("høringsfrist"), null=True, blank=True, help_text=_("Påkrevd når planen er på høring.")
    )
    replaced_by = models.ForeignKey(
        "plans.PlanPage",
        verbose_name=_("erstattet av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
        help_text=_("Påkrevd når planen er erstattet."),
    )
    parent_plan = models.ForeignKey(
        "plans.PlanPage",
        verbose_name=_("overordnet plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="child_plans",
        help_text=_("For eksempel kommunedelplanen en avdelingsplan bygger på."),
    )
    summary = RichTextField(
        _("sammendrag"), blank=True, features=["bold", "italic", "link", "ul", "ol"]
    )
    full_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("hele plandokumentet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    full_document_url = models.URLField(
        _("adresse til hele plandokumentet"),
        blank=True,
        help_text=_("Brukes når plandokumentet ligger på et annet nettsted."),
    )
    full_document_text = models.CharField(
        _("lenketekst til hele plandokumentet"),
        max_length=255,
        blank=True,
        help_text=_("Tom: «Les hele planen»."),
    )
    body = StreamField(PlanBodyBlock(), blank=True, verbose_name=_("innhold"))

    content_panels = [
        *DocumentPage.content_panels,
        MultiFieldPanel(
            [
                "plan_type",
                "owning_unit",
                FieldRowPanel(["period_from", "period_to"]),
                "document_date",
                "parent_plan",
            ],
            heading=_("Om planen"),
        ),
        MultiFieldPanel(["status", "hearing_deadline", "replaced_by"], heading=_("Status")),
        InlinePanel("adoption_steps", heading=_("Vedtak"), label=_("Vedtak")),
        InlinePanel("authors", heading=_("Utarbeidet av"), label=_("Forfatter")),
        "summary",
        MultiFieldPanel(
            ["full_document", "full_document_url", "full_document_text"],
            heading=_("Hele plandokumentet"),
        ),
        "body",
        InlinePanel("related_plans", heading=_("Relaterte planer"), label=_("Relatert plan")),
        InlinePanel("attachments", heading=_("Vedlegg"), label=_("Vedlegg")),
    ]
    edit_handler = document_tabs(DocumentPage, (_("Plan"), content_panels))
    search_fields = [
        *DocumentPage.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("owning_unit"),
        index.FilterField("status"),
        index.FilterField("plan_type"),
    ]
    api_fields = [
        "plan_type",
        "owning_unit",
        "period_from",
        "period_to",
        "document_date",
        "status",
        "hearing_deadline",
        "replaced_by",
        "parent_plan",
        "adoption_steps",
        "authors",
        "summary",
        "full_document",
        "full_document_url",
        "full_document_text",
        "body",
        "related_plans",
        "attachments",
        "tags",
        "language",
    ]
    parent_page_types = ["plans.PlanIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("planer")

    def __str__(self):
        return self.title

    @classmethod
    def search_facets(cls, prefix):
        return {"date": models.F(f"{prefix}document_date")}

    @classmethod
    def search_result_pages(cls, ids):
        """The plans shown as search results, with what their excerpts read
        (public_diff_fields, public_attachments)."""
        return (
            cls.objects.filter(pk__in=ids)
            .select_related("full_document__extracted_text", "parent_plan", "replaced_by")
            .prefetch_related(
                Prefetch("adoption_steps", PlanAdoptionStep.objects.select_related("body", "case")),
                Prefetch("authors", PlanAuthor.objects.select_related("person")),
                Prefetch("related_plans", RelatedPlan.objects.select_related("plan")),
                Prefetch(
                    "attachments",
                    PlanAttachment.objects.select_related("document__extracted_text"),
                ),
                "tags",
            )
        )

    def public_attachments(self):
        attachments = [
            (attachment.display_title, attachment.document)
            for attachment in related_rows(self, "attachments", "document")
        ]
        if self.full_document_id:
            attachments.insert(0, (self.full_document.title, self.full_document))
        return attachments

    @property
    def period_label(self):
        if self.period_to is None:
            return _("fra %(year)s") % {"year": self.period_from}
        if self.period_to == self.period_from:
            return str(self.period_from)
        return f"{self.period_from}–{self.period_to}"

    @property
    def summary_text(self):
        """The summary as plain text, paragraphs separated by blank lines."""
        return html_to_text(self.summary)

    @property
    def status_modifier(self):
        return STATUS_STYLES[self.status][0]

    @property
    def status_colour(self):
        return STATUS_STYLES[self.status][1]

    @property
    def full_document_href(self):
        if self.full_document_id:
            return self.full_document.url
        return self.full_document_url

    def covers_year(self, year):
        return self.period_from <= year and (self.period_to is None or year <= self.period_to)

    def plan_ancestor_ids(self):
        """Primary keys above this plan through `parent_plan`, nearest first (stops at a loop)."""
        seen = []
        current = self.parent_plan_id
        while current is not None and current not in seen:
            seen.append(current)
            current = (
                PlanPage.objects.filter(pk=current).values_list("parent_plan_id", flat=True).first()
            )
        return seen

    def clean(self):
        super().clean()
        errors = {}
        if self.period_from and self.period_to and self.period_to < self.period_from:
            errors["period_to"] = _(
                "Planperioden kan ikke slutte (%(to)s) før den begynner (%(from)s)."
            ) % {"to": self.period_to, "from": self.period_from}
        if self.status == PlanStatus.HEARING and not self.hearing_deadline:
            errors["hearing_deadline"] = _("En plan som er på høring, må ha en høringsfrist.")
        if self.status == PlanStatus.REPLACED and not self.replaced_by_id:
            errors["replaced_by"] = _("Velg planen som erstatter denne planen.")
        elif self.replaced_by_id and self.pk and self.replaced_by_id == self.pk:
            errors["replaced_by"] = _("En plan kan ikke erstatte seg selv.")
        if self.parent_plan_id and self.pk:
            if self.parent_plan_id == self.pk:
                errors["parent_plan"] = _("En plan kan ikke være overordnet plan for seg selv.")
            elif self.pk in self.plan_ancestor_ids():
                errors["parent_plan"] = _(
                    "Den valgte planen ligger under denne planen. En plan kan ikke være "
                    "overordnet en plan den selv er underordnet."
                )
        if self.full_document_text and not (self.full_document_id or self.full_document_url):
            errors["full_document_url"] = _(
                "Velg et dokument eller oppgi en adresse til lenketeksten."
            )
        if errors:
            raise ValidationError(errors)

    def public_diff_fields(self):
        """The public fields as (label, plain text) pairs, for the public version diff."""

        def label(field_name):
            return str(self._meta.get_field(field_name).verbose_name).capitalize()

        def format_date(value):
            return date_format(value, "d.m.Y") if value else ""

        status = str(self.get_status_display())
        if self.status == PlanStatus.HEARING and self.hearing_deadline:
            status += f" ({_('høringsfrist')} {format_date(self.hearing_deadline)})"
        if self.status == PlanStatus.REPLACED and self.replaced_by_id:
            status += f" ({_('erstattet av')} {self.replaced_by.title})"
        fields = [
            (_("Tittel"), self.title),
            (label("plan_type"), str(self.get_plan_type_display())),
            (label("owning_unit"), self.owning_unit),
            (_("Planperiode"), str(self.period_label)),
            (label("document_date"), format_date(self.document_date)),
            (label("status"), status),
            (
                _("Vedtak"),
                "\n".join(
                    str(step) for step in related_rows(self, "adoption_steps", "body", "case")
                ),
            ),
            (label("summary"), self.summary_text),
            (
                label("full_document"),
                " – ".join(
                    filter(
                        None,
                        [
                            self.full_document_text,
                            self.full_document.title if self.full_document_id else "",
                            self.full_document_url,
                        ],
                    )
                ),
            ),
            (label("body"), block_text(self.body.stream_block, self.body)),
            (label("parent_plan"), self.parent_plan.title if self.parent_plan_id else ""),
            (
                _("Utarbeidet av"),
                "\n".join(str(author) for author in related_rows(self, "authors", "person")),
            ),
            (
                _("Relaterte planer"),
                "\n".join(str(related) for related in related_rows(self, "related_plans", "plan")),
            ),
            (_("Vedlegg"), "\n".join(str(attachment) for attachment in self.attachments.all())),
            (_("Emneknagger"), ", ".join(sorted(tag.name for tag in self.tags.all()))),
        ]
        return [(str(name), text) for name, text in fields]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The plans, bodies and cases linked from the page: only what their links show.
        plans = (
            PlanPage.objects.live()
            .public()
            .only(*LINK_FIELDS, "plan_type", "period_from", "period_to")
            .order_by("title")
        )
        context["adoption_steps"] = self.adoption_steps.select_related("body", "case").only(
            *(field.name for field in PlanAdoptionStep._meta.concrete_fields),
            *(f"{relation}__{name}" for relation in ("body", "case") for name in LINK_FIELDS),
            "body__live",
            "case__live",
            "case__case_number",
            "case__case_year",
        )
        context["authors"] = self.authors.select_related("person")
        context["related_plans"] = self.related_plans.select_related("plan").only(
            *(field.name for field in RelatedPlan._meta.concrete_fields),
            *(f"plan__{name}" for name in LINK_FIELDS),
            "plan__search_description",
        )
        context["referenced_by"] = plans.filter(related_plans__plan=self).distinct()
        context["child_plans"] = plans.filter(parent_plan=self)
        context["replaces"] = plans.filter(replaced_by=self)
        context["attachments"] = self.attachments.select_related("document")
        return context


class PlanAdoptionStep(Orderable):
    """One body's decision on the plan: which body, when, and in which case."""

    page = ParentalKey(PlanPage, on_delete=models.CASCADE, related_name="adoption_steps")
    body = models.ForeignKey(
        "meetings.BodyPage",
        verbose_name=_("organ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adopted_plan_steps",
    )
    body_name = models.CharField(
        _("organ (fritekst)"),
        max_length=255,
        blank=True,
        help_text=_("For organer som ikke har egen side her, for eksempel i en annen kommune."),
    )
    date = models.DateField(_("dato"))
    case = models.ForeignKey(
        "meetings.CasePage",
        verbose_name=_("sak"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adopted_plan_steps",
        help_text=_("Saken der vedtaket ble gjort. Saken viser da planen."),
    )

    panels = ["body", "body_name", "date", "case"]
    api_fields = ["body", "body_name", "date", "case"]

    class Meta(Orderable.Meta):
        verbose_name = _("vedtak")
        verbose_name_plural = _("vedtak")

    def __str__(self):
        text = f"{self.body_label} {date_format(self.date, 'd.m.Y')}"
        if self.case_id:
            text += f", {_('sak')} {self.case.number_label}"
        return text

    @property
    def body_label(self):
        if self.body_name:
            return self.body_name
        return self.body.title if self.body_id else ""

    def clean(self):
        super().clean()
        if not self.body_id and not self.body_name:
            raise ValidationError(
                {"body": _("Velg organet som vedtok planen, eller skriv navnet i fritekstfeltet.")}
            )


class PlanAuthor(Orderable):
    """A person who wrote the plan, with an optional role (e.g. «prosessleder»)."""

    page = ParentalKey(PlanPage, on_delete=models.CASCADE, related_name="authors")
    person = models.ForeignKey(
        "meetings.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(
        _("rolle"),
        max_length=255,
        blank=True,
        help_text=_("For eksempel «prosessleder» eller organisasjonen personen representerer."),
    )

    panels = ["person", "role"]
    api_fields = [APIField("person", serializer=serializers.StringRelatedField()), "role"]

    class Meta(Orderable.Meta):
        verbose_name = _("forfatter")
        verbose_name_plural = _("forfattere")

    def __str__(self):
        return f"{self.person}, {self.role}" if self.role else str(self.person)


class RelatedPlan(Orderable):
    """A plan this plan builds on or refers to: a plan page here, or a plan elsewhere."""

    page = ParentalKey(PlanPage, on_delete=models.CASCADE, related_name="related_plans")
    plan = models.ForeignKey(
        PlanPage,
        verbose_name=_("plan på dette nettstedet"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("tittel"), max_length=255, blank=True, help_text=_("Tom: tittelen til planen over.")
    )
    description = models.CharField(
        _("beskrivelse"),
        max_length=500,
        blank=True,
        help_text=_("For eksempel «Kommunedelplan for ... 2018–2030»."),
    )
    url = models.URLField(_("lenke"), blank=True, help_text=_("For planer på andre nettsteder."))

    panels = ["plan", "title", "description", "url"]
    api_fields = ["plan", "title", "description", "url"]

    class Meta(Orderable.Meta):
        verbose_name = _("relatert plan")
        verbose_name_plural = _("relaterte planer")

    def __str__(self):
        return " – ".join(filter(None, [self.display_title, self.description, self.url]))

    @property
    def display_title(self):
        return self.title or (self.plan.title if self.plan_id else "")

    def clean(self):
        super().clean()
        if not self.plan_id and not self.title:
            raise ValidationError(
                {"plan": _("Velg en plan på nettstedet eller skriv tittelen på en annen plan.")}
            )
        if self.plan_id and self.plan_id == self.page_id:
            raise ValidationError({"plan": _("En plan kan ikke være relatert til seg selv.")})


class PlanAttachment(Orderable):
    page = ParentalKey(PlanPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("dokument"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("tittel"), max_length=255, blank=True, help_text=_("Tom: dokumentets tittel.")
    )

    panels = ["document", "title"]
    api_fields = ["document", "title"]

    class Meta(Orderable.Meta):
        verbose_name = _("vedlegg")
        verbose_name_plural = _("vedlegg")

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        return self.title or self.document.title

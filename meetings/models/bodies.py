"""Political bodies (council, committees, forums, external organisers) and their index."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Min, OuterRef, Subquery
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from cms.cache import cached_fragment
from cms.models import BasePage, lazy_context, routed_child
from cms.panels import document_tabs
from cms.params import InvalidParameter, parse_year

from .cases import CasePage
from .choices import BodyKind, CaseStatus, MemberRole
from .meetings import MeetingPage
from .minutes import FollowUp

BODY_LIST_SIZE = 20
MEETINGS_PER_PAGE = 10
CASES_PER_PAGE = 20
MEMBERS_PER_PAGE = 30
FOLLOW_UPS_PER_PAGE = 10


def paginate(request, items, param, per_page):
    """A Paginator page for `items`, read from the query parameter `param`."""
    return Paginator(items, per_page).get_page(request.GET.get(param))


class BodyIndexPage(BasePage):
    """/politikk/: every body of the municipality and the external organisers."""

    intro = RichTextField(_("ingress"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*BasePage.content_panels, "intro"]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    api_fields = ["intro"]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["meetings.BodyPage"]

    class Meta:
        verbose_name = _("oversikt over organer")
        verbose_name_plural = _("oversikter over organer")

    def bodies(self):
        """The live bodies with their next meeting date, in one query."""
        next_meeting = (
            MeetingPage.objects.live()
            .public()
            .upcoming()
            .filter(body_page_id=OuterRef("pk"))
            .order_by()
            .values("body_page_id")
            .annotate(first=Min("date"))
            .values("first")
        )
        return (
            BodyPage.objects.child_of(self)
            .live()
            .public()
            .annotate(next_meeting_date=Subquery(next_meeting))
            .order_by("kind", "title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            lazy_context(bodies=lambda: paginate(request, self.bodies(), "side", BODY_LIST_SIZE))
        )
        return context


class BodyPage(BasePage):
    """A body: its mandate, members, meetings (/moter/<dato>/) and cases (/saker/<år>-<nr>/)."""

    kind = models.CharField(
        _("type organ"), max_length=20, choices=BodyKind.choices, default=BodyKind.COMMITTEE
    )
    short_name = models.CharField(
        _("kortnavn"), max_length=40, blank=True, help_text=_("For eksempel «DK» eller «KST».")
    )
    parent_organisation = models.CharField(
        _("hører til"),
        max_length=255,
        blank=True,
        help_text=_("Organisasjonen organet hører til, for eksempel «Kongsbergregionen»."),
    )
    mandate = RichTextField(
        _("mandat"), blank=True, features=["bold", "italic", "ol", "ul", "link"]
    )
    contact = models.ForeignKey(
        "meetings.Person",
        verbose_name=_("kontaktperson"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(["kind", "short_name", "parent_organisation"], heading=_("Organ")),
        "mandate",
        "contact",
    ]
    member_panels = [InlinePanel("members", heading=_("Medlemmer"), label=_("Medlem"))]
    edit_handler = document_tabs(
        BasePage,
        (_("Organ"), content_panels),
        (_("Medlemmer"), member_panels),
    )
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("short_name"),
        index.SearchField("mandate"),
    ]
    api_fields = [
        "kind",
        "short_name",
        "parent_organisation",
        "mandate",
        APIField("contact", serializer=serializers.StringRelatedField()),
        "members",
    ]
    parent_page_types = ["meetings.BodyIndexPage"]
    subpage_types = ["meetings.MeetingPage", "meetings.CasePage"]

    class Meta:
        verbose_name = _("organ")
        verbose_name_plural = _("organer")

    def route(self, request, path_components):
        """Meetings and cases live under a segment of the body: moter/<slug>/, saker/<slug>/."""
        if not path_components:
            return super().route(request, path_components)
        models_by_segment = {
            model.url_segment: model
            for model in self.allowed_subpage_models()
            if getattr(model, "url_segment", "")
        }
        model = models_by_segment.get(path_components[0])
        if model is None or len(path_components) < 2:
            raise Http404
        child = routed_child(self, path_components[1], model)
        if child is None:
            raise Http404
        # As Wagtail's own routing does: the parent (and here the body) is already loaded.
        child._cached_parent_obj = self
        if child.body_page_id == self.pk:
            child.body_page = self
        return child.route(request, path_components[2:])

    def upcoming_meetings(self):
        return MeetingPage.objects.live().public().of_body(self).upcoming()

    def past_meetings(self):
        return MeetingPage.objects.live().public().of_body(self).past()

    def cases(self):
        return (
            CasePage.objects.live()
            .public()
            .of_body(self)
            .select_related("case_officer")
            .order_by("-case_year", "-case_number")
        )

    def open_follow_ups(self):
        """The open follow-ups (a list). Finding them checks every follow-up against its
        item's exemption (about 100 ms on SQLite at 10,000 cases), so the list is kept per
        content generation (cms.cache) and paginated from there."""
        return cached_fragment(
            f"body_open_follow_ups:{self.pk}", lambda: list(FollowUp.objects.open_in(self))
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        cases = self.cases()
        year, status = request.GET.get("ar", ""), request.GET.get("status", "")
        year_error = None
        try:
            year_number = parse_year(year)
        except InvalidParameter as error:
            year, year_number, year_error = "", None, error.message
        if year_number is not None:
            cases = cases.filter(case_year=year_number)
        if status in CaseStatus.values:
            cases = cases.filter(status=status)
        context.update(
            lazy_context(
                upcoming=lambda: paginate(
                    request, self.upcoming_meetings(), "kommende", MEETINGS_PER_PAGE
                ),
                past=lambda: paginate(
                    request, self.past_meetings(), "tidligere", MEETINGS_PER_PAGE
                ),
                cases=lambda: paginate(request, cases, "saker", CASES_PER_PAGE),
                case_years=self.case_years,
                members=lambda: paginate(
                    request, self.members.select_related("person"), "medlemmer", MEMBERS_PER_PAGE
                ),
                follow_ups=lambda: paginate(
                    request, self.open_follow_ups(), "oppfolging", FOLLOW_UPS_PER_PAGE
                ),
            ),
            case_statuses=CaseStatus.choices,
            selected_year=year,
            year_error=year_error,
            selected_status=status,
        )
        return context

    def case_years(self):
        """The years the body has live cases from, newest first (the case filter's choices)."""
        years = self.cases().order_by("-case_year").values_list("case_year", flat=True)
        return [year for year in years.distinct() if year]


class BodyMember(Orderable):
    page = ParentalKey(BodyPage, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "meetings.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(
        _("rolle"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    period_from = models.DateField(_("fra"), null=True, blank=True)
    period_to = models.DateField(_("til"), null=True, blank=True)

    panels = ["person", "role", FieldPanel("period_from"), FieldPanel("period_to")]
    api_fields = [
        APIField("person", serializer=serializers.StringRelatedField()),
        "role",
        "period_from",
        "period_to",
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("medlem")
        verbose_name_plural = _("medlemmer")

    def clean(self):
        super().clean()
        if self.period_from and self.period_to and self.period_to < self.period_from:
            raise ValidationError({"period_to": _("Perioden må slutte etter at den begynner.")})

    def as_text(self):
        period = " – ".join(d.strftime("%d.%m.%Y") for d in [self.period_from, self.period_to] if d)
        return ", ".join(
            part for part in [self.person.as_text(), self.get_role_display(), period] if part
        )


class BodyRoles(models.Model):
    """The groups and approval workflow of one body (see meetings.roles), kept by the body's id."""

    body = models.OneToOneField(
        BodyPage, verbose_name=_("organ"), on_delete=models.CASCADE, related_name="roles"
    )
    secretaries = models.ForeignKey(
        "auth.Group", verbose_name=_("sekretærer"), on_delete=models.PROTECT, related_name="+"
    )
    leaders = models.ForeignKey(
        "auth.Group", verbose_name=_("ledere"), on_delete=models.PROTECT, related_name="+"
    )
    workflow = models.ForeignKey(
        "wagtailcore.Workflow",
        verbose_name=_("arbeidsflyt"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    task = models.ForeignKey(
        "wagtailcore.GroupApprovalTask",
        verbose_name=_("godkjenningsoppgave"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("roller i organ")
        verbose_name_plural = _("roller i organer")

    def __str__(self):
        return str(self.body)

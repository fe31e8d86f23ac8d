"""Political bodies (council, committees, forums, external organisers) and their index."""

from django.apps import apps
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Exists, Min, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone
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

from cms.models import BasePage
from cms.text import html_to_text

from .mixins import document_tabs

BODY_LIST_SIZE = 20
MEETINGS_PER_PAGE = 10
CASES_PER_PAGE = 20
MEMBERS_PER_PAGE = 30
FOLLOW_UPS_PER_PAGE = 10


def paginate(request, items, param, per_page):
    """A Paginator page for `items`, read from the query parameter `param`."""
    page = Paginator(items, per_page).get_page(request.GET.get(param))
    page.param = param
    return page


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
        from .meetings import MeetingPage

        today = timezone.localdate()
        next_meeting = (
            MeetingPage.objects.live()
            .public()
            .filter(body_page_id=OuterRef("pk"), date__gte=today)
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

    def public_diff_fields(self):
        return [(str(_("Ingress")), html_to_text(self.intro))]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["bodies"] = paginate(request, self.bodies(), "side", BODY_LIST_SIZE)
        return context


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

    # Children live under a path segment: /politikk/<organ>/moter/<slug>/ and .../saker/<slug>/.
    CHILD_SEGMENTS = {"moter": "meetings.MeetingPage", "saker": "meetings.CasePage"}

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        model_label = self.CHILD_SEGMENTS.get(path_components[0])
        if model_label is None or len(path_components) < 2:
            raise Http404
        model = apps.get_model(model_label)
        child = model.objects.child_of(self).filter(slug=path_components[1]).first()
        if child is None:
            raise Http404
        return child.route(request, path_components[2:])

    def upcoming_meetings(self):
        from .meetings import MeetingPage

        return (
            MeetingPage.objects.live()
            .public()
            .filter(body_page_id=self.pk, date__gte=timezone.localdate())
            .order_by("date", "start_time")
        )

    def past_meetings(self):
        from .meetings import MeetingPage

        return (
            MeetingPage.objects.live()
            .public()
            .filter(body_page_id=self.pk, date__lt=timezone.localdate())
            .order_by("-date", "-start_time")
        )

    def cases(self):
        from .cases import CasePage

        return (
            CasePage.objects.live()
            .public()
            .filter(body_page_id=self.pk)
            .select_related("case_officer")
            .order_by("-case_year", "-case_number")
        )

    def open_follow_ups(self):
        from .minutes import FollowUp, FollowUpStatus, MinutesItem, MinutesPage

        public_minutes = MinutesPage.objects.live().public().descendant_of(self)
        # A follow-up from an exempt item (or an item on an exempt case) is not public.
        exempt_item = MinutesItem.objects.filter(
            Q(exempt=True) | Q(case__exempt=True),
            page_id=OuterRef("page_id"),
            number=OuterRef("item_number"),
        )
        return (
            FollowUp.objects.filter(
                page__in=public_minutes.values("pk"), status=FollowUpStatus.OPEN
            )
            .exclude(Exists(exempt_item))
            .select_related("page", "responsible")
            .order_by("deadline", "pk")
        )

    def public_diff_fields(self):
        members = "\n".join(member.as_text() for member in self.members.all())
        return [
            (str(_("Type organ")), self.get_kind_display()),
            (str(_("Kortnavn")), self.short_name),
            (str(_("Hører til")), self.parent_organisation),
            (str(_("Mandat")), html_to_text(self.mandate)),
            (str(_("Kontaktperson")), self.contact.as_text() if self.contact else ""),
            (str(_("Medlemmer")), members),
        ]

    def get_context(self, request, *args, **kwargs):
        from .cases import CaseStatus

        context = super().get_context(request, *args, **kwargs)
        cases = self.cases()
        years = list(cases.order_by("-case_year").values_list("case_year", flat=True).distinct())
        year, status = request.GET.get("ar", ""), request.GET.get("status", "")
        if year.isdigit():
            cases = cases.filter(case_year=int(year))
        if status in CaseStatus.values:
            cases = cases.filter(status=status)
        context.update(
            upcoming=paginate(request, self.upcoming_meetings(), "kommende", MEETINGS_PER_PAGE),
            past=paginate(request, self.past_meetings(), "tidligere", MEETINGS_PER_PAGE),
            cases=paginate(request, cases, "saker", CASES_PER_PAGE),
            case_years=[y for y in years if y],
            case_statuses=CaseStatus.choices,
            selected_year=year,
            selected_status=status,
            members=paginate(
                request, self.members.select_related("person"), "medlemmer", MEMBERS_PER_PAGE
            ),
            follow_ups=paginate(request, self.open_follow_ups(), "oppfolging", FOLLOW_UPS_PER_PAGE),
        )
        return context


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
        from django.core.exceptions import ValidationError

        super().clean()
        if self.period_from and self.period_to and self.period_to < self.period_from:
            raise ValidationError({"period_to": _("Perioden må slutte etter at den begynner.")})

    def as_text(self):
        period = " – ".join(d.strftime("%d.%m.%Y") for d in [self.period_from, self.period_to] if d)
        return ", ".join(
            part for part in [self.person.as_text(), self.get_role_display(), period] if part
        )

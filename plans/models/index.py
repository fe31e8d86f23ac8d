"""The plan listing at /planer/: filters, the timeline of plan periods and pagination."""

from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField
from wagtail.search import index

from cms.models import BasePage

from ..forms import PlanFilterForm
from ..timeline import build_timeline
from .choices import PlanStatus
from .plan import PlanPage

PLANS_PER_PAGE = 20


class PlanIndexPage(BasePage):
    """All plans below this page, filterable by status, type, owning unit, year and tag."""

    intro = RichTextField(_("ingress"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*BasePage.content_panels, "intro"]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    api_fields = ["intro"]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["plans.PlanPage"]
    # Routing to a page below reads this one from the generation's cache (cms.models).
    cache_when_routing = True

    class Meta:
        verbose_name = _("planoversikt")
        verbose_name_plural = _("planoversikter")

    def __str__(self):
        return self.title

    def plans(self):
        """The live, public plans below this page (not yet filtered)."""
        return PlanPage.objects.live().public().descendant_of(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        plans = self.plans()
        form = PlanFilterForm(request.GET or None, plans=plans)
        matching = (
            form.filter(plans).select_related("replaced_by").order_by("-period_from", "title")
        )
        page_obj = Paginator(matching, PLANS_PER_PAGE).get_page(request.GET.get("side"))
        prefetch_related_objects(page_obj.object_list, "tagged_items__tag")
        context.update(
            filter_form=form,
            is_filtered=form.is_bound and form.has_active_filters(),
            plans=page_obj,
            page_obj=page_obj,
            # The plans of the listed page only: a timeline of every plan grew with their number.
            timeline=build_timeline(page_obj.object_list, timezone.localdate()),
            timeline_legend=PlanStatus.choices,
        )
        return context

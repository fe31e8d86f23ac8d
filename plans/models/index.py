"""The plan listing at /planer/: filters, the timeline of plan periods and pagination."""

from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField
from wagtail.search import index

from cms.cache import cached_fragment
from cms.models import BasePage, lazy_context

from ..forms import PlanFilterForm, filter_choices
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
        # The filter choices and the number of plans scan every plan and are the same for
        # every visitor until the next publish: kept per content generation (cms.cache).
        choices = cached_fragment(f"plan_filter_choices:{self.pk}", lambda: filter_choices(plans))
        form = PlanFilterForm(request.GET or None, choices=choices)
        is_filtered = form.is_bound and form.has_active_filters()
        matching = (
            form.filter(plans)
            .select_related("replaced_by")
            .defer_streamfields()
            .order_by("-period_from", "title")
        )

        def listed():
            paginator = Paginator(matching, PLANS_PER_PAGE)
            if not is_filtered:
                paginator.count = cached_fragment(f"plan_count:{self.pk}", plans.count)
            page_obj = paginator.get_page(request.GET.get("side"))
            prefetch_related_objects(page_obj.object_list, "tagged_items__tag")
            return page_obj

        page_obj = SimpleLazyObject(listed)
        context.update(
            lazy_context(
                # The plans of the listed page only: a timeline of every plan grew with their
                # number.
                timeline_html=lambda: self.timeline_html(request, page_obj.object_list),
            ),
            filter_form=form,
            is_filtered=is_filtered,
            plans=page_obj,
            page_obj=page_obj,
        )
        return context

    def timeline_html(self, request, plans):
        """The rendered timeline of `plans` (a page of the list), '' without plans.

        The same plans give the same picture until the next publish, so the markup is kept
        per content generation, day and language.
        """
        plans = list(plans)
        today = timezone.localdate()
        key = f"plan_timeline:{get_language()}:{today}:{','.join(str(p.pk) for p in plans)}"

        def render():
            timeline = build_timeline(plans, today)
            if timeline is None:
                return ""
            return render_to_string(
                "plans/components/timeline.html",
                {"timeline": timeline, "timeline_legend": PlanStatus.choices, "page": self},
                request=request,
            )

        return cached_fragment(key, render)

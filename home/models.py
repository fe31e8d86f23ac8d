from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from cms.cache import cached_fragment
from cms.models import BasePage, lazy_context
from cms.tags import tags_in_use

from .blocks import StandardBodyBlock

# What the home page lists: (model, heading, empty-state text). Documents newest first;
# meetings by meeting date, the next ones first (see HomePage.latest_lists).
LATEST_LISTS = [
    ("plans.PlanPage", _("Nyeste planer"), _("Ingen planer er publisert ennå.")),
    ("meetings.CasePage", _("Nyeste saker"), _("Ingen saker er publisert ennå.")),
    ("meetings.MeetingPage", _("Kommende møter"), _("Ingen kommende møter er publisert.")),
    ("meetings.MinutesPage", _("Nyeste referater"), _("Ingen referater er publisert ennå.")),
]
LATEST_COUNT = 5
# What a list item needs: its title, date and address (pageurl: url_path and the locale).
LATEST_FIELDS = ["title", "first_published_at", "url_path", "path", "depth", "locale_id"]
POPULAR_TAG_COUNT = 12


class HomePage(BasePage):
    intro = RichTextField(
        _("ingress"), blank=True, features=["bold", "italic", "link"], help_text=_("Vises øverst.")
    )

    content_panels = [*BasePage.content_panels, "intro"]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    api_fields = ["intro"]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["home.StandardPage", "plans.PlanIndexPage", "meetings.BodyIndexPage"]

    class Meta:
        verbose_name = _("forside")
        verbose_name_plural = _("forsider")

    def latest_lists(self):
        """The home page's lists of the newest documents and the next meetings.

        The same for every visitor until something is published, and each list sorts a
        whole page type, so the pages are kept per content generation (and day: the coming
        meetings change at midnight), loaded with only the fields the list shows.
        """
        today = timezone.localdate()
        pages = cached_fragment(
            f"home_latest:{self.pk}:{today}", lambda: self.load_latest_pages(today)
        )
        return [
            {"heading": heading, "empty_text": empty_text, "pages": found}
            for (_label, heading, empty_text), found in zip(LATEST_LISTS, pages, strict=True)
        ]

    def load_latest_pages(self, today):
        # Looked up by label: plans and meetings build on home, not the other way round.
        lists = []
        for label, _heading, _empty_text in LATEST_LISTS:
            pages = apps.get_model(label).objects.live().public().only(*LATEST_FIELDS)
            if label == "meetings.MeetingPage":
                pages = pages.filter(date__gte=today).order_by("date", "start_time")
            else:
                pages = pages.order_by("-first_published_at")
            lists.append(list(pages[:LATEST_COUNT]))
        return lists

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            lazy_context(
                latest_lists=self.latest_lists,
                popular_tags=lambda: tags_in_use(limit=POPULAR_TAG_COUNT),
            )
        )
        return context


class StandardPage(BasePage):
    """A generic page, e.g. "Om nettstedet" or the accessibility statement."""

    intro = RichTextField(_("ingress"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(StandardBodyBlock(), blank=True, verbose_name=_("innhold"))

    content_panels = [*BasePage.content_panels, "intro", "body"]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    api_fields = ["intro", "body"]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standardside")
        verbose_name_plural = _("standardsider")

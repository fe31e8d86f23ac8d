"""What every app shares: site settings, the shared tag vocabulary and the page base classes."""

from django.conf import settings
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page, PageManager, PageViewRestriction, Site
from wagtail.search import index

from .cache import cached_fragment, key_digest
from .diff import compare_fields
from .forms import DocumentPageForm
from .indexing import index_after_commit
from .lookups import PublicPageQuerySet, view_restriction_ids
from .versions import (
    ChangeKind,
    find_version,
    from_serializable_data_in_bulk,
    published_versions,
)


def diff_fields_with_title(page):
    """The page's public diff fields, with the title first when the type leaves it out."""
    fields = list(page.public_diff_fields())
    title_label = str(_("Tittel"))
    if not any(str(label).lower() == title_label.lower() for label, _text in fields):
        fields.insert(0, (title_label, page.title))
    return fields


class LastChangePanel(FieldPanel):
    """The read-only date of the last substantive change, «Ikke publisert ennå» when empty."""

    def format_value_for_display(self, value):
        if value is None:
            return _("Ikke publisert ennå")
        return super().format_value_for_display(value)


class ChiefExecutiveTitle(models.TextChoices):
    """What the municipality calls its chief executive, as used in a case's proposal heading."""

    RADMANN = "radmann", _("Rådmannen")
    KOMMUNEDIREKTOR = "kommunedirektor", _("Kommunedirektøren")


# What a link to a page needs (`{% pageurl %}` and its text), for `.only()` on listings of
# related pages that show nothing else of them.
LINK_FIELDS = ("title", "url_path")
PROPOSAL_HEADINGS = {
    ChiefExecutiveTitle.RADMANN: _("Rådmannens forslag til innstilling"),
    ChiefExecutiveTitle.KOMMUNEDIREKTOR: _("Kommunedirektørens forslag til innstilling"),
}


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """The municipality's identity and contact details, shown in every page's footer."""

    municipality_name = models.CharField(_("kommunenavn"), max_length=100, default="Rådhus")
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    visiting_address = models.CharField(_("besøksadresse"), max_length=255, blank=True)
    postal_address = models.CharField(_("postadresse"), max_length=255, blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    organisation_number = models.CharField(
        _("organisasjonsnummer"),
        max_length=20,
        blank=True,
        help_text=_("Ni siffer, for eksempel «938 587 051»."),
    )
    opening_hours = models.CharField(
        _("åpningstid"),
        max_length=255,
        blank=True,
        help_text=_("For eksempel «Man–fre 09:00–15:00»."),
    )
    about_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("side om nettstedet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("tilgjengelighetserklæring"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    chief_executive_title = models.CharField(
        _("tittel på administrasjonssjefen"),
        max_length=20,
        choices=ChiefExecutiveTitle.choices,
        default=ChiefExecutiveTitle.KOMMUNEDIREKTOR,
        help_text=_(
            "Brukes i overskriften «… forslag til innstilling» i nye saker; hver sak kan endre den."
        ),
    )

    panels = [
        FieldPanel("municipality_name"),
        FieldPanel("chief_executive_title"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [
                "visiting_address",
                "postal_address",
                "phone",
                "email",
                "organisation_number",
                "opening_hours",
            ],
            heading=_("Kontaktinformasjon"),
        ),
        MultiFieldPanel(["about_page", "accessibility_page"], heading=_("Lenker i bunnteksten")),
    ]

    select_related = ["logo"]

    class Meta:
        verbose_name = _("nettstedsinnstillinger")
        verbose_name_plural = _("nettstedsinnstillinger")

    def __str__(self):
        return self.municipality_name

    @classmethod
    def for_request(cls, request):
        """The public pages' settings, cached per site and content generation; the defaults,
        unsaved, while a site has none (a page view writes nothing; the admin's edit view
        creates them through `for_site`)."""
        attr_name = cls.get_cache_attr_name()
        site = Site.find_for_request(request)
        if not hasattr(request, attr_name) and site is not None:
            instance = cached_fragment(
                f"site-settings:{site.pk}",
                lambda: cls.base_queryset().filter(site=site).first() or cls(site=site),
            )
            instance._request = request
            setattr(request, attr_name, instance)
        return super().for_request(request)


class PageTag(TaggedItemBase):
    """One tag vocabulary for every page type: the through model points at Page itself."""

    content_object = ParentalKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("emneknagg på side")
        verbose_name_plural = _("emneknagger på sider")


def child_by_slug(model, parent, slug):
    """The child `slug` of `parent` as a `model`, or None. Slugs are unique among siblings, so
    the query has no ORDER BY (Django's compiler spends a while on one over a wide row)."""
    return next(iter(model.objects.child_of(parent).filter(slug=slug).order_by()[:1]), None)


def routed_child(parent, slug, model=None):
    """The child `slug` of `parent` in its specific type, or None, as routing reads it.

    Kept under the content generation (a fresh copy on every call), so a running site routes
    to a page without compiling and running a query per level: the same rows for every visitor
    until the next change, which replaces the generation. A miss is not kept (a crawler's
    made-up addresses fill nothing). With `model` (the slug tells the type) one query in that
    type, otherwise one for the child's type and one for its specific row.
    """

    def load():
        if model is not None:
            return child_by_slug(model, parent, slug)
        child = Page.objects.child_of(parent).filter(slug=slug).order_by().first()
        return child.specific if child is not None else None

    label = model._meta.label_lower if model is not None else "page"
    return cached_fragment(f"route:{parent.pk}:{label}:{key_digest(slug)}", load)


def lazy_context(**builders):
    """Context values computed when a template first reads them, at most once: a part of the
    page served from `{% page_fragment %}` then runs none of its queries."""
    return {name: SimpleLazyObject(build) for name, build in builders.items()}


class BasePage(Page):
    """A page rendered in its own language (bokmål or nynorsk), which sets `<html lang>`."""

    language = models.CharField(
        _("språk"),
        max_length=2,
        choices=settings.LANGUAGES,
        default="nb",
        help_text=_("Språket siden er skrevet på. Styrer også språket i sidens faste tekster."),
    )

    promote_panels = [*Page.promote_panels, FieldPanel("language")]
    # Indexed after the transaction commits, with its child rows (cms.indexing).
    search_auto_update = False

    # `.public()` reads the restricted sections from the cache (cms.lookups).
    objects = PageManager.from_queryset(PublicPageQuerySet)()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        # Search text and document references follow the saved child rows too.
        index_after_commit(self)
        return result

    def route(self, request, path_components):
        """Wagtail's routing, with each child read from the content generation's cache
        (`routed_child`), in its specific type in one query when the slug tells the type: the
        only type allowed below this page, or a type with a fixed slug (`fixed_slug`, e.g. a
        meeting's `innkalling/`)."""
        if not path_components:
            return super().route(request, path_components)
        slug = path_components[0]
        child = routed_child(self, slug, self.child_model_for_slug(slug))
        if child is None:
            raise Http404
        child._cached_parent_obj = self
        return child.route(request, path_components[1:])

    @classmethod
    def child_model_for_slug(cls, slug):
        models = cls.allowed_subpage_models()
        if len(models) == 1:
            return models[0]
        fixed = [model for model in models if getattr(model, "fixed_slug", "") == slug]
        return fixed[0] if len(fixed) == 1 else None

    def get_view_restrictions(self):
        """Wagtail's restrictions on this page and its ancestors, found in the cached list of
        restricted sections: no query for a public page (Wagtail checks it on every serve)."""
        ids = view_restriction_ids(self)
        if ids is None:
            return super().get_view_restrictions()
        if not ids:
            # Already evaluated: iterating an empty `.none()` still compiles its SQL.
            restrictions = PageViewRestriction.objects.none()
            restrictions._result_cache = []
            return restrictions
        return PageViewRestriction.objects.filter(pk__in=ids)

    def search_excerpt_sources(self):
        """(attachment title or "", public text) pairs the search shows an excerpt from."""
        return [("", self.search_description)]

    def search_reference(self):
        """A short reference shown with the page in search results (a case number)."""
        return ""

    @cached_property
    def public_ancestors(self):
        """The live ancestors below the tree root, home first, kept on the page for the
        breadcrumb trail and its JSON-LD twin: the parents routing has already loaded (Wagtail
        keeps each on its child as `_cached_parent_obj`), else one query."""
        chain, page = [], self
        while page.depth > 2:
            page = page.__dict__.get("_cached_parent_obj")
            if page is None:
                return list(self.get_ancestors().filter(depth__gt=1).live())
            chain.append(page)
        return [page for page in reversed(chain) if page.live]

    def render_in_language(self, respond, *args, **kwargs):
        """Call `respond` and render its response in the page's language.

        Rendering happens inside the override: a TemplateResponse is otherwise rendered
        later, after the language has been switched back.
        """
        with translation.override(self.language):
            response = respond(*args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
        return response

    def serve(self, request, *args, **kwargs):
        return self.render_in_language(super().serve, request, *args, **kwargs)


class DocumentPage(RoutablePageMixin, BasePage):
    """A published document (plan, case, meeting, invitation, minutes): tags and version dates.

    Every document has a public version history under `<page url>versjoner/`, read from the
    revisions Wagtail keeps (see cms.versions): the list of published versions, each version as
    it was published, and a word diff of each version against the one before it.
    """

    tags = ClusterTaggableManager(
        through=PageTag,
        blank=True,
        verbose_name=_("emneknagger"),
        help_text=_("Felles emneknagger for alle dokumenttyper. Skill med komma."),
    )
    last_substantive_change_at = models.DateTimeField(
        _("siste faglige endring"),
        null=True,
        blank=True,
        help_text=_(
            "Settes automatisk når en faglig endring publiseres; rettelser endrer den ikke."
        ),
    )

    # Stored in each revision, so every published version carries its own note and kind.
    change_note = models.CharField(
        _("endringsnotat"),
        max_length=255,
        blank=True,
        help_text=_("Hva er endret i denne versjonen? Vises i den offentlige versjonshistorikken."),
    )
    change_kind = models.CharField(
        _("type endring"),
        max_length=12,
        choices=ChangeKind.choices,
        default=ChangeKind.SUBSTANTIVE,
        help_text=_(
            "En rettelse (skrivefeil, lenker) flytter ikke datoen for siste faglige endring."
        ),
    )

    promote_panels = [
        *BasePage.promote_panels,
        MultiFieldPanel(["tags"], heading=_("Dokument")),
    ]
    # Shown at the end of the first tab of every document type (see cms.panels.document_tabs).
    publishing_panels = [
        MultiFieldPanel(
            [
                FieldPanel("change_kind"),
                FieldPanel("change_note"),
                LastChangePanel("last_substantive_change_at", read_only=True),
            ],
            heading=_("Publisering av denne versjonen"),
            help_text=_(
                "Fylles ut før du publiserer eller sender til godkjenning. Notatet og typen "
                "endring lagres med versjonen og vises i den offentlige versjonshistorikken."
            ),
        )
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("public_attachment_text"),
    ]
    base_form_class = DocumentPageForm
    # A copy is a new document: its version history starts afresh.
    exclude_fields_in_copy = ["last_substantive_change_at", "change_note", "change_kind"]

    class Meta:
        abstract = True

    @classmethod
    def from_serializable_data(cls, data, check_fks=True, strict_fks=False):
        """A revision turned back into a page, its foreign keys checked in bulk (cms.versions):
        one query per model they point to instead of one per key, whatever the number of rows.
        """
        if not check_fks:
            return super().from_serializable_data(data, check_fks=False, strict_fks=strict_fks)
        return from_serializable_data_in_bulk(
            super().from_serializable_data, data, strict_fks=strict_fks
        )

    @property
    def substantive_change_at(self):
        """The date citizens see as "Siste faglige endring"."""
        return self.last_substantive_change_at or self.first_published_at

    def public_diff_fields(self):
        """(label, plain text) of the public fields, compared between versions (after the title).

        Every document type lists its public, non-exempt fields here in reading order. Nothing
        is listed by default, so a new type never publishes a field by accident.
        """
        return []

    def public_attachments(self):
        """(title, Wagtail document) of the attachments the public may read; none by default.

        Types with attachments list them here, leaving out exempt ones, so that search indexes
        the text of public attachments only.
        """
        return []

    def public_attachment_texts(self):
        """(title, extracted text) of the public attachments."""
        from .documents import document_text

        return [(title, document_text(document)) for title, document in self.public_attachments()]

    def public_attachment_text(self):
        """The text of the public attachments, for the search index."""
        return "\n".join(text for _title, text in self.public_attachment_texts())

    def search_excerpt_sources(self):
        return [
            *(("", text) for _label, text in self.public_diff_fields()),
            *self.public_attachment_texts(),
        ]

    def redact_like(self, current):
        """Apply the current page's access restrictions to this old version; default: nothing.

        Called on every old version the public history shows (the version itself and both
        sides of a diff), so content restricted since it was published stays hidden.
        """

    # Serving --------------------------------------------------------------------------------

    def serve(self, request, view=None, args=None, kwargs=None):
        # RoutablePageMixin's serve() takes the route's view; every route renders in language.
        return self.render_in_language(super().serve, request, view, args, kwargs)

    def serve_preview(self, request, mode_name):
        return self.render_in_language(super().serve_preview, request, mode_name)

    def _history_response(self, request, template, context):
        context = {"page": self, "self": self, "request": request, **context}
        response = TemplateResponse(request, template, context)
        response["X-Robots-Tag"] = "noindex"
        return response

    def _published_version(self, revision_id):
        versions = published_versions(self)
        version = find_version(versions, revision_id)
        if version is None:
            raise Http404(gettext("Denne versjonen finnes ikke eller er ikke publisert."))
        return versions, version

    @path("versjoner/", name="version_list")
    def version_list(self, request):
        versions = published_versions(self)
        return self._history_response(
            request,
            "cms/version_list.html",
            {"versions": list(reversed(versions)), "page_title": gettext("Tidligere versjoner")},
        )

    @path("versjoner/<int:revision_id>/", name="version_detail")
    def version_detail(self, request, revision_id):
        versions, version = self._published_version(revision_id)
        if version.is_current:
            return redirect(self.get_url(request))
        old = version.page
        old.redact_like(self)
        context = old.get_context(request)
        context.update(
            {"old_version": version, "current_page": self, "version_count": len(versions)}
        )
        response = old.render_in_language(
            TemplateResponse, request, old.get_template(request), context
        )
        response["X-Robots-Tag"] = "noindex"
        return response

    @path("versjoner/<int:revision_id>/endringer/", name="version_diff")
    def version_diff(self, request, revision_id):
        _versions, version = self._published_version(revision_id)
        fields = []
        if version.previous is not None:
            version.previous.page.redact_like(self)
            version.page.redact_like(self)
            fields = compare_fields(
                diff_fields_with_title(version.previous.page),
                diff_fields_with_title(version.page),
            )
        return self._history_response(
            request,
            "cms/version_diff.html",
            {
                "version": version,
                "field_diffs": fields,
                "changed_fields": [field for field in fields if field.changed],
                "unchanged_fields": [field for field in fields if not field.changed],
                "page_title": gettext("Endringer i versjon %(number)s")
                % {"number": version.number},
            },
        )

    def history_url(self):
        return self.url + self.reverse_subpage("version_list")

    def version_url(self, version):
        return self.url + self.reverse_subpage(
            "version_detail", kwargs={"revision_id": version.revision_id}
        )

    def version_diff_url(self, version):
        return self.url + self.reverse_subpage(
            "version_diff", kwargs={"revision_id": version.revision_id}
        )


class DocumentText(models.Model):
    """The plain text of an uploaded document (PDF), extracted once so that search can index it.

    Kept apart from the document: a page decides whether its attachment is public and only then
    puts this text into its own search entry (see `cms.search.attachment_texts`).
    """

    document = models.OneToOneField(
        "wagtaildocs.Document",
        verbose_name=_("dokument"),
        on_delete=models.CASCADE,
        related_name="extracted_text",
    )
    text = models.TextField(_("tekst"), blank=True)
    # The stored file the text was read from: a replaced file is read again.
    file_name = models.CharField(_("filnavn"), max_length=255, blank=True)
    extracted_at = models.DateTimeField(_("lest"), auto_now=True)

    class Meta:
        verbose_name = _("tekst fra dokument")
        verbose_name_plural = _("tekster fra dokumenter")

    def __str__(self):
        return str(self.document)

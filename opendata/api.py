"""Wagtail API v2 at /api/v2/ (pages, images, documents), read-only, with the exemption rule.

Each page type lists its public fields in `api_fields`. Before a page is serialised, its
exempt rows are replaced in memory (never saved) by copies that carry only the public title,
number and legal basis, rows and links the public may not see are dropped, and an exempt case
keeps only its title, number, flow and basis. Filtering and ordering are limited to fields
that are public for every page, so no query can probe exempt text.
"""

from django.db import DatabaseError, models, transaction
from django.utils.translation import gettext as _
from modelcluster.fields import ParentalKey
from modelcluster.models import get_all_child_relations
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page

from meetings.models import CaseAttachment, CasePage, MinutesPage
from meetings.models.mixins import ExemptMixin
from plans.models import PlanAttachment, PlanPage

from .exemption import exempt_basis, is_exempt, public_title, without_exempt

# Row fields an exempt row keeps; every other field is emptied in the copy the API shows.
EXEMPT_ROW_KEEPS = {"id", "page", "sort_order", "number", "kind", "exempt"}
# What the public sees of an exempt case (see CasePage.public_diff_fields).
EXEMPT_CASE_KEYS = {
    "id",
    "meta",
    "title",
    "case_year",
    "case_number",
    "exempt",
    "exempt_basis",
    "flow_steps",
}
# Fields that may be used in ?field=value filters and ?order=: public on every page.
FILTERABLE_FIELDS = {
    "id",
    "title",
    "slug",
    "first_published_at",
    "show_in_menus",
    "language",
    "date",
    "case_year",
    "case_number",
    "kind",
    "plan_type",
    "period_from",
    "period_to",
}


def empty_value(field):
    if field.null or field.is_relation:
        return None
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, (models.CharField, models.TextField)):
        return ""
    return field.get_default()


def public_copy(row):
    """`row` as the public may see it when exempt: title, number and legal basis only."""
    title, basis = public_title(row), exempt_basis(row)
    for field in row._meta.concrete_fields:
        if field.primary_key or field.name in EXEMPT_ROW_KEEPS:
            continue
        setattr(row, field.attname, empty_value(field))
    if hasattr(row, "title"):
        row.title = title
    row.public_title = title
    row.exempt = True
    row.exempt_basis = basis
    return row


def page_fields(model):
    """The foreign keys of `model` to pages, other than a row's own parental key."""
    return [
        field
        for field in model._meta.concrete_fields
        if field.is_relation
        and issubclass(field.related_model, Page)
        and not isinstance(field, ParentalKey)
    ]


def page_links(objects):
    for obj in objects:
        for field in page_fields(type(obj)):
            yield obj, field


def drop_private_links(objects):
    """Unlink pages that are not live and public (their titles must not show)."""
    links = [(obj, field) for obj, field in page_links(objects) if getattr(obj, field.attname)]
    ids = {getattr(obj, field.attname) for obj, field in links}
    if not ids:
        return
    public = set(Page.objects.live().public().filter(pk__in=ids).values_list("pk", flat=True))
    for obj, field in links:
        if getattr(obj, field.attname) not in public:
            setattr(obj, field.attname, None)


def redact_for_public(page):
    """Make `page` (in memory only) show what the public may see of its rows and links."""
    rows = []
    for relation in get_all_child_relations(page):
        model = relation.related_model
        if not (issubclass(model, ExemptMixin) or page_fields(model)):
            continue
        accessor = relation.get_accessor_name()
        children = list(getattr(page, accessor).all())
        for child in children:
            setattr(child, relation.field.name, page)
        if issubclass(model, ExemptMixin):
            if isinstance(page, CasePage) and is_exempt(page):
                children = []  # nothing of an exempt case's attachments is public
            children = [public_copy(c) if is_exempt(c) else c for c in children]
        setattr(page, accessor, children)
        rows.extend(children)
    if isinstance(page, MinutesPage):
        page.follow_ups = page.public_follow_ups()
    if isinstance(page, CasePage) and is_exempt(page):
        for step in rows:
            if hasattr(step, "decision"):
                step.decision = ""
    drop_private_links([page, *rows])
    return page


class PublicPageSerializer(PageSerializer):
    def to_representation(self, instance):
        if type(instance) is not Page:
            redact_for_public(instance)
        data = super().to_representation(instance)
        if isinstance(instance, CasePage) and is_exempt(instance):
            data = {key: value for key, value in data.items() if key in EXEMPT_CASE_KEYS}
            meta = data.get("meta") or {}
            for key in ("seo_title", "search_description"):
                meta.pop(key, None)
        return data


class SafeSearchMixin:
    """Input the database cannot take (a NUL or open quote in a search, an offset beyond the
    database's integers) is a 400 with a clear message, not a 500."""

    def listing_view(self, request):
        try:
            with transaction.atomic():
                return super().listing_view(request)
        except DatabaseError as error:
            if "search" in request.GET:
                message = _("Søket kan ikke tolkes. Fjern spesialtegn og prøv igjen.")
            else:
                message = _("Ugyldig verdi i forespørselen, for eksempel et for stort tall.")
            raise BadRequestError(message) from error


class PublicPagesAPIViewSet(SafeSearchMixin, PagesAPIViewSet):
    base_serializer_class = PublicPageSerializer

    @classmethod
    def get_available_fields(cls, model, db_fields_only=False):
        fields = super().get_available_fields(model, db_fields_only)
        if db_fields_only:
            fields = [field for field in fields if field in FILTERABLE_FIELDS]
        return fields


def public_document_ids():
    """Documents attached to live, public pages and not exempt there (four queries)."""
    cases = CasePage.objects.live().public()
    plans = PlanPage.objects.live().public()
    attachments = without_exempt(CaseAttachment.objects.filter(page__in=cases), "page")
    return (
        set(attachments.values_list("document_id", flat=True))
        | set(PlanAttachment.objects.filter(page__in=plans).values_list("document_id", flat=True))
        | set(plans.exclude(full_document=None).values_list("full_document_id", flat=True))
    )


class PublicImagesAPIViewSet(SafeSearchMixin, ImagesAPIViewSet):
    pass


class PublicDocumentsAPIViewSet(SafeSearchMixin, DocumentsAPIViewSet):
    """Only documents the public may download: attached to a public page, not exempt."""

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=public_document_ids())


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)

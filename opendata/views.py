"""OParl 1.1 endpoints (JSON, read-only, CORS open), robots.txt and the sitemap."""

import datetime
import math
import re
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from cms.site import base_url, serving_site

from . import cache as response_cache
from .models import Tombstone
from .oparl import KINDS, LISTS, Context, body_data, system_data, tombstone_data
from .tombstones import TOMBSTONE_KINDS, live_keys

DATE_FILTERS = {
    "created_since": ("created", "gte"),
    "created_until": ("created", "lte"),
    "modified_since": ("modified", "gte"),
    "modified_until": ("modified", "lte"),
}
PAGE_RE = re.compile(r"^[1-9][0-9]{0,8}$")


class BadRequest(Exception):
    pass


class NotFound(Exception):
    pass


def json_response(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def oparl_view(view):
    """JSON errors instead of HTML ones, CORS, and a short cache keyed by the full URL."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        key = response_cache.response_key(request)
        cached = cache.get(key)
        if cached is not None:
            return json_response(cached)
        try:
            data = view(request, Context(request, serving_site(request)), *args, **kwargs)
        except BadRequest as error:
            return json_response({"error": str(error)}, status=400)
        except NotFound as error:
            return json_response({"error": str(error) or _("Objektet finnes ikke.")}, status=404)
        cache.set(key, data, response_cache.timeout())
        return json_response(data)

    return require_safe(wrapper)


def parse_datetime(name, value):
    try:
        parsed = datetime.datetime.fromisoformat(value.strip())
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None or not 1 < parsed.year < 9999:
        raise BadRequest(
            _(
                "Ugyldig verdi for %(name)s: bruk dato og tid etter ISO 8601 med tidssone, "
                "for eksempel 2024-01-31T12:00:00+01:00."
            )
            % {"name": name}
        )
    return parsed


def date_filters(request):
    """{("created"|"modified", "gte"|"lte"): datetime} from the query string (400 if bad)."""
    found = {}
    for name, target in DATE_FILTERS.items():
        if name in request.GET:
            found[target] = parse_datetime(name, request.GET[name])
    return found


def page_number(request):
    value = request.GET.get("page", "1")
    if not PAGE_RE.match(value):
        raise BadRequest(_("Ugyldig sidenummer: bruk et helt tall fra 1 og oppover."))
    return int(value)


def page_size():
    return getattr(settings, "RADHUS_OPARL_PAGE_SIZE", 20)


def filter_queryset(kind, queryset, filters):
    fields = {"created": kind.created_field, "modified": kind.modified_field}
    for (what, lookup), value in filters.items():
        queryset = queryset.filter(**{f"{fields[what]}__{lookup}": value})
    return queryset


def filter_objects(kind, objects, filters):
    """Filter a list of plain objects by their serialized created/modified (unknown: out)."""
    if not filters:
        return objects
    kept = []
    for obj in objects:
        data = kind.serialize(obj)
        times = {what: data.get(what) for what in ("created", "modified")}
        if all(
            times[what] is not None
            and (
                datetime.datetime.fromisoformat(times[what]) >= value
                if lookup == "gte"
                else datetime.datetime.fromisoformat(times[what]) <= value
            )
            for (what, lookup), value in filters.items()
        ):
            kept.append(obj)
    return kept


def tombstones(kind, filters):
    """Tombstones of `kind`, only for clients that ask what changed since a time."""
    if kind.key not in TOMBSTONE_KINDS or ("modified", "gte") not in filters:
        return Tombstone.objects.none()
    found = Tombstone.objects.filter(
        oparl_type=kind.key, deleted_at__gte=filters[("modified", "gte")]
    ).exclude(key__in=live_keys(kind.queryset()))
    if ("modified", "lte") in filters:
        found = found.filter(deleted_at__lte=filters[("modified", "lte")])
    for (what, lookup), value in filters.items():
        if what == "created":
            found = found.filter(**{f"created__{lookup}": value})
    return found.order_by("deleted_at", "pk")


def list_links(request, current, total_pages):
    def link(number):
        query = request.GET.copy()
        query["page"] = str(number)
        return request.build_absolute_uri(request.path) + "?" + urlencode(query, doseq=True)

    links = {"first": link(1), "last": link(total_pages)}
    if current > 1:
        links["prev"] = link(current - 1)
    if current < total_pages:
        links["next"] = link(current + 1)
    return links


def omit_internal(kind, data, request):
    if "omit_internal" not in request.GET:
        return data
    return {key: value for key, value in data.items() if key not in kind.embedded}


def object_list(request, kind, queryset=None):
    """One page of a list: `data`, `pagination` and `links`, as OParl 1.1 describes."""
    filters = date_filters(request)
    number, size = page_number(request), page_size()
    start = (number - 1) * size
    if hasattr(kind, "all"):
        objects = filter_objects(kind, kind.all(), filters)
        total, graves = len(objects), Tombstone.objects.none()
        page_objects, page_graves = objects[start : start + size], []
    else:
        queryset = filter_queryset(kind, kind.queryset() if queryset is None else queryset, filters)
        graves = tombstones(kind, filters)
        live_total = queryset.count()
        grave_total = graves.count()
        total = live_total + grave_total
        page_objects = (
            list(kind.order(queryset)[start : start + size]) if start < live_total else []
        )
        grave_start = max(0, start - live_total)
        grave_end = max(0, start + size - live_total)
        page_graves = list(graves[grave_start:grave_end]) if grave_end > grave_start else []
    total_pages = max(1, math.ceil(total / size))
    if number > total_pages:
        raise NotFound(_("Siden finnes ikke: listen har %(count)s sider.") % {"count": total_pages})
    kind.prepare(page_objects)
    data = [omit_internal(kind, kind.serialize(obj), request) for obj in page_objects]
    data += [tombstone_data(kind.ctx, grave) for grave in page_graves]
    return {
        "data": data,
        "pagination": {
            "totalElements": total,
            "elementsPerPage": size,
            "currentPage": number,
            "totalPages": total_pages,
        },
        "links": list_links(request, number, total_pages),
    }


def check_body(ctx, pk):
    if pk != ctx.site.pk:
        raise NotFound


@oparl_view
def system(request, ctx):
    return system_data(ctx)


@oparl_view
def body_list(request, ctx):
    page_number(request)
    date_filters(request)
    return {
        "data": [body_data(ctx)],
        "pagination": {
            "totalElements": 1,
            "elementsPerPage": page_size(),
            "currentPage": 1,
            "totalPages": 1,
        },
        "links": list_links(request, 1, 1),
    }


@oparl_view
def body(request, ctx, pk):
    check_body(ctx, pk)
    return body_data(ctx)


@oparl_view
def body_object_list(request, ctx, pk, kind):
    check_body(ctx, pk)
    if kind not in LISTS:
        raise NotFound
    return object_list(request, LISTS[kind](ctx))


@oparl_view
def organization_meetings(request, ctx, pk):
    if pk > 2**63 - 1 or not ctx.bodies().filter(pk=pk).exists():
        raise NotFound
    kind = KINDS["meeting"](ctx)
    return object_list(request, kind, kind.queryset().filter(body_page_id=pk))


@oparl_view
def oparl_object(request, ctx, kind, key):
    if kind not in KINDS:
        raise NotFound
    handler = KINDS[kind](ctx)
    obj = handler.get(key)
    if obj is None:
        grave = None
        if kind in TOMBSTONE_KINDS and len(key) <= 40:
            grave = Tombstone.objects.filter(oparl_type=kind, key=key).first()
        if grave is None:
            raise NotFound
        return tombstone_data(ctx, grave)
    handler.prepare([obj])
    return handler.serialize(obj)


# robots.txt and the sitemap ------------------------------------------------------------


@require_safe
def robots_txt(request):
    """Allow everything but the admin and the old versions; name the sitemap."""
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /*/versjoner/",
        f"Sitemap: {base_url(request)}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
